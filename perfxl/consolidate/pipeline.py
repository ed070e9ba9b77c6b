"""Read the inputs in worker processes, in chunks, and hand the results back in input order.

A bounded number of chunks is in flight, so memory does not grow with the number of files. Each worker runs
under an address-space limit (``Limits.worker_memory_mb``), and a chunk gets ``Limits.seconds_per_file`` per
file. A worker that dies (a crash or abort inside a parser, a signal, memory exhausted) breaks the pool, and one
that overruns its time is stopped: its chunk is then retried one file per throwaway process, the file that kills
or stalls its process again is reported as unreadable with the reason, and the batch goes on in a fresh pool.
The rows already parked by the workers live in the parent's spill folder, removed however the run ends.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections import deque
from collections.abc import Generator, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import NamedTuple

from perfxl.check.settings import Settings
from perfxl.consolidate.cache import ResultCache
from perfxl.consolidate.extract import failed, finish_worker, init_worker, process, process_chunk
from perfxl.consolidate.records import FileResult, Task

Styles = dict[str, tuple[int, ...]] | None
CRASHED = "读取这份文件时读取进程意外退出（文件可能已损坏，或读取它超出了内存限制），文件未被汇总。请让报送单位重新发送。"


def timed_out(seconds: float) -> str:
    return f"读取这份文件超过 {seconds:g} 秒仍未完成，已停止读取（文件可能异常），未被汇总。请让报送单位重新发送。"


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
        if not tasks:
            return
        if workers <= 1:  # read here: no isolation (the API's choice; the CLI always uses worker processes)
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
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle
    init_worker(*job)  # type: ignore[arg-type]
    settings = job[0]
    assert isinstance(settings, Settings)
    _limit_memory(settings.read_limits().worker_memory_mb)


def _limit_memory(megabytes: float) -> None:
    """This process's address space, at most ``megabytes`` (never above a limit already set, e.g. ``ulimit -v``)."""
    try:
        import resource
    except ImportError:  # Windows: no rlimits
        return
    want = int(megabytes * 1024 * 1024)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if soft != resource.RLIM_INFINITY and soft <= want:
        return
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (want if hard == resource.RLIM_INFINITY else min(want, hard), hard))


def _stop(pool: ProcessPoolExecutor) -> None:
    """End a pool at once, its workers killed (one may be stuck inside a parser that never returns)."""
    processes = list(getattr(pool, "_processes", {}).values())  # no public way to reach them
    for worker in processes:
        if worker.is_alive():
            worker.kill()
    pool.shutdown(wait=True, cancel_futures=True)


def _pooled(tasks: Sequence[Task], job: _Job, workers: int) -> Iterator[FileResult]:
    size = chunk_size(len(tasks), workers)
    upcoming = iter([list(tasks[i:i + size]) for i in range(0, len(tasks), size)])
    window = workers * 3
    pool = _new_pool(min(workers, len(tasks)), job)
    seconds = job.settings.read_limits().seconds_per_file
    pending: deque[tuple[list[Task], Future[list[FileResult]]]] = deque()
    try:
        while True:
            while len(pending) < window and (chunk := next(upcoming, None)) is not None:
                pending.append((chunk, pool.submit(process_chunk, chunk)))
            if not pending:
                return
            chunk, future = pending.popleft()
            try:  # the oldest chunk is always running by now: it gets its files' time from here
                batch = future.result(timeout=seconds * len(chunk))
            except (BrokenProcessPool, FutureTimeout):
                _stop(pool)
                batch = [_isolated(task, job, seconds) for task in chunk]
                pool = _new_pool(workers, job)
                pending = deque((c, pool.submit(process_chunk, c)) for c, _ in pending)
            yield from batch
    finally:
        _stop(pool)


def _isolated(task: Task, job: _Job, seconds: float) -> FileResult:
    solo = _new_pool(1, job)
    try:
        return solo.submit(process_chunk, [task]).result(timeout=seconds)[0]
    except (BrokenProcessPool, FutureTimeout) as err:
        init_worker(*job)  # failed() renders and parks its row like the workers do
        return failed(task, timed_out(seconds) if isinstance(err, FutureTimeout) else CRASHED)
    finally:
        _stop(solo)
