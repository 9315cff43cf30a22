"""No invented values: every string kept as written stands in the report's text at its span.

Over every fixture and each of its re-layouts (tests/relayout.py): a value the parser keeps as
the report wrote it (a name, a title, a submitter, a city, an outcome's text) must occur at the
span it gives, up to white space, and must have a span at all. A value not in the text is worse
than a missing one. Labels the parser derives (a role, an ISO code, a canonical symbol) are
checked where their span holds what they were derived from.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import regex
from pydantic import BaseModel

import copparse
from copparse.extract.contributions import CODE_RE, canonical_group
from tests.conftest import FIXTURE_IDS, FIXTURES
from tests.relayout import LAYOUTS

# Derived labels, not text kept as written: where their span points is checked elsewhere
# (tests/test_provenance.py); "code" is canonical ("WGCP/12/4" -> "WG-CP/12/4") and checked here
# against the code its span holds.
DERIVED = frozenset({"role", "qualifier", "country_code", "unit", "honorific", "body"})
NOT_VALUES = frozenset({"span", "field_spans", "field_rules", "mentions", "text", "source"})

RELAYOUTS: dict[str, Callable[[str], str]] = {"as_written": lambda t: t, **LAYOUTS}


def _fold(s: str) -> str:
    return regex.sub(r"\s+", " ", s).strip().casefold()


def _items(obj: Any, path: str = "") -> Iterator[tuple[str, BaseModel]]:
    if isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from _items(item, f"{path}[{i}]")
    elif isinstance(obj, BaseModel):
        yield path, obj
        for name in type(obj).model_fields:
            if name not in NOT_VALUES and not isinstance(obj, copparse.Diagnostic):
                yield from _items(getattr(obj, name), f"{path}.{name}")


def invented(report: copparse.Report) -> list[str]:
    """Every string value of ``report`` that its span does not hold, or that has no span."""
    text = report.text
    problems = []
    for path, item in _items(report):
        spans = getattr(item, "field_spans", None)
        if spans is None:
            continue
        for name in type(item).model_fields:
            value = getattr(item, name)
            if name in NOT_VALUES or name in DERIVED or not isinstance(value, str):
                continue
            if isinstance(value, enum.Enum):
                continue
            span = spans.get(name)
            if span is None:
                problems.append(f"{path}.{name}={value!r} has no span")
                continue
            at = text[span.start : span.end]
            if name == "code":
                m = CODE_RE.search(at)
                ok = m is not None and value.startswith(canonical_group(m.group("group")) + "/")
            else:
                ok = _fold(value) in _fold(at)
            if not ok:
                problems.append(f"{path}.{name}={value!r} but its span holds {at[:80]!r}")
    return problems


@pytest.mark.parametrize("layout", list(RELAYOUTS))
@pytest.mark.parametrize("fixture_id", FIXTURE_IDS)
def test_every_value_kept_as_written_is_in_the_text(fixture_id: str, layout: str) -> None:
    raw = (FIXTURES / f"{fixture_id}.txt").read_text("utf-8")
    report = copparse.parse_text(RELAYOUTS[layout](raw))
    assert invented(report) == []


def test_an_invented_value_is_caught() -> None:
    report = copparse.parse_text((FIXTURES / f"{FIXTURE_IDS[0]}.txt").read_text("utf-8"))
    assert invented(report) == []
    chair = report.chair
    assert chair is not None
    wrong = report.model_copy(update={"chair": chair.model_copy(update={"name": "Jane Doe"})})
    assert invented(wrong) == [f".chair.name='Jane Doe' but its span holds {chair.name!r}"]
    spanless = dict(chair.field_spans)
    del spanless["name"]
    lost = report.model_copy(update={"chair": chair.model_copy(update={"field_spans": spanless})})
    assert invented(lost) == [f".chair.name={chair.name!r} has no span"]
