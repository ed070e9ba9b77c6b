"""``perfxl check FILE_OR_FOLDER... [--format text|json|html] [-o FILE] [--mark OUT.xlsx]``.

Exit codes: 0 no 错误; 1 错误 found; 2 a file could not be read, a setting is unusable, or the call is wrong.
Only the chosen renderer is imported (jinja2 for html, openpyxl for --mark), so a plain check starts fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from perfxl.check.engine import check_paths
from perfxl.check.findings import Report
from perfxl.check.settings import Settings, SettingsError, load_settings
from perfxl.grid import os_reason
from perfxl.limits import set_limits

#: more files than this get a progress line on stderr (when stderr is a terminal)
PROGRESS_AFTER = 3
PROGRESS_WIDTH = 78


def run(args: argparse.Namespace) -> int:
    try:
        args.files = _workbooks(args.files)
    except ValueError as err:
        return _fail(str(err))
    problem = _call_problem(args)
    if problem:
        return _fail(problem)
    try:
        settings = _settings(args)
    except SettingsError as err:
        return _fail(str(err))
    set_limits(settings.read_limits())
    progress = _progress(len(args.files), sys.stderr)
    report = check_paths(args.files, settings, progress=progress)
    if progress is not None:
        progress(0, 0, "")  # clears the line
    from perfxl.report.output import emit

    try:
        emit(render(report, args.format), args.output)
    except OSError as err:
        return _fail(f"无法写入报告 {args.output}：{os_reason(err)}")
    if args.output is not None:
        from perfxl.report.summary import summary_line

        print(f"报告已写入 {args.output}（{summary_line(report)}）", file=sys.stderr)
    code = report.exit_code
    if args.mark is not None:
        code = max(code, _mark(report, args.files[0], args.mark))
    return code


def render(report: Report, fmt: str) -> str:
    if fmt == "json":
        from perfxl.report.jsondoc import render_json

        return render_json(report)
    if fmt == "html":
        from perfxl.report.htmldoc import render_html

        return render_html(report)
    from perfxl.report.text import render_text

    return render_text(report)


def _call_problem(args: argparse.Namespace) -> str | None:
    """A Chinese sentence when the arguments cannot work together, before any file is read."""
    if args.mark is not None:
        if len(args.files) != 1:
            return f"--mark 只能用于一个文件（本次给了 {len(args.files)} 个）：标注副本与原文件一一对应，请逐个文件标注。"
        from perfxl.mark import target_problem

        problem = target_problem(args.files[0], args.mark)
        if problem:
            return problem
    if args.output is not None and any(_same_file(args.output, f) for f in args.files):
        return f"报告文件 {args.output} 与要校验的文件相同，请换一个文件名（原文件不会被修改）。"
    return None


def _workbooks(paths: list[Path]) -> list[Path]:
    """The files to check: each file as given (a missing one is reported by the check), each folder replaced by
    the workbooks under it, found as ``perfxl consolidate`` finds them (recursively; .xls/.et/.xlsb/.ods are
    kept so that the check says how to save them as .xlsx; a summary perfxl wrote is not a return and is left
    out, as consolidate leaves it out). What a folder holds besides is counted on stderr."""
    if not any(path.is_dir() for path in paths):
        return paths
    # imported only for folders: it loads csv and zipfile
    from perfxl.consolidate.inputs import ConsolidateError, discover, is_summary

    files: list[Path] = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        try:
            found = discover([path])
        except ConsolidateError as err:
            raise ValueError(str(err)) from err
        # a pipe or device named like a workbook is left out (reading it could wait forever), as consolidate does
        kept = [f.path for f in found if f.skip is None and f.path.is_file() and not is_summary(f.path)]
        if not kept:
            raise ValueError(f"文件夹 {path} 中没有 .xlsx/.xlsm 报表。")
        skipped = len(found) - len(kept)
        if skipped:
            print(f"文件夹 {path}：校验其中 {len(kept)} 个工作簿，跳过 {skipped} 个其他文件（Office 锁定文件、"
                  "非工作簿、perfxl 生成的汇总工作簿、管道等）。", file=sys.stderr)
        files += kept
    return files


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _settings(args: argparse.Namespace) -> Settings:
    return load_settings(
        args.config,
        framework=args.framework,
        select=args.select,  # Settings splits "C101,I" and upper-cases
        ignore=args.ignore,
        money_tolerance=args.tolerance,
        satisfaction_min=args.satisfaction_min,
    )


def _progress(total: int, stream: TextIO) -> Callable[[int, int, str], None] | None:
    """"校验 3/40 石峰区.xlsx …" rewritten in place on one stderr line, only for a terminal and more than a few
    files; ``(0, 0, "")`` clears it. Spaces, not escape codes, blank the line (old Windows consoles show those)."""
    if total <= PROGRESS_AFTER or not stream.isatty():
        return None
    from perfxl.report.text import display_width

    def show(index: int, count: int, path: str) -> None:
        line = f"校验 {index}/{count} {Path(path).name} …" if count else ""
        while display_width(line) > PROGRESS_WIDTH:
            line = line[:-2] + "…"
        stream.write("\r" + line + " " * (PROGRESS_WIDTH - display_width(line)) + "\r")
        stream.flush()

    return show


def _mark(report: Report, source: Path, target: Path) -> int:
    file = report.files[0]
    if file.error is not None:
        print(f"未生成标注副本：{file.error}", file=sys.stderr)
        return 2
    from perfxl.mark import MarkError, mark_workbook

    try:
        mark_workbook(source, file.findings, target)
    except MarkError as err:
        return _fail(str(err))
    except OSError as err:
        return _fail(f"无法写入标注副本 {target}：{err.strerror or err}")
    except Exception as err:  # e.g. openpyxl refusing a value taken from the untrusted file
        return _fail(f"无法生成标注副本 {target}（{type(err).__name__}），原文件未改动。")
    print(f"已另存标注副本 {target}（{len(file.findings)} 处问题已标注，原文件未改动）", file=sys.stderr)
    return 0


def _fail(message: str) -> int:
    print(f"错误：{message}", file=sys.stderr)
    return 2
