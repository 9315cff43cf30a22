"""The pure layout stage, and the DOCX numbering rebuild, on hand-made inputs."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from lxml import etree

from copparse.loaders import load_bytes
from copparse.loaders.docx import _style_numbering, format_label
from copparse.loaders.layout import Line, PageLines, find_furniture, join_lines
from copparse.loaders.pdf import words_to_lines
from copparse.segment import starts_block
from tests.conftest import FIXTURES

FILES = FIXTURES / "files"

H = 842.0


def line(
    text: str, top: float, x0: float = 72.0, x1: float | None = None, size: float = 11.0
) -> Line:
    return Line(text, x0, x1 if x1 is not None else 520.0, top, top + size, size)


def page(n: int, *lines: Line) -> PageLines:
    return PageLines(n, 595.0, H, lines)


def test_furniture_repeated_at_top_and_bottom_is_found() -> None:
    pages = [
        page(i, line("ITU - CWG-COP report", 30, x1=200), line(f"Body text of page {i}", 300),
             line(f"- {i} -", 810, x0=290, x1=310))
        for i in (1, 2, 3)
    ]  # fmt: skip
    assert find_furniture(pages) == {(p, li) for p in range(3) for li in (0, 2)}


def test_a_lone_page_number_is_furniture_even_on_one_page() -> None:
    assert find_furniture([page(1, line("Body", 300), line("1/4", 810, x1=100))]) == {(0, 1)}


def test_a_running_header_from_page_2_is_furniture_on_one_page_of_two() -> None:
    header = "CWG-COP/29 – Outcome report"
    pages = [
        page(1, line("Council 2029", 30, x1=200), line("Body text of page 1.", 300)),
        page(2, line(header, 30, x1=200), line("Body text of page 2.", 300)),
    ]
    assert find_furniture(pages) == {(1, 0)}
    # On page 1 alone such a line is the cover's: kept.
    pages = [page(1, line(header, 30, x1=200), line("Body.", 300)), page(2, line("Body.", 300))]
    assert find_furniture(pages) == set()
    # At the top of page 2, a line that is not a running header's shape stays.
    for kept in ["Kenya described its national plan.", "4 Conclusions",
                 "• CWG-COP/29/3 – Secretariat – Report on the survey"]:  # fmt: skip
        pages = [page(1, line("Body.", 300)), page(2, line(kept, 30, x1=300))]
        assert find_furniture(pages) == set(), kept


def test_a_heading_that_repeats_in_the_body_is_not_furniture() -> None:
    pages = [page(i, line("Discussions", 300, x1=150), line("Text.", 330, x1=150)) for i in (1, 2)]
    assert find_furniture(pages) == set()


def test_wrapped_lines_join_and_paragraphs_split() -> None:
    pages = [
        page(
            1,
            line("1.1\tThe meeting was held in Geneva and was attended by many of the", 100),
            line("participants who came from all regions.", 114, x1=300),
            line("Finally, the Group thanked the Secretariat for the organization of the", 128),
            line("meeting and closed it.", 142, x1=200),
            line("2\tOutcomes", 170, x1=150),
        )
    ]
    out = join_lines(pages, starts_block)
    assert out.text.split("\n") == [
        "1.1\tThe meeting was held in Geneva and was attended by many of the participants who"
        " came from all regions.",
        "Finally, the Group thanked the Secretariat for the organization of the meeting and closed it.",
        "2\tOutcomes",
    ]


def test_a_line_that_stops_short_only_because_the_next_word_is_long_is_not_a_paragraph_end() -> (
    None
):
    pages = [page(1, line("The results were presented at the meeting of the", 100, x1=470),
                  line("telecommunication development advisory group.", 114, x1=380))]  # fmt: skip
    assert join_lines(pages, starts_block).text.count("\n") == 0


def test_hyphens_at_line_ends() -> None:
    pages = [page(1, line("the protec-", 100), line("tion of children, the CWG-", 114),
                  line("COP and the Secretary-", 128), line("General.", 142, x1=150))]  # fmt: skip
    out = join_lines(pages, starts_block)
    assert out.text == "the protection of children, the CWG-COP and the Secretary-General."
    assert out.hyphens_joined == 1


def test_page_starts_across_pages_and_empty_pages() -> None:
    pages = [
        page(1, line("1.1\tFirst paragraph runs on to the next page and continues with the", 700)),
        page(2, line("rest of the sentence.", 100, x1=300), line("1.2\tSecond.", 130, x1=150)),
        page(3),
        page(4, line("1.3\tThird.", 100, x1=150)),
    ]
    out = join_lines(pages, starts_block)
    assert out.text.split("\n")[0].endswith("with the rest of the sentence.")
    starts = out.page_starts
    assert out.text[starts[0] :].startswith("rest of the sentence")
    assert starts[1] == starts[2] and out.text[starts[2] :] == "1.3\tThird."


def test_words_to_lines_tabs_and_unmapped_bullets() -> None:
    def word(text: str, x0: float, x1: float, top: float = 100.0) -> dict[str, object]:
        return {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": top + 11, "size": 11.0}

    lines, dropped = words_to_lines(
        [word("(cid:127)", 90, 95), word("WG-CP/13/2:", 108, 170), word("Title", 173, 200),
         word("1.1", 72, 85, 130), word("The", 108, 125, 130), word("fi(cid:3)ne", 128, 150, 130)]
    )  # fmt: skip
    assert [ln.text for ln in lines] == ["• WG-CP/13/2: Title", "1.1\tThe fine"]
    assert dropped == 1


@pytest.mark.parametrize(
    ("fmt", "value", "label"),
    [("decimal", 7, "7"), ("decimalZero", 7, "07"), ("lowerLetter", 2, "b"), ("upperLetter", 27, "AA"),
     ("lowerRoman", 14, "xiv"), ("upperRoman", 4, "IV"), ("none", 3, "")],
)  # fmt: skip
def test_format_label(fmt: str, value: int, label: str) -> None:
    assert format_label(fmt, value) == label


def test_heading_styles_with_outline_numbering() -> None:
    """Numbers carried by the heading style (not the paragraph), at two levels, with a restart."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="77">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/>'
        '<w:suff w:val="space"/></w:lvl></w:abstractNum>'
    ))  # fmt: skip
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="77"><w:abstractNumId w:val="77"/></w:num>')
    )
    for style, level in (("Heading 1", 0), ("Heading 2", 1)):
        ppr = document.styles[style].element.get_or_add_pPr()
        ppr.append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="77"/></w:numPr>'
        ))  # fmt: skip
    document.add_paragraph("Introduction", style="Heading 1")
    document.add_paragraph("Scope", style="Heading 2")
    document.add_paragraph("Plain text.")
    document.add_paragraph("Method", style="Heading 2")
    document.add_paragraph("Contributions", style="Heading 1")
    document.add_paragraph("Lists", style="Heading 2")
    table = document.add_table(rows=1, cols=3)
    for cell, value in zip(table.rows[0].cells, ["WG-CP/2/1", "", "A title"], strict=True):
        cell.text = value
    para = document.add_paragraph()
    para.add_run("Soft\tbreak")
    para.add_run().add_break()
    para.add_run("second\u00a0line")
    buffer = io.BytesIO()
    document.save(buffer)
    text = load_bytes(buffer.getvalue()).text
    assert text.split("\n") == [
        "1.\tIntroduction", "1.1 Scope", "Plain text.", "1.2 Method", "2.\tContributions",
        "2.1 Lists", "WG-CP/2/1\t\tA title", "Soft\tbreak", "second line",
    ]  # fmt: skip


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _styles_xml(*styles: str, tail: str = "") -> bytes:
    return f"<w:styles {W_NS}>{''.join(styles)}{tail}</w:styles>".encode()


def _style(sid: str, based: str | None = None, num: str | None = None, lvl: int = 0) -> str:
    inner = f'<w:basedOn w:val="{based}"/>' if based else ""
    if num:
        inner += (
            f'<w:pPr><w:numPr><w:ilvl w:val="{lvl}"/><w:numId w:val="{num}"/></w:numPr></w:pPr>'
        )
    return f'<w:style w:type="paragraph" w:styleId="{sid}">{inner}</w:style>'


def test_style_numbering_follows_based_on_in_either_order() -> None:
    xml = _styles_xml(
        _style("Normal"),
        _style("Sub", based="Outline"),  # its ancestor comes later in the part
        _style("Plain", based="Normal"),
        _style("Outline", num="5", lvl=1),
    )
    found = _style_numbering(io.BytesIO(xml), {"Sub", "Plain", "Missing"})
    assert found == {"Sub": ("5", 1), "Plain": (None, None)}


def test_styles_are_read_only_until_the_used_ones_are_found() -> None:
    """The rest of a 350 KB styles.xml is never parsed: here it is not even well-formed."""
    xml = _styles_xml(_style("Normal"), _style("Heading1", based="Normal", num="3"),
                      tail="<w:style w:styleId='Broken'><unclosed></w:styles>" + " " * 100_000)  # fmt: skip
    assert _style_numbering(io.BytesIO(xml), {"Heading1"}) == {"Heading1": ("3", 0)}
    with pytest.raises(etree.XMLSyntaxError):
        _style_numbering(io.BytesIO(xml), {"Heading1", "NotThere"})


def _rewrite(data: bytes, renames: dict[str, str], edits: dict[str, bytes]) -> bytes:
    src, buffer = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            blob = edits.get(info.filename, src.read(info.filename))
            out.writestr(renames.get(info.filename, info.filename), blob)
    return buffer.getvalue()


def test_parts_are_found_through_relationships_not_by_name() -> None:
    """Word names parts freely (numbering2.xml, styles with effects...): the package's
    relationships say which is which."""
    data = (FILES / "wgcp01_2010_outcome.autonum.docx").read_bytes()
    rels_name = "word/_rels/document.xml.rels"
    rels = zipfile.ZipFile(io.BytesIO(data)).read(rels_name)
    assert b'Target="numbering.xml"' in rels
    moved = _rewrite(
        data,
        {"word/numbering.xml": "word/lists/numbering7.xml"},
        {rels_name: rels.replace(b'Target="numbering.xml"', b'Target="lists/numbering7.xml"')},
    )
    text = load_bytes(moved).text
    assert "\n1\tIntroduction\n1.1\tThe first meeting" in text  # numbers rebuilt from it
    assert text == load_bytes(data).text


def test_a_section_number_alone_at_a_page_foot_is_kept() -> None:
    """ "5" at the foot of page 3 continues 4.2 and its heading follows: the numbering, not a
    page number; the page's own "3" beside it and a "2" that continues nothing still go."""
    pages = [
        page(1, line("4 Discussion", 300), line("4.1 Text one.", 330)),
        page(2, line("4.2 Text two.", 300), line("2", 810, x0=290, x1=300)),
        page(3, line("More text.", 300), line("5", 790, x1=90), line("3", 810, x0=290, x1=300)),
        page(4, line("Conclusions", 60), line("5.1 The Group agreed.", 90)),
    ]
    assert find_furniture(pages) == {(1, 1), (2, 2)}
