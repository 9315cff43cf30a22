"""What the report says about the agenda's adoption."""

from __future__ import annotations

import regex

from copparse.extract import ExtractContext, body_start, needs, sentences, spans_holding
from copparse.extract.places import fewest_words
from copparse.lang import alternation, lexicon
from copparse.models import Agenda, Diagnostic, ParagraphKind, Severity
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
    needs=fewest_words(_AGENDA_WORDS.nouns),
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


_ADDITION = rule(
    "agenda.amended.addition",
    "agenda.amendments",
    rf"{alternation(_AGENDA_WORDS.addition_with)}\s+"
    rf"(?P<what>{alternation(_AGENDA_WORDS.addition)}\s+[^.;:]*[^.;:\s])",
    'An adoption "with the addition of" an item: amended, even where "as drafted" is said too.',
    examples=[
        (
            "The draft agenda was adopted with the addition of an item on youth participation.",
            "the addition of an item on youth participation",
        ),
        (
            "The draft agenda was adopted as drafted with the addition of an item on youth"
            " participation.",
            "the addition of an item on youth participation",
        ),
        ("adopted with the deletion of item 7.", "the deletion of item 7"),
    ],
    counter_examples=["The agenda was adopted as drafted.", "in addition to the agenda"],
    needs=fewest_words(needs(_AGENDA_WORDS.addition)),
    group="what",
    flags=regex.IGNORECASE,
)
_MEETING_NOUNS = alternation(lexicon("en").meetings.nouns, bounded=False)
_OTHER_MEETING = alternation(_AGENDA_WORDS.other_agenda_meeting)
_POSSESSIVE = alternation(_AGENDA_WORDS.possessive, bounded=False)
_OTHER_AGENDA = rule(
    "agenda.other_meeting",
    "agenda",
    rf"{alternation(_AGENDA_WORDS.nouns)}\s+{alternation(_AGENDA_WORDS.other_agenda_of)}\s+"
    rf"(?:{alternation(_AGENDA_WORDS.other_agenda_owner)}\s+)?{_OTHER_MEETING}\s+"
    rf"{_MEETING_NOUNS}(?!\w)"
    rf"|{_OTHER_MEETING}\s+{_MEETING_NOUNS}{_POSSESSIVE}\s+"
    rf"{alternation(_AGENDA_WORDS.nouns)}",
    "The agenda of another meeting (the next, future ones): never this meeting's adoption.",
    examples=[
        (
            "The Group agreed that the agenda of its next meeting should include an item",
            "agenda of its next meeting",
        ),
        ("the agenda of future meetings would include", "agenda of future meetings"),
        ("the agenda for the next session", "agenda for the next session"),
        ("the next meeting's agenda should include", "next meeting's agenda"),
        ("on future meetings' agenda", "future meetings' agenda"),
    ],
    counter_examples=[
        "The agenda of the meeting was adopted.",
        "The agenda was adopted.",
        "The following agenda was adopted.",
        "The agenda of the meeting, adopted at the next session",
    ],
    needs=fewest_words(needs(_AGENDA_WORDS.other_agenda_meeting)),
    flags=regex.IGNORECASE,
)
_OTHER_MEETING_NAMED = rule(
    "agenda.other_meeting.named",
    "agenda.amendments",
    rf"{_OTHER_MEETING}\s+{_MEETING_NOUNS}(?!\w)",
    "In the agenda's section, a sentence that names another meeting (not the agenda) before"
    " its change: what that meeting would hold is no amendment of this one's agenda.",
    examples=[
        (
            "The Group agreed that future meetings would include an additional item on games.",
            "future meetings",
        ),
        ("the next session would add an item", "next session"),
    ],
    counter_examples=["The meeting added an item on games.", "the following items were added"],
    needs=fewest_words(needs(_AGENDA_WORDS.other_agenda_meeting)),
    flags=regex.IGNORECASE,
)


def extract_agenda(ctx: ExtractContext) -> tuple[Agenda, list[Diagnostic]]:
    """Read whether the agenda was adopted, as drafted or with amendments.

    A report of two meetings may adopt an agenda in each one's section: the one `Agenda` then
    holds them together, and a warning says so.

    Example: ``"The Agenda was adopted as drafted."`` gives adopted and as_drafted true.
    """
    text, loc = ctx.text, ctx.loc
    adoptions: list[tuple[str | None, int, int]] = []  # (section, start, end) of each
    adopted: bool | None = None
    as_drafted: bool | None = None
    amendments: list[str] = []
    first: tuple[int, int] | None = None
    last_end = 0
    low = ctx.folded
    # A report with no numbered body is all header block: its sentences are read from the top.
    body = ctx.header_end if ctx.header_end < len(text) else 0
    read = [(section, para) for section, para in ctx.paragraphs() if para.span.start >= body]
    # Whether each paragraph holds one of the rule's words (_AGENDA.could_match of its span),
    # found for all of them at once; and whether each section's title names the agenda,
    # searched once per section.
    worded = spans_holding(low, [(p.span.start, p.span.end) for _, p in read], _AGENDA.needs)
    titled: dict[int, bool] = {}
    for (section, para), has_words in zip(read, worded, strict=True):
        in_agenda_section = titled.get(id(section))
        if in_agenda_section is None:
            in_agenda_section = bool(section.title and _AGENDA.pattern.search(section.title))
            titled[id(section)] = in_agenda_section
        if para.kind is ParagraphKind.LIST_ITEM and in_agenda_section and adopted is not None:
            amendments.append(para.text)
            continue
        if not in_agenda_section and not has_words:
            continue  # the common case, found without splitting the paragraph into sentences
        for a, b in sentences(text, body_start(para), para.span.end):
            s = text[a:b]
            mentions_agenda = _AGENDA.pattern.search(s) or in_agenda_section
            if not mentions_agenda:
                continue
            if _OTHER_AGENDA.could_match(low, a, b) and _OTHER_AGENDA.pattern.search(s):
                continue  # what another meeting's agenda should hold, not this one's adoption
            says_adopted = _ADOPTED.pattern.search(s) is not None
            if says_adopted:
                adoptions.append((section.number, a, b))
            if says_adopted and adopted is None:
                adopted = not _NOT_ADOPTED.pattern.search(s)
                first = first or (a, b)
                last_end = b
                if _AS_DRAFTED.pattern.search(s):
                    as_drafted = True
            addition = _ADDITION.pattern.search(s) if _ADDITION.could_match(low, a, b) else None
            amended = addition or _AMENDED.pattern.search(s)
            if (
                amended
                and not addition
                and _OTHER_MEETING_NAMED.could_match(low, a, b)
                and not _AGENDA.pattern.search(s)
                and _OTHER_MEETING_NAMED.pattern.search(s, 0, amended.start())
            ):
                amended = None  # "future meetings would include an additional item"
            if amended:
                as_drafted = False  # also where "as drafted" is said in the same sentence
                if addition:  # "with the addition of an item on X" -> "the addition of ..."
                    amendment = addition.group("what")
                else:
                    # "adopted with the following amendment: X" -> X; "...amendments:" -> the list.
                    colon = s.find(":", amended.end())
                    amendment = s[colon + 1 :].strip() if colon >= 0 else s.strip()
                if amendment:
                    amendments.append(amendment)
                first = first or (a, b)
                last_end = max(last_end, b)
    span = loc.span(first[0], last_end) if first else None
    agenda = Agenda(adopted=adopted, as_drafted=as_drafted, amendments=amendments, span=span)
    sections = list(dict.fromkeys(number for number, _, _ in adoptions))
    if len(sections) < 2:
        return agenda, []
    later = next(ab for number, *ab in adoptions if number == sections[1])
    return agenda, [
        Diagnostic(
            code="agenda-several",
            severity=Severity.WARNING,
            message=f"an agenda is adopted in {len(sections)} sections"
            f" ({', '.join(str(n) for n in sections)}), as a report of several meetings does:"
            " `agenda` holds them together (adopted as the first says; as_drafted false if"
            " any was amended, with every amendment)",
            span=loc.span(*later),
        )
    ]
