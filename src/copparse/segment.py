"""Segmentation: normalised text -> numbered sections, paragraphs, list items and signature.

A block is a line of the normalised text, or a piece of an over-long line (a report that lost
its line breaks) cut where the next expected paragraph number stands. Numbers are read with the
sequence in mind: "5.3" after "5.2" is a paragraph, "1.1 to exchange views" inside a quoted
resolution is not (report paragraphs start with a capital), and a heading that ran into its
first paragraph ("1 Introduction 1.1 The ...") is cut in two.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass, field
from enum import StrEnum

import regex

from copparse.models import Diagnostic, Paragraph, ParagraphKind, Section, Severity, Span
from copparse.spans import Locator

__all__ = ["Segmented", "segment_sections", "starts_block"]

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b"
)
# "5.1 The", "2Welcoming", "3.1\tThe", "2. The" -> number, then what follows it.
_NUMBER = regex.compile(r"(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})(?P<dot>\.?)(?P<sep>[ \t]*)")
_STARTS_SENTENCE = regex.compile(r"""[A-Z"'(\[]""")
_DATE_AHEAD = regex.compile(
    rf"(?:st|nd|rd|th)?\s{{0,3}}(?:[-–]\s{{0,3}}\d{{1,2}}\s{{0,3}})?{_MONTH}|\s{{0,3}}(?:%|per\s?cent)",
    regex.IGNORECASE,
)
_BULLET = regex.compile(r"[·•▪●◦‣∙*]\s*|[-–—]\s+|\(?[a-z]\)\s+")
_CODE_START = regex.compile(r"\(?C?WG[- ]?CO?P\s*/", regex.IGNORECASE)
_LABEL = regex.compile(
    r"(?P<label>Summary|Action required|References|Abstract)\s*:?\s*(?:$|(?=[A-Z\"]))"
    r"|(?i:(?P<label>SUMMARY|ACTION REQUIRED|REFERENCES|ABSTRACT))\s*:?\s*$"
)
_HEADING_WORDS = regex.compile(
    r"(?:Introduction|Opening(?: of the meeting| remarks| session)?|Welcoming remarks"
    r"|Welcome|Adoption of the agenda|Approval of the agenda|Agenda|Contributions"
    r"|Discussions?|Outcomes?(?: of the [\w\- ]{1,60}?meetings?(?: of the [\w\- ]{1,60}?)?)?"
    r"|Conclusions?|Recommendations|Next steps|Way forward|Any other business|Closing"
    r"(?: of the meeting| remarks)?|(?:Date of (?:the )?)?[Nn]ext meeting|Election[\w ]{0,40}?)"
    r"[ \t]+(?=[A-Z][a-z])",
    regex.IGNORECASE,
)
# Words after which a number is a citation, not a paragraph: "Resolution 1306", "item 3".
_CITING = regex.compile(
    r"(?:Resolution|Res\.|No\.|Nos\.|Rev\.|paragraphs?|para\.|items?|sections?|Article|Annex"
    r"|of|to|and|or|from|than|by|in|on|at|the|about|some|over|approximately|around)\s*$",
    regex.IGNORECASE,
)
_IN_LINE_MARKER = regex.compile(
    r"(?:(?<=[.;:!?\"')\]])\s+|(?<=[a-z])\s*)(?P<num>\d{1,2}(?:\.\d{1,2}){0,2})\.?\s*(?=[A-Z\"(])"
)
_IN_LINE_BULLET = regex.compile(r"\s(?=[·•▪●]\s?)")
# "N.1 " inside heading N's line: where a heading ran into its first paragraph.
_NESTED_FIRST = regex.compile(r"(?<=\s)(?P<head>\d{1,2})\.1\.?\s+(?=[A-Z\"(])")
_LONG_LINE = 1500
_MAX_HEADING_WORDS = 16
_MAX_SECTION = 40
_ROLE_LINE = regex.compile(
    r"(?:(?:Ad[- ]Hoc|Acting|Vice|Deputy)[- ])?(?:Chair(?:man|woman|person)?|Secretariat"
    r"|Vice[- ]Chair(?:man|person)?|Secretary)\b[^.]{0,80}(?:,|$)[^.]{0,60}$",
    regex.IGNORECASE,
)
_NAME_LINE = regex.compile(
    r"(?:(?:Mr|Mrs|Ms|Miss|Dr|Prof|Professor|Ambassador|H\.E\.|Eng)\.?\s+)?"
    r"\p{Lu}[\p{L}'.-]{1,40}(?:\s+(?:\p{Lu}[\p{L}'.-]{1,40}|de|da|del|van|von|bin|al|el|y|di|le|la)){1,6}"
    r"(?:\s*\([^()]{2,80}\))?$"
)


class _Kind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    ITEM = "item"
    LABEL = "label"
    TEXT = "text"


@dataclass
class _Block:
    start: int
    end: int
    body: int  # where the text after the number or bullet begins
    kind: _Kind = _Kind.TEXT
    number: str | None = None
    label: str | None = None


@dataclass
class _SectionBuilder:
    number: str | None
    title: str | None
    start: int
    end: int
    paragraphs: list[Paragraph] = field(default_factory=list)
    subsections: list[_SectionBuilder] = field(default_factory=list)
    last_number: str | None = None
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
    """

    sections: tuple[Section, ...]
    preamble_end: int
    signature: Span | None
    diagnostics: tuple[Diagnostic, ...]

    def paragraphs(self) -> list[tuple[Section, Paragraph]]:
        """Every paragraph with its innermost section, in text order (computed once)."""
        return self._paragraphs

    @functools.cached_property
    def _paragraphs(self) -> list[tuple[Section, Paragraph]]:
        out: list[tuple[Section, Paragraph]] = []

        def walk(section: Section) -> None:
            out.extend((section, p) for p in section.paragraphs)
            for sub in section.subsections:
                walk(sub)

        for s in self.sections:
            walk(s)
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
    return tuple(int(x) for x in a.split("."))


def _follows(prev: tuple[int, ...] | None, num: tuple[int, ...]) -> bool:
    """Whether ``num`` is a plausible next number after ``prev`` (a section or paragraph)."""
    if prev is None:
        return num in ((1,), (1, 1)) or len(num) <= 2
    if len(num) == 1:
        return num[0] == prev[0] + 1
    if num[:-1] == prev[:-1] and num[-1] == prev[-1] + 1:
        return True
    if num[:-1] == prev and num[-1] == 1:
        return True
    return num[0] == prev[0] + 1 and all(x == 1 for x in num[1:])


def _split_long_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a line that holds many paragraphs where in-sequence numbers or bullets stand."""
    cuts: list[int] = []
    prev: tuple[int, ...] | None = None
    for m in _IN_LINE_MARKER.finditer(text, start, end):
        num = _parts(m.group("num"))
        at = m.start("num")
        if _CITING.search(text, max(start, at - 16), at) or _DATE_AHEAD.match(text, m.end("num")):
            continue
        if _follows(prev, num):
            cuts.append(at)
            prev = num
    cuts.extend(m.end() for m in _IN_LINE_BULLET.finditer(text, start, end))
    cuts = sorted({c for c in cuts if start < c < end})
    bounds = [start, *cuts, end]
    return [(a, b) for a, b in itertools.pairwise(bounds) if text[a:b].strip()]


def _heading_like(body: str) -> bool:
    words = body.split()
    if not words or len(words) > _MAX_HEADING_WORDS:
        return False
    stripped = body.rstrip(" :")
    if body.isupper():
        return True
    return not stripped.endswith((".", ";", ",")) and ". " not in stripped


def _classify(text: str, start: int, end: int) -> _Block:
    block = _Block(start, end, start)
    m = _NUMBER.match(text, start, end)
    if m and m.end() < end:
        after = m.end()
        num = _parts(m.group("num"))
        glued = not m.group("sep") and not m.group("dot")
        if (
            _STARTS_SENTENCE.match(text, after)
            and not _DATE_AHEAD.match(text, m.end("num"))
            and num[0] <= _MAX_SECTION
            and not (glued and not text[after].isupper())
        ):
            block.number = m.group("num")
            block.body = after
            block.kind = _Kind.PARAGRAPH
            return block
    if _CODE_START.match(text, start, end):
        block.kind = _Kind.ITEM
        return block
    b = _BULLET.match(text, start, end)
    if b:
        block.kind = _Kind.ITEM
        block.body = b.end()
        return block
    lab = _LABEL.match(text, start, end)
    if lab:
        block.kind = _Kind.LABEL
        block.label = lab.group("label").capitalize()
        block.body = lab.end()
    return block


def starts_block(line: str) -> bool:
    """Whether a line opens a block: a numbered paragraph or heading, a bullet, a code.

    The PDF loader asks this to rebuild paragraphs from hard-wrapped lines.
    """
    return _classify(line, 0, len(line)).kind is not _Kind.TEXT


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


def segment_sections(text: str, locator: Locator | None = None) -> Segmented:
    r"""Split normalised ``text`` into sections of paragraphs.

    Example: ``"2 Welcoming remarks\\n2.1 Mr X opened the meeting."`` gives section "2",
    titled "Welcoming remarks", holding paragraph "2.1".
    """
    loc = locator or Locator(text)
    diagnostics: list[Diagnostic] = []

    pieces: list[tuple[int, int]] = []
    for a, b in _lines(text):
        pieces.extend(_split_long_line(text, a, b) if b - a > _LONG_LINE else [(a, b)])

    blocks: list[_Block] = []
    prev_num: tuple[int, ...] | None = None
    for a, b in pieces:
        block = _classify(text, a, b)
        if block.number is not None:
            num = _parts(block.number)
            previous_text = text[blocks[-1].start : blocks[-1].end].rstrip() if blocks else ""
            quoted = not _follows(prev_num, num) and (
                previous_text.endswith((":", ";")) or text[a:b].rstrip().endswith(";")
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

    _mark_headings(text, blocks)
    sections, preamble_end = _build(text, blocks, loc, diagnostics)
    return Segmented(
        sections=tuple(sections),
        preamble_end=preamble_end,
        signature=signature,
        diagnostics=tuple(diagnostics),
    )


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
        if h and not _heading_like(text[block.body : block.end]):
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
                top = _ensure_top(roots, top, number.split(".")[0], block, loc, diagnostics)
                sub = _SectionBuilder(number, title, block.start, block.end)
                top.subsections.append(sub)
            continue
        if number is not None:
            head = number.split(".")[0]
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
    last = _parts(target.last_number) if target.last_number else None
    num = _parts(number)
    target.last_number = number
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
    else:
        section.unnumbered += 1
        anchor = next((p.number for p in reversed(section.paragraphs) if p.number), section.number)
        ref = f"{anchor or 'p'}+{section.unnumbered}"
    span = loc.span(block.start, block.end)
    section.paragraphs.append(
        Paragraph(
            number=block.number,
            ref=ref,
            kind=ParagraphKind.LIST_ITEM if block.kind is _Kind.ITEM else ParagraphKind.PARAGRAPH,
            text=body,
            span=span,
            page=span.page,
        )
    )
    section.end = max(section.end, block.end)


def _freeze(builder: _SectionBuilder, loc: Locator) -> Section:
    subsections = [_freeze(s, loc) for s in builder.subsections]
    end = max([builder.end, *(s.span.end for s in subsections)])
    span = loc.span(builder.start, end)
    return Section(
        number=builder.number,
        title=builder.title,
        paragraphs=builder.paragraphs,
        subsections=subsections,
        span=span,
        page=span.page,
    )
