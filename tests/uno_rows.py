"""Edit workbooks in headless LibreOffice as a user would in a spreadsheet program, and save them as .xlsx.

Runs under the system Python that has python3-uno (``/usr/bin/python3``), not the venv (tests/test_rows_office.py
calls it as a subprocess). An office suite, not our own helper, then decides how merges, formulas and the saved
results of formulas move when a row is inserted or deleted, and what SUM does with text.

    /usr/bin/python3 tests/uno_rows.py SOFFICE PROFILE_URL SPEC.json  ->  JSON list of errors on stdout

SPEC is ``[{"src": ..., "out": ..., "edits": [[kind, sheet, ...], ...]}]`` with kinds
``["insert", sheet, row, count]`` / ``["delete", sheet, row, count]`` (1-based rows, whole rows, the sheet
unprotected first as a user must), ``["text", sheet, cell, text]`` (typed as text) and ``["number", sheet, cell,
value]``. Every file is saved with its formulas recalculated, as Excel saves.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys

import uno  # type: ignore[import-not-found]
from uno_buttons import prop, start  # type: ignore[import-not-found]  # same folder: one way to start LibreOffice

XLSX = "Calc MS Excel 2007 XML"


def edit(desktop, spec):
    url = uno.systemPathToFileUrl(os.path.abspath(spec["src"]))
    doc = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
    if doc is None:
        return f"{spec['src']}: LibreOffice could not open the file"
    try:
        for kind, name, *args in spec["edits"]:
            sheet = doc.Sheets.getByName(name)
            if kind in ("insert", "delete"):
                row, count = args
                if sheet.isProtected():
                    sheet.unprotect("")
                rows = sheet.getRows()
                (rows.insertByIndex if kind == "insert" else rows.removeByIndex)(row - 1, count)
            elif kind == "text":
                sheet.getCellRangeByName(args[0]).setString(args[1])
            else:
                sheet.getCellRangeByName(args[0]).setValue(args[1])
        doc.calculateAll()
        out = uno.systemPathToFileUrl(os.path.abspath(spec["out"]))
        doc.storeToURL(out, (prop("FilterName", XLSX), prop("Overwrite", True)))
        return None
    finally:
        doc.close(True)


def main():
    soffice, profile_url, spec_file = sys.argv[1:4]
    with open(spec_file, encoding="utf-8") as handle:
        specs = json.load(handle)
    proc, desktop = start(soffice, profile_url)
    try:
        errors = [error for spec in specs if (error := edit(desktop, spec))]
    finally:
        with contextlib.suppress(Exception):  # terminate() may drop the bridge before it answers
            desktop.terminate()
        proc.wait(30)
    json.dump(errors, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
