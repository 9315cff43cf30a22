"""The lexicon: every word the parser matches, kept as data, one file per language.

``en.toml`` beside this module holds the English words; :func:`lexicon` loads a language's file
once into a typed, frozen :class:`Lexicon` (a misspelt key fails loudly), and
:func:`alternation` turns its phrase lists into patterns. Extractors hold structure, never
vocabulary: a second language is a second data file (docs/formats.md, "Adding a language").
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterable, Iterator
from importlib import resources
from itertools import product
from typing import Any

import regex
from pydantic import BaseModel, ConfigDict, Field

from copparse import patterncache

__all__ = [
    "Lexicon",
    "alternation",
    "available_languages",
    "detect_language",
    "expand",
    "lexicon",
]

Words = tuple[str, ...]


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Numbers(_Section):
    """Numbers and ordinals in words."""

    units: Words
    tens: dict[str, int]
    hundred: Words
    ordinal_units: Words
    ordinal_tens: dict[str, int]
    compound_ordinals_below: int
    ordinal_suffixes: Words
    conjunctions: Words
    glued_names: Words


class Dates(_Section):
    """Month names and the words of date ranges."""

    months: Words
    month_abbreviations: dict[str, int]
    range_words: Words
    range_start: Words
    weekdays: Words
    day_of: Words
    and_words: Words
    percent: Words


class Sentences(_Section):
    """What does not end a sentence."""

    abbreviations: Words
    never_last: Words


class ChairRoles(_Section):
    """The chair's role as recorded: chairing, chairing ad hoc, a vice-chair in the chair."""

    chair: str
    ad_hoc: str
    vice: str


class People(_Section):
    """Honorifics, name particles, roles and the chair's phrases."""

    honorifics: dict[str, Words]
    particles: Words
    name_prefixes: Words
    not_name: Words
    roles: dict[str, Words]
    head_of: Words
    organizations: Words
    role_of: Words
    role_after: Words
    absent_after: Words
    absent_after_list: Words
    name_joins: Words
    absent: Words
    absent_of: Words
    chaired_by: Words
    chaired_under: Words
    chaired: Words
    ad_hoc: Words
    vice: Words
    chair_words: Words
    signature_role_prefixes: Words
    signature_roles: Words
    organization_article: Words
    chair_roles: ChairRoles


class Group(_Section):
    """The working group's names and the letters of its codes."""

    names: Words
    abbreviations: Words
    subject: Words
    code_letters: dict[str, str]
    revision: Words


class Segment(_Section):
    """Heading words and the words that make a number a citation."""

    headings: Words
    heading_continues: Words
    heading_continuation: Words
    citing: Words
    sentence_openers: Words


class Cover(_Section):
    """Labels and fields of the cover block."""

    labels: dict[str, Words]
    document: Words
    date: Words
    original: Words
    original_only: Words
    council: Words
    agenda_item_prefixes: Words
    agenda_item_labels: Words
    symbol_languages: Words
    draft: Words
    title_starts: Words
    title_report: Words
    title_meeting: Words
    title_open_ends: Words
    title_group_links: Words
    source_by: Words
    source_roles: Words
    this_report: Words


class Meetings(_Section):
    """Meeting nouns, the verbs of holding one, venues and places."""

    nouns: Words
    noun_qualifiers: Words
    this_meeting: Words
    council_session: Words
    other_meeting: Words
    earlier_record_of: Words
    record_articles: Words
    held: Words
    virtual_held: Words
    virtual_how: Words
    virtual_phrases: Words
    venue_words: Words
    venue_names: Words
    at: Words
    in_: Words = Field(alias="in")
    date_opens: Words
    place_joins: Words
    mode_after_city: Words
    not_city: Words


class Attendance(_Section):
    """Attendance nouns, qualifiers, groups and modes."""

    nouns: Words
    qualifiers: dict[str, str]
    groups_intro: Words
    groups_end: Words
    as_well_as: Words
    as_well_as_end: Words
    in_person: Words
    remote: Words
    in_person_adjectives: Words
    remote_adjectives: Words
    count_joins: Words
    hybrid: Words
    took_part: Words
    not_this_meeting: Words
    shared_heads: Words
    list_and: Words
    list_articles: Words


class Contributions(_Section):
    """How contributions are listed, attributed, presented and counted."""

    from_: Words = Field(alias="from")
    secretariat: Words
    secretariat_units: dict[str, Words]
    chair: Words
    article: Words
    presenting: Words
    entity_joins: Words
    named_joins: Words
    subject_article: Words
    subject_list_joins: Words
    subject_list_article: Words
    subject_adverbs: Words
    subject_leads: Words
    subject_on_behalf: Words
    subject_verbs: Words
    speakers: Words
    speaker_of: Words
    documents: Words
    document_of: Words
    adjective_nouns: Words
    own_contribution: Words
    entity_speakers: Words
    secretariat_presents: Words
    code_sentence_slots: Words
    code_sentence_auxiliaries: Words
    after_code: Words
    before_code: Words
    enumeration_from: Words
    enumeration_joins: Words
    presenter: Words
    presenter_adverbs: Words
    presenter_verbs: Words
    presenter_article: Words
    presenter_objects: Words
    entitled: Words
    table_columns: dict[str, Words]
    submitter_joins: Words
    organization_heads: Words
    articles: Words
    abbreviation_ends: Words
    company_forms: Words
    list_titles: Words
    stated_before: Words
    stated_nouns: Words
    stated_verb_nouns: Words
    stated_after: Words
    stopwords: Words


class Agenda(_Section):
    """The agenda's adoption."""

    nouns: Words
    adopted: Words
    not_adopted: Words
    as_drafted: Words
    amended: Words
    addition_with: Words
    addition: Words
    other_agenda_of: Words
    other_agenda_owner: Words
    other_agenda_meeting: Words
    possessive: Words


class Outcomes(_Section):
    """Outcome section titles, actors, the verbs that give them work, and the group's decisions."""

    title_article: Words
    titles: Words
    actors: dict[str, str]
    actor_joins: Words
    actor_article: Words
    acts_after: Words
    acts_before: Words
    acts_before_to: Words
    decision_subjects: Words
    decision_adverbs: Words
    decision_verbs: Words
    decision_verb_objects: Words
    decision_requests: Words
    decision_request_to: Words
    decision_endorsements: Words
    decision_first: Words
    decision_first_joins: Words
    decision_first_not: Words
    decision_impersonal: Words
    decision_impersonal_verbs: Words
    decision_not_before: Words
    decision_earlier_at: Words
    decision_earlier: Words


class Resolutions(_Section):
    """Resolution citations."""

    word: Words
    bodies: dict[str, str]
    body_after: Words
    sector_prefixes: dict[str, str]
    organization: Words
    revision: Words
    council_year: Words
    known: dict[str, str]


class Checks(_Section):
    """Words the cross-checks read."""

    future: Words


class Countries(_Section):
    """Country names as ITU documents write them, and demonyms."""

    aliases: dict[str, str]
    formal_adjectives: Words
    formal_nouns: Words
    demonym_formal_nouns: Words
    formal_of: Words
    article: Words
    demonyms: dict[str, str]
    demonym_endings: Words
    demonym_stem_suffixes: Words


class Report(_Section):
    """What marks a text as a report of the group's meetings, and what counts against it."""

    chaired: Words
    future_chaired: Words
    not_covering: Words
    information_labels: Words
    information_notes: Words
    update_titles: Words
    update_title_links: Words
    instrument_headings: Words
    operative_clauses: Words
    press_release_titles: Words
    press_release_marks: Words
    other_groups: Words


class Documents(_Section):
    """The words that make a named document the agenda or an earlier meeting's record."""

    agenda: Words
    record: Words
    record_of: Words
    document_words: Words
    contained_in: Words


class Lexicon(_Section):
    """One language's words, section by section (see ``en.toml``)."""

    language: str
    numbers: Numbers
    dates: Dates
    sentences: Sentences
    people: People
    group: Group
    segment: Segment
    cover: Cover
    meetings: Meetings
    attendance: Attendance
    contributions: Contributions
    agenda: Agenda
    outcomes: Outcomes
    resolutions: Resolutions
    checks: Checks
    countries: Countries
    report: Report
    documents: Documents

    def words(self) -> frozenset[str]:
        """Every word of every phrase, lower-cased: what a pattern may spell out."""
        out: set[str] = set()
        for value in _leaves(self.model_dump()):
            out.update(w.lower() for w in regex.findall(r"[^\W\d_]+", value))
        return frozenset(out)


def _leaves(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield str(key)
            yield from _leaves(value)
    elif isinstance(data, list | tuple):
        for value in data:
            yield from _leaves(value)


def available_languages() -> list[str]:
    """The languages that have a lexicon file, as their codes (``["en"]``)."""
    files = resources.files(__package__)
    return sorted(p.name.removesuffix(".toml") for p in files.iterdir() if p.name.endswith(".toml"))


@functools.cache
def lexicon(language: str = "en") -> Lexicon:
    """The lexicon of ``language``, read from its data file on first use.

    Raises:
        ValueError: there is no lexicon for ``language``.
    """
    if language not in available_languages():
        raise ValueError(f"no lexicon for language {language!r}; have {available_languages()}")
    raw = (resources.files(__package__) / f"{language}.toml").read_text("utf-8")
    return Lexicon.model_validate(tomllib.loads(raw))


def detect_language(text: str, *, sample: int = 20_000) -> str:
    """The language whose lexicon words occur most often in the first ``sample`` characters.

    With one lexicon this is always that language; with more it picks by counting hits of each
    lexicon's month names, heading words and meeting nouns.
    """
    languages = available_languages()
    if len(languages) == 1:
        return languages[0]
    head = text[:sample]

    def hits(language: str) -> int:
        lex = lexicon(language)
        words = (*lex.dates.months, *lex.segment.headings, *lex.meetings.nouns)
        pattern = patterncache.compile(alternation(words), regex.IGNORECASE)
        return sum(1 for _ in pattern.finditer(head))

    return max(languages, key=hits)


def expand(phrase: str) -> list[str]:
    """Every spelling of a phrase with optional words: ``"of [the]"`` -> of, of the."""
    tokens = phrase.split(" ")
    if tokens and tokens[0].startswith("["):
        raise ValueError(f"a phrase cannot start with an optional word: {phrase!r}")
    choices = [[t[1:-1], None] if t.startswith("[") and t.endswith("]") else [t] for t in tokens]
    return [" ".join(t for t in combo if t is not None) for combo in product(*choices)]


_WORD_FIRST = patterncache.compile(r"\w")
_WORD_LAST = patterncache.compile(r"\w$")
# Each character's atom: a space any white space, a hyphen a hyphen, a space or nothing,
# any other itself, escaped (the lexicon's phrases share few characters: kept once each).
_ATOM = {" ": r"\s+", "-": r"[-\s]?"}


def _atoms(phrase: str, bounded: bool) -> list[str]:
    out = []
    if bounded and _WORD_FIRST.match(phrase):
        out.append(r"(?<!\w)")
    for ch in phrase:
        atom = _ATOM.get(ch)
        if atom is None:
            atom = _ATOM[ch] = regex.escape(ch)
        out.append(atom)
    if bounded and _WORD_LAST.search(phrase):
        out.append(r"(?!\w)")
    return out


def alternation(phrases: Iterable[str], *, bounded: bool = True) -> str:
    r"""One non-capturing pattern matching any of ``phrases`` (see the module for the syntax).

    The phrases are merged as a prefix tree, so most positions fail on their first character
    instead of being tried against every phrase. ``bounded`` keeps a match from starting or
    ending inside a word.

    Example: ``alternation(["of [the]"])`` matches "of", "of the" and "of  the".
    """
    tree: dict[str, Any] = {}
    count = 0
    for phrase in phrases:
        for spelling in expand(phrase):
            node = tree
            for atom in _atoms(spelling, bounded):
                node = node.setdefault(atom, {})
            node[""] = {}
            count += 1
    if not count:
        raise ValueError("an alternation needs at least one phrase")

    def emit(node: dict[str, Any]) -> str:
        # A run of atoms with one way on (most of a phrase) is written as it stands.
        head = []
        while len(node) == 1 and "" not in node:
            atom, node = next(iter(node.items()))
            head.append(atom)
        # Longer branches first: a phrase that is a prefix of another must not win early.
        branches = [atom + emit(child) for atom, child in node.items() if atom]
        if not branches:
            return "".join(head)
        branches.sort(key=len, reverse=True)
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return "".join(head) + (f"(?:{body})?" if "" in node else body)

    return f"(?:{emit(tree)})"
