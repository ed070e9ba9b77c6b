"""The indicator library (指标库): bundled default entries, user workbooks, search, merge and export.

See :mod:`perfxl.library.store` for the file format and the variables a 指标值模板 may use.
"""

from __future__ import annotations

from .model import (
    DIRECTIONS,
    FRAMEWORK_CHOICES,
    GENERAL,
    QUALITATIVE,
    QUALITATIVE_GRADES,
    SAMPLE_CONTEXT,
    SIGNS,
    TEMPLATE_VARIABLES,
    VAGUE_WORDS,
    LibraryEntry,
    split_value,
    template_variables,
)
from .store import (
    HEADERS,
    SHEET_NAME,
    Library,
    LibraryError,
    export_library_workbook,
    load_default,
    load_library_csv,
    load_library_workbook,
)

__all__ = [
    "DIRECTIONS",
    "FRAMEWORK_CHOICES",
    "GENERAL",
    "HEADERS",
    "QUALITATIVE",
    "QUALITATIVE_GRADES",
    "SAMPLE_CONTEXT",
    "SHEET_NAME",
    "SIGNS",
    "TEMPLATE_VARIABLES",
    "VAGUE_WORDS",
    "Library",
    "LibraryEntry",
    "LibraryError",
    "export_library_workbook",
    "load_default",
    "load_library_csv",
    "load_library_workbook",
    "split_value",
    "template_variables",
]
