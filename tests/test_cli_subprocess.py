"""The batch's failure modes through the real ``copparse`` command, each in its own process.

The in-process tests (tests/test_batch.py) reach the same code by patching; these show what a
user at a terminal sees: a second run into a locked folder, and a disk that fills up mid-run.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from copparse.batch import SUMMARY_JSON
from tests.conftest import FIXTURES, SEED_ID

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and resource limits")

COPPARSE = [sys.executable, "-m", "copparse"]


def _inputs(tmp_path: Path, n: int) -> list[Path]:
    src = tmp_path / "in"
    src.mkdir()
    seed = (FIXTURES / f"{SEED_ID}.txt").read_text("utf-8")
    paths = [src / f"{i:02d}.txt" for i in range(n)]
    for i, p in enumerate(paths):
        p.write_text(seed + f"\nCopy {i}.", "utf-8")
    return paths


def test_a_second_run_into_a_locked_folder_is_refused_and_the_first_finishes(
    tmp_path: Path,
) -> None:
    # The run reads a few inputs ahead of those done: the gate comes well after the third.
    paths = _inputs(tmp_path, 10)
    gate = tmp_path / "gate.txt"
    os.mkfifo(gate)  # the first run waits here, holding the folder, until the test writes
    out = tmp_path / "out"
    first = subprocess.Popen(
        [*COPPARSE, "convert", *map(str, paths), str(gate), "-o", str(out), "--workers", "1",
         "-v"],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    assert first.stderr is not None
    try:
        seen = [first.stderr.readline() for _ in range(3)]  # three done: the run is under way
        assert all(line.startswith(b"copparse: ok") for line in seen), seen
        second = subprocess.run(
            [*COPPARSE, "convert", *map(str, paths), "-o", str(out)],
            capture_output=True, timeout=120, check=False,
        )  # fmt: skip
        err = second.stderr.decode()
        assert second.returncode == 1, err
        assert "another copparse convert is writing to this folder" in err
        assert "Traceback" not in err and err.count("\n") == 1
        with gate.open("w", encoding="utf-8") as f:  # let the first run finish
            f.write((FIXTURES / f"{SEED_ID}.txt").read_text("utf-8"))
        rest = first.stderr.read()
        assert first.wait(timeout=120) == 0, rest.decode()
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
        first.stderr.close()
    assert json.loads((out / SUMMARY_JSON).read_text("utf-8"))["ok"] == 11


def _small_disk(limit: int) -> None:
    # In the child: files cannot grow past ``limit`` bytes (EFBIG, as a full disk's ENOSPC),
    # and the signal that limit sends is ignored so the write fails instead of killing it.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_a_full_disk_ends_with_one_line_and_the_same_command_resumes(tmp_path: Path) -> None:
    paths = _inputs(tmp_path, 4)
    out = tmp_path / "out"
    cmd = [*COPPARSE, "convert", str(paths[0].parent), "-o", str(out), "--workers", "1", "-q"]
    # Big enough for the small records, too small for a report's JSON (tens of KB).
    full = subprocess.run(
        cmd, capture_output=True, timeout=300, check=False, preexec_fn=lambda: _small_disk(4096)
    )
    err = full.stderr.decode()
    assert full.returncode == 1, err
    assert (
        err.startswith(f"copparse: error: {out}: cannot write the output") and err.count("\n") == 1
    )
    assert "the same command resumes once there is room" in err
    assert "Traceback" not in err
    assert not list(out.glob("*.tmp")) and not list(out.glob(".*.tmp"))
    room = subprocess.run(cmd, capture_output=True, timeout=300, check=False)
    assert room.returncode == 0, room.stderr.decode()
    summary = json.loads((out / SUMMARY_JSON).read_text("utf-8"))
    assert summary["ok"] + summary["skipped"] == 4 and summary["failed"] == 0
    assert len([p for p in out.glob("*.json") if p.name != SUMMARY_JSON]) == 4
