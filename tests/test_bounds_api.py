"""API-level bounds: text length, file names that are not UTF-8, the CLI and convert on them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import copparse
from copparse.api import printable_path
from tests.conftest import FIXTURES, SEED_ID

SEED = FIXTURES / f"{SEED_ID}.txt"
LATIN1_NAME = os.fsdecode(b"caf\xe9 report.txt")  # a Latin-1 name: not UTF-8


def test_regression_parse_text_had_no_limit_at_all() -> None:
    text = SEED.read_text("utf-8")
    with pytest.raises(copparse.InputTooLargeError, match=r"Limits\.max_chars"):
        copparse.parse_text(text, limits=copparse.Limits(max_chars=1000))
    assert copparse.parse_text(text, limits=copparse.Limits(max_chars=len(text))).meetings


def test_the_text_a_file_gives_is_bounded_too() -> None:
    with pytest.raises(copparse.InputTooLargeError, match="characters"):
        copparse.parse_file(
            FIXTURES / "files" / f"{SEED_ID}.pdf", limits=copparse.Limits(max_chars=500)
        )


def test_the_default_character_limit_is_far_above_a_real_report() -> None:
    assert copparse.Limits().max_chars >= 20 * len(SEED.read_text("utf-8"))


@pytest.mark.parametrize(("path", "shown"), [
    (os.fsdecode(b"caf\xe9.txt"), "caf\\xe9.txt"),
    (os.fsdecode(b"dir/\xff\xfe.pdf"), "dir/\\xff\\xfe.pdf"),
    ("caf\u00e9.txt", "caf\u00e9.txt"),
    ("lone \ud800 surrogate", "lone \\ud800 surrogate"),
])  # fmt: skip
def test_printable_path(path: str, shown: str) -> None:
    assert printable_path(path) == shown
    shown.encode("utf-8")


@pytest.fixture
def latin1_file(tmp_path: Path) -> Path:
    target = tmp_path / LATIN1_NAME
    shutil.copy(SEED, target)
    return target


def test_regression_non_utf8_file_name_made_model_dump_json_raise(latin1_file: Path) -> None:
    report = copparse.parse_file(latin1_file)
    assert report.source.path is not None and report.source.path.endswith("caf\\xe9 report.txt")
    assert json.loads(report.model_dump_json())["source"]["path"] == report.source.path


def test_a_non_utf8_file_name_in_an_error_is_printable(tmp_path: Path) -> None:
    empty = tmp_path / LATIN1_NAME
    empty.write_bytes(b"")
    with pytest.raises(copparse.EmptyInputError) as info:
        copparse.parse_file(empty)
    assert info.value.source is not None
    str(info.value).encode("utf-8")


def test_regression_copparse_parse_crashed_on_a_non_utf8_file_name(latin1_file: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "copparse", "parse", os.fsencode(latin1_file), "--no-text"],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    assert json.loads(done.stdout)["source"]["path"].endswith("caf\\xe9 report.txt")


def test_regression_convert_died_on_a_non_utf8_file_name(latin1_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    for _ in range(2):  # and the re-run too
        summary = copparse.convert([latin1_file.parent], out, workers=1)
        assert summary.failed == 0
    assert json.loads((out / "summary.json").read_text("utf-8"))["total"] == 1
