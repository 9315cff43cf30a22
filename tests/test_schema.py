from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from copparse.schema import data_model_markdown, report_schema, report_schema_json
from tests.conftest import FIXTURE_IDS, parsed

DOCS = Path(__file__).resolve().parent.parent / "docs"
STALE = "stale: run `python scripts/update_docs.py` and commit the result"


def test_committed_schema_is_current() -> None:
    assert (DOCS / "schema.json").read_text("utf-8") == report_schema_json(), STALE


def test_committed_data_model_doc_is_current() -> None:
    assert (DOCS / "data-model.md").read_text("utf-8") == data_model_markdown(), STALE


def test_data_model_doc_covers_every_model() -> None:
    doc = data_model_markdown()
    for name in ["Report", *report_schema()["$defs"]]:
        assert f"## {name}\n" in doc


@pytest.mark.parametrize("fixture_id", FIXTURE_IDS)
def test_every_output_validates_against_the_schema(fixture_id: str) -> None:
    jsonschema.validate(
        json.loads(parsed(fixture_id).model_dump_json()),
        report_schema(),
        cls=jsonschema.Draft202012Validator,
    )


def test_the_schema_rejects_a_bad_report() -> None:
    bad = json.loads(parsed(FIXTURE_IDS[0]).model_dump_json())
    bad["meetings"] = [{"number": "thirteen"}]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, report_schema(), cls=jsonschema.Draft202012Validator)
