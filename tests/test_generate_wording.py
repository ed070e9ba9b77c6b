"""perfxl generate reads forms as the checker does (issue 12, item 10): a satisfaction row the user wrote counts
however the province words its levels and wherever it stands, and the 完成时限 it writes stays inside the
declared 实施期, so the generated rows pass I208."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from perfxl.check.engine import check_file
from perfxl.examples import hengdong
from perfxl.generate import generate_file
from perfxl.models import Indicator
from perfxl.writer import write_workbook
from tests.helpers import example_file

Row = tuple[str, str, str, str]
OUTPUT: list[Row] = [
    ("产出指标", "产出数量指标", "开展网信普法宣传场次", "≥6场"),
    ("", "产出质量指标", "普法宣传内容审核合格率", "＝100%"),
]


def _project(tmp_path: Path, rows: list[Row], period: str = "2023年") -> Path:
    indicators = [Indicator(level1=a, level2=b, name=c, value=d, standard="计划标准") for a, b, c, d in rows]
    model = hengdong().model_copy(update={
        "indicators": indicators, "budget": Decimal(12), "project_name": "网信普法宣传", "period": period,
        "annual_target": "开展网信普法宣传6场。", "period_target": "开展网信普法宣传。",
    })  # fmt: skip
    return write_workbook(model, tmp_path / "project.xlsx")


def _generated(tmp_path: Path, source: Path) -> list[tuple[str, str, str, str]]:
    result = generate_file(source, tmp_path / f"out{source.suffix}")
    return [(r.level1, r.level2, r.name, r.value) for r in result.rows]


@pytest.mark.parametrize(
    "satisfaction",
    [
        ("社会公众或服务对象满意度指标", "社会公众或服务对象满意度指标", "群众满意度", "≥90%"),  # provincial 一级
        ("满意度", "受益群众满意度", "受益群众满意度", "≥90%"),
        ("效益指标", "社会公众及服务对象满意度指标", "普法活动群众满意度", "≥85%"),  # 88号: under 效益
        ("满意度指标", "服务对象满意度", "普法活动参与群众满意率", "较好"),  # a grade, not a percentage
        ("产出指标", "质量指标", "普法活动群众满意度", "≥90%"),  # misplaced (I110), but it is there
    ],
)
def test_a_satisfaction_row_in_any_wording_is_not_added_again(tmp_path: Path, satisfaction: Row) -> None:
    added = _generated(tmp_path, _project(tmp_path, [*OUTPUT, satisfaction]))
    assert [row for row in added if row[0] == "满意度指标" or "满意" in row[2]] == []


def test_without_a_satisfaction_row_one_is_added(tmp_path: Path) -> None:
    added = _generated(tmp_path, _project(tmp_path, OUTPUT))
    assert [row[:2] for row in added if row[0] == "满意度指标"] == [("满意度指标", "服务对象满意度指标")]


def test_a_satisfaction_survey_count_is_not_a_satisfaction_row(tmp_path: Path) -> None:
    survey = ("产出指标", "数量指标", "开展满意度调查次数", "≥2次")  # counts surveys: still needs a 满意度 target
    added = _generated(tmp_path, _project(tmp_path, [*OUTPUT, survey]))
    assert [row[0] for row in added].count("满意度指标") == 1


def test_shifeng_satisfaction_under_benefit_counts(tmp_path: Path) -> None:
    """附表3-1 lists 社会公众及服务对象满意度指标 under 效益指标 (as 88号 does): no second satisfaction row."""
    result = generate_file(example_file("shifeng", tmp_path), tmp_path / "out.xlsx", sheet="附表3-1")
    assert [r.name for r in result.rows if r.level1 == "满意度指标"] == []


# ------------------------------------------------------------------------------------------ 完成时限 and 实施期


@pytest.mark.parametrize(
    ("period", "deadline"),
    [
        ("2023.07-2024.01", "2024年1月31日前"),  # a service running into the next year keeps its end
        ("2023年7月至2024年1月", "2024年1月31日前"),
        ("2023年3月-2023年6月", "2023年6月30日前"),
        ("2023年", "2023年12月31日前"),
        ("2023年1月-2025年12月", "2023年12月31日前"),  # several years: the annual targets end with the year
    ],
)
def test_deadline_stays_inside_the_declared_period(tmp_path: Path, period: str, deadline: str) -> None:
    source = _project(tmp_path, OUTPUT, period=period)
    out = tmp_path / "out.xlsx"
    result = generate_file(source, out)
    assert [r.value for r in result.rows if r.name == "项目完成时限"] == [deadline]
    assert [f.cell for f in check_file(out).findings if f.code in ("I208", "I211")] == []
