"""Shared pytest configuration. LibreOffice helpers live in tests/office.py."""

from __future__ import annotations

import pytest

from tests.office import require_office


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    # Tests marked @pytest.mark.office need LibreOffice + poppler-utils: skipped locally when missing,
    # failed under CI=true (CI installs them, so a missing office suite must not pass silently).
    # tryfirst: runs before the fixtures (which may already call soffice) are set up.
    if item.get_closest_marker("office") is not None:
        require_office()


@pytest.fixture(autouse=True)
def _private_cache_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """`perfxl consolidate` keeps a result cache in the user's cache folder; tests never touch the real one."""
    folder = tmp_path_factory.mktemp("user-cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    monkeypatch.setenv("LOCALAPPDATA", str(folder))
