"""The faster forms of the header's, the meetings' and the date check's searches find exactly
what the plain forms find.

Each shortcut is held against the form it replaced on every fixture text, in its original
layout and in the four re-layouts, and on generated texts made of the words it reads.
"""

from __future__ import annotations

from functools import cache

import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from copparse.extract import lexicon
from copparse.normalize import normalize_text
from tests.conftest import FIXTURE_IDS, FIXTURES
from tests.relayout import LAYOUTS

CI = settings(
    derandomize=True,
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@cache
def _fixture_texts() -> list[str]:
    """Every fixture's normalised text, as written and in each re-layout."""
    out = []
    for name in FIXTURE_IDS:
        written = (FIXTURES / f"{name}.txt").read_text("utf-8")
        for text in (written, *(f(written) for f in LAYOUTS.values())):
            out.append(normalize_text(text).text)
    return out


def _found(matches: object) -> list[tuple[object, ...]]:
    return [(m.span(), m.groupdict()) for m in matches]  # type: ignore[attr-defined]


def _plain_dates(text: str, a: int, b: int) -> list[tuple[object, ...]]:
    return _found(lexicon.DATE_RE.finditer(text, a, b))


def _window_dates_agree(text: str) -> None:
    """A date search put only where a date may open finds what the plain search finds: in
    each window around a month (what find_dates searches), and over the whole text."""
    spans = [*lexicon._date_windows(text, 0, len(text)), (0, len(text))]
    for a, b in spans:
        assert _found(lexicon._window_dates(text, a, b)) == _plain_dates(text, a, b), (a, b)


def test_dates_put_where_a_date_may_open_are_the_plain_searchs_on_every_fixture() -> None:
    for text in _fixture_texts():
        _window_dates_agree(text)


# Words of dates and what stands around them: days, months as written and abbreviated, range
# and joining words, years, digits of another script, characters the engine folds to an ASCII
# letter ("ſ", the Kelvin sign), and marks a date may not follow.
DATE_WORDS = [
    "2", "17", "30th", "1st", "3rd", "22nd", "31", "4", "0", "February", "FEBRUARY", "feb",
    "Feb.", "Sept.", "Sep", "May", "may", "March", "Mar.", "June", "Jun", "December", "dec.",
    "from", "From", "FROM", "ſrom", "to", "until", "till", "and", "of", "the", "on", "held",
    "2016", "2010", "1999", "2100", "20", "19", "٢٠١٦", "٣", "-", "–", "—", "/", ",", ".", "(",
    ")", "\n", "\t", " ", "  ", "Geneva", "K", "Augu\u017ft", "Octo", "ber", "x2",
]  # fmt: skip
date_texts = st.lists(st.sampled_from(DATE_WORDS), max_size=30).map(" ".join) | st.lists(
    st.sampled_from(DATE_WORDS), max_size=30
).map("".join)


@CI
@given(date_texts, st.integers(0, 30), st.integers(0, 30))
def test_dates_put_where_a_date_may_open_agree_on_generated_texts(
    text: str, cut_start: int, cut_end: int
) -> None:
    _window_dates_agree(text)
    a, b = min(cut_start, len(text)), max(0, len(text) - cut_end)
    if a <= b:
        assert _found(lexicon._window_dates(text, a, b)) == _plain_dates(text, a, b)


def test_the_openings_of_a_date_are_date_res_own_words() -> None:
    # The places are found with the pattern's own day, range word and month, and its flags:
    # a change to DATE_RE's parts must be made to both.
    pattern = lexicon._DATE_OPENS.pattern
    assert lexicon._FROM in pattern and lexicon._MONTH_RE in pattern
    assert lexicon._DATE_OPENS.flags & regex.IGNORECASE
    assert lexicon.DATE_RE.flags & regex.IGNORECASE
    assert lexicon._DAY.startswith(r"(?:[0-3]?\d)")
