"""Which meeting(s) a report covers: numbers, dates, venue and city."""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from copparse.extract import ExtractContext
from copparse.extract.lexicon import ORDINAL_RE, DateMatch, country_code, find_dates, parse_ordinal
from copparse.models import Diagnostic, Meeting, Severity, Span

__all__ = ["extract_meetings", "find_meeting_numbers"]

# "the thirteenth meeting", "FIFTEENTH AND SIXTEENTH MEETINGS", "12th MEETING", "1st Meeting".
_MEETING_REF = regex.compile(
    rf"(?P<o1>{ORDINAL_RE})(?:\s*(?:,|and|&)\s*(?P<o2>{ORDINAL_RE}))?"
    r"\s+(?:(?:Council\s+)?(?:Working\s+Group\s+)?)?(?:meetings?|sessions?)\b",
    regex.IGNORECASE,
)
# "at the previous meeting", "since the 12th meeting": another meeting than the report's own.
_NOT_THIS = regex.compile(
    r"(?:previous|last|next|future|past|upcoming|forthcoming|preceding|since\s+the|until\s+the"
    r"|before\s+the|after\s+the)\s+$",
    regex.IGNORECASE,
)
_HELD = regex.compile(r"\b(?:held|took\s+place|convened|met|meeting)\b", regex.IGNORECASE)
_VIRTUAL = regex.compile(
    r"\b(?:held|took\s+place|convened|met)\s+(?:\w+\s+){0,3}?(?:virtually|online|remotely"
    r"|by\s+video-?conference)|\bvirtual\s+(?:meeting|format)|\bfully\s+virtual",
    regex.IGNORECASE,
)
# "at the ITU Headquarters in Geneva", "at the CICG".
_VENUE = regex.compile(
    r"\bat\s+(?:the\s+)?(?P<venue>(?:ITU\s+)?Headquarters|(?:\p{Lu}[\w&'-]*\s+){0,4}"
    r"(?:Building|Centre|Center|Hall|Tower|Palace|Headquarters|Hotel)|CICG|ITU)\b",
)
_CITY = regex.compile(
    r"\bin\s+(?P<city>\p{Lu}\p{Ll}+(?:[ -]\p{Lu}\p{Ll}+)?)(?:\s*,\s*(?P<country>\p{Lu}\p{Ll}+"
    r"(?:\s\p{Lu}\p{Ll}+)?))?(?=[\s,.;)]|$)"
)
_CITY_BEFORE_DATE = regex.compile(
    r"(?P<city>\p{Lu}\p{Ll}+(?:[ -]\p{Lu}\p{Ll}+)?)\s*,\s*(?=(?:from\s+)?\d)"
)
_NOT_CITY = regex.compile(
    r"^(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Accordance|Relation|Particular|Addition|Order|Coordination|Cooperation|Line"
    r"|Person|Response|Support|Charge|View|Light|Favour|Favor|The|This|Council|Document|Summary"
    r"|Report|Original|Date)$"
)


@dataclass
class _Found:
    number: int
    span: tuple[int, int]
    dates: list[DateMatch] = field(default_factory=list)


def find_meeting_numbers(text: str, start: int, end: int) -> list[tuple[int, tuple[int, int]]]:
    """Meeting numbers named in ``text[start:end]`` as "the Nth meeting(s)", in order.

    A reference to another meeting ("at the previous meeting", "since the 12th meeting") is
    left out.
    """
    out = []
    for m in _MEETING_REF.finditer(text, start, end):
        if _NOT_THIS.search(text, max(start, m.start() - 20), m.start()):
            continue
        for group in ("o1", "o2"):
            word = m.group(group)
            value = parse_ordinal(word) if word else None
            if value:
                out.append((value, m.span(group)))
    return out


def _sources(ctx: ExtractContext) -> list[tuple[int, int]]:
    """Where the report's own meeting numbers are said, strongest first."""
    out: list[tuple[int, int]] = [(0, ctx.header_end)]
    for _, para in ctx.paragraphs():
        if para.span.start < ctx.header_end:
            continue
        out.append((para.span.start, para.span.end))
        if len(out) > 3:
            break
    out.append((0, len(ctx.text)))
    return out


def _meeting_sentences(ctx: ExtractContext, numbers: list[int]) -> dict[int, list[tuple[int, int]]]:
    """The sentences that name each meeting and say it was held, in text order."""
    text = ctx.text
    found: dict[int, list[tuple[int, int]]] = {n: [] for n in numbers}
    # Most sentences name no meeting: a substring test skips them at a fraction of a pattern
    # search's cost.
    low = ctx.folded
    for a, b in ctx.sentences:
        if low is not None and low.find("meeting", a, b) < 0 and low.find("session", a, b) < 0:
            continue
        refs = {n for n, _ in find_meeting_numbers(text, a, b)}
        if refs and _HELD.search(text, a, b):
            for n in refs & set(numbers):
                found[n].append((a, b))
    return found


def _meeting_dates(
    ctx: ExtractContext, numbers: list[int], about: dict[int, list[tuple[int, int]]]
) -> dict[int, DateMatch]:
    """The first date given for each meeting.

    A sentence naming two meetings and two dates gives them in order: "the fifteenth and
    sixteenth meetings, held on 26 September 2019 and on 4 February 2020".
    """
    text = ctx.text
    found: dict[int, DateMatch] = {}
    for a, b in sorted({s for spans in about.values() for s in spans}):
        refs = [n for n, _ in find_meeting_numbers(text, a, b) if n in numbers]
        dates = find_dates(text, a, b)
        pending = [n for n in dict.fromkeys(refs) if n not in found]
        for n, d in zip(pending, dates, strict=False):
            found[n] = d
    missing = [n for n in numbers if n not in found]
    if missing and len(numbers) == 1:
        # The header line of older reports: "Geneva, 17-18 March 2010".
        for d in find_dates(text, 0, ctx.header_end):
            line_start = text.rfind("\n", 0, d.span[0]) + 1
            if _CITY_BEFORE_DATE.search(text, line_start, d.span[0] + 1):
                found[missing[0]] = d
                break
    return found


def _place(
    text: str, about: list[tuple[int, int]], date: DateMatch | None
) -> tuple[dict[str, str], dict[str, tuple[int, int]]]:
    """Venue, city and country from the sentences about one meeting."""
    values: dict[str, str] = {}
    spans: dict[str, tuple[int, int]] = {}
    for a, b in about:
        v = _VENUE.search(text, a, b)
        if v and "venue" not in values:
            values["venue"] = v.group("venue")
            spans["venue"] = v.span("venue")
        for c in _CITY.finditer(text, v.end() if v else a, b):
            if "city" in values or _NOT_CITY.match(c.group("city")):
                continue
            values["city"] = c.group("city")
            spans["city"] = c.span("city")
            if c.group("country") and country_code(c.group("country")):
                values["country"] = c.group("country")
                spans["country"] = c.span("country")
        if "city" in values and "venue" in values:
            break
    if "city" not in values and date is not None:
        line_start = text.rfind("\n", 0, date.span[0]) + 1
        c2 = _CITY_BEFORE_DATE.search(text, line_start, date.span[0] + 1)
        if c2 and not _NOT_CITY.match(c2.group("city")):
            values["city"] = c2.group("city")
            spans["city"] = c2.span("city")
    return values, spans


def extract_meetings(ctx: ExtractContext) -> tuple[list[Meeting], list[Diagnostic]]:
    """Find the meeting(s) the report covers.

    Example: ``"The thirteenth meeting of CWG-COP was held on 2 February 2016 at the ITU
    Headquarters in Geneva."`` gives meeting 13 on 2016-02-02 at "ITU Headquarters", Geneva.
    """
    text, loc = ctx.text, ctx.loc
    diagnostics: list[Diagnostic] = []
    chosen: list[tuple[int, tuple[int, int]]] = []
    for a, b in _sources(ctx):
        refs = find_meeting_numbers(text, a, b)
        if refs:
            chosen = list({n: (n, span) for n, span in reversed(refs)}.values())[::-1]
            break
    if not chosen:
        diagnostics.append(
            Diagnostic(
                code="meeting-number-missing",
                severity=Severity.ERROR,
                message="no meeting number found (such as 'the thirteenth meeting')",
            )
        )
        return [], diagnostics
    numbers = [n for n, _ in chosen]
    others = sorted(
        {n for n, _ in find_meeting_numbers(text, 0, ctx.header_end) if n not in numbers}
    )
    if others:
        diagnostics.append(
            Diagnostic(
                code="meeting-number-conflict",
                severity=Severity.WARNING,
                message=f"the header also names meeting(s) {others}; kept {numbers}",
            )
        )
    about = _meeting_sentences(ctx, numbers)
    dates = _meeting_dates(ctx, numbers, about)
    virtual = bool(_VIRTUAL.search(text))
    meetings = []
    for number, (a, b) in chosen:
        spans: dict[str, Span] = {"number": loc.span(a, b)}
        start = end = None
        d = dates.get(number)
        if d is None:
            diagnostics.append(
                Diagnostic(
                    code="meeting-date-missing",
                    severity=Severity.WARNING,
                    message=f"no date found for meeting {number}",
                    span=spans["number"],
                )
            )
        elif d.start is None:
            diagnostics.append(
                Diagnostic(
                    code="date-unreadable",
                    severity=Severity.WARNING,
                    message=f"the date {d.text!r} of meeting {number} is not a valid date",
                    span=loc.span(*d.span),
                )
            )
        else:
            start, end = d.start, d.end
            spans["start_date"] = spans["end_date"] = loc.span(*d.span)
        place, place_spans = _place(text, about[number], d)
        spans |= {k: loc.span(*v) for k, v in place_spans.items()}
        span = loc.span(a, b)
        meetings.append(
            Meeting(
                number=number,
                start_date=start,
                end_date=end,
                venue=place.get("venue"),
                city=place.get("city"),
                country=place.get("country"),
                virtual=virtual,
                span=span,
                page=span.page,
                field_spans=spans,
            )
        )
    return meetings, diagnostics
