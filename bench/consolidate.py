"""How fast is ``perfxl consolidate``, and does its memory stay flat?

    .venv/bin/python bench/consolidate.py --n 1000            # files/s: perfxl vs a naive openpyxl walk
    .venv/bin/python bench/consolidate.py --memory 1000 5000  # peak memory at two sizes
    .venv/bin/python bench/consolidate.py --n 200 --profile   # where the worker time goes (stages, rules)

The corpus is generated once into ``--cache`` (keyed by the layouts' check codes): ``--bases`` distinct returns
(1–6 附表3, 9–30 indicators a sheet, 1–8 测算 lines, ~20% with errors, ~15% 项目申报表) written in parallel with
the perfxl writer (~1 s a workbook), then each return is a base with its unit name substituted. Per 100
returns: a resent duplicate, a broken file, a lock file and a PDF. Each measurement runs in a fresh process
(its parameters sent on stdin). A round is: two cold runs (every file read; all rules, then none), a run that fills
an empty result cache and one that re-runs over the same folder (as a collector re-running 汇总 does), then two runs
that only read the same workbooks in as many processes (python-calamine alone; then perfxl's reader too): the
floor any consolidation of these files stands on. ``--rounds`` rounds (default 3); medians are printed.

Figures: the wall rate from the child's own clock (the work, without process start), and CPU ms a workbook read:
user + sys of the whole process tree (``getrusage(RUSAGE_CHILDREN)`` around each fresh process, so start-up,
imports and the workers are in it). On a shared 2-core VM wall rates swing 2×; the CPU figures and the ratios to the
calamine-only floor of the same round are what to compare.
"""

from __future__ import annotations

import argparse
import compileall
import hashlib
import itertools
import json
import multiprocessing
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus import corpus  # noqa: E402  (bench/ is on the path: this script runs from it)

from perfxl.check.settings import Settings  # noqa: E402


def _child(params: dict) -> None:
    """Runs in a fresh interpreter: one consolidation, then its own and its workers' peak RSS."""
    from perfxl.consolidate import consolidate

    settings = Settings() if params["rules"] else Settings(select=("NO-RULES",))
    start = time.perf_counter()
    summary = consolidate(params["paths"], params["out"], settings=settings, workers=params["workers"],
                          cache=params.get("cache"))
    elapsed = time.perf_counter() - start
    print(json.dumps({
        "elapsed": elapsed, "inputs": len(summary.sources), "returns": summary.consolidated,
        "statuses": summary.as_dict()["status"], "out_mb": Path(params["out"]).stat().st_size / 1e6,
        "rss_parent_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "rss_worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "cpu_s": sum(getattr(resource.getrusage(who), f) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
                     for f in ("ru_utime", "ru_stime")),
        "cpu_parent_s": sum(getattr(resource.getrusage(resource.RUSAGE_SELF), f) for f in ("ru_utime", "ru_stime")),
        "load": os.getloadavg()[0], "reused": summary.reused,
    }))


def _read_only(path: str) -> None:
    """The least any consolidation of ``path`` must do: read its bytes, hash them, load every sheet with
    python-calamine."""
    from python_calamine import CalamineWorkbook

    hashlib.sha256(Path(path).read_bytes()).hexdigest()
    book = CalamineWorkbook.from_path(path)
    for sheet in book.sheets_metadata:
        book.get_sheet_by_name(sheet.name).to_python()


def _read_models(path: str) -> None:
    """:func:`_read_only`, then perfxl's reader turns the sheets into the form's models (what check starts from)."""
    from perfxl.reader import read_form

    data = Path(path).read_bytes()
    hashlib.sha256(data).hexdigest()
    read_form(path, data=data)


def _floor_child(params: dict) -> None:
    """Runs in a fresh interpreter: only reading the workbooks, in as many worker processes as consolidate uses."""
    import python_calamine  # noqa: F401  (imported before the fork, as consolidate's workers have it)

    import perfxl.reader  # noqa: F401

    work = {"calamine": _read_only, "reader": _read_models}[params["floor"]]
    files = params["files"]
    start = time.perf_counter()
    with multiprocessing.Pool(params["workers"] or os.cpu_count()) as pool:
        list(pool.imap_unordered(work, files, chunksize=16))
    elapsed = time.perf_counter() - start
    cpu = sum(getattr(resource.getrusage(who), f) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
              for f in ("ru_utime", "ru_stime"))
    print(json.dumps({"elapsed": elapsed, "files": len(files), "cpu_s": cpu}))


def run_child(params: dict) -> dict:
    """Run ``_child``/``_floor_child`` in a fresh interpreter, ``params`` sent on its stdin (a folder of 1000 paths
    would not fit in one argv element: Linux allows 128 KiB). Adds what the process cost from outside: wall seconds
    from start to exit and CPU seconds (user + sys of the child and every worker it waited for)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, __file__, "--child"], input=json.dumps(params), capture_output=True,
                          text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise SystemExit(done.stderr)
    result = json.loads(done.stdout.splitlines()[-1])
    result["process_wall_s"] = wall
    result["process_cpu_s"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return result


def floor(paths: list[Path], workers: int | None, kind: str) -> dict:
    """Files/s of reading alone (``kind``: "calamine" or "reader") over the workbooks in ``paths``."""
    files = [str(p) for p in returns_in(paths) if zipfile.is_zipfile(p)]
    return run_child({"floor": kind, "files": files, "workers": workers})


def measure(paths: list[Path], workers: int | None, rules: bool = True, cache: Path | None = None) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        return run_child({"paths": [str(p) for p in paths], "out": str(Path(tmp) / "汇总.xlsx"), "workers": workers,
                          "rules": rules, "cache": None if cache is None else str(cache)})


def naive(paths: list[Path]) -> float:
    """files/s of the naive way: openpyxl load_workbook each file and walk every cell."""
    from openpyxl import load_workbook

    start = time.perf_counter()
    for path in paths:
        for ws in load_workbook(path, data_only=True).worksheets:
            sum(1 for row in ws.iter_rows(values_only=True) for v in row if v is not None)
    return len(paths) / (time.perf_counter() - start)


def _workbook_package(path: Path) -> bool:
    """A whole zip holding a workbook part: what openpyxl can open (the corpus's broken files are not)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return "xl/workbook.xml" in archive.namelist() and archive.testzip() is None
    except (OSError, zipfile.BadZipFile):
        return False


def returns_in(folders: list[Path]) -> list[Path]:
    return sorted(p for f in folders for p in f.rglob("*.xlsx") if not p.name.startswith("~$") and p.stat().st_size > 4000)


def profile(files: list[Path]) -> None:
    """Per-stage worker time and the slowest rules, over ``files`` in this process."""
    from perfxl.check.context import CheckContext
    from perfxl.check.engine import check_result
    from perfxl.check.registry import all_rules
    from perfxl.consolidate import extract
    from perfxl.consolidate.records import Task
    from perfxl.reader import read_form

    spill = tempfile.TemporaryDirectory()
    extract.init_worker(Settings(), None, spill.name)
    stage = {"read_form": 0.0, "check_result": 0.0, "whole process()": 0.0}
    per_rule: dict[str, float] = {}
    files = [f for f in files if zipfile.is_zipfile(f)]  # the broken ones are not profiled
    for i, path in enumerate(files):
        t0 = time.perf_counter()
        result = read_form(path)
        t1 = time.perf_counter()
        check_result(result, Settings(), path)
        t2 = time.perf_counter()
        extract.process(Task(i, str(path)))
        t3 = time.perf_counter()
        for key, dt in zip(stage, (t1 - t0, t2 - t1, t3 - t2), strict=True):
            stage[key] += dt
        context = CheckContext(read_form(path), Settings(), path)
        for code, rule in all_rules().items():
            if context.form in rule.forms:
                start = time.perf_counter()
                list(rule.func(context))
                per_rule[code] = per_rule.get(code, 0.0) + time.perf_counter() - start
    print(f"\nper file, mean of {len(files)} (ms):")
    for key, total in stage.items():
        print(f"  {key:<18} {total / len(files) * 1000:8.2f}")
    print("  (process() = read + check + rows; rows ≈ process − read − check)")
    print("slowest rules (ms per file; shared views are charged to the first rule that builds them):")
    for code, total in sorted(per_rule.items(), key=lambda kv: -kv[1])[:12]:
        print(f"  {code:<6} {all_rules()[code].name:<36} {total / len(files) * 1000:8.2f}")
    extract.finish_worker()
    spill.cleanup()


def one_round(chosen: list[Path], workers: int | None) -> dict[str, dict]:
    """Every measurement once, interleaved, each in a fresh process: the figures a same-run ratio is taken from."""
    runs = {"full": measure(chosen, workers), "bare": measure(chosen, workers, rules=False)}
    with tempfile.TemporaryDirectory() as cache:
        runs["filling"] = measure(chosen, workers, cache=Path(cache))
        runs["rerun"] = measure(chosen, workers, cache=Path(cache))
    runs["calamine"] = floor(chosen, workers, "calamine")
    runs["reader"] = floor(chosen, workers, "reader")
    for key, r in runs.items():
        # workbooks read: consolidated, duplicate or broken (not the skipped lock files and PDFs)
        r["read"] = r["files"] if key in ("calamine", "reader") else r["inputs"] - r["statuses"]["已跳过"]
        r["rate"] = r["read"] / r["elapsed"]  # from the child's own clock: the work, without start and imports
        r["cpu_ms"] = r["process_cpu_s"] / r["read"] * 1000  # the whole process tree, start and imports included
    return runs


LABELS = {"full": "consolidate, all rules", "bare": "consolidate, no rules", "filling": "all rules, filling a cache",
          "rerun": "all rules, re-run from the cache", "calamine": "reading alone: python-calamine, every sheet",
          "reader": "reading alone: + perfxl's reader → models"}


def med(values: list[float]) -> str:
    """``median [min–max]`` of one figure over the rounds."""
    return f"{statistics.median(values):.2f} [{min(values):.2f}–{max(values):.2f}]"


def report_rounds(rounds: list[dict[str, dict]], cpus: int) -> None:
    """Per kind: wall rate, CPU ms a return, and both as ratios to the calamine-only floor of the same round."""
    print(f"\nmedians of {len(rounds)} rounds [min–max]; CPU = user+sys of the whole process tree a workbook read; "
          f"ratio = this rate ÷ the calamine-only rate of the same round (CPU: floor ms ÷ this ms)")
    print(f"{'':44} {'wall /s':>22} {'CPU ms/return':>22} {'ratio wall':>20} {'ratio CPU':>20}")
    for key, label in LABELS.items():
        rates = [r[key]["rate"] for r in rounds]
        cpu = [r[key]["cpu_ms"] for r in rounds]
        wall_ratio = [r[key]["rate"] / r["calamine"]["rate"] for r in rounds]
        cpu_ratio = [r["calamine"]["cpu_ms"] / r[key]["cpu_ms"] for r in rounds]
        print(f"{label:44} {med(rates):>22} {med(cpu):>22} {med(wall_ratio):>20} {med(cpu_ratio):>20}")
    full = statistics.median(r["full"]["cpu_ms"] for r in rounds)
    ratio = statistics.median(r["calamine"]["cpu_ms"] / r["full"]["cpu_ms"] for r in rounds)
    print(f"cold, all rules: {full:.2f} ms CPU a return (target ≤ 8 ms: {'met' if full <= 8 else 'NOT met'}) "
          f"→ {cpus / full * 1000:.0f}/s on {cpus} idle CPUs; {ratio:.2f}× the calamine-only rate in CPU "
          f"(target ≥ 0.33: {'met' if ratio >= 0.33 else 'NOT met'})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="returns to consolidate (default 1000)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of every measurement; medians printed (default 3)")
    parser.add_argument("--memory", type=int, nargs="+", metavar="N", help="compare peak memory at these sizes")
    parser.add_argument("--workers", type=int, help="worker processes (default: CPU count)")
    parser.add_argument("--bases", type=int, default=200, help="distinct returns written with the perfxl writer")
    parser.add_argument("--naive-sample", type=int, default=30, help="files the naive baseline times (it is slow)")
    parser.add_argument("--profile", action="store_true", help="also profile the worker stages and the rules")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()), help="where the corpus is kept")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)  # parameters as JSON on stdin
    args = parser.parse_args()
    if args.child:
        params = json.loads(sys.stdin.read())
        (_floor_child if "floor" in params else _child)(params)
        return 0
    sizes = args.memory or [args.n]
    # An installed perfxl has its bytecode compiled (pip does it). A source tree run with PYTHONDONTWRITEBYTECODE=1
    # (a fresh git worktree, for an A/B) would compile every module in every measured process: ≈ 0.25 ms a return
    # at N = 1000, charged to whichever tree lacks its .pyc files.
    compileall.compile_dir(ROOT / "perfxl", quiet=1)
    folders = corpus(args.cache, max(sizes), args.bases)
    print(f"{os.cpu_count()} CPUs; workers={args.workers or os.cpu_count()}; corpus {folders[0].parent}")
    if args.memory:
        runs = {n: measure(folders[: (n + 99) // 100], args.workers) for n in sizes}
        for n, r in runs.items():
            print(f"N={n:>6}: {r['inputs']} inputs in {r['elapsed']:.1f} s, "
                  f"parent peak RSS {r['rss_parent_mb']:.0f} MB, "
                  f"largest worker RSS {r['rss_worker_mb']:.0f} MB, summary {r['out_mb']:.1f} MB")
        first, last = runs[sizes[0]], runs[sizes[-1]]
        print(f"peak RSS ratio N={sizes[-1]} / N={sizes[0]}: parent {last['rss_parent_mb'] / first['rss_parent_mb']:.2f}×, "
              f"workers {last['rss_worker_mb'] / first['rss_worker_mb']:.2f}× (target ≤ 1.5×)")
        return 0
    chosen = folders[: (args.n + 99) // 100]
    cpus = min(args.workers or os.cpu_count() or 1, os.cpu_count() or 1)
    rounds = []
    for i in range(max(args.rounds, 1)):
        runs = one_round(chosen, args.workers)
        rounds.append(runs)
        print(f"round {i + 1}: " + "; ".join(f"{key} {r['rate']:.0f}/s {r['cpu_ms']:.2f} ms" for key, r in runs.items())
              + f"; load avg {os.getloadavg()[0]:.1f}", flush=True)
    full = rounds[0]["full"]
    print(f"statuses: {full['statuses']}; {full['read']} workbooks read of {full['inputs']} inputs; "
          f"parent peak RSS {full['rss_parent_mb']:.0f} MB, summary {full['out_mb']:.1f} MB; "
          f"re-run reused {rounds[0]['rerun']['reused']}")
    report_rounds(rounds, cpus)
    sample = list(itertools.islice((p for p in returns_in(chosen) if _workbook_package(p)), args.naive_sample))
    cpu0 = time.process_time()
    baseline = naive(sample)
    baseline_cpu = len(sample) / (time.process_time() - cpu0)
    print(f"naive openpyxl walk (1 process): {baseline:6.1f} files/s wall, {baseline_cpu:6.1f}/CPU-s ({len(sample)} files)")
    rate = statistics.median(r["full"]["rate"] for r in rounds)
    full_cpu = statistics.median(r["full"]["cpu_ms"] for r in rounds)
    print(f"ratio perfxl / naive: {rate / baseline:6.1f}× wall (target ≥ 10×), "
          f"{1000 / full_cpu / baseline_cpu:6.1f}× per CPU-second")
    if args.profile:
        profile(returns_in(chosen)[: args.naive_sample * 4])
    return 0


if __name__ == "__main__":
    sys.exit(main())
