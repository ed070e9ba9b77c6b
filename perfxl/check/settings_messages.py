"""The problems of a ``perfxl.toml`` in Chinese, with the file, the line and the key.

tomllib and pydantic word their errors in English ("Unclosed array (at line 3, column 10)", "Input should be a
valid decimal", "Extra inputs are not permitted"); the people who edit perfxl.toml are budget staff.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

_TOML: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^Unclosed array"), "方括号 [ ] 没有闭合"),
    (re.compile(r"^Unclosed inline table"), "花括号 { } 没有闭合"),
    (re.compile(r"^Unterminated string|^Illegal character '\\n'"), "引号没有闭合（文字要在同一行内结束）"),
    (re.compile(r"^Invalid value"), "值无法识别（文字要加英文双引号，列表写成 [\"M\", \"C101\"]）"),
    (re.compile(r"^Expected '=' after a key"), "设置项名称后缺少等号 ="),
    (re.compile(r"^Invalid statement"), "无法识别的一行（应为 名称 = 值）"),
    (re.compile(r"^Invalid initial character for a key part"), "设置项名称以不允许的字符开头"),
    (re.compile(r"^Expected newline or end of document"), "一行只能写一个设置"),
    (re.compile(r"^Cannot (?:declare|overwrite|redefine|mutate)"), "同一设置项写了两次"),
    (re.compile(r"^Expected '\]\]?' at the end"), "表头缺少右方括号 ]"),
    (re.compile(r"^Illegal character|^Found invalid character"), "含有不允许的字符"),
    (re.compile(r"^Invalid date or datetime"), "日期格式无法识别"),
    (re.compile(r"^Unescaped '\\\\' in a string|^Invalid hex value|^Escaped character"),
     "文字中的反斜杠 \\ 要写成 \\\\（或改用单引号）"),
]
_WHERE = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)\s*$")


def toml_problem(path: object, message: str) -> str:
    """tomllib's ``message`` as one Chinese sentence naming ``path`` and the line and column."""
    where = _WHERE.search(message)
    text = message[: where.start()] if where else message
    place = (f"第 {where.group(1)} 行第 {where.group(2)} 列" if where.group(1) else "文件末尾") if where else ""
    reason = next((chinese for pattern, chinese in _TOML if pattern.search(text)), f"格式有误（{text}）")
    return f"配置文件 {path}{' ' + place if place else ''}：{reason}。"


def _field_problem(error: Mapping[str, Any]) -> str:
    kind, ctx, value = error.get("type", ""), error.get("ctx") or {}, error.get("input")
    if kind == "extra_forbidden":
        return "不是 perfxl 的设置项（拼写是否有误？）"
    if kind in ("greater_than_equal", "greater_than"):
        return f"不能小于 {ctx.get('ge', ctx.get('gt'))}（现为 {value}）"
    if kind in ("less_than_equal", "less_than"):
        return f"不能大于 {ctx.get('le', ctx.get('lt'))}（现为 {value}）"
    if kind in ("literal_error", "enum"):
        return f"应为 {ctx.get('expected', '')} 之一（现为 {value!r}）".replace("' or '", "'、'")
    if kind.startswith(("decimal", "float", "int")):
        return f"应为数字（现为 {value!r}）"
    if kind.startswith(("tuple", "list")):
        return f"应为列表，如 [\"M\", \"C101\"]（现为 {value!r}）"
    if kind.startswith("string"):
        return f"应为文字（现为 {value!r}）"
    if kind == "value_error":
        return str(ctx.get("error", error.get("msg", "")))
    return str(error.get("msg", "取值有误"))


def _line_of(key: str, text: str) -> int | None:
    """The line of ``key = …`` in the toml ``text`` (1-based), or of its ``[key]`` table."""
    found = re.search(rf"^[ \t]*(?:{re.escape(key)}[ \t]*=|\[[ \t]*{re.escape(key)}[ \t]*\])", text, re.M)
    return text.count("\n", 0, found.start()) + 1 if found else None


def settings_problems(errors: Sequence[Mapping[str, Any]], path: object | None, text: str) -> str:
    """pydantic's validation ``errors`` of the settings as Chinese sentences, each with its key (and line)."""
    sentences = []
    for error in errors:
        key = ".".join(str(part) for part in error.get("loc", ()) if not isinstance(part, int)) or "设置"
        line = _line_of(key.split(".")[0], text) if text else None
        where = f"第 {line} 行 " if line else ""
        sentences.append(f"{where}{key}：{_field_problem(error)}")
    source = f"配置文件 {path} 中" if path is not None else ""
    return f"{source}设置有误：" + "；".join(sentences) + "。"
