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
import hashlib
import json
import multiprocessing
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from perfxl import models as m  # noqa: E402
from perfxl.check.settings import Settings  # noqa: E402
from perfxl.frameworks import FrameworkId  # noqa: E402
from perfxl.layout.forms import DEPARTMENT_WORKBOOK, PROJECT_WORKBOOK  # noqa: E402
from perfxl.marker import check_code  # noqa: E402

DISTRICTS = ["石峰区", "荷塘区", "芦淞区", "天元区", "渌口区", "攸县", "茶陵县", "炎陵县", "醴陵市", "衡东县", "衡山县", "衡南县", "祁东县", "耒阳市", "常宁市"]
DEPTS = ["发展和改革局", "教育局", "科学技术局", "工业和信息化局", "公安局", "民政局", "司法局", "财政局", "人力资源和社会保障局", "自然资源局", "住房和城乡建设局", "交通运输局", "水利局", "农业农村局", "商务局", "文化旅游广电体育局", "卫生健康局", "退役军人事务局", "应急管理局", "审计局", "市场监督管理局", "统计局", "医疗保障局", "城市管理和综合执法局", "林业局", "信访局", "网信办", "机关事务服务中心", "档案馆", "融媒体中心"]
OUTPUTS = [("开展培训", "次"), ("编印资料", "期"), ("走访企业", "家"), ("建设站点", "个"), ("采购设备", "台"),
           ("组织宣传活动", "场"), ("完成检查", "项"), ("培训人员", "人次")]
STANDARDS = ("计划标准", "历史标准", "行业标准", "其他标准")
PLACEHOLDER = "基准单位{:04d}号"
GENERATOR = "4"  # 4: templates without single-cell merges
TOPICS = ["网络安全", "乡村振兴", "安全生产", "文明创建", "政务公开", "法治宣传", "应急演练", "档案数字化", "信息化建设",
          "环境整治", "人才培养", "公共服务", "消防安全", "食品安全", "社区治理", "志愿服务"]
PLAN = [("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "时效指标"), ("产出指标", "成本指标"),
        ("效益指标", "社会效益指标"), ("效益指标", "可持续影响指标"), ("满意度指标", "服务对象满意度指标")]


def _indicators(rng: random.Random, count: int, budget: Decimal, prefix: str = "") -> list[m.Indicator]:
    levels = [PLAN[min(i * len(PLAN) // count, len(PLAN) - 1)] for i in range(count)]
    costs = sum(1 for _, level2 in levels if level2 == "成本指标")
    names = rng.sample([(t, w, u) for t in TOPICS for w, u in OUTPUTS], count)
    rows, last = [], ("", "")
    for (level1, level2), (topic, what, unit) in zip(levels, names, strict=True):
        value = {"数量指标": f"≥{rng.randint(1, 300)}{unit}", "质量指标": f"≥{rng.choice([85, 90, 95, 98])}%",
                 "时效指标": rng.choice(["1年", "12月底前完成", "本年度内完成"]),
                 "成本指标": f"≤{(budget / costs).quantize(Decimal('0.01'), 'ROUND_DOWN')}万元",
                 "服务对象满意度指标": f"≥{rng.choice([85, 90, 95])}%"}
        text = value.get(level2, rng.choice(["达成年度指标"] * 8 + ["不断提升", "部分达成年度指标并具有一定效果"]))
        rows.append(m.Indicator(level1=level1 if level1 != last[0] else "", level2=level2 if (level1, level2) != last else "",
                              name=f"{prefix}{topic}{what}", value=text, standard=rng.choice(STANDARDS)))
        last = (level1, level2)
    return rows


def _direction(rng: random.Random, index: int, fund: str) -> m.SpendingDirection:
    details = []
    for j in range(rng.randint(1, 8)):
        what, unit = rng.choice(OUTPUTS)
        qty, price = rng.randint(1, 300), rng.choice([50, 120, 300, 1000, 1500])
        amount = Decimal(qty * price) / 10000
        basis = f"{what}{qty}{unit}×{price}元/{unit}={amount.normalize():f}万元"
        details.append(m.SpendingDetail(intro=what, item=f"{what}支出{j + 1}", amount=amount, basis=basis))
    total = sum((d.amount or Decimal(0) for d in details), Decimal(0))
    return m.SpendingDirection(
        sheet_name=f"附表3-{index}", direction=f"{fund}支出方向{index}", fund_name=fund, project_amount=total,
        amount=total, period="2024年", period_target="按计划完成各项工作任务。", annual_target="完成年度工作任务。",
        indicators=_indicators(rng, rng.randint(9, 30), total), details=details, preparer="张三", phone="0731-22345678",
    )


def base_model(k: int) -> m.DepartmentReturn | m.ProjectDeclaration:
    rng, name = random.Random(k), PLACEHOLDER.format(k)
    if rng.random() < 0.15:
        budget = Decimal(rng.randint(100, 50000)) / 100
        return m.ProjectDeclaration(unit_name=name, department=name, year=2024, project_name=f"专项工作经费{k}", budget=budget,
                                  period="2024年度", period_target="完成项目建设。", annual_target="完成年度任务。",
                                  indicators=_indicators(rng, rng.randint(9, 50), budget), preparer="李四", phone="13907310000")
    funds = [f"专项资金{j + 1}" for j in range(rng.randint(1, 3))]
    directions = [_direction(rng, i + 1, rng.choice(funds)) for i in range(rng.randint(1, 6))]
    fund_total = {f: sum((d.amount or Decimal(0) for d in directions if d.fund_name == f), Decimal(0)) for f in funds}
    for direction in directions:
        direction.project_amount = fund_total[direction.fund_name]
    rows = [m.FundRow(seq=str(j + 1), name=f, amount=fund_total[f], period_target="实施期目标。", annual_target="年度目标。")
            for j, f in enumerate(funds)]
    project = sum(fund_total.values(), Decimal(0))
    basic = Decimal(rng.randint(500, 90000)) / 100
    overall = m.DepartmentOverall(
        year=2024, dept_name=name, unit_name=name, total=basic + project, general_budget=basic + project, basic=basic,
        project=project, duties="履行部门职责。", preparer="王五", phone="0731-27654321",
        tasks=[m.WorkTask(matter=f"{t}工作", unit="办公室", target=f"完成{t}年度任务。") for t in rng.sample(TOPICS, 3)],
        indicators=_indicators(rng, rng.randint(9, 25), basic + project, prefix="全年"))
    if rng.random() < 0.2:  # a deliberate error: totals that do not add up
        overall.total = (overall.total or Decimal(0)) + 1
    return m.DepartmentReturn(overall=overall, summary=m.FundSummary(rows=rows), directions=directions)


def _write_base(job: tuple[int, str]) -> None:
    from perfxl.writer import write_workbook

    k, folder = job
    write_workbook(base_model(k), Path(folder) / f"base{k:04d}.xlsx")


def unit_name(i: int) -> str:
    district, dept, sub = DISTRICTS[i % 15], DEPTS[(i // 15) % 30], i // 450
    return f"{district}{dept}" + (f"所属单位{sub}" if sub else "")


def _derive(job: tuple[int, str, int]) -> None:
    i, cache, bases = job
    group = Path(cache) / "returns" / f"{i // 100:03d}"
    k, name = (i * 7919) % bases, unit_name(i)
    if i % 100 == 99:  # the unit of return i-1 sends again, later
        k, name, group = ((i - 1) * 7919) % bases, unit_name(i - 1), group / "重发"
    target = group / f"{i:05d}_{name}.xlsx"
    if target.exists():
        return
    group.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(Path(cache) / "bases" / f"base{k:04d}.xlsx") as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename.startswith("xl/") and item.filename.endswith(".xml"):  # inline or shared strings
                data = data.replace(PLACEHOLDER.format(k).encode(), name.encode())
            dst.writestr(item, data)
    if i % 100 == 37:  # a broken download
        target.write_bytes(target.read_bytes()[: target.stat().st_size // 2])
    if i % 100 == 0:
        (group / f"~${i:05d}.xlsx").write_bytes(b"\x0bperfxl-bench lock")
        (group / "盖章扫描件.pdf").write_bytes(b"%PDF-1.4\n" + random.Random(i).randbytes(20000))


def corpus(cache: Path, n: int, bases: int) -> list[Path]:
    codes = "".join(check_code(layout, layout.version, FrameworkId.CLASSIC) for layout in (DEPARTMENT_WORKBOOK, PROJECT_WORKBOOK))
    root = cache / f"perfxl-bench-{GENERATOR}-{codes[:8]}{codes[-8:]}-{bases}"
    (root / "bases").mkdir(parents=True, exist_ok=True)
    with multiprocessing.Pool() as pool:
        todo = [(k, str(root / "bases")) for k in range(bases) if not (root / "bases" / f"base{k:04d}.xlsx").exists()]
        if todo:
            print(f"writing {len(todo)} base returns with the perfxl writer …", file=sys.stderr)
            pool.map(_write_base, todo, chunksize=4)
        pool.map(_derive, [(i, str(root), bases) for i in range(n)], chunksize=50)
    return [root / "returns" / f"{g:03d}" for g in range((n + 99) // 100)]


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
    sample = returns_in(chosen)[: args.naive_sample]
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
