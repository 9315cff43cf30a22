"""The faster forms of the pipeline's searches find exactly what the plain forms find.

Each shortcut taken for speed (a possessive run, sentences found from where a rule's words
stand) is held here against the form it replaced, on every fixture and on generated texts
made of report words: a shortcut that changes one match fails here, not only in a golden.
"""

from __future__ import annotations

from functools import cache

import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import copparse
from copparse.extract import ExtractContext
from copparse.extract import contributions as contributions_module
from copparse.rules import Rule, all_rules
from copparse.segment import segment_sections
from copparse.spans import Locator
from tests.conftest import FIXTURE_IDS, FIXTURES

CI = settings(
    derandomize=True,
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Words that reach the rules of contributions and meetings: names, speakers, verbs, joins.
WORDS = [
    "The", "the", "representative", "representatives", "Representative", "delegation", "of",
    "from", "for", "and", "Trend", "Micro", "Ministry", "Education", "Save", "Children", "ITU",
    "Secretariat", "presented", "introduced", "its", "their", "a", "contribution",
    "contributions", "Document", "CWG-COP/9/11", "Kenya", "Russian", "Peru", "then", "also",
    "meeting", "meetings", "session", "thirteenth", "12th", "held", "on", "2", "February",
    "2016", "Mr.", "Dr.", "J.", "O'Neil", "AT&T", "Co.", "Vice-Chair", "(", ")", ",", ".", ":",
    ";", "\n", "\t", "  ", "ſession", "\u00e9t\u00e9", "Ça", "1.1", "5.",
]  # fmt: skip
texts = st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join) | st.lists(
    st.sampled_from(WORDS), max_size=40
).map("".join)


@cache
def _fixture_contexts() -> list[ExtractContext]:
    out = []
    for name in FIXTURE_IDS:
        text = copparse.parse_text((FIXTURES / f"{name}.txt").read_text("utf-8")).text
        loc = Locator(text)
        out.append(ExtractContext(text=text, seg=segment_sections(text, loc), loc=loc))
    return out


def _context(text: str) -> ExtractContext:
    loc = Locator(text)
    return ExtractContext(text=text, seg=segment_sections(text, loc), loc=loc)


WORDED_RULES = [r for r in all_rules() if r.needs]


def _holding_by_test(ctx: ExtractContext, r: Rule) -> tuple[tuple[int, int], ...]:
    return tuple(s for s in ctx.sentences if r.could_match(ctx.folded, *s))


def test_sentences_holding_a_rules_words_are_those_a_test_of_each_sentence_keeps() -> None:
    assert WORDED_RULES
    for ctx in _fixture_contexts():
        for r in WORDED_RULES:
            assert ctx.sentences_holding(r) == _holding_by_test(ctx, r), r.name
            assert ctx.sentences_holding(r) is ctx.sentences_holding(r)  # made once


@CI
@given(texts)
def test_sentences_holding_agree_on_generated_texts(text: str) -> None:
    ctx = _context(text)
    for r in WORDED_RULES:
        assert ctx.sentences_holding(r) == _holding_by_test(ctx, r), r.name


# A capitalised word of a name is matched possessively: what may follow it (white space, a
# bracket, the end) is never one of its own characters, so giving some back never helps.
POSSESSIVE, GREEDY = r"[\w&'.-]*+", r"[\w&'.-]*"
POSSESSIVE_RULES = [r for r in all_rules() if POSSESSIVE in r.pattern.pattern]


def _greedy(r: Rule) -> regex.Pattern[str]:
    return regex.compile(r.pattern.pattern.replace(POSSESSIVE, GREEDY), r.pattern.flags)


def _found(p: regex.Pattern[str], text: str, a: int, b: int) -> list[object]:
    return [(m.span(), m.groups(), m.groupdict()) for m in p.finditer(text, a, b)]


def _agree(r: Rule, text: str, a: int, b: int) -> None:
    plain = _greedy(r)
    assert _found(r.pattern, text, a, b) == _found(plain, text, a, b), r.name
    m, n = r.pattern.match(text, a, b), plain.match(text, a, b)
    assert (m and (m.span(), m.groupdict())) == (n and (n.span(), n.groupdict())), r.name


def test_the_possessive_name_words_match_as_the_greedy_ones_on_every_fixture() -> None:
    # Every rule that reads a name: speakers, documents, subjects, presenters, submitters.
    assert {r.name for r in POSSESSIVE_RULES} >= {
        "contribution.discussed.speaker",
        "contribution.discussed.own_contribution",
        "contribution.discussed.subject",
        "contribution.submitter.before_code",
    }
    assert contributions_module._WORD_RUN.endswith("*+")
    for ctx in _fixture_contexts():
        for r in POSSESSIVE_RULES:
            _agree(r, ctx.text, 0, len(ctx.text))
            for a, b in ctx.sentences:  # as the extractors search them: sentence by sentence
                _agree(r, ctx.text, a, b)


@CI
@given(texts, st.integers(0, 40), st.integers(0, 40))
def test_the_possessive_name_words_match_as_the_greedy_ones_on_generated_texts(
    text: str, cut_start: int, cut_end: int
) -> None:
    a, b = min(cut_start, len(text)), max(len(text) - cut_end, 0)
    for r in POSSESSIVE_RULES:
        _agree(r, text, 0, len(text))
        if a <= b:
            _agree(r, text, a, b)
