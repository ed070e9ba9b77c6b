"""The corpus ``bench/consolidate.py`` measures: ``--bases`` distinct returns written with the perfxl writer (1–6 附表3,
9–30 indicators a sheet, 1–8 测算 lines, ~20% with errors, ~15% 项目申报表), then each return a base with its unit name
substituted. Per 100 returns: a resent duplicate, a broken file, a lock file and a PDF. Kept under the cache folder,
keyed by the layouts' check codes, so it is written once.
"""

from __future__ import annotations

import multiprocessing
import random
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from perfxl import models as m  # noqa: E402
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
