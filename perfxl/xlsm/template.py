"""A macro-enabled template (.xlsm): the openpyxl .xlsx template + Forms buttons + a VBA project.

Only these parts change compared with the .xlsx: [Content_Types].xml (macro-enabled main type, vml), the
workbook (``codeName``) and its rels (vbaProject), and in each form sheet ``xmlns:r``, ``codeName`` and
``<legacyDrawing>``; added are xl/vbaProject.bin, one VML drawing per form sheet and the sheets' rels.
Cells, styles, protection, validations, conditional formats, print settings and the marker sheet are untouched.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from openpyxl.utils import column_index_from_string

from perfxl.atomic import atomic_path
from perfxl.xlsm.buttons import ROLE_BUTTONS, Button, add_form_buttons
from perfxl.xlsm.package import read_parts, write_parts
from perfxl.xlsm.vba import XLSM_MODULES, VbaModule, add_vba_project, modules


def form_buttons(xlsx: Path) -> tuple[dict[str, tuple[Button, ...]], dict[str, int]]:
    """The buttons of each form sheet of the workbook, and the 0-based column they go in: one empty column
    right of the printed form. Sheets are recognised by perfxl's reader (renamed and repeated 附表3 too);
    the hidden marker sheet gets none."""
    from perfxl.reader import read_form

    sheets = read_form(xlsx).sheets
    buttons = {name: ROLE_BUTTONS[source.layout.role] for name, source in sheets.items()}
    columns = {name: column_index_from_string(source.layout.last_col) + 1 for name, source in sheets.items()}
    return buttons, columns


def build_xlsm(xlsx: Path, out: Path, vba_modules: Sequence[VbaModule] | None = None) -> Path:
    """Write the macro-enabled twin of the perfxl workbook ``xlsx`` (a template or a filled form) to ``out``,
    atomically, and return ``out``.

    ``vba_modules`` defaults to the shipped ones (xlwings + perfxl_buttons); tests pass a stub for xlwings.
    """
    parts = read_parts(xlsx)
    add_form_buttons(parts, *form_buttons(xlsx))
    with tempfile.TemporaryDirectory(prefix="perfxl-xlsm-") as folder:
        work = Path(folder) / "book.xlsm"
        write_parts(parts, work)
        add_vba_project(work, modules(XLSM_MODULES) if vba_modules is None else vba_modules)
        built = read_parts(work)
    with atomic_path(out) as tmp:
        write_parts(built, tmp)  # fixed zip entry times and order: a rebuild equals the committed file
    return out
