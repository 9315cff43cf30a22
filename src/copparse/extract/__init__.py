"""Extractors: one module per kind of field, each a pure function of an :class:`ExtractContext`."""

from __future__ import annotations

import operator
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import regex

from copparse import lang
from copparse.models import Paragraph, ParagraphKind, Section
from copparse.rules import Rule, rule
from copparse.spans import Locator

if TYPE_CHECKING:  # segment reads the lexicon's name patterns from this package
    from copparse.extract.lexicon import DateMatch
    from copparse.segment import Segmented

__all__ = [
    "ExtractContext",
    "body_start",
    "finditer_at",
    "finditer_opening",
    "folded",
    "needs",
    "opening_places",
    "opening_words",
    "search_line_starts",
    "sentences",
    "spans_holding",
]


def needs(phrases: Iterable[str]) -> list[str]:
    """The words a rule over ``phrases`` needs: the longest word of each phrase, lower-cased.

    Every spelling of a phrase holds each of its words whole (a hyphen joins or splits words,
    white space varies), so a text without any of them cannot match. Optional words are left
    out: ``["in person", "face-to-face", "appointed [as]"]`` -> ``person``, ``face``,
    ``appointed``.
    """
    out: dict[str, None] = {}
    for phrase in phrases:
        words = [w for w in phrase.replace("-", " ").split() if not w.startswith("[")]
        if words:
            out[max(words, key=len).lower()] = None
    return list(out)


# A sentence ends at . ! ? followed by space and a capital, but not after an abbreviation of
# the lexicon ("Mr.", "Dr.", "e.g.") or a lone capital (an initial: "J. Smith").
_ABBREVIATIONS = lang.alternation(lang.lexicon("en").sentences.abbreviations, bounded=False)
_SENTENCE_END = rule(
    "sentence.end",
    "sentences",
    rf"(?<!\b(?:{_ABBREVIATIONS}|[A-Z]))"
    r"(?:[.!?](?=\s+[A-Z\"(]|\s*$)|(?<=\p{Ll}\p{Ll})[.!?](?=\p{Lu}\p{Ll}))",
    "The end of a sentence: a full stop, ! or ? before a capital, not after an abbreviation;"
    " glued to the next sentence (a copy that lost its line breaks), only after a word of small"
    " letters and before a capitalised one.",
    examples=[
        ("The Group met. Mr. Johnson spoke.", "."),
        ("Was it adopted? Yes", "?"),
        ("It was noted by Dr. J. Smith. Then", "."),
        ("with the Kenya Child Helpline Centre.Microsoft representatives", "."),
    ],
    counter_examples=[
        "Mr. Johnson",
        "chaired by Dr. Hashem",
        "e.g. This",
        "version 2.1 of it",
        "tools, e.g.Microsoft Family Safety",
        "the U.S.Department of State",
        "at www.itu.int/cop for",
        "Mr.Johnson spoke",
        "the ITU.Microsoft said",
    ],
)


def sentences(
    text: str, start: int, end: int, *, by_line: bool = True
) -> Iterator[tuple[int, int]]:
    """The ``(start, end)`` of each sentence in ``text[start:end]``; a line end ends one too,
    unless ``by_line`` is false (a paragraph's text wrapped over lines: only a full stop, ! or ?
    ends a sentence, so its sentences are the same however the lines are laid out).

    Each end mark is found with ``str.find`` and the pattern is put to it alone: a match of
    ``sentence.end`` is the one mark it opens with (the look-arounds read, not take, and the
    look-behinds read the text before where the pattern is put), so it matches there exactly
    where a search of the line would find it. A mark before an ASCII character that is neither
    a letter nor white space (a digit, a comma) ends no sentence: neither look-ahead can hold.
    """  # noqa: D205
    marks = _end_marks(text, start, end)
    j, count = 0, len(marks)
    at_end = _SENTENCE_END.pattern.match
    line_start = start
    while line_start < end:
        line_end = text.find("\n", line_start, end) if by_line else -1
        line_end = end if line_end < 0 else line_end
        pos = line_start
        while j < count and marks[j] < line_end:
            mark = marks[j]
            j += 1
            if mark + 1 < line_end:
                after = text[mark + 1]
                if after.isascii() and not (after.isspace() or after.isalpha()):
                    continue
            if at_end(text, mark, line_end) is None:
                continue
            yield pos, mark + 1
            pos = mark + 1
            while pos < line_end and text[pos].isspace():
                pos += 1
        if pos < line_end and text[pos:line_end].strip():
            yield pos, line_end
        line_start = line_end + 1


def _end_marks(text: str, start: int, end: int) -> list[int]:
    """Where a full stop, ! or ? stands in ``text[start:end]``, in text order."""
    out = []
    for mark in ".!?":
        at = text.find(mark, start, end)
        while at >= 0:
            out.append(at)
            at = text.find(mark, at + 1, end)
    out.sort()
    return out


def folded(text: str) -> str | None:
    """A lower-case copy of ``text``, offset for offset, for substring tests that stand in for
    a case-insensitive pattern's search of an ASCII word; ``None`` where no such copy exists.

    Beyond ASCII, the engine's case-insensitive matching takes "ſ" for "s" and "İ" for "i";
    ``str.lower`` leaves the first and turns the second into two characters.
    """  # noqa: D205
    low = text.lower()
    return low.replace("\u017f", "s") if len(low) == len(text) else None


def spans_holding(
    haystack: str | None,
    spans: Sequence[tuple[int, int]],
    words: Sequence[str],
    found: dict[str, list[int]] | None = None,
) -> list[bool]:
    """For each of ``spans``, whether it holds one of ``words`` whole, as
    :meth:`copparse.rules.Rule.could_match` tests it: ``any(haystack.find(w, a, b) >= 0 for w
    in words)`` (every span, where ``haystack`` is ``None`` or there are no words).

    Found from where the words occur, a binary search for each, when the spans are in text
    order and none overlaps: testing every span costs more where most of them hold none.
    ``found`` keeps, for calls on one haystack and one list of spans, the spans each word was
    found in, so that a word several rules need is looked for once.
    """  # noqa: D205
    if haystack is None or not words:
        return [True] * len(spans)
    starts = [a for a, _ in spans]
    ends = [b for _, b in spans]
    if any(map(operator.gt, ends, starts[1:])):  # out of order, or overlapping
        return [any(haystack.find(w, a, b) >= 0 for w in words) for a, b in spans]
    out = [False] * len(spans)
    if not spans:
        return out
    low, high = starts[0], ends[-1]
    for word in words:
        hits = found.get(word) if found is not None else None
        if hits is None:
            hits = []
            at = haystack.find(word, low, high)
            while at >= 0:
                i = bisect_right(starts, at) - 1
                if i >= 0 and at + len(word) <= ends[i]:
                    hits.append(i)
                    at = haystack.find(word, ends[i], high)  # the rest adds nothing
                else:
                    at = haystack.find(word, at + 1, high)
            if found is not None:
                found[word] = hits
        for i in hits:
            out[i] = True
    return out


def opening_words(phrases: Iterable[str]) -> tuple[str, ...]:
    """The lower-case words that :func:`copparse.lang.alternation` of ``phrases`` opens with:
    each phrase's text up to its first space or hyphen (a phrase never opens with an optional
    word). Empty where one of them is not ASCII (see :func:`finditer_opening`).
    """  # noqa: D205
    words = {regex.split(r"[ -]", phrase, maxsplit=1)[0].lower() for phrase in phrases}
    return tuple(sorted(words)) if all(w and w.isascii() for w in words) else ()


def opening_places(low: str | None, opens: Sequence[str]) -> list[int] | None:
    """Where ``low`` (:func:`folded` of a text) holds one of ``opens``, in text order; ``None``
    without ``low`` or ``opens`` (then :func:`finditer_at` searches the plain way).
    """  # noqa: D205
    if low is None or not opens:
        return None
    places: set[int] = set()
    for word in opens:
        at = low.find(word)
        while at >= 0:
            places.add(at)
            at = low.find(word, at + 1)
    return sorted(places)


def finditer_at(
    pattern: regex.Pattern[str],
    text: str,
    places: list[int] | None,
    pos: int = 0,
    endpos: int | None = None,
) -> Iterator[regex.Match[str]]:
    """``pattern.finditer(text, pos, endpos)``, for a pattern every match of which opens at
    one of ``places`` (see :func:`finditer_opening`); each is tried in text order from the
    end of the last match, as ``finditer`` goes on.
    """  # noqa: D205
    stop = len(text) if endpos is None else endpos
    if places is None:
        yield from pattern.finditer(text, pos, stop)
        return
    end = pos
    for i in range(bisect_left(places, pos), len(places)):
        at = places[i]
        if at >= stop:
            return
        if at < end:
            continue
        m = pattern.match(text, at, stop)
        if m is not None:
            yield m
            end = max(m.end(), at + 1)


def finditer_opening(
    pattern: regex.Pattern[str],
    text: str,
    low: str | None,
    opens: Sequence[str],
    pos: int = 0,
    endpos: int | None = None,
) -> Iterator[regex.Match[str]]:
    """``pattern.finditer(text, pos, endpos)``, for a pattern every match of which opens with
    one of ``opens`` (lower-case ASCII words), as written or in another case: the pattern is
    put only where ``low`` (:func:`folded` of the text) holds one.

    The engine's case-insensitive matching reads an ASCII letter in a character whose
    ``lower()`` is that letter (the Kelvin sign's is "k"), or in "ſ", which ``folded`` makes
    an "s"; other ASCII characters stand for themselves. So every place a match can open is
    found, and a whole-text search costs more than a ``find`` per word. Without ``low`` or
    ``opens``, the plain search.
    """  # noqa: D205
    return finditer_at(pattern, text, opening_places(low, opens), pos, endpos)


def search_line_starts(pattern: regex.Pattern[str], text: str) -> regex.Match[str] | None:
    r"""``pattern.search(text)``, for a pattern every match of which opens at a line start
    (``(?m:^)``, which the engine reads at the text's start and after a "\n" only): the
    pattern is put at each line start rather than at every character. A text of many short
    lines is searched whole, where a try per line would cost more.
    """  # noqa: D205
    if text.count("\n") * 32 > len(text):
        return pattern.search(text)
    at = 0
    while True:
        m = pattern.match(text, at)
        if m is not None:
            return m
        at = text.find("\n", at) + 1
        if not at:
            return None


def body_start(paragraph: Paragraph) -> int:
    """Where a paragraph's text begins, after its number or bullet."""
    return paragraph.span.end - len(paragraph.text)


# A report without numbered paragraphs is preamble from end to end: its own text begins at the
# first paragraph that reads as a sentence (words in small letters, a full stop, then a space,
# the end or the next sentence glued on), after the cover fields ("Document: ...", "Date:
# ...") and the title, which do not.
_OWN_TEXT = rule(
    "cover.end.first_sentence",
    "document",
    r"(?s)\A(?![^\s:]{1,20}(?:[ \t][^\s:]{1,20}){0,2}:)(?=(?:\S+\s+){4}\S)"
    r"(?P<first>\p{Lu}\S*).*?\p{Ll}\p{Ll}[)\"\u201d\u2019]?[.!?](?:\s|\Z|\p{Lu}\p{Ll})",
    "Where an unnumbered report's own text begins: its first paragraph that is a sentence.",
    examples=[
        (
            "The seventh meeting of the Working Group on Child Online Protection (WG-CP) was"
            " held in Geneva and was chaired by Mr Ahmed Saleh (United Arab Emirates).",
            "The",
        ),
        ("Around 70 delegates attended the meeting.", "Around"),
        # Line breaks removed with nothing in their place: the next sentence is glued on.
        ("The Russian contribution presented a national survey.Morocco described its week", "The"),
    ],
    counter_examples=[
        "SUMMARY OF THE SEVENTH MEETING OF THE WG-CP",
        "Summary of the seventh meeting of the Working Group on Child Online Protection",
        "Document: WG-CP/7/12",
        "Date: 4 March 2013",
        "Source: Chairman of the Working Group on Child Online Protection.",
        "Geneva, 26 February 2013",
        "The Group met.",
    ],
    group="first",
)


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
    def cover_end(self) -> int:
        """Where the report's own text begins: :attr:`header_end` in a numbered report; in an
        unnumbered one, which is preamble from end to end, its first paragraph that reads as a
        sentence (``cover.end.first_sentence``), after the cover fields and the title.

        Example: after "SUMMARY OF ...", "Document: WG-CP/7/12" and "Date: 4 March 2013", the
        paragraph "The seventh meeting of the Working Group ... was held in Geneva ...".
        """  # noqa: D205
        end = self.header_end
        if end < len(self.text):
            return end
        for _, para in self.paragraphs():
            if para.kind is ParagraphKind.LIST_ITEM:
                continue
            if _OWN_TEXT.pattern.match(para.text):
                return body_start(para)
        return end

    @cached_property
    def dates_found(self) -> dict[tuple[int, int], list[DateMatch]]:
        """The dates :func:`copparse.extract.lexicon.find_dates` found in this parse, by span
        (its ``memo``): the header, a meeting's sentence and the date check read some spans
        alike, and the answer for one span of one text is the same each time.
        """  # noqa: D205
        return {}

    @cached_property
    def folded(self) -> str | None:
        """:func:`folded` of the text, made once for every extractor's substring tests."""
        return folded(self.text)

    @cached_property
    def sentences(self) -> tuple[tuple[int, int], ...]:
        """Every sentence of the whole text, as :func:`sentences` gives them, split once."""
        return tuple(sentences(self.text, 0, len(self.text)))

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [a for a, _ in self.sentences]

    def sentences_in(self, start: int, end: int) -> list[tuple[int, int]]:
        """``list(sentences(self.text, start, end))``, taken from :attr:`sentences` where
        ``[start, end)`` is whole lines (a paragraph's span, the usual case): each line is
        split as the whole text's split does it, so the sentences are the same.
        """  # noqa: D205
        text = self.text
        if (start and text[start - 1] != "\n") or (end < len(text) and text[end] != "\n"):
            return list(sentences(text, start, end))
        starts = self._sentence_starts
        return list(self.sentences[bisect_left(starts, start) : bisect_left(starts, end)])

    @cached_property
    def _holding(self) -> dict[str, tuple[tuple[int, int], ...]]:
        return {}

    def sentences_holding(self, r: Rule) -> tuple[tuple[int, int], ...]:
        """The sentences of :attr:`sentences` where ``r.could_match`` holds, in text order.

        The same sentences as testing each one, found from where the rule's words stand in
        the folded text (a few ``find`` calls and a binary search per occurrence): most
        sentences hold none of a rule's words, and a loop that tests them all costs more than
        the searches it saves. Made once per rule.
        """
        found = self._holding.get(r.name)
        if found is None:
            every = self.sentences
            holds = spans_holding(self.folded, every, r.needs)
            found = tuple(s for s, h in zip(every, holds, strict=True) if h)
        self._holding[r.name] = found
        return found

    def sentence_at(self, offset: int, floor: int = 0) -> tuple[int, int]:
        """The ``(start, end)`` of the sentence that holds ``offset``, begun no earlier than
        ``floor``; the offset's line where it falls between two sentences.

        The text is split into sentences once (:attr:`sentences`) and each call is a binary
        search, so asking for every mention of a long one-line text stays linear.
        """  # noqa: D205
        i = bisect_right(self._sentence_starts, offset) - 1
        if i >= 0 and offset < self.sentences[i][1]:
            a, b = self.sentences[i]
        else:
            text = self.text
            a = text.rfind("\n", 0, offset) + 1
            b = text.find("\n", offset)
            b = len(text) if b < 0 else b
        return max(a, floor), b

    def paragraphs(self) -> list[tuple[Section, Paragraph]]:
        """Every paragraph with its section, in text order."""
        return self.seg.paragraphs()
