"""A short structure-mutation fuzz over DOCX and PDF (the long run: fuzz/structure_fuzz.py).

Derandomised, so CI sees the same inputs every run: each must give a report or a
CopParseError, never another exception.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

import copparse
from copparse.loaders import PDF_BACKENDS, PdfBackend
from tests.mutations import mutated_docx, mutated_pdf

FUZZ = settings(derandomize=True, deadline=None, max_examples=30, database=None,
                suppress_health_check=list(HealthCheck))  # fmt: skip
LIMITS = copparse.Limits(max_seconds=20, max_pages=50)


def _parse(data: bytes, backend: PdfBackend = "pdfplumber") -> None:
    try:
        report = copparse.parse_bytes(data, limits=LIMITS, pdf_backend=backend)
    except copparse.CopParseError as exc:
        assert exc.message
        return
    report.model_dump_json()


@FUZZ
@given(mutated_docx())
def test_structure_mutated_docx_raises_only_copparse_errors(data: bytes) -> None:
    _parse(data)


@pytest.mark.parametrize("backend", PDF_BACKENDS)
@settings(FUZZ, max_examples=25)
@given(data=mutated_pdf())
def test_structure_mutated_pdf_raises_only_copparse_errors(
    backend: PdfBackend, data: bytes
) -> None:
    _parse(data, backend)
