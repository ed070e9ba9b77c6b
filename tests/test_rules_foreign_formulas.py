"""T105: formulas in a return that do not belong to the template, found in the sheet XML with their cell."""

from __future__ import annotations

from pathlib import Path

import pytest

from perfxl.check.engine import check_file
from perfxl.cli import main
from tests.helpers import example_file
from tests.hostile_corpus import build_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build_corpus(tmp_path_factory.mktemp("formulas") / "corpus")


def _t105(path: Path) -> list[list[str]]:
    report = check_file(path)
    return [row for row in report.flatten(["code", "severity", "sheet", "cell"]) if row[0] == "T105"]


@pytest.mark.parametrize(("kind", "expected"), [
    ("dde_formula", [["T105", "错误", "附表1", "D23"]]),
    ("webservice_formula", [["T105", "错误", "附表1", "C5"]]),
    ("external_link_formula", [["T105", "错误", "附表1", "C5"], ["T105", "错误", "", ""]]),
    ("changed_total_formula", [["T105", "错误", "附表3-1", "D61"]]),
    ("hyperlink_formula", [["T105", "警告", "附表1", "D23"]]),
    ("formula_in_input_cell", [["T105", "警告", "附表3-1", "E5"]]),
])
def test_foreign_formulas_are_reported_at_their_cell(kind: str, expected: list[list[str]],
                                                     corpus: dict[str, Path]) -> None:
    assert _t105(corpus[kind]) == expected


def test_template_formulas_are_not_reported(tmp_path: Path) -> None:
    assert _t105(example_file("shifeng", tmp_path)) == []
    assert _t105(example_file("hengdong", tmp_path)) == []
    main(["templates", "--out", str(tmp_path / "templates")])
    for template in sorted((tmp_path / "templates").glob("*.xlsx")):
        assert _t105(template) == [], template.name


def test_messages_name_the_danger_and_the_template_formula(corpus: dict[str, Path]) -> None:
    dde = check_file(corpus["dde_formula"])
    assert any("DDE" in f.message and "cmd|" in f.message for f in dde.findings if f.code == "T105")
    changed = check_file(corpus["changed_total_formula"])
    [finding] = [f for f in changed.findings if f.code == "T105"]
    assert "SUM(D51:D60)+1000" in finding.message and "模板为 =SUM(D51:D60)" in finding.message
