"""``perfxl excel setup``: install the ribbon add-in, point xlwings at this Python, copy the templates into a
trusted folder. Every change is printed (in Chinese) and recorded so that ``perfxl excel remove`` can undo it."""

from __future__ import annotations

import ntpath
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from perfxl.install import office, xlconf
from perfxl.install.artefacts import ADDIN_NAME, Artefacts, find_artefacts
from perfxl.install.environment import Environment, SetupError
from perfxl.install.files import copy_atomic, make_folder, missing_folders, os_error_text, sha256
from perfxl.install.record import Record
from perfxl.install.registry import HKCU, Hive, RegValue, full_key, key_exists

Say = Callable[[str], None]
TEMPLATES_FOLDER_NAME = "绩效目标模板"
TRUSTED_DESCRIPTION = "perfxl 绩效目标模板（perfxl excel setup）"


@dataclass(frozen=True)
class ConfFile:
    path: Path
    used_by: str


class NoExcelError(SetupError):
    """Not Windows, or no Excel on this Windows: the buttons cannot work here."""


def conf_files(env: Environment) -> list[ConfFile]:
    """xlwings' VBA reads ``%USERPROFILE%\\.<PROJECT_NAME>\\<PROJECT_NAME>.conf``: ``xlwings`` in the .xlsm templates
    (xlwings.bas), ``perfxl`` in the add-in (xlwings_custom_addin.bas with PROJECT_NAME = "perfxl")."""
    return [ConfFile(env.home / ".xlwings" / "xlwings.conf", ".xlsm 模板"),
            ConfFile(env.home / ".perfxl" / "perfxl.conf", "perfxl.xlam 加载项")]


def setup(env: Environment, say: Say, *, templates: Path | None = None, resident: bool | None = None,
          source: Path | None = None) -> None:
    versions = _preflight(env)
    artefacts = find_artefacts(source)
    interpreter = str(env.xlwings_interpreter())
    xlconf.check_value(interpreter, env.ansi_encoding, "Python 的路径")
    # absolute (Excel trusts a full path), not resolved (a mapped drive stays a drive letter, not \\server\share)
    folder = Path(os.path.abspath(templates.expanduser() if templates is not None
                                  else env.documents() / TEMPLATES_FOLDER_NAME))
    record = Record.load(env.record_path)
    say(f"Excel 版本：{', '.join(versions)}；Python：{interpreter}")
    _copy_templates(artefacts, folder, record, say)
    _install_addin(env, artefacts, versions, record, say)
    _write_conf(env, interpreter, resident, record, say)
    _trust_folder(env, folder, versions, record, say)
    say(f"安装记录：{record.path}（perfxl excel remove 按它撤销以上改动）")
    say("请关闭并重新打开 Excel：功能区出现“绩效目标”选项卡即安装成功。")


def _preflight(env: Environment) -> list[str]:
    if not env.is_windows:
        raise NoExcelError("not windows")
    versions = office.excel_versions(env.registry)
    if not versions:
        raise NoExcelError("no excel")
    if env.xlwings_version is None:
        raise SetupError("没有安装 xlwings（按钮通过它调用 Python）。请运行：pip install \"perfxl[excel]\"，然后重新运行 "
                         "perfxl excel setup。")
    return versions


def _create_folder(folder: Path, record: Record) -> None:
    missing = missing_folders(folder)
    make_folder(folder)
    for path in missing:
        record.note_created(path)


def _copy_templates(artefacts: Artefacts, folder: Path, record: Record, say: Say) -> None:
    _create_folder(folder, record)
    copied = kept = 0
    for source in artefacts.templates:
        target = folder / source.name
        current, wanted = sha256(target), sha256(source)
        if current == wanted and str(target) not in record.files:  # was there before setup: not ours to remove
            say(f"已有相同的模板：{target}（未改动）")
            continue
        if current not in (None, wanted, record.files.get(str(target))):
            say(f"保留：{target}（与 perfxl 的模板不同，可能已被填写或修改；未覆盖。要更新请先改名或移走它）")
            kept += 1
            continue
        if current is None:
            record.note_created(target)
        record.note_file(target, copy_atomic(source, target))
        say(f"已复制模板：{target}")
        copied += 1
    say(f"模板文件夹：{folder}（复制 {copied} 个" + (f"，保留 {kept} 个未覆盖）" if kept else "）"))


def _install_addin(env: Environment, artefacts: Artefacts, versions: list[str], record: Record, say: Say) -> None:
    _create_folder(env.addins_dir, record)
    target = env.addins_dir / ADDIN_NAME
    if not target.exists():
        record.note_created(target)
    record.addin = str(target)
    record.note_file(target, copy_atomic(artefacts.addin, target))
    say(f"已复制加载项：{target}")
    for version in versions:
        key = office.options_key(version)
        listed = [name for _n, name, data in office.open_values(env.registry, version)
                  if office.same_file(office.open_target(data), str(target), str(env.addins_dir))]
        if listed:
            say(f"加载项已登记（Excel {version}）：{full_key(HKCU, key)}\\{listed[0]}，未改动")
            continue
        name = office.next_open_name(env.registry, version)
        # not remembered by name (Excel renumbers OPEN values): remove finds it by the add-in path it names
        _set_value(env, record, HKCU, key, name, RegValue(office.open_value(str(target))), remember=False)
        say(f"已登记加载项（Excel {version}，启动时加载）：{full_key(HKCU, key)}  {name} = {office.open_value(str(target))}")


def _write_conf(env: Environment, interpreter: str, resident: bool | None, record: Record, say: Say) -> None:
    settings = {"INTERPRETER_WIN": interpreter}
    if resident is not None:
        settings["USE UDF SERVER"] = "True" if resident else "False"
    for conf in conf_files(env):
        lines = xlconf.read_lines(conf.path, env.ansi_encoding)
        if lines is None:
            _create_folder(conf.path.parent, record)
            record.note_created(conf.path)
            lines = []
        previous = {key: xlconf.get(lines, key) for key in settings}
        for key, value in settings.items():
            lines = xlconf.put(lines, key, value)
        try:
            xlconf.write_lines(conf.path, lines, env.ansi_encoding)
        except OSError as exc:
            raise SetupError(os_error_text(exc, conf.path)) from exc
        for key, value in settings.items():
            record.note_conf(conf.path, key, value, previous[key])
        shown = "；".join(f"{k} = {v}" for k, v in settings.items())
        say(f"已写入 xlwings 设置（{conf.used_by}）：{conf.path}  {shown}")
    if resident:
        say("已开启常驻 Python（xlwings UDF 服务器）：第一次点击启动 Python，以后的点击更快。升级 perfxl 后请重启 Excel。")
        if not env.xlwings_dlls():
            say(f"注意：在 {env.interpreter.parent} 及其上一级文件夹中找不到 xlwings{{32,64}}-{env.xlwings_version}.dll，"
                "常驻模式需要它。请用 pip install \"perfxl[excel]\" 重新安装 xlwings，或用 --no-resident 关闭常驻模式。")
    elif resident is False:
        say("已关闭常驻 Python：每次点击按钮启动一个新的 Python。")


def _trust_folder(env: Environment, folder: Path, versions: list[str], record: Record, say: Say) -> None:
    path = office.folder_value(str(folder))
    values = {"Path": RegValue(path), "AllowSubfolders": RegValue(1, "REG_DWORD"),
              "Description": RegValue(TRUSTED_DESCRIPTION)}
    for version in versions:
        key = office.trusted_location_key(version)
        for name, value in values.items():
            _set_value(env, record, HKCU, key, name, value)
        say(f"已设为受信任位置（Excel {version}，含子文件夹）：{full_key(HKCU, key)}  Path = {path}")
    if path.startswith("\\\\") or ntpath.splitdrive(path)[0].startswith("\\\\"):
        say("注意：这是网络文件夹。Excel 默认不信任网络位置：请在 文件 → 选项 → 信任中心 → 受信任位置 中勾选"
            "“允许网络上的受信任位置”，或改用本机文件夹。")


def _set_value(env: Environment, record: Record, hive: Hive, key: str, name: str, value: RegValue,
               remember: bool = True) -> None:
    parts = key.split("\\")
    for depth in range(1, len(parts) + 1):  # the keys setup creates, parents first, so remove can delete them
        partial = "\\".join(parts[:depth])
        if not key_exists(env.registry, hive, partial):
            record.note_key(hive, partial)
    previous = (env.registry.values(hive, key) or {}).get(name)
    try:
        env.registry.set_value(hive, key, name, value)
    except OSError as exc:
        raise SetupError(f"{full_key(hive, key)}\\{name}：无法写入注册表（{exc}）。") from exc
    if remember:
        record.note_value(hive, key, name, value, previous)
