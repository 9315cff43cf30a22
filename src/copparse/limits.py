"""Limits against hostile or broken input files."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Limits"]


@dataclass(frozen=True)
class Limits:
    """Bounds on what one document may cost; each breach raises its own error.

    The defaults fit the largest real reports (tens of pages, a few MB) many times over; raise
    them with ``dataclasses.replace(Limits(), max_pages=2000)`` when an archive needs it.

    Attributes:
        max_bytes: Largest input accepted (``InputTooLargeError``).
        max_pages: Most PDF pages read (``TooManyPagesError``).
        max_unpacked_bytes: Most bytes all parts of a DOCX, or all Flate streams of a PDF, may
            inflate to (``ArchiveBombError``).
        max_unpack_ratio: Largest inflation ratio of one DOCX part over 1 MiB
            (``ArchiveBombError``); real Word XML compresses about 10:1.
        max_seconds: Time allowed for reading one PDF or DOCX, checked after each PDFium
            page, every 4,096 pdfplumber operators and every 1,024 DOCX elements
            (``TimeLimitError``); with ``isolate=True`` also the wall-clock deadline of the
            child process (``ResourceLimitError``).
        max_xobject_draws: Most form XObject drawings one PDF page may ask for, nested
            drawings multiplied out (``LimitExceededError``).
        max_chars: Most characters of text a document may have, for ``parse_text`` and for
            the text a PDF or DOCX gives (``InputTooLargeError``).
        max_memory_bytes: Address space of the child process with ``isolate=True``
            (``ResourceLimitError``); not enforced in-process.
    """

    max_bytes: int = 100 * 1024 * 1024
    max_pages: int = 1000
    max_unpacked_bytes: int = 256 * 1024 * 1024
    max_unpack_ratio: float = 200.0
    max_seconds: float = 300.0
    max_xobject_draws: int = 10_000
    max_chars: int = 5_000_000
    max_memory_bytes: int = 2 * 1024 * 1024 * 1024

    def __post_init__(self) -> None:
        for name in ("max_bytes", "max_pages", "max_unpacked_bytes", "max_unpack_ratio",
                     "max_seconds", "max_xobject_draws", "max_chars",
                     "max_memory_bytes"):  # fmt: skip
            if getattr(self, name) <= 0:
                raise ValueError(f"Limits.{name} must be positive")
