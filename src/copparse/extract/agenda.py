"""What the report says about the agenda's adoption."""

from __future__ import annotations

import regex

from copparse.extract import ExtractContext, body_start, sentences
from copparse.models import Agenda, ParagraphKind

__all__ = ["extract_agenda"]

_AGENDA = regex.compile(r"\bagenda\b", regex.IGNORECASE)
_ADOPTED = regex.compile(r"\b(?:adopted|approved|agreed)\b", regex.IGNORECASE)
_NOT_ADOPTED = regex.compile(r"\bnot\s+(?:adopted|approved)\b", regex.IGNORECASE)
_AS_DRAFTED = regex.compile(
    r"\b(?:as\s+(?:drafted|presented|proposed|circulated|published|it\s+stood)"
    r"|without\s+(?:any\s+)?(?:amendments?|changes?|modifications?))\b",
    regex.IGNORECASE,
)
_AMENDED = regex.compile(
    r"\b(?:with\s+(?:the\s+following\s+|some\s+|minor\s+)?(?:amendments?|changes?|modifications?)"
    r"|amended|additional\s+(?:agenda\s+)?items?|(?:was|were)\s+added|added\s+to\s+the\s+agenda"
    r"|(?:was|were)\s+(?:removed|deleted|postponed))\b",
    regex.IGNORECASE,
)


def extract_agenda(ctx: ExtractContext) -> Agenda:
    """Read whether the agenda was adopted, as drafted or with amendments.

    Example: ``"The Agenda was adopted as drafted."`` gives adopted and as_drafted true.
    """
    text, loc = ctx.text, ctx.loc
    adopted: bool | None = None
    as_drafted: bool | None = None
    amendments: list[str] = []
    first: tuple[int, int] | None = None
    last_end = 0
    low = ctx.folded
    for section, para in ctx.paragraphs():
        if para.span.start < ctx.header_end:
            continue
        in_agenda_section = bool(section.title and _AGENDA.search(section.title))
        if para.kind is ParagraphKind.LIST_ITEM and in_agenda_section and adopted is not None:
            amendments.append(para.text)
            continue
        if (
            not in_agenda_section
            and low is not None
            and low.find("agenda", para.span.start, para.span.end) < 0
        ):
            continue  # the common case, found without splitting the paragraph into sentences
        for a, b in sentences(text, body_start(para), para.span.end):
            s = text[a:b]
            mentions_agenda = _AGENDA.search(s) or in_agenda_section
            if not mentions_agenda:
                continue
            if _ADOPTED.search(s) and adopted is None:
                adopted = not _NOT_ADOPTED.search(s)
                first = first or (a, b)
                last_end = b
                if _AS_DRAFTED.search(s):
                    as_drafted = True
            amended = _AMENDED.search(s)
            if amended:
                as_drafted = False
                # "adopted with the following amendment: X" -> X; "...amendments:" -> the list.
                colon = s.find(":", amended.end())
                amendment = s[colon + 1 :].strip() if colon >= 0 else s.strip()
                if amendment:
                    amendments.append(amendment)
                first = first or (a, b)
                last_end = max(last_end, b)
    span = loc.span(first[0], last_end) if first else None
    return Agenda(adopted=adopted, as_drafted=as_drafted, amendments=amendments, span=span)
