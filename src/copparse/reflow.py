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

import functools
import itertools
import re
import string
from collections.abc import Callable, Iterable, Iterator

import regex

from copparse import patterncache
from copparse.extract.lexicon import HONORIFIC_RE, NAME_RE, is_honorific
from copparse.lang import alternation, lexicon
from copparse.rules import rule

__all__ = [
    "CODE_START",
    "NAME_LINE",
    "ROLE_LINE",
    "RUNNING_HEADER",
    "TITLE_SMALL",
    "follows",
    "item_continuations",
    "layout_rules",
    "lone_numbers",
    "reflow_wrapped",
    "reopen_long_lines",
]

_Edit = tuple[int, int, str]
_LEX = lexicon("en")

# "1", "1.", "1.1", "6.100": a number that can open a section or paragraph.
_LONE_NUMBER = patterncache.compile(r"\d{1,2}(?:\.\d{1,3}){0,3}\.?")
_LONGEST_LONE = len("12.123.123.123.")  # the longest text _LONE_NUMBER matches
_OPENS_TEXT = patterncache.compile(r"""[\p{Lu}"'(\[]""")
# A numbered line of the report: the text after the number opens a sentence (a quoted
# resolution's "2. to report ..." does not).
_LINE_NUMBER = patterncache.compile(r"(\d{1,2}(?:\.\d{1,3}){0,3})\.?[ \t]*(?=[\p{Lu}\"'(\[])")
# The ASCII characters other than a digit. Both patterns above open on a digit, so a line that
# opens with one of these is put to neither: a str test costs a tenth of the engine's call. (A
# character beyond ASCII may be a digit to the engine: such a line is put to them.)
NOT_A_DIGIT = frozenset(map(chr, range(128))) - frozenset("0123456789")


def never_opening(opens: Iterable[str]) -> frozenset[str]:
    """The ASCII characters outside ``opens``: where a pattern's matches can only begin with one
    of ``opens``, a line that opens with one of these is not put to it.
    """  # noqa: D205
    return frozenset(map(chr, range(128))) - frozenset(opens)


def both_cases(chars: Iterable[str]) -> str:
    """``chars`` in small and capital letters (the ASCII openings of a case-blind pattern)."""
    return "".join(sorted({c for ch in chars for c in (ch.lower(), ch.upper())}))


# Wrapped text: its lines are no wider than this, and most of them nearly that wide.
_MIN_WRAP, _MAX_WRAP = 40, 130
_SLACK = 0.06
_MIN_LINES = 8
_ENDS_SENTENCE = ".;:!?"
_LOWER = patterncache.compile(r"\p{Ll}")
_EVIDENT_SHARE = 0.03
# A line that goes on a sentence: it starts in lower case, or with a number and a lower-case word.
_GOES_ON = patterncache.compile(r"\p{Ll}|\d+[ \t]+\p{Ll}")
_GOES_ON_NEVER = never_opening(string.ascii_lowercase + string.digits)
# A line this long holds several blocks that lost the breaks between them.
LONG_LINE = 1500
_MIN_REOPEN = 200
_MIN_COVER_CUES = 2
_NUMBER_AHEAD = patterncache.compile(r"\d\.?[ \t]*[\"(\p{Lu}]")


_DIGIT = patterncache.compile(r"\d")
_ASCII_BYTES = bytes(range(128))


def only_ascii_digits(text: str) -> bool:
    r"""Whether every character of ``text`` that ``\d`` matches is an ASCII digit.

    Then a pattern that opens with ``\d`` finds in ``text`` what it finds opening with
    ``[0-9]`` (see :func:`ascii_led`), which the engine scans for four times as fast: it
    reads an ASCII range from a table, and ``\d`` from Unicode's. The characters beyond ASCII
    are what is left of the text's UTF-8 once its ASCII bytes are deleted (a character beyond
    ASCII is written with bytes of 0x80 and over only); they are few, and searched for a digit.
    """
    if text.isascii():
        return True
    try:
        rest = text.encode().translate(None, _ASCII_BYTES).decode()
    except UnicodeEncodeError:  # a lone surrogate: the plain searches are used
        return False
    return _DIGIT.search(rest) is None


def ascii_led(pattern: regex.Pattern[str], lead: str = "\\d", count: int = 1) -> regex.Pattern[str]:
    r"""``pattern`` with its first ``count`` ``lead`` read with ``[0-9]`` for ``\d``.

    ``lead`` is its opening ``\d``, or what opens each branch: in a text of
    :func:`only_ascii_digits` the two match alike at every position.
    """
    source = pattern.pattern
    if not source.startswith(lead) or source.count(lead) < count:
        raise ValueError(source)
    return patterncache.compile(
        source.replace(lead, lead.replace("\\d", "[0-9]"), count), pattern.flags
    )


_NUMBER_AHEAD_ASCII = ascii_led(_NUMBER_AHEAD)


def _lines(text: str) -> Iterator[tuple[int, int]]:
    pos = 0
    for line in text.split("\n"):
        yield pos, pos + len(line)
        pos += len(line) + 1


# A line break, then a character outside NOT_A_DIGIT: where a line begins that a number may
# open. (An ASCII class and a line break, read alike by both engines; the standard one finds a
# pattern that opens with a literal by a fast scan for it, the other tries every character.)
_DIGIT_LED = re.compile(r"\n[^\x00-\x2f\x3a-\x7f]")


def digit_led_lines(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each line of ``text`` (as ``_lines`` gives them) that opens with a
    character outside ``NOT_A_DIGIT``, in order: the only lines a number can open.
    """  # noqa: D205
    starts = [m.start() + 1 for m in _DIGIT_LED.finditer(text)]
    if text and text[0] not in NOT_A_DIGIT:
        starts.insert(0, 0)
    out = []
    for a in starts:
        b = text.find("\n", a)
        out.append((a, b if b >= 0 else len(text)))
    return out


def _parts(number: str) -> tuple[int, ...]:
    return tuple(map(int, number.rstrip(".").split(".")))


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
    size = len(text)
    lines = digit_led_lines(text)  # no number opens another line
    # Only a number alone on a line before another is joined: where none stands, the numbering
    # read from the other lines leads to nothing, and is not read.
    if not any(
        b - a <= _LONGEST_LONE and b < size and _LONE_NUMBER.fullmatch(text, a, b) for a, b in lines
    ):
        return
    for a, b in lines:
        m = _LINE_NUMBER.match(text, a, b)
        if m and m.end() < b:
            num = _parts(m.group(1))
            if follows(prev, num) and not date_ahead(text, m.end(1)):
                prev = num
            continue
        if b == size or not _LONE_NUMBER.fullmatch(text, a, b):
            continue  # (the last line has none after it)
        c = b + 1
        d = text.find("\n", c)
        d = size if d < 0 else d
        num = _parts(text[a:b])
        if c < d and _OPENS_TEXT.match(text, c) and not date_ahead(text, c) and follows(prev, num):
            prev = num
            yield b, c, " "


def _wrap_width(lines: list[str], starts_block: Callable[[str], bool] | None = None) -> int | None:
    """The width text was wrapped at, or ``None`` for text that was not hard-wrapped.

    Wrapped text shows it: some lines stop mid-sentence and the next goes on in lower case
    ("...took place from" / "12 to 13 February"); a text with a paragraph per line has none.
    """
    if len(lines) < _MIN_LINES:
        return None
    ordered = sorted(len(line) for line in lines)
    width = ordered[int(0.95 * (len(ordered) - 1))]
    if not _MIN_WRAP <= width <= _MAX_WRAP:
        return None
    # A short report has few lines that go on in lower case; a full line that stops
    # mid-sentence where the next word would not have fitted, before a line that ends the
    # sentence or is full itself ("...held at ITU" / "Headquarters in Geneva."), shows the
    # wrap as well. A heading, a label or a list item after a cover line ends no sentence.
    # (A numbered line may be longer than the width: its number was joined to it.)
    full = width * (1 - _SLACK)

    def wrapped_at_full(line: str, nxt: str) -> bool:
        return (
            len(line) >= full
            and len(line) + 1 + len(nxt.split(" ", 1)[0]) > width
            and (nxt[-1] in _ENDS_SENTENCE or len(nxt) >= full)
            and not _in_capitals(line)
            and not _in_capitals(nxt)
            and not (starts_block and starts_block(nxt))
        )

    # Counted until there are enough: a hard-wrapped copy shows its wrap on most lines.
    needed = max(2, _EVIDENT_SHARE * len(lines))
    evident = 0
    for line, nxt in itertools.pairwise(lines):
        if line[-1] not in _ENDS_SENTENCE and (
            (nxt[0] not in _GOES_ON_NEVER and _GOES_ON.match(nxt)) or wrapped_at_full(line, nxt)
        ):
            evident += 1
            if evident >= needed:
                return width
    return None


def _in_capitals(line: str) -> bool:
    """Two or more words and no small letter: "OUTCOME OF THE SEVENTEENTH MEETING"."""
    # The small-letter test first: most lines have one among their first two characters,
    # which a str comparison sees without a call into the engine.
    if "a" <= line[:1] <= "z" or "a" <= line[1:2] <= "z":
        return False
    return not _LOWER.search(line) and " " in line.strip() and sum(map(str.isupper, line)) >= 4


def reflow_wrapped(
    starts_block: Callable[[str], bool],
) -> Callable[[str], Iterator[_Edit]]:
    """Re-flow hard-wrapped text: a line that was full goes on in the next, unless that one
    opens a block (``starts_block``: a numbered paragraph, a bullet, a label...).

    A line was full when the next line's first word would not have fitted on it.
    """  # noqa: D205

    def finder(text: str) -> Iterator[_Edit]:
        lines = list(_lines(text))
        # Asked of a line by the wrap's measure and again below: answered once.
        opens_block = functools.cache(starts_block)
        width = _wrap_width([text[a:b] for a, b in lines if b > a], opens_block)
        if width is None:
            return
        room = width * (1 - _SLACK)
        in_item = joined = False  # the paragraph being re-flowed is a list item
        for i, ((a, b), (c, d)) in enumerate(itertools.pairwise(lines)):
            if a == b or c == d:
                joined = False
                continue
            if not joined:
                in_item = (
                    text[a] not in _LIST_ITEM_NEVER
                    and _LIST_ITEM_START.match(text, a, b) is not None
                )
            joined = False
            space = text.find(" ", c, d)
            first = (space if space >= 0 else d) - c  # the length of its first word
            # A line that was full goes on; so does one that stops mid-sentence before a line
            # that goes on in lower case ("exploitation" / "of children online").
            evident = text[b - 1] not in _ENDS_SENTENCE and text[c].islower()
            if (b - a) + 1 + first <= room and not evident:
                continue
            nxt = text[c:d]
            # "Document CWG-COP/5/4 (BDT): ..." is a list item, though no block rule says so.
            if opens_block(nxt) or (
                nxt[0] not in _CODE_ITEM_NEVER and _CODE_ITEM.match(nxt) is not None
            ):
                continue
            if _in_capitals(nxt) and not _in_capitals(text[a:b]):
                continue  # a title in capitals after a cover line
            if nxt[0].isupper() and _TITLE_LINE.pattern.match(text, a, b):
                continue  # a title in small letters, then the report's first sentence
            if (
                i + 2 < len(lines)
                and nxt[0] not in _NAME_LINE_NEVER
                and _signature_pair(text, (c, d), lines[i + 2])
            ):
                continue  # the closing signature's name, over its capacity
            if in_item and _SENTENCE_OPENS.match(nxt):
                continue  # a title without a full stop, then the discussion after the list
            joined = True
            if text[b - 1] == "-" and b - a > 1 and text[b - 2].isalpha() and nxt[0].islower():
                yield b - 1, c, ""  # "partici-" + "pants"
            else:
                yield b, c, " "

    return finder


_LABELS_GLUED = alternation((s for v in _LEX.cover.labels.values() for s in v), bounded=False)
# A cover field never opens inside brackets or after a small word: "The agenda (Document
# WG-CP/7/1) was adopted", "Sweden presented Document WG-CP/7/3" name a document in a sentence.
_COVER_CUES_GLUED = (
    rf"(?<!\(|\p{{Ll}}[ \t]{{1,3}}){alternation(_LEX.cover.document, bounded=False)}|"
    + alternation([*(f"{w}:" for w in _LEX.cover.original), *_LEX.cover.source_by], bounded=False)
)
_TITLE_CUES_GLUED = alternation(
    (t.upper() for t in [*_LEX.cover.title_starts, *_LEX.cover.title_report]), bounded=False
)
# The title of an update or an information document in capitals ("PROGRESS REPORT ON THE COP
# INITIATIVE", after "Report by the Secretary-General"): a cover field of its own, so that the
# report gate sees the document's own title at a line start (report.update_title).
_UPDATE_CUES_GLUED = alternation(
    (
        f"{t} {link}".upper()
        for t in _LEX.report.update_titles
        for link in _LEX.report.update_title_links
    ),
    bounded=False,
)
_SYMBOL_LANGUAGE = f"[{''.join(_LEX.cover.symbol_languages)}]"
# Where a block of the cover begins inside a long line (before the first numbered block only):
# before a label followed by its text, a cover field, a report title in capitals.
_DOCUMENT = alternation(_LEX.cover.document)
_DATE_LABEL = alternation(_LEX.cover.date)
_AGENDA_ITEM = (
    rf"(?-i:{alternation(_LEX.cover.agenda_item_prefixes)})[ \t]+\d{{1,2}}(?:\.\d{{1,2}})*"
)
_SESSION = rf"(?-i:{alternation(_LEX.cover.council)})[ \t]+(?:19|20)\d\d"
_COVER_DATE = (
    rf"[0-3]?\d(?:{alternation(_LEX.numbers.ordinal_suffixes, bounded=False)})?[ \t]+"
    rf"(?:{alternation(_LEX.dates.months)})"
)
# Before a cover field, label or title, also when a copy without line breaks glued it to the
# text before ("Original: EnglishReport by the ...", "PROTECTIONSummaryThis report"). Case
# matters: "Summary" is a label, "summary" a word.
_COVER_BEFORE = patterncache.compile(
    rf"(?<=\S)[ \t]*(?=(?:{_LABELS_GLUED})[ \t]*:?[ \t]*\p{{Lu}}|{_COVER_CUES_GLUED}"
    rf"|{_TITLE_CUES_GLUED}|{_UPDATE_CUES_GLUED}(?![\p{{Ll}}\d])|{_AGENDA_ITEM}(?!\S))"
)
# _COVER_BEFORE's look-ahead alone: the engine tries it at each character, and the blanks and
# the look-behind before it are read back from where it holds (see _cover_cuts).
_COVER_CUE = patterncache.compile(
    _COVER_BEFORE.pattern.removeprefix(r"(?<=\S)[ \t]*"), _COVER_BEFORE.flags
)
_NOT_WHITE = patterncache.compile(r"\S")
# A report title in capitals run into the cover field after it ("... ON CHILD ONLINE PROTECTION
# Geneva, 21-22 February 2012"): past its meeting noun, it ends before its first word that is
# not in capitals (a capital and a small letter, or a small letter, first). A word that opens
# with a figure ("12th", "12thMEETING") or a slip of case inside ("FIFtEENTH") is still the
# title's, unless a small word follows ("9th meeting"); a bare number after it is a heading's,
# so no cut is made there.
_NOT_IN_CAPITALS = r"\(?\p{Lu}\p{Ll}|\p{Ll}|\d{1,3}\p{Ll}{2}[ \t]+\p{Ll}"
# Glued to the title's last word in a copy whose breaks were removed: "PROTECTIONGeneva",
# "PROTECTION(Geneva", "PROTECTION9th meeting"; never "PROTECTION(CWG-COP)".
_GLUED_END = r"(?<=\p{Lu}{2})(?=\(?\p{Lu}\p{Ll}{2}|\d{1,3}\p{Ll}{2}[ \t]+\p{Ll})"
_TITLE_WORD = (
    rf"[ \t]+(?!{_NOT_IN_CAPITALS}|\d{{1,2}}(?:\.\d{{1,3}})*\.?(?:[ \t]|$))(?:(?!{_GLUED_END})\S)+"
)
_TITLE_NOUN = alternation((w.upper() for w in _LEX.cover.title_meeting), bounded=False)
_TITLE_END = rule(
    "cover.reopen.title_end",
    "document.title",
    rf"(?:{_TITLE_CUES_GLUED})(?:{_TITLE_WORD}){{0,12}}?[ \t]+\S*?{_TITLE_NOUN}S?"
    rf"(?:(?!\S)|{_GLUED_END})(?:{_TITLE_WORD}){{0,30}}?"
    rf"(?:(?P<gap>[ \t]+)(?={_NOT_IN_CAPITALS})|(?P<gap>){_GLUED_END})",
    "Where a report title in capitals ends inside a cover run into one line: before its first"
    " word not in capitals ('... CHILD ONLINE PROTECTION Geneva, 21-22 February 2012').",
    examples=[
        (
            "REPORT OF THE FIFTH MEETING OF THE COUNCIL WORKING GROUP ON CHILD ONLINE PROTECTION"
            " Geneva, 21-22 February 2012",
            "REPORT OF THE FIFTH MEETING OF THE COUNCIL WORKING GROUP ON CHILD ONLINE PROTECTION ",
        ),
        (
            "OUTCOME OF THE FIFtEENTH AND 16th MEETINGS (CWG-COP) Summary This report",
            "OUTCOME OF THE FIFtEENTH AND 16th MEETINGS (CWG-COP) ",
        ),
        ("SUMMARY OF THE 10th MEETING (Geneva, 29 September 2015)", "SUMMARY OF THE 10th MEETING "),
        ("SUMMARY OF THE NINTH MEETING 9th meeting - Geneva", "SUMMARY OF THE NINTH MEETING "),
        (
            "SUMMARY OF THE NINTH MEETING OF CWG-COP9th meeting",
            "SUMMARY OF THE NINTH MEETING OF CWG-COP",
        ),
        ("REPORT OF THE FIFTH MEETINGGeneva, 21-22 February", "REPORT OF THE FIFTH MEETING"),
        (
            "REPORT OF THE FIFTH MEETING OF WG-CP(Geneva, 21 May)",
            "REPORT OF THE FIFTH MEETING OF WG-CP",
        ),
    ],
    counter_examples=[
        "REPORT OF THE FIFTH MEETING OF THE GROUP 1 Opening of the meeting",
        "REPORT OF THE recent MEETING OF THE GROUP Geneva",
        "REPORT OF THE FIFTH MEETING OF THE GROUP(CWG-COP)",
        "Report of the fifth meeting Geneva",
        "REPORT OF THE FIFTH MEETING OF THE GROUP",
    ],
)
# A report title in small letters run into the cover ("Council Working Group on Child Online
# Protection Report of the sixth meeting Geneva, 8 October 2012"): as the lexicon writes it
# ("Report of the", case kept, so "the report of the sixth meeting" is none), up to four words
# (its ordinals: "sixth", "7th and 8th"), the meeting noun, and the group's name after "of the"
# if there; after the group's name or a year (a cover field) or at a line start, never inside
# a sentence. It begins a line, and so does what follows it.
_TITLE_STARTS = alternation([*_LEX.cover.title_starts, *_LEX.cover.title_report], bounded=False)
_GROUP_NAMES = alternation(
    [*_LEX.group.names, *_LEX.group.abbreviations, *_LEX.group.subject], bounded=False
)
# The group's name in a title may carry its abbreviation in brackets: "... on Child Online
# Protection (CWG-COP)"; when it does, the title never ends before it.
_GROUP_ABBREVIATIONS = alternation(_LEX.group.abbreviations, bounded=False)
_TITLE_IN_SMALL_LETTERS = (
    rf"{_TITLE_STARTS}[ \t]+(?i:(?:[^\s.,;:()]+[ \t]+){{0,4}}?{_TITLE_NOUN}s?)"
    rf"(?:[ \t]+{alternation(_LEX.cover.title_group_links)}[ \t]+{_GROUP_NAMES}"
    rf"(?:[ \t]*\((?:{_GROUP_ABBREVIATIONS})\))?+)?"
)
TITLE_SMALL = rule(
    "cover.reopen.title_small_letters",
    "document.title",
    rf"(?:(?<=(?:{_GROUP_NAMES}|(?<!\d)(?:19|20)\d\d))[ \t]*|(?m:^))"
    rf"(?P<title>{_TITLE_IN_SMALL_LETTERS})(?P<gap>[ \t]*)(?=[\p{{Lu}}\d(])",
    "A report title in small letters inside a cover run into one line: it and what follows it"
    " begin lines ('... Protection Report of the sixth meeting Geneva, 8 October 2012').",
    examples=[
        (
            "Child Online Protection Report of the sixth meeting Geneva, 8 October 2012",
            "Report of the sixth meeting",
        ),
        (
            "Report of the fifth meeting of the Working Group on Child Online Protection Geneva",
            "Report of the fifth meeting of the Working Group on Child Online Protection",
        ),
        (
            "WG-CP Report of the sixth meeting of the Council Working Group on Child Online"
            " Protection Geneva",
            "Report of the sixth meeting of the Council Working Group on Child Online Protection",
        ),
        (
            "Geneva, 12 March 2013 Outcome of the 7th and 8th meetings Document",
            "Outcome of the 7th and 8th meetings",
        ),
        (
            "Child Online ProtectionReport of the sixth meetingGeneva, 8 October",
            "Report of the sixth meeting",
        ),
        (
            "Date: 14 October 2011 Report of the fourth meeting of the Council Working Group on"
            " Child Online Protection (CWG-COP) The fourth meeting",
            "Report of the fourth meeting of the Council Working Group on Child Online Protection"
            " (CWG-COP)",
        ),
    ],
    counter_examples=[
        "Child Online Protection Report of the Chairman Geneva",
        "noted the report of the sixth meeting Geneva",
        "Child Online Protection Report of the sixth meeting. The Group",
        "Please find attached the Report of the sixth meeting Geneva",
    ],
    group="title",
)
# A hard-wrapped copy: a line that is a whole report title in small letters ends it, though
# it looks full; the report's first sentence after it is a paragraph of its own.
_TITLE_LINE = rule(
    "reflow.title_line",
    "document.title",
    rf"(?m:^)(?P<title>{_TITLE_IN_SMALL_LETTERS})[ \t]*(?m:$)",
    "A line that is a whole report title in small letters: a hard-wrapped copy's next line is"
    " not joined to it.",
    examples=[
        (
            "Report of the fourth meeting of the Working Group on Child Online Protection (WG-CP)",
            "Report of the fourth meeting of the Working Group on Child Online Protection (WG-CP)",
        ),
        ("Outcome of the 7th and 8th meetings", "Outcome of the 7th and 8th meetings"),
    ],
    counter_examples=[
        "Report of the fourth meeting of the Working Group on Child Online Protection was",
        "The report of the sixth meeting",
        "Report of the Chairman of the Working Group on Child Online Protection",
    ],
    group="title",
)
_NOT_REVISION = rf"(?!{alternation(_LEX.resolutions.revision)})"
# After the Council session ("Council 2020"), an agenda item ("PL 1.5"), a document symbol
# ("Document C20/57-E 3 March 2020", glued: "C20/57-E3 March"), or the date of a "Date:" label
# ("Date: 30th September 201510th"): the gap after each is where the next field begins.
_COVER_AFTER = [
    patterncache.compile(
        rf"(?:(?<!\S){_SESSION}|(?<!\S){_AGENDA_ITEM}"
        rf"|(?:{_DOCUMENT})[ \t]*:?[ \t]*\S{{2,30}}(?<!\p{{Lu}}\d))"
        rf"(?P<gap>[ \t]+){_NOT_REVISION}(?=\p{{Lu}}|{_COVER_DATE})"
    ),
    patterncache.compile(
        rf"(?:{_DATE_LABEL})[ \t]*:[ \t]*{_COVER_DATE}[ \t]+(?:19|20)\d\d(?P<gap>[ \t]*)(?=\S)"
    ),
    patterncache.compile(
        rf"(?<![\w/])C\d{{2}}/\d{{1,3}}(?:\s?\(Rev\.\s?\d+\))?-{_SYMBOL_LANGUAGE}"
        rf"(?P<gap>)(?={_COVER_DATE})"
    ),
]


def _cover_cuts(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Where each field of a cover block run into one line begins: ``(start, end)`` of the gap."""
    # The matches of _COVER_BEFORE.finditer(text, a, b), from where its look-ahead holds: each
    # word the look-ahead reads opens with a capital, so it never holds at a blank, and a
    # match's greedy blanks reach exactly to where it holds (giving one back leaves a blank
    # before the look-ahead). A match opens where that run of blanks begins, if a character
    # other than white space stands before it; inside the run one stands behind, so there is
    # no other start and none is skipped. Below ``a`` no match opens: the run is read back no
    # further, and a blank before ``a`` fails the test as the look-behind fails.
    # tests/test_fast_16ad.py holds the two equal.
    cuts: dict[int, int] = {}
    for m in _COVER_CUE.finditer(text, a, b):
        start = end = m.start()
        while start > a and text[start - 1] in " \t":
            start -= 1
        if start > 0 and _NOT_WHITE.match(text, start - 1):
            cuts[start] = end
    for pattern in (*_COVER_AFTER, _TITLE_END.pattern):
        for m in pattern.finditer(text, a, b):
            cuts.setdefault(m.start("gap"), m.end("gap"))
    for m in TITLE_SMALL.finditer(text, a, b):
        cuts.setdefault(m.start(), m.start("title"))
        cuts.setdefault(m.start("gap"), m.end("gap"))
    return sorted((s, e) for s, e in cuts.items() if a < s < b)


# Before a list marker, anywhere.
_BULLET_CUE = patterncache.compile(r"(?<=\S)[ \t]*(?=[·•▪●][ \t]|[-–—]\t)")
# A paragraph or section number inside a line: after a sentence's end (space or not), or glued
# to a lower-case word ("...2014).1 Introduction", "remarks2.1 The").
_IN_LINE_NUMBER = patterncache.compile(
    r"(?:(?<=[.;:!?\"')\]])[ \t]*|(?<=[\p{Ll}\p{Lu}\d])[ \t]+)"
    r"(?P<num>\d{1,2}(?:\.\d{1,3}){0,2})\.?[ \t]*(?=[\p{Lu}\"(])"
    # "MEETING1 Opening": glued to the word before, so the text after must stand apart.
    r"|(?<=\p{L})(?P<num>\d{1,2}(?:\.\d{1,3}){0,2})(?=\.?[ \t]+[\p{Lu}\"(])"
    # "Helpline data for 20213.2 The": a paragraph number glued to a figure that ends the
    # sentence before (only in sequence, as every number here).
    r"|(?<=\d)(?P<num>\d{1,2}\.\d{1,3}(?:\.\d{1,3})?)(?=\.?[ \t]+[\p{Lu}\"(])"
    # "WTDC-17 Resolution 671 Introduction": a heading's number glued to a figure, before a
    # heading the lexicon knows.
    rf"|(?<=\d)(?P<num>\d{{1,2}})(?=\.?[ \t]+{alternation(_LEX.segment.headings, bounded=False)}"
    r"(?!\p{Ll}))"
)
# The same matches, each found at the digit its number opens with (the text before it read by
# look-behinds): the engine skips from digit to digit, where _IN_LINE_NUMBER tries its
# look-behinds at every character. A match of the first branch of _IN_LINE_NUMBER opens where
# the run of blanks before its number begins, and there only (at a character inside the run,
# a blank stands behind); one of the other branches opens at the number, a letter or a digit
# behind it. So each number opens at most one match, found by this pattern at its first digit
# (the run before it is the look-behind's), and its start is where that run begins. The
# branches go in the same order, with the same groups (``\d\d?`` is ``\d{1,2}``).
# tests/test_fast_16ad.py holds the two equal.
_IN_LINE_NUMBER_AT_DIGIT = patterncache.compile(
    r"(?P<num>\d(?:(?<=[.;:!?\"')\]][ \t]*\d)|(?<=[\p{Ll}\p{Lu}\d][ \t]+\d))\d?(?:\.\d{1,3}){0,2})"
    r"\.?[ \t]*(?=[\p{Lu}\"(])"
    r"|(?P<num>\d(?<=\p{L}\d)\d?(?:\.\d{1,3}){0,2})(?=\.?[ \t]+[\p{Lu}\"(])"
    r"|(?P<num>\d(?<=\d\d)\d?\.\d{1,3}(?:\.\d{1,3})?)(?=\.?[ \t]+[\p{Lu}\"(])"
    rf"|(?P<num>\d(?<=\d\d)\d?)(?=\.?[ \t]+{alternation(_LEX.segment.headings, bounded=False)}"
    r"(?!\p{Ll}))"
)


_IN_LINE_NUMBER_AT_ASCII_DIGIT = ascii_led(_IN_LINE_NUMBER_AT_DIGIT, "(?P<num>\\d", 4)


def in_line_numbers(
    text: str, a: int, b: int, ascii_digits: bool = False
) -> Iterator[tuple[int, regex.Match[str]]]:
    """``(m.start(), m)`` of each match ``m`` of ``_IN_LINE_NUMBER.finditer(text, a, b,
    overlapped=True)`` inside line ``text[a:b]`` (``a`` where a line begins), in order, with
    the groups of ``_IN_LINE_NUMBER_AT_DIGIT``'s match in place of ``m``'s (``ascii_digits``:
    ``text`` is one of :func:`only_ascii_digits`).
    """  # noqa: D205
    at_digit = _IN_LINE_NUMBER_AT_ASCII_DIGIT if ascii_digits else _IN_LINE_NUMBER_AT_DIGIT
    for m in at_digit.finditer(text, a, b, overlapped=True):
        start = m.start()
        while start > a and text[start - 1] in " \t":
            start -= 1
        yield start, m


# Words after which a number is a citation, not a paragraph: "Resolution 1306", "item 3".
# The Council's agenda items ("PL 1.5") are citations too.
_CITING = patterncache.compile(
    rf"{alternation([*_LEX.segment.citing, *_LEX.cover.agenda_item_prefixes])}[ \t]*$",
    regex.IGNORECASE,
)
# "3 Documents 3.1 The Group": a heading word that cites ("Documents 5 and 6") right after its
# own section number is the heading, and the number after it opens the first paragraph; so in
# a heading that opens with a heading word ("2 Contributions and documents 2.1 The").
_HEADING_BEFORE = patterncache.compile(
    rf"(?<!\d)(?<!\d\.)\d{{1,2}}\.?[ \t]+{alternation(_LEX.segment.headings)}"
    rf"(?:[ \t]+\p{{L}}+){{0,4}}[ \t]*$",
    regex.IGNORECASE,
)
_HEADING_REACH = 80
_DATE_AHEAD = patterncache.compile(
    rf"[ \t]{{0,3}}(?:{alternation(_LEX.dates.months)}|{alternation(_LEX.dates.percent)}|%)",
    regex.IGNORECASE,
)
# The ASCII characters that open no month, no percent word and no "%" (in either case).
_DATE_NEVER = never_opening(
    both_cases(w[0] for w in (*_LEX.dates.months, *_LEX.dates.percent)) + "%"
)


def date_ahead(text: str, at: int) -> bool:
    """``_DATE_AHEAD.match(text, at)``: a month or a percentage after a number.

    Past at most three spaces or tabs, the pattern reads a month, a percent word or "%": where
    the character there is ASCII and opens none of them (in either case: the pattern is
    case-blind), or the text ends, it fails, as a str test shows without the engine.
    """
    c = text[at : at + 4].lstrip(" \t")[:1]
    if not c or c in _DATE_NEVER:
        return False
    return _DATE_AHEAD.match(text, at) is not None


_GROUP_LETTERS = _LEX.group.code_letters
# The start of a contribution code: "WG-CP/", "(CWG-COP/", "WGCP/", "CWG COP/".
_GROUP_PART = (
    rf"(?:{_GROUP_LETTERS['council']})?{_GROUP_LETTERS['working_group']}[- ]?"
    rf"(?:{_GROUP_LETTERS['child']})?(?:{_GROUP_LETTERS['online']})?"
    rf"{_GROUP_LETTERS['protection']}\s*/"
)
CODE_START = patterncache.compile(rf"\(?{_GROUP_PART}", regex.IGNORECASE)
_CODE = rf"{_GROUP_PART}\s?\d{{1,2}}\s?/\s?\d{{1,3}}(?!\d)"
_REVISION = rf"(?:\s?\(?\s?{alternation(_LEX.resolutions.revision)}\s?\d{{1,2}}\s?\)?)?"
# A list item of a contribution run into a line: its code, then the item's separator (":", a
# tab, "Contribution from"), not inside a word and not after an opening parenthesis.
_ITEM_FROM = [p for p in _LEX.contributions.from_ if " " in p.split(" [")[0]]
# What follows a listed code: the item's separator.
_ITEM_SEPARATOR = (
    rf"(?:[ \t]?:|\t|[ \t]+{alternation(_ITEM_FROM)}"
    # "CODE (Submitter): Title", "CODE (Submitter) – Title", "CODE – Submitter – Title".
    # The brackets may hold a pair of their own: "(WTSA Resolution 102 (Rev. New Delhi, 2024)".
    r"|[ \t]?\((?:[^()\n]|\([^()\n]{1,40}\)){2,80}\)[ \t]?(?::|[-–—][ \t])"
    r"|[ \t]+[-–—][ \t]+[^-–—:\n]{2,80}?[ \t][-–—][ \t])"
)
# The word that may open a listed item before its code ("Document WG-CP/7/3 (Sweden): ..."),
# but not a heading's after its number ("3 Documents WG-CP/4/2 (Kenya): ...").
_ITEM_LEAD = (
    rf"(?<!(?<![\d.])\d{{1,2}}\.?[ \t]{{1,3}})"
    rf"{alternation(_LEX.documents.document_words, bounded=False)}[ \t]+"
)
_CODE_ITEM = patterncache.compile(
    # Glued to the item before it in a copy without line breaks: "educationCWG-COP/14/3",
    # "Council 2012Document WG-CP/6/3".
    rf"(?:(?<![\w/(-])|(?-i:(?<=[\p{{Ll}}\d])(?=\p{{Lu}})))"
    rf"(?:{_ITEM_LEAD})?{_CODE}{_REVISION}{_ITEM_SEPARATOR}",
    regex.IGNORECASE,
)
DOCUMENT_ITEM = rule(
    "contribution.item.document_lead",
    "contributions.listed",
    rf"{_ITEM_LEAD}{_CODE}{_REVISION}{_ITEM_SEPARATOR}",
    "A line opened by a document word, then a code and an item's separator, is a list item:"
    " 'Document WG-CP/7/3 (Kingdom of Sweden): Parental controls in practice'.",
    examples=[
        (
            "Document WG-CP/7/3 (Kingdom of Sweden): Parental controls",
            "Document WG-CP/7/3 (Kingdom of Sweden):",
        ),
        ("Doc. CWG-COP/22/5 – Brazil – A plan", "Doc. CWG-COP/22/5 – Brazil – "),
    ],
    counter_examples=[
        "Document WG-CP/11/4 from the Secretariat was noted.",
        "Document WG-CP/7/3 and answered questions.",
        "Document WG-CP/7/1) was adopted.",
        "Document WG-CP/4/9",
    ],
    flags=regex.IGNORECASE,
).pattern
# A code wrapped to a line start that goes on a sentence, where no list item opens: in brackets
# ("(CWG-COP/27/3).", "(WG-CP/5/5) and ..."), or bare ("... as set out in" / "CWG-COP/27/3. The
# Group ..."), ending a sentence or a clause (a full stop, comma or semicolon, then a space or
# the line's end) or before a word in small letters that is no article ("CWG-COP/24/5 the ITU
# Secretariat Annual report" is a table's row). A list item's code is followed by its separator
# (":", "(Submitter)", "–", a tab, "Contribution from") or stands alone (a table's cell).
CODE_IN_SENTENCE = rule(
    "segment.code_in_sentence",
    "sections",
    rf"\([ \t]?{_CODE}{_REVISION}[ \t]?\)(?=[ \t]*(?:[.,;:)]|(?-i:\p{{Ll}})|$))"
    rf"|{_CODE}{_REVISION}(?=[.,;](?:[ \t]|$)"
    rf"|[ \t]+(?!{alternation(_LEX.contributions.articles)})(?-i:\p{{Ll}}))",
    "A contribution code wrapped to a line start that goes on a sentence: the code in brackets"
    " before a stop or a small letter, or bare before a full stop, comma or semicolon and a"
    " space, or before a word in small letters other than an article (a table row's submitter"
    " may open with one). No list item opens there.",
    examples=[
        ("(CWG-COP/27/3).", "(CWG-COP/27/3)"),
        ("(WG-CP/5/5) and the report of the Secretariat.", "(WG-CP/5/5)"),
        ("CWG-COP/27/3. The Group welcomed the plan.", "CWG-COP/27/3"),
        ("CWG-COP/27/3, which the Group welcomed.", "CWG-COP/27/3"),
        ("WG-CP/5/5 and the report of the Secretariat.", "WG-CP/5/5"),
    ],
    counter_examples=[
        "CWG-COP/27/3: Principles of rights by design",
        "(CWG-COP/27/3) Principles of rights by design",
        "CWG-COP/27/3 (Kenya): A national plan",
        "CWG-COP/27/3 – Kenya – A national plan",
        "CWG-COP/27/3 Contribution from Kenya: A national plan",
        "CWG-COP/27/3\tKenya\tA national plan",
        "CWG-COP/27/3 the ITU Secretariat Annual report",
        "CWG-COP/27/3",
    ],
    flags=regex.IGNORECASE,
).pattern
_MARKERS = "-–—·•▪●"
# A running header: a short line that names the group (or its document) and the report, its
# parts set apart by a dash, a bar or a tab: "CWG-COP/27 – Outcome report", "Report of the
# CWG-COP | 27th meeting". A PDF prints it at the top of every page after the cover, so a copy
# holds it between paragraphs, once a page from page 2 on.
_GROUP_NAMED = alternation(
    [*_LEX.group.abbreviations, *_LEX.group.names, *_LEX.group.subject], bounded=False
)
RUNNING_HEADER = rule(
    "furniture.running_header",
    "text",
    rf"(?<![^\n])(?!\d|[{_MARKERS}]|{_CODE_ITEM.pattern})(?=[^\n]{{3,80}}$)"
    rf"(?=[^\n]*?(?:{_GROUP_NAMED}|{_GROUP_PART}))"
    r"(?=[^\n]*?(?:[ \t][-–—|][ \t]|\t))"
    rf"(?=[^\n]*?{alternation([*_LEX.documents.record, *_LEX.meetings.nouns])})"
    r"[^\n]*[^.;:!?\n]$",
    "A running header's line: it names the group and the report, in parts set apart by a dash,"
    " a bar or a tab. Page furniture where it stands at the top of a PDF's pages after the"
    " first, or alone between paragraphs of a copy, repeated. A contribution's list item (its"
    " code, then a separator and a submitter or title) is none.",
    examples=[
        ("CWG-COP/27 – Outcome report", "CWG-COP/27 – Outcome report"),
        ("CWG-COP/27/12 - Outcome report", "CWG-COP/27/12 - Outcome report"),
        ("Report of the CWG-COP | 27th meeting", "Report of the CWG-COP | 27th meeting"),
        ("Summary record of the WG-CP\t13th meeting", "Summary record of the WG-CP\t13th meeting"),
    ],
    counter_examples=[
        "Chairman, CWG-COP",
        "CWG-COP/27/3 – Kenya – A national plan",
        "CWG-COP/27/3\tKenya\tA national plan",
        "3.1 The CWG-COP – its members – agreed on the report.",
        "• CWG-COP/27/3 – Outcome report of the survey",
        "CWG-COP/27/3 – Secretariat – Report on the survey of 2027",
        "CWG-COP/27/3 (Secretariat) – Report on the survey",
        "The report of the CWG-COP – as adopted.",
    ],
    flags=regex.IGNORECASE,
).pattern
_CONTRIBUTIONS = _LEX.contributions
# How a sentence of running text opens after a list: "The Ugandan contribution highlighted",
# "Bulgaria presented its centre" (a submitter presenting).
_OPENS = (
    rf"(?-i:{alternation(_LEX.segment.sentence_openers, bounded=False)})"
    r"[ \t]+(?:\S{1,30}[ \t]+)?\p{Ll}"
    rf"|(?:\p{{Lu}}[\w&'’-]*[ \t]+){{1,4}}"
    rf"(?:{alternation(_CONTRIBUTIONS.subject_adverbs, bounded=False)}[ \t]+)?"
    rf"{alternation(_CONTRIBUTIONS.subject_verbs)}"
    # A person named by honorific and surname, then a verb: "Mr. Okafor delivered".
    rf"|{alternation((h for v in _LEX.people.honorifics.values() for h in v), bounded=False)}"
    r"\.?[ \t]+\p{Lu}\p{Ll}+[ \t]+\p{Ll}"
)
_SENTENCE_OPENS = patterncache.compile(_OPENS)
_ITEM_END = patterncache.compile(rf"(?<=\p{{Ll}})[ \t]*(?={_OPENS})")
_LIST_ITEM_START = patterncache.compile(
    rf"[{_MARKERS}][ \t]|{CODE_START.pattern}", regex.IGNORECASE
)
# What a code opens with: "(" (CODE_START only), then the council's or the group's letter.
_CODE_LETTERS = both_cases(_GROUP_LETTERS[k][0] for k in ("council", "working_group"))
_CODE_ITEM_NEVER = never_opening(
    _CODE_LETTERS + both_cases(w[0] for w in _LEX.documents.document_words)
)
_LIST_ITEM_NEVER = never_opening(_MARKERS + "(" + _CODE_LETTERS)


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


# A contribution table flattened to one cell per line, in a copy that lost its line breaks: its
# header row "Doc. Source Title" (glued in a copy whose breaks were removed: "Doc.SourceTitle")
# right before a code is the cue that a table follows; each row re-opens at its code.
_COLUMNS = _LEX.contributions.table_columns
_TABLE_CELLS = [alternation(_COLUMNS[key], bounded=False) for key in ("code", "submitter", "title")]
_ROW_CODE = rf"(?i:{_GROUP_PART})\s?(?P<meeting>\d{{1,2}})\s?/\s?(?P<num>\d{{1,3}})(?![\d/])"
_TABLE_HEADER = rule(
    "table.reopen.header",
    "contributions",
    # Not inside a word, but glued to the heading before it in a copy whose breaks were
    # removed: "3 ContributionsDoc.SourceTitle".
    rf"(?:(?<![\p{{Ll}}])|(?<=(?i:{alternation(_LEX.contributions.list_titles, bounded=False)})))"
    rf"(?P<code>{_TABLE_CELLS[0]})[ \t]*(?P<submitter>{_TABLE_CELLS[1]})[ \t]*"
    rf"(?P<title>{_TABLE_CELLS[2]})[ \t]*(?=(?P<first>{_ROW_CODE}))",
    "A contribution table's header row inside a line that lost its breaks, before a code: the"
    " line re-opens at each of its cells.",
    examples=[
        ("listed below. Doc. Source Title CWG-COP/23/2 Kenya", "Doc. Source Title "),
        ("listed below.Doc.SourceTitleCWG-COP/23/2Kenya", "Doc.SourceTitle"),
        ("3 ContributionsDoc.SourceTitleCWG-COP/21/2Kenya", "Doc.SourceTitle"),
    ],
    counter_examples=["the Source Title of CWG-COP/23/2", "Doc. Source Title of the report"],
)
_TABLE_ROW_CODE = rule(
    "table.reopen.row",
    "contributions",
    rf"(?:(?<![/(\w-])|(?<=[\p{{Ll}}.)]))(?P<code>{_ROW_CODE})",
    "A code that opens a row of that table, after a space or glued to the cell before it"
    " ('playersCWG-COP/23/3'): of the row before's meeting, numbered after it, or of the next"
    " meeting (a report on two meetings lists both).",
    examples=[
        ("young players CWG-COP/23/3 Kenya", "CWG-COP/23/3"),
        ("young playersCWG-COP/23/3Kenya", "CWG-COP/23/3"),
    ],
    counter_examples=["(CWG-COP/23/3)", "WG-CP/13/2/4"],
)


def _table_cuts(text: str, a: int, b: int, ends: list[int]) -> dict[int, int]:
    """Where each cell of a table's header row and each of its rows begins inside
    ``text[a:b]``; the table runs to the next cut in ``ends`` (the next numbered block).

    Example: ``"below. Doc. Source Title CWG-COP/23/2 Kenya A plan CWG-COP/23/3 ..."`` is cut
    before "Doc.", "Source", "Title" and each code; a code of another meeting, or one numbered
    before the row it stands in ("Comments on CWG-COP/23/2" in row 5), is no row.
    """  # noqa: D205
    cuts: dict[int, int] = {}
    if not any(text.find(word, a, b) >= 0 for word in _COLUMNS["title"]):
        return cuts  # a substring test skips most lines at a fraction of a search's cost
    pos = a
    while (h := _TABLE_HEADER.search(text, pos, b)) is not None:
        start = h.start()
        while start > a and text[start - 1] in " \t":
            start -= 1
        cuts[start] = h.start()
        for left, right in (("code", "submitter"), ("submitter", "title"), ("title", "first")):
            cuts[h.end(left)] = h.start(right)
        meeting, last = int(h.group("meeting")), int(h.group("num"))
        stop = min((e for e in ends if e > h.end()), default=b)
        last_row = h.end()
        for r in _TABLE_ROW_CODE.finditer(text, h.end("first"), stop):
            row_meeting, num = int(r.group("meeting")), int(r.group("num"))
            if not ((row_meeting == meeting and num > last) or row_meeting == meeting + 1):
                continue
            meeting, last, last_row = row_meeting, num, r.start()
            gap = r.start()
            while gap > a and text[gap - 1] in " \t":
                gap -= 1
            cuts[gap] = r.start()
        # The last row runs on into the text after the table: it ends where a sentence opens.
        opener = _ITEM_END.search(text, last_row, stop)
        if opener:
            cuts[opener.start()] = opener.end()
        pos = max(stop, h.end())
    return {s: e for s, e in cuts.items() if a < s < b}


_PEOPLE = _LEX.people
# The closing signature: "Ms Eugenia Devincenzi (Republic of Argentina)", then its capacity,
# "Ad Hoc Chair, CWG-COP".
NAME_LINE = patterncache.compile(rf"(?:{HONORIFIC_RE}\s*)?{NAME_RE}(?:\s*\([^()]{{2,80}}\))?$")
# A name opens with a capital (or an honorific, as the lexicon spells it).
_NAME_LINE_NEVER = never_opening(
    string.ascii_uppercase + "".join(s[0] for v in _PEOPLE.honorifics.values() for s in v)
)
# Matched from where the name ends, which a copy without line breaks glues to it
# ("BelloChairman"): no word boundary before it.
ROLE_LINE = patterncache.compile(
    rf"(?:{alternation(_PEOPLE.signature_role_prefixes, bounded=False)}[- ])?"
    rf"{alternation(_PEOPLE.signature_roles, bounded=False)}[^.]{{0,80}}(?:,|$)[^.]{{0,60}}$",
    regex.IGNORECASE,
)
_SIGNATURE_REACH = 240
_NOT_A_NAME = frozenset(_PEOPLE.not_name)
_TAIL_START = patterncache.compile(r"[.!?\"')](?:[ \t]*)(?=\p{Lu})")
_NAME_END = patterncache.compile(r"(?<=\))[ \t]*|[ \t]+|(?<=\p{Ll})(?=\p{Lu})")


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
        first = text[name_start:b].split(None, 1)[0]
        if first in _NOT_A_NAME and not is_honorific(first):
            continue  # "... directory. The Chair, Ms X, closed the meeting" is no signature
        for n in _NAME_END.finditer(text, name_start, b):
            if NAME_LINE.fullmatch(text, name_start, n.start()) and ROLE_LINE.fullmatch(
                text, n.end(), b
            ):
                return [(t.start() + 1, name_start), (n.start(), n.end())]
    return []


def _number_cuts(
    text: str, a: int, b: int, prev: tuple[int, ...] | None, ascii_digits: bool = False
) -> tuple[dict[int, int], tuple[int, ...] | None]:
    """Where numbers that continue the numbering stand inside ``text[a:b]``, and the last
    (``ascii_digits``: ``text`` is one of :func:`only_ascii_digits`).
    """  # noqa: D205
    cuts: dict[int, int] = {}
    # Overlapped: in "SDG 17.5.4 The" (a line break lost after "17."), "17.5.4" is no number
    # in sequence, but "5.4" is; inside a number taken ("2.3"), no other ("3") is tried.
    taken_until = a
    for start, m in in_line_numbers(text, a, b, ascii_digits):
        if m.start("num") < taken_until:
            continue
        num = _parts(m.group("num"))
        citing = _CITING.search(text, max(a, start - 24), start) and not _HEADING_BEFORE.search(
            text, max(a, start - _HEADING_REACH), start
        )
        if citing or date_ahead(text, m.end("num")):
            taken_until = m.end("num")  # a citation or a date: no part of it is a number
            continue
        # Inside a line, the first number must be where numbering starts.
        if not (follows(prev, num) if prev is not None else num in ((1,), (1, 1))):
            continue
        prev = num
        taken_until = m.end("num")
        cuts[start] = m.start("num")
    return cuts, prev


def _may_cut(
    text: str, a: int, b: int, text_end: int, ahead: regex.Pattern[str] = _NUMBER_AHEAD
) -> bool:
    """Whether reopen_long_lines may cut line ``text[a:b]`` once past the cover: only a line of
    _MIN_REOPEN characters or more, and of those only one over LONG_LINE, the last one (its
    signature), one with four "/" (a list of codes) or one with two numbers before a text
    (``ahead``: _NUMBER_AHEAD, or its ASCII-led form for a text of :func:`only_ascii_digits`).
    """  # noqa: D205
    return b - a >= _MIN_REOPEN and (
        b - a > LONG_LINE
        or b >= text_end
        or text.count("/", a, b) >= 4
        or len(ahead.findall(text, a, b)) >= 2
    )


def reopen_long_lines(text: str) -> Iterator[_Edit]:
    """Cut a line that holds many blocks where a reader sees one begin.

    A line is re-opened when it is over ``LONG_LINE`` characters, or when two or more numbers
    inside it continue the numbering (a short report that lost its line breaks).

    Example: ``"...Resolution 1306 1 Introduction 1.1 At the"`` is cut before "1" (it follows
    no number yet) and before "1.1" (it follows 1); "Resolution 1306" is a citation.
    """
    prev: tuple[int, ...] | None = None
    in_cover = True  # until the first numbered line
    text_end = len(text.rstrip())
    # The searches that open with a digit, read as an ASCII one where no other stands.
    ascii_digits = only_ascii_digits(text)
    ahead = _NUMBER_AHEAD_ASCII if ascii_digits else _NUMBER_AHEAD
    lines = list(_lines(text))
    # Past the cover, a line is cut only where _may_cut says it may be: once the cover and the
    # last such line are behind, no cut is left to make, and the numbering is read no further.
    last_cut = next(
        (i for i in range(len(lines) - 1, -1, -1) if _may_cut(text, *lines[i], text_end, ahead)), -1
    )
    for i, (a, b) in enumerate(lines):
        if i > last_cut and not in_cover:
            break
        # The last line of a short report that lost its line breaks ends with its signature
        # ("... received. Ahmed ibn Rashid Chairman, WG-CP"), cut off however the line is.
        closing = _signature_cuts(text, a, b) if b >= text_end and b - a >= _MIN_REOPEN else []
        digit_led = a < b and text[a] not in NOT_A_DIGIT
        m = _LINE_NUMBER.match(text, a, b) if digit_led else None
        # A number before a date ("5 March") is none; each test once per line.
        numbered = m is not None and not date_ahead(text, m.end(1))
        if m is not None and numbered:
            num = _parts(m.group(1))
            if follows(prev, num):
                prev = num
        numbered = numbered or (digit_led and _LONE_NUMBER.fullmatch(text, a, b) is not None)
        in_cover = in_cover and not numbered
        # Most long lines are paragraphs: a cheap count of "digit, then a capital" skips them.
        maybe = b - a > LONG_LINE or (b - a >= _MIN_REOPEN and len(ahead.findall(text, a, b)) >= 2)
        cuts, last = _number_cuts(text, a, b, prev, ascii_digits) if maybe else ({}, prev)
        # A list of contributions run into one line ("considered: WG-CP/9/2 (Russian
        # Federation): Safer internet WG-CP/9/3 (Symantec): ..."), however short the report.
        items = (
            list(_code_item_cuts(text, a, b))
            if b - a >= _MIN_REOPEN and len(cuts) < 2 and text.count("/", a, b) >= 4
            else []
        )
        listing = len(items) >= 2
        if in_cover and len(cuts) < 2 and b - a <= LONG_LINE and not listing:
            # A cover line holding several cover fields ("... PL 1.5 Document C22/12-E 14
            # January 2022 Original: English ...") is a cover block run together.
            cover = _cover_cuts(text, a, b)
            if len(cover) >= _MIN_COVER_CUES:
                for start, end in (*cover, *(c for c in closing if c[0] >= cover[-1][1])):
                    yield start, end, "\n"
                continue
        if b - a < _MIN_REOPEN or (b - a <= LONG_LINE and len(cuts) < 2 and not listing):
            for start, end in closing:
                yield start, end, "\n"
            continue
        header_end = min(cuts, default=b) if prev is None else a
        prev = last
        for start, end in _cover_cuts(text, a, header_end):
            cuts.setdefault(start, end)
        for c in _BULLET_CUE.finditer(text, a, b):
            cuts.setdefault(c.start(), c.end())
        items = items or list(_code_item_cuts(text, a, b))
        for start, end in items:
            cuts.setdefault(start, end)
        for start, end in _signature_cuts(text, a, b):
            cuts[start] = end
        for start, end in _table_cuts(text, a, b, sorted(cuts)).items():
            cuts.setdefault(start, end)
        # A list item runs on into the text after the list: it ends where a sentence opens.
        bounds = sorted(cuts)
        for start, _ in items:
            nxt = next((c for c in bounds if c > start), b)
            opener = _ITEM_END.search(text, start, nxt)
            if opener:
                cuts[opener.start()] = opener.end()
        for start in sorted(cuts):
            if a < start < b:
                yield start, cuts[start], "\n"


# A heading glued to the first words of its paragraph, at a line start: "4\tContributionsThere
# were nine" (case matters: the heading's last letter is small, the paragraph's first capital).
_GLUED_HEADING = patterncache.compile(
    rf"(?m:^)\d{{1,2}}\.?[ \t]*(?i:{alternation(_LEX.segment.headings, bounded=False)})"
    r"(?<=\p{Ll})(?=\p{Lu}\p{Ll})"
)


def glued_headings(text: str) -> Iterator[_Edit]:
    r"""A line break after a heading that lost it: ``"4\tContributionsThere were"``.

    The pattern opens with a digit at a line start: it is tried at the start of each line a
    number may open (``digit_led_lines``), past the end of the match before (a heading may
    take in a line break: "Opening of the\nmeeting"), which is what ``finditer`` finds.
    """
    end = 0
    for a, _ in digit_led_lines(text):
        if a < end:
            continue
        m = _GLUED_HEADING.match(text, a)
        if m is not None:
            end = m.end()
            yield end, end, "\n"


# "- 2 -" inside a line: between spaces, or glued on both sides when its own spaces show it
# ("Protection- 1 -OUTCOME", a copy whose line breaks were removed with nothing in their place).
_INLINE_DASH_MARKER = patterncache.compile(
    r"(?<=\S)(?:[ \t]+-[ \t]?\d{1,3}[ \t]?-(?=[ \t]|$)|-[ \t]\d{1,3}[ \t]-)"
)
# "k/N" after a space or glued to the word before it, never inside a code ("WG-CP/1/3"). The
# total is read greedily here and cut back to the one all the markers share in _page_totals.
_INLINE_PAGE_OF = patterncache.compile(r"(?<![/\d])(?P<k>\d{1,3})/(?P<n>\d{1,3})(?![/\d])")
_HEADING_AFTER = patterncache.compile(r"\d{1,3}(?=\p{Lu}\p{Ll})")
_MAX_HEADER = 80
_BEFORE_FIRST_WORD = patterncache.compile(r"^[^\w(]+")  # a running header starts at its first word
_MIN_HEADER = 8
_INLINE_HYPHEN = patterncache.compile(r"(?<=(?P<head>\p{Ll}{2,}))-[ \t]*(?=(?P<tail>\p{Ll}{2,}))")


@functools.cache
def _lexicon_words() -> frozenset[str]:
    return _LEX.words()


def inline_furniture(text: str) -> Iterator[_Edit]:
    """Page furniture that a copy without line breaks left inside a long line.

    Example: ``"... index CWG-COP/12 – Outcome report 2/3 WGCP/12/4 ..."``: the page
    numbers "k/N" of one N, in increasing order, go with the running header that stands before
    every one of them (also glued: ``"indexCWG-COP/12 – Outcome report2/3WGCP/12/4"``, and
    ``"report1/33Adoption"`` is page 1/3 before heading 3 when the other markers say N is 3);
    "- 2 -" goes; "dele- gates" and "dele-gates" are joined when "delegates" is a word of the
    lexicon.
    """
    if max(map(len, text.split("\n"))) <= LONG_LINE:
        return  # no line is long enough to hold any: most texts
    edits: list[_Edit] = []
    for a, b in _lines(text):
        if b - a <= LONG_LINE:
            continue
        words = _lexicon_words()
        for m in _INLINE_DASH_MARKER.finditer(text, a, b):
            edits.append((m.start(), m.end(), ""))
        for total, found in _page_totals(text, a, b).items():
            header = _common_text_before(text, a, [start for start, _ in found])
            for start, k_end in found:
                end = k_end + len(total)
                if header:
                    start = text.rindex(header, a, start + 1)
                while start > a and text[start - 1] in " \t":
                    start -= 1
                edits.append((start, end, ""))
                # The furniture stood at a line break: a heading number glued after it
                # ("report1/33Adoption") gets the space that the break gave it.
                heading = _HEADING_AFTER.match(text, end)
                if heading:
                    edits.append((heading.end(), heading.end(), " "))
        for m in _INLINE_HYPHEN.finditer(text, a, b):
            if (m["head"] + m["tail"]).lower() in words:
                edits.append((m.start(), m.end(), ""))
    end = 0
    for edit in sorted(edits):
        if edit[0] >= end:  # edits never overlap
            yield edit
            end = edit[1]


def _page_totals(text: str, a: int, b: int) -> dict[str, list[tuple[int, int]]]:
    """Page total N -> the (start, end of "k/") of each marker "k/N": k = 1, 2, ... in order.

    A total glued to the number after it ("1/33Adoption": page 1 of 3, heading 3) is any
    leading part of the digits after "/"; the N that most markers share in order wins.
    """
    markers = [
        (m.start(), m.start("n"), int(m["k"]), m["n"]) for m in _INLINE_PAGE_OF.finditer(text, a, b)
    ]
    runs: dict[str, list[tuple[int, int]]] = {}
    for total in {m[3][:i] for m in markers for i in range(1, len(m[3]) + 1)}:
        if int(total) < 2:
            continue
        found = [
            (s, n_at, k)
            for s, n_at, k, digits in markers
            if digits.startswith(total) and 0 < k <= int(total)
        ]
        pages = [k for _, _, k in found]
        if len(found) >= 2 and pages == sorted(set(pages)):
            runs[total] = [(s, n_at) for s, n_at, _ in found]
    if not runs:
        return {}
    best = max(runs, key=lambda t: (len(runs[t]), -len(t)))
    return {best: runs[best]}


def _common_text_before(text: str, a: int, starts: list[int]) -> str:
    """The longest text that stands right before every marker (a running header), from a
    word's first character, or "" when that is shorter than two words.
    """  # noqa: D205
    befores = [text[max(a, s - _MAX_HEADER) : s].rstrip(" \t") for s in starts]
    size = 0
    shortest = min(len(x) for x in befores)
    while size < shortest and len({x[len(x) - size - 1] for x in befores}) == 1:
        size += 1
    common = befores[0][len(befores[0]) - size :] if size else ""
    common = _BEFORE_FIRST_WORD.sub("", common)
    return common if len(common) >= _MIN_HEADER and " " in common.strip() else ""


# "... held in Geneva on 4\nFebruary 2025": a day at a line end and its month opening the next
# line are one date, however short the report (too short for reflow_wrapped to see a wrap).
# The pattern opens on the line break so the engine can skip from one to the next; the spaces
# before it are taken back in split_dates.
_SPLIT_DATE = patterncache.compile(
    rf"\n(?<=\b\d{{1,2}}(?:{alternation(_LEX.numbers.ordinal_suffixes, bounded=False)})?"
    rf"[ \t]*\n)(?=(?:{alternation(_LEX.dates.months)})[ \t,]+\d{{4}}\b)"
)


def split_dates(text: str) -> Iterator[_Edit]:
    r"""Join a date that a hard wrap split between its day and its month.

    Example: ``"held on 4\nFebruary 2025 and"`` -> ``"held on 4 February 2025 and"``; a
    numbered line "4" over "February 2025 ..." is no day: it has no text before it.
    """
    for m in _SPLIT_DATE.finditer(text):
        start = m.start()
        while text[start - 1] in " \t":
            start -= 1
        line_start = text.rfind("\n", 0, start) + 1
        if _LONE_NUMBER.fullmatch(text, line_start, start):
            continue
        yield start, m.end(), " "


# A line that ends on a word no title ends on ("... for schools in the" / "Pacific islands").
_ENDS_ON_LINK = patterncache.compile(
    rf"(?<!-){alternation(_LEX.sentences.never_last)}$", regex.IGNORECASE
)
# A sentence's line that a copy wrapped where the next word would have fitted no more, though
# too few of its lines show the wrap for the whole copy to be re-flowed ("... was held in" /
# "Geneva on 12 February 2015 ..."): it ends on a word no sentence ends on, in small letters.
_SENTENCE_ON_LINK = rule(
    "reflow.sentence_on_link",
    "sentences",
    rf"(?<=\p{{Ll}}[ \t]){alternation(_LEX.sentences.never_last)}$",
    "A sentence's line that ends on a word no sentence ends on ('... was held in'): it goes on"
    " in the next line, in any text.",
    examples=[
        (
            "The ninth meeting of the Council Working Group on Child Online Protection was held in",
            "in",
        )
    ],
    counter_examples=[
        "REPORT OF THE FIFTH MEETING OF THE COUNCIL WORKING GROUP ON CHILD ONLINE PROTECTION OF",
        "The ninth meeting of the Council Working Group on Child Online Protection was held.",
        "The ninth meeting of the Council Working Group on Child Online Protection was held In",
    ],
)


def item_continuations(
    starts_block: Callable[[str], bool],
) -> Callable[[str], Iterator[_Edit]]:
    r"""A list item's line that a copy wrapped goes on in the line after it, in any text.

    Example: ``"• CWG-COP/27/4 (Kenya): A national plan for child\nonline protection"`` ->
    ``"... for child online protection"``: the item stops mid-sentence and the next line goes on
    in small letters, or the item ends on a word no title ends on ("... in the" / "Pacific
    islands"). Text with a paragraph per line is no hard wrap to :func:`reflow_wrapped`, yet its
    list items can be wrapped; and a hard-wrapped copy's item line is often short of the wrap.
    A line that opens a block ("a) to report ...", "• ...", "3.2 ...") never goes on an item.
    Any sentence's line of 40 characters or more that ends on such a word in small letters
    goes on too (``reflow.sentence_on_link``: "... was held in" / "Geneva on ..."), in a copy
    too short for :func:`reflow_wrapped` to see its wrap.
    """

    def finder(text: str) -> Iterator[_Edit]:
        if "\n" not in text:
            return
        in_item = joined = False
        for (a, b), (c, d) in itertools.pairwise(_lines(text)):
            if a == b:
                in_item = joined = False
                continue
            if not joined:
                in_item = (
                    text[a] not in _LIST_ITEM_NEVER
                    and _LIST_ITEM_START.match(text, a, b) is not None
                )
            joined = (
                in_item
                and c < d
                and text[b - 1] not in _ENDS_SENTENCE
                and (
                    (text[c] not in _GOES_ON_NEVER and _LOWER.match(text, c) is not None)
                    or _ENDS_ON_LINK.search(text, a, b) is not None
                )
                and not starts_block(text[c:d])
            ) or (
                c < d
                and b - a >= _MIN_WRAP
                and text[b - 1].islower()
                and _SENTENCE_ON_LINK.pattern.search(text, max(a, b - 8), b) is not None
                and not _in_capitals(text[c:d])
                and not starts_block(text[c:d])
            )
            if joined:
                yield b, c, " "

    return finder


def _layout_rules(
    starts_block: Callable[[str], bool],
) -> tuple[tuple[str, Callable[[str], Iterator[_Edit]]], ...]:
    reflowed: list[_Edit] = []
    reflow = reflow_wrapped(starts_block)

    def reflow_and_remember(text: str) -> Iterator[_Edit]:
        for edit in reflow(text):
            reflowed.append(edit)
            yield edit

    def reopen_if_reflowed(text: str) -> Iterator[_Edit]:
        # Hard-wrapped text that had lost its line breaks is one long line once re-flowed.
        return reopen_long_lines(text) if reflowed else iter(())

    return (
        ("inline-furniture", inline_furniture),
        ("reopened-line", reopen_long_lines),
        ("reopened-line", glued_headings),
        ("lone-number", lone_numbers),
        ("reflowed-line", reflow_and_remember),
        ("reopened-line", reopen_if_reflowed),
        ("reflowed-line", split_dates),
        ("reflowed-line", item_continuations(starts_block)),
    )


def layout_rules() -> tuple[tuple[str, Callable[[str], Iterator[_Edit]]], ...]:
    """The layout repairs, in the order they run, each with its diagnostic name."""
    from copparse.segment import starts_block

    return _layout_rules(starts_block)
