"""Fast forms in outcomes against the plain searches they replaced: the same matches.

Each is held equal to its plain form on every fixture's text (as written, normalised, and in
the four re-layouts) and on generated texts made of the words and marks it reads.
"""

from __future__ import annotations

import contextlib
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import copparse
from copparse.errors import CopParseError
from copparse.extract import outcomes as outcomes_module
from copparse.extract import sentences
from tests.conftest import FIXTURE_IDS, FIXTURES
from tests.relayout import LAYOUTS

CI = settings(
    derandomize=True,
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@cache
def _texts() -> list[str]:
    out = []
    for name in FIXTURE_IDS:
        raw = (FIXTURES / f"{name}.txt").read_text("utf-8")
        for text in [raw, *(layout(raw) for layout in LAYOUTS.values())]:
            out.append(text)
            with contextlib.suppress(CopParseError):
                out.append(copparse.parse_text(text).text)
    return out


@cache
def _sentences() -> list[str]:
    out = []
    for text in _texts():
        out += [text[a:b].rstrip() for a, b in sentences(text, 0, len(text), by_line=False)]
    return out


def _span(m: object) -> object:
    return None if m is None else (m.span(), m.group(0))  # type: ignore[attr-defined]


def _same_decision(body: str) -> None:
    """``_first_decision`` gives ``_DECISION.search``'s match over every range it is asked."""
    o = outcomes_module
    n = len(body)
    bounds = {(0, n)}
    bounds |= {(m.end(), n) for m in o._CLAUSE_BREAK.finditer(body)}
    bounds |= {(0, m.start()) for m in o._CLAUSE_BREAK.finditer(body)}
    for start, end in sorted(bounds):
        want = _span(o._DECISION.search(body, start, end))
        assert _span(o._first_decision(body, start, end)) == want, (body, start, end)


def test_first_decision_is_the_search_on_every_fixture_sentence() -> None:
    for body in _sentences():
        _same_decision(body)


# Subjects, verbs, the impersonal opening, and every mark and white space a clause start reads
# (the separators U+001C-U+001F are white space to str.isspace, not to the engine's "s" class).
_WORDS = [
    "The", "the", "Group", "group", "CWG-COP", "meeting", "Members", "It", "it", "was", "agreed",
    "to", "that", "decided", "also", "requested", "Secretariat", "encouraged", "endorsed",
    "took", "note", "of", "and", "Kenya", "recalled", "If", "at", "its", "last", "ſ",
    ",", ";", ":", ".", "!", "?", '"', "\u201d", "\u2019", ")", " ", "  ", "     ", "\n", "\t",
    "\x1c", "\x1f", "\u00a0",
]  # fmt: skip
_pieces = st.lists(st.sampled_from(_WORDS), max_size=30)


@CI
@given(_pieces.map(" ".join) | _pieces.map("".join), st.integers(0, 40), st.integers(0, 40))
def test_first_decision_is_the_search_on_generated_texts(body: str, a: int, b: int) -> None:
    _same_decision(body)
    start, end = sorted((min(a, len(body)), min(b, len(body))))
    o = outcomes_module
    want = _span(o._DECISION.search(body, start, end))
    assert _span(o._first_decision(body, start, end)) == want


def test_first_decision_at_each_clause_start() -> None:
    # Every kind of clause start, with the run of white space at each length the look-behind
    # takes and one beyond it, before and after the range's start.
    decision = "the Group agreed to meet."
    bodies = [decision, f"Kenya spoke.{decision}", f'"Kenya spoke."{decision}']
    for mark in ",;:":
        for blank in (" ", "\t", "\n", "\u00a0", "\x1c"):
            bodies += [f"Kenya spoke{mark}{blank * k}{decision}" for k in range(6)]
    for body in bodies:
        _same_decision(body)
        for start in range(len(body) - len(decision) + 1):
            want = _span(outcomes_module._DECISION.search(body, start, len(body)))
            assert _span(outcomes_module._first_decision(body, start, len(body))) == want
