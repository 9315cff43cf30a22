"""Regenerate docs/schema.json and docs/data-model.md from the models."""

from __future__ import annotations

from pathlib import Path

from copparse.rules import rules_markdown
from copparse.schema import data_model_markdown, report_schema_json

DOCS = Path(__file__).resolve().parent.parent / "docs"


def main() -> None:
    (DOCS / "schema.json").write_text(report_schema_json(), encoding="utf-8")
    (DOCS / "data-model.md").write_text(data_model_markdown(), encoding="utf-8")
    formats = DOCS / "formats.md"
    text = formats.read_text("utf-8")
    start, end = "<!-- rules:start -->\n", "<!-- rules:end -->"
    head, rest = text.split(start, 1)
    formats.write_text(head + start + rules_markdown() + end + rest.split(end, 1)[1], "utf-8")
    print(f"wrote {DOCS / 'schema.json'}, {DOCS / 'data-model.md'} and the rules in {formats}")


if __name__ == "__main__":
    main()
