"""PDF bounds on both backends: inflated streams, form fan-out, the page tree, the clock, and
pdfminer's warnings. Each input is built small by tests/hostile.py."""

from __future__ import annotations

import pytest

import copparse
from copparse.loaders import PDF_BACKENDS, PdfBackend
from tests import hostile as h

SMALL = copparse.Limits(max_unpacked_bytes=8 << 20)


_WORDS = ("Opening", "Agenda", "Contributions", "Outcomes", "Closing", "Dates", "Chair")


def _pages(i: int) -> bytes:
    # Pages that differ in their words, so none is taken for a running header and removed.
    if i == 0:
        return h.text_content()
    return h.text_content((f"{i + 1} {_WORDS[i % 7]} {_WORDS[(i // 7) % 7]} page {i}",))


@pytest.mark.parametrize("backend", PDF_BACKENDS)
def test_regression_inflated_stream_size_was_unbounded(backend: PdfBackend) -> None:
    # 40 KB that inflates to 48 MB; the 1 MB file of the report inflated to 2.1 GB.
    data = h.stream_bomb_pdf(48 << 20)
    assert len(data) < 100_000
    with pytest.raises(copparse.ArchiveBombError, match="inflate to more than 8,388,608"):
        copparse.parse_bytes(data, limits=SMALL, pdf_backend=backend)


def test_regression_the_stream_scan_fed_a_mebibyte_per_stream(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Counted work: bytes given to the inflater. Each stream was fed a 1 MiB slice, copied
    # and then copied again as the data after the stream's end: a file of 300,000 one-line
    # pages took 87 s to scan before its page count was looked at.
    import zlib

    from copparse.loaders import pdfbounds

    fed = 0
    original = zlib.decompressobj

    class Counting:
        def __init__(self) -> None:
            self._inflater = original()

        def decompress(self, chunk: bytes, limit: int) -> bytes:
            nonlocal fed
            fed += len(chunk)
            return self._inflater.decompress(chunk, limit)

        @property
        def eof(self) -> bool:
            return self._inflater.eof

        @property
        def unconsumed_tail(self) -> bytes:
            return self._inflater.unconsumed_tail

    monkeypatch.setattr(zlib, "decompressobj", Counting)
    data = h.text_pdf(2_000, content=lambda i: b"BT /F1 11 Tf 72 760 Td (%d) Tj ET" % i)
    scan = pdfbounds.scan_pdf(data, copparse.Limits(), None)
    assert scan.page_objects == 2_000
    assert fed <= 2 * len(data) + 2_001 * 4096


@pytest.mark.parametrize("backend", PDF_BACKENDS)
def test_a_stream_under_the_inflation_limit_is_read(backend: PdfBackend) -> None:
    report = copparse.parse_bytes(h.stream_bomb_pdf(4 << 20), limits=SMALL, pdf_backend=backend)
    assert report.meetings[0].number == 13


@pytest.mark.parametrize("backend", PDF_BACKENDS)
def test_regression_form_xobject_fan_out_ran_past_max_seconds_and_aborted_pdfium(
    backend: PdfBackend,
) -> None:
    # 3 KB asking for 10**8 drawings: pdfplumber ran for hours, PDFium grew to 8 GB and aborted.
    data = h.fan_out_pdf(width=10, depth=8)
    assert len(data) < 5_000
    with pytest.raises(copparse.LimitExceededError, match="draws form XObjects more than"):
        copparse.parse_bytes(data, pdf_backend=backend)


@pytest.mark.parametrize("backend", PDF_BACKENDS)
def test_a_modest_form_fan_out_is_read(backend: PdfBackend) -> None:
    report = copparse.parse_bytes(h.fan_out_pdf(width=3, depth=3), pdf_backend=backend)
    assert report.meetings[0].number == 13


def test_regression_pdfium_trusted_the_page_count() -> None:
    # Five pages under a /Count of 3: PDFium read three, silently.
    data = h.text_pdf(5, count=3, content=_pages)
    plumber = copparse.parse_bytes(data)
    pdfium = copparse.parse_bytes(data, pdf_backend="pdfium")
    assert plumber.source.pages == pdfium.source.pages == 5
    assert "5 Closing Opening page 4" in pdfium.text
    codes = {d.code: d.message for d in pdfium.diagnostics}
    assert "says it has 3 page(s) but its page tree holds 5" in codes["pdf-page-count-mismatch"]


@pytest.mark.parametrize("backend", PDF_BACKENDS)
def test_regression_a_page_count_under_the_truth_cannot_pass_max_pages(
    backend: PdfBackend,
) -> None:
    data = h.text_pdf(12, count=2, content=_pages)
    with pytest.raises(copparse.TooManyPagesError):
        copparse.parse_bytes(data, limits=copparse.Limits(max_pages=10), pdf_backend=backend)


def test_regression_pdfplumber_built_every_page_before_checking_max_pages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Counted work: how many pdfminer pages are built before TooManyPagesError.
    from pdfminer.pdfpage import PDFPage

    built = 0
    original = PDFPage.__init__

    def counting(self: PDFPage, *args: object, **kwargs: object) -> None:
        nonlocal built
        built += 1
        original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(PDFPage, "__init__", counting)
    data = h.text_pdf(300, content=_pages)
    with pytest.raises(copparse.TooManyPagesError, match="at least 11 pages"):
        copparse.parse_bytes(data, limits=copparse.Limits(max_pages=10), pdf_backend="pdfplumber")
    assert built <= 11


def test_regression_max_seconds_was_checked_only_between_pages() -> None:
    # One page of 200,000 operators: the clock is now read inside the page.
    ops = b"\n".join([b"1 0 0 1 0 0 cm"] * 200_000)
    data = h.text_pdf(content=lambda i: h.text_content() + b"\n" + ops)
    with pytest.raises(copparse.TimeLimitError, match="inside page 1 of 1") as info:
        copparse.parse_bytes(
            data, limits=copparse.Limits(max_seconds=1e-9), pdf_backend="pdfplumber"
        )
    assert "_layout" in {entry.name for entry in info.traceback}


def test_regression_pdfminer_warnings_went_to_stderr_not_to_diagnostics(
    capsys: pytest.CaptureFixture[str],
) -> None:
    bad = h.text_pdf(content=lambda i: h.text_content() + b"\nBT /F1 11 Tf [ /Foo (a) ] TJ ET")
    report = copparse.parse_bytes(bad, pdf_backend="pdfplumber")
    assert capsys.readouterr().err == ""
    said = [d for d in report.diagnostics if d.code == "pdf-reader-warnings"]
    assert said and "Cannot render horizontal string" in said[0].message
    assert said[0].severity is copparse.Severity.WARNING
