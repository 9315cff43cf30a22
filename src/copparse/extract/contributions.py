"""Contributions: the numbered input documents, who sent them, and where they are discussed."""

from __future__ import annotations

import operator
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from copparse import patterncache
from copparse.extract import (
    ExtractContext,
    finditer_at,
    needs,
    opening_places,
    opening_words,
    spans_holding,
)
from copparse.extract.group import CODE_RE, CODE_RULE, canonical_group
from copparse.extract.lexicon import NUMBER_CANDIDATE_RE, country_code, demonym_country, first_count
from copparse.lang import alternation, expand, lexicon
from copparse.models import Contribution, Paragraph, ParagraphKind, Section, Span, SubmitterKind
from copparse.rules import Rule, rule

__all__ = [
    "CODE_RE",
    "canonical_group",
    "extract_contributions",
    "extract_contributions_stated",
    "submitter_kind",
]

_LEX = lexicon("en").contributions


_WORD_EDGES = patterncache.compile(r"\w(?:.*\w)?", regex.DOTALL)


def _alt(phrases: Sequence[str], *, bounded: bool = True) -> str:
    r""":func:`alternation` of ``phrases``, bounded by word boundaries (``\b``) where every
    phrase begins and ends with a letter: it matches the same, and the engine finds such a
    pattern's first letters faster than it tries a look-behind at every position.
    """  # noqa: D205
    if bounded and all(_WORD_EDGES.fullmatch(p) for p in phrases):
        return rf"\b{alternation(phrases, bounded=False)}\b"
    return alternation(phrases, bounded=bounded)


def _needs(phrases: Sequence[str]) -> list[str]:
    """The words a rule over ``phrases`` needs, without those another one begins: a text that
    holds "representatives" holds "representative", so one test of the shorter word does.
    """  # noqa: D205
    out: list[str] = []
    for word in sorted(needs(phrases), key=len):
        if not any(word.startswith(kept) for kept in out):
            out.append(word)
    return out


_FROM = rule(
    "contribution.item.from",
    "contributions.submitter",
    rf"{_alt(_LEX.from_, bounded=False)}\s+",
    "What opens a listed item's submitter: 'CODE: Contribution from RUSSIA: Title'.",
    examples=[
        ("Contribution from RUSSIA: How to make", "Contribution from "),
        ("Submitted by the Secretariat", "Submitted by the "),
    ],
    counter_examples=["Contributions were received", "Fromage"],
    flags=regex.IGNORECASE,
)
_SEPARATOR = rule(
    "contribution.item.separator",
    "contributions.title",
    r"\s*(?::|\t|\s[-–—]\s|\s\|\s)\s*",
    "What sets a listed item's submitter apart from its title: a colon, a tab, a dash, a bar.",
    examples=[("RUSSIA: How to Make Internet Safer", ": "), ("Kenya | A plan", " | ")],
    counter_examples=["Child-friendly tools"],
)
# The whole submitter, as written: "the ITU Secretariat", "BDT (Mr X)", "Vice-Chairman".
_THE = _alt(_LEX.article)
_SECRETARIAT = rule(
    "contribution.submitter.secretariat",
    "contributions.submitter_kind",
    rf"^(?:{_THE}\s+)?{_alt(_LEX.secretariat)}(?:\s*\([^)]*\))?$",
    "A submitter that is ITU itself: its kind is secretariat.",
    examples=[("the ITU Secretariat", "the ITU Secretariat"), ("BDT (Mr Smith)", "BDT (Mr Smith)")],
    counter_examples=["Secretariat of the Pacific", "Trend Micro"],
    flags=regex.IGNORECASE,
).pattern
_SECRETARIAT_UNIT = rule(
    "contribution.submitter.secretariat_unit",
    "contributions.discussed_in",
    rf"^(?:{_THE}\s+)?(?:"
    + "|".join(
        rf"(?P<{unit}>{_alt(spellings)})" for unit, spellings in _LEX.secretariat_units.items()
    )
    + r")(?:\s*\([^)]*\))?$",
    "A Secretariat submitter named closely enough that a sentence naming it as the subject or"
    " the speaker discusses its items: 'The BDT presented its progress report'; each spelling"
    " of one unit names it ('TSB', 'ITU TSB', 'ITU-T', 'TSB Director').",
    examples=[
        ("the BDT", "the BDT"),
        ("ITU TSB (Mr Smith)", "ITU TSB (Mr Smith)"),
        ("the TSB Director", "the TSB Director"),
        ("ITU-D", "ITU-D"),
    ],
    counter_examples=["ITU Secretariat", "Secretariat", "ITU", "TSB members"],
    flags=regex.IGNORECASE,
).pattern


def _unit(name: str) -> str | None:
    """The Secretariat's unit a name spells ("ITU TSB" and "TSB" are both "TSB"), or None."""
    m = _SECRETARIAT_UNIT.match(name)
    return m.lastgroup if m else None


_CHAIR = rule(
    "contribution.submitter.chair",
    "contributions.submitter_kind",
    rf"^(?:{_THE}\s+)?{_alt(_LEX.chair)}",
    "A submitter that is the chair: its kind is chair.",
    examples=[("the Vice-Chairman of CWG-COP", "the Vice-Chairman"), ("Chair", "Chair")],
    counter_examples=["Chairs of the regions", "Kenya"],
    flags=regex.IGNORECASE,
).pattern
_PRESENTING = rule(
    "contribution.discussed.presenting",
    "contributions.discussed_in",
    _alt(_LEX.presenting),
    "A sentence with a presenting verb: only such sentences tie a paragraph to a submitter.",
    examples=[("The representative of Kenya presented a plan", "presented")],
    counter_examples=["The Group noted the plan", "a presentation"],
    needs=_needs(_LEX.presenting),
    flags=regex.IGNORECASE,
)
# A capitalised name: "Trend Micro", "Ministry of Education", "5Rights Foundation"; _NAMED also
# "Save the Children".
_WORD_RUN = r"\d*+\p{Lu}[\w&'.-]*+"
_ENTITY = (
    rf"(?P<x>{_WORD_RUN}(?:\s+(?:{_alt(_LEX.entity_joins, bounded=False)}\s+)?{_WORD_RUN})"
    rf"{{0,5}}(?:,[ \t]+{_alt(_LEX.company_forms, bounded=False)}(?![\w.]))?)"
)
_NAME = rf"{_WORD_RUN}(?:\s+(?:{_alt(_LEX.named_joins, bounded=False)}\s+)?{_WORD_RUN}){{0,5}}"
_NAMED = rf"(?P<x>{_NAME})"
# A subject that lists several names: "Japan, the Republic of Korea and China".
_NAMES = (
    rf"(?P<x>{_NAME}(?:[ \t]*{_alt(_LEX.subject_list_joins, bounded=False)}[ \t]+"
    rf"(?:{_alt(_LEX.subject_list_article, bounded=False)}[ \t]+)?{_NAME}){{0,5}})"
)
# Each rule with the words it cannot match without (the patterns are case-sensitive, and so are
# the tests of their words): a few substring tests on a sentence cost less than one call into
# the regex engine.
_REFERENCES = [
    rule(
        "contribution.discussed.speaker",
        "contributions.discussed_in",
        rf"{_alt(_LEX.speakers)}\s+{_alt(_LEX.speaker_of, bounded=False)}\s+{_ENTITY}",
        "Whom a speaker represents: 'the representative from Trend Micro'.",
        examples=[
            ("The representative from Trend Micro presented", "Trend Micro"),
            ("the delegation of the Republic of Korea", "Republic of Korea"),
        ],
        counter_examples=["the representative said", "experts from many countries"],
        needs=_needs(_LEX.speakers),
        group="x",
    ),
    rule(
        "contribution.discussed.document_of",
        "contributions.discussed_in",
        rf"{_alt(_LEX.documents)}\s+{_alt(_LEX.document_of, bounded=False)}\s+{_ENTITY}",
        "Whose document a sentence names: 'the contribution from Brazil'.",
        examples=[("introduced the contribution from Brazil", "Brazil")],
        counter_examples=["the contribution of all members"],
        needs=_needs(_LEX.documents),
        group="x",
    ),
    rule(
        "contribution.discussed.adjective",
        "contributions.discussed_in",
        rf"\b(?P<adj>\p{{Lu}}\p{{Ll}}+)\s+{_alt(_LEX.adjective_nouns)}",
        "A demonym before a document or speaker: 'The Russian contribution'.",
        examples=[("The Russian contribution highlighted", "Russian")],
        counter_examples=["the russian contribution", "The Russian contributions"],
        needs=_needs(_LEX.adjective_nouns),
        group="adj",
    ),
    rule(
        "contribution.discussed.own_contribution",
        "contributions.discussed_in",
        rf"{_ENTITY}\s+{_alt(_LEX.own_contribution, bounded=False)}",
        "Who presented their own contribution: 'Trend Micro presented its contribution'.",
        examples=[("Trend Micro presented its contribution on", "Trend Micro")],
        counter_examples=["Trend Micro presented a study"],
        needs=_needs(_LEX.own_contribution),
        group="x",
    ),
    rule(
        "contribution.discussed.speakers_after",
        "contributions.discussed_in",
        rf"{_ENTITY}\s+{_alt(_LEX.entity_speakers)}",
        "An entity before its speakers: 'Microsoft representatives'.",
        examples=[("Microsoft representatives explained", "Microsoft")],
        counter_examples=["Microsoft representation", "the representatives"],
        needs=_needs(_LEX.entity_speakers),
        group="x",
    ),
]
# The references that end with a phrase of the lexicon (see _reach).
_ADJECTIVE, _OWN_CONTRIBUTION, _SPEAKERS_AFTER = _REFERENCES[2:]


def _reach(r: Rule, ending: Sequence[str]) -> int | None:
    r"""How far a match of ``r``, whose pattern ends with :func:`_alt` of ``ending``, can end
    past the last place in it where one of ``r.needs`` opens: the length of the longest last
    word of a spelling of ``ending``, when each such word is made of letters and opens with one
    of ``r.needs``; ``None`` where that is not so (or the pattern ignores case), and then the
    whole sentence is searched.

    Why a search that stops there finds the same: a match ends with one such word, which
    opens where a word of ``r.needs`` stands as written, so at or before the last such place
    ``q`` in the sentence, and it ends at most ``reach`` further on; the ``\b`` after it reads
    one character more. A search of ``[a, q + reach + 1)`` reads every character that a
    successful try reads, and a try that reads further fails in both: its last word would
    open after ``q``.
    """  # noqa: D205
    body = alternation(ending, bounded=False)
    if r.pattern.flags & regex.IGNORECASE or "(?i" in r.pattern.pattern:
        return None
    if not (r.pattern.pattern.endswith(body) or r.pattern.pattern.endswith(body + r"\b")):
        return None
    reach = 0
    for phrase in ending:
        for spelling in expand(phrase):
            last = spelling.split(" ")[-1]
            if not (last.isascii() and last.isalpha()):
                return None
            if not any(last.startswith(w) for w in r.needs):
                return None
            reach = max(reach, len(last))
    return reach


# The references whose match ends with a phrase of the lexicon, and the phrases: each is
# searched only up to where its last word can end (see _reach).
_ENDINGS = {
    _ADJECTIVE.name: _LEX.adjective_nouns,
    _OWN_CONTRIBUTION.name: _LEX.own_contribution,
    _SPEAKERS_AFTER.name: _LEX.entity_speakers,
}


def _last_places(
    haystack: str,
    spans: Sequence[tuple[int, int]],
    words: Sequence[str],
    found: dict[str, list[tuple[int, int]]],
) -> list[int]:
    """For each of ``spans``, where the last of ``words`` in it opens: the greatest ``q``
    with ``a <= q`` and ``q + len(w) <= b`` where ``haystack`` holds a ``w`` of ``words``
    (``max(haystack.rfind(w, a, b) for w in words)``), or -1 where it holds none; so ``q >= 0``
    is what :func:`copparse.extract.spans_holding` says.

    Found from the text's end backwards, a binary search for each place a word stands, when
    the spans are in text order and none overlaps. ``found`` keeps, for calls on one haystack
    and one list of spans, each word's last place in each span it stands in, so that a word
    several rules need is looked for once.
    """  # noqa: D205
    out = [-1] * len(spans)
    if not spans:
        return out
    starts = [a for a, _ in spans]
    ends = [b for _, b in spans]
    if any(map(operator.gt, ends, starts[1:])):  # out of order, or overlapping
        return [max((haystack.rfind(w, a, b) for w in words), default=-1) for a, b in spans]
    low, high = starts[0], ends[-1]
    for word in words:
        hits = found.get(word)
        if hits is None:
            hits = []
            at = haystack.rfind(word, low, high)
            while at >= 0:
                i = bisect_right(starts, at) - 1
                if i >= 0 and at + len(word) <= ends[i]:
                    hits.append((i, at))  # its last place in the span: the rest adds nothing
                    at = haystack.rfind(word, low, starts[i])
                else:  # the places that open before this one
                    at = haystack.rfind(word, low, at + len(word) - 1)
            found[word] = hits
        for i, at in hits:
            out[i] = max(out[i], at)
    return out


# How long a range a gate scans backwards (see _holding); a shorter one is scanned forwards.
_BACKWARD_FROM = 30_000


def _holding(
    haystack: str | None, spans: Sequence[tuple[int, int]], words: Sequence[str]
) -> list[bool]:
    """:func:`copparse.extract.spans_holding` of ``spans`` and ``words`` (each span's
    ``any(haystack.find(w, a, b) >= 0 for w in words)``); where the spans cover a range of at
    least ``_BACKWARD_FROM`` characters, found from the text's end backwards
    (:func:`_holding_backward`).

    Why: in CPython a forward scan of a range that long, for a word it does not hold, costs
    about 1.6 times a backward one (measured in the pipeline on the 20-page benchmark: 25
    words, 750 against 460 us); on a shorter range the forward scan costs no more (3 pages:
    100 against 125 us). Most of the words a gate tests are absent.
    """  # noqa: D205
    if haystack is None or not words or not spans:
        return spans_holding(haystack, spans, words)
    if spans[-1][1] - spans[0][0] < _BACKWARD_FROM:
        return spans_holding(haystack, spans, words)
    return _holding_backward(haystack, spans, words)


def _holding_backward(
    haystack: str, spans: Sequence[tuple[int, int]], words: Sequence[str]
) -> list[bool]:
    """:func:`copparse.extract.spans_holding` of ``spans`` and ``words``, found with
    ``rfind`` as :func:`_last_places` finds the places: a span holds a word exactly where the
    last place of one in it is found, and that is all a test needs.
    """  # noqa: D205
    out = [False] * len(spans)
    if not spans or not words:
        return [True] * len(spans) if not words else out
    starts = [a for a, _ in spans]
    ends = [b for _, b in spans]
    if any(map(operator.gt, ends, starts[1:])):  # out of order, or overlapping
        return [any(haystack.find(w, a, b) >= 0 for w in words) for a, b in spans]
    low, high = starts[0], ends[-1]
    rfind = haystack.rfind
    for word in words:
        size = len(word)
        at = rfind(word, low, high)
        while at >= 0:
            i = bisect_right(starts, at) - 1
            if i >= 0 and at + size <= ends[i]:
                out[i] = True  # the places before it in the span add nothing
                at = rfind(word, low, starts[i])
            else:  # the places that open before this one
                at = rfind(word, low, at + size - 1)
    return out


def _search_end(end: int, last: int, reach: int | None) -> int:
    """Where a search for a reference in a sentence ending at ``end`` can stop, when the last
    of its words there opens at ``last`` (see :func:`_reach`).
    """  # noqa: D205
    return end if reach is None else min(end, last + reach + 1)


_REACH = {r.name: _reach(r, _ENDINGS[r.name]) if r.name in _ENDINGS else None for r in _REFERENCES}
_NUMBER_LEAD = r"(?:\d{1,2}(?:\.\d{1,3}){0,3}\.?[ \t]+)?"
_SUBJECT_ADVERB = rf"(?:{_alt(_LEX.subject_adverbs, bounded=False)}[ \t]+)?"
_LIST_THE = _alt(_LEX.subject_list_article, bounded=False)
_SUBJECT = rule(
    "contribution.discussed.subject",
    "contributions.discussed_in",
    rf"{_NUMBER_LEAD}(?:(?:{_alt(_LEX.subject_article, bounded=False)})[ \t]+"
    rf"|{_alt(_LEX.subject_leads, bounded=False)},[ \t]+(?:{_LIST_THE}[ \t]+)?)?"
    rf"{_NAMES}[ \t]+{_SUBJECT_ADVERB}{_alt(_LEX.subject_verbs)}",
    "A sentence that opens with a submitter presenting, or with a word such as 'In addition,'"
    " before the submitter: its paragraph discusses their items.",
    examples=[
        ("In addition, the BDT presented Document CWG-COP/27/5", "BDT"),
        ("Subsequently, Kenya described its national plan", "Kenya"),
        ("3.4 Then, the TSB presented its work", "TSB"),
        ("3.3 Kenya described its national plan.", "Kenya"),
        ("Chile and Norway shared their experience", "Chile and Norway"),
        ("Acme Telecom then presented age assurance", "Acme Telecom"),
        ("Save the Children presented its guide", "Save the Children"),
        ("Japan, the Republic of Korea and China shared", "Japan, the Republic of Korea and China"),
        ("Chile and the Republic of Korea shared", "Chile and the Republic of Korea"),
        ("The 5Rights Foundation presented its contribution", "5Rights Foundation"),
        ("The BDT presented its progress report.", "BDT"),
    ],
    counter_examples=[
        "the delegates shared their views",
        "In 2024 it was presented",
        "In 2024, the delegates shared their views",
        "In addition, the delegates shared their views",
        "Subsequently, it was presented",
    ],
    group="x",
)
# The honorific a speaker for a submitter is named with: "Ms Laura Bianchi", "Dr. J. Smith".
_HONORIFIC = _alt([s for spellings in lexicon("en").people.honorifics.values() for s in spellings])
_SPEAKER = rf"{_HONORIFIC}\.?[ \t]+\p{{Lu}}[\w'.-]*+(?:[ \t]+\p{{Lu}}[\w'.-]*+){{0,4}}"
_ON_BEHALF = rule(
    "contribution.discussed.on_behalf",
    "contributions.discussed_in",
    rf"{_NUMBER_LEAD}{_alt(_LEX.subject_on_behalf, bounded=False)}[ \t]+(?:{_LIST_THE}[ \t]+)?"
    rf"{_NAMES},[ \t]+{_SPEAKER}[ \t]+{_SUBJECT_ADVERB}{_alt(_LEX.subject_verbs)}",
    "A sentence that opens with whom its speaker presents for: 'On behalf of the Secretariat,"
    " Ms X presented ...' discusses the Secretariat's items, as 'The Secretariat presented' does.",
    examples=[
        ("On behalf of the Secretariat, Ms Laura Bianchi presented the activities", "Secretariat"),
        ("3.3 On behalf of Kenya, Mr. J. Otieno described the plan", "Kenya"),
    ],
    counter_examples=[
        "On behalf of the Group, the Chair thanked the Secretariat",
        "on behalf of the Secretariat, Ms Laura Bianchi presented",
        "On behalf of the Secretariat, Ms Laura Bianchi thanked the delegates",
    ],
    group="x",
)
# "Peru presented Document CWG-COP/9/11": the presenter of a code named in running text.


def _object(space: str) -> str:
    """The optional object after a presenting verb: "Document", "the contribution"."""
    return (
        rf"(?:(?:{_alt(_LEX.presenter_article, bounded=False)}{space})?"
        rf"(?i:{_alt(_LEX.presenter_objects, bounded=False)}){space})?"
    )


_OBJECT, _OBJECT_IN_LINE = _object(r"\s+"), _object(r"[ \t]+")
_PRESENTER_VERB = _alt(_LEX.presenter_verbs, bounded=False)
_SUBJECT_BEFORE_CODE = rule(
    "contribution.submitter.subject",
    "contributions.submitter",
    rf"(?:^|(?<=[.;:][ \t]{{0,3}})|(?<=^\d{{1,2}}(?:\.\d{{1,3}}){{0,3}}\.?[ \t]+))"
    rf"(?:(?:{_alt(_LEX.subject_article, bounded=False)}[ \t]+"
    rf"|{_alt(_LEX.subject_leads, bounded=False)},[ \t]+(?:{_LIST_THE}[ \t]+)?)?{_NAMED}"
    rf"|{_alt(_LEX.subject_on_behalf, bounded=False)}[ \t]+(?:{_LIST_THE}[ \t]+)?{_NAMED},"
    rf"[ \t]+{_SPEAKER})[ \t]+"
    rf"(?:{_alt(_LEX.presenter_adverbs, bounded=False)}[ \t]+)?{_PRESENTER_VERB}[ \t]+"
    rf"{_OBJECT_IN_LINE}\(?$",
    "Who presented a code named only in running text, as the sentence's subject, after a word"
    " such as 'In addition,' or as whom the speaker presents for ('On behalf of X, Ms Y').",
    examples=[
        ("Peru presented Document ", "Peru"),
        ("4.2 Acme Telecom then presented ", "Acme Telecom"),
        ("In addition, the BDT presented Document ", "BDT"),
        ("On behalf of the Secretariat, Ms Laura Bianchi presented Document ", "Secretariat"),
    ],
    counter_examples=[
        "the delegation presented Document ",
        "In addition, the delegation presented Document ",
        "On behalf of the Secretariat, the delegation presented Document ",
    ],
    group="x",
    flags=regex.MULTILINE,
)
# 'CWG-COP/9/11, entitled "Safer schools"': the title of a code named in running text.
_ENTITLED = rule(
    "contribution.title.entitled",
    "contributions.title",
    rf"[ \t]{{0,3}},?[ \t]{{1,3}}{_alt(_LEX.entitled, bounded=False)}[ \t]{{1,3}}"
    r"\"(?P<t>[^\"\n]{2,200})\"",
    "The quoted title after a code named in running text.",
    examples=[(', entitled "Safer schools", which', "Safer schools")],
    counter_examples=[" on the safety of schools"],
    group="t",
)
# 'presented Document WG-CP/2/4, "Safer Internet Day"': a quoted title right after a code named
# in running text, or after its submitter (', submitted by Trend Micro, "Title", was ...').
_QUOTED_TITLE = rule(
    "contribution.title.quoted",
    "contributions.title",
    r"[ \t]{0,3},?[ \t]{1,3}[\"“](?P<t>\p{Lu}[^\"”\n]{0,198}[^\"”\n,.;:!?])[\"”]",
    "The quoted title right after a code named in running text, or after its submitter: 'CODE,"
    ' "Title"\' (a quote that opens with a capital and does not end as speech does).',
    examples=[
        (', "Safer Internet Day in Latin America".', "Safer Internet Day in Latin America"),
        (", “Protecting children online”, was", "Protecting children online"),
    ],
    counter_examples=[', "we must act"', ', "This matters," she said', ", “a”"],
    group="t",
)
_SECRETARIAT_PRESENTS = rule(
    "contribution.discussed.secretariat",
    "contributions.discussed_in",
    _alt(_LEX.secretariat_presents),
    "A sentence where the Secretariat presents: it may discuss the Secretariat's documents.",
    examples=[
        ("The report was presented by the ITU Secretariat.", "presented by the ITU Secretariat")
    ],
    counter_examples=["the Secretariat noted", "presented by the Secretary"],
    needs=_needs(_LEX.secretariat_presents),
    flags=regex.IGNORECASE,
)
_SUBMITTERS_SPLIT = rule(
    "contribution.submitter.split",
    "contributions.country_codes",
    rf"\s{{0,4}}(?:,|{_alt(_LEX.submitter_joins)})\s{{0,4}}",
    "Between the submitters of one item: 'Brazil, Chile and Peru'.",
    examples=[("Brazil and Chile", " and "), ("Brazil, Chile", ", ")],
    counter_examples=["Andorra", "Rwanda"],
).pattern
_TRAILING_PAREN = rule(
    "contribution.submitter.trailing_paren",
    "contributions.submitter",
    r"\((?P<who>[^()]{2,60})\)\s*$",
    "A member state in parentheses at the end of a listed title: 'A national plan (Kenya)'.",
    examples=[("A national plan (Kenya)", "Kenya")],
    counter_examples=["A national plan (Kenya) for schools"],
    group="who",
)
_WORD4 = patterncache.compile(r"\p{L}{4,}")
_ARTICLE = rule(
    "contribution.submitter.article",
    "contributions.discussed_in",
    rf"^{_alt(_LEX.articles, bounded=False)}\s+",
    "The article a named entity loses before it is looked up: 'The Republic of Korea'.",
    examples=[("The Republic of Korea", "The ")],
    counter_examples=["Thailand", "Anna Smith"],
).pattern
_LIST_ARTICLE = rule(
    "contribution.submitter.list_article",
    "contributions.discussed_in",
    rf"^{_alt(_LEX.subject_list_article, bounded=False)}\s+",
    "The article a name inside a listed subject loses: 'Japan, the Republic of Korea'.",
    examples=[("the Republic of Korea", "the ")],
    counter_examples=["theatre group", "Thailand"],
).pattern
_STOPWORDS = frozenset(_LEX.stopwords)
_JOINED = f" {_LEX.submitter_joins[0]} "
# "There were nine contributions", "Four contributions were received": the count, then at
# most one word ("written") before the noun; both checked by first_count.
_COUNT = rf"(?P<n>{NUMBER_CANDIDATE_RE})\s+(?:(?P<adj>\p{{L}}+)\s+)?"
_STATED = [
    rule(
        "contributions_stated.before",
        "contributions_stated",
        rf"{_alt(_LEX.stated_before)}\s+{_COUNT}{_alt(_LEX.stated_nouns)}",
        "How many contributions the text says there were: 'There were nine contributions'.",
        examples=[
            ("There were nine contributions to the meeting.", "nine"),
            ("The Group considered 12 written contributions.", "12"),
        ],
        counter_examples=["There were contributors from nine", "Contributions were received"],
        group="n",
        flags=regex.IGNORECASE,
    ).pattern,
    rule(
        "contributions_stated.after",
        "contributions_stated",
        rf"\b{_COUNT}{_alt(_LEX.stated_verb_nouns)}\s+{_alt(_LEX.stated_after)}",
        "How many contributions the text says there were: 'Four contributions were received'.",
        examples=[("Four contributions were received.", "Four")],
        counter_examples=["Four contributions are expected", "Contributions were received"],
        group="n",
        flags=regex.IGNORECASE,
    ).pattern,
]


_MAX_COUNTRY_JOINS = 3  # "United Kingdom of Great Britain and Northern Ireland" holds one
_MAX_HEAD_WORDS = 12  # before a listed item's colon, the words of member states' names


def country_codes_of(who: str) -> list[str] | None:
    """The member states a submitter lists, or ``None`` where a part of it names none.

    The parts are joined by commas, "and" or "&"; a country whose own name holds "and" is
    kept whole. Example: ``"Trinidad and Tobago and the Republic of Korea"`` -> ``["TTO",
    "KOR"]``; ``"Brazil and Acme"`` -> ``None``.
    """
    bounds, pos = [], 0
    for j in _SUBMITTERS_SPLIT.finditer(who):
        bounds.append((pos, j.start()))
        pos = j.end()
    bounds.append((pos, len(who)))
    # codes[i]: the countries of the first i parts, read as whole names, longest first.
    codes: dict[int, list[str]] = {0: []}
    for i in range(len(bounds)):
        if i not in codes:
            continue
        for k in range(min(len(bounds), i + 1 + _MAX_COUNTRY_JOINS), i, -1):
            name = who[bounds[i][0] : bounds[k - 1][1]]
            code = country_code(name) if name.strip() else None
            if code and k not in codes:
                codes[k] = [*codes[i], code]
    return codes.get(len(bounds))


def submitter_kind(submitter: str | None) -> tuple[SubmitterKind, list[str]]:
    """Classify a submitter as written; return the kind and any member-state codes.

    Example: ``"RUSSIA"`` -> member_state ``["RUS"]``; ``"Trend Micro"`` -> organization.
    """
    if submitter is None:
        return SubmitterKind.SECRETARIAT, []
    if _SECRETARIAT.match(submitter):
        return SubmitterKind.SECRETARIAT, []
    if _CHAIR.match(submitter):
        return SubmitterKind.CHAIR, []
    codes = country_codes_of(submitter)
    if codes:
        return SubmitterKind.MEMBER_STATE, codes
    return SubmitterKind.ORGANIZATION, []


@dataclass
class _Item:
    code: str
    meeting: int
    number: int
    revision: int | None
    submitter: str | None
    title: str | None
    listed: bool
    span: tuple[int, int]
    spans: dict[str, tuple[int, int]]
    rules: dict[str, str]
    para: Paragraph
    in_table: bool = False


def _code(m: regex.Match[str]) -> tuple[str, int, int, int | None]:
    meeting, number = int(m.group("meeting")), int(m.group("num"))
    rev = int(m.group("rev")) if m.group("rev") else None
    return f"{canonical_group(m.group('group'))}/{meeting}/{number}", meeting, number, rev


_PAREN_SUBMITTER = rule(
    "contribution.item.paren_submitter",
    "contributions.submitter",
    r"[ \t]{0,4}\((?!\s*Rev\b)[ \t]{0,4}(?P<who>[^()\n]{2,80}?)[ \t]{0,4}\)"
    r"[ \t]{0,4}(?::|[-–—])[ \t]{0,4}(?=\S)",
    "A listed code's submitter in parentheses, before the title: 'CODE (Submitter): Title'.",
    examples=[
        (" (Save the Children): Safer games for young players", "Save the Children"),
        (" (Kenya) – A national plan", "Kenya"),
    ],
    counter_examples=["Safer games for young players (Kenya)", " (Rev.1): Safer games"],
    group="who",
)
_DASH_FIELDS = rule(
    "contribution.item.dash_fields",
    "contributions.submitter",
    r"[ \t]{0,4}[-–—][ \t]{1,4}(?P<who>[^-–—:()\n]{2,80}?)[ \t]{1,4}[-–—][ \t]{1,4}(?=\S)",
    "A listed code, its submitter and its title set apart by dashes: 'CODE – Submitter – Title'.",
    examples=[(" – Acme Telecom – Age assurance in mobile services", "Acme Telecom")],
    counter_examples=["Age assurance – in mobile services", ": A plan for children"],
    group="who",
)
# A title that ends with what looks like a submitter in parentheses, not read as one (only a
# member state is: "Title (Kenya)"): the item has a submitter, so it is not the Secretariat's.
_SUBMITTER_SLOT = rule(
    "contribution.item.submitter_slot",
    "contributions.submitter_kind",
    r"\((?!\s*Rev\b)(?P<who>[\p{Lu}\d][^()\n]{1,80})\)[ \t.]{0,4}$"
    rf"|(?:^|,)[ \t]*+{_alt(_LEX.code_sentence_slots, bounded=False)}[ \t]++"
    r"(?P<who>[\p{Lu}\d][^,:;()\n]{1,80})",
    "A title ending in a parenthesised name the parser did not read as the submitter, or"
    " holding one after a comma: 'Safer schools, submitted by Kenya'.",
    examples=[
        ("Safer streaming for teenagers (5Rights Foundation)", "5Rights Foundation"),
        ("Safer schools, submitted by the Republic of Kenya", "Republic of Kenya"),
    ],
    counter_examples=[
        "Annual report of the COP Initiative",
        "Guidelines (Rev.1)",
        "Lessons from Brazil",
        "Safer schools, from policy to practice",
    ],
    group="who",
)


def has_submitter_slot(title: str | None) -> bool:
    """Whether a listed item's title holds a submitter the parser did not read."""
    return bool(title and _SUBMITTER_SLOT.pattern.search(title))


# What follows a listed code when no submitter is read: the title, after the code's marks.
_ITEM_TITLE = rule(
    "contribution.item.title",
    "contributions.title",
    r"(?P<title>[^ \t:),–-](?s:.*))",
    "A listed item's title: all that follows its code, when no submitter is read there.",
    examples=[
        (": Annual report of the COP Initiative", "Annual report of the COP Initiative"),
        (", submitted by Kenya: A plan", "submitted by Kenya: A plan"),
    ],
    counter_examples=[": ", "", ", "],
    group="title",
)

# A row of a contribution table flattened to one cell per line (see segment's table rows): the
# code's line, then the submitter's cell and the title's, which may wrap; a row with one cell
# after the code holds the title, and an empty submitter cell is an empty line.
_TABLE_ROW = rule(
    "contribution.item.table_row",
    "contributions.submitter",
    r"(?<![ \t])[ \t]*+\n(?:(?P<who>[^\n]*)\n)?[ \t]*+(?P<title>\S(?s:.*))",
    "A table row flattened to one cell per line: the code, then 'Submitter', then 'Title'.",
    examples=[
        ("\nSave the Children\nSafer games for young players", "Save the Children"),
        ("\n\nGuidelines for industry", ""),
    ],
    counter_examples=[": Safer games for young players", " (Kenya) – A plan"],
    group="who",
)

# A table row that lost its line breaks ("CWG-COP/23/2 Save the Children Safer games"): nothing
# marks where the submitter's cell ends but a capital that may open the title's.
_ROW_CELL_END = rule(
    "contribution.item.table_row_line",
    "contributions.submitter",
    r"(?<=\S)(?:[ \t]++(?=[\p{Lu}\d\"'])|(?<=[\p{Ll}.)])(?=\p{Lu}))|(?<=\p{Lu})(?=\p{Lu}\p{Ll})",
    "A table row on one line: where the submitter's cell may end, before a capital (glued too:"
    " 'KenyaA national plan', 'BDTUpdate on'); the longest known name before one (a member"
    " state, the Secretariat, the chair, or a name the report's discussion presents) is the"
    " submitter.",
    examples=[("Kenya A national plan", " "), ("KenyaA national plan", ""), ("BDTUpdate", "")],
    counter_examples=["national plan for child online protection", "BDT", "Norway's plan"],
)
_ROW_TITLE_ALONE = rule(
    "contribution.item.table_row_title",
    "contributions.title",
    rf"\G[ \t]*+(?P<t>\p{{Lu}}[\p{{Ll}}'’-]*+[ \t]++"
    rf"(?!{_alt(_LEX.named_joins, bounded=False)}[ \t]+\p{{Lu}})\p{{Ll}}[^\n]*)",
    "A table row on one line that no known name opens, holding its title alone: a capitalised"
    " word, then a small one that joins it to no name (the submitter's cell was empty).",
    examples=[
        ("Guidelines for industry on age assurance", "Guidelines for industry on age assurance"),
        ("A national plan", "A national plan"),
    ],
    counter_examples=[
        "Save the Children Safer games",
        "Acme Telecom Age assurance",
        "Ministry of Education Plan",
        "guidelines for industry",
    ],
    group="t",
)
# A row on one line that no known name opens, but an organisation's name does: capitalised
# words ending with a noun that ends such names, then a title that reads as one (a capital
# word, then a small one). The first such noun ends the cell: "Network Rail Foundation" is one
# name, and a title's own capitals ("Peer Network support") come after it.
_ROW_ORGANIZATION = rule(
    "contribution.item.table_row_organization",
    "contributions.submitter",
    rf"\G[ \t]*+(?P<who>(?:\p{{Lu}}[\p{{L}}\d'’&.-]*+[ \t]++"
    rf"(?:{_alt(_LEX.named_joins, bounded=False)}[ \t]++)?){{1,8}}?"
    rf"{_alt(_LEX.organization_heads, bounded=False)})(?![\p{{Ll}}\d])"
    rf"(?=[ \t]*+\p{{Lu}}[\p{{Ll}}'’-]*+[ \t]++\p{{Ll}})",
    "A table row on one line opened by a name no list holds: the capitalised words up to the"
    " first noun that ends an organisation's name ('Foundation', 'Network', 'Alliance'), when"
    " a title follows ('Peer support for young gamers'), glued or not.",
    examples=[
        ("Lumen Youth Network Peer support for young gamers", "Lumen Youth Network"),
        ("Lumen Youth NetworkPeer support for young gamers", "Lumen Youth Network"),
        ("Network Rail Foundation Plan for stations", "Network Rail Foundation"),
        ("Council of Europe Foundation A guide for parents", "Council of Europe Foundation"),
    ],
    counter_examples=[
        "Network Peer support for gamers",
        "Save the Children Safer games",
        "Internet Watch Foundation Annual Report",
        "Lumen Youth Networks for young gamers",
        "Guidelines for industry on age assurance",
    ],
    group="who",
)
_MAX_ROW_SUBMITTER = 80
# The rules that read a table row's title with its submitter's cell empty.
TABLE_ROW_RULES = frozenset({_TABLE_ROW.name, _ROW_TITLE_ALONE.name})

_Fields = dict[str, tuple[int, int]]


def _known_submitter(who: str, known: frozenset[str]) -> bool:
    """Whether ``who`` is a name the parser knows: member states, the Secretariat, the chair,
    or one the report's discussion presents (``known``, lower case, without its article).
    """  # noqa: D205
    chair = _CHAIR.match(who)
    if _SECRETARIAT.match(who) or (chair and chair.end() == len(who)):
        return True
    # Every part a member state ("Brazil and Chile"); a join with nothing after it ends no name.
    if country_codes_of(who):
        return True
    return _ARTICLE.sub("", who).lower() in known


def _table_row_line(
    text: str, pos: int, end: int, known: frozenset[str]
) -> tuple[_Fields, dict[str, str]]:
    """The cells of a table row on one line: the longest known name after the code and the rest,
    or the title alone; nothing where the two cannot be told apart.
    """  # noqa: D205
    while pos < end and text[pos] in " \t":
        pos += 1
    best = None
    for c in _ROW_CELL_END.finditer(text, pos, end):
        if c.start() - pos > _MAX_ROW_SUBMITTER:
            break
        if _known_submitter(text[pos : c.start()], known):
            best = c
    if best is not None:
        cells = {"submitter": (pos, best.start()), "title": (best.end(), end)}
        return cells, dict.fromkeys(cells, _ROW_CELL_END.name)
    org = _ROW_ORGANIZATION.pattern.match(text, pos, end)
    if org is not None and org.end("who") - pos <= _MAX_ROW_SUBMITTER:
        cells = {"submitter": org.span("who"), "title": (org.end("who"), end)}
        return cells, dict.fromkeys(cells, _ROW_ORGANIZATION.name)
    alone = _ROW_TITLE_ALONE.pattern.match(text, pos, end)
    if alone is not None:
        return {"title": (alone.start("t"), end)}, {"title": _ROW_TITLE_ALONE.name}
    return {}, {}


def _parse_item(
    text: str, m: regex.Match[str], end: int, known: frozenset[str] | None = None
) -> tuple[_Fields, dict[str, str], str | None, str | None]:
    """Split what follows a listed code into submitter and title, as offsets, each with the
    name of the rule that read it. ``known`` is given for a table's row: the names it may open
    with when it lost its line breaks.
    """  # noqa: D205
    row = _TABLE_ROW.pattern.match(text, m.end(), end)
    if row is not None:
        # The title's cell may wrap over lines: it is kept as written, line break and all.
        cells = {"submitter": row.span("who"), "title": (row.start("title"), end)}
        return _trimmed(text, cells, dict.fromkeys(cells, _TABLE_ROW.name))
    if known is not None and not any(ch in text[m.end() : end] for ch in "\t\n|"):
        return _trimmed(text, *_table_row_line(text, m.end(), end, known))
    for r in (_PAREN_SUBMITTER, _DASH_FIELDS):
        fields = r.pattern.match(text, m.end(), end)
        if fields is not None:
            both = {"submitter": fields.span("who"), "title": (fields.end(), end)}
            return _trimmed(text, both, dict.fromkeys(both, r.name))
    # The title starts at the first character that is none of the code's marks.
    rest = _ITEM_TITLE.pattern.search(text, m.end(), end)
    pos = rest.start() if rest else end
    spans: _Fields = {}
    rules: dict[str, str] = {}
    if not text[pos:end].rstrip():
        return spans, rules, None, None
    f = _FROM.pattern.match(text, pos, end)
    sep = _SEPARATOR.pattern.search(text, f.end() if f else pos, end)
    by_separator = dict.fromkeys(("submitter", "title"), _SEPARATOR.name)
    if f:
        s_end = sep.start() if sep else end
        spans["submitter"] = (f.end(), s_end)
        rules["submitter"] = _FROM.name
        if sep:
            spans["title"] = (sep.end(), end)
            rules["title"] = _SEPARATOR.name
    elif (sep and text[sep.start() : sep.end()].strip() in ("", "|")) or (
        sep and "\t" in text[sep.start() : sep.end()]
    ):
        spans["submitter"] = (pos, sep.start())
        spans["title"] = (sep.end(), end)
        rules.update(by_separator)
    elif sep and ":" in text[sep.start() : sep.end()]:
        head = text[pos : sep.start()]
        # "Kenya: Title", "the United Mexican States and the Republic of Korea: Title".
        if len(head.split()) <= _MAX_HEAD_WORDS and (
            country_codes_of(head) or _SECRETARIAT.match(head)
        ):
            article = (
                (_ARTICLE.match(head) or _LIST_ARTICLE.match(head))
                if country_codes_of(head)
                else None
            )
            spans["submitter"] = (pos + (article.end() if article else 0), sep.start())
            spans["title"] = (sep.end(), end)
            rules.update(by_separator)
        else:
            spans["title"] = (pos, end)
            rules["title"] = _ITEM_TITLE.name
    else:
        spans["title"] = (pos, end)
        rules["title"] = _ITEM_TITLE.name
        paren = _TRAILING_PAREN.pattern.search(text[pos:end])
        if paren and country_code(paren.group("who")):
            spans["submitter"] = (pos + paren.start("who"), pos + paren.end("who"))
            spans["title"] = (pos, pos + paren.start())
            rules["submitter"] = _TRAILING_PAREN.name
    return _trimmed(text, spans, rules)


# "Meta Platforms, Inc.", "Orange S.A.": a field that ends on an abbreviation keeps its stop.
_ABBREVIATION_END = rule(
    "contribution.item.abbreviation_end",
    "contributions.submitter",
    rf"(?<![\w.])(?:(?:\p{{Lu}}\.){{2,}}|{_alt(_LEX.abbreviation_ends, bounded=False)})$",
    "A listed item's field ending on an abbreviation, whose full stop is the abbreviation's and"
    " stays: 'Meta Platforms, Inc.', 'Orange S.A.', 'eco e.V.' (a list in the lexicon's"
    " `contributions.abbreviation_ends`, or capitals each with its stop); any other final full"
    " stop ends the sentence and goes ('Connected toys.').",
    examples=[
        ("Meta Platforms, Inc.", "Inc."),
        ("Orange S.A.", "S.A."),
        ("eco e.V.", "e.V."),
        ("Vodafone Group plc.", "plc."),
    ],
    counter_examples=["Connected toys.", "Annex A.", "Safer schools in Lincoln.", "SINC."],
)


def _trimmed(
    text: str, spans: _Fields, rules: dict[str, str]
) -> tuple[_Fields, dict[str, str], str | None, str | None]:
    submitter = title = None
    for key, (a, b) in list(spans.items()):
        while a < b and text[a] in " \t":
            a += 1
        while b > a and text[b - 1] in " \t.;,":
            if text[b - 1] == "." and _ABBREVIATION_END.pattern.search(text[a:b]):
                break
            b -= 1
        if a >= b:
            del spans[key]
        else:
            spans[key] = (a, b)
    if "submitter" in spans:
        submitter = text[slice(*spans["submitter"])]
    if "title" in spans:
        a, b = spans["title"]
        tail = _NEXT_ITEM_NUMBER.pattern.search(text, a, b)
        if tail and text.count("(", a, b) < text.count(")", a, b):
            b = tail.start()
            while b > a and text[b - 1] in " \t.;,":
                b -= 1
            spans["title"] = (a, b)
        title = text[a:b]
    return spans, {k: rules[k] for k in spans}, submitter, title


_AFTER_CODE = rule(
    "contribution.submitter.after_code",
    "contributions.submitter",
    rf"\s{{0,4}}:?\)?,?\s{{0,4}}{_alt(_LEX.after_code, bounded=False)}\s+{_ENTITY}",
    "Who a code named in running text is from, after it: 'WG-CP/11/4 from the Secretariat',"
    " 'Document WG-CP/2/5, from the GSM Association, on ...'.",
    examples=[
        (" from the Secretariat on", "Secretariat"),
        ("), submitted by Kenya,", "Kenya"),
        (", from the GSM Association, on", "GSM Association"),
        (', submitted by Trend Micro, "Safer networks"', "Trend Micro"),
        (", submitted by Meta Platforms, Inc., on", "Meta Platforms, Inc."),
    ],
    counter_examples=[" from the last meeting", ", from the last meeting"],
    group="x",
)
_BEFORE_CODE = rule(
    "contribution.submitter.before_code",
    "contributions.submitter",
    rf"{_alt(_LEX.before_code, bounded=False)}\s+{_ENTITY}\s*\(?\s*$",
    "Who a code named in running text is from, before it: 'the contribution from Brazil ('.",
    examples=[("noted the contribution from Brazil (", "Brazil")],
    counter_examples=["the contribution from Brazil on safety ("],
    group="x",
)
_ENUMERATION = rule(
    "contribution.submitter.enumeration",
    "contributions.submitter",
    rf"{_alt(_LEX.enumeration_from, bounded=False)}[ \t]+"
    rf"(?:{_NAME}[ \t]*+\([^()\n]{{2,40}}\)[ \t]*+{_alt(_LEX.enumeration_joins, bounded=False)}"
    rf"[ \t]+(?:{_LIST_THE}[ \t]+)?){{0,8}}{_NAMED}[ \t]*+\([ \t]*+$",
    "Who a code named in running text is from, in a list of submitters each before its code:"
    " 'Contributions were received from the Republic of Colombia (WG-CP/6/3), Japan"
    " (WG-CP/6/4) and ECPAT International ('.",
    examples=[
        ("Contributions were received from the Republic of Colombia (", "Republic of Colombia"),
        ("received from the Republic of Colombia (WG-CP/6/3), Japan (", "Japan"),
        (
            "received from Chile (WG-CP/6/3), Japan (WG-CP/6/4) and ECPAT International (",
            "ECPAT International",
        ),
    ],
    counter_examples=[
        "received from Chile (WG-CP/6/3) on safety and Japan (",
        "received from Chile (WG-CP/6/3) (",
        "received from the online consultation (",
    ],
    group="x",
)
_PRESENTER = rule(
    "contribution.submitter.presenter",
    "contributions.submitter",
    rf"{_alt(_LEX.presenter, bounded=False)}\s+{_ENTITY}\s+{_PRESENTER_VERB}\s+"
    rf"{_OBJECT}\(?$",
    "Who presented a code named in running text: 'The delegation of Peru presented Document'.",
    examples=[("The delegation of Peru presented Document ", "Peru")],
    counter_examples=["The delegation of Peru presented its views on "],
    group="x",
)


def _running_submitter(
    text: str, m: regex.Match[str], para: Paragraph
) -> tuple[tuple[int, int], str] | None:
    """Who a code named in running text is from: "WG-CP/11/4 from the Secretariat", and the
    rule that read it.
    """  # noqa: D205
    a = _AFTER_CODE.pattern.match(text, m.end(), para.span.end)
    if a:
        return a.span("x"), _AFTER_CODE.name
    b = _BEFORE_CODE.pattern.search(text, max(para.span.start, m.start() - 80), m.start())
    if b:
        return b.span("x"), _BEFORE_CODE.name
    e = _ENUMERATION.pattern.search(text, max(para.span.start, m.start() - 400), m.start())
    if e:
        return e.span("x"), _ENUMERATION.name
    p = _PRESENTER.pattern.search(text, max(para.span.start, m.start() - 160), m.start())
    if p:
        return p.span("x"), _PRESENTER.name
    sa = max(para.span.start, m.start() - 160)
    s = _SUBJECT_BEFORE_CODE.pattern.search(text, sa, m.start())
    return (s.span("x"), _SUBJECT_BEFORE_CODE.name) if s else None


def _content_words(s: str) -> set[str]:
    return {low.rstrip("s") for w in _WORD4.findall(s) if (low := w.lower()) not in _STOPWORDS}


@dataclass
class _Mentions:
    """Who and what each paragraph refers to, indexed once for every contribution to look up.

    Only sentences with a presenting verb count ("The representative from X presented ..."),
    except codes, which count wherever they are named.
    """

    by_code: dict[str, set[int]]
    by_country: dict[str, set[int]]
    by_first_word: dict[str, list[tuple[str, int]]]  # entity's first word -> (entity, index)
    secretariat: list[tuple[int, set[str]]]  # paragraphs where the Secretariat presents
    by_unit: dict[str, set[int]]  # a Secretariat unit ("TSB") -> paragraphs where it presents


def _codes_in(text: str, para: Paragraph) -> list[regex.Match[str]]:
    """``list(CODE_RE.finditer(text, para.span.start, para.span.end))``: a code holds a "/",
    so a paragraph without one is not searched.
    """  # noqa: D205
    if text.find("/", para.span.start, para.span.end) < 0:
        return []
    return list(CODE_RE.finditer(text, para.span.start, para.span.end))


def _index_mentions(
    ctx: ExtractContext,
    paragraphs: list[tuple[int, Paragraph]],
    codes: Sequence[list[regex.Match[str]]],
) -> _Mentions:
    """The mentions of ``paragraphs`` (each with its index ``i`` in the report's paragraphs);
    ``codes[i]``: the codes named in paragraph ``i`` (see :func:`_codes_in`).
    """  # noqa: D205
    text, low = ctx.text, ctx.folded
    m = _Mentions({}, {}, {}, [], {})
    split = [(i, p, ctx.sentences_in(p.span.start, p.span.end)) for i, p in paragraphs]
    every = [s for _, _, ss in split for s in ss]
    # Which sentences hold each rule's words, found at once from where the words occur (the
    # references' patterns are case-sensitive: their words are looked for as written).
    presenting = _holding(low, every, _PRESENTING.needs)
    secretariat = _holding(low, every, _SECRETARIAT_PRESENTS.needs)
    found: dict[str, list[tuple[int, int]]] = {}  # the references share words: each looked
    # for once; where the last of them stands in a sentence, a search stops (see _reach)
    referring = [
        (
            r,
            _last_places(text, every, r.needs, found),
            _REACH[r.name],
            "adj" in r.pattern.groupindex,
        )
        for r in _REFERENCES
    ]
    # What a name a reference reads is: its country, lower case, and first word (once each).
    named: dict[str, tuple[str | None, str, str]] = {}
    k = -1
    for i, para, ss in split:
        for c in codes[i]:
            m.by_code.setdefault(_code(c)[0], set()).add(i)
        presents_secretariat = False
        for a, b in ss:
            k += 1
            if not presenting[k] or not _PRESENTING.pattern.search(text, a, b):
                continue
            subject = _SUBJECT.pattern.match(text, a, b) or _ON_BEHALF.pattern.match(text, a, b)
            if subject:
                for part in _SUBMITTERS_SPLIT.split(_ARTICLE.sub("", subject.group("x"))):
                    part = _LIST_ARTICLE.sub("", part)
                    if not part:
                        continue
                    unit = _unit(part)
                    if unit:
                        m.by_unit.setdefault(unit, set()).add(i)
                    elif _SECRETARIAT.match(part):
                        presents_secretariat = True
                    code = country_code(part)
                    if code:
                        m.by_country.setdefault(code, set()).add(i)
                    lowered = part.lower()
                    m.by_first_word.setdefault(lowered.split()[0], []).append((lowered, i))
            if secretariat[k]:
                presents_secretariat |= bool(_SECRETARIAT_PRESENTS.search(text, a, b))
            for reference, last, reach, adjective in referring:
                if last[k] < 0:
                    continue
                for r in reference.pattern.finditer(text, a, _search_end(b, last[k], reach)):
                    if adjective and r.group("adj"):
                        code = demonym_country(r.group("adj"))
                        if code:
                            m.by_country.setdefault(code, set()).add(i)
                        continue
                    x = r.group("x")
                    read = named.get(x)
                    if read is None:
                        entity = _ARTICLE.sub("", x)
                        lowered = entity.lower()
                        read = named[x] = country_code(entity), lowered, lowered.split()[0]
                    code, lowered, first = read
                    if code:
                        m.by_country.setdefault(code, set()).add(i)
                    m.by_first_word.setdefault(first, []).append((lowered, i))
        if presents_secretariat:
            m.secretariat.append((i, _content_words(para.text)))
    return m


def _discussed(item: _Item, kind: SubmitterKind, country: str | None, m: _Mentions) -> set[int]:
    found = set(m.by_code.get(item.code, ()))
    if kind is SubmitterKind.SECRETARIAT:
        words = _content_words(item.title or "")
        found |= {i for i, para_words in m.secretariat if len(words & para_words) >= 2}
        unit = _unit(item.submitter) if item.submitter else None
        if not unit:
            return found
        found |= m.by_unit.get(unit, set())
    elif country:
        found |= m.by_country.get(country, set())
    # The submitters joined alike: "Japan, the Republic of Korea and China" as "japan and
    # republic of korea and china", so that the first one's name is a prefix to look for.
    parts = _SUBMITTERS_SPLIT.split(item.submitter or "")
    who = _JOINED.join(_ARTICLE.sub("", _LIST_ARTICLE.sub("", p)).lower() for p in parts if p)
    if who:
        for entity, i in m.by_first_word.get(who.split()[0], ()):
            if entity == who or entity.startswith(who + " ") or who.startswith(entity + " "):
                found.add(i)
    return found


def extract_contributions(ctx: ExtractContext, exclude: Sequence[Span] = ()) -> list[Contribution]:
    """Read the list of contributions, and the codes named in running text.

    Example: ``"· WG-CP/13/2: Contribution from RUSSIA: How to Make Internet Safer for
    Children"`` gives code "WG-CP/13/2", submitter "RUSSIA" (member_state, "RUS") and the title.
    Codes inside ``exclude`` (the report's own document symbol) are not contributions.
    """
    text, loc = ctx.text, ctx.loc
    items: dict[str, _Item] = {}
    paragraphs = ctx.paragraphs()
    # Paragraphs that can discuss a contribution: not list items, not the header block
    # (the summary excepted).
    eligible = [
        (i, para)
        for i, (section, para) in enumerate(paragraphs)
        if para.kind is not ParagraphKind.LIST_ITEM
        and (para.span.start >= ctx.cover_end or section.title == "Summary")
    ]
    named_codes = [_codes_in(text, para) for _, para in paragraphs]
    mentions = _index_mentions(ctx, eligible, named_codes)
    # The names the discussion presents: a table row on one line may open with one.
    known = frozenset(e for named in mentions.by_first_word.values() for e, _ in named)
    rows = ctx.seg.table_rows
    for (section, para), named in zip(paragraphs, named_codes, strict=True):
        if not named:
            continue
        listing = para.kind is ParagraphKind.LIST_ITEM or _in_contributions_section(section)
        for m in named:
            if any(s.start <= m.start() < s.end for s in exclude):
                continue
            code, meeting, number, rev = _code(m)
            lead = _lead(text, para, m.start())
            is_head = (
                listing
                and (not lead or lead in _ITEM_LEAD or bool(_ITEM_NUMBER.pattern.fullmatch(lead)))
                and not _CODE_SENTENCE.pattern.match(text, m.end(), para.span.end)
            )
            in_table = is_head and para.span.start in rows
            if is_head:
                spans, rules, submitter, title = _parse_item(
                    text, m, para.span.end, known if in_table else None
                )
            else:
                spans, rules, submitter, title = {}, {}, None, None
                found = _running_submitter(text, m, para)
                if found:
                    spans["submitter"], rules["submitter"] = found
                    submitter = text[slice(*found[0])]
                entitled = _ENTITLED.pattern.match(text, m.end(), para.span.end)
                if entitled:
                    spans["title"], rules["title"] = entitled.span("t"), _ENTITLED.name
                    title = entitled.group("t")
                else:  # 'CODE, "Title"', 'CODE, submitted by X, "Title"'
                    after = m.end()
                    if found and found[1] == _AFTER_CODE.name:
                        after = found[0][1]
                    quoted = _QUOTED_TITLE.pattern.match(text, after, para.span.end)
                    if quoted:
                        spans["title"], rules["title"] = quoted.span("t"), _QUOTED_TITLE.name
                        title = quoted.group("t")
            spans["code"], rules["code"] = m.span(), CODE_RULE.name
            item = _Item(
                code,
                meeting,
                number,
                rev,
                submitter,
                title,
                is_head,
                m.span(),
                spans,
                rules,
                para,
                in_table,
            )
            seen = items.get(code)
            if seen is None or (is_head and not seen.listed):
                items[code] = item
            elif not seen.listed and not is_head:
                # A later running mention fills what the earlier ones left empty: "Three
                # contributions were considered: CODE, ..." then "Ghana presented CODE".
                for key in ("submitter", "title"):
                    if getattr(seen, key) is None and getattr(item, key) is not None:
                        setattr(seen, key, getattr(item, key))
                        seen.spans[key], seen.rules[key] = item.spans[key], item.rules[key]
    out = []
    for item in items.values():
        # A table row has a submitter's cell, though it may be empty.
        slot = item.in_table or has_submitter_slot(item.title)
        if item.submitter or (item.listed and not slot):
            # A listed item with no submitter slot is the Secretariat's, by convention.
            kind, codes = submitter_kind(item.submitter)
        else:
            kind, codes = SubmitterKind.UNKNOWN, []
        single = codes[0] if len(codes) == 1 else None
        hits = _discussed(item, kind, single, mentions)
        discussed = list(dict.fromkeys(
            paragraphs[i][1].ref for i in sorted(hits)
            if not (item.listed and paragraphs[i][1] is item.para)
        ))  # fmt: skip
        span = loc.span(*(item.para.span.start, item.para.span.end) if item.listed else item.span)
        field_spans: dict[str, Span] = {k: loc.span(*v) for k, v in item.spans.items()}
        out.append(
            Contribution(
                code=item.code,
                meeting=item.meeting,
                number=item.number,
                revision=item.revision,
                submitter=item.submitter,
                submitter_kind=kind,
                country_code=single,
                country_codes=codes,
                title=item.title,
                listed=item.listed,
                discussed_in=discussed,
                span=span,
                field_spans=field_spans,
                field_rules=dict(item.rules),
            )
        )
    out.sort(key=lambda c: (not c.listed, c.span.start))
    return out


# "Document CWG-COP/22/5 (Brazil): ...": words that may open a list item before its code.
_ITEM_LEAD = frozenset(lexicon("en").documents.document_words)
_ITEM_NUMBER = rule(
    "contribution.item.number",
    "contributions.listed",
    r"^(?:\d{1,2}\)|\(?\p{Ll}\))$",
    "An item's own number before its code, in a contributions section: '1) CWG-COP/17/2 –"
    " Canada – Title', '(a) CODE: Title'; the item is listed as one with no number is.",
    examples=[("1)", "1)"), ("(a)", "(a)"), ("b)", "b)")],
    counter_examples=["1.", "Kenya", "(1.1)"],
)
# A title that ran on into the next item's number on one line: 'Title 2)' (unless the title
# opened that bracket itself: 'Guidelines (part 2)').
_NEXT_ITEM_NUMBER = rule(
    "contribution.item.next_number",
    "contributions.title",
    r"[ \t]+\d{1,2}\)$",
    "The next item's number a listed title ran on into when its line breaks were lost:"
    " 'Protecting children in remote learning 2)'; it is not the title's.",
    examples=[("Protecting children in remote learning 2)", " 2)")],
    counter_examples=["Protecting children in remote learning", "Work plan 2024-2025"],
)


def _lead(text: str, para: Paragraph, code_start: int) -> str:
    """What stands before a code in its paragraph, without the paragraph's own number and
    the marks a list item opens with: "3.1  CWG-COP/18/2 (Kenya): ..." has no lead.
    """  # noqa: D205
    start = para.span.start
    number = para.number
    if number and text.startswith(number, start) and start + len(number) <= code_start:
        start += len(number)
        if start < code_start and text[start] == ".":
            start += 1
    return text[start:code_start].strip(" \t·•▪-–(")


_CODE_SENTENCE = rule(
    "contribution.item.sentence",
    "contributions.listed",
    rf"(?<![ \t])(?:[ \t]*+,[ \t]*+{_alt(_LEX.code_sentence_slots, bounded=False)}[ \t]++"
    r"[^,:;\n]{2,80}?,)?"
    r"(?:[ \t]*+[\"“][^\"”\n]{2,200}[\"”](?:[ \t]*+,)?)?"
    rf"[ \t]++(?:{_alt(_LEX.code_sentence_auxiliaries)}[ \t]++\p{{Ll}}{{2,}}"
    rf"|{_alt(_LEX.presenting)}(?![ \t]++by\b))",
    "A paragraph that opens with a code is a sentence, not a list item, where a verb follows the"
    " code, its submitter (', from the Secretariat,') or its quoted title: 'CWG-COP/30/3, from"
    " the Secretariat, reported on ...', 'CODE, submitted by Trend Micro, \"Title\", was"
    " presented by ...'.",
    examples=[
        (", from the Secretariat, reported on the", ", from the Secretariat, reported"),
        (
            ', submitted by Trend Micro, "Safer networks", was presented',
            ', submitted by Trend Micro, "Safer networks", was presented',
        ),
        (" was noted.", " was noted"),
    ],
    counter_examples=[
        ", submitted by the Republic of Indonesia: Child online protection",
        " submitted by Kenya: A national plan",
        ": Contribution from RUSSIA: Safer Internet",
        " – Acme Telecom – Parental tools",
        ", from the Secretariat: Annual report",
    ],
)


_CONTRIB_TITLE = rule(
    "contribution.list_section",
    "contributions.listed",
    _alt(_LEX.list_titles, bounded=False),
    "A section title under which every code opens a listed item: 'Contributions', 'Documents'.",
    examples=[("3 Documents", "Documents"), ("Input documents", "Input")],
    counter_examples=["Discussion", "Opening of the meeting"],
    flags=regex.IGNORECASE,
).pattern


def _in_contributions_section(section: Section) -> bool:
    return bool(section.title and _CONTRIB_TITLE.search(section.title))


# The statement's noun is rare; the patterns run only around it (the count stands at most a
# few words before it, "were received" a few words after).
_STATED_NOUN = rule(
    "contributions_stated.noun",
    "contributions_stated",
    _alt(_LEX.stated_verb_nouns),
    "The noun of a count statement; the count patterns run only around it.",
    examples=[("nine contributions were received", "contributions")],
    counter_examples=["nine contributors", "the documentation"],
    flags=regex.IGNORECASE,
).pattern
_STATED_NOUN_OPENS = opening_words(_LEX.stated_verb_nouns)
_STATED_BEFORE, _STATED_AFTER = 80, 50


def _around(text: str, noun: regex.Match[str], para: Paragraph) -> tuple[int, int]:
    start = max(para.span.start, noun.start() - _STATED_BEFORE)
    while start > para.span.start and text[start - 1].isalnum():  # never inside a word
        start -= 1
    return start, min(para.span.end, noun.end() + _STATED_AFTER)


def extract_contributions_stated(ctx: ExtractContext) -> tuple[int | None, Span | None]:
    """How many contributions the text says there were: "There were nine contributions".

    A report covering two meetings may state a count in each meeting's section; the first
    statement of each top-level section is summed, and the span is that of the first.
    """
    text = ctx.text
    total: int | None = None
    first: Span | None = None
    nouns = opening_places(ctx.folded, _STATED_NOUN_OPENS)  # where a noun can stand
    for section in ctx.seg.sections:
        # Each paragraph once: sections whose numbers repeat can overlap, paragraphs cannot.
        for para in (p for _, sub in section.walk() for p in sub.paragraphs):
            if para.span.start < ctx.cover_end:
                continue
            if nouns is not None and bisect_left(nouns, para.span.start) == bisect_left(
                nouns, para.span.end
            ):  # no noun in it: finditer_at would find nothing
                continue
            hits = [
                h
                for noun in finditer_at(_STATED_NOUN, text, nouns, para.span.start, para.span.end)
                for p in _STATED
                if (h := first_count(p, text, *_around(text, noun, para)))
            ]
            if not hits:
                continue
            _, n, at = min(hits, key=lambda h: h[0].start())
            total = (total or 0) + n
            if first is None:
                first = ctx.loc.span(*at)
            break
    return total, first
