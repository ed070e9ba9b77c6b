"""``perfxl consolidate PATH... -o SUMMARY.xlsx``: many returns → one summary workbook.

Exit codes: 0 the summary was written and every input was read; 1 the summary was written but some inputs
could not be read (each is listed with its reason; the batch goes on without them); 2 the call is wrong
(a path that does not exist, an output that is not .xlsx, an unreadable --expected list or config) and nothing
was written. Findings inside the returns do not change the exit code: they are listed in 问题清单.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

from perfxl.check.settings import SettingsError, load_settings
from perfxl.consolidate import ConsolidateError, Status, Summary, consolidate
from perfxl.consolidate.cache import default_folder
from perfxl.values import fmt

_LIST_LIMIT = 20


def run(args: argparse.Namespace) -> int:
    if args.workers is not None and args.workers < 1:
        print("错误：--workers 应为正整数。", file=sys.stderr)
        return 2
    if (busy := _in_use(args.output)) is not None:
        print(f"错误：{busy}", file=sys.stderr)
        return 2
    try:
        settings = load_settings(args.config)
        cache = None if args.no_cache else (args.cache or default_folder())
        summary = consolidate(
            args.paths, args.output, expected=args.expected, settings=settings, workers=args.workers,
            progress=Progress(sys.stderr), cache=cache,
        )
    except (ConsolidateError, SettingsError) as err:
        print(f"\n错误：{err}", file=sys.stderr)
        return 2
    except OSError as err:
        hint = f"（{_BUSY_HINT}）" if isinstance(err, PermissionError) else ""
        print(f"\n错误：无法写入 {args.output}：{err.strerror or err}{hint}", file=sys.stderr)
        return 2
    if args.format == "json":
        print(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(render_text(summary))
    return summary.exit_code


_BUSY_HINT = "如果它正在 Excel 或 WPS 中打开，请先关闭，再重新汇总"


def _in_use(output: Path) -> str | None:
    """An existing summary that cannot be replaced (on Windows: open in Excel or WPS), found before the inputs
    are read rather than after. The file is opened for writing and closed at once, never changed."""
    try:
        if not output.is_file():
            return None
        with output.open("r+b"):
            return None
    except PermissionError:
        return f"汇总工作簿 {output} 无法覆盖：没有写入权限或文件正被占用。{_BUSY_HINT}。"
    except OSError:
        return None  # anything else is reported when the summary is written


class Progress:
    """One updating line on a terminal; a line per tenth of the work otherwise (logs stay short)."""

    def __init__(self, stream: TextIO):
        self.stream = stream
        self.tty = stream.isatty()
        self.step = 0

    def __call__(self, done: int, total: int, path: str) -> None:
        if self.tty:
            tail = path if len(path) <= 50 else "…" + path[-49:]
            end = "\n" if done == total else ""
            print(f"\r\033[K汇总中 {done}/{total} {tail}", end=end, file=self.stream, flush=True)
        elif done == total or done * 10 // total > self.step:
            self.step = done * 10 // total
            print(f"汇总中 {done}/{total}", file=self.stream, flush=True)


def render_text(summary: Summary) -> str:
    lines = [f"已写入汇总工作簿：{summary.output}"]
    counts = {status: summary.count(status) for status in Status}
    lines.append(
        f"共 {len(summary.sources)} 个文件：已汇总 {summary.consolidated} 份（其中有错误 {counts[Status.WITH_ERRORS]}），"
        f"无法读取 {counts[Status.UNREADABLE]}，重复 {counts[Status.DUPLICATE]}，已跳过 {counts[Status.SKIPPED]}。"
    )
    amounts = "，".join(f"{title} {fmt(value)}" for title, value in summary.amounts.items())
    if amounts:
        lines.append(f"金额合计（万元）：{amounts}。")
    findings = summary.findings
    lines.append(f"问题：错误 {findings['错误']}，警告 {findings['警告']}，提示 {findings['提示']}（详见“问题清单”）。")
    lines += _section("无法读取", [f"{s.path}：{s.reason}" for s in summary.with_status(Status.UNREADABLE)])
    lines += _section("重复（已采用较新的文件）", [f"{old} → 采用 {new}" for old, new in summary.duplicates])
    lines += _section("已跳过", [f"{s.path}：{s.reason}" for s in summary.with_status(Status.SKIPPED)])
    if summary.missing is not None:
        lines += _section("未报送单位", summary.missing) or ["应报送单位均已报送。"]
        lines += _section("不在名单中的报送", [f"{unit}（{path}）" for unit, path in summary.unexpected])
    reused = f"（其中 {summary.reused} 个文件与上次汇总时相同，沿用了上次的读取结果）" if summary.reused else ""
    lines.append(f"用时 {summary.elapsed:.1f} 秒{reused}。")
    return "\n".join(lines)


def _section(title: str, items: list[str]) -> list[str]:
    if not items:
        return []
    shown = [f"  {item}" for item in items[:_LIST_LIMIT]]
    if len(items) > _LIST_LIMIT:
        shown.append(f"  ……另有 {len(items) - _LIST_LIMIT} 项，见汇总工作簿。")
    return [f"{title}（{len(items)}）：", *shown]
