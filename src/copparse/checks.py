"""Cross-checks: diagnostics that compare one extracted field with another."""

from __future__ import annotations

import bisect
import datetime as dt

import regex

from copparse import patterncache
from copparse.extract import sentences
from copparse.extract.lexicon import MONTH_YEAR_RE, DateMatch, find_dates, month_number
from copparse.lang import alternation, lexicon
from copparse.models import (
    Contribution,
    Diagnostic,
    DocumentInfo,
    Meeting,
    Outcome,
    Severity,
    Span,
    SubmitterKind,
)
from copparse.rules import rule
from copparse.spans import Locator

__all__ = ["check_contributions", "check_dates", "check_document", "check_structure"]

_LEX = lexicon("en")
# Words that put a sentence in the future: a later date there is no sign of a wrong year.
_FUTURE = rule(
    "check.future",
    "diagnostics.meeting-date-suspect",
    alternation(_LEX.checks.future),
    "A word that puts a sentence in the future, where a date after the meeting is expected.",
    examples=[
        ("The meeting will be held on 5 March 2017.", "will"),
        ("a workshop to be held in May 2017", "to be held"),
        ("Contributions are due by 1 May 2017.", "by"),
    ],
    counter_examples=["The meeting was held on 2 February 2016.", "the bylaws of 2016"],
    flags=regex.IGNORECASE,
).pattern
# "C17/24-E": the Council year of a Council document's symbol.
_COUNCIL_LETTER = regex.escape(_LEX.group.code_letters["council"])
_COUNCIL_YEAR = rule(
    "check.council_symbol_year",
    "diagnostics.document-symbol-mismatch",
    rf"^{_COUNCIL_LETTER}(?P<yy>\d\d)/",
    "The year of a Council document's symbol, to compare with the session and the meetings.",
    examples=[("C17/24-E", "C17/")],
    counter_examples=["WG-CP/13/2", "CWG-COP-14/3-E"],
).pattern
_YEAR = patterncache.compile(r"\d{4}")
# The years that dates and month-years carry (lexicon's _YEAR), standing alone.
_A_YEAR = patterncache.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
# A date more than this many days after the meeting, told in the past tense, is suspect.
_GRACE_DAYS = 31


def check_contributions(
    contributions: list[Contribution],
    stated: int | None,
    stated_span: Span | None,
    meetings: list[Meeting],
) -> list[Diagnostic]:
    """The stated count against the list; codes of other meetings; repeats; undiscussed items."""
    # Imported here: the extractors load on the first parse, not with this module.
    from copparse.extract.contributions import TABLE_ROW_RULES

    out = []
    listed = [c for c in contributions if c.listed]
    # Without a list, the count is of the codes named in running text ("Three contributions
    # were considered: CWG-COP/30/2, CWG-COP/30/3 and CWG-COP/30/4").
    counted = len(listed) if listed else len(contributions)
    if stated is not None and stated != counted:
        out.append(
            Diagnostic(
                code="contribution-count-mismatch",
                severity=Severity.WARNING,
                message=f"the text says there were {stated} contributions, but {counted} "
                + ("are listed" if listed else "are named, none in a list"),
                span=stated_span,
            )
        )
    if not listed:
        out.append(
            Diagnostic(
                code="contribution-list-missing",
                severity=Severity.INFO,
                message="no list of contributions was found"
                + (f"; {len(contributions)} are named in running text" if contributions else ""),
            )
        )
    numbers = {m.number for m in meetings}
    for c in contributions:
        if numbers and c.meeting not in numbers:
            out.append(
                Diagnostic(
                    code="contribution-meeting-mismatch",
                    severity=Severity.WARNING,
                    message=f"{c.code} belongs to meeting {c.meeting}, but the report covers"
                    f" meeting(s) {sorted(numbers)}",
                    span=c.field_spans.get("code", c.span),
                )
            )
        unread = c.listed and c.submitter is None and c.submitter_kind is SubmitterKind.UNKNOWN
        if unread and c.title is None:
            out.append(
                Diagnostic(
                    code="contribution-row-unsplit",
                    severity=Severity.WARNING,
                    message=f"{c.code}: its submitter and its title could not be told apart"
                    " (a table row that lost its line breaks, opened by no name the parser"
                    " knows); neither is read, and its kind is left unknown",
                    span=c.span,
                )
            )
        elif unread:
            out.append(
                Diagnostic(
                    code="contribution-submitter-missing",
                    severity=Severity.WARNING,
                    message=(
                        f"{c.code}: the submitter's cell of its table row is empty"
                        if c.field_rules.get("title") in TABLE_ROW_RULES
                        else f"{c.code} seems to name its submitter, but it was not read"
                    )
                    + "; its kind is left unknown, not taken for the Secretariat's",
                    span=c.field_spans.get("title", c.span),
                )
            )
        if c.listed and not c.discussed_in:
            out.append(
                Diagnostic(
                    code="contribution-not-discussed",
                    severity=Severity.INFO,
                    message=f"no paragraph was found that discusses {c.code}",
                    span=c.span,
                )
            )
    return out


def check_document(document: DocumentInfo, meetings: list[Meeting]) -> list[Diagnostic]:
    """A Council symbol whose year does not fit the session or the meetings."""
    out = []
    m = _COUNCIL_YEAR.match(document.symbol or "")
    if m:
        year = 2000 + int(m.group("yy"))
        years = [d.year for mt in meetings for d in (mt.start_date, mt.end_date) if d]
        session = _YEAR.search(document.council_session or "")
        bad = (session and int(session.group(0)) != year) or (
            years and not (max(years) <= year <= max(years) + 1)
        )
        if bad:
            out.append(
                Diagnostic(
                    code="document-symbol-mismatch",
                    severity=Severity.WARNING,
                    message=f"the symbol {document.symbol} is a Council {year} document, which"
                    " does not fit the report's session or meeting dates",
                    span=document.field_spans.get("symbol"),
                )
            )
    return out


def check_dates(
    text: str,
    meetings: list[Meeting],
    loc: Locator,
    header_end: int,
    *,
    memo: dict[tuple[int, int], list[DateMatch]] | None = None,
) -> list[Diagnostic]:
    """Past events dated after the meeting: a sign that the meeting's own date is wrong.

    Every date and month-year carries a four-digit year, and a date after the meeting carries
    one no earlier than the meeting's. So one pass finds the years; only the lines holding a
    year that late are read sentence by sentence. On a correctly dated report that is the
    meeting's own lines, and the check costs about one pass over the text. Inside such a line,
    only the sentences that hold such a year are read. ``memo``: find_dates's, for this text.
    """
    ends = [m.end_date for m in meetings if m.end_date]
    if not ends:
        return []
    last = max(ends)
    limit = last + dt.timedelta(days=_GRACE_DAYS)
    line_end = header_end
    for year in _A_YEAR.finditer(text, header_end):
        if int(year.group(0)) < limit.year or year.start() < line_end:
            continue
        line_start = max(header_end, text.rfind("\n", 0, year.start()) + 1)
        line_end = text.find("\n", year.end())
        line_end = len(text) if line_end < 0 else line_end
        late = [
            y.start()
            for y in _A_YEAR.finditer(text, year.start(), line_end)
            if int(y.group(0)) >= limit.year
        ]
        found = _later_in_past_tense(text, line_start, line_end, limit, late, memo)
        if found:
            return [
                Diagnostic(
                    code="meeting-date-suspect",
                    severity=Severity.WARNING,
                    message=f"the text tells of {text[found[0] : found[1]]!r} in the past tense,"
                    f" after the meeting date {last.isoformat()}: the meeting's year may be wrong",
                    span=loc.span(*found),
                )
            ]
    return []


def _later_in_past_tense(
    text: str,
    start: int,
    end: int,
    limit: dt.date,
    late: list[int] | None = None,
    memo: dict[tuple[int, int], list[DateMatch]] | None = None,
) -> tuple[int, int] | None:
    """The span of the first date after ``limit`` in a sentence of ``text[start:end]`` (one
    line) that is not about the future.

    ``late``: the sorted starts of the years from ``limit.year`` on that ``_A_YEAR`` finds in
    the line, where given; a sentence that holds none is passed over unread. A date or a
    month-year after ``limit`` carries such a year inside its own match (in both patterns a
    year is four digits after white space and before no digit), so its sentence holds one.
    ``None``: every sentence is read (the plain form). ``memo``: find_dates's, for this text.
    """  # noqa: D205
    for a, b in sentences(text, start, end):
        if late is not None:
            i = bisect.bisect_left(late, a)
            if i == len(late) or late[i] >= b:
                continue
        if _FUTURE.search(text, a, b):
            continue
        later: list[tuple[int, int]] = [
            d.span for d in find_dates(text, a, b, memo) if d.start and d.start > limit
        ]
        for my in MONTH_YEAR_RE.finditer(text, a, b):
            if dt.date(int(my.group("y")), month_number(my.group("m")), 1) > limit:
                later.append(my.span())
        if later:
            return later[0]
    return None


def check_structure(has_sections: bool, outcomes: list[Outcome]) -> list[Diagnostic]:
    """Whole-report gaps: no numbered sections, no outcomes."""
    out = []
    if not has_sections:
        out.append(
            Diagnostic(
                code="sections-missing",
                severity=Severity.WARNING,
                message="no numbered sections were found; the report's structure is unknown",
            )
        )
    if not outcomes:
        out.append(
            Diagnostic(
                code="outcomes-missing",
                severity=Severity.WARNING,
                message="no outcomes or conclusions section was found",
            )
        )
    return out
