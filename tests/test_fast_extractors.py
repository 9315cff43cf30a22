"""The extractors' fast forms against their plain forms: the same matches, the same values.

Each fast form (a search put only where a match can open, a pass skipped where a substring
test says it cannot match) is held equal to the plain one on every fixture's text and on
generated texts.
"""

from __future__ import annotations

from functools import cache

import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

import copparse
from copparse.extract import folded, sentences
from copparse.extract import outcomes as outcomes_module
from copparse.extract.lexicon import country_code
from copparse.extract.places import fewest_words
from copparse.lang import alternation, expand, lexicon
from copparse.rules import all_rules, compile_all
from copparse.segment import segment_sections
from copparse.spans import Locator
from tests.conftest import FIXTURE_IDS, FIXTURES

CI = settings(
    derandomize=True,
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def joined_texts(words: list[str], max_size: int) -> st.SearchStrategy[str]:
    """Texts of up to ``max_size`` of ``words``, joined with spaces or glued together."""
    pieces = st.lists(st.sampled_from(words), max_size=max_size)
    return pieces.map(" ".join) | pieces.map("".join)


@cache
def _fixture_texts() -> list[str]:
    out = []
    for name in FIXTURE_IDS:
        raw = (FIXTURES / f"{name}.txt").read_text("utf-8")
        out += [raw, copparse.parse_text(raw).text]
    return out


@cache
def _fixture_sentences() -> list[str]:
    out = []
    for text in _fixture_texts():
        out += [text[a:b] for a, b in sentences(text, 0, len(text), by_line=False)]
    return out


# --- outcomes: the actors' searches put where an actor, the article or a capital stands ------


def _actors_plain(text: str) -> list[str]:
    """find_actors as it read before its searches were put at their opening places."""
    o = outcomes_module
    found: list[tuple[int, str]] = []
    for m in o._ACTS.finditer(text):
        for a in o._ACTOR_RE.finditer(m.group("actors")):
            found.append(
                (m.start("actors") + a.start(), o._CANONICAL.get(o._key(a.group(0)), a.group(0)))
            )
    for m in o._COUNTRY_ACTS.finditer(text):
        for name, at in zip(m.captures("name"), m.starts("name"), strict=True):
            if o._ACTOR_RE.fullmatch(name):
                found.append((at, o._CANONICAL.get(o._key(name), name)))
            elif country_code(name):
                found.append((at, name))
    out: list[str] = []
    for _, actor in sorted(found, key=lambda f: f[0]):
        if actor not in out:
            out.append(actor)
    return out


ACTOR_WORDS = [
    "The", "the", "THE", "Secretariat", "ITU", "BDT", "Member", "States", "Sector", "Members",
    "members", "Chair", "Chairman", "Vice-Chair", "Vice", "chair", "Group", "CWG-COP", "CWGCOP",
    "WG-CP", "Council", "Regional", "Offices", "academia", "civil", "society", "and", ",", "of",
    "Republic", "Korea", "Kenya", "United", "Mexican", "France", "French", "It", "is", "are",
    "was", "will", "shall", "should", "invited", "to", "requested", "asked", "encouraged",
    "called", "upon", "agreed", "prepare", "report", "Japan", "\u212aenya", "\u017fecretariat",
    "\u00c9tat", "\u0130TU", "Stateof", ".", "(", ")", "\n", "  ",
]  # fmt: skip
actor_texts = joined_texts(ACTOR_WORDS, 30)


def test_the_actors_found_where_they_can_open_are_those_of_the_plain_search() -> None:
    for text in _fixture_sentences():
        assert outcomes_module.find_actors(text) == _actors_plain(text), text


@CI
@given(actor_texts)
def test_the_actors_found_where_they_can_open_agree_on_generated_texts(text: str) -> None:
    assert outcomes_module.find_actors(text) == _actors_plain(text)


# --- outcomes: the decision words looked for once, each span tested against where they stand


def _word_places_agree(text: str, spans: list[tuple[int, int]], words: tuple[str, ...]) -> None:
    low = folded(text)
    places = outcomes_module._WordPlaces(low, words, [(None, a, b) for a, b in spans])
    for a, b in spans:
        for s, e in [(a, b), *sentences(text, a, b, by_line=False)]:
            want = low is None or not words or any(low.find(w, s, e) >= 0 for w in words)
            assert places.held(s, e) == want, (text[s:e], words)


def test_decision_words_held_as_a_test_of_each_span_finds_them() -> None:
    words = outcomes_module._DECISION.needs
    for text in _fixture_texts():
        loc = Locator(text)
        seg = segment_sections(text, loc)
        spans = [(p.span.start, p.span.end) for _, p in seg.paragraphs()]
        _word_places_agree(text, spans, words)
        _word_places_agree(text, spans[::2], words)


@CI
@given(
    joined_texts(
        ["agreed", "agree", "d", "The Group", "decided", ".", " ", "\n", "AGREED", "ſ"], 30
    ),
    st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=5),
    st.lists(st.sampled_from(["agreed", "decided", "d", "agree", "ed ", "s"]), max_size=4),
)
def test_decision_words_held_agree_on_generated_texts(
    text: str, cuts: list[tuple[int, int]], words: list[str]
) -> None:
    n = len(text)
    spans = sorted((min(a, b, n), min(max(a, b), n)) for a, b in cuts)
    _word_places_agree(text, spans, tuple(words))


# --- the words a rule needs: each once, none that holds another ------------------------------


NEED_WORDS = ["chair", "Chairman", "vicechair", "meeting", "meetings", "onsite", "site", "ai"]


def test_the_fewest_words_drop_only_words_that_hold_another() -> None:
    assert fewest_words(["Chair", "chairman", "vicechair", "Meeting"]) == ("chair", "meeting")
    assert fewest_words(["source", "SOURCE", "for information only", "for information"]) == (
        "source",
        "for information",
    )


@CI
@given(
    st.lists(st.sampled_from(NEED_WORDS), min_size=1, max_size=6),
    joined_texts([*NEED_WORDS, "vice", "man", "s", " ", "on"], 12),
)
def test_a_text_holds_one_of_the_fewest_words_where_it_holds_one_of_them_all(
    words: list[str], text: str
) -> None:
    low = text.lower()
    assert any(w.lower() in low for w in words) == any(w in low for w in fewest_words(words))


# --- rules: patterns compiled on first use, all at once before a process forks per document -


def test_every_rule_is_compiled_by_compile_all_as_its_source_says() -> None:
    compile_all()
    for r in all_rules():
        assert "pattern" in vars(r), r.name  # compiled, kept
        if isinstance(r.source, str):
            assert (r.pattern.pattern, r.pattern.flags) == (
                r.source,
                regex.compile(r.source, r.flags).flags,
            )
        else:
            assert r.pattern is r.source


# --- the lexicon's alternations: the prefix tree written as the plain recursion wrote it ------


def _alternation_plain(phrases: list[str], *, bounded: bool = True) -> str:
    """copparse.lang.alternation as it read before its atoms were kept and its runs joined."""
    from typing import Any

    def atoms(phrase: str) -> list[str]:
        out = []
        if bounded and regex.match(r"\w", phrase):
            out.append(r"(?<!\w)")
        for ch in phrase:
            if ch == " ":
                out.append(r"\s+")
            elif ch == "-":
                out.append(r"[-\s]?")
            else:
                out.append(regex.escape(ch))
        if bounded and regex.search(r"\w$", phrase):
            out.append(r"(?!\w)")
        return out

    tree: dict[str, Any] = {}
    for phrase in phrases:
        for spelling in expand(phrase):
            node = tree
            for atom in atoms(spelling):
                node = node.setdefault(atom, {})
            node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [atom + emit(child) for atom, child in node.items() if atom]
        branches.sort(key=len, reverse=True)
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return f"(?:{emit(tree)})"


def _phrase_lists(value: object) -> list[list[str]]:
    """Every list of phrases in a lexicon section: its word tuples and its mappings' keys."""
    if isinstance(value, tuple) and value and all(isinstance(v, str) for v in value):
        return [list(value)]
    if isinstance(value, dict):
        keys = [k for k in value if isinstance(k, str)]
        return [keys] if keys else []
    if isinstance(value, BaseModel):
        return [
            lst for name in type(value).model_fields for lst in _phrase_lists(getattr(value, name))
        ]
    return []


def test_every_lexicon_alternation_is_written_as_the_plain_recursion_wrote_it() -> None:
    lists = _phrase_lists(lexicon("en"))
    assert len(lists) > 100
    for phrases in lists:
        for bounded in (True, False):
            assert alternation(phrases, bounded=bounded) == _alternation_plain(
                phrases, bounded=bounded
            )


PHRASE_WORDS = ["of", "the", "[the]", "chair", "chairman", "vice-chair", "Vice", "H.E.", "e.g.", "-", "a",
                "(x)", "a+b", "CWG-COP", "ſ", "état", "1st", "per cent", "[of]"]  # fmt: skip
phrase_lists = st.lists(
    st.lists(st.sampled_from(PHRASE_WORDS), min_size=1, max_size=4)
    .map(" ".join)
    .filter(lambda p: not p.startswith("[")),
    min_size=1,
    max_size=8,
)


@CI
@given(phrase_lists, st.booleans())
def test_alternations_agree_with_the_plain_recursion_on_generated_phrases(
    phrases: list[str], bounded: bool
) -> None:
    assert alternation(phrases, bounded=bounded) == _alternation_plain(phrases, bounded=bounded)
