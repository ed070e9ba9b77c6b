"""The printable HTML report (A4, 宋体/仿宋): a summary table per file by severity and review angle, then each
file under its unit's name, year and form, its findings 错误 first, then 警告, then 提示 (workbook order within
each). A remedy repeated on the next row for the same rule reads "同上" so the page stays short. The page is a jinja2
template shipped as package data (``templates/report.html.j2``), rendered with autoescape on: messages come from
users' cells.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import PurePath

from perfxl.check.findings import Angle, FileReport, Finding, Report, Severity
from perfxl.report.summary import (
    WHOLE_FILE,
    Counts,
    file_counts,
    form_title,
    report_counts,
    status,
    summary_line,
)

TITLE = "预算绩效目标表校验报告"
SEVERITY_CLASS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.ADVICE: "advice"}


SAME_HINT = "同上"


@dataclass(frozen=True)
class Row:
    """One finding as its table row shows it."""

    place: str
    finding: Finding
    hint: str


@dataclass(frozen=True)
class FileView:
    """What the template shows of one file."""

    report: FileReport
    name: str
    heading: str
    form: str
    status: str
    counts: Counts
    groups: list[tuple[Severity, list[Row]]]


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
    name = PurePath(file.path).name
    year = f"{file.year}年" if file.year else ""
    return FileView(
        report=file,
        name=name,
        heading=" ".join(part for part in (file.unit or name, year) if part),
        form=form_title(file),
        status=status(file),
        counts=file_counts(file),
        groups=by_severity(file),
    )


def by_severity(file: FileReport) -> list[tuple[Severity, list[Row]]]:
    """The file's findings by severity, 错误 first, each group in workbook order."""
    groups = []
    for severity in sorted(Severity, key=lambda s: s.rank):
        rows, previous = [], None
        for finding in (f for f in file.findings if f.severity == severity):
            place = f"{finding.sheet}!{finding.cell}" if finding.cell else (finding.sheet or WHOLE_FILE)
            same = previous is not None and (previous.code, previous.hint) == (finding.code, finding.hint)
            rows.append(Row(place, finding, SAME_HINT if same and finding.hint else finding.hint))
            previous = finding
        if rows:
            groups.append((severity, rows))
    return groups
