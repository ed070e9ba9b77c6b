"""xlwings' config files: one ``"KEY","value"`` line per setting, read by its VBA with ``Input #``.

The VBA reads the first line whose key matches (case-insensitively), in the ANSI code page of Windows. perfxl changes
only its own keys and keeps every other line byte for byte (undecodable bytes survive through surrogateescape).
"""

from __future__ import annotations

import re
from pathlib import Path

from perfxl.atomic import atomic_path
from perfxl.install.environment import SetupError

_LINE = re.compile(r'\s*"([^"]*)"\s*,\s*"([^"]*)"')


def read_lines(path: Path, encoding: str) -> list[str] | None:
    """The file's lines with their endings, or None if it does not exist."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    return data.decode(encoding, errors="surrogateescape").splitlines(keepends=True)


def get(lines: list[str], key: str) -> str | None:
    for line in lines:
        match = _LINE.match(line)
        if match and match.group(1).lower() == key.lower():
            return match.group(2)
    return None


def put(lines: list[str], key: str, value: str | None) -> list[str]:
    """``lines`` with ``key`` set to ``value`` (None: removed). The key keeps its place; a new key goes last."""
    newline = "\r\n" if any(line.endswith("\r\n") for line in lines) or not lines else "\n"
    result: list[str] = []
    placed = False
    for line in lines:
        match = _LINE.match(line)
        if not (match and match.group(1).lower() == key.lower()):
            result.append(line)
        elif value is not None and not placed:
            result.append(f'"{match.group(1)}","{value}"' + _ending(line, newline))
            placed = True
    if value is not None and not placed:
        if result and not result[-1].endswith("\n"):
            result[-1] += newline
        result.append(f'"{key}","{value}"{newline}')
    return result


def _ending(line: str, default: str) -> str:
    stripped = line.rstrip("\r\n")
    return line[len(stripped):] or default


def check_value(value: str, encoding: str, what: str) -> None:
    if '"' in value:
        raise SetupError(f"{what}中含有双引号，xlwings 无法读取：{value}")
    try:
        value.encode(encoding)
    except UnicodeEncodeError as exc:
        raise SetupError(
            f"{what}中有 Windows 当前代码页（{encoding}）无法表示的字符，Excel 的宏读不出来：{value}。"
            "请把 Python 安装到只含英文字母和数字的文件夹（如 C:\\Python311），再用它运行 perfxl excel setup。"
        ) from exc


def write_lines(path: Path, lines: list[str], encoding: str) -> None:
    with atomic_path(path) as tmp:
        tmp.write_bytes("".join(lines).encode(encoding, errors="surrogateescape"))
