"""The faster forms of normalisation find what the plain forms find (see test_fast_forms.py).

The offset map's composition, the doubled-word test and the longest lone number, each held
against the form it replaced on every fixture and on generated texts.
"""

from __future__ import annotations

import sys
from unittest.mock import patch

import regex
from hypothesis import given
from hypothesis import strategies as st

from copparse import normalize
from tests.conftest import FIXTURE_IDS, FIXTURES
from tests.test_fast_forms import CI, doubled_texts, figure_texts, line_texts


@CI
@given(st.text(alphabet="0123456789.\u0661", min_size=1, max_size=30))
def test_no_lone_number_is_longer_than_the_longest(text: str) -> None:
    from copparse import reflow

    assert reflow._LONE_NUMBER.fullmatch("12.123.123.123.")
    assert len("12.123.123.123.") == reflow._LONGEST_LONE
    if len(text) > reflow._LONGEST_LONE:
        assert reflow._LONE_NUMBER.fullmatch(text) is None


def _compose_plain(
    self: normalize.OffsetMap, pieces: list[tuple[int, int, int, int]], length: int
) -> normalize.OffsetMap:
    """OffsetMap.compose as it was: a search of the old pieces for each new one."""
    import bisect

    cuts: list[int] = []
    bases: list[int] = []
    steps: list[int] = []

    def add(cut: int, base: int, step: int) -> None:
        if steps and steps[-1] == step == 1 and bases[-1] + cut - cuts[-1] == base:
            return
        if steps and steps[-1] == step == 0 and bases[-1] == base:
            return
        cuts.append(cut)
        bases.append(base)
        steps.append(step)

    old_cuts = self._cuts
    for new_start, old_start, step, count in pieces:
        if count <= 0:
            continue
        if step == 0:
            add(new_start, self.at(old_start), 0)
            continue
        k = bisect.bisect_right(old_cuts, old_start) - 1
        pos, end = old_start, old_start + count
        while pos < end:
            step_k = self._steps[k]
            add(new_start + pos - old_start, self._bases[k] + (pos - old_cuts[k]) * step_k, step_k)
            k += 1
            pos = old_cuts[k] if k < len(old_cuts) else end
    return normalize.OffsetMap(cuts, bases, steps, length)


def _composes_as_plain(text: str) -> None:
    composed = normalize.OffsetMap.compose

    def both(
        self: normalize.OffsetMap, pieces: list[tuple[int, int, int, int]], length: int
    ) -> normalize.OffsetMap:
        pieces = list(pieces)
        fast, plain = composed(self, pieces, length), _compose_plain(self, pieces, length)
        assert (fast._cuts, fast._bases, fast._steps, len(fast)) == (
            plain._cuts,
            plain._bases,
            plain._steps,
            len(plain),
        )
        return fast

    with patch.object(normalize.OffsetMap, "compose", both):
        normalize.normalize_text(text)


def test_offset_maps_compose_as_the_plain_form_on_every_fixture() -> None:
    from tests.relayout import LAYOUTS

    for name in FIXTURE_IDS:
        text = (FIXTURES / f"{name}.txt").read_text("utf-8")
        for laid in (text, *(layout(text) for layout in LAYOUTS.values())):
            _composes_as_plain(laid)


@CI
@given(line_texts | doubled_texts | figure_texts)
def test_offset_maps_compose_as_the_plain_form_on_generated_texts(text: str) -> None:
    _composes_as_plain(text)


def test_the_doubled_words_are_read_in_ascii_letters_only() -> None:
    # What may_hold_doubled_words relies on, for every code point: the engine reads a letter of
    # the words case-blind only in an ASCII letter (as a literal and as a back-reference), and
    # every ASCII character the byte form keeps in a word is a word character to it.
    chars = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    letters = sorted(set("".join(normalize.DOUBLED_WORDS)))
    beyond = {normalize._CASE_BLIND_I}
    for letter in letters:
        found = regex.findall(f"(?i){letter}", chars)
        assert {c for c in found if not c.isascii()} <= beyond, letter
    cased = [c for c in chars if c.lower() != c or c.upper() != c or c.casefold() != c]
    for letter in letters:
        lines = "\n".join(f"{letter} {c}" for c in cased)
        found = regex.findall(rf"(?im)^{letter} ({letter}|\S)$", lines)
        found = [m for m in found if regex.fullmatch(rf"(?i)({letter}) \1", f"{letter} {m}")]
        assert {c for c in found if not c.isascii()} <= beyond, letter
    kept = [chr(b) for b in range(128) if normalize._WORD_BYTES[b] != 0x20]
    assert kept == [c for c in map(chr, range(128)) if c.isalnum() or c == "_"]
    assert all(regex.fullmatch(r"\w", c) for c in kept)
    assert all(normalize._WORD_BYTES[b] == 0x20 for b in range(128, 256))


@CI
@given(doubled_texts | line_texts | st.text())
def test_a_text_with_a_doubled_word_is_always_searched_on_any_text(text: str) -> None:
    if normalize._DOUBLED.search(text):
        assert normalize.may_hold_doubled_words(text)
