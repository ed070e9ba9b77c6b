"""A zip writer for hostile test files: each entry may lie about its sizes, use any compression number, or be
written from an iterator of chunks (so a part that inflates to gigabytes costs only its compressed bytes)."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Entry:
    name: str
    data: bytes | Iterable[bytes]
    method: int = 8  # 8 deflate, 0 stored; anything else is written as given (the data stays deflated)
    declared_size: int | None = None  # what the directory claims the part inflates to (None: the truth)
    cut: int = 0  # bytes dropped from the end of the compressed data (the directory gives the shorter size)


def _deflate(chunks: Iterable[bytes]) -> tuple[bytes, int, int]:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    out, size, crc = [], 0, 0
    for chunk in chunks:
        size += len(chunk)
        crc = zlib.crc32(chunk, crc)
        out.append(packer.compress(chunk))
    out.append(packer.flush())
    return b"".join(out), size, crc


def write_zip(path: Path, entries: Sequence[Entry]) -> Path:
    body = bytearray()
    central = bytearray()
    for entry in entries:
        chunks = [entry.data] if isinstance(entry.data, bytes) else entry.data
        if entry.method == 0:
            raw = b"".join(chunks)
            packed, size, crc = raw, len(raw), zlib.crc32(raw)
        else:
            packed, size, crc = _deflate(chunks)
        packed = packed[: len(packed) - entry.cut]
        declared = size if entry.declared_size is None else entry.declared_size
        name = entry.name.encode()
        flags = 0x800  # names in UTF-8
        offset = len(body)
        body += struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, flags, entry.method, 0, 0x21, crc, len(packed),
                            declared, len(name), 0) + name + packed
        central += struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, flags, entry.method, 0, 0x21, crc,
                               len(packed), declared, len(name), 0, 0, 0, 0, 0, offset) + name
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), len(body), 0)
    path.write_bytes(bytes(body + central + end))
    return path


def entries_of(source: Path) -> list[Entry]:
    """The parts of an existing workbook, as entries to change and write again."""
    import zipfile

    with zipfile.ZipFile(source) as archive:
        return [Entry(info.filename, archive.read(info)) for info in archive.infolist()]


def replace_part(entries: list[Entry], name: str, data: bytes | Iterable[bytes], **changes: object) -> list[Entry]:
    out = [e for e in entries if e.name != name]
    out.append(Entry(name, data, **changes))  # type: ignore[arg-type]
    return out
