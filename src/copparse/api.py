"""The public entry points: parse text, bytes or a file into a :class:`Report`."""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from copparse.errors import FileReadError, IncompleteReportError, InputTooLargeError
from copparse.limits import Limits
from copparse.loaders import LoadedDocument, PdfBackend, load_bytes
from copparse.models import Report, Severity, SourceFormat, SourceInfo

if TYPE_CHECKING:
    from copparse.isolation import ChildOutcome

__all__ = ["parse_bytes", "parse_file", "parse_text", "printable_path"]


def printable_path(path: str) -> str:
    r"""A path as valid Unicode text: each byte of its name that is not UTF-8 as ``\xNN``.

    Linux file names are bytes; Python gives the undecodable ones as lone surrogates
    (``"caf\udce9.txt"`` for the Latin-1 name café.txt), which JSON cannot hold and a
    terminal cannot print. ``source.path`` and every error's ``source`` carry this form
    instead, ``caf\xe9.txt`` (a backslash, an x and two hex digits): readable, and the same
    on every run. The path given is still the one opened.
    """
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        try:
            raw = os.fsencode(path)
        except UnicodeError:  # a lone surrogate that is no escaped byte
            return path.encode("utf-8", "backslashreplace").decode("utf-8")
        return raw.decode("utf-8", "backslashreplace")
    return path


def _check_chars(text: str, limits: Limits, source: str | None) -> None:
    if len(text) > limits.max_chars:
        raise InputTooLargeError(
            f"the text has {len(text):,} characters, more than the limit of"
            f" {limits.max_chars:,} (raise Limits.max_chars)",
            source=source,
        )


def parse_text(text: str, *, strict: bool = False, limits: Limits | None = None) -> Report:
    """Parse the text of a report.

    Args:
        text: The report's text.
        strict: Raise :class:`~copparse.IncompleteReportError` instead of returning a report
            with diagnostics of severity "error".
        limits: ``Limits.max_chars`` bounds the text's length; :class:`~copparse.Limits` by
            default.

    Raises:
        EmptyInputError: ``text`` is empty or white space.
        NotACopReportError: ``text`` is not a CWG-COP report.
        InputTooLargeError: ``text`` is longer than ``limits.max_chars``.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_text() takes a str, not {type(text).__name__}; use parse_bytes()")
    _check_chars(text, limits or Limits(), "<text>")
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    info = SourceInfo(format=SourceFormat.TEXT, sha256=digest)
    from copparse.pipeline import run_pipeline  # the extractors: imported on first use

    return run_pipeline(LoadedDocument(text=text, format=SourceFormat.TEXT), info, strict=strict)


def parse_bytes(
    data: bytes,
    *,
    filename: str | None = None,
    password: str | None = None,
    limits: Limits | None = None,
    pdf_backend: PdfBackend = "pdfium",
    strict: bool = False,
    isolate: bool = False,
) -> Report:
    """Parse the bytes of a report file: PDF, Word (.docx) or text, told from the bytes.

    Args:
        data: The file's content.
        filename: Used in error messages and ``source.path`` only (a name that is not valid
            Unicode is given as by :func:`printable_path`).
        password: The password of an encrypted PDF.
        limits: Bounds against hostile files; :class:`~copparse.Limits` by default.
        pdf_backend: "pdfium" (the default: PDFium through pypdfium2) or "pdfplumber" (the
            same report, about twenty times slower; see docs/performance.md).
        strict: As for :func:`parse_text`.
        isolate: Read the document in a child process with its memory capped
            (``limits.max_memory_bytes``) and its time bounded from outside
            (``limits.max_seconds`` plus grace); see docs/reliability.md.

    Raises:
        ResourceLimitError: ``isolate`` is set and the child ran out of time or memory.
    """
    limits = limits or Limits()
    filename = printable_path(filename) if filename is not None else None
    if isolate:
        return _parse_isolated(data, filename, password, limits, pdf_backend, strict)
    loaded = load_bytes(
        data, source=filename, password=password, limits=limits, pdf_backend=pdf_backend
    )
    _check_chars(loaded.text, limits, filename)
    info = SourceInfo(
        path=filename,
        format=loaded.format,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=loaded.encoding,
        pages=loaded.pages,
    )
    from copparse.pipeline import run_pipeline  # the extractors: imported on first use

    return run_pipeline(loaded, info, strict=strict)


def parse_file(
    path: str | os.PathLike[str],
    *,
    password: str | None = None,
    limits: Limits | None = None,
    pdf_backend: PdfBackend = "pdfium",
    strict: bool = False,
    isolate: bool = False,
) -> Report:
    """Parse a report file (PDF, Word .docx or text); the arguments are as for parse_bytes.

    Raises:
        FileReadError: the file is missing, a directory, or cannot be read.
        InputTooLargeError: the file is larger than ``limits.max_bytes`` (checked before
            reading it).
    """
    limits = limits or Limits()
    p = Path(path)
    shown = printable_path(str(p))
    try:
        size = p.stat().st_size
        if size > limits.max_bytes:
            raise InputTooLargeError(
                f"the file has {size:,} bytes, more than the limit of {limits.max_bytes:,}"
                " (raise Limits.max_bytes)",
                source=shown,
            )
        data = p.read_bytes()
    except FileNotFoundError as exc:
        raise FileReadError("no such file", source=shown) from exc
    except IsADirectoryError as exc:
        raise FileReadError("this is a directory, not a file", source=shown) from exc
    except OSError as exc:
        raise FileReadError(f"cannot read the file: {exc.strerror or exc}", source=shown) from exc
    return parse_bytes(
        data,
        filename=shown,
        password=password,
        limits=limits,
        pdf_backend=pdf_backend,
        strict=strict,
        isolate=isolate,
    )


# A short report that runs every stage (gate, segmentation, each extractor, the checks).
_WARM_UP = """Council Working Group on Child Online Protection

REPORT OF THE FIRST MEETING

1 Introduction
1.1 The first meeting of the Council Working Group on Child Online Protection was held in \
Geneva on 2 February 2017, chaired by Ms Jane Doe. 20 participants attended, 5 of them remotely.
1.2 The agenda (Document CWG-COP/1/1) was adopted. The Group is mandated by Resolution 179 \
(Rev. Dubai, 2018).

2 Contributions
2.1 CWG-COP/1/2 (Kenya): A national plan.

3 Outcomes
3.1 The Group agreed to meet again.
"""
_prepared: set[str] = set()


def _prepare_children(data: bytes, pdf_backend: PdfBackend) -> None:
    """Do once, in this process, what every forked child would otherwise do for itself.

    A child is forked for each document and dies with it, so whatever it imports, compiles or
    caches on first use is lost with it: the extractors, their patterns compiled on first
    use, the country names, the PDF library. Done here once, every later child inherits it.
    """
    from copparse.loaders import detect_format
    from copparse.rules import compile_all

    fmt = detect_format(data[:4096])
    key = f"pdf-{pdf_backend}" if fmt == "pdf" else fmt
    if "text" not in _prepared:
        _prepared.add("text")
        with contextlib.suppress(Exception):  # a warm-up: the real parse says what is wrong
            parse_text(_WARM_UP)
        compile_all()  # the patterns the warm-up did not reach
    if key in _prepared:
        return
    _prepared.add(key)
    try:
        if key == "pdf-pdfium":
            from copparse.loaders import pdfium

            pdfium.prepare()
        elif key == "pdf-pdfplumber":
            import pdfplumber  # noqa: F401
        elif fmt == "zip":
            import docx  # noqa: F401
    except ImportError:  # the child raises the error a person can act on
        pass


def _parse_isolated(
    data: bytes,
    filename: str | None,
    password: str | None,
    limits: Limits,
    pdf_backend: PdfBackend,
    strict: bool,
) -> Report:
    outcome = _isolated_outcome(data, filename, password, limits, pdf_backend)
    assert outcome.report_json is not None
    report = Report.model_validate_json(outcome.report_json)
    if strict:
        _raise_if_incomplete(report, filename)
    return report


def _isolated_outcome(
    data: bytes,
    filename: str | None,
    password: str | None,
    limits: Limits,
    pdf_backend: PdfBackend,
    then: Callable[[Any], Any] | None = None,
) -> ChildOutcome:
    """The bounded child's outcome for ``data``, its error raised here."""
    from copparse.isolation import run_isolated

    _prepare_children(data, pdf_backend)
    job = {"data": data, "filename": filename, "password": password, "pdf_backend": pdf_backend}
    outcome = run_isolated(job, limits, then=then)
    if outcome.error is not None:
        raise outcome.error
    return outcome


def _raise_if_incomplete(report: Report, filename: str | None) -> None:
    """A strict parse's end: the report's error diagnostics, raised."""
    errors = [d for d in report.diagnostics if d.severity is Severity.ERROR]
    if errors:
        raise IncompleteReportError(errors, source=filename or "<text>")
