"""How fast is ``perfxl check``? Run: ``.venv/bin/python bench/check.py [--runs 30] [--process-runs 12]``.

(a) In-process: check the 石峰区 department workbook (calamine read + every rule), median of N runs, against a
    naive baseline measured in the same run: openpyxl ``load_workbook(data_only=True)`` of the same file and a
    walk over all its cell values. Target: ≤ 5 ms median.
(b) The whole ``perfxl check FILE`` process, paired with ``python -c pass``: each run of the one is followed by a
    run of the other, so the ratio of each pair is measured under the same load. ``--rounds`` rounds (default 3)
    of M pairs each; printed: the median over rounds of each round's median wall time, CPU time (user + sys of
    the child) and ratio. Target ≤ 150 ms and ≤ 5× ``python -c pass``. Then the modules that cost most to
    import (``python -X importtime``, one run).

Timings depend on the machine; nothing here is asserted by the tests.
"""

from __future__ import annotations

import argparse
import compileall
import resource
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

TARGET_IN_PROCESS_MS = 5.0
TARGET_PROCESS_S = 0.15
TARGET_PROCESS_RATIO = 5.0


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
    """``python -m perfxl.cli``, run in this tree's root so that this tree's perfxl is the one measured (the
    ``perfxl`` script of the venv would run whichever tree is installed in it)."""
    return [sys.executable, "-m", "perfxl.cli"]


def _run(command: list[str]) -> tuple[float, float, int]:
    """Wall and CPU seconds (user + sys of the child) of one process, and its exit code."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, check=False, cwd=ROOT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), done.returncode


def process_times(path: Path, runs: int, rounds: int) -> list[dict[str, float]]:
    """Per round: medians of ``perfxl check FILE`` wall and CPU, of ``python -c pass``, and of their paired ratio."""
    command = [*perfxl_command(), "check", str(path)]
    bare = [sys.executable, "-c", "pass"]
    # An installed perfxl has its bytecode compiled (pip does it); a source tree run with PYTHONDONTWRITEBYTECODE=1
    # (as here) would recompile every module changed since its last .pyc on every start, ~0.15 s.
    compileall.compile_dir(ROOT / "perfxl", quiet=1)
    _run(command), _run(bare)  # warm the disk cache
    results = []
    for _ in range(rounds):
        pairs = []
        for _ in range(runs):
            ours, base = _run(command), _run(bare)
            if ours[2] not in (0, 1):
                raise SystemExit(f"perfxl check failed ({ours[2]})")
            pairs.append((ours, base))
        results.append({
            "wall": statistics.median(o[0] for o, _ in pairs), "cpu": statistics.median(o[1] for o, _ in pairs),
            "pass_wall": statistics.median(b[0] for _, b in pairs), "pass_cpu": statistics.median(b[1] for _, b in pairs),
            "ratio": statistics.median(o[0] / b[0] for o, b in pairs),
            "cpu_ratio": statistics.median(o[1] / max(b[1], 1e-6) for o, b in pairs),
        })
    return results


def import_offenders(path: Path, top: int) -> tuple[list[tuple[int, str]], list[tuple[int, str]], int]:
    """(packages by the self µs of all their modules, modules by self µs, total µs) of ``perfxl check FILE``."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "perfxl.cli", "check", str(path)], capture_output=True, check=False,
        cwd=ROOT,
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
    parser.add_argument("--process-runs", type=int, default=12, help="paired process runs a round (≥ 10)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of paired process runs (default 3)")
    parser.add_argument("--top", type=int, default=12, help="import offenders to list")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="perfxl-bench-"))
    try:
        path = write_workbook(EXAMPLES["shifeng"](), folder / "shifeng.xlsx")
        report(path, max(args.runs, 20), max(args.process_runs, 10), args.top, max(args.rounds, 1))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


def report(path: Path, runs: int, process_runs: int, top: int, rounds: int) -> None:
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

    results = process_times(path, process_runs, rounds)

    def med(key: str, scale: float = 1000) -> str:
        values = [r[key] * scale for r in results]
        return f"{statistics.median(values):.1f} [{min(values):.1f}–{max(values):.1f}]"

    wall = statistics.median(r["wall"] for r in results)
    ratio = statistics.median(r["ratio"] for r in results)
    verdict = "ok" if wall <= TARGET_PROCESS_S and ratio <= TARGET_PROCESS_RATIO else "OVER TARGET"
    print(f"(b) process `{' '.join(perfxl_command())} check FILE` paired with `python -c pass`, {rounds} rounds of "
          f"{process_runs} pairs; median of the round medians [min–max]:")
    print(f"    perfxl check: wall {med('wall')} ms, CPU {med('cpu')} ms")
    print(f"    python -c pass: wall {med('pass_wall')} ms, CPU {med('pass_cpu')} ms")
    print(f"    ratio (paired): wall {med('ratio', 1)}×, CPU {med('cpu_ratio', 1)}×  "
          f"[target ≤ {TARGET_PROCESS_S * 1000:.0f} ms and ≤ {TARGET_PROCESS_RATIO:.0f}×: {verdict}]")
    packages, modules, total = import_offenders(path, top)
    print(f"    imports: {ms(total / 1e6)} in all (one -X importtime run, which inflates them); by package:")
    for us, name in packages:
        print(f"      {us / 1000:7.1f} ms  {name}")
    print("    modules by own (self) time:")
    for us, name in modules:
        print(f"      {us / 1000:7.1f} ms  {name}")


if __name__ == "__main__":
    sys.exit(main())
