"""The collector pause around a parse: it nests, and leaves the collector as it found it."""

from __future__ import annotations

import gc
import threading

import pytest

import copparse
from copparse.gcpause import gc_paused
from tests.conftest import FIXTURE_IDS, FIXTURES


def test_the_collector_is_off_inside_and_back_on_after_the_outermost_pause() -> None:
    assert gc.isenabled()
    with gc_paused:
        assert not gc.isenabled()
        with gc_paused:
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause still holds
    assert gc.isenabled()


def test_a_caller_that_disabled_the_collector_keeps_it_disabled() -> None:
    gc.disable()
    try:
        copparse.parse_text((FIXTURES / f"{FIXTURE_IDS[0]}.txt").read_text("utf-8"))
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_failing_parse_resumes_the_collector() -> None:
    with pytest.raises(copparse.NotACopReportError):
        copparse.parse_text("nothing here names the working group")
    assert gc.isenabled()


def test_overlapping_pauses_in_threads_resume_once_the_last_ends() -> None:
    entered, release = threading.Event(), threading.Event()

    def hold() -> None:
        with gc_paused:
            entered.set()
            release.wait(10)

    worker = threading.Thread(target=hold)
    worker.start()
    assert entered.wait(10)
    with gc_paused:
        pass
    assert not gc.isenabled()  # the other thread's pause is still on
    release.set()
    worker.join(10)
    assert gc.isenabled()
