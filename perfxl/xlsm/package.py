"""The workbook as a zip package of parts: read, write, and the few relationship facts the build needs.

Parts are kept as bytes and only the parts a step must change are rewritten, so everything else stays
byte-identical to what openpyxl (or Excel) wrote. XML is read with a real parser (ElementTree); where a part
is edited in place, :func:`element_spans` finds the exact bytes of elements with expat, so the edit is a splice
that leaves prefixes, attribute order and whitespace of the rest alone (ElementTree would rename prefixes and
break ``mc:Ignorable`` in Excel-written sheets).
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from xml.etree import ElementTree as ET
from xml.parsers import expat
from xml.sax.saxutils import quoteattr

Parts = dict[str, bytes]

CONTENT_TYPES = "[Content_Types].xml"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

MAIN_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MAIN_XLSM = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
MAIN_XLAM = "application/vnd.ms-excel.addin.macroEnabled.main+xml"

#: Zip entry time of every part we write: a rebuilt file equals the committed one.
ZIP_TIME = (2023, 1, 1, 0, 0, 0)

EMPTY_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>'
)


class PackageError(ValueError):
    """The file is not a workbook package we can work on (not a zip, a part missing, XML damaged)."""


def read_parts(path: Path) -> Parts:
    try:
        with zipfile.ZipFile(path) as archive:
            return {info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as exc:
        raise PackageError(f"{path.name} 不是有效的 Excel 工作簿（zip 包损坏）：{exc}") from exc


def write_parts(parts: Parts, path: Path) -> None:
    """Write the package with [Content_Types].xml first (as Office does) and fixed entry times."""
    names = [CONTENT_TYPES, *(name for name in parts if name != CONTENT_TYPES)]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, parts[name])


def parse(parts: Parts, name: str) -> ET.Element:
    try:
        return ET.fromstring(parts[name])
    except KeyError:
        raise PackageError(f"工作簿缺少部件 {name}") from None
    except ET.ParseError as exc:
        raise PackageError(f"工作簿部件 {name} 的 XML 已损坏：{exc}") from exc


def rels_name(part: str) -> str:
    """``xl/worksheets/sheet1.xml`` -> ``xl/worksheets/_rels/sheet1.xml.rels``; ``""`` (the package) -> ``_rels/.rels``."""
    folder, name = posixpath.split(part)
    return f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"


def resolve(source_part: str, target: str) -> str:
    """The part name a relationship of ``source_part`` points at."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))


def relationships(parts: Parts, part: str) -> list[dict[str, str]]:
    """The relationships of ``part`` (Id, Type, Target, TargetMode attributes), empty if it has none."""
    name = rels_name(part)
    if name not in parts:
        return []
    return [dict(rel.attrib) for rel in parse(parts, name).iter(f"{{{PKG_REL_NS}}}Relationship")]


def sheet_parts(parts: Parts) -> dict[str, str]:
    """Sheet name -> worksheet part name, in workbook order."""
    targets = {
        rel["Id"]: resolve("xl/workbook.xml", rel["Target"])
        for rel in relationships(parts, "xl/workbook.xml")
    }
    book = parse(parts, "xl/workbook.xml")
    out: dict[str, str] = {}
    for sheet in book.iter(f"{{{MAIN_NS}}}sheet"):
        rid = sheet.get(f"{{{R_NS}}}id", "")
        if rid in targets:
            out[sheet.get("name", "")] = targets[rid]
    return out


def add_relationship(parts: Parts, part: str, rel_type: str, target: str, prefix: str = "rIdPerfxl") -> str:
    """Add a relationship from ``part`` (``""`` for the package) and return its new Id."""
    name = rels_name(part)
    xml = parts.get(name, EMPTY_RELS)
    used = {rel.get("Id") for rel in ET.fromstring(xml).iter(f"{{{PKG_REL_NS}}}Relationship")}
    rid = next(f"{prefix}{n}" for n in range(1, 10_000) if f"{prefix}{n}" not in used)
    entry = f"<Relationship Id={quoteattr(rid)} Type={quoteattr(rel_type)} Target={quoteattr(target)}/>"
    parts[name] = insert_before_end(xml, "Relationships", entry.encode())
    return rid


def insert_before_end(xml: bytes, root: str, fragment: bytes) -> bytes:
    """Insert ``fragment`` as the last child of the root element (which may be written ``<root/>``)."""
    ((start, end),) = element_spans(xml, lambda path, _: len(path) == 1)
    closing = xml.rfind(b"</", start, end)
    if closing == -1:  # an empty root written as <root .../>: open it
        head = xml[start:end].rstrip(b">").rstrip().rstrip(b"/")
        return xml[:start] + head + b">" + fragment + f"</{_tag_text(xml, start)}>".encode() + xml[end:]
    return xml[:closing] + fragment + xml[closing:]


def _tag_text(xml: bytes, start: int) -> str:
    """The qualified name of the tag opening at ``start``."""
    stop = start + 1
    while xml[stop : stop + 1] not in (b" ", b">", b"/", b"\n", b"\r", b"\t"):
        stop += 1
    return xml[start + 1 : stop].decode()


def element_spans(
    xml: bytes, wanted: Callable[[tuple[str, ...], dict[str, str]], bool]
) -> list[tuple[int, int]]:
    """Byte spans ``(start, end)`` of the elements ``wanted(path, attributes)`` selects; ``path`` holds the
    qualified names as written (root first), ``attributes`` the element's own (``{"r:id": "rId1"}``).

    Uses expat's byte positions: an element ends where the next parse event begins. Nested matches inside a
    match are not reported separately.
    """
    parser = expat.ParserCreate()  # no namespace processing: paths use the names as written (``mc:Choice``)
    path: list[str] = []
    opened: list[int | None] = []
    pending: list[int] = []  # start offsets of wanted elements that just ended: their end is the next event
    spans: list[tuple[int, int]] = []

    def event(*_: object) -> None:
        at = parser.CurrentByteIndex
        while pending:
            spans.append((pending.pop(), at))

    def start(name: str, attrs: dict[str, str]) -> None:
        event()
        path.append(name)
        inside = any(o is not None for o in opened)
        opened.append(parser.CurrentByteIndex if not inside and wanted(tuple(path), attrs) else None)

    def end(_name: str) -> None:
        event()
        path.pop()
        begin = opened.pop()
        if begin is not None:
            pending.append(begin)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = event
    parser.CommentHandler = event
    parser.ProcessingInstructionHandler = event
    parser.StartCdataSectionHandler = event
    parser.EndCdataSectionHandler = event
    try:
        parser.Parse(xml, True)
    except expat.ExpatError as exc:
        raise PackageError(f"XML 已损坏：{exc}") from exc
    for begin in pending:  # the root: it ends at the end of the document (bar trailing whitespace)
        spans.append((begin, len(xml.rstrip())))
    return sorted(spans)


def cut(xml: bytes, spans: Iterable[tuple[int, int]]) -> bytes:
    """``xml`` without the given byte spans."""
    out, at = [], 0
    for start, end in sorted(spans):
        out.append(xml[at:start])
        at = end
    out.append(xml[at:])
    return b"".join(out)


def content_types(parts: Parts) -> tuple[dict[str, str], dict[str, str]]:
    """(extension -> Default content type, part name -> Override content type)."""
    root = parse(parts, CONTENT_TYPES)
    defaults = {
        e.get("Extension", "").lower(): e.get("ContentType", "") for e in root.iter(f"{{{CT_NS}}}Default")
    }
    overrides = {
        e.get("PartName", "").lstrip("/"): e.get("ContentType", "") for e in root.iter(f"{{{CT_NS}}}Override")
    }
    return defaults, overrides


def write_content_types(parts: Parts, defaults: dict[str, str], overrides: dict[str, str]) -> None:
    """Rewrite [Content_Types].xml from the two maps (Defaults first, then Overrides, as Office writes it)."""
    items = [
        f"<Default Extension={quoteattr(ext)} ContentType={quoteattr(ct)}/>" for ext, ct in defaults.items()
    ]
    items += [
        f"<Override PartName={quoteattr('/' + p)} ContentType={quoteattr(ct)}/>"
        for p, ct in overrides.items()
    ]
    parts[CONTENT_TYPES] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Types xmlns="{CT_NS}">' + "".join(items) + "</Types>"
    ).encode()


def set_main_type(parts: Parts, main_type: str) -> None:
    defaults, overrides = content_types(parts)
    overrides["xl/workbook.xml"] = main_type
    write_content_types(parts, defaults, overrides)
