"""What to consolidate: files and folders (searched recursively), and the list of units expected to report.

Every file found is accounted for: .xlsx/.xlsm files are read; Office lock files (``~$…``), perfxl's own
temporary files and files of other types are listed as skipped with the reason. The summary being written is
never one of its own inputs.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from perfxl.grid import WorkbookError, sniff

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
_HEADER_WORDS = {"单位", "单位名称", "部门", "部门名称", "预算单位", "预算部门", "应报送单位", "名称", "序号"}


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
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        kind = "旧版 .xls 工作簿，请另存为 .xlsx 后重新汇总" if path.suffix.lower() == ".xls" else "不是 .xlsx/.xlsm 工作簿"
        return f"{kind}，已跳过。"
    return None


def discover(paths: Sequence[str | Path], exclude: Iterable[Path] = ()) -> list[Found]:
    """Files under ``paths`` in a stable order (each argument in turn, folders sorted by path), each once."""
    excluded = {_identity(p) for p in exclude}
    seen: set[str] = set()
    found: list[Found] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise ConsolidateError(f"找不到文件或文件夹：{path}")
        files = _walk(path) if path.is_dir() else [path]
        for file in files:
            key = _identity(file)
            if key in seen or key in excluded:
                continue
            seen.add(key)
            found.append(Found(file, skip_reason(file)))
    return found


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
    files: list[Path] = []
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        files += [Path(root) / name for name in sorted(names)]
    return sorted(files, key=lambda p: p.parts)


def _identity(path: Path) -> str:
    return os.path.normcase(os.path.realpath(path))


def read_expected(path: Path) -> list[str]:
    """Unit names expected to report: a .txt/.csv with one per line, or the first column of a workbook's
    first sheet (a header such as 单位名称 is left out). Blank lines and repeats are dropped."""
    if not path.is_file():
        raise ConsolidateError(f"找不到应报送单位名单：{path}")
    suffix = path.suffix.lower()
    if suffix in (".txt", ".csv"):
        names = [line.split(",")[0] if suffix == ".csv" else line for line in _read_lines(path)]
    elif suffix in WORKBOOK_SUFFIXES:
        names = _first_column(path)
        if names and re.sub(r"\s+", "", names[0]) in _HEADER_WORDS:
            names = names[1:]
    else:
        raise ConsolidateError(f"应报送单位名单应为 .txt（每行一个单位）或 .xlsx（第一列），而不是 {path.name}")
    unique: dict[str, str] = {}
    for name in names:
        key = re.sub(r"\s+", "", name)
        if key and key not in unique:
            unique[key] = name.strip()
    return list(unique.values())


def _read_lines(path: Path) -> list[str]:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):  # Windows Notepad in Chinese saves GBK ("ANSI")
        try:
            return data.decode(encoding).splitlines()
        except UnicodeDecodeError:
            continue
    raise ConsolidateError(f"无法识别应报送单位名单 {path.name} 的文字编码，请另存为 UTF-8 文本。")


def _first_column(path: Path) -> list[str]:
    import python_calamine

    from perfxl.grid import cell_text

    try:
        sniff(path)
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        try:
            rows = book.get_sheet_by_index(0).to_python()
        finally:
            book.close()
    except WorkbookError as err:
        raise ConsolidateError(f"应报送单位名单无法读取：{err}") from err
    except Exception as err:
        raise ConsolidateError(f"应报送单位名单 {path.name} 无法读取（{type(err).__name__}）。") from err
    return [cell_text(row[0]) for row in rows if row]
