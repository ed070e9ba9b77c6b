"""Write forms: empty templates (``perfxl templates``) and filled workbooks (``perfxl example``, ``write_workbook``)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from pydantic import BaseModel

from perfxl.authorship import save_signed
from perfxl.frameworks import FrameworkId
from perfxl.layout.forms import DEPARTMENT_WORKBOOK, PROJECT_WORKBOOK
from perfxl.layout.spec import SheetLayout, WorkbookLayout
from perfxl.models import DepartmentReturn, FormModel, ProjectDeclaration
from perfxl.writer.build import build_workbook

__all__ = ["build_template", "template_file_name", "write_workbook"]


def _sheets(layout: WorkbookLayout, model: FormModel | None) -> list[tuple[SheetLayout, BaseModel | None]]:
    sheets: list[tuple[SheetLayout, BaseModel | None]] = []
    for role in layout.sheets:
        if model is None:
            sheets.append((role.layout, None))
        elif role.repeating:
            children: list[BaseModel] = list(getattr(model, role.attr))
            sheets += [(role.layout, child) for child in children] or [(role.layout, None)]
        else:
            sheets.append((role.layout, model if role.attr == "project" else getattr(model, role.attr)))
    return sheets


def layout_of(model: FormModel) -> WorkbookLayout:
    return DEPARTMENT_WORKBOOK if isinstance(model, DepartmentReturn) else PROJECT_WORKBOOK


def build_template(layout: WorkbookLayout, framework: FrameworkId = FrameworkId.CLASSIC) -> Workbook:
    return build_workbook(layout, framework, _sheets(layout, None))


def template_file_name(layout: WorkbookLayout, framework: FrameworkId) -> str:
    suffix = "" if framework == FrameworkId.CLASSIC else "（2021指引）"
    return f"{layout.file_stem}{suffix}.xlsx"


def write_workbook(model: DepartmentReturn | ProjectDeclaration, path: str | Path) -> Path:
    """Write ``model`` into a fresh copy of its form; the file appears whole or not at all."""
    layout = layout_of(model)
    book = build_workbook(layout, model.framework, _sheets(layout, model))
    return save_signed(book, Path(path))
