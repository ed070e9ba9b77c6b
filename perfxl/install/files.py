"""File steps shared by setup and remove: atomic copies with their hash, folders, Chinese OS error messages."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from perfxl.atomic import atomic_path
from perfxl.install.environment import SetupError


def sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def copy_atomic(source: Path, target: Path) -> str:
    """Copy ``source`` over ``target`` (whole or not at all); returns the copy's SHA-256."""
    try:
        with atomic_path(target) as tmp:
            shutil.copyfile(source, tmp)
    except OSError as exc:
        raise SetupError(os_error_text(exc, target)) from exc
    digest = sha256(target)
    assert digest is not None
    return digest


def missing_folders(folder: Path) -> list[Path]:
    """``folder`` and those of its parents that do not exist yet, outermost first."""
    missing = []
    for path in [folder, *folder.parents]:
        if path.exists():
            break
        missing.append(path)
    return missing[::-1]


def make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SetupError(os_error_text(exc, folder)) from exc


def os_error_text(exc: OSError, path: Path) -> str:
    where = Path(exc.filename) if exc.filename else path
    if isinstance(exc, PermissionError):
        reason = "没有写入权限，或文件正被其他程序（如 Excel）打开。请关闭 Excel 后重试，或换一个文件夹"
    elif isinstance(exc, (NotADirectoryError, FileExistsError)):
        reason = "路径中有一个同名的文件，不是文件夹。请换一个文件夹"
    elif isinstance(exc, FileNotFoundError):
        reason = "找不到该路径（驱动器或上级文件夹不存在）"
    else:
        reason = f"无法写入（{exc.strerror or exc}）"
    return f"{where}：{reason}。"
