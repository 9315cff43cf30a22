"""Attendance: how many took part, who they represented, and whether in person or remotely."""

from __future__ import annotations

import regex

from copparse import patterncache
from copparse.extract import ExtractContext, needs
from copparse.extract.lexicon import NUMBER_CANDIDATE_RE, first_count, parse_number
from copparse.extract.places import fewest_words
from copparse.lang import alternation, lexicon
from copparse.models import Participants, ParticipationMode, Span
from copparse.rules import rule

__all__ = ["extract_participants", "split_groups"]

_LEX = lexicon("en")
_A = _LEX.attendance
_NOUN = alternation(_A.nouns)
_QUALIFIER = alternation(_A.qualifiers)
_I = regex.IGNORECASE

# One word before the noun, hyphens and all: "new", "in-person", "face-to-face".
_ADJECTIVE = r"\p{L}+(?:-\p{L}+){0,2}"
# "Approximately 100 participants", "Around 60 delegates", "over 80 experts": the unit noun is
# rare, so it is found first and the count is read from the few words before it.
_UNIT = rule(
    "attendance.unit",
    "participants.unit",
    _NOUN,
    "The noun of an attendance figure, found before its count is read.",
    examples=[("Approximately 100 participants, representing", "participants")],
    counter_examples=["the participation of", "the delegation"],
    needs=fewest_words(_A.nouns),
    flags=_I,
)
_COUNT = rule(
    "attendance.count",
    "participants.count",
    rf"(?:(?P<qual>{_QUALIFIER})\s+)?(?<![\d.])(?P<n>{NUMBER_CANDIDATE_RE})"
    rf"\s+(?:(?P<adj>{_ADJECTIVE})\s+)?(?P<unit>{_NOUN})",
    "An attendance figure: an optional qualifier, a number in figures or words, its noun.",
    examples=[
        ("Approximately 100 participants, representing", "100"),
        ("Around 60 delegates attended", "60"),
        ("1.1 Sixty delegates attended.", "Sixty"),
        ("a total of 21 new participants", "21"),
        ("The meeting was attended by 45 in-person participants.", "45"),
        ("some 30 on-site delegates", "30"),
    ],
    counter_examples=["Delegates attended.", "the participation of many"],
    needs=fewest_words(_A.nouns),
    group="n",
    flags=_I,
)
# "30 on-site delegates and 60 remote participants": right after a count whose adjective
# names one mode, a second count whose adjective names the other; the two are added.
_IN_PERSON_ADJ = alternation(_A.in_person_adjectives)
_REMOTE_ADJ = alternation(_A.remote_adjectives)
_BY_MODE = rule(
    "attendance.count.by_mode",
    "participants.count",
    # Opens only where a run of spaces does: a search over a long run stays linear.
    rf"(?<!\s)\s*{alternation(_A.count_joins, bounded=False)}\s+(?P<n>{NUMBER_CANDIDATE_RE})"
    rf"\s+(?P<adj>{_IN_PERSON_ADJ}|{_REMOTE_ADJ})\s+(?P<unit>{_NOUN})",
    "A second count for the other mode after the first: the count is their sum.",
    examples=[
        (" and 60 remote participants took part", " and 60 remote participants"),
        (", and forty in-person delegates", ", and forty in-person delegates"),
    ],
    counter_examples=[" and 60 experts took part", " and remote participants"],
    needs=fewest_words(needs((*_A.in_person_adjectives, *_A.remote_adjectives))),
    flags=_I,
)
_ADJ_MODES = (
    (ParticipationMode.IN_PERSON, patterncache.compile(_IN_PERSON_ADJ, _I)),
    (ParticipationMode.REMOTE, patterncache.compile(_REMOTE_ADJ, _I)),
)
_NO_QUALIFIER: str = Participants.model_fields["qualifier"].default  # a count as stated
_COUNT_REACH = 60  # "a total of twenty-one new participants": what stands before the unit
# Right after the count: ", representing governments, ..." or "from Member States and ...",
# up to the sentence's end; the list itself stops at the verb (see _GROUPS_END).
_GROUPS = rule(
    "attendance.groups",
    "participants.groups",
    rf"[ \t]{{0,4}},?[ \t]{{0,4}}{alternation(_A.groups_intro)}\s{{1,4}}(?:\d{{1,4}}\s{{1,4}})?"
    r"(?P<groups>[^.;()\n]{1,250})",
    "Whom the participants represented, right after the count, up to the sentence's end.",
    examples=[
        (
            ", representing governments and academia, participated",
            "governments and academia, participated",
        ),
        (" from Member States and Sector Members.", "Member States and Sector Members"),
    ],
    counter_examples=[", who attended in person"],
    group="groups",
    flags=_I,
)
_GROUPS_END = rule(
    "attendance.groups_end",
    "participants.groups",
    rf",?\s{{1,4}}{alternation(_A.groups_end)}",
    "Where the list of groups stops: the verb or phrase after it.",
    examples=[("governments and academia, participated both", ", participated")],
    counter_examples=["governments and academia"],
    flags=_I,
)
_AS_WELL_AS = rule(
    "attendance.as_well_as",
    "participants.groups",
    rf"{alternation(_A.as_well_as)}\s+(?P<group>[a-z][\w -]{{2,60}}?)"
    rf"(?=,?\s+{alternation(_A.as_well_as_end)}|[.;,]|$)",
    "A group added after the list: '..., as well as individual experts, took part'.",
    examples=[("Member States, as well as individual experts, took part", "individual experts")],
    counter_examples=["as well as"],
    needs=fewest_words(needs(_A.as_well_as)),
    group="group",
    flags=_I,
)
# The group's own name holds "Online": a mode is never read inside it, even where a removed
# line break glued it to the word before ("Working GroupChild Online Protection", "ofChild").
_GROUP_NAME = alternation((*_LEX.group.subject, *_LEX.group.names), bounded=False)
_IN_PERSON = rule(
    "attendance.mode.in_person",
    "participants.modes",
    rf"(?:{_GROUP_NAME})(*SKIP)(*FAIL)|{alternation(_A.in_person)}",
    "Participation in the room.",
    examples=[
        ("participated both physically and remotely", "physically"),
        ("met face to face", "face to face"),
    ],
    counter_examples=["in personal capacity"],
    needs=fewest_words(needs(_A.in_person)),
    flags=_I,
)
_REMOTE = rule(
    "attendance.mode.remote",
    "participants.modes",
    rf"(?:{_GROUP_NAME})(*SKIP)(*FAIL)|{alternation(_A.remote)}",
    "Participation from afar; never the 'Online' of the group's name.",
    examples=[
        ("participated both physically and remotely", "remotely"),
        ("100 participants took part online", "online"),
        ("joined by video-conference", "by video-conference"),
    ],
    counter_examples=[
        "delegates of the Working Group on Child Online Protection attended",
        "the onlineness of it",
        "delegates of the Working GroupChild Online Protection attended",
        "the seventh meeting ofChild Online Protection was attended by 70 delegates",
    ],
    needs=fewest_words(needs(_A.remote)),
    flags=_I,
)
_MODES = ((ParticipationMode.IN_PERSON, _IN_PERSON), (ParticipationMode.REMOTE, _REMOTE))
# Modes stated without a count: "The meeting was held in a hybrid format", "delegates attended
# both in the room and online", "participated remotely".
_HYBRID = rule(
    "attendance.mode.hybrid",
    "participants.modes",
    alternation(_A.hybrid),
    "A meeting held in a hybrid format: both modes, stated without a count.",
    examples=[
        ("The meeting was held in a hybrid format.", "held in a hybrid"),
        ("The session took place in hybrid mode", "took place in hybrid"),
    ],
    counter_examples=["The Group agreed to hold its next meeting in a hybrid format."],
    needs=fewest_words(needs(_A.hybrid)),
    flags=_I,
)
_TOOK_PART = rule(
    "attendance.mode.took_part",
    "participants.modes",
    alternation(_A.took_part),
    "A sentence saying how people took part: the mode words follow the verb.",
    examples=[
        ("Delegates who could not travel participated remotely.", "participated"),
        ("delegates attended both in the room and online", "attended"),
    ],
    counter_examples=["the participation of many", "the Group agreed"],
    needs=fewest_words(needs(_A.took_part)),
    flags=_I,
)
_NOT_THIS_MEETING = rule(
    "attendance.mode.other_meeting",
    "participants.modes",
    alternation(_A.not_this_meeting),
    "A word that puts a sentence about modes in the future: another meeting's, not this one's.",
    examples=[("The next meeting will be held in a hybrid format.", "next")],
    counter_examples=["The meeting was held in a hybrid format."],
    needs=fewest_words(_A.not_this_meeting),
    flags=_I,
)
_MODE_REACH = 60  # how far after "attended" / "participated" its mode words may start
# Nouns that two adjectives can share: "international and intergovernmental organizations".
_SHARED_HEAD = rule(
    "attendance.shared_head",
    "participants.groups",
    rf"{alternation(_A.shared_heads)}$",
    "A collective noun two adjectives share: 'international and intergovernmental organizations'.",
    examples=[("intergovernmental organizations", "organizations")],
    counter_examples=["civil society"],
    flags=_I,
)
_AND = alternation(_A.list_and)
_LIST_SPLIT = rule(
    "attendance.list_split",
    "participants.groups",
    rf",\s{{0,4}}(?:{_AND}\s{{1,4}})?|\s{{1,4}}{_AND}\s{{1,4}}(?=\w+\s{{0,4}},)",
    "Where a list of groups splits: a comma, ', and', or 'and' before another comma.",
    examples=[("governments, and academia", ", and "), ("academia and industry, and", " and ")],
    counter_examples=["civil society"],
)
_LEADING_AND = patterncache.compile(rf"^{alternation(_A.list_articles)}\s+")
_SPLIT_AND = patterncache.compile(rf"\s+{_AND}\s+")


def split_groups(phrase: str) -> list[str]:
    """Split a list of stakeholder groups, sharing a head noun where the text does.

    Example: ``"governments, academia, international and intergovernmental organizations"``
    gives ``["governments", "academia", "international organizations",
    "intergovernmental organizations"]``.
    """
    items = [i.strip() for i in _LIST_SPLIT.pattern.split(phrase)]
    out: list[str] = []
    for item in items:
        item = _LEADING_AND.sub("", item).strip()
        if not item:
            continue
        parts = _SPLIT_AND.split(item)
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


def _modes_alone(ctx: ExtractContext, body: int) -> Participants | None:
    """Modes from the first sentence of the body that states them without a count.

    Example: ``"The meeting was held in a hybrid format."`` gives modes in_person and remote.
    """
    text, low, loc = ctx.text, ctx.folded, ctx.loc
    if not (_HYBRID.could_match(low, body) or _TOOK_PART.could_match(low, body)):
        return None
    for a, b in ctx.sentences:
        if b <= body:
            continue
        a = max(a, body)
        if _NOT_THIS_MEETING.could_match(low, a, b) and _NOT_THIS_MEETING.search(text, a, b):
            continue
        modes: list[ParticipationMode] = []
        by = None  # the rule that read the modes
        if _HYBRID.could_match(low, a, b) and _HYBRID.search(text, a, b):
            modes = [ParticipationMode.IN_PERSON, ParticipationMode.REMOTE]
            by = _HYBRID.name
        elif _TOOK_PART.could_match(low, a, b):
            for verb in _TOOK_PART.finditer(text, a, b):
                # Searched to the sentence's end (a name cut short is no longer skipped),
                # kept where it starts near the verb.
                modes = [
                    mode
                    for mode, r in _MODES
                    if r.could_match(low, verb.end(), b)
                    and (found := r.search(text, verb.end(), b)) is not None
                    and found.start() - verb.end() <= _MODE_REACH
                ]
                if modes:
                    by = _TOOK_PART.name
                    break
        if by is not None:
            span = loc.span(a, b)
            return Participants(
                count=None,
                qualifier=None,
                modes=modes,
                span=span,
            )
    return None


def _adjective_mode(adjective: str | None) -> ParticipationMode | None:
    for mode, pattern in _ADJ_MODES:
        if adjective and pattern.fullmatch(adjective):
            return mode
    return None


def _adjective(m: regex.Match[str], at: tuple[int, int]) -> str | None:
    """The word between a count and its noun: its own group, or what follows a number word
    that took it ("Forty physical participants": the count is "Forty").
    """  # noqa: D205
    return m.group("adj") or m.string[at[1] : m.end("n")].strip() or None


def _second_count(
    text: str, first: regex.Match[str], adjective: str | None, end: int
) -> tuple[regex.Match[str], int] | None:
    """The other mode's count right after ``first``, and its number.

    Example: after ``"30 on-site delegates"``, ``" and 60 remote participants"`` gives 60.
    """
    mode = _adjective_mode(adjective)
    if mode is None:
        return None
    m = _BY_MODE.pattern.match(text, first.end(), end)
    if m is None:
        return None
    n = parse_number(m.group("n"))
    other = _adjective_mode(m.group("adj"))
    if n is None or other is None or other == mode:
        return None
    return m, n


def extract_participants(ctx: ExtractContext) -> Participants | None:
    """Read the attendance sentence.

    Example: ``"Approximately 100 participants, representing governments and academia,
    participated both physically and remotely"`` gives count 100, "approximately",
    modes in_person and remote, groups governments and academia.
    """
    text, loc = ctx.text, ctx.loc
    body = ctx.header_end if ctx.header_end < len(text) else 0
    if not _UNIT.could_match(ctx.folded, body):
        return _modes_alone(ctx, body)
    for unit in _UNIT.finditer(text, body):
        reach = max(body, unit.start() - _COUNT_REACH)
        while reach > body and text[reach - 1].isalnum():  # never start inside a word
            reach -= 1
        found = first_count(_COUNT.pattern, text, reach, unit.end())
        if found is None or found[0].end() != unit.end():
            continue
        m, count, at = found
        a, b = ctx.sentence_at(m.start(), floor=body)
        spans: dict[str, Span] = {"count": loc.span(*at)}
        rules = {"count": _COUNT.name}
        unit_word, end_at = m.group("unit"), m.end()
        adjective = _adjective(m, at)
        second = _second_count(text, m, adjective, b)
        if second is not None:
            m2, n2 = second
            count += n2
            unit_word, end_at = m2.group("unit"), m2.end()
            spans["count"] = loc.span(at[0], m2.end("n"))
            rules["count"] = _BY_MODE.name
        qual = _NO_QUALIFIER
        if m.group("qual"):
            q = " ".join(m.group("qual").lower().split())
            qual = _A.qualifiers.get(q, q)
            spans["qualifier"] = loc.span(*m.span("qual"))
            rules["qualifier"] = _COUNT.name
        groups: list[str] = []
        g = _GROUPS.pattern.match(text, end_at, b)
        if g:
            stop = _GROUPS_END.search(text, g.start("groups"), g.end("groups"))
            end = stop.start() if stop else g.end("groups")
            groups = split_groups(text[g.start("groups") : end])
            spans["groups"] = loc.span(g.start("groups"), end)
            rules["groups"] = _GROUPS.name
        extra = (
            _AS_WELL_AS.search(text, end_at, b)
            if _AS_WELL_AS.could_match(ctx.folded, end_at, b)
            else None
        )
        if extra:
            groups.append(extra.group("group").strip())
            first = spans["groups"].start if g else extra.start("group")
            spans["groups"] = loc.span(first, extra.end("group"))
            rules.setdefault("groups", _AS_WELL_AS.name)
        # "45 in-person participants": the count's own adjective says its mode too.
        said = {_adjective_mode(adjective)}
        if second is not None:
            said.add(_adjective_mode(second[0].group("adj")))
        modes = [
            mode
            for mode, r in _MODES
            if mode in said or (r.could_match(ctx.folded, a, b) and r.search(text, a, b))
        ]
        span = loc.span(a, b)
        return Participants(
            count=count,
            qualifier=qual,
            unit=unit_word.lower(),
            modes=modes,
            groups=groups,
            span=span,
            field_spans=spans,
            field_rules=rules,
        )
    return _modes_alone(ctx, body)
