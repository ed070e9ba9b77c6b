"""The hidden marker that says which form a workbook is, in which layout version and framework.

It lives on a very hidden sheet. Its check code is a hash of the form id, version, framework and the layout's
anchor labels, so editing the marker by hand, or reading a workbook built from a different layout under the same
version number, is noticed. (It is tamper-evident, not secret: anyone with perfxl can compute it.)
"""

from __future__ import annotations

from msgspec import Struct

try:  # CPython's own SHA-256 (3.10–3.11 name, then 3.12+): hashlib would first load OpenSSL, ≈ 3–5 ms a start
    from _sha256 import sha256  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover
    try:
        from _sha2 import sha256  # type: ignore[import-not-found,no-redef,unused-ignore]
    except ImportError:
        from hashlib import sha256  # type: ignore[assignment,unused-ignore]

from perfxl.frameworks import FrameworkId
from perfxl.grid import Grid
from perfxl.layout.forms import WORKBOOK_LAYOUTS
from perfxl.layout.spec import WorkbookLayout

MARKER_SHEET = "perfxl"
MAGIC = "perfxl-form"


class FormError(Exception):
    """The workbook is readable but is not a perfxl form of this version; ``str(err)`` is for the user."""


class Marker(Struct, frozen=True):
    form_id: str
    version: int
    framework: FrameworkId

    def code(self, layout: WorkbookLayout) -> str:
        return check_code(layout, self.version, self.framework)

    def values(self, layout: WorkbookLayout) -> list[tuple[str, str]]:
        """(label, value) rows of the marker sheet: labels in column A, values in B1:B5 (read back below)."""
        return [
            ("标识", MAGIC),
            ("表单", self.form_id),
            ("版本", str(self.version)),
            ("指标体系", self.framework.value),
            ("校验码", self.code(layout)),
        ]


def check_code(layout: WorkbookLayout, version: int, framework: FrameworkId) -> str:
    """The marker's check code: a hash of the form, version, framework and every anchor label (the labels are
    joined once per layout, :attr:`WorkbookLayout.anchor_text`)."""
    text = f"{layout.form_id}|{version}|{framework.value}{layout.anchor_text}"
    return sha256(text.encode()).hexdigest()[:20]


def read_marker(grid: Grid, source: str) -> tuple[Marker, WorkbookLayout]:
    """Find and verify the marker; raise :class:`FormError` with a Chinese explanation otherwise."""
    sheet = grid.get(MARKER_SHEET)
    if sheet is None or sheet.text("B1") != MAGIC:
        raise FormError(
            f"{source} 不是 perfxl 模板生成的绩效目标表（找不到表单标识）。"
            "请用 perfxl templates 生成的模板填写，或把内容复制到模板中。"
        )
    form_id = sheet.text("B2")
    layout = WORKBOOK_LAYOUTS.get(form_id)
    if layout is None:
        raise FormError(f"{source} 的表单类型“{form_id}”无法识别，可能来自更新版本的 perfxl，请升级 perfxl。")
    try:
        version = int(sheet.text("B3"))
        framework = FrameworkId(sheet.text("B4"))
    except ValueError as err:
        raise FormError(f"{source} 的表单标识已损坏（版本或指标体系无法识别），请改用新模板。") from err
    if version != layout.version:
        newer = "更新" if version > layout.version else "较旧"
        raise FormError(
            f"{source} 使用的是{newer}版本的模板（第 {version} 版，本程序支持第 {layout.version} 版）。"
            + ("请升级 perfxl。" if version > layout.version else "请用 perfxl templates 生成新模板并把内容复制过去。")
        )
    marker = Marker(form_id, version, framework)
    if sheet.text("B5") != marker.code(layout):
        raise FormError(f"{source} 的表单标识校验码不符，标识可能被手工改动过。请用新模板重新填写。")
    return marker, layout
