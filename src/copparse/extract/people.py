"""People: who chaired, who else is named with a role, and who signed."""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from copparse.extract import ExtractContext
from copparse.extract.lexicon import (
    HONORIFIC_RE,
    NAME_RE,
    country_code,
    demonym_country,
    normalize_honorific,
)
from copparse.models import Chair, Diagnostic, Person, Severity, Signature, Span

__all__ = ["extract_chair", "extract_people", "extract_signature", "find_people", "with_chair"]

_ROLE = (
    r"(?:Deputy\s+Secretary[- ]General|Secretary[- ]General|Deputy\s+Director"
    r"|(?:BDT|TSB|BR)\s+Director|Director(?:\s+of\s+(?:the\s+)?(?:BDT|TSB|BR"
    r"|Telecommunication\s+Development\s+Bureau|Telecommunication\s+Standardization\s+Bureau"
    r"|Radiocommunication\s+Bureau))?|Vice[- ]?Chair(?:man|woman|person)?"
    r"|(?:ad[- ]hoc\s+|acting\s+|outgoing\s+|incoming\s+|newly[- ]elected\s+)?Chair(?:man|woman"
    r"|person)?(?:\s+ad[- ]hoc)?|Councillor|Coordinator|Head\s+of\s+(?:the\s+)?\p{Lu}[\w-]*"
    r"(?:\s+\p{Lu}[\w-]*){0,4}|representative|delegate|Minister|Ambassador)"
)
_ORG = r"(?:ITU|BDT|TSB|BR|the\s+Group|CWG-?COP|\p{Lu}[\w-]*(?:\s+\p{Lu}[\w-]*){0,3})"
# "Mr. Malcolm Johnson", "Dr Sherif Hashem", "Ms Eugenia Devincenzi (Republic of Argentina)".
_MENTION = regex.compile(
    rf"(?P<hon>{HONORIFIC_RE})\s*(?P<name>{NAME_RE})(?:\s*\((?P<country>[^()\n]{{2,60}})\))?"
)
_ROLE_BEFORE = regex.compile(
    rf"(?:(?P<demonym>\p{{Lu}}\p{{Ll}}+)\s+)?(?P<role>{_ROLE})(?:\s+of\s+(?:the\s+)?"
    rf"(?P<org>{_ORG}))?\s*,?\s*$",
    regex.IGNORECASE,
)
_ROLE_AFTER = regex.compile(
    rf"\s*,\s*(?:the\s+|who\s+is\s+the\s+|(?:nominated|appointed|elected|designated)\s+"
    rf"(?:as\s+)?(?:the\s+)?)?(?P<role>{_ROLE})(?:\s+of\s+(?:the\s+)?(?P<org>{_ORG}))?",
    regex.IGNORECASE,
)
_ABSENT = regex.compile(r"\babsen(?:t|ce)\b|\bapologi[sz]", regex.IGNORECASE)
_CHAIRED_BY = regex.compile(
    rf"\b(?:chaired|presided(?:\s+over)?)\s+by\s+(?:the\s+)?(?:(?P<pre>{_ROLE})"
    rf"(?:\s+of\s+the\s+\w+)?\s*,?\s+)?(?P<hon>{HONORIFIC_RE})?\s*(?P<name>{NAME_RE})"
    rf"(?:\s*\((?P<country>[^()\n]{{2,60}})\))?"
    rf"|\bunder\s+the\s+chair(?:man|person)?ship\s+of\s+(?P<hon2>{HONORIFIC_RE})?\s*"
    rf"(?P<name2>{NAME_RE})(?:\s*\((?P<country2>[^()\n]{{2,60}})\))?",
    regex.IGNORECASE,
)
_SIG_NAME = regex.compile(
    rf"(?:(?P<hon>{HONORIFIC_RE})\s*)?(?P<name>{NAME_RE})(?:\s*\((?P<country>[^()\n]{{2,60}})\))?"
)
# Words a greedy name match can swallow that are no part of a name.
_NOT_NAME = {
    "Chair", "Chairman", "Chairperson", "Vice", "Deputy", "Secretary", "Director", "Ambassador",
    "Representative", "Head", "Minister", "Councillor", "The", "ITU", "BDT", "TSB", "Group",
    "Council", "Working", "Mr", "Ms", "Mrs", "Dr", "On", "In", "He", "She", "They", "And",
}  # fmt: skip


_ROLE_SPELLINGS = (
    (regex.compile(r"\bchair(?:man|woman|person)\b"), "chair"),
    (regex.compile(r"\bvice[- ]?chair\b"), "vice-chair"),
    (regex.compile(r"secretary[- ]general"), "secretary-general"),
    (regex.compile(r"^(?:newly[- ]elected|outgoing|incoming) "), ""),
)
_AD_HOC = regex.compile(r"\bad[- ]hoc\b")
_VICE_CHAIR = regex.compile(r"\bvice[- ]?chair")


def _canonical_role(role: str | None) -> str | None:
    if not role:
        return None
    r = " ".join(role.lower().split())
    for pattern, replacement in _ROLE_SPELLINGS:
        r = pattern.sub(replacement, r)
    if "ad hoc" in r or "ad-hoc" in r:
        return "ad hoc chair"
    if r.startswith(("director of the telecommunication development bureau", "director of bdt")):
        return "bdt director"
    return r


def _clean_name(name: str) -> str:
    words = name.split()
    for i, w in enumerate(words):
        if w.rstrip(".,") in _NOT_NAME and i > 0:
            words = words[:i]
            break
    return " ".join(words).rstrip(".,")


@dataclass
class _PersonBuilder:
    name: str
    honorific: str | None
    span: tuple[int, int]
    role: str | None = None
    organization: str | None = None
    country: str | None = None
    code: str | None = None
    absent: bool = False
    mentions: list[tuple[int, int]] = field(default_factory=list)
    field_spans: dict[str, tuple[int, int]] = field(default_factory=dict)


def find_people(ctx: ExtractContext) -> list[_PersonBuilder]:
    """Every person named with an honorific, merged by name; surnames alone join full names."""
    text = ctx.text
    people: dict[str, _PersonBuilder] = {}
    surnames: list[tuple[str, tuple[int, int]]] = []
    sig = ctx.seg.signature
    last_mention_end = 0
    for m in _MENTION.finditer(text, ctx.header_end if ctx.header_end < len(text) else 0):
        name = _clean_name(m.group("name"))
        if not name or (sig and sig.start <= m.start() < sig.end):
            continue
        name_span = (m.start("name"), m.start("name") + len(name))
        if " " not in name:
            surnames.append((name, (m.start(), name_span[1])))
            continue
        key = name.lower()
        person = people.get(key)
        if person is None:
            person = _PersonBuilder(
                name, normalize_honorific(m.group("hon")), (m.start(), name_span[1])
            )
            person.field_spans["name"] = name_span
            person.field_spans["honorific"] = m.span("hon")
            people[key] = person
        person.mentions.append((m.start(), name_span[1]))
        sentence = ctx.sentence_at(m.start())
        before = _ROLE_BEFORE.search(text, max(sentence[0], m.start() - 90), m.start())
        after = _ROLE_AFTER.match(text, m.end(), min(sentence[1], m.end() + 90))
        for rm in (before, after):
            if rm and person.role is None:
                person.role = _canonical_role(rm.group("role"))
                person.field_spans["role"] = rm.span("role")
                if rm.group("org"):
                    person.organization = rm.group("org").removeprefix("the ").strip()
                    person.field_spans["organization"] = rm.span("org")
        if before and before.groupdict().get("demonym") and person.code is None:
            person.code = demonym_country(before.group("demonym"))
        if m.group("country") and person.country is None:
            code = country_code(m.group("country"))
            if code:
                person.country, person.code = m.group("country").strip(), code
                person.field_spans["country"] = m.span("country")
        window_start = max(sentence[0], m.start() - 80, last_mention_end)
        if _ABSENT.search(text, window_start, m.start()):
            person.absent = True
        last_mention_end = m.end()
    for surname, span in surnames:
        match = next(
            (p for p in people.values() if p.name.split()[-1].lower() == surname.lower()), None
        )
        if match:
            match.mentions.append(span)
    return sorted(people.values(), key=lambda p: p.span[0])


def extract_people(ctx: ExtractContext) -> list[Person]:
    """Everyone the body names with an honorific, with the role the text gives them.

    Example: ``"Mr. Malcolm Johnson, the Deputy Secretary-General of ITU"`` gives Malcolm
    Johnson, "Mr", role "deputy secretary-general", organization "ITU".
    """
    loc = ctx.loc
    out = []
    for p in find_people(ctx):
        span = loc.span(*p.span)
        out.append(
            Person(
                name=p.name,
                honorific=p.honorific,
                role=p.role,
                organization=p.organization,
                country=p.country,
                country_code=p.code,
                absent=p.absent,
                span=span,
                page=span.page,
                mentions=[loc.span(*s) for s in p.mentions],
                field_spans={k: loc.span(*v) for k, v in p.field_spans.items()},
            )
        )
    return out


def extract_signature(ctx: ExtractContext) -> Signature | None:
    r"""The closing block: ``"Ms Eugenia Devincenzi (Republic of Argentina)\\nAd Hoc Chair"``."""
    sig = ctx.seg.signature
    if sig is None:
        return None
    text, loc = ctx.text, ctx.loc
    first_end = text.find("\n", sig.start, sig.end)
    first_end = sig.end if first_end < 0 else first_end
    spans: dict[str, Span] = {}
    m = _SIG_NAME.fullmatch(text, sig.start, first_end)
    name = hon = country = None
    if m:
        name = _clean_name(m.group("name"))
        spans["name"] = loc.span(m.start("name"), m.start("name") + len(name))
        if m.group("hon"):
            hon = normalize_honorific(m.group("hon"))
            spans["honorific"] = loc.span(*m.span("hon"))
        if m.group("country"):
            country = m.group("country").strip()
            spans["country"] = loc.span(*m.span("country"))
    title = " ".join(text[first_end : sig.end].split()) or None
    if title:
        spans["title"] = loc.span(first_end, sig.end)
    return Signature(
        name=name,
        honorific=hon,
        country=country,
        title=title,
        span=sig,
        page=sig.page,
        field_spans=spans,
    )


def _chair_role(sentence: str, pre: str | None) -> str:
    lowered = sentence.lower()
    if _AD_HOC.search(lowered):
        return "ad hoc chair"
    if (pre and "vice" in pre.lower()) or _VICE_CHAIR.search(lowered):
        return "vice-chair acting as chair"
    return "chair"


def extract_chair(
    ctx: ExtractContext, people: list[Person], signature: Signature | None
) -> tuple[Chair | None, list[Diagnostic]]:
    """Whoever chaired the meeting: "chaired by ...", else the signature, else "the Chair"."""
    text, loc = ctx.text, ctx.loc
    diagnostics: list[Diagnostic] = []
    for m in _CHAIRED_BY.finditer(text):
        g = "" if m.group("name") else "2"
        name = _clean_name(m.group(f"name{g}"))
        if " " not in name:
            continue
        hon = m.group(f"hon{g}")
        country = m.group(f"country{g}")
        sa, sb = ctx.sentence_at(m.start())
        spans = {
            "name": loc.span(m.start(f"name{g}"), m.start(f"name{g}") + len(name)),
            "role": loc.span(sa, sb),
        }
        if hon:
            spans["honorific"] = loc.span(*m.span(f"hon{g}"))
        code = None
        if country:
            code = country_code(country)
            if code:
                spans["country"] = spans["country_code"] = loc.span(*m.span(f"country{g}"))
            else:
                country = None
        span = loc.span(m.start(), m.end())
        chair = Chair(
            name=name,
            honorific=normalize_honorific(hon) if hon else None,
            country=country.strip() if country else None,
            country_code=code,
            role=_chair_role(text[sa:sb], m.group("pre")),
            span=span,
            page=span.page,
            field_spans=spans,
        )
        if signature and signature.name and signature.name.lower() != name.lower():
            diagnostics.append(
                Diagnostic(
                    code="chair-signature-mismatch",
                    severity=Severity.WARNING,
                    message=f"the meeting was chaired by {name}, but the report is signed by"
                    f" {signature.name}",
                    span=signature.span,
                )
            )
        return chair, diagnostics
    if signature and signature.name and signature.title and "chair" in signature.title.lower():
        title = signature.title.lower()
        role = (
            "ad hoc chair"
            if "ad hoc" in title
            else ("vice-chair acting as chair" if "vice" in title else "chair")
        )
        spans = {k: v for k, v in signature.field_spans.items() if k in ("name", "honorific")}
        spans["role"] = signature.field_spans["title"]
        code = country_code(signature.country) if signature.country else None
        if signature.country and code:
            spans["country"] = spans["country_code"] = signature.field_spans["country"]
        return Chair(
            name=signature.name,
            honorific=signature.honorific,
            country=signature.country if code else None,
            country_code=code,
            role=role,
            span=signature.span,
            page=signature.page,
            field_spans=spans,
        ), diagnostics
    for p in people:
        if p.role == "chair" and not p.absent:
            spans = {k: v for k, v in p.field_spans.items() if k in ("name", "honorific", "role")}
            return Chair(
                name=p.name,
                honorific=p.honorific,
                country=p.country,
                country_code=p.country_code,
                role="chair",
                span=p.span,
                page=p.page,
                field_spans=spans,
            ), diagnostics
    diagnostics.append(
        Diagnostic(
            code="chair-missing",
            severity=Severity.WARNING,
            message="no chair found (no 'chaired by', no signature by a chair)",
        )
    )
    return None, diagnostics


def with_chair(people: list[Person], chair: Chair | None) -> list[Person]:
    """``people`` with the chair in it, given the chair's role where the text gave none."""
    if chair is None:
        return people
    out = []
    found = False
    for p in people:
        if p.name.lower() == chair.name.lower():
            found = True
            if p.role is None:
                p = p.model_copy(update={"role": chair.role})
        out.append(p)
    if not found:
        spans = {k: v for k, v in chair.field_spans.items() if k in ("name", "honorific")}
        out.append(
            Person(
                name=chair.name,
                honorific=chair.honorific,
                role=chair.role,
                country=chair.country,
                country_code=chair.country_code,
                span=chair.span,
                page=chair.page,
                mentions=[chair.field_spans.get("name", chair.span)],
                field_spans=spans,
            )
        )
        out.sort(key=lambda p: p.span.start)
    return out
