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
        max_unpacked_bytes: Most bytes all parts of a DOCX may inflate to (``ArchiveBombError``).
        max_unpack_ratio: Largest inflation ratio of one DOCX part over 1 MiB
            (``ArchiveBombError``); real Word XML compresses about 10:1.
        max_seconds: Time allowed for reading one PDF or DOCX, checked page by page and block
            by block (``TimeLimitError``).
    """

    max_bytes: int = 100 * 1024 * 1024
    max_pages: int = 1000
    max_unpacked_bytes: int = 256 * 1024 * 1024
    max_unpack_ratio: float = 200.0
    max_seconds: float = 300.0

    def __post_init__(self) -> None:
        for name in ("max_bytes", "max_pages", "max_unpacked_bytes", "max_unpack_ratio",
                     "max_seconds"):  # fmt: skip
            if getattr(self, name) <= 0:
                raise ValueError(f"Limits.{name} must be positive")
