"""Generation for one sheet: read the form, choose entries, plan the cell writes, apply them."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook

from perfxl.check.settings import Settings
from perfxl.frameworks import canonical_level1, canonical_level2
from perfxl.generate.book import apply, grid_of, load_book
from perfxl.generate.facts import SheetFacts, read_facts, sheet_model
from perfxl.generate.model import GeneratedRow, GenerationError, GenerationResult
from perfxl.generate.select import Chooser, ExistingRow, Pick, satisfaction_target
from perfxl.grid import WORKBOOK_SUFFIXES, Grid
from perfxl.layout.spec import Block
from perfxl.library import Library, load_default
from perfxl.marker import FormError
from perfxl.models import Indicator, effective_levels
from perfxl.reader import ReadResult, read_grid_form

#: sheet roles whose indicator block can be generated
ROLES = ("附表3", "项目申报表")
MAX_INFERRED_TYPES = 3
_COLUMNS = ("level1", "level2", "name", "value", "standard")


def plan_indicators(
    grid: Grid,
    sheet: str | None = None,
    *,
    types: Sequence[str] | None = None,
    replace: bool = False,
    library: Library | None = None,
    settings: Settings | None = None,
    source: str = "工作簿",
) -> GenerationResult:
    """Decide the rows and the cell writes for *sheet* of the form in *grid*, without changing anything.

    This is the entry for an adapter that holds a live book: it builds the grid, calls this, and applies
    ``result.writes`` and ``result.unhide`` itself."""
    try:
        read = read_grid_form(grid, source)
    except FormError as err:
        raise GenerationError(str(err)) from err
    name = _choose_sheet(read, grid, sheet)
    library = library if library is not None else load_default()
    facts = read_facts(read, name, library)
    chosen, inferred = _types(library, facts, types)
    model = sheet_model(read, name)
    assert model is not None
    existing = [] if replace else _existing(model.indicators)
    settings = settings or Settings()
    chooser = Chooser(facts, library, read.model.framework, chosen, not inferred, existing,
                      satisfaction_target(Decimal(settings.satisfaction_min)), user_entries(library))  # fmt: skip
    picks = chooser.choose()
    result = GenerationResult(name, facts.role, read.model.framework, tuple(chosen), inferred,
                              kept=len(existing), replaced=replace and bool(model.indicators),
                              notes=chooser.notes)  # fmt: skip
    placed = read.sheets[name]
    block = placed.layout.block("indicators")
    _plan_writes(result, block, placed.where.block_rows(block), placed.item_rows.get("indicators", []), picks, replace)
    return result


def generate_indicators(
    book_or_path: Workbook | str | Path,
    sheet: str | None = None,
    types: Sequence[str] | None = None,
    replace: bool = False,
    library: Library | None = None,
    settings: Settings | None = None,
) -> GenerationResult:
    """Fill the indicator block of one 附表3 or 项目申报表 sheet in an openpyxl workbook (opened from the path
    when a path is given; nothing is saved). ``result.book`` is the changed workbook."""
    book = book_or_path if isinstance(book_or_path, Workbook) else load_book(book_or_path)
    source = "工作簿" if isinstance(book_or_path, Workbook) else Path(book_or_path).name
    result = plan_indicators(grid_of(book), sheet, types=types, replace=replace, library=library,
                             settings=settings, source=source)  # fmt: skip
    apply(book, result)
    result.book = book
    return result


def generate_file(
    path: str | Path,
    output: str | Path,
    sheet: str | None = None,
    types: Sequence[str] | None = None,
    replace: bool = False,
    library: Library | None = None,
    settings: Settings | None = None,
) -> GenerationResult:
    """Generate into a copy: *path* is never modified, *output* appears whole or not at all."""
    from perfxl.authorship import save_signed

    path, output = Path(path), Path(output)
    if output.resolve() == path.resolve():
        raise GenerationError(
            f"输出文件不能与原文件相同（{output.name}）：原文件不会被修改，请用 -o 指定另一个文件名。"
        )
    if output.suffix.lower() not in WORKBOOK_SUFFIXES:
        raise GenerationError(f"输出文件应为 .xlsx 或 .xlsm（现为“{output.name}”）。")
    macros = output.suffix.lower() == ".xlsm"
    if macros and path.suffix.lower() != ".xlsm":
        raise GenerationError(f"{path.name} 不含宏，输出文件请用 .xlsx 扩展名。")
    book = load_book(path, keep_vba=macros)
    result = generate_indicators(book, sheet, types, replace, library, settings)
    save_signed(book, output)
    return result


# ------------------------------------------------------------------------------------------------ helpers


def user_entries(library: Library) -> frozenset[str]:
    """编号 of the entries that a user library added or changed (not as in the bundled default)."""
    default = load_default()
    if library is default:
        return frozenset()
    return frozenset(entry.id for entry in library if default.get(entry.id) != entry)


def _choose_sheet(read: ReadResult, grid: Grid, sheet: str | None) -> str:
    eligible = [name for name, src in read.sheets.items() if src.layout.role in ROLES]
    listing = "、".join(eligible) or "无"
    if sheet is None:
        if len(eligible) == 1:
            return eligible[0]
        raise GenerationError(f"请用 --sheet 指定要生成指标的工作表（可选：{listing}）。")
    if sheet in eligible:
        return sheet
    if sheet in grid:
        raise GenerationError(
            f"工作表“{sheet}”不是附表3或项目申报表，只能为这两种表生成指标（可选：{listing}）。"
        )
    raise GenerationError(f"找不到工作表“{sheet}”（可选：{listing}）。")


def _types(library: Library, facts: SheetFacts, types: Sequence[str] | None) -> tuple[list[str], bool]:
    if types:
        known = library.types()
        unknown = [t for t in types if t not in known]
        if unknown:
            raise GenerationError(f"未知的项目类型“{'”“'.join(unknown)}”。可用的项目类型：{'、'.join(known)}")
        return list(dict.fromkeys(types)), False
    return rank_types(library, facts)[:MAX_INFERRED_TYPES], True


def rank_types(library: Library, facts: SheetFacts) -> list[str]:
    """Types the sheet is about: most 测算 money first (a sheet is about what it pays for), then most keyword
    hits in its text (:meth:`Library.infer_types`)."""
    hits = library.infer_types(facts.text)
    money = facts.money_by_type()
    named = list(dict.fromkeys([*hits, *money]))
    return sorted(named, key=lambda t: (-money.get(t, Decimal(0)), hits.index(t) if t in hits else len(hits)))


def _existing(indicators: Sequence[Indicator]) -> list[ExistingRow]:
    levels = effective_levels(list(indicators))
    return [
        ExistingRow(canonical_level1(l1), canonical_level2(l2), row.name, row.value)
        for row, (l1, l2) in zip(indicators, levels, strict=True)
    ]


def _plan_writes(
    result: GenerationResult, block: Block, rows: range, used_rows: list[int], picks: list[Pick], replace: bool
) -> None:
    """Writes for ``picks`` into the block's ``rows`` (where the block is now: rows may have been inserted)."""
    keys = [key for key in _COLUMNS if any(column.key == key for column in block.columns)]

    def cell(row: int, key: str) -> str:
        return f"{block.column(key).first_col}{row}"

    if replace:
        result.writes += [(cell(row, key), None) for row in used_rows for key in keys]
    start = rows.start if replace or not used_rows else max(used_rows) + 1
    free = rows.stop - start
    if len(picks) > free:
        raise GenerationError(
            f"{result.sheet}：指标区最多 {len(rows)} 行，已填到第 {start - 1} 行，还需新增 {len(picks)} 行，"
            f"只剩 {free} 行，空间不足。请删除部分指标后重试，或使用 --replace 清空指标区后重新生成。"
        )
    for offset, pick in enumerate(picks):
        entry = pick.entry
        row = GeneratedRow(start + offset, entry.level1, entry.level2, entry.name, pick.value,
                           entry.standard, entry.id, pick.source)  # fmt: skip
        result.rows.append(row)
        result.writes += [
            (cell(row.row, key), value)
            for key, value in zip(_COLUMNS, row.cells(), strict=True)
            if key in keys
        ]
        result.unhide.append(row.row)
    result.writes = list(dict(result.writes).items())  # a cleared cell that is rewritten: one write
