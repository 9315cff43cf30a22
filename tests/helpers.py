from __future__ import annotations

from copparse.extract import ExtractContext
from copparse.normalize import normalize_text
from copparse.segment import segment_sections
from copparse.spans import Locator


def context(text: str) -> ExtractContext:
    """The extractors' input for a snippet, built by the real earlier stages."""
    norm = normalize_text(text).text
    loc = Locator(norm)
    return ExtractContext(text=norm, seg=segment_sections(norm, loc), loc=loc)
