"""The shortcuts contributions take for speed find exactly what the plain searches find.

Each is held against the form it replaced on every fixture (each sentence and each paragraph)
and on generated texts made of the words the rules read.
"""

from __future__ import annotations

import regex
from hypothesis import given
from hypothesis import strategies as st

from copparse.extract import ExtractContext
from copparse.extract import contributions as c
from copparse.extract.group import CODE_RE
from tests.test_fast_forms import CI, WORDS, _context, _fixture_contexts

# The words of the references that end with a phrase, and what may stand around them.
MORE_WORDS = [
    "delegate", "delegates", "Delegation", "representatives", "Inc.", "Ltd.", "GmbH", "plc",
    "contribution", "contributions", "presented", "introduced", "a", "its", "their", "Acme",
    "Telecom", "5Rights", "Foundation", "WG-CP/13/2", "CWG-COP/9/11", "/", "delegatex", "x",
]  # fmt: skip
_ALL = WORDS + MORE_WORDS
texts = st.lists(st.sampled_from(_ALL), max_size=40).map(" ".join) | st.lists(
    st.sampled_from(_ALL), max_size=40
).map("".join)


def _found(p: regex.Pattern[str], text: str, a: int, b: int) -> list[object]:
    return [(m.span(), m.groupdict()) for m in p.finditer(text, a, b)]


def _reach_agrees(text: str, a: int, b: int) -> None:
    for r in c._REFERENCES:
        reach = c._REACH[r.name]
        if reach is None or not any(text.find(w, a, b) >= 0 for w in r.needs):
            continue
        end = c._reach_end(text, a, b, r, reach)
        assert _found(r.pattern, text, a, end) == _found(r.pattern, text, a, b), (r.name, a, b)


def test_the_references_that_end_with_a_phrase_have_a_reach() -> None:
    """The shortcut is taken where it is declared: a pattern or lexicon change that stops it
    fails here rather than going slower unseen.
    """
    assert {n for n, reach in c._REACH.items() if reach is not None} == set(c._ENDINGS)


def _fixture_ranges(ctx: ExtractContext) -> list[tuple[int, int]]:
    paragraphs = [(p.span.start, p.span.end) for _, p in ctx.paragraphs()]
    return [*ctx.sentences, *paragraphs]


def test_a_reference_searched_as_far_as_its_reach_finds_what_the_whole_search_finds() -> None:
    for ctx in _fixture_contexts():
        for a, b in _fixture_ranges(ctx):
            _reach_agrees(ctx.text, a, b)


@CI
@given(texts, st.integers(0, 40), st.integers(0, 400))
def test_a_reference_searched_as_far_as_its_reach_agrees_on_generated_texts(
    text: str, a: int, length: int
) -> None:
    a = min(a, len(text))
    _reach_agrees(text, a, min(len(text), a + length))
    _reach_agrees(text, 0, len(text))


def _codes_agree(ctx: ExtractContext) -> None:
    for _, para in ctx.paragraphs():
        plain = CODE_RE.finditer(ctx.text, para.span.start, para.span.end)
        assert [m.span() for m in c._codes_in(ctx.text, para)] == [m.span() for m in plain]


def test_a_paragraphs_codes_are_those_a_search_of_it_finds() -> None:
    for ctx in _fixture_contexts():
        _codes_agree(ctx)


@CI
@given(texts)
def test_a_paragraphs_codes_agree_on_generated_texts(text: str) -> None:
    _codes_agree(_context(text))
