"""The faster forms of the pipeline's searches find exactly what the plain forms find.

Each shortcut taken for speed (a possessive run, sentences found from where a rule's words
stand) is held here against the form it replaced, on every fixture and on generated texts
made of report words: a shortcut that changes one match fails here, not only in a golden.
"""

from __future__ import annotations

import itertools
import re
import sys
from collections.abc import Iterable
from functools import cache
from unittest.mock import patch

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

import copparse
from copparse import normalize
from copparse.extract import (
    ExtractContext,
    finditer_opening,
    folded,
    search_line_starts,
    sentences,
    spans_holding,
)
from copparse.extract import contributions as contributions_module
from copparse.extract import group as group_module
from copparse.extract import meetings as meetings_module
from copparse.extract import outcomes as outcomes_module
from copparse.extract import report as report_module
from copparse.models import Span
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


def _sentences_in_agree(ctx: ExtractContext) -> None:
    text = ctx.text
    ranges = [(p.span.start, p.span.end) for _, p in ctx.paragraphs()]
    ranges += [(s.span.start, s.span.end) for s in ctx.seg.sections]
    lines = [0, *(i + 1 for i, ch in enumerate(text) if ch == "\n"), len(text)]
    ranges += list(itertools.pairwise(lines)) + [(a + 1, b) for a, b in itertools.pairwise(lines)]
    ranges += [(0, len(text)), (len(text), len(text))]
    for a, b in ranges:
        if a <= b:
            assert ctx.sentences_in(a, b) == list(sentences(text, a, b)), (a, b)


def test_a_paragraphs_sentences_taken_from_the_whole_texts_are_those_split_from_it() -> None:
    for ctx in _fixture_contexts():
        _sentences_in_agree(ctx)


@CI
@given(texts)
def test_sentences_in_agree_on_generated_texts(text: str) -> None:
    _sentences_in_agree(_context(text))


@CI
@given(
    texts,
    st.lists(
        st.sampled_from(["representative", "presented", "the", "s", "ed"]), min_size=1, max_size=3
    ),
)
def test_spans_holding_agree_with_a_test_of_each_span(text: str, words: list[str]) -> None:
    # Sentences split inside every paragraph-sized piece, as contributions splits them; and
    # spans out of order, which are tested one by one.
    spans = list(sentences(text, 0, len(text)))
    for haystack in (text, text.lower()):
        want = [any(haystack.find(w, a, b) >= 0 for w in words) for a, b in spans]
        assert spans_holding(haystack, spans, words) == want
        assert spans_holding(haystack, spans[::-1], words) == want[::-1]
        # One record of where each word was found, shared by the calls of several word lists.
        found: dict[str, list[int]] = {}
        for some in (words, words[::-1], words[:1], ["present", *words]):
            expected = [any(haystack.find(w, a, b) >= 0 for w in some) for a, b in spans]
            assert spans_holding(haystack, spans, some, found) == expected
    assert spans_holding(None, spans, words) == [True] * len(spans)
    assert spans_holding(text, spans, []) == [True] * len(spans)


# Whole-text searches put only where a word they open with stands, against the plain search.
OPENING_SEARCHES = [
    (meetings_module._VIRTUAL.pattern, meetings_module._VIRTUAL_OPENS),
    (group_module.GROUP_NAME_RE, group_module._GROUP_NAME_OPENS),
    (contributions_module._STATED_NOUN, contributions_module._STATED_NOUN_OPENS),
]
OPENING_WORDS = [
    "held", "HELD", "Held", "met", "Met", "took place", "Took  place", "convened", "virtually",
    "online", "Online", "remotely", "by video-conference", "by videoconference", "virtual",
    "Virtual", "meeting", "meetings", "format", "fully", "FULLY", "Child Online Protection",
    "the", "Group", "was", "entirely", "\u212aenya", "ſession", "t\u212aook", "heLd", "\n",
    " ", "\t", "-", ".", "unheld", "metonline", "Council", "Working", "Group", "on", "COP",
    "CWG", "WG", "cwg-cop", "WG-CP/13/2", "CP", "/", "wg", "Council Working Group on COP",
    "Mr", "Mr.", "MR", "Ms", "Mrs", "Dr.", "H.E.", "H. E.", "His Excellency", "Baroness",
    "John", "Smith", "Okafor", "K.", "van", "der", "(Kenya)", "Prof", "Professor", "contributions",
    "Documents", "CONTRIBUTIONS", "nine", "were", "received", "documents.",
]  # fmt: skip


def joined_texts(words: list[str], max_size: int) -> st.SearchStrategy[str]:
    """Texts of up to ``max_size`` of ``words``, joined with spaces or glued together."""
    pieces = st.lists(st.sampled_from(words), max_size=max_size)
    return pieces.map(" ".join) | pieces.map("".join)


opening_texts = joined_texts(OPENING_WORDS, 30)


def _spans_as_plain_search(text: str) -> None:
    for pattern, opens in OPENING_SEARCHES:
        for pos, end in ((0, len(text)), (0, len(text) // 2), (len(text) // 3, len(text))):
            want = [m.span() for m in pattern.finditer(text, pos, end)]
            got = finditer_opening(pattern, text, folded(text), opens, pos, end)
            assert [m.span() for m in got] == want


def test_searches_put_where_their_first_words_stand_find_what_the_plain_search_finds() -> None:
    assert all(opens for _, opens in OPENING_SEARCHES)
    for ctx in _fixture_contexts():
        _spans_as_plain_search(ctx.text)
    for name in FIXTURE_IDS:
        _spans_as_plain_search((FIXTURES / f"{name}.txt").read_text("utf-8"))


@CI
@given(opening_texts)
def test_searches_put_where_their_first_words_stand_agree_on_generated_texts(text: str) -> None:
    _spans_as_plain_search(text)


LINE_OPENED = [report_module._TITLE.pattern]
title_texts = st.lists(
    st.sampled_from(
        [*OPENING_WORDS, "OUTCOME", "Report", "REPORT", "Summary", "of", "THE", "ELEVENTH",
         "MEETING", "\n", "\n\n", " \t", "Results", "1st"]
    ),
    max_size=30,
).map(" ".join)  # fmt: skip


def _line_searches_as_plain_search(text: str) -> None:
    for pattern in LINE_OPENED:
        assert pattern.pattern.startswith("(?m:^)")
        want = pattern.search(text)
        got = search_line_starts(pattern, text)
        assert (got and got.span()) == (want and want.span())


def test_line_opened_searches_find_what_the_plain_search_finds() -> None:
    for ctx in _fixture_contexts():
        _line_searches_as_plain_search(ctx.text)
        _line_searches_as_plain_search(ctx.text.replace("\n", "\n\n\n"))  # many lines
    for name in FIXTURE_IDS:
        _line_searches_as_plain_search((FIXTURES / f"{name}.txt").read_text("utf-8"))


@CI
@given(title_texts | title_texts.map(lambda t: t.replace(" ", "")))
def test_line_opened_searches_agree_on_generated_texts(text: str) -> None:
    _line_searches_as_plain_search(text)


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


# The doubled-word repair searches only texts that may hold a doubled word.
def test_the_doubled_word_list_is_the_patterns() -> None:
    letters = sorted(set("".join(normalize.DOUBLED_WORDS)))
    read = {
        "".join(w)
        for n in range(1, 5)
        for w in itertools.product(letters, repeat=n)
        if normalize._DOUBLED.fullmatch(f"{''.join(w)} {''.join(w)}")
    }
    assert read == set(normalize.DOUBLED_WORDS)


def test_lower_case_keeps_word_characters_and_split_every_white_space() -> None:
    # What the doubled-word test relies on, for every code point: lower-casing never makes a
    # word character of another or the reverse, and str.split cuts at every \s.
    chars = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    one_for_one = chars.replace("\u0130", "")  # the one whose lower case is two characters
    low = one_for_one.lower()
    assert len(low) == len(one_for_one)
    word = regex.compile(r"\w")
    assert [m.start() for m in word.finditer(low)] == [
        m.start() for m in word.finditer(one_for_one)
    ]
    assert all(c.isspace() for c in regex.findall(r"\s", chars))


SPACES = [" ", "  ", "\n", "\n\n", "\t", "\u00a0", "\u2028", " \n "]
DOUBLED_SAMPLES = [
    *WORDS, "The", "THE", "the", "a", "A", "an", "and", "And", "in", "IN", "of", "to", "with",
    "From", "from", "by", "data", "within", "(the", "the,", "_a", "a_", "\u00bda", "ſ", "İn", "Ka",
]  # fmt: skip
# Doubled words as the repair meets them: any case, any white space between.
DOUBLES = [
    f"{w}{space}{w2}"
    for w in ("a", "an", "the", "of", "with")
    for w2 in (w, w.upper(), w.title())
    for space in SPACES
]
doubled_texts = st.lists(
    st.sampled_from(DOUBLED_SAMPLES) | st.sampled_from(SPACES) | st.sampled_from(DOUBLES),
    max_size=30,
).map("".join)


@CI
@given(doubled_texts)
def test_a_text_with_a_doubled_word_is_always_searched(text: str) -> None:
    if normalize._DOUBLED.search(text):
        assert normalize.may_hold_doubled_words(text)
    # And the whole stage gives what the plain pass gives.
    plain = [(m.start(), m.end(), m.group(1)) for m in normalize._DOUBLED.finditer(text)]
    fast = list(next(f for name, f in normalize._RULES if name == "doubled-word")(text))
    assert fast == plain


# The line tests of layout recovery and segmentation skip the engine on what a line opens
# with. Each is held against the plain form on every line of every fixture in every layout,
# and on those lines with their first character replaced by every ASCII character and a few
# beyond it (a digit the engine reads as one, a capital, a bullet, a space).
OTHER_FIRSTS = ["\u0661", "\u00c9", "\u00e9", "\u00b7", "\u2013", "\u00a0", "\u017f", "\u212a"]


@cache
def _fixture_lines() -> list[str]:
    from tests.relayout import LAYOUTS

    lines: set[str] = set()
    for name in FIXTURE_IDS:
        text = (FIXTURES / f"{name}.txt").read_text("utf-8")
        for laid in (text, *(layout(text) for layout in LAYOUTS.values())):
            lines.update(laid.split("\n"))
            lines.update(normalize.normalize_text(laid).text.split("\n"))
    return sorted(lines)


@cache
def _varied_lines() -> list[str]:
    # Each first character put before a sample of the lines' tails: every kind of line opening.
    tails = sorted({line[1:] for line in _fixture_lines() if line})[::7]
    firsts = [chr(c) for c in range(128)] + OTHER_FIRSTS
    return [*_fixture_lines(), *(first + tail for first in firsts for tail in tails[:60])]


def test_block_rules_are_put_to_a_line_as_every_rule_is() -> None:
    from copparse import segment

    assert all(r.opens is None or r.opens.isascii() for r in segment.BLOCK_RULES)
    lines = _varied_lines()
    nexts = [None, "WG-CP/13/2: A title", "Source", "The text goes on."]
    for line in lines:
        for nxt in nexts:
            fast = segment._classify(line, 0, len(line), nxt)
            assert fast == segment._classify_by_every_rule(line, 0, len(line), nxt), (line, nxt)
    # And each rule claims no line that opens with an ASCII character outside its ``opens``.
    for r in segment.BLOCK_RULES:
        if r.opens is None:
            continue
        for line in lines:
            if line and line[0].isascii() and line[0] not in r.opens:
                for nxt in nexts:
                    assert r.claim(line, 0, len(line), nxt) is None, (r.name, line)


def test_the_layouts_block_probe_answers_as_the_line_classified_by_every_rule() -> None:
    from copparse import segment

    for line in _varied_lines():
        for nxt in (None, "WG-CP/13/2: A title", "Source", "The text goes on."):
            claims = [r.claim(line, 0, len(line), nxt) for r in segment.BLOCK_RULES]
            first = next((b for b in claims if b is not None), None)
            assert first is None or first.rule is not None, line  # a claim names its rule
            plain = segment._classify_by_every_rule(line, 0, len(line), nxt).rule
            assert segment.claiming_rule(line, nxt) == plain, (line, nxt)
            assert segment.starts_block(line, nxt) is (first is not None), (line, nxt)


def test_no_number_opens_a_line_that_opens_with_an_ascii_non_digit() -> None:
    from copparse import reflow

    assert frozenset(chr(c) for c in range(128) if not chr(c).isdigit()) == reflow.NOT_A_DIGIT
    for line in _varied_lines():
        if line and line[0] in reflow.NOT_A_DIGIT:
            assert reflow._LINE_NUMBER.match(line) is None, line
            assert reflow._LONE_NUMBER.fullmatch(line) is None, line


def test_the_running_header_test_is_the_patterns() -> None:
    lines = _varied_lines()
    lines += ["", "ab", "abc", "x" * 80, "x" * 81, "1/4", "- 2 -", "\u00b7ab", "\u2013ab"]
    for line in lines:
        if "\n" not in line:  # it is asked of the lines of a text
            assert normalize._may_be_header(line) == bool(normalize._HEADER_LINE.match(line)), line


def test_layout_line_tests_skip_only_lines_they_cannot_match() -> None:
    from copparse import reflow

    gates = [
        (reflow._GOES_ON.match, reflow._GOES_ON_NEVER),
        (reflow._CODE_ITEM.match, reflow._CODE_ITEM_NEVER),
        (reflow._LIST_ITEM_START.match, reflow._LIST_ITEM_NEVER),
        (reflow.NAME_LINE.fullmatch, reflow._NAME_LINE_NEVER),
    ]
    lower = regex.compile(r"\p{Ll}")
    for line in _varied_lines():
        for test, never in gates:
            if line[:1] in never:
                assert test(line) is None, (test, line)
        in_capitals = (
            " " in line.strip() and sum(c.isupper() for c in line) >= 4 and not lower.search(line)
        )
        assert reflow._in_capitals(line) == in_capitals, line


FIGURE_WORDS = ["Resolution", "1306", "13061", "meeting", "2", "Welcoming", "on", "10", "October",
                "100", "participants", "12th", "th", "MEETING", "1.1", "The", "Date:", ".", "\n",
                "5Rights", "approximately", "2016in", "3OCTOBER", "x", "st", "179", "ſeptember",
                "SEPT", "\u212a", "\u0661", ")", "!", "(", "Ab", "ABC", "Z", "z", "nd", "rd",
                "th", "12.3.4.5", "3.", "Jan", "-"]  # fmt: skip
figure_texts = joined_texts(FIGURE_WORDS, 12)


def _figure_gate_agrees(text: str) -> None:
    plain = any(p.search(text) for p in normalize._FIGURE_PATTERNS)
    assert bool(normalize._ANY_FIGURE_RULE.search(text)) == plain, text


def test_the_figure_rules_union_finds_a_match_where_one_of_them_does() -> None:
    assert len(normalize._FIGURE_PATTERNS) == len(normalize._FIGURE_RULES)
    assert len({p.flags for p in normalize._FIGURE_PATTERNS}) == 1
    for line in _varied_lines():
        _figure_gate_agrees(line)


@CI
@given(figure_texts)
def test_the_figure_rules_union_agrees_on_generated_texts(text: str) -> None:
    _figure_gate_agrees(text)


line_end_texts = st.lists(st.sampled_from(["a", "b c", " ", "\t", "\n", "  ", "\u00a0"])).map(
    "".join
)


@CI
@given(line_end_texts)
def test_line_ends_are_looked_for_where_a_line_has_one(text: str) -> None:
    edits = list(next(f for name, f in normalize._RULES if f is normalize._line_ends)(text))
    assert bool(edits) == any(line != line.strip(" \t") for line in text.split("\n"))


def test_characters_folded_in_turn_are_folded_as_in_one_pass() -> None:
    # No replacement is itself replaced: that is what makes the order of the passes free.
    assert not any(out in normalize._CHARACTER_MAP for _, out in normalize._ONE_FOR_ONE_PAIRS)
    every = "".join(ch for ch, _ in normalize._ONE_FOR_ONE_PAIRS)
    for text in [
        every,
        every[::-1] * 2,
        *(path.read_text("utf-8") for path in FIXTURES.glob("*.txt")),
    ]:
        assert normalize.fold_characters(text) == normalize._fold_characters_in_one_pass(text)


folded_texts = st.lists(
    st.sampled_from(
        [*(ch for ch, _ in normalize._ONE_FOR_ONE_PAIRS), "a", " ", "\n", "\u2022", "\u00e9", "'"]
    )
).map("".join)


@CI
@given(folded_texts)
def test_characters_folded_in_turn_agree_on_generated_texts(text: str) -> None:
    assert normalize.fold_characters(text) == normalize._fold_characters_in_one_pass(text)


STREAM_PIECES = [b"stream", b"endstream", b"end", b"\r\n", b"\n", b"\r", b"x", b" ", b"obj"]


# The look-behind-first form the scan used before: the same matches, tried at every byte.
_STREAM_PLAIN = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")


def test_stream_starts_are_found_as_by_the_look_behind_first_form() -> None:
    from copparse.loaders.pdfbounds import _STREAM

    for path in sorted(FIXTURES.rglob("*.pdf")):
        data = path.read_bytes()
        assert [m.span() for m in _STREAM.finditer(data)] == [
            m.span() for m in _STREAM_PLAIN.finditer(data)
        ], path.name


@CI
@given(st.lists(st.sampled_from(STREAM_PIECES), max_size=30).map(b"".join))
def test_stream_starts_agree_on_generated_bytes(data: bytes) -> None:
    from copparse.loaders.pdfbounds import _STREAM

    assert [m.span() for m in _STREAM.finditer(data)] == [
        m.span() for m in _STREAM_PLAIN.finditer(data)
    ]


# Outcomes: a sentence is searched for a decision only where it holds one of the rule's words,
# and for clause breaks only where it has a ";" or an end mark before its last character.
DECISION_WORDS = [
    "The", "the", "Group", "meeting", "agreed", "to", "noted", "took", "note", "of", "and",
    "decided", "requested", "Secretariat", "endorsed", "It", "was", "that", "report", ";", ".",
    "!", "?", "\u201d", '"', ")", " ", "\n", "Kenya", "if", "recalled", "welcomed", "also",
    "AGREED", "Agreed", "invited", "approved", "e.g.", "5.1",
]  # fmt: skip
decision_texts = joined_texts(DECISION_WORDS, 30)


def _decision_gates_hold(text: str) -> None:
    body = text.rstrip()
    if not outcomes_module._may_break(body):
        assert not list(outcomes_module._CLAUSE_BREAK.finditer(body))
    low = folded(body)
    if not spans_holding(low, [(0, len(body))], outcomes_module._DECISION.needs)[0]:
        assert outcomes_module._DECISION.search(body) is None
        assert outcomes_module.find_decision(body) is None


def test_decision_gates_skip_only_sentences_that_hold_none() -> None:
    for ctx in _fixture_contexts():
        for _, para in ctx.paragraphs():
            for a, b in sentences(ctx.text, para.span.start, para.span.end, by_line=False):
                _decision_gates_hold(ctx.text[a:b])


@CI
@given(decision_texts)
def test_decision_gates_agree_on_generated_texts(text: str) -> None:
    _decision_gates_hold(text)


def _assert_built_as_validation_builds(model: BaseModel) -> None:
    """``model`` (and every model inside it) is the instance validating its values gives."""
    values = {}
    for name, value in model.__dict__.items():
        if isinstance(value, BaseModel):
            _assert_built_as_validation_builds(value)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, BaseModel):
                    _assert_built_as_validation_builds(item)
        values[name] = value
    validated = type(model)(**values)
    assert validated == model
    assert list(validated.__dict__) == list(model.__dict__)  # the JSON's key order
    assert [type(v) for v in validated.__dict__.values()] == [
        type(v) for v in model.__dict__.values()
    ]
    assert validated.model_fields_set == model.model_fields_set
    assert validated.__pydantic_extra__ is None and model.__pydantic_extra__ is None
    assert validated.__pydantic_private__ is None and model.__pydantic_private__ is None
    assert validated.model_dump_json() == model.model_dump_json()
    try:
        expected_hash = hash(validated)
    except TypeError:  # a model holding a list
        with pytest.raises(TypeError):
            hash(model)
    else:
        assert hash(model) == expected_hash


def test_sections_paragraphs_and_spans_built_unvalidated_are_what_validation_builds() -> None:
    from tests.relayout import LAYOUTS

    for name in FIXTURE_IDS:
        text = (FIXTURES / f"{name}.txt").read_text("utf-8")
        for laid in (text, *(layout(text) for layout in LAYOUTS.values())):
            normalized = normalize.normalize_text(laid)
            # Pages every 400 characters, so that spans carry pages too.
            loc = Locator(normalized.text, tuple(range(400, len(normalized.text), 400)))
            seg = segment_sections(normalized.text, loc)
            for section in seg.sections:
                _assert_built_as_validation_builds(section)
            if seg.signature is not None:
                _assert_built_as_validation_builds(seg.signature)


@CI
@given(
    st.text(alphabet=" \t\nab.\u00a0\u2003", max_size=30),
    st.integers(-3, 35),
    st.integers(-3, 35),
    st.none() | st.lists(st.integers(0, 40), max_size=4).map(lambda p: tuple(sorted(p))),
)
def test_a_locators_span_is_the_validated_span(
    text: str, start: int, end: int, pages: tuple[int, ...] | None
) -> None:
    from pydantic import ValidationError

    loc = Locator(text, pages)
    start, end = min(start, len(text)), min(end, len(text))
    a, b = start, end
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    try:
        expected: Span | None = Span(start=a, end=b, page=loc.page(a))
    except ValidationError:
        expected = None
    if expected is None:
        with pytest.raises(ValidationError):
            loc.span(start, end)
    else:
        _assert_built_as_validation_builds(loc.span(start, end))
        assert loc.span(start, end) == expected


# Layout recovery's line walks: a rule put only to the lines a number can open, a str test in
# front of the date look-ahead, and the line walks of normalisation over the lines' own strings.
# Each is held against the form it replaced (kept here) on every fixture text in every layout,
# raw and normalised, and on generated texts.
@cache
def _fixture_texts() -> list[str]:
    from tests.relayout import LAYOUTS

    out: list[str] = []
    for name in FIXTURE_IDS:
        text = (FIXTURES / f"{name}.txt").read_text("utf-8")
        for laid in (text, *(layout(text) for layout in LAYOUTS.values())):
            out += [laid, normalize.normalize_text(laid).text]
    return out


def _lines_plain(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for line in text.split("\n"):
        out.append((start, start + len(line)))
        start += len(line) + 1
    return out


def _lone_numbers_plain(text: str) -> list[tuple[int, int, str]]:
    from copparse import reflow

    prev: tuple[int, ...] | None = None
    lines = _lines_plain(text)
    out = []
    for i, (a, b) in enumerate(lines):
        if a == b or text[a] in reflow.NOT_A_DIGIT:
            continue
        m = reflow._LINE_NUMBER.match(text, a, b)
        if m and m.end() < b:
            num = reflow._parts(m.group(1))
            if reflow.follows(prev, num) and not reflow._DATE_AHEAD.match(text, m.end(1)):
                prev = num
            continue
        if not reflow._LONE_NUMBER.fullmatch(text, a, b) or i + 1 >= len(lines):
            continue
        c, d = lines[i + 1]
        num = reflow._parts(text[a:b])
        if (
            c < d
            and reflow._OPENS_TEXT.match(text, c)
            and not reflow._DATE_AHEAD.match(text, c)
            and reflow.follows(prev, num)
        ):
            prev = num
            out.append((b, c, " "))
    return out


def _page_markers_plain(text: str) -> list[tuple[int, int, str]]:
    from copparse.pagemarks import MARKER_LINE

    return [
        (a, b, "")
        for a, b in _lines_plain(text)
        if b - a <= normalize._MAX_MARKER and MARKER_LINE.fullmatch(text, a, b)
    ]


def _line_ends_plain(text: str) -> list[tuple[int, int, str]]:
    out = []
    for a, b in _lines_plain(text):
        stripped = text[a:b].strip(" \t")
        if len(stripped) == b - a:
            continue
        if not stripped:
            out.append((a, b, ""))
            continue
        lead = len(text[a:b]) - len(text[a:b].lstrip(" \t"))
        trail = len(text[a:b]) - len(text[a:b].rstrip(" \t"))
        if lead:
            out.append((a, a + lead, ""))
        if trail:
            out.append((b - trail, b, ""))
    return out


def _line_walks_agree(text: str) -> None:
    from copparse import reflow

    assert reflow.digit_led_lines(text) == [
        (a, b) for a, b in _lines_plain(text) if a < b and text[a] not in reflow.NOT_A_DIGIT
    ]
    assert list(reflow.lone_numbers(text)) == _lone_numbers_plain(text)
    assert list(reflow.glued_headings(text)) == [
        (m.end(), m.end(), "\n") for m in reflow._GLUED_HEADING.finditer(text)
    ]
    assert list(normalize._page_markers(text)) == _page_markers_plain(text)
    assert list(normalize._line_ends(text)) == _line_ends_plain(text)
    # Re-opening stops reading the numbering past the cover and the last line it may cut; the
    # plain form reads every line (every line "may be cut").
    fast = list(reflow.reopen_long_lines(text))
    with patch.object(reflow, "_may_cut", lambda *_: True):
        assert fast == list(reflow.reopen_long_lines(text))


def _date_ahead_agrees(text: str, offsets: Iterable[int]) -> None:
    from copparse import reflow

    for at in offsets:
        plain = reflow._DATE_AHEAD.match(text, at) is not None
        assert reflow.date_ahead(text, at) == plain, (text[at : at + 20], at)


def test_line_walks_find_what_the_plain_forms_find() -> None:
    for text in _fixture_texts():
        _line_walks_agree(text)
        # The date look-ahead where it is asked: after a digit, or where a line begins.
        _date_ahead_agrees(
            text,
            (i for i in range(len(text) + 1) if i == 0 or text[i - 1] in "0123456789\n."),
        )


LINE_WORDS = [
    "1", "1.1", "2", "2.", "3.1", "12", "6.100", "The", "the", "meeting", "March", "march",
    "MARCH", "per cent", "percent", "%", "ſeptember", "Introduction", "Opening of the",
    "meetingThe", "ContributionsThere", "Contributions", "\u0661", "\u0662.", "- 2 -", "Page 3",
    "page 3 of 4", "1/4", "\n", "\n\n", "\r", "\u2028", "\x85", " ", "  ", "    ", "\t", ".",
    "(", '"', "Kenya", "a", "é",
]  # fmt: skip
line_texts = joined_texts(LINE_WORDS, 25)


@CI
@given(line_texts)
def test_line_walks_agree_on_generated_texts(text: str) -> None:
    _line_walks_agree(text)
    _date_ahead_agrees(text, range(len(text) + 1))


# Two characters of every kind to open a line or a date with: ASCII, and beyond it the
# letters the engine's case-insensitive matching takes for ASCII ones, and white space.
_GATE_HEADS = [chr(c) for c in range(32, 127)] + ["\u017f", "\u212a", "\u0130", "\u0131", "é"]
_GATE_HEADS += ["\t", "\u00a0", "\u2013", "\n"]
_GATE_TAILS = ["", "WG-CP/13/2: A title", "G-COP/1/2 (Kenya)", "ummary", "UMMARY:", "bstract"]
_GATE_TAILS += ["ction required: x", "eferences", " The", "ay 2017", "ebruary", "er cent", "h May"]
_GATE_TAILS += ["-7 June", "% of", "pt. 2016"]


def test_the_opening_tests_skip_only_lines_their_patterns_cannot_match() -> None:
    from copparse import reflow, segment

    lines = [
        *_varied_lines(),
        *(a + b + t for a in _GATE_HEADS for b in _GATE_HEADS for t in _GATE_TAILS[:6]),
    ]
    for line in lines:
        end = len(line)
        assert segment._code_start(line, 0, end) is bool(reflow.CODE_START.match(line, 0, end))
        gated = segment._label(line, 0, end, None)
        assert (gated is None) is (segment._LABEL.match(line, 0, end) is None), line


def test_the_date_after_a_number_is_looked_for_where_one_can_stand() -> None:
    from copparse import segment

    texts = [
        f"5.1{gap}{a}{b}{tail}"
        for a in _GATE_HEADS
        for b in _GATE_HEADS
        for gap in ("", " ", "\t ", "   ", "    ")
        for tail in ("", "y 2017", "rch")
    ]
    for text in texts:
        assert segment._date_ahead(text, 3) is bool(segment._DATE_AHEAD.match(text, 3)), text
    for line in _fixture_lines():
        m = segment._NUMBER.match(line)
        if m:
            at = m.end("num")
            assert segment._date_ahead(line, at) is bool(segment._DATE_AHEAD.match(line, at)), line
