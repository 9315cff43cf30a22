"""What the report says about the agenda's adoption."""

from __future__ import annotations

import regex

from copparse.extract import ExtractContext, body_start, sentences
from copparse.lang import alternation, lexicon
from copparse.models import Agenda, ParagraphKind
from copparse.rules import rule

__all__ = ["extract_agenda"]

_AGENDA_WORDS = lexicon("en").agenda
_AGENDA = rule(
    "agenda.mention",
    "agenda",
    alternation(_AGENDA_WORDS.nouns),
    "The word that puts a sentence (or a section title) about the agenda.",
    examples=[
        ("The Agenda was adopted as drafted.", "Agenda"),
        ("Adoption of the agenda", "agenda"),
    ],
    counter_examples=["The agendas of the regional offices", "The group agreed."],
    needs=_AGENDA_WORDS.nouns,
    flags=regex.IGNORECASE,
)
_ADOPTED = rule(
    "agenda.adopted",
    "agenda.adopted",
    alternation(_AGENDA_WORDS.adopted),
    "A sentence about the agenda that says it was adopted.",
    examples=[("The agenda was approved without changes.", "approved")],
    counter_examples=["The agenda was discussed.", "readopted"],
    flags=regex.IGNORECASE,
)
_NOT_ADOPTED = rule(
    "agenda.not_adopted",
    "agenda.adopted",
    alternation(_AGENDA_WORDS.not_adopted),
    "The negation that makes an adoption sentence say the agenda was not adopted.",
    examples=[
        ("The agenda was not adopted.", "not adopted"),
        ("was NOT  approved", "NOT  approved"),
    ],
    counter_examples=["The agenda was adopted.", "not yet adopted"],
    flags=regex.IGNORECASE,
)
_AS_DRAFTED = rule(
    "agenda.as_drafted",
    "agenda.as_drafted",
    alternation(_AGENDA_WORDS.as_drafted),
    'An adoption without change: "as drafted", "without any amendments".',
    examples=[
        ("The Agenda was adopted as drafted.", "as drafted"),
        ("The agenda was approved without changes.", "without changes"),
        ("adopted without any modification", "without any modification"),
    ],
    counter_examples=["as draft", "without a change", "with changes"],
    flags=regex.IGNORECASE,
)
_AMENDED = rule(
    "agenda.amended",
    "agenda.amendments",
    alternation(_AGENDA_WORDS.amended),
    'An adoption with change: "with the following amendments", "one item was added".',
    examples=[
        ("The agenda was adopted with the following amendments:", "with the following amendments"),
        ("one additional item was added to the agenda", "additional item"),
        ("adopted with minor changes", "with minor changes"),
        ("item 4 was postponed", "was postponed"),
    ],
    counter_examples=["The Agenda was adopted as drafted.", "the amendment of Resolution 1306"],
    flags=regex.IGNORECASE,
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
        in_agenda_section = bool(section.title and _AGENDA.pattern.search(section.title))
        if para.kind is ParagraphKind.LIST_ITEM and in_agenda_section and adopted is not None:
            amendments.append(para.text)
            continue
        if not in_agenda_section and not _AGENDA.could_match(low, para.span.start, para.span.end):
            continue  # the common case, found without splitting the paragraph into sentences
        for a, b in sentences(text, body_start(para), para.span.end):
            s = text[a:b]
            mentions_agenda = _AGENDA.pattern.search(s) or in_agenda_section
            if not mentions_agenda:
                continue
            if _ADOPTED.pattern.search(s) and adopted is None:
                adopted = not _NOT_ADOPTED.pattern.search(s)
                first = first or (a, b)
                last_end = b
                if _AS_DRAFTED.pattern.search(s):
                    as_drafted = True
            amended = _AMENDED.pattern.search(s)
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
