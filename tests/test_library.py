"""The bundled indicator library (指标库) and its loader, search, merge and workbook round trip."""

from __future__ import annotations

import os
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from pydantic import ValidationError

from perfxl.frameworks import get_framework
from perfxl.library import (
    HEADERS,
    QUALITATIVE_GRADES,
    TEMPLATE_VARIABLES,
    VAGUE_WORDS,
    Library,
    LibraryEntry,
    LibraryError,
    export_library_workbook,
    load_default,
    load_library_workbook,
)

REQUIRED_TYPES = (
    "培训", "会议", "宣传活动", "印刷编印", "购置", "信息系统建设与运维", "服务购买外包", "应急演练", "检查整治行动",
    "舆情监测与处置", "网评", "网络安全宣传周", "攻防演练", "关键信息基础设施", "等级保护", "网络文明", "互联网企业党建",
)  # fmt: skip
CONTEXT = {
    "金额": Decimal("18.5"), "人数": 150, "人次": 300, "期数": 12, "次数": 2, "场次": 6, "天数": 5, "个数": 3,
    "套数": 4, "台数": 20, "篇数": 40, "条数": 240, "单价": Decimal("150"), "单价单位": "元/人", "满意度": 92,
    "完成时限": "2024年11月30日前", "年度": 2024,
}  # fmt: skip
VALUE = re.compile(r"(?P<sign>[≥＞＝＜≤])(?P<num>\d+(?:\.\d+)?)(?P<unit>\S+)")


@pytest.fixture(scope="module")
def library() -> Library:
    return load_default()


def _write_table(path: Path, rows: list[list[str]], sheet: str = "指标库") -> Path:
    """A user workbook from rows written as data (header row first)."""
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def _row(entry: LibraryEntry, **changes: str) -> list[str]:
    data = entry.as_row() | changes
    return [data[name] for name in HEADERS]


# ------------------------------------------------------------------------------------------------ content


def test_default_library_size_and_types(library: Library) -> None:
    assert len(library) >= 150
    assert len(library.types()) >= 12
    assert set(REQUIRED_TYPES) <= set(library.types())
    assert library.by_type("通用"), "通用 entries (完成时限, 满意度, 成本控制) must exist"


@pytest.mark.parametrize("framework", ["classic", "guide2021"])
def test_every_type_has_a_complete_set(library: Library, framework: str) -> None:
    fw = get_framework(framework)
    scoped = library.for_framework(framework)
    for project_type in library.types():
        entries = scoped.by_type(project_type, include_general=True)
        level2 = {(e.level1, e.level2) for e in entries}
        needed = [("产出指标", name) for name in fw.required_level2]
        if framework == "guide2021":
            needed.append(("成本指标", "经济成本指标"))
        missing = [pair for pair in needed if pair not in level2]
        assert not missing, f"{project_type}（{framework}）缺少 {missing}"
        assert any(e.level1 == "效益指标" for e in entries), project_type
        assert any(e.level1 == "满意度指标" for e in entries), project_type


def test_every_type_has_its_own_entries_for_both_frameworks(library: Library) -> None:
    for project_type in library.types():
        own = library.by_type(project_type)
        cost = {(e.framework, e.level1, e.level2) for e in own if e.is_cost}
        assert ("classic", "产出指标", "成本指标") in cost, project_type
        assert ("guide2021", "成本指标", "经济成本指标") in cost, project_type
        assert {"数量指标", "质量指标", "时效指标", "服务对象满意度指标"} <= {e.level2 for e in own}


def test_general_entries_named_in_the_brief(library: Library) -> None:
    general = {(e.framework, e.name) for e in library.by_type("通用")}
    assert {("通用", "项目完成时限"), ("通用", "服务对象满意度")} <= general
    assert {("classic", "项目成本控制"), ("guide2021", "项目成本控制")} <= general


def test_templates_render_to_their_sign_and_unit(library: Library) -> None:
    for entry in library:
        value = entry.render(CONTEXT)
        assert len(value) <= 200
        if entry.sign == "定性":
            assert value in (*QUALITATIVE_GRADES, CONTEXT["完成时限"]), (entry.id, value)
            assert entry.unit == ""
            continue
        match = VALUE.fullmatch(value)
        assert match, (entry.id, value)
        assert (match["sign"], match["unit"]) == (entry.sign, entry.unit), (entry.id, value)
        assert entry.variables <= set(TEMPLATE_VARIABLES)


def test_cost_entries_are_upper_bounds_with_budget_standard(library: Library) -> None:
    cost = [e for e in library if e.is_cost]
    assert cost
    assert {e.sign for e in cost} == {"≤"}
    assert {e.direction for e in cost} == {"反向"}
    assert {e.standard for e in cost} == {"预算支出标准"}


def test_satisfaction_targets_are_below_100(library: Library) -> None:
    for entry in library:
        if entry.level1 == "满意度指标":
            assert "100" not in entry.render(CONTEXT), entry.id


def test_ids_unique_and_well_formed(library: Library) -> None:
    ids = [e.id for e in library]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[A-Z]{3}-\d{3}", entry_id) for entry_id in ids)


def test_names_unique_within_framework_and_type(library: Library) -> None:
    for framework in ("classic", "guide2021"):
        seen: set[tuple[str, str]] = set()
        for entry in library.for_framework(framework):
            key = (entry.project_type, entry.name)
            assert key not in seen, (framework, key)
            seen.add(key)
            assert len(entry.name) <= 100


def test_no_vague_words_and_explanations_say_what_they_reflect(library: Library) -> None:
    for entry in library:
        for text in (entry.name, entry.value_template, entry.explanation):
            assert not [word for word in VAGUE_WORDS if word in text], (entry.id, text)
        assert entry.explanation.startswith("反映"), entry.id
        assert entry.project_type == "通用" or entry.keywords, entry.id


# ------------------------------------------------------------------------------------------------ entry checks


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"一级指标": "项目决策"},
            "一级指标“项目决策”不在两个指标体系（通用指标）中（应为 产出指标/效益指标/满意度指标）",
        ),
        ({"二级指标": "社会效益指标"}, "二级指标“社会效益指标”不在一级指标“产出指标”之下"),
        ({"计量单位": ""}, "定量指标（计算符号“≥”）必须填写计量单位"),
        ({"计算符号": "定性", "指标值模板": "达成年度指标"}, "定性指标不应填写计量单位（现为“期”）"),
        ({"绩效标准": "国家标准"}, "绩效标准“国家标准”无效"),
        ({"指标值模板": "≥{{ 期数 }期"}, "指标值模板无法解析"),
        ({"指标值模板": "≥{{ 份数 }}期"}, "指标值模板使用了未定义的变量：份数"),
        ({"三级指标": "培训质量不断提升"}, "“三级指标”含有不可衡量的表述“不断提升”"),
        ({"指标值模板": "随机"}, "“指标值模板”含有不可衡量的表述“随机”"),
        ({"指标值模板": "≥{{ 期数 }}次"}, "单位“次”与计量单位“期”不一致"),
        ({"指标体系": "guide2021", "一级指标": "成本指标", "二级指标": "经济成本指标"}, "计算符号应为“≤”"),
        ({"指标方向": "反向"}, "指标方向应为正向"),
    ],
)
def test_entry_rejects_with_chinese_message(library: Library, changes: dict[str, str], message: str) -> None:
    row = library.entries[0].as_row() | changes
    with pytest.raises(ValidationError) as info:
        LibraryEntry.model_validate(row)
    assert message in str(info.value)


def test_entry_rejects_100_percent_satisfaction(library: Library) -> None:
    satisfaction = next(e for e in library if e.level1 == "满意度指标")
    with pytest.raises(ValidationError, match="满意度目标不宜设为“≥100%”"):
        LibraryEntry.model_validate(satisfaction.as_row() | {"指标值模板": "≥100%"})


def test_cost_level_names_follow_the_framework(library: Library) -> None:
    classic_cost = next(e for e in library if e.framework == "classic" and e.is_cost)
    with pytest.raises(ValidationError, match="二级指标“成本指标”不在一级指标“产出指标”之下"):
        LibraryEntry.model_validate(classic_cost.as_row() | {"指标体系": "guide2021"})


def test_render_names_missing_variables(library: Library) -> None:
    entry = library.get("TRN-001")
    assert entry is not None
    assert entry.render({"期数": 4}) == "≥4期"
    with pytest.raises(ValueError, match="缺少数据：期数"):
        entry.render({})


# ------------------------------------------------------------------------------------------------ library api


def test_search_ranks_name_hits_of_the_type_first(library: Library) -> None:
    hits = library.search("舆情")
    assert hits[0].project_type == "舆情监测与处置"
    named = [e for e in hits if "舆情" in e.name]
    assert hits[: len(named)] == named
    own = library.by_type("舆情监测与处置")
    assert hits[: len(own)] == sorted(own, key=lambda e: "舆情" not in e.name)
    assert library.search("参训学员满意度")[0].name == "参训学员满意度"
    assert library.search("  ") == []


def test_infer_types_from_sheet_text(library: Library) -> None:
    text = "①《石峰舆情》印刷费，12期×1000元/期；④网评员培训 150元／人×300人"
    types = library.infer_types(text)
    assert {"舆情监测与处置", "网评", "培训"} <= set(types[:5])


def test_for_framework_by_type_and_merge(library: Library) -> None:
    classic = library.for_framework("classic")
    assert {e.framework for e in classic} == {"classic", "通用"}
    with pytest.raises(ValueError, match="未知的指标体系"):
        library.for_framework("2015")
    first = library.entries[0]
    changed = LibraryEntry.model_validate(
        first.as_row() | {"指标值模板": "≥{{ 期数 }}期", "三级指标": "开班期数"}
    )
    merged = library.merge(Library((changed,)))
    assert len(merged) == len(library)
    assert merged.entries[0].name == "开班期数"


# ------------------------------------------------------------------------------------------------ workbooks


def test_export_then_load_round_trip(library: Library, tmp_path: Path) -> None:
    path = export_library_workbook(library, tmp_path / "指标库.xlsx")
    assert load_library_workbook(path) == library
    assert sorted(p.name for p in tmp_path.iterdir()) == ["指标库.xlsx"], "temp file left behind"
    export_library_workbook(library, path)  # overwriting an existing file works too
    assert load_library_workbook(path) == library
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask  # shareable like any saved file, not private to its writer


def test_exported_workbook_has_dropdowns_filter_and_help(library: Library, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(export_library_workbook(library, tmp_path / "库.xlsx"))
    assert book.sheetnames == ["指标库", "说明"]
    ws = book["指标库"]
    assert [cell.value for cell in ws[1]] == list(HEADERS)
    assert ws["A1"].font.b
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:M{len(library) + 1}"
    lists = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert set(lists) == {"B2", "I2", "K2", "L2"}
    assert "guide2021" in lists["B2"] and "定性" in lists["I2"] and "预算支出标准" in lists["L2"]
    help_keys = {row[0] for row in book["说明"].iter_rows(values_only=True)}
    assert set(TEMPLATE_VARIABLES) <= help_keys


def test_broken_rows_are_all_reported(library: Library, tmp_path: Path) -> None:
    good = library.entries[0]
    path = _write_table(tmp_path / "指标库.xlsx", [
        list(HEADERS),
        _row(good),
        _row(good, 编号="X-002", 三级指标="开班数", 一级指标="项目决策"),
        [],
        _row(good, 编号="X-004", 三级指标="开班期数", 计量单位=""),
        _row(good, 三级指标="又一个"),
    ])  # fmt: skip
    with pytest.raises(LibraryError) as info:
        load_library_workbook(path)
    problems = info.value.problems
    assert isinstance(info.value, ValueError)
    assert "指标库.xlsx 指标库!第3行：一级指标“项目决策”不在两个指标体系（通用指标）中" in problems[0]
    assert any(
        p.startswith("指标库.xlsx 指标库!第5行：定量指标（计算符号“≥”）必须填写计量单位") for p in problems
    )
    assert any(p.startswith("指标库.xlsx 指标库!第6行：编号“TRN-001”与第2行重复") for p in problems)
    assert "第3行" in str(info.value) and "第5行" in str(info.value)


def test_missing_sheet_or_columns_are_reported(tmp_path: Path) -> None:
    with pytest.raises(LibraryError, match="找不到工作表“指标库”"):
        load_library_workbook(_write_table(tmp_path / "a.xlsx", [list(HEADERS)], sheet="Sheet1"))
    with pytest.raises(LibraryError, match=r"b.xlsx 指标库!第1行：缺少列“指标解释”"):
        load_library_workbook(_write_table(tmp_path / "b.xlsx", [list(HEADERS[:-1])]))


def test_a_workbook_that_makes_the_reader_panic_is_reported(tmp_path: Path) -> None:
    """A huge number formatted as a date makes python-calamine panic (a BaseException): the library is refused with
    a Chinese message, not a traceback."""
    path = tmp_path / "坏的指标库.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "指标库"
    ws.append(list(HEADERS))
    ws.append([-1e300])
    ws["A2"].number_format = "yyyy-mm-dd"
    book.save(path)
    with pytest.raises(LibraryError, match=r"坏的指标库\.xlsx：无法读取工作簿"):
        load_library_workbook(path)


def test_user_workbook_overrides_and_extends_the_default(library: Library, tmp_path: Path) -> None:
    original = library.get("OPN-001")
    assert original is not None
    path = _write_table(tmp_path / "我的指标库.xlsx", [
        list(HEADERS),
        _row(original, 指标值模板="≥{{ 期数 }}期", 三级指标="编印《舆情专报》期数", 绩效标准="历史标准"),
        _row(original, 编号="OPN-900", 三级指标="舆情研判会商次数", 指标值模板="≥{{ 次数 }}次", 计量单位="次",
             关键词="舆情|会商"),
    ])  # fmt: skip
    user = load_library_workbook(path)
    merged = library.merge(user)
    assert len(merged) == len(library) + 1
    assert [e.id for e in merged][: len(library)] == [e.id for e in library]
    replaced = merged.get("OPN-001")
    assert replaced is not None
    assert (replaced.name, replaced.standard) == ("编印《舆情专报》期数", "历史标准")
    assert merged.entries[-1].id == "OPN-900"
    assert merged.entries[-1].keywords == ("舆情", "会商")
    assert merged.entries[-1].render(CONTEXT) == "≥2次"
    assert load_default() is library, "the default stays cached and untouched"
