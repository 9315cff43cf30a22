"""Documents a report names that are not contributions: its agenda, earlier meetings' records.

A code in running text is a contribution when the report's own meeting presented it. Three
kinds of sentence make it something else: the agenda's adoption ("The agenda (Document
CWG-COP/9/1) was adopted"), the record of an earlier meeting ("the report of the eighth meeting
(WG-CP/8/10) was approved"), and any mention of a code whose meeting number is not among the
report's meetings (a document of an earlier meeting, cited). Codes in a list of contributions
stay contributions whatever a sentence says of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import regex

from copparse.extract import ExtractContext, needs
from copparse.extract.contributions import CODE_RE
from copparse.lang import alternation, lexicon
from copparse.models import CitedRole, Contribution, DocumentCited, Meeting
from copparse.rules import rule

__all__ = ["split_cited"]

_D = lexicon("en").documents


def _ci(phrases: Iterable[str]) -> str:
    return f"(?i:{alternation(phrases)})"


# The code itself, and what may stand between a noun and it: "(Document ", ", as contained in ".
_CODE = rf"(?P<code>{CODE_RE.pattern})"
_TO_CODE = (
    rf"\s{{0,3}}[(:,]?\s{{0,3}}(?:{_ci(_D.contained_in)}\s{{1,3}})?"
    rf"(?:{alternation(_D.document_words)}\s{{0,3}})?"
)

_AGENDA = rule(
    "documents.agenda",
    "documents_cited.role",
    rf"{_ci(_D.agenda)}{_TO_CODE}{_CODE}",
    "The meeting's agenda, named by its document code.",
    examples=[
        ("2.1 The agenda (Document WG-CP/9/1) was adopted without modification.", "WG-CP/9/1"),
        ("The draft agenda (WG-CP/1/1:) was adopted with amendments", "WG-CP/1/1"),
        ("The agenda, as contained in Document CWG-COP/17/1, was adopted", "CWG-COP/17/1"),
    ],
    counter_examples=[
        "Kenya presented CWG-COP/9/5 on the agenda for youth",
        "on the agenda item on youth, Kenya presented CWG-COP/9/5",
    ],
    needs=needs(_D.agenda),
    group="code",
    flags=regex.IGNORECASE,
)
_EARLIER_RECORD = rule(
    "documents.earlier_record",
    "documents_cited.role",
    # "report of the eighth meeting", "summary of the previous meeting": a word or three naming
    # which meeting; "the report of the meeting" alone is the report's own.
    rf"\b{_ci(_D.record)}\s{{1,3}}{_ci(_D.record_of)}\s{{1,3}}(?:[\w-]{{1,20}}\s{{1,3}}){{1,3}}?"
    rf"{_ci(lexicon('en').meetings.nouns)}{_TO_CODE}{_CODE}",
    "The report (summary, minutes) of an earlier meeting, named by its document code.",
    examples=[
        ("The report of the eighth meeting (WG-CP/8/10) was approved", "WG-CP/8/10"),
        ("the summary of the previous meeting, Document CWG-COP/9/2, was noted", "CWG-COP/9/2"),
        (
            "The report of its twenty-sixth meeting, contained in Document CWG-COP/26/10, was"
            " approved.",
            "CWG-COP/26/10",
        ),
    ],
    counter_examples=[
        "the report of the meeting (CWG-COP/9/2)",
        "Kenya presented its report (CWG-COP/9/4) on the eighth meeting",
        "the report of its meeting (CWG-COP/9/2)",
    ],
    needs=needs(_D.record),
    group="code",
    flags=regex.IGNORECASE,
)
# A code of a meeting the report does not cover: a decision, not a pattern of words.
_OTHER_MEETING = "documents.code_meeting"


def _role_at(ctx: ExtractContext, start: int) -> tuple[CitedRole, str, tuple[int, int]] | None:
    """The role the sentence holding the code at ``start`` gives it, the rule, and the words
    that give it (from the noun to the code).
    """  # noqa: D205
    sa, sb = ctx.sentence_at(start)
    for r, role in ((_AGENDA, CitedRole.AGENDA), (_EARLIER_RECORD, CitedRole.EARLIER_REPORT)):
        if not r.could_match(ctx.folded, sa, sb):
            continue
        for m in r.pattern.finditer(ctx.text, sa, sb):
            if m.start("code") == start:
                return role, r.name, m.span()
    return None


def split_cited(
    ctx: ExtractContext, contributions: Sequence[Contribution], meetings: Sequence[Meeting]
) -> tuple[list[Contribution], list[DocumentCited]]:
    """Move the codes that are not this meeting's contributions to ``documents_cited``.

    Only codes named in running text (not listed) move: the agenda's, an earlier meeting's
    record, and codes of meetings the report does not cover (when it says which it covers).
    """
    own = {m.number for m in meetings}
    kept: list[Contribution] = []
    cited: list[DocumentCited] = []
    for c in contributions:
        if c.listed:
            kept.append(c)
            continue
        found = _role_at(ctx, c.span.start)
        if found is None and own and c.meeting not in own:
            found = CitedRole.REFERENCE, _OTHER_MEETING, (c.span.start, c.span.end)
        if found is None:
            kept.append(c)
            continue
        role, by, said = found
        code_span = c.field_spans.get("code", c.span)
        cited.append(
            DocumentCited(
                code=c.code,
                meeting=c.meeting,
                number=c.number,
                revision=c.revision,
                role=role,
                span=c.span,
                field_spans={"code": code_span, "role": ctx.loc.span(*said)},
                field_rules={"role": by},
            )
        )
    return kept, cited
