"""The shortcuts contributions (and the sentence split) take for speed find what the plain
searches find.

Each is held against the form it replaced on every fixture (each sentence and each paragraph)
and on generated texts made of the words the rules read.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex
from hypothesis import given
from hypothesis import strategies as st

import copparse.extract
from copparse.extract import ExtractContext, sentences
from copparse.extract import contributions as c
from copparse.extract.group import CODE_RE
from tests.test_fast_forms import CI, WORDS, _context, _fixture_contexts

# The words of the references that end with a phrase, and what may stand around them.
MORE_WORDS = [
    "delegate", "delegates", "Delegation", "representatives", "Inc.", "Ltd.", "GmbH", "plc",
    "contribution", "contributions", "presented", "introduced", "a", "its", "their", "Acme",
    "Telecom", "5Rights", "Foundation", "WG-CP/13/2", "CWG-COP/9/11", "/", "delegatex", "x",
    "representativesx", "Russian", "delegations",
]  # fmt: skip
_ALL = WORDS + MORE_WORDS
texts = st.lists(st.sampled_from(_ALL), max_size=40).map(" ".join) | st.lists(
    st.sampled_from(_ALL), max_size=40
).map("".join)


def _found(p: regex.Pattern[str], text: str, a: int, b: int) -> list[object]:
    return [(m.span(), m.groupdict()) for m in p.finditer(text, a, b)]


def _reach_agrees(text: str, spans: list[tuple[int, int]]) -> None:
    for r in c._REFERENCES:
        reach = c._REACH[r.name]
        if reach is None:
            continue
        last = c._last_places(text, spans, r.needs, {})
        for (a, b), q in zip(spans, last, strict=True):
            if q >= 0:
                end = c._search_end(b, q, reach)
                assert _found(r.pattern, text, a, end) == _found(r.pattern, text, a, b), r.name


def _last_places_agree(text: str, spans: list[tuple[int, int]], words: list[str]) -> None:
    want = [max(text.rfind(w, a, b) for w in words) for a, b in spans]
    assert c._last_places(text, spans, words, {}) == want
    assert c._last_places(text, spans[::-1], words, {}) == want[::-1]
    # One record of where each word was found, shared by the calls of several word lists.
    found: dict[str, list[tuple[int, int]]] = {}
    for some in (words, words[::-1], words[:1], ["present", *words]):
        expected = [max(text.rfind(w, a, b) for w in some) for a, b in spans]
        assert c._last_places(text, spans, some, found) == expected


def test_the_references_that_end_with_a_phrase_have_a_reach() -> None:
    """The shortcut is taken where it is declared: a pattern or lexicon change that stops it
    fails here rather than going slower unseen.
    """
    assert {n for n, reach in c._REACH.items() if reach is not None} == set(c._ENDINGS)


def test_a_reference_searched_as_far_as_its_reach_finds_what_the_whole_search_finds() -> None:
    for ctx in _fixture_contexts():
        paragraphs = [(p.span.start, p.span.end) for _, p in ctx.paragraphs()]
        _reach_agrees(ctx.text, list(ctx.sentences))
        _reach_agrees(ctx.text, paragraphs)


@CI
@given(texts, st.integers(0, 40), st.integers(0, 400))
def test_a_reference_searched_as_far_as_its_reach_agrees_on_generated_texts(
    text: str, a: int, length: int
) -> None:
    a = min(a, len(text))
    _reach_agrees(text, [(a, min(len(text), a + length))])
    _reach_agrees(text, list(sentences(text, 0, len(text))))


def test_a_reference_stops_past_the_character_after_its_last_word() -> None:
    # The longest word glued to a letter: the search must read the letter to find no match.
    for text in ["Acme representativesx", "Acme Telecom representatives", "Russian delegationx"]:
        _reach_agrees(text, [(0, len(text))])


def test_the_last_places_of_overlapping_words() -> None:
    # "ee" stands at 0 and at 1 in "eee": the second is in no span, the first is in the first.
    for spans in ([(0, 2), (2, 3)], [(0, 2)], [(1, 3)], [(0, 1), (1, 3)]):
        _last_places_agree("eee", spans, ["ee"])
        _last_places_agree("eeee", spans, ["ee", "e"])


def test_the_last_places_of_words_are_those_a_search_of_each_span_finds() -> None:
    for ctx in _fixture_contexts():
        paragraphs = [(p.span.start, p.span.end) for _, p in ctx.paragraphs()]
        for r in c._REFERENCES:
            _last_places_agree(ctx.text, list(ctx.sentences), list(r.needs))
            _last_places_agree(ctx.text, paragraphs, list(r.needs))


@CI
@given(
    texts,
    st.lists(
        st.sampled_from(["representative", "presented", "the", "s", "ed", "ee", "e"]),
        min_size=1,
        max_size=3,
    ),
)
def test_the_last_places_of_words_agree_on_generated_texts(text: str, words: list[str]) -> None:
    _last_places_agree(text, list(sentences(text, 0, len(text))), words)
    _last_places_agree(text, [(0, len(text))], words)


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


def _sentences_by_search(
    text: str, start: int, end: int, *, by_line: bool = True
) -> Iterator[tuple[int, int]]:
    """The sentence split as it was: a search of each line for the end of a sentence."""
    line_start = start
    while line_start < end:
        line_end = text.find("\n", line_start, end) if by_line else -1
        line_end = end if line_end < 0 else line_end
        pos = line_start
        for m in copparse.extract._SENTENCE_END.finditer(text, line_start, line_end):
            yield pos, m.end()
            pos = m.end()
            while pos < line_end and text[pos].isspace():
                pos += 1
        if pos < line_end and text[pos:line_end].strip():
            yield pos, line_end
        line_start = line_end + 1


def _split_agrees(text: str, start: int, end: int) -> None:
    for by_line in (True, False):
        want = list(_sentences_by_search(text, start, end, by_line=by_line))
        assert list(sentences(text, start, end, by_line=by_line)) == want, (by_line, start, end)


SPLIT_CASES = [
    "The group met. \nthe next line",
    "The group met.\nthe next line",
    "It ended.  \n",
    "Mr. Smith spoke. Dr. J. Smith replied.Then Kenya spoke",
    "version 2.1 of it. Then (it) ended! Did it? yes",
    "the ITU.Microsoft said. e.g. This",
    "A.\nB.\n\n.C",
    "ends here.",
]


def test_sentences_split_at_each_mark_are_those_a_search_of_each_line_finds() -> None:
    for text in SPLIT_CASES:
        for start in range(len(text) + 1):
            for end in range(start, len(text) + 1):
                _split_agrees(text, start, end)
    for ctx in _fixture_contexts():
        _split_agrees(ctx.text, 0, len(ctx.text))
        for _, p in ctx.paragraphs():
            _split_agrees(ctx.text, p.span.start, p.span.end)


# What stands around the end of a sentence: marks, abbreviations, initials, glued sentences.
SPLIT_WORDS = [
    ".", "!", "?", "Mr.", "Dr.", "e.g.", "i.e.", "U.S.", "J.", "A.", "No.", "3.", "1.1", "x.",
    "Centre.Microsoft", "ITU.Microsoft", "www.itu.int", "?!", "...", '"', "(", ")", ",", "\n",
    "\t", " ", "  ", "\u00a0", "\x1c", "\u2028", "The", "group", "Met", "met", "Kenya",
    "\u00c9t\u00e9", "\u00e9t\u00e9", "\u212a", "1", "a", "Z",
]  # fmt: skip
split_texts = st.lists(st.sampled_from(SPLIT_WORDS + WORDS), max_size=40).map(" ".join) | st.lists(
    st.sampled_from(SPLIT_WORDS), max_size=40
).map("".join)


@CI
@given(split_texts, st.integers(0, 60), st.integers(0, 200))
def test_sentences_split_at_each_mark_agree_on_generated_texts(
    text: str, start: int, length: int
) -> None:
    _split_agrees(text, 0, len(text))
    start = min(start, len(text))
    _split_agrees(text, start, min(len(text), start + length))
