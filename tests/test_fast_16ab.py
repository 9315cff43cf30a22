"""The PDFium loader's forms of this change give exactly what the plain forms give.

Held here: the two-run line of ``_page_lines`` and ``join_lines`` with its pages read one by
one and its page offsets found at the end, each against the form it replaced (kept below as
it was), on every PDF fixture's pages and on generated pages; and ``_runs`` with one box for
the whole document against ``_runs`` read the general way.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Callable, Sequence

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copparse.loaders.layout import (
    LAYOUT,
    LayoutText,
    Line,
    PageLines,
    _ended_early,
    _hyphenated,
    find_furniture,
    join_lines,
    word_break,
)
from copparse.loaders.pdfium import _LEFT, _READING_ORDER, _UNMAPPED, Run, _new_line
from tests.conftest import FIXTURES
from tests.test_fast_loaders import _pdfium_text_pages, _spaced_and_hyphenated_pdf

CI = settings(
    derandomize=True,
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def _fixture_pdfs() -> list[tuple[bytes, str | None]]:
    import pypdfium2 as pdfium

    sources: list[tuple[bytes, str | None]] = [
        (path.read_bytes(), None) for path in sorted(FIXTURES.glob("**/*.pdf"))
    ]
    sources += [((FIXTURES / "files" / "encrypted.pdf").read_bytes(), "secret")]
    sources += [(_spaced_and_hyphenated_pdf(), None)]
    readable = []
    for data, password in sources:
        try:
            pdfium.PdfDocument(data, password=password).close()
        except pdfium.PdfiumError:  # encrypted without its password, or damaged
            continue
        readable.append((data, password))
    return readable


def _starts_block(line: str) -> bool:
    from copparse.segment import starts_block

    return starts_block(line)


def test_pdfium_pages_and_layout_read_the_short_way_are_those_read_the_plain_way() -> None:
    from copparse.loaders import pdfium as loader

    calls = loader._calls()
    read = 0
    for data, password in _fixture_pdfs():
        pages: list[PageLines] = []
        box = calls.rect()
        for textpage, height in _pdfium_text_pages(data, password):
            if calls.count_chars(textpage) < 0:  # a damaged page: _runs refuses it either way
                continue
            runs = loader._runs(textpage, height, calls, box)
            assert runs == loader._runs(textpage, height, calls, fast=False)
            if runs is None:
                continue
            lines, unmapped = loader._page_lines(list(runs))
            assert (lines, unmapped) == _plain_page_lines(list(runs))
            pages.append(PageLines(len(pages) + 1, 600.0, height, tuple(lines)))
        if any(page.lines for page in pages):
            read += 1
            assert join_lines(pages, _starts_block) == _plain_join_lines(pages, _starts_block)
    assert read >= 10


coordinates = st.sampled_from([0.0, 10.0, 72.0, 100.0, 500.0, 520.0]) | st.floats(
    -1e3, 1e3, allow_nan=False
)
sizes = st.sampled_from([None, 0.0, 9.0, 11.0, 11.5]) | st.floats(0, 30, allow_nan=False)
words = st.sampled_from(["1.1", "The", "meeting", "protec-", "tion", "CWG-", "COP", "a", " "])


@st.composite
def run_rows(draw: st.DrawFn) -> list[Run]:
    """Two runs about one line, as _runs gives them (most often on one row, sometimes not)."""
    runs = []
    for _ in range(draw(st.integers(1, 4))):
        top = draw(coordinates)
        bottom = top + draw(st.sampled_from([0.0, 2.0, 11.0, 14.0]))
        left = draw(coordinates)
        right = left + draw(st.sampled_from([0.0, 1.0, 30.0]))
        text = " ".join(draw(st.lists(words, min_size=1, max_size=3))).strip() or "x"
        size = draw(sizes) or None
        runs.append((round(top), left, top, bottom, right, text, size, draw(st.booleans()),
                     draw(st.booleans())))  # fmt: skip
    return runs


@CI
@given(run_rows())
def test_two_runs_on_a_row_are_joined_as_the_general_loop_joins_them(runs: list[Run]) -> None:
    from copparse.loaders import pdfium as loader

    assert loader._page_lines(list(runs)) == _plain_page_lines(list(runs))


line_texts = st.sampled_from(
    ["1 Introduction", "The meeting", "protec-", "tion of", "CWG-", "COP met", "  ", "- 2 -",
     "x", "continued here", "Page 2 of 4", "\u00e9t\u00e9 le"]
)  # fmt: skip


@st.composite
def layout_pages(draw: st.DrawFn) -> list[PageLines]:
    pages = []
    for number in range(1, draw(st.integers(1, 4)) + 1):
        lines = []
        top = draw(st.sampled_from([20.0, 80.0]))
        for _ in range(draw(st.integers(0, 7))):
            x0 = draw(st.sampled_from([72.0, 108.0]))
            x1 = x0 + draw(st.sampled_from([20.0, 300.0, 400.0, 430.0]))
            size = draw(st.sampled_from([9.0, 11.0, 14.0]))
            lines.append(Line(draw(line_texts), x0, x1, top, top + size, size))
            top += size + draw(st.sampled_from([2.0, 3.0, 10.0]))
        pages.append(PageLines(number, 600.0, 842.0, tuple(lines)))
    return pages


@CI
@given(layout_pages())
def test_pages_joined_page_by_page_are_those_joined_as_one_list(pages: list[PageLines]) -> None:
    assert join_lines(pages, _starts_block) == _plain_join_lines(pages, _starts_block)


# The forms replaced, as they were.


def _plain_page_lines(runs: list[Run]) -> tuple[list[Line], int]:
    """Group PDFium's text runs into lines, top to bottom; each line's runs left to right.

    A run joins the current line when its box overlaps the line's by more than half the
    smaller height. Runs meet with nothing between them where they are one word cut in two
    text objects, a space where they are two words, a tab where the gap is a tab stop.
    Linear in the number of runs (one line of 4,000 runs is ordinary for some producers).
    """
    runs.sort(key=_READING_ORDER)
    rows: list[list[Run]] = []
    row_top = row_bottom = 0.0
    row_overlap = LAYOUT.row_overlap
    row: list[Run] = []
    for box in runs:
        top, bottom = box[2], box[3]
        if rows:
            # min() and max() spelled out (as they choose, NaN included): once per run
            overlap = (row_bottom if row_bottom < bottom else bottom) - (
                row_top if row_top > top else top
            )
            height, row_height = bottom - top, row_bottom - row_top
            if overlap > row_overlap * (row_height if row_height < height else height):
                row.append(box)
                if top < row_top:
                    row_top = top
                if bottom > row_bottom:
                    row_bottom = bottom
                continue
        row = [box]
        rows.append(row)
        row_top, row_bottom = top, bottom
    lines = []
    unmapped = 0
    tab_gap = LAYOUT.tab_gap
    for row in rows:
        if len(row) == 1:  # the usual line: one run
            _, x0, top, bottom, x1, text, size, _, _ = row[0]
            size = size or bottom - top
        else:
            row.sort(key=_LEFT)
            sizes = [r[6] for r in row if r[6]]
            size = max(sizes) if sizes else max(r[3] - r[2] for r in row)
            pieces: list[str] = []
            previous = row[0]
            for run in row:
                if run is not previous:
                    gap = run[1] - previous[4]
                    if gap > tab_gap * size:
                        pieces.append("\t")
                    elif previous[8] or run[7] or word_break(gap, size, previous[5], run[5]):
                        pieces.append(" ")
                pieces.append(run[5])
                previous = run
            text = "".join(pieces)
            x0, x1 = row[0][1], row[-1][4]
            top = min(r[2] for r in row)
            bottom = max(r[3] for r in row)
        if "\ufffe" in text or "\ufffd" in text or "\x00" in text:  # _UNMAPPED
            stripped = text.lstrip()
            if stripped[:1] in _UNMAPPED and stripped[1:2] in ("\t", " "):
                text = "•" + stripped[1:]
            unmapped += sum(text.count(ch) for ch in _UNMAPPED)
            text = "".join(ch for ch in text if ch not in _UNMAPPED)
        lines.append(_new_line(Line, (text, x0, x1, top, bottom, size)))
    return lines, unmapped


def _plain_join_lines(
    pages: Sequence[PageLines], starts_block: Callable[[str], bool]
) -> LayoutText:
    """Rebuild paragraphs: one output line per paragraph, heading, list item or cover line.

    Args:
        pages: The pages' lines.
        starts_block: Whether a line's text opens a block of its own (a numbered paragraph, a
            heading, a bullet, a contribution code).
    """
    drop = find_furniture(pages)
    dropped: dict[int, set[int]] = {}
    for pi, li in drop:
        dropped.setdefault(pi, set()).add(li)
    body: list[tuple[int, Line]] = []
    for pi, page in enumerate(pages):
        gone = dropped.get(pi)
        if gone:
            body.extend((pi, line) for li, line in enumerate(page.lines) if li not in gone)
        else:
            body.extend((pi, line) for line in page.lines)
    if not body:
        return LayoutText("", (), len(drop), 0)
    right = (
        statistics.quantiles([ln.x1 for _, ln in body], n=10, method="inclusive")[-1]
        if len(body) > 1
        else body[0][1].x1
    )
    gaps = [
        b.top - a.bottom
        for (pa, a), (pb, b) in itertools.pairwise(body)
        if pa == pb and b.top > a.bottom
    ]
    usual_gap = statistics.median(gaps) if gaps else 0.0

    parts: list[str] = []
    first_offset: dict[int, int] = {}  # page index -> offset of its first character
    hyphens = 0
    length = 0
    prev: Line | None = None
    prev_page = -1
    paragraph_gap, size_change = LAYOUT.paragraph_gap, LAYOUT.size_change
    prev_bottom = prev_size = 0.0
    for pi, line in body:
        raw, _, _, top, bottom, size = line
        text = raw.strip()
        if not text:
            continue
        if prev is None:
            breaks = True
        else:
            gap = 0.0 if pi != prev_page else top - prev_bottom
            # The geometry first: it is cheaper to test than the text's block rules.
            # _ended_early(prev, text, right), without splitting the text where the previous
            # line reached the margin anyway (see _ended_early_by_reach).
            breaks = (
                gap > usual_gap + paragraph_gap * (1.0 if size < 1.0 else size)  # max()
                or abs(size - prev_size) > size_change
                or _ended_early(prev, text, right)
                or starts_block(text)
            )
        if breaks:
            piece = ("\n" if parts else "") + text
        elif not parts[-1].endswith("-"):
            piece = " " + text
        elif _hyphenated(parts[-1], text):
            parts[-1] = parts[-1][:-1]
            length -= 1
            piece = text
            hyphens += 1
        elif parts[-1][-2:-1].isalnum():
            piece = text  # a real hyphen at the line end: "CWG-" + "COP", "Secretary-" + "General"
        else:
            piece = " " + text
        if pi != prev_page:  # the page's first line with text (pages come in order)
            first_offset[pi] = length + len(piece) - len(text)
        parts.append(piece)
        length += len(piece)
        prev, prev_page, prev_bottom, prev_size = line, pi, bottom, size
    # A page with no body text starts where the next page with text does.
    starts: list[int] = []
    for pi in range(len(pages) - 1, 0, -1):
        starts.append(first_offset.get(pi, starts[-1] if starts else length))
    return LayoutText("".join(parts), tuple(reversed(starts)), len(drop), hyphens)
