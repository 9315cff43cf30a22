"""Layout recovery, rule by rule: each repair on the smallest text that shows it."""

from __future__ import annotations

import pytest

from copparse.normalize import normalize_text
from copparse.reflow import _wrap_width, follows


def text_of(raw: str) -> str:
    return normalize_text(raw).text


def codes(raw: str) -> list[str]:
    return [d.code for d in normalize_text(raw).diagnostics]


@pytest.mark.parametrize(
    ("prev", "num", "ok"),
    [(None, (1,), True), (None, (1, 1), True), ((5, 2), (5, 3), True), ((5, 2), (6,), True),
     ((5, 3), (6, 1), True), ((5, 2), (5, 5), False), ((5, 2), (7,), False), ((2,), (2, 1), True)],
)  # fmt: skip
def test_follows(prev: tuple[int, ...] | None, num: tuple[int, ...], ok: bool) -> None:
    assert follows(prev, num) is ok


def test_a_number_alone_joins_the_line_after_it() -> None:
    assert text_of("1.\nIntroduction\n1.1\nThe meeting was held.") == (
        "1. Introduction\n1.1 The meeting was held."
    )
    assert "normalized-lone-number" in codes("1\nIntroduction")


def test_a_page_number_or_a_date_is_not_joined() -> None:
    # Out of sequence ("7" after 1.1), before a line that goes on in lower case, before a date.
    assert text_of("1.1 The text\n7\nThe next") == "1.1 The text\n7\nThe next"
    assert text_of("1.1 The text\n2\nwent on") == "1.1 The text\n2\nwent on"
    assert text_of("Document\n3\nMarch 2016") == "Document\n3\nMarch 2016"


WRAPPED = (
    "1.1 The eighth meeting of the Working Group on Child Online Protection was held on\n"
    "14 October 2014 at the ITU Headquarters in Geneva and was chaired by Mr. Omar Saleh\n"
    "(State of Kuwait).\n"
    "1.2 Although the Conference was to open a week later, approximately 70 dele-\n"
    "gates, representing Member States, Sector Members and civil society, took part\n"
    "in the meeting.\n"
    "2 Adoption of the agenda\n"
    "2.1 The agenda was adopted without modification.\n"
    "Omar Saleh\n"
    "Chairman, WG-CP\n"
)


def test_hard_wrapped_text_is_reflowed_into_paragraphs() -> None:
    lines = text_of(WRAPPED).split("\n")
    assert lines[0].endswith("(State of Kuwait).")
    assert "approximately 70 delegates, representing" in lines[1]
    assert lines[1].endswith("in the meeting.")
    assert lines[2] == "2 Adoption of the agenda"  # a block start is never joined
    assert lines[-2:] == ["Omar Saleh", "Chairman, WG-CP"]  # nor the signature
    assert "normalized-reflowed-line" in codes(WRAPPED)


def test_text_with_a_paragraph_per_line_is_not_reflowed() -> None:
    raw = "\n".join(
        f"{i}.1 The Group noted the report number {i} of the meeting." for i in range(1, 12)
    )
    assert text_of(raw) == raw


def _one_line() -> str:
    return (
        "Council 2020 Geneva, 9-19 June 2020 PL 1.5 Document C20/57-E 3 March 2020 Original:"
        " English Report by the Chairman of the Council Working Group on Child Online Protection"
        " OUTCOME OF THE FIFTEENTH MEETING Summary This report presents the outcome. References PP"
        " Resolution 179 (Rev. Dubai, 2018); Council Resolution 1306 1 Introduction 1.1 The"
        " meeting was held on 2 February 2016 and chaired by Ms A Bello (Chile). 2 Contributions"
        " 2.1 Three contributions were received: · CWG-COP/15/2: Contribution from Kenya: A plan"
        " · CWG-COP/15/3: Contribution from Chile: Another plan The delegate of Kenya presented"
        " the plan, as SDG 17.2.2 The Group thanked them. Ms A Bello (Chile) Chair, CWG-COP"
    )


def test_a_one_line_copy_is_reopened_where_blocks_begin() -> None:
    lines = text_of(_one_line()).split("\n")
    assert lines[:8] == [
        "Council 2020",
        "Geneva, 9-19 June 2020",
        "PL 1.5",  # an agenda item, not paragraph 1.5
        "Document C20/57-E",
        "3 March 2020",
        "Original: English",
        "Report by the Chairman of the Council Working Group on Child Online Protection",
        "OUTCOME OF THE FIFTEENTH MEETING",
    ]
    assert "Summary This report presents the outcome." in lines
    # "Resolution 1306" is a citation; "1 Introduction" opens the numbering.
    assert "References PP Resolution 179 (Rev. Dubai, 2018); Council Resolution 1306" in lines
    assert "1 Introduction" in lines
    assert "· CWG-COP/15/2: Contribution from Kenya: A plan" in lines
    # The list item ends where a sentence opens; "17.2.2" holds paragraph 2.2.
    assert "· CWG-COP/15/3: Contribution from Chile: Another plan" in lines
    assert "2.2 The Group thanked them." in lines
    assert lines[-2:] == ["Ms A Bello (Chile)", "Chair, CWG-COP"]
    assert "normalized-reopened-line" in codes(_one_line())


def test_a_copy_without_any_line_break_is_reopened_too() -> None:
    glued = (
        "Original: EnglishReport by the Chairman of the GroupOUTCOME OF THE FIRST MEETING"
        "SummaryThis report presents it.1 Introduction1.1 The meeting was held.2 Contributions"
        "There were two.The Group thanked them.Aisha BelloChairman, CWG-COP"
    )
    lines = text_of(glued).split("\n")
    assert lines[0] == "Original: English"
    assert "OUTCOME OF THE FIRST MEETING" in lines
    assert "1.1 The meeting was held." in lines
    assert lines[-2:] == ["Aisha Bello", "Chairman, CWG-COP"]


# A short report with no numbers at all, on one line: no number cuts open it.
_UNNUMBERED = (
    "SUMMARY OF THE 5th MEETING OF THE WORKING GROUP ON CHILD ONLINE PROTECTION Document:"
    " WG-CP/5/9 Date: 2nd May 2012 The 5th meeting of the WG-CP took place in Geneva from 19 to"
    " 20 April 2012, chaired by Mr Omar Haddad (Kingdom of Morocco). Around 40 delegates"
    " attended. The Group requested the Secretariat to circulate the helpline directory."
)


@pytest.mark.parametrize(
    ("raw", "signature"),
    [
        (_UNNUMBERED + " Omar Haddad Chairman, WG-CP", ["Omar Haddad", "Chairman, WG-CP"]),
        (_UNNUMBERED + "Omar HaddadChairman, WG-CP", ["Omar Haddad", "Chairman, WG-CP"]),
        (  # with no cover fields run into the line, the same
            _UNNUMBERED.split(" The 5th ")[1] + " H.E. Mr Ahmed ibn Rashid Chairman, WG-CP ",
            ["H.E. Mr Ahmed ibn Rashid", "Chairman, WG-CP"],
        ),
    ],
)
def test_the_signature_of_a_short_unnumbered_report_on_one_line_is_cut_off(
    raw: str, signature: list[str]
) -> None:
    assert text_of(raw).rstrip().split("\n")[-2:] == signature


def test_a_one_line_text_that_ends_in_no_signature_keeps_its_end() -> None:
    raw = _UNNUMBERED + " The Chair, Ms Ada Lee, closed the meeting"
    assert (
        text_of(raw)
        .rstrip()
        .endswith(
            "The Group requested the Secretariat to circulate the"
            " helpline directory. The Chair, Ms Ada Lee, closed the"
            " meeting"
        )
    )


def test_a_heading_glued_to_its_paragraph_is_cut() -> None:
    assert text_of("4\tContributionsThere were nine.") == "4\tContributions\nThere were nine."


def test_inline_page_furniture_of_a_one_line_copy_goes() -> None:
    body = " ".join(
        f"{i}.1 The Group discussed item {i} at length. CWG-COP/12 – Outcome report {i}/3"
        for i in range(1, 4)
    )
    raw = f"{body} - 4 - The approximately 70 dele- gates agreed. " + "x " * 700
    out = text_of(raw)
    assert "Outcome report" not in out and " - 4 -" not in out and "/3" not in out
    assert "70 delegates agreed" in out
    assert "normalized-inline-furniture" in codes(raw)


def test_inline_page_furniture_glued_to_the_text_goes() -> None:
    # A hard-wrapped copy whose line breaks were removed with nothing in their place: the
    # running header and "k/N" touch the text on both sides, and "1/33Adoption" is page 1 of 3
    # before heading 3 because the other markers say N is 3.
    raw = (
        "Council Working Group on Child Online Protection- 1 -OUTCOME OF THE 12thMEETING"
        "SummaryThis report summarizes the meeting.1Introduction1.1The meeting was held."
        "2Welcoming remarks2.1The Group met.CWG-COP/12 – Outcome report1/33Adoption of the"
        " agenda3.1It was adopted.4Contributions4.1These:WG-CP/12/3 Contribution from"
        " Microsoft: Digital civility indexCWG-COP/12 – Outcome report2/3WGCP/12/4 Contribution"
        " from Kuwait: A plan5Discussions5.1About 70 dele-gates took part."
        + " The Group discussed it."
        * 60
        + "CWG-COP/12 – Outcome"
        " report3/36Outcomes6.1The next meeting.Omar SalehChairman, WG-CP- 2 -"
    )
    out = text_of(raw)
    assert "Outcome report" not in out and "- 1 -" not in out and "- 2 -" not in out
    assert out.startswith("Council Working Group on Child Online Protection\nOUTCOME OF")
    assert "\n3 Adoption of the agenda\n" in out and "\n6 Outcomes\n" in out
    assert "Digital civility index\nWGCP/12/4" in out
    assert "70 delegates took part" in out
    assert out.endswith("6.1 The next meeting.\nOmar Saleh\nChairman, WG-CP")


@pytest.mark.parametrize(
    "kept",
    ["the codes WG-CP/1/3 and WG-CP/2/3 were read", "on 14/10/2014 and on 15/10/2014",
     "2/3 of the members agreed", "the pre-meeting work and the well-being of children"],
)  # fmt: skip
def test_what_only_looks_like_inline_furniture_stays(kept: str) -> None:
    raw = f"1.1 The Group met: {kept}. " + "y " * 900
    assert kept in text_of(raw)


def test_a_hyphen_that_is_no_line_end_stays() -> None:
    raw = "1.1 The pre- and post-meeting work went on. " + "y " * 900
    assert "pre- and post-meeting" in text_of(raw)


def test_a_date_split_by_a_wrap_is_joined_even_in_a_short_report() -> None:
    raw = "1.1 The meeting was held in Geneva on 4\nFebruary 2025 and was chaired by Ms A Bello."
    assert text_of(raw) == raw.replace("4\n", "4 ")
    # A "4" alone on its line is no day of a sentence: left as it is.
    assert text_of("3.2 Text.\n4\nFebruary 2025 review") == "3.2 Text.\n4\nFebruary 2025 review"


def test_a_heading_that_cites_is_the_heading_before_its_first_paragraph() -> None:
    # "Documents 3.1" reads as a citation ("Documents 5 and 6") unless its own number stands
    # before it: then 3.1 opens the section's first paragraph.
    raw = (
        "2.1 The agenda was adopted without any changes by the Group.3 Documents 3.1 The Group"
        " considered six documents in the course of the meeting: CWG-COP/22/2 (Save the"
        " Children): Safer games 3.2 The Group thanked them for their documents."
    )
    assert text_of(raw).split("\n") == [
        "2.1 The agenda was adopted without any changes by the Group.",
        "3 Documents",
        "3.1 The Group considered six documents in the course of the meeting:",
        "CWG-COP/22/2 (Save the Children): Safer games",
        "3.2 The Group thanked them for their documents.",
    ]


_SHORT = [
    "Document C26/33-E",
    "Summary",
    "This document presents the outcome of the twenty-third meeting of the CWG-COP, held at"
    " ITU Headquarters in Geneva on 3 February 2026.",
    "1 Introduction",
    "1.1 The twenty-third meeting of the CWG-COP was held in Geneva on 3 February 2026 and was"
    " chaired by Ms Amina Diallo (Republic of Senegal).",
    "1.2 Some 60 participants took part in the meeting.",
    "2 Contributions",
    "2.1 The Group considered four contributions and thanked the Member States for them.",
    "Amina Diallo",
    "Chair, CWG-COP",
]


def test_a_short_report_wrapped_at_full_lines_is_reflowed() -> None:
    """Few of its lines go on in lower case: lines as full as the widest that stop mid-sentence
    where the next word would not have fitted show the wrap too."""
    import textwrap

    raw = "\n".join(line for p in _SHORT for line in textwrap.wrap(p, 90))
    assert "held at\nITU" not in raw and "held at ITU\nHeadquarters" in raw  # the shape it tests
    lines = text_of(raw).split("\n")
    assert lines == _SHORT
    assert "normalized-reflowed-line" in codes(raw)


def test_a_short_report_with_a_paragraph_per_line_stays_as_it_is() -> None:
    # Its widest lines are cover lines and headings that stop without a full stop.
    raw = "\n".join(
        [
            "Report by the Chair of the Council Working Group on Child Online Protection",
            "Summary",
            "Report by the Chair of the Council Working Group on Child Online Protections",
            "References",
            *(p for p in _SHORT if len(p) < 90),
        ]
    )
    assert _wrap_width([line for line in raw.split("\n") if line]) is None
    assert text_of(raw) == raw


# --- a contribution table flattened to one cell per line, in a copy on one line ---------------

_TABLE_HEAD = (
    "Original: English OUTCOME OF THE FIRST MEETING 1 Introduction 1.1 The meeting was held in"
    " Geneva. 2 Contributions 2.1 The Group considered three contributions, listed below."
)


def test_a_table_on_one_line_is_reopened_at_its_header_cells_and_its_rows() -> None:
    raw = (
        f"{_TABLE_HEAD} Doc. Source Title CWG-COP/1/2 Kenya A national plan CWG-COP/1/3"
        " Secretariat Comments on CWG-COP/1/2 and WG-CP/9/4 3 Discussions 3.1 Kenya presented"
        " CWG-COP/1/3 of the Secretariat."
    )
    lines = text_of(raw).split("\n")
    i = lines.index("Doc.")
    assert lines[i : i + 6] == [
        "Doc.",
        "Source",
        "Title",
        "CWG-COP/1/2 Kenya A national plan",
        # A code numbered before its row, or of another meeting, opens no row.
        "CWG-COP/1/3 Secretariat Comments on CWG-COP/1/2 and WG-CP/9/4",
        "3 Discussions",
    ]
    # The table ends at the next numbered block: a code in the discussion stays in its sentence.
    assert lines[i + 6] == "3.1 Kenya presented CWG-COP/1/3 of the Secretariat."


def test_a_table_whose_line_breaks_were_removed_is_reopened_where_the_cells_glue() -> None:
    raw = (
        f"{_TABLE_HEAD}Doc.SourceTitleCWG-COP/1/2KenyaA national planCWG-COP/1/3SecretariatAnnual"
        " report3 Discussions3.1 Kenya presented its plan."
    )
    lines = text_of(raw).split("\n")
    i = lines.index("Doc.")
    assert lines[i : i + 5] == [
        "Doc.",
        "Source",
        "Title",
        "CWG-COP/1/2KenyaA national plan",
        "CWG-COP/1/3SecretariatAnnual report",
    ]


def test_the_last_row_of_a_table_on_one_line_ends_where_a_sentence_opens() -> None:
    raw = (
        f"{_TABLE_HEAD} Doc. Source Title CWG-COP/1/2 Kenya A national plan The Group thanked"
        " Kenya. 3 Discussions 3.1 Noted."
    )
    lines = text_of(raw).split("\n")
    i = lines.index("CWG-COP/1/2 Kenya A national plan")
    assert lines[i + 1] == "The Group thanked Kenya."


def test_the_column_words_without_a_code_after_them_are_no_table() -> None:
    raw = f"{_TABLE_HEAD} The Doc. Source Title of each one was read. 3 Discussions 3.1 Noted."
    lines = text_of(raw).split("\n")
    assert "Doc." not in lines
    assert (
        "2.1 The Group considered three contributions, listed below. The Doc. Source Title of"
        " each one was read." in lines
    )


def test_a_heading_that_opens_with_a_heading_word_is_a_heading_in_one_line() -> None:
    # "documents" cites ("documents 2.1"), but the heading it ends opens with "Contributions".
    raw = (
        "1 Introduction 1.1 The meeting was held in Geneva on 4 February 2020 and chaired by Mr"
        " A Rashid. 2 Contributions and documents 2.1 The Group had before it two contributions."
        " 2.2 Japan described its filtering rules. 3 Conclusions 3.1 The Group closed."
    )
    assert "2 Contributions and documents\n2.1 The Group" in text_of(raw)
    # A citation after a paragraph's words is still no paragraph number.
    cited = "1 Introduction 1.1 The Group noted documents 2.1 and 2.2 of the last meeting. " * 3
    assert "\n2.1" not in text_of(cited)


def test_a_list_item_ends_where_a_submitter_presenting_opens_a_sentence() -> None:
    raw = (
        "2. Contributions Two contributions were received: · CWG-COP/13/2: Contribution from"
        " Bulgaria: Safer Internet Centre · CWG-COP/13/5: Secretariat: Global Cybersecurity Index"
        " and child online protection Bulgaria presented its Safer Internet Centre. The"
        " Secretariat presented the index. 3. Conclusions 3.1 The Group closed its meeting."
    )
    lines = text_of(raw).split("\n")
    assert (
        "· CWG-COP/13/5: Secretariat: Global Cybersecurity Index and child online protection"
        in lines
    )
    assert any(line.startswith("Bulgaria presented its Safer Internet Centre.") for line in lines)


# Four wrapped paragraphs before the lines a test is about, the same in each such test.
_NOTED_IN_FULL = [
    f"{i}.1 The Group noted the report number {i} of the meeting and its many annexes in"
    "\nfull, with thanks to the Secretariat."
    for i in range(1, 5)
]


def test_a_wrapped_list_item_that_opens_with_document_is_not_joined() -> None:
    raw = "\n".join(
        [
            *_NOTED_IN_FULL,
            "5.1 The Group considered the following contributions, each introduced by its author:",
            "Document WG-CP/5/3 (Internet Watch Foundation): Annual report on reported content",
            "Document WG-CP/5/4 (BDT): Progress of the COP Initiative",
        ]
    )  # fmt: skip
    lines = text_of(raw).split("\n")
    assert lines[-2:] == [
        "Document WG-CP/5/3 (Internet Watch Foundation): Annual report on reported content",
        "Document WG-CP/5/4 (BDT): Progress of the COP Initiative",
    ]


def test_a_code_in_brackets_wrapped_to_a_line_start_goes_on_its_sentence() -> None:
    raw = "\n".join(
        [
            *_NOTED_IN_FULL,
            "5.1 The 5Rights Foundation introduced its principles of children's rights by design in",
            "(CWG-COP/27/3).",
            "5.2 Child Helpline International introduced the revised helpline data for the region",
            "(CWG-COP/26/3(Rev.1)).",
        ]
    )  # fmt: skip
    text = text_of(raw)
    assert "rights by design in (CWG-COP/27/3)." in text
    assert "for the region (CWG-COP/26/3(Rev.1))." in text


def test_a_short_report_whose_numbers_stood_alone_is_reflowed_across_a_date() -> None:
    # Each number alone on its line joins the line after it, which makes that line longer
    # than the wrap; the lines that were full still show the wrap ("from 30" / "November").
    import textwrap

    paras = [
        "This report summarizes the twenty-eighth meeting of the CWG-COP, held virtually from 30"
        " November to 1 December 2027.",
        "1", "Introduction", "1.1",
        "The twenty-eighth meeting of the CWG-COP was held virtually from 30 November to 1"
        " December 2027, under the chairmanship of Dr John K. Mensah (Republic of Ghana).",
        "1.2", "Approximately 140 participants took part.",
        "2", "Contributions", "2.1", "Two contributions were received:",
        "· CWG-COP/28/2: Contribution from Ghana: Online safety in schools and the wider community",
        "Ghana described its online safety programme in schools.",
        "2.2", "The Group thanked the Secretariat.",
    ]  # fmt: skip
    raw = "\n".join(line for p in paras for line in textwrap.wrap(p, 90))
    text = text_of(raw)
    assert "held virtually from 30 November to 1 December 2027." in text
    assert "from 30 November to 1 December 2027, under the chairmanship" in text
    # A list item's title without a full stop, then the discussion: not one paragraph.
    assert "\nGhana described its online safety programme in schools." in text


def test_a_heading_number_glued_to_a_figure_before_a_known_heading_is_cut() -> None:
    raw = (
        "OUTCOME OF THE MEETINGReferencesPP Resolution 179 (Rev. Dubai, 2018); WTDC-17"
        " Resolution 671 Introduction1.1 The meeting was held in Geneva on 29 September 2025 and"
        " was chaired by Ms A Diallo.2 Contributions2.1 The Group noted 51 Contributions received."
    )
    text = text_of(raw)
    assert "WTDC-17 Resolution 67\n1 Introduction" in text
    assert "noted 51 Contributions" in text  # "1" there continues no numbering


def test_a_listed_code_glued_to_a_figure_opens_its_item() -> None:
    raw = (
        "1 Introduction 1.1 The meeting was held. 2 Contributions 2.1 The Group considered:"
        " · WG-CP/6/2 (Chairman): Draft report to Council 2012Document WG-CP/6/3 (Oman): National"
        " awareness campaign 2.2 Oman presented its campaign. 3 Closing 3.1 The meeting closed."
    )
    lines = text_of(raw).split("\n")
    assert "· WG-CP/6/2 (Chairman): Draft report to Council 2012" in lines
    assert "Document WG-CP/6/3 (Oman): National awareness campaign" in lines


def test_a_bare_code_wrapped_to_a_line_start_goes_on_its_sentence() -> None:
    raw = "\n".join(
        [
            *_NOTED_IN_FULL,
            "5.1 The delegation of Fiji presented its programme of safer internet flyers, as set out in",
            "CWG-COP/29/2. The Group welcomed the effort.",
            "5.2 Kenya described its national plan, on which the Group commented, in document",
            "CWG-COP/29/3, which it welcomed.",
            "5.3 The Group considered two further contributions, each introduced by its author, as",
            "CWG-COP/29/4: Activities of the COP Initiative",
        ]
    )  # fmt: skip
    text = text_of(raw)
    assert "as set out in CWG-COP/29/2. The Group welcomed the effort." in text
    assert "in document CWG-COP/29/3, which it welcomed." in text
    # A listed code with its separator opens its item even after a line that runs on.
    assert text.endswith("\nCWG-COP/29/4: Activities of the COP Initiative")


def test_a_wrapped_list_item_goes_on_in_the_line_after_it() -> None:
    # Too few wraps for a hard-wrapped copy: only the items are joined, each to the lines that
    # go on in small letters, or after a word no title ends on.
    raw = (
        "3.1 The Group considered:\n"
        "• CWG-COP/29/3 (Kenya): A national plan for child\nonline protection\nin schools\n"
        "• CWG-COP/29/2 (Fiji): Safer flyers for schools in the\nPacific islands\n"
        "3.2 Kenya described its plan."
    )
    assert text_of(raw).split("\n") == [
        "3.1 The Group considered:",
        "• CWG-COP/29/3 (Kenya): A national plan for child online protection in schools",
        "• CWG-COP/29/2 (Fiji): Safer flyers for schools in the Pacific islands",
        "3.2 Kenya described its plan.",
    ]
    assert codes(raw) == ["normalized-reflowed-line"]


@pytest.mark.parametrize(
    "raw",
    [
        # The next line opens a block: an item, a lettered clause, a numbered paragraph.
        "• CWG-COP/29/3 (Kenya): A national plan for\n• CWG-COP/29/4 (Fiji): Flyers",
        "• CWG-COP/29/3 (Kenya): A national plan for child\na) to report to the Council",
        "• CWG-COP/29/3 (Kenya): A national plan for\n3.2 The Group noted the plan.",
        # The item ends a sentence, or ends on a word a title may end on before a capital.
        "• CWG-COP/29/3 (Kenya): A national plan.\nthe Group noted it",
        "• CWG-COP/29/3 (Kenya): A national plan for schools\nKenya described its plan.",
        # A line that is no list item is left to the re-flow of hard-wrapped text.
        "The Group considered a national plan for child\nonline protection",
        # A blank line ends the item.
        "• CWG-COP/29/3 (Kenya): A national plan for\n\nonline protection",
    ],
)
def test_a_list_item_is_not_joined_to_a_line_that_does_not_go_on_with_it(raw: str) -> None:
    assert text_of(raw) == raw


@pytest.mark.parametrize(
    "glue",
    [" ", ""],  # a line break replaced by a space, or removed
)
def test_a_list_of_contributions_on_one_line_is_reopened_at_each_item(glue: str) -> None:
    lines = [
        "The following contributions were considered:",
        "WG-CP/9/2 (Russian Federation): Safer internet for children",
        "Document WG-CP/9/3 (Symantec): Threat landscape for minors",
        "WG-CP/9/4 (PP Resolution 179 (Rev. Dubai, 2018) follow-up) – Secretariat note",
        "WG-CP/9/5 – Kingdom of Morocco – National awareness week",
        "Mr. Okafor delivered the opening remarks.",
    ]
    assert text_of(glue.join(lines)).split("\n") == lines


def test_a_document_named_in_a_sentence_opens_no_cover_field() -> None:
    raw = (
        "Document: WG-CP/7/12 Date: 4 March 2013 The agenda (Document WG-CP/7/1) was adopted."
        " Norway presented Document WG-CP/7/3 and answered questions."
    )
    lines = text_of(raw).split("\n")
    assert lines[0] == "Document: WG-CP/7/12"
    assert not any(line.startswith("Document WG-CP") for line in lines)


def test_a_heading_word_before_the_first_item_is_the_headings() -> None:
    raw = (
        "1 Introduction 1.1 The fourth meeting was held in Geneva on 10 October 2011. 2 Agenda"
        " 2.1 The agenda was adopted. 3 Documents WG-CP/4/2 (Save the Children): Safer games"
        " WG-CP/4/3 (Republic of Kenya) – A national plan 4 Discussion 4.1 Kenya described its"
        " plan."
    )
    lines = text_of(raw).split("\n")
    assert "WG-CP/4/2 (Save the Children): Safer games" in lines
    assert "WG-CP/4/3 (Republic of Kenya) – A national plan" in lines


def test_a_wrapped_copy_does_not_join_the_first_sentence_to_a_title_in_small_letters() -> None:
    # The title line is nearly full and stops without a full stop, as a wrapped line does; it is
    # a whole title all the same, and the report's first sentence opens a paragraph of its own.
    import textwrap

    title = "Report of the fourth meeting of the Working Group on Child Online Protection (WG-CP)"
    body = [
        "The fourth meeting of the Working Group on Child Online Protection took place in Geneva"
        " on 3 October 2011 and was chaired by Ms Ana Torres (Spain), who welcomed the delegates.",
        "Kenya presented Document WG-CP/4/2 and described its national plan for child safety,"
        " which brings together the ministries of education and of information.",
        "The Group agreed to continue the work on reporting mechanisms at its next meeting and"
        " invited the members to send their national experience to the Secretariat before the"
        " end of the year.",
    ]
    raw = "\n".join(["Document: WG-CP/4/9", "Date: 14 October 2011", title]
                    + [line for p in body for line in textwrap.wrap(p, 90)])  # fmt: skip
    lines = text_of(raw).split("\n")
    assert lines[2] == title
    assert lines[3].startswith("The fourth meeting") and "on 3 October 2011 and" in lines[3]


def test_a_title_in_small_letters_run_into_the_cover_keeps_the_groups_abbreviation() -> None:
    raw = (
        "Document: WG-CP/4/9 Date: 14 October 2011 Report of the fourth meeting of the Working"
        " Group on Child Online Protection (WG-CP) The fourth meeting was held in Geneva."
    )
    lines = text_of(raw).split("\n")
    assert (
        "Report of the fourth meeting of the Working Group on Child Online Protection (WG-CP)"
        in lines
    )


def test_a_sentence_line_that_ends_on_a_link_word_goes_on_in_a_short_copy() -> None:
    # Too few of the copy's lines show the wrap for it to be re-flowed, but a sentence's line
    # that ends on "in" goes on, though the next line opens with a capital (a place's name).
    raw = (
        "Document WG-COP/9\nDate: 18 February 2015\n"
        "SUMMARY OF THE NINTH MEETING OF THE COUNCIL WORKING GROUP ON CHILD ONLINE PROTECTION\n"
        "The ninth meeting of the Council Working Group on Child Online Protection was held in\n"
        "Geneva on 12 February 2015 under the chairmanship of Mr. Ivan Petrov (Russian Federation).\n"
        "The meeting was attended by around 60 delegates.\n"
        "Chairman of the\nCouncil Working Group on COP\n"
    )
    lines = text_of(raw).split("\n")
    assert (
        "The ninth meeting of the Council Working Group on Child Online Protection was held in"
        " Geneva on 12 February 2015 under the chairmanship of Mr. Ivan Petrov (Russian"
        " Federation)." in lines
    )
    # A short line ("Chairman of the") and a title in capitals are no sentence's line.
    assert "Chairman of the" in lines
    assert lines[2].endswith("ONLINE PROTECTION")


def test_a_wrapped_title_in_small_letters_keeps_its_abbreviation_on_the_next_line() -> None:
    # The first line is a whole title too, but "(CWG-COP)" opens no sentence: it goes on it.
    title = "Report of the fourth meeting of the Council Working Group on Child Online Protection"
    body = [
        "The fourth meeting of the Council Working Group on Child Online Protection took place"
        " in Geneva on 3 October 2011 and was chaired by Ms Ana Torres (Spain), who welcomed the"
        " delegates.",
        "Kenya presented Document CWG-COP/4/2 and described its national plan for child safety,"
        " which brings together the ministries of education and of information.",
        "The Group agreed to continue the work on reporting mechanisms at its next meeting and"
        " invited the members to send their national experience to the Secretariat before the"
        " end of the year.",
    ]
    import textwrap

    raw = "\n".join(["Document: CWG-COP/4/9", "Date: 14 October 2011", title, "(CWG-COP)"]
                    + [line for p in body for line in textwrap.wrap(p, 90)])  # fmt: skip
    lines = text_of(raw).split("\n")
    assert lines[2] == f"{title} (CWG-COP)"
