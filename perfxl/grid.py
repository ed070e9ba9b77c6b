"""A workbook as grids of cell values, the one input every reader works on.

A file is read with python-calamine (values only, formula results as cached); the Excel adapter builds the same
:class:`Grid` from a live book's ``used_range`` values. Bad files are recognised before calamine sees them so
users get a Chinese sentence instead of a parser's traceback.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import sys
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from msgspec import Struct

from perfxl.layout.spec import split_cell

if TYPE_CHECKING:
    from perfxl.check.xmlfacts import PackageFacts

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")


#: the workbooks perfxl reads and writes
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


class WorkbookError(Exception):
    """A file that cannot be read as a workbook; ``str(err)`` is the Chinese message for the user."""


def damaged(name: str, err: BaseException, part: bool = False) -> WorkbookError:
    """The error for a package that cannot be unzipped (``part``: one of its parts cannot be inflated)."""
    what = "其中的部件无法解压" if part else "无法解压"
    return WorkbookError(f"{name} 已损坏，{what}（{err}）。请让报送单位重新发送。")


class SheetGrid(Struct, frozen=True):
    name: str
    rows: Sequence[Sequence[object]]
    visible: bool = True

    def value(self, row: int, col: int) -> object:
        """Value at 1-based (row, col); ``None`` for empty or outside the used area."""
        if row < 1 or col < 1 or row > len(self.rows):
            return None
        line = self.rows[row - 1]
        if col > len(line):
            return None
        value = line[col - 1]
        return None if value == "" else value

    def at(self, cell: str) -> object:
        return self.value(*split_cell(cell))

    def text(self, cell: str) -> str:
        return cell_text(self.at(cell))


class Grid(Mapping[str, SheetGrid]):
    """Sheets in workbook order; ``xml``: what the file's sheet XML says besides values, gathered while the file
    was measured (None for a live book or a grid built from values)."""

    def __init__(self, sheets: Sequence[SheetGrid], xml: PackageFacts | None = None):
        self._sheets = {sheet.name: sheet for sheet in sheets}
        self.xml = xml

    def __getitem__(self, name: str) -> SheetGrid:
        return self._sheets[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._sheets)

    def __len__(self) -> int:
        return len(self._sheets)

    @classmethod
    def from_values(cls, sheets: Mapping[str, Sequence[Sequence[object]]], hidden: Sequence[str] = ()) -> Grid:
        """Build a grid from plain row lists (what xlwings' ``sheet.used_range.value`` gives, anchored at A1)."""
        return cls([SheetGrid(name, rows, name not in hidden) for name, rows in sheets.items()])


def cell_text(value: object) -> str:
    """A cell as the text the user sees: 2023.0 → "2023", a date → "2023-01-31", empty → ""."""
    if type(value) is str:  # most cells; the checks below are for the rest
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def sniff(path: Path, data: bytes | None = None, facts: PackageFacts | None = None) -> None:
    """Raise :class:`WorkbookError` for files calamine should not be handed, with the reason in Chinese.

    ``data`` is the file's content when the caller has already read it. ``facts``, when given, takes the sheet
    parts as the limits pass inflates them (so that perfxl inflates each part once)."""
    from perfxl import limits  # here: limits imports this module's WorkbookError

    if data is not None:
        if not data:
            raise WorkbookError(f"{path.name} 是空文件（0 字节），可能下载或保存未完成，请重新获取。")
        limits.check_file_size(path, len(data))
        _check_head(path, data[: len(OLE_MAGIC)], lambda: data[:_HEAD])
        _check_package(path, io.BytesIO(data), facts)
        return
    try:
        if not path.exists():
            raise WorkbookError(f"找不到文件：{path}")
        if path.is_dir():
            raise WorkbookError(f"{path} 是文件夹，不是工作簿。")
        if not path.is_file():  # a named pipe or a device: reading it could wait forever
            raise WorkbookError(f"{path.name} 不是普通文件（可能是管道或设备），未打开。")
        size = path.stat().st_size
        if size == 0:
            raise WorkbookError(f"{path.name} 是空文件（0 字节），可能下载或保存未完成，请重新获取。")
        limits.check_file_size(path, size)
        with path.open("rb") as handle:
            start = handle.read(len(OLE_MAGIC))
            _check_head(path, start, lambda: start + handle.read(_HEAD - len(start)))
            _check_package(path, handle, facts)
    except OSError as err:
        raise WorkbookError(f"{path.name} 无法打开：{os_reason(err)}。") from err


def os_reason(err: OSError) -> str:
    """Why a file could not be opened or written, in Chinese (the system's own text is English on a server)."""
    if isinstance(err, FileNotFoundError):
        return "文件或文件夹不存在（可能已被移走、改名或删除）"
    if isinstance(err, PermissionError):
        return "没有读写权限（或文件正被其他程序独占）"
    if isinstance(err, (NotADirectoryError, FileExistsError)):
        return "路径中有一段是文件而不是文件夹"
    if isinstance(err, IsADirectoryError):
        return "这是一个文件夹"
    return f"系统错误（{err.strerror or type(err).__name__}）"


#: how much of an OLE file (.xls, or an encrypted .xlsx) is searched for its encryption stream
_HEAD = 512 * 1024


def _check_head(path: Path, start: bytes, head: Callable[[], bytes]) -> None:
    """Old and encrypted workbooks, and files that are no zip at all, by their first bytes (``start``);
    only an OLE file needs ``head()``, its first :data:`_HEAD` bytes."""
    if start == OLE_MAGIC:
        if _ENCRYPTION_STREAM in head():
            raise WorkbookError(f"{path.name} 设有打开密码（已加密），perfxl 无法读取。请在 Excel 中取消密码后另存为 .xlsx。")
        if path.suffix.lower() in (".et", ".ett"):
            raise WorkbookError(f"{path.name} 是 WPS 表格格式（.et）。请在 WPS 中“另存为” Excel 工作簿（.xlsx）后再处理。")
        raise WorkbookError(
            f"{path.name} 是旧版 Excel 97-2003 格式（.xls）。请在 Excel 或 WPS 中“另存为” .xlsx 后再处理。"
        )
    if not start.startswith(b"PK"):
        raise WorkbookError(f"{path.name} 不是 Excel 工作簿（文件内容不是 .xlsx/.xlsm 格式），可能已损坏或扩展名被改过。")


def _check_package(path: Path, content: BinaryIO, facts: PackageFacts | None) -> None:
    """A zip that holds a workbook (:func:`_check_archive`) within the limits (:func:`perfxl.limits.check_archive`),
    its directory read once for both."""
    from perfxl import limits  # here: limits imports this module's WorkbookError

    try:
        with zipfile.ZipFile(content) as archive:
            _check_archive(path, archive)
            limits.check_archive(path, archive, facts=facts)
    except (zipfile.BadZipFile, ValueError, EOFError) as err:
        raise damaged(path.name, err) from err


def _check_archive(path: Path, archive: zipfile.ZipFile) -> None:
    """A zip that holds a workbook (not a renamed Word or PowerPoint file)."""
    try:
        names = set(archive.namelist())
        opendocument = "mimetype" in names and _is_opendocument_sheet(archive)
    except (zipfile.BadZipFile, ValueError, EOFError) as err:
        raise damaged(path.name, err) from err
    if "xl/workbook.bin" in names:
        raise WorkbookError(f"{path.name} 是 Excel 二进制工作簿（.xlsb）。请在 Excel 中“另存为” .xlsx 后再处理。")
    if opendocument:
        raise WorkbookError(f"{path.name} 是 OpenDocument 表格（.ods）。请在 WPS、Excel 或 LibreOffice 中“另存为” .xlsx 后再处理。")
    if "xl/workbook.xml" not in names:
        kind = "Word 文档" if "word/document.xml" in names else ("PowerPoint 文稿" if "ppt/presentation.xml" in names else "")
        what = f"其实是{kind}（扩展名被改过）" if kind else "不是 Excel 工作簿"
        raise WorkbookError(f"{path.name} {what}，请确认文件。")


def _is_opendocument_sheet(archive: zipfile.ZipFile) -> bool:
    try:
        return b"opendocument.spreadsheet" in archive.read("mimetype")[:100]
    except Exception:  # an unreadable mimetype part: not an OpenDocument file that can be named
        return False


def read_grid(path: str | Path, data: bytes | None = None) -> Grid:
    """All sheets of a workbook file as value grids (hidden sheets included, flagged).

    ``data``, when given, is the file's content already read: the checks before calamine and calamine itself
    read those bytes, so what was hashed is what was read even if the file is being rewritten meanwhile."""
    import python_calamine  # imported here: a click that only writes should not pay for it

    from perfxl.check.xmlfacts import PackageFacts

    path = Path(path)
    facts = PackageFacts()
    sniff(path, data, facts)
    with native_stderr_silenced():
        return Grid(_calamine_sheets(python_calamine, path, data), facts)


def _calamine_sheets(python_calamine: Any, path: Path, data: bytes | None) -> list[SheetGrid]:
    try:
        # sniff() let through only zip packages holding xl/workbook.xml, so calamine's pick by content (bytes)
        # and by extension (path) agree
        if data is None:
            book = python_calamine.CalamineWorkbook.from_path(str(path))
        else:
            book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError as err:
        raise WorkbookError(f"{path.name} 设有密码，perfxl 无法读取。") from err
    except Exception as err:
        raise WorkbookError(f"{path.name} 无法读取：文件已损坏或不是有效的 Excel 工作簿（{type(err).__name__}）。") from err
    try:
        sheets = []
        for meta in book.sheets_metadata:
            if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                continue
            rows = book.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
            sheets.append(SheetGrid(meta.name, rows, meta.visible == python_calamine.SheetVisibleEnum.Visible))
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as err:  # calamine panics (a BaseException) on a date-formatted −1e300, for one
        raise WorkbookError(
            f"{path.name} 读取工作表时出错：有单元格的值无法转换（例如设成日期格式的超大数字，{type(err).__name__}），"
            "文件未被进一步处理。请检查金额格的格式后另存。"
        ) from err
    finally:
        book.close()
    return sheets


@contextmanager
def native_stderr_silenced() -> Iterator[None]:
    """The process's stderr (file descriptor 2) points at the null device while python-calamine runs.

    When its Rust code panics (a date-formatted −1e300, for one) it prints the panic in English straight to fd 2
    ("thread '<unnamed>' panicked at …", and a whole backtrace when RUST_BACKTRACE is set) before Python gets the
    PanicException that perfxl reports in Chinese: that text reached the user's terminal. Without a usable fd 2
    (pythonw under Excel) nothing is redirected."""
    try:
        if sys.stderr is not None:
            sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):
        yield
        return
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, 2)
        finally:
            os.close(null)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
