"""Invariants that must hold for any input, checked with hypothesis (derandomised for CI).

The fixtures mutated line by line are in test_reliability.py, with its fuller checks.
"""

from __future__ import annotations

from typing import Any

import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

import copparse
from copparse import normalize, reflow
from copparse.normalize import normalize_text

CI = settings(
    derandomize=True,
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# Report-like vocabulary, so that random texts reach deep into the pipeline.
WORDS = [
    "1", "1.1", "2", "2.1", "5.7", "Introduction", "CWG-COP", "WG-CP/13/2:", "Contribution",
    "from", "RUSSIA:", "thirteenth", "meeting", "held", "on", "2", "February", "2016", "chaired",
    "by", "Ms", "Eugenia", "Devincenzi", "(Republic of Argentina)", "Approximately", "100",
    "participants", "Resolution", "1306", "·", "\n", "\n", "\t", ".", ":", "the", "agenda",
    "adopted", "Outcomes", "Secretariat", "will", "Summary", "Document", "C17/24-E", "?", "\u00a0",
]  # fmt: skip


def spans_of(obj: Any) -> list[copparse.Span]:
    out: list[copparse.Span] = []
    if isinstance(obj, copparse.Span):
        out.append(obj)
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            out += spans_of(getattr(obj, name))
    elif isinstance(obj, list | tuple):
        for item in obj:
            out += spans_of(item)
    elif isinstance(obj, dict):
        for item in obj.values():
            out += spans_of(item)
    return out


def check(text: str) -> copparse.Report | None:
    try:
        report = copparse.parse_text(text)
    except copparse.CopParseError as exc:
        assert str(exc)
        return None
    for span in spans_of(report):
        assert 0 <= span.start <= span.end <= len(report.text)
    for section in report.sections:
        if section.number is not None:
            assert section.number in text
    for c in report.contributions:
        assert f"/{c.meeting}/{c.number}" in report.text.replace(" ", "")
    assert copparse.Report.model_validate_json(report.model_dump_json()) == report
    return report


@CI
@given(st.text())
def test_any_text_gives_a_report_or_a_copparse_error(text: str) -> None:
    check(text)


@CI
@given(st.lists(st.sampled_from(WORDS), max_size=80).map(" ".join))
def test_report_like_word_salad(text: str) -> None:
    check(text)


@CI
@given(st.text())
def test_normalize_origin_is_monotonic_and_complete(raw: str) -> None:
    out = normalize_text(raw)
    assert len(out.origin) == len(out.text) + 1
    assert all(a <= b for a, b in zip(out.origin, out.origin[1:], strict=False))
    assert all(0 <= o <= len(raw) for o in out.origin)
    assert normalize_text(out.text).text == out.text  # idempotent


@CI
@given(st.text(alphabet=" \t\nab", max_size=60))
def test_tab_folding_matches_its_pattern(text: str) -> None:
    """The tab rule is a hand-written scan (one find per tab, not a regex try at every space)."""
    from copparse.normalize import _tabs

    expected = [(m.start(), m.end(), "\t") for m in regex.finditer(r"[ ]*\t[ \t]*", text)]
    assert list(_tabs(text)) == expected


@CI
@given(st.text(alphabet="meetingsMEETINGSſİıKk \n", max_size=40))
def test_folded_text_finds_what_case_insensitive_search_finds(text: str) -> None:
    """Substring tests on ``folded`` stand in for case-insensitive searches of ASCII words."""
    from copparse.extract import folded

    low = folded(text)
    assert low is None or len(low) == len(text)
    for word in ("meeting", "session", "sessions"):
        if regex.search(f"(?i){word}", text):
            assert low is None or word in low


_MENTION_WORDS = st.sampled_from(
    ["The", "representative", "representatives", "delegates", "delegation", "of", "from", "the",
     "Brazil", "Kenya", "Secretariat", "presented", "introduced", "its", "contribution",
     "contributions", "document", "presentation", "proposal", "speaker", "experts",
     "colleagues", "by", "ITU", "Brazilian", "Union", "and", "a"]
)  # fmt: skip


@CI
@given(st.lists(_MENTION_WORDS, max_size=12).map(" ".join))
def test_reference_patterns_never_match_without_their_words(sentence: str) -> None:
    """The substring tests that skip a reference pattern never skip one that would match."""
    from copparse.extract.contributions import _REFERENCES

    for r in _REFERENCES:
        if r.search(sentence):
            assert any(word in sentence for word in r.needs), (r.name, sentence)


def _apply_to_list(text: str, origin: list[int], edits: Any) -> tuple[str, list[int]]:
    """Edits applied with the offset map kept the simple way, a list entry per character:
    what OffsetMap's pieces must reproduce exactly."""
    parts, new, last = [], [], 0
    for start, end, out in edits:
        if out == text[start:end]:
            continue
        parts += [text[last:start], out]
        new += origin[last:start] + [origin[start]] * len(out)
        last = end
    return "".join([*parts, text[last:]]), new + origin[last:]


def _origin_one_entry_per_character(raw: str) -> list[int]:
    text = raw if raw.isascii() else normalize._fold_characters_in_one_pass(raw)
    origin = list(range(len(raw) + 1))
    for _, finder in normalize._RULES:
        text, origin = _apply_to_list(text, origin, list(finder(text)))
    text, origin = _apply_to_list(text, origin, normalize._running_headers(text))
    for _, finder in reflow.layout_rules():
        text, origin = _apply_to_list(text, origin, list(finder(text)))
    lead = len(text) - len(text.lstrip("\n"))
    trail = len(text) - lead - len(text.strip("\n"))
    return _apply_to_list(text, origin, [(0, lead, ""), (len(text) - trail, len(text), "")])[1]


_NOISY = st.lists(
    st.sampled_from([*"ab1. \t\n\r\u00a0\u200b\u2019?_-", "the ", "Page 2", "10October"])
).map("".join)


@CI
@given(st.one_of(st.text(), _NOISY, st.lists(_NOISY, max_size=8).map("\n- 2 -\n".join)))
def test_offset_map_pieces_match_one_entry_per_character(raw: str) -> None:
    out = normalize_text(raw)
    assert list(out.origin) == _origin_one_entry_per_character(raw)
    assert [out.origin[i] for i in range(len(out.origin))] == list(out.origin)
    assert out.origin[-1] == out.origin[len(out.origin) - 1]


def test_offset_map_on_every_fixture() -> None:
    from tests.conftest import FIXTURE_IDS, FIXTURES

    for fixture in FIXTURE_IDS:
        raw = (FIXTURES / f"{fixture}.txt").read_text("utf-8")
        out = normalize_text(raw)
        assert list(out.origin) == _origin_one_entry_per_character(raw), fixture
        assert out.origin.pieces < 200  # a few pieces per repair, not one per character


@st.composite
def _edit_rounds(draw: Any) -> tuple[str, list[list[tuple[int, int, str]]]]:
    text = draw(st.text(alphabet="abc", min_size=0, max_size=30))
    rounds, length = [], len(text)
    for _ in range(draw(st.integers(1, 5))):
        cuts = sorted(draw(st.lists(st.integers(0, length), max_size=8)))
        edits, new_length = [], length
        for a, b in zip(cuts[::2], cuts[1::2], strict=False):
            out = draw(st.text(alphabet="xyz", max_size=4))
            edits.append((a, b, out))
            new_length += len(out) - (b - a)
        rounds.append(edits)
        length = new_length
    return text, rounds


@CI
@given(_edit_rounds())
def test_offset_map_composes_any_edits(case: tuple[str, list[list[tuple[int, int, str]]]]) -> None:
    """Rounds of edits (insertions, deletions, replacements, edits inside earlier edits)."""
    text, rounds = case
    origin, reference = normalize.OffsetMap.identity(len(text) + 1), list(range(len(text) + 1))
    for edits in rounds:
        new_text, origin, _ = normalize._apply(text, origin, edits)
        text, reference = _apply_to_list(text, reference, edits)
        assert new_text == text
        assert list(origin) == reference
        assert [origin[i] for i in range(len(origin))] == reference
