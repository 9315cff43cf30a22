"""Extractors: one module per kind of field, each a pure function of an :class:`ExtractContext`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

import regex

from copparse.models import Paragraph, Section
from copparse.segment import Segmented
from copparse.spans import Locator

__all__ = ["ExtractContext", "body_start", "folded", "sentences"]

# A sentence ends at . ! ? followed by space and a capital, but not after "Mr.", "Dr.", "Rev." ...
_SENTENCE_END = regex.compile(
    r"(?<!\b(?:Mr|Mrs|Ms|Dr|Prof|Rev|No|Nos|St|Art|para|e\.g|i\.e|vs|H\.E|[A-Z]))[.!?](?=\s+[A-Z\"(]|\s*$)"
)


def sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The ``(start, end)`` of each sentence in ``text[start:end]``; a line end ends one too."""
    line_start = start
    while line_start < end:
        line_end = text.find("\n", line_start, end)
        line_end = end if line_end < 0 else line_end
        pos = line_start
        for m in _SENTENCE_END.finditer(text, line_start, line_end):
            yield pos, m.end()
            pos = m.end()
            while pos < line_end and text[pos].isspace():
                pos += 1
        if pos < line_end and text[pos:line_end].strip():
            yield pos, line_end
        line_start = line_end + 1


def folded(text: str) -> str | None:
    """A lower-case copy of ``text``, offset for offset, for substring tests that stand in for
    a case-insensitive pattern's search of an ASCII word; ``None`` where no such copy exists.

    Beyond ASCII, the engine's case-insensitive matching takes "ſ" for "s" and "İ" for "i";
    ``str.lower`` leaves the first and turns the second into two characters.
    """  # noqa: D205
    low = text.lower()
    return low.replace("\u017f", "s") if len(low) == len(text) else None


def body_start(paragraph: Paragraph) -> int:
    """Where a paragraph's text begins, after its number or bullet."""
    return paragraph.span.end - len(paragraph.text)


@dataclass(frozen=True)
class ExtractContext:
    """What every extractor reads: the normalised text, its structure, and a span maker."""

    text: str
    seg: Segmented
    loc: Locator

    @property
    def header_end(self) -> int:
        """Where the numbered body begins (the end of the header block)."""
        return self.seg.preamble_end

    @cached_property
    def folded(self) -> str | None:
        """:func:`folded` of the text, made once for every extractor's substring tests."""
        return folded(self.text)

    def paragraphs(self) -> list[tuple[Section, Paragraph]]:
        """Every paragraph with its section, in text order."""
        return self.seg.paragraphs()

    def section_titled(self, pattern: regex.Pattern[str]) -> Section | None:
        """The first numbered section whose title matches ``pattern``."""
        for s in self.seg.sections:
            if s.number is not None and s.title and pattern.search(s.title):
                return s
        return None
