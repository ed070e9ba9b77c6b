"""Acceptance: the indicator, consistency and hygiene rules on the two real seed returns find what a reviewer finds,
each at its cell, and nothing a reviewer would call silly (the full list is pinned)."""

from __future__ import annotations

from pathlib import Path

from perfxl.check.engine import check_file
from tests.helpers import example_file

MINE = ("I", "X", "H")


def _mine(name: str, tmp_path: Path) -> list[list[str]]:
    found = check_file(example_file(name, tmp_path)).flatten(["code", "sheet", "cell", "severity"])
    return [f for f in found if f[0].startswith(MINE)]


SHIFENG = [
    ["I207", "附表1", "E23", "警告"],  # ≥1期 1次 2次 in one cell
    ["I209", "附表1", "E23", "警告"],  # 编写《石峰舆情》12期 vs ≥1期
    ["X101", "附表1", "E23", "警告"],  # ≥1期 vs 附表3-1 ≥12期
    ["X101", "附表1", "E23", "警告"],  # 网评员培训 2次 vs 附表3-1 1次
    ["I207", "附表1", "D24", "警告"],  # three rates in one name
    ["I402", "附表1", "D25", "警告"],  # 三级指标 “1年”
    ["I304", "附表1", "E26", "警告"],  # 不超年度预算 ≤49.92万元 vs 51.8
    ["I210", "附表1", "E27", "警告"],  # 带动经济效益增长 ≥90%
    ["I202", "附表1", "E28", "警告"],  # 不断加强
    ["I210", "附表1", "E29", "警告"],  # 网络安全能产生良好生态效益 ≥90%
    ["I202", "附表1", "E30", "警告"],  # 持续影响
    ["I104", "附表1", "C31", "提示"],  # 满意度 under 效益
    ["I207", "附表3-1", "E10", "警告"],  # 1.≥12期 2.1次 3.1次
    ["I209", "附表3-1", "E10", "警告"],  # 3.开展网评员培训2次 vs 3.1次
    ["I202", "附表3-1", "E11", "警告"],  # 持续开展
    ["I402", "附表3-1", "D12", "错误"],  # “1年” in the name, value empty
    ["I305", "附表3-1", "E13", "警告"],  # the only 成本指标 is the whole 8 万元 (issue 12: weak single cost)
    ["I210", "附表3-1", "E14", "警告"],
    ["I202", "附表3-1", "E15", "警告"],
    ["I202", "附表3-1", "E17", "警告"],
    ["I104", "附表3-1", "C18", "提示"],
    ["I203", "附表3-2", "E10", "提示"],  # “1次” without a sign → ≥1次 (issue 12: comparison signs)
    ["I202", "附表3-2", "E11", "警告"],
    ["I402", "附表3-2", "D12", "错误"],
    ["I305", "附表3-2", "E13", "警告"],  # the only 成本指标 is the whole 10 万元
    ["I210", "附表3-2", "E14", "警告"],
    ["I202", "附表3-2", "E15", "警告"],
    ["I202", "附表3-2", "E17", "警告"],
    ["I104", "附表3-2", "C18", "提示"],
    ["H101", "附表3-2", "C51", "警告"],  # 其他商品和务支出
]

P = "项目申报表"
HENGDONG = [
    ["H103", P, "E3", "提示"],  # 预算部门 ends with a full-width space
    ["H103", P, "D12", "提示"],  # “ 网评工作”
    ["I202", P, "E12", "警告"],  # 随机
    ["I203", P, "E13", "提示"],  # “…打卡活动6次。” → ≥6次 (issue 12: never ＝)
    ["H102", P, "D16", "提示"],  # 网评系统统技术服务
    ["I207", P, "E19", "警告"],
    ["I203", P, "E20", "提示"],
    ["I207", P, "E21", "警告"],
    ["I207", P, "E22", "警告"],
    ["I206", P, "E24", "警告"],  # 网评跟进及时率 ≥100%
    ["I110", P, "D26", "警告"],  # five 满意度 under 质量指标 (issue 12: placement) …
    ["I204", P, "E26", "警告"],  # … each ≥100%
    ["I110", P, "D27", "警告"],
    ["I204", P, "E27", "警告"],
    ["H102", P, "D28", "提示"],
    ["I110", P, "D28", "警告"],
    ["I401", P, "D28", "警告"],  # 评系统统技术服务满意度 vs D16 网评系统统技术服务
    ["I204", P, "E28", "警告"],
    ["I110", P, "D29", "警告"],
    ["I204", P, "E29", "警告"],
    ["I110", P, "D30", "警告"],
    ["I204", P, "E30", "警告"],
    ["I206", P, "E33", "警告"],  # 互联网企业党建工作完成率 ≥100%
    ["I401", P, "D38", "警告"],  # 网络舆情监测系统购置 vs D14 网络舆情监测系统服务购置
    ["H102", P, "D40", "提示"],
    ["H102", P, "D52", "提示"],
    ["I202", P, "E59", "警告"],  # 减少
    ["I202", P, "E60", "警告"],  # 改善
]


def test_shifeng(tmp_path: Path) -> None:
    assert _mine("shifeng", tmp_path) == SHIFENG


def test_hengdong(tmp_path: Path) -> None:
    found = _mine("hengdong", tmp_path)
    assert found == HENGDONG
    assert not [f for f in found if f[0].startswith("I3")]  # twelve 成本指标 add up to exactly 140
