"""The extractors' fast forms against their plain forms: the same matches, the same values.

Each fast form (a search put only where a match can open, a pass skipped where a substring
test says it cannot match) is held equal to the plain one on every fixture's text and on
generated texts.
"""

from __future__ import annotations

from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import copparse
from copparse.extract import outcomes as outcomes_module
from copparse.extract import sentences
from copparse.extract.lexicon import country_code
from tests.conftest import FIXTURE_IDS, FIXTURES

CI = settings(
    derandomize=True,
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def joined_texts(words: list[str], max_size: int) -> st.SearchStrategy[str]:
    """Texts of up to ``max_size`` of ``words``, joined with spaces or glued together."""
    pieces = st.lists(st.sampled_from(words), max_size=max_size)
    return pieces.map(" ".join) | pieces.map("".join)


@cache
def _fixture_texts() -> list[str]:
    out = []
    for name in FIXTURE_IDS:
        raw = (FIXTURES / f"{name}.txt").read_text("utf-8")
        out += [raw, copparse.parse_text(raw).text]
    return out


@cache
def _fixture_sentences() -> list[str]:
    out = []
    for text in _fixture_texts():
        out += [text[a:b] for a, b in sentences(text, 0, len(text), by_line=False)]
    return out


# --- outcomes: the actors' searches put where an actor, the article or a capital stands ------


def _actors_plain(text: str) -> list[str]:
    """find_actors as it read before its searches were put at their opening places."""
    o = outcomes_module
    found: list[tuple[int, str]] = []
    for m in o._ACTS.finditer(text):
        for a in o._ACTOR_RE.finditer(m.group("actors")):
            found.append(
                (m.start("actors") + a.start(), o._CANONICAL.get(o._key(a.group(0)), a.group(0)))
            )
    for m in o._COUNTRY_ACTS.finditer(text):
        for name, at in zip(m.captures("name"), m.starts("name"), strict=True):
            if o._ACTOR_RE.fullmatch(name):
                found.append((at, o._CANONICAL.get(o._key(name), name)))
            elif country_code(name):
                found.append((at, name))
    out: list[str] = []
    for _, actor in sorted(found, key=lambda f: f[0]):
        if actor not in out:
            out.append(actor)
    return out


ACTOR_WORDS = [
    "The", "the", "THE", "Secretariat", "ITU", "BDT", "Member", "States", "Sector", "Members",
    "members", "Chair", "Chairman", "Vice-Chair", "Vice", "chair", "Group", "CWG-COP", "CWGCOP",
    "WG-CP", "Council", "Regional", "Offices", "academia", "civil", "society", "and", ",", "of",
    "Republic", "Korea", "Kenya", "United", "Mexican", "France", "French", "It", "is", "are",
    "was", "will", "shall", "should", "invited", "to", "requested", "asked", "encouraged",
    "called", "upon", "agreed", "prepare", "report", "Japan", "\u212aenya", "\u017fecretariat",
    "\u00c9tat", "\u0130TU", "Stateof", ".", "(", ")", "\n", "  ",
]  # fmt: skip
actor_texts = joined_texts(ACTOR_WORDS, 30)


def test_the_actors_found_where_they_can_open_are_those_of_the_plain_search() -> None:
    for text in _fixture_sentences():
        assert outcomes_module.find_actors(text) == _actors_plain(text), text


@CI
@given(actor_texts)
def test_the_actors_found_where_they_can_open_agree_on_generated_texts(text: str) -> None:
    assert outcomes_module.find_actors(text) == _actors_plain(text)
