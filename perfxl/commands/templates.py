"""``perfxl templates``: build every blank template into a folder: each form as .xlsx and as .xlsm (with the
Excel buttons), and the perfxl.xlam ribbon add-in."""

from __future__ import annotations

import argparse

from perfxl.atomic import atomic_path
from perfxl.frameworks import FrameworkId
from perfxl.layout.forms import WORKBOOK_LAYOUTS
from perfxl.writer import build_template, template_file_name
from perfxl.xlsm.addin import build_xlam
from perfxl.xlsm.template import build_xlsm

ADDIN_FILE_NAME = "perfxl.xlam"


def run(args: argparse.Namespace) -> int:
    out = args.out
    for layout in WORKBOOK_LAYOUTS.values():
        for framework in FrameworkId:
            target = out / template_file_name(layout, framework)
            with atomic_path(target) as tmp:
                build_template(layout, framework).save(tmp)
            print(f"已生成 {target}")
            macro_enabled = build_xlsm(target, target.with_suffix(".xlsm"))
            print(f"已生成 {macro_enabled}")
    addin = build_xlam(out / ADDIN_FILE_NAME)
    print(f"已生成 {addin}（Excel 加载项：功能区“绩效目标”选项卡）")
    return 0
