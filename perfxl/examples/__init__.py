"""The two real 2023 returns bundled as examples (see ../shared/seeds): `perfxl example shifeng|hengdong`."""

from __future__ import annotations

from collections.abc import Callable

from perfxl.examples.hengdong import hengdong
from perfxl.examples.shifeng import shifeng
from perfxl.models import FormModel

EXAMPLES: dict[str, Callable[[], FormModel]] = {"shifeng": shifeng, "hengdong": hengdong}

__all__ = ["EXAMPLES", "hengdong", "shifeng"]
