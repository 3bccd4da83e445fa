"""Desktop layer: background work — reading, aligning and exporting off the UI thread.

A `Job` (QRunnable) runs one pure function and reports through a signal-holder QObject that lives
in the UI thread; `run()` never touches a widget. Every job carries a tag; the `JobRunner` keeps
only the newest tag per kind ("old", "new", "compare", "export"), so a result that arrives after
the user asked for something else is dropped instead of overwriting newer work. Who started a job
says what to do with its result: `start(kind, work, done=…, failed=…)` takes typed callbacks
(the result of `work` is the argument of `done`), so nothing dispatches on the kind string.
`read_work` and `compare_work` are the window's two kinds of slow work.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from desktop import present
from diffing.errors import Cancelled, RedlineError
from diffing.model import Comparison, DiffOptions, Document, ManualLink
from diffing.relink import EntryCache, compare_linked

Progress = Callable[..., None]
Work = Callable[[Progress, Callable[[], bool]], Any]
"""work(progress, cancelled) -> result; progress(done, total) or progress(fraction)."""


logger = logging.getLogger(__name__)

T = TypeVar("T")

RETIRED_KEPT = 64


class JobSignals(QObject):
    succeeded = Signal(int, object)
    failed = Signal(int, str)
    cancelled = Signal(int)
    progressed = Signal(int, int, int)


class Job(QRunnable):
    def __init__(self, tag: int, work: Work) -> None:
        super().__init__()
        self.tag = tag
        self.work: Work | None = work
        self.signals = JobSignals()
        self.cancel_flag = threading.Event()
        # The runner owns the Python object until it reports; Qt must not delete it under us.
        self.setAutoDelete(False)

    def _progress(self, *args: Any) -> None:
        if len(args) >= 2:
            done, total = int(args[0]), max(int(args[1]), 1)
        elif args:
            done, total = int(float(args[0]) * 1000), 1000
        else:
            return
        self.signals.progressed.emit(self.tag, done, total)

    def run(self) -> None:
        work, self.work = self.work, None  # the job must not keep documents alive once done
        try:
            assert work is not None, "a job runs once"
            result = work(self._progress, self.cancel_flag.is_set)
        except Cancelled:
            self.signals.cancelled.emit(self.tag)
        except RedlineError as error:
            self.signals.failed.emit(self.tag, str(error))
        except Exception as error:  # reported as one line; the window must survive any bug
            logger.exception("job %s failed on a bug of ours", self.tag)
            self.signals.failed.emit(self.tag, f"Unexpected error: {type(error).__name__}: {error}")
        else:
            if self.cancel_flag.is_set():
                self.signals.cancelled.emit(self.tag)
            else:
                self.signals.succeeded.emit(self.tag, result)


class JobRunner(QObject):
    """Starts jobs on a thread pool and forwards only the results that are still wanted."""

    finished = Signal(str, object)
    """kind, result: emitted after the job's `done` callback ran."""
    failed = Signal(str, str)
    """kind, one-line message: emitted after the job's `failed` callback ran."""
    cancelled = Signal(str)
    progressed = Signal(str, int, int)
    busy_changed = Signal(bool)

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = pool if pool is not None else QThreadPool.globalInstance()
        self._next_tag = 0
        self._current: dict[str, Job] = {}
        self._running: dict[int, Job] = {}
        self._retired: list[Job] = []
        self._on_done: dict[int, Callable[[object], None]] = {}
        self._on_failed: dict[int, Callable[[str], None]] = {}

    @property
    def busy(self) -> bool:
        return bool(self._current)

    @property
    def unreported(self) -> int:
        """Jobs started whose report (result, failure or cancel) has not arrived yet, wanted or
        not: zero once every job has reported (what tests wait for)."""
        return len(self._running)

    def is_running(self, kind: str) -> bool:
        return kind in self._current

    def start(
        self,
        kind: str,
        work: Callable[[Progress, Callable[[], bool]], T],
        *,
        done: Callable[[T], None] | None = None,
        failed: Callable[[str], None] | None = None,
    ) -> int:
        """Run `work` on the pool, cancelling the current job of the same `kind`. If this job is
        still the newest of its kind when it reports, `done(result)` or `failed(message)` runs
        in the UI thread (then `finished` / `failed` are emitted); a superseded job's report is
        dropped. Returns the job's tag."""
        previous = self._current.get(kind)
        if previous is not None:
            previous.cancel_flag.set()
        self._next_tag += 1
        job = Job(self._next_tag, work)
        if done is not None:
            self._on_done[job.tag] = lambda result: done(cast(T, result))
        if failed is not None:
            self._on_failed[job.tag] = failed
        was_busy = self.busy
        self._current[kind] = job
        self._running[job.tag] = job
        job.signals.succeeded.connect(lambda tag, result: self._done(kind, tag, result))
        job.signals.failed.connect(lambda tag, message: self._failed(kind, tag, message))
        job.signals.cancelled.connect(lambda tag: self._cancelled(kind, tag))
        job.signals.progressed.connect(
            lambda tag, done, total: self._progressed(kind, tag, done, total)
        )
        self.pool.start(job)
        if not was_busy:
            self.busy_changed.emit(True)
        return job.tag

    def cancel(self, kind: str | None = None) -> None:
        """Raise the cancel flag of the current job(s); each reports `cancelled` when it stops."""
        for job_kind, job in list(self._current.items()):
            if kind is None or kind == job_kind:
                job.cancel_flag.set()

    def _settle(self, kind: str, tag: int) -> bool:
        """Forget a finished job; True when it is still the one the window waits for."""
        job = self._running.pop(tag, None)
        if job is not None:
            # The signal can arrive while the pool thread is still returning from run():
            # freeing the QRunnable now would pull it from under that thread. Keep the last
            # few finished jobs (their work and result already dropped) alive instead.
            self._retired.append(job)
            del self._retired[:-RETIRED_KEPT]
        job = self._current.get(kind)
        if job is None or job.tag != tag:
            return False
        del self._current[kind]
        if not self.busy:
            self.busy_changed.emit(False)
        return True

    def _callbacks(
        self, tag: int
    ) -> tuple[Callable[[object], None] | None, Callable[[str], None] | None]:
        return self._on_done.pop(tag, None), self._on_failed.pop(tag, None)

    def _done(self, kind: str, tag: int, result: object) -> None:
        on_done, _ = self._callbacks(tag)
        if self._settle(kind, tag):
            if on_done is not None:
                on_done(result)
            self.finished.emit(kind, result)

    def _failed(self, kind: str, tag: int, message: str) -> None:
        _, on_failed = self._callbacks(tag)
        if self._settle(kind, tag):
            if on_failed is not None:
                on_failed(message)
            self.failed.emit(kind, message)

    def _cancelled(self, kind: str, tag: int) -> None:
        self._callbacks(tag)
        if self._settle(kind, tag):
            self.cancelled.emit(kind)

    def _progressed(self, kind: str, tag: int, done: int, total: int) -> None:
        job = self._current.get(kind)
        if job is not None and job.tag == tag:
            self.progressed.emit(kind, done, total)


# --- the window's work ---


def read_work(
    path: Path,
) -> Callable[[Progress, Callable[[], bool]], tuple[Document, tuple[str, ...]]]:
    """Read the document at `path`: it and the notices the reader gave, each one line a user
    should see though it is no error ("draft.docx: named .docx but holds plain text; read as
    text.", `diffing.readers.misnamed`). Gathered here and shown by the window: the work runs
    off the UI thread."""

    def work(progress: Progress, cancelled: Callable[[], bool]) -> tuple[Document, tuple[str, ...]]:
        from diffing.readers import read_document

        notices: list[str] = []
        document = read_document(path, notices.append)
        return document, tuple(notices)

    return work


def compare_work(
    old: Document, new: Document, options: DiffOptions, links: tuple[ManualLink, ...]
) -> Callable[[Progress, Callable[[], bool]], tuple[EntryCache, Comparison, tuple[str, ...]]]:
    """Align, apply the links, and name the entries: too slow for the UI thread on long texts.
    The base alignment comes back too, so that later links are applied in milliseconds."""

    def work(
        progress: Progress, cancelled: Callable[[], bool]
    ) -> tuple[EntryCache, Comparison, tuple[str, ...]]:
        base, comparison = compare_linked(
            old, new, options, links, progress=progress, cancel=cancelled
        )
        return EntryCache(base), comparison, present.entry_labels(comparison)

    return work
