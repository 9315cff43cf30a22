"""The mandate: Council Resolution 1306, Plenipotentiary Resolution 179, and the like."""

from __future__ import annotations

import regex

from copparse.extract import ExtractContext
from copparse.models import Resolution, ResolutionBody, Span

__all__ = ["extract_resolutions"]

# "ITU 2010 Council Resolution 1306", "2009 ITU Council Resolution 1306",
# "ITU Plenipotentiary Resolution 179 (Rev. Busan, 2014)", "Resolution 1306 (Council 2009)",
# "PP Resolution 179 (Rev. Dubai, 2018)".
_RESOLUTION = regex.compile(
    r"(?:(?P<y1>(?:19|20)\d\d)\s+)?(?:ITU\s+)?(?:(?P<y2>(?:19|20)\d\d)\s+)?(?:ITU\s+)?"
    r"(?:(?P<body>Council|Plenipotentiary(?:\s+Conference)?|PP)(?:-\d\d)?\s+)?"
    r"Resolution\s+(?P<num>\d{1,4})\b"
    r"(?:\s*\((?P<paren>[^()\n]{2,40})\))?",
    regex.IGNORECASE,
)
_REVISION = regex.compile(r"^(?:Rev\.?\s*)?(?P<place>[A-Z][\w ]+?),?\s+(?P<year>(?:19|20)\d\d)$")
_COUNCIL_YEAR = regex.compile(r"^(?:Council|C)[- ]?(?P<year>(?:19|20)\d\d)$", regex.IGNORECASE)
# The group's mandate, for citations that name no body.
_KNOWN = {"1306": ResolutionBody.COUNCIL, "179": ResolutionBody.PLENIPOTENTIARY}


def extract_resolutions(ctx: ExtractContext) -> list[Resolution]:
    """Every distinct resolution cited, with the places it is cited.

    Example: ``"ITU Plenipotentiary Resolution 179 (Rev. Busan, 2014)"`` gives body
    Plenipotentiary, number "179", revision "Busan, 2014", year 2014.
    """
    text, loc = ctx.text, ctx.loc
    found: dict[tuple[ResolutionBody, str], Resolution] = {}
    for m in _RESOLUTION.finditer(text):
        number = m.group("num")
        body_word = (m.group("body") or "").lower()
        paren = (m.group("paren") or "").strip()
        revision = None
        year = None
        spans: dict[str, Span] = {"number": loc.span(*m.span("num"))}
        if body_word.startswith("council"):
            body = ResolutionBody.COUNCIL
        elif body_word:
            body = ResolutionBody.PLENIPOTENTIARY
        elif cy := _COUNCIL_YEAR.match(paren):
            body = ResolutionBody.COUNCIL
        elif number in _KNOWN:
            body = _KNOWN[number]
        else:
            continue
        if body_word:
            spans["body"] = loc.span(*m.span("body"))
        rev = _REVISION.match(paren)
        if rev and paren.lower().startswith("rev"):
            revision = f"{rev.group('place').strip()}, {rev.group('year')}"
            year = int(rev.group("year"))
            spans["revision"] = spans["year"] = loc.span(*m.span("paren"))
        elif cy := _COUNCIL_YEAR.match(paren):
            year = int(cy.group("year"))
            spans["year"] = loc.span(*m.span("paren"))
            body = ResolutionBody.COUNCIL
        for g in ("y1", "y2"):
            if m.group(g) and year is None:
                year = int(m.group(g))
                spans["year"] = loc.span(*m.span(g))
        span = loc.span(m.start(), m.end())
        key = (body, number)
        if key in found:
            prev = found[key]
            update: dict[str, object] = {"mentions": [*prev.mentions, span]}
            if prev.revision is None and revision:
                update |= {"revision": revision, "year": year,
                           "field_spans": prev.field_spans | spans}  # fmt: skip
            elif prev.year is None and year:
                update |= {"year": year, "field_spans": prev.field_spans | spans}
            found[key] = prev.model_copy(update=update)
            continue
        found[key] = Resolution(
            body=body,
            number=number,
            revision=revision,
            year=year,
            span=span,
            mentions=[span],
            field_spans=spans,
        )
    return list(found.values())
