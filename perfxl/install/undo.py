"""``perfxl excel remove``: undo what the record says setup did, and nothing else.

A value or file the user changed after setup is left as it is (and said so). What cannot be undone now (a file held
open by Excel) stays in the record, so running remove again finishes the job.
"""

from __future__ import annotations

from pathlib import Path

from perfxl.install import office, xlconf
from perfxl.install.apply import NoExcelError, Say
from perfxl.install.environment import Environment, SetupError
from perfxl.install.files import os_error_text, sha256
from perfxl.install.record import Record, load_value
from perfxl.install.registry import HKCU, HKLM, full_key


def remove(env: Environment, say: Say) -> None:
    if not env.is_windows:
        raise NoExcelError("not windows")
    record = Record.load(env.record_path)
    if record.empty:
        say(f"没有找到 perfxl excel setup 的安装记录（{record.path}），没有需要撤销的改动。")
        return
    problems: list[str] = []
    _unregister_addin(env, record, say)
    _restore_registry(env, record, say)
    _restore_conf(env, record, say, problems)
    _delete_files(record, say, problems)
    record.save()
    if problems:
        raise SetupError("以下改动未能撤销：\n" + "\n".join(problems)
                         + "\n请关闭 Excel 后重新运行 perfxl excel remove（安装记录保留在 " + str(record.path) + "）。")
    _remove_if_empty(record.path.parent)
    say("已撤销 perfxl excel setup 的全部改动。")


def _unregister_addin(env: Environment, record: Record, say: Say) -> None:
    if not record.addin:
        return
    addins_dir = str(env.addins_dir)
    for version in office.OFFICE_VERSIONS:
        key = office.options_key(version)
        for _n, name, data in office.open_values(env.registry, version):
            if office.same_file(office.open_target(data), record.addin, addins_dir):
                env.registry.delete_value(HKCU, key, name)
                say(f"已取消登记加载项（Excel {version}）：{full_key(HKCU, key)}  {name}")
        for old, new in office.renumber_open_values(env.registry, version):
            say(f"已重新编号（Excel 按顺序读取，不能有空号）：{full_key(HKCU, key)}  {old} → {new}")
        manager = office.addin_manager_key(version)
        for name in env.registry.values(HKCU, manager) or {}:
            if office.same_file(name, record.addin, addins_dir):
                env.registry.delete_value(HKCU, manager, name)
                say(f"已从加载项列表删除（Excel {version}）：{full_key(HKCU, manager)}  {name}")
    record.addin = None
    record.save()


def _restore_registry(env: Environment, record: Record, say: Say) -> None:
    for entry in reversed(record.registry):
        hive, key, name = entry["hive"], entry["key"], entry["name"]
        current = (env.registry.values(hive, key) or {}).get(name)
        previous = load_value(entry["previous"])
        if current != load_value(entry["value"]):
            say(f"保留：{full_key(hive, key)}  {name}（安装后已被修改）")
        elif previous is None:
            env.registry.delete_value(hive, key, name)
            say(f"已删除：{full_key(hive, key)}  {name}")
        else:
            env.registry.set_value(hive, key, name, previous)
            say(f"已恢复原值：{full_key(hive, key)}  {name} = {previous.data}")
    record.registry.clear()
    for spelled, key in reversed(record.keys):
        hive = HKLM if spelled == HKLM else HKCU
        env.registry.delete_key(hive, key)
        if env.registry.values(hive, key) is None:
            say(f"已删除注册表项：{full_key(hive, key)}")
    record.keys.clear()
    record.save()


def _restore_conf(env: Environment, record: Record, say: Say, problems: list[str]) -> None:
    for file in dict.fromkeys(entry["file"] for entry in record.conf):
        path = Path(file)
        entries = [entry for entry in record.conf if entry["file"] == file]
        lines = xlconf.read_lines(path, env.ansi_encoding)
        if lines is not None:
            for entry in reversed(entries):
                if xlconf.get(lines, entry["key"]) != entry["value"]:
                    say(f"保留：{path}  {entry['key']}（安装后已被修改）")
                    continue
                lines = xlconf.put(lines, entry["key"], entry["previous"])
                if entry["previous"] is None:
                    say(f"已删除：{path}  {entry['key']}")
                else:
                    say(f"已恢复原值：{path}  {entry['key']} = {entry['previous']}")
            try:
                if file in record.created and not "".join(lines).strip():
                    path.unlink()
                    record.created.remove(file)
                    say(f"已删除文件：{path}")
                else:
                    xlconf.write_lines(path, lines, env.ansi_encoding)
            except OSError as exc:
                problems.append(os_error_text(exc, path))
                continue
        record.conf = [entry for entry in record.conf if entry["file"] != file]
        record.save()


def _delete_files(record: Record, say: Say, problems: list[str]) -> None:
    for file, digest in list(record.files.items()):
        path = Path(file)
        current = sha256(path)
        try:
            if current == digest:
                path.unlink()
                say(f"已删除文件：{path}")
            elif current is not None:
                say(f"保留：{path}（安装后已被修改）")
        except OSError as exc:
            problems.append(os_error_text(exc, path))
            continue
        del record.files[file]
        if file in record.created:
            record.created.remove(file)
        record.save()
    for file in reversed(list(record.created)):  # folders, innermost first (files still here were kept)
        path = Path(file)
        if path.is_dir():
            kept = not _remove_if_empty(path)
            say(f"保留文件夹：{path}（其中还有其他文件）" if kept else f"已删除文件夹：{path}")
        record.created.remove(file)
    record.save()


def _remove_if_empty(folder: Path) -> bool:
    try:
        folder.rmdir()
    except OSError:
        return not folder.exists()
    return True
