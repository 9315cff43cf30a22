"""Layout recovery: give back the line structure that a copy of a report lost or moved.

Runs as the last rules of normalisation (so every edit goes through its offset map and spans
still point into the text as given), before segmentation, for every kind of input:

- a section or paragraph number alone on its line joins the line after it ("1.1" then "The");
- hard-wrapped lines (a PDF-text copy, ~90 columns) re-flow into one line per paragraph, and a
  word hyphenated across a line end is joined again ("partici-" "pants");
- a report on one line, or with every line break removed, is re-opened at the cues a reader
  uses: a number that continues the numbering, a cover-block label, a list marker, the closing
  signature.

Each function returns edits ``(start, end, replacement)`` for ``normalize._apply``; each repair
kind is counted into an info diagnostic.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator

import regex

from copparse.extract.lexicon import HONORIFIC_RE, NAME_RE
from copparse.lang import alternation, lexicon

__all__ = [
    "CODE_START",
    "NAME_LINE",
    "ROLE_LINE",
    "follows",
    "layout_rules",
    "lone_numbers",
    "reflow_wrapped",
    "reopen_long_lines",
]

_Edit = tuple[int, int, str]
_LEX = lexicon("en")

# "1", "1.", "1.1", "6.100": a number that can open a section or paragraph.
_LONE_NUMBER = regex.compile(r"\d{1,2}(?:\.\d{1,3}){0,3}\.?")
_OPENS_TEXT = regex.compile(r"""[\p{Lu}"'(\[]""")
# A numbered line of the report: the text after the number opens a sentence (a quoted
# resolution's "2. to report ..." does not).
_LINE_NUMBER = regex.compile(r"(\d{1,2}(?:\.\d{1,3}){0,3})\.?[ \t]*(?=[\p{Lu}\"'(\[])")
# Wrapped text: its lines are no wider than this, and most of them nearly that wide.
_MIN_WRAP, _MAX_WRAP = 40, 130
_SLACK = 0.06
_MIN_LINES = 8
_ENDS_SENTENCE = ".;:!?"
_LOWER = regex.compile(r"\p{Ll}")
_EVIDENT_SHARE = 0.03
# A line that goes on a sentence: it starts in lower case, or with a number and a lower-case word.
_GOES_ON = regex.compile(r"\p{Ll}|\d+[ \t]+\p{Ll}")
# A line this long holds several blocks that lost the breaks between them.
LONG_LINE = 1500
_MIN_REOPEN = 200
_MIN_COVER_CUES = 2


def _lines(text: str) -> Iterator[tuple[int, int]]:
    pos = 0
    for line in text.split("\n"):
        yield pos, pos + len(line)
        pos += len(line) + 1


def _parts(number: str) -> tuple[int, ...]:
    return tuple(int(x) for x in number.rstrip(".").split("."))


def follows(prev: tuple[int, ...] | None, num: tuple[int, ...]) -> bool:
    """Whether ``num`` is a plausible next section or paragraph number after ``prev``.

    Example: after (5, 2), (5, 3), (6,) and (6, 1) follow; (5, 5) and (7,) do not.
    """
    if prev is None:
        return num in ((1,), (1, 1)) or len(num) <= 2
    if len(num) == 1:
        return num[0] == prev[0] + 1
    if num[:-1] == prev[:-1] and num[-1] == prev[-1] + 1:
        return True
    if num[:-1] == prev and num[-1] == 1:
        return True
    return num[0] == prev[0] + 1 and all(x == 1 for x in num[1:])


def lone_numbers(text: str) -> Iterator[_Edit]:
    r"""A number alone on its line, in the numbering's order, joins the line after it.

    Example: ``"1.1\\nThe meeting"`` -> ``"1.1 The meeting"``; a page number ("5" before a line
    that goes on in lower case, or out of sequence) stays where it is.
    """
    prev: tuple[int, ...] | None = None
    lines = list(_lines(text))
    for i, (a, b) in enumerate(lines):
        m = _LINE_NUMBER.match(text, a, b)
        if m and m.end() < b:
            if follows(prev, _parts(m.group(1))) and not _DATE_AHEAD.match(text, m.end(1)):
                prev = _parts(m.group(1))
            continue
        if not _LONE_NUMBER.fullmatch(text, a, b) or i + 1 >= len(lines):
            continue
        c, d = lines[i + 1]
        num = _parts(text[a:b])
        if (
            c < d
            and _OPENS_TEXT.match(text, c)
            and not _DATE_AHEAD.match(text, c)
            and follows(prev, num)
        ):
            prev = num
            yield b, c, " "


def _wrap_width(lines: list[str]) -> int | None:
    """The width text was wrapped at, or ``None`` for text that was not hard-wrapped.

    Wrapped text shows it: some lines stop mid-sentence and the next goes on in lower case
    ("...took place from" / "12 to 13 February"); a text with a paragraph per line has none.
    """
    if len(lines) < _MIN_LINES:
        return None
    evident = sum(
        1
        for line, nxt in itertools.pairwise(lines)
        if line[-1] not in _ENDS_SENTENCE and _GOES_ON.match(nxt)
    )
    if evident < max(2, _EVIDENT_SHARE * len(lines)):
        return None
    ordered = sorted(len(line) for line in lines)
    width = ordered[int(0.95 * (len(ordered) - 1))]
    return width if _MIN_WRAP <= width <= _MAX_WRAP else None


def _in_capitals(line: str) -> bool:
    """Two or more words and no small letter: "OUTCOME OF THE SEVENTEENTH MEETING"."""
    return " " in line.strip() and sum(c.isupper() for c in line) >= 4 and not _LOWER.search(line)


def reflow_wrapped(
    starts_block: Callable[[str], bool],
) -> Callable[[str], Iterator[_Edit]]:
    """Re-flow hard-wrapped text: a line that was full goes on in the next, unless that one
    opens a block (``starts_block``: a numbered paragraph, a bullet, a label...).

    A line was full when the next line's first word would not have fitted on it.
    """  # noqa: D205

    def finder(text: str) -> Iterator[_Edit]:
        lines = list(_lines(text))
        width = _wrap_width([text[a:b] for a, b in lines if b > a])
        if width is None:
            return
        room = width * (1 - _SLACK)
        for i, ((a, b), (c, d)) in enumerate(itertools.pairwise(lines)):
            if a == b or c == d:
                continue
            nxt = text[c:d]
            first = nxt.split(" ", 1)[0]
            # A line that was full goes on; so does one that stops mid-sentence before a line
            # that goes on in lower case ("exploitation" / "of children online").
            evident = text[b - 1] not in _ENDS_SENTENCE and nxt[0].islower()
            if ((b - a) + 1 + len(first) <= room and not evident) or starts_block(nxt):
                continue
            if _in_capitals(nxt) and not _in_capitals(text[a:b]):
                continue  # a title in capitals after a cover line
            if i + 2 < len(lines) and _signature_pair(text, (c, d), lines[i + 2]):
                continue  # the closing signature's name, over its capacity
            if text[b - 1] == "-" and b - a > 1 and text[b - 2].isalpha() and nxt[0].islower():
                yield b - 1, c, ""  # "partici-" + "pants"
            else:
                yield b, c, " "

    return finder


_LABELS = alternation(s for v in _LEX.cover.labels.values() for s in v)
_COVER_CUES = alternation(
    [*_LEX.cover.document, *(f"{w}:" for w in _LEX.cover.original), *_LEX.cover.source_by]
)
_TITLE_CUES = alternation([*_LEX.cover.title_starts, *_LEX.cover.title_report])
# Where a block of the cover begins inside a long line (before the first numbered block only):
# before a label followed by its text, a cover field, a report title in capitals.
_DOCUMENT = alternation(_LEX.cover.document)
_AGENDA_ITEM = (
    rf"(?-i:{alternation(_LEX.cover.agenda_item_prefixes)})[ \t]+\d{{1,2}}(?:\.\d{{1,2}})*"
)
_SESSION = rf"(?-i:{alternation(_LEX.cover.council)})[ \t]+(?:19|20)\d\d"
_COVER_DATE = (
    rf"[0-3]?\d(?:{alternation(_LEX.numbers.ordinal_suffixes, bounded=False)})?[ \t]+"
    rf"(?:{alternation(_LEX.dates.months)})"
)
_COVER_CUE = regex.compile(
    rf"(?<=\S)[ \t]*(?=(?:{_LABELS})[ \t]*:?[ \t]*\p{{Lu}}"
    rf"|(?:{_COVER_CUES})|(?-i:(?i:{_TITLE_CUES})(?<=\p{{Lu}}{{2}}))|{_AGENDA_ITEM}(?!\S))"
    # After the Council session ("Council 2020"), an agenda item ("PL 1.5"), or a document
    # symbol, when the date or the next field follows: "Document C20/57-E 3 March 2020".
    rf"|(?<=(?<!\S){_SESSION}|(?<!\S){_AGENDA_ITEM}|(?:{_DOCUMENT})[ \t]*:?[ \t]*\S{{2,30}})"
    rf"[ \t]+(?!{alternation(_LEX.resolutions.revision)})(?=(?-i:\p{{Lu}})|{_COVER_DATE})",
    regex.IGNORECASE,
)
# Before a list marker, anywhere.
_BULLET_CUE = regex.compile(r"(?<=\S)[ \t]*(?=[·•▪●][ \t])")
# A paragraph or section number inside a line: after a sentence's end (space or not), or glued
# to a lower-case word ("...2014).1 Introduction", "remarks2.1 The").
_IN_LINE_NUMBER = regex.compile(
    r"(?:(?<=[.;:!?\"')\]])[ \t]*|(?<=[\p{Ll}\p{Lu}\d])[ \t]+)"
    r"(?P<num>\d{1,2}(?:\.\d{1,3}){0,2})\.?[ \t]*(?=[\p{Lu}\"(])"
    # "MEETING1 Opening": glued to the word before, so the text after must stand apart.
    r"|(?<=\p{L})(?P<num>\d{1,2}(?:\.\d{1,3}){0,2})(?=\.?[ \t]+[\p{Lu}\"(])"
)
# Words after which a number is a citation, not a paragraph: "Resolution 1306", "item 3".
# The Council's agenda items ("PL 1.5") are citations too.
_CITING = regex.compile(
    rf"{alternation([*_LEX.segment.citing, *_LEX.cover.agenda_item_prefixes])}[ \t]*$",
    regex.IGNORECASE,
)
_DATE_AHEAD = regex.compile(
    rf"[ \t]{{0,3}}(?:{alternation(_LEX.dates.months)}|{alternation(_LEX.dates.percent)}|%)",
    regex.IGNORECASE,
)


_GROUP_LETTERS = _LEX.group.code_letters
# The start of a contribution code: "WG-CP/", "(CWG-COP/", "WGCP/", "CWG COP/".
CODE_START = regex.compile(
    rf"\(?(?:{_GROUP_LETTERS['council']})?{_GROUP_LETTERS['working_group']}[- ]?"
    rf"(?:{_GROUP_LETTERS['child']})?(?:{_GROUP_LETTERS['online']})?"
    rf"{_GROUP_LETTERS['protection']}\s*/",
    regex.IGNORECASE,
)
_CODE = rf"(?:{CODE_START.pattern})\s?\d{{1,2}}\s?/\s?\d{{1,3}}(?!\d)"
_REVISION = rf"(?:\s?\(?\s?{alternation(_LEX.resolutions.revision)}\s?\d{{1,2}}\s?\)?)?"
# A list item of a contribution run into a line: its code, then the item's separator (":", a
# tab, "Contribution from"), not inside a word and not after an opening parenthesis.
_ITEM_FROM = [p for p in _LEX.contributions.from_ if " " in p.split(" [")[0]]
_CODE_ITEM = regex.compile(
    rf"(?<![\w/(-]){_CODE}{_REVISION}(?:[ \t]?:|\t|[ \t]+{alternation(_ITEM_FROM)})",
    regex.IGNORECASE,
)
_MARKERS = "-–—·•▪●"


def _code_item_cuts(text: str, a: int, b: int) -> Iterator[tuple[int, int]]:
    """Where each contribution listed inside ``text[a:b]`` begins, with its list marker."""
    for m in _CODE_ITEM.finditer(text, a, b):
        start = m.start()
        while start > a and text[start - 1] in " \t":
            start -= 1
        if start > a and text[start - 1] in _MARKERS:
            start -= 1
            while start > a and text[start - 1] in " \t":
                start -= 1
            at = start
            while text[at] in " \t":
                at += 1
            yield start, at
        else:
            yield start, m.start()


_PEOPLE = _LEX.people
# The closing signature: "Ms Eugenia Devincenzi (Republic of Argentina)", then its capacity,
# "Ad Hoc Chair, CWG-COP".
NAME_LINE = regex.compile(rf"(?:{HONORIFIC_RE}\s*)?{NAME_RE}(?:\s*\([^()]{{2,80}}\))?$")
ROLE_LINE = regex.compile(
    rf"(?:{alternation(_PEOPLE.signature_role_prefixes)}[- ])?"
    rf"{alternation(_PEOPLE.signature_roles)}[^.]{{0,80}}(?:,|$)[^.]{{0,60}}$",
    regex.IGNORECASE,
)
_SIGNATURE_REACH = 240
_TAIL_START = regex.compile(r"[.!?\"')](?:[ \t]*)(?=\p{Lu})")
_NAME_END = regex.compile(r"(?<=\))[ \t]*|[ \t]+|(?<=\p{Ll})(?=\p{Lu})")


def _signature_pair(text: str, name: tuple[int, int], role: tuple[int, int]) -> bool:
    """Whether two lines are a signature: "Omar Saleh" over "Chairman, WG-CP"."""
    return bool(NAME_LINE.fullmatch(text, *name) and ROLE_LINE.fullmatch(text, *role))


def _signature_cuts(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Where a signature run into the end of a line begins, and where its capacity begins.

    Example: ``"...standards. Ms A B (Chile) Ad Hoc Chair, CWG-COP"`` is cut before "Ms" and
    before "Ad"; the shortest name that leaves a capacity wins.
    """
    floor = max(a, b - _SIGNATURE_REACH)
    for t in _TAIL_START.finditer(text, floor, b):
        name_start = t.end()
        for n in _NAME_END.finditer(text, name_start, b):
            if NAME_LINE.fullmatch(text, name_start, n.start()) and ROLE_LINE.fullmatch(
                text, n.end(), b
            ):
                return [(t.start() + 1, name_start), (n.start(), n.end())]
    return []


def _number_cuts(
    text: str, a: int, b: int, prev: tuple[int, ...] | None
) -> tuple[dict[int, int], tuple[int, ...] | None]:
    """Where numbers that continue the numbering stand inside ``text[a:b]``, and the last."""
    cuts: dict[int, int] = {}
    # Overlapped: in "SDG 17.5.4 The" (a line break lost after "17."), "17.5.4" is no number
    # in sequence, but "5.4" is; inside a number taken ("2.3"), no other ("3") is tried.
    taken_until = a
    for m in _IN_LINE_NUMBER.finditer(text, a, b, overlapped=True):
        if m.start("num") < taken_until:
            continue
        num = _parts(m.group("num"))
        if _CITING.search(text, max(a, m.start() - 24), m.start()) or _DATE_AHEAD.match(
            text, m.end("num")
        ):
            taken_until = m.end("num")  # a citation or a date: no part of it is a number
            continue
        # Inside a line, the first number must be where numbering starts.
        if not (follows(prev, num) if prev is not None else num in ((1,), (1, 1))):
            continue
        prev = num
        taken_until = m.end("num")
        cuts[m.start()] = m.start("num")
    return cuts, prev


def reopen_long_lines(text: str) -> Iterator[_Edit]:
    """Cut a line that holds many blocks where a reader sees one begin.

    A line is re-opened when it is over ``LONG_LINE`` characters, or when two or more numbers
    inside it continue the numbering (a short report that lost its line breaks).

    Example: ``"...Resolution 1306 1 Introduction 1.1 At the"`` is cut before "1" (it follows
    no number yet) and before "1.1" (it follows 1); "Resolution 1306" is a citation.
    """
    prev: tuple[int, ...] | None = None
    for a, b in _lines(text):
        m = _LINE_NUMBER.match(text, a, b)
        if m and follows(prev, _parts(m.group(1))) and not _DATE_AHEAD.match(text, m.end(1)):
            prev = _parts(m.group(1))
        cuts, last = _number_cuts(text, a, b, prev) if b - a >= _MIN_REOPEN else ({}, prev)
        if prev is None and not m and len(cuts) < 2 and b - a <= LONG_LINE:
            # A cover line holding several cover fields ("... PL 1.5 Document C22/12-E 14
            # January 2022 Original: English ...") is a cover block run together.
            cover = [c for c in _COVER_CUE.finditer(text, a, b) if a < c.start()]
            if len(cover) >= _MIN_COVER_CUES:
                for c in cover:
                    yield c.start(), c.end(), "\n"
                continue
        if b - a < _MIN_REOPEN or (b - a <= LONG_LINE and len(cuts) < 2):
            continue
        header_end = min(cuts, default=b) if prev is None else a
        prev = last
        for c in _COVER_CUE.finditer(text, a, header_end):
            cuts.setdefault(c.start(), c.end())
        for c in _BULLET_CUE.finditer(text, a, b):
            cuts.setdefault(c.start(), c.end())
        for start, end in _code_item_cuts(text, a, b):
            cuts.setdefault(start, end)
        for start, end in _signature_cuts(text, a, b):
            cuts[start] = end
        for start in sorted(cuts):
            if a < start < b:
                yield start, cuts[start], "\n"


# A heading glued to the first words of its paragraph, at a line start: "4\tContributionsThere
# were nine" (case matters: the heading's last letter is small, the paragraph's first capital).
_GLUED_HEADING = regex.compile(
    rf"(?m:^)\d{{1,2}}\.?[ \t]*(?i:{alternation(_LEX.segment.headings, bounded=False)})"
    r"(?<=\p{Ll})(?=\p{Lu}\p{Ll})"
)


def glued_headings(text: str) -> Iterator[_Edit]:
    r"""A line break after a heading that lost it: ``"4\tContributionsThere were"``."""
    for m in _GLUED_HEADING.finditer(text):
        yield m.end(), m.end(), "\n"


def _layout_rules(
    starts_block: Callable[[str], bool],
) -> tuple[tuple[str, Callable[[str], Iterator[_Edit]]], ...]:
    return (
        ("reopened-line", reopen_long_lines),
        ("reopened-line", glued_headings),
        ("lone-number", lone_numbers),
        ("reflowed-line", reflow_wrapped(starts_block)),
        # Hard-wrapped text that had lost its line breaks is one long line once re-flowed.
        ("reopened-line", reopen_long_lines),
    )


def layout_rules() -> tuple[tuple[str, Callable[[str], Iterator[_Edit]]], ...]:
    """The layout repairs, in the order they run, each with its diagnostic name."""
    from copparse.segment import starts_block

    return _layout_rules(starts_block)
