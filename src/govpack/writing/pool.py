"""Writing on every core: any writer's work, in worker processes.

Laying out and writing PDFs is nearly all of a build's time, and WeasyPrint is
single-threaded, so a writer that says it is worth it (``parallel``) has its work
done in worker processes, one document a job. Workers are handed a writer and
its HTML and give back the file; they know nothing of organisations, and the same
HTML gives the same bytes in any process, so the output is the same for any
number of workers. With one, everything is written in this process, in order.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from govpack.writing.writer import Written


def _context() -> multiprocessing.context.BaseContext:
    # forkserver: workers start clean, without this process's threads (serve's
    # watcher), forked from a server that has imported the writers' libraries once
    # (WeasyPrint; python-docx and lxml's HTML parser, which each worker otherwise
    # imported at its first Word file, 0.05 s).
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["govpack.writing.pdf", "weasyprint", "docx", "lxml.html"])
    return context


def prepare(jobs: int) -> None:
    """Start the server that workers fork from, so that it imports WeasyPrint while
    the content is checked; nothing if one process will write."""
    if jobs > 1:
        _context()
        multiprocessing.forkserver.ensure_running()


def _write(writer: Any, *args: Any) -> Written:
    return writer.write(*args)


class Pool:
    """Runs writers' work on ``jobs`` processes; a context manager."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Pool:
        if self.jobs > 1:
            self._pool = ProcessPoolExecutor(self.jobs, mp_context=_context())
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def write(self, writer: Any, *args: Any) -> Future:
        """A future of ``writer.write(*args)``: in a worker if the writer is ``parallel``
        and there are workers, else done here and now."""
        if self._pool is not None and writer.parallel:
            return self._pool.submit(_write, writer, *args)
        future: Future = Future()  # done at once, in order
        try:
            future.set_result(writer.write(*args))
        except Exception as exc:  # noqa: BLE001 (handed to whoever waits on the future)
            future.set_exception(exc)
        return future
