"""Printing on every core: print HTML in, PDF bytes out.

Laying out and writing PDFs is nearly all of a build's time, and WeasyPrint is
single-threaded, so documents are printed in worker processes, one document a
job. Workers are handed print HTML and give back PDFs; they know nothing of
organisations, and the same HTML gives the same bytes in any process, so the
output is the same for any number of workers. With one, everything is printed
in this process, in order.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver
import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import PdfError
from .pdf import LayoutWarning, Printer


@dataclass(frozen=True)
class Printed:
    """A document's PDF, its number of pages, which the pack's contents need, and what
    WeasyPrint warned of while printing it."""

    pdf: bytes
    pages: int
    warnings: tuple[LayoutWarning, ...] = ()


def print_document(printer: Printer, html: str, what: str) -> Printed:
    layout = printer.layout(html, what)
    pdf = printer.write(layout, what)
    return Printed(pdf, len(layout.pages), tuple(layout.warnings))


def print_pack(printer: Printer, front: str, numbers: str, documents: Sequence[bytes], what: str) -> Printed:
    """A pack: its front matter printed, then the documents' PDFs joined behind it, and
    its page numbers (``numbers``, print HTML of a page for each) laid over them; its
    ``pages`` are the front matter's, on which the contents' page numbers depend."""
    from .combine import combine  # pikepdf takes a while to import, and check needs none of it

    import pikepdf

    cover = print_document(printer, front, what)
    numbered = print_document(printer, numbers, f"{what} page numbers")
    try:
        joined = combine(cover.pdf, documents, numbered.pdf)
    except pikepdf.PdfError as exc:
        raise PdfError(f"{what}: its documents could not be joined: {exc}") from exc
    return Printed(joined, cover.pages, cover.warnings + numbered.warnings)


def available_cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


# Each worker's printer, made once when the worker starts.
_printer: Printer | None = None


def _start_worker(assets: Path, source_date_epoch: int) -> None:
    global _printer
    _printer = Printer(assets, source_date_epoch)


def _in_worker(job: Callable[..., Any], *args: Any) -> Any:
    assert _printer is not None, "the worker was started without a printer"
    return job(_printer, *args)


def _context() -> multiprocessing.context.BaseContext:
    # forkserver: workers start clean, without this process's threads (serve's
    # watcher), forked from a server that has imported WeasyPrint once.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["govpack.presses", "weasyprint"])
    return context


def prepare(jobs: int) -> None:
    """Start the server that workers fork from, so that it imports WeasyPrint while
    the content is checked; nothing if one process will print."""
    if jobs > 1:
        _context()
        multiprocessing.forkserver.ensure_running()


class Presses:
    """Prints documents and packs on ``jobs`` processes; a context manager."""

    def __init__(self, printer: Printer, jobs: int) -> None:
        self.printer = printer
        self.jobs = jobs
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Presses:
        if self.jobs > 1:
            assets, epoch = self.printer.assets, self.printer.source_date_epoch
            self._pool = ProcessPoolExecutor(self.jobs, mp_context=_context(), initializer=_start_worker, initargs=(assets, epoch))
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def document(self, html: str, what: str) -> Future:
        """A future Printed of one document's print HTML."""
        return self._submit(print_document, html, what)

    def pack(self, front: str, numbers: str, documents: Sequence[bytes], what: str) -> Future:
        """A future Printed of a pack: ``front`` printed, ``documents`` (PDFs) behind it,
        numbered by ``numbers`` printed."""
        return self._submit(print_pack, front, numbers, list(documents), what)

    def _submit(self, job: Callable[..., Any], *args: Any) -> Future:
        if self._pool is not None:
            return self._pool.submit(_in_worker, job, *args)
        future: Future = Future()  # one process: done at once, in order
        try:
            future.set_result(job(self.printer, *args))
        except Exception as exc:  # noqa: BLE001 (handed to whoever waits on the future)
            future.set_exception(exc)
        return future
