"""A report whose only copy holds it on one line reads as the same report with its line breaks.

Each such fixture has its copy with line breaks in ``fixtures/files/<id>.lines.txt``; the fixture
is that copy with every line break replaced by a space, as the copy reached users.
"""

from __future__ import annotations

import pytest

import copparse
from copparse.extract.report import report_evidence
from copparse.normalize import normalize_text
from tests.conftest import FIXTURES, parsed
from tests.relayout import differing_groups, explain, facts, spaces_for_breaks

# The 2012 reports: the title is the only report marker, the cover and the place and date of the
# meeting run into it; in capitals (fifth meeting), in small letters after the group's name
# (sixth meeting).
ONE_LINE = ["wgcp05_2012_oneline", "wgcp06_2012_sentencecase"]


def _lined(fixture_id: str) -> str:
    return (FIXTURES / "files" / f"{fixture_id}.lines.txt").read_text("utf-8")


@pytest.mark.parametrize("fixture_id", ONE_LINE)
def test_the_fixture_is_its_lined_copy_on_one_line(fixture_id: str) -> None:
    one = (FIXTURES / f"{fixture_id}.txt").read_text("utf-8")
    assert "\n" not in one.rstrip("\n")
    assert one.strip() == spaces_for_breaks(_lined(fixture_id)).strip()


@pytest.mark.parametrize("fixture_id", ONE_LINE)
def test_a_one_line_report_has_the_facts_of_its_lined_copy(fixture_id: str) -> None:
    lined = facts(copparse.parse_text(_lined(fixture_id)))
    one = facts(parsed(fixture_id))
    assert not differing_groups(lined, one), explain(lined, one)


@pytest.mark.parametrize(
    ("fixture_id", "title"),
    [
        (
            "wgcp05_2012_oneline",
            "REPORT OF THE FIFTH MEETING OF THE COUNCIL WORKING GROUP ON CHILD ONLINE PROTECTION",
        ),
        ("wgcp06_2012_sentencecase", "Report of the sixth meeting"),
    ],
)
def test_the_title_is_the_only_report_marker_and_ends_where_it_ends(
    fixture_id: str, title: str
) -> None:
    one = (FIXTURES / f"{fixture_id}.txt").read_text("utf-8")
    assert report_evidence(normalize_text(one).text).markers == ("report.title",)
    report = parsed(fixture_id)
    assert report.document.title == title
    span = report.document.field_spans["title"]
    assert report.text[span.start : span.end] == title


def test_a_title_in_small_letters_inside_a_sentence_opens_no_line() -> None:
    letter = (
        "Dear colleagues, please find attached the Report of the sixth meeting Geneva of the"
        " Council Working Group on Child Online Protection, held on 8 October 2012. 1 The"
        " Secretariat 2 The Group"
    )
    assert "\nReport of the sixth" not in normalize_text(letter).text


def test_a_title_in_capitals_cut_after_an_open_word_goes_on_in_the_next_line() -> None:
    text = (
        "Document WG-CP/5/14\nREPORT OF THE FIFTH MEETING OF\nTHE COUNCIL WORKING GROUP ON CHILD"
        " ONLINE PROTECTION Geneva, 21-22 February 2012\n1 Opening\n1.1 The meeting was opened.\n"
    )
    title = copparse.parse_text(text).document.title
    assert title == (
        "REPORT OF THE FIFTH MEETING OF\nTHE COUNCIL WORKING GROUP ON CHILD ONLINE PROTECTION"
    )


def test_a_title_in_small_letters_ends_where_the_next_cover_field_goes_on_its_line() -> None:
    # A hard-wrapped copy re-flowed the place and dates onto the title's line.
    text = (
        "Report of the fifth meeting of the Working Group on Child Online Protection (WG-CP)"
        " Geneva, 21-22 February 2012\nDocument WG-CP/5/14\n1 Opening\n1.1 The meeting was"
        " opened.\n"
    )
    title = copparse.parse_text(text).document.title
    assert title == (
        "Report of the fifth meeting of the Working Group on Child Online Protection (WG-CP)"
    )
