"""DOCX bounds: every foreign exception mapped, numbering clamped as Word does, DTDs refused.

Each test is named after a break it pins (docs/reliability.md lists them); each input is built
small by tests/hostile.py.
"""

from __future__ import annotations

import zipfile

import pytest

import copparse
from copparse.loaders.docx import format_label
from tests import hostile as h


def _error(data: bytes, **kwargs: object) -> copparse.CopParseError:
    with pytest.raises(copparse.CopParseError) as info:
        copparse.parse_bytes(data, filename="hostile.docx", **kwargs)  # type: ignore[arg-type]
    assert info.value.message and info.value.source == "hostile.docx"
    return info.value


def _text(data: bytes) -> str:
    return copparse.parse_bytes(data, filename="hostile.docx").text


# --- foreign exceptions -------------------------------------------------------------------------


def test_regression_encrypted_zip_entry_raised_runtime_error() -> None:
    data = h.patch_member(h.docx(), "word/document.xml", flags=0x1)
    assert isinstance(_error(data), copparse.EncryptedFileError)


def test_regression_corrupt_lzma_entry_raised_lzma_error() -> None:
    assert isinstance(_error(h.corrupt_lzma_docx()), copparse.CorruptFileError)


@pytest.mark.parametrize(
    ("what", "patch"),
    [
        ("zip-version-6.4", {"version": 64}),
        ("strong-encryption", {"flags": 0x41}),
        ("deflate64", {"method": 9}),
        ("aes", {"method": 99}),
    ],
)
def test_regression_unsupported_zip_feature_raised_not_implemented_error(
    what: str, patch: dict[str, int]
) -> None:
    data = h.patch_member(h.docx(compression=zipfile.ZIP_STORED), "word/document.xml", **patch)
    error = _error(data)
    assert isinstance(error, copparse.UnsupportedFormatError | copparse.EncryptedFileError), what


def test_regression_numbering_level_20_raised_index_error() -> None:
    numbering = h.numbering_xml(h.level("0") + h.level("20"))
    body = h.paragraphs(numbered=2).replace('w:ilvl w:val="0"', 'w:ilvl w:val="20"', 1)
    text = _text(h.docx(h.document_xml(body), numbering=numbering))
    assert "Report of the 13th meeting" in text


@pytest.mark.parametrize("ilvl", ["x", "9" * 5000, "-3", ""])
def test_regression_unreadable_ilvl_raised_value_error(ilvl: str) -> None:
    numbering = h.numbering_xml(h.level(ilvl) + h.level("0"))
    body = h.paragraphs(numbered=2).replace('w:ilvl w:val="0"', f'w:ilvl w:val="{ilvl}"')
    text = _text(h.docx(h.document_xml(body), numbering=numbering))
    assert "1 Opening of the meeting" in text


@pytest.mark.parametrize("char", ["ZZZZ", "110000", "", "-1", "F" * 5000])
def test_regression_unreadable_sym_char_raised_value_error(char: str) -> None:
    body = h.paragraphs() + f'<w:p><w:r><w:sym w:font="Symbol" w:char="{char}"/></w:r></w:p>'
    assert "1.1 The meeting was chaired" in _text(h.docx(h.document_xml(body)))


def test_a_sym_char_in_range_is_read() -> None:
    body = h.paragraphs() + '<w:p><w:r><w:t>Tick </w:t><w:sym w:char="2713"/></w:r></w:p>'
    assert "Tick ✓" in _text(h.docx(h.document_xml(body)))


def test_a_document_without_a_body_is_a_corrupt_file() -> None:
    data = h.docx(f'<w:document xmlns:w="{h.W}"/>'.encode())
    assert isinstance(_error(data), copparse.CorruptFileError)


# --- numbering clamps -----------------------------------------------------------------------------


def test_regression_roman_start_of_10_12_hung() -> None:
    numbering = h.numbering_xml(h.level(fmt="upperRoman", start="1000000000000"))
    text = _text(h.docx(h.document_xml(h.paragraphs(numbered=3)), numbering=numbering))
    # Word's largest number is 32767: 32 M's and the rest.
    assert "M" * 32 + "DCCLXVII." in text
    assert "M" * 33 not in text


@pytest.mark.parametrize(("fmt", "value", "label"), [
    ("upperRoman", 32767, "M" * 32 + "DCCLXVII"),
    ("upperRoman", 10**12, "M" * 32 + "DCCLXVII"),
    ("lowerLetter", 27, "aa"),
    ("lowerLetter", 10**12, "g" * 255),
    ("decimal", -5, "0"),
    ("decimal", 10**12, "32767"),
])  # fmt: skip
def test_format_label_clamps_as_word_does(fmt: str, value: int, label: str) -> None:
    assert format_label(fmt, value) == label


def test_regression_letter_numbering_reached_gigabytes() -> None:
    numbering = h.numbering_xml(h.level(fmt="lowerLetter", start="2000000000"))
    body = h.paragraphs(REPEAT, numbered=len(REPEAT))
    text = _text(h.docx(h.document_xml(body), numbering=numbering))
    # Each label is at most 255 characters: the text is bounded by the paragraphs' count.
    assert len(text) < len(REPEAT) * (256 + 60)


REPEAT = tuple(h.REPORT_LINES) + tuple(f"{n} Item" for n in range(2, 200))


def test_regression_repeated_placeholder_in_lvl_text_reached_gigabytes() -> None:
    numbering = h.numbering_xml(h.level(fmt="upperRoman", text="%1" * 120, start="32000"))
    body = h.paragraphs(REPEAT, numbered=len(REPEAT))
    text = _text(h.docx(h.document_xml(body), numbering=numbering))
    labels = [line.split("\t")[0] for line in text.splitlines() if "\t" in line]
    assert labels and max(map(len, labels)) <= 255


def test_a_two_level_label_is_still_rebuilt() -> None:
    numbering = h.numbering_xml(h.level("0", text="%1") + h.level("1", text="%1.%2"))
    body = (
        h.paragraphs(h.REPORT_LINES[:2])
        + h.paragraphs(("Opening",), numbered=1)
        + h.paragraphs(("The meeting was chaired by Ms Eugenia Devincenzi.",), numbered=1).replace(
            'w:ilvl w:val="0"', 'w:ilvl w:val="1"'
        )
    )
    text = _text(h.docx(h.document_xml(body), numbering=numbering))
    assert "1\tOpening" in text and "1.1\tThe meeting was chaired" in text


# --- DTD refused by the parser, not by a byte prefix ------------------------------------------------

_DTD = '<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">]>'


def test_regression_doctype_after_a_5kb_comment_got_past_the_prefix_check() -> None:
    xml = h.document_xml(h.paragraphs(), prolog="<!--" + "c" * 5000 + "-->" + _DTD)
    assert isinstance(_error(h.docx(xml)), copparse.UnsafeFileError)


def test_regression_utf16_doctype_got_past_the_prefix_check() -> None:
    xml = h.document_xml(h.paragraphs(), prolog=_DTD).decode().replace('"UTF-8"', '"UTF-16"')
    assert isinstance(_error(h.docx(xml.encode("utf-16"))), copparse.UnsafeFileError)


def test_regression_doctype_in_a_renamed_main_part_got_past_the_prefix_check() -> None:
    xml = h.document_xml(h.paragraphs(), prolog=_DTD)
    decoy = h.document_xml(h.paragraphs())
    data = h.docx(xml, main="word/main.bin", extra={"word/document.xml": decoy})
    assert isinstance(_error(data), copparse.UnsafeFileError)


def test_a_doctype_in_numbering_is_refused() -> None:
    numbering = h.numbering_xml(h.level()).replace(
        b"?><w:numbering", b"?>" + _DTD.encode() + b"<w:numbering"
    )
    data = h.docx(h.document_xml(h.paragraphs(numbered=2)), numbering=numbering)
    assert isinstance(_error(data), copparse.UnsafeFileError)


def test_a_utf16_part_without_a_dtd_is_read() -> None:
    xml = h.document_xml(h.paragraphs()).decode().replace('"UTF-8"', '"UTF-16"')
    assert "Report of the 13th meeting" in _text(h.docx(xml.encode("utf-16")))


# --- time ---------------------------------------------------------------------------------------------


def test_regression_one_huge_paragraph_ran_past_max_seconds() -> None:
    # The clock used to be read only between blocks: one paragraph of a million runs ran on.
    # Now it is read every 1,024 elements inside a paragraph too.
    runs = "<w:r><w:t>x</w:t></w:r>" * 5_000
    data = h.docx(h.document_xml(f"<w:p>{runs}</w:p>"))
    with pytest.raises(copparse.TimeLimitError) as info:
        copparse.parse_bytes(data, limits=copparse.Limits(max_seconds=1e-9))
    assert "_paragraph" in {entry.name for entry in info.traceback}


def test_regression_an_entity_bomb_was_called_damaged_not_unsafe() -> None:
    # lxml's amplification guard stopped the parse before the DTD was looked at, so a billion
    # laughs was reported as damaged XML (CorruptFileError) instead of refused as unsafe.
    entities = '<!ENTITY a0 "lol">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
    )
    body = h.paragraphs() + "<w:p><w:r><w:t>&a9;</w:t></w:r></w:p>"
    xml = h.document_xml(body, prolog=f"<!DOCTYPE w:document [{entities}]>")
    assert isinstance(_error(h.docx(xml)), copparse.UnsafeFileError)
