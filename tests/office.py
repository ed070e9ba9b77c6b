"""Helpers for tests that need LibreOffice (soffice) and poppler-utils.

There is no Excel on Linux, so LibreOffice is our independent reader: it opens the workbooks we write,
RECALCULATES their formulas, and prints them to PDF. poppler-utils turns those PDFs into text and PNGs.

Mark such tests with ``@pytest.mark.office``; ``tests/conftest.py`` then calls :func:`require_office`
before each of them (skip locally when LibreOffice is missing, fail under CI=true).

Recalculation: XlsxWriter writes formulas with a cached value of 0 (or whatever ``value=`` says) and an
app.xml that claims "Microsoft Excel", and LibreOffice's default for Excel 2007+ files is "never recalculate
on load" (``/org.openoffice.Office.Calc/Formula/Load/OOXMLRecalcMode`` = 1), so a plain ``--convert-to``
would just copy the stale cached values. We therefore run soffice with a private user profile whose
``registrymodifications.xcu`` sets ``OOXMLRecalcMode`` and ``ODFRecalcMode`` to 0 (always recalculate):
every load does a hard recalc, so both the converted xlsx and the PDF show freshly computed values.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest

SOFFICE_TIMEOUT_S = 120
POPPLER_TIMEOUT_S = 60

_RECALC_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" \
xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">\
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">\
<prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc">\
<prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
"""

_lock = threading.Lock()
_profiles: dict[int, Path] = {}  # pid -> profile dir: one LibreOffice profile per test process
last_timings: list[tuple[str, float]] = []  # (description, seconds) of every soffice call, for reports


class OfficeError(RuntimeError):
    """LibreOffice or a poppler tool failed; the message carries the command and its output."""


# --------------------------------------------------------------------------- locating the tools


def soffice_path() -> str | None:
    """Path of the LibreOffice executable, or None when LibreOffice is not installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    candidates = [
        Path("/usr/bin/soffice"),
        Path("/usr/bin/libreoffice"),
        Path("/usr/lib/libreoffice/program/soffice"),
    ]
    candidates += sorted(Path("/opt").glob("libreoffice*/program/soffice"), reverse=True)
    for cand in candidates:
        if cand.is_file() and os.access(cand, os.X_OK):
            return str(cand)
    return None


def poppler_missing() -> list[str]:
    """Names of the poppler-utils tools we use that are not on PATH."""
    return [t for t in ("pdftotext", "pdfinfo", "pdftoppm", "pdffonts") if shutil.which(t) is None]


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def require_office(*, poppler: bool = True) -> str:
    """Return soffice's path; if it or poppler-utils is missing, skip the test (fail it under CI=true)."""
    missing: list[str] = []
    soffice = soffice_path()
    if soffice is None:
        missing.append("soffice (apt-get install libreoffice-calc-nogui)")
    if poppler:
        missing += [f"{t} (apt-get install poppler-utils)" for t in poppler_missing()]
    if missing:
        msg = "LibreOffice 未安装或工具缺失 / missing: " + ", ".join(missing)
        msg += " — run scripts/test.sh to install"
        if in_ci():
            pytest.fail(msg, pytrace=False)
        pytest.skip(msg)
    assert soffice is not None
    return soffice


# --------------------------------------------------------------------------- running soffice


def _profile_dir() -> Path:
    """A private LibreOffice user profile for this process, seeded with 'always recalculate on load'."""
    pid = os.getpid()
    prof = _profiles.get(pid)
    if prof is None:
        prof = Path(tempfile.mkdtemp(prefix="perfxl-lo-profile-"))
        (prof / "user").mkdir()
        (prof / "user" / "registrymodifications.xcu").write_text(_RECALC_XCU, encoding="utf-8")
        _profiles[pid] = prof
        atexit.register(shutil.rmtree, prof, True)
    return prof


def _run(cmd: list[str], timeout: float, what: str) -> subprocess.CompletedProcess[str]:
    """Run cmd in its own process group; on timeout kill that group (soffice forks soffice.bin)."""
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        raise OfficeError(
            f"{what}: timed out after {timeout:.0f} s\ncommand: {cmd}\nstdout:\n{out}\nstderr:\n{err}"
        ) from None
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def convert(src: Path, fmt: str, outdir: Path) -> Path:
    """Convert src with headless LibreOffice (``--convert-to fmt``) into outdir; return the new file.

    fmt is what soffice takes after --convert-to: "pdf", "xlsx", 'xlsx:Calc MS Excel 2007 XML', ...
    Formulas are recalculated on load (see the module docstring). Raises OfficeError with soffice's
    output when the conversion fails or produces no file.
    """
    soffice = soffice_path()
    if soffice is None:
        raise OfficeError("LibreOffice (soffice) is not installed")
    src = Path(src).resolve()
    outdir = Path(outdir).resolve()
    if not src.is_file():
        raise FileNotFoundError(src)
    ext = fmt.split(":", 1)[0]
    target = outdir / f"{src.stem}.{ext}"
    if target == src:
        raise ValueError(
            f"converting {src} to {fmt} in {outdir} would overwrite the source: use another outdir"
        )
    outdir.mkdir(parents=True, exist_ok=True)
    if target.exists():
        target.unlink()
    with _lock:  # one soffice at a time per profile
        profile = _profile_dir()
        cmd = [
            soffice,
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            "--nologo",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
            str(src),
        ]
        t0 = time.monotonic()
        res = _run(cmd, SOFFICE_TIMEOUT_S, f"soffice --convert-to {fmt} {src.name}")
        last_timings.append((f"{src.name} -> {fmt}", time.monotonic() - t0))
    if res.returncode != 0 or not target.is_file() or target.stat().st_size == 0:
        raise OfficeError(
            f"soffice failed to convert {src} to {fmt} (exit {res.returncode}, expected {target})\n"
            f"command: {cmd}\nstdout:\n{res.stdout}\nstderr:\n{res.stderr}"
        )
    return target


def recalculated_values(src: Path, tmpdir: Path) -> dict[str, dict[str, object]]:
    """Let LibreOffice recalculate every formula in src and return the results.

    Returns {sheet name: {cell address: value}} for every non-empty cell (constants and formula results),
    e.g. {"附表2": {"C5": 18.0}}. Numbers come back as int or float (compare with ==), errors as strings
    like "#DIV/0!".
    """
    import openpyxl

    outdir = Path(tempfile.mkdtemp(prefix="recalc-", dir=tmpdir))
    out = convert(src, "xlsx:Calc MS Excel 2007 XML", outdir)
    wb = openpyxl.load_workbook(out, data_only=True, read_only=True)
    try:
        result: dict[str, dict[str, object]] = {}
        for ws in wb.worksheets:
            cells: dict[str, object] = {}
            for row in ws.iter_rows():
                for cell in row:
                    value = getattr(cell, "value", None)
                    coord = getattr(cell, "coordinate", None)
                    if value is not None and coord is not None:
                        cells[coord] = value
            result[ws.title] = cells
        return result
    finally:
        wb.close()


# --------------------------------------------------------------------------- PDFs (poppler-utils)


def pdf_of(src: Path, outdir: Path) -> Path:
    """Print src (all sheets, formulas recalculated) to a PDF in outdir with LibreOffice."""
    return convert(src, "pdf", outdir)


def _tool(cmd: list[str], package: str = "poppler-utils") -> str:
    if shutil.which(cmd[0]) is None:
        raise OfficeError(f"{cmd[0]} not found: apt-get install {package}")
    res = _run(cmd, POPPLER_TIMEOUT_S, cmd[0])
    if res.returncode != 0:
        raise OfficeError(f"{cmd[0]} failed (exit {res.returncode})\ncommand: {cmd}\nstderr:\n{res.stderr}")
    return res.stdout


def pdf_text(pdf: Path, raw: bool = False) -> str:
    """The PDF's text, laid out like the page (pdftotext -layout), or with ``raw`` in the order it was drawn: a
    cell's wrapped lines stay together (a layout line interleaves the lines of neighbouring wrapped headers)."""
    return _tool(["pdftotext", "-raw" if raw else "-layout", "-enc", "UTF-8", str(pdf), "-"])


def pdf_page_count(pdf: Path) -> int:
    """Number of pages (pdfinfo)."""
    info = _tool(["pdfinfo", str(pdf)])
    m = re.search(r"^Pages:\s+(\d+)\s*$", info, re.MULTILINE)
    if m is None:
        raise OfficeError(f"pdfinfo printed no page count for {pdf}:\n{info}")
    return int(m.group(1))


def pdf_fonts(pdf: Path) -> list[str]:
    """Names of the fonts in the PDF without the subset prefix (pdffonts), e.g. ["WenQuanYiMicroHei"]."""
    lines = _tool(["pdffonts", str(pdf)]).splitlines()[2:]
    names = [line.split()[0] for line in lines if line.strip()]
    return [n.split("+", 1)[1] if re.match(r"^[A-Z]{6}\+", n) else n for n in names]


def cjk_font_names() -> set[str]:
    """PostScript names of the installed fonts that cover Chinese (fc-list :lang=zh)."""
    if shutil.which("fc-list") is None:
        return set()
    out = _tool(["fc-list", ":lang=zh", "postscriptname"], "fontconfig")
    return {m.group(1) for m in re.finditer(r"postscriptname=(\S+)", out)}


def pdf_first_page_png(pdf: Path, outdir: Path) -> Path:
    """Render page 1 of the PDF at 60 dpi to outdir/<stem>.png (pdftoppm) and return its path."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    prefix = outdir / Path(pdf).stem
    _tool(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(prefix)])
    png = prefix.with_name(prefix.name + ".png")
    if not png.is_file() or png.stat().st_size == 0:
        raise OfficeError(f"pdftoppm wrote no PNG for {pdf} (expected {png})")
    return png
