"""The JSON Schema of :class:`~copparse.models.Report`."""

from __future__ import annotations

import json
from typing import Any

from copparse.models import SCHEMA_NAME, SCHEMA_VERSION, Report

__all__ = ["data_model_markdown", "report_schema", "report_schema_json"]


def report_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a serialised :class:`Report`."""
    schema = Report.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"{SCHEMA_NAME}/{SCHEMA_VERSION}"
    return schema


def report_schema_json() -> str:
    """The schema as stable, indented JSON text (what ``copparse schema`` prints)."""
    return json.dumps(report_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _type(prop: dict[str, Any]) -> str:
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{name.lower()})"
    if "anyOf" in prop:
        return " \\| ".join(_type(p) for p in prop["anyOf"])
    if "enum" in prop:
        return " \\| ".join(f'`"{v}"`' for v in prop["enum"])
    kind = prop.get("type", "any")
    if kind == "array":
        return f"list[{_type(prop.get('items', {}))}]"
    if kind == "object" and "additionalProperties" in prop:
        return f"dict[str, {_type(prop['additionalProperties'])}]"
    if prop.get("format") == "date":
        return "date (ISO 8601)"
    return str(kind)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def data_model_markdown() -> str:
    """The data-model reference (docs/data-model.md), generated from the JSON Schema."""
    schema = report_schema()
    defs: dict[str, dict[str, Any]] = dict(schema.get("$defs", {}))
    models = {"Report": schema, **dict(sorted(defs.items()))}
    lines = [
        "# The data model",
        "",
        "Generated from the JSON Schema by `python scripts/update_docs.py`; a test fails when",
        "it is stale. `copparse schema` prints the schema itself"
        f" (`{SCHEMA_NAME}` version {SCHEMA_VERSION}).",
        "",
    ]
    for name, model in models.items():
        lines += [f"## {name}", ""]
        if model.get("description"):
            lines += [_cell(model["description"]), ""]
        if "enum" in model:
            lines += ["Values: " + ", ".join(f"`{v}`" for v in model["enum"]), ""]
            continue
        required = set(model.get("required", []))
        lines += ["| field | type | required | description |", "|---|---|---|---|"]
        for field, prop in model.get("properties", {}).items():
            desc = prop.get("description", "")
            if "examples" in prop:
                desc += " Examples: " + ", ".join(
                    f"`{json.dumps(e, ensure_ascii=False)}`" for e in prop["examples"]
                )
            lines.append(
                f"| `{field}` | {_type(prop)} | {'yes' if field in required else 'no'}"
                f" | {_cell(desc.strip())} |"
            )
        lines.append("")
    return "\n".join(lines)
