"""The review and overview pages: unit tests of the HTML, and a headless-Chromium test."""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
from collections.abc import Iterator
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

import copparse
from copparse.accuracy import score_directory, strip_provenance
from copparse.batch import archive_checks
from copparse.cli import main
from copparse.review import Failure, _spans, highlights, render_overview, render_review
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
    assert page.scripts == 3  # ours only: the code, the golden JSON and its name
    assert "<script>alert" not in html and "<b onmouseover" not in html
    assert "".join(page.text) == report.text


def test_page_breaks_of_a_pdf() -> None:
    report = copparse.parse_file(FILES / f"{SEED_ID}.pdf")
    page = read(render_review(report))
    assert [p for _, p in page.page_breaks] == ["2", "3"]
    for offset, number in page.page_breaks:
        following = next(p for s in report.sections for p in s.paragraphs if p.span.start >= offset)
        assert following.page == int(number)


def test_diagnostics_grouped_by_severity_in_document_order_and_info_is_not_red() -> None:
    report = parsed(SEED_ID)
    html = render_review(report)
    for d in report.diagnostics:
        assert d.code in html
    groups = re.findall(r'<details class="sev sev-(\w+)"( open)?><summary>\w+ \((\d+)\)', html)
    assert [(g, bool(o), int(n)) for g, o, n in groups] == [
        ("warning", True, 2),
        ("info", False, 2),
    ]
    warnings = html[html.index('sev-warning"') : html.index('sev-info"')]
    assert warnings.index("contribution-count-mismatch") < warnings.index("meeting-date-suspect")
    info = html[html.index('sev-info"') :]
    assert info.index("header-missing") < info.index("section-heading-missing")  # no span first
    page = read(html)
    kinds = {a["data-kind"] for a in page.marks.values()}
    assert {"Warning", "Info"} <= kinds and len(kinds) >= 9
    # Paragraph 1.1 carries an info: its mark is the info's quiet dotted line, not an error's.
    (mark,) = [m for m in page.marks.values() if "diagnostics[0]" in m["data-path"]]
    assert report.diagnostics[0].code == "section-heading-missing"
    assert mark["class"] == "k-diag-info"
    assert ".k-diag-info{background:transparent;text-decoration-style:dotted" in html


def _cards(html: str) -> dict[str, dict[str, str]]:
    """data-path -> the attributes of every value row of the item cards."""
    rows = {}
    for attrs in re.findall(r"<tr (class=\"f[^>]*)>", html):
        fields = dict(re.findall(r'([\w-]+)="([^"]*)"', attrs))
        rows[unescape(fields["data-path"])] = {k: unescape(v) for k, v in fields.items()}
    return rows


def test_every_value_has_a_card_row_spans_or_not() -> None:
    report = parsed(SEED_ID)
    html = render_review(report)
    rows = _cards(html)
    for i, c in enumerate(report.contributions):
        for name in ("code", "submitter", "submitter_kind", "country_code", "country_codes",
                     "title", "listed", "discussed_in"):  # fmt: skip
            assert f"contributions[{i}].{name}" in rows
        kind = json.loads(rows[f"contributions[{i}].submitter_kind"]["data-value"])
        assert kind == c.submitter_kind.value
        assert (
            json.loads(rows[f"contributions[{i}].country_codes"]["data-value"]) == c.country_codes
        )
    assert json.loads(rows["contributions[0].discussed_in"]["data-value"]) == ["5.6"]
    assert '<a href="#para-5.6">5.6</a>' in html and 'id="para-5.6"' in html
    assert json.loads(rows["outcomes[0].actors"]["data-value"]) == ["Secretariat"]
    assert json.loads(rows["agenda.adopted"]["data-value"]) is True
    assert json.loads(rows["agenda.as_drafted"]["data-value"]) is True
    assert json.loads(rows["meetings[0].virtual"]["data-value"]) is False
    assert json.loads(rows["participants.modes"]["data-value"]) == ["in_person", "remote"]
    assert rows["contributions[0].submitter_kind"]["data-choices"].split("|") == [
        k.value for k in copparse.SubmitterKind
    ]
    assert rows["participants.count"]["data-type"] == "integer"
    # Fields not found are listed, and their rows say so.
    assert "missing" in rows["document.symbol"]["class"]
    start = html.index("Not found (")
    not_found = html[start : html.index("</details>", start)]
    assert (
        "<code>document.symbol</code>" in not_found and "<code>chair.name</code>" not in not_found
    )


def test_the_rule_that_read_a_value_is_in_its_tooltips() -> None:
    report = parsed(SEED_ID)
    assert report.chair is not None
    chair = report.chair.model_copy(
        update={"field_rules": {"name": "chair.chaired_by", "country": "chair.country_in_brackets"}}
    )
    html = render_review(report.model_copy(update={"chair": chair}))
    rows = _cards(html)
    assert "rule: chair.chaired_by" in rows["chair.name"]["title"]
    assert "rule: chair.country_in_brackets" in rows["chair.country"]["title"]
    assert "rule:" not in rows["chair.role"]["title"]
    page = read(html)
    (mark,) = [m for m in page.marks.values() if "chair.name" in m["data-path"].split(" | ")]
    assert "chair.name = Eugenia Devincenzi  (rule: chair.chaired_by)" in mark["data-tip"]


def test_the_page_carries_the_golden_json_it_exports() -> None:
    report = parsed(SEED_ID)
    html = render_review(report)
    embedded = re.search(r'<script type="application/json" id="golden">(.*?)</script>', html, re.S)
    assert embedded is not None
    assert json.loads(embedded.group(1)) == strip_provenance(report.model_dump(mode="json"))
    meta = re.search(r'<script type="application/json" id="golden-meta">(.*?)</script>', html)
    assert meta is not None and json.loads(meta.group(1))["name"] == f"{SEED_ID}.json"


def test_overview_merges_copies_counts_severities_and_lists_failures() -> None:
    reports = [parsed(f) for f in FIXTURE_IDS]
    pdf = copparse.parse_file(FILES / f"{SEED_ID}.pdf")
    entries: list[tuple[copparse.Report, str | None]] = [
        (r, f"r{i}.html") for i, r in enumerate([*reports, pdf])
    ]
    checks = archive_checks({r.source.path or "": [(m.number, m.start_date.isoformat() if m.start_date else None) for m in r.meetings] for r in reports})  # fmt: skip
    failures = [Failure("in/broken.pdf", "CorruptFileError", "the PDF is damaged <here>")]
    html = render_overview(entries, checks, failures)
    body = html[html.index('class="overview sortable reports"') :]
    body = body[: body.index("</tbody>")]
    assert body.count("<tr><td") == len(reports)  # the PDF is a copy of the seed, not a row
    assert f"{len(reports)} reports from {len(reports) + 1} files; 1 input failed." in html
    assert all(f'href="r{i}.html"' in html for i in range(len(entries)))
    for head in ("Errors", "Warnings", "Info", "Copies"):
        assert f'<button type="button">{head}</button>' in html
    failed = html[html.index("<h2>Failed (1)</h2>") :]
    assert "in/broken.pdf" in failed and "CorruptFileError" in failed and "&lt;here&gt;" in failed
    assert "archive-meeting-dates-backwards" in html


def _runs(numbers: list[int]) -> Iterator[list[int]]:
    """Consecutive runs: [2, 3, 5] -> [2, 3], [5]."""
    run: list[int] = []
    for n in numbers:
        if run and n != run[-1] + 1:
            yield run
            run = []
        run.append(n)
    if run:
        yield run


def test_the_chart_has_a_point_per_meeting_axes_and_gaps() -> None:
    reports = [parsed(f) for f in FIXTURE_IDS]
    pdf = copparse.parse_file(FILES / f"{SEED_ID}.pdf")
    html = render_overview([(r, None) for r in [*reports, pdf]])
    svg = html[html.index("<svg") : html.index("</svg>")]
    meetings = {m.number for r in reports for m in r.meetings}
    # One point per meeting whose report gives a count (modes alone give none).
    attended = {
        m.number for r in reports for m in r.meetings if r.participants and r.participants.count
    }
    assert svg.count("<circle") == len(attended) + 1  # and the legend's
    assert svg.count("<rect") - svg.count('fill="#f1f1f1"') == len(meetings) + 1  # bars, legend
    assert "Meeting number" in svg and "Participants" in svg and "Contributions" in svg
    missing = sorted(set(range(min(meetings), max(meetings) + 1)) - meetings)
    gaps = [list(g) for g in _runs(missing)]
    assert gaps  # the fixtures leave meetings out
    for gap in gaps:  # each gap is a band named in its tooltip
        name = f"meeting {gap[0]}" if len(gap) == 1 else f"meetings {gap[0]}–{gap[-1]}"
        assert f"<title>no report: {name}</title>" in svg
    path = re.search(r'<path d="([^"]+)"', svg)
    # The attendance line breaks wherever the next meeting has no attendance point.
    assert path is not None and path.group(1).count("M") == len(list(_runs(sorted(attended))))
    labels = [
        float(x)
        for x in re.findall(r'<text x="([\d.]+)" y="\d+" text-anchor="middle">\d+</text>', svg)
    ]
    assert len(labels) == max(meetings) - min(meetings) + 1
    assert min(b - a for a, b in itertools.pairwise(sorted(labels))) >= 28  # no overprinting


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
    # From convert's output: the inputs that failed are listed.
    (texts / "empty.txt").write_bytes(b"")
    converted = tmp_path / "out"
    copparse.convert([texts], converted, workers=1)
    assert main(["overview", str(converted), "-o", str(overview)]) == 3  # one input failed
    failed = overview.read_text("utf-8").split("<h2>Failed (1)</h2>")[1]
    assert "empty.txt" in failed and "EmptyInputError" in failed


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
    """As a reviewer: hover a value, correct one wrong value and one missing one, export the
    golden JSON, score the parser with it; sort the overview. Screenshots kept as artefacts."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the dev extra")
    archive = tmp_path / "archive"
    archive.mkdir()
    pdf = archive / f"{SEED_ID}.pdf"
    shutil.copy(FILES / pdf.name, pdf)
    report = copparse.parse_file(pdf)
    assert report.chair is not None and report.participants is not None
    # field_rules is filled by the extraction rules; set one by hand to see it in the tooltip.
    chair = report.chair.model_copy(update={"field_rules": {"name": "chair.chaired_by"}})
    review = tmp_path / "review.html"
    review.write_text(render_review(report.model_copy(update={"chair": chair})), "utf-8")
    overview = tmp_path / "overview.html"
    reports = [
        copparse.parse_bytes((FIXTURES / f"{f}.txt").read_bytes(), filename=f"{f}.txt")
        for f in FIXTURE_IDS
    ]
    checks = archive_checks({r.source.path or "": [(m.number, m.start_date.isoformat() if m.start_date else None) for m in r.meetings] for r in reports})  # fmt: skip
    failures = [Failure("in/broken.pdf", "CorruptFileError", "the PDF ends before its last object")]
    overview.write_text(
        render_overview([(r, f"{r.source.path}.review.html") for r in [*reports, report]],
                        checks, failures), "utf-8")  # fmt: skip
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900}, accept_downloads=True)
            page.goto(review.as_uri())
            marks = page.locator("pre.report mark")
            assert marks.count() > 40
            assert marks.first.is_visible() and marks.first.bounding_box()["width"] > 0
            marks.first.focus()
            assert page.evaluate(
                "document.activeElement.dataset.path"
            ) == marks.first.get_attribute("data-path")
            page.keyboard.press("n")
            assert page.evaluate("document.activeElement.id") == "h1"
            assert page.locator(".page-break").count() == 2
            assert page.locator("details.sev-warning").evaluate("d => d.open")
            assert not page.locator("details.sev-info").evaluate("d => d.open")
            # The chair's name: its tooltip names the rule that read it.
            name_mark = page.locator("pre.report mark[data-path~='chair.name']").first
            name_mark.focus()
            tip = page.evaluate("getComputedStyle(document.activeElement, '::after').content")
            assert "rule: chair.chaired_by" in tip
            # Correct a wrong value (the attendance) and a missing one (the document's symbol).
            for path, value in (("participants.count", "120"), ("document.symbol", "WG-COP/13")):
                row = page.locator(f"tr.f[data-path='{path}']")
                row.locator("button.fix").click()
                row.locator(".editor input").fill(value)
                row.locator(".editor button.save").click()
                assert "corrected" in (row.get_attribute("class") or "")
            bad = page.locator("tr.f[data-path='meetings[0].number']")
            bad.locator("button.fix").click()
            bad.locator(".editor input").fill("thirteen")
            bad.locator(".editor button.save").click()
            assert "whole number" in bad.locator("[role=alert]").inner_text()
            bad.locator(".editor input").press("Escape")
            assert page.locator("#fix-count").inner_text() == "2"
            page.locator("tr.f[data-path='participants.count']").scroll_into_view_if_needed()
            name_mark.focus()
            page.screenshot(path=str(artifacts / "review.png"))
            with page.expect_download() as download:
                page.locator("#export").click()
            assert download.value.suggested_filename == f"{SEED_ID}.json"
            download.value.save_as(archive / download.value.suggested_filename)
            page.reload()  # corrections survive a reload
            assert page.locator("#fix-count").inner_text() == "2"

            page.goto(overview.as_uri())
            assert page.locator("table.reports tbody tr").count() == len(reports)
            assert page.locator("section.failed").inner_text().count("CorruptFileError") == 1
            chart = page.locator("figure.chart svg").bounding_box()
            assert chart is not None and chart["width"] > 900
            heads = page.locator("table.reports thead th button")
            attendance = heads.filter(has_text="Attendance")
            attendance.click()
            attendance.click()  # descending
            firsts = page.locator("table.reports tbody tr td:nth-child(4)").all_inner_texts()
            values = [int(v) for v in firsts if v]
            assert values == sorted(values, reverse=True) and len(values) >= 8
            page.screenshot(path=str(artifacts / "overview.png"), full_page=True)
        finally:
            browser.close()
    assert (artifacts / "review.png").stat().st_size > 10_000
    # The exported golden scores the parser: exactly the two corrected fields miss.
    scores = score_directory(archive)
    assert scores.reports == 1 and scores.perfect == 0
    (wrong,) = scores.misses.values()
    assert wrong == ["document.symbol ", "participants.count "]
    count = scores.fields["participants.count"]
    assert (count.tp, count.fp, count.fn) == (0, 1, 1)
    symbol = scores.fields["document.symbol"]
    assert (symbol.tp, symbol.fp, symbol.fn) == (0, 0, 1)
