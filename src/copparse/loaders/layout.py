"""Page layout -> text: drop running headers and footers, rebuild paragraphs from lines.

Pure functions over :class:`Line` records, so they are tested without any PDF. A PDF's text
comes hard-wrapped, with no blank lines, and with the page furniture (running header, footer,
page number) at every page break, even in the middle of a list. The geometry tells what the
characters do not: a paragraph ends where a line stops short of the right margin or where the
gap to the next line is wider than the usual leading.
"""

from __future__ import annotations

import itertools
import statistics
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from copparse import patterncache
from copparse.pagemarks import NUMBER_LINE

__all__ = [
    "LAYOUT",
    "NARROW_BREAK_RATIO",
    "X_TOLERANCE_RATIO",
    "LayoutParams",
    "LayoutText",
    "Line",
    "PageLines",
    "find_furniture",
    "join_lines",
    "word_break",
]


class Line(NamedTuple):
    """One printed line: its text and box (PDF points, origin top left).

    A named tuple rather than a frozen dataclass: a page of lines is built for every page of
    every PDF, and a tuple is made three times as fast.
    """

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass(frozen=True)
class PageLines:
    """The lines of one page, top to bottom."""

    number: int
    width: float
    height: float
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class LayoutText:
    """The rebuilt text, where pages 2, 3... begin in it, and what was done on the way."""

    text: str
    page_starts: tuple[int, ...]
    furniture_removed: int
    hyphens_joined: int


@dataclass(frozen=True)
class LayoutParams:
    """Every geometric threshold of PDF layout, in one place, for both backends.

    Lengths are shares of the glyph (font) size or of the page height, so they hold at any
    scale. Change one here and tests/test_layout.py and the PDF fixtures show what it moves.

    Attributes:
        word_gap: A gap between glyphs wider than this share of the size breaks words. PDFs
            that place words without space glyphs come out glued ("heldon10October2016at")
            under pdfplumber's fixed 3-point default; a space is ~0.25 em.
        narrow_break: A gap narrower than ``word_gap`` but wider than this breaks words only
            where a new word plainly begins (see :func:`word_break`).
        tab_gap: A gap wider than this many sizes between two words is a tab (a table cell,
            a number and its heading).
        row_overlap: Two runs whose heights overlap by more than this share of the smaller
            are on one line (PDFium gives runs, not lines).
        band: The share of the page height, at top and bottom, where running headers,
            footers and page numbers stand.
        paragraph_gap: A line lower than the usual line gap plus this many sizes opens a
            paragraph.
        size_change: A change of font size larger than this (points) opens a block.
    """

    word_gap: float = 0.15
    narrow_break: float = 0.03
    tab_gap: float = 1.5
    row_overlap: float = 0.5
    band: float = 0.12
    paragraph_gap: float = 0.35
    size_change: float = 1.0


LAYOUT = LayoutParams()
# The names the backends and the benchmark have used.
X_TOLERANCE_RATIO = LAYOUT.word_gap
NARROW_BREAK_RATIO = LAYOUT.narrow_break
_DIGITS = patterncache.compile(r"\d+")


def _key(text: str) -> str:
    return _DIGITS.sub("#", " ".join(text.casefold().split()))


def find_furniture(pages: Sequence[PageLines]) -> set[tuple[int, int]]:
    """``(page index, line index)`` of the running headers, footers and page numbers.

    A line in the top or bottom band of its page is furniture when it is a page number
    ("- 2 -", "2/4", "Page 2 of 4"), or when the same text (digits aside) stands in the same
    band on at least half the pages, and on two or more. A line at the top of a page after the
    first is furniture, too, when it has a running header's shape ("CWG-COP/29 – Outcome
    report"): a header printed from page 2 on stands on one page of two.
    """
    from copparse.reflow import RUNNING_HEADER

    seen: Counter[tuple[str, str]] = Counter()
    bands: dict[tuple[int, int], tuple[str, str]] = {}
    for pi, page in enumerate(pages):
        top, bottom = page.height * LAYOUT.band, page.height * (1 - LAYOUT.band)
        keys = set()
        for li, (text, _, _, line_top, line_bottom, _) in enumerate(page.lines):
            if line_bottom <= top:
                band = "top"
            elif line_top >= bottom:
                band = "bottom"
            else:
                continue
            key = (band, _key(text))
            bands[(pi, li)] = key
            keys.add(key)
        seen.update(keys)  # once per page
    need = max(2, (len(pages) + 1) // 2)
    out = set()
    for place, key in bands.items():
        line = pages[place[0]].lines[place[1]]
        text = line.text.strip()
        if (
            NUMBER_LINE.fullmatch(text)
            or (len(pages) > 1 and seen[key] >= need)
            or (place[0] and key[0] == "top" and RUNNING_HEADER.fullmatch(text))
        ):
            out.add(place)
    return out - _numbering_kept(pages, out)


# A section or paragraph number standing alone on its line ("5", "3.2").
_LONE_NUMBER = patterncache.compile(r"(\d{1,2}(?:\.\d{1,3}){0,3})\.?")
_NUMBERED = patterncache.compile(r"(\d{1,2}(?:\.\d{1,3}){0,3})\.?[ \t]+\p{Lu}")
_OPENS = patterncache.compile(r"[\p{Lu}\"(]")


def _numbering_kept(
    pages: Sequence[PageLines], furniture: set[tuple[int, int]]
) -> set[tuple[int, int]]:
    """The bare numbers in a band that are the report's numbering, not page numbers.

    "5" alone at the foot of page 3, with "Conclusions" the next line read: a section number
    whose heading went to the next line (or page). It is kept when it continues the numbering
    read so far, is not its page's own number, and the next line read opens a block.
    """
    from copparse.reflow import follows

    lone_numbers = {
        place: tuple(int(x) for x in m.group(1).split("."))
        for place in furniture
        if (m := _LONE_NUMBER.fullmatch(pages[place[0]].lines[place[1]].text.strip()))
    }
    if not lone_numbers:  # nothing to keep: the usual case, page numbers with dashes or none
        return set()
    order = [(pi, li) for pi, page in enumerate(pages) for li in range(len(page.lines))]
    first_of_page = list(itertools.accumulate((len(page.lines) for page in pages), initial=0))
    last = max(first_of_page[pi] + li for pi, li in lone_numbers)
    keep: set[tuple[int, int]] = set()
    prev: tuple[int, ...] | None = None
    for i in range(last + 1):  # nothing after the last bare number can be kept
        pi, li = place = order[i]
        if place not in furniture:
            text = pages[pi].lines[li].text.strip()
            # _NUMBERED opens with a digit (\d is a decimal digit, which isdigit() includes)
            m = _NUMBERED.match(text) if text[:1].isdigit() else None
            if m and follows(prev, num := tuple(int(x) for x in m.group(1).split("."))):
                prev = num
            continue
        lone = lone_numbers.get(place)
        if lone is None or prev is None:
            continue
        if lone in ((pages[pi].number,), (pi + 1,)) or not follows(prev, lone):
            continue
        after = ""
        for j in range(i + 1, len(order)):
            if order[j] not in furniture:
                a, b = order[j]
                after = pages[a].lines[b].text.strip()
                break
        if _OPENS.match(after):
            keep.add(place)
            prev = lone
    return keep


def join_lines(pages: Sequence[PageLines], starts_block: Callable[[str], bool]) -> LayoutText:
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
    bodies: list[Sequence[Line]] = []  # each page's lines that are not furniture
    for pi, page in enumerate(pages):
        gone = dropped.get(pi)
        if gone:
            bodies.append([line for li, line in enumerate(page.lines) if li not in gone])
        else:
            bodies.append(page.lines)
    x1s = [line.x1 for lines in bodies for line in lines]
    if not x1s:
        return LayoutText("", (), len(drop), 0)
    right = statistics.quantiles(x1s, n=10, method="inclusive")[-1] if len(x1s) > 1 else x1s[0]
    gaps = [
        b.top - a.bottom
        for lines in bodies
        for a, b in itertools.pairwise(lines)
        if b.top > a.bottom
    ]
    usual_gap = statistics.median(gaps) if gaps else 0.0

    parts: list[str] = []
    # page index -> (index in parts of its first piece, where its text starts in that piece)
    first_piece: dict[int, tuple[int, int]] = {}
    hyphens = 0
    prev_page = -1
    paragraph_gap, size_change = LAYOUT.paragraph_gap, LAYOUT.size_change
    reach = 0.0  # where the previous line would have ended with one letter more
    char_width = prev_x1 = prev_bottom = prev_size = 0.0
    for pi, lines in enumerate(bodies):
        for line in lines:
            raw, x0, x1, top, bottom, size = line
            text = raw.strip()
            if not text:
                continue
            if not parts:
                breaks = True
            else:
                gap = 0.0 if pi != prev_page else top - prev_bottom
                # The geometry first: it is cheaper to test than the text's block rules.
                # _ended_early(prev, text, right), written out, and not asked where the
                # previous line reached the margin anyway (see _ended_early_by_reach).
                breaks = (
                    gap > usual_gap + paragraph_gap * (1.0 if size < 1.0 else size)  # max()
                    or abs(size - prev_size) > size_change
                    or (
                        not (reach >= right and char_width >= 0.0)
                        and prev_x1 + (len(text.split(None, 1)[0]) + 1.5) * char_width < right
                    )
                    or starts_block(text)
                )
            if breaks:
                piece = "\n" + text if parts else text
            elif not parts[-1].endswith("-"):
                piece = " " + text
            elif _hyphenated(parts[-1], text):
                parts[-1] = parts[-1][:-1]
                piece = text
                hyphens += 1
            elif parts[-1][-2:-1].isalnum():
                # a real hyphen at the line end: "CWG-" + "COP", "Secretary-" + "General"
                piece = text
            else:
                piece = " " + text
            if pi != prev_page:  # the page's first line with text (pages come in order)
                first_piece[pi] = (len(parts), len(piece) - len(text))
                prev_page = pi
            parts.append(piece)
            prev_x1, prev_bottom, prev_size = x1, bottom, size
            char_width = (x1 - x0) / (len(raw) or 1)
            reach = x1 + 2.5 * char_width
    # Where each page's first piece starts. A piece's own start never moves: joining a word
    # hyphenated at a line end takes the hyphen off the end of the piece before.
    offsets = list(itertools.accumulate(map(len, parts), initial=0))
    length = offsets[-1]
    # A page with no body text starts where the next page with text does.
    starts: list[int] = []
    for pi in range(len(pages) - 1, 0, -1):
        first = first_piece.get(pi)
        if first is None:
            starts.append(starts[-1] if starts else length)
        else:
            starts.append(offsets[first[0]] + first[1])
    return LayoutText("".join(parts), tuple(reversed(starts)), len(drop), hyphens)


def _ended_early(prev: Line, next_text: str, right: float) -> bool:
    """Whether ``prev`` stopped short although the next line's first word would have fitted.

    Then the writer ended the paragraph there; the typesetter did not wrap it.
    """
    char_width = (prev.x1 - prev.x0) / max(len(prev.text), 1)
    words = next_text.split(maxsplit=1)
    first_word = words[0] if words else ""
    return prev.x1 + (len(first_word) + 1.5) * char_width < right


def _ended_early_by_reach(prev: Line, next_text: str, right: float) -> bool:
    """:func:`_ended_early` as :func:`join_lines` asks it (the fast form, for the tests).

    A first word has one letter or more (``next_text`` is stripped and not empty), and with a
    letter width of 0 or more, adding more letters' widths never gives less, rounding
    included: where ``x1 + (1 + 1.5) * width`` already reaches ``right``, so does the real
    first word. NaN fails both tests and takes the full one. The letter width is
    ``_ended_early``'s (``len or 1`` is ``max(len, 1)`` for a length), and the first word
    of a stripped, non-empty text is ``split(None, 1)[0]``.
    """
    char_width = (prev.x1 - prev.x0) / (len(prev.text) or 1)
    reach = prev.x1 + 2.5 * char_width
    return (
        not (reach >= right and char_width >= 0.0)
        and prev.x1 + (len(next_text.split(None, 1)[0]) + 1.5) * char_width < right
    )


def _hyphenated(before: str, after: str) -> bool:
    """A word broken at a line end: "protec-" + "tion"; not "Secretary-" + "General"."""
    return len(before) > 1 and before.endswith("-") and before[-2].isalpha() and after[:1].islower()


def word_break(gap: float, size: float, before: str, after: str) -> bool:
    """Whether a gap between two glyphs with no space between them separates two words.

    Wider than ``X_TOLERANCE_RATIO`` of the glyph size it always does. A narrower gap breaks
    only where a new word plainly begins: a capital after a digit ("6.100" + "The") or a
    capitalised word after another letter ("GSMA" + "Mobile"), as where a tab stop stands
    just after the last glyph. Letters of one word sit within a few hundredths of a point of
    each other; that narrow break needs ``NARROW_BREAK_RATIO`` of the size.
    """
    if gap > X_TOLERANCE_RATIO * size:
        return True
    if gap <= NARROW_BREAK_RATIO * size or not after[:1].isupper():
        return False
    last = before[-1:]
    return last.isdigit() or (last.isalpha() and after[1:2].islower())
