"""Structural performance rules (speed itself is measured by benchmarks/run.py, not here)."""

from __future__ import annotations

import ast
import importlib
import io
import subprocess
import sys
import zipfile
from typing import Any

import pytest
import regex
import regex._main

import copparse
import copparse.loaders
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
    """A PDF under the default backend loads PDFium only: neither pdfplumber nor pdfminer."""
    code = (
        "import sys, copparse; copparse.parse_file(sys.argv[1]);"
        " sys.exit(0 if 'pypdfium2' in sys.modules and not {'pdfplumber', 'pdfminer', 'docx'}"
        " & set(sys.modules) else 1)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(FILES / "cwgcop15_16_2020_council.pdf")], check=False
    )
    assert done.returncode == 0


def test_docx_parts_the_body_does_not_need_are_not_parsed() -> None:
    """No used style: styles.xml is never read; nothing numbered: numbering.xml is not parsed.
    (Both are damaged here, so reading either would fail.)"""
    import docx

    document = docx.Document()
    document.add_paragraph("1 Introduction")
    document.add_paragraph("1.1 The fourth meeting of CWG-COP was held in Geneva.")
    buffer = io.BytesIO()
    document.save(buffer)
    src, damaged = zipfile.ZipFile(buffer), io.BytesIO()
    with zipfile.ZipFile(damaged, "w") as out:
        for info in src.infolist():
            broken = info.filename in ("word/styles.xml", "word/numbering.xml")
            out.writestr(info.filename, b"<w:styles><unclosed>" if broken else src.read(info))
    text = copparse.loaders.load_bytes(damaged.getvalue()).text
    assert text == "1 Introduction\n1.1 The fourth meeting of CWG-COP was held in Geneva."


def test_copparse_parse_imports_only_what_parsing_needs() -> None:
    """Shell loops start `copparse parse` once per file: batch, tables, schema and review stay
    unloaded (together ~15 ms of every start)."""
    code = (
        "import contextlib, io, sys\n"
        "from copparse.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    rc = main(['parse', sys.argv[1]])\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'copparse')\n"
        "print(loaded, rc, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(FIXTURES / "000_84bfac458156e755.txt")],
        capture_output=True,
        text=True,
        check=False,
    )
    loaded, rc = done.stderr.rsplit(" ", 1)
    assert rc.strip() == "0", done.stderr
    assert "copparse.pipeline" in loaded
    for module in ("copparse.batch", "copparse.tabular", "copparse.schema", "copparse.review"):
        assert f"'{module}'" not in loaded


def test_the_benchmark_reaches_copparse_only_through_public_names() -> None:
    """benchmarks/run.py is not run by the suite; had it reached into an extractor's private
    patterns, every refactor of extract/ would break it unseen. Every name it imports from
    copparse is in its module's ``__all__``, and it reads no private attribute."""
    source = (FIXTURES.parent.parent / "benchmarks" / "run.py").read_text("utf-8")
    imported: list[str] = []
    private: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "copparse":
            module = importlib.import_module(node.module or "")
            for alias in node.names:
                imported.append(f"{node.module}.{alias.name}")
                if alias.name not in getattr(module, "__all__", ()):
                    private.append(f"from {node.module} import {alias.name}")
        elif isinstance(node, ast.Attribute) and regex.match(r"_(?!_\w*__$)", node.attr):
            private.append(f".{node.attr} (line {node.lineno})")
    assert private == []
    assert "copparse.rules.all_rules" in imported
