"""Structural performance rules (speed itself is measured by benchmarks/run.py, not here)."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
import regex
import regex._main

import copparse
from tests.conftest import FIXTURE_IDS, FIXTURES

FILES = FIXTURES / "files"


def test_no_pattern_is_compiled_or_looked_up_per_call(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every pattern is compiled once, at import or lazily once: never per call."""
    texts = [(FIXTURES / f"{f}.txt").read_text("utf-8") for f in FIXTURE_IDS]
    for text in texts:  # warm-up: lazily compiled patterns and caches fill here
        copparse.parse_text(text)
    calls: list[str] = []
    real = vars(regex._main)["_compile"]  # private: the stubs do not declare it

    def counting(pattern: object, *args: Any, **kwargs: Any) -> Any:
        calls.append(str(pattern)[:60])
        return real(pattern, *args, **kwargs)

    monkeypatch.setattr(regex._main, "_compile", counting)
    for text in texts:
        copparse.parse_text(text)
    assert calls == []


@pytest.mark.parametrize(
    "module", ["pdfplumber", "pdfminer", "docx", "lxml", "pypdfium2", "pyarrow", "dask"]
)
def test_import_copparse_does_not_import_heavy_libraries(module: str) -> None:
    code = f"import sys, copparse; sys.exit(1 if any(m == {module!r} or m.startswith({module!r} + '.') for m in sys.modules) else 0)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_heavy_libraries_load_on_first_use() -> None:
    code = (
        "import sys, copparse; copparse.parse_file(sys.argv[1]);"
        " sys.exit(0 if 'pdfplumber' in sys.modules and 'docx' not in sys.modules else 1)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(FILES / "cwgcop15_16_2020_council.pdf")], check=False
    )
    assert done.returncode == 0
