"""The same report gives the same facts in every layout (issue 11, "Done when").

Each fixture report is re-laid out four ways by :mod:`tests.relayout` (every line break a
space; every line break removed; numbers alone on their lines with the text wrapped at 90
columns; numbers glued to their text with a "1/4" marker first), and the facts of each re-layout
(:func:`tests.relayout.facts`: everything but spans, paragraph white space and repair
diagnostics, text values compared with white space collapsed) must equal the original's.

Three tables below say where that does not hold, and each is checked both ways:

- ``CANNOT_SURVIVE``: facts that no parser could recover from a layout, with the reason. Both
  sides are coarsened to what survives before they are compared; an entry that changes nothing
  fails.
- ``KNOWN_FAILING``: the (fixture, layout) pairs the parser gets wrong today. They are strict
  xfails: a pair the parser starts to get right XPASSes, which fails the run until the pair is
  removed here.
- ``KNOWN_SPAN_MISMATCHES``: as-written values whose span does not hold exactly the value,
  by field path; a strict xfail too, and a mismatch that is not listed fails outright.

Each text is parsed once per session (every fixture x 5 texts).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
import regex
from pydantic import BaseModel

import copparse
from tests.conftest import FIXTURE_IDS, FIXTURES, SEED_ID
from tests.relayout import (
    FACT_GROUPS,
    LAYOUTS,
    WRAP_WIDTH,
    Facts,
    NumberedLine,
    breaks_removed,
    collapse,
    differing_groups,
    explain,
    facts,
    lines_of,
    numbered_line,
    numbers_alone_wrapped,
    numbers_glued,
    spaces_for_breaks,
    wrap,
)

ORIGINAL = "original"
TEXTS = (ORIGINAL, *LAYOUTS)


@functools.cache
def source(fixture_id: str) -> str:
    return (FIXTURES / f"{fixture_id}.txt").read_text("utf-8")


@functools.cache
def text_of(fixture_id: str, layout: str) -> str:
    text = source(fixture_id)
    return text if layout == ORIGINAL else LAYOUTS[layout](text)


@functools.cache
def report(fixture_id: str, layout: str) -> copparse.Report:
    """Each of the 5 texts of each fixture is parsed once per session."""
    return copparse.parse_text(text_of(fixture_id, layout))


# --- Facts that cannot survive a layout --------------------------------------------------


def _refs_without_unnumbered_blocks(f: Facts) -> Facts:
    """discussed_in refs "5.7+1" -> "5.7": which numbered block the discussion follows."""
    contributions = []
    for c in f["contributions"]:
        refs = list(dict.fromkeys(ref.split("+")[0] for ref in c["discussed_in"]))
        contributions.append({**c, "discussed_in": refs})
    return {**f, "contributions": contributions}


def _unnumbered_outcomes_joined(f: Facts) -> Facts:
    """An unnumbered outcome joins the outcome before it (texts joined, actors united)."""
    outcomes: list[dict[str, Any]] = []
    for o in f["outcomes"]:
        if o["number"] is None and outcomes:
            last = outcomes[-1]
            outcomes[-1] = {
                **last,
                "text": collapse(f"{last['text']} {o['text']}"),
                "actors": list(dict.fromkeys([*last["actors"], *o["actors"]])),
            }
        else:
            outcomes.append(dict(o))
    return {**f, "outcomes": outcomes}


def _outcome_texts_without_spaces(f: Facts) -> Facts:
    """Outcome texts with every space taken out."""
    outcomes = [{**o, "text": "".join(o["text"].split())} for o in f["outcomes"]]
    return {**f, "outcomes": outcomes}


def _without_spaces(value: Any) -> Any:
    """Every string in the facts with its white space taken out."""
    if isinstance(value, str):
        return "".join(value.split())
    if isinstance(value, dict):
        return {k: _without_spaces(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_spaces(v) for v in value]
    return value


_WRAPPED_WORDS = regex.compile(r"\p{Ll}\n\p{Ll}")
_MIN_WRAPS = 3


def hard_wrapped(text: str) -> bool:
    """Whether the text's paragraphs are cut at line ends ("child online\nprotection")."""
    return len(_WRAPPED_WORDS.findall(text)) >= _MIN_WRAPS


def _everywhere(text: str) -> bool:
    return True


def _contribution_titles_without_spaces(f: Facts) -> Facts:
    """Contribution titles with every space taken out."""
    contributions = [
        {**c, "title": None if c["title"] is None else "".join(c["title"].split())}
        for c in f["contributions"]
    ]
    return {**f, "contributions": contributions}


def wraps_between_words(text: str) -> bool:
    """Whether a line ends between two words in lower case ("for child" / "online protection")."""
    return _WRAPPED_WORDS.search(text) is not None


def without_numbered_paragraphs(text: str) -> bool:
    """Whether no line of the report opens with a section or paragraph number."""
    return not any(isinstance(line, NumberedLine) for line in lines_of(text))


@dataclass(frozen=True)
class Loss:
    """A fact that cannot survive some layouts: both sides are compared as ``coarsen`` makes them.

    ``applies`` tells from the original text whether the loss can happen to a fixture at all.
    """

    layouts: frozenset[str]
    fact: str
    reason: str
    coarsen: Callable[[Facts], Facts]
    applies: Callable[[str], bool] = _everywhere


_ONE_LINE = frozenset({"a_spaces_for_breaks", "b_breaks_removed"})
_UNMARKED_BREAK = (
    "with every line break gone, where an unnumbered paragraph begins is marked by nothing but"
    " a sentence end, which it shares with every other sentence: a reader cannot tell two"
    " unnumbered paragraphs from one"
)

CANNOT_SURVIVE: tuple[Loss, ...] = (
    Loss(
        _ONE_LINE,
        "contributions[].discussed_in '+k' refs",
        _UNMARKED_BREAK,
        _refs_without_unnumbered_blocks,
    ),
    Loss(
        frozenset({"c_numbers_alone_wrapped"}),
        "contributions[].discussed_in refs of a report without numbered paragraphs",
        "with no blank lines, a paragraph whose last line is full and ends a sentence ('... of"
        " information and the national regulator.' / 'The Secretariat introduced ...') cannot be"
        " told from one whose sentence goes on into the next line; a report without numbered"
        " paragraphs counts every paragraph from its start ('p+12'), so one such paragraph"
        " shifts every ref after it",
        _refs_without_unnumbered_blocks,
        without_numbered_paragraphs,
    ),
    Loss(_ONE_LINE, "outcomes without a number", _UNMARKED_BREAK, _unnumbered_outcomes_joined),
    Loss(
        frozenset({"b_breaks_removed"}),
        "the space between an outcome's sentences",
        "a line break removed with nothing in its place leaves no space between the sentences"
        " it separated ('the Group.Member States'): the text is the same but for that space",
        _outcome_texts_without_spaces,
    ),
    Loss(
        frozenset({"b_breaks_removed"}),
        "the space between two words at a hard wrap",
        "a hard-wrapped copy whose line breaks were removed with nothing in their place glues"
        " the words at every wrap ('child online' + 'protection' -> 'child onlineprotection',"
        " '(Stateof Kuwait)'); which joins were two words is a matter of vocabulary, not layout"
        " (a line end is re-joined only where the lexicon knows the word: 'dele-gates')",
        _without_spaces,
        hard_wrapped,
    ),
    Loss(
        frozenset({"b_breaks_removed"}),
        "the space at a wrap inside a contribution's title",
        "a title that wraps in its table cell ('A national plan for child' / 'online"
        " protection') glues its words when the line breaks are removed with nothing in their"
        " place ('childonline'), however few lines of the copy wrap: which joins were two words"
        " is a matter of vocabulary, not layout",
        _contribution_titles_without_spaces,
        wraps_between_words,
    ),
)
"""Facts no parser could recover from a layout, with the reason; nothing else is excused."""


def comparable(f: Facts, layout: str, fixture_id: str) -> Facts:
    for loss in CANNOT_SURVIVE:
        if layout in loss.layouts and loss.applies(source(fixture_id)):
            f = loss.coarsen(f)
    return f


# --- Today's failures (issue 11 is to fix them) -------------------------------------------

# The earlier ones (PDF-text copies without line breaks) hold since layout recovery removes page
# furniture glued to the text, and the words glued at a hard wrap are a loss listed in
# CANNOT_SURVIVE.
# A contribution table flattened to one cell per line holds on one line too (cwgcop23):
# layout recovery re-opens it at its header row and at its rows' codes, and a row's submitter
# is the longest known name after its code. A row opened by a name the parser does not know
# cannot be split on one line (cwgcop24).
KNOWN_FAILING: dict[tuple[str, str], str] = {}
"""(fixture, layout) pairs whose facts differ today, each with the reason."""

_KNOWN_FAILING_REASON = (
    "issue 11: facts differ in this layout today (remove from KNOWN_FAILING once it passes)"
)


def _pairs() -> list[Any]:
    return [
        pytest.param(
            fixture_id,
            layout,
            id=f"{fixture_id}-{layout}",
            marks=[
                pytest.mark.xfail(
                    strict=True,
                    reason=KNOWN_FAILING.get((fixture_id, layout), _KNOWN_FAILING_REASON),
                )
            ]
            if (fixture_id, layout) in KNOWN_FAILING
            else [],
        )
        for fixture_id in FIXTURE_IDS
        for layout in LAYOUTS
    ]


@pytest.mark.parametrize(("fixture_id", "layout"), _pairs())
def test_a_relayout_gives_the_same_facts(fixture_id: str, layout: str) -> None:
    expected = comparable(facts(report(fixture_id, ORIGINAL)), layout, fixture_id)
    actual = comparable(facts(report(fixture_id, layout)), layout, fixture_id)
    if actual != expected:
        pytest.fail(f"{fixture_id} laid out as {layout}: {explain(expected, actual)}")


def test_the_tables_name_real_fixtures_and_layouts() -> None:
    assert {f for f, _ in KNOWN_FAILING} <= set(FIXTURE_IDS)
    assert {layout for _, layout in KNOWN_FAILING} <= set(LAYOUTS)
    for loss in CANNOT_SURVIVE:
        assert loss.layouts <= set(LAYOUTS), loss.fact
        assert loss.reason, loss.fact
    for (fixture_id, layout), paths in KNOWN_SPAN_MISMATCHES.items():
        assert fixture_id in FIXTURE_IDS and layout in TEXTS, (fixture_id, layout)
        assert paths, (fixture_id, layout)


@pytest.mark.parametrize("loss", CANNOT_SURVIVE, ids=lambda loss: loss.fact)
def test_every_excused_fact_is_one_a_fixture_has(loss: Loss) -> None:
    # An entry that coarsens nothing in any fixture excuses nothing: it must go.
    changed = [
        f
        for f in FIXTURE_IDS
        if loss.applies(source(f))
        and loss.coarsen(facts(report(f, ORIGINAL))) != facts(report(f, ORIGINAL))
    ]
    assert changed, f"CANNOT_SURVIVE entry {loss.fact!r} changes no fixture's facts"


# --- Spans of as-written values ----------------------------------------------------------

DERIVED_FIELDS: dict[str, str] = {
    "honorific": "normalised: 'Mr.' is read as 'Mr'",
    "role": "a label from a closed list: 'Chairman' is read as 'chair'",
    "country_code": "an ISO code looked up from the country's name",
    "qualifier": "a label: 'More than' is read as 'over'",
    "code": "hyphens restored and the revision split off: 'WGCP/1/3 Rev.1' is 'WG-CP/1/3'",
    "body": "a label: 'PP' is read as 'Plenipotentiary'",
    "revision": "the place and year without 'Rev.'",
}
"""String fields whose value is derived from the text at its span, not copied from it."""


class KnownSpanMismatchError(AssertionError):
    """The listed mismatches, exactly: the strict xfail's expected failure."""


KNOWN_SPAN_MISMATCHES: dict[tuple[str, str], frozenset[str]] = {
    # None left: layout recovery re-flows the line breaks that values used to cross.
}
"""(fixture, text) -> field paths whose span does not hold the value exactly, today."""


def as_written_values(rep: copparse.Report) -> dict[str, tuple[str, str]]:
    """Field path -> (value, text at its span) for every as-written string value with a span."""
    out: dict[str, tuple[str, str]] = {}

    def walk(path: str, obj: Any) -> None:
        if isinstance(obj, list):
            for i, item in enumerate(obj):
                walk(f"{path}[{i}]", item)
            return
        if not isinstance(obj, BaseModel):
            return
        for name, span in getattr(obj, "field_spans", {}).items():
            value = getattr(obj, name)
            if name not in DERIVED_FIELDS and isinstance(value, str):
                out[f"{path}.{name}".lstrip(".")] = (value, rep.text[span.start : span.end])
        for name in type(obj).model_fields:
            if name not in ("field_spans", "field_rules", "span", "mentions", "source", "text"):
                walk(f"{path}.{name}", getattr(obj, name))

    walk("", rep)
    return out


def _span_cases() -> list[Any]:
    cases = []
    for fixture_id in FIXTURE_IDS:
        for layout in TEXTS:
            known = KNOWN_SPAN_MISMATCHES.get((fixture_id, layout))
            marks = (
                [
                    pytest.mark.xfail(
                        strict=True,
                        raises=KnownSpanMismatchError,
                        reason=f"span and value differ today at {', '.join(sorted(known))}",
                    )
                ]
                if known
                else []
            )
            cases.append(pytest.param(fixture_id, layout, id=f"{fixture_id}-{layout}", marks=marks))
    return cases


@pytest.mark.parametrize(("fixture_id", "layout"), _span_cases())
def test_every_as_written_value_is_the_text_at_its_span(fixture_id: str, layout: str) -> None:
    values = as_written_values(report(fixture_id, layout))
    assert values, "no as-written value with a span was found: the walk is broken"
    found = {path: (value, at) for path, (value, at) in values.items() if value != at}
    known = KNOWN_SPAN_MISMATCHES.get((fixture_id, layout), frozenset())
    detail = "; ".join(f"{p}: value {v!r}, span {a!r}" for p, (v, a) in sorted(found.items()))
    if known and set(found) == known:
        raise KnownSpanMismatchError(detail)
    listed = f" (KNOWN_SPAN_MISMATCHES lists {sorted(known)})" if known else ""
    assert not found, f"text[span] != value at {detail}{listed}"


# --- The re-layouts themselves, on small strings ---------------------------------------------


@pytest.mark.parametrize(
    ("line", "number", "text"),
    [
        ("1 Introduction", "1", "Introduction"),
        ("1. Opening of the meeting", "1.", "Opening of the meeting"),
        ("1\tINTRODUCTION", "1", "INTRODUCTION"),
        ("1Introduction", "1", "Introduction"),
        ("1.1The twelfth meeting", "1.1", "The twelfth meeting"),
        (" 1.1\tThe thirteenth meeting", "1.1", "The thirteenth meeting"),
        ("2.2 \tMr Johnson underlined ", "2.2", "Mr Johnson underlined "),
        ("2.3.\tThe Group", "2.3.", "The Group"),
    ],
)
def test_a_numbered_line_is_split_into_number_and_text(line: str, number: str, text: str) -> None:
    found = numbered_line(line)
    assert found is not None
    assert (found.number, found.text) == (number, text)


@pytest.mark.parametrize(
    "line",
    [
        "3 March 2016",  # a date line: the figure is a day
        "25th September 2017",
        "1 to establish a Council Working Group",  # a quoted resolution's own clause
        "1.2. to report to the Council",
        "1/3",  # a page marker
        "- 1 -",
        "10th meeting – Geneva, 29 September 2015",
        "2009 ITU Council Resolution 1306",  # a year, not a section
        "12thMEETING",
        "Summary",
        "",
    ],
)
def test_a_line_without_a_section_number_is_not_split(line: str) -> None:
    assert numbered_line(line) is None


def test_headings_are_the_top_level_numbers() -> None:
    assert [
        n.is_heading
        for n in map(numbered_line, ["2 Welcoming", "2. Welcoming", "2.1 The", "2.1. The"])
        if n
    ] == [True, True, False, False]


def test_a_number_alone_on_its_line_takes_the_next_line_as_its_text() -> None:
    assert lines_of("TITLE\n1.\nOpening\n1.1\nThe meeting\nwas held.\n- 1 -\n3\nto note\n") == [
        "TITLE",
        NumberedLine("1.", "Opening"),
        NumberedLine("1.1", "The meeting"),
        "was held.",
        "- 1 -",
        "3",  # its next line starts in lower case: a stray figure, not a number with its text
        "to note",
    ]
    assert numbers_glued("1.\nOpening\n1.1\nThe meeting.\n") == (
        "1/4\n\n1.Opening\n\n1.1The meeting.\n"
    )
    assert numbers_alone_wrapped("1.\nOpening\n1.1\nThe meeting.\n") == (
        "1.\nOpening\n1.1\nThe meeting.\n"
    )


def test_a_every_line_break_becomes_one_space() -> None:
    assert spaces_for_breaks("a\nb\r\nc\rd\n\ne\u2028f\n") == "a b c d  e f "


def test_b_every_line_break_is_removed() -> None:
    assert breaks_removed("2018).\nAction required\r\nThe Council\n\n1306\n1\tIntro") == (
        "2018).Action requiredThe Council13061\tIntro"
    )


def test_wrap_breaks_at_spaces_only_and_hyphenates_nothing() -> None:
    line = "The Secretary-General opened the well-attended meeting of the Group."
    lines = wrap(line, 20)
    # "The Secretary-General" is 21 columns: the hyphenated word moves down whole.
    assert lines == [
        "The",
        "Secretary-General",
        "opened the",
        "well-attended",
        "meeting of the",
        "Group.",
    ]
    assert " ".join(lines) == line
    assert wrap("a  b\tc  ", 90) == ["a b\tc"]  # runs of spaces go; a tab stays in its word
    assert wrap("x" * 100, 90) == ["x" * 100]  # a long word stands alone, unbroken
    assert wrap("", 90) == []


def test_c_numbers_alone_text_wrapped_no_blank_lines() -> None:
    paragraph = "The meeting was held at the ITU Headquarters in Geneva and was chaired by the Chairman of the Group."
    text = f"TITLE\n\n1\tIntroduction\n1.1 {paragraph}\n\n3 March 2016\n- item one\n"
    assert numbers_alone_wrapped(text) == (
        "TITLE\n1\nIntroduction\n1.1\n"
        "The meeting was held at the ITU Headquarters in Geneva and was chaired by the Chairman of\n"
        "the Group.\n3 March 2016\n- item one\n"
    )


def test_d_numbers_glued_blank_lines_around_headings_page_marker_first() -> None:
    text = "TITLE\n1 Introduction\n1.1 The meeting.\n\n2\tClose\n\n2.1\tBye.\nName\n"
    assert numbers_glued(text) == (
        "1/4\nTITLE\n\n1Introduction\n\n1.1The meeting.\n\n2Close\n\n2.1Bye.\nName\n"
    )


@pytest.mark.parametrize("fixture_id", FIXTURE_IDS)
def test_a_relayout_moves_white_space_only(fixture_id: str) -> None:
    # Layouts change where the lines break, never the words: the non-blank characters stay,
    # in order ((d) adds its "1/4" marker first).
    def ink(text: str) -> str:
        return "".join(text.split())

    original = ink(source(fixture_id))
    for layout in LAYOUTS:
        marker = "1/4" if layout == "d_numbers_glued" else ""
        assert ink(text_of(fixture_id, layout)) == marker + original, layout


@pytest.mark.parametrize("fixture_id", FIXTURE_IDS)
def test_layout_c_has_the_shape_it_claims(fixture_id: str) -> None:
    lines = text_of(fixture_id, "c_numbers_alone_wrapped").splitlines()
    assert all(line.strip() for line in lines), "a blank line"
    assert all(len(line) <= WRAP_WIDTH or " " not in line for line in lines), "a line too long"
    # Every number found stands alone on its line, in order, and no wrapped line is a bare number.
    alone = [line for line in lines if re.fullmatch(r"\d{1,2}(?:\.\d{1,2}){0,2}\.?", line)]
    found = [n.number for n in lines_of(source(fixture_id)) if isinstance(n, NumberedLine)]
    assert alone == found


def test_the_numbers_are_found_from_the_original_line_starts() -> None:
    # Hand-listed: the 2010 report quotes Resolution 1306's own clauses "1 to establish ...",
    # "1.1 to exchange ...", which are not its paragraphs; the seed has no "1" heading.
    def numbers(fixture_id: str) -> list[str]:
        return [n.number for n in lines_of(source(fixture_id)) if isinstance(n, NumberedLine)]

    assert numbers("wgcp01_2010_outcome") == (
        "1 1.1 1.2 2 2.1 3 3.1 4 4.1 4.2 4.3 4.4 5 5.1 5.2".split()
    )
    assert numbers(SEED_ID) == (
        "1.1 2 2.1 2.2 2.3 3 3.1 4 5 5.1 5.2 5.3 5.4 5.5 5.6 5.7 6 6.1 6.2 6.3".split()
    )
    assert numbers("cwgcop10_2015_unnumbered") == ["1.", "2.", "3.", "4."]
    assert "3" not in numbers("cwgcop11_2016_nolist")[:1]  # "3 March 2016" is the date


# --- facts() ----------------------------------------------------------------------------


def test_facts_hold_every_group_and_collapse_white_space() -> None:
    f = facts(report(SEED_ID, ORIGINAL))
    assert tuple(f) == FACT_GROUPS
    assert f["meetings"][0]["start_date"] == "2016-02-02"
    assert f["chair"] == {
        "name": "Eugenia Devincenzi",
        "honorific": "Ms",
        "country": "Republic of Argentina",
        "role": "ad hoc chair",
    }
    assert f["contributions"][0]["discussed_in"] == ["5.6"]
    assert {"number": "5", "title": "Discussions"} in f["sections"]
    assert collapse(" a \n\tb  c\n") == "a b c"


def test_facts_see_a_changed_value_and_ignore_spans() -> None:
    rep = report(SEED_ID, ORIGINAL)
    first = rep.contributions[0]
    moved = first.model_copy(update={"span": copparse.Span(start=0, end=1)})
    retitled = first.model_copy(update={"title": "Another title"})
    base = facts(rep)
    assert facts(rep.model_copy(update={"contributions": [moved, *rep.contributions[1:]]})) == base
    changed = facts(rep.model_copy(update={"contributions": [retitled, *rep.contributions[1:]]}))
    assert differing_groups(base, changed) == ["contributions"]
    message = explain(base, changed)
    assert message.startswith("facts differ in contributions; first, contributions:")
    assert '-  "title": "How to Make Internet Safer for Children"' in message
    assert '+  "title": "Another title"' in message


def test_the_coarsenings_keep_what_survives() -> None:
    f = facts(report(SEED_ID, ORIGINAL))
    refs = {
        c["code"]: c["discussed_in"] for c in _refs_without_unnumbered_blocks(f)["contributions"]
    }
    assert refs["WG-CP/13/4"] == ["5.7"] and refs["WG-CP/13/2"] == ["5.6"]
    joined = _unnumbered_outcomes_joined(
        {
            **f,
            "outcomes": [
                {"number": None, "text": "The Group agreed.", "actors": ["Group"]},
                {
                    "number": None,
                    "text": "The Secretariat will act.",
                    "actors": ["Secretariat", "Group"],
                },
                {"number": "4.1", "text": "Members are invited.", "actors": []},
            ],
        }
    )["outcomes"]
    assert joined == [
        {
            "number": None,
            "text": "The Group agreed. The Secretariat will act.",
            "actors": ["Group", "Secretariat"],
        },
        {"number": "4.1", "text": "Members are invited.", "actors": []},
    ]


@pytest.mark.parametrize("layout", sorted(_ONE_LINE))
def test_a_table_header_row_on_one_line_is_furniture_as_in_the_original(layout: str) -> None:
    # cwgcop14's tab-separated header row "Document\tSource\tTitle" is table furniture in the
    # original; on one line it used to stay glued to paragraph 3.1 ("...presented: Document").
    def paragraph_31(rep: copparse.Report) -> str:
        (found,) = [p.text for s in rep.sections for p in s.paragraphs if p.ref == "3.1"]
        return found

    fixture = "cwgcop14_2017_vicechair"
    assert paragraph_31(report(fixture, layout)) == paragraph_31(report(fixture, ORIGINAL))
