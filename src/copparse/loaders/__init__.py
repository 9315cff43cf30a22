"""Loaders: bytes of a report file -> text, with where each page starts.

Only plain text is read so far; the format is told from the bytes, not the file name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from copparse.errors import EmptyInputError, UnsupportedFormatError
from copparse.loaders.text import decode_text
from copparse.models import Diagnostic, SourceFormat

__all__ = ["LoadedDocument", "detect_format", "load_bytes"]


@dataclass(frozen=True)
class LoadedDocument:
    """The text a loader read, before normalisation.

    Attributes:
        text: The raw text.
        format: What kind of file it came from.
        page_starts: Offsets in ``text`` where pages 2, 3, ... begin (page 1 begins at 0);
            ``None`` for sources without pages.
        encoding: The encoding a text file was decoded with.
        diagnostics: What the loader noticed (an encoding fallback, dropped headers).
    """

    text: str
    format: SourceFormat
    page_starts: tuple[int, ...] | None = None
    encoding: str | None = None
    diagnostics: tuple[Diagnostic, ...] = field(default=())


_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"{\\rtf", "an RTF document; save it as .docx or .txt"),
)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def detect_format(data: bytes) -> str:
    """Name the format of ``data`` from its first bytes: "pdf", "zip", "ole" or "text"."""
    head = data[:1024].lstrip(b"\x00\t\r\n ")
    if head.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "zip"
    if data.startswith(_OLE):
        return "ole"
    return "text"


def load_bytes(data: bytes, *, source: str | None = None) -> LoadedDocument:
    """Read the bytes of a report file.

    Raises:
        EmptyInputError: ``data`` is empty.
        UnsupportedFormatError: ``data`` is an image, a Word 97 file, or another format that
            copparse does not read yet.
        DecodeError: text that is in no accepted encoding.
    """
    if not data:
        raise EmptyInputError("the input is empty (0 bytes)", source=source)
    kind = detect_format(data)
    if kind == "ole":
        raise UnsupportedFormatError(
            "this is a Word 97-2003 (.doc) file, which copparse cannot read; convert it to .docx"
            " first, e.g. `libreoffice --headless --convert-to docx FILE.doc`",
            source=source,
        )
    if kind in ("pdf", "zip"):
        raise UnsupportedFormatError(
            f"reading {'PDF' if kind == 'pdf' else 'Word (.docx)'} files is not supported in"
            " this version; extract the text to a .txt file first",
            source=source,
        )
    for signature, what in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise UnsupportedFormatError(f"the input is {what}, not a report", source=source)
    text, encoding, diagnostics = decode_text(data, source=source)
    return LoadedDocument(
        text=text, format=SourceFormat.TEXT, encoding=encoding, diagnostics=diagnostics
    )
