"""Process isolation: isolate=True gives the same report or error, and a bounded failure.

The time and memory tests stop a real child: the time one waits for a deadline of 1 s
plus the 2 s grace, the memory one caps the child a little above what it already maps.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import regex

import copparse
from copparse import isolation
from copparse.extract.lexicon import ORDINAL_RE
from copparse.isolation import _death, deadline, run_isolated
from tests import hostile as h
from tests.conftest import FIXTURES, SEED_ID

FILES = FIXTURES / "files"


def _job(data: bytes, backend: str = "pdfplumber") -> dict[str, object]:
    return {"data": data, "filename": "hostile.pdf", "password": None, "pdf_backend": backend}


@pytest.mark.parametrize("name", [f"{SEED_ID}.txt", f"files/{SEED_ID}.pdf",
                                  f"files/{SEED_ID}.autonum.docx"])  # fmt: skip
def test_an_isolated_parse_gives_the_same_report(name: str) -> None:
    path = FIXTURES / name
    assert copparse.parse_file(path, isolate=True) == copparse.parse_file(path)


def test_an_error_in_the_child_comes_back_as_the_same_error() -> None:
    with pytest.raises(copparse.EncryptedFileError) as inside:
        copparse.parse_file(FILES / "encrypted.pdf")
    with pytest.raises(copparse.EncryptedFileError) as isolated:
        copparse.parse_file(FILES / "encrypted.pdf", isolate=True)
    assert isolated.value.message == inside.value.message
    assert isolated.value.source == inside.value.source


def test_strict_holds_across_the_boundary() -> None:
    text = (FIXTURES / f"{SEED_ID}.txt").read_text("utf-8")
    # No meeting number (every ordinal gone), as test_reliability cuts it: still a report.
    broken = regex.sub(ORDINAL_RE, "recent", text, flags=regex.IGNORECASE)
    broken = regex.sub(r"(?i)\d{1,2}(?:st|nd|rd|th)", "recent ", broken)
    with pytest.raises(copparse.IncompleteReportError):
        copparse.parse_text(broken, strict=True)
    with pytest.raises(copparse.IncompleteReportError):
        copparse.parse_bytes(broken.encode(), strict=True, isolate=True)


def test_a_parent_with_threads_uses_a_forkserver_child() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        report = copparse.parse_file(FIXTURES / f"{SEED_ID}.txt", isolate=True)
    finally:
        stop.set()
        thread.join()
    assert report.meetings[0].number == 13


@pytest.mark.heavy
def test_regression_max_seconds_did_not_bound_pdfium_the_child_is_killed_at_the_deadline() -> None:
    # PDFium draws a fan-out in C, where no clock is read: only a process boundary stops it.
    limits = copparse.Limits(max_seconds=1.0, max_xobject_draws=10**12)
    outcome = run_isolated(_job(h.fan_out_pdf(10, 8), "pdfium"), limits)
    assert isinstance(outcome.error, copparse.ResourceLimitError)
    assert outcome.error.resource == "time" and outcome.error.limit == deadline(limits) == 3.0
    assert "stopped after 3 s" in outcome.error.message
    assert outcome.seconds < 30


_MEMORY_CHECK = """
import copparse
from copparse.isolation import run_isolated
from pathlib import Path
from tests import hostile as h
status = Path("/proc/self/status").read_text()
mapped = int(next(l.split()[1] for l in status.splitlines() if l.startswith("VmSize:"))) * 1024
limits = copparse.Limits(max_unpacked_bytes=1 << 30, max_memory_bytes=mapped + (60 << 20))
job = {"data": h.stream_bomb_pdf(120 << 20), "filename": "hostile.pdf", "password": None,
       "pdf_backend": "pdfplumber"}
error = run_isolated(job, limits).error
assert isinstance(error, copparse.ResourceLimitError), error
assert error.resource == "memory" and error.limit == limits.max_memory_bytes, error
"""


@pytest.mark.heavy
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
def test_regression_memory_was_unbounded_the_child_hits_its_cap() -> None:
    # 120 MB of inflated content under a cap 60 MB above what a fresh process maps (a fresh
    # one: a long-running parent's free heap would give the child headroom past the cap).
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", _MEMORY_CHECK], cwd=root, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]


@pytest.mark.parametrize(("status", "resource"), [
    (-signal.SIGABRT, "memory"), (-signal.SIGSEGV, "memory"), (-signal.SIGKILL, "memory"),
    (-signal.SIGXCPU, "time"),
])  # fmt: skip
def test_a_child_that_dies_of_a_signal_is_a_resource_limit_error(
    status: int, resource: str
) -> None:
    error = _death(status, copparse.Limits(), 30.0, "x.pdf")
    assert isinstance(error, copparse.ResourceLimitError) and error.resource == resource
    assert error.source == "x.pdf"


def test_a_child_that_exits_without_a_result_is_a_copparse_error() -> None:
    error = _death(3, copparse.Limits(), 30.0, "x.pdf")
    assert isinstance(error, copparse.CorruptFileError) and "exit status 3" in error.message


def test_the_deadline_is_max_seconds_plus_grace() -> None:
    assert deadline(copparse.Limits(max_seconds=1)) == 3.0
    assert deadline(copparse.Limits(max_seconds=100)) == 110.0
    assert deadline(copparse.Limits()) == 330.0


def test_no_child_is_left_behind() -> None:
    before = _children()
    for _ in range(3):
        copparse.parse_file(FIXTURES / f"{SEED_ID}.txt", isolate=True)
    assert _children() <= before


def _children() -> set[int]:
    """Our live child processes, but a forkserver (which lives as long as we do)."""
    me = str(os.getpid())
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().split(")")[-1].split()
            command = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if fields[1] == me and b"forkserver" not in command:
            found.add(int(stat.parent.name))
    return found


@pytest.fixture
def kept(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This process reads through a kept child, as a batch worker does."""
    monkeypatch.setattr(isolation, "_keep", True)
    try:
        yield
    finally:
        isolation._drop_kept()


# Run in a fresh process: the suite's process may hold threads (a pool's, Dask's) left by
# other tests, and a process with threads never keeps a reader.
_KEPT_CHECK = """
import os, signal
from pathlib import Path
import copparse
from copparse import isolation
from tests.conftest import FIXTURES, SEED_ID
from tests.test_bounds_isolation import _children
FILES = FIXTURES / "files"
isolation.keep_readers()
seed, pdf = FIXTURES / f"{SEED_ID}.txt", FILES / f"{SEED_ID}.pdf"
first = copparse.parse_file(seed, isolate=True)
pid = isolation._kept.pid
assert copparse.parse_file(pdf, isolate=True) == copparse.parse_file(pdf)
try:
    copparse.parse_file(FILES / "encrypted.pdf", isolate=True)
    raise AssertionError("no error")
except copparse.EncryptedFileError:
    pass
assert copparse.parse_file(seed, isolate=True) == first == copparse.parse_file(seed)
assert isolation._kept.pid == pid  # a parse error leaves the child as it was
os.kill(pid, signal.SIGKILL)  # as if the last document had left it broken
assert copparse.parse_file(seed, isolate=True) == first  # read again in a fresh child
assert isolation._kept is None or isolation._kept.pid != pid
assert pid not in _children()
isolation._KEPT_JOBS = 2
isolation._drop_kept()
copparse.parse_file(seed, isolate=True)
pid = isolation._kept.pid
copparse.parse_file(seed, isolate=True)  # the second of its quota: then dropped
assert isolation._kept is None and pid not in _children()
print("ok")
"""


def test_a_kept_reader_reads_one_document_after_another_and_is_replaced_when_it_died() -> None:
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", _KEPT_CHECK], cwd=root, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]


@pytest.mark.usefixtures("kept")
def test_a_parent_with_threads_reads_in_a_child_per_document_even_when_keeping() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        copparse.parse_file(FIXTURES / f"{SEED_ID}.txt", isolate=True)
    finally:
        stop.set()
        thread.join()
    assert isolation._kept is None


# Run in a fresh process: the suite's process may have started its forkserver already.
_WARM_CHECK = """
import concurrent.futures as cf, multiprocessing, signal
from multiprocessing import forkserver
from copparse.isolation import start_forkserver
before = signal.getsignal(signal.SIGINT)
start_forkserver()
pid = forkserver._forkserver._forkserver_pid
assert pid is not None
start_forkserver()  # running already: left as it is
assert forkserver._forkserver._forkserver_pid == pid
context = multiprocessing.get_context("forkserver")
probe = "[m in __import__('sys').modules for m in ('copparse.batch', 'copparse.pipeline')]"
with cf.ProcessPoolExecutor(1, mp_context=context) as pool:
    assert pool.submit(eval, probe).result() == [True, True]
    assert pool.submit(eval, "__import__('copparse.api').api._prepared").result() >= {"text", "pdf-pdfium"}
    assert pool.submit(eval, "__import__('copparse.isolation').isolation.start_forkserver()").result() is None
    # SIGINT was blocked while the forkserver was spawned; the warm-up unblocked it there.
    blocked = "__import__('signal').pthread_sigmask(__import__('signal').SIG_BLOCK, [])"
    assert signal.SIGINT not in pool.submit(eval, blocked).result()
assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, [])
import copparse._warm  # here too: the warm-up, and Ctrl-C handled as before
assert signal.getsignal(signal.SIGINT) == before
print("ok")
"""


@pytest.mark.skipif(
    "forkserver" not in multiprocessing.get_all_start_methods(), reason="no forkserver here"
)
def test_the_forkserver_of_the_default_pool_starts_its_workers_warm() -> None:
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", _WARM_CHECK], cwd=root, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]
