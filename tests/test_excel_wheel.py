"""The wheel carries the built Excel files, and an installed perfxl finds them beside its code."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).parent.parent


def test_wheel_contains_the_workbook_templates_and_setup_finds_them(tmp_path: Path) -> None:
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "-q", "-w", str(tmp_path)],
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("perfxl-*.whl")
    shipped = sorted(p for p in (REPO / "workbook_templates").iterdir() if p.suffix in {".xlsx", ".xlsm", ".xlam"})
    assert len(shipped) >= 4
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for path in shipped:
            assert archive.read(f"perfxl/workbook_templates/{path.name}") == path.read_bytes()
        assert {"perfxl/install/apply.py", "perfxl/commands/excel.py"} <= names
        site = tmp_path / "site"
        archive.extractall(site)
    # the unpacked wheel as an installed package (from a folder without workbook_templates next to it)
    found = subprocess.run(
        [sys.executable, "-c", "import perfxl.install.artefacts as a; print(a.default_folders()[0])"],
        capture_output=True, text=True, cwd=tmp_path, env={"PYTHONPATH": str(site)}, timeout=60)
    assert found.returncode == 0, found.stderr
    folder = Path(found.stdout.strip())
    assert folder == site / "perfxl" / "workbook_templates"
    assert sorted(p.name for p in folder.iterdir()) == [p.name for p in shipped]
