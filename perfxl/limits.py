"""Limits on what perfxl agrees to open: every workbook is untrusted, so its size is measured before anything
that allocates by it (python-calamine, openpyxl) sees the file.

:func:`check_package` reads the zip directory, inflates every part in bounded steps (the sizes the directory
declares are never trusted: inflating stops at the limit) and scans the sheet XML for the sheet's declared
``<dimension>``, its farthest cell, and the numbers of cells, merges, shared strings and sheets. A file over a
limit raises :class:`LimitError` (a :class:`perfxl.grid.WorkbookError`) with a Chinese sentence that says what
is too large and that the file was not opened further.

The defaults allow at least ten times the largest real form (measured: the 石峰 department return, 23 KB with
five sheets and 90 KB of XML; the 衡东 project sheet, 34 KB of XML, used area A1:F71, 425 cells, 311 merges). They
can be changed in ``perfxl.toml`` under ``[limits]`` (see :class:`Limits`; the README lists them).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from msgspec import Struct
from msgspec.structs import replace

from perfxl.grid import WorkbookError, damaged

if TYPE_CHECKING:
    from perfxl.check.xmlfacts import PackageFacts

MB = 1024 * 1024


class Limits(Struct, frozen=True):
    """How large a workbook perfxl opens. Each default allows ≥ 10× the largest real form."""

    file_mb: float = 20  # the file itself (real: 23 KB)
    part_mb: float = 20  # one part inflated (real: 34 KB of sheet XML)
    total_mb: float = 100  # all parts inflated together (real: 90 KB)
    ratio: float = 200  # inflated / compressed size of a part over 1 MB (real: ≤ 7)
    parts: int = 1000  # parts in the package (real: 13)
    sheets: int = 200  # sheets in the workbook (real: 5; a department with 30 附表3 has 33)
    rows: int = 10_000  # farthest row of a sheet, by its <dimension> and by its cells (real: 71)
    columns: int = 256  # farthest column (IV, as in Excel 2003; real: F = 6)
    area: int = 1_000_000  # rows × columns of a sheet's used area (real: 426)
    cells: int = 100_000  # cells written in one sheet (real: 425)
    merges: int = 10_000  # merged ranges in one sheet (real: 311)
    workbook_cells: int = 150_000  # cells in all sheets together (real: 1,177); openpyxl needs ≈ 1.5 KB a cell
    workbook_area: int = 2_000_000  # used areas of all sheets together (real: 1,243)
    shared_strings: int = 100_000  # entries in the shared strings table (real: 0–600)
    # consolidate: each file is read in a worker process with these bounds
    seconds_per_file: float = 60  # a worker still busy with one file after this long is stopped (real: < 0.1 s)
    worker_memory_mb: float = 1024  # address space of a worker (measured: ≈ 47 MB after reading a real form)

    def merged(self, values: dict[str, object]) -> Limits:
        """These limits with ``values`` (from perfxl.toml) applied; raises ValueError for an unknown or bad key."""
        known = self.__struct_fields__
        changes: dict[str, object] = {}
        for key, value in values.items():
            if key not in known:
                raise ValueError(f"未知的限制项 {key}（可用：{'、'.join(known)}）")
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                raise ValueError(f"限制项 {key} 应为正数（现为 {value!r}）")
            changes[key] = type(getattr(self, key))(value)
        return replace(self, **changes)


DEFAULT_LIMITS = Limits()
_current = DEFAULT_LIMITS


def current_limits() -> Limits:
    return _current


def set_limits(limits: Limits) -> None:
    """The limits of this process (set from the settings by the commands and by consolidate's workers)."""
    global _current
    _current = limits


class LimitError(WorkbookError):
    """A workbook larger than a limit; ``str(err)`` is the Chinese message."""


def _refuse(name: str, what: str) -> LimitError:
    return LimitError(f"{name} {what}，超出 perfxl 的安全限制，文件未被进一步打开。若确是正常报表，请在 perfxl.toml 的 [limits] 中调高限制。")


def check_file_size(path: Path, size: int, limits: Limits | None = None) -> None:
    limits = limits or _current
    if size > limits.file_mb * MB:
        raise _refuse(path.name, f"文件大小 {size / MB:.1f} MB 超过上限 {limits.file_mb:g} MB")


ALLOWED_COMPRESSION = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
_CHUNK = 256 * 1024


def check_package(path: Path, content: BinaryIO, limits: Limits | None = None, facts: PackageFacts | None = None) -> None:
    """Raise :class:`LimitError` when the zip package in ``content`` is larger than ``limits`` allow (or
    :class:`WorkbookError` when a part cannot be inflated); reads every part once, in bounded steps.

    ``facts``, when given, takes every sheet part and the parts that name the sheets once each has been measured
    (:mod:`perfxl.check.xmlfacts`), so that nothing inflates them a second time."""
    try:
        with zipfile.ZipFile(content) as archive:
            check_archive(path, archive, limits, facts)
    except zipfile.BadZipFile as err:
        raise damaged(path.name, err) from err


def check_archive(
    path: Path, archive: zipfile.ZipFile, limits: Limits | None = None, facts: PackageFacts | None = None
) -> None:
    """:func:`check_package` on a package already open (the caller opened it once for every look at its
    directory)."""
    limits = limits or _current
    name = path.name
    try:
        infos = archive.infolist()
        if len(infos) > limits.parts:
            raise _refuse(name, f"包含 {len(infos)} 个部件（上限 {limits.parts}）")
        if facts is not None:
            facts.names = [info.filename for info in infos]
        total = cells = area = 0
        for info in infos:
            _check_declared(name, info, limits)
            sheet = _SHEET_PART.match(info.filename) is not None
            judge = _JUDGES.get(info.filename) or (_judge_sheet if sheet else None)
            wanted = facts is not None and (sheet or info.filename in facts.KEPT_PARTS)
            kept: list[bytes] = []
            size = 0
            for chunk in _inflate(archive, info, limits):
                size += len(chunk)
                if size > limits.part_mb * MB:
                    raise _refuse(name, f"的部件 {info.filename} 解压后超过 {limits.part_mb:g} MB（可能是“压缩炸弹”）")
                if judge is not None or wanted:
                    kept.append(chunk)
            total += size
            if total > limits.total_mb * MB:
                raise _refuse(name, f"解压后总大小超过 {limits.total_mb:g} MB")
            if judge is not None or wanted:
                data = kept[0] if len(kept) == 1 else b"".join(kept)
                measured = judge(name, info.filename, data, limits) if judge is not None else None
                if measured is not None:
                    cells += measured.cells
                    area += measured.last[0] * measured.last[1]
                if wanted and facts is not None:
                    facts.take(info.filename, data)
        if cells > limits.workbook_cells or area > limits.workbook_area:
            raise _refuse(name, f"全部工作表共有 {cells} 个单元格、使用区域共 {area} 格"
                                f"（上限 {limits.workbook_cells} 个、{limits.workbook_area} 格）")
    except zipfile.BadZipFile as err:
        raise damaged(name, err) from err
    except (zlib.error, EOFError) as err:
        raise damaged(name, err, part=True) from err


def _check_declared(name: str, info: zipfile.ZipInfo, limits: Limits) -> None:
    if info.compress_type not in ALLOWED_COMPRESSION:
        raise WorkbookError(
            f"{name} 的部件 {info.filename} 使用了 Excel 不使用的压缩方式（编号 {info.compress_type}），"
            "文件未被进一步打开。请在 Excel 中另存为 .xlsx 后再处理。"
        )
    if info.flag_bits & 0x1:
        raise WorkbookError(f"{name} 的部件 {info.filename} 被加密，perfxl 无法读取。")
    if info.file_size > limits.part_mb * MB:
        raise _refuse(name, f"的部件 {info.filename} 声明解压后 {info.file_size / MB:.0f} MB（上限 {limits.part_mb:g} MB）")
    if info.file_size > MB and info.file_size > limits.ratio * max(info.compress_size, 1):
        raise _refuse(name, f"的部件 {info.filename} 压缩比异常（{info.file_size // max(info.compress_size, 1)} 倍，可能是“压缩炸弹”）")


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits) -> Iterator[bytes]:
    """The part's bytes in chunks of at most :data:`_CHUNK`, inflated until its stream ends or one byte past the
    limit, whatever size the directory declares; then its size and CRC are compared with the directory's.

    Read from the package's own file object (the compressed bytes are bounded by the file size limit) and
    inflated by one ``zlib`` stream: ``zipfile.ZipFile.open`` costs as much again in bookkeeping for these small
    parts, and it would stop at the declared size instead of measuring the real one."""
    raw = _compressed(archive, info)
    most = int(limits.part_mb * MB) + 1
    seen = crc = 0
    if info.compress_type == zipfile.ZIP_STORED:
        chunks: Iterator[bytes] = (raw[i : i + _CHUNK] for i in range(0, min(len(raw), most), _CHUNK))
    else:
        chunks = _deflated(raw, most)
    for chunk in chunks:
        seen += len(chunk)
        crc = zlib.crc32(chunk, crc)
        yield chunk
    if seen != info.file_size or crc != info.CRC:
        raise WorkbookError(
            f"{archive.filename or '文件'} 的部件 {info.filename} 内容与目录不符（声明 {info.file_size} 字节，实际 {seen} 字节），"
            "文件已损坏或被篡改，未被进一步打开。"
        )


_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, (version … sizes), file name length, extra field length


def _compressed(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The part's stored bytes, found as ``zipfile`` finds them: through its local header, whose name must be
    the directory's (a package whose two names differ is not read)."""
    fp = archive.fp
    if fp is None:
        raise ValueError("the package is closed")
    fp.seek(info.header_offset)
    head = fp.read(_LOCAL_HEADER.size)
    if len(head) != _LOCAL_HEADER.size or not head.startswith(b"PK\x03\x04"):
        raise zipfile.BadZipFile(f"部件 {info.filename} 的文件头损坏")
    _, name_size, extra_size = _LOCAL_HEADER.unpack(head)
    name = fp.read(name_size).decode("utf-8" if info.flag_bits & 0x800 else "cp437", errors="replace")
    if name != info.orig_filename:
        raise zipfile.BadZipFile(f"部件 {info.filename} 的文件头与目录不符")
    fp.seek(extra_size, io.SEEK_CUR)
    raw = fp.read(info.compress_size)
    if len(raw) != info.compress_size:
        raise EOFError(f"部件 {info.filename} 不完整")
    return raw


def _deflated(raw: bytes, most: int) -> Iterator[bytes]:
    """Inflate ``raw`` in chunks, stopping after ``most`` bytes; a stream that ends early is an error."""
    stream = zlib.decompressobj(-zlib.MAX_WBITS)
    given = 0
    pending = raw
    while given < most and not stream.eof:
        before = len(pending)
        chunk = stream.decompress(pending, min(_CHUNK, most - given))
        pending = stream.unconsumed_tail
        if chunk:
            given += len(chunk)
            yield chunk
        elif len(pending) == before:  # no input taken, nothing given: the stream stops short of its end
            raise EOFError("压缩数据不完整")


# ----------------------------------------------------------------------------------------- XML scans
# Every pattern keeps an attempt inside one tag ([^<>]*), so each scan is linear in the part's size.

_SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml\Z")
_SHARED_STRING = re.compile(rb"<(?:[\w.-]+:)?si[\s/>]")
_SHEET = re.compile(rb"<(?:[\w.-]+:)?sheet[\s/>]")


def _counter(pattern: re.Pattern[bytes], limit: str, what: str) -> Judge:
    def judge(name: str, part: str, data: bytes, limits: Limits) -> None:
        count, most = len(pattern.findall(data)), getattr(limits, limit)
        if count > most:
            raise _refuse(name, f"有 {count} 个{what}（上限 {most}）")

    return judge


Judge = Callable[[str, str, bytes, Limits], "SheetSize | None"]
_JUDGES: dict[str, Judge] = {
    "xl/sharedStrings.xml": _counter(_SHARED_STRING, "shared_strings", "共享字符串"),
    "xl/workbook.xml": _counter(_SHEET, "sheets", "工作表"),
}

# the usual markup (Excel, WPS, openpyxl, XlsxWriter): unprefixed tags, r= first in every cell
_PLAIN_CELL = re.compile(rb'<c(?: r="([A-Z]{1,3})([0-9]{1,7})"|(?=[\s/>]))')
_PREFIXED_CELL = re.compile(rb":c[\s/>]")  # a prefixed cell (<x:c …>): measured tag by tag
_PLAIN_MERGE = re.compile(rb'<mergeCell ref="([A-Z]{1,3})([0-9]{1,7})(?::([A-Z]{1,3})([0-9]{1,7}))?"')
_PLAIN_DIMENSION = re.compile(rb'<dimension ref="([^"<>]{0,64})"')
# anything else: every tag of interest, read one by one
_SHEET_TAG = re.compile(rb"<(?:[\w.-]+:)?(c|row|dimension|mergeCell)(?=[\s/>])([^<>]*)>")
_REF_ATTR = re.compile(rb'(?:^|\s)r\s*=\s*["\']([A-Za-z]{0,4})([0-9]{0,8})["\']')
_RANGE_ATTR = re.compile(rb'(?:^|\s)ref\s*=\s*["\']([^"\'<>]{0,64})["\']')
_A1 = re.compile(r"\$?([A-Za-z]{1,4})\$?([0-9]{1,8})\Z")


def column_number(letters: str | bytes) -> int:
    number = 0
    for ch in letters.upper() if isinstance(letters, str) else letters.decode().upper():
        number = number * 26 + ord(ch) - 64
    return number


def _a1(ref: str) -> tuple[int, int] | None:
    """(row, column) of "XFD1048576"; None when it is not a cell address."""
    m = _A1.match(ref.strip())
    return (int(m[2]), column_number(m[1])) if m else None


class SheetSize(Struct):
    """What a sheet part asks of a reader: its declared and real extent, cells and merges."""

    cells: int = 0
    last: tuple[int, int] = (0, 0)  # farthest cell (row, column)
    dimension: tuple[int, int] = (0, 0)  # end of <dimension ref>
    merges: int = 0
    merge_end: tuple[int, int] = (0, 0)
    merged_area: int = 0

    def add_merge(self, first: tuple[int, int], second: tuple[int, int]) -> None:
        (r1, c1), (r2, c2) = first, second
        self.merges += 1
        self.merged_area += (abs(r2 - r1) + 1) * (abs(c2 - c1) + 1)
        self.merge_end = (max(self.merge_end[0], r1, r2), max(self.merge_end[1], c1, c2))


def sheet_size(data: bytes) -> SheetSize:
    """Measure a sheet part; fast for the usual markup, tag by tag for anything else.

    The fast path finds every cell start once (its ``r=`` when it comes first, as the usual writers put it: a
    cell without gives ("", "") and sends the part the slow way); the merges are matched only from the first
    ``<mergeCell`` on (they follow the sheet data); the farthest row and column are taken over distinct values.
    (Counting ``<c `` with ``bytes.count`` costs as much as the whole match: "<" and " " are everywhere.)"""
    if _PREFIXED_CELL.search(data):
        return _sheet_size_by_tags(data)
    found = _PLAIN_CELL.findall(data)  # (col, row) per cell
    merges = data.count(b"<mergeCell ")
    merged = _PLAIN_MERGE.findall(data, data.find(b"<mergeCell ")) if merges else []  # (col, row, col, row)
    if _UNADDRESSED in found or len(merged) != merges:  # before splitting the pairs: all of them may be such
        return _sheet_size_by_tags(data)
    cells = len(found)
    cell_cols, cell_rows = zip(*found, strict=True) if found else ((), ())
    size = SheetSize(cells=cells, merges=merges)
    if cells:
        size.last = (max(map(int, set(cell_rows))), _farthest_column(cell_cols))
    if merges:
        cols1, rows1, cols2, rows2 = zip(*merged, strict=True)
        size.merge_end = (max(map(int, set(rows1 + rows2) - {b""})), _farthest_column(cols1 + cols2))
        if merges * size.merge_end[0] * size.merge_end[1] > _AREA_EXACT:  # could be large: measure exactly
            size.merged_area = _sheet_size_by_tags(data).merged_area
        else:
            size.merged_area = merges  # a lower bound, enough to judge: even the upper bound is small
    dimension = _PLAIN_DIMENSION.search(data)
    if dimension:
        size.dimension = _a1(dimension[1].decode(errors="replace").rsplit(":", 1)[-1]) or (0, 0)
    return size


#: what :data:`_PLAIN_CELL` finds for a cell whose address is missing or not first (the slow way measures it)
_UNADDRESSED = (b"", b"")
#: below this many cells, merged ranges are not added up one by one (a real form: 162 merges × A1:E52 = 42,120)
_AREA_EXACT = 1_000_000


def _farthest_column(letters: tuple[bytes, ...]) -> int:
    return column_number(max(set(letters) - {b""}, key=lambda col: (len(col), col)))


def _sheet_size_by_tags(data: bytes) -> SheetSize:
    size = SheetSize()
    row = col = 0  # position of the previous cell: a cell without r= follows it
    for m in _SHEET_TAG.finditer(data):
        tag, attrs = m[1], m[2]
        if tag == b"c":
            size.cells += 1
            ref = _REF_ATTR.search(attrs)
            place = _a1(ref[1].decode() + ref[2].decode()) if ref else None
            row, col = place or (max(row, 1), col + 1)
            size.last = (max(size.last[0], row), max(size.last[1], col))
        elif tag == b"row":
            ref = _REF_ATTR.search(attrs)
            row, col = (int(ref[2]) if ref and ref[2] and not ref[1] else row + 1), 0
        else:
            ref = _RANGE_ATTR.search(attrs)
            corners = [_a1(p) for p in ref[1].decode(errors="replace").split(":")] if ref else []
            if tag == b"dimension" and corners and corners[-1] is not None:
                size.dimension = corners[-1]
            elif tag == b"mergeCell":
                first = corners[0] if corners and corners[0] else (1, 1)
                size.add_merge(first, corners[-1] or first)
    return size


def _judge_sheet(name: str, part: str, data: bytes, limits: Limits) -> SheetSize:
    size = sheet_size(data)
    where = f"的工作表部件 {part} 中"
    ends = (("声明的使用区域", size.dimension), ("最远的单元格", size.last), ("合并区域", size.merge_end))
    for label, (row, col) in ends:
        if row > limits.rows or col > limits.columns:
            raise _refuse(name, f"{where}{label}到第 {row} 行、第 {col} 列（上限 {limits.rows} 行、{limits.columns} 列）")
    area = size.last[0] * size.last[1]
    checks = (("使用区域的格数", area, limits.area), ("单元格数", size.cells, limits.cells),
              ("合并区域数", size.merges, limits.merges), ("合并区域覆盖的格数", size.merged_area, limits.area))
    for label, count, most in checks:
        if count > most:
            raise _refuse(name, f"{where}{label} {count} 超过上限 {most}")
    return size


def check_bytes(path: Path, data: bytes, limits: Limits | None = None) -> None:
    """:func:`check_file_size` and :func:`check_package` on content already read."""
    check_file_size(path, len(data), limits)
    check_package(path, io.BytesIO(data), limits)
