"""Field-level accuracy of the parser against hand-checked golden JSON files.

Each golden ``<id>.json`` beside its ``<id>.txt``, ``<id>.pdf`` or ``<id>.docx`` is the expected
``Report`` (spans left out); the review page's "Export golden JSON" writes one.
Both sides are flattened into facts ``(field, key, value)``: a list of items is keyed by its
natural key (a contribution by code, a person by name, a paragraph by ref), so one missed
item costs recall on each of its fields and one invented item costs precision. Codes, numbers
and dates must match exactly; names, titles and text match after case and space folding.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from copparse import patterncache
from copparse.api import parse_file
from copparse.errors import CopParseError

__all__ = [
    "FieldScore",
    "Scores",
    "flatten",
    "main",
    "score_directory",
    "sources_of",
    "strip_provenance",
]

# Provenance, left out of goldens at every depth; and top-level keys that are not extracted.
_SKIP = {"span", "page", "field_spans", "field_rules", "mentions"}
_SKIP_TOP = {"text", "source", "schema_name", "schema_version"}
_LIST_KEYS = {
    "meetings": "number", "people": "name", "resolutions": "number", "contributions": "code",
    "documents_cited": "code", "sections": "number", "paragraphs": "ref",
    "subsections": "number", "outcomes": "number", "diagnostics": "code",
}  # fmt: skip
_FUZZY = {"name", "title", "summary", "text", "submitter", "venue", "city", "country",
          "organization", "amendments", "groups", "action_required", "references",
          "source_line"}  # fmt: skip

Fact = tuple[str, str, str]


_PUNCT = patterncache.compile(r"[\s\"'’.,;:]+")


def strip_provenance(report: dict[str, Any]) -> dict[str, Any]:
    """The JSON of a report without spans, pages, source and text: what goldens hold."""
    return {k: _strip(v) for k, v in report.items() if k not in _SKIP_TOP}


def _strip(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _strip(v) for k, v in data.items() if k not in _SKIP}
    if isinstance(data, list):
        return [_strip(v) for v in data]
    return data


def _fold(value: Any, fuzzy: bool) -> str:
    if isinstance(value, list):
        return json.dumps(sorted(_fold(v, fuzzy) for v in value))
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    if fuzzy:
        text = _PUNCT.sub(" ", text.casefold()).strip()
    return text


def flatten(data: Any, path: str = "", key: str = "") -> Iterable[Fact]:
    """Facts ``(field path, item key, folded value)`` of a stripped report."""
    if isinstance(data, dict):
        for name, value in data.items():
            if name in _SKIP or (not path and name in _SKIP_TOP):
                continue
            yield from flatten(value, f"{path}.{name}" if path else name, key)
        return
    if isinstance(data, list) and data and isinstance(data[0], dict):
        leaf = path.rsplit(".", 1)[-1]
        id_field = _LIST_KEYS.get(leaf)
        counts: dict[str, int] = defaultdict(int)
        for i, item in enumerate(data):
            ident = str(item.get(id_field)) if id_field else str(i)
            counts[ident] += 1
            if counts[ident] > 1 or ident == "None":
                ident = f"{ident}#{i}"
            sub_key = f"{key}/{ident}"
            yield (f"{path}[]", sub_key, "present")
            yield from flatten(item, f"{path}[]", sub_key)
        return
    if data is None or data == []:
        return
    leaf = path.rsplit(".", 1)[-1].rstrip("[]")
    yield (path, key, _fold(data, leaf in _FUZZY))


@dataclass
class FieldScore:
    """Counts for one field: true positives, false positives, false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """Share of extracted facts that are right (1.0 when nothing was extracted)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Share of expected facts that were extracted (1.0 when nothing was expected)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scores:
    """Scores per field over a set of reports."""

    fields: dict[str, FieldScore] = field(default_factory=lambda: defaultdict(FieldScore))
    reports: int = 0
    perfect: int = 0
    misses: dict[str, list[str]] = field(default_factory=dict)

    def add(self, report_id: str, expected: Any, actual: Any) -> None:
        """Score one report."""
        gold, pred = set(flatten(expected)), set(flatten(actual))
        for f, _, _ in gold | pred:
            self.fields.setdefault(f, FieldScore())
        for f, _, _ in gold & pred:
            self.fields[f].tp += 1
        for f, _, _ in pred - gold:
            self.fields[f].fp += 1
        for f, _, _ in gold - pred:
            self.fields[f].fn += 1
        self.reports += 1
        wrong = sorted({f"{f} {k}" for f, k, _ in gold ^ pred})
        if wrong:
            self.misses[report_id] = wrong
        else:
            self.perfect += 1


SOURCE_SUFFIXES = (".txt", ".pdf", ".docx")


def sources_of(golden: Path) -> list[Path]:
    """The report files a golden ``<id>.json`` scores: ``<id>.txt``, ``<id>.pdf``, ``<id>.docx``."""
    return [
        golden.with_suffix(suffix)
        for suffix in SOURCE_SUFFIXES
        if golden.with_suffix(suffix).is_file()
    ]


def score_directory(directory: str | Path) -> Scores:
    """Parse every ``<id>.txt``, ``<id>.pdf`` and ``<id>.docx`` that has a golden ``<id>.json``
    in ``directory``, and score each against it.

    A report is named by its golden's id where one file has that golden, and by its file name
    where several do (the same report as text, PDF and Word: each is scored).
    """  # noqa: D205
    scores = Scores()
    for golden in sorted(Path(directory).glob("*.json")):
        sources = sources_of(golden)
        if not sources:
            continue
        expected = json.loads(golden.read_text(encoding="utf-8"))
        for source in sources:
            try:
                actual = strip_provenance(parse_file(source).model_dump(mode="json"))
            except CopParseError:
                actual = {}  # nothing read: every expected fact is missed
            scores.add(golden.stem if len(sources) == 1 else source.name, expected, actual)
    return scores


def _table(scores: Scores) -> str:
    rows = ["| field | precision | recall | F1 | n |", "|---|---:|---:|---:|---:|"]
    for name in sorted(scores.fields):
        s = scores.fields[name]
        rows.append(
            f"| `{name}` | {s.precision:.2f} | {s.recall:.2f} | {s.f1:.2f} | {s.tp + s.fn} |"
        )
    share = scores.perfect / scores.reports if scores.reports else 0.0
    rows.append("")
    rows.append(f"Reports with every field right: {scores.perfect}/{scores.reports} ({share:.2f})")
    return "\n".join(rows)


def main(directory: str, *, as_json: bool = False) -> int:
    """Print the accuracy table for ``directory``; exit code 1 when it holds no goldens."""
    scores = score_directory(directory)
    if not scores.reports:
        print(
            f"copparse: error: no <id>.txt, <id>.pdf or <id>.docx with an <id>.json golden"
            f" in {directory}",
            file=sys.stderr,
        )
        return 1
    if as_json:
        out = {
            "reports": scores.reports,
            "perfect": scores.perfect,
            "fields": {
                k: {"precision": v.precision, "recall": v.recall, "f1": v.f1}
                for k, v in sorted(scores.fields.items())
            },
            "misses": scores.misses,
        }
        print(json.dumps(out, indent=2))
    else:
        print(_table(scores))
        for report_id, wrong in scores.misses.items():
            print(f"\n{report_id}: " + "; ".join(wrong[:20]))
    return 0
