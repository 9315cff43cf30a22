"""The report gate: a text that names the group but reports on no meeting is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

import copparse
from copparse.extract.report import report_evidence
from copparse.normalize import normalize_text
from tests.conftest import FIXTURE_IDS, FIXTURES
from tests.relayout import LAYOUTS

NOT_REPORTS = sorted((FIXTURES / "not_reports").glob("*.txt"))


def test_there_are_negatives_of_every_kind() -> None:
    kinds = {p.stem for p in NOT_REPORTS}
    assert {
        "contribution", "information_document", "secretariat_update", "web_page",
        "cover_letter", "other_body_agenda", "resolution_text", "press_release",
        "other_group_summary", "contribution_sourcecover",
    } <= kinds  # fmt: skip


@pytest.mark.parametrize("path", NOT_REPORTS, ids=lambda p: p.stem)
def test_what_is_not_a_report_is_refused_with_the_reason(path: Path) -> None:
    with pytest.raises(copparse.NotACopReportError) as info:
        copparse.parse_file(path)
    message = str(info.value)
    assert "report" in message
    if path.stem == "information_document":
        assert "report.information_cover" in message
    if path.stem == "resolution_text":
        assert "report.resolution_text" in message
    if path.stem == "secretariat_progress_update":
        assert "report.update_title" in message and "no report title" in message
    if path.stem == "press_release":
        assert "report.press_release" in message and "no report title" in message
    if path.stem == "other_group_summary":
        assert "report.other_group" in message and "another body's meeting" in message
        assert "WORLD SUMMIT ON THE INFORMATION SOCIETY" in message
        assert "another of the group's documents" not in message  # not one of this group's
    else:
        assert "another of the group's documents" in message
    if path.stem == "contribution_sourcecover":
        assert "report.information_cover" in message


@pytest.mark.parametrize("fixture_id", FIXTURE_IDS)
def test_every_fixture_report_carries_a_report_marker(fixture_id: str) -> None:
    text = normalize_text((FIXTURES / f"{fixture_id}.txt").read_text("utf-8")).text
    evidence = report_evidence(text)
    assert evidence.is_report and evidence.markers, evidence


def test_an_information_cover_needs_a_report_title_to_pass() -> None:
    cover = "SOURCE: Chairman\nTITLE: Terms of reference\n"
    chair_only = cover + "1.1 The meeting of the CWG-COP was chaired by Dr X."
    assert not report_evidence(chair_only).is_report
    titled = cover + "OUTCOME OF THE NINTH MEETING\n" + chair_only
    assert report_evidence(titled).is_report


def test_a_placeholder_symbol_counts_against() -> None:
    text = "Document XXXX-E\nThe fourth meeting of the CWG-COP was chaired by Dr X."
    evidence = report_evidence(text)
    assert evidence.against == ("report.placeholder_symbol",)
    assert not evidence.is_report


def test_a_report_that_quotes_its_mandate_is_still_a_report() -> None:
    # The quote stands inside the report (after its title), never at the text's start.
    quoted = (
        "OUTCOME OF THE NINTH MEETING\n1.1 Council Resolution 1306 reads:\nRESOLUTION 1306\n"
        "resolves\n1 to establish the Group. The meeting was chaired by Dr X.\n"
    )
    assert report_evidence(quoted).is_report
    assert "report.resolution_text" not in report_evidence(quoted).against


def test_a_resolution_text_on_one_line_is_refused_too() -> None:
    text = (FIXTURES / "not_reports" / "resolution_text.txt").read_text("utf-8")
    with pytest.raises(copparse.NotACopReportError, match=r"report\.resolution_text"):
        copparse.parse_text(" ".join(text.split()))


def test_a_progress_update_that_tells_of_a_chaired_meeting_is_refused_in_every_layout() -> None:
    # Its chair sentence tells of the meetings; its own title says it is an update.
    text = (FIXTURES / "not_reports" / "secretariat_progress_update.txt").read_text("utf-8")
    evidence = report_evidence(normalize_text(text).text)
    assert evidence.markers == ("report.chair_sentence",)
    assert evidence.against == ("report.update_title",)
    for layout in LAYOUTS.values():
        with pytest.raises(copparse.NotACopReportError, match=r"report\.update_title"):
            copparse.parse_text(layout(text))


def test_an_update_heading_after_a_report_marker_is_a_section_of_the_report() -> None:
    text = (
        "1.1 The fourth meeting of the CWG-COP was chaired by Dr X.\n"
        "Update on the COP guidelines\n2.1 The Secretariat presented the guidelines.\n"
    )
    evidence = report_evidence(text)
    assert evidence.is_report and not evidence.against


@pytest.mark.parametrize("path", NOT_REPORTS, ids=lambda p: p.stem)
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_what_is_not_a_report_is_refused_in_every_layout(path: Path, layout: str) -> None:
    # A resolution re-wrapped so that "resolves" ends a line and its point 1 opens the next
    # was accepted for its "chaired by" sentence (layout c).
    with pytest.raises(copparse.NotACopReportError):
        copparse.parse_text(LAYOUTS[layout](path.read_text("utf-8")))


@pytest.mark.parametrize("fixture_id", FIXTURE_IDS)
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_no_fixture_report_has_counter_evidence_in_any_layout(fixture_id: str, layout: str) -> None:
    text = (FIXTURES / f"{fixture_id}.txt").read_text("utf-8")
    evidence = report_evidence(normalize_text(LAYOUTS[layout](text)).text)
    assert evidence.is_report and not evidence.against, evidence


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_a_press_release_about_a_chaired_meeting_is_refused_in_every_layout(layout: str) -> None:
    # Its "ended its twenty-sixth meeting ... chaired by" is a chair sentence.
    text = (FIXTURES / "not_reports" / "press_release.txt").read_text("utf-8")
    with pytest.raises(copparse.NotACopReportError, match=r"report\.press_release"):
        copparse.parse_text(LAYOUTS[layout](text))


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_another_groups_summary_is_refused_even_with_a_report_title(layout: str) -> None:
    # "SUMMARY OF THE THIRTY-EIGHTH MEETING OF THE CWG-WSIS&SDG" is a report title, of
    # another group; the body names CWG-COP and one of its codes only in passing.
    text = (FIXTURES / "not_reports" / "other_group_summary.txt").read_text("utf-8")
    evidence = report_evidence(normalize_text(LAYOUTS[layout](text)).text)
    assert "report.title" in evidence.markers
    assert evidence.against == ("report.other_group",)
    assert evidence.other_group is not None and "INFORMATION SOCIETY" in evidence.other_group
    with pytest.raises(copparse.NotACopReportError, match=r"another body"):
        copparse.parse_text(LAYOUTS[layout](text))


def test_another_group_named_beside_this_one_or_after_the_opening_is_no_counter_evidence() -> None:
    beside = (
        "OUTCOME OF THE NINTH MEETING OF THE CWG-COP, held back to back with the CWG-Internet\n"
        "1.1 The meeting was chaired by Dr X.\n"
    )
    assert report_evidence(beside).is_report
    later = (
        "OUTCOME OF THE NINTH MEETING\n1.1 The meeting was chaired by Dr X.\n"
        "2.1 The Group heard a report from the Chair of the CWG-Internet.\n"
    )
    evidence = report_evidence(later)
    assert evidence.is_report and not evidence.against


@pytest.mark.parametrize("layout", ["a_spaces_for_breaks", "b_breaks_removed"])
def test_source_and_title_labels_count_against_on_one_line(layout: str) -> None:
    # Without line breaks "SOURCE:" and "TITLE:" stand mid-line, before the chair sentence of
    # the contribution's background ("At its twenty-fifth meeting, chaired by ...").
    text = (FIXTURES / "not_reports" / "contribution_sourcecover.txt").read_text("utf-8")
    with pytest.raises(copparse.NotACopReportError, match=r"report\.information_cover_inline"):
        copparse.parse_text(LAYOUTS[layout](text))


def test_capital_labels_after_a_report_marker_are_no_counter_evidence() -> None:
    text = "1.1 The fourth meeting of the CWG-COP was chaired by Dr X. The table has TITLE: X.\n"
    evidence = report_evidence(text)
    assert evidence.is_report and not evidence.against
