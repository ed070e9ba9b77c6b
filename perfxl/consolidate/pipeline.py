"""Read the inputs in worker processes, in chunks, and hand the results back in input order.

A bounded number of chunks is in flight, so memory does not grow with the number of files. A worker that dies
(a crash inside a parser) breaks the pool: its chunk is then retried one file per throwaway process, the file
that kills its process again is reported as unreadable, and the batch goes on in a fresh pool.
"""

from __future__ import annotations

import os
import signal
from collections import deque
from collections.abc import Generator, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import NamedTuple

from perfxl.check.settings import Settings
from perfxl.consolidate.cache import ResultCache
from perfxl.consolidate.extract import failed, finish_worker, init_worker, process, process_chunk
from perfxl.consolidate.records import FileResult, Task

Styles = dict[str, tuple[int, ...]] | None
CRASHED = "读取这份文件时读取进程意外退出，文件可能已损坏。请让报送单位重新发送。"


class _Job(NamedTuple):
    """What each worker is initialised with."""

    settings: Settings
    styles: Styles
    spill_folder: str
    cache: ResultCache | None


def default_workers() -> int:
    return os.cpu_count() or 1


def chunk_size(files: int, workers: int) -> int:
    """Big enough to pay for the trip to a worker, small enough to keep both cores busy to the end."""
    return max(1, min(16, files // (workers * 8)))


def results(
    tasks: Sequence[Task], settings: Settings, styles: Styles, workers: int | None, spill_folder: str,
    cache: ResultCache | None = None,
) -> Generator[FileResult, None, None]:
    """Each task's result, in task order; the rows are parked in ``spill_folder`` (see :mod:`.spill`)."""
    job = _Job(settings, styles, spill_folder, cache)
    workers = workers or default_workers()
    try:
        if workers <= 1 or len(tasks) <= 1:
            init_worker(*job)
            for task in tasks:
                yield process(task)
            return
        yield from _pooled(tasks, job, workers)
    finally:
        finish_worker()  # the parent's own spill file, if it read any file itself


def _new_pool(workers: int, job: _Job) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(workers, initializer=_start_worker, initargs=tuple(job))


def _start_worker(*job: object) -> None:
    """A worker process: ends at once on SIGTERM (the pool's way to stop it), whatever handler the CLI set for
    the parent before the fork."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    init_worker(*job)  # type: ignore[arg-type]


def _pooled(tasks: Sequence[Task], job: _Job, workers: int) -> Iterator[FileResult]:
    size = chunk_size(len(tasks), workers)
    upcoming = iter([list(tasks[i:i + size]) for i in range(0, len(tasks), size)])
    window = workers * 3
    pool = _new_pool(min(workers, len(tasks)), job)
    pending: deque[tuple[list[Task], Future[list[FileResult]]]] = deque()
    try:
        while True:
            while len(pending) < window and (chunk := next(upcoming, None)) is not None:
                pending.append((chunk, pool.submit(process_chunk, chunk)))
            if not pending:
                return
            chunk, future = pending.popleft()
            try:
                batch = future.result()
            except BrokenProcessPool:
                pool.shutdown(wait=False, cancel_futures=True)
                batch = [_isolated(task, job) for task in chunk]
                pool = _new_pool(workers, job)
                pending = deque((c, pool.submit(process_chunk, c)) for c, _ in pending)
            yield from batch
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _isolated(task: Task, job: _Job) -> FileResult:
    with _new_pool(1, job) as solo:
        try:
            return solo.submit(process_chunk, [task]).result()[0]
        except BrokenProcessPool:
            init_worker(*job)  # failed() renders and parks its row like the workers do
            return failed(task, CRASHED)
