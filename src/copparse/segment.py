"""Segmentation: normalised text -> numbered sections, paragraphs, list items and signature.

A block is a line of the normalised text, or a piece of an over-long line (a report that lost
its line breaks) cut where the next expected paragraph number stands. Numbers are read with the
sequence in mind: "5.3" after "5.2" is a paragraph, "1.1 to exchange views" inside a quoted
resolution is not (report paragraphs start with a capital), and a heading that ran into its
first paragraph ("1 Introduction 1.1 The ...") is cut in two.
"""

from __future__ import annotations

import dataclasses
import functools
import string
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import Enum, auto

import regex

from copparse import patterncache
from copparse.gcpause import gc_paused
from copparse.lang import alternation, lexicon
from copparse.models import (
    Diagnostic,
    Paragraph,
    ParagraphKind,
    Section,
    Severity,
    Span,
    from_valid,
)
from copparse.reflow import CODE_IN_SENTENCE as _CODE_IN_SENTENCE
from copparse.reflow import CODE_START as _CODE_START
from copparse.reflow import DOCUMENT_ITEM as _DOCUMENT_ITEM
from copparse.reflow import NAME_LINE as _NAME_LINE
from copparse.reflow import ROLE_LINE as _ROLE_LINE
from copparse.reflow import follows
from copparse.rules import rule
from copparse.spans import Locator

__all__ = ["Segmented", "segment_sections", "starts_block"]

_LEX = lexicon("en")
# "5.1 The", "2Welcoming", "3.1\tThe", "2. The", "6.100 The" -> number, then what follows it.
_NUMBER = patterncache.compile(r"(?P<num>\d{1,2}(?:\.\d{1,3}){0,3})(?P<dot>\.?)(?P<sep>[ \t]*)")
_LONE_NUMBER = patterncache.compile(r"\d{1,2}(?:\.\d{1,3}){0,3}\.?")
_NUM = _NUMBER.groupindex["num"]
# A capital, a quote, a bracket, or a name that opens with digits: "5Rights Foundation".
_STARTS_SENTENCE = patterncache.compile(r"""[A-Z"'(\[]|\d++[A-Z]""")
_DATE_AHEAD = patterncache.compile(
    rf"(?:{alternation(_LEX.numbers.ordinal_suffixes, bounded=False)})?\s{{0,3}}"
    rf"(?:[-–]\s{{0,3}}\d{{1,2}}\s{{0,3}})?(?:{alternation(_LEX.dates.months)}"
    rf"|{alternation(_LEX.dates.month_abbreviations)})|\s{{0,3}}(?:%|{alternation(_LEX.dates.percent)})",
    regex.IGNORECASE,
)


def _openings(words: Iterable[str]) -> frozenset[str] | None:
    """The first two characters of ``words``, lower-cased: a case-insensitive match of one of
    them opens with one of these, in either case. ``None`` where a word does not open with two
    ASCII letters (the engine's case-insensitive matching takes "ſ" for "s").
    """  # noqa: D205
    heads = {w[:2] for w in words}
    if all(len(h) == 2 and h.isascii() and h.isalpha() for h in heads):
        return frozenset(h.lower() for h in heads)
    return None


def _opens_none(opening: str, openings: frozenset[str] | None) -> bool:
    """Whether ``opening``, two characters of the text, is ASCII and opens none of the words
    of ``openings`` (a case-insensitive match of one cannot stand there).
    """  # noqa: D205
    return openings is not None and opening.isascii() and opening.lower() not in openings


# What a date or a percentage after a number opens with, past the spaces before it: a month,
# its abbreviation, "per cent"; at the number's end, an ordinal suffix too ("5th May").
_DATE_WORDS = (*_LEX.dates.months, *_LEX.dates.month_abbreviations, *_LEX.dates.percent)
_DATE_OPENINGS = _openings(_DATE_WORDS)
_SUFFIXED_DATE_OPENINGS = _openings((*_DATE_WORDS, *_LEX.numbers.ordinal_suffixes))


def _date_ahead(text: str, at: int) -> bool:
    r"""Whether :data:`_DATE_AHEAD` matches at ``at`` (where a number ends).

    Not tried where, past up to three spaces or tabs, an ASCII letter stands that opens none of
    its words ("5.1 The", "5.1 Following"). A match opens with an ordinal suffix (at ``at``
    only) or with ``\s{0,3}`` and then a dash, a month or a percentage, none of them white
    space: after spaces or tabs it goes on where they end, and a letter there opens a word.
    """
    j = at
    while j < at + 3 and text[j : j + 1] in (" ", "\t"):
        j += 1
    opening = text[j : j + 2]
    if opening[:1].isalpha() and _opens_none(
        opening, _SUFFIXED_DATE_OPENINGS if j == at else _DATE_OPENINGS
    ):
        return False
    return _DATE_AHEAD.match(text, at) is not None


_BULLET = patterncache.compile(r"[·•▪●◦‣∙*]\s*|[-–—]\s+|\(?[a-z]\)\s+")
_LABEL_SPELLINGS = {
    " ".join(spelling.lower().split()): label
    for label, spellings in _LEX.cover.labels.items()
    for spelling in spellings
}
# Case matters: "Summary" is a label, "summary" a word of the text.
_LABEL_FORMS = [spelling for spellings in _LEX.cover.labels.values() for spelling in spellings]
_LABEL_WORDS = alternation(_LABEL_FORMS)
_LABEL_GLUED = alternation(_LABEL_FORMS, bounded=False)
# The labels' first two characters, lower-cased: a match of either branch opens with a label,
# as written or in another case ("Summary", "SUMMARY"); ``None`` where one is beyond ASCII.
_LABEL_OPENINGS = _openings(_LABEL_FORMS)
# "Summary", "Action required:", "SUMMARY" alone, or a label run into its text ("SummaryThis").
_LABEL = patterncache.compile(
    rf"(?P<label>{_LABEL_GLUED})\s*:?\s*(?:$|(?=[A-Z\"]))"
    rf"|(?i:(?P<label>{_LABEL_WORDS}))\s*:?\s*$"
)
# A heading's words where a heading ran into its paragraph: "Contributions There were", or
# glued, "ContributionsThere were" (a copy that lost its line breaks).
_HEADING_WORDS = patterncache.compile(
    rf"(?:{alternation(_LEX.segment.headings, bounded=False)}"
    rf"(?:(?<=(?i:{alternation(_LEX.segment.heading_continues)}))"
    rf"\s+{alternation(_LEX.segment.heading_continuation)}[\w\- ]{{1,60}}?"
    rf"{alternation(_LEX.meetings.nouns)}(?:\s+{alternation(_LEX.segment.heading_continuation)}"
    rf"[\w\- ]{{1,60}}?)?)?)(?:(?!\w)[ \t]+(?=[A-Z][a-z])|(?-i:(?<=[a-z])(?=[A-Z][a-z])))",
    regex.IGNORECASE,
)
# "N.1 " inside heading N's line: where a heading ran into its first paragraph.
_NESTED_FIRST = patterncache.compile(r"(?<=\s)(?P<head>\d{1,2})\.1\.?\s+(?=[A-Z\"(])")
_MAX_HEADING_WORDS = 16
_MIN_RUN_ON_WORDS = 3
_SENTENCE_ENDS = ".:;!?"
_MAX_SECTION = 40


class _Kind(Enum):
    HEADING = auto()
    PARAGRAPH = auto()
    ITEM = auto()
    LABEL = auto()
    TABLE_HEADER = auto()  # table furniture: no paragraph
    TEXT = auto()


@dataclass
class _Block:
    start: int
    end: int
    body: int  # where the text after the number or bullet begins
    kind: _Kind = _Kind.TEXT
    number: str | None = None
    label: str | None = None
    rule: str | None = None  # the block rule that claimed it
    parts: tuple[int, ...] | None = None  # the number's, once read in sequence


@dataclass
class _SectionBuilder:
    number: str | None
    title: str | None
    start: int
    end: int
    paragraphs: list[Paragraph] = field(default_factory=list)
    subsections: list[_SectionBuilder] = field(default_factory=list)
    last_number: tuple[int, ...] | None = None  # the last paragraph number's parts
    anchor: str | None = None  # the last numbered paragraph: unnumbered ones count from it
    unnumbered: int = 0
    numbers: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Segmented:
    """The structure of a report.

    Attributes:
        sections: Top-level sections in text order; unnumbered ones hold the header block.
        preamble_end: Offset where the first numbered section or paragraph begins.
        signature: The span of the closing signature block, if one was found.
        diagnostics: Numbering problems found on the way.
        table_rows: Where each row of a contribution table begins (after its header row).
    """

    sections: tuple[Section, ...]
    preamble_end: int
    signature: Span | None
    diagnostics: tuple[Diagnostic, ...]
    table_rows: frozenset[int] = frozenset()

    def paragraphs(self) -> list[tuple[Section, Paragraph]]:
        """Every paragraph with its innermost section, in text order (computed once)."""
        return self._paragraphs

    @functools.cached_property
    def _paragraphs(self) -> list[tuple[Section, Paragraph]]:
        out = [
            (section, p)
            for top in self.sections
            for _, section in top.walk()
            for p in section.paragraphs
        ]
        out.sort(key=lambda sp: sp[1].span.start)
        return out


def _lines(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if line.strip():
            out.append((pos, end))
        pos = end + 1
    return out


def _parts(a: str) -> tuple[int, ...]:
    return tuple(map(int, a.split(".")))


def _heading_like(body: str) -> bool:
    # Split no further than one word past the most a heading has: a paragraph's line is long.
    words = body.split(maxsplit=_MAX_HEADING_WORDS)
    if not words or len(words) > _MAX_HEADING_WORDS:
        return False
    stripped = body.rstrip(" :")
    if body.isupper():
        return True
    return not stripped.endswith((".", ";", ",")) and ". " not in stripped


def _numbered(text: str, start: int, end: int, nxt: str | None) -> _Block | None:
    """A number, then text that opens a sentence: "5.1 The ...", "2. Welcoming", "1.1The"."""
    m = _NUMBER.match(text, start, end)
    if not m or m.end() >= end:
        return None
    after = m.end()
    number = m.group(_NUM)
    num_end = m.end(_NUM)
    glued = after == num_end  # no dot, no separator
    # The cheap tests first (groups by number: by name costs the engine a lookup each time).
    if (
        int(number.partition(".")[0]) <= _MAX_SECTION
        and not (glued and not text[after].isupper())
        and _STARTS_SENTENCE.match(text, after)
        and not _date_ahead(text, num_end)
    ):
        return _Block(start, end, after, _Kind.PARAGRAPH, number, rule="numbered")
    return None


def _number_alone(text: str, start: int, end: int, nxt: str | None) -> _Block | None:
    """A number alone on its line ("1.1"), its text on the next: a block, not page furniture."""
    if _LONE_NUMBER.fullmatch(text, start, end) and nxt and _STARTS_SENTENCE.match(nxt):
        return _Block(start, end, end, _Kind.TEXT, rule="number-alone")
    return None


def _code_start(text: str, start: int, end: int) -> bool:
    """Whether ``CODE_START`` matches the line; not tried where its first two characters are
    ASCII and open no code (see :data:`_CODE_OPENINGS`).
    """  # noqa: D205
    opening = text[start : start + 2]
    if opening[:1] != "(" and _opens_none(opening, _CODE_OPENINGS):
        return False
    return _CODE_START.match(text, start, end) is not None


def _code_item(text: str, start: int, end: int, nxt: str | None) -> _Block | None:
    """A line opened by a contribution code: "WG-CP/13/2: Title", or by a document word, then
    a code and the item's separator: "Document WG-CP/7/3 (Kingdom of Sweden): Title".
    """  # noqa: D205
    if _code_start(text, start, end) and not _CODE_IN_SENTENCE.match(text, start, end):
        return _Block(start, end, start, _Kind.ITEM, rule="code-item")
    if text[start : start + 1] in _DOCUMENT_LETTERS and _DOCUMENT_ITEM.match(text, start, end):
        return _Block(start, end, start, _Kind.ITEM, rule="code-item")
    return None


def _bullet(text: str, start: int, end: int, nxt: str | None) -> _Block | None:
    """A list item: "· Item", "- Item", "(a) Item"."""
    if start < end and "a" <= text[start] <= "z" and text[start + 1 : start + 2] != ")":
        return None  # a line that opens with a small letter is an item only as "a) Item"
    b = _BULLET.match(text, start, end)
    if b:
        return _Block(start, end, b.end(), _Kind.ITEM, rule="bullet")
    return None


def _label(text: str, start: int, end: int, nxt: str | None) -> _Block | None:
    """A label of the cover block: "Summary", "Action required: ..."."""
    opening = text[start : start + 2]
    if _opens_none(opening, _LABEL_OPENINGS):
        return None  # ASCII characters that open no label
    lab = _LABEL.match(text, start, end)
    if lab:
        label = _LABEL_SPELLINGS[" ".join(lab.group("label").lower().split())]
        return _Block(start, end, lab.end(), _Kind.LABEL, label=label, rule="label")
    return None


# A contribution table flattened to one cell per line: the header row "Doc." / "Source" /
# "Title", a cell per line (or the row on one line), then a row per code.
_COLUMNS = _LEX.contributions.table_columns
_CELLS = [alternation(_COLUMNS[key]) for key in ("code", "submitter", "title")]
_HEADER_CELL = [
    rule(
        f"table.header.{key}",
        "contributions",
        rf"(?<![ \t])[ \t]*+{cell}[ \t]*$",
        f"The {key} column's cell of a contribution table's header row (table furniture).",
        examples=[(spellings[0], spellings[0])],
        counter_examples=[f"{spellings[0]} of the meeting"],
        flags=regex.IGNORECASE,
    ).pattern
    for key, cell in zip(("code", "submitter", "title"), _CELLS, strict=True)
    for spellings in [_COLUMNS[key]]
]
_HEADER_ROW = rule(
    "table.header.row",
    "contributions",
    rf"(?<![ \t])[ \t]*+{_CELLS[0]}[ \t]+{_CELLS[1]}[ \t]+{_CELLS[2]}[ \t]*$",
    "A contribution table's header row on one line: 'Doc. Source Title' (table furniture).",
    examples=[("Doc.\tSource\tTitle", "Doc.\tSource\tTitle")],
    counter_examples=["Title of the document"],
    flags=regex.IGNORECASE,
).pattern


def _table_header(text: str, start: int, end: int, nxt: str | None) -> _Block | None:
    """A cell of a contribution table's header row ("Doc." over "Source" over "Title", then a
    code), or the whole row on one line before a code: table furniture, never text.
    """  # noqa: D205
    if nxt is None:
        return None
    opens_row = bool(_CODE_START.match(nxt))
    if _HEADER_ROW.fullmatch(text, start, end):
        claimed = opens_row
    else:
        claimed = any(
            cell.fullmatch(text, start, end)
            and (_HEADER_CELL[i + 1].fullmatch(nxt) if i + 1 < len(_HEADER_CELL) else opens_row)
            for i, cell in enumerate(_HEADER_CELL)
        )
    if claimed:
        return _Block(start, end, end, _Kind.TABLE_HEADER, rule="table-header")
    return None


@dataclass(frozen=True)
class BlockRule:
    """A named test that claims a line as one kind of block, given the line after it.

    ``opens``: the ASCII characters a line the rule claims can begin with (``None``: any). A
    line that begins with another ASCII character is not put to the rule; one that begins
    beyond ASCII always is (the engine's case-insensitive matching reaches past ASCII there).
    """

    name: str
    claim: Callable[[str, int, int, str | None], _Block | None]
    opens: str | None = None


def _both_cases(chars: Iterable[str]) -> str:
    return "".join(sorted({c for ch in chars for c in (ch.lower(), ch.upper())}))


_DIGITS = "0123456789"
_DOCUMENT_LETTERS = _both_cases(w[0] for w in _LEX.documents.document_words)
_GROUP_LETTERS = _LEX.group.code_letters
# A code (reflow's CODE_START, in either case) opens with "(", or with the council's letters
# and then the working group's ("CWG-"), or with the working group's ("WG-"): the first two
# characters of the last two, lower-cased (``None`` where they are not ASCII letters).
_CODE_HEADS = (
    _GROUP_LETTERS["council"] + _GROUP_LETTERS["working_group"],
    _GROUP_LETTERS["working_group"],
)
_CODE_OPENINGS = _openings(_CODE_HEADS) if len(_GROUP_LETTERS["working_group"]) >= 2 else None
# The patterns' own first characters: a digit; "(" or a code's first letter, "(WG-CP/", "CWG-";
# a list marker or "(a)", "a)"; white space or a header cell's first letter; a label's.
BLOCK_RULES: tuple[BlockRule, ...] = (
    BlockRule("numbered", _numbered, _DIGITS),
    BlockRule("number-alone", _number_alone, _DIGITS),
    BlockRule(
        "code-item",
        _code_item,
        "("
        + _both_cases(_GROUP_LETTERS[k][0] for k in ("council", "working_group"))
        + _DOCUMENT_LETTERS,
    ),
    BlockRule("bullet", _bullet, "*-(" + string.ascii_lowercase),
    BlockRule(
        "table-header",
        _table_header,
        " \t" + _both_cases(s[0] for spellings in _COLUMNS.values() for s in spellings),
    ),
    BlockRule("label", _label, _both_cases(s[0] for s in _LABEL_FORMS)),
)
# In order: the first rule to claim a line decides its kind; a line none claims is text.
# The rules worth trying on a line that begins with each ASCII character (most lines begin
# with a letter that only one or two of them can claim).
_RULES_FOR = {
    chr(c): tuple(r for r in BLOCK_RULES if r.opens is None or chr(c) in r.opens)
    for c in range(128)
}


# The same, as the rules' claims (one attribute fewer to look up per rule and line).
_CLAIMS_FOR = {c: tuple(r.claim for r in rules) for c, rules in _RULES_FOR.items()}
_EVERY_CLAIM = tuple(r.claim for r in BLOCK_RULES)


def _claim(text: str, start: int, end: int, nxt: str | None) -> _Block | None:
    """The block of the first rule that claims the line, or ``None`` (a rule's block always
    names its rule).
    """  # noqa: D205
    claims = _CLAIMS_FOR.get(text[start], _EVERY_CLAIM) if start < end else _EVERY_CLAIM
    for claim in claims:
        block = claim(text, start, end, nxt)
        if block is not None:
            return block
    return None


def _classify(text: str, start: int, end: int, nxt: str | None = None) -> _Block:
    block = _claim(text, start, end, nxt)
    return _Block(start, end, start) if block is None else block


def _classify_by_every_rule(text: str, start: int, end: int, nxt: str | None = None) -> _Block:
    """:func:`_classify` putting the line to every rule (the plain form, for the tests)."""
    for r in BLOCK_RULES:
        block = r.claim(text, start, end, nxt)
        if block is not None:
            return block
    return _Block(start, end, start)


def claiming_rule(line: str, next_line: str | None = None) -> str | None:
    """The name of the block rule that claims ``line`` (``None``: plain text).

    This is the probe the PDF and DOCX layout asks before joining or dropping a line.
    """
    block = _claim(line, 0, len(line), next_line)
    return None if block is None else block.rule


def starts_block(line: str, next_line: str | None = None) -> bool:
    """Whether a line opens a block: a numbered paragraph or heading, a bullet, a code, a label.

    The PDF loader asks this to rebuild paragraphs from hard-wrapped lines (of every line it
    would join to the one before).
    """
    return _claim(line, 0, len(line), next_line) is not None


def _find_signature(text: str, blocks: list[_Block]) -> int | None:
    """Index of the first block of a closing "Name (Country)" / "Chair, CWG-COP" block."""
    tail = blocks[-4:]
    for i in range(len(tail) - 1):
        name, role = tail[i], tail[i + 1]
        if (
            name.kind is _Kind.TEXT
            and _NAME_LINE.fullmatch(text, name.start, name.end)
            and _ROLE_LINE.fullmatch(text, role.start, role.end)
        ):
            return len(blocks) - len(tail) + i
    return None


@gc_paused
def segment_sections(text: str, locator: Locator | None = None) -> Segmented:
    r"""Split normalised ``text`` into sections of paragraphs.

    Example: ``"2 Welcoming remarks\\n2.1 Mr X opened the meeting."`` gives section "2",
    titled "Welcoming remarks", holding paragraph "2.1".
    """
    loc = locator or Locator(text)
    diagnostics: list[Diagnostic] = []

    lines = _lines(text)
    blocks: list[_Block] = []
    prev_num: tuple[int, ...] | None = None
    for i, (a, b) in enumerate(lines):
        nxt = text[slice(*lines[i + 1])] if i + 1 < len(lines) else None
        block = _classify(text, a, b, nxt)
        if block.number is not None:
            num = block.parts = _parts(block.number)
            quoted = not follows(prev_num, num) and (
                (bool(blocks) and _ends_with(text, blocks[-1].start, blocks[-1].end, ":;"))
                or _ends_with(text, a, b, ";")
            )
            if quoted:
                block = _Block(a, b, a)
            else:
                prev_num = num
                _split_run_in_heading(text, block, blocks)
                continue
        blocks.append(block)

    sig_index = _find_signature(text, blocks)
    signature = None
    if sig_index is not None:
        signature = loc.span(blocks[sig_index].start, blocks[-1].end)
        blocks = blocks[:sig_index]

    blocks = _table_rows(blocks)
    _mark_headings(text, blocks)
    sections, preamble_end = _build(text, blocks, loc, diagnostics)
    return Segmented(
        sections=tuple(sections),
        preamble_end=preamble_end,
        signature=signature,
        diagnostics=tuple(diagnostics),
        table_rows=frozenset(b.start for b in blocks if b.rule == "table-row"),
    )


def _ends_with(text: str, start: int, end: int, marks: str) -> bool:
    """Whether ``text[start:end].rstrip()`` ends with one of ``marks``, read without a copy."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return end > start and text[end - 1] in marks


def _table_rows(blocks: list[_Block]) -> list[_Block]:
    """After a table's header row, a code's line and the unclaimed lines after it (its cells)
    are one row; the header row itself is dropped. The table ends at any other block.
    """  # noqa: D205
    out: list[_Block] = []
    in_table = False
    for block in blocks:
        if block.kind is _Kind.TABLE_HEADER:
            in_table = True
            continue
        if in_table and block.rule == "code-item":
            block = dataclasses.replace(block, rule="table-row")
        elif (
            in_table
            and out
            and out[-1].rule == "table-row"
            and block.kind is _Kind.TEXT
            and block.rule is None
        ):
            out[-1] = dataclasses.replace(out[-1], end=block.end)
            continue
        else:
            in_table = False
        out.append(block)
    return out


def _split_run_in_heading(text: str, block: _Block, blocks: list[_Block]) -> None:
    """Append ``block``, cut in two where a heading ran into its first paragraph."""
    assert block.number is not None
    if "." not in block.number:
        m = next(
            (
                n
                for n in _NESTED_FIRST.finditer(text, block.body, min(block.end, block.body + 160))
                if n.group("head") == block.number
            ),
            None,
        )
        if m and _heading_like(text[block.body : m.start()]):
            blocks.append(_Block(block.start, m.start(), block.body, _Kind.HEADING, block.number))
            rest = _classify(text, m.start(), block.end)
            blocks.append(rest)
            return
        h = _HEADING_WORDS.match(text, block.body, block.end)
        # "3 Contributions There were six contributions from different stakeholders:": the
        # words after the heading's are a sentence of their own, though the line is short.
        after = text[h.end() : block.end].split() if h else []
        if h and (
            not _heading_like(text[block.body : block.end])
            or (len(after) >= _MIN_RUN_ON_WORDS and after[-1][-1] in _SENTENCE_ENDS)
        ):
            blocks.append(_Block(block.start, h.end(), block.body, _Kind.HEADING, block.number))
            blocks.append(_Block(h.end(), block.end, h.end()))
            return
    blocks.append(block)


def _mark_headings(text: str, blocks: list[_Block]) -> None:
    numbered = [b for b in blocks if b.number is not None]
    for i, b in enumerate(numbered):
        if b.kind is _Kind.HEADING:
            continue
        body = text[b.body : b.end]
        if not _heading_like(body):
            continue
        if "." not in b.number:  # type: ignore[operator]
            b.kind = _Kind.HEADING
            continue
        nxt = numbered[i + 1].number if i + 1 < len(numbered) else None
        if nxt is not None and nxt.startswith(f"{b.number}."):
            b.kind = _Kind.HEADING


def _build(
    text: str, blocks: list[_Block], loc: Locator, diagnostics: list[Diagnostic]
) -> tuple[list[Section], int]:
    first_numbered = next((i for i, b in enumerate(blocks) if b.number is not None), len(blocks))
    preamble_end = blocks[first_numbered].start if first_numbered < len(blocks) else len(text)

    roots: list[_SectionBuilder] = []
    current: _SectionBuilder | None = None
    for block in blocks[:first_numbered]:
        if block.kind is _Kind.LABEL or current is None:
            title = block.label if block.kind is _Kind.LABEL else None
            current = _SectionBuilder(None, title, block.start, block.end)
            roots.append(current)
            if block.kind is _Kind.LABEL and not text[block.body : block.end].strip():
                continue
        # A label run into its text ("Summary This report ...") titles the section; the
        # paragraph is the text after it.
        if block.kind is _Kind.LABEL:
            block = dataclasses.replace(block, start=block.body)
        _add_paragraph(text, current, block, loc)

    top: _SectionBuilder | None = None
    sub: _SectionBuilder | None = None
    for block in blocks[first_numbered:]:
        number = block.number
        if block.kind is _Kind.HEADING and number is not None:
            title = text[block.body : block.end].strip().rstrip(":").strip() or None
            if "." not in number:
                _check_section_number(roots, number, block, loc, diagnostics)
                top = _SectionBuilder(number, title, block.start, block.end)
                roots.append(top)
                sub = None
            else:
                top = _ensure_top(roots, top, number.partition(".")[0], block, loc, diagnostics)
                sub = _SectionBuilder(number, title, block.start, block.end)
                top.subsections.append(sub)
            continue
        if number is not None:
            head = number.partition(".")[0]
            if sub is not None and not number.startswith(f"{sub.number}."):
                sub = None
            top = _ensure_top(roots, top, head, block, loc, diagnostics)
            if "." not in number:
                diagnostics.append(
                    Diagnostic(
                        code="paragraph-number-short",
                        severity=Severity.INFO,
                        message=f"paragraph numbered {number!r} in section {head}, where"
                        f" {head}.N was likely meant",
                        span=loc.span(block.start, block.end),
                    )
                )
        target = sub or top
        assert target is not None
        if number is not None:
            _check_paragraph_number(target, number, block, loc, diagnostics)
        _add_paragraph(text, target, block, loc)
    return [_freeze(s, loc) for s in roots], preamble_end


def _ensure_top(
    roots: list[_SectionBuilder],
    top: _SectionBuilder | None,
    head: str,
    block: _Block,
    loc: Locator,
    diagnostics: list[Diagnostic],
) -> _SectionBuilder:
    if top is not None and top.number == head:
        return top
    for s in reversed(roots):
        if s.number == head:
            return s
    _check_section_number(roots, head, block, loc, diagnostics)
    diagnostics.append(
        Diagnostic(
            code="section-heading-missing",
            severity=Severity.INFO,
            message=f"paragraph {block.number} has no section heading {head}; section {head}"
            " was opened without a title",
            span=loc.span(block.start, block.end),
        )
    )
    new = _SectionBuilder(head, None, block.start, block.end)
    roots.append(new)
    return new


def _numbering_warning(code: str, message: str, block: _Block, loc: Locator) -> Diagnostic:
    return Diagnostic(
        code=code, severity=Severity.WARNING, message=message, span=loc.span(block.start, block.end)
    )


def _check_section_number(
    roots: list[_SectionBuilder], number: str, block: _Block, loc: Locator, out: list[Diagnostic]
) -> None:
    numbers = [int(s.number) for s in roots if s.number is not None]
    n = int(number)
    prev = numbers[-1] if numbers else 0
    if n in numbers:
        code, message = "section-number-repeated", f"section {n} appears again"
    elif n != prev + 1:
        code, message = "section-number-skipped", f"section {n} follows section {prev or 'none'}"
    else:
        return
    out.append(_numbering_warning(code, message, block, loc))


def _check_paragraph_number(
    target: _SectionBuilder, number: str, block: _Block, loc: Locator, out: list[Diagnostic]
) -> None:
    seen = target.numbers
    last = target.last_number
    num = block.parts or _parts(number)
    target.last_number = num
    if len(num) == 1:
        return
    repeated = number in seen
    seen.add(number)
    if repeated:
        code, message = "paragraph-number-repeated", f"paragraph {number} appears again"
    elif (last is None and num[-1] != 1) or (
        last is not None and len(last) == len(num) and num[-1] != last[-1] + 1
    ):
        code = "paragraph-number-skipped"
        message = f"paragraph {number} follows {'.'.join(map(str, last)) if last else 'none'}"
    else:
        return
    out.append(_numbering_warning(code, message, block, loc))


def _add_paragraph(text: str, section: _SectionBuilder, block: _Block, loc: Locator) -> None:
    body = text[block.body : block.end].strip()
    if not body:
        return
    if block.number is not None:
        ref = block.number
        section.unnumbered = 0
        section.anchor = block.number
    else:
        section.unnumbered += 1
        ref = f"{section.anchor or section.number or 'p'}+{section.unnumbered}"
    span = loc.span(block.start, block.end)
    # Strings, a member, a Span and its page: what validating Paragraph(...) would keep.
    section.paragraphs.append(
        from_valid(
            Paragraph,
            {
                "span": span,
                "page": span.page,
                "number": block.number,
                "ref": ref,
                "kind": ParagraphKind.LIST_ITEM
                if block.kind is _Kind.ITEM
                else ParagraphKind.PARAGRAPH,
                "text": body,
            },
        )
    )
    section.end = max(section.end, block.end)


def _freeze(builder: _SectionBuilder, loc: Locator) -> Section:
    subsections = [_freeze(s, loc) for s in builder.subsections]
    end = max([builder.end, *(s.span.end for s in subsections)])
    span = loc.span(builder.start, end)
    # Strings or None, lists of built paragraphs and sections, a Span and its page: what
    # validating Section(...) would keep (the lists are this builder's, used nowhere else).
    return from_valid(
        Section,
        {
            "span": span,
            "page": span.page,
            "number": builder.number,
            "title": builder.title,
            "paragraphs": builder.paragraphs,
            "subsections": subsections,
        },
    )
