"""Isolation in consolidate (issue 11, item 4): a worker that crashes, aborts, is killed by a signal, overruns
its time or its memory costs that file only; the batch goes on, the summary is written with the good returns
summed, and no temporary file or spill folder is left.

The misbehaving workers are real processes reading real files: the parent's reader is replaced before the pool
forks, so that a file whose name says so hangs, aborts, kills itself or allocates without end.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import pytest

from perfxl.check.settings import Settings
from perfxl.consolidate import consolidate
from perfxl.consolidate import extract as worker_side
from tests.helpers import example_file
from tests.hostile_corpus import S1, _cell, _part, _text
from tests.rawzip import entries_of, replace_part, write_zip

pytestmark = pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="the stand-in reader needs fork")

GOOD = 12


def _misbehaving_reader(real: object) -> object:
    def read(path: object, data: object = None) -> object:
        name = Path(str(path)).stem
        if name == "hang":
            time.sleep(3600)
        elif name == "abort":
            os.abort()
        elif name == "killed":
            os.kill(os.getpid(), signal.SIGKILL)
        elif name == "memory":
            hoard = []
            while True:
                hoard.append(bytearray(64 << 20))
        return real(path, data)  # type: ignore[operator]

    return read


@pytest.fixture()
def inbox(tmp_path: Path) -> Path:
    base = example_file("shifeng", tmp_path)
    entries = entries_of(base)
    folder = tmp_path / "inbox"
    folder.mkdir()
    for number in range(GOOD):  # distinct units, so none is a duplicate of another
        sheet = _cell(_part(entries, S1), "B4", _text("B4", f"第{number}单位"))
        write_zip(folder / f"unit{number:02}.xlsx", replace_part(entries, S1, sheet))
    for name in ("hang", "abort", "killed", "memory"):
        (folder / f"{name}.xlsx").write_bytes(base.read_bytes())
    return folder


def _address_space_mb() -> float:
    with open("/proc/self/status") as status:
        size = next(line for line in status if line.startswith("VmSize:"))
    return int(size.split()[1]) / 1024


def test_each_misbehaving_worker_costs_its_file_only(inbox: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(worker_side, "read_form", _misbehaving_reader(worker_side.read_form))
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    limits = {"seconds_per_file": 3, "worker_memory_mb": _address_space_mb() + 300}
    output = tmp_path / "out" / "汇总.xlsx"
    started = time.monotonic()
    summary = consolidate([inbox], output, settings=Settings(limits=limits), workers=2)  # type: ignore[arg-type]
    elapsed = time.monotonic() - started

    by_name = {Path(s.path).stem: s for s in summary.sources}
    assert len(by_name) == GOOD + 4  # every file accounted for
    assert "超过 3 秒" in by_name["hang"].reason
    assert "意外退出" in by_name["abort"].reason and "意外退出" in by_name["killed"].reason
    assert "内存" in by_name["memory"].reason
    for name in ("hang", "abort", "killed", "memory"):
        assert by_name[name].status.value == "无法读取"
    assert sum(1 for s in summary.sources if s.status.consolidated) == GOOD
    assert summary.amounts["资金总额"] == Decimal("51.8") * GOOD
    assert output.is_file() and summary.exit_code == 1
    assert list(scratch.iterdir()) == [] and [p.name for p in output.parent.iterdir()] == ["汇总.xlsx"]
    assert elapsed < 3 * 8  # the hanging file was stopped, not waited for (generous: retries run one by one)
