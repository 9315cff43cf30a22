from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from copparse.cli import main
from tests.conftest import FIXTURES, SEED_ID

SEED = str(FIXTURES / f"{SEED_ID}.txt")


def test_parse_prints_the_report(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", SEED, "--indent", "0"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["meetings"][0]["number"] == 13
    assert out["text"].startswith("Summary")


def test_parse_without_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", SEED, "--no-text"]) == 0
    assert "text" not in json.loads(capsys.readouterr().out)


def test_parse_error_is_one_line_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "image.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(20))
    assert main(["parse", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("copparse: error: ") and "PNG" in err
    assert "Traceback" not in err


def test_bad_usage_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert main(["parse"]) == 2
    assert main(["parse", SEED, "--indent", "x"]) == 2
    assert main(["frobnicate"]) == 2


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("copparse 0.")


def test_schema_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "Report"


def test_python_dash_m_works_the_same() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "copparse", "parse", SEED, "--no-text"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["chair"]["name"] == "Eugenia Devincenzi"
    done = subprocess.run(
        [sys.executable, "-m", "copparse", "parse", "/nonexistent/report.txt"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 1 and "no such file" in done.stderr and "Traceback" not in done.stderr


def test_parse_an_encrypted_pdf_with_password(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(FIXTURES / "files" / "encrypted.pdf")
    assert main(["parse", path]) == 1
    assert "password" in capsys.readouterr().err
    assert main(["parse", path, "--password", "secret", "--no-text"]) == 0
    assert json.loads(capsys.readouterr().out)["source"]["format"] == "pdf"
