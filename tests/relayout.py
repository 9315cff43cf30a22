"""The four re-layouts of a report's text that the layout-invariance test feeds the parser.

Web and PDF-text copies of the same report reach users laid out in ways the parser must not
depend on (docs/formats.md). Each function here takes a report's text *as written* and returns
the same report in one of those layouts, exactly as issue 11 defines them:

- :func:`spaces_for_breaks` (a): every line break replaced by one space;
- :func:`breaks_removed` (b): every line break removed with nothing in its place;
- :func:`numbers_alone_wrapped` (c): every section/paragraph number alone on its own line, the
  text hard-wrapped at about 90 columns (word wrap, no word hyphenated), no blank lines;
- :func:`numbers_glued` (d): each number glued to its text ("1.1The", "2Welcoming remarks"),
  one blank line around each section heading, a "1/4" page marker first.

The section and paragraph numbers are found here, from the original text's line starts (see
:func:`lines_of`), never by asking the parser: the harness must not inherit the parser's
mistakes. The functions are pure and deterministic. A text that is already on one line has no
line starts to find numbers at: for it, (c) only wraps and (d) only adds the marker.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from copparse import Report, Section

__all__ = [
    "FACT_GROUPS",
    "LAYOUTS",
    "LINE_BREAK",
    "WRAP_WIDTH",
    "Facts",
    "NumberedLine",
    "breaks_removed",
    "collapse",
    "differing_groups",
    "explain",
    "facts",
    "lines_of",
    "numbered_line",
    "numbers_alone_wrapped",
    "numbers_glued",
    "spaces_for_breaks",
    "wrap",
]

WRAP_WIDTH = 90
"""The column at which :func:`numbers_alone_wrapped` wraps, as a PDF text copy does."""

LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
"""One line break: ``\\r\\n`` counts as one; the set is that of :meth:`str.splitlines`."""

# A report's own number at the start of a line: "1", "1.", "1.1", "2.3." then a tab, spaces or
# nothing ("1Introduction"), then the text, which starts with a capital letter ("1 Introduction",
# "1.1\tThe ..."). The capital keeps out the numbered clauses of a quoted resolution ("1 to
# establish ...", "1.2. to report ..."), which are not the report's paragraphs.
_NUMBERED = re.compile(r"[ \t]*(?P<number>\d{1,2}(?:\.\d{1,2}){0,2}\.?)[ \t]*(?P<text>[A-Z].*)")

# A line that starts with a date ("3 March 2016", "25th September 2017", or a wrapped line going
# on "14 October 2014 at the ..."): its figure is a day, not a section number.
_DATE_LINE = re.compile(
    r"\d{1,2}(?:st|nd|rd|th)?[ \t]+(?:January|February|March|April|May|June|July|August"
    r"|September|October|November|December)\b"
)


@dataclass(frozen=True)
class NumberedLine:
    """A line that starts with a section or paragraph number, split into its parts."""

    number: str
    """As written, with its full stop if it has one: "1", "1.", "2.3"."""
    text: str
    """The rest of the line after the separator, as written (trailing space kept)."""

    @property
    def is_heading(self) -> bool:
        """A section heading: a top-level number ("2", "2."), not a paragraph's ("2.1")."""
        return "." not in self.number.rstrip(".")


def numbered_line(line: str) -> NumberedLine | None:
    """The number and text of a line that starts with a section/paragraph number, else None.

    >>> numbered_line("1.1\\tThe meeting was held")
    NumberedLine(number='1.1', text='The meeting was held')
    >>> numbered_line("3 March 2016") is None  # a date line
    True
    >>> numbered_line("14 October 2014 at the ITU Headquarters") is None  # a wrapped line
    True
    """
    if _DATE_LINE.match(line):
        return None
    m = _NUMBERED.fullmatch(line)
    if m is None:
        return None
    return NumberedLine(m["number"], m["text"])


_BARE_NUMBER = re.compile(r"[ \t]*(?P<number>\d{1,2}(?:\.\d{1,2}){0,2}\.?)[ \t]*")


def lines_of(text: str) -> list[str | NumberedLine]:
    """The original's lines, each that starts with a section/paragraph number split in two.

    A number already alone on its line ("1." then "Opening of the meeting", as in a PDF-text
    copy) takes the next line as its text when that line starts with a capital and has no
    number of its own. The final line break ends the last line: it opens no line of its own.
    """
    lines = LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    out: list[str | NumberedLine] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        numbered = numbered_line(line)
        bare = _BARE_NUMBER.fullmatch(line)
        if numbered is None and bare and i + 1 < len(lines):
            following = lines[i + 1].lstrip(" \t")
            if following[:1].isupper() and numbered_line(lines[i + 1]) is None:
                numbered = NumberedLine(bare["number"], following)
                i += 1
        out.append(numbered if numbered is not None else line)
        i += 1
    return out


def spaces_for_breaks(text: str) -> str:
    """Layout (a): every line break replaced by one space (a whole report on one line)."""
    return LINE_BREAK.sub(" ", text)


def breaks_removed(text: str) -> str:
    """Layout (b): every line break removed with nothing in its place ("2018).Action")."""
    return LINE_BREAK.sub("", text)


def wrap(line: str, width: int = WRAP_WIDTH) -> list[str]:
    """Word-wrap one line at ``width`` columns, breaking only at spaces.

    Runs of spaces become one; tabs stay inside their "word" (a table row keeps its cells), no
    word is hyphenated or split, and a word longer than ``width`` stands alone on its line.
    """
    out: list[str] = []
    current = ""
    for word in line.split(" "):
        if not word:
            continue
        if current and len(current) + 1 + len(word) > width:
            out.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        out.append(current)
    return out


def numbers_alone_wrapped(text: str) -> str:
    """Layout (c): each number alone on its line, the text wrapped at 90 columns, no blank lines.

    "1.1\\tThe twelfth meeting ..." becomes "1.1" then the paragraph wrapped at
    :data:`WRAP_WIDTH`; lines without a number are wrapped the same way; blank lines go.
    """
    out: list[str] = []
    for line in lines_of(text):
        if isinstance(line, NumberedLine):
            out.append(line.number)
            line = line.text
        out.extend(wrap(line.strip(" \t")))
    return "\n".join(out) + "\n"


def numbers_glued(text: str) -> str:
    """Layout (d): numbers glued to their text, blank lines around headings, "1/4" first.

    "1.1\\tThe ..." becomes "1.1The ...", "2 Welcoming remarks" becomes "2Welcoming remarks"
    with one blank line before and after it; every other line stays as written, and the text
    starts with a "1/4" page marker line.
    """
    out: list[str] = ["1/4"]
    after_heading = False
    for numbered in lines_of(text):
        if not isinstance(numbered, NumberedLine):
            if not (after_heading and numbered.strip() == ""):  # the heading's blank line is there
                out.append(numbered)
            after_heading = False
            continue
        glued = numbered.number + numbered.text
        if numbered.is_heading:
            if out[-1].strip() != "":
                out.append("")
            out.extend([glued, ""])
        else:
            out.append(glued)
        after_heading = numbered.is_heading
    return "\n".join(out) + "\n"


LAYOUTS: dict[str, Callable[[str], str]] = {
    "a_spaces_for_breaks": spaces_for_breaks,
    "b_breaks_removed": breaks_removed,
    "c_numbers_alone_wrapped": numbers_alone_wrapped,
    "d_numbers_glued": numbers_glued,
}
"""The four re-layouts by test id, in the issue's order (a)-(d)."""


# --- The facts a layout must not change -----------------------------------------------------

Facts = dict[str, Any]

FACT_GROUPS = (
    "meetings",
    "document",
    "cover",
    "chair",
    "people",
    "participants",
    "resolutions",
    "agenda",
    "contributions_stated",
    "contributions",
    "sections",
    "outcomes",
    "signature",
)
"""The fact groups of :func:`facts`, in the order the issue lists them."""

_WHITESPACE = re.compile(r"\s+")


def collapse(value: str) -> str:
    """A text value with each run of white space made one space, and trimmed.

    A layout may turn a line break into a space or wrap a long title, so text values are
    compared this way; everything else (numbers, dates, flags, order) is compared exactly.
    """
    return _WHITESPACE.sub(" ", value).strip()


def _plain(value: Any) -> Any:
    """JSON-like data with every string collapsed (see :func:`collapse`)."""
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json")
    if isinstance(value, str):
        return collapse(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _pick(item: BaseModel | None, *fields: str) -> dict[str, Any] | None:
    if item is None:
        return None
    return {f: _plain(getattr(item, f)) for f in fields}


def _sections(sections: list[Section]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for s in sections:
        out.append({"number": s.number, "title": None if s.title is None else collapse(s.title)})
        out.extend(_sections(s.subsections))
    return out


def facts(report: Report) -> Facts:
    """What a report says, without where it says it: the facts every layout must keep.

    Spans, pages, paragraph text and white space, and repair diagnostics are left out, as the
    issue allows; every text value is collapsed with :func:`collapse`. Sections are listed
    depth first as (number, title).
    """
    return {
        "meetings": [
            _pick(m, "number", "start_date", "end_date", "venue", "city", "country", "virtual")
            for m in report.meetings
        ],
        "document": _pick(report.document, "symbol", "date"),
        "cover": _pick(
            report.document, "title", "draft", "council_session", "agenda_item", "source_line"
        ),
        "chair": _pick(report.chair, "name", "honorific", "country", "role"),
        "people": [
            _pick(p, "name", "role", "organization", "country", "absent") for p in report.people
        ],
        "participants": _pick(report.participants, "count", "qualifier", "unit", "modes", "groups"),
        "resolutions": [_pick(r, "body", "number", "revision", "year") for r in report.resolutions],
        "agenda": _pick(report.agenda, "adopted", "as_drafted", "amendments"),
        "contributions_stated": report.contributions_stated,
        "contributions": [
            _pick(c, "code", "submitter", "submitter_kind", "title", "discussed_in")
            for c in report.contributions
        ],
        "sections": _sections(report.sections),
        "outcomes": [_pick(o, "number", "text", "actors") for o in report.outcomes],
        "signature": _pick(report.signature, "name", "title"),
    }


def differing_groups(expected: Facts, actual: Facts) -> list[str]:
    """The fact groups whose values differ, in :data:`FACT_GROUPS` order."""
    return [g for g in FACT_GROUPS if expected.get(g) != actual.get(g)]


def _lines(value: Any, limit: int = 160) -> list[str]:
    lines = json.dumps(value, indent=1, ensure_ascii=False).splitlines()
    return [line if len(line) <= limit else line[: limit - 1] + "…" for line in lines]


def explain(expected: Facts, actual: Facts, *, context: int = 2) -> str:
    """A readable account of how two facts dicts differ: each group named, the first shown.

    The first differing group is shown as a unified diff of its pretty-printed JSON (the
    original's facts against the re-layout's), each line cut at 160 characters.
    """
    groups = differing_groups(expected, actual)
    if not groups:
        return "the facts are the same"
    first = groups[0]
    diff = difflib.unified_diff(
        _lines(expected.get(first)),
        _lines(actual.get(first)),
        fromfile=f"{first} (original)",
        tofile=f"{first} (re-layout)",
        n=context,
        lineterm="",
    )
    return f"facts differ in {', '.join(groups)}; first, {first}:\n" + "\n".join(diff)
