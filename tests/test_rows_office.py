"""Issue 12, items 8 and 9, with a real office suite doing the editing: LibreOffice inserts and deletes rows and
types text into amount cells (tests/uno_rows.py), recalculates, and saves .xlsx as a user's spreadsheet program
would. perfxl then reads what the office suite wrote, not what our own helper (tests/excel_rows.py) thinks it
writes: the structure finding at its place, every other finding as on the untouched file, at the moved cell;
text in a summed cell found at that cell while the saved 合计 (which the office suite computed) is short."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from perfxl.check.engine import check_file
from perfxl.check.findings import FileReport
from tests import office
from tests.helpers import example_file
from tests.test_rows_moved import KEYS, Edit, moved_findings, without
from tests.test_xlsm_office import UNO_PYTHON, _require_uno

pytestmark = pytest.mark.office

HELPER = Path(__file__).with_name("uno_rows.py")

# name → (seed, edits: rows (Edit) and typed values (kind, sheet, cell, value))
CASES: dict[str, tuple[str, list[list[object]]]] = {
    "shifeng": ("shifeng", []),
    "hengdong": ("hengdong", []),
    "indicator row": ("shifeng", [["insert", "附表3-1", 12, 1]]),
    "detail row": ("shifeng", [["insert", "附表3-2", 55, 1]]),
    "rows in two sheets": ("shifeng", [["insert", "附表1", 25, 1], ["insert", "附表3-1", 12, 2]]),
    "project row": ("hengdong", [["insert", "项目申报表", 15, 1]]),
    "above 附表1's title": ("shifeng", [["insert", "附表1", 2, 1]]),  # 附表1!$B$3 on 附表2/3 becomes 附表1!$B$4
    "text amount": ("shifeng", [["text", "附表2", "C6", "8万元"]]),
    "row above the first detail": (
        "shifeng", [["insert", "附表3-1", 51, 1], ["number", "附表3-1", "D51", 1.2], ["text", "附表3-1", "B51", "印刷费"],
                    ["number", "附表3-1", "D52", 6.8]],
    ),
}


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, FileReport]:
    """Every case edited and saved by one LibreOffice, then checked."""
    import subprocess

    soffice = office.require_office(poppler=False)
    _require_uno()
    folder = tmp_path_factory.mktemp("lo-rows")
    specs = []
    for number, (name, (seed, edits)) in enumerate(CASES.items()):
        src = example_file(seed, folder / f"src{number}")
        specs.append({"src": str(src), "out": str(folder / f"{number}.xlsx"), "edits": edits, "name": name})
    spec_file = folder / "spec.json"
    spec_file.write_text(json.dumps(specs, ensure_ascii=False), encoding="utf-8")
    cmd = [UNO_PYTHON, str(HELPER), soffice, office._profile_dir().as_uri(), str(spec_file)]
    res = office._run(cmd, office.SOFFICE_TIMEOUT_S * 2, "uno_rows.py")
    if res.returncode != 0:
        raise subprocess.SubprocessError(f"uno_rows.py failed ({res.returncode}):\n{res.stdout}\n{res.stderr}")
    assert json.loads(res.stdout.strip().splitlines()[-1]) == []
    return {spec["name"]: check_file(spec["out"]) for spec in specs}


def _rows(edits: list[list[object]]) -> list[Edit]:
    return [(str(e[0]), str(e[1]), int(e[2]), int(e[3])) for e in edits if e[0] in ("insert", "delete")]  # type: ignore[call-overload]


@pytest.mark.parametrize(
    ("case", "structure"),
    [
        ("indicator row", [["附表3-1", "B10"]]),
        ("detail row", [["附表3-2", "B51"]]),
        ("rows in two sheets", [["附表1", "B23"], ["附表3-1", "B10"]]),
        ("project row", [["项目申报表", "B11"]]),
        ("above 附表1's title", [["附表1", "A2"]]),
    ],
)
def test_rows_moved_by_an_office_suite(saved: dict[str, FileReport], case: str, structure: list[list[str]]) -> None:
    seed, edits = CASES[case]
    report = saved[case]
    assert report.error is None
    assert [[f.sheet, f.cell] for f in report.findings if f.code == "T106"] == structure
    assert without(report, "T106", "T101") == moved_findings(saved[seed], _rows(edits))


def test_text_amount_typed_in_an_office_suite(saved: dict[str, FileReport]) -> None:
    report = saved["text amount"]
    money = [row for row in report.flatten(KEYS) if row[0][0] == "M"]
    assert money == [["M112", "错误", "附表2", "C6"]]  # the office suite's own 合计 shows 10: not a stale total
    assert "现显示 10 万元，按各行应为 18 万元" in next(f.message for f in report.findings if f.code == "M112")


def test_row_above_the_first_detail_typed_in_an_office_suite(saved: dict[str, FileReport]) -> None:
    report = saved["row above the first detail"]
    money = [row for row in report.flatten(KEYS) if row[0][0] == "M" or row[0] in ("T105", "T106")]
    assert money == [["T106", "错误", "附表3-1", "B51"], ["M112", "错误", "附表3-1", "D51"]]
    assert "现显示 6.8 万元，按各行应为 8 万元" in next(f.message for f in report.findings if f.code == "M112")
