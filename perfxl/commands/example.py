"""``perfxl example NAME -o FILE``: write a bundled real return into its template."""

from __future__ import annotations

import argparse

from perfxl.examples import EXAMPLES
from perfxl.writer import write_workbook


def run(args: argparse.Namespace) -> int:
    model = EXAMPLES[args.name]()
    path = write_workbook(model, args.output)
    print(f"已输出示例 {args.name} → {path}")
    return 0
