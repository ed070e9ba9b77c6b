"""The .xlsm templates and the add-in in LibreOffice: they open, and every button, when "clicked", runs RunPython
with the command of its caption.

LibreOffice runs the VBA of a document (MacroExecutionMode 4) but cannot compile xlwings' module, and then runs no
macro of the project at all; the click tests therefore use builds whose xlwings module is macros/test/
xlwings_stub.bas, a RunPython that records its argument. Everything else in those builds is the shipped
pipeline. One LibreOffice start (tests/uno_buttons.py under the system Python with python3-uno) serves all files.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest

from perfxl.cli import main
from perfxl.xlsm import export_macro_free
from perfxl.xlsm.addin import CUSTOMUI14_NS, CUSTOMUI14_PART, build_xlam
from perfxl.xlsm.template import build_xlsm
from perfxl.xlsm.vba import VbaModule, addin_modules, with_module
from tests import office
from tests.helpers import example_file
from tests.xlsm_support import (
    CAPTION_COMMANDS,
    COMMITTED,
    EXPECTED_CAPTIONS,
    STUB,
    XLSM_NAMES,
    parts_of,
    stub_modules,
    vba_sources,
)

pytestmark = pytest.mark.office

UNO_PYTHON = "/usr/bin/python3"  # Debian's python3-uno is built for the system Python, not the venv
HELPER = Path(__file__).with_name("uno_buttons.py")
XLAM_FILTER = "Calc MS Excel 2007 VBA XML"  # LibreOffice does not pick a filter for .xlam by itself


def _require_uno() -> None:
    ok = (
        os.path.exists(UNO_PYTHON)
        and subprocess.run([UNO_PYTHON, "-c", "import uno"], capture_output=True, timeout=60).returncode == 0
    )
    if not ok:
        msg = f"python3-uno missing: {UNO_PYTHON} cannot import uno (apt-get install python3-uno; scripts/test.sh does)"
        if office.in_ci():
            pytest.fail(msg, pytrace=False)
        pytest.skip(msg)


def _stub_addin_modules() -> list[VbaModule]:
    stub = VbaModule.from_source(STUB.read_text(encoding="ascii"))
    return [m for m in with_module(addin_modules(), "xlwings", stub) if m.name != "Dictionary"]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """Build every file to look at, open them all in one LibreOffice, and return its report by file key."""
    office.require_office(poppler=False)
    _require_uno()
    folder = tmp_path_factory.mktemp("lo-xlsm")
    files: dict[str, tuple[Path, bool, list[str]]] = {}  # key -> (path, click, macros to invoke)
    for name in XLSM_NAMES:
        files[f"shipped:{name}"] = (COMMITTED / name, False, [])
        stub = build_xlsm(COMMITTED / name.replace(".xlsm", ".xlsx"), folder / f"stub-{name}", stub_modules())
        files[f"stub:{name}"] = (stub, True, [])
    files["shipped:xlam"] = (COMMITTED / "perfxl.xlam", False, [])
    stub_xlam = build_xlam(folder / "stub.xlam", _stub_addin_modules())
    ribbon = _ribbon_delegates(stub_xlam)
    files["stub:xlam"] = (stub_xlam, False, [macro for _label, macro in ribbon])
    shifeng = build_xlsm(example_file("shifeng", folder), folder / "shifeng.xlsm", stub_modules())
    marked, generated = folder / "marked.xlsm", folder / "generated.xlsm"
    main(["check", str(shifeng), "--mark", str(marked)])
    assert main(["generate", str(shifeng), "--sheet", "附表3-1", "--replace", "-o", str(generated)]) == 0
    files["stub:marked"] = (marked, True, [])
    files["stub:generated"] = (generated, True, [])
    files["export"] = (export_macro_free(marked, folder / "报送版.xlsx"), False, [])
    spec = [
        {"path": str(path), "click": click, "macros": macros, "filter": XLAM_FILTER if path.suffix == ".xlam" else None}
        for path, click, macros in files.values()
    ]
    spec_file = folder / "spec.json"
    spec_file.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    soffice = office.soffice_path()
    assert soffice is not None
    with office._lock:
        cmd = [UNO_PYTHON, str(HELPER), soffice, office._profile_dir().as_uri(), str(spec_file)]
        res = office._run(cmd, office.SOFFICE_TIMEOUT_S, "uno_buttons.py")
    assert res.returncode == 0, res.stderr
    results = json.loads(res.stdout)
    out = {key: result for key, result in zip(files, results, strict=True)}
    out["stub:xlam"]["ribbon"] = ribbon
    return out


def _ribbon_delegates(xlam: Path) -> list[tuple[str, str]]:
    """(label, macro) of each ribbon button: the zero-argument macro its onAction callback calls (LibreOffice
    cannot call the callback itself: it takes an IRibbonControl)."""
    ribbon_source = vba_sources(xlam)["perfxl_ribbon"]
    out = []
    for button in ET.fromstring(parts_of(xlam)[CUSTOMUI14_PART]).iter(f"{{{CUSTOMUI14_NS}}}button"):
        body = re.search(
            rf"^Public Sub {button.get('onAction')}\(control As IRibbonControl\)\s*\n\s*(\w+)\s*\n\s*End Sub",
            ribbon_source,
            re.MULTILINE,
        )
        assert body is not None, button.get("onAction")
        out.append((button.get("label", ""), f"perfxl_buttons.{body.group(1)}"))
    return out


@pytest.mark.parametrize("name", [*XLSM_NAMES, "xlam"])
def test_shipped_files_open_with_their_vba_project(name: str, report: dict) -> None:
    result = report[f"shipped:{name}"]
    assert "error" not in result
    assert {"xlwings", "Dictionary", "perfxl_buttons", "ThisWorkbook"} <= set(result["modules"])
    assert ("perfxl_ribbon" in result["modules"]) == (name == "xlam")
    if name != "xlam":
        sheets = result["sheets"]
        assert not sheets["perfxl"]["visible"] and sheets["perfxl"]["controls"] == []
        for sheet, info in sheets.items():
            if sheet != "perfxl":
                assert info["protected"]
                assert [c["label"] for c in info["controls"]] == EXPECTED_CAPTIONS[sheet]


@pytest.mark.parametrize("name", XLSM_NAMES)
def test_clicking_each_button_runs_the_command_of_its_caption(name: str, report: dict) -> None:
    sheets = report[f"stub:{name}"]["sheets"]
    clicked = {sheet: [(c["label"], c["ran"]) for c in info["controls"]] for sheet, info in sheets.items() if info["controls"]}
    assert clicked == {
        sheet: [(caption, CAPTION_COMMANDS[caption]) for caption in EXPECTED_CAPTIONS[sheet]] for sheet in clicked
    }
    assert set(clicked) == set(sheets) - {"perfxl"}


def test_the_addin_macros_behind_the_ribbon_run_their_commands(report: dict) -> None:
    result = report["stub:xlam"]
    assert len(result["ribbon"]) == 6
    assert {label: result["macros"][macro] for label, macro in result["ribbon"]} == CAPTION_COMMANDS


@pytest.mark.parametrize("kind", ["marked", "generated"])
def test_buttons_still_work_after_check_mark_and_generate(kind: str, report: dict) -> None:
    sheets = report[f"stub:{kind}"]["sheets"]
    clicked = {sheet: [(c["label"], c["ran"]) for c in info["controls"]] for sheet, info in sheets.items() if info["controls"]}
    assert set(clicked) == {"附表1", "附表2", "附表3-1", "附表3-2"}
    for sheet, items in clicked.items():
        assert [label for label, _ in items] == EXPECTED_CAPTIONS[sheet.replace("3-2", "3-1")]
        assert all(ran == CAPTION_COMMANDS[label] for label, ran in items)


def test_exported_copy_has_no_controls_and_no_macros(report: dict) -> None:
    result = report["export"]
    assert "error" not in result and result["modules"] == []
    assert all(info["controls"] == [] for info in result["sheets"].values())
    assert result["sheets"]["附表1"]["protected"]



def test_missing_python_uno_skips_locally_and_fails_in_ci(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(f"{__name__}.UNO_PYTHON", str(tmp_path / "no-python3"))
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="python3-uno"):
        _require_uno()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="python3-uno"):
        _require_uno()
