"""Re-opening's faster forms find what the plain forms find (see test_fast_forms.py).

The in-line numbers found at their first digit, and the cover cues found where their look-ahead
holds, each held against the plain search on every line of every fixture text in every layout
(raw and normalised) and on generated texts.
"""

from __future__ import annotations

import regex
from hypothesis import given
from hypothesis import strategies as st

from copparse import reflow
from tests.test_fast_forms import CI, _fixture_texts

# Pieces that make numbers in and around sentences: digits (one beyond ASCII), stops, blanks,
# the marks the look-behinds read, capitals, small letters, heading and cover words.
PIECES = [
    "1", "2", "12", "1.1", "2.3", "17.5.4", "2014", "\u0661", ".", ". ", " ", "  ", "\t", " \t",
    ";", ":", "!", "?", '"', "'", ")", "]", "(", "The", "the", "A", "a", "É", "é", "MEETING",
    "Introduction", "Contributions", "Summary", "Summary:", "Abstract", "Document", "Document No.",
    "Original:", "Report by the", "REPORT OF THE", "PROGRESS REPORT ON THE", "PL 1.5", "PL",
    "Resolution", "item", "\n", "-", "/", "x", "\u00a0", "\u2028",
]  # fmt: skip
texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def _lines(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for line in text.split("\n"):
        out.append((start, start + len(line)))
        start += len(line) + 1
    return out


def _in_line_numbers_agree(text: str) -> None:
    for a, b in _lines(text):
        plain = [
            (m.start(), m.span("num"), m.group("num"))
            for m in reflow._IN_LINE_NUMBER.finditer(text, a, b, overlapped=True)
        ]
        fast = [(s, m.span("num"), m.group("num")) for s, m in reflow.in_line_numbers(text, a, b)]
        assert fast == plain, (text[a:b], plain, fast)


def _cover_cuts_plain(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """_cover_cuts as it was: _COVER_BEFORE searched at every character."""
    cuts = {m.start(): m.end() for m in reflow._COVER_BEFORE.finditer(text, a, b)}
    for pattern in (*reflow._COVER_AFTER, reflow._TITLE_END.pattern):
        for m in pattern.finditer(text, a, b):
            cuts.setdefault(m.start("gap"), m.end("gap"))
    for m in reflow.TITLE_SMALL.finditer(text, a, b):
        cuts.setdefault(m.start(), m.start("title"))
        cuts.setdefault(m.start("gap"), m.end("gap"))
    return sorted((s, e) for s, e in cuts.items() if a < s < b)


def _cover_cuts_agree(text: str) -> None:
    # Every line, and spans that do not begin at a line start (the header's end is a cut).
    for a, b in [*_lines(text), (0, len(text)), (min(3, len(text)), len(text))]:
        assert reflow._cover_cuts(text, a, b) == _cover_cuts_plain(text, a, b), text[a:b]


def test_in_line_numbers_are_the_overlapped_search_on_every_fixture() -> None:
    for text in _fixture_texts():
        _in_line_numbers_agree(text)


@CI
@given(texts)
def test_in_line_numbers_agree_on_generated_texts(text: str) -> None:
    _in_line_numbers_agree(text)


def test_cover_cuts_are_the_plain_search_on_every_fixture() -> None:
    for text in _fixture_texts():
        _cover_cuts_agree(text)


@CI
@given(texts)
def test_cover_cuts_agree_on_generated_texts(text: str) -> None:
    _cover_cuts_agree(text)


def test_every_cover_cue_opens_with_a_capital() -> None:
    # What the fast form of _COVER_BEFORE rests on: its look-ahead never holds at a blank.
    lex = reflow._LEX
    words = [
        *(s for v in lex.cover.labels.values() for s in v),
        *lex.cover.document,
        *lex.cover.original,
        *lex.cover.source_by,
        *lex.cover.title_starts,
        *lex.cover.title_report,
        *lex.report.update_titles,
        *lex.cover.agenda_item_prefixes,
    ]
    assert words
    assert all(regex.match(r"\p{Lu}", w) for w in words), words
    prefix = r"(?<=\S)[ \t]*"
    assert reflow._COVER_BEFORE.pattern.startswith(prefix)
    assert reflow._COVER_CUE.pattern == reflow._COVER_BEFORE.pattern[len(prefix) :]
    for text in _fixture_texts():
        for m in reflow._COVER_CUE.finditer(text):
            assert text[m.start()] not in " \t"


# The searches that open with a digit, read with an ASCII one in a text whose digits are all
# ASCII (reflow.only_ascii_digits).
def test_the_digits_beyond_ascii_are_found_for_every_code_point() -> None:
    digit = regex.compile(r"\d")
    assert {chr(c) for c in range(128) if digit.match(chr(c))} == set("0123456789")
    for c in range(0x110000):
        ch = chr(c)
        expected = not (c >= 128 and digit.match(ch)) and not 0xD800 <= c < 0xE000
        assert reflow.only_ascii_digits(ch) == expected, hex(c)
        assert reflow.only_ascii_digits(f"a{ch}1") == expected, hex(c)


def _ascii_led_agree(text: str) -> None:
    from copparse import normalize

    if not reflow.only_ascii_digits(text):
        return
    pairs = [
        (reflow._NUMBER_AHEAD, reflow._NUMBER_AHEAD_ASCII, False),
        (reflow._IN_LINE_NUMBER_AT_DIGIT, reflow._IN_LINE_NUMBER_AT_ASCII_DIGIT, True),
        (normalize._ANY_FIGURE_RULE, normalize._ANY_FIGURE_RULE_ASCII, False),
    ]
    for plain, fast, overlapped in pairs:
        found = [m.span() for m in plain.finditer(text, overlapped=overlapped)]
        assert [m.span() for m in fast.finditer(text, overlapped=overlapped)] == found
    for a, b in _lines(text):
        assert reflow._NUMBER_AHEAD.findall(text, a, b) == reflow._NUMBER_AHEAD_ASCII.findall(
            text, a, b
        )
        plain_numbers = [(s, m.span("num")) for s, m in reflow.in_line_numbers(text, a, b)]
        assert [
            (s, m.span("num")) for s, m in reflow.in_line_numbers(text, a, b, True)
        ] == plain_numbers


def test_ascii_led_searches_find_what_the_plain_ones_find_on_every_fixture() -> None:
    from unittest.mock import patch

    for text in _fixture_texts():
        _ascii_led_agree(text)
        fast = list(reflow.reopen_long_lines(text))
        with patch.object(reflow, "only_ascii_digits", lambda _: False):
            assert list(reflow.reopen_long_lines(text)) == fast


@CI
@given(texts)
def test_ascii_led_searches_agree_on_generated_texts(text: str) -> None:
    _ascii_led_agree(text)
    _ascii_led_agree(text.replace("\u0661", "1"))
