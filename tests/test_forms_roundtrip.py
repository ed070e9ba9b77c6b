"""Examples → workbook → reader gives the same models; the examples are the seeds' values exactly."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from perfxl.examples import EXAMPLES, hengdong, shifeng
from perfxl.models import DepartmentReturn, Indicator, ProjectDeclaration, effective_levels
from perfxl.models import Model as BaseModel  # the form models are msgspec Structs now
from perfxl.reader import read_form
from perfxl.writer import write_workbook
from tests.helpers import SEEDS, edit_cells, example_file


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_example_round_trip(name: str, tmp_path: Path) -> None:
    model = EXAMPLES[name]()
    result = read_form(example_file(name, tmp_path))
    assert result.model == model
    assert result.problems == []


def test_shifeng_content_survives(tmp_path: Path) -> None:
    read = read_form(example_file("shifeng", tmp_path)).model
    assert isinstance(read, DepartmentReturn)
    assert [row.name for row in read.summary.rows] == ["业务性专项经费", "网络安全应急实战演练工作经费", "C专项"]
    assert read.summary.rows[2].amount is None and read.summary.total == Decimal("18")
    assert [d.sheet_name for d in read.directions] == ["附表3-1", "附表3-2"]
    assert "150元／人×300人=4.5万元" in read.directions[0].details[0].basis
    assert read.directions[1].details[0].item == "其他商品和务支出"
    assert read.directions[0].details_total == Decimal("8")


def test_hengdong_keeps_all_indicator_rows(tmp_path: Path) -> None:
    read = read_form(example_file("hengdong", tmp_path)).model
    assert isinstance(read, ProjectDeclaration)
    assert len(read.indicators) == 51
    assert read.indicators[1].name == " 网评工作"  # leading space as published
    assert read.indicators[-1].level1 == "满意度\n\n指标"
    assert read.department.endswith("\u3000")
    assert read.phone == "13975429050"


def _strings(model: BaseModel) -> list[str]:
    found: list[str] = []
    for value in (getattr(model, name) for name in model.__struct_fields__):
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, BaseModel):
            found += _strings(value)
        elif isinstance(value, list):
            for item in value:
                found += _strings(item) if isinstance(item, BaseModel) else []
    return found


@pytest.mark.parametrize(("factory", "seed"), [(shifeng, "000_b16efa9c65fb23dd.txt"), (hengdong, "001_26ac5c17bc923486.txt")])
def test_example_text_is_verbatim_from_the_seed(factory, seed: str) -> None:
    text = (SEEDS / seed).read_text(encoding="utf-8")
    ignore = {"", "classic", "department", "project", "附表1", "附表2", "附表3-1", "附表3-2", "项目申报表"}
    missing = [s for s in _strings(factory()) if s not in ignore and s not in text]
    assert missing == []


def test_seed_amounts_match_the_published_text() -> None:
    text = (SEEDS / "000_b16efa9c65fb23dd.txt").read_text(encoding="utf-8")
    model = shifeng()
    for amount in (model.overall.total, model.overall.basic, model.overall.project):
        assert f"{amount}万元" in text
    hengdong_text = (SEEDS / "001_26ac5c17bc923486.txt").read_text(encoding="utf-8")
    # every indicator row of the seed ends with its 绩效标准: 46 历史标准 + 5 行业标准
    assert hengdong_text.count("历史标准") + hengdong_text.count("行业标准") == len(hengdong().indicators) == 51


def test_effective_levels_fill_down_like_merged_cells() -> None:
    rows = [
        Indicator(level1="产出指标", level2="数量指标", name="a"),
        Indicator(name="b"),
        Indicator(level2="质量指标", name="c"),
        Indicator(level1="效益指标", name="d"),
    ]
    assert effective_levels(rows) == [
        ("产出指标", "数量指标"),
        ("产出指标", "数量指标"),
        ("产出指标", "质量指标"),
        ("效益指标", ""),
    ]


def test_formula_like_text_stays_text(tmp_path: Path) -> None:
    model = hengdong()
    model.indicators[0] = model.indicators[0].model_copy(update={"name": "=1+1", "value": "+5%"})
    path = write_workbook(model, tmp_path / "f.xlsx")
    read = read_form(path).model
    assert isinstance(read, ProjectDeclaration)
    assert (read.indicators[0].name, read.indicators[0].value) == ("=1+1", "+5%")


def test_text_in_amount_cell_is_reported_not_zero(tmp_path: Path) -> None:
    path = edit_cells(example_file("shifeng", tmp_path), {"附表2!C6": "八万元", "附表2!C7": "10万元"})
    result = read_form(path)
    assert isinstance(result.model, DepartmentReturn)
    assert result.model.summary.rows[0].amount is None
    assert result.model.summary.rows[1].amount == Decimal("10")
    assert [(p.sheet, p.cell) for p in result.problems] == [("附表2", "C6")]
    assert "八万元" in result.problems[0].message


def test_blank_rows_inside_a_block_keep_their_cells(tmp_path: Path) -> None:
    path = edit_cells(example_file("hengdong", tmp_path), {"项目申报表!D12": None, "项目申报表!E12": None, "项目申报表!F12": None})
    result = read_form(path)
    source = result.sheets["项目申报表"]
    assert len(result.model.indicators) == 50
    assert source.item_cell("indicators", 1, "value") == "E13"
    assert source.field_cell("budget") == "B4"



@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_content_read_by_the_caller_reads_the_same(name: str, tmp_path: Path) -> None:
    """``read_form(path, data)``: the consolidation worker hands over the bytes it hashed; nothing changes."""
    path = example_file(name, tmp_path)
    if name == "shifeng":
        edit_cells(path, {"附表2!C6": "八万元"})  # a ReadProblem too
    plain, given = read_form(path), read_form(path, data=path.read_bytes())
    assert given.model == plain.model
    assert given.problems == plain.problems
    assert [(s.name, s.item_rows) for s in given.sheets.values()] == [(s.name, s.item_rows) for s in plain.sheets.values()]
