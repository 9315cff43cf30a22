"""Which meeting(s) a report covers: numbers, dates, venue and city.

Every pattern is a rule built from the lexicon's ``meetings`` section. A meeting's date comes
from the sentence that names the meeting and says it was held, else (for a report of one
meeting) from a place-and-date line of the header ("Geneva, 17-18 March 2010"): the two are
candidates resolved in that order.
"""

from __future__ import annotations

from itertools import pairwise

import regex

from copparse import patterncache
from copparse.extract import ExtractContext, finditer_opening, needs, opening_words
from copparse.extract.group import CODE_RE
from copparse.extract.lexicon import (
    ORDINAL_JOIN_RE,
    ORDINAL_RE,
    DateMatch,
    country_code,
    find_dates,
    parse_ordinal,
)
from copparse.extract.places import fewest_words
from copparse.lang import alternation, lexicon
from copparse.models import Diagnostic, Meeting, Severity, Span
from copparse.rules import Candidate, resolve, rule

__all__ = ["extract_meetings", "find_meeting_numbers"]

_LEX = lexicon("en")
_M = _LEX.meetings
_I = regex.IGNORECASE

# "the thirteenth meeting", "FIFTEENTH AND SIXTEENTH MEETINGS", "12th MEETING", "1st Meeting".
_MEETING_REF = rule(
    "meeting.number.ordinal",
    "meetings.number",
    rf"(?P<o1>{ORDINAL_RE})(?:\s*{ORDINAL_JOIN_RE}\s*(?P<o2>{ORDINAL_RE}))?"
    rf"\s+(?:{alternation(_M.noun_qualifiers)}\s+)?{alternation(_M.nouns)}",
    "A meeting's number: an ordinal in words or figures before 'meeting(s)' or 'session(s)'.",
    examples=[
        ("The thirteenth meeting of CWG-COP was held", "thirteenth meeting"),
        ("OUTCOME OF THE FIFtEENTH AND SIXTEENTH MEETINGS", "FIFtEENTH AND SIXTEENTH MEETINGS"),
        ("SUMMARY OF THE 10th MEETING", "10th MEETING"),
        ("the twenty-first Council meeting", "twenty-first Council meeting"),
    ],
    counter_examples=["the meeting was held", "the first item", "13 meetings"],
    needs=fewest_words(_M.nouns),
    flags=_I,
)
# "at the previous meeting", "since the 12th meeting": another meeting than the report's own.
_OTHER_MEETING = rule(
    "meeting.number.other",
    "meetings.number",
    rf"{alternation(_M.other_meeting)}\s+$",
    "Words right before 'Nth meeting' that make it another meeting than the report's.",
    examples=[("As agreed at the previous ", "previous "), ("since the ", "since the ")],
    counter_examples=["The ", "at the previous meeting"],
    flags=_I,
)
_OTHER_REACH = 20  # how far before "Nth meeting" those words may start
_D = _LEX.documents
# "recalled the report of its sixth meeting": the record of an earlier meeting, not a meeting
# of the report's.
_EARLIER_RECORD = rule(
    "meeting.number.earlier_record",
    "meetings.number",
    rf"\b{alternation(_D.record)}\s+{alternation(_M.earlier_record_of)}\s+$",
    "Words right before 'Nth meeting' that name the record of an earlier meeting.",
    examples=[
        ("The Group recalled the report of its ", "report of its "),
        ("noted the outcomes of its ", "outcomes of its "),
    ],
    counter_examples=["This report summarizes the outcome of the ", "The Group held its "],
    needs=fewest_words(needs(_D.record)),
    flags=_I,
)
_RECORD_REACH = 30  # how far before "Nth meeting" those words may start
# "the report of the eighth meeting (WG-CP/8/10)": a record named with "of the" before the
# meeting and cited by its document code after it.
_RECORD_OF = rule(
    "meeting.number.record_of",
    "meetings.number",
    rf"{alternation(_M.record_articles)}\s+{alternation(_D.record)}\s+{alternation(_D.record_of)}"
    rf"\s+$",
    "Words right before 'Nth meeting' that name its record in running text (an earlier"
    " meeting's where a code follows).",
    examples=[("The report of the ", "The report of the ")],
    counter_examples=["The Group held the ", "at the ", "SUMMARY OF THE "],
    needs=fewest_words(needs(_D.record)),
    flags=_I,
)
_RECORD_CODE = rule(
    "meeting.number.record_code",
    "meetings.number",
    rf"\s{{0,3}}[(:,]?\s{{0,3}}(?:{alternation(_D.contained_in)}\s{{1,3}})?"
    rf"(?:{alternation(_D.document_words)}\s{{0,3}})?(?P<code>{CODE_RE.pattern})",
    "The document code right after 'the report of the Nth meeting': an earlier meeting's record.",
    examples=[
        (" (WG-CP/8/10) was approved", "WG-CP/8/10"),
        (", contained in Document CWG-COP/26/10, was approved", "CWG-COP/26/10"),
    ],
    counter_examples=[" of the CWG-COP, held in Geneva", " was held on 3 May 2016"],
    group="code",
    flags=_I,
)
_HELD = rule(
    "meeting.held",
    "meetings.start_date",
    alternation(_M.held),
    "A sentence that names the meeting and says it was held gives its date and place.",
    examples=[
        ("It was held on 10 October 2016", "held"),
        ("which took  place in Geneva", "took  place"),
    ],
    counter_examples=["the Group agreed", "withheld"],
    needs=fewest_words(needs(_M.held)),
    flags=_I,
)
# The group's name holds "Online": "met at the Child Online Protection ..." is not virtual.
_GROUP_NAME = alternation((*_LEX.group.subject, *_LEX.group.names))
_VIRTUAL = rule(
    "meeting.virtual",
    "meetings.virtual",
    # \b rather than the alternations' own bounds: the phrases start and end with a letter,
    # and a leading \b lets the engine skip most positions of a whole-text search faster.
    rf"\b(?:{alternation(_M.virtual_held, bounded=False)}\s+(?:(?!{_GROUP_NAME})\w+\s+){{0,3}}?"
    rf"{alternation(_M.virtual_how, bounded=False)}"
    rf"|{alternation(_M.virtual_phrases, bounded=False)})\b",
    "The meeting was held online: 'held virtually', 'met online', 'a virtual meeting'.",
    examples=[
        ("The seventeenth meeting was held virtually on 5 May 2021.", "held virtually"),
        ("the Group met entirely online", "met entirely online"),
        ("held by video-conference", "held by video-conference"),
        ("in a fully virtual format", "fully virtual"),
    ],
    counter_examples=[
        "the meeting was held at the Child Online Protection forum",
        "held in Geneva",
        "virtually all delegates agreed",
    ],
    needs=fewest_words(needs((*_M.virtual_how, *_M.virtual_phrases))),
    flags=_I,
)
# "held in Geneva on 30 September 2025 and virtually on 12 February 2026": a mode written where
# another meeting of the clause has its place, right before its date.
_VIRTUAL_PART = rule(
    "meeting.virtual_part",
    "meetings.virtual",
    rf"(?<!\w){alternation(_M.virtual_how, bounded=False)}(?=\s+{alternation(_M.date_opens)}\s+\d)",
    "A meeting of a clause about several that was held online, the mode standing where another"
    " has its place: '... in Geneva on 30 September 2025 and virtually on 12 February 2026'.",
    examples=[
        ("in Geneva on 30 September 2025 and virtually on 12 February 2026", "virtually"),
        ("online on 4 May 2021 and in Geneva on 9 May 2022", "online"),
    ],
    counter_examples=[
        "the Working Group on Child Online Protection on 3 May 2021",
        "held virtually to discuss the plan",
    ],
    flags=_I,
)
# The words every match of _VIRTUAL opens with (the first of each of its two branches).
_VIRTUAL_OPENS = opening_words((*_M.virtual_held, *_M.virtual_phrases))
# "at the ITU Headquarters in Geneva", "at the CICG", "at the Varembé Conference Centre".
_VENUE = rule(
    "meeting.venue",
    "meetings.venue",
    rf"{alternation(_M.at)}\s+(?P<venue>(?:\p{{Lu}}[\w&'-]*\s+){{0,4}}{alternation(_M.venue_words)}"
    rf"|{alternation(_M.venue_names)})",
    "Where the meeting was held: a building named with its kind, or a known venue.",
    examples=[
        ("held at the ITU Headquarters in Geneva", "ITU Headquarters"),
        ("at the CICG", "CICG"),
        ("at the ITU Montbrillant Building", "ITU Montbrillant Building"),
    ],
    counter_examples=["at the end of the meeting", "At the ITU Headquarters"],
    group="venue",
)
_CAPITALISED = r"\p{Lu}\p{Ll}+"
_CITY = rule(
    "meeting.city",
    "meetings.city",
    rf"{alternation(_M.in_)}\s+(?P<city>{_CAPITALISED}(?:[ -]{_CAPITALISED})?)"
    rf"(?:\s*,\s*(?P<country>{_CAPITALISED}(?:\s{_CAPITALISED})?))?(?=[\s,.;)]|$)",
    "The city (and country) after 'in' in the meeting's sentence.",
    examples=[
        ("was held on 10 October 2016 in Geneva, Switzerland.", "Geneva"),
        ("held in Addis Ababa.", "Addis Ababa"),
    ],
    counter_examples=["in geneva", "in 2016"],
    group="city",
)
# "Geneva, 17-18 March 2010": a place and a date on one line of the header. A day's name is
# never the place ("held on Tuesday, 8 February 2022"), and may stand between the two.
_WEEKDAY = alternation(_LEX.dates.weekdays)
_PLACE_WORD = rf"(?!{_WEEKDAY}){_CAPITALISED}"
_PLACE_DATE = rule(
    "meeting.place_date_line",
    "meetings.start_date",
    rf"(?P<city>{_PLACE_WORD}(?:[ -]{_PLACE_WORD})?)\s*,\s*(?:{_WEEKDAY}\s*,?\s*)?"
    rf"(?=(?:{alternation(_LEX.dates.range_start)}\s+)?\d)",
    "A header line of a place and a date: the meeting's date when no sentence gives it.",
    examples=[
        ("Geneva, 17-18 March 2010", "Geneva"),
        ("Geneva, from 17 to 18 March", "Geneva"),
        ("Geneva, Tuesday, 8 February 2022", "Geneva"),
    ],
    counter_examples=[
        "geneva, 17 March",
        "Geneva 17 March",
        "was held virtually on Tuesday, 8 February 2022",
    ],
    group="city",
)
# "The meeting was held on 6 February 2024": a report of one meeting may name it so.
_THIS_MEETING = rule(
    "meeting.this_meeting",
    "meetings.start_date",
    rf"{alternation(_M.this_meeting)}\s+(?:\w+\s+){{0,2}}?{alternation(_M.held)}",
    "The report's one meeting named without its number, said to be held: its own sentence.",
    examples=[
        ("1.1 The meeting was held on 6 February 2024 in Geneva.", "The meeting was held"),
        ("This session took place online", "This session took place"),
    ],
    counter_examples=["The next meeting will be held in June", "the meetings were held"],
    needs=fewest_words(needs(_M.this_meeting)),
    flags=_I,
)
# "Council 2024" in its own cover cell: the place-and-date line under it is the session's.
_COUNCIL_SESSION = rule(
    "meeting.council_session",
    "meetings.start_date",
    rf"(?:^|\t){alternation(_M.council_session)}\s+(?:19|20)\d\d(?=[ \t]*(?:\t|$))",
    "A Council document's session cell: its place and dates are never a meeting's.",
    examples=[("Council 2024\nGeneva, 4-14 June 2024", "Council 2024")],
    counter_examples=["Council 2024 session", "the Council 2024\n"],
    flags=regex.MULTILINE,
)
# "held at ITU Headquarters, Geneva, on 29 January 2024": the city right after the venue and a
# comma, where a date, a country, how the meeting was held ("in a hybrid format") or the
# sentence's end follows it.
_CITY_AFTER_VENUE = rule(
    "meeting.city_after_venue",
    "meetings.city",
    rf"\s*,\s*(?P<city>{_PLACE_WORD}(?:[ -]{_PLACE_WORD})?)"
    rf"(?:\s*,\s*(?P<country>{_CAPITALISED}(?:\s{_CAPITALISED})?))?"
    rf"(?=\s*,?\s*(?:{alternation(_M.date_opens)}\s+)?(?:{_WEEKDAY}|\d)|\s*[.;)]|\s*$"
    rf"|\s*,?\s*{alternation(_M.mode_after_city)})",
    "The city after the venue and a comma, a date, the way it was held or the sentence's end"
    " after it.",
    examples=[
        (", Geneva, on 29 January 2024 in a hybrid format.", "Geneva"),
        (", Geneva, Switzerland, from 3 to 4 May 2030", "Geneva"),
        (", Addis Ababa.", "Addis Ababa"),
        (", Geneva 12 February 2015", "Geneva"),
        (", Geneva, in a hybrid format", "Geneva"),
    ],
    counter_examples=[
        ", Member States attended the meeting.",
        ", which hosted the meeting.",
        " in Geneva on 29 January 2024",
        ", Tuesday, 8 February 2022",
        ", Tuesday, in a hybrid format",
        ", Geneva, in hybridisation",
    ],
    group="city",
)
_NOT_CITY = frozenset(_M.not_city)
_DATE_ORDER = (_HELD.name, _THIS_MEETING.name, _PLACE_DATE.name)


def _place_before(text: str, date: DateMatch) -> regex.Match[str] | None:
    """The place written right before ``date`` on its line ("Geneva, 17-18 March 2010")."""
    line_start = text.rfind("\n", 0, date.span[0]) + 1
    return next(
        (
            m
            for m in _PLACE_DATE.finditer(text, line_start, date.span[0] + 1)
            if m.end() == date.span[0]
        ),
        None,
    )


_Refs = list[tuple[list[int], regex.Match[str]]]
# One extraction's _meeting_refs by span: a sentence is read for its meetings by several steps
# (its clauses, its dates, its place), the header twice; the answer for one span of one text is
# the same each time. Made per call of extract_meetings, never kept.
_Memo = dict[tuple[int, int], _Refs]


def _meeting_refs(text: str, start: int, end: int, memo: _Memo | None = None) -> _Refs:
    """Each "the Nth meeting(s)" of the report's own in ``text[start:end]``: its numbers, its
    match (taken from ``memo`` where the span was read before in this extraction).
    """  # noqa: D205
    if memo is not None:
        known = memo.get((start, end))
        if known is None:
            known = memo[start, end] = _meeting_refs(text, start, end)
        return known
    out = []
    for m in _MEETING_REF.finditer(text, start, end):
        if _OTHER_MEETING.search(text, max(start, m.start() - _OTHER_REACH), m.start()):
            continue
        if _earlier_record(text, start, end, m):
            continue
        values = [parse_ordinal(m.group(g)) if m.group(g) else None for g in ("o1", "o2")]
        out.append(([v for v in values if v], m))
    return out


def _earlier_record(text: str, start: int, end: int, m: regex.Match[str]) -> bool:
    """Whether the "Nth meeting" of ``m`` is named as an earlier meeting's record: "the report
    of its sixth meeting", "the report of the eighth meeting (WG-CP/8/10)".
    """  # noqa: D205
    before = max(start, m.start() - _RECORD_REACH)
    if _EARLIER_RECORD.search(text, before, m.start()):
        return True
    return bool(
        _RECORD_OF.search(text, before, m.start())
        and _RECORD_CODE.pattern.match(text, m.end(), min(end, m.end() + 80))
    )


def find_meeting_numbers(
    text: str, start: int, end: int, memo: _Memo | None = None
) -> list[tuple[int, tuple[int, int]]]:
    """Meeting numbers named in ``text[start:end]`` as "the Nth meeting(s)", in order.

    A reference to another meeting ("at the previous meeting", "since the 12th meeting") is
    left out.
    """
    out = []
    for values, m in _meeting_refs(text, start, end, memo):
        for value, group in zip(values, ("o1", "o2"), strict=False):
            out.append((value, m.span(group)))
    return out


def _clauses(text: str, a: int, b: int, memo: _Memo) -> list[tuple[list[int], tuple[int, int]]]:
    """The sentence ``text[a:b]`` cut where each meeting it names has a clause of its own.

    "The 27th meeting was held in Geneva on ...; the 28th meeting was held virtually on ...":
    each meeting gets the words from its name to the next meeting's name (the first, from the
    sentence's start), when each of those clauses says where or when it was held. Otherwise
    the whole sentence is about every meeting it names.
    """
    refs = [(values, m) for values, m in _meeting_refs(text, a, b, memo) if values]
    if len(refs) > 1:
        cuts = [a, *(m.start() for _, m in refs[1:]), b]
        clauses = [(values, (cuts[i], cuts[i + 1])) for i, (values, _) in enumerate(refs)]
        if all(
            _HELD.search(text, m.end(), clause[1])
            for (_, m), (_, clause) in zip(refs, clauses, strict=True)
        ):
            return clauses
    return [([v for values, _ in refs for v in values], (a, b))]


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


def _meeting_sentences(
    ctx: ExtractContext, numbers: list[int], memo: _Memo
) -> dict[int, list[tuple[int, int]]]:
    """The sentences that name each meeting and say it was held, in text order."""
    text, low = ctx.text, ctx.folded
    found: dict[int, list[tuple[int, int]]] = {n: [] for n in numbers}
    # Most sentences name no meeting: the rule's words skip them before any search.
    for a, b in ctx.sentences_holding(_MEETING_REF):
        if not _HELD.search(text, a, b):
            continue
        for refs, clause in _clauses(text, a, b, memo):
            for n in set(refs) & set(numbers):
                found[n].append(clause)
    if len(numbers) == 1 and _THIS_MEETING.could_match(low, ctx.header_end):
        # "The meeting was held on ...": the one meeting's own sentence, after those that
        # name it by number.
        for a, b in ctx.sentences_holding(_THIS_MEETING):
            if b > ctx.header_end and _THIS_MEETING.search(text, a, b):
                found[numbers[0]].append((a, b))
    return found


def _date_candidates(
    ctx: ExtractContext,
    numbers: list[int],
    about: dict[int, list[tuple[int, int]]],
    memo: _Memo,
) -> list[Candidate]:
    """Every source's date for each meeting, tagged with its rule.

    A sentence naming two meetings and two dates gives them in order: "the fifteenth and
    sixteenth meetings, held on 26 September 2019 and on 4 February 2020". A report of one
    meeting may also give its date on a header line: "Geneva, 17-18 March 2010".
    """
    text = ctx.text
    out: list[Candidate] = []
    dated: set[int] = set()
    for a, b in sorted({s for spans in about.values() for s in spans}):
        refs = [n for n, _ in find_meeting_numbers(text, a, b, memo) if n in numbers]
        by = _HELD.name
        if not refs and len(numbers) == 1:
            refs, by = numbers, _THIS_MEETING.name  # "The meeting was held on ..."
        pending = [n for n in dict.fromkeys(refs) if n not in dated]
        for n, d in zip(pending, find_dates(text, a, b, ctx.dates_found), strict=False):
            dated.add(n)
            out.append(Candidate("start_date", d, *d.span, by, {"number": n}))
    # A Council document's header place and date are the Council session's.
    council = _COUNCIL_SESSION.search(text, 0, ctx.header_end) is not None
    if len(numbers) == 1 and numbers[0] not in dated and not council:
        for d in find_dates(text, 0, ctx.header_end, ctx.dates_found):
            if _place_before(text, d):
                out.append(
                    Candidate("start_date", d, *d.span, _PLACE_DATE.name, {"number": numbers[0]})
                )
                break
    return out


def _place(
    text: str, about: list[tuple[int, int]], date: DateMatch | None
) -> tuple[dict[str, str], dict[str, tuple[int, int]], dict[str, str]]:
    """Venue, city and country from the sentences about one meeting, and their rules."""
    values: dict[str, str] = {}
    spans: dict[str, tuple[int, int]] = {}
    rules: dict[str, str] = {}

    def take(c: regex.Match[str] | None, by: str) -> None:
        if c is None or "city" in values or c.group("city") in _NOT_CITY:
            return
        values["city"] = c.group("city")
        spans["city"] = c.span("city")
        rules["city"] = by
        if c.group("country") and country_code(c.group("country")):
            values["country"] = c.group("country")
            spans["country"] = c.span("country")
            rules["country"] = by

    for a, b in about:
        v = _VENUE.search(text, a, b)
        if v and "venue" not in values:
            values["venue"] = v.group("venue")
            spans["venue"] = v.span("venue")
            rules["venue"] = _VENUE.name
        if v:
            take(_CITY_AFTER_VENUE.pattern.match(text, v.end(), b), _CITY_AFTER_VENUE.name)
        for c in _CITY.finditer(text, v.end() if v else a, b):
            take(c, _CITY.name)
        if "city" in values and "venue" in values:
            break
    if "city" not in values and date is not None:
        c2 = _place_before(text, date)
        if c2 and c2.group("city") not in _NOT_CITY:
            values["city"] = c2.group("city")
            spans["city"] = c2.span("city")
            rules["city"] = _PLACE_DATE.name
    return values, spans, rules


# "in Geneva and Kigali", "in Geneva, Bern and Kigali": after a city, another capitalised word
# in a list of places.
_MORE_PLACES = patterncache.compile(
    rf"(?<!\s)(?:\s*+,|\s++{alternation(_M.place_joins)}\s)\s*+\p{{Lu}}"
)


def _city_starts(text: str, a: int, b: int) -> list[int]:
    """Where a city is written in ``text[a:b]``: after "in", or after a venue and a comma.

    A city followed by more places in a list ("in Geneva and Kigali") counts twice: it is
    never the one place of every meeting.
    """
    found: set[int] = set()
    for c in _CITY.finditer(text, a, b):
        if c.group("city") not in _NOT_CITY:
            found.add(c.start("city"))
            if _MORE_PLACES.match(text, c.end(), b):
                found.add(c.end())
    for v in _VENUE.finditer(text, a, b):
        m = _CITY_AFTER_VENUE.pattern.match(text, v.end(), b)
        if m and m.group("city") not in _NOT_CITY:
            found.add(m.start("city"))
    return sorted(found)


def _own_part(
    ctx: ExtractContext, number: int, clause: tuple[int, int], memo: _Memo
) -> tuple[int, int] | None:
    """The part of ``clause`` that says where meeting ``number`` was held, or ``None``.

    A clause about one meeting, or one that writes a single place for all the meetings it
    names ("held in Geneva on 26 September 2019 and on 4 February 2020"), is the meeting's
    whole. Where it writes a place for each ("held on 30 September 2025 in Geneva and on 12-13
    February 2026 in Kigali, Rwanda"), each meeting, in the order of its date, takes the place
    written by that date: after it, up to the next date, or before it, after the last one.
    Where neither holds one place for each meeting, no part is the meeting's.
    """
    text = ctx.text
    a, b = clause
    refs = list(dict.fromkeys(n for n, _ in find_meeting_numbers(text, a, b, memo)))
    if number not in refs or len(refs) < 2:
        return clause
    cities = _city_starts(text, a, b)
    if len(cities) < 2:
        # One city, and a meeting held online where the other has it: each its own part.
        online = [m.start() for m in _VIRTUAL_PART.pattern.finditer(text, a, b)]
        if not cities or not online:
            return clause
        cities = sorted(cities + online)
    dates = find_dates(text, a, b, ctx.dates_found)
    if len(dates) != len(refs) or len(cities) != len(refs):
        return None
    i = refs.index(number)
    after = [a, *(d.span[0] for d in dates[1:]), b]  # "on D1 in Geneva and on D2 in Kigali"
    before = [a, *(d.span[1] for d in dates[:-1]), b]  # "in Geneva on D1 and in Kigali on D2"
    for cuts in (after, before):
        parts = list(pairwise(cuts))
        if all(sum(s <= c < e for c in cities) == 1 for s, e in parts):
            return parts[i]
    return None


def _says_online(text: str, a: int, b: int) -> bool:
    return bool(_VIRTUAL.search(text, a, b) or _VIRTUAL_PART.search(text, a, b))


def _virtual_meetings(
    ctx: ExtractContext, numbers: list[int], about: dict[int, list[tuple[int, int]]]
) -> set[int]:
    """The meetings the text says were held online.

    "Held virtually" in a meeting's own sentence or clause is said of that meeting only; in a
    sentence that names only other meetings ("the twenty-sixth meeting had been held
    online"), of none; where no meeting is named ("The meeting was held virtually"), of every
    meeting.
    """
    out: set[int] = set()
    if not _VIRTUAL.could_match(ctx.folded):
        return out
    text = ctx.text
    for m in finditer_opening(_VIRTUAL.pattern, text, ctx.folded, _VIRTUAL_OPENS):
        owners = {n for n in numbers if any(a <= m.start() < b for a, b in about[n])}
        if not owners and _MEETING_REF.search(text, *ctx.sentence_at(m.start())):
            continue  # a sentence about another meeting
        out |= owners or set(numbers)
    return out


def extract_meetings(ctx: ExtractContext) -> tuple[list[Meeting], list[Diagnostic]]:
    """Find the meeting(s) the report covers.

    Example: ``"The thirteenth meeting of CWG-COP was held on 2 February 2016 at the ITU
    Headquarters in Geneva."`` gives meeting 13 on 2016-02-02 at "ITU Headquarters", Geneva.
    """
    text, loc = ctx.text, ctx.loc
    diagnostics: list[Diagnostic] = []
    chosen: list[tuple[int, tuple[int, int]]] = []
    memo: _Memo = {}
    if _MEETING_REF.could_match(ctx.folded):
        for a, b in _sources(ctx):
            refs = find_meeting_numbers(text, a, b, memo)
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
        {n for n, _ in find_meeting_numbers(text, 0, ctx.header_end, memo) if n not in numbers}
    )
    if others:
        diagnostics.append(
            Diagnostic(
                code="meeting-number-conflict",
                severity=Severity.WARNING,
                message=f"the header also names meeting(s) {others}; kept {numbers}",
            )
        )
    about = _meeting_sentences(ctx, numbers, memo)
    candidates = _date_candidates(ctx, numbers, about, memo)
    virtual = _virtual_meetings(ctx, numbers, about)
    meetings = []
    for number, (a, b) in chosen:
        spans: dict[str, Span] = {"number": loc.span(a, b)}
        rules = {"number": _MEETING_REF.name}
        start = end = None
        best = resolve((c for c in candidates if c.extra["number"] == number), _DATE_ORDER)
        d = best.value if best else None
        assert d is None or isinstance(d, DateMatch)
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
        elif best is not None:
            start, end = d.start, d.end
            spans["start_date"] = spans["end_date"] = loc.span(*d.span)
            rules["start_date"] = rules["end_date"] = best.rule
        parts = [(c, _own_part(ctx, number, c, memo)) for c in about[number]]
        own = [part for _, part in parts if part]
        online = number in virtual
        for c, part in parts:
            # A clause that gives each meeting its own part says of each whether it was online.
            if part not in (None, c) and _says_online(text, *c):
                online = _says_online(text, *part)
                break
        place, place_spans, place_rules = _place(text, own, d)
        spans |= {k: loc.span(*v) for k, v in place_spans.items()}
        rules |= place_rules
        span = loc.span(a, b)
        meetings.append(
            Meeting(
                number=number,
                start_date=start,
                end_date=end,
                venue=place.get("venue"),
                city=place.get("city"),
                country=place.get("country"),
                virtual=online,
                span=span,
                field_spans=spans,
                field_rules=rules,
            )
        )
    meetings.sort(key=lambda m: m.number)
    return meetings, diagnostics
