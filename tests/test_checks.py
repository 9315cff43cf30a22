"""Cross-checks: the date check reads only the lines that can hold a later date."""

from __future__ import annotations

import datetime as dt

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

import copparse
from copparse import checks
from copparse.extract import sentences
from copparse.extract.lexicon import MONTH_YEAR_RE, find_dates, month_number
from copparse.models import Meeting, Span
from copparse.spans import Locator
from tests.conftest import FIXTURE_IDS, FIXTURES, SEED_ID


def _sentence_by_sentence(text: str, last: dt.date, header_end: int) -> tuple[int, int] | None:
    """The check as first written: every sentence after the header, in order."""
    limit = last + dt.timedelta(days=31)
    for a, b in sentences(text, header_end, len(text)):
        if checks._FUTURE.search(text, a, b):
            continue
        later = [d.span for d in find_dates(text, a, b) if d.start and d.start > limit]
        later += [
            m.span()
            for m in MONTH_YEAR_RE.finditer(text, a, b)
            if dt.date(int(m.group("y")), month_number(m.group("m")), 1) > limit
        ]
        if later:
            return later[0]
    return None


def _shift_years(text: str, start: int, end: int, by: int) -> str:
    def shift(m: regex.Match[str]) -> str:
        return str(int(m[0]) + by)

    return text[:start] + regex.sub(r"(?<!\d)20\d\d(?!\d)", shift, text[start:end]) + text[end:]


def _texts() -> list[tuple[str, str]]:
    out = []
    for fixture_id in FIXTURE_IDS:
        text = (FIXTURES / f"{fixture_id}.txt").read_text("utf-8")
        half = len(text) // 2
        out.append((fixture_id, text))
        # The years of one half of the text one on: later dates where there were none, and
        # a meeting moved past the dates that made it suspect.
        out.append((f"{fixture_id}-late", _shift_years(text, half, len(text), 1)))
        out.append((f"{fixture_id}-early", _shift_years(text, 0, half, 1)))
        out.append((f"{fixture_id}-back", _shift_years(text, 0, len(text) // 3, -1)))
    return out


@pytest.mark.parametrize(("name", "text"), _texts(), ids=[n for n, _ in _texts()])
def test_date_check_finds_what_reading_every_sentence_finds(name: str, text: str) -> None:
    report = copparse.parse_text(text)
    suspect = [d for d in report.diagnostics if d.code == "meeting-date-suspect"]
    ends = [m.end_date for m in report.meetings if m.end_date]
    normalised = report.text
    for header_end in (0, len(normalised) // 3):
        expected = _sentence_by_sentence(normalised, max(ends), header_end) if ends else None
        got = checks.check_dates(normalised, report.meetings, Locator(normalised), header_end)
        assert [(d.span.start, d.span.end) for d in got if d.span] == (
            [expected] if expected else []
        )
    assert len(suspect) <= 1


def test_the_seed_meeting_date_is_suspect_and_the_right_year_is_not() -> None:
    text = (FIXTURES / f"{SEED_ID}.txt").read_text("utf-8")
    wrong = copparse.parse_text(text)
    assert [d.code for d in wrong.diagnostics].count("meeting-date-suspect") == 1
    right = copparse.parse_text(text.replace("2 February 2016", "2 February 2017"))
    assert right.meetings[0].start_date == dt.date(2017, 2, 2)
    assert "meeting-date-suspect" not in [d.code for d in right.diagnostics]


def test_the_date_check_reads_only_lines_with_a_late_enough_year(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Counted work: 2,000 past-tense lines dated before the meeting are never read sentence by
    sentence; the one line dated after it is."""
    meeting = Meeting(number=13, start_date=dt.date(2017, 2, 2), end_date=dt.date(2017, 2, 2),
                      span=Span(start=0, end=1))  # fmt: skip
    lines = ["The Group discussed the report of 3 May 2016."] * 2000
    lines.insert(1500, "The Group presented the campaign launched in May 2017.")
    text = "\n".join(lines)
    read: list[tuple[int, int]] = []

    def counting(t: str, a: int, b: int):  # type: ignore[no-untyped-def]
        read.append((a, b))
        return sentences(t, a, b)

    monkeypatch.setattr(checks, "sentences", counting)
    found = checks.check_dates(text, [meeting], Locator(text), 0)
    assert [text[d.span.start : d.span.end] for d in found if d.span] == ["May 2017"]
    assert len(read) == 1


def test_a_missing_submitter_is_worded_for_its_form() -> None:
    """An empty table cell says so; a list item that seems to name a submitter says that."""
    table = copparse.parse_file(FIXTURES / "cwgcop23_2025_table.txt")
    lines = copparse.parse_file(FIXTURES / "cwgcop22_2025_lines.txt")
    worded = {
        name: [d.message for d in rep.diagnostics if d.code == "contribution-submitter-missing"]
        for name, rep in (("table", table), ("lines", lines))
    }
    assert worded["table"] and all("cell of its table row is empty" in m for m in worded["table"])
    assert worded["lines"] and all("seems to name its submitter" in m for m in worded["lines"])


_COUNTED = (
    "REPORT OF THE THIRTIETH MEETING OF THE CWG-COP\n"
    "1 Introduction\n"
    "1.1 The thirtieth meeting of the Council Working Group on Child Online Protection was"
    " held in Geneva on 3 February 2030 and was chaired by Ms Ana Torres (Spain).\n"
    "3 Contributions\n"
    "3.1 {count} contributions were considered: CWG-COP/30/2, CWG-COP/30/3 and CWG-COP/30/4.\n"
    "3.2 Ghana presented CWG-COP/30/2 on school curricula.\n"
)


def test_a_stated_count_without_a_list_is_held_against_the_codes_named() -> None:
    right = copparse.parse_text(_COUNTED.format(count="Three"))
    codes = [d.code for d in right.diagnostics]
    assert "contribution-count-mismatch" not in codes
    assert "contribution-list-missing" in codes  # still said: there is no list
    wrong = copparse.parse_text(_COUNTED.format(count="Four"))
    (d,) = [d for d in wrong.diagnostics if d.code == "contribution-count-mismatch"]
    assert d.message == "the text says there were 4 contributions, but 3 are named, none in a list"


_DATE_WORDS = [
    "The", "Group", "met", "on", "3", "17", "2", "May", "March", "Feb.", "Sept", "December",
    "2016", "2017", "2018", "12017", "2017th", "1999", "will", "be", "held", "by", "from", "to",
    "-", "–", "and", "of", ",", ".", ";", "?", "\n", "  ", "Mr.", "No.", "(2017)", "May2017",
    "3 May 2017", "May 2018", "17-18 March 2017", "30 November-1 December 2016", "4 Feb. 2018",
]  # fmt: skip


@settings(derandomize=True, max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_DATE_WORDS), max_size=40).map(" ".join))
def test_sentences_without_a_late_year_hold_no_later_date(text: str) -> None:
    """The date check passes over the sentences of a line that hold no year as late as the
    limit; reading every sentence finds the same first later date."""
    for limit in (dt.date(2016, 3, 4), dt.date(2017, 1, 1), dt.date(2017, 12, 31)):
        late = [y.start() for y in checks._A_YEAR.finditer(text) if int(y.group(0)) >= limit.year]
        assert checks._later_in_past_tense(
            text, 0, len(text), limit, late
        ) == checks._later_in_past_tense(text, 0, len(text), limit)
