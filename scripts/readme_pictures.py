"""The README's pictures: a blank template, a marked copy and the printable summary, printed by LibreOffice.

    .venv/bin/python scripts/readme_pictures.py        # writes docs/img/*.png

Needs LibreOffice and poppler-utils (``bash scripts/test.sh`` installs both). The pictures show what a user gets
on paper; run this again after changing the templates, the marks or the summary and look at them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from perfxl.cli import main  # noqa: E402
from tests.office import pdf_of  # noqa: E402  (the test suite's LibreOffice harness: one profile, timeouts)

OUT = ROOT / "docs" / "img"
DPI = 70


def _page(pdf: Path, page: int, target: Path, height: float = 1.0) -> None:
    """Page ``page`` of ``pdf`` as a PNG, its top ``height`` fraction only."""
    width_px, height_px = round(8.27 * DPI), round(11.69 * DPI)
    if "landscape" in target.stem:
        width_px, height_px = height_px, width_px
    crop = ["-W", str(width_px), "-H", str(round(height_px * height))] if height < 1 else []
    subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-f", str(page), "-l", str(page), "-singlefile", *crop,
                    str(pdf), str(target.with_suffix(""))], check=True)


def main_() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="perfxl-pictures-") as folder:
        work = Path(folder)
        shifeng, hengdong = work / "石峰.xlsx", work / "衡东.xlsx"
        marked, summary = work / "石峰_标注.xlsx", work / "汇总.xlsx"
        with open(os.devnull, "w") as quiet, redirect_stdout(quiet), redirect_stderr(quiet):
            assert main(["example", "shifeng", "-o", str(shifeng)]) == 0
            assert main(["example", "hengdong", "-o", str(hengdong)]) == 0
            assert main(["check", str(shifeng), "--mark", str(marked)]) in (0, 1)
            assert main(["consolidate", str(shifeng), str(hengdong), "-o", str(summary), "--no-cache"]) in (0, 1)
        template = ROOT / "workbook_templates" / "部门绩效目标表（附表1-3）.xlsx"
        _page(pdf_of(template, work / "pdf"), 1, OUT / "template.png")
        _page(pdf_of(marked, work / "pdf"), 3, OUT / "marked.png", height=0.62)
        _page(pdf_of(summary, work / "pdf"), 2, OUT / "summary-landscape.png", height=0.3)
    for png in sorted(OUT.glob("*.png")):
        print(f"{png.relative_to(ROOT)}  {png.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main_())
