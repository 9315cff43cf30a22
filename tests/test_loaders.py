"""PDF and DOCX files give the same report as the text they were made from."""

from __future__ import annotations

import functools
import json
import shutil
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

import copparse
import copparse.loaders
from copparse.accuracy import strip_provenance
from copparse.cli import main
from copparse.loaders import PdfBackend
from tests.conftest import FIXTURES, SEED_ID, parsed
from tests.relayout import collapse, facts

FILES = FIXTURES / "files"
LOADER_NOTES = ("pdf-furniture-removed", "docx-pages-estimated")

# (report, file): every field of the JSON contract must match the text's report, except:
# - source, spans, pages and text (they describe the file, not the report);
# - the loaders' own info notes (LOADER_NOTES), which say what they removed or estimated;
# - for ".tables.docx" only: the paragraphs that came from table rows (cells are joined by
#   tabs, the typed list had "CODE: Contribution from X: Title"), and the cover block, whose
#   two-column rows become one line each. Their contributions and document fields still match.
VARIANTS = [
    (SEED_ID, f"{SEED_ID}.pdf"),
    (SEED_ID, f"{SEED_ID}.lo.pdf"),
    (SEED_ID, f"{SEED_ID}.typed.docx"),
    (SEED_ID, f"{SEED_ID}.autonum.docx"),
    (SEED_ID, f"{SEED_ID}.tables.docx"),
    ("cwgcop15_16_2020_council", "cwgcop15_16_2020_council.pdf"),
    ("cwgcop15_16_2020_council", "cwgcop15_16_2020_council.typed.docx"),
    ("cwgcop15_16_2020_council", "cwgcop15_16_2020_council.autonum.docx"),
    ("cwgcop15_16_2020_council", "cwgcop15_16_2020_council.tables.docx"),
    ("wgcp01_2010_outcome", "wgcp01_2010_outcome.typed.docx"),
    ("wgcp01_2010_outcome", "wgcp01_2010_outcome.autonum.docx"),
    ("cwgcop14_2017_vicechair", "cwgcop14_2017_vicechair.glued.pdf"),
    # Word's Symbol and Wingdings list bullets, laid out by LibreOffice: the PDF's text holds
    # them as Private Use Area code points (U+F0B7, U+F0A7, ...), and a page break in the list.
    ("cwgcop27_2028_symbolfont", "cwgcop27_2028_symbolfont.symbol.lo.pdf"),
]


@functools.cache
def parsed_file(name: str, backend: PdfBackend = "pdfium") -> copparse.Report:
    return copparse.parse_file(FILES / name, pdf_backend=backend)


def contract(report: copparse.Report, *, tables: bool) -> dict[str, Any]:
    data = strip_provenance(report.model_dump(mode="json"))
    data["diagnostics"] = [d for d in data["diagnostics"] if d["code"] not in LOADER_NOTES]
    if tables:
        del data["sections"]
    return data


# PDF variants under both backends: pdfplumber is a first-class choice, tested equally.
BACKEND_VARIANTS = [
    (report_id, name, backend)
    for report_id, name in VARIANTS
    for backend in (("pdfium", "pdfplumber") if name.endswith(".pdf") else ("pdfium",))
]


@pytest.mark.parametrize(
    ("report_id", "name", "backend"),
    BACKEND_VARIANTS,
    ids=[f"{n}-{b}" if n.endswith(".pdf") else n for _, n, b in BACKEND_VARIANTS],
)
def test_file_gives_the_same_report_as_the_text(
    report_id: str, name: str, backend: PdfBackend
) -> None:
    tables = name.endswith(".tables.docx")
    report = parsed_file(name, backend)
    assert contract(report, tables=tables) == contract(parsed(report_id), tables=tables)


@pytest.mark.parametrize("name", [n for _, n in VARIANTS if n.endswith(".tables.docx")])
def test_table_rows_are_list_items(name: str) -> None:
    report = parsed_file(name)
    items = [p for s in report.sections for p in s.paragraphs if p.kind == "list_item"]
    assert len(items) == len([c for c in report.contributions if c.listed]) >= 7
    assert all("\t" in p.text for p in items)


@pytest.mark.parametrize(
    ("name", "fmt", "pages"),
    [(f"{SEED_ID}.pdf", "pdf", 3), (f"{SEED_ID}.lo.pdf", "pdf", 4),
     (f"{SEED_ID}.typed.docx", "docx", 2), (f"{SEED_ID}.autonum.docx", "docx", None)],
)  # fmt: skip
def test_source_says_what_was_read(name: str, fmt: str, pages: int | None) -> None:
    source = parsed_file(name).source
    assert (source.format.value, source.pages) == (fmt, pages)
    assert source.sha256 == __import__("hashlib").sha256((FILES / name).read_bytes()).hexdigest()


@pytest.mark.parametrize(
    "name", [f"{SEED_ID}.pdf", "cwgcop15_16_2020_council.pdf", "cwgcop29_2029_pdfcopy.pdf"]
)
def test_every_paragraph_has_the_page_it_is_printed_on(name: str) -> None:
    printed = [tuple(x) for x in json.loads((FILES / f"{name}.pages.json").read_text("utf-8"))]
    report = parsed_file(name)
    checked = 0
    for section in report.sections:
        for p in section.paragraphs:
            text = " ".join(p.text.split())
            pages = {page for prefix, page in printed if text.startswith(" ".join(prefix.split()))}
            assert len(pages) == 1, p.text[:40]
            assert p.page == p.span.page == pages.pop(), p.text[:40]
            checked += 1
    assert checked >= 20
    assert {p.page for s in report.sections for p in s.paragraphs} == set(
        range(1, report.source.pages + 1)  # type: ignore[operator]
    )


def test_pages_of_a_pdf_from_another_producer() -> None:
    # The truth here is pdfplumber's own text of each page.
    name = f"{SEED_ID}.lo.pdf"
    with pdfplumber.open(FILES / name) as pdf:
        page_texts = [" ".join((page.extract_text() or "").split()) for page in pdf.pages]
    report = parsed_file(name)
    for section in report.sections:
        for p in section.paragraphs:
            head = " ".join(p.text.split())[:30]
            where = [i + 1 for i, t in enumerate(page_texts) if head in t]
            assert p.page == where[0], head


def test_docx_pages_come_from_explicit_breaks_or_are_null() -> None:
    typed = parsed_file(f"{SEED_ID}.typed.docx")
    for s in typed.sections:
        expected = 2 if s.number is not None and int(s.number) >= 4 else 1
        assert {p.page for p in s.paragraphs} <= {expected}, s.number
    auto = parsed_file(f"{SEED_ID}.autonum.docx")
    assert {p.page for s in auto.sections for p in s.paragraphs} == {None}
    assert "docx-pages-estimated" in [d.code for d in typed.diagnostics]


def test_glued_pdf_really_is_glued_under_pdfplumbers_default() -> None:
    with pdfplumber.open(FILES / "cwgcop14_2017_vicechair.glued.pdf") as pdf:
        default = pdf.pages[0].extract_text()
    assert "ThefourteenthmeetingoftheCouncil" in default
    assert (
        "The fourteenth meeting of the Council"
        in parsed_file("cwgcop14_2017_vicechair.glued.pdf").text
    )


def test_running_headers_and_page_numbers_are_gone() -> None:
    report = parsed_file(f"{SEED_ID}.pdf")
    assert "ITU - CWG-COP meeting report" not in report.text
    assert "- 2 -" not in report.text
    note = next(d for d in report.diagnostics if d.code == "pdf-furniture-removed")
    assert note.message.startswith("removed 6 ")


def test_format_is_told_from_the_bytes(tmp_path: Path) -> None:
    pdf = tmp_path / "report.txt"
    shutil.copy(FILES / f"{SEED_ID}.pdf", pdf)
    doc = tmp_path / "report"
    shutil.copy(FILES / f"{SEED_ID}.autonum.docx", doc)
    assert copparse.parse_file(pdf).source.format == copparse.SourceFormat.PDF
    assert copparse.parse_file(doc).source.format == copparse.SourceFormat.DOCX


def test_cli_prints_the_same_report_for_pdf_docx_and_text(
    capsys: pytest.CaptureFixture[str],
) -> None:
    outputs = []
    for path in (
        FIXTURES / f"{SEED_ID}.txt",
        FILES / f"{SEED_ID}.pdf",
        FILES / f"{SEED_ID}.autonum.docx",
    ):
        assert main(["parse", str(path), "--no-text"]) == 0
        data = json.loads(capsys.readouterr().out)
        outputs.append(contract(copparse.Report.model_validate({**data, "text": ""}), tables=False))
    assert outputs[0] == outputs[1] == outputs[2]


# --- errors ---------------------------------------------------------------------------------


def test_truncated_pdf(tmp_path: Path) -> None:
    data = (FILES / f"{SEED_ID}.pdf").read_bytes()
    with pytest.raises(copparse.CorruptFileError, match="damaged or truncated"):
        copparse.parse_bytes(data[: len(data) // 2], filename="half.pdf")


def test_random_bytes_behind_a_pdf_or_zip_header() -> None:
    noise = bytes((i * 7919) % 256 for i in range(4000))
    with pytest.raises(copparse.CorruptFileError):
        copparse.parse_bytes(b"%PDF-1.4\n" + noise)
    with pytest.raises(copparse.CorruptFileError):
        copparse.parse_bytes(b"PK\x03\x04" + noise)


def test_encrypted_pdf() -> None:
    path = FILES / "encrypted.pdf"
    with pytest.raises(copparse.EncryptedFileError, match="password="):
        copparse.parse_file(path)
    with pytest.raises(copparse.EncryptedFileError, match="wrong"):
        copparse.parse_file(path, password="guess")
    report = copparse.parse_file(path, password="secret")
    assert report.meetings[0].number == 13 and report.chair is not None


def test_scanned_pdf_needs_ocr() -> None:
    with pytest.raises(copparse.NoTextLayerError, match="OCR"):
        copparse.parse_file(FILES / "scanned.pdf")


def test_zip_bomb_docx() -> None:
    path = FILES / "bomb.docx"
    assert path.stat().st_size < 64 * 1024
    with pytest.raises(copparse.ArchiveBombError, match="inflates"):
        copparse.parse_file(path)
    with pytest.raises(copparse.ArchiveBombError, match=r"Limits\.max_unpacked_bytes"):
        copparse.parse_file(
            FILES / f"{SEED_ID}.typed.docx", limits=copparse.Limits(max_unpacked_bytes=10_000)
        )


def test_docx_with_entity_declarations_is_refused() -> None:
    with pytest.raises(copparse.UnsafeFileError, match="entities"):
        copparse.parse_file(FILES / "entities.docx")


def test_a_zip_that_is_not_a_word_document(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "book.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(copparse.UnsupportedFormatError, match="Excel"):
        copparse.parse_file(path)


def test_limits() -> None:
    pdf = FILES / f"{SEED_ID}.pdf"
    with pytest.raises(copparse.InputTooLargeError, match="max_bytes"):
        copparse.parse_file(pdf, limits=copparse.Limits(max_bytes=1000))
    with pytest.raises(copparse.InputTooLargeError):
        copparse.parse_bytes(pdf.read_bytes(), limits=copparse.Limits(max_bytes=1000))
    with pytest.raises(copparse.TooManyPagesError, match="3 pages"):
        copparse.parse_file(pdf, limits=copparse.Limits(max_pages=2))
    with pytest.raises(copparse.TimeLimitError, match="max_seconds"):
        copparse.parse_file(pdf, limits=copparse.Limits(max_seconds=1e-9))
    with pytest.raises(copparse.TimeLimitError):
        copparse.parse_file(
            FILES / f"{SEED_ID}.typed.docx", limits=copparse.Limits(max_seconds=1e-9)
        )
    with pytest.raises(ValueError, match="positive"):
        copparse.Limits(max_pages=0)
    assert all(issubclass(e, copparse.LimitExceededError) for e in (
        copparse.InputTooLargeError, copparse.TooManyPagesError, copparse.TimeLimitError,
        copparse.ArchiveBombError))  # fmt: skip


# --- the PDFium backend -----------------------------------------------------------------------

# Every PDF fixture, those built for the layouts where the backends once differed included
# (tests/fixtures/build.py: .quirks.pdf, .lo.pdf).
PDFS = sorted(p.name for p in FILES.glob("*.pdf"))
PASSWORDS = {"encrypted.pdf": "secret"}


def _report_or_error(name: str, backend: PdfBackend) -> copparse.Report | str:
    try:
        return copparse.parse_file(FILES / name, password=PASSWORDS.get(name), pdf_backend=backend)
    except copparse.CopParseError as exc:
        return type(exc).__name__


@pytest.mark.parametrize("name", PDFS)
def test_both_pdf_backends_give_the_same_report(name: str) -> None:
    """The same report from pdfplumber and PDFium: every field, every span and page, the text
    itself; or the same kind of error."""
    a, b = _report_or_error(name, "pdfplumber"), _report_or_error(name, "pdfium")
    if isinstance(a, str) or isinstance(b, str):
        assert a == b
        return
    assert b.model_dump(exclude={"source"}) == a.model_dump(exclude={"source"})
    pages = [(p.ref, p.page) for s in a.sections for p in s.paragraphs]
    assert pages == [(p.ref, p.page) for s in b.sections for p in s.paragraphs]
    assert a.source.pages == b.source.pages


def test_the_pdf_fixtures_cover_the_layouts_where_the_backends_differed() -> None:
    """Each layout is in a fixture, and reads as a person reads it."""
    assert {f"{SEED_ID}.lo.pdf", "cwgcop14_2017_vicechair.lo.pdf", "wgcp01_2010_outcome.lo.pdf",
            "cwgcop14_2017_vicechair.quirks.pdf", "wgcp01_2010_outcome.quirks.pdf"} <= set(PDFS)  # fmt: skip
    # A number, its trailing space, and its text at a tab stop 1.6 em on: a tab.
    quirks = parsed_file("wgcp01_2010_outcome.quirks.pdf").text
    assert "\n1.1\tThe first meeting" in quirks
    # Headings drawn one glyph per text object read as words.
    assert "\n1\tIntroduction\n" in quirks
    # A tab stop just after "GSMA" (LibreOffice) or just after each cell (quirks).
    assert "GSMA Mobile industry" in parsed_file("cwgcop14_2017_vicechair.lo.pdf").text
    assert "GSMA Mobile industry" in parsed_file("cwgcop14_2017_vicechair.quirks.pdf").text
    # The resolution quoted with its own numbers: its lines follow paragraph 1.2, as in the
    # text, and none of its numbers is read as the report's.
    quoted = [
        (p.ref, p.text[:14])
        for p in parsed_file("wgcp01_2010_outcome.lo.pdf").sections[1].paragraphs
    ]
    assert quoted == [
        (p.ref, p.text[:14]) for p in parsed("wgcp01_2010_outcome").sections[1].paragraphs
    ]
    assert ("1.2+2", "1.1 to exchang") in quoted


def _one_line_of_runs(n: int) -> bytes:
    """A page whose second line is ``n`` text objects of one glyph each."""
    import io

    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(n * 7 + 100, 300), invariant=True)
    canvas.setFont("Helvetica", 11)
    canvas.drawString(20, 250, "1 Introduction")
    x = 20.0
    for ch in ("1.1 The first meeting of the CWG-COP was held in Geneva. " * (n // 50 + 1))[:n]:
        canvas.drawString(x, 200, ch)
        x += stringWidth(ch, "Helvetica", 11)
    canvas.save()
    return buffer.getvalue()


def test_pdfium_run_splitting_is_linear_in_the_runs_of_a_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One line of thousands of text objects (once > 93 s for 4,000): PDFium is asked a bounded
    number of questions per run, and the words come out as pdfplumber reads them."""
    from copparse.loaders import pdfium

    calls = {"count_rects": 0, "chars_counted": 0}
    bound = pdfium._calls()

    def counting(textpage: Any, start: int, count: int) -> int:
        calls["count_rects"] += 1
        calls["chars_counted"] += count
        return int(bound.count_rects(textpage, start, count))

    monkeypatch.setattr(pdfium, "_calls", lambda: bound._replace(count_rects=counting))
    seen = []
    for n in (500, 2000):
        calls.update(count_rects=0, chars_counted=0)
        text = copparse.loaders.load_bytes(_one_line_of_runs(n), pdf_backend="pdfium").text
        assert text.startswith("1 Introduction\n1.1 The first meeting of the CWG-COP was held")
        seen.append(dict(calls))
    small, large = seen
    assert large["count_rects"] <= 3 * 2000
    assert large["count_rects"] / small["count_rects"] <= 4 * 1.1
    assert large["chars_counted"] / small["chars_counted"] <= 4 * 1.3
    monkeypatch.undo()
    data = _one_line_of_runs(500)
    assert (copparse.loaders.load_bytes(data, pdf_backend="pdfium").text
            == copparse.loaders.load_bytes(data, pdf_backend="pdfplumber").text)  # fmt: skip


def test_pdfium_errors_match_pdfplumbers() -> None:
    with pytest.raises(copparse.EncryptedFileError, match="password="):
        copparse.parse_file(FILES / "encrypted.pdf", pdf_backend="pdfium")
    with pytest.raises(copparse.EncryptedFileError, match="wrong"):
        copparse.parse_file(FILES / "encrypted.pdf", password="guess", pdf_backend="pdfium")
    assert copparse.parse_file(
        FILES / "encrypted.pdf", password="secret", pdf_backend="pdfium"
    ).chair
    with pytest.raises(copparse.NoTextLayerError):
        copparse.parse_file(FILES / "scanned.pdf", pdf_backend="pdfium")
    data = (FILES / f"{SEED_ID}.pdf").read_bytes()
    with pytest.raises(copparse.CorruptFileError):
        copparse.parse_bytes(data[: len(data) // 2], pdf_backend="pdfium")
    with pytest.raises(copparse.CorruptFileError):
        copparse.parse_file(FILES / "regression-pdf-close-raises.pdf", pdf_backend="pdfium")
    with pytest.raises(copparse.TooManyPagesError):
        copparse.parse_file(
            FILES / f"{SEED_ID}.pdf", pdf_backend="pdfium", limits=copparse.Limits(max_pages=2)
        )
    with pytest.raises(ValueError, match="pdf_backend"):
        copparse.parse_bytes(data, pdf_backend="mupdf")  # type: ignore[arg-type]


def test_pdfium_is_safe_from_threads() -> None:
    import concurrent.futures as cf

    with cf.ThreadPoolExecutor(4) as pool:
        reports = list(
            pool.map(
                lambda _: copparse.parse_file(FILES / f"{SEED_ID}.pdf", pdf_backend="pdfium"),
                range(8),
            )
        )
    assert len({r.model_dump_json() for r in reports}) == 1


def test_cli_pdf_backend(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = str(FILES / f"{SEED_ID}.pdf")
    assert main(["parse", path, "--pdf-backend", "pdfium", "--no-text"]) == 0
    assert json.loads(capsys.readouterr().out)["meetings"][0]["number"] == 13
    assert main(["parse", path, "--pdf-backend", "mupdf"]) == 2
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(path, src)
    assert (
        main(
            [
                "convert",
                str(src),
                "-o",
                str(tmp_path / "out"),
                "--pdf-backend",
                "pdfium",
                "--quiet",
                "--workers",
                "1",
            ]
        )
        == 0
    )


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b'{"schema_name": "copparse.report", "text": "CWG-COP ... OUTCOME OF THE 13th MEETING"}',
         "JSON"),
        (b"\xef\xbb\xbf[1, 2]", "JSON"),
        (b"report_id,ref,text\nr1,1.1,OUTCOME OF THE THIRTEENTH MEETING of CWG-COP\nr1,1.2,x\n",
         "data table"),
        (b"code\tsubmitter\ttitle\nWG-CP/13/2\tRUSSIA\tSafer\nWG-CP/13/3\tONAT\tx\n", "data table"),
    ],
)  # fmt: skip
def test_data_files_are_named_not_parsed(data: bytes, what: str) -> None:
    with pytest.raises(copparse.UnsupportedFormatError, match=what):
        copparse.parse_bytes(data, filename="x")


@pytest.mark.parametrize(
    "text",
    [
        "{Draft} Council 2016\nOUTCOME OF THE 13th MEETING",
        "Council 2016, Geneva, 25 May\nDocument C16/6-E\n",
        "Council, Working Group, COP\nnot a table\n",
    ],
)
def test_reports_that_look_a_little_like_data_are_still_text(text: str) -> None:
    from copparse.loaders import detect_format

    assert detect_format(text.encode()) == "text"


@pytest.mark.parametrize("backend", ["pdfium", "pdfplumber"])
def test_a_running_header_on_page_2_of_two_is_left_out(backend: PdfBackend) -> None:
    # cwgcop29's PDF prints its running header from page 2 on: on one page of two, so it is
    # no repeat; its shape makes it furniture. Its text report holds the header twice (pages
    # 2 and 3 of the copy), and ligatures: the diagnostics differ, the facts do not.
    report = parsed_file("cwgcop29_2029_pdfcopy.pdf", backend)
    text = parsed("cwgcop29_2029_pdfcopy")
    assert report.source.pages == 2
    assert "Outcome report" not in report.text
    assert facts(report) == facts(text)

    def paragraphs(rep: copparse.Report) -> list[tuple[str, str]]:
        return [(p.ref, collapse(p.text)) for s in rep.sections for p in s.paragraphs]

    assert paragraphs(report) == paragraphs(text)
