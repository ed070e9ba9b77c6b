"""A1 notation ("E13", "B4:E4") without importing openpyxl, whose package import alone costs ~0.1 s on every
Excel click that runs ``perfxl check``."""

from __future__ import annotations

import re
from functools import lru_cache

_CELL = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")


def column_index(letters: str) -> int:
    """"A" → 1, "AA" → 27."""
    index = 0
    for ch in letters.upper():
        index = index * 26 + ord(ch) - 64
    return index


def column_letter(index: int) -> str:
    """1 → "A", 27 → "AA"."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@lru_cache(maxsize=4096)
def split_cell(cell: str) -> tuple[int, int]:
    """"E13" → (row 13, column 5), both 1-based (cached: the forms' cells are few and looked up very often)."""
    match = _CELL.fullmatch(cell.strip())
    if match is None:
        raise ValueError(f"not a cell reference: {cell!r}")
    return int(match.group(2)), column_index(match.group(1))


def bounds(ref: str) -> tuple[int, int, int, int]:
    """"B4:E6" → (min_row 4, min_col 2, max_row 6, max_col 5); a single cell gives a 1×1 range."""
    first, _, last = ref.partition(":")
    row1, col1 = split_cell(first)
    row2, col2 = split_cell(last) if last else (row1, col1)
    return min(row1, row2), min(col1, col2), max(row1, row2), max(col1, col2)
