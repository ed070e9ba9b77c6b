"""The check engine. ``perfxl.check.check(paths, **settings) -> Report`` is the one-call API.

``check`` is resolved lazily so that importing a light module such as ``perfxl.check.findings`` does not load
the engine, the rules and pydantic.
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    if name == "check":
        from perfxl.report.api import check

        return check
    raise AttributeError(name)
