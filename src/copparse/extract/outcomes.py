"""Outcomes: the items of the outcome, conclusion or recommendation section, and who is to act."""

from __future__ import annotations

import regex

from copparse.extract import ExtractContext
from copparse.models import Outcome

__all__ = ["OUTCOME_TITLE_RE", "extract_outcomes", "find_actors"]

OUTCOME_TITLE_RE = regex.compile(
    r"\b(?:outcomes?|conclusions?|recommendations?|next\s+steps|way\s+forward|decisions"
    r"|action\s+items|agreed\s+actions|follow[- ]up)\b",
    regex.IGNORECASE,
)
_ACTOR = (
    r"(?:(?:ITU\s+|BDT\s+|General\s+)?Secretariat|Member\s+States|Sector\s+Members"
    r"|(?:Vice[- ])?Chair(?:man|person)?|Group|CWG-?COP|WG-?CP|Council|BDT|TSB|ITU"
    r"|Regional\s+Offices|members|participants|delegates|Director)"
)
_ACTOR_RE = regex.compile(_ACTOR, regex.IGNORECASE)
# One actor or several joined: "Member States and Sector Members".
_ACTORS = rf"(?P<actors>{_ACTOR}(?:(?:\s*,\s*|\s+and\s+)(?:the\s+)?{_ACTOR}){{0,6}})"
# "the Secretariat will work", "Member States are invited to", "requested the Secretariat to".
_ACTS = regex.compile(
    rf"\b(?:the\s+)?{_ACTORS}\s+(?:will|shall|should|would|is\s+to|are\s+to|(?:is|are|was|were)"
    r"\s+(?:requested|asked|invited|encouraged|tasked|mandated|called\s+upon)\s+to|agreed\s+to"
    r"|decided\s+to|undertook\s+to|committed\s+to|to\s+(?:continue|prepare|draft|circulate"
    r"|organi[sz]e|report|update))\b"
    rf"|\b(?:request(?:ed|s)?|ask(?:ed|s)?|invit(?:ed|es)|encourag(?:ed|es)|task(?:ed|s)?"
    rf"|call(?:ed|s)\s+upon)\s+(?:the\s+)?{_ACTORS}\s+to\b",
    regex.IGNORECASE,
)
_CANONICAL = {
    "secretariat": "Secretariat", "itu secretariat": "Secretariat",
    "general secretariat": "Secretariat", "bdt secretariat": "Secretariat",
    "member states": "Member States", "sector members": "Sector Members", "chair": "Chair",
    "chairman": "Chair", "chairperson": "Chair", "vice-chair": "Vice-Chair",
    "vice chair": "Vice-Chair", "group": "Group", "cwg-cop": "Group", "cwgcop": "Group",
    "wg-cp": "Group", "wgcp": "Group", "council": "Council", "bdt": "BDT", "tsb": "TSB",
    "itu": "ITU", "regional offices": "Regional Offices", "members": "Members",
    "participants": "Participants", "delegates": "Participants", "director": "Director",
}  # fmt: skip


def find_actors(text: str) -> list[str]:
    """Who a sentence gives something to do.

    Example: ``"the Secretariat will work on the exact wording"`` -> ``["Secretariat"]``.
    """
    out: list[str] = []
    for m in _ACTS.finditer(text):
        for a in _ACTOR_RE.finditer(m.group("actors")):
            key = " ".join(a.group(0).lower().split())
            actor = _CANONICAL.get(key, a.group(0))
            if actor not in out:
                out.append(actor)
    return out


def extract_outcomes(ctx: ExtractContext) -> list[Outcome]:
    """Every paragraph of the sections titled as outcomes, conclusions or recommendations."""
    out = []
    for section in ctx.seg.sections:
        if (
            section.number is None
            or not section.title
            or not OUTCOME_TITLE_RE.search(section.title)
        ):
            continue
        for _, s in section.walk():
            for p in s.paragraphs:
                out.append(
                    Outcome(
                        number=p.number,
                        text=p.text,
                        actors=find_actors(p.text),
                        span=p.span,
                    )
                )
    return out
