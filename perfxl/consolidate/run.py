"""``consolidate()``: inputs → workers (rows parked in a spill folder) → duplicates resolved → summary workbook
(atomically)."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from perfxl.atomic import atomic_path
from perfxl.check.settings import Settings
from perfxl.consolidate import columns as cols
from perfxl.consolidate.book import SummaryBook
from perfxl.consolidate.cache import ResultCache, fingerprint, prune
from perfxl.consolidate.extract import name_key
from perfxl.consolidate.inputs import ConsolidateError, discover, guard_output, read_expected
from perfxl.consolidate.pipeline import results
from perfxl.consolidate.records import Return, Row, Source, Status, Task
from perfxl.consolidate.rows import file_link
from perfxl.consolidate.spill import Block, SpillFolder
from perfxl.consolidate.summary import Summary
from perfxl.consolidate.xmlrows import numbered

Progress = Callable[[int, int, str], None]


@dataclass(slots=True)
class _Entry:
    source: Source
    ret: Return | None
    blocks: tuple[Block | None, ...]  # per sheet of ``cols.PARKED``


def consolidate(
    paths: Sequence[str | Path],
    output: str | Path,
    expected: str | Path | Sequence[str] | None = None,
    settings: Settings | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
    fast: bool | None = None,
    cache: str | Path | None = None,
) -> Summary:
    """Consolidate the returns under ``paths`` into the workbook ``output``; see :mod:`perfxl.consolidate`.

    ``expected`` is a .txt/.xlsx list of units (or the names themselves); ``settings`` are the check settings;
    ``workers`` defaults to the CPU count (1 reads in this process); ``progress(done, total, path)`` is called
    after each input. ``fast=False`` writes cell by cell instead of appending rendered rows (tests compare the
    two). ``cache`` is a folder where each file's result is kept, so that a file unchanged since an earlier run
    is not read again (:mod:`perfxl.consolidate.cache`; ``cache.default_folder()`` is the user's). Raises :class:`ConsolidateError` only for a call that cannot be carried out; unreadable inputs are
    reported in the summary."""
    started = time.perf_counter()
    output = Path(output)
    if output.suffix.lower() != ".xlsx":
        raise ConsolidateError(f"汇总工作簿应为 .xlsx 文件，而不是 {output.name}")
    names = _expected_names(expected)
    guard_output(output, paths)
    known = {Path(expected): "应报送单位名单（--expected），不是报表，未汇总。"} if isinstance(expected, (str, Path)) else {}
    tasks = [Task(index, str(item.path), item.skip)
             for index, item in enumerate(discover(paths, exclude=[output], known=known))]
    entries: list[_Entry] = []
    settings = settings or Settings()
    reused = 0
    with atomic_path(output) as tmp, SpillFolder() as spill:
        book = SummaryBook(tmp, fast)
        try:
            styles = book.styles() if book.fast else None
            store = None if cache is None else ResultCache(cache, fingerprint(settings, styles))
            with closing(results(tasks, settings, styles, workers, spill.path, store)) as stream:
                for done, result in enumerate(stream, start=1):
                    entries.append(_Entry(_shared(result.source, tasks), result.ret, _compact(result.blocks)))
                    reused += result.cached
                    if progress is not None:
                        progress(done, len(tasks), result.source.path)
            duplicates = _resolve_duplicates(entries)
            kept = [e for e in entries if e.ret is not None and e.source.status.consolidated]
            summary = Summary(output, [e.source for e in entries], _totals(kept), duplicates, reused=reused)
            if names is not None:
                summary.expect(names, [(e.source.path, e.ret) for e in kept if e.ret is not None])
            _write(book, spill, kept, entries, summary)
            book.close()
        except BaseException:
            book.discard()
            raise
    if cache is not None:
        prune(cache)
    summary.elapsed = time.perf_counter() - started
    return summary


def _expected_names(expected: str | Path | Sequence[str] | None) -> list[str] | None:
    if expected is None:
        return None
    if isinstance(expected, (str, Path)):
        return read_expected(Path(expected))
    return [name.strip() for name in expected if name.strip()]


def _compact(blocks: dict[str, Block]) -> tuple[Block | None, ...]:
    """The parent keeps one of these per input: a tuple, and one copy of each spill file's name."""
    return tuple(
        None if (block := blocks.get(spec.name)) is None else block._replace(file=sys.intern(block.file))
        for spec in cols.PARKED
    )


def _shared(source: Source, tasks: Sequence[Task]) -> Source:
    """The parent keeps one Source per input, thousands of them: its path is the task's own string, and the
    texts that repeat from return to return (form, version, framework) are one copy each."""
    task = tasks[source.index] if 0 <= source.index < len(tasks) else None
    if task is not None and task.path == source.path:
        source.path = task.path
    source.form, source.version, source.framework = map(sys.intern, (source.form, source.version, source.framework))
    return source


def _resolve_duplicates(entries: list[_Entry]) -> list[tuple[str, str]]:
    """Keep the newest return of each unit and form (file time; a tie goes to the later path); mark the
    others 重复. A marked copy (perfxl's marks on it) never wins over a return without marks, however new: it is
    listed 已跳过. Returns (superseded path, kept path) pairs."""
    groups: dict[str, list[_Entry]] = {}
    for entry in entries:
        if entry.ret is not None and entry.ret.unit_key and entry.source.status.consolidated:
            groups.setdefault(entry.ret.unit_key, []).append(entry)
    pairs: list[tuple[str, str]] = []
    for group in groups.values():
        if len(group) < 2:
            continue
        originals = [e for e in group if e.ret is not None and not e.ret.marked] or group
        newest = max(originals, key=lambda e: (e.source.mtime or 0.0, e.source.path))
        for entry in group:
            if any(entry is original for original in originals):
                continue
            entry.source.status = Status.SKIPPED
            entry.source.reason = (f"perfxl 的标注副本；同一单位（{newest.source.unit}）的报表原件 {newest.source.path} "
                                   "已汇总，本文件未汇总。")
        older = [e for e in originals if e is not newest]
        for entry in older:
            entry.source.status = Status.DUPLICATE
            entry.source.reason = (
                f"与 {newest.source.path} 是同一单位（{newest.source.unit}）的同一表单，已采用修改时间较新的那份。"
            )
            pairs.append((entry.source.path, newest.source.path))
        if older:
            listed = "、".join(e.source.path for e in older)
            note = f"同一单位另有较旧的报送（{listed}，已标为重复），采用本文件。"
            newest.source.reason = f"{newest.source.reason}{note}"
    return pairs


def _totals(kept: list[_Entry]) -> dict[str, Decimal | int]:
    """汇总 column title → total over the kept returns, for the columns some return fills."""
    sums: list[Decimal | int | None] = [None] * len(cols.SUMMED)
    for entry in kept:
        assert entry.ret is not None
        for i, value in enumerate(entry.ret.totals):
            if value is not None:
                previous = sums[i]
                sums[i] = value if previous is None else previous + value
    titles = [cols.SUMMARY.columns[col].title for col in cols.SUMMED]
    return {title: value for title, value in zip(titles, sums, strict=True) if value is not None}


def _write(book: SummaryBook, spill: SpillFolder, kept: list[_Entry], entries: list[_Entry], summary: Summary) -> None:
    by_col = {cols.SUMMARY.index(title): value for title, value in summary.totals.items()}
    styles = book.styles()

    def summary_rows(spec: cols.SheetSpec) -> Iterator[bytes | list[Row]]:
        """The kept returns' parked rows of 汇总 or its print view, numbered 1, 2, …"""
        position, style = cols.PARKED.index(spec), styles[spec.name][0]
        for number, entry in enumerate(kept, start=1):
            block = entry.blocks[position]
            if block is None:
                raise RuntimeError(f"{entry.source.path} 的汇总行缺失")
            yield numbered(spill.read(block), number, style)

    book.summary(len(kept), summary_rows(cols.SUMMARY), summary_rows(cols.PRINT_VIEW), by_col)
    shown = [e for e in entries if e.source.status not in (Status.DUPLICATE, Status.SKIPPED)]  # in input order
    for spec in cols.STREAMED:
        position = cols.PARKED.index(spec)
        ws = book.table(spec, (spill.read(block) for e in shown if (block := e.blocks[position]) is not None))
        book.finish(ws, spec)
    inbox = _common_folder([e.source.path for e in entries])
    book.small_table(cols.SOURCES, (_source_row(number, e.source, inbox) for number, e in enumerate(entries, start=1)))
    if summary.missing is not None:
        book.small_table(cols.MISSING, _missing_rows(summary))


def _common_folder(paths: list[str]) -> str | None:
    """The folder all inputs lie in (the inbox), or None when they share none (two drives)."""
    try:
        return os.path.commonpath([os.path.dirname(os.path.abspath(path)) for path in paths]) if paths else None
    except ValueError:
        return None


def _source_row(number: int, s: Source, inbox: str | None) -> Row:
    """来源's row: the 文件 printed is the path inside the inbox (the part that tells files apart, short enough
    to print); the whole path is a link at the end, for the screen (a skipped file's is plain text)."""
    shown = os.path.relpath(os.path.abspath(s.path), inbox) if inbox is not None else s.path
    path = file_link(s.path) if s.status != Status.SKIPPED else s.path
    return (number, shown, s.unit or None, s.status.value, s.reason or None, s.modified, s.form or None,
            s.version or None, s.framework or None, s.size, s.sha256 or None, path)


def _missing_rows(summary: Summary) -> list[Row]:
    rows: list[Row] = [(None, name, "未报送", "名单中的单位没有可汇总的报表。") for name in summary.missing or []]
    rows += [(None, unit, "名单外", f"不在应报送单位名单中：{path}") for unit, path in summary.unexpected]
    return [(number, *row[1:]) for number, row in enumerate(rows, start=1)]


__all__ = ["ConsolidateError", "Progress", "Summary", "consolidate", "name_key"]
