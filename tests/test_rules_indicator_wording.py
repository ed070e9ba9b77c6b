"""Level names as provinces word them (I101–I104), the placement of a 三级指标 (I110), on project forms built the way
other counties write them: provincial wording must raise no 错误, a level of no framework still must."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from perfxl.check.engine import check_file
from perfxl.examples import hengdong
from perfxl.frameworks import FRAMEWORKS, FrameworkId, canonical_level1, canonical_level2
from perfxl.level_names import load_level_names
from perfxl.models import Indicator
from perfxl.writer import write_workbook

P = "项目申报表"
FIRST = 11  # the project form's first indicator row
Row = tuple[str, str, str, str]  # 一级, 二级, 三级, 指标值 (绩效标准: 计划标准)

#: a correct return from another county (after a published 环卫服务采购 form), in its own wording
PROVINCIAL: list[Row] = [
    ("产出指标", "产出数量指标", "雾炮车降尘抑尘服务配备车辆数", "≥10辆"),
    ("", "产出质量指标", "雾炮车作业达标率", "≥95%"),
    ("", "产出时效指标", "服务完成时间", "2023年12月31日前"),
    ("", "产出成本指标", "雾炮车服务单价", "≤2000元/台班"),
    ("效益指标", "社会效益", "城区空气质量优良天数比例", "≥85%"),
    ("社会公众或服务对象满意度指标", "社会公众或服务对象满意度指标", "市民满意度", "≥90%"),
]


def _project(tmp_path: Path, rows: list[Row], framework: FrameworkId = FrameworkId.CLASSIC, budget: str = "250") -> Path:
    indicators = [Indicator(level1=a, level2=b, name=c, value=d, standard="计划标准") for a, b, c, d in rows]
    model = hengdong().model_copy(update={
        "indicators": indicators, "budget": Decimal(budget), "framework": framework, "department": "某县城市管理局",
        "project_name": "城区环卫服务采购",
    })
    return write_workbook(model, tmp_path / "project.xlsx")


def _found(path: Path, *codes: str) -> list[list[str]]:
    found = check_file(path).flatten(["code", "severity", "sheet", "cell"])
    return [row for row in found if not codes or row[0] in codes]


def _messages(path: Path, code: str) -> list[str]:
    return [f"{f.message} {f.hint}" for f in check_file(path).findings if f.code == code]


def _with(rows: list[Row], index: int, level1: str | None = None, level2: str | None = None, name: str | None = None,
          value: str | None = None) -> list[Row]:
    old = rows[index]
    new = (old[0] if level1 is None else level1, old[1] if level2 is None else level2,
           old[2] if name is None else name, old[3] if value is None else value)
    return [*rows[:index], new, *rows[index + 1:]]


# ------------------------------------------------------------------------------------------ the variant table


def test_every_variant_names_a_level_of_a_framework() -> None:
    table = load_level_names({})
    level1s = {name for fw in FRAMEWORKS.values() for name in fw.level1_names}
    level2s = {name for fw in FRAMEWORKS.values() for name in fw.level2_names}
    assert set(table.names["一级"].values()) | {c for _, c in table.endings["一级"]} <= level1s
    assert set(table.names["二级"].values()) | {c for _, c in table.endings["二级"]} <= level2s
    assert all(table.fold(name, "一级") == name for name in level1s)  # each framework name folds to itself
    assert all(table.fold(name, "二级") == name for name in level2s)


@pytest.mark.parametrize(
    ("written", "canonical"),
    [("项目产出", "产出指标"), ("产出类指标", "产出指标"), ("1.产出指标", "产出指标"), ("效果指标", "效益指标"),
     ("满意度", "满意度指标"), ("服务对象满意度", "满意度指标"), ("社会公众或服务对象满意度指标", "满意度指标"),
     ("满意度指标（10分）", "满意度指标"), ("成本", "成本指标"), ("项目决策", "项目决策"), ("产出\n指标", "产出指标")],
)
def test_level1_variants_fold_to_the_framework_name(written: str, canonical: str) -> None:
    assert canonical_level1(written) == canonical


@pytest.mark.parametrize(
    ("written", "canonical"),
    [("产出数量指标", "数量指标"), ("数量", "数量指标"), ("（二）质量指标", "质量指标"), ("时效", "时效指标"),
     ("产出成本", "成本指标"), ("经济效益", "经济效益指标"), ("效益社会效益指标", "社会效益指标"),
     ("生态环境效益指标", "生态效益指标"), ("可持续影响  指标", "可持续影响指标"), ("服务对象满意度", "服务对象满意度指标"),
     ("社会公众及服务对象满意度指标", "服务对象满意度指标"), ("受益群众满意度", "服务对象满意度指标"),
     ("满意度\n\n指标", "服务对象满意度指标"), ("经济成本", "经济成本指标"),
     # not accepted: names of no framework, and a 二级 behind the name of a 一级 it does not belong to
     ("制度指标", "制度指标"), ("数量质量指标", "数量质量指标"), ("效益数量指标", "效益数量指标"), ("产出效益", "产出效益")],
)
def test_level2_variants_fold_to_the_framework_name(written: str, canonical: str) -> None:
    assert canonical_level2(written) == canonical


# ------------------------------------------------------------------------------------------ no false 错误


def test_provincial_wording_raises_nothing(tmp_path: Path) -> None:
    assert _found(_project(tmp_path, PROVINCIAL), "I101", "I102", "I103", "I104", "I110") == []
    assert [row for row in _found(_project(tmp_path, PROVINCIAL)) if row[1] == "错误"] == []


@pytest.mark.parametrize(
    ("index", "level1", "level2"),
    [(0, "项目产出", "数量"), (0, "产出类指标", "数量指标"), (0, "1.产出指标", "1.数量指标"), (1, None, "质量"),
     (2, None, "时效指标"), (3, None, "成本"), (3, None, "产出成本指标"), (4, "效果指标", "社会效益指标"),
     (4, "效益", "社会效益"), (5, "满意度指标", "服务对象满意度"), (5, "服务对象满意度", "服务对象满意度指标"),
     (5, "满意度", "社会公众满意度指标"), (5, "满意度指标", "受益群众满意度"), (5, "满意度指标", "满意度指标")],
)
def test_level_variants_are_not_errors(tmp_path: Path, index: int, level1: str | None, level2: str | None) -> None:
    path = _project(tmp_path, _with(PROVINCIAL, index, level1, level2))
    assert _found(path, "I101", "I102", "I103") == []


def test_level1_of_no_framework_is_an_error(tmp_path: Path) -> None:
    path = _project(tmp_path, _with(PROVINCIAL, 4, level1="项目决策"))
    assert _found(path, "I102") == [["I102", "错误", P, f"B{FIRST + 4}"]]
    assert "“项目决策”不在指标体系中" in _messages(path, "I102")[0]


@pytest.mark.parametrize("level2", ["制度指标", "数量质量指标", "效益数量指标"])
def test_level2_of_no_framework_is_an_error(tmp_path: Path, level2: str) -> None:
    path = _project(tmp_path, _with(PROVINCIAL, 1, level2=level2))
    assert _found(path, "I103") == [["I103", "错误", P, f"C{FIRST + 1}"]]


def test_level2_under_a_level1_no_framework_puts_it_under_is_an_error(tmp_path: Path) -> None:
    path = _project(tmp_path, _with(PROVINCIAL, 4, level2="产出数量指标"))  # 数量 under 效益
    assert _found(path, "I103") == [["I103", "错误", P, f"C{FIRST + 4}"]]
    assert "属于产出指标，却列在效益指标下" in _messages(path, "I103")[0]


def test_2021_cost_level_on_an_88_form_is_a_warning(tmp_path: Path) -> None:
    """成本指标 as its own 一级 (2021 指引) on a form following 88号: the cost is there, its place is 警告 once."""
    rows = [*PROVINCIAL[:3], ("成本指标", "经济成本指标", "雾炮车服务单价", "≤2000元/台班"), *PROVINCIAL[4:]]
    path = _project(tmp_path, rows)
    assert _found(path, "I101", "I102", "I103") == [["I102", "警告", P, f"B{FIRST + 3}"]]
    assert "属于产出指标" in _messages(path, "I102")[0] and "--framework" in _messages(path, "I102")[0]
    assert _found(_project(tmp_path, rows, FrameworkId.GUIDE2021), "I101", "I102", "I103") == []


def test_satisfaction_under_benefit_on_a_2021_form_is_a_warning(tmp_path: Path) -> None:
    """88号 lists 满意度 under 效益: I104 advises on a 88号 form; a 2021 form is warned (I103), never failed."""
    rows = [*PROVINCIAL[:3], ("成本指标", "经济成本指标", "雾炮车服务单价", "≤2000元/台班"), PROVINCIAL[4],
            ("", "社会公众或服务对象满意度指标", "市民满意度", "≥90%")]
    assert _found(_project(tmp_path, rows, FrameworkId.GUIDE2021), "I101", "I102", "I103", "I104") == [
        ["I103", "警告", P, f"C{FIRST + 5}"]]
    classic = [*PROVINCIAL[:5], ("", "社会公众或服务对象满意度指标", "市民满意度", "≥90%")]
    assert _found(_project(tmp_path, classic), "I101", "I102", "I103", "I104") == [["I104", "提示", P, f"C{FIRST + 5}"]]


# ------------------------------------------------------------------------------------------ placement (I110)


def test_satisfaction_under_social_benefit_is_placed_wrong(tmp_path: Path) -> None:
    rows = [*PROVINCIAL[:5], ("", "", "服务周期内，市民对空气质量改善的满意程度", "≥85%"), PROVINCIAL[5]]
    path = _project(tmp_path, rows)
    assert _found(path, "I110") == [["I110", "警告", P, f"D{FIRST + 5}"]]
    message = _messages(path, "I110")[0]
    assert "列在社会效益指标下" in message and "满意度指标下的服务对象满意度指标" in message


def test_satisfaction_under_quality_is_placed_wrong(tmp_path: Path) -> None:
    rows = [*PROVINCIAL[:2], ("", "", "保洁服务满意率", "≥90%"), *PROVINCIAL[2:]]
    assert _found(_project(tmp_path, rows), "I110") == [["I110", "警告", P, f"D{FIRST + 2}"]]


def test_cost_under_quantity_names_the_cost_level_of_the_framework(tmp_path: Path) -> None:
    rows = [*PROVINCIAL[:1], ("", "", "雾炮车租赁费用", "≤5万元"), *PROVINCIAL[1:]]
    path = _project(tmp_path, rows)
    assert _found(path, "I110") == [["I110", "警告", P, f"D{FIRST + 1}"]]
    assert "建议移到产出指标下的成本指标" in _messages(path, "I110")[0]
    rows2021 = [*rows[:4], ("成本指标", "经济成本指标", "雾炮车服务单价", "≤2000元/台班"), *rows[5:]]
    path = _project(tmp_path, rows2021, FrameworkId.GUIDE2021)
    assert _found(path, "I110") == [["I110", "警告", P, f"D{FIRST + 1}"]]
    assert "建议移到成本指标下的经济成本指标" in _messages(path, "I110")[0]


def test_date_under_quantity_belongs_to_timeliness(tmp_path: Path) -> None:
    rows = [*PROVINCIAL[:1], ("", "", "雾炮车采购完成时间", "6月底前完成"), *PROVINCIAL[1:]]
    path = _project(tmp_path, rows)
    assert _found(path, "I110") == [["I110", "警告", P, f"D{FIRST + 1}"]]
    assert "建议移到产出指标下的时效指标" in _messages(path, "I110")[0]


@pytest.mark.parametrize(
    ("name", "value"),
    [("开展市民满意度调查", "≥2次"), ("雾炮车服务期", "1年"), ("购置雾炮车", "≥3辆"), ("保洁面积", "≥20万平方米")],
)
def test_counts_and_lengths_under_quantity_are_in_place(tmp_path: Path, name: str, value: str) -> None:
    rows = [*PROVINCIAL[:1], ("", "", name, value), *PROVINCIAL[1:]]
    assert _found(_project(tmp_path, rows), "I110") == []
