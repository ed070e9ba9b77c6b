"""The JSON report: a stable, documented shape (docs/check-json.md) for scripts and other programs.

Keys and their meaning never change within ``version`` 1; new keys may be added. Text is UTF-8, not escaped.
"""

from __future__ import annotations

import json
from typing import Any

from perfxl.check.findings import Angle, FileReport, Report, Severity
from perfxl.report.summary import Counts, report_counts

VERSION = 1


def report_data(report: Report) -> dict[str, Any]:
    return {
        "version": VERSION,
        "files": [_file_data(file) for file in report.files],
        "summary": _summary(report),
    }


def render_json(report: Report) -> str:
    return json.dumps(report_data(report), ensure_ascii=False, indent=2) + "\n"


def _file_data(file: FileReport) -> dict[str, Any]:
    return {
        "path": file.path,
        "form": file.form,
        "unit": file.unit or None,
        "year": file.year,
        "error": file.error,
        "findings": [finding.as_dict() for finding in file.findings],
    }


def _summary(report: Report) -> dict[str, Any]:
    counts = report_counts(report)
    return {
        "files": len(report.files),
        "unreadable": report.unreadable,
        "findings": counts.total,
        "by_severity": _by(counts, Severity),
        "by_angle": _by(counts, Angle),
        "exit_code": report.exit_code,
    }


def _by(counts: Counts, kind: type[Severity] | type[Angle]) -> dict[str, int]:
    return {member.value: counts[member] for member in kind}
