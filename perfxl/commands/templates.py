"""``perfxl templates``: build every blank template into a folder."""

from __future__ import annotations

import argparse

from perfxl.atomic import atomic_path
from perfxl.frameworks import FrameworkId
from perfxl.layout.forms import WORKBOOK_LAYOUTS
from perfxl.writer import build_template, template_file_name


def run(args: argparse.Namespace) -> int:
    out = args.out
    for layout in WORKBOOK_LAYOUTS.values():
        for framework in FrameworkId:
            target = out / template_file_name(layout, framework)
            with atomic_path(target) as tmp:
                build_template(layout, framework).save(tmp)
            print(f"已生成 {target}")
    return 0
