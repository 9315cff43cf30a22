"""The JSON Schema of :class:`~copparse.models.Report`."""

from __future__ import annotations

import json
from typing import Any

from copparse.models import SCHEMA_NAME, SCHEMA_VERSION, Report

__all__ = ["report_schema", "report_schema_json"]


def report_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a serialised :class:`Report`."""
    schema = Report.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"{SCHEMA_NAME}/{SCHEMA_VERSION}"
    return schema


def report_schema_json() -> str:
    """The schema as stable, indented JSON text (what ``copparse schema`` prints)."""
    return json.dumps(report_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
