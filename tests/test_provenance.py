"""Every span in every fixture points at text that holds the value it backs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import regex
from pydantic import BaseModel

import copparse
from copparse.extract.contributions import CODE_RE, canonical_group
from copparse.extract.lexicon import find_dates, normalize_honorific, parse_number, parse_ordinal
from tests.conftest import FIXTURE_IDS, parsed


def _fold(s: str) -> str:
    return regex.sub(r"\s+", " ", s).strip().casefold()


def _sum_of_counts(at: str) -> int | None:
    """The sum of the two or more numbers written in ``at``, or ``None``."""
    numbers = [n for w in regex.findall(r"\d+|[A-Za-z]+", at) if (n := parse_number(w)) is not None]
    return sum(numbers) if len(numbers) > 1 else None


def _holds(field: str, value: Any, at: str) -> bool:
    """Whether the text ``at`` a field's span holds ``value``."""
    if isinstance(value, bool) or value is None:
        return True
    if isinstance(value, dt.date):
        return any(value in (d.start, d.end) for d in find_dates(at))
    if isinstance(value, int):
        if field == "year" and at.strip().isdigit() and len(at.strip()) == 2:
            return value % 100 == int(at)  # "WTDC-17": a conference year written in two figures
        if field == "count" and value == _sum_of_counts(at):
            return True  # "30 on-site delegates and 60 remote participants": one count per mode
        return value in (parse_number(at), parse_ordinal(at)) or str(value) in at
    if isinstance(value, list):
        return all(_holds(field, v, at) for v in value)
    text = str(value)
    if field == "code":
        m = CODE_RE.search(at)
        return m is not None and text.startswith(canonical_group(m.group("group")) + "/")
    if field == "honorific":
        return normalize_honorific(at) == text
    if field in ("role", "country_code", "body", "qualifier"):
        return True  # derived labels: the span shows where they were read
    words = [w for w in regex.findall(r"\w+", text.casefold()) if len(w) > 1]
    return _fold(text) in _fold(at) or all(w in at.casefold() for w in words)


def _items(report: copparse.Report) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []

    def walk(path: str, obj: Any) -> None:
        if isinstance(obj, BaseModel) and "span" in type(obj).model_fields:
            out.append((path, obj))
        if isinstance(obj, list):
            for i, item in enumerate(obj):
                walk(f"{path}[{i}]", item)
        elif isinstance(obj, BaseModel):
            for name in type(obj).model_fields:
                if name not in ("span", "field_spans", "field_rules", "mentions", "text", "source"):
                    walk(f"{path}.{name}", getattr(obj, name))

    walk("", report)
    return out


@pytest.mark.parametrize("fixture_id", FIXTURE_IDS)
def test_every_span_holds_its_value(fixture_id: str) -> None:
    report = parsed(fixture_id)
    text = report.text
    checked = 0
    for path, item in _items(report):
        span = item.span
        if span is None:
            continue
        assert 0 <= span.start <= span.end <= len(text), path
        at = text[span.start : span.end]
        assert at == at.strip(), f"{path}: span is not trimmed"
        if isinstance(item, copparse.Paragraph):
            assert at.endswith(item.text), path
            if item.number:
                assert at.startswith(item.number), path
        elif isinstance(item, copparse.Section):
            if item.title:
                assert item.title in at, path
            for p in item.paragraphs:
                assert span.start <= p.span.start and p.span.end <= span.end, path
        elif isinstance(item, copparse.Outcome):
            assert item.text in at, path
        elif isinstance(item, copparse.Contribution):
            assert _holds("code", item.code, at), path
        elif isinstance(item, copparse.Person):
            assert item.name in at, path
            surname = item.name.split()[-1]
            for m in item.mentions:
                assert surname in text[m.start : m.end], path
        for name, fspan in getattr(item, "field_spans", {}).items():
            value = getattr(item, name)
            at_field = text[fspan.start : fspan.end]
            assert _holds(name, value, at_field), f"{path}.{name}={value!r} but span={at_field!r}"
            checked += 1
        assert getattr(item, "page", None) == span.page, path
    assert checked >= 10


def test_document_field_spans_hold_values() -> None:
    for fixture_id in FIXTURE_IDS:
        report = parsed(fixture_id)
        doc = report.document
        for name, span in doc.field_spans.items():
            at = report.text[span.start : span.end]
            value = getattr(doc, name)
            assert _holds(name, value, at), f"{fixture_id}: document.{name}={value!r} at {at!r}"


def test_a_wrong_span_is_caught() -> None:
    # The check itself must be able to fail.
    assert not _holds("name", "Eugenia Devincenzi", "Malcolm Johnson")
    assert not _holds("start_date", dt.date(2016, 2, 3), "2 February 2016")
    assert not _holds("number", 12, "thirteenth")
