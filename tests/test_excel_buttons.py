"""Each Excel button's action on a real workbook, through the live-book stand-in (tests/fake_excel.py) and a UI
that records what the user would see. The same results as the command line on the same file."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

import perfxl.excel
from perfxl.check.engine import check_file
from perfxl.check.findings import Severity
from perfxl.edits.marks import LEDGER_SHEET, RESULT_SHEET
from perfxl.excel import actions
from perfxl.excel.buttons import run_on
from perfxl.excel.ui import log_folder
from perfxl.layout.forms import SPENDING_DIRECTION
from perfxl.reader import read_form
from tests.fake_excel import FakeBook
from tests.helpers import edit_cells, example_file


class RecordingUI:
    def __init__(self, answers: dict[str, object] | None = None):
        self.answers = answers or {}
        self.shown: list[str] = []
        self.statuses: list[str | None] = []
        self.opened: list[Path] = []

    def info(self, text: str) -> None:
        self.shown.append(text)

    def ask_text(self, prompt: str, default: str = "") -> str | None:
        return self.answers.get("text")  # type: ignore[return-value]

    def ask_folder(self, prompt: str) -> Path | None:
        return self.answers.get("folder")  # type: ignore[return-value]

    def ask_file(self, prompt: str) -> Path | None:
        return self.answers.get("file")  # type: ignore[return-value]

    def status(self, text: str | None) -> None:
        self.statuses.append(text)

    def open(self, path: Path) -> None:
        self.opened.append(path)


def press(name: str, path: Path, ui: RecordingUI | None = None, active: str | None = None, row: int = 1) -> tuple:
    wb = load_workbook(path, rich_text=True)
    if active:
        wb.active = wb[active]
    ui = ui or RecordingUI()
    run_on(name, FakeBook(wb, str(path), selected_row=row), ui)
    out = path.with_name(f"{path.stem}-{name}{path.suffix}")
    wb.save(out)
    return ui, out


@pytest.fixture
def shifeng(tmp_path: Path) -> Path:
    return edit_cells(example_file("shifeng", tmp_path), {"附表1!C5": 50})


def test_every_button_function_exists() -> None:
    for _macro, function in perfxl.excel.BUTTONS:
        assert callable(getattr(perfxl.excel, function))
        assert callable(getattr(actions, function))


def test_validate_marks_and_reports_the_same_findings_as_the_cli(shifeng: Path) -> None:
    cli = check_file(shifeng)
    ui, out = press("validate", shifeng)
    errors = cli.count(Severity.ERROR)
    assert ui.shown[0].startswith(f"校验完成：错误 {errors} 条，警告 {cli.count(Severity.WARNING)} 条")
    first = next(f for f in cli.findings if f.severity == Severity.ERROR)
    assert first.message in ui.shown[0]
    book = load_workbook(out)
    listed = [row[2] for row in book[RESULT_SHEET].iter_rows(min_row=2, values_only=True)]
    # the live book has no file XML: the rules reading formulas and protection (T) do not run there
    assert listed == [f.code for f in cli.findings if not f.code.startswith("T")]
    assert book["附表1"]["C5"].comment is not None
    assert ui.statuses[-1] is None  # the status bar is given back


def test_clear_marks_button_after_validate(shifeng: Path) -> None:
    _, marked = press("validate", shifeng)
    ui, clean = press("clear_marks", marked)
    assert ui.shown[0].startswith("已清除 ")
    book = load_workbook(clean)
    assert RESULT_SHEET not in book.sheetnames and LEDGER_SHEET not in book.sheetnames
    assert book["附表1"]["C5"].comment is None
    ui, _ = press("clear_marks", clean)
    assert ui.shown == ["没有需要清除的校验标记。"]


def test_generate_fills_the_active_sheet_like_the_cli(tmp_path: Path) -> None:
    from perfxl.generate import generate_file

    source = example_file("shifeng", tmp_path)
    ui, out = press("generate", source, active="附表3-1")
    assert "附表3-1" in ui.shown[0] and "新增指标" in ui.shown[0]
    cli = generate_file(source, tmp_path / "cli.xlsx", sheet="附表3-1")
    live = read_form(out).model.directions[0].indicators
    assert [i.name for i in live] == [i.name for i in read_form(tmp_path / "cli.xlsx").model.directions[0].indicators]
    assert len(cli.rows) > 0


def test_generate_on_a_sheet_without_indicators_explains(shifeng: Path) -> None:
    ui, _ = press("generate", shifeng, active="附表1")
    assert "附表3" in ui.shown[0] and "Traceback" not in ui.shown[0]


def test_add_sheet3_adds_a_linked_direction(shifeng: Path) -> None:
    ui, out = press("add_sheet3", shifeng, active="附表2", row=7)
    assert "附表3-3" in ui.shown[0]
    model = read_form(out).model
    assert [d.fund_name for d in model.directions][-1] == model.summary.rows[1].name
    assert model.directions[-1].project_amount == model.summary.rows[1].amount
    book = load_workbook(out)
    assert book.sheetnames.index("附表3-3") == book.sheetnames.index("附表3-2") + 1
    for block in SPENDING_DIRECTION.blocks:  # shown as the template shows it, whatever the copied sheet showed
        hidden = [book["附表3-3"].row_dimensions[row].hidden for row in block.rows]
        assert hidden == [False] * block.min_rows + [True] * (block.capacity - block.min_rows)


def test_export_writes_a_macro_free_copy_and_warns_about_errors(shifeng: Path) -> None:
    ui, _ = press("export", shifeng)
    target = shifeng.with_name(f"{shifeng.stem}_报送版.xlsx")
    assert target.exists() and "还有" in ui.shown[0] and "错误" in ui.shown[0]
    assert read_form(target).model.overall.total == read_form(shifeng).model.overall.total


def test_export_refuses_a_marked_book(shifeng: Path) -> None:
    _, marked = press("validate", shifeng)
    ui, _ = press("export", marked)
    assert "清除标记" in ui.shown[0]


def test_consolidate_asks_for_a_folder_and_opens_the_summary(tmp_path: Path) -> None:
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    example_file("shifeng", inbox)
    example_file("hengdong", inbox)
    caller = example_file("shifeng", tmp_path)
    ui, _ = press("consolidate", caller, RecordingUI({"folder": inbox}))
    assert ui.opened and ui.opened[0].parent == inbox and ui.opened[0].exists()
    assert "已汇总 2 份报表" in ui.shown[0]
    assert any(s and s.startswith("perfxl 汇总：") for s in ui.statuses)


def test_cancel_does_nothing(tmp_path: Path) -> None:
    ui, _ = press("consolidate", example_file("shifeng", tmp_path), RecordingUI({}))
    assert ui.shown == [] and ui.opened == []


def test_a_book_that_is_no_form_gets_a_sentence(tmp_path: Path) -> None:
    from openpyxl import Workbook

    path = tmp_path / "其他.xlsx"
    Workbook().save(path)
    ui, _ = press("validate", path)
    assert "不是 perfxl 模板" in ui.shown[0]


def test_an_unexpected_error_is_a_message_and_a_log_entry(shifeng: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(book: object, ui: object) -> str:
        raise RuntimeError("坏了")

    monkeypatch.setattr(actions, "validate", broken)
    ui, _ = press("validate", shifeng)
    log = log_folder() / "perfxl-excel.log"
    assert "运行出错" in ui.shown[0] and str(log) in ui.shown[0] and "Traceback" not in ui.shown[0]
    assert "RuntimeError: 坏了" in log.read_text(encoding="utf-8")


# ---------------------------------------------------------------- the same jobs without Excel (WPS, servers)


def test_cli_sheet3_and_unmark(tmp_path: Path) -> None:
    from perfxl.cli import main
    from perfxl.layout.forms import DEPARTMENT_WORKBOOK
    from perfxl.writer import build_template

    source = example_file("shifeng", tmp_path)
    assert main(["sheet3", str(source), "--row", "6", "-o", str(tmp_path / "three.xlsx")]) == 0
    model = read_form(tmp_path / "three.xlsx").model
    assert len(model.directions) == 3 and model.directions[2].fund_name == model.summary.rows[0].name
    assert main(["sheet3", str(source), "--row", "9", "-o", str(tmp_path / "x.xlsx")]) == 2

    # a fresh template: its blank 附表3-1 takes the first 专项 instead of a new sheet
    blank = tmp_path / "blank.xlsx"
    build_template(DEPARTMENT_WORKBOOK).save(blank)
    filled = edit_cells(blank, {"附表2!B6": "宣传专项", "附表2!C6": 5}, tmp_path / "filled.xlsx")
    assert main(["sheet3", str(filled), "-o", str(tmp_path / "one.xlsx")]) == 0
    book = load_workbook(tmp_path / "one.xlsx")
    assert [s for s in book.sheetnames if s.startswith("附表3")] == ["附表3-1"]
    assert book["附表3-1"]["E4"].value == "宣传专项" and book["附表3-1"]["B5"].value == 5

    marked = tmp_path / "marked.xlsx"
    assert main(["check", str(source), "--mark", str(marked)]) in (0, 1)
    assert main(["unmark", str(marked), "-o", str(tmp_path / "clean.xlsx")]) == 0
    assert RESULT_SHEET not in load_workbook(tmp_path / "clean.xlsx").sheetnames
