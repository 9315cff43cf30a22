"""Parse one document in a child process whose time and memory are bounded from outside.

In-process limits (:class:`copparse.Limits`) are checked by the parser itself, between
steps; a step inside C code (lxml, zlib, PDFium) cannot be stopped that way, and a process
cannot cap its own memory without risking the caller. So, as Apache Tika's ForkParser and
GROBID do, ``isolate=True`` reads the document in a child process:

- its address space is capped with ``RLIMIT_AS`` at ``Limits.max_memory_bytes``, so an
  allocation past it fails in the child (``MemoryError``, or an abort in C code) and the
  caller's process is untouched;
- its CPU time is capped with ``RLIMIT_CPU``, and the parent kills it (SIGKILL) at the wall
  clock deadline, ``Limits.max_seconds`` plus a grace period (10 %, at least 2 s and at most
  30 s) so that the in-process ``TimeLimitError`` normally comes first;
- a child that is killed, aborts or runs out of memory becomes a
  :class:`~copparse.ResourceLimitError` saying which resource and the figure; any other error
  comes back as the same ``CopParseError`` class with the same message.

The child is forked directly when the calling process runs a single thread (a CLI, a batch
worker), which costs a few milliseconds; a process with threads forks it from a
``forkserver`` instead, since forking a threaded process can deadlock (a daemonic process,
which may not start one, forks directly). Where ``resource`` is
missing (Windows), the child runs with the deadline only.
"""

from __future__ import annotations

import contextlib
import math
import multiprocessing
import multiprocessing.util
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from copparse import errors
from copparse.errors import CopParseError, CorruptFileError, ResourceLimitError
from copparse.limits import Limits

__all__ = ["ChildOutcome", "deadline", "keep_readers", "run_isolated", "start_forkserver"]

# Signals a child dies of when an allocation fails in C or C++ code under RLIMIT_AS (or the
# kernel's OOM killer stops it): reported as running out of memory.
_MEMORY_SIGNALS = {signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS, signal.SIGKILL}
_TIME_SIGNALS = {getattr(signal, "SIGXCPU", signal.SIGTERM)}


def deadline(limits: Limits) -> float:
    """Seconds the parent waits before it kills the child: max_seconds plus a grace period."""
    return limits.max_seconds + min(max(0.1 * limits.max_seconds, 2.0), 30.0)


@dataclass(frozen=True)
class ChildOutcome:
    """What one isolated parse gave.

    Attributes:
        report_json: The report as JSON, or None when it failed.
        error: The error, or None when there is a report.
        seconds: Wall time from start to the child's end, as the parent saw it.
        peak_rss: The child's peak resident memory in bytes, where it could tell (it may be
            None when the child was killed).
        facts: What :func:`run_isolated`'s ``then`` gave for the report, in the child (None
            without one, or when there is no report).
    """

    report_json: str | None
    error: CopParseError | None
    seconds: float
    peak_rss: int | None
    facts: Any = None


def _apply_limits(limits: Limits, seconds: float) -> None:
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows: the deadline still holds
        return
    cap = limits.max_memory_bytes
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    cpu = math.ceil(seconds) + 1
    _, hard_cpu = resource.getrlimit(resource.RLIMIT_CPU)
    if hard_cpu != resource.RLIM_INFINITY:
        cpu = min(cpu, hard_cpu)
    used = resource.getrusage(resource.RUSAGE_SELF)
    # RLIMIT_CPU counts from the process's start, and a forked child inherits its parent's.
    resource.setrlimit(
        resource.RLIMIT_CPU, (cpu + math.ceil(used.ru_utime + used.ru_stime), hard_cpu)
    )


def _peak_rss() -> int | None:
    try:
        import resource
    except ImportError:  # pragma: no cover
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak) * (1 if sys.platform == "darwin" else 1024)


# What a caller asks the child to work out from the report besides its JSON (a module-level
# function, so that it can be sent to a kept child): the facts it needs, without validating
# the JSON back into a Report.
_Then = Callable[[Any], Any] | None


def _reply(job: dict[str, Any], limits: Limits, seconds: float, then: _Then) -> tuple[Any, ...]:
    """Bound this process for one job, parse it, and say what came of it."""
    try:
        _apply_limits(limits, seconds)
        from copparse.api import parse_bytes

        report = parse_bytes(**job, limits=limits, isolate=False)
        facts = then(report) if then is not None else None
        return ("report", report.model_dump_json(), _peak_rss(), facts)
    except CopParseError as exc:
        return ("error", type(exc).__name__, exc.message, exc.source, _peak_rss())
    except MemoryError:
        return ("memory", _peak_rss())
    except RecursionError as exc:
        return ("error", "CorruptFileError", f"the file nests too deeply ({exc})", None, None)
    except BaseException as exc:  # a bug of ours: say what it was
        return ("bug", f"{type(exc).__name__}: {exc}", _peak_rss())


def _send(conn: Connection, message: tuple[Any, ...]) -> None:
    try:
        conn.send(message)
    except MemoryError:
        with contextlib.suppress(BaseException):
            conn.send(("memory", None))


def _child(
    conn: Connection, job: dict[str, Any], limits: Limits, seconds: float, then: _Then = None
) -> None:
    """The child's whole life: bound itself, parse, send one message, and exit."""
    try:
        _send(conn, _reply(job, limits, seconds, then))
    finally:
        conn.close()


def _serve(conn: Connection) -> None:
    """A kept reader's life: one job after another, until its parent closes the pipe."""
    while True:
        try:
            job, limits, seconds, then = conn.recv()
        except (EOFError, OSError):
            return
        _send(conn, _reply(job, limits, seconds, then))


def _forked(
    conn: Connection, job: dict[str, Any], limits: Limits, seconds: float, then: _Then
) -> None:
    code = 1
    try:
        _child(conn, job, limits, seconds, then)
        code = 0
    finally:
        os._exit(code)


def _wait_pid(pid: int, timeout: float) -> int | None:
    """The exit status of child ``pid`` (negative: its signal), or None while it runs."""
    end = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.monotonic() >= end:
            return None
        time.sleep(0.005)


class _Child:
    """A started child: either forked here (pid) or from a forkserver (Process)."""

    def __init__(self, job: dict[str, Any], limits: Limits, seconds: float, then: _Then) -> None:
        reader, writer = multiprocessing.Pipe(duplex=False)
        self.reader = reader
        self.process: Any = None
        self.pid: int | None = None
        self.status: int | None = None
        # A daemonic process (a Dask worker) may not start multiprocessing children: it forks
        # directly even when it runs threads.
        alone = threading.active_count() == 1 or multiprocessing.current_process().daemon
        if hasattr(os, "fork") and alone:
            pid = os.fork()
            if pid == 0:  # the child
                reader.close()
                _forked(writer, job, limits, seconds, then)
            self.pid = pid
        else:
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context(
                "forkserver" if "forkserver" in methods else "spawn"
            )
            self.process = context.Process(  # type: ignore[attr-defined]
                target=_child, args=(writer, job, limits, seconds, then), daemon=True
            )
            self.process.start()
        writer.close()

    def kill(self) -> None:
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
        elif self.process is not None:
            self.process.kill()

    def wait(self, timeout: float) -> int | None:
        """The exit status (negative: killed by that signal), or None if still running."""
        if self.process is not None:
            self.process.join(timeout)
            code: int | None = self.process.exitcode
            return code
        if self.pid is None:
            return self.status
        status = _wait_pid(self.pid, timeout)
        if status is not None:
            self.pid, self.status = None, status
        return status

    def reap(self) -> int | None:
        self.kill()
        return self.wait(5.0)


def run_isolated(
    job: dict[str, Any], limits: Limits, then: Callable[[Any], Any] | None = None
) -> ChildOutcome:
    """Parse ``job`` (``parse_bytes``'s arguments but limits) in a bounded child process.

    ``then``, a module-level function, is called in the child with the report; what it gives
    (small and picklable) comes back as ``ChildOutcome.facts``.
    """
    if _keep and hasattr(os, "fork") and threading.active_count() == 1:
        return _run_kept(job, limits, then)
    return _run_fresh(job, limits, then)


def _run_fresh(job: dict[str, Any], limits: Limits, then: _Then = None) -> ChildOutcome:
    source = job.get("filename")
    seconds = deadline(limits)
    started = time.monotonic()
    child = _Child(job, limits, seconds, then)
    message: tuple[Any, ...] | None = None
    timed_out = False
    try:
        if child.reader.poll(seconds):
            try:
                message = child.reader.recv()
            except (EOFError, OSError):
                message = None
        else:
            timed_out = True
    except BaseException:
        child.reap()
        raise
    finally:
        child.reader.close()
    status = child.wait(5.0) if message is not None else child.reap()
    if status is None:
        status = child.reap()
    return _outcome(message, status, timed_out, time.monotonic() - started, limits, source)


def _outcome(
    message: tuple[Any, ...] | None,
    status: int | None,
    timed_out: bool,
    elapsed: float,
    limits: Limits,
    source: str | None,
) -> ChildOutcome:
    seconds = deadline(limits)
    if timed_out:
        return ChildOutcome(None, _time_error(limits, seconds, source), elapsed, None)
    if message is None:
        return ChildOutcome(None, _death(status, limits, seconds, source), elapsed, None)
    kind = message[0]
    if kind == "report":
        return ChildOutcome(message[1], None, elapsed, message[2], message[3])
    if kind == "error":
        cls = getattr(errors, message[1], CorruptFileError)
        if not (isinstance(cls, type) and issubclass(cls, CopParseError)):
            cls = CorruptFileError
        return ChildOutcome(None, cls(message[2], source=message[3]), elapsed, message[4])
    if kind == "memory":
        return ChildOutcome(None, _memory_error(limits, source, None), elapsed, message[1])
    raise RuntimeError(f"copparse failed in its child process on {source or 'the input'}:"
                       f" {message[1]} (a bug: please report it with the file)")  # fmt: skip


# A kept reader: one child that reads document after document (as Tika's ForkParser keeps its
# child), for a process that reads many in a row, a batch worker. A child per document costs
# about as much as PDFium's text of a 20-page PDF: the fork, then a copy of every page of the
# parent's memory that the parse writes to (reference counts of the patterns and tables it
# uses). The bounds stay per document: each job sets the CPU limit from the child's use so far
# and the address-space cap anew, the wall deadline is the parent's, and a child that timed
# out, died or failed is dropped. A failure other than a plain parse error in a child that had
# read documents before is checked in a fresh child, so that what one document left in the
# heap never costs another its verdict.
_keep = False
_kept: _Kept | None = None
# A kept reader is replaced after this many documents, or once its address space passes half
# the cap (freed memory that the heap keeps still counts against RLIMIT_AS).
_KEPT_JOBS = 500


def keep_readers() -> None:
    """Read each document of this process in a kept child (for a batch worker).

    Only where the process can fork directly (one thread); otherwise each document still
    gets a child of its own.
    """
    global _keep
    if not _keep:
        _keep = True
        multiprocessing.util.Finalize(None, _drop_kept, exitpriority=10)


def start_forkserver() -> None:
    """Start this process's forkserver now, warmed up by ``copparse._warm`` before it forks.

    For ``convert``'s default pool, whose workers are forked from it: started first thing,
    the forkserver imports and warms up while this process is still importing and listing
    its inputs, and every worker inherits that instead of doing it again. Nothing happens
    where there is no forkserver, where this process's runs already (it keeps what it
    preloaded), or in a multiprocessing child (a worker); the modules the forkserver was told
    to preload are kept, ``copparse._warm`` is added.
    """
    if (
        "forkserver" not in multiprocessing.get_all_start_methods()
        or multiprocessing.parent_process() is not None
    ):
        return
    from multiprocessing import forkserver

    server = getattr(forkserver, "_forkserver", None)
    preload = getattr(server, "_preload_modules", None)
    if getattr(server, "_forkserver_pid", 0) is not None or not isinstance(preload, list):
        return  # running already, or not the layout this was written for
    if _WARM not in preload:
        forkserver.set_forkserver_preload([*preload, _WARM])
    # Ctrl-C blocked while it is spawned, as multiprocessing does for its resource tracker: the
    # new interpreter starts with SIGINT blocked, and copparse._warm ignores and unblocks it,
    # so a Ctrl-C during its start-up is not a traceback (the calling process stops the run).
    # The tracker first: starting it unblocks SIGINT here when it is done.
    from multiprocessing import resource_tracker

    with contextlib.suppress(OSError):
        resource_tracker.ensure_running()
    held = threading.current_thread() is threading.main_thread() and hasattr(
        signal, "pthread_sigmask"
    )
    if held:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        with contextlib.suppress(OSError):  # the pool then starts it, and says what is wrong
            forkserver.ensure_running()
    finally:
        if held:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


_WARM = "copparse._warm"


def _drop_kept() -> None:
    global _kept
    if _kept is not None:
        _kept.close()
        _kept = None


class _Kept:
    """A forked child serving jobs over a duplex pipe."""

    def __init__(self) -> None:
        mine, theirs = multiprocessing.Pipe(duplex=True)
        pid = os.fork()
        if pid == 0:  # the child
            mine.close()
            code = 1
            try:
                _serve(theirs)
                code = 0
            finally:
                os._exit(code)
        theirs.close()
        self.conn = mine
        self.pid = pid
        self.jobs = 0

    def mapped(self) -> int | None:
        """The child's address space in bytes, where /proc tells."""
        try:
            with open(f"/proc/{self.pid}/statm", "rb") as f:
                return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            return None

    def close(self) -> int | None:
        """Stop the child (it may be gone already) and return its exit status."""
        self.conn.close()
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            return _wait_pid(self.pid, 5.0)
        return None


def _run_kept(job: dict[str, Any], limits: Limits, then: _Then) -> ChildOutcome:
    global _kept
    source = job.get("filename")
    seconds = deadline(limits)
    if _kept is None:
        _kept = _Kept()
    kept = _kept
    started = time.monotonic()
    message: tuple[Any, ...] | None = None
    timed_out = False
    try:
        kept.conn.send((job, limits, seconds, then))
        if kept.conn.poll(seconds):
            message = kept.conn.recv()
        else:
            timed_out = True
    except (EOFError, OSError):
        message = None
    except BaseException:
        _drop_kept()
        raise
    kept.jobs += 1
    elapsed = time.monotonic() - started
    if message is not None and message[0] in ("report", "error"):
        mapped = kept.mapped()
        if kept.jobs >= _KEPT_JOBS or mapped is None or mapped > limits.max_memory_bytes // 2:
            _drop_kept()
        return _outcome(message, None, False, elapsed, limits, source)
    _kept = None
    status = kept.close()
    if kept.jobs > 1 and not timed_out:
        return _run_fresh(job, limits, then)
    return _outcome(message, status, timed_out, elapsed, limits, source)


def _time_error(limits: Limits, seconds: float, source: str | None) -> ResourceLimitError:
    return ResourceLimitError(
        f"reading was stopped after {seconds:g} s (Limits.max_seconds = {limits.max_seconds:g}"
        " plus grace): the document is too costly to read; raise Limits.max_seconds if it is"
        " genuine",
        source=source,
        resource="time",
        limit=seconds,
    )


def _memory_error(limits: Limits, source: str | None, how: str | None) -> ResourceLimitError:
    cap = limits.max_memory_bytes
    return ResourceLimitError(
        f"reading ran out of memory{how or ''}: over the cap of {cap:,} bytes"
        f" ({cap / 2**30:.1f} GiB, Limits.max_memory_bytes); raise it if the document is"
        " genuine",
        source=source,
        resource="memory",
        limit=float(cap),
    )


def _death(status: int | None, limits: Limits, seconds: float, source: str | None) -> CopParseError:
    if status is not None and status < 0:
        sig = -status
        if sig in _TIME_SIGNALS:
            return _time_error(limits, seconds, source)
        if sig in _MEMORY_SIGNALS:
            name = signal.Signals(sig).name
            return _memory_error(limits, source, f" (the reader died of {name})")
    return CorruptFileError(
        f"the reader's child process died (exit status {status}) without a result; the file"
        " is probably damaged",
        source=source,
    )
