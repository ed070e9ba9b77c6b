"""Planned edits to a workbook, computed by the core and carried out by a thin applier.

:mod:`perfxl.edits.book` names the operations an applier offers; :mod:`perfxl.edits.marks` decides the marks of a
check and how to clear them. Appliers: :mod:`perfxl.edits.openpyxl_book` for files, ``perfxl.excel.xlwings_book``
for the live book behind the Excel buttons.
"""
