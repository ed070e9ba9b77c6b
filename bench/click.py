"""The Python side of an Excel button click, from process start (RunPython starts a fresh Python each click).

Each click is run in a new process, as RunPython does: start, imports, reading the book, the core's work, and
the plan of edits applied to a recording book (the Excel calls themselves are not timed: there is no Excel
here). Reading a live book is stood in for by reading the same file with python-calamine into the same Grid.
Printed: medians of --runs runs (wall and CPU seconds), and the ratio to ``python -c pass`` measured in the
same run. ``import xlwings`` is timed on its own (on Windows it also loads pywin32, not measured here).

    .venv/bin/python bench/click.py [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CLICK = r"""
import json, sys, time
t0 = time.perf_counter()
marks = {}
from perfxl.excel import actions, buttons  # what every click imports
button = sys.argv[1]
path = sys.argv[2]
if button in ("validate", "export"):
    from perfxl.check.engine import check_grid
    from perfxl.edits.marks import apply_marks
if button == "generate":
    from perfxl.generate import plan_indicators
if button == "add_sheet3":
    from perfxl.edits.direction import plan_direction
from perfxl.grid import read_grid
t1 = time.perf_counter()
grid = read_grid(path)
t2 = time.perf_counter()

class RecordingBook:
    '''EditableBook that records the calls instead of talking to Excel.'''
    def __init__(self): self.calls = 0
    def __getattr__(self, name):
        def call(*args, **kwargs):
            self.calls += 1
            if name == "sheet_names": return list(grid)
            if name == "anchor": return args[1]
            if name == "cell_states":
                from perfxl.edits.book import CellState, Fill
                return [CellState(Fill(), None) for _ in args[1]]
            if name == "read_rows": return None
            if name == "editing":
                import contextlib
                return contextlib.nullcontext()
        return call

book = RecordingBook()
if button in ("validate", "export"):
    report = check_grid(grid, path)
    t3 = time.perf_counter()
    if button == "validate":
        apply_marks(book, report.findings)
elif button == "generate":
    result = plan_indicators(grid, "附表3-1")
    t3 = time.perf_counter()
else:
    plan = plan_direction(grid, path)
    t3 = time.perf_counter()
t4 = time.perf_counter()
print(json.dumps({"imports": t1 - t0, "read": t2 - t1, "core": t3 - t2, "plan": t4 - t3, "calls": book.calls}))
"""


def timed(argv: list[str]) -> tuple[float, float, str]:
    """Wall and CPU (user+sys of the child) seconds of one process, and what it printed."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    out = subprocess.run(argv, check=True, capture_output=True, text=True).stdout
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    python = sys.executable
    subprocess.run([python, "-m", "compileall", "-q", str(Path(__file__).parent.parent / "perfxl")], check=True)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "石峰.xlsx"
        subprocess.run([python, "-m", "perfxl.cli", "example", "shifeng", "-o", str(path)], check=True,
                       capture_output=True)  # fmt: skip
        script = Path(folder) / "click.py"
        script.write_text(CLICK, encoding="utf-8")
        rows = {}
        for name, argv in [("python -c pass", [python, "-c", "pass"]),
                           ("import xlwings", [python, "-c", "import xlwings"])] + [
                (f"click {b}", [python, str(script), b, str(path)]) for b in ("validate", "generate", "add_sheet3", "export")]:  # fmt: skip
            runs = [timed(argv) for _ in range(args.runs)]
            parts = [json.loads(out) for _, _, out in runs if out.strip()]
            rows[name] = (statistics.median(w for w, _, _ in runs), statistics.median(c for _, c, _ in runs), parts)
    base = rows["python -c pass"][0]
    print(f"{'step':24} {'wall s':>8} {'cpu s':>8} {'× pass':>7}   breakdown (median s)")
    for name, (wall, cpu, parts) in rows.items():
        detail = ""
        if parts:
            keys = ("imports", "read", "core", "plan")
            detail = "  ".join(f"{k} {statistics.median(p[k] for p in parts):.3f}" for k in keys)
            detail += f"  ({parts[0]['calls']} recorded book calls)"
        print(f"{name:24} {wall:8.3f} {cpu:8.3f} {wall / base:7.1f}   {detail}")


if __name__ == "__main__":
    main()
