"""``perfxl library export|search|list [--library FILE ...]``: the indicator library (指标库) at the command line.

User libraries (指标库.xlsx, CSV also accepted) are laid over the bundled default in the order given: a row with
an existing 编号 replaces that entry, a new 编号 adds one. A malformed row stops the command (exit 2) with every
problem listed, each naming its file, sheet and row.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from perfxl.library import (
    GENERAL,
    Library,
    LibraryEntry,
    LibraryError,
    export_library_workbook,
    load_default,
    load_library_csv,
    load_library_workbook,
)


def load_libraries(paths: Sequence[Path] | None) -> Library:
    """The default library with each user library laid over it; LibraryError lists every problem."""
    library = load_default()
    problems: list[str] = []
    for path in paths or ():
        if not Path(path).is_file():
            problems.append(f"找不到指标库文件：{path}")
            continue
        try:
            user = (
                load_library_csv(path) if Path(path).suffix.lower() == ".csv" else load_library_workbook(path)
            )
        except LibraryError as err:
            problems += err.problems
            continue
        library = library.merge(user)
    if problems:
        raise LibraryError(problems)
    return library


def print_library_error(err: LibraryError) -> None:
    print(f"错误：指标库有问题，未做任何操作（共 {len(err.problems)} 处）：", file=sys.stderr)
    for problem in err.problems:
        print(f"  {problem}", file=sys.stderr)


def format_entry(entry: LibraryEntry) -> str:
    framework = {"classic": "88号", "guide2021": "2021指引"}.get(entry.framework, entry.framework)
    levels = f"{entry.level1}/{entry.level2}/{entry.name}"
    value = _PLACEHOLDER.sub(r"〔\1〕", entry.value_template)
    return f"{entry.id}  [{entry.project_type}·{framework}]  {levels}  {value}  {entry.standard}"


#: a jinja placeholder of the value template, ``{{ 期数 }}``: shown as 〔期数〕 and explained under the list
_PLACEHOLDER = re.compile(r"\{\{\s*([^{}]{1,40}?)\s*\}\}")
PLACEHOLDER_NOTE = "〔〕内的数由“生成指标”按表内测算说明和金额填写；取不到数时不生成该条，并提示手工补充。"


def _print(entries: Iterable[LibraryEntry]) -> int:
    count = 0
    placeholders = False
    for entry in entries:
        line = format_entry(entry)
        placeholders = placeholders or "〔" in line
        print(line)
        count += 1
    if placeholders:
        print(PLACEHOLDER_NOTE, file=sys.stderr)
    return count


def run(args: argparse.Namespace) -> int:
    try:
        library = load_libraries(args.library)
    except LibraryError as err:
        print_library_error(err)
        return 2
    if args.action == "export":
        return _export(library, args.file)
    if args.action == "search":
        count = _print(library.search(args.text))
        print(f"共 {count} 条。" if count else f"没有与“{args.text}”匹配的指标。", file=sys.stderr)
        return 0
    return _list(library, args.project_type, args.framework)


def _export(library: Library, path: Path) -> int:
    if path.suffix.lower() != ".xlsx":
        print(f"错误：导出文件应为 .xlsx（现为“{path.name}”）。", file=sys.stderr)
        return 2
    if not path.parent.is_dir():
        print(f"错误：文件夹不存在：{path.parent}", file=sys.stderr)
        return 2
    export_library_workbook(library, path)
    print(f"已导出 {len(library)} 条指标（{len(library.types())} 个项目类型）→ {path}")
    return 0


def _list(library: Library, project_type: str | None, framework: str | None) -> int:
    if framework:
        library = library.for_framework(framework)
    if project_type and project_type != GENERAL and project_type not in library.types():
        print(f"错误：未知的项目类型“{project_type}”。可用的项目类型：{'、'.join(library.types())}、{GENERAL}",
              file=sys.stderr)  # fmt: skip
        return 2
    entries = library.by_type(project_type) if project_type else list(library)
    count = _print(entries)
    print(f"共 {count} 条。", file=sys.stderr)
    return 0
