"""Every command over the hostile corpus (issue 11, item 6), as a user runs them: separate processes under a time
limit and ``ulimit -v 2 GB``. Each ends with exit 0, 1 or 2 and a Chinese sentence, never a traceback or a
signal, and no process (the command or one of its workers) holds more than 300 MB; every input is accounted for
and byte-identical afterwards."""

from __future__ import annotations

import hashlib
import json
import os
import re
import resource
import stat
import subprocess
import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import pytest

from tests.hostile_corpus import build_corpus

MEMORY = 2 << 30
SECONDS = 60
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


#: runs the command and reports the peak resident memory of it and its workers (the largest process)
_LAUNCHER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[1:])\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "sys.stderr.write(f'\\nPEAK_KB={peak}\\n')\n"
    "sys.exit(code if code >= 0 else 128 - code)\n"
)
_PEAK = re.compile(r"\nPEAK_KB=(\d+)\n$")
PEAK_MB = 300


def _perfxl(args: Sequence[object]) -> tuple[list[str], int, str]:
    argv = [sys.executable, "-c", _LAUNCHER, sys.executable, "-m", "perfxl.cli", *map(str, args)]
    run = subprocess.run(argv, capture_output=True, timeout=SECONDS, preexec_fn=_limited,
                         env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    text = run.stdout.decode("utf-8", "replace") + run.stderr.decode("utf-8", "replace")
    return [str(a) for a in args], run.returncode, text


def _fingerprint(path: Path) -> tuple[object, ...]:
    info = path.lstat()
    if not stat.S_ISREG(info.st_mode):
        return (info.st_mode,)
    if info.st_size > 100 << 20:  # the sparse 3 GB file: size, time and its first and last MB
        with path.open("rb") as handle:
            head = handle.read(1 << 20)
            handle.seek(-(1 << 20), os.SEEK_END)
            tail = handle.read()
        return (info.st_size, info.st_mtime_ns, hashlib.sha256(head + tail).hexdigest())
    path.chmod(info.st_mode | stat.S_IRUSR)
    try:
        return (info.st_size, info.st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest())
    finally:
        path.chmod(info.st_mode)


def _problems(runs: list[tuple[list[str], int, str]]) -> list[str]:
    found = []
    for args, code, text in runs:
        if code not in (0, 1, 2):
            found.append(f"{args}: exit {code}")
        if "Traceback (most recent call last)" in text or "意外错误" in text:
            found.append(f"{args}: {text[-400:]}")
        if "panicked at" in text:  # python-calamine's Rust panic, printed in English before perfxl's message
            found.append(f"{args}: {text[text.index('panicked at') - 40:][:300]}")
        for english in ("Warning: ", "Please see the exception"):  # openpyxl's warnings and messages
            if english in text:
                found.append(f"{args}: {text[text.index(english) - 80:][:300]}")
        if not _CJK.search(text):
            found.append(f"{args}: no Chinese message")
        peak = _PEAK.search(text)
        if peak is None or int(peak.group(1)) > PEAK_MB * 1024:
            found.append(f"{args}: peak memory {peak.group(1) if peak else '?'} KB (at most {PEAK_MB} MB)")
    return found


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build_corpus(tmp_path_factory.mktemp("hostile") / "收件箱")


def test_corpus_has_every_kind_the_issue_names(corpus: dict[str, Path]) -> None:
    assert len(corpus) >= 40
    for kind in ("value_at_XFD1048576", "value_at_XFD10000", "merge_G1_XFD1048576", "calculation_32700_digits",
                 "twenty_digit_cells", "namespace_prefixed_sheet_xml", "zip_bomb_lying_directory", "junk_3GB",
                 "total_1E29", "date_formatted_minus_1e300", "word_line_break_in_shared_string",
                 "no_read_permission", "non_form_attachment_lzma_docprops", "emoji_and_minus_for_gbk",
                 "terminal_escapes_in_cells", "escape_sequences_in_file_name", "dde_formula", "webservice_formula",
                 "external_link_formula", "changed_total_formula"):
        assert kind in corpus, kind
    on_disk = sum(p.lstat().st_blocks * 512 for p in corpus.values() if p.is_file() or p.is_symlink())
    assert on_disk < 20 << 20


def test_every_command_ends_cleanly_on_every_hostile_input(corpus: dict[str, Path], tmp_path: Path) -> None:
    before = {kind: _fingerprint(path) for kind, path in corpus.items()}
    files = [path for path in corpus.values() if not path.is_dir()]
    out = tmp_path / "out"
    out.mkdir()
    jobs: list[list[object]] = []
    for number, path in enumerate(files):
        jobs += [["show", path], ["check", path, "--mark", out / f"marked{number}.xlsx"],
                 ["generate", path, "--sheet", "附表3-1", "-o", out / f"generated{number}.xlsx"]]
    jobs += [["check", *files, "--format", fmt, "-o", out / f"report.{fmt}"] for fmt in ("text", "json", "html")]
    jobs.append(["consolidate", files[0].parent, "-o", out / "汇总.xlsx", "--format", "json", "--no-cache"])
    for kind in ("date_formatted_minus_1e300", "date_formatted_huge_in_detail", "total_NaN"):  # openpyxl's turn
        jobs += [["unmark", corpus[kind], "-o", out / f"unmarked_{kind}.xlsx"],
                 ["sheet3", corpus[kind], "-o", out / f"sheet3_{kind}.xlsx"]]
    # a hostile workbook given as the list of expected units (its first sheet is read)
    jobs.append(["consolidate", corpus["total_1E29"], "--expected", corpus["date_formatted_minus_1e300"], "-o",
                 out / "名单.xlsx", "--no-cache"])
    with ThreadPoolExecutor(2) as pool:
        runs = list(pool.map(_perfxl, jobs))
    assert _problems(runs) == []

    checked = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert len(checked["files"]) == len(files)  # every file accounted for in check …
    consolidated = _json_of(runs)
    listed = {Path(source["path"]).name for source in consolidated["files"]}  # type: ignore[attr-defined]
    assert listed == {path.name for path in files}  # … and in consolidate
    assert (out / "汇总.xlsx").is_file()
    assert {kind: _fingerprint(path) for kind, path in corpus.items()} == before  # inputs untouched
    assert not [p.name for p in out.iterdir() if p.name.startswith(".~perfxl-")]  # no temporary files left


def _json_of(runs: list[tuple[list[str], int, str]]) -> dict[str, object]:
    text = next(text for args, _, text in runs if args[0] == "consolidate")
    text = _PEAK.sub("", text)
    start = text.index("{")
    decoded, _ = json.JSONDecoder().raw_decode(text[start:])
    assert isinstance(decoded, dict)
    return decoded


def test_hostile_files_among_200_good_ones_do_not_stop_the_batch(corpus: dict[str, Path], tmp_path: Path) -> None:
    from tests.hostile_corpus import S1, _cell, _part, _text
    from tests.rawzip import entries_of, replace_part, write_zip

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    entries = entries_of(corpus["good"])
    for number in range(200):  # 200 distinct units
        sheet = _cell(_part(entries, S1), "B4", _text("B4", f"第{number}单位"))
        write_zip(inbox / f"unit{number:03}.xlsx", replace_part(entries, S1, sheet))
    hostile = ("value_at_XFD1048576", "merge_G1_XFD1048576", "zip_bomb_lying_directory", "junk_3GB",
               "date_formatted_minus_1e300", "non_form_attachment_lzma_docprops", "namespace_prefixed_sheet_xml")
    for kind in hostile:
        os.link(corpus[kind], inbox / corpus[kind].name)
    args, code, text = _perfxl(["consolidate", inbox, "-o", tmp_path / "汇总.xlsx", "--format", "json", "--no-cache"])
    assert _problems([(args, code, text)]) == []
    summary = _json_of([(["consolidate"], code, text)])
    statuses = {Path(f["path"]).stem: f["status"] for f in summary["files"]}  # type: ignore[attr-defined]
    assert len(statuses) == 200 + len(hostile)
    assert sum(1 for name, status in statuses.items() if name.startswith("unit") and status == "有错误") == 200
    assert all(statuses[Path(corpus[kind]).stem] == "无法读取" for kind in hostile if kind != "namespace_prefixed_sheet_xml")
    prefixed = statuses[Path(corpus["namespace_prefixed_sheet_xml"]).stem]  # legitimate markup: read and summed
    assert prefixed == "有错误"
    assert summary["totals"]["资金总额"] == str(Decimal("51.8") * 201)  # type: ignore[index]
    assert code == 1 and (tmp_path / "汇总.xlsx").is_file()
