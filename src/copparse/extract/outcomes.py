"""Outcomes: the items of the outcome, conclusion or recommendation section, the group's
decisions in any other section, and who is to act.
"""  # noqa: D205

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

import regex

from copparse import patterncache
from copparse.extract import (
    ExtractContext,
    body_start,
    finditer_at,
    folded,
    needs,
    opening_places,
    opening_words,
    sentences,
)
from copparse.extract.lexicon import country_code
from copparse.extract.places import fewest_words, shortest_words
from copparse.lang import alternation, lexicon
from copparse.models import Outcome, Paragraph
from copparse.rules import rule

__all__ = ["OUTCOME_TITLE_RE", "extract_outcomes", "find_actors", "find_decision"]

_OUTCOMES = lexicon("en").outcomes
_COUNTRIES = lexicon("en").countries

# The outcome word leads the title ("Conclusions", "Outcomes and next steps", "The way
# forward"): under "Discussion and recommendation" the paragraphs are a discussion, and only
# the group's decisions among them (``outcome.decision``) are outcomes.
OUTCOME_TITLE_RE = rule(
    "outcome.section_title",
    "outcomes",
    rf"^\s*(?:{alternation(_OUTCOMES.title_article)}\s+)?{alternation(_OUTCOMES.titles)}",
    "A section title led by an outcome word: the section's paragraphs are the outcomes.",
    examples=[
        ("Outcomes of the thirteenth meeting of the CWG-COP", "Outcomes"),
        ("Conclusions and next steps", "Conclusions"),
        ("Outcomes and next steps", "Outcomes"),
        ("Next steps", "Next steps"),
        ("Follow-up", "Follow-up"),
        ("Recommendations", "Recommendations"),
        ("The way forward", "The way forward"),
    ],
    counter_examples=[
        "Discussions",
        "Opening of the meeting",
        "Outcomesheet",
        "Discussion and recommendation",
        "Discussion and conclusions",
        "Consideration of the outcomes of WSIS",
    ],
    flags=regex.IGNORECASE,
).pattern


_SEPARATORS = patterncache.compile(r"[-\s]+")


def _key(actor: str) -> str:
    """An actor's spelling reduced to its letters: "Vice Chair" and "vice-chair" are one."""
    return _SEPARATORS.sub("", actor.lower())


_CANONICAL = {_key(written): recorded for written, recorded in _OUTCOMES.actors.items()}
_ACTOR = alternation(_OUTCOMES.actors)
_ACTOR_RE = rule(
    "outcome.actor",
    "outcomes.actors",
    _ACTOR,
    "One actor, within the actors a sentence gives something to do.",
    examples=[
        ("Member States and Sector Members", "Member States"),
        ("the ITU Secretariat", "ITU Secretariat"),
    ],
    counter_examples=["the delegation of Kenya", "Groups"],
    flags=regex.IGNORECASE,
).pattern
_JOIN = "|".join(
    rf"\s+{alternation([j])}\s+" if j[0].isalnum() else rf"\s*{regex.escape(j)}\s*"
    for j in _OUTCOMES.actor_joins
)
_THE = alternation(_OUTCOMES.actor_article)
# One actor or several joined: "Member States and Sector Members".
_ACTORS = rf"(?P<actors>{_ACTOR}(?:(?:{_JOIN})(?:{_THE}\s+)?{_ACTOR}){{0,6}})"
_ACTS = rule(
    "outcome.actors",
    "outcomes.actors",
    rf"(?:{_THE}\s+)?{_ACTORS}\s+{alternation(_OUTCOMES.acts_after)}"
    rf"|{alternation(_OUTCOMES.acts_before)}\s+(?:{_THE}\s+)?{_ACTORS}\s+"
    rf"{alternation(_OUTCOMES.acts_before_to)}",
    "Who a sentence gives something to do: \"the Secretariat will\", \"requested the Group to\".",
    examples=[
        ("the Secretariat will work on it", "Secretariat"),
        ("Member States and Sector Members are invited to contribute",
         "Member States and Sector Members"),
        ("and requested the Secretariat to translate them", "Secretariat"),
        ("The Chairman will report to Council 2017.", "Chairman"),
        ("Sector Members and academia are encouraged to share their research",
         "Sector Members and academia"),
    ],
    counter_examples=[
        "It was encouraged to involve the Regional Offices.",
        "the Secretariat noted it",
    ],
    group="actors",
    flags=regex.IGNORECASE,
)  # fmt: skip


# "the United Mexican States and the Republic of Korea are invited to": a country is an actor
# too, named in up to five capitalised words with "of [the]" between them (never a word that
# opens a sentence: "It was encouraged to"); a run of such names and the lexicon's actors is
# read as one, and each name is kept only where it is a country's.
_COUNTRY_NAME = (
    rf"(?-i:(?!{alternation(lexicon('en').segment.sentence_openers)})\p{{Lu}}[\p{{L}}'’-]*+(?:\s++(?:(?i:{alternation(_COUNTRIES.formal_of)})\s++)?"
    rf"\p{{Lu}}[\p{{L}}'’-]*+){{0,4}}+)"
)
_ELEMENT = rf"(?:{_ACTOR}|{_COUNTRY_NAME})"
_NAMED_ACTORS = (
    rf"(?P<actors>(?P<name>{_ELEMENT})(?:(?:{_JOIN})(?:{_THE}\s+)?(?P<name>{_ELEMENT})){{0,6}})"
)
_COUNTRY_ACTS = rule(
    "outcome.actors.country",
    "outcomes.actors",
    rf"(?:{_THE}\s+)?{_NAMED_ACTORS}\s+{alternation(_OUTCOMES.acts_after)}"
    rf"|{alternation(_OUTCOMES.acts_before)}\s+(?:{_THE}\s+)?{_NAMED_ACTORS}\s+"
    rf"{alternation(_OUTCOMES.acts_before_to)}",
    "Countries among who a sentence gives something to do, named as written.",
    examples=[
        ("The United Mexican States and the Republic of Korea are invited to present",
         "United Mexican States and the Republic of Korea"),
        ("The Secretariat and Kenya will report", "Secretariat and Kenya"),
        ("and invited Japan to share its experience", "Japan"),
    ],
    counter_examples=[
        "the Republic of Korea presented its proposal",
        "It was encouraged to involve the Regional Offices.",
    ],
    group="actors",
    flags=regex.IGNORECASE,
)  # fmt: skip


# Every match of _ACTS opens with the article, an actor or a word before the actors; one of
# _COUNTRY_ACTS opens with one of those or a capital (a country's name): both are put only
# there (see finditer_opening), not at every character of the sentence.
_ACTS_OPENS = shortest_words(
    opening_words([*_OUTCOMES.actor_article, *_OUTCOMES.actors, *_OUTCOMES.acts_before])
)
_CAPITAL = patterncache.compile(r"\p{Lu}")


def find_actors(text: str) -> list[str]:
    """Who a sentence gives something to do.

    Example: ``"the Secretariat will work on the exact wording"`` -> ``["Secretariat"]``;
    ``"The Republic of Korea is invited to ..."`` -> ``["Republic of Korea"]``.
    """
    found: list[tuple[int, str]] = []
    places = opening_places(folded(text), _ACTS_OPENS)
    named = places
    if places is not None:
        capitals = [m.start() for m in _CAPITAL.finditer(text)]
        named = sorted({*places, *capitals}) if capitals else places
    for m in finditer_at(_ACTS.pattern, text, places):
        for a in _ACTOR_RE.finditer(m.group("actors")):
            found.append(
                (m.start("actors") + a.start(), _CANONICAL.get(_key(a.group(0)), a.group(0)))
            )
    for m in finditer_at(_COUNTRY_ACTS.pattern, text, named):
        # Each name of the run as the match read it: "BDT Director" is one name, no country.
        for name, at in zip(m.captures("name"), m.starts("name"), strict=True):
            if _ACTOR_RE.fullmatch(name):
                found.append((at, _CANONICAL.get(_key(name), name)))
            elif country_code(name):
                found.append((at, name))
    out: list[str] = []
    for _, actor in sorted(found, key=lambda f: f[0]):
        if actor not in out:
            out.append(actor)
    return out


# The group's decisions outside the outcome sections: "4.2 The Group agreed to establish a
# correspondence group." under "Discussion". The subject opens a clause: the sentence's start,
# after a comma, semicolon or colon ("Following the discussion, the Group agreed"), or right
# after a sentence's end that lost its space with a line break ("...schools".The Group").
_GROUP = lexicon("en").group
_SUBJECT = alternation([*_OUTCOMES.decision_subjects, *_GROUP.names, *_GROUP.abbreviations])
_ADVERB = alternation(_OUTCOMES.decision_adverbs)
_REQUEST_TO = alternation(_OUTCOMES.decision_request_to)
# "took note of the document and": what the group did before its decision, in the same clause.
_FIRST = (
    rf"{alternation(_OUTCOMES.decision_first)}"
    rf"(?:\s+(?!{alternation(_OUTCOMES.decision_first_not)})[^\s,;:.!?]+){{0,12}}?"
    rf",?\s+{alternation(_OUTCOMES.decision_first_joins)}\s+(?:{_ADVERB}\s+)?"
)
_CLAUSE_START = r"(?:^|(?<=[,;:]\s{1,4})|(?<=[.!?][\"”’)]?))"
_DECISION = rule(
    "outcome.decision",
    "outcomes",
    rf"{_CLAUSE_START}(?P<decision>"
    rf"(?:{_THE}\s+)?{_SUBJECT}\s+(?:{_ADVERB}\s+)?(?:{_FIRST})?"
    rf"(?:{alternation(_OUTCOMES.decision_verbs)}\s+{alternation(_OUTCOMES.decision_verb_objects)}"
    rf"|{alternation(_OUTCOMES.decision_requests)}"
    rf"(?=(?:\s+[^\s.;!?]+){{0,8}}?\s+{_REQUEST_TO}(?!\w))"
    rf"|{alternation(_OUTCOMES.decision_endorsements)})"
    rf"|{alternation(_OUTCOMES.decision_impersonal)}\s+(?:{_ADVERB}\s+)?"
    rf"{alternation(_OUTCOMES.decision_impersonal_verbs)}\s+"
    rf"{alternation(_OUTCOMES.decision_verb_objects)})",
    "A decision of the group in any section, an outcome: \"The Group agreed to\", \"It was"
    " agreed that\".",
    examples=[
        ("The Group agreed to establish a correspondence group.", "The Group agreed to"),
        ("The Group encouraged Member States to share their national strategies.",
         "The Group encouraged"),
        ("The CWG-COP agreed that future agendas should include an item on youth consultation.",
         "The CWG-COP agreed that"),
        ("It was agreed that the Secretariat would circulate the questionnaire.",
         "It was agreed that"),
        ("Members agreed to meet online.", "Members agreed to"),
        ("The Group also requested the Secretariat to compile the strategies received.",
         "The Group also requested"),
        ("Following the discussion, the Group decided not to revise the guidelines.",
         "the Group decided not to"),
        ("The Secretariat presented the draft; the Group agreed to comment on it.",
         "the Group agreed to"),
        ("The meeting endorsed the draft guidelines.", "The meeting endorsed"),
        ("The Group took note of the document and agreed to review it.",
         "The Group took note of the document and agreed to"),
        ("The Group welcomed the update, and also requested the Secretariat to publish it.",
         "The Group welcomed the update, and also requested"),
    ],
    counter_examples=[
        "Kenya agreed to share its national plan.",
        "The Secretariat requested Member States to reply.",
        "The Chairperson recalled that at its last meeting the Group had agreed to meet twice.",
        "The Group had agreed to meet twice.",
        "Several members agreed that the survey was useful.",
        "The Group welcomed the draft guidelines.",
        "The Group agreed the agenda.",
        "The Group was invited to agree on the timetable.",
        "If the Group agreed to it, the Secretariat would draft a text.",
        "Could the Group agree to a second meeting?",
        "The Group expressed the wish that its next meeting be held in Nairobi.",
        "The Group hoped to hold its next meeting in person.",
        "The Group requested an update.",
        "The Group noted the report and Kenya agreed to share its plan.",
        "The Group noted that Kenya had tested the tool and agreed to share it.",
        "The chair opened the floor for comments and encouraged member states to act.",
    ],
    needs=fewest_words(needs(
        [
            *_OUTCOMES.decision_verbs,
            *_OUTCOMES.decision_requests,
            *_OUTCOMES.decision_endorsements,
            *_OUTCOMES.decision_impersonal_verbs,
        ]
    )),
    group="decision",
    flags=regex.IGNORECASE,
)  # fmt: skip
_NOT_DECIDED = rule(
    "outcome.decision.reported",
    "outcomes",
    alternation(_OUTCOMES.decision_not_before),
    "Before a decision in its clause: a report of it, a condition or a question; no outcome.",
    examples=[
        ("The Chairperson recalled that, at that time, ", "recalled"),
        ("The Chair asked whether, on reflection, ", "whether"),
        ("If, after all, ", "If"),
    ],
    counter_examples=["Following the discussion, ", "In relation to the outcomes, "],
    flags=regex.IGNORECASE,
)
_EARLIER = rule(
    "outcome.decision.earlier",
    "outcomes",
    rf"{alternation(_OUTCOMES.decision_earlier_at)}\s+{alternation(_OUTCOMES.decision_earlier)}"
    rf"\s+{alternation(lexicon('en').meetings.nouns)}",
    "A decision of an earlier meeting, recalled: no outcome of this one.",
    examples=[
        ("At its last meeting, the Group agreed to meet twice a year.", "At its last meeting"),
        ("the Group decided at the previous session to", "at the previous session"),
    ],
    counter_examples=["the Group agreed to report at its next meeting"],
    flags=regex.IGNORECASE,
)
# Where a clause of a sentence begins: after a semicolon, or right after a sentence's end that
# lost its space with a line break ('...schools".The Group').
_CLAUSE_BREAK = patterncache.compile(r";|(?<=[.!?][\"”’)]?)(?=\S)")


def _may_break(body: str) -> bool:
    """Whether ``_CLAUSE_BREAK`` can match in ``body``: only at a ";", or before a character
    that follows an end mark (and a quote): never where no ";" stands and no end mark before
    the last character (most sentences), which this tells without the pattern's look-behind
    at every character.
    """  # noqa: D205
    return ";" in body or any(body.find(c, 0, len(body) - 1) >= 0 for c in ".!?")


def _clause_places(body: str, start: int, end: int) -> list[int]:
    r"""Every place in ``[start, end]`` where ``_CLAUSE_START`` can hold, in text order: the
    text's start; right after a ".", "!" or "?", or after one of them and a closing quote or
    bracket; after a ",", ";" or ":" and one to four white-space characters. The marks may
    stand before ``start``: the pattern's look-behinds read the text before it.

    White space is what ``str.isspace`` takes, which is the engine's ``\s`` and the four
    separators U+001C-U+001F besides: a place or two more to try, never one less.
    """  # noqa: D205
    places = {0} if start == 0 else set()
    low = max(start - 6, 0)
    for mark in ".!?":
        at = body.find(mark, low, end)
        while at >= 0:
            places.add(at + 1)
            if at + 1 < len(body) and body[at + 1] in '"”’)':
                places.add(at + 2)
            at = body.find(mark, at + 1, end)
    for mark in ",;:":
        at = body.find(mark, low, end)
        while at >= 0:
            q = at + 1
            while q < len(body) and q - at <= 4 and body[q].isspace():
                q += 1
                places.add(q)
            at = body.find(mark, at + 1, end)
    return sorted(p for p in places if start <= p <= end)


def _first_decision(body: str, start: int, end: int) -> regex.Match[str] | None:
    """``_DECISION.search(body, start, end)``, with the pattern put only where its clause
    start can hold (:func:`_clause_places`), not at every character.

    The same match: every match opens with ``_CLAUSE_START``, a place and no text; the engine
    reads ``^`` at the text's start only, lets the look-behinds read before ``start``, and
    ends the look-aheads at ``end`` alike whether it searches from ``start`` or matches at a
    place. A search gives the match at the first place where one opens, which is the first of
    these places where a match opens.
    """  # noqa: D205
    match = _DECISION.pattern.match
    for at in _clause_places(body, start, end):
        m = match(body, at, end)
        if m is not None:
            return m
    return None


def find_decision(text: str) -> int | None:
    """Where the group's decision in a sentence begins its clause, or ``None``.

    A decision is the group's own ("The Group agreed to ...", "It was agreed that ...", see
    ``outcome.decision``), made at this meeting: never one recalled from an earlier meeting,
    reported ("recalled that ... the Group agreed"), made a condition, or asked.

    Example: ``"Kenya presented it; the Group agreed to comment."`` -> ``20`` (the clause
    "the Group agreed to comment." is the outcome); ``"If the Group agreed to it, ..."`` ->
    ``None``.
    """
    body = text.rstrip()
    if not body or body.endswith("?"):
        return None
    # Each clause is searched once: its first decision counts, unless a word before it in the
    # clause (or an earlier meeting anywhere in it) says it is no decision of this meeting.
    starts = [0, *(m.end() for m in _CLAUSE_BREAK.finditer(body))] if _may_break(body) else [0]
    for start, end in zip(starts, [*starts[1:], len(body)], strict=True):
        m = _first_decision(body, start, end)
        if m is None:
            continue
        if _NOT_DECIDED.search(body, start, m.start()) or _EARLIER.search(body, start, end):
            continue
        while body[start].isspace():
            start += 1
        return start
    return None


def _outcome_sections(ctx: ExtractContext) -> list[Paragraph]:
    """Every paragraph of the top-level numbered sections whose title an outcome word leads
    ("Conclusions", "Outcomes and next steps"; not "Discussion and recommendation").
    """  # noqa: D205
    out = []
    for section in ctx.seg.sections:
        if (
            section.number is None
            or not section.title
            or not OUTCOME_TITLE_RE.search(section.title)
        ):
            continue
        for _, s in section.walk():
            out.extend(s.paragraphs)
    return out


class _WordPlaces:
    """Where ``words`` stand in ``low`` (:func:`folded` of a text) over the spans of ``read``,
    for tests of spans within them: :meth:`held` is ``any(low.find(w, a, b) >= 0 for w in
    words)`` (true for every span without ``low``), as ``spans_holding`` gives it, with each
    word looked for once instead of once per span.
    """  # noqa: D205

    def __init__(
        self, low: str | None, words: Sequence[str], read: Sequence[tuple[object, int, int]]
    ) -> None:
        self.every = low is None or not words
        self.places: list[tuple[int, int]] = []
        self.starts: list[int] = []
        if self.every or not read:
            return
        assert low is not None
        start, end = min(a for _, a, _ in read), max(b for _, _, b in read)
        for word in words:
            at = low.find(word, start, end)
            while at >= 0:
                self.places.append((at, at + len(word)))
                at = low.find(word, at + 1, end)
        self.places.sort()
        self.starts = [at for at, _ in self.places]

    def held(self, a: int, b: int) -> bool:
        """Whether ``[a, b)`` holds one of the words whole (within the spans looked in)."""
        if self.every:
            return True
        places = self.places
        i = bisect_left(self.starts, a)
        while i < len(places) and places[i][0] < b:
            if places[i][1] <= b:
                return True
            i += 1
        return False


def _decisions(ctx: ExtractContext, skip: set[int]) -> list[Outcome]:
    """The group's decisions in the paragraphs outside ``skip`` (the outcome sections' own),
    one outcome per sentence (its clause, after a semicolon), numbered as its paragraph.

    In a numbered report, the header block before the first number (its Summary repeats the
    outcomes) is left out; a report without numbers is read whole.
    """  # noqa: D205
    text = ctx.text
    numbered = ctx.header_end < len(text)
    out = []
    read = [
        (p, body_start(p), p.span.end)
        for _, p in ctx.paragraphs()
        if not (id(p) in skip or (numbered and p.span.start < ctx.header_end))
    ]
    # The paragraphs, then their sentences, that hold one of the rule's words: no other can
    # hold a decision (as _DECISION.could_match tests it). The words are looked for once in
    # the text the paragraphs span, and each span is tested against where they stand.
    words = _WordPlaces(ctx.folded, _DECISION.needs, read)
    for p, a, b in read:
        if not words.held(a, b):
            continue
        for s, e in sentences(text, a, b, by_line=False):
            # A sentence without one of the rule's words holds no decision: not searched.
            if not words.held(s, e):
                continue
            sentence = text[s:e].rstrip()
            at = find_decision(sentence)
            if at is None:
                continue
            clause = sentence[at:]
            out.append(
                Outcome(
                    number=p.number,
                    text=clause,
                    actors=find_actors(clause),
                    span=ctx.loc.span(s + at, s + len(sentence)),
                )
            )
    return out


def extract_outcomes(ctx: ExtractContext) -> list[Outcome]:
    """Every paragraph of the sections whose title an outcome word leads ("Conclusions",
    "Recommendations"), and the group's decisions in the other sections, in text order.
    """  # noqa: D205
    paragraphs = _outcome_sections(ctx)
    out = [
        Outcome(number=p.number, text=p.text, actors=find_actors(p.text), span=p.span)
        for p in paragraphs
    ]
    out += _decisions(ctx, {id(p) for p in paragraphs})
    return sorted(out, key=lambda o: o.span.start)
