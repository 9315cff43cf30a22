"""The mandate: Council Resolution 1306, Plenipotentiary Resolution 179, and the like."""

from __future__ import annotations

import regex

from copparse.extract import ExtractContext
from copparse.extract.places import fewest_words
from copparse.lang import alternation, lexicon
from copparse.models import Resolution, ResolutionBody, Span
from copparse.rules import rule

__all__ = ["extract_resolutions"]

_RES = lexicon("en").resolutions
_YEAR = r"(?:19|20)\d\d"
_ITU = alternation(_RES.organization, bounded=False)
_CITATION = rule(
    "resolution.citation",
    "resolutions.number",
    rf"(?:(?P<y1>{_YEAR})\s+)?(?:{_ITU}\s+)?(?:(?P<y2>{_YEAR})\s+)?(?:{_ITU}\s+)?"
    rf"(?:\b(?P<body>{alternation(_RES.bodies, bounded=False)})(?:-(?P<yy>\d\d))?\s+)?"
    rf"{alternation(_RES.word, bounded=False)}\s+"
    rf"(?:(?P<sector>{alternation(_RES.sector_prefixes)})\s+)?(?P<num>\d{{1,4}})\b"
    r"(?:\s*\((?P<paren>[^()\n]{2,40})\))?"
    rf"(?:\s+{alternation(_RES.body_after)}\s+(?P<body_after>{alternation(_RES.bodies)}))?",
    "A resolution cited: the year and body before it (or after it), its number, and a bracket.",
    examples=[
        ("the 2009 ITU Council Resolution 1306 on", "2009 ITU Council Resolution 1306"),
        ("Resolution 1306 (Council 2009)", "Resolution 1306 (Council 2009)"),
        ("ITU 2010 Council Resolution 1306", "ITU 2010 Council Resolution 1306"),
        ("ITU Plenipotentiary Resolution 179 (Rev. Busan, 2014)",
         "ITU Plenipotentiary Resolution 179 (Rev. Busan, 2014)"),
        ("PP Resolution 179 (Rev. Dubai, 2018)", "PP Resolution 179 (Rev. Dubai, 2018)"),
        ("Plenipotentiary Conference Resolution 179", "Plenipotentiary Conference Resolution 179"),
        ("WTDC Resolution 67 (Rev. Kigali, 2022)", "WTDC Resolution 67 (Rev. Kigali, 2022)"),
        ("under WTSA Resolution 2 (Rev. Geneva, 2022).", "WTSA Resolution 2 (Rev. Geneva, 2022)"),
        ("WTDC-17 Resolution 67", "WTDC-17 Resolution 67"),
        ("the PP-18 Resolution 179 on", "PP-18 Resolution 179"),
        ("Resolution 67 (Rev. Kigali, 2022) of the World Telecommunication Development Conference",
         "Resolution 67 (Rev. Kigali, 2022) of the World Telecommunication Development Conference"),
        ("Resolution ITU-R 69 (Rev. Sharm el-Sheikh, 2019)",
         "Resolution ITU-R 69 (Rev. Sharm el-Sheikh, 2019)"),
        ("Resolution 2 (Rev. Geneva, 2022) of the WTSA",
         "Resolution 2 (Rev. Geneva, 2022) of the WTSA"),
        ("RA Resolution 69 (Rev. Sharm el-Sheikh, 2019)",
         "RA Resolution 69 (Rev. Sharm el-Sheikh, 2019)"),
        ("in para Resolution 45", "Resolution 45"),  # "ra" inside a word is no body
    ],
    counter_examples=["Resolution of the Council", "Resolutions 1306", "resolution 13061"],
    needs=fewest_words(_RES.word),
    flags=regex.IGNORECASE,
)  # fmt: skip
_REVISION = rule(
    "resolution.revision",
    "resolutions.revision",
    rf"^{alternation([r.rstrip('.') for r in _RES.revision], bounded=False)}\.?\s*"
    rf"(?P<place>[A-Z][\w' -]+?),?\s+(?P<year>{_YEAR})$",
    'The revision in a citation\'s bracket: "Rev. Busan, 2014" (place, year).',
    examples=[
        ("Rev. Busan, 2014", "Rev. Busan, 2014"),
        ("Rev. Dubai, 2018", "Rev. Dubai, 2018"),
        ("Rev. Kigali, 2022", "Rev. Kigali, 2022"),
        ("Rev. Sharm el-Sheikh, 2019", "Rev. Sharm el-Sheikh, 2019"),
    ],
    counter_examples=["Busan, 2014", "Council 2009", "Rev. 2014", "rev. busan, 2014"],
)
_COUNCIL_YEAR = rule(
    "resolution.council_year",
    "resolutions.year",
    rf"^{alternation(_RES.council_year, bounded=False)}[- ]?(?P<year>{_YEAR})$",
    'A citation\'s bracket naming the Council and its year: "(Council 2009)", "(C09)".',
    examples=[
        ("Council 2009", "Council 2009"),
        ("C-2010", "C-2010"),
        ("council2009", "council2009"),
    ],
    counter_examples=["Council of 2009", "Rev. Busan, 2014", "PP 2018"],
    flags=regex.IGNORECASE,
)


def _century(short: int) -> int:
    """A conference's year from its two figures ("WTDC-17", "PP-98"): ITU's conferences of
    the twentieth century are those after 1950.
    """  # noqa: D205
    return (1900 if short >= _LAST_CENTURY_FROM else 2000) + short


_LAST_CENTURY_FROM = 50


def _letters(word: str) -> str:
    """A Sector prefix however it is joined: "ITU-R", "ITU R", "ITUR" give "itur"."""
    return "".join(c for c in word.lower() if c.isalnum())


_BODIES = {" ".join(k.lower().split()): ResolutionBody(v) for k, v in _RES.bodies.items()}
_SECTORS = {_letters(k): ResolutionBody(v) for k, v in _RES.sector_prefixes.items()}
# The group's mandate, for citations that name no body.
_KNOWN = {number: ResolutionBody(body) for number, body in _RES.known.items()}


def extract_resolutions(ctx: ExtractContext) -> list[Resolution]:
    """Every distinct resolution cited, with the places it is cited.

    Example: ``"ITU Plenipotentiary Resolution 179 (Rev. Busan, 2014)"`` gives body
    Plenipotentiary, number "179", revision "Busan, 2014", year 2014.
    """
    text, loc = ctx.text, ctx.loc
    found: dict[tuple[ResolutionBody, str], Resolution] = {}
    if not _CITATION.could_match(ctx.folded):
        return []
    for m in _CITATION.finditer(text):
        number = m.group("num")
        body_group = "body" if m.group("body") else "body_after"
        body_word = m.group(body_group)
        sector = m.group("sector")
        paren = (m.group("paren") or "").strip()
        revision = None
        year = None
        spans: dict[str, Span] = {"number": loc.span(*m.span("num"))}
        rules: dict[str, str] = {"number": _CITATION.name}
        council_year = _COUNCIL_YEAR.pattern.match(paren)
        if body_word:
            body = _BODIES[" ".join(body_word.lower().split())]
            spans["body"] = loc.span(*m.span(body_group))
            rules["body"] = _CITATION.name
        elif sector:
            body = _SECTORS[_letters(sector)]
            spans["body"] = loc.span(*m.span("sector"))
            rules["body"] = _CITATION.name
        elif council_year:
            body = ResolutionBody.COUNCIL
        elif number in _KNOWN:
            body = _KNOWN[number]
        else:
            continue
        rev = _REVISION.pattern.match(paren)
        if rev:
            revision = f"{rev.group('place').strip()}, {rev.group('year')}"
            year = int(rev.group("year"))
            spans["revision"] = spans["year"] = loc.span(*m.span("paren"))
            rules["revision"] = rules["year"] = _REVISION.name
        elif council_year:
            year = int(council_year.group("year"))
            spans["year"] = loc.span(*m.span("paren"))
            rules["year"] = _COUNCIL_YEAR.name
            body = ResolutionBody.COUNCIL
        # "WTDC-17", "PP-18": the conference's year in two figures after its body.
        short = m.group("yy") if m.group("body") else None
        if short and year is None:
            year = _century(int(short))
            spans["year"] = loc.span(*m.span("yy"))
            rules["year"] = _CITATION.name
        for g in ("y1", "y2"):
            if m.group(g) and year is None:
                year = int(m.group(g))
                spans["year"] = loc.span(*m.span(g))
                rules["year"] = _CITATION.name
        span = loc.span(m.start(), m.end())
        key = (body, number)
        if key in found:
            prev = found[key]
            update: dict[str, object] = {"mentions": [*prev.mentions, span]}
            merged = {
                "field_spans": prev.field_spans | spans,
                "field_rules": prev.field_rules | rules,
            }
            if prev.revision is None and revision:
                update |= {"revision": revision, "year": year, **merged}
            elif prev.year is None and year:
                update |= {"year": year, **merged}
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
            field_rules=rules,
        )
    return list(found.values())
