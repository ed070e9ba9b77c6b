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
from perfxl.layout.spec import WorkbookLayout
from perfxl.xlsm.buttons import ROLE_BUTTONS, Button, add_form_buttons
from perfxl.xlsm.package import read_parts, sheet_parts, write_parts
from perfxl.xlsm.vba import XLSM_MODULES, VbaModule, add_vba_project, modules


def sheet_buttons(layout: WorkbookLayout, sheet_names: Sequence[str]) -> dict[str, tuple[Button, ...]]:
    """The buttons of each form sheet of a template (by its default sheet name); the marker sheet gets none."""
    roles = {role.layout.default_name: role.layout for role in layout.sheets}
    return {name: ROLE_BUTTONS[roles[name].role] for name in sheet_names if name in roles}


def button_columns(layout: WorkbookLayout) -> dict[str, int]:
    """0-based column of each sheet's buttons: one empty column right of the printed form, then the buttons."""
    return {
        role.layout.default_name: column_index_from_string(role.layout.last_col) + 1 for role in layout.sheets
    }


def build_xlsm(
    xlsx: Path, out: Path, layout: WorkbookLayout, vba_modules: Sequence[VbaModule] | None = None
) -> Path:
    """Write the macro-enabled twin of the template ``xlsx`` to ``out`` (atomically) and return ``out``.

    ``vba_modules`` defaults to the shipped ones (xlwings + perfxl_buttons); tests pass a stub for xlwings.
    """
    parts = read_parts(xlsx)
    buttons = sheet_buttons(layout, list(sheet_parts(parts)))
    add_form_buttons(parts, buttons, {name: button_columns(layout)[name] for name in buttons})
    with tempfile.TemporaryDirectory(prefix="perfxl-xlsm-") as folder:
        work = Path(folder) / "book.xlsm"
        write_parts(parts, work)
        add_vba_project(work, modules(XLSM_MODULES) if vba_modules is None else vba_modules)
        built = read_parts(work)
    with atomic_path(out) as tmp:
        write_parts(built, tmp)  # fixed zip entry times and order: a rebuild equals the committed file
    return out
