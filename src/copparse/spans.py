"""Turning character offsets into :class:`~copparse.models.Span` values with pages."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from copparse.models import Span, from_valid

__all__ = ["Locator"]


@dataclass(frozen=True)
class Locator:
    """Makes spans into one normalised text.

    Attributes:
        text: The normalised text.
        page_starts: Offsets in ``text`` where pages 2, 3, ... begin; ``None`` without pages.
    """

    text: str
    page_starts: tuple[int, ...] | None = None

    @classmethod
    def from_origin(
        cls, text: str, origin: Sequence[int], raw_page_starts: Sequence[int] | None
    ) -> Locator:
        """Map page starts given in input offsets onto the normalised text."""
        if raw_page_starts is None:
            return cls(text, None)
        starts = tuple(bisect.bisect_left(origin, p) for p in raw_page_starts)
        return cls(text, starts)

    def page(self, offset: int) -> int | None:
        """The 1-based page of ``offset``, or ``None`` for text without pages."""
        if self.page_starts is None:
            return None
        return bisect.bisect_right(self.page_starts, offset) + 1

    def span(self, start: int, end: int) -> Span:
        """A span of ``[start, end)`` with surrounding white space trimmed off."""
        text = self.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        starts = self.page_starts
        page = None if starts is None else bisect.bisect_right(starts, start) + 1
        if type(start) is int and type(end) is int and 0 <= start <= end:
            # Plain ints in order, a page of None or at least 1: what validation would keep.
            return from_valid(Span, {"start": start, "end": end, "page": page})
        return Span(start=start, end=end, page=page)  # a range out of order: the error
