from __future__ import annotations

import pytest

from copparse.models import ParagraphKind, Section
from copparse.normalize import normalize_text
from copparse.segment import Segmented, segment_sections


def seg(text: str) -> Segmented:
    return segment_sections(normalize_text(text).text)


def outline(s: Segmented) -> list[tuple[str | None, str | None, list[str]]]:
    return [(x.number, x.title, [p.ref for p in x.paragraphs]) for x in s.sections]


def codes(s: Segmented) -> list[str]:
    return [d.code for d in s.diagnostics]


def test_heading_separators_tab_space_dot_and_none() -> None:
    s = seg("1\tIntroduction\n1.1\tText.\n2. Agenda\n2.1 Text.\n3Contributions\n3.1The text.")
    assert outline(s) == [
        ("1", "Introduction", ["1.1"]),
        ("2", "Agenda", ["2.1"]),
        ("3", "Contributions", ["3.1"]),
    ]
    assert s.sections[2].paragraphs[0].text == "The text."


def test_headings_in_capitals() -> None:
    s = seg("1 INTRODUCTION\n1.1 The meeting was held.\n2 ADOPTION OF THE AGENDA\n2.1 Adopted.")
    assert [x.title for x in s.sections] == ["INTRODUCTION", "ADOPTION OF THE AGENDA"]


def test_missing_heading_opens_an_untitled_section() -> None:
    s = seg("Summary\nThis report.\n1.1 The meeting.\n2 Welcome\n2.1 Text.")
    assert outline(s) == [
        (None, "Summary", ["p+1"]),
        ("1", None, ["1.1"]),
        ("2", "Welcome", ["2.1"]),
    ]
    assert codes(s) == ["section-heading-missing"]


def test_unnumbered_paragraph_after_a_numbered_one() -> None:
    s = seg("5 Discussions\n5.7 One.\nFinally, another.\nAnd a third.\n6 Outcomes\nOnly text.")
    assert outline(s) == [
        ("5", "Discussions", ["5.7", "5.7+1", "5.7+2"]),
        ("6", "Outcomes", ["6+1"]),
    ]


def test_reports_with_no_paragraph_numbers() -> None:
    s = seg("1. Opening\nThe meeting opened.\nIt went on.\n2. Close\nIt closed.")
    assert outline(s) == [("1", "Opening", ["1+1", "1+2"]), ("2", "Close", ["2+1"])]


def test_bullets_of_every_kind_are_list_items() -> None:
    s = seg("4 Contributions\n· A\n• B\n- C\n– D\n▪ E\nWG-CP/13/2: F")
    items = s.sections[0].paragraphs
    assert [p.kind for p in items] == [ParagraphKind.LIST_ITEM] * 6
    assert [p.text for p in items] == ["A", "B", "C", "D", "E", "WG-CP/13/2: F"]


def test_heading_run_into_its_first_paragraph() -> None:
    s = seg("1 Introduction 1.1 The meeting was held in Geneva.\n2 Agenda\n2.1 Adopted.")
    assert outline(s) == [("1", "Introduction", ["1.1"]), ("2", "Agenda", ["2.1"])]
    s = seg("4 Contributions There were nine contributions from different stakeholders.")
    assert outline(s) == [("4", "Contributions", ["4+1"])]


def test_quoted_resolution_numbering_is_not_the_reports() -> None:
    text = (
        "1 Introduction\n1.1 Council Resolution 1306 resolves:\n"
        "1 to establish a Working Group;\n1.1 to exchange views;\n1.2. to report;\n"
        "2. to report to the Council;\n2 Agenda\n2.1 Adopted."
    )
    s = seg(text)
    assert outline(s) == [
        ("1", "Introduction", ["1.1", "1.1+1", "1.1+2", "1.1+3", "1.1+4"]),
        ("2", "Agenda", ["2.1"]),
    ]
    assert codes(s) == []


def test_numbers_that_skip_or_repeat_are_diagnosed() -> None:
    s = seg("1 A\n1.1 One.\n1.3 Three.\n1.3 Again.\n3 C\n3.1 X.\n3 C again\n3.1 Y.")
    assert codes(s) == [
        "paragraph-number-skipped",
        "paragraph-number-repeated",
        "section-number-skipped",
        "section-number-repeated",
    ]


def test_two_where_two_point_one_was_meant() -> None:
    s = seg("1 Intro\n1.1 Text.\n2 Welcoming remarks\n2. The Deputy Secretary-General opened it.")
    assert outline(s)[1] == ("2", "Welcoming remarks", ["2"])
    assert codes(s) == ["paragraph-number-short"]


def test_subsections_nest() -> None:
    s = seg(
        "5 Discussions\n5.1 Member States\n5.1.1 Egypt presented.\n5.1.2 Brazil presented.\n5.2 Others spoke."
    )
    top = s.sections[0]
    assert [p.ref for p in top.paragraphs] == ["5.2"]
    assert isinstance(top.subsections[0], Section)
    assert top.subsections[0].title == "Member States"
    assert [p.ref for p in top.subsections[0].paragraphs] == ["5.1.1", "5.1.2"]


def test_dates_and_counts_at_line_start_are_not_numbers() -> None:
    s = seg("17 March 2010\n2 February 2016\n100 participants came.\n1 Introduction\n1.1 Text.")
    assert outline(s)[0] == (None, None, ["p+1", "p+2", "p+3"])


def test_whole_report_on_one_line() -> None:
    filler = " ".join(["The Group discussed the matter at length."] * 20)
    text = (
        "Summary This report presents the outcome. 1 Introduction 1.1 The twelfth meeting was"
        f" held in Geneva. {filler} 2 Welcoming remarks 2.1 Mr X opened the meeting under"
        " Resolution 1306 of 2009. 2.2 He welcomed 100 participants on 17 March 2010."
        f" {filler} 3 Outcomes 3.1 The Secretariat will report. · WG-CP/12/2: Item one"
    )
    s = seg(text)
    assert [(x.number, [p.ref for p in x.paragraphs]) for x in s.sections if x.number] == [
        ("1", ["1.1"]),
        ("2", ["2.1", "2.2"]),
        ("3", ["3.1", "3.1+1"]),
    ]


def test_signature_is_cut_off_the_last_section() -> None:
    s = seg("6 Outcomes\n6.1 Done.\n\nMs Ana Lopez (Republic of Chile)\nAd Hoc Chair, CWG-COP")
    assert s.signature is not None
    assert outline(s) == [("6", "Outcomes", ["6.1"])]


# --- a contribution table flattened to one cell per line ---------------------------------------

_TABLE = (
    "3 Contributions\n3.1 The Group considered three contributions.\nDoc.\nSource\nTitle\n"
    "CWG-COP/23/2\nSave the Children\nSafer games for young players\n"
    "CWG-COP/23/3\nKenya\nA national plan for child\nonline protection\n"
    "CWG-COP/23/4\n\nGuidelines for industry\n"
    "4 Discussions\n4.1 Kenya described its plan."
)


def test_a_table_header_row_is_furniture_and_each_row_is_one_item() -> None:
    from copparse.segment import segment_sections

    seg = segment_sections(_TABLE)
    section = next(s for s in seg.sections if s.number == "3")
    assert [(p.ref, p.kind.value, p.text) for p in section.paragraphs] == [
        ("3.1", "paragraph", "The Group considered three contributions."),
        ("3.1+1", "list_item", "CWG-COP/23/2\nSave the Children\nSafer games for young players"),
        ("3.1+2", "list_item", "CWG-COP/23/3\nKenya\nA national plan for child\nonline protection"),
        ("3.1+3", "list_item", "CWG-COP/23/4\n\nGuidelines for industry"),
    ]
    # The table ends at the next numbered block.
    assert [p.ref for s in seg.sections if s.number == "4" for p in s.paragraphs] == ["4.1"]
    # Where each row begins is kept for the extractor: a row on one line is read as a row.
    rows = [p for p in section.paragraphs if p.kind.value == "list_item"]
    assert seg.table_rows == {p.span.start for p in rows}


def test_code_lines_without_a_header_row_are_no_table_rows() -> None:
    from copparse.segment import segment_sections

    seg = segment_sections("3 Contributions\nCWG-COP/23/2 Kenya A plan\n4 Discussions\n4.1 Noted.")
    assert seg.table_rows == frozenset()


@pytest.mark.parametrize(
    ("line", "next_line", "claimed"),
    [
        ("Doc.", "Source", True),
        ("Source", "Title", True),
        ("Title", "CWG-COP/23/2", True),
        ("Doc.\tSource\tTitle", "CWG-COP/23/2", True),
        ("Title", "The Group noted it.", False),  # a heading word, no table after it
        ("Source", "Kenya", False),
        ("Doc. Source Title", None, False),
    ],
)
def test_the_table_header_row_needs_its_next_cell_or_a_code(
    line: str, next_line: str | None, claimed: bool
) -> None:
    from copparse.segment import claiming_rule

    assert (claiming_rule(line, next_line) == "table-header") is claimed


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("CWG-COP/27/3: Principles of rights by design", "code-item"),
        ("(CWG-COP/27/3) Principles of rights by design", "code-item"),
        ("(CWG-COP/27/3).", None),  # the end of a sentence wrapped to the line start
        ("(CWG-COP/26/3(Rev.1)).", None),
        ("(WG-CP/5/5) and the report of the Secretariat.", None),
    ],
)
def test_a_code_in_brackets_that_goes_on_a_sentence_opens_no_item(
    line: str, rule: str | None
) -> None:
    from copparse.segment import claiming_rule

    assert claiming_rule(line) == rule
