"""`perfxl excel setup` / `remove` on a simulated Windows PC: temporary folders for the user's profile and an
in-memory registry holding what Excel and the user already had. Setup must write what Excel and xlwings read;
remove must bring every file and registry value back, unrelated ones untouched.

The real `winreg` implementation (perfxl.install.registry.WinRegistry) does not run here: see docs/windows-test.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
from pathlib import Path

import pytest

from perfxl.commands import excel as excel_command
from perfxl.install import office
from perfxl.install.artefacts import template_names
from perfxl.install.environment import Environment
from perfxl.install.registry import HKCU, HKLM, MemoryRegistry, RegValue

REPO_TEMPLATES = Path(__file__).parent.parent / "workbook_templates"
OPTIONS = r"Software\Microsoft\Office\16.0\Excel\Options"
TRUSTED = r"Software\Microsoft\Office\16.0\Excel\Security\Trusted Locations"
TOOLPAK = r'/R "C:\Program Files\Microsoft Office\root\Office16\Library\Analysis\ANALYS32.XLL"'
# the user's own xlwings settings before setup: CRLF lines, GBK bytes (a Chinese path), keys perfxl must not touch
OLD_CONF = ('"LICENSE_KEY","abc123"\r\n"INTERPRETER_WIN","C:\\old\\python.exe"\r\n'
            '"PYTHONPATH","D:\\工作\\脚本"\r\n"SHOW CONSOLE","True"\r\n').encode("gbk")


def _artefacts(folder: Path, xlsm: bool = True) -> Path:
    """The .xlsx templates from the repository; .xlsm and perfxl.xlam are stand-ins until the build makes them."""
    folder.mkdir()
    for name in template_names():
        if name.endswith(".xlsx"):
            shutil.copyfile(REPO_TEMPLATES / name, folder / name)
        elif xlsm:
            (folder / name).write_bytes(b"xlsm stand-in " + name.encode())
    (folder / "perfxl.xlam").write_bytes(b"xlam stand-in")
    return folder


def _excel_registry() -> MemoryRegistry:
    registry = MemoryRegistry()
    registry.set_value(HKCU, OPTIONS, "OPEN", RegValue(TOOLPAK))
    registry.set_value(HKCU, OPTIONS, "Options", RegValue(6, "REG_DWORD"))
    registry.set_value(HKCU, OPTIONS.replace("Options", "Add-in Manager"), r"C:\tools\other.xlam", RegValue(""))
    registry.set_value(HKCU, TRUSTED + r"\Location0", "Path", RegValue("C:\\Program Files\\Microsoft Office\\root\\"))
    registry.set_value(HKCU, r"Software\Microsoft\Windows\CurrentVersion\Explorer\User Shell Folders", "Personal",
                       RegValue("%USERPROFILE%" + os.sep + "文档", "REG_EXPAND_SZ"))  # os.sep: paths of this OS
    return registry


@pytest.fixture
def pc(tmp_path: Path) -> Environment:
    home = tmp_path / "Users" / "张三"
    python = tmp_path / "Python311"
    python.mkdir(parents=True)
    (python / "python.exe").write_bytes(b"")
    (python / "pythonw.exe").write_bytes(b"")
    (home / ".xlwings").mkdir(parents=True)
    (home / "AppData" / "Roaming").mkdir(parents=True)  # always there on Windows
    (home / ".xlwings" / "xlwings.conf").write_bytes(OLD_CONF)
    return Environment(registry=_excel_registry(), home=home, appdata=home / "AppData" / "Roaming",
                       interpreter=python / "python.exe", ansi_encoding="gbk", is_windows=True,
                       xlwings_version="0.37.8")


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _folders(root: Path) -> list[str]:
    return [str(p.relative_to(root)) for p in sorted(root.rglob("*")) if p.is_dir()]


def _run(env: Environment, action: str, capsys: pytest.CaptureFixture[str], **options: object) -> tuple[int, str]:
    args = argparse.Namespace(action=action, templates=options.get("templates"), resident=options.get("resident"),
                              source=options.get("source"))
    code = excel_command.run(args, env)
    out, err = capsys.readouterr()
    return code, out + err


def test_setup_writes_what_excel_and_xlwings_read(pc: Environment, tmp_path: Path, capsys) -> None:
    source = _artefacts(tmp_path / "built")
    code, out = _run(pc, "setup", capsys, source=source)
    assert code == 0, out
    addin = pc.addins_dir / "perfxl.xlam"
    assert addin.read_bytes() == b"xlam stand-in"
    options = pc.registry.values(HKCU, OPTIONS)
    assert options is not None
    assert options["OPEN"] == RegValue(TOOLPAK)  # the user's add-in stays first
    assert options["OPEN1"] == RegValue(f'"{addin}"')  # Excel's own form: the full path in double quotes
    assert options["Options"] == RegValue(6, "REG_DWORD")

    templates = pc.home / "文档" / "绩效目标模板"  # Documents as the registry says (moved folders are followed)
    assert sorted(p.name for p in templates.iterdir()) == sorted(template_names())
    for name in template_names():
        assert (templates / name).read_bytes() == (source / name).read_bytes()
    trusted = pc.registry.values(HKCU, TRUSTED + r"\perfxl")
    assert trusted == {"Path": RegValue(f"{templates}\\"), "AllowSubfolders": RegValue(1, "REG_DWORD"),
                       "Description": RegValue("perfxl 绩效目标模板（perfxl excel setup）")}
    assert pc.registry.values(HKCU, TRUSTED + r"\Location0") is not None

    pythonw = tmp_path / "Python311" / "pythonw.exe"
    conf = (pc.home / ".xlwings" / "xlwings.conf").read_bytes()
    assert conf == OLD_CONF.replace(b"C:\\old\\python.exe", str(pythonw).encode("gbk"))  # merged in place, GBK
    assert "张三" in str(pythonw) or "张三" in str(pc.home)
    addin_conf = (pc.home / ".perfxl" / "perfxl.conf").read_bytes()
    assert addin_conf == f'"INTERPRETER_WIN","{pythonw}"\r\n'.encode("gbk")

    for shown in (str(addin), "OPEN1", str(templates), r"Trusted Locations\perfxl", "xlwings.conf", "perfxl.conf",
                  str(pc.record_path)):
        assert shown in out


def test_remove_puts_everything_back(pc: Environment, tmp_path: Path, capsys) -> None:
    registry = pc.registry
    assert isinstance(registry, MemoryRegistry)
    before_registry, before_files, before_folders = registry.snapshot(), _files(pc.home), _folders(pc.home)
    source = _artefacts(tmp_path / "built")
    assert _run(pc, "setup", capsys, source=source, resident=True)[0] == 0
    assert registry.snapshot() != before_registry and _files(pc.home) != before_files
    code, out = _run(pc, "remove", capsys)
    assert code == 0, out
    assert registry.snapshot() == before_registry
    assert _files(pc.home) == before_files
    assert _folders(pc.home) == before_folders  # 文档\绩效目标模板, .perfxl, AddIns, AppData\…\perfxl all gone
    assert "已撤销" in out and "OPEN1" in out
    code, out = _run(pc, "remove", capsys)
    assert code == 0 and "没有找到" in out


def test_resident_switches_the_udf_server_and_remove_restores_the_original(pc: Environment, tmp_path, capsys) -> None:
    source = _artefacts(tmp_path / "built")
    conf = pc.home / ".xlwings" / "xlwings.conf"
    code, out = _run(pc, "setup", capsys, source=source, resident=True)
    assert code == 0
    assert b'"USE UDF SERVER","True"\r\n' in conf.read_bytes()
    assert b'"USE UDF SERVER","True"\r\n' in (pc.home / ".perfxl" / "perfxl.conf").read_bytes()
    assert "xlwings32,64}-0.37.8.dll" in out.replace("{", "")  # no DLL beside this Python: a warning
    (tmp_path / "xlwings64-0.37.8.dll").write_bytes(b"")  # a venv keeps it one folder above Scripts\python.exe
    code, out = _run(pc, "setup", capsys, source=source, resident=False)
    assert code == 0 and "dll" not in out
    assert b'"USE UDF SERVER","False"\r\n' in conf.read_bytes()
    assert _run(pc, "setup", capsys, source=source, resident=True)[0] == 0
    assert _run(pc, "remove", capsys)[0] == 0
    assert conf.read_bytes() == OLD_CONF  # the key never existed before the first setup: gone again


def test_setup_twice_registers_the_addin_once(pc: Environment, tmp_path: Path, capsys) -> None:
    source = _artefacts(tmp_path / "built")
    _run(pc, "setup", capsys, source=source)
    code, out = _run(pc, "setup", capsys, source=source)
    assert code == 0 and "未改动" in out
    options = pc.registry.values(HKCU, OPTIONS) or {}
    assert sorted(name for name in options if name.startswith("OPEN")) == ["OPEN", "OPEN1"]
    assert _run(pc, "remove", capsys)[0] == 0
    assert (pc.home / ".xlwings" / "xlwings.conf").read_bytes() == OLD_CONF  # the original, not the first setup's


def test_remove_closes_the_gap_in_open_values(pc: Environment, tmp_path: Path, capsys) -> None:
    _run(pc, "setup", capsys, source=_artefacts(tmp_path / "built"))
    pc.registry.set_value(HKCU, OPTIONS, "OPEN2", RegValue('"C:\\tools\\later.xlam"'))  # ticked after setup
    code, out = _run(pc, "remove", capsys)
    assert code == 0
    options = pc.registry.values(HKCU, OPTIONS) or {}
    assert {k: v.data for k, v in options.items() if k.startswith("OPEN")} == {
        "OPEN": TOOLPAK, "OPEN1": '"C:\\tools\\later.xlam"'}
    assert "OPEN2 → OPEN1" in out


def test_remove_finds_the_addin_excel_moved_to_the_addin_manager(pc: Environment, tmp_path, capsys) -> None:
    _run(pc, "setup", capsys, source=_artefacts(tmp_path / "built"))
    addin = str(pc.addins_dir / "perfxl.xlam")
    manager = OPTIONS.replace("Options", "Add-in Manager")
    pc.registry.delete_value(HKCU, OPTIONS, "OPEN1")  # the user unticked it: Excel moves it here
    pc.registry.set_value(HKCU, manager, addin, RegValue(""))
    assert _run(pc, "remove", capsys)[0] == 0
    assert list(pc.registry.values(HKCU, manager) or {}) == [r"C:\tools\other.xlam"]


def test_remove_keeps_what_the_user_changed_after_setup(pc: Environment, tmp_path: Path, capsys) -> None:
    _run(pc, "setup", capsys, source=_artefacts(tmp_path / "built"))
    templates = pc.home / "文档" / "绩效目标模板"
    filled = templates / template_names()[0]
    filled.write_bytes(b"filled in by the user")
    (templates / "我的报表.xlsx").write_bytes(b"the user's own file")
    conf = pc.home / ".xlwings" / "xlwings.conf"
    conf.write_bytes(conf.read_bytes().replace(b"pythonw.exe", b"python.exe"))  # the user's own choice since
    code, out = _run(pc, "remove", capsys)
    assert code == 0
    assert sorted(p.name for p in templates.iterdir()) == sorted([filled.name, "我的报表.xlsx"])
    assert filled.read_bytes() == b"filled in by the user"
    assert f"保留：{filled}" in out and f"保留文件夹：{templates}" in out
    assert b"Python311" in conf.read_bytes() and b"LICENSE_KEY" in conf.read_bytes()


def test_setup_does_not_overwrite_a_filled_template(pc: Environment, tmp_path: Path, capsys) -> None:
    templates = tmp_path / "模板"
    templates.mkdir()
    filled = templates / template_names()[1]
    filled.write_bytes(b"someone's work")
    same = templates / template_names()[2]
    shutil.copyfile(REPO_TEMPLATES / same.name, same)  # copied by hand before: the same file
    code, out = _run(pc, "setup", capsys, source=_artefacts(tmp_path / "built"), templates=templates)
    assert code == 0
    assert filled.read_bytes() == b"someone's work"
    assert f"保留：{filled}" in out and f"已有相同的模板：{same}" in out and "复制 6 个，保留 1 个" in out
    assert _run(pc, "remove", capsys)[0] == 0
    assert sorted(p.name for p in templates.iterdir()) == sorted([filled.name, same.name])  # both were there


@pytest.mark.parametrize("windows", [False, True], ids=["linux-or-mac", "windows-without-excel"])
def test_without_windows_excel_it_explains_the_command_line(windows: bool, tmp_path: Path, capsys) -> None:
    env = Environment(registry=MemoryRegistry(), home=tmp_path / "home", appdata=tmp_path / "appdata",
                      interpreter=tmp_path / "python", ansi_encoding="utf-8", is_windows=windows,
                      xlwings_version=None)
    for action in ("setup", "remove") if not windows else ("setup",):
        code, out = _run(env, action, capsys, source=_artefacts(tmp_path / f"built-{action}"))
        assert code == 2
        assert "WPS" in out and "perfxl check 报表.xlsx --mark" in out and "perfxl consolidate" in out
        assert ("没有找到 Microsoft Excel" in out) == windows
    assert not (tmp_path / "home").exists() and not (tmp_path / "appdata").exists()


def test_missing_artefacts_are_named_and_nothing_changes(pc: Environment, tmp_path: Path, capsys) -> None:
    registry = pc.registry
    assert isinstance(registry, MemoryRegistry)
    before = registry.snapshot(), _files(pc.home)
    code, out = _run(pc, "setup", capsys, source=_artefacts(tmp_path / "built", xlsm=False))
    assert code == 2
    assert "缺少" in out and "项目支出绩效目标申报表.xlsm" in out and "Traceback" not in out
    assert "perfxl excel remove" not in out  # nothing was done, so nothing to undo
    assert (registry.snapshot(), _files(pc.home)) == before


def test_an_unusable_templates_folder_is_a_chinese_error(pc: Environment, tmp_path: Path, capsys) -> None:
    blocker = tmp_path / "模板.txt"
    blocker.write_text("a file where a folder should be")
    code, out = _run(pc, "setup", capsys, source=_artefacts(tmp_path / "built"), templates=blocker / "sub")
    assert code == 2
    assert "同名的文件，不是文件夹" in out and "Traceback" not in out
    assert "perfxl excel remove" not in out
    assert pc.registry.values(HKCU, TRUSTED + r"\perfxl") is None


def test_a_python_path_outside_the_code_page_is_refused(pc: Environment, tmp_path: Path, capsys) -> None:
    pc.ansi_encoding = "cp1252"  # a Western Windows: VBA could not read 张三 in the path
    pc.interpreter = pc.home / "Python" / "python.exe"
    code, out = _run(pc, "setup", capsys, source=_artefacts(tmp_path / "built"))
    assert code == 2 and "代码页" in out and r"C:\Python311" in out


def test_excel_versions_from_install_keys() -> None:
    registry = MemoryRegistry()
    assert office.excel_versions(registry) == []
    registry.set_value(HKLM, r"SOFTWARE\Microsoft\Office\ClickToRun\REGISTRY\MACHINE\Software\Microsoft\Office"
                       r"\16.0\Excel\InstallRoot", "Path", RegValue(r"C:\Program Files\Microsoft Office\root\Office16"))
    assert office.excel_versions(registry) == ["16.0"]
    registry = MemoryRegistry()
    registry.set_value(HKLM, r"SOFTWARE\Microsoft\Windows\CurrentVersion\App Paths\excel.exe", "",
                       RegValue(r"C:\Program Files (x86)\Microsoft Office\Office15\EXCEL.EXE"))
    registry.set_value(HKLM, r"SOFTWARE\WOW6432Node\Microsoft\Office\14.0\Excel\InstallRoot", "Path", RegValue("x"))
    assert office.excel_versions(registry) == ["15.0", "14.0"]


def test_open_value_targets() -> None:
    addins = r"C:\Users\张三\AppData\Roaming\Microsoft\AddIns"
    path = addins + r"\perfxl.xlam"
    assert office.same_file(office.open_target(f'"{path}"'), path, addins)
    assert office.same_file(office.open_target('"perfxl.xlam"'), path, addins)  # bare name: the AddIns folder
    assert office.same_file(office.open_target(f'/R "{path.upper()}"'), path, addins)
    assert not office.same_file(office.open_target(TOOLPAK), path, addins)


def test_memory_registry_deletes_only_empty_keys() -> None:
    registry = MemoryRegistry()
    registry.set_value(HKCU, r"A\B\C", "x", RegValue("1"))
    registry.delete_key(HKCU, r"A\B")
    assert registry.subkeys(HKCU, "a") == ["B"]
    registry.delete_value(HKCU, r"a\b\c", "x")
    registry.delete_key(HKCU, r"A\B\C")
    registry.delete_key(HKCU, r"A\B")
    assert registry.values(HKCU, r"A\B") is None and registry.values(HKCU, "A") == {}


def test_setup_installs_the_built_artefacts_of_this_checkout(pc: Environment, capsys) -> None:
    """With the real .xlsm templates and perfxl.xlam (once the build has put them in workbook_templates/)."""
    if not (REPO_TEMPLATES / "perfxl.xlam").exists():
        pytest.skip("workbook_templates/perfxl.xlam not built in this checkout yet")
    code, out = _run(pc, "setup", capsys)  # no --from: the files beside the package or in the checkout
    assert code == 0, out
    assert (pc.addins_dir / "perfxl.xlam").read_bytes() == (REPO_TEMPLATES / "perfxl.xlam").read_bytes()
    for name in template_names():
        assert (pc.home / "文档" / "绩效目标模板" / name).read_bytes() == (REPO_TEMPLATES / name).read_bytes()
    assert _run(pc, "remove", capsys)[0] == 0
    assert not (pc.addins_dir / "perfxl.xlam").exists()


def test_a_setup_that_fails_half_way_can_be_undone(pc: Environment, tmp_path: Path, capsys) -> None:
    registry = pc.registry
    assert isinstance(registry, MemoryRegistry)
    before = registry.snapshot()
    (pc.appdata / "Microsoft").write_text("a file where Excel's folder should be")
    before_files = _files(pc.home)
    code, out = _run(pc, "setup", capsys, source=_artefacts(tmp_path / "built"))
    assert code == 2
    assert "AddIns：路径中有一个同名的文件" in out and "perfxl excel remove 撤销" in out
    assert (pc.home / "文档" / "绩效目标模板").is_dir()  # the templates were copied before the add-in step failed
    code, out = _run(pc, "remove", capsys)
    assert code == 0, out
    assert (registry.snapshot(), _files(pc.home)) == (before, before_files)
    assert not (pc.home / "文档").exists()


def test_a_relative_templates_folder_is_trusted_by_its_full_path(pc: Environment, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out = _run(pc, "setup", capsys, source=_artefacts(tmp_path / "built"), templates=Path("模板"))
    assert code == 0, out
    trusted = pc.registry.values(HKCU, TRUSTED + r"\perfxl") or {}
    assert trusted["Path"] == RegValue(f"{tmp_path / '模板'}\\")
    assert (tmp_path / "模板" / template_names()[0]).is_file()


def test_command_line(capsys) -> None:
    from perfxl.cli import build_parser, main

    parse = build_parser().parse_args
    assert parse(["excel", "setup"]).resident is None  # neither option: the setting is left as it is
    assert parse(["excel", "setup", "--resident"]).resident is True
    assert parse(["excel", "setup", "--no-resident", "--templates", "D:/模板"]).resident is False
    with pytest.raises(SystemExit):
        parse(["excel", "setup", "--resident", "--no-resident"])
    capsys.readouterr()
    if os.name != "nt":  # this machine: no Windows, so the real environment says so
        assert main(["excel", "setup"]) == 2
        assert "perfxl check 报表.xlsx --mark" in capsys.readouterr().err
