"""Outcomes: the items of the outcome, conclusion or recommendation section, and who is to act."""

from __future__ import annotations

import regex

from copparse.extract import ExtractContext
from copparse.extract.lexicon import country_code
from copparse.lang import alternation, lexicon
from copparse.models import Outcome
from copparse.rules import rule

__all__ = ["OUTCOME_TITLE_RE", "extract_outcomes", "find_actors"]

_OUTCOMES = lexicon("en").outcomes
_COUNTRIES = lexicon("en").countries

OUTCOME_TITLE_RE = rule(
    "outcome.section_title",
    "outcomes",
    alternation(_OUTCOMES.titles),
    "A section title that makes the section's paragraphs the outcomes.",
    examples=[
        ("Outcomes of the thirteenth meeting of the CWG-COP", "Outcomes"),
        ("Conclusions and next steps", "Conclusions"),
        ("Next steps", "Next steps"),
        ("Follow-up", "Follow-up"),
    ],
    counter_examples=["Discussions", "Opening of the meeting", "Outcomesheet"],
    flags=regex.IGNORECASE,
).pattern


_SEPARATORS = regex.compile(r"[-\s]+")


def _key(actor: str) -> str:
    """An actor's spelling reduced to its letters: "Vice Chair" and "vice-chair" are one."""
    return _SEPARATORS.sub("", actor.lower())


_CANONICAL = {_key(written): recorded for written, recorded in _OUTCOMES.actors.items()}
_ACTOR = alternation(_OUTCOMES.actors)
_ACTOR_RE = rule(
    "outcome.actor",
    "outcomes.actors",
    _ACTOR,
    "One actor, within the actors a sentence gives something to do.",
    examples=[
        ("Member States and Sector Members", "Member States"),
        ("the ITU Secretariat", "ITU Secretariat"),
    ],
    counter_examples=["the delegation of Kenya", "Groups"],
    flags=regex.IGNORECASE,
).pattern
_JOIN = "|".join(
    rf"\s+{alternation([j])}\s+" if j[0].isalnum() else rf"\s*{regex.escape(j)}\s*"
    for j in _OUTCOMES.actor_joins
)
_THE = alternation(_OUTCOMES.actor_article)
# One actor or several joined: "Member States and Sector Members".
_ACTORS = rf"(?P<actors>{_ACTOR}(?:(?:{_JOIN})(?:{_THE}\s+)?{_ACTOR}){{0,6}})"
_ACTS = rule(
    "outcome.actors",
    "outcomes.actors",
    rf"(?:{_THE}\s+)?{_ACTORS}\s+{alternation(_OUTCOMES.acts_after)}"
    rf"|{alternation(_OUTCOMES.acts_before)}\s+(?:{_THE}\s+)?{_ACTORS}\s+"
    rf"{alternation(_OUTCOMES.acts_before_to)}",
    "Who a sentence gives something to do: \"the Secretariat will\", \"requested the Group to\".",
    examples=[
        ("the Secretariat will work on it", "Secretariat"),
        ("Member States and Sector Members are invited to contribute",
         "Member States and Sector Members"),
        ("and requested the Secretariat to translate them", "Secretariat"),
        ("The Chairman will report to Council 2017.", "Chairman"),
        ("Sector Members and academia are encouraged to share their research",
         "Sector Members and academia"),
    ],
    counter_examples=[
        "It was encouraged to involve the Regional Offices.",
        "the Secretariat noted it",
    ],
    group="actors",
    flags=regex.IGNORECASE,
)  # fmt: skip


# "the United Mexican States and the Republic of Korea are invited to": a country is an actor
# too, named in up to five capitalised words with "of [the]" between them (never a word that
# opens a sentence: "It was encouraged to"); a run of such names and the lexicon's actors is
# read as one, and each name is kept only where it is a country's.
_COUNTRY_NAME = (
    rf"(?-i:(?!{alternation(lexicon('en').segment.sentence_openers)})\p{{Lu}}[\p{{L}}'’-]*+(?:\s++(?:(?i:{alternation(_COUNTRIES.formal_of)})\s++)?"
    rf"\p{{Lu}}[\p{{L}}'’-]*+){{0,4}}+)"
)
_ELEMENT = rf"(?:{_ACTOR}|{_COUNTRY_NAME})"
_NAMED_ACTORS = (
    rf"(?P<actors>(?P<name>{_ELEMENT})(?:(?:{_JOIN})(?:{_THE}\s+)?(?P<name>{_ELEMENT})){{0,6}})"
)
_COUNTRY_ACTS = rule(
    "outcome.actors.country",
    "outcomes.actors",
    rf"(?:{_THE}\s+)?{_NAMED_ACTORS}\s+{alternation(_OUTCOMES.acts_after)}"
    rf"|{alternation(_OUTCOMES.acts_before)}\s+(?:{_THE}\s+)?{_NAMED_ACTORS}\s+"
    rf"{alternation(_OUTCOMES.acts_before_to)}",
    "Countries among who a sentence gives something to do, named as written.",
    examples=[
        ("The United Mexican States and the Republic of Korea are invited to present",
         "United Mexican States and the Republic of Korea"),
        ("The Secretariat and Kenya will report", "Secretariat and Kenya"),
        ("and invited Japan to share its experience", "Japan"),
    ],
    counter_examples=[
        "the Republic of Korea presented its proposal",
        "It was encouraged to involve the Regional Offices.",
    ],
    group="actors",
    flags=regex.IGNORECASE,
)  # fmt: skip


def find_actors(text: str) -> list[str]:
    """Who a sentence gives something to do.

    Example: ``"the Secretariat will work on the exact wording"`` -> ``["Secretariat"]``;
    ``"The Republic of Korea is invited to ..."`` -> ``["Republic of Korea"]``.
    """
    found: list[tuple[int, str]] = []
    for m in _ACTS.finditer(text):
        for a in _ACTOR_RE.finditer(m.group("actors")):
            found.append(
                (m.start("actors") + a.start(), _CANONICAL.get(_key(a.group(0)), a.group(0)))
            )
    for m in _COUNTRY_ACTS.finditer(text):
        # Each name of the run as the match read it: "BDT Director" is one name, no country.
        for name, at in zip(m.captures("name"), m.starts("name"), strict=True):
            if _ACTOR_RE.fullmatch(name):
                found.append((at, _CANONICAL.get(_key(name), name)))
            elif country_code(name):
                found.append((at, name))
    out: list[str] = []
    for _, actor in sorted(found, key=lambda f: f[0]):
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
