"""Normalisation: repair the text-level defects of web and PDF copies, and nothing else.

Every later stage reads the normalised text, and every span points into it. The stage keeps, for
each character it outputs, the offset of the input character it came from, so that page numbers
of the source survive the repairs.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import regex

from copparse.models import Diagnostic, Severity

__all__ = ["NormalizedText", "normalize_text"]


@dataclass(frozen=True)
class NormalizedText:
    """The normalised text and where it came from.

    Attributes:
        text: The normalised text.
        origin: For each character of ``text`` (and one past the end), its offset in the input.
        diagnostics: Info-level notes on the repairs made.
    """

    text: str
    origin: tuple[int, ...]
    diagnostics: tuple[Diagnostic, ...]

    def page_at(self, offset: int, page_starts: Sequence[int] | None) -> int | None:
        """The 1-based page of normalised ``offset``, given where input pages 2, 3... begin."""
        if page_starts is None:
            return None
        raw = self.origin[min(max(offset, 0), len(self.origin) - 1)]
        return bisect.bisect_right(page_starts, raw) + 1


_Repl = str | Callable[[regex.Match[str]], str]

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"

# (name for the diagnostics or None, pattern, replacement), applied in order.
_RULES: tuple[tuple[str | None, regex.Pattern[str], _Repl], ...] = (
    (None, regex.compile(r"\r\n?"), "\n"),
    (None, regex.compile(r"\f"), "\n"),
    # BOM, zero-width characters, soft hyphens: invisible, and they split words.
    (None, regex.compile(r"[\ufeff\u200b-\u200d\u2060\u00ad]"), ""),
    (None, regex.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]"), ""),
    # A lone surrogate (from a broken UTF-16 decode) cannot be written as UTF-8 JSON.
    ("lone-surrogate", regex.compile(r"[\ud800-\udfff]"), "\ufffd"),
    (None, regex.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]"), " "),
    (None, regex.compile(r"[\u2018\u2019\u201a\u201b\u2032]"), "'"),
    (None, regex.compile(r"[\u201c\u201d\u201e\u201f\u2033]"), '"'),
    # "Resolution?1306": a non-breaking space that a web copy turned into "?".
    ("lost-nbsp", regex.compile(r"(?<=[A-Za-z])\?(?=\d)|(?<=\d)\?(?=[A-Za-z])"), " "),
    # "Action required ______": empty form fields.
    (None, regex.compile(r"_{3,}"), ""),
    # "- 2 -", "1/4", "Page 2 of 4" alone on a line: page markers from a PDF copy.
    (
        "page-marker",
        regex.compile(
            r"^[ \t]*(?:-[ \t]*\d{1,3}[ \t]*-|\d{1,3}[ \t]*/[ \t]*\d{1,3}|Page[ \t]+\d{1,3}"
            r"(?:[ \t]+of[ \t]+\d{1,3})?)[ \t]*$",
            regex.MULTILINE | regex.IGNORECASE,
        ),
        "",
    ),
    # "Council Resolution 13061Introduction": the mandate's number glued to a heading number.
    ("lost-space", regex.compile(r"(?<=\bResolution[ ]?(?:1306|179))(?=\d[ ]?[A-Z][a-z])"), " "),
    # "Approximately100", "on10 October", "Introduction1.1": a lower-case word glued to digits.
    ("lost-space", regex.compile(r"(?<=(?<![A-Za-z])[A-Za-z]?[a-z]{2,})(?=\d)"), " "),
    # "10October", "2016in", "1.1The": digits glued to a word, but not "12th" or "4G".
    (
        "lost-space",
        regex.compile(r"(?<=\d)(?!(?:st|nd|rd|th)(?![a-z]))(?=[A-Za-z][a-z]|[A-Z]{2})"),
        " ",
    ),
    # "12thMEETING": an ordinal glued to a capitalised word.
    ("lost-space", regex.compile(r"(?<=\d(?:st|nd|rd|th))(?=[A-Z])"), " "),
    # "MEETINGSOF THE": the commonest glued pair in capitalised titles.
    ("lost-space", regex.compile(r"(?<=\bMEETINGS?)(?=(?:OF|ON|HELD)\b)"), " "),
    # "the the": doubled short words from a careless edit or a line join.
    (
        "doubled-word",
        regex.compile(
            r"\b(the|of|and|to|in|a|an|on|for|by|at|with|from)(\s+\1)\b", regex.IGNORECASE
        ),
        lambda m: m.group(1),
    ),
    (None, regex.compile(r"[ ]*\t[ \t]*"), "\t"),
    (None, regex.compile(r"(?<=\S) {2,}"), " "),
    (None, regex.compile(r"^[ \t]+|[ \t]+$", regex.MULTILINE), ""),
    (None, regex.compile(r"\n{3,}"), "\n\n"),
)

_MESSAGES = {
    "lone-surrogate": "replaced {n} lone surrogate code point(s) with U+FFFD",
    "lost-nbsp": "replaced {n} '?' standing for a lost non-breaking space",
    "page-marker": "removed {n} page marker line(s)",
    "lost-space": "inserted {n} missing space(s) between words and numbers",
    "doubled-word": "removed {n} doubled word(s)",
    "running-header": "removed {n} repeated running header line(s)",
}

_HEADER_LINE = regex.compile(r"^(?!\d|[·•▪\-–]).{3,80}$")
_MIN_REPEATS = 3
_NUMBERED_LINE = regex.compile(r"\d{1,2}(?:\.\d{1,2}){0,3}\.?[ \t]{0,4}[A-Z]")


def _apply(
    text: str, origin: list[int], pattern: regex.Pattern[str], repl: _Repl
) -> tuple[str, list[int], int]:
    parts: list[str] = []
    new_origin: list[int] = []
    last = 0
    count = 0
    for m in pattern.finditer(text):
        out = repl(m) if callable(repl) else repl
        if out == m.group(0):
            continue
        parts.append(text[last : m.start()])
        new_origin.extend(origin[last : m.start()])
        parts.append(out)
        new_origin.extend([origin[m.start()]] * len(out))
        last = m.end()
        count += 1
    if not count:
        return text, origin, 0
    parts.append(text[last:])
    new_origin.extend(origin[last:])
    return "".join(parts), new_origin, count


def _drop_running_headers(text: str, origin: list[int]) -> tuple[str, list[int], int]:
    """Drop every repeat, after the first, of a short line that recurs on most pages."""
    lines = text.split("\n")
    counts = Counter(line for line in lines if _HEADER_LINE.match(line))
    repeated = {line for line, n in counts.items() if n >= _MIN_REPEATS}
    if not repeated:
        return text, origin, 0
    # A repeat of the header block's own line (a symbol, a date) keeps its first place there.
    first_numbered = next((i for i, line in enumerate(lines) if _NUMBERED_LINE.match(line)), 0)
    keep_first = {line for line in repeated if lines.index(line) < first_numbered}
    seen: set[str] = set()
    keep_text: list[str] = []
    keep_origin: list[int] = []
    pos = 0
    dropped = 0
    for line in lines:
        end = pos + len(line) + 1  # with its newline
        if line in repeated and (line in seen or line not in keep_first):
            dropped += 1
        else:
            seen.add(line)
            keep_text.append(text[pos:end])
            keep_origin.extend(origin[pos : min(end, len(text))])
        pos = end
    out = "".join(keep_text)
    if len(keep_origin) < len(out):  # the last kept line had no newline of its own
        keep_origin.extend([origin[-1]] * (len(out) - len(keep_origin)))
    return out, keep_origin[: len(out)], dropped


def normalize_text(raw: str) -> NormalizedText:
    """Repair line ends, white space, quotes, lost spaces and page furniture in ``raw``.

    Example: ``"1.1The meeting was held on10October 2016in Geneva"`` becomes
    ``"1.1 The meeting was held on 10 October 2016 in Geneva"``.
    """
    text = raw
    origin = list(range(len(raw) + 1))
    counts: Counter[str] = Counter()
    for name, pattern, repl in _RULES:
        text, body, n = _apply(text, origin[:-1], pattern, repl)
        origin = [*body, origin[-1]]
        if name:
            counts[name] += n
    text, body, n = _drop_running_headers(text, origin[:-1])
    origin = [*body, origin[-1]]
    counts["running-header"] += n
    stripped = text.strip("\n")
    lead = len(text) - len(text.lstrip("\n"))
    origin = [*origin[lead : lead + len(stripped)], origin[lead + len(stripped)]]
    diagnostics = tuple(
        Diagnostic(code=f"normalized-{name}", severity=Severity.INFO, message=msg.format(n=n))
        for name, msg in _MESSAGES.items()
        if (n := counts[name])
    )
    return NormalizedText(text=stripped, origin=tuple(origin), diagnostics=diagnostics)
