"""The public entry points: parse text, bytes or a file into a :class:`Report`."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from copparse.errors import FileReadError, InputTooLargeError
from copparse.limits import Limits
from copparse.loaders import LoadedDocument, PdfBackend, load_bytes
from copparse.models import Report, SourceFormat, SourceInfo
from copparse.pipeline import run_pipeline

__all__ = ["parse_bytes", "parse_file", "parse_text"]


def parse_text(text: str, *, strict: bool = False) -> Report:
    """Parse the text of a report.

    Args:
        text: The report's text.
        strict: Raise :class:`~copparse.IncompleteReportError` instead of returning a report
            with diagnostics of severity "error".

    Raises:
        EmptyInputError: ``text`` is empty or white space.
        NotACopReportError: ``text`` is not a CWG-COP report.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_text() takes a str, not {type(text).__name__}; use parse_bytes()")
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    info = SourceInfo(format=SourceFormat.TEXT, sha256=digest)
    return run_pipeline(LoadedDocument(text=text, format=SourceFormat.TEXT), info, strict=strict)


def parse_bytes(
    data: bytes,
    *,
    filename: str | None = None,
    password: str | None = None,
    limits: Limits | None = None,
    pdf_backend: PdfBackend = "pdfium",
    strict: bool = False,
) -> Report:
    """Parse the bytes of a report file: PDF, Word (.docx) or text, told from the bytes.

    Args:
        data: The file's content.
        filename: Used in error messages and ``source.path`` only.
        password: The password of an encrypted PDF.
        limits: Bounds against hostile files; :class:`~copparse.Limits` by default.
        pdf_backend: "pdfium" (the default: PDFium through pypdfium2) or "pdfplumber" (the
            same report, about twenty times slower; see docs/performance.md).
        strict: As for :func:`parse_text`.
    """
    loaded = load_bytes(
        data, source=filename, password=password, limits=limits, pdf_backend=pdf_backend
    )
    info = SourceInfo(
        path=filename,
        format=loaded.format,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=loaded.encoding,
        pages=loaded.pages,
    )
    return run_pipeline(loaded, info, strict=strict)


def parse_file(
    path: str | os.PathLike[str],
    *,
    password: str | None = None,
    limits: Limits | None = None,
    pdf_backend: PdfBackend = "pdfium",
    strict: bool = False,
) -> Report:
    """Parse a report file (PDF, Word .docx or text); the arguments are as for parse_bytes.

    Raises:
        FileReadError: the file is missing, a directory, or cannot be read.
        InputTooLargeError: the file is larger than ``limits.max_bytes`` (checked before
            reading it).
    """
    limits = limits or Limits()
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > limits.max_bytes:
            raise InputTooLargeError(
                f"the file has {size:,} bytes, more than the limit of {limits.max_bytes:,}"
                " (raise Limits.max_bytes)",
                source=str(p),
            )
        data = p.read_bytes()
    except FileNotFoundError as exc:
        raise FileReadError("no such file", source=str(p)) from exc
    except IsADirectoryError as exc:
        raise FileReadError("this is a directory, not a file", source=str(p)) from exc
    except OSError as exc:
        raise FileReadError(f"cannot read the file: {exc.strerror or exc}", source=str(p)) from exc
    return parse_bytes(
        data,
        filename=str(p),
        password=password,
        limits=limits,
        pdf_backend=pdf_backend,
        strict=strict,
    )
