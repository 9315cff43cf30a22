"""The review and overview pages: unit tests of the HTML, and a headless-Chromium test."""

from __future__ import annotations

import os
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

import copparse
from copparse.batch import archive_checks
from copparse.cli import main
from copparse.review import _spans, highlights, render_overview, render_review
from tests.conftest import FIXTURE_IDS, FIXTURES, SEED_ID, parsed

FILES = FIXTURES / "files"


class _Page(HTMLParser):
    """The text of <pre class="report"> and each <mark>'s id, attributes and text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_pre = False
        self.text: list[str] = []
        self.open: list[str] = []
        self.marks: dict[str, dict[str, str]] = {}
        self.mark_text: dict[str, list[str]] = {}
        self.page_breaks: list[tuple[int, str]] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "script":
            self.scripts += 1
        if tag == "pre" and a.get("class") == "report":
            self.in_pre = True
        elif self.in_pre and tag == "mark":
            self.marks[a["id"]] = a
            self.mark_text[a["id"]] = []
            self.open.append(a["id"])
        elif self.in_pre and tag == "span" and a.get("class") == "page-break":
            self.page_breaks.append((len("".join(self.text)), a["data-page"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self.in_pre = False
        elif self.in_pre and tag == "mark":
            self.open.pop()

    def handle_data(self, data: str) -> None:
        if self.in_pre:
            self.text.append(data)
            for mark_id in self.open:
                self.mark_text[mark_id].append(data)


def read(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


@pytest.mark.parametrize("fixture_id", FIXTURE_IDS)
def test_every_span_is_exactly_one_highlight_and_the_text_is_unchanged(fixture_id: str) -> None:
    report = parsed(fixture_id)
    page = read(render_review(report))
    assert "".join(page.text) == report.text
    ranges = {(s.start, s.end) for _, s, _, _ in _spans(report) if s.end > s.start}
    marks = highlights(report)
    assert len(page.marks) == len(marks) == len(ranges)
    for i, h in enumerate(marks):
        attrs = page.marks[f"h{i}"]
        assert all(path in attrs["data-path"] for path, _ in h.fields)
        shown = "".join(page.mark_text[f"h{i}"])
        assert report.text[h.start : h.end].startswith(shown) and shown, (fixture_id, h)
        assert attrs["tabindex"] == "0" and attrs["aria-label"]


def test_html_in_the_report_stays_inert() -> None:
    text = ('OUTCOME OF THE 13th MEETING\n1 Introduction\n1.1 The 13th meeting of the CWG-COP was held on 2 May 2017 in'
            ' Geneva. <script>alert("x")</script> & <b onmouseover="x()">bold</b>')  # fmt: skip
    report = copparse.parse_text(text)
    html = render_review(report)
    page = read(html)
    assert page.scripts == 1  # ours only
    assert "<script>alert" not in html and "<b onmouseover" not in html
    assert "".join(page.text) == report.text


def test_page_breaks_of_a_pdf() -> None:
    report = copparse.parse_file(FILES / f"{SEED_ID}.pdf")
    page = read(render_review(report))
    assert [p for _, p in page.page_breaks] == ["2", "3"]
    for offset, number in page.page_breaks:
        following = next(p for s in report.sections for p in s.paragraphs if p.span.start >= offset)
        assert following.page == int(number)


def test_diagnostics_are_listed_and_marked_in_place() -> None:
    report = parsed(SEED_ID)
    html = render_review(report)
    for d in report.diagnostics:
        assert d.code in html
    page = read(html)
    kinds = {a["data-kind"] for a in page.marks.values()}
    assert "Diagnostic" in kinds and len(kinds) >= 8


def test_overview_rows_chart_and_archive_checks() -> None:
    reports = [parsed(f) for f in FIXTURE_IDS]
    html = render_overview([(r, f"r{i}.html") for i, r in enumerate(reports)],
                           archive_checks({r.source.path or "": [(m.number, m.start_date.isoformat() if m.start_date else None) for m in r.meetings] for r in reports}))  # fmt: skip
    assert html.count("<tr><td>") == len(reports)
    assert "<svg" in html and html.count("<circle") >= len(reports)
    assert "archive-meeting-dates-backwards" in html
    assert all(f'href="r{i}.html"' in html for i in range(len(reports)))


def test_cli_review_and_overview(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "seed.html"
    assert main(["review", str(FIXTURES / f"{SEED_ID}.txt"), "-o", str(out)]) == 0
    assert "copparse review" in out.read_text("utf-8")
    # A missing input is bad usage (exit 2), as in every command.
    assert main(["review", str(tmp_path / "missing.txt"), "-o", str(out)]) == 2
    texts = tmp_path / "in"
    texts.mkdir()
    for f in FIXTURE_IDS[:3]:
        shutil.copy(FIXTURES / f"{f}.txt", texts)
    overview = tmp_path / "site" / "overview.html"
    assert main(["overview", str(texts), "-o", str(overview)]) == 0
    pages = sorted(p.name for p in overview.parent.glob("*.review.html"))
    assert len(pages) == 3 and all(name in overview.read_text("utf-8") for name in pages)


# --- in a real browser ------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip


@pytest.fixture
def artifacts(tmp_path: Path) -> Path:
    where = Path(os.environ.get("COPPARSE_ARTIFACTS", tmp_path))
    where.mkdir(parents=True, exist_ok=True)
    return where


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine (.ci/run installs it)")
def test_review_and_overview_in_headless_chromium(tmp_path: Path, artifacts: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the dev extra")
    # Relative names: the screenshots go into the docs.
    pdf = FILES / f"{SEED_ID}.pdf"
    review = tmp_path / "review.html"
    review.write_text(
        render_review(copparse.parse_bytes(pdf.read_bytes(), filename=pdf.name)), "utf-8"
    )
    overview = tmp_path / "overview.html"
    reports = [
        copparse.parse_bytes((FIXTURES / f"{f}.txt").read_bytes(), filename=f"{f}.txt")
        for f in FIXTURE_IDS
    ]
    checks = archive_checks(
        {
            r.source.path or "": [
                (m.number, m.start_date.isoformat() if m.start_date else None) for m in r.meetings
            ]
            for r in reports
        }
    )
    overview.write_text(
        render_overview([(r, f"{r.source.path}.review.html") for r in reports], checks), "utf-8"
    )
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(review.as_uri())
            marks = page.locator("pre.report mark")
            assert marks.count() > 40
            assert marks.first.is_visible() and marks.first.bounding_box()["width"] > 0
            marks.first.focus()
            path = page.evaluate("document.activeElement.dataset.path")
            assert path and path == marks.first.get_attribute("data-path")
            tip = page.evaluate("getComputedStyle(document.activeElement, '::after').content")
            assert path.split(" | ")[0] in tip
            page.keyboard.press("n")
            assert page.evaluate("document.activeElement.id") == "h1"
            breaks = page.locator(".page-break")
            assert breaks.count() == 2 and breaks.first.is_visible()
            page.screenshot(path=str(artifacts / "review.png"))
            page.goto(overview.as_uri())
            assert page.locator("svg circle").count() >= len(reports)
            assert page.locator("table.overview tbody tr").count() == len(reports)
            page.screenshot(path=str(artifacts / "overview.png"), full_page=True)
        finally:
            browser.close()
    assert (artifacts / "review.png").stat().st_size > 10_000
