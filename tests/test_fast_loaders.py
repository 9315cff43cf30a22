"""The PDF loaders' faster forms give exactly what the plain forms give.

PDFium's runs read the short way for the usual line (and a line's next text object guessed
before it is searched for), and the paragraph test's "ended early" skipped where the line
reached the margin anyway: each is held here against the form it replaced, on every PDF
fixture and on generated pages and lines.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import FIXTURES

CI = settings(
    derandomize=True,
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
PDF_FILES = FIXTURES / "files"


def _pdfium_text_pages(data: bytes, password: str | None = None) -> Iterator[tuple[Any, float]]:
    """Every page's text page and height, opened as the PDFium loader opens them."""
    import ctypes

    import pypdfium2 as pdfium

    from copparse.loaders import pdfium as loader

    calls = loader._calls()
    pdf = pdfium.PdfDocument(data, password=password)
    try:
        doc = ctypes.c_void_p(ctypes.cast(pdf.raw, ctypes.c_void_p).value)
        for index in range(len(pdf)):
            page = ctypes.c_void_p(calls.load_page(doc, index))
            textpage = ctypes.c_void_p(calls.load_textpage(page))
            try:
                yield textpage, calls.page_height(page)
            finally:
                calls.close_textpage(textpage)
                calls.close_page(page)
    finally:
        pdf.close()


def _spaced_and_hyphenated_pdf() -> bytes:
    """Lines with spaces and tabs at their ends, a hyphen at a line end, one-glyph lines."""
    import io

    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(400, 400), invariant=True)
    canvas.setFont("Helvetica", 11)
    y = 380
    for text in [
        "1 Introduction",
        "  led by spaces",
        "closed by spaces  ",
        "\ttabbed\t",
        "x",
        "a line broken at a hyphen protec-",
        "tion of children",
        "6.1",
        "The text",
    ]:
        canvas.drawString(20, y, text)
        y -= 14
    canvas.drawString(20, y, "two objects ")
    canvas.drawString(85, y, "on one line")
    canvas.save()
    return buffer.getvalue()


def test_pdfium_runs_read_the_short_way_are_those_read_the_general_way() -> None:
    import pypdfium2 as pdfium

    from copparse.loaders import pdfium as loader

    calls = loader._calls()
    sources: list[tuple[bytes, str | None]] = [
        (path.read_bytes(), None) for path in sorted(PDF_FILES.glob("*.pdf"))
    ]
    sources += [((PDF_FILES / "encrypted.pdf").read_bytes(), "secret")]
    sources += [(_spaced_and_hyphenated_pdf(), None)]
    sources += [(path.read_bytes(), None) for path in sorted(FIXTURES.glob("**/*.pdf"))]
    read = 0
    for data, password in sources:
        try:
            pdfium.PdfDocument(data, password=password).close()
        except pdfium.PdfiumError:  # encrypted without its password, or damaged
            continue
        read += 1
        for textpage, height in _pdfium_text_pages(data, password):
            if calls.count_chars(textpage) < 0:  # a damaged page: _runs refuses it either way
                continue
            assert loader._runs(textpage, height, calls) == loader._runs(
                textpage, height, calls, fast=False
            )
    assert read >= 10


line_floats = st.floats(allow_nan=True, allow_infinity=True, width=32) | st.sampled_from(
    [0.0, -0.0, 72.0, 500.0, 518.25, 520.0]
)
line_texts = st.text(alphabet="ab \t\u00a0.", max_size=12)


@CI
@given(line_floats, line_floats, line_texts, line_texts.map(str.strip), line_floats)
def test_a_line_ended_early_is_told_without_its_first_word_where_it_reached_the_margin(
    x0: float, x1: float, text: str, next_text: str, right: float
) -> None:
    from copparse.loaders import layout

    if not next_text:
        next_text = "a"
    prev = layout.Line(text, x0, x1, 0.0, 10.0, 11.0)
    assert layout._ended_early_by_reach(prev, next_text, right) == layout._ended_early(
        prev, next_text, right
    )
