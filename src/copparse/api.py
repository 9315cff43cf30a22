"""The public entry points: parse text, bytes or a file into a :class:`Report`."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from copparse.errors import FileReadError
from copparse.loaders import LoadedDocument, load_bytes
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


def parse_bytes(data: bytes, *, filename: str | None = None, strict: bool = False) -> Report:
    """Parse the bytes of a report file; the format is told from the bytes.

    Args:
        data: The file's content.
        filename: Used in error messages and ``source.path`` only.
        strict: As for :func:`parse_text`.
    """
    loaded = load_bytes(data, source=filename)
    info = SourceInfo(
        path=filename,
        format=loaded.format,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=loaded.encoding,
        pages=len(loaded.page_starts) + 1 if loaded.page_starts is not None else None,
    )
    return run_pipeline(loaded, info, strict=strict)


def parse_file(path: str | os.PathLike[str], *, strict: bool = False) -> Report:
    """Parse a report file.

    Raises:
        FileReadError: the file is missing, a directory, or cannot be read.
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError as exc:
        raise FileReadError("no such file", source=str(p)) from exc
    except IsADirectoryError as exc:
        raise FileReadError("this is a directory, not a file", source=str(p)) from exc
    except OSError as exc:
        raise FileReadError(f"cannot read the file: {exc.strerror or exc}", source=str(p)) from exc
    return parse_bytes(data, filename=str(p), strict=strict)
