"""The printable HTML report (A4, 宋体/仿宋): a summary table per file by severity and review angle, then every
finding grouped by file and sheet. The page is a jinja2 template shipped as package data
(``templates/report.html.j2``), rendered with autoescape on: messages come from users' cells.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import PurePath

from perfxl.check.findings import Angle, FileReport, Finding, Report, Severity
from perfxl.report.summary import (
    Counts,
    by_sheet,
    file_counts,
    form_title,
    report_counts,
    status,
    summary_line,
)

TITLE = "预算绩效目标表校验报告"
SEVERITY_CLASS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.ADVICE: "advice"}


@dataclass(frozen=True)
class FileView:
    """What the template shows of one file."""

    report: FileReport
    name: str
    form: str
    status: str
    counts: Counts
    sheets: list[tuple[str, list[Finding]]]


def render_html(report: Report, title: str = TITLE, generated: dt.datetime | None = None) -> str:
    from jinja2 import Environment, PackageLoader, StrictUndefined  # only the html format pays for jinja2

    env = Environment(
        loader=PackageLoader("perfxl.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    template = env.get_template("report.html.j2")
    return template.render(
        title=title,
        generated=(generated or dt.datetime.now()).strftime("%Y-%m-%d %H:%M"),
        files=[_view(file) for file in report.files],
        total=report_counts(report),
        summary=summary_line(report),
        severities=list(Severity),
        angles=list(Angle),
        severity_class=SEVERITY_CLASS,
    )


def _view(file: FileReport) -> FileView:
    return FileView(
        report=file,
        name=PurePath(file.path).name,
        form=form_title(file),
        status=status(file),
        counts=file_counts(file),
        sheets=by_sheet(file),
    )
