"""Limits before reading (issue 11, item 1): a workbook larger than a limit is refused with a Chinese message
before python-calamine or openpyxl sees it; the real forms pass with room to spare; the limits are settable."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from msgspec.structs import replace

from perfxl.check.settings import SettingsError, load_settings
from perfxl.cli import main
from perfxl.consolidate import consolidate
from perfxl.grid import WorkbookError, sniff
from perfxl.limits import (
    DEFAULT_LIMITS,
    LimitError,
    Limits,
    check_package,
    current_limits,
    set_limits,
    sheet_size,
)
from tests.helpers import example_file
from tests.rawzip import Entry, entries_of, replace_part, write_zip

SHEET = "xl/worksheets/sheet1.xml"


def _sheet(entries: list[Entry]) -> bytes:
    part = next(e for e in entries if e.name == SHEET).data
    assert isinstance(part, bytes)
    return part


def _with_sheet(source: Path, target: Path, change: object) -> Path:
    entries = entries_of(source)
    data = change(_sheet(entries))  # type: ignore[operator]
    return write_zip(target, replace_part(entries, SHEET, data))


@pytest.fixture(scope="module")
def shifeng(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return example_file("shifeng", tmp_path_factory.mktemp("limits"))


@pytest.fixture(autouse=True)
def _default_limits() -> object:
    yield
    set_limits(DEFAULT_LIMITS)


def test_defaults_allow_ten_times_every_real_form(shifeng: Path, tmp_path: Path) -> None:
    import zipfile

    main(["templates", "--out", str(tmp_path / "templates")])
    files = [shifeng, example_file("hengdong", tmp_path), *sorted((tmp_path / "templates").glob("*.xlsx"))]
    assert len(files) == 6
    for file in files:
        assert file.stat().st_size * 10 <= DEFAULT_LIMITS.file_mb * 1024 * 1024
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
            assert len(infos) * 10 <= DEFAULT_LIMITS.parts
            assert sum(i.file_size for i in infos) * 10 <= DEFAULT_LIMITS.total_mb * 1024 * 1024
            sheets = [archive.read(i) for i in infos if i.filename.startswith("xl/worksheets/")]
        assert len(sheets) * 10 <= DEFAULT_LIMITS.sheets
        assert sum(sheet_size(d).cells for d in sheets) * 10 <= DEFAULT_LIMITS.workbook_cells
        for data in sheets:
            size = sheet_size(data)
            assert len(data) * 10 <= DEFAULT_LIMITS.part_mb * 1024 * 1024
            assert size.last[0] * 10 <= DEFAULT_LIMITS.rows and size.last[1] * 10 <= DEFAULT_LIMITS.columns
            assert size.cells * 10 <= DEFAULT_LIMITS.cells and size.merges * 10 <= DEFAULT_LIMITS.merges
            assert size.last[0] * size.last[1] * 100 <= DEFAULT_LIMITS.area
        sniff(file)  # and each real form passes the check itself


def test_a_value_at_xfd1048576_is_refused_before_calamine(shifeng: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    path = _with_sheet(shifeng, tmp_path / "far.xlsx", lambda d: d.replace(b"</sheetData>", far))
    assert path.stat().st_size < 40_000
    assert main(["check", str(path)]) == 2
    out = capsys.readouterr().out
    assert "最远的单元格到第 1048576 行、第 16384 列" in out and "未被进一步打开" in out


@pytest.mark.parametrize(("change", "words"), [
    (lambda d: d.replace(b'<dimension ref="A1:E55" />', b'<dimension ref="A1:XFD1048576" />'), "声明的使用区域"),
    (lambda d: d.replace(b"<mergeCells", b'<mergeCells><mergeCell ref="G1:XFD1048576"/></mergeCells><mergeCells', 1),
     "合并区域到第 1048576 行"),
    (lambda d: d.replace(b"</sheetData>", b'<row r="20000"><c r="A20000"><v>1</v></c></row></sheetData>'), "第 20000 行"),
])
def test_sheet_extent_over_the_limit_is_refused(shifeng: Path, tmp_path: Path, change: object, words: str) -> None:
    path = _with_sheet(shifeng, tmp_path / "big.xlsx", change)
    with pytest.raises(LimitError, match=words):
        sniff(path)
    with pytest.raises(LimitError, match=words):
        sniff(path, path.read_bytes())


def test_prefixed_markup_and_cells_without_address_are_measured_too(shifeng: Path, tmp_path: Path) -> None:
    body = b"".join(b"<x:c><x:v>1</x:v></x:c>" for _ in range(300))
    prefixed = (b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>'
                b'<x:row r="3">' + body + b"</x:row></x:sheetData></x:worksheet>")
    size = sheet_size(prefixed)
    assert size.cells == 300 and size.last == (3, 300)
    path = _with_sheet(shifeng, tmp_path / "prefixed.xlsx", lambda d: prefixed)
    with pytest.raises(LimitError, match="第 300 列"):
        sniff(path)


def test_cells_written_with_other_white_space_or_prefixes_are_measured_too() -> None:
    """A cell tag that does not start with ``<c r="…"`` (a line break before r=, a self-closed <c/>, a prefix
    followed by a line break) sends the part the slow way instead of being left out of the count."""
    plain = b'<worksheet><sheetData><row r="1"><c r="A1"/>'
    assert sheet_size(plain + b'<c\nr="A99999"/></row></sheetData></worksheet>').last == (99999, 1)
    assert sheet_size(plain + b"<c/></row></sheetData></worksheet>").cells == 2
    assert sheet_size(b'<x:worksheet><x:c\nr="C7"/><x:c r="A1"/></x:worksheet>').last == (7, 3)


def test_a_part_that_inflates_past_its_claim_is_stopped_at_the_limit(shifeng: Path, tmp_path: Path) -> None:
    """A zip bomb whose directory claims 2 KB: inflating stops one byte past the part limit, not at the end."""
    set_limits(replace(DEFAULT_LIMITS, part_mb=2))
    zeros = (b"\0" * (1 << 20) for _ in range(64))  # 64 MB that deflate to ≈ 64 KB
    entries = replace_part(entries_of(shifeng), "xl/media/image1.png", zeros, declared_size=2048)
    path = write_zip(tmp_path / "bomb.xlsx", entries)
    assert path.stat().st_size < 200_000
    with pytest.raises(LimitError, match="解压后超过 2 MB"):
        sniff(path)


def test_a_part_whose_size_differs_from_its_claim_is_refused(shifeng: Path, tmp_path: Path) -> None:
    entries = replace_part(entries_of(shifeng), "docProps/extra.xml", b"<a/>" * 1000, declared_size=10)
    path = write_zip(tmp_path / "lying.xlsx", entries)
    with pytest.raises(WorkbookError, match="内容与目录不符"):
        sniff(path)


def test_declared_bomb_is_refused_from_the_directory(shifeng: Path, tmp_path: Path) -> None:
    entries = replace_part(entries_of(shifeng), "xl/media/image1.png", b"x", declared_size=3 << 30)
    with pytest.raises(LimitError, match="声明解压后 3072 MB"):
        check_package(Path("bomb.xlsx"), io.BytesIO(write_zip(tmp_path / "b.xlsx", entries).read_bytes()))


def test_unsupported_compression_is_refused_in_chinese(shifeng: Path, tmp_path: Path) -> None:
    entries = entries_of(shifeng)
    core = next(e for e in entries if e.name == "docProps/core.xml")
    path = write_zip(tmp_path / "method.xlsx", replace_part(entries, core.name, core.data, method=99))
    with pytest.raises(WorkbookError, match="压缩方式"):
        sniff(path)


def test_too_many_shared_strings_and_sheets(shifeng: Path, tmp_path: Path) -> None:
    strings = b'<sst xmlns="x">' + b"<si><t>a</t></si>" * 50 + b"</sst>"
    path = write_zip(tmp_path / "sst.xlsx", replace_part(entries_of(shifeng), "xl/sharedStrings.xml", strings))
    set_limits(replace(DEFAULT_LIMITS, shared_strings=49))
    with pytest.raises(LimitError, match="50 个共享字符串"):
        sniff(path)
    set_limits(replace(DEFAULT_LIMITS, sheets=4))
    with pytest.raises(LimitError, match="5 个工作表"):
        sniff(shifeng)


def test_file_size_is_judged_before_the_file_is_read(shifeng: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """A sparse 3 GB file costs nothing: it is refused by its size (check exits 2, consolidate lists it)."""
    junk = tmp_path / "inbox" / "junk.xlsx"
    junk.parent.mkdir()
    with junk.open("wb") as handle:
        handle.truncate(3 << 30)
    assert main(["check", str(junk)]) == 2
    assert "文件大小 3072.0 MB 超过上限 20 MB" in capsys.readouterr().out
    (junk.parent / "ok.xlsx").write_bytes(shifeng.read_bytes())
    summary = consolidate([junk.parent], tmp_path / "sum.xlsx", workers=1)
    reasons = {Path(s.path).name: (s.status.value, s.reason) for s in summary.sources}
    assert reasons["junk.xlsx"][0] == "无法读取" and "超过上限 20 MB" in reasons["junk.xlsx"][1]
    assert reasons["ok.xlsx"][0] != "无法读取"
    os.unlink(junk)


def test_limits_come_from_perfxl_toml(shifeng: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "perfxl.toml"
    config.write_text("[limits]\nrows = 40\n", encoding="utf-8")
    assert load_settings(config).read_limits().rows == 40
    assert main(["check", str(shifeng), "--config", str(config)]) == 2
    assert "上限 40 行" in capsys.readouterr().out
    config.write_text("[limits]\nrowz = 40\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="未知的限制项 rowz"):
        load_settings(config)
    config.write_text("[limits]\nrows = -1\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="应为正数"):
        load_settings(config)


def test_cells_of_all_sheets_together_are_limited(shifeng: Path) -> None:
    set_limits(replace(DEFAULT_LIMITS, workbook_cells=1000))  # the example has 1,177 in five sheets
    with pytest.raises(LimitError, match="全部工作表共有 1177 个单元格"):
        sniff(shifeng)


def test_limits_merge_keeps_types() -> None:
    merged = Limits().merged({"rows": 50.0, "file_mb": 1})
    assert merged.rows == 50 and isinstance(merged.rows, int) and merged.file_mb == 1.0
    assert current_limits() == DEFAULT_LIMITS


def test_readme_lists_every_limit_with_its_default() -> None:
    import re

    from perfxl.check.settings import tomllib

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```toml\n(\[limits\]\n.*?)```", readme, re.S)
    assert block is not None
    listed = tomllib.loads(block.group(1))["limits"]
    assert listed == {name: getattr(DEFAULT_LIMITS, name) for name in Limits.__struct_fields__}


def test_show_uses_the_limits_of_perfxl_toml(shifeng: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "perfxl.toml").write_text("[limits]\nrows = 40\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["show", str(shifeng)]) == 2
    assert "上限 40 行" in capsys.readouterr().err


def test_a_stored_part_is_measured_like_a_deflated_one(shifeng: Path, tmp_path: Path) -> None:
    """Parts written without compression (method 0) are read, measured and limited as deflated ones are."""
    entries = [Entry(e.name, e.data, method=0) for e in entries_of(shifeng)]
    stored = write_zip(tmp_path / "stored.xlsx", entries)
    sniff(stored)  # a whole stored package is a workbook like any other
    set_limits(replace(DEFAULT_LIMITS, part_mb=0.01))
    with pytest.raises(LimitError, match="声明解压后"):
        sniff(stored)
    lying = [Entry(e.name, e.data, method=0, declared_size=100 if e.name == SHEET else None) for e in entries]
    with pytest.raises(LimitError, match=r"解压后超过 0\.01 MB"):
        sniff(write_zip(tmp_path / "lying.xlsx", lying))


def test_a_part_whose_local_name_differs_from_the_directory_is_refused(shifeng: Path, tmp_path: Path) -> None:
    """Two names for one part (the directory's and the local header's) could show two readers two packages."""
    path = write_zip(tmp_path / "names.xlsx", entries_of(shifeng))
    data = path.read_bytes()
    at = data.index(b"docProps/core.xml")  # the first copy: the local header's
    path.write_bytes(data[:at] + b"docProps/c0re.xml" + data[at + len(b"docProps/core.xml"):])
    with pytest.raises(WorkbookError, match="已损坏"):
        sniff(path)


def test_a_part_whose_compressed_data_stops_short_is_refused(shifeng: Path, tmp_path: Path) -> None:
    entries = [Entry(e.name, e.data, cut=10 if e.name == SHEET else 0) for e in entries_of(shifeng)]
    path = write_zip(tmp_path / "short.xlsx", entries)
    with pytest.raises(WorkbookError, match="已损坏"):
        sniff(path)
    with pytest.raises(WorkbookError, match="已损坏"):
        sniff(path, path.read_bytes())


def test_settings_with_limits_reach_a_spawned_worker_without_pydantic(tmp_path: Path) -> None:
    """Consolidation hands the settings to its workers pickled (on Windows each worker is a fresh Python).
    Unpickling runs their validation again: settings already validated must not load pydantic (≈ 90 ms a worker)
    to be checked a second time; settings that were never validated still are."""
    import pickle
    import subprocess
    import sys

    from perfxl.check.settings import Settings

    checked = Settings.model_validate({"limits": {"rows": 400, "file_mb": 5}})
    assert checked.limits == (("file_mb", 5.0), ("rows", 400.0))
    blob = tmp_path / "settings.pickle"
    code = (
        "import pickle, sys\n"
        f"settings = pickle.loads(open({str(blob)!r}, 'rb').read())\n"
        "print('pydantic' in sys.modules, settings.read_limits().rows, settings.read_limits().file_mb)\n"
    )
    blob.write_bytes(pickle.dumps(checked))
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         cwd=Path(__file__).parent.parent)
    assert res.stdout.split() == ["False", "400", "5"], res.stdout + res.stderr
    # a mapping, as perfxl.toml gives it, is not final: it is validated into sorted pairs
    assert Settings(limits={"rows": 400}).limits == (("rows", 400.0),)  # type: ignore[arg-type]
    assert Settings(limits=(("rows", 400),)).limits == (("rows", 400.0),)  # an int: not final, converted
