"""The shortcuts contributions takes for speed (second round) find what the plain forms find.

Each is held against the form it replaced on every fixture text and its four re-layouts
(each sentence and each paragraph of the report the parser makes of it) and on generated
texts made of the words the rules read.
"""

from __future__ import annotations

from functools import cache
from unittest.mock import patch

from hypothesis import given
from hypothesis import strategies as st

import copparse
from copparse.extract import ExtractContext, folded, sentences, spans_holding
from copparse.extract import contributions as c
from copparse.segment import segment_sections
from copparse.spans import Locator
from tests.conftest import FIXTURE_IDS, FIXTURES
from tests.relayout import LAYOUTS
from tests.test_fast_forms import CI, WORDS

# The words of the gates, and what may stand around them.
MORE_WORDS = [
    "present", "Presented", "PRESENTS", "representative", "gave", "Gave", "shared", "briefed",
    "introduces", "introducing", "emphasised", "summarized", "ITU Secretariat", "secretariat",
    "SECRETARIAT", "On behalf of", "Speaking on behalf of", "behalf", "Behalf", "Ms Laura",
    "Bianchi,", "e", "ed", "s", "ſ", "İ", "\n",
]  # fmt: skip
_ALL = WORDS + MORE_WORDS
texts = st.lists(st.sampled_from(_ALL), max_size=40).map(" ".join) | st.lists(
    st.sampled_from(_ALL), max_size=40
).map("".join)


def _context(text: str) -> ExtractContext:
    loc = Locator(text)
    return ExtractContext(text=text, seg=segment_sections(text, loc), loc=loc)


@cache
def _contexts() -> tuple[ExtractContext, ...]:
    """Every fixture's report text, and that of each of its four re-layouts."""
    out = []
    for name in FIXTURE_IDS:
        raw = (FIXTURES / f"{name}.txt").read_text("utf-8")
        for written in (raw, *(layout(raw) for layout in LAYOUTS.values())):
            out.append(_context(copparse.parse_text(written).text))
    return tuple(out)


def _spans(ctx: ExtractContext) -> list[list[tuple[int, int]]]:
    paragraphs = [(p.span.start, p.span.end) for _, p in ctx.paragraphs()]
    every = [s for a, b in paragraphs for s in ctx.sentences_in(a, b)]
    return [list(ctx.sentences), paragraphs, every, every[::-1], every[1::3]]


def _holding_agrees(haystack: str | None, spans: list[tuple[int, int]]) -> None:
    for words in (c._PRESENTING.needs, c._SECRETARIAT_PRESENTS.needs, ["e", "ed"], []):
        want = spans_holding(haystack, spans, words)
        assert c._holding(haystack, spans, words) == want
        if haystack is not None:
            assert c._holding_backward(haystack, spans, words) == want


def test_the_backward_gate_holds_the_spans_the_forward_one_holds() -> None:
    # _holding finds the last place of a word in a span with rfind where spans_holding finds
    # the first with find: a span holds a word exactly where it has a first place, and
    # exactly where it has a last one.
    for ctx in _contexts():
        for spans in _spans(ctx):
            _holding_agrees(ctx.folded, spans)
            _holding_agrees(ctx.text, spans)
            _holding_agrees(None, spans)


def test_the_backward_gate_is_taken_on_a_long_range() -> None:
    """A long report is gated backwards, and finds the same as the forward gate."""
    text = " ".join(ctx.text for ctx in _contexts()[:20])
    assert len(text) >= c._BACKWARD_FROM
    low = folded(text)
    spans = list(sentences(text, 0, len(text)))
    with patch.object(c, "_holding_backward", wraps=c._holding_backward) as backward:
        _holding_agrees(low, spans)
    assert backward.called


def test_the_backward_gate_on_overlapping_words() -> None:
    # "ee" stands at 0 and at 1 in "eee": the second is in no span, the first is in the first.
    for spans in ([(0, 2), (2, 3)], [(0, 2)], [(1, 3)], [(0, 1), (1, 3)], [(1, 3), (0, 1)]):
        for text in ("eee", "eeee", "eede", "deee"):
            for words in (["ee"], ["ee", "e"], ["ed", "de"]):
                assert c._holding_backward(text, spans, words) == spans_holding(text, spans, words)


@CI
@given(texts, st.lists(st.sampled_from(["present", "gave", "e", "ed", "secretariat"]), max_size=3))
def test_the_backward_gate_agrees_on_generated_texts(text: str, words: list[str]) -> None:
    low = folded(text)
    for spans in (list(sentences(text, 0, len(text))), [(0, len(text))], []):
        for haystack in (low, text):
            if haystack is not None:
                want = spans_holding(haystack, spans, words)
                assert c._holding_backward(haystack, spans, words) == want
        _holding_agrees(low, spans)
