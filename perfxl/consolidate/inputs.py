"""What to consolidate: files and folders (searched recursively), and the list of units expected to report.

Every file found is accounted for: .xlsx/.xlsm files are read; so are workbooks in a format perfxl cannot
read (.xls, WPS .et, .xlsb, .ods), which then show as 无法读取 with what to do, since they are probably returns
saved the wrong way. Office lock files (``~$…``), perfxl's own temporary files and files of other types are
listed as skipped with the reason. The summary being written is never one of its own inputs.
"""

from __future__ import annotations

import csv
import os
import re
import stat
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from perfxl.grid import WORKBOOK_SUFFIXES, WorkbookError, sniff

#: spreadsheets perfxl cannot read: handed to the reader anyway, whose message says how to save them as .xlsx
OTHER_SPREADSHEETS = (".xls", ".et", ".xlsb", ".ods")
_UNIT_HEADERS = {"单位", "单位名称", "部门", "部门名称", "预算单位", "预算部门", "预算单位名称", "预算部门名称",
                 "应报送单位", "报送单位", "单位全称", "名称"}
_HEADER_WORDS = _UNIT_HEADERS | {"序号", "编号"}
_HEADER_ROWS = 10  # a title and a blank row may come before the header
_NUMBER = re.compile(r"[0-9０-９]+(\.[0-9]+)?")


class ConsolidateError(Exception):
    """The call itself cannot be carried out (a path that does not exist, an unreadable --expected list,
    an output that is not .xlsx); ``str(err)`` is for the user. A bad *input file* is never this: it is
    listed in the summary and the batch goes on."""


@dataclass(frozen=True)
class Found:
    path: Path
    skip: str | None = None  # why the file is listed but not read


def skip_reason(path: Path) -> str | None:
    name = path.name
    if name.startswith("~$"):
        return "Office 临时锁定文件（文件在 Excel/WPS 中打开时产生），已跳过。"
    if name.startswith(".~perfxl-"):
        return "perfxl 写入中的临时文件，已跳过。"
    if path.suffix.lower() not in WORKBOOK_SUFFIXES + OTHER_SPREADSHEETS:
        return "不是 .xlsx/.xlsm 工作簿，已跳过。"
    return None


def discover(
    paths: Sequence[str | Path], exclude: Iterable[Path] = (), known: Mapping[Path, str] | None = None
) -> list[Found]:
    """Files under ``paths`` in a stable order (each argument in turn, folders sorted by path), each once.

    Folders reached through a symbolic link are searched too (each real folder once). A file reached a second
    time under another name through a symbolic link is listed as skipped, so that every name in the inbox is
    accounted for; the same path given twice, or folders that overlap, list it once. A file in ``known`` (the
    unit list kept in the inbox) is listed as skipped with the reason given there."""
    excluded = {_identity(p) for p in exclude}
    reasons = {_identity(p): reason for p, reason in (known or {}).items()}
    seen: dict[str, Path] = {}  # real file → the name it was first found under
    names: set[str] = set()  # every name listed, written out in full
    found: list[Found] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise ConsolidateError(f"找不到文件或文件夹：{path}")
        files = _walk(path) if path.is_dir() else [path]
        for file in files:
            key = _identity(file)
            name = os.path.normcase(os.path.abspath(file))
            if key in excluded or name in names:
                continue
            names.add(name)
            first = seen.setdefault(key, file)
            if first is file:
                found.append(Found(file, reasons.get(key) or skip_reason(file)))
            else:  # the same file under another name: a symbolic link to it, or to a folder holding it
                found.append(Found(file, f"与 {first} 是同一个文件（通过符号链接），已按那个文件汇总，这里跳过。"))
    return found


def is_summary(source: Path | BinaryIO) -> bool:
    """A summary perfxl wrote (an earlier run's, left in the inbox): its document properties say so.

    A path is opened without blocking and read only when it is a regular file: a pipe named like a workbook
    would otherwise wait forever for a writer."""
    if isinstance(source, Path):
        try:
            # O_BINARY: on Windows os.open is in text mode otherwise (CR LF folded, Ctrl-Z ends the file)
            flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
            handle = os.fdopen(os.open(source, flags), "rb")
        except OSError:
            return False
        with handle:
            return stat.S_ISREG(os.fstat(handle.fileno()).st_mode) and is_summary(handle)
    from perfxl.authorship import CORE_PART
    from perfxl.consolidate.columns import SUMMARY_COMMENT
    from perfxl.limits import ALLOWED_COMPRESSION

    try:
        with zipfile.ZipFile(source) as archive:
            info = archive.getinfo(CORE_PART)
            if info.compress_type not in ALLOWED_COMPRESSION or info.file_size > 1 << 20:
                return False
            return SUMMARY_COMMENT.encode() in archive.read(info)
    except Exception:  # any unreadable part (bad zip, unsupported compression…): not a summary of ours
        return False


def guard_output(output: Path, paths: Sequence[str | Path]) -> None:
    """Refuse an output that would overwrite an input: a file named as an input, or an existing return."""
    if _identity(output) in {_identity(Path(p)) for p in paths}:
        raise ConsolidateError(f"汇总工作簿 {output} 不能是输入文件之一。")
    if output.is_file() and _has_marker_sheet(output):
        raise ConsolidateError(f"{output} 是一份报表，汇总不会覆盖它。请另选汇总工作簿的文件名。")


def _has_marker_sheet(path: Path) -> bool:
    """Does the workbook carry perfxl's form marker sheet? (Looks at the sheet list only: an older summary of
    thousands of returns must not be loaded just to be replaced.)"""
    from perfxl.marker import MARKER_SHEET

    try:
        with zipfile.ZipFile(path) as archive:
            return f'name="{MARKER_SHEET}"'.encode() in archive.read("xl/workbook.xml")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False


def _walk(folder: Path) -> list[Path]:
    """Every file under ``folder``. Symbolic links to folders are followed (each real folder once, so a link
    back up the tree ends there); a folder that cannot be listed stops the run rather than losing its files."""
    files: list[Path] = []
    visited = {_identity(folder)}

    def refuse(err: OSError) -> None:
        where = err.filename or folder
        raise ConsolidateError(f"无法读取文件夹 {where}（{err.strerror or err}），其中的报表无法汇总。请检查权限后重试。")

    for root, dirs, names in os.walk(folder, onerror=refuse, followlinks=True):
        kept = []
        for name in sorted(dirs):
            key = _identity(Path(root) / name)
            if key not in visited:
                visited.add(key)
                kept.append(name)
        dirs[:] = kept
        files += [Path(root) / name for name in sorted(names)]
    return sorted(files, key=lambda p: p.parts)


def _identity(path: Path) -> str:
    return os.path.normcase(os.path.realpath(path))


def read_expected(path: Path) -> list[str]:
    """Unit names expected to report: a .txt with one per line, a .csv, or a workbook's first sheet.

    The names are the column under a header such as 单位名称 (looked for in the first rows), or without one the
    first column that holds names: a list whose first column is 序号 still gives the units, not "1", "2"….
    Header words, bare numbers, blank cells and repeats are left out. A list without any name is refused."""
    if not path.is_file():
        raise ConsolidateError(f"找不到应报送单位名单：{path}")
    suffix = path.suffix.lower()
    if suffix == ".txt":  # lines pasted from a spreadsheet keep their columns apart with tabs
        table = [line.split("\t") for line in _read_lines(path)]
    elif suffix == ".csv":
        table = list(csv.reader(_read_lines(path)))
    elif suffix in WORKBOOK_SUFFIXES:
        table = _first_sheet(path)
    else:
        raise ConsolidateError(f"应报送单位名单应为 .txt（每行一个单位）或 .xlsx（第一列），而不是 {path.name}")
    unique: dict[str, str] = {}
    for name in _unit_column(table):
        key = re.sub(r"\s+", "", name)
        if _is_name(name) and key not in unique:
            unique[key] = name.strip()
    if not unique:
        raise ConsolidateError(f"应报送单位名单 {path.name} 中没有找到单位名称（应在第一列，或在标题为“单位名称”的列）。")
    return list(unique.values())


def _unit_column(table: list[list[str]]) -> list[str]:
    """The column of unit names: the one under a header such as 单位名称 in the first rows, else the first."""
    for number, row in enumerate(table[:_HEADER_ROWS]):
        for col, cell in enumerate(row):
            if re.sub(r"\s+", "", cell) in _UNIT_HEADERS:
                return [r[col] for r in table[number + 1:] if col < len(r)]
    width = max((len(row) for row in table), default=0)
    for col in range(width):  # no header: the first column holding a name (not only 序号 numbers)
        cells = [row[col] if col < len(row) else "" for row in table]
        if any(_is_name(cell) for cell in cells):
            return cells
    return []


def _is_name(cell: str) -> bool:
    key = re.sub(r"\s+", "", cell)
    return bool(key) and key not in _HEADER_WORDS and not _NUMBER.fullmatch(key)


def _read_lines(path: Path) -> list[str]:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):  # Windows Notepad in Chinese saves GBK ("ANSI")
        try:
            return data.decode(encoding).splitlines()
        except UnicodeDecodeError:
            continue
    raise ConsolidateError(f"无法识别应报送单位名单 {path.name} 的文字编码，请另存为 UTF-8 文本。")


def _first_sheet(path: Path) -> list[list[str]]:
    import python_calamine

    from perfxl.grid import cell_text, native_stderr_silenced

    try:
        sniff(path)
        with native_stderr_silenced():
            book = python_calamine.CalamineWorkbook.from_path(str(path))
            try:
                rows = book.get_sheet_by_index(0).to_python()
            finally:
                book.close()
    except WorkbookError as err:
        raise ConsolidateError(f"应报送单位名单无法读取：{err}") from err
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as err:  # calamine's own errors; a panic inside it (a date-formatted −1e300) is a BaseException
        raise ConsolidateError(f"应报送单位名单 {path.name} 无法读取（{type(err).__name__}）。") from err
    return [[cell_text(value) for value in row] for row in rows]
