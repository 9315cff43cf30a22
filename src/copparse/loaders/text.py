"""Decode the bytes of a plain-text report."""

from __future__ import annotations

import codecs

from copparse.errors import DecodeError
from copparse.models import Diagnostic, Severity

__all__ = ["decode_text"]

# Share of C0 control characters (other than tab, newline, carriage return, form feed) above
# which decoded "text" is taken for binary data.
_MAX_CONTROL_SHARE = 0.01


def decode_text(
    data: bytes, *, source: str | None = None
) -> tuple[str, str, tuple[Diagnostic, ...]]:
    """Decode ``data`` as UTF-8 (with or without BOM), UTF-16 with BOM, or cp1252.

    Returns:
        The text, the name of the encoding used, and the diagnostics (a warning when the
        cp1252 fallback was needed).

    Raises:
        DecodeError: the bytes are binary, or not text in any of those encodings.
    """
    diagnostics: list[Diagnostic] = []
    if data.startswith(codecs.BOM_UTF8):
        encoding, body = "utf-8-sig", data
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding, body = "utf-16", data
    else:
        encoding, body = "utf-8", data
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding != "utf-8":
            raise DecodeError(
                f"the file starts with a {encoding} byte-order mark but is not valid {encoding}"
                f" (byte {exc.start})",
                source=source,
            ) from exc
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc2:
            raise DecodeError(
                "the bytes are neither UTF-8 nor cp1252 text (is it a binary file?); save the"
                " report as UTF-8 text",
                source=source,
            ) from exc2
        encoding = "cp1252"
        diagnostics.append(
            Diagnostic(
                code="encoding-fallback",
                severity=Severity.WARNING,
                message=(
                    f"the file is not valid UTF-8 (byte {exc.start}); it was decoded as cp1252,"
                    " so check accented names"
                ),
            )
        )
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    if text and controls / len(text) > _MAX_CONTROL_SHARE:
        raise DecodeError(
            f"the input looks binary ({controls} control characters in {len(text)}), not text",
            source=source,
        )
    return text, encoding, tuple(diagnostics)
