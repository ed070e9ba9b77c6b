"""Periods in 时效 targets: "2023.07-2024.01", "2023.3-11", "1-12月", "2023年7月至2024年1月", "2023年1月1日—12月31日".

A 时效 target should be a deadline ("2024年1月底前完成"); staff often write the service period instead. This
module reads such a period into its two ends so the rules can ask for a deadline and compare the end with the
budget year. It reads text already made half-width and without spaces (see :func:`perfxl.values.squash`); every
pattern is bounded, so a fullmatch is linear in the text.
"""

from __future__ import annotations

import re

from msgspec import Struct

_Y = r"(?:19|20)\d\d"
_M = r"(?:0?[1-9]|1[0-2])"
_D = r"(?:0?[1-9]|[12]\d|3[01])"
_SEPARATOR = r"(?:[-~—–―]{1,2}|至|到)"


def _start() -> str:
    return (
        rf"(?P<sy1>{_Y})[./](?P<sm1>{_M})(?P<sd1>[./]{_D})?"  # 2023.07, 2023/7/1
        rf"|(?P<sy2>{_Y})-(?P<sm2>{_M})(?:-{_D})?"  # 2023-07-01
        rf"|(?:(?P<sy3>{_Y})年度?)?(?P<sm3>{_M})(?P<smw>月份?(?:{_D}[日号])?)?"  # 2023年7月, 7月, 1 (of 1-12月)
        rf"|(?P<sy4>{_Y})年度?"  # 2023年
    )


def _end() -> str:
    return (
        rf"(?P<ey1>{_Y})[./](?P<em1>{_M})(?:[./]{_D})?"
        rf"|(?P<ey2>{_Y})-(?P<em2>{_M})(?:-{_D})?"
        rf"|(?:(?P<ey3>{_Y})年度?)?(?P<em3>{_M})月份?(?:{_D}[日号])?(?:底|末)?"
        rf"|(?P<ey4>{_Y})年度?(?:底|末)?"
        rf"|(?P<em4>{_M})"  # 11 (of 2023.3-11): only after a start written as year.month, no day
    )


_PERIOD = re.compile(rf"(?:{_start()}){_SEPARATOR}(?:{_end()})(?:期间|期内|内|止)?")


class Moment(Struct, frozen=True):
    """One end of a period as written; the year or the month may be missing ("12月", "2023年")."""

    year: int | None
    month: int | None

    def __str__(self) -> str:
        year = f"{self.year}年" if self.year else ""
        return f"{year}{self.month}月" if self.month else year

    def after(self, year: int, month: int | None = None) -> bool:
        """Whether this moment falls after *year* (or after *month* of that year, when given)."""
        if self.year is None:
            return False
        if self.year != year or month is None or self.month is None:
            return self.year > year
        return self.month > month


class Period(Struct, frozen=True):
    start: Moment
    end: Moment

    def __str__(self) -> str:
        return f"{self.start}至{self.end}"


def _group(m: re.Match[str], prefix: str, field: str) -> int | None:
    found = next((m[f"{prefix}{field}{i}"] for i in range(1, 5) if m.groupdict().get(f"{prefix}{field}{i}")), None)
    return int(found) if found else None


def parse_period(squashed: str) -> Period | None:
    """The period written by a whole cell, or None. A bare month number starts a period only before a month
    ("1-12月"); an end without a year takes the start's (the next year's when its month comes first)."""
    m = _PERIOD.fullmatch(squashed)
    if m is None:
        return None
    start = Moment(_group(m, "s", "y"), _group(m, "s", "m"))
    end = Moment(_group(m, "e", "y"), _group(m, "e", "m"))
    if m["sm3"] and not m["smw"] and not m["em3"]:
        return None  # "1-2024年": not a period anyone writes
    if m["em4"] and not (m["sy1"] and not m["sd1"]):
        return None  # a bare number ends a period only after "2023.3": "2023-03-11" is a day, "2023.3.1-11" unclear
    if start.month is None and end.month is not None and end.year is None:
        return None  # "2023年-12月"
    if end.year is None and start.year is not None:
        later = start.month is not None and end.month is not None and end.month < start.month
        end = Moment(start.year + later, end.month)
    elif start.year is None and end.year is not None:
        earlier = start.month is not None and end.month is not None and start.month > end.month
        start = Moment(end.year - earlier, start.month)
    return Period(start, end)
