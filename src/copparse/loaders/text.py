"""Decode the bytes of a plain-text report."""

from __future__ import annotations

import codecs

from copparse.errors import DecodeError
from copparse.models import Diagnostic, Severity

__all__ = ["decode_text"]

# Share of C0 control characters (other than tab, newline, carriage return, form feed) above
# which decoded "text" is taken for binary data.
_MAX_CONTROL_SHARE = 0.01


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 told by its zero bytes: Latin text has one in every other byte, on one side."""
    sample = data[:4096]
    if len(sample) < 8 or len(data) % 2:
        return None
    even, odd = sample[0::2].count(0) / (len(sample) / 2), sample[1::2].count(0) / (len(sample) / 2)
    if odd > 0.3 and even < 0.02:
        return "utf-16-le"
    if even > 0.3 and odd < 0.02:
        return "utf-16-be"
    return None


def _detect(data: bytes) -> str | None:
    """The encoding of bytes that are not UTF-8, by charset-normalizer; cp1252 on a tie.

    charset-normalizer ranks single-byte code pages that decode a short Western text equally
    well in no useful order (cp775 first); reports are written in cp1252 far more than in any
    of those, so it wins whenever it reads the bytes as cleanly as the best guess.
    """
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data[:200_000]))
    if not matches:
        return None
    best = min(m.chaos for m in matches)
    for m in matches:
        if m.encoding == "cp1252" and m.chaos <= best + 0.01:
            return "cp1252"
    return str(matches[0].encoding)


def decode_text(
    data: bytes, *, source: str | None = None
) -> tuple[str, str, tuple[Diagnostic, ...]]:
    """Decode ``data``: UTF-8 or UTF-16 (with or without BOM), else the detected encoding.

    An encoding that is neither UTF-8 nor UTF-16 is detected with charset-normalizer (cp1252
    where it reads the bytes as well as the best guess) and said in a warning.

    Returns:
        The text, the name of the encoding used, and the diagnostics (a warning when the
        encoding had to be guessed).

    Raises:
        DecodeError: the bytes are binary, or not text in any encoding.
    """
    diagnostics: list[Diagnostic] = []
    if data.startswith(codecs.BOM_UTF8):
        encoding, body = "utf-8-sig", data
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding, body = "utf-16", data
    else:
        encoding, body = _utf16_without_bom(data) or "utf-8", data
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding in ("utf-16", "utf-8-sig"):
            raise DecodeError(
                f"the file starts with a {encoding} byte-order mark but is not valid {encoding}"
                f" (byte {exc.start})",
                source=source,
            ) from exc
        guess = _detect(data)
        try:
            if guess is None:
                raise exc
            text = data.decode(guess)
        except (UnicodeDecodeError, LookupError) as exc2:
            raise DecodeError(
                "the bytes are not text in UTF-8, UTF-16 or any encoding copparse can detect"
                " (is it a binary file?); save the report as UTF-8 text",
                source=source,
            ) from exc2
        encoding = guess
        diagnostics.append(
            Diagnostic(
                code="encoding-fallback",
                severity=Severity.WARNING,
                message=(
                    f"the file is not valid UTF-8 (byte {exc.start}); it was decoded as"
                    f" {guess}, the encoding detected, so check accented names"
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
