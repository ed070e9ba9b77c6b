"""How fast is ``perfxl check``? Run: ``.venv/bin/python bench/check.py [--runs 30] [--process-runs 12]``.

(a) In-process: check the 石峰区 department workbook (calamine read + every rule), median of N runs, against a
    naive baseline measured in the same run: openpyxl ``load_workbook(data_only=True)`` of the same file and a
    walk over all its cell values. Target: ≤ 20 ms median.
(b) The whole ``perfxl check FILE`` process, wall time, median of M runs (target ≤ 0.6 s), and the modules that
    cost most to import (``python -X importtime``).

Timings depend on the machine; nothing here is asserted by the tests.
"""

from __future__ import annotations

import argparse
import compileall
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from perfxl.check.engine import check_file  # noqa: E402
from perfxl.check.settings import Settings  # noqa: E402
from perfxl.examples import EXAMPLES  # noqa: E402
from perfxl.writer import write_workbook  # noqa: E402

TARGET_IN_PROCESS_MS = 20.0
TARGET_PROCESS_S = 0.6


def timed(func: Callable[[], object], runs: int, warmup: int = 2) -> list[float]:
    for _ in range(warmup):
        func()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return times


def openpyxl_baseline(path: Path) -> int:
    from openpyxl import load_workbook

    book = load_workbook(path, data_only=True)
    seen = 0
    for ws in book.worksheets:
        for row in ws.iter_rows(values_only=True):
            seen += sum(1 for value in row if value is not None)
    return seen


def perfxl_command() -> list[str]:
    script = Path(sys.executable).with_name("perfxl")
    return [str(script)] if script.exists() else [sys.executable, "-m", "perfxl.cli"]


def process_times(path: Path, runs: int) -> list[float]:
    command = [*perfxl_command(), "check", str(path)]
    # An installed perfxl has its bytecode compiled (pip does it); a source tree run with PYTHONDONTWRITEBYTECODE=1
    # (as here) would recompile every module changed since its last .pyc on every start, ~0.15 s.
    compileall.compile_dir(ROOT / "perfxl", quiet=1)
    subprocess.run(command, capture_output=True, check=False)  # warm the disk cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            raise SystemExit(f"perfxl check failed ({done.returncode}): {done.stderr.decode(errors='replace')}")
    return times


def import_offenders(path: Path, top: int) -> tuple[list[tuple[int, str]], list[tuple[int, str]], int]:
    """(packages by the self µs of all their modules, modules by self µs, total µs) of ``perfxl check FILE``."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "perfxl.cli", "check", str(path)], capture_output=True, check=False
    )
    packages: dict[str, int] = {}
    modules: list[tuple[int, str]] = []
    for line in done.stderr.decode(errors="replace").splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, _cumulative, name = line[len("import time:") :].split("|")
        module = name.strip()
        modules.append((int(self_us), module))
        root = module.split(".")[0]
        packages[root] = packages.get(root, 0) + int(self_us)
    total = sum(us for us, _ in modules)
    by_package = sorted(((us, name) for name, us in packages.items()), reverse=True)[:top]
    return by_package, sorted(modules, reverse=True)[:top], total


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="in-process runs (≥ 20)")
    parser.add_argument("--process-runs", type=int, default=12, help="process runs (≥ 10)")
    parser.add_argument("--top", type=int, default=12, help="import offenders to list")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="perfxl-bench-"))
    try:
        path = write_workbook(EXAMPLES["shifeng"](), folder / "shifeng.xlsx")
        report(path, max(args.runs, 20), max(args.process_runs, 10), args.top)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


def report(path: Path, runs: int, process_runs: int, top: int) -> None:
    settings = Settings()
    findings = len(check_file(path, settings).findings)
    ours_times = timed(lambda: check_file(path, settings), runs)
    naive_times = timed(lambda: openpyxl_baseline(path), runs)
    ours, naive = statistics.median(ours_times), statistics.median(naive_times)
    verdict = "ok" if ours * 1000 <= TARGET_IN_PROCESS_MS else "OVER TARGET"
    print(f"(a) in-process, {path.name} ({path.stat().st_size // 1024} KiB, {findings} findings), median of {runs}:")
    print(f"    perfxl check_file (calamine + all rules): {ms(ours)} (min {ms(min(ours_times))})  "
          f"[target ≤ {TARGET_IN_PROCESS_MS:.0f} ms: {verdict}]")
    print(f"    openpyxl load_workbook(data_only=True) + cell walk: {ms(naive)} (min {ms(min(naive_times))})")
    print(f"    ratio: perfxl is {naive / ours:.1f}× faster than the naive baseline")

    wall = process_times(path, process_runs)
    verdict = "ok" if statistics.median(wall) <= TARGET_PROCESS_S else "OVER TARGET"
    print(f"(b) process `{' '.join(perfxl_command())} check FILE`, median of {process_runs}:")
    print(f"    wall {ms(statistics.median(wall))} (min {ms(min(wall))}, max {ms(max(wall))})  "
          f"[target ≤ {TARGET_PROCESS_S} s: {verdict}]")
    packages, modules, total = import_offenders(path, top)
    print(f"    imports: {ms(total / 1e6)} in all (one -X importtime run, which inflates them); by package:")
    for us, name in packages:
        print(f"      {us / 1000:7.1f} ms  {name}")
    print("    modules by own (self) time:")
    for us, name in modules:
        print(f"      {us / 1000:7.1f} ms  {name}")


if __name__ == "__main__":
    sys.exit(main())
