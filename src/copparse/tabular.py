"""Flat tables of reports for pandas, polars and DuckDB, joined by ``report_id``.

``report_id`` is the input's sha256 (``Report.source.sha256``): stable across runs and
machines, and the same for the same file wherever it lies. The same file found twice (a copy
in another folder or archive) is one report: its rows appear once, and ``copies`` in the
``reports`` table counts the inputs it was found as. List-valued fields are joined with
"; " so every cell is a scalar that CSV and Parquet hold alike.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal

from copparse.api import parse_file
from copparse.batch import INPUT_COLUMNS, InputRecord, input_rows
from copparse.errors import CopParseError
from copparse.models import Paragraph, Report, Section, Severity

__all__ = ["TABLE_COLUMNS", "load_reports", "tables", "write_tables"]

Cell = str | int | float | bool | None
Row = dict[str, Cell]

# Every table's columns, in order: the contract of the CSV and Parquet files.
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "reports": (
        "report_id", "path", "format", "pages", "schema_version", "symbol", "document_date",
        "title", "meeting_numbers", "first_meeting_date", "last_meeting_date", "city",
        "chair_name", "chair_role", "chair_country_code", "participants_count",
        "participants_qualifier", "contributions_stated", "contributions_listed",
        "contributions_total", "outcomes", "errors", "warnings", "infos", "copies",
    ),
    "meetings": (
        "report_id", "number", "start_date", "end_date", "venue", "city", "country", "virtual",
    ),
    "sections": ("report_id", "number", "title", "depth", "paragraphs", "page", "start", "end"),
    "paragraphs": (
        "report_id", "section_number", "ref", "number", "kind", "text", "page", "start", "end",
    ),
    "contributions": (
        "report_id", "code", "meeting", "number", "revision", "submitter", "submitter_kind",
        "country_code", "country_codes", "title", "listed", "discussed_in", "page",
    ),
    "people": (
        "report_id", "name", "honorific", "role", "organization", "country", "country_code",
        "absent", "is_chair", "mentions",
    ),
    "outcomes": ("report_id", "number", "text", "actors", "page", "start", "end"),
    "diagnostics": ("report_id", "code", "severity", "message", "page", "start", "end"),
    # One row per input, whatever became of it (copparse.batch.input_rows): for coverage.
    "inputs": INPUT_COLUMNS,
}  # fmt: skip


def _join(values: Iterable[object]) -> str:
    return "; ".join(str(v) for v in values)


def _sections(
    report_id: str, sections: Iterable[Section], depth: int
) -> Iterator[tuple[Row, list[Row]]]:
    for s in sections:
        row: Row = {"report_id": report_id, "number": s.number, "title": s.title, "depth": depth,
                    "paragraphs": len(s.paragraphs), "page": s.page, "start": s.span.start,
                    "end": s.span.end}  # fmt: skip
        yield row, [_paragraph(report_id, s, p) for p in s.paragraphs]
        yield from _sections(report_id, s.subsections, depth + 1)


def _paragraph(report_id: str, section: Section, p: Paragraph) -> Row:
    return {"report_id": report_id, "section_number": section.number, "ref": p.ref,
            "number": p.number, "kind": p.kind.value, "text": p.text, "page": p.page,
            "start": p.span.start, "end": p.span.end}  # fmt: skip


def tables(
    reports: Iterable[Report], *, inputs: Iterable[InputRecord] = ()
) -> dict[str, list[Row]]:
    """The reports as flat tables: ``reports``, ``meetings``, ``sections``, ``paragraphs``,
    ``contributions``, ``people``, ``outcomes``, ``diagnostics``, and ``inputs`` (one row per
    input record given, reports and failures alike, from ``copparse.batch.load_inputs``).
    """  # noqa: D205
    out: dict[str, list[Row]] = {name: [] for name in TABLE_COLUMNS}
    out["inputs"] = input_rows(inputs)
    seen: dict[str, Row] = {}
    for r in reports:
        rid = r.source.sha256
        if rid in seen:
            seen[rid]["copies"] = int(seen[rid]["copies"] or 0) + 1
            continue
        severities = [d.severity for d in r.diagnostics]
        starts = [m.start_date for m in r.meetings if m.start_date]
        ends = [m.end_date for m in r.meetings if m.end_date]
        out["reports"].append({
            "report_id": rid, "path": r.source.path, "format": r.source.format.value,
            "pages": r.source.pages, "schema_version": r.schema_version,
            "symbol": r.document.symbol,
            "document_date": r.document.date.isoformat() if r.document.date else None,
            "title": r.document.title, "meeting_numbers": _join(m.number for m in r.meetings),
            "first_meeting_date": min(starts).isoformat() if starts else None,
            "last_meeting_date": max(ends).isoformat() if ends else None,
            "city": r.meetings[0].city if r.meetings else None,
            "chair_name": r.chair.name if r.chair else None,
            "chair_role": r.chair.role if r.chair else None,
            "chair_country_code": r.chair.country_code if r.chair else None,
            "participants_count": r.participants.count if r.participants else None,
            "participants_qualifier": r.participants.qualifier if r.participants else None,
            "contributions_stated": r.contributions_stated,
            "contributions_listed": sum(c.listed for c in r.contributions),
            "contributions_total": len(r.contributions), "outcomes": len(r.outcomes),
            "errors": severities.count(Severity.ERROR),
            "warnings": severities.count(Severity.WARNING),
            "infos": severities.count(Severity.INFO), "copies": 1,
        })  # fmt: skip
        seen[rid] = out["reports"][-1]
        for m in r.meetings:
            out["meetings"].append({
                "report_id": rid, "number": m.number,
                "start_date": m.start_date.isoformat() if m.start_date else None,
                "end_date": m.end_date.isoformat() if m.end_date else None, "venue": m.venue,
                "city": m.city, "country": m.country, "virtual": m.virtual,
            })  # fmt: skip
        for section_row, paragraph_rows in _sections(rid, r.sections, 1):
            out["sections"].append(section_row)
            out["paragraphs"].extend(paragraph_rows)
        for c in r.contributions:
            out["contributions"].append({
                "report_id": rid, "code": c.code, "meeting": c.meeting, "number": c.number,
                "revision": c.revision, "submitter": c.submitter,
                "submitter_kind": c.submitter_kind.value, "country_code": c.country_code,
                "country_codes": _join(c.country_codes), "title": c.title, "listed": c.listed,
                "discussed_in": _join(c.discussed_in), "page": c.page,
            })  # fmt: skip
        chair = r.chair.name.lower() if r.chair else None
        for p in r.people:
            out["people"].append({
                "report_id": rid, "name": p.name, "honorific": p.honorific, "role": p.role,
                "organization": p.organization, "country": p.country,
                "country_code": p.country_code, "absent": p.absent,
                "is_chair": p.name.lower() == chair, "mentions": len(p.mentions),
            })  # fmt: skip
        for o in r.outcomes:
            out["outcomes"].append({
                "report_id": rid, "number": o.number, "text": o.text, "actors": _join(o.actors),
                "page": o.page, "start": o.span.start, "end": o.span.end,
            })  # fmt: skip
        for d in r.diagnostics:
            out["diagnostics"].append({
                "report_id": rid, "code": d.code, "severity": d.severity.value,
                "message": d.message, "page": d.span.page if d.span else None,
                "start": d.span.start if d.span else None, "end": d.span.end if d.span else None,
            })  # fmt: skip
    return out


def load_reports(inputs: Iterable[str | os.PathLike[str]]) -> Iterator[Report]:
    """Reports from ``convert`` outputs (report JSON files, reports.jsonl, folders of them) or,
    for report files (named on their own, or .txt, .pdf and .docx in a folder), by parsing them.

    Raises:
        CopParseError: an input that is neither a report record nor a readable report.
    """  # noqa: D205
    for raw in inputs:
        path = Path(raw)
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for f in files:
            if not f.is_file() or f.name in ("summary.json", "errors.jsonl", "manifest.jsonl"):
                continue
            if f.suffix == ".jsonl":
                with f.open(encoding="utf-8") as lines:
                    for line in lines:
                        if line.strip():
                            yield Report.model_validate_json(line)
            elif f.suffix == ".json":
                data = json.loads(f.read_text("utf-8"))
                if isinstance(data, dict) and data.get("schema_name") == "copparse.report":
                    yield Report.model_validate(data)
            elif not path.is_dir() or f.suffix.lower() in (".txt", ".pdf", ".docx"):
                yield parse_file(f)


def write_tables(
    data: dict[str, list[Row]],
    out_dir: str | os.PathLike[str],
    *,
    fmt: Literal["csv", "parquet"] = "csv",
) -> list[Path]:
    """Write each table as ``<name>.csv`` or ``<name>.parquet``; return the paths.

    Raises:
        CopParseError: Parquet was asked for and pyarrow is not installed.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    if fmt == "parquet":
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError as exc:
            raise CopParseError(
                "writing Parquet needs pyarrow: pip install 'copparse[parquet]'"
            ) from exc
        for name, rows in data.items():
            columns = TABLE_COLUMNS[name]
            table = pa.table({c: [row.get(c) for row in rows] for c in columns})
            path = out / f"{name}.parquet"
            pq.write_table(table, path)
            written.append(path)
        return written
    for name, rows in data.items():
        path = out / f"{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=TABLE_COLUMNS[name])
            writer.writeheader()
            writer.writerows(rows)
        written.append(path)
    return written
