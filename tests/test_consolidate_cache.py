"""汇总 run again: files unchanged since the last run come from the result cache, and nothing else does."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from perfxl.check.settings import Settings
from perfxl.cli import main
from perfxl.consolidate import Status, consolidate
from perfxl.consolidate.cache import prune
from tests.helpers import edit_cells
from tests.test_consolidate import make_batch, sheet

SHEETS = ("汇总", "专项资金", "指标明细", "问题清单", "来源")


def entries(cache: Path) -> list[Path]:
    return sorted(p for p in cache.glob("??/*") if p.name.endswith(".result"))


@pytest.mark.parametrize("workers", [1, 2])
def test_a_second_run_reuses_every_unchanged_file_and_writes_the_same_summary(tmp_path: Path, workers: int) -> None:
    files = make_batch(tmp_path / "in")
    cache = tmp_path / "cache"
    first = consolidate([tmp_path / "in"], tmp_path / "1.xlsx", workers=workers, cache=cache)
    read = [s for s in first.sources if s.status != Status.SKIPPED]
    assert first.reused == 0
    assert len(entries(cache)) == len(read) == 8
    second = consolidate([tmp_path / "in"], tmp_path / "2.xlsx", workers=workers, cache=cache)
    assert second.reused == len(read)
    assert [(s.path, s.status, s.reason, s.unit, s.sha256, s.mtime) for s in second.sources] == [
        (s.path, s.status, s.reason, s.unit, s.sha256, s.mtime) for s in first.sources
    ]
    for name in SHEETS:
        assert sheet(tmp_path / "2.xlsx", name) == sheet(tmp_path / "1.xlsx", name), name
    assert files["hengdong"].exists()


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    files = make_batch(tmp_path / "in")
    cache = tmp_path / "cache"
    consolidate([tmp_path / "in"], tmp_path / "1.xlsx", workers=1, cache=cache)
    edit_cells(files["faulty"], {"附表1!C5": 70})  # the 财政局 corrects a figure and sends the file again
    again = consolidate([tmp_path / "in"], tmp_path / "2.xlsx", workers=1, cache=cache)
    assert again.reused == 7
    row = next(r for r in sheet(tmp_path / "2.xlsx", "汇总") if r["单位"] and "财政局" in r["单位"])
    assert row["资金总额"] == 70


def test_other_settings_or_another_path_are_not_served_from_the_cache(tmp_path: Path) -> None:
    make_batch(tmp_path / "in")
    cache = tmp_path / "cache"
    consolidate([tmp_path / "in"], tmp_path / "1.xlsx", workers=1, cache=cache)
    fewer = consolidate([tmp_path / "in"], tmp_path / "2.xlsx", workers=1, cache=cache, settings=Settings(ignore=("H",)))
    assert fewer.reused == 0
    (tmp_path / "in").rename(tmp_path / "moved")  # the rows link to the files: a new place is a new result
    moved = consolidate([tmp_path / "moved"], tmp_path / "3.xlsx", workers=1, cache=cache)
    assert moved.reused == 0


def test_a_damaged_cache_entry_is_a_miss_not_a_failure(tmp_path: Path) -> None:
    make_batch(tmp_path / "in")
    cache = tmp_path / "cache"
    consolidate([tmp_path / "in"], tmp_path / "1.xlsx", workers=1, cache=cache)
    for entry in entries(cache):
        entry.write_bytes(entry.read_bytes()[:20])
    again = consolidate([tmp_path / "in"], tmp_path / "2.xlsx", workers=1, cache=cache)
    assert again.reused == 0
    for name in SHEETS:
        assert sheet(tmp_path / "2.xlsx", name) == sheet(tmp_path / "1.xlsx", name), name


def test_entries_unused_for_long_are_pruned(tmp_path: Path) -> None:
    make_batch(tmp_path / "in")
    cache = tmp_path / "cache"
    consolidate([tmp_path / "in"], tmp_path / "1.xlsx", workers=1, cache=cache)
    old, *recent = entries(cache)
    stale = time.time() - 90 * 86400
    os.utime(old, (stale, stale))
    assert prune(cache) == 1
    assert entries(cache) == recent


def test_cli_uses_the_user_cache_unless_told_not_to(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    make_batch(tmp_path / "in")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    user_cache = tmp_path / "xdg" / "perfxl" / "consolidate"
    args = ["consolidate", str(tmp_path / "in"), "-o", str(tmp_path / "1.xlsx"), "--workers", "1"]
    assert main([*args, "--no-cache"]) == 1  # the batch holds unreadable files
    assert not user_cache.exists()
    main(args)
    assert len(entries(user_cache)) == 8
    capsys.readouterr()
    main([*args, "--format", "json"])
    assert json.loads(capsys.readouterr().out)["reused_from_cache"] == 8
    main(args)
    assert "沿用了上次的读取结果" in capsys.readouterr().out
