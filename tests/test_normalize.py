from __future__ import annotations

import pytest

from copparse.normalize import normalize_text

CASES = [
    # (input, expected normalised text)
    ("a\r\nb\rc", "a\nb\nc"),
    ("1.1The meeting", "1.1 The meeting"),
    ("2Welcoming remarks", "2 Welcoming remarks"),
    ("held on10October 2016in Geneva", "held on 10 October 2016 in Geneva"),
    ("Approximately100 participants", "Approximately 100 participants"),
    ("OUTCOME OF THE 12thMEETING", "OUTCOME OF THE 12th MEETING"),
    (
        "THE FIFTEENTH AND SIXTEENTH MEETINGSOF THE GROUP",
        "THE FIFTEENTH AND SIXTEENTH MEETINGS OF THE GROUP",
    ),
    ("the Council 2016decision", "the Council 2016 decision"),
    ("Council Resolution?1306", "Council Resolution 1306"),
    ("Council Resolution 13061Introduction", "Council Resolution 1306 1 Introduction"),
    ("took part in the the meeting", "took part in the meeting"),
    ("Action required ______", "Action required"),
    ("text\n- 2 -\nmore", "text\n\nmore"),
    ("text\n1/4\nmore", "text\n\nmore"),
    ("\u201cquoted\u201d and COP\u2019s", '"quoted" and COP\'s'),
    ("WG-CP/13/3:\u00a0Contribution\u00a0from", "WG-CP/13/3: Contribution from"),
    ("soft\u00adhyphen\u200b", "softhyphen"),
    # Word's Symbol and Wingdings bullets (Private Use Area) are the bullet "•"; a symbol
    # font's letters (U+F061, alpha) are not bullets and stay.
    ("\uf0b7\tCWG-COP/27/2: Spain", "\u2022\tCWG-COP/27/2: Spain"),
    ("\uf0a7 a\n\uf0d8 b\n\uf076 c\n\uf0fc d", "\u2022 a\n\u2022 b\n\u2022 c\n\u2022 d"),
    ("angle \uf061", "angle \uf061"),
    # Ligatures a copy from a PDF kept: their letters.
    ("\ufb01rst Paci\ufb01c o\ufb03cial \ufb02yers", "first Pacific official flyers"),
    ("1.1\t The text  with   spaces ", "1.1\tThe text with spaces"),
    ("3OCTOBER 2016", "3 OCTOBER 2016"),
    ("the report.2Background", "the report.2 Background"),
    ("opening of the meeting2Welcoming remarks", "opening of the meeting 2 Welcoming remarks"),
    ("Document: WG-COP/13Date: 30 September", "Document: WG-COP/13 Date: 30 September"),
    ("2.Introduction", "2. Introduction"),
    # Left alone: a name that begins with a figure, wherever it stands ...
    ("the 5Rights Foundation", "the 5Rights Foundation"),
    (
        "(5Rights Foundation)\n5Rights Foundation: Safer games",
        "(5Rights Foundation)\n5Rights Foundation: Safer games",
    ),
    ("the meeting.5Rights Foundation presented", "the meeting.5Rights Foundation presented"),
    # ... a figure glued to a capitalised word that no heading, month or count explains ...
    ("CWG-COP/13/2Rev.1, 3Mayors", "CWG-COP/13/2Rev.1, 3Mayors"),
    # Left alone: symbols, ordinals, codes and short unit-like tokens.
    (
        "C20/57-E, 12th, 1st, 4G, SDG 17, WG-CP/13/10",
        "C20/57-E, 12th, 1st, 4G, SDG 17, WG-CP/13/10",
    ),
]


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize_text(raw).text == expected


def test_running_header_repeated_on_later_pages_is_dropped() -> None:
    page = "{n}.1 Text of page {n}.\nReport CWG-COP/12 - Outcome\n"
    raw = "".join(page.format(n=n) for n in range(1, 5))
    out = normalize_text(raw)
    assert "Report CWG-COP/12" not in out.text
    assert [d.code for d in out.diagnostics] == ["normalized-running-header"]
    assert out.diagnostics[0].message == "removed 4 repeated running header line(s)"


def test_a_header_line_repeated_keeps_its_first_place_in_the_header() -> None:
    raw = "C17/24-E\n1 Introduction\n1.1 Text.\nC17/24-E\n2 More\nC17/24-E\n"
    out = normalize_text(raw).text
    assert out.startswith("C17/24-E\n1 Introduction") and out.count("C17/24-E") == 1


def test_origin_maps_every_character_back() -> None:
    raw = "  Approximately100\r\nparticipants\u00a0took part"
    out = normalize_text(raw)
    assert len(out.origin) == len(out.text) + 1
    assert list(out.origin) == sorted(out.origin)
    for i, ch in enumerate(out.text):
        if ch.isalnum():
            assert raw[out.origin[i]] == ch


def test_page_at_follows_the_origin() -> None:
    raw = "page one\n- 1 -\npage two"
    out = normalize_text(raw)
    second = out.text.index("page two")
    assert out.page_at(second, [raw.index("page two")]) == 2
    assert out.page_at(0, [raw.index("page two")]) == 1
    assert out.page_at(0, None) is None


def test_a_run_of_doubled_words_folds_to_one() -> None:
    out = normalize_text("held in the the the\nthe main hall")
    assert out.text == "held in the main hall"
    assert normalize_text(out.text).text == out.text


def test_symbol_font_bullets_keep_every_offset() -> None:
    raw = "3.1 The Group considered:\n\uf0b7\tCWG-COP/27/2: Contribution from Spain"
    out = normalize_text(raw)
    assert out.text.index("\u2022") == raw.index("\uf0b7")
    assert list(out.origin) == list(range(len(raw) + 1))


def test_a_ligature_becomes_its_letters_each_pointing_at_it() -> None:
    raw = "a \ufb01rst o\ufb03ce"
    out = normalize_text(raw)
    assert out.text == "a first office"
    assert [raw[out.origin[i]] for i in range(len(out.text))] == list(
        "a \ufb01\ufb01rst o\ufb03\ufb03\ufb03ce"
    )
    assert [d.code for d in out.diagnostics] == ["normalized-ligature"]


_THREE_PAGES = (
    "1.1 Text of page one.\n\n{header}\n2/3\n\n2.1 Text of page two.\n\n{header}\n3/3\n\n"
    "3.1 Text of page three.\n"
)


def test_a_running_header_from_page_2_of_three_is_dropped_at_two_repeats() -> None:
    out = normalize_text(_THREE_PAGES.format(header="CWG-COP/29 – Outcome report"))
    assert "Outcome report" not in out.text
    assert "normalized-running-header" in [d.code for d in out.diagnostics]


@pytest.mark.parametrize(
    "raw",
    [
        # Not a running header's shape: a line of the text that happens to repeat.
        _THREE_PAGES.format(header="Kenya – national plan"),
        # Not apart from the text: no blank line beside it.
        "1.1 Text.\nCWG-COP/29 – Outcome report\n2.1 Text.\nCWG-COP/29 – Outcome report\n3.1 Text.",
        # Seen once only.
        "1.1 Text.\n\nCWG-COP/29 – Outcome report\n\n2.1 Text.",
    ],
)
def test_a_line_repeated_twice_stays_unless_it_is_a_running_header_apart(raw: str) -> None:
    out = normalize_text(raw).text
    line = "CWG-COP/29 – Outcome report" if "Outcome" in raw else "Kenya – national plan"
    assert line in out
