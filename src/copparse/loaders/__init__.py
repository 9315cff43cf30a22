"""Loaders: the bytes of a report file -> text, with where each page starts.

The format is told from the bytes, not the file name: ``%PDF-`` is a PDF, a zip archive with
``word/document.xml`` is a Word document, and anything else is tried as text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Literal

from copparse import patterncache
from copparse.errors import EmptyInputError, InputTooLargeError, UnsupportedFormatError
from copparse.limits import Limits
from copparse.loaders.text import decode_text
from copparse.models import Diagnostic, SourceFormat

__all__ = ["PDF_BACKENDS", "LoadedDocument", "PdfBackend", "detect_format", "load_bytes"]


@dataclass(frozen=True)
class LoadedDocument:
    """The text a loader read, before normalisation.

    Attributes:
        text: The raw text, one line per paragraph for PDF and DOCX.
        format: What kind of file it came from.
        page_starts: Offsets in ``text`` where pages 2, 3, ... begin (page 1 begins at 0);
            ``None`` for sources without pages.
        pages: How many pages the source has, where it has pages.
        encoding: The encoding a text file was decoded with.
        diagnostics: What the loader noticed (an encoding fallback, dropped headers).
    """

    text: str
    format: SourceFormat
    page_starts: tuple[int, ...] | None = None
    pages: int | None = None
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


# An OpenDocument file is a zip whose first member is "mimetype", stored, holding its type.
_ODF_MIMETYPE = b"mimetype"
_ODF = b"application/vnd.oasis.opendocument."
_ODF_KINDS = {
    _ODF + b"text": ("an OpenDocument text (.odt)", "docx"),
    _ODF + b"spreadsheet": ("an OpenDocument spreadsheet (.ods)", "pdf"),
    _ODF + b"presentation": ("an OpenDocument presentation (.odp)", "pdf"),
}
_HTML_TAGS = (b"<html", b"<body", b"<head>")


def _odf_kind(data: bytes) -> tuple[str, str] | None:
    if data[30:38] != _ODF_MIMETYPE:
        return None
    for mimetype, kind in _ODF_KINDS.items():
        if data[38:].startswith(mimetype):
            return kind
    return (
        ("an OpenDocument file", "docx") if data[38:].startswith(b"application/vnd.oasis") else None
    )


def _is_html(data: bytes) -> bool:
    """Whether ``data`` is an HTML page: it opens with a tag and has html, head or body.

    A report's text never opens with a tag.
    """
    head = data[:4096].lstrip(b"\xef\xbb\xbf\t\r\n\x0c ").lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return True
    return head.startswith(b"<") and any(tag in head for tag in _HTML_TAGS)


# A data table's header row: three or more names, comma-, semicolon- or tab-separated.
# Anchored: it is only ever matched against a whole first line, and a search from every
# position of a long line would cost for nothing.
_TABLE_HEADER = patterncache.compile(
    r"\A[\"']?[A-Za-z_][\w .()/-]{0,40}[\"']?(?P<sep>[,;\t])[\"']?[A-Za-z_][\w .()/-]{0,40}[\"']?"
    r"(?:(?P=sep)[\"']?[A-Za-z_][\w .()/-]{0,40}[\"']?){1,200}\r?"
)


def _is_json(data: bytes) -> bool:
    """Whether ``data`` is a JSON object or array (a report's text never opens with a brace)."""
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] not in (b"{", b"["):
        return False
    try:
        json.loads(data.decode("utf-8-sig"))
    except ValueError:  # UnicodeDecodeError and JSONDecodeError both
        return False
    return True


def _is_table(data: bytes) -> bool:
    """Whether ``data`` is a delimited data table: a header row of names, then rows with as
    many separators.
    """  # noqa: D205
    head = data[:65536].decode("utf-8", errors="replace").lstrip("\ufeff")
    lines = head.split("\n", 3)
    if len(lines) < 3:
        return False
    header = _TABLE_HEADER.fullmatch(lines[0])
    if header is None:
        return False
    sep = header.group("sep")
    return lines[1].count(sep) >= lines[0].count(sep)


def detect_format(data: bytes) -> str:
    """Name the format of ``data`` from its first bytes.

    One of "pdf", "zip" (a Word document, or another zip), "odf" (OpenDocument), "ole" (Word
    97-2003), "html", "json", "table" (CSV or TSV with a header row) or "text".
    """
    if data[:1024].lstrip(b"\x00\t\r\n\x0c ").startswith(b"%PDF-"):
        return "pdf"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "odf" if _odf_kind(data) else "zip"
    if data.startswith(_OLE):
        return "ole"
    if _is_html(data):
        return "html"
    if _is_json(data):
        return "json"
    if _is_table(data):
        return "table"
    return "text"


PdfBackend = Literal["pdfplumber", "pdfium"]
PDF_BACKENDS: tuple[PdfBackend, ...] = ("pdfium", "pdfplumber")


def load_bytes(
    data: bytes,
    *,
    source: str | None = None,
    password: str | None = None,
    limits: Limits | None = None,
    pdf_backend: PdfBackend = "pdfium",
) -> LoadedDocument:
    """Read the bytes of a report file: a PDF, a DOCX, or text.

    Raises:
        EmptyInputError: ``data`` is empty.
        InputTooLargeError: ``data`` is larger than ``limits.max_bytes``.
        UnsupportedFormatError: an image, a Word 97 file, or another format copparse does not
            read.
        DecodeError, CorruptFileError, EncryptedFileError, NoTextLayerError, UnsafeFileError,
        LimitExceededError: from the loader of the format.
    """
    limits = limits or Limits()
    if not data:
        raise EmptyInputError("the input is empty (0 bytes)", source=source)
    if len(data) > limits.max_bytes:
        raise InputTooLargeError(
            f"the input has {len(data):,} bytes, more than the limit of {limits.max_bytes:,}"
            " (raise Limits.max_bytes)",
            source=source,
        )
    kind = detect_format(data)
    if pdf_backend not in PDF_BACKENDS:
        raise ValueError(f"pdf_backend must be one of {PDF_BACKENDS}, not {pdf_backend!r}")
    if kind == "pdf":
        from copparse.normalize import fold_characters
        from copparse.segment import starts_block as opens_block

        def starts_block(line: str) -> bool:
            # A line read as normalisation will read it: "\uf0b7 CWG-COP/27/2" is a bullet.
            # (fold_characters gives an ASCII line back as it is: not called for one.)
            return opens_block(line if line.isascii() else fold_characters(line))

        if pdf_backend == "pdfium":
            from copparse.loaders.pdfium import load_pdf_pdfium as load_pdf
        else:
            from copparse.loaders.pdf import load_pdf
        text, starts, count, diagnostics = load_pdf(
            data, source=source, password=password, limits=limits, starts_block=starts_block
        )
        return LoadedDocument(text, SourceFormat.PDF, starts, count, None, diagnostics)
    if kind == "zip":
        from copparse.loaders.docx import load_docx

        text, page_starts, diagnostics = load_docx(data, source=source, limits=limits)
        pages = len(page_starts) + 1 if page_starts is not None else None
        return LoadedDocument(text, SourceFormat.DOCX, page_starts, pages, None, diagnostics)
    if kind == "ole":
        raise UnsupportedFormatError(
            "this is a Word 97-2003 (.doc) file, which copparse cannot read; convert it to"
            " .docx first, e.g. `libreoffice --headless --convert-to docx FILE.doc`",
            source=source,
        )
    if kind == "odf":
        what, target = _odf_kind(data) or ("an OpenDocument file", "docx")
        raise UnsupportedFormatError(
            f"this is {what} file, which copparse cannot read; convert it to .{target} first,"
            f" e.g. `libreoffice --headless --convert-to {target} FILE`",
            source=source,
        )
    if kind == "html":
        raise UnsupportedFormatError(
            "this is an HTML page, not a report document; save the report itself (PDF or"
            " Word), or convert the page with `libreoffice --headless --convert-to docx FILE`",
            source=source,
        )
    if kind == "json":
        raise UnsupportedFormatError(
            "this is a JSON file, not a report document (a report copparse converted is read"
            " by `copparse tables`, `review` and `overview`, not parsed again)",
            source=source,
        )
    if kind == "table":
        raise UnsupportedFormatError(
            "this is a data table (CSV or TSV), not a report document; copparse reads reports"
            " in PDF, Word (.docx) or plain text",
            source=source,
        )
    for signature, what in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise UnsupportedFormatError(f"the input is {what}, not a report", source=source)
    text, encoding, diagnostics = decode_text(data, source=source)
    return LoadedDocument(text, SourceFormat.TEXT, None, None, encoding, diagnostics)
