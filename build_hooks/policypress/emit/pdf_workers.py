"""PDFs laid out on every core: worker processes, each with its own Typst compiler.

A worker is `python -m policypress.emit.pdf_workers`, started by this module (never a fork of
the build: a fork of a process whose Typst threads run can deadlock, and `multiprocessing`'s
spawn would run the build's own main script again). It reads jobs on its standard input,
lays each out with the one compiler it loaded its fonts into, writes the PDF into a staging
folder and answers on its standard output, in order. A job goes to the worker its text's
digest picks, so the versions that share a text (most of a long history) are converted from
Markdown once, and Typst's own memo of the last layout serves them.

Staged PDFs wait on disk, not in memory, so a build can hand every PDF to the workers as soon
as it knows them — they lay PDFs out while MkDocs renders the pages — and write each when its
turn comes.
"""

from __future__ import annotations

import os
import pickle
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
import weakref
import zlib
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import IO, Any

from policypress.emit.typeset import PdfJob, TypesetError, make_pdf

_HEADER = struct.Struct(">Q")
_PACKAGE_PARENT = str(Path(__file__).resolve().parent.parent.parent)


def worker_count() -> int:
    """The cores this process may use (how many workers lay PDFs out)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


class _Worker:
    """One worker process and the thread that reads its answers into futures."""

    def __init__(self) -> None:
        path = os.environ.get("PYTHONPATH")
        environ = {**os.environ, "PYTHONPATH": _PACKAGE_PARENT + (os.pathsep + path if path else "")}
        self.process = subprocess.Popen([sys.executable, "-m", "policypress.emit.pdf_workers"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, env=environ)
        self._pending: deque[tuple[Future[Path], Path]] = deque()
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def submit(self, job: PdfJob, target: Path) -> Future[Path]:
        future: Future[Path] = Future()
        request = pickle.dumps((job, str(target)))
        assert self.process.stdin is not None
        with self._lock:
            self._pending.append((future, target))
            try:
                self.process.stdin.write(_HEADER.pack(len(request)) + request)
                self.process.stdin.flush()
            except OSError:
                pass  # the worker is gone: the reader fails this future
        return future

    def _read(self) -> None:
        stdout = self.process.stdout
        assert stdout is not None
        while (answer := _message(stdout)) is not None:
            with self._lock:
                future, target = self._pending.popleft()
            if answer:
                line, column, message = answer.decode("utf-8", "replace").split(":", 2)
                future.set_exception(TypesetError(message, int(line), int(column)))
            else:
                future.set_result(target)
        code = self.process.wait()
        with self._lock:
            while self._pending:
                self._pending.popleft()[0].set_exception(TypesetError(f"a PDF worker stopped (exit code {code})"))

    def close(self) -> None:
        if self.process.stdin is not None:
            try:
                self.process.stdin.close()
            except OSError:
                pass
        self.process.wait()
        self._reader.join()


def _message(stream: IO[bytes]) -> bytes | None:
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        return None
    (length,) = _HEADER.unpack(header)
    return stream.read(length)


class Typesetter:
    """Lays a build's PDFs out: one now, in this process (`make`), or ahead on the workers
    (`submit`, started on first use); `feed` runs a function that submits many in a thread of
    its own. Closed when the build is done (or when it is dropped)."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers if workers is not None else worker_count()
        self._started: list[_Worker] = []
        self._staging: Path | None = None
        self._count = 0
        self._feeder: threading.Thread | None = None
        self._fed_error: BaseException | None = None
        self._finalizer = weakref.finalize(self, _stop, self._started, [])

    def make(self, job: PdfJob) -> bytes:
        """One PDF, now, in this process."""
        return make_pdf(job)

    def submit(self, job: PdfJob) -> Future[Path]:
        """One PDF, laid out by a worker while this process goes on: the future gives the
        staged file (read it once, then delete it)."""
        if self._staging is None:
            self._staging = Path(tempfile.mkdtemp(prefix="policypress-pdfs-"))
            self._finalizer.detach()
            self._finalizer = weakref.finalize(self, _stop, self._started, [self._staging])
        self._count += 1
        target = self._staging / f"{self._count}.pdf"
        if self.workers < 2:
            future: Future[Path] = Future()
            try:
                target.write_bytes(make_pdf(job))
                future.set_result(target)
            except TypesetError as error:
                future.set_exception(error)
            return future
        if not self._started:
            self._started.extend(_Worker() for _ in range(self.workers))
        worker = self._started[zlib.crc32(job.markdown.encode()) % len(self._started)]
        return worker.submit(job, target)

    def feed(self, submit_all: Callable[[], None]) -> None:
        """Run `submit_all` in a thread (the workers' pipes hold it back while they are busy)."""

        def run() -> None:
            try:
                submit_all()
            except BaseException as error:  # noqa: BLE001 (re-raised by `fed`, in the build's thread)
                self._fed_error = error

        self._feeder = threading.Thread(target=run, daemon=True)
        self._feeder.start()

    def fed(self) -> None:
        """Wait until `feed`'s function is done; raise what it raised."""
        if self._feeder is not None:
            self._feeder.join()
            self._feeder = None
        if self._fed_error is not None:
            error, self._fed_error = self._fed_error, None
            raise error

    def close(self) -> None:
        """Stop the workers (after the jobs they hold) and delete the staging folder."""
        self.fed()
        self._finalizer()

    def __enter__(self) -> Typesetter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _stop(workers: list[_Worker], folders: list[Path]) -> None:
    for worker in workers:
        worker.close()
    workers.clear()
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


def serve(requests: IO[bytes], answers: IO[bytes]) -> None:
    """A worker's loop: each job read from `requests` laid out into its staged file, and an
    answer written to `answers` (empty: done; else why Typst refused it)."""
    while (request := _message(requests)) is not None:
        job, target = pickle.loads(request)
        try:
            content = make_pdf(job)
            partial = Path(f"{target}.partial")
            partial.write_bytes(content)
            partial.replace(target)
            answer = b""
        except TypesetError as error:
            answer = f"{error.line}:{error.column}:{error.message or 'Typst failed'}".encode()
        except Exception as error:  # noqa: BLE001 (a worker answers every job; the build reports it)
            answer = f"0:0:{type(error).__name__}: {error}".encode()[:2000]
        answers.write(_HEADER.pack(len(answer)) + answer)
        answers.flush()


def _main(argv: Any = None) -> None:
    answers = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but answers on the pipe
    serve(sys.stdin.buffer, answers)


if __name__ == "__main__":
    _main()
