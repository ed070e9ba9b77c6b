"""Formulas that reach out of a workbook: DDE calls, links to other workbooks, functions that call the network or
programs. Rule T105 reports them; the copies perfxl writes (marked, generated) turn them into inert text."""

from __future__ import annotations

import re

#: a DDE call ("=cmd|' /C calc'!A0"): an application name, a bar, a topic
DDE = re.compile(r"(?:^|[=(,+\-*/&;\s])'?[A-Za-z][\w.]{0,63}'?\|")
#: a reference into another workbook: [1]Sheet!A1 (external link part) or '[预算.xlsx]Sheet1'!A1 or a path
EXTERNAL = re.compile(r"\[[^\]\[]{1,255}\][^!]{0,255}!|'[A-Za-z]:\\|'\\\\")
#: functions that call out of the workbook (network, programs, files)
CALLS_OUT = re.compile(r"\b(WEBSERVICE|FILTERXML|CALL|REGISTER(?:\.ID)?|EXEC|RTD|IMPORTXML|IMPORTDATA)\s*\(", re.I)
#: a HYPERLINK call (a warning only: it opens nothing by itself)
LINK_CALL = re.compile(r"\bHYPERLINK\s*\(", re.I)


def reaches_out(formula: str) -> bool:
    """Whether ``formula`` (with or without its ``=``) is a DDE call, an external link or a call-out function."""
    return bool(DDE.search(formula) or EXTERNAL.search(formula) or CALLS_OUT.search(formula))
