"""Normalisation: repair the text-level defects of web and PDF copies, and nothing else.

Every later stage reads the normalised text, and every span points into it. The stage keeps, for
each character it outputs, the offset of the input character it came from, so that page numbers
of the source survive the repairs.
"""

from __future__ import annotations

import bisect
import itertools
import operator
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import overload

import regex

from copparse import patterncache
from copparse.lang import alternation, lexicon
from copparse.models import Diagnostic, Severity
from copparse.pagemarks import MARKER_LINE
from copparse.reflow import RUNNING_HEADER, ascii_led, layout_rules, only_ascii_digits

__all__ = [
    "LIGATURES",
    "PATTERNS",
    "SYMBOL_BULLETS",
    "NormalizedText",
    "OffsetMap",
    "fold_characters",
    "normalize_text",
]


class OffsetMap(Sequence[int]):
    """Where each character of the normalised text came from in the input, as a sequence.

    Stored as pieces, not one entry per character: repairs are few, so a 150 KB report needs a
    few hundred pieces instead of 150,000 integers. A piece starting at output offset ``cut``
    maps it to input offset ``base``; the characters after it follow one for one (``step`` 1),
    or, for characters a repair wrote, all map to ``base`` (``step`` 0).
    """

    __slots__ = ("_bases", "_cuts", "_length", "_steps")

    def __init__(self, cuts: list[int], bases: list[int], steps: list[int], length: int) -> None:
        self._cuts, self._bases, self._steps, self._length = cuts, bases, steps, length

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        """The map of an unchanged text of ``length - 1`` characters (with the end sentinel)."""
        return cls([0], [0], [1], length)

    def __len__(self) -> int:
        return self._length

    def at(self, offset: int) -> int:
        """The input offset of output ``offset`` (``0 <= offset < len(self)``)."""
        k = bisect.bisect_right(self._cuts, offset) - 1
        return self._bases[k] + (offset - self._cuts[k]) * self._steps[k]

    @overload
    def __getitem__(self, index: int) -> int: ...
    @overload
    def __getitem__(self, index: slice) -> list[int]: ...
    def __getitem__(self, index: int | slice) -> int | list[int]:
        if isinstance(index, slice):
            return [self.at(i) for i in range(*index.indices(self._length))]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError("offset out of range")
        return self.at(index)

    def __iter__(self) -> Iterator[int]:
        cuts, bases, steps = self._cuts, self._bases, self._steps
        for k, cut in enumerate(cuts):
            stop = cuts[k + 1] if k + 1 < len(cuts) else self._length
            if steps[k]:
                yield from range(bases[k], bases[k] + stop - cut)
            else:
                yield from (bases[k],) * (stop - cut)

    @property
    def pieces(self) -> int:
        """How many pieces the map holds (a measure of the repairs made)."""
        return len(self._cuts)

    def compose(self, pieces: Iterable[tuple[int, int, int, int]], length: int) -> OffsetMap:
        """This map after an edit described by ``(new_start, old_start, step, count)`` pieces.

        The pieces come in the order of their ``old_start`` (as ``_apply`` writes them), so the
        search for the old piece each one starts in goes on from the one found last.
        """
        cuts: list[int] = []
        bases: list[int] = []
        steps: list[int] = []
        old_cuts, old_bases, old_steps = self._cuts, self._bases, self._steps
        n_old = len(old_cuts)
        # The piece written last: a new one that carries on where it would have gone anyway is
        # merged into it (step 1: the next base in line; step 0: the same base).
        last_cut = last_base = 0
        last_step = -1
        j = 0
        for new_start, old_start, step, count in pieces:
            if count <= 0:
                continue
            j = bisect.bisect_right(old_cuts, old_start, j) - 1
            if step == 0:
                base = old_bases[j] + (old_start - old_cuts[j]) * old_steps[j]
                if not (last_step == 0 and last_base == base):
                    cuts.append(new_start)
                    bases.append(base)
                    steps.append(0)
                    last_cut, last_base, last_step = new_start, base, 0
                continue
            k, pos, end = j, old_start, old_start + count
            while pos < end:
                step_k = old_steps[k]
                cut = new_start + pos - old_start
                base = old_bases[k] + (pos - old_cuts[k]) * step_k
                if step_k != last_step or (
                    last_base + cut - last_cut != base if step_k else last_base != base
                ):
                    cuts.append(cut)
                    bases.append(base)
                    steps.append(step_k)
                    last_cut, last_base, last_step = cut, base, step_k
                k += 1
                pos = old_cuts[k] if k < n_old else end
        return OffsetMap(cuts, bases, steps, length)


@dataclass(frozen=True)
class NormalizedText:
    """The normalised text and where it came from.

    Attributes:
        text: The normalised text.
        origin: For each character of ``text`` (and one past the end), its offset in the input.
        diagnostics: Info-level notes on the repairs made.
    """

    text: str
    origin: OffsetMap
    diagnostics: tuple[Diagnostic, ...]

    def page_at(self, offset: int, page_starts: Sequence[int] | None) -> int | None:
        """The 1-based page of normalised ``offset``, given where input pages 2, 3... begin."""
        if page_starts is None:
            return None
        raw = self.origin[min(max(offset, 0), len(self.origin) - 1)]
        return bisect.bisect_right(page_starts, raw) + 1


# An edit replaces text[start:end] (empty for an insertion) by its third element.
_Edit = tuple[int, int, str]
_Finder = Callable[[str], Iterable[_Edit]]


# Every pattern the rules below compile inside their closures, for the linear-time guard.
PATTERNS: list[regex.Pattern[str]] = []


def _sub(
    pattern: str | regex.Pattern[str],
    repl: str | Callable[[regex.Match[str]], str],
    flags: int = 0,
) -> _Finder:
    """Replace each match of ``pattern`` by ``repl`` (a string, or a function of the match)."""
    compiled = (
        pattern if isinstance(pattern, regex.Pattern) else patterncache.compile(pattern, flags)
    )
    PATTERNS.append(compiled)
    if isinstance(repl, str):
        return lambda text: ((m.start(), m.end(), repl) for m in compiled.finditer(text))
    return lambda text: ((m.start(), m.end(), repl(m)) for m in compiled.finditer(text))


def _space_after(pattern: str) -> _Finder:
    """Insert a space right after each match: the pattern consumes the characters before the
    gap (a digit, a word) instead of looking behind at every position, so the engine can skip
    ahead to where they stand.
    """  # noqa: D205
    compiled = patterncache.compile(pattern)
    PATTERNS.append(compiled)
    return lambda text: ((m.end(), m.end(), " ") for m in compiled.finditer(text))


def _if_present(needles: str | Iterable[str], finder: _Finder) -> _Finder:
    """Run ``finder`` only on text holding ``needles`` (a string, or any one of several).

    Most text holds no CR, no form field, no invisible character, and a few ``in`` tests
    (memchr) cost less than one pass of the regex engine.
    """
    wanted = (needles,) if isinstance(needles, str) else tuple(needles)
    return lambda text: finder(text) if any(n in text for n in wanted) else ()


def _tabs(text: str) -> Iterator[_Edit]:
    """Spaces around a tab, and the tabs after it, fold into the one tab."""
    pos = text.find("\t")
    while pos >= 0:
        start = pos
        while start and text[start - 1] == " ":
            start -= 1
        end = pos + 1
        while end < len(text) and text[end] in " \t":
            end += 1
        yield start, end, "\t"
        pos = text.find("\t", end)


_MAX_MARKER = 24  # longer lines are never page markers


# The ASCII characters no page marker opens with: a marker opens with a space or tab, a dash, a
# digit or "Page" (in either case). (A character beyond ASCII may be a digit to the engine.)
_MARKER_NEVER = frozenset(map(chr, range(128))) - frozenset(" \t-0123456789Pp")


def _page_markers(text: str) -> Iterator[_Edit]:
    """Page markers alone on a line ("- 2 -", "1/4", "Page 2 of 4"), from a PDF copy."""
    # MARKER_LINE reads nothing outside the line (no look-around, anchor or word boundary), so
    # the line's own string is matched in place of the text's slice.
    pos = 0
    for line in text.split("\n"):
        n = len(line)
        if n <= _MAX_MARKER and line[:1] not in _MARKER_NEVER and MARKER_LINE.fullmatch(line):
            yield pos, pos + n, ""
        pos += n + 1


_BLANKS = frozenset(" \t")


def _line_ends(text: str) -> Iterator[_Edit]:
    """White space at the start and end of lines."""
    a = 0
    for line in text.split("\n"):
        n = len(line)
        # Only a line that opens or ends with a space or a tab has any to strip.
        if line[:1] in _BLANKS or line[-1:] in _BLANKS:
            lead = n - len(line.lstrip(" \t"))
            if lead == n:
                yield a, a + n, ""
            else:
                trail = n - len(line.rstrip(" \t"))
                if lead:
                    yield a, a + lead, ""
                if trail:
                    yield a + n - trail, a + n, ""
        a += n + 1


def _double_spaces(m: regex.Match[str]) -> str:
    # Runs of spaces inside a line fold to one; at a line start they are left to _line_ends.
    return m.group(0) if m.start() == 0 or m.string[m.start() - 1] == "\n" else " "


# The bullets of Word's bullet library, as a copy of a Word document (or LibreOffice's PDF of
# one) writes them: code points of the Private Use Area, where the Symbol and Wingdings fonts
# draw their glyphs. U+F0B7 is the Symbol bullet (•); the others are Wingdings' small square
# (U+F0A7 ▪), hollow square (U+F0A8 □), filled square and circle (U+F06E ■, U+F06C ●), shadowed
# square (U+F071 ❑), diamond cluster (U+F076 ❖), arrowheads (U+F0D8 ➢, U+F0E0 ➔, U+F0E8 ➨,
# U+F0F0 ⇨) and check mark (U+F0FC ✓). Each is read as the bullet "•", one for one: no offset
# moves. Only these: other code points of the area are a symbol font's letters (U+F061 is the
# Symbol font's alpha) or a document's own characters, and are kept.
SYMBOL_BULLETS = "\uf0b7\uf0a7\uf0a8\uf06e\uf06c\uf071\uf076\uf0d8\uf0e0\uf0e8\uf0f0\uf0fc"

_CHARACTER_MAP: dict[str, str] = {
    **{ch: "" for ch in "\ufeff\u200b\u200c\u200d\u2060\u00ad"},
    **{chr(c): "" for c in [*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F]},
    **{ch: " " for ch in "\u00a0\u202f\u205f\u3000"},
    **{chr(c): " " for c in range(0x2000, 0x200B)},
    **{ch: "'" for ch in "\u2018\u2019\u201a\u201b\u2032"},
    **{ch: '"' for ch in "\u201c\u201d\u201e\u201f\u2033"},
    **dict.fromkeys(SYMBOL_BULLETS, "\u2022"),
}
_DELETED = [ch for ch, out in _CHARACTER_MAP.items() if not out]
_DELETIONS = "[" + "".join(regex.escape(ch) for ch in _DELETED) + "]"
_ONE_FOR_ONE = patterncache.compile(
    "[" + "".join(regex.escape(ch) for ch, out in _CHARACTER_MAP.items() if out) + "]"
)
# The same replacements, one character at a time. No replacement is itself replaced, so doing
# them in turn gives what one pass of _ONE_FOR_ONE gives (tests/test_fast_forms.py holds the two
# equal); an ``in`` test and a ``replace`` per character present cost a tenth of that pass.
_ONE_FOR_ONE_PAIRS = tuple((ch, out) for ch, out in _CHARACTER_MAP.items() if out)

# The Latin ligatures of the Alphabetic Presentation Forms, as text copied from a PDF holds
# them ("ﬁrst", "Paciﬁc", "ofﬁcial"): each becomes its letters, one code point becoming two or
# three. The edit's offset map points every letter it writes at the ligature, so a span that
# takes in "fi" points at the one character of the input it came from.
LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
_LIGATURE = patterncache.compile("[" + "".join(LIGATURES) + "]")

_DOUBLED = patterncache.compile(
    r"\b(a(?:nd|n|t)?|by|f(?:or|rom)|in|o[fn]|t(?:he|o)|with)(?:\s+\1)+\b", regex.IGNORECASE
)
# The words _DOUBLED reads (tests/test_fast_forms.py holds the two lists equal).
DOUBLED_WORDS = ("a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "the", "to", "with")
# The UTF-8 bytes of a text with every byte that is not an ASCII letter, digit or "_" made a
# space, and capitals made small: what may_hold_doubled_words splits into words.
_WORD_BYTES = bytes(
    b | 0x20 if chr(b).isascii() and chr(b).isalpha() else b if chr(b) in "0123456789_" else 0x20
    for b in range(256)
)
_DOUBLED_BYTES = frozenset(word.encode() for word in DOUBLED_WORDS)
_CASE_BLIND_I = "\u0130"


def may_hold_doubled_words(text: str) -> bool:
    """Whether ``text`` may hold a match of ``_DOUBLED``: ``False`` only where it holds none.

    One pass of that pattern (a back-reference, case-insensitive) costs about 30 ns a
    character; this costs a quarter of that. The engine reads the letters of the words
    case-blind in ASCII letters only, and in "İ" (U+0130, an "i"), and counts every ASCII
    letter, digit and "_" as a word character (tests/test_fast_normalize.py checks both for
    every code point). So in a text without "İ", where a match stands, the text's UTF-8 bytes,
    with every byte that is none of those made a space (a character beyond ASCII, a space and
    a stop alike) and capitals made small, split into words two of which, side by side, are
    the same word of the list. The reverse need not hold ("a. A" is such a pair and no
    match): there the pattern is searched in full.
    """
    if _CASE_BLIND_I in text:
        return True  # "İ" is an "i" to the engine, and no ASCII letter
    words = text.encode("utf-8", "surrogatepass").translate(_WORD_BYTES).split()
    same = itertools.compress(words, map(operator.eq, words, itertools.islice(words, 1, None)))
    return any(word in _DOUBLED_BYTES for word in same)


def _if_doubled(finder: _Finder) -> _Finder:
    return lambda text: finder(text) if may_hold_doubled_words(text) else ()


_NUMBERS = lexicon("en").numbers
_MONTHS = alternation(
    [*lexicon("en").dates.months, *lexicon("en").dates.month_abbreviations], bounded=False
)
# A capitalised word ("Welcoming", "INTRODUCTION"), but not "4G".
_HEADING_WORD = r"[A-Z](?:[a-z]|[A-Z]{2})"
# A name of the lexicon that begins with a figure ("5Rights") is never split.
_NOT_A_NAME = rf"(?!{alternation(_NUMBERS.glued_names)})"

# The lost-space rules that read a figure beside a word, in the order they run (inside _RULES).
# Each is applied to the text the one before left, but a text that holds a match of none of
# them is left as it is by all: one search of their union, which costs about half of their
# passes, finds that out (tests/test_fast_forms.py holds the two equal).
_FIGURES_FROM = len(PATTERNS)
_FIGURE_RULES: tuple[tuple[str | None, _Finder], ...] = (
    ("lost-space", _space_after(rf"(?<=\bResolution ?(?:1306|179) )\d{{1,3}}(?={_HEADING_WORD})")),
    # "meeting2Welcoming": a heading number glued to the text on both sides. First, while the
    # number still touches the word before it (after the next rule, "the 5Rights" would look
    # the same).
    ("lost-space", _space_after(rf"(?<=[a-z]){_NOT_A_NAME}\d{{1,3}}(?={_HEADING_WORD})")),
    # "Approximately100", "on10 October", "Introduction1.1": a lower-case word glued to digits.
    # (A zero-width match: the look-behind is cheap here, and consuming the word is not.)
    ("lost-space", _sub(r"(?<=(?<![A-Za-z])[A-Za-z]?[a-z]{2,})(?=\d)", " ")),
    # A digit is split from the word glued after it only where a count, a month or a heading
    # follows; a name such as "5Rights Foundation" is never changed.
    # "100participants", "2016in": a count or year glued to a lower-case word (not "12th").
    ("lost-space", _space_after(r"\d(?!(?:st|nd|rd|th)(?![a-z]))(?=[a-z]{2})")),
    # "10October", "3OCTOBER": a day glued to its month.
    ("lost-space", _space_after(rf"\d(?=(?i:{_MONTHS})(?![a-z]))")),
    # "1.1The", "2.Introduction", "1.2.3THE": a numbered paragraph or heading.
    ("lost-space", _space_after(r"\d(?:(?:\.\d{1,3}+){1,4}+\.?|\.)(?=[A-Z])")),
    # "WG-COP/13Date: 30 September": a label of the cover block.
    ("lost-space", _space_after(r"\d(?=[A-Z][a-z]{1,20}:)")),
    # "2Welcoming remarks" at a line start, ".2Background" after a sentence: a heading number.
    (
        "lost-space",
        _space_after(rf"(?:^|(?<=[\n.;:!?)])){_NOT_A_NAME}\d{{1,3}}(?={_HEADING_WORD})"),
    ),
    # "12thMEETING": an ordinal glued to a capitalised word.
    ("lost-space", _space_after(r"\d(?:st|nd|rd|th)(?=[A-Z])")),
)
_FIGURE_PATTERNS = tuple(PATTERNS[_FIGURES_FROM:])


def _any_figure_rule(patterns: Sequence[regex.Pattern[str]]) -> regex.Pattern[str]:
    r"""One pattern that matches somewhere in a text where one of the figure rules does.

    Every match of a figure rule opens at a digit: it consumes one first (``\d(...``), or looks
    at one after a look-behind (``(?<=[a-z])...\d{1,3}``, ``(?<=...[a-z]{2,})(?=\d)``, or
    ``...\d{1,3}`` before a heading word). So the union opens with ``\d``, which lets the
    engine skip from digit to digit (a union of the rules as they stand tries every
    look-behind at every character: three times the cost), and tries there:
    - a rule that opens with ``\d``, from the character after it, where that is a letter (in
      either case: a month is read case-blind) or a full stop, the only characters any of them
      reads right after its first digit;
    - a rule that looks behind at a small letter, at the digit itself (a look-ahead inside a
      look-behind that ends on it), where a small letter stands before the digit;
    - a rule whose digits run into a heading word, the same way, where the digit and at most
      two more run into a capital.
    A rule that matches at a digit passes the test put before it, so the union matches where
    one of the rules does (it says whether any does, not where: that is all it is asked).
    """
    after_digit, glued, before_capital = [], [], []
    for p in patterns:
        if p.pattern.startswith("\\d("):
            after_digit.append(p.pattern[2:])
        elif p.pattern.startswith(("(?<=[a-z])", "(?<=(?<![A-Za-z])[A-Za-z]?[a-z]{2,})")):
            glued.append(p.pattern)
        elif p.pattern.endswith(rf"\d{{1,3}}(?={_HEADING_WORD})"):
            before_capital.append(p.pattern)
        else:  # a new kind of figure rule: say here where its matches can open
            raise ValueError(p.pattern)

    def union(parts: list[str]) -> str:
        return "|".join(f"(?:{part})" for part in parts)

    return patterncache.compile(
        rf"\d(?:(?<=[a-z]\d)(?<=(?={union(glued)})\d)"
        rf"|(?=\d{{0,2}}[A-Z])(?<=(?={union(before_capital)})\d)"
        rf"|(?=(?i:[a-z])|\.)(?:{union(after_digit)}))"
    )


_ANY_FIGURE_RULE = _any_figure_rule(_FIGURE_PATTERNS)
# The same, opening with an ASCII digit: for a text of reflow.only_ascii_digits.
_ANY_FIGURE_RULE_ASCII = ascii_led(_ANY_FIGURE_RULE)

# (name for the diagnostics or None, edits), applied in order.
_RULES: tuple[tuple[str | None, _Finder], ...] = (
    (None, _if_present("\r", _sub(r"\r\n?", "\n"))),
    (None, _if_present("\f", _sub(r"\f", "\n"))),
    # Invisible characters (BOM, zero-width, soft hyphen, controls) go. (Odd spaces and curly
    # quotes are replaced one for one before the rules: no offset moves.)
    (None, _if_present(_DELETED, _sub(_DELETIONS, ""))),
    # A lone surrogate (from a broken UTF-16 decode) cannot be written as UTF-8 JSON.
    ("lone-surrogate", _sub(r"[\ud800-\udfff]", "\ufffd")),
    # "ﬁrst", "Paciﬁc": a ligature that a copy from a PDF kept, as its letters.
    ("ligature", _if_present(LIGATURES, _sub(_LIGATURE, lambda m: LIGATURES[m.group(0)]))),
    # "Resolution?1306": a non-breaking space that a web copy turned into "?".
    ("lost-nbsp", _if_present("?", _sub(r"(?<=[A-Za-z])\?(?=\d)|(?<=\d)\?(?=[A-Za-z])", " "))),
    # "Action required ______": empty form fields.
    (None, _if_present("___", _sub(r"_{3,}", ""))),
    ("page-marker", _page_markers),
    # "Council Resolution 13061Introduction": the mandate's number glued to a heading number.
    ("lost-space", _space_after(r"\bResolution ?(?:1306|179)(?=\d[ \t]?[A-Z][a-z])")),
    *_FIGURE_RULES,
    # "MEETINGSOF THE": the commonest glued pair in capitalised titles.
    ("lost-space", _space_after(r"\bMEETINGS?(?=(?:OF|ON|HELD)\b)")),
    (None, _tabs),
    (None, _if_present("  ", _sub(r"  +", _double_spaces))),
    (None, _line_ends),
    (None, _if_present("\n\n\n", _sub(r"\n{3,}", "\n\n"))),
    # "the the", "of of of": doubled short words from a careless edit or a line join. Last, so
    # the white space between them is already folded. Searched only where a doubled word may
    # stand (the words are too short for a plain substring test: "data available").
    ("doubled-word", _if_doubled(_sub(_DOUBLED, lambda m: m.group(1)))),
)

_FIRST_FIGURE = _RULES.index(_FIGURE_RULES[0])

_MESSAGES = {
    "lone-surrogate": "replaced {n} lone surrogate code point(s) with U+FFFD",
    "ligature": "replaced {n} ligature(s) (U+FB00-U+FB06) with their letters",
    "lost-nbsp": "replaced {n} '?' standing for a lost non-breaking space",
    "page-marker": "removed {n} page marker line(s)",
    "lost-space": "inserted {n} missing space(s) between words and numbers",
    "doubled-word": "removed {n} doubled word(s)",
    "running-header": "removed {n} repeated running header line(s)",
    "reopened-line": "cut {n} time(s) a long line where a block begins (the copy lost its line"
    " breaks)",
    "inline-furniture": "removed {n} page marker(s), running header(s) or line-end hyphen(s)"
    " left inside a line that lost its line breaks",
    "lone-number": "joined {n} number(s) standing alone on a line to the text after them",
    "reflowed-line": "re-flowed {n} hard-wrapped line end(s) into their paragraphs",
}

_HEADER_LINE = patterncache.compile(r"^(?!\d|[·•▪\-–]).{3,80}$")
_MIN_REPEATS = 3
_NUMBERED_LINE = patterncache.compile(r"\d{1,2}(?:\.\d{1,2}){0,3}\.?[ \t]{0,4}[A-Z]")


def _apply(text: str, origin: OffsetMap, edits: Iterable[_Edit]) -> tuple[str, OffsetMap, int]:
    """Apply non-overlapping edits, in order; ``origin`` has an entry per character and one
    past the end. The characters an edit writes all come from where the edit starts.
    """  # noqa: D205
    parts: list[str] = []
    pieces: list[tuple[int, int, int, int]] = []
    last = 0
    new_len = 0
    count = 0
    for start, end, out in edits:
        if out == text[start:end]:
            continue
        parts.append(text[last:start])
        pieces.append((new_len, last, 1, start - last))
        new_len += start - last
        parts.append(out)
        pieces.append((new_len, start, 0, len(out)))
        new_len += len(out)
        last = end
        count += 1
    if not count:
        return text, origin, 0
    parts.append(text[last:])
    pieces.append((new_len, last, 1, len(text) - last + 1))  # the end sentinel included
    new_len += len(text) - last
    return "".join(parts), origin.compose(pieces, new_len + 1), count


# What _HEADER_LINE decides for a line (no line break in it) that opens with an ASCII character.
_HEADER_OPENS = frozenset(map(chr, range(128))) - frozenset("0123456789-")


def _may_be_header(line: str) -> bool:
    """``_HEADER_LINE.match(line)`` for a line: a length test, and the first character, which
    the pattern reads only where it lies beyond ASCII (a digit to the engine, or not).
    """  # noqa: D205
    if not 3 <= len(line) <= 80:
        return False
    return line[0] in _HEADER_OPENS or _HEADER_LINE.match(line) is not None


def _running_headers(text: str) -> list[_Edit]:
    """Every repeat, after the first, of a short line that recurs on most pages (and both of a
    running header's line that stands apart twice, as from page 2 of three).
    """  # noqa: D205
    lines = text.split("\n")
    counts = Counter(line for line in lines if _may_be_header(line))
    repeated = {line for line, n in counts.items() if n >= _MIN_REPEATS}
    # A header that starts on page 2 (page 1 holds the cover) repeats one time fewer: twice in
    # a three-page copy. It is taken at two repeats when it has a running header's shape and
    # stands apart every time, a blank line (a page marker's, once removed) beside it.
    repeated |= {
        line
        for line, n in counts.items()
        if n == _MIN_REPEATS - 1
        and RUNNING_HEADER.fullmatch(line)
        and all(
            (i > 0 and not lines[i - 1]) or (i + 1 < len(lines) and not lines[i + 1])
            for i, other in enumerate(lines)
            if other == line
        )
    }
    if not repeated:
        return []
    # A repeat of the header block's own line (a symbol, a date) keeps its first place there.
    first_numbered = next((i for i, line in enumerate(lines) if _NUMBERED_LINE.match(line)), 0)
    keep_first = {line for line in repeated if lines.index(line) < first_numbered}
    seen: set[str] = set()
    edits: list[_Edit] = []
    pos = 0
    for line in lines:
        end = pos + len(line) + 1  # with its newline
        if line in repeated:  # (only a repeated line is looked up in seen)
            if line in seen or line not in keep_first:
                edits.append((pos, min(end, len(text)), ""))
            else:
                seen.add(line)
        pos = end
    return edits


def fold_characters(raw: str) -> str:
    r"""``raw`` with odd spaces, curly quotes and symbol-font bullets replaced, one for one.

    Example: ``"\uf0b7\tCWG-COP/27/2: Contribution from Spain"`` becomes
    ``"•\tCWG-COP/27/2: Contribution from Spain"``; the length never changes.
    """
    if raw.isascii():
        return raw
    for ch, out in _ONE_FOR_ONE_PAIRS:
        if ch in raw:
            raw = raw.replace(ch, out)
    return raw


def _fold_characters_in_one_pass(raw: str) -> str:
    """:func:`fold_characters` as one pass of ``_ONE_FOR_ONE`` (the plain form, for the tests)."""
    return _ONE_FOR_ONE.sub(lambda m: _CHARACTER_MAP[m.group(0)], raw)


def normalize_text(raw: str) -> NormalizedText:
    """Repair line ends, white space, quotes, lost spaces and page furniture in ``raw``.

    Example: ``"1.1The meeting was held on10October 2016in Geneva"`` becomes
    ``"1.1 The meeting was held on 10 October 2016 in Geneva"``.
    """
    # Odd spaces and curly quotes, one for one: no offset moves, so no edit to track.
    text = fold_characters(raw)
    origin = OffsetMap.identity(len(raw) + 1)
    counts: Counter[str] = Counter()
    i = 0
    while i < len(_RULES):
        if i == _FIRST_FIGURE and not (
            _ANY_FIGURE_RULE_ASCII if only_ascii_digits(text) else _ANY_FIGURE_RULE
        ).search(text):
            i += len(_FIGURE_RULES)
            continue
        name, finder = _RULES[i]
        text, origin, n = _apply(text, origin, finder(text))
        if name:
            counts[name] += n
        i += 1
    text, origin, counts["running-header"] = _apply(text, origin, _running_headers(text))
    for name, finder in layout_rules():
        text, origin, n = _apply(text, origin, finder(text))
        counts[name] += n
    lead = len(text) - len(text.lstrip("\n"))
    trail = len(text) - lead - len(text.strip("\n"))
    text, origin, _ = _apply(text, origin, [(0, lead, ""), (len(text) - trail, len(text), "")])
    diagnostics = tuple(
        Diagnostic(code=f"normalized-{name}", severity=Severity.INFO, message=msg.format(n=n))
        for name, msg in _MESSAGES.items()
        if (n := counts[name])
    )
    return NormalizedText(text=text, origin=origin, diagnostics=diagnostics)
