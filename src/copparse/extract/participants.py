"""Attendance: how many took part, who they represented, and whether in person or remotely."""

from __future__ import annotations

import regex

from copparse.extract import ExtractContext, sentences
from copparse.extract.lexicon import NUMBER_CANDIDATE_RE, first_count
from copparse.models import Participants, ParticipationMode, Span

__all__ = ["extract_participants", "split_groups"]

# "Approximately 100 participants", "Around 60 delegates", "over 80 experts".
# "Approximately 100 participants", "Around 60 delegates", "over 80 experts": the unit noun is
# rare, so it is found first and the count is read from the few words before it.
_UNIT = regex.compile(
    r"\b(?:participants|delegates|experts|representatives|attendees|people|persons|members)\b",
    regex.IGNORECASE,
)
_COUNT = regex.compile(
    r"(?:(?P<qual>approximately|approx\.|around|about|over|more\s+than|some|nearly|almost"
    rf"|close\s+to|up\s+to|at\s+least|roughly|a\s+total\s+of)\s+)?(?<![\d.])(?P<n>{NUMBER_CANDIDATE_RE})"
    r"\s+(?:(?P<adj>\p{L}+)\s+)?(?P<unit>participants|delegates|experts|representatives"
    r"|attendees|people|persons|members)\b",
    regex.IGNORECASE,
)
_COUNT_REACH = 60  # "a total of twenty-one new participants": what stands before the unit
# Right after the count: ", representing governments, ..." or "from Member States and ...",
# up to the sentence's end; the list itself stops at the verb (see _GROUPS_END).
_GROUPS = regex.compile(
    r"[ \t]{0,4},?[ \t]{0,4}(?:representing|from)\s{1,4}(?:\d{1,4}\s{1,4})?"
    r"(?P<groups>[^.;()\n]{1,250})",
    regex.IGNORECASE,
)
_GROUPS_END = regex.compile(
    r",?\s{1,4}(?:participated|attended|took\s+part|were\s+present|joined|were\s+in\s+attendance"
    r"|both|in\s+the\s+meeting|as\s+well\s+as)\b",
    regex.IGNORECASE,
)
_AS_WELL_AS = regex.compile(
    r"\bas\s+well\s+as\s+(?P<group>[a-z][\w -]{2,60}?)(?=,?\s+(?:participated|attended|took"
    r"|were|joined)\b|[.;,]|$)",
    regex.IGNORECASE,
)
_IN_PERSON = regex.compile(
    r"\b(?:physically|in\s+person|on[- ]?site|in\s+the\s+room|face[- ]to[- ]face)\b",
    regex.IGNORECASE,
)
_REMOTE = regex.compile(
    r"\b(?:remotely|remote(?:ly)?\s+participa\w*|online|virtually|by\s+video-?conference)\b",
    regex.IGNORECASE,
)
# Nouns that two adjectives can share: "international and intergovernmental organizations".
_SHARED_HEAD = regex.compile(
    r"\b(?:organi[sz]ations|institutions|bodies|agencies|entities|sectors|companies|groups"
    r"|communities|authorities|operators|administrations)$",
    regex.IGNORECASE,
)
_QUALIFIERS = {"approx.": "approximately", "more than": "over", "a total of": "exact"}


_LIST_SPLIT = regex.compile(r",\s{0,4}(?:and\s{1,4})?|\s{1,4}and\s{1,4}(?=\w+\s{0,4},)")
_LEADING_AND = regex.compile(r"^(?:and|the)\s+")
_AND = regex.compile(r"\s+and\s+")


def split_groups(phrase: str) -> list[str]:
    """Split a list of stakeholder groups, sharing a head noun where the text does.

    Example: ``"governments, academia, international and intergovernmental organizations"``
    gives ``["governments", "academia", "international organizations",
    "intergovernmental organizations"]``.
    """
    items = [i.strip() for i in _LIST_SPLIT.split(phrase)]
    out: list[str] = []
    for item in items:
        item = _LEADING_AND.sub("", item).strip()
        if not item:
            continue
        parts = _AND.split(item)
        if (
            len(parts) == 2
            and len(parts[0].split()) == 1
            and len(parts[1].split()) >= 2
            and _SHARED_HEAD.search(parts[1])
        ):
            head = parts[1].split()[-1]
            out.extend([f"{parts[0]} {head}", parts[1]])
        else:
            out.extend(parts)
    return out


def _sentence_of(text: str, offset: int, floor: int) -> tuple[int, int]:
    line_start = max(floor, text.rfind("\n", 0, offset) + 1)
    line_end = text.find("\n", offset)
    for a, b in sentences(text, line_start, len(text) if line_end < 0 else line_end):
        if a <= offset < b:
            return a, b
    return line_start, len(text) if line_end < 0 else line_end


def extract_participants(ctx: ExtractContext) -> Participants | None:
    """Read the attendance sentence.

    Example: ``"Approximately 100 participants, representing governments and academia,
    participated both physically and remotely"`` gives count 100, "approximately",
    modes in_person and remote, groups governments and academia.
    """
    text, loc = ctx.text, ctx.loc
    body = ctx.header_end if ctx.header_end < len(text) else 0
    for unit in _UNIT.finditer(text, body):
        reach = max(body, unit.start() - _COUNT_REACH)
        while reach > body and text[reach - 1].isalnum():  # never start inside a word
            reach -= 1
        found = first_count(_COUNT, text, reach, unit.end())
        if found is None or found[0].end() != unit.end():
            continue
        m, count = found
        a, b = _sentence_of(text, m.start(), body)
        spans: dict[str, Span] = {"count": loc.span(*m.span("n"))}
        qual = "exact"
        if m.group("qual"):
            q = " ".join(m.group("qual").lower().split())
            qual = _QUALIFIERS.get(q, q)
            spans["qualifier"] = loc.span(*m.span("qual"))
        groups: list[str] = []
        g = _GROUPS.match(text, m.end(), b)
        if g:
            stop = _GROUPS_END.search(text, g.start("groups"), g.end("groups"))
            end = stop.start() if stop else g.end("groups")
            groups = split_groups(text[g.start("groups") : end])
            spans["groups"] = loc.span(g.start("groups"), end)
        extra = _AS_WELL_AS.search(text, m.end(), b)
        if extra:
            groups.append(extra.group("group").strip())
            first = spans["groups"].start if g else extra.start("group")
            spans["groups"] = loc.span(first, extra.end("group"))
        modes = []
        if _IN_PERSON.search(text, a, b):
            modes.append(ParticipationMode.IN_PERSON)
        if _REMOTE.search(text, a, b):
            modes.append(ParticipationMode.REMOTE)
        span = loc.span(a, b)
        return Participants(
            count=count,
            qualifier=qual,
            unit=m.group("unit").lower(),
            modes=modes,
            groups=groups,
            span=span,
            page=span.page,
            field_spans=spans,
        )
    return None
