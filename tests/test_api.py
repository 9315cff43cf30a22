from __future__ import annotations

import codecs
import inspect
from pathlib import Path

import pytest

import copparse
from tests.conftest import FIXTURES, SEED_ID, parsed

SEED = FIXTURES / f"{SEED_ID}.txt"
COP_TEXT = (
    "1 Introduction\n1.1 The 13th meeting of the CWG-COP was held on 2 February 2017 and was"
    " chaired by Ms Ana Lima."
)


def test_all_is_sorted_and_complete() -> None:
    assert copparse.__all__ == sorted(copparse.__all__, key=lambda n: (not n.isupper(), n))
    for name in copparse.__all__:
        assert getattr(copparse, name) is not None  # lazy names resolve on first use
    public = {
        name
        for name in dir(copparse)
        if not name.startswith("_") and not inspect.ismodule(getattr(copparse, name))
    }
    assert public - {"Any", "TYPE_CHECKING", "annotations", "importlib"} == set(
        copparse.__all__
    ) - {"__version__"}
    with pytest.raises(AttributeError, match="no attribute 'nonsense'"):
        _ = copparse.nonsense


def test_every_error_is_a_copparse_error() -> None:
    for name in copparse.__all__:
        value = getattr(copparse, name)
        if inspect.isclass(value) and issubclass(value, Exception):
            assert issubclass(value, copparse.CopParseError)


def test_parse_text_bytes_and_file_agree() -> None:
    from_file = parsed(SEED_ID)
    from_text = copparse.parse_text(SEED.read_text("utf-8"))
    from_bytes = copparse.parse_bytes(SEED.read_bytes(), filename="seed.txt")
    strip = {"source"}
    assert from_text.model_dump(exclude=strip) == from_file.model_dump(exclude=strip)
    assert from_bytes.model_dump(exclude=strip) == from_file.model_dump(exclude=strip)
    assert from_bytes.source.path == "seed.txt"
    assert from_file.source.sha256 == from_bytes.source.sha256


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (codecs.BOM_UTF8 + COP_TEXT.encode("utf-8"), "utf-8-sig"),
        (COP_TEXT.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + COP_TEXT.encode("utf-16-be"), "utf-16"),
        (COP_TEXT.encode("utf-8"), "utf-8"),
    ],
)
def test_text_encodings(data: bytes, encoding: str) -> None:
    report = copparse.parse_bytes(data)
    assert report.source.encoding == encoding
    assert report.meetings[0].number == 13
    assert "encoding-fallback" not in [d.code for d in report.diagnostics]


def test_cp1252_fallback_is_diagnosed() -> None:
    data = (COP_TEXT + " Chaired by Ms Ana Núñez.").encode("cp1252")
    report = copparse.parse_bytes(data)
    assert report.source.encoding == "cp1252"
    assert "Núñez" in report.text
    assert [d.code for d in report.diagnostics if d.code == "encoding-fallback"] == [
        "encoding-fallback"
    ]


@pytest.mark.parametrize(
    ("data", "error", "words"),
    [
        (b"", copparse.EmptyInputError, "empty"),
        (b"  \n\t\n", copparse.EmptyInputError, "white space"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), copparse.UnsupportedFormatError, "PNG"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), copparse.UnsupportedFormatError, "docx"),
        (b"%PDF-1.7\n" + bytes(50), copparse.CorruptFileError, "PDF"),
        (b"PK\x03\x04" + bytes(50), copparse.CorruptFileError, "zip"),
        (bytes(range(256)) * 4, copparse.DecodeError, "binary"),
        (b"\xff\xfe\x00\xd8\x00\xd8", copparse.DecodeError, "utf-16"),
        (
            b"Minutes of the board of a football club. The board met.",
            copparse.NotACopReportError,
            "CWG-COP",
        ),
    ],
)
def test_bad_input_raises_a_clear_typed_error(
    data: bytes, error: type[copparse.CopParseError], words: str
) -> None:
    with pytest.raises(error) as info:
        copparse.parse_bytes(data, filename="in.bin")
    assert words in str(info.value)
    assert info.value.source == "in.bin"
    assert str(info.value).startswith("in.bin: ")


def test_empty_text_and_not_a_report() -> None:
    with pytest.raises(copparse.EmptyInputError):
        copparse.parse_text("")
    with pytest.raises(copparse.NotACopReportError):
        copparse.parse_text("The quarterly results of a bakery: bread sold well in May 2016.")


def test_file_errors(tmp_path: Path) -> None:
    with pytest.raises(copparse.FileReadError, match="no such file"):
        copparse.parse_file(tmp_path / "missing.txt")
    with pytest.raises(copparse.FileReadError, match="directory"):
        copparse.parse_file(tmp_path)


def test_strict_mode_raises_on_error_diagnostics() -> None:
    text = "1 Introduction\n1.1 This report summarizes the meeting of the CWG-COP in Geneva."
    report = copparse.parse_text(text)
    assert "meeting-number-missing" in [d.code for d in report.diagnostics]
    with pytest.raises(copparse.IncompleteReportError) as info:
        copparse.parse_text(text, strict=True)
    assert [d.code for d in info.value.diagnostics] == ["meeting-number-missing"]
    assert "meeting-number-missing" in str(info.value)
    assert copparse.parse_text(COP_TEXT, strict=True).meetings[0].number == 13


def test_an_error_needs_a_message() -> None:
    with pytest.raises(ValueError, match="message"):
        copparse.CopParseError("")


def test_report_round_trips_through_json() -> None:
    report = parsed(SEED_ID)
    assert copparse.Report.model_validate_json(report.model_dump_json()) == report


def test_models_reject_bad_values() -> None:
    with pytest.raises(ValueError, match="span end"):
        copparse.Span(start=5, end=2)
    with pytest.raises(ValueError, match="page"):
        copparse.Outcome(text="x", span=copparse.Span(start=0, end=1, page=2), page=1)
