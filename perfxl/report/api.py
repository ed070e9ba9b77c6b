"""The Python entry point: ``check(paths, **settings) -> Report``, the same check as ``perfxl check``.

    >>> from perfxl.report.api import check
    >>> report = check(["石峰区.xlsx"], select=["M"])
    >>> report.flatten(["code", "sheet", "cell"])
    [['M101', '附表1', 'C5']]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path

from perfxl.check.engine import check_paths
from perfxl.check.findings import Report
from perfxl.check.settings import load_settings


def check(
    paths: str | Path | Sequence[str | Path],
    *,
    config: Path | None = None,
    framework: str | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    money_tolerance: Decimal | str | float | None = None,
    satisfaction_min: Decimal | str | float | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> Report:
    """Check one or more files. Settings default as for the CLI (``config`` or ./perfxl.toml, then these
    keywords); an unusable setting raises :class:`~perfxl.check.settings.SettingsError`. A file that cannot be read
    is reported (``FileReport.error``), never raised."""
    settings = load_settings(
        config,
        framework=framework,
        select=tuple(select) if select is not None else None,
        ignore=tuple(ignore) if ignore is not None else None,
        money_tolerance=money_tolerance,
        satisfaction_min=satisfaction_min,
    )
    files = [paths] if isinstance(paths, str | Path) else list(paths)
    return check_paths(files, settings, progress)
