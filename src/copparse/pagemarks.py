"""The page markers of printed reports, in one place.

A page marker is a line that only numbers its page: "- 2 -", "– 2 –", "2/4", "2 of 4",
"Page 2", "Page 2 of 4". Plain text keeps such lines from a PDF copy (``normalize`` removes
them); a PDF's own lines hold them in the top or bottom band, where a bare "2" is one too
(``loaders.layout`` removes them, unless the number continues the report's numbering).
"""

from __future__ import annotations

from copparse import patterncache

__all__ = ["MARKER_LINE", "NUMBER_LINE"]

_N = r"\d{1,3}"
_DASH = "[-–—]"
# Every decorated form: the number between dashes, "of" or "/" a page count, or after "Page".
_DECORATED = (
    rf"(?:{_DASH}[ \t]{{0,4}}{_N}[ \t]{{0,4}}{_DASH}"
    rf"|{_N}[ \t]{{0,4}}(?:/|(?i:of))[ \t]{{0,4}}{_N}"
    rf"|(?i:page)[ \t]{{1,4}}{_N}(?:[ \t]{{1,4}}(?:/|(?i:of))[ \t]{{1,4}}{_N})?)"
)
_PAD = r"[ \t]{0,8}"

MARKER_LINE = patterncache.compile(rf"{_PAD}{_DECORATED}{_PAD}")
"""A whole line (use ``fullmatch``) that is a decorated page marker: safe in any text."""

NUMBER_LINE = patterncache.compile(
    rf"{_PAD}(?:{_DECORATED}|{_DASH}?[ \t]{{0,4}}\d{{1,4}}[ \t]{{0,4}}{_DASH}?){_PAD}"
)
"""A whole line (``fullmatch``) that is a page marker or a bare number ("2", "- 2"): a page
number only where it stands, in a page's top or bottom band."""
