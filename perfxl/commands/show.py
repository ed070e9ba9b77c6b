"""``perfxl show FILE``: what perfxl reads from a return, as JSON (for checking the reader by eye)."""

from __future__ import annotations

import argparse
import sys

from perfxl.check.settings import SettingsError, load_settings
from perfxl.grid import WorkbookError
from perfxl.limits import set_limits
from perfxl.marker import FormError
from perfxl.reader import read_form


def run(args: argparse.Namespace) -> int:
    try:
        set_limits(load_settings().read_limits())  # [limits] of ./perfxl.toml, as check uses them
        result = read_form(args.file)
    except (WorkbookError, FormError, SettingsError) as err:
        print(f"错误：{err}", file=sys.stderr)
        return 2
    print(result.model.model_dump_json(indent=2))
    for problem in result.problems:
        print(f"{problem.sheet}!{problem.cell}：{problem.message}", file=sys.stderr)
    return 0
