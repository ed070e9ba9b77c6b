"""Parsers of user text are linear in their input (issue 11, item 2): each is fed 100 KB adversarial strings and
must not take much longer than on a normal text of the same length, timed in the same run (a ratio, never
absolute seconds). Before the fix, "32,700 digits then +1=1万元" alone took 98 s in parse_calculation."""

from __future__ import annotations

import contextlib
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from perfxl.calculation import parse_calculation
from perfxl.check.xmlfacts import _is_protected, _scan_every_cell
from perfxl.dates import parse_period
from perfxl.generate.facts import deadline
from perfxl.limits import sheet_size
from perfxl.values import find_quantities, parse_amount, parse_indicator_value, squash
from tests.helpers import example_file

SIZE = 100_000
#: an adversarial input may cost this many times a normal one of the same length (linear: ≈ 1; the old
#: quadratic and cubic patterns: 10^3 to 10^6)
RATIO = 25


def _fill(unit: str, size: int = SIZE) -> str:
    return (unit * (size // len(unit) + 1))[:size]


ADVERSARIAL_TEXT = {
    "digits then a sum": "9" * (SIZE - 7) + "+1=1万元",
    "digits then a sum, short": "9" * 32_700 + "+1=1万元",
    "spaces between numbers": "1" + " " * (SIZE - 2) + "1",
    "spaces after a times sign": "1元×" + " " * (SIZE - 4) + "1",
    "letters then a number": "a" * (SIZE - 1) + "1",
    "thousands groups": "1" + _fill(",000", SIZE - 2) + "x",
    "long decimal": "1." + "1" * (SIZE - 3) + "x",
    "numbered markers": _fill("1. 2. 1. "),
    "values separated by spaces": _fill("1次 "),
    "times signs": _fill("1×") + "=1元",
    "equals signs": "=" * (SIZE - 1) + "1",
    "circled numbers": _fill("①"),
    "comma after an amount then spaces": "1元," + " " * (SIZE - 4) + "a",
    "full-width digits": _fill("９") + "万元",
    "signs and percents": _fill("≥9%以上"),
    "chinese numerals": _fill("十二期"),
    "numeral runs without a unit": _fill("一二三四五六七八九十百千"),
    "numerals before words": _fill("一次性"),
    "percent words": _fill("百分之九十五"),
    "minus signs after amounts": _fill("元-") + "1",
    "dashes between numbers": _fill("1-"),
    "period separators": _fill("2023.07-"),
    "years and months": _fill("2023年7月至"),
}
NORMAL_TEXT = {
    "calculation": _fill("①《石峰舆情》印刷费，12期×1000元/期=1.2万元；②网评员培训，30元/人×300人=0.9万元；"),
    "amount": _fill("51.8万元"),
    "indicator value": _fill("≥12期 "),
    "quantities": _fill("全年开展培训2次，每次30人，印刷12期。"),
    "period": _fill("2023.07-2024.01"),
    "deadline": _fill("2023年7月至2024年1月"),
}
PARSERS: dict[str, Callable[[str], object]] = {
    "calculation": parse_calculation.__wrapped__,  # uncached: every call does the work
    "amount": parse_amount,
    "indicator value": parse_indicator_value.__wrapped__,
    "quantities": find_quantities.__wrapped__,
    "period": lambda text: parse_period(squash(text)),
    "deadline": lambda text: deadline(2023, text),
}


def _cost(func: Callable[[object], object], value: object, rounds: int = 3) -> float:
    """Best of ``rounds`` timings (the least disturbed by the rest of the machine)."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        func(value)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize("parser", sorted(PARSERS))
def test_text_parsers_cost_about_the_same_on_adversarial_and_normal_text(parser: str) -> None:
    func = PARSERS[parser]
    normal = _cost(func, NORMAL_TEXT[parser], rounds=5)  # type: ignore[arg-type]
    floor = _cost(lambda text: to_list(text), NORMAL_TEXT[parser], rounds=5)  # walking 100 KB once, for scale
    budget = RATIO * max(normal, floor)
    slow = {name: round(cost / max(normal, floor), 1) for name, text in ADVERSARIAL_TEXT.items()
            if (cost := _cost(func, text)) > budget}  # type: ignore[arg-type]
    assert not slow, f"{parser}: adversarial inputs cost this many times a normal text: {slow}"


def to_list(text: object) -> list[str]:
    return list(str(text))


@pytest.fixture(scope="module")
def normal_sheet(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A real sheet part, its rows repeated to ≈ 100 KB (renumbering does not matter to the scans)."""
    path = example_file("shifeng", tmp_path_factory.mktemp("linear"))
    with zipfile.ZipFile(path) as archive:
        data = archive.read("xl/worksheets/sheet3.xml")
    head, rest = data.split(b"<sheetData>", 1)
    rows, tail = rest.split(b"</sheetData>", 1)
    copies = SIZE // len(rows) + 1
    return head + b"<sheetData>" + rows * copies + b"</sheetData>" + tail


def _prefixed(body: bytes) -> bytes:
    return (b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>'
            + body + b"</x:sheetData></x:worksheet>")


ADVERSARIAL_XML = {
    "prefixed cells with spaced end tags": _prefixed(
        b'<x:row r="1">' + b'<x:c r="A1"><x:f>SUM(1)</x:f><x:v>1</x:v></x:c >' * (SIZE // 50) + b"</x:row>"),
    "cells never closed": _prefixed(b'<x:c r="A1"><x:f>' * (SIZE // 16)),
    "tags never closed": b"<c " * (SIZE // 3),
    "protection never closed": b"<sheetProtection " * (SIZE // 17),
    "merges never closed": b'<mergeCell ref="A1:B2" ' * (SIZE // 24),
    "values without end": _prefixed(b'<x:c r="B2" t="e"><x:v>' * (SIZE // 22)),
    "attributes without quotes end": b'<c r="A1' * (SIZE // 8),
}
XML_SCANS: dict[str, Callable[[bytes], object]] = {
    "sheet facts": lambda data: _scan_every_cell(data, _is_protected(data)),
    "sheet size": sheet_size,
}


@pytest.mark.parametrize("scan", sorted(XML_SCANS))
def test_sheet_xml_scans_are_linear(scan: str, normal_sheet: bytes) -> None:
    func = XML_SCANS[scan]
    normal = _cost(func, normal_sheet, rounds=5)
    budget = RATIO * normal
    slow = {name: round(cost / normal, 1) for name, data in ADVERSARIAL_XML.items()
            if (cost := _cost(func, data)) > budget}
    assert not slow, f"{scan}: adversarial XML costs this many times a normal sheet: {slow}"


def test_long_texts_are_still_read_as_far_as_they_go(tmp_path: Path) -> None:
    """The caps keep the result meaningful: a normal item before a pasted tail is read, the tail is unread."""
    calc = parse_calculation("①印刷费，12期×1000元/期=1.2万元；" + "说明" * 10_000)
    assert calc.items[0].product_matches() is True
    assert calc.unparsed and len("".join(calc.unparsed)) > 10_000
    assert parse_amount("9" * 1000).problem is not None
    assert parse_amount(1e29).problem is not None and parse_amount(float("nan")).problem is not None
    assert parse_indicator_value("≥" + "9" * 5000 + "%").kind.value == "text"


#: rows of a sheet at the reader's limit (perfxl.limits: 10 000)
ROWS = 10_000


def _label_rows() -> list[list[object]]:
    """The anchor labels of 附表3, one list per labelled row, as the template writes them."""
    from perfxl.layout.forms import SPENDING_DIRECTION

    lines: dict[int, list[object]] = {}
    for label in SPENDING_DIRECTION.anchors():
        row, col = label.position
        lines.setdefault(row, [""] * 6)[col - 1] = label.text
    return list(lines.values())


def test_placing_a_sheet_is_linear_whatever_it_holds(tmp_path: Path) -> None:
    """Rows inserted into a block are placed by the labels (perfxl.placement): a sheet whose every row carries the
    labels' texts (each labelled row of the form, repeated) costs about what as many ordinary rows do."""
    from perfxl.grid import SheetGrid, read_grid
    from perfxl.layout.forms import SPENDING_DIRECTION
    from perfxl.placement import PlacementError, place

    seed = [list(line) for line in read_grid(example_file("shifeng", tmp_path))["附表3-1"].rows]
    labels = _label_rows()

    def cost(filler: Callable[[int], list[object]]) -> float:
        sheet = SheetGrid("附表3-1", seed[:20] + [filler(i) for i in range(ROWS)] + seed[20:])

        def run(_: object) -> None:
            with contextlib.suppress(PlacementError):
                place(sheet, SPENDING_DIRECTION)

        return _cost(run, None)

    normal = cost(lambda i: ["", "效益指标", "社会效益指标", f"第{i}项工作完成率", "≥90%", "计划标准"])
    hostile = {
        "every label row repeated": cost(lambda i: list(labels[i % len(labels)])),
        "one label in every row": cost(lambda i: ["填表人：", "合  计", "", "金额", "", ""]),
    }
    slow = {name: round(value / normal, 1) for name, value in hostile.items() if value > RATIO * normal}
    assert not slow, f"placing a sheet: label-filled rows cost this many times ordinary rows: {slow}"
