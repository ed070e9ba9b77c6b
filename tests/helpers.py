"""Test helpers: write examples to real files and edit cells the way a user would."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from openpyxl import load_workbook

from perfxl.examples import EXAMPLES
from perfxl.writer import write_workbook

SEEDS = Path(__file__).parent / "fixtures" / "seeds"


def example_file(name: str, folder: Path) -> Path:
    return write_workbook(EXAMPLES[name](), folder / f"{name}.xlsx")


def edit_cells(path: Path, values: Mapping[str, object], out: Path | None = None) -> Path:
    """Set "Sheet!A1" cells as a user typing would (text stays text), save to ``out`` (default: in place)."""
    book = load_workbook(path)
    for ref, value in values.items():
        sheet, cell = ref.rsplit("!", 1)
        target = book[sheet][cell]
        target.value = value
        if isinstance(value, str) and value.startswith("="):
            target.data_type = "s"
    out = out or path
    book.save(out)
    return out


def to_fullwidth(text: str) -> str:
    """ASCII → full-width forms ("90%" → "９０％"), as staff type them with a Chinese input method."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def library_workbook(path: Path, *rows: Mapping[str, str]) -> Path:
    """A user 指标库.xlsx: the library headers in row 1, then ``rows`` (missing columns left empty)."""
    from openpyxl import Workbook

    from perfxl.library import HEADERS

    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "指标库"
    ws.append(list(HEADERS))
    for row in rows:
        ws.append([row.get(name, "") for name in HEADERS])
    book.save(path)
    return path
