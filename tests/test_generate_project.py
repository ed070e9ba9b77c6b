"""Generation on a blank 项目申报表 (both frameworks), the satisfaction setting, and user libraries."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from perfxl.check.engine import check_file
from perfxl.check.findings import Severity
from perfxl.check.settings import Settings
from perfxl.cli import main
from perfxl.commands.library import load_libraries
from perfxl.frameworks import FrameworkId
from perfxl.generate import generate_file
from perfxl.layout.forms import PROJECT, PROJECT_WORKBOOK
from perfxl.library import LibraryError
from perfxl.models import Indicator, ProjectDeclaration
from perfxl.reader import read_form
from perfxl.writer import build_template
from tests.helpers import edit_cells, library_workbook

FIELDS = {
    "unit_name": "某区委网信办", "year": 2024, "project_name": "网评员队伍建设及舆情信息编报",
    "department": "中共某区委网络安全和信息化委员会办公室", "budget": 12, "period": "2024年1月-2024年12月",
    "period_target": "建设一支政治过硬的网评员队伍，做好网络舆情信息编报工作。",
    "annual_target": "举办网评员培训班2期，培训网评员200人次；编报舆情专报24期，报送舆情信息300条。",
    "preparer": "李四", "phone": "0731-22334455",
}  # fmt: skip


def blank_project(folder: Path, framework: FrameworkId = FrameworkId.CLASSIC, **changes: object) -> Path:
    """A blank template saved as a user would get it, then typed into (fields only)."""
    path = folder / f"project-{framework.value}.xlsx"
    build_template(PROJECT_WORKBOOK, framework).save(path)
    values = FIELDS | changes
    return edit_cells(
        path, {f"{PROJECT.default_name}!{PROJECT.field(key).cell}": v for key, v in values.items()}
    )


def _indicators(path: Path) -> list[Indicator]:
    model = read_form(path).model
    assert isinstance(model, ProjectDeclaration)
    return model.indicators


def _clean(path: Path) -> None:
    """No 错误 and no indicator 警告 but I305: a project form states no unit price, so its one cost row is the
    whole budget (the generator says so in a note)."""
    findings = check_file(path).findings
    assert [f.message for f in findings if f.severity == Severity.ERROR] == []
    assert [f.message for f in findings
            if f.code.startswith("I") and f.code != "I305" and f.severity == Severity.WARNING] == []


# ------------------------------------------------------------------------------------------------ forms


def test_blank_project_gets_counts_from_its_targets(tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    result = generate_file(blank_project(tmp_path), out)  # the only eligible sheet: --sheet may be omitted
    assert result.sheet == "项目申报表" and result.role == "项目申报表"
    rows = _indicators(out)
    pairs = {(r.level2, r.name, r.value) for r in rows}
    assert {("数量指标", "举办培训期数", "≥2期"), ("数量指标", "网评员培训人次", "≥200人次"),
            ("数量指标", "编报舆情监测报告期数", "≥24期"), ("数量指标", "报送舆情信息条数", "≥300条"),
            ("成本指标", "项目成本控制", "≤12万元"), ("时效指标", "项目完成时限", "2024年12月31日前")} <= pairs  # fmt: skip
    assert 8 <= len(rows) <= 14
    assert all(r.level1 and r.level2 and r.standard for r in rows)
    _clean(out)


def test_guide2021_puts_cost_under_its_own_level1(tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    generate_file(blank_project(tmp_path, FrameworkId.GUIDE2021), out, types=["网评"])
    rows = _indicators(out)
    assert ("成本指标", "经济成本指标", "网评工作经费支出总额", "≤12万元") in {
        (r.level1, r.level2, r.name, r.value) for r in rows
    }
    assert "成本指标" not in {r.level2 for r in rows}
    assert [r.level1 for r in rows] == sorted(
        (r.level1 for r in rows), key=["产出指标", "成本指标", "效益指标", "满意度指标"].index
    )
    _clean(out)


def test_no_counts_and_no_known_type_falls_back_to_general_entries(tmp_path: Path) -> None:
    path = blank_project(tmp_path, project_name="办公楼日常维护", period_target="保障办公楼正常使用。",
                         annual_target="保障办公楼全年正常使用。")  # fmt: skip
    result = generate_file(path, tmp_path / "out.xlsx")
    assert result.types == ()
    assert {r.entry_id for r in result.rows} <= {f"GEN-00{i}" for i in range(1, 9)}
    assert any("没有生成数量指标" in note for note in result.notes)


@pytest.mark.parametrize(
    ("minimum", "target"), [(None, "≥90%"), (Decimal(80), "≥90%"), (Decimal(95), "≥95%")]
)
def test_satisfaction_follows_the_settings(tmp_path: Path, minimum: Decimal | None, target: str) -> None:
    settings = Settings() if minimum is None else Settings(satisfaction_min=minimum)
    result = generate_file(blank_project(tmp_path), tmp_path / "out.xlsx", settings=settings)
    assert [r.value for r in result.rows if r.level1 == "满意度指标"] == [target]


def test_cli_reads_the_satisfaction_minimum_from_the_config(tmp_path: Path) -> None:
    config = tmp_path / "perfxl.toml"
    config.write_text("satisfaction_min = 92\n", encoding="utf-8")
    out = tmp_path / "out.xlsx"
    assert main(["generate", str(blank_project(tmp_path)), "--config", str(config), "-o", str(out)]) == 0
    assert [r.value for r in _indicators(out) if r.level1 == "满意度指标"] == ["≥92%"]


# ------------------------------------------------------------------------------------------------ user libraries


def _entry(entry_id: str, level1: str, level2: str, name: str, template: str, sign: str, unit: str = "",
           project_type: str = "网信普法", direction: str = "正向") -> dict[str, str]:  # fmt: skip
    return {"编号": entry_id, "指标体系": "通用", "项目类型": project_type, "关键词": "普法|法治宣传|以案释法",
            "一级指标": level1, "二级指标": level2, "三级指标": name, "指标值模板": template, "计算符号": sign,
            "计量单位": unit, "指标方向": direction, "绩效标准": "计划标准", "指标解释": f"反映{name}情况。"}  # fmt: skip


GOOD = [
    _entry("USR-001", "产出指标", "数量指标", "开展网信普法宣传场次", "≥{{ 场次 }}场", "≥", "场"),
    _entry("USR-002", "产出指标", "质量指标", "普法宣传内容审核合格率", "＝100%", "＝", "%"),
    _entry("USR-003", "产出指标", "时效指标", "普法宣传活动按期完成率", "＝100%", "＝", "%"),
    _entry("USR-004", "效益指标", "社会效益指标", "网络法治知识公众知晓率", "≥80%", "≥", "%"),
    _entry("USR-005", "满意度指标", "服务对象满意度指标", "普法活动群众满意度", "≥{{ 满意度 }}%", "≥", "%"),
    _entry(
        "CMT-002",
        "产出指标",
        "数量指标",
        "网评员轮训人次",
        "≥{{ 人次 }}人次",
        "≥",
        "人次",
        project_type="网评",
    ),
]


def test_a_user_library_extends_and_overrides_the_default(tmp_path: Path) -> None:
    user = library_workbook(tmp_path / "指标库.xlsx", *GOOD)
    library = load_libraries([user])
    assert library.get("USR-001") is not None and "网信普法" in library.types()
    path = blank_project(tmp_path, project_name="网信普法宣传及网评员轮训",
                         annual_target="开展网信普法宣传6场；培训网评员200人次。")  # fmt: skip
    out = tmp_path / "out.xlsx"
    assert main(["generate", str(path), "--library", str(user), "-o", str(out)]) == 0
    rows = {(r.name, r.value) for r in _indicators(out)}
    assert ("开展网信普法宣传场次", "≥6场") in rows  # new type, inferred from the project's text
    assert ("网评员轮训人次", "≥200人次") in rows  # CMT-002 overridden by the user's row
    assert "网评员培训人次" not in {name for name, _ in rows}
    _clean(out)


def test_a_broken_library_row_is_rejected_with_its_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = [
        GOOD[0],
        _entry("USR-002", "项目决策", "质量指标", "普法宣传内容审核合格率", "＝100%", "＝", "%"),
        _entry("USR-003", "产出指标", "数量指标", "普法宣传品发放份数", "≥{{ 个数 }}个", "≥", ""),
    ]
    user = library_workbook(tmp_path / "坏指标库.xlsx", *broken)
    with pytest.raises(LibraryError) as info:
        load_libraries([user])
    assert any(p.startswith("坏指标库.xlsx 指标库!第3行：一级指标“项目决策”不在") for p in info.value.problems)
    assert "坏指标库.xlsx 指标库!第4行：定量指标（计算符号“≥”）必须填写计量单位" in info.value.problems
    out = tmp_path / "out.xlsx"
    assert main(["generate", str(blank_project(tmp_path)), "--library", str(user), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "第3行" in err and "第4行" in err and "必须填写计量单位" in err
    assert not out.exists()
