"""Imported by ``convert``'s forkserver before it forks a worker: every worker starts warm.

A worker of the default pool imports the batch module and the extractors (compiling their
patterns), parses a short report once and binds PDFium, about half a second, before its
first input (see ``copparse.api._prepare_children``). Done once in the forkserver, which
``copparse.isolation.start_forkserver`` starts first thing, it runs while the calling process
is still importing and listing its inputs, and every worker forked from it inherits the
result instead of doing it again. Importing this module anywhere else does the same warm-up
in that process, which is harmless.
"""

from __future__ import annotations

import contextlib
import signal
import threading


def _warm() -> None:
    from copparse.gcpause import gc_paused

    # The collector held off: the imports and patterns are the process's for good, and
    # collections while they are built only walk them (about 6 % of the warm-up).
    with gc_paused:
        import copparse.batch  # noqa: F401  (what a worker unpickles its tasks from)
        from copparse import api, patterncache, rules

        # Half of the patterns compiled by a forked helper on the other core meanwhile: the
        # calling process is done with its own start by now, and waits for this one.
        rules.compile_all(helper=True)
        # Kept for the next run: the forkserver leaves without running exit handlers.
        patterncache.save()
        api._prepare_children(b"%PDF-", "pdfium")  # the text pipeline and PDFium, the default


def _warm_ignoring_ctrl_c() -> None:
    # Ctrl-C reaches the whole process group; the calling process stops the run. Ignored while
    # the warm-up runs, so the forkserver does not die of it with a traceback (it ignores
    # SIGINT itself once its imports are done), and put back as it was for what comes after.
    if threading.current_thread() is not threading.main_thread():
        _warm()
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):  # blocked by start_forkserver: a pending one is dropped
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    try:
        _warm()
    finally:
        signal.signal(signal.SIGINT, previous)


with contextlib.suppress(Exception):  # a warm-up: a worker does whatever is left itself
    _warm_ignoring_ctrl_c()
