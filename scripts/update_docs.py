"""Regenerate docs/schema.json and docs/data-model.md from the models."""

from __future__ import annotations

from pathlib import Path

from copparse.schema import data_model_markdown, report_schema_json

DOCS = Path(__file__).resolve().parent.parent / "docs"


def main() -> None:
    (DOCS / "schema.json").write_text(report_schema_json(), encoding="utf-8")
    (DOCS / "data-model.md").write_text(data_model_markdown(), encoding="utf-8")
    print(f"wrote {DOCS / 'schema.json'} and {DOCS / 'data-model.md'}")


if __name__ == "__main__":
    main()
