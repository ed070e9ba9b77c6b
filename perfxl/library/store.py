"""The indicator library (指标库): the bundled default, user workbooks, search and merge.

The default library is ``perfxl/data/indicator_library.csv`` (UTF-8 with BOM). Its rows were adapted from the
published indicator libraries and filled forms listed in ``shared/reference/indicator-library-sample.SOURCES.txt``
(a 项目支出绩效评价指标库, a journal's 通用共性指标库 table, published county forms), then extended with 网信 types
and rewritten as measurable targets. A user library is an .xlsx workbook whose sheet 指标库 has the CSV's headers
(:data:`HEADERS`) in row 1; :meth:`Library.merge` lays it over the default (an existing 编号 replaces that entry).

指标值模板 is a jinja2 expression text that may use only these variables:
金额 (万元, Decimal: the sheet's or the line's amount), 人数, 人次, 期数, 次数, 场次, 天数, 个数, 套数, 台数, 篇数,
条数, 单价 (元 per unit, Decimal) with 单价单位 (such as "元/人"), 满意度 (threshold number such as 90),
完成时限 (text such as "2023年12月31日前") and 年度. Examples: ``≥{{ 期数 }}期``, ``≤{{ 金额 }}万元``,
``≤{{ 单价 }}元/人``, ``≥{{ 满意度 }}%``, ``{{ 完成时限 }}``. Rates that do not depend on the form are literal
(``≥95%``, ``＝100%``); 定性 entries use a graded value (``达成年度指标``) or the 完成时限 text.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from importlib.resources import files
from pathlib import Path

import xlsxwriter
from pydantic import ValidationError
from python_calamine import CalamineWorkbook
from xlsxwriter.format import Format

from perfxl.atomic import atomic_path
from perfxl.frameworks import FRAMEWORKS, PERFORMANCE_STANDARDS, FrameworkId, normalize_name
from perfxl.grid import native_stderr_silenced

from .model import (
    DIRECTIONS,
    FRAMEWORK_CHOICES,
    GENERAL,
    QUALITATIVE_GRADES,
    SIGNS,
    TEMPLATE_VARIABLES,
    LibraryEntry,
)

SHEET_NAME = "指标库"
HELP_SHEET_NAME = "说明"
HEADERS: tuple[str, ...] = tuple(str(field.alias) for field in LibraryEntry.model_fields.values())
_WIDTHS = (10, 10, 18, 36, 12, 18, 38, 24, 9, 10, 9, 13, 70)


class LibraryError(ValueError):
    """A library file with malformed rows; ``problems`` lists every one ("文件 工作表!第N行：…")."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        head = f"指标库有{len(self.problems)}处问题：\n" if len(self.problems) > 1 else ""
        super().__init__(head + "\n".join(self.problems))


@dataclass(frozen=True)
class Library:
    entries: tuple[LibraryEntry, ...] = ()

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[LibraryEntry]:
        return iter(self.entries)

    def get(self, entry_id: str) -> LibraryEntry | None:
        return next((entry for entry in self.entries if entry.id == entry_id), None)

    def for_framework(self, framework: FrameworkId | str) -> Library:
        """Entries usable under *framework*: its own and the 通用 ones."""
        try:
            wanted = FrameworkId(framework).value
        except ValueError:
            raise ValueError(f"未知的指标体系“{framework}”（应为 classic/guide2021）") from None
        return Library(tuple(entry for entry in self.entries if entry.framework in (wanted, GENERAL)))

    def types(self) -> tuple[str, ...]:
        """Project types in library order, without the 通用 pseudo-type."""
        return tuple(dict.fromkeys(e.project_type for e in self.entries if e.project_type != GENERAL))

    def by_type(self, project_type: str, *, include_general: bool = False) -> list[LibraryEntry]:
        """Entries of *project_type*, followed by the 通用 entries when *include_general*."""
        wanted = {project_type, GENERAL} if include_general else {project_type}
        own = [e for e in self.entries if e.project_type == project_type]
        return own + [e for e in self.entries if e.project_type in wanted - {project_type}]

    def search(self, text: str) -> list[LibraryEntry]:
        """Entries whose name, type or keywords match *text*; exact name hits first, then name hits."""
        query = normalize_name(text)
        if not query:
            return []
        scored = [(self._score(entry, query), index, entry) for index, entry in enumerate(self.entries)]
        return [entry for score, _, entry in sorted(scored, key=lambda item: (-item[0], item[1])) if score]

    @staticmethod
    def _score(entry: LibraryEntry, query: str) -> int:
        name = normalize_name(entry.name)
        score = 8 if name == query else 4 if query in name else 0
        if entry.project_type != GENERAL and (query in entry.project_type or entry.project_type in query):
            score += 2
        if any(query in word or word in query for word in entry.keywords):
            score += 1
        return score

    @cached_property
    def type_words(self) -> dict[str, frozenset[str]]:
        """Each project type (通用 aside, in library order) → the keywords of all its entries."""
        words: dict[str, set[str]] = {}
        for entry in self.entries:
            if entry.project_type != GENERAL:
                words.setdefault(entry.project_type, set()).update(w for w in entry.keywords if w)
        return {project_type: frozenset(found) for project_type, found in words.items()}

    def infer_types(self, text: str) -> list[str]:
        """Project types whose name or keywords occur in *text* (a sheet's text), most hits first."""
        hits = {
            project_type: sum(1 for word in words if word in text) + (2 if project_type in text else 0)
            for project_type, words in self.type_words.items()
        }
        return [name for name, count in sorted(hits.items(), key=lambda item: -item[1]) if count]

    def merge(self, other: Library) -> Library:
        """*other* laid over this library: same 编号 replaces the entry in place, new 编号 are appended."""
        overrides = {entry.id: entry for entry in other.entries}
        own = {entry.id for entry in self.entries}
        merged = [overrides.get(entry.id, entry) for entry in self.entries]
        return Library(tuple(merged + [entry for entry in other.entries if entry.id not in own]))


# ------------------------------------------------------------------------------------------------ reading


def _messages(exc: ValidationError) -> list[str]:
    messages = []
    for error in exc.errors():
        where = "、".join(str(part) for part in error["loc"])
        if error["type"] == "value_error":
            messages += str(error["ctx"]["error"]).splitlines()
        elif error["type"] == "missing":
            messages.append(f"缺少“{where}”")
        else:
            messages.append(f"“{where}”格式错误：{error['msg']}")
    return messages


def _duplicates(rows: list[tuple[int, LibraryEntry]], where: str) -> list[str]:
    problems: list[str] = []
    ids: dict[str, int] = {}
    names: dict[tuple[str, str, str], int] = {}
    for row, entry in rows:
        if entry.id in ids:
            problems.append(f"{where}第{row}行：编号“{entry.id}”与第{ids[entry.id]}行重复")
        ids.setdefault(entry.id, row)
        frameworks = ("classic", "guide2021") if entry.framework == GENERAL else (entry.framework,)
        for framework in frameworks:
            key = (framework, entry.project_type, normalize_name(entry.name))
            if key in names and names[key] != row:
                problems.append(
                    f"{where}第{row}行：三级指标“{entry.name}”在项目类型“{entry.project_type}”"
                    f"（{framework}）中与第{names[key]}行重复"
                )
                break
            names.setdefault(key, row)
    return problems


def _build(records: Iterable[tuple[int, dict[str, str]]], where: str, problems: list[str]) -> Library:
    rows: list[tuple[int, LibraryEntry]] = []
    for row, record in records:
        try:
            rows.append((row, LibraryEntry.model_validate(record)))
        except ValidationError as exc:
            problems += [f"{where}第{row}行：{message}" for message in _messages(exc)]
    problems += _duplicates(rows, where)
    if problems:
        raise LibraryError(problems)
    return Library(tuple(entry for _, entry in rows))


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _records(table: list[list[str]], where: str, problems: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows below the header as header → text, numbered as in Excel (header is row 1); blank rows skipped."""
    header = [normalize_name(cell) for cell in table[0]] if table else []
    missing = [name for name in HEADERS if name not in header]
    if missing:
        problems.append(f"{where}第1行：缺少列“{'”“'.join(missing)}”（表头应为 {'、'.join(HEADERS)}）")
        return
    columns = {name: header.index(name) for name in HEADERS}
    for number, cells in enumerate(table[1:], start=2):
        if any(cells):
            yield number, {name: cells[col] if col < len(cells) else "" for name, col in columns.items()}


def _read_csv(text: str, label: str) -> Library:
    table = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text.lstrip("\ufeff")))]
    problems: list[str] = []
    return _build(list(_records(table, f"{label} ", problems)), f"{label} ", problems)


@cache
def load_default() -> Library:
    """The bundled default library (read once, then cached)."""
    resource = files("perfxl") / "data" / "indicator_library.csv"
    return _read_csv(resource.read_text(encoding="utf-8-sig"), "indicator_library.csv")


def load_library_csv(path: str | os.PathLike[str]) -> Library:
    """A library kept as CSV with the same headers (UTF-8, with or without BOM)."""
    return _read_csv(Path(path).read_text(encoding="utf-8-sig"), Path(path).name)


def load_library_workbook(path: str | os.PathLike[str]) -> Library:
    """Read the 指标库 sheet of an .xlsx workbook; LibraryError lists every malformed row."""
    label = Path(path).name
    try:
        with native_stderr_silenced(), CalamineWorkbook.from_path(str(path)) as book:
            if SHEET_NAME not in book.sheet_names:
                raise LibraryError(
                    [f"{label}：找不到工作表“{SHEET_NAME}”（现有：{'、'.join(book.sheet_names)}）"]
                )
            raw = book.get_sheet_by_name(SHEET_NAME).to_python(skip_empty_area=False)
    except LibraryError:
        raise
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # calamine's own errors for broken files; a panic inside it is a BaseException
        raise LibraryError([f"{label}：无法读取工作簿：文件已损坏、不是有效的 .xlsx，或有无法转换的单元格"
                            f"（{type(exc).__name__}）。请在 Excel/WPS 中打开后另存为 .xlsx 再试。"]) from exc
    table = [[_cell_text(cell) for cell in row] for row in raw]
    where = f"{label} {SHEET_NAME}!"
    problems: list[str] = []
    return _build(list(_records(table, where, problems)), where, problems)


# ------------------------------------------------------------------------------------------------ writing


def export_library_workbook(library: Library, path: str | os.PathLike[str]) -> Path:
    """Write *library* as an 指标库 workbook (atomically: temp file in the same folder, then replace)."""
    target = Path(path)
    with atomic_path(target) as temp:
        _write_workbook(library, str(temp))
    return target


def _write_workbook(library: Library, filename: str) -> None:
    book = xlsxwriter.Workbook(filename, {"strings_to_numbers": False, "strings_to_formulas": False,
                                          "strings_to_urls": False})  # fmt: skip
    try:
        head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "font_name": "宋体",
                                "align": "center", "valign": "vcenter", "text_wrap": True})  # fmt: skip
        body = book.add_format({"font_name": "宋体", "valign": "top"})
        wrap = book.add_format({"font_name": "宋体", "valign": "top", "text_wrap": True})
        sheet = book.add_worksheet(SHEET_NAME)
        for col, (name, width) in enumerate(zip(HEADERS, _WIDTHS, strict=True)):
            sheet.set_column(col, col, width, wrap if name == "指标解释" else body)
            sheet.write_string(0, col, name, head)
        for row, entry in enumerate(library.entries, start=1):
            for col, text in enumerate(entry.as_row()[name] for name in HEADERS):
                sheet.write_string(row, col, text)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(library), 1), len(HEADERS) - 1)
        last = max(len(library) + 500, 2000)
        lists = {"指标体系": FRAMEWORK_CHOICES, "计算符号": SIGNS, "指标方向": DIRECTIONS,
                 "绩效标准": PERFORMANCE_STANDARDS}  # fmt: skip
        for name, choices in lists.items():
            col = HEADERS.index(name)
            sheet.data_validation(1, col, last, col, {
                "validate": "list", "source": list(choices), "error_title": name,
                "error_message": f"请从下拉列表选择：{'、'.join(choices)}"})  # fmt: skip
        _write_help(book, head, wrap)
    finally:
        book.close()


def _write_help(book: xlsxwriter.Workbook, head: Format, wrap: Format) -> None:
    sheet = book.add_worksheet(HELP_SHEET_NAME)
    sheet.set_column(0, 0, 16)
    sheet.set_column(1, 1, 80)
    levels = [(f"  {fw.id.value}", "；".join(f"{l1}：{'、'.join(l2)}" for l1, l2 in fw.levels.items()))
              for fw in FRAMEWORKS.values()]  # fmt: skip
    rows = [("模板变量", "含义（指标值模板中写作 {{ 变量 }}，如 ≥{{ 期数 }}期）"), *TEMPLATE_VARIABLES.items(), ("", ""),
            ("指标体系", "classic：财预〔2015〕88号；guide2021：财预〔2021〕101号指引；通用：两者皆可"), *levels,
            ("计算符号", " ".join(SIGNS) + "（定量指标须填计量单位，定性指标不填；成本指标只用≤）"),
            ("定性指标值", "、".join(QUALITATIVE_GRADES) + "；或完成时限文字"),
            ("编号", "与默认指标库相同编号的行覆盖默认条目，新编号的行追加为新条目")]  # fmt: skip
    for row, (key, text) in enumerate(rows):
        fmt = head if row == 0 or key in ("指标体系", "计算符号", "定性指标值", "编号") else wrap
        sheet.write_string(row, 0, key, fmt)
        sheet.write_string(row, 1, text, head if row == 0 else wrap)
