"""Flat, typed tables of reports for pandas, polars and DuckDB, joined by ``report_id``.

One row per *report*, not per file: the copies of one report (its PDF and its Word file, the
same file found twice, a re-saved copy with other bytes) are grouped by a document key (the
symbol, else the meeting numbers and dates) and listed in the ``copies`` table; the fields on
which two copies disagree are listed in ``disagreements``.

Every table has one fixed schema (:data:`TABLE_SCHEMAS`), built from the models' field types and
descriptions: dates are dates, meeting numbers are a list of integers, missing counts are null
integers, flags are booleans, and the schema is the same for every batch, empty tables included.
Parquet keeps those types; CSV writes lists joined by "; ", null as an empty cell, booleans as
``true``/``false``, and ``datapackage.json`` (a Frictionless Data Package) says so.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import types
import typing
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from copparse._version import __version__
from copparse.api import parse_file
from copparse.batch import InputRecord
from copparse.errors import CopParseError
from copparse.models import (
    Agenda,
    Chair,
    Contribution,
    Diagnostic,
    DocumentCited,
    DocumentInfo,
    Meeting,
    Outcome,
    Paragraph,
    Participants,
    Person,
    Report,
    Resolution,
    Section,
    Severity,
    SourceFormat,
    SourceInfo,
)

__all__ = [
    "TABLE_COLUMNS",
    "TABLE_SCHEMAS",
    "Column",
    "CopyGroup",
    "Disagreement",
    "Failure",
    "arrow_schema",
    "datapackage",
    "document_key",
    "group_copies",
    "load_reports",
    "tables",
    "write_tables",
]

Cell = str | int | bool | dt.date | list[int] | list[str] | None
Row = dict[str, Cell]
ColumnType = Literal["string", "integer", "boolean", "date", "list<integer>", "list<string>"]


@dataclass(frozen=True)
class Column:
    """One column of a table: its name, type, whether it may be null, and what it means."""

    name: str
    type: ColumnType
    description: str
    nullable: bool = True


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """``X | None`` -> ``(X, True)``; anything else -> ``(annotation, False)``."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return (args[0] if len(args) == 1 else str), True
    return annotation, False


def _kind(annotation: Any) -> ColumnType:
    if typing.get_origin(annotation) is list:
        (item,) = typing.get_args(annotation)
        return "list<integer>" if item is int else "list<string>"
    if annotation is bool:
        return "boolean"
    if annotation is int:
        return "integer"
    if annotation is dt.date:
        return "date"
    if isinstance(annotation, type) and issubclass(annotation, str | Enum):
        return "string"
    raise TypeError(f"no column type for {annotation!r}")  # a model change this file must follow


def _field(
    model: type[BaseModel],
    name: str,
    column: str | None = None,
    description: str | None = None,
    *,
    nullable: bool | None = None,
) -> Column:
    """A column read from a model field: its type, nullability and description."""
    info = model.model_fields[name]
    annotation, optional = _unwrap(info.annotation)
    text = description or info.description or f"{model.__name__}.{name}."
    return Column(column or name, _kind(annotation), text,
                  optional if nullable is None else nullable)  # fmt: skip


def _int(name: str, description: str, *, nullable: bool = False) -> Column:
    return Column(name, "integer", description, nullable)


def _str(name: str, description: str, *, nullable: bool = True) -> Column:
    return Column(name, "string", description, nullable)


_RID = _str("report_id", "The report's id: a hash of its document key; joins every table.",
            nullable=False)  # fmt: skip
_PAGE = _int("page", "The page the item starts on; null for sources without pages.", nullable=True)
_START = _int("start", "Offset of the item's first character in the report's text.")
_END = _int("end", "Offset one past the item's last character.")

# Every table's columns, in order: the contract of the CSV and Parquet files.
TABLE_SCHEMAS: dict[str, tuple[Column, ...]] = {
    "reports": (
        _RID,
        _str("document_key", "What groups copies of one report: 'symbol:<symbol>', else"
             " 'meetings:<numbers>@<dates>', else 'sha256:<hash>'.", nullable=False),
        _int("copies", "How many inputs (files, archive members) are copies of this report."),
        _str("path", "The path of the copy whose values fill the tables (see copies.primary)."),
        _field(SourceInfo, "format", description="The primary copy's kind of file."),
        _field(SourceInfo, "pages", description="The primary copy's page count."),
        _field(SourceInfo, "sha256", description="SHA-256 of the primary copy's bytes."),
        _field(Report, "schema_version"),
        _field(DocumentInfo, "symbol"),
        _field(DocumentInfo, "date", "document_date"),
        _field(DocumentInfo, "title", description="The document's title."),
        Column("meeting_numbers", "list<integer>", "The numbers of the meetings it covers.",
               nullable=False),
        _field(Meeting, "start_date", "first_meeting_date", "The first day of its first meeting."),
        _field(Meeting, "end_date", "last_meeting_date", "The last day of its last meeting."),
        _field(Meeting, "city", description="The first meeting's city."),
        _field(Chair, "name", "chair_name", "The chair's name.", nullable=True),
        _field(Chair, "role", "chair_role", "The chair's role.", nullable=True),
        _field(Chair, "country_code", "chair_country_code", "The chair's country (alpha-3)."),
        _field(Participants, "count", "participants_count", "How many took part.",
               nullable=True),
        _field(Participants, "qualifier", "participants_qualifier", nullable=True),
        _field(Participants, "modes", "participants_modes", "How they took part.",
               nullable=False),
        _field(Agenda, "adopted", "agenda_adopted"),
        _field(Agenda, "as_drafted", "agenda_as_drafted"),
        _field(Report, "contributions_stated"),
        _int("contributions_listed", "Contributions in a list of contributions."),
        _int("contributions_total", "Contributions found, listed or named in running text."),
        _int("outcomes", "Outcome and conclusion items."),
        _int("errors", "Error-level diagnostics of the primary copy."),
        _int("warnings", "Warning-level diagnostics of the primary copy."),
        _int("infos", "Info-level diagnostics of the primary copy."),
        _int("disagreements", "Facts on which another copy differs from the primary copy."),
    ),
    "copies": (
        _RID,
        _field(SourceInfo, "sha256", nullable=False),
        _str("path", "The input's path (archive members as archive.zip!/member)."),
        _field(SourceInfo, "format"),
        _field(SourceInfo, "pages"),
        Column("primary", "boolean", "This copy's values fill the other tables.", False),
        _int("errors", "Error-level diagnostics of this copy."),
        _int("warnings", "Warning-level diagnostics of this copy."),
        _int("infos", "Info-level diagnostics of this copy."),
        _int("disagreements", "Facts on which this copy differs from the primary copy."),
    ),
    "disagreements": (
        _RID,
        _str("field", "The field path, lists marked [] (contributions[].submitter).",
             nullable=False),
        _str("item", "Which item of the list: its key path (/WG-CP/13/2); empty at top level.",
             nullable=False),
        _str("primary_path", "The primary copy's path."),
        _str("primary_value", "The primary copy's value as JSON, folded as accuracy folds it;"
             " null where the primary copy has none."),
        _str("other_path", "The other copy's path."),
        _str("other_value", "The other copy's value; null where it has none."),
    ),
    "meetings": (
        _RID,
        _field(Meeting, "number"),
        _field(Meeting, "start_date"),
        _field(Meeting, "end_date"),
        _field(Meeting, "venue", description="The venue."),
        _field(Meeting, "city", description="The city."),
        _field(Meeting, "country", description="The country."),
        _field(Meeting, "virtual"),
    ),
    "sections": (
        _RID,
        _field(Section, "number", description="The section's number; null for unnumbered text."),
        _field(Section, "title"),
        _int("depth", "1 for a top-level section, 2 for its sub-sections, and so on."),
        _int("paragraphs", "Paragraphs directly in the section."),
        _PAGE, _START, _END,
    ),
    "paragraphs": (
        _RID,
        _str("section_number", "The number of the section it is in."),
        _field(Paragraph, "ref"),
        _field(Paragraph, "number", description="The paragraph's own number, where it has one."),
        _field(Paragraph, "kind", description="paragraph or list_item."),
        _field(Paragraph, "text", description="The paragraph's text."),
        _PAGE, _START, _END,
    ),
    "contributions": (
        _RID,
        _field(Contribution, "code"),
        _field(Contribution, "meeting"),
        _field(Contribution, "number"),
        _field(Contribution, "revision"),
        _field(Contribution, "submitter"),
        _field(Contribution, "submitter_kind",
               description="member_state, organization, secretariat, chair or unknown."),
        _field(Contribution, "country_code"),
        _field(Contribution, "country_codes"),
        _field(Contribution, "title", description="The contribution's title."),
        _field(Contribution, "listed"),
        _field(Contribution, "discussed_in"),
        _PAGE,
    ),
    "documents_cited": (
        _RID,
        _field(DocumentCited, "code"),
        _field(DocumentCited, "meeting"),
        _field(DocumentCited, "number"),
        _field(DocumentCited, "revision"),
        _field(DocumentCited, "role",
               description="agenda (this meeting's), earlier_report or reference."),
        _PAGE, _START, _END,
    ),
    "resolutions": (
        _RID,
        _field(Resolution, "body", description="The body that adopted it (Council,"
               " Plenipotentiary, ...)."),
        _field(Resolution, "number"),
        _field(Resolution, "revision", description="Where and when it was last revised."),
        _field(Resolution, "year"),
        _int("mentions", "How many times the report cites it."),
        _PAGE, _START, _END,
    ),
    "people": (
        _RID,
        _field(Person, "name"),
        _field(Person, "honorific", description="Ms, Mr, Dr, Ambassador..."),
        _field(Person, "role", description="The role the report gives them."),
        _field(Person, "organization", description="Their organisation."),
        _field(Person, "country", description="Their country, as written."),
        _field(Person, "country_code", description="Their country: ISO 3166-1 alpha-3."),
        _field(Person, "absent"),
        Column("is_chair", "boolean", "This person chaired the meeting.", False),
        _int("mentions", "How many times the report names them."),
    ),
    "outcomes": (
        _RID,
        _field(Outcome, "number", description="The item's number, where it has one."),
        _field(Outcome, "text", description="The item's text."),
        _field(Outcome, "actors", description="Who is to act on it."),
        _PAGE, _START, _END,
    ),
    "diagnostics": (
        _RID,
        _str("sha256", "The copy it was found in (copies.sha256).", nullable=False),
        _field(Diagnostic, "code"),
        _field(Diagnostic, "severity"),
        _field(Diagnostic, "message"),
        _PAGE,
        _int("start", "Offset of the text it points at; null where it points at none.",
             nullable=True),
        _int("end", "Offset one past that text.", nullable=True),
    ),
    # One row per input, whatever became of it (copparse.batch.load_inputs): for coverage.
    "inputs": (
        _str("path", "The input's key: its resolved path (archive members as"
             " archive.zip!/member).", nullable=False),
        _str("sha256", "SHA-256 of its bytes; null where it was never read."),
        _str("status", "ok (it gave a report) or failed.", nullable=False),
        _str("error", "The error class (a CopParseError subclass) where it failed."),
        _str("message", "What went wrong, where it failed."),
        _str("report_id", "The report it is a copy of (reports.report_id); null where it failed."),
    ),
}  # fmt: skip

# The column names alone, in order.
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    name: tuple(c.name for c in columns) for name, columns in TABLE_SCHEMAS.items()
}


# --- grouping copies ------------------------------------------------------------------------


def _meeting_key(report: Report) -> str | None:
    if not report.meetings:
        return None
    numbers = ",".join(str(n) for n in sorted(m.number for m in report.meetings))
    starts = [m.start_date for m in report.meetings if m.start_date]
    ends = [m.end_date or m.start_date for m in report.meetings if m.start_date]
    dates = f"{min(starts).isoformat()}..{max(e for e in ends if e).isoformat()}" if starts else "?"
    return f"meetings:{numbers}@{dates}"


def document_key(report: Report) -> str:
    """What makes two inputs copies of one report.

    The document symbol, case and spaces folded (``symbol:c17/24-e``); without one, the meeting
    numbers with their dates (``meetings:15,16@2020-01-20..2020-01-21``); without meetings, the
    input's hash.
    """
    if report.document.symbol:
        return "symbol:" + "".join(report.document.symbol.split()).casefold()
    return _meeting_key(report) or f"sha256:{report.source.sha256}"


@dataclass(frozen=True)
class Disagreement:
    """A fact on which a copy of a report differs from its primary copy."""

    field: str
    item: str
    primary_value: str | None
    other_value: str | None


@dataclass
class CopyGroup:
    """The copies of one report, the primary one first (the one whose values are used)."""

    key: str
    copies: list[Report]
    disagreements: dict[int, list[Disagreement]]  # index in copies -> what it differs in

    @property
    def report_id(self) -> str:
        """A stable, opaque id: the first 16 hex digits of the document key's SHA-256."""
        return hashlib.sha256(self.key.encode("utf-8")).hexdigest()[:16]

    @property
    def primary(self) -> Report:
        """The copy whose values fill the tables."""
        return self.copies[0]


_FORMAT_RANK = {SourceFormat.DOCX: 0, SourceFormat.PDF: 1, SourceFormat.TEXT: 2}


def _quality(report: Report) -> tuple[int, int, int, str]:
    """Fewest errors, then fewest warnings, then Word before PDF before text (structure kept)."""
    severities = [d.severity for d in report.diagnostics]
    return (severities.count(Severity.ERROR), severities.count(Severity.WARNING),
            _FORMAT_RANK[report.source.format], report.source.path or "")  # fmt: skip


def _facts(report: Report) -> dict[tuple[str, str], str]:
    from copparse.accuracy import flatten, strip_provenance

    data = strip_provenance(report.model_dump(mode="json"))
    data.pop("diagnostics", None)  # what the parser noticed is not a fact of the report
    facts: dict[tuple[str, str], list[str]] = defaultdict(list)
    for name, item, value in flatten(data):
        facts[(name, item)].append(value)
    return {k: " | ".join(sorted(v)) for k, v in facts.items()}


def _compare(primary: dict[tuple[str, str], str], other: Report) -> list[Disagreement]:
    theirs = _facts(other)
    return [Disagreement(f, k, primary.get((f, k)), theirs.get((f, k)))
            for f, k in sorted(primary.keys() | theirs.keys())
            if primary.get((f, k)) != theirs.get((f, k))]  # fmt: skip


def group_copies(reports: Iterable[Report]) -> list[CopyGroup]:
    """The reports grouped into copies of one document, in the order first seen.

    The same bytes found twice (two paths, an archive and a folder) are one copy: the
    ``inputs`` table lists each path. A report without a symbol joins the one symbol group
    whose meetings and dates it shares (a copy whose header was not read); where several share
    them it stays on its own.
    """
    by_key: dict[str, list[Report]] = {}
    seen: set[str] = set()
    for r in reports:
        if r.source.sha256 not in seen:  # the same bytes twice (two paths) are one copy
            seen.add(r.source.sha256)
            by_key.setdefault(document_key(r), []).append(r)
    meeting_keys: dict[str, list[str]] = defaultdict(list)
    for key, group in by_key.items():
        if key.startswith("symbol:"):
            meeting_keys[_meeting_key(group[0]) or ""].append(key)
    for key in [k for k in by_key if k.startswith("meetings:")]:
        owners = meeting_keys.get(key, [])
        if len(owners) == 1:
            by_key[owners[0]].extend(by_key.pop(key))
    out = []
    for key, group in by_key.items():
        group.sort(key=_quality)
        diffs: dict[int, list[Disagreement]] = {}
        if len(group) > 1:
            mine = _facts(group[0])
            for i, other in enumerate(group[1:], 1):
                if other.source.sha256 != group[0].source.sha256:
                    diffs[i] = _compare(mine, other)
        out.append(CopyGroup(key, group, diffs))
    return out


# --- rows -------------------------------------------------------------------------------------


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


def _counts(report: Report) -> dict[str, int]:
    severities = [d.severity for d in report.diagnostics]
    return {"errors": severities.count(Severity.ERROR),
            "warnings": severities.count(Severity.WARNING),
            "infos": severities.count(Severity.INFO)}  # fmt: skip


def tables(
    reports: Iterable[Report], *, inputs: Iterable[InputRecord] = ()
) -> dict[str, list[Row]]:
    """The reports as flat tables, one row per report (see :data:`TABLE_SCHEMAS`).

    ``inputs`` (records from ``copparse.batch.load_inputs``, reports and failures alike) fill
    the ``inputs`` table, each ok input joined to the report it is a copy of.

    Cells hold Python values of the column's type: ``datetime.date``, ``int``, ``bool``,
    ``str``, lists of ``int`` or ``str``, and ``None``.
    """
    out: dict[str, list[Row]] = {name: [] for name in TABLE_SCHEMAS}
    report_ids: dict[str, str] = {}
    for group in group_copies(reports):
        _add_group(out, group)
        for copy in group.copies:
            report_ids.setdefault(copy.source.sha256, group.report_id)
    for rec in inputs:
        out["inputs"].append({
            "path": rec.input, "sha256": rec.sha256 or None, "status": rec.status,
            "error": rec.error, "message": rec.message,
            "report_id": report_ids.get(rec.sha256) if rec.status == "ok" else None,
        })  # fmt: skip
    return out


def _add_group(out: dict[str, list[Row]], group: CopyGroup) -> None:
    rid, r = group.report_id, group.primary
    starts = [m.start_date for m in r.meetings if m.start_date]
    ends = [m.end_date or m.start_date for m in r.meetings if m.start_date]
    diffs = sum(len(d) for d in group.disagreements.values())
    out["reports"].append({
        "report_id": rid, "document_key": group.key, "copies": len(group.copies),
        "path": r.source.path, "format": r.source.format.value, "pages": r.source.pages,
        "sha256": r.source.sha256, "schema_version": r.schema_version,
        "symbol": r.document.symbol, "document_date": r.document.date, "title": r.document.title,
        "meeting_numbers": [m.number for m in r.meetings],
        "first_meeting_date": min(starts) if starts else None,
        "last_meeting_date": max(e for e in ends if e) if ends else None,
        "city": r.meetings[0].city if r.meetings else None,
        "chair_name": r.chair.name if r.chair else None,
        "chair_role": r.chair.role if r.chair else None,
        "chair_country_code": r.chair.country_code if r.chair else None,
        "participants_count": r.participants.count if r.participants else None,
        "participants_qualifier": r.participants.qualifier if r.participants else None,
        "participants_modes": [m.value for m in r.participants.modes] if r.participants else [],
        "agenda_adopted": r.agenda.adopted, "agenda_as_drafted": r.agenda.as_drafted,
        "contributions_stated": r.contributions_stated,
        "contributions_listed": sum(c.listed for c in r.contributions),
        "contributions_total": len(r.contributions), "outcomes": len(r.outcomes),
        **_counts(r), "disagreements": diffs,
    })  # fmt: skip
    for i, copy in enumerate(group.copies):
        out["copies"].append({
            "report_id": rid, "sha256": copy.source.sha256, "path": copy.source.path,
            "format": copy.source.format.value, "pages": copy.source.pages, "primary": i == 0,
            **_counts(copy), "disagreements": len(group.disagreements.get(i, [])),
        })  # fmt: skip
        for diff in group.disagreements.get(i, []):
            out["disagreements"].append({
                "report_id": rid, "field": diff.field, "item": diff.item,
                "primary_path": r.source.path, "primary_value": diff.primary_value,
                "other_path": copy.source.path, "other_value": diff.other_value,
            })  # fmt: skip
    for m in r.meetings:
        out["meetings"].append({
            "report_id": rid, "number": m.number, "start_date": m.start_date,
            "end_date": m.end_date, "venue": m.venue, "city": m.city, "country": m.country,
            "virtual": m.virtual,
        })  # fmt: skip
    for section_row, paragraph_rows in _sections(rid, r.sections, 1):
        out["sections"].append(section_row)
        out["paragraphs"].extend(paragraph_rows)
    for c in r.contributions:
        out["contributions"].append({
            "report_id": rid, "code": c.code, "meeting": c.meeting, "number": c.number,
            "revision": c.revision, "submitter": c.submitter,
            "submitter_kind": c.submitter_kind.value, "country_code": c.country_code,
            "country_codes": list(c.country_codes), "title": c.title, "listed": c.listed,
            "discussed_in": list(c.discussed_in), "page": c.page,
        })  # fmt: skip
    for cited in r.documents_cited:
        out["documents_cited"].append({
            "report_id": rid, "code": cited.code, "meeting": cited.meeting,
            "number": cited.number, "revision": cited.revision, "role": cited.role.value,
            "page": cited.page, "start": cited.span.start, "end": cited.span.end,
        })  # fmt: skip
    for res in r.resolutions:
        out["resolutions"].append({
            "report_id": rid, "body": res.body.value, "number": res.number,
            "revision": res.revision, "year": res.year, "mentions": len(res.mentions),
            "page": res.page, "start": res.span.start, "end": res.span.end,
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
            "report_id": rid, "number": o.number, "text": o.text, "actors": list(o.actors),
            "page": o.page, "start": o.span.start, "end": o.span.end,
        })  # fmt: skip
    for copy in group.copies:
        for d in copy.diagnostics:
            out["diagnostics"].append({
                "report_id": rid, "sha256": copy.source.sha256, "code": d.code,
                "severity": d.severity.value, "message": d.message,
                "page": d.span.page if d.span else None,
                "start": d.span.start if d.span else None, "end": d.span.end if d.span else None,
            })  # fmt: skip


@dataclass(frozen=True)
class Failure:
    """An input that gave no report: its name, the error class and the message."""

    input: str
    error: str
    message: str


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


# --- writing ----------------------------------------------------------------------------------


def arrow_schema(table: str) -> Any:
    """The ``pyarrow.Schema`` of a table: the same for every batch, empty or not.

    Integers are int32, dates date32, lists ``list<int32>`` / ``list<string>``; each field
    carries its description, and the schema carries pandas metadata so that ``pd.read_parquet``
    gives nullable ``Int32`` and ``boolean`` columns (not float and object).

    Raises:
        CopParseError: pyarrow is not installed.
    """
    pa = _pyarrow()
    arrow = {"string": pa.string(), "integer": pa.int32(), "boolean": pa.bool_(),
             "date": pa.date32(), "list<integer>": pa.list_(pa.int32()),
             "list<string>": pa.list_(pa.string())}  # fmt: skip
    pandas_types = {"integer": ("int32", "Int32"), "boolean": ("boolean", "boolean")}
    columns = TABLE_SCHEMAS[table]
    meta = {
        "index_columns": [], "column_indexes": [], "pandas_version": "2.0.0",
        "creator": {"library": "copparse", "version": __version__},
        "columns": [{"name": c.name, "field_name": c.name, "metadata": None,
                     "pandas_type": pandas_types[c.type][0], "numpy_type": pandas_types[c.type][1]}
                    for c in columns if c.type in pandas_types],
    }  # fmt: skip
    return pa.schema(
        [pa.field(c.name, arrow[c.type], nullable=c.nullable,
                  metadata={"description": c.description}) for c in columns],
        metadata={"pandas": json.dumps(meta)},
    )  # fmt: skip


def _pyarrow() -> Any:
    try:
        import pyarrow as pa
    except ImportError as exc:
        raise CopParseError(
            "writing Parquet needs pyarrow: pip install 'copparse[parquet]'"
        ) from exc
    return pa


def _csv_cell(value: Cell) -> str:
    """One CSV cell: null is an empty cell, "" a quoted empty string, lists joined by "; "."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        text = "; ".join(str(v) for v in value)
    elif isinstance(value, dt.date):
        text = value.isoformat()
    else:
        text = str(value)
    if text == "" or any(ch in text for ch in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _write_csv(path: Path, columns: Sequence[Column], rows: Iterable[Row]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([c.name for c in columns])
    lines = [buffer.getvalue()]
    lines.extend(",".join(_csv_cell(row.get(c.name)) for c in columns) + "\n" for row in rows)
    path.write_text("".join(lines), encoding="utf-8", newline="")


_FRICTIONLESS: dict[str, dict[str, Any]] = {
    "string": {"type": "string"}, "integer": {"type": "integer"},
    "boolean": {"type": "boolean", "trueValues": ["true"], "falseValues": ["false"]},
    "date": {"type": "date"},
    "list<integer>": {"type": "list", "itemType": "integer", "delimiter": "; "},
    "list<string>": {"type": "list", "itemType": "string", "delimiter": "; "},
}  # fmt: skip
_KEYS = {"reports": ["report_id"], "copies": ["report_id", "sha256"]}


def datapackage(fmt: Literal["csv", "parquet"] = "csv") -> dict[str, Any]:
    """The Frictionless Data Package (Table Schema v2) describing the tables in ``fmt``."""
    resources = []
    for name, columns in TABLE_SCHEMAS.items():
        fields = []
        for c in columns:
            spec: dict[str, Any] = {"name": c.name, **_FRICTIONLESS[c.type],
                                    "description": c.description}  # fmt: skip
            if not c.nullable:
                spec["constraints"] = {"required": True}
            fields.append(spec)
        schema: dict[str, Any] = {"fields": fields, "missingValues": [""]}
        if name in _KEYS:
            schema["primaryKey"] = _KEYS[name]
        if name != "reports":
            reference = {"resource": "reports", "fields": ["report_id"]}
            schema["foreignKeys"] = [{"fields": ["report_id"], "reference": reference}]
        resource: dict[str, Any] = {"name": name, "type": "table", "path": f"{name}.{fmt}",
                                    "format": fmt, "schema": schema}  # fmt: skip
        if fmt == "csv":
            resource.update(mediatype="text/csv", encoding="utf-8",
                            dialect={"delimiter": ",", "lineTerminator": "\n", "header": True,
                                     "quoteChar": '"', "doubleQuote": True})  # fmt: skip
        else:
            resource["mediatype"] = "application/vnd.apache.parquet"
        resources.append(resource)
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "copparse-tables",
        "title": "CWG-COP reports, as tables",
        "description": f"Written by copparse {__version__}: one row per report in 'reports',"
        " joined to every other table by report_id. CSV: lists joined by '; ', an empty cell"
        " for null, booleans as true/false.",
        "resources": resources,
    }


def write_tables(
    data: dict[str, list[Row]],
    out_dir: str | os.PathLike[str],
    *,
    fmt: Literal["csv", "parquet"] = "csv",
) -> list[Path]:
    """Write each table as ``<name>.csv`` or ``<name>.parquet``, and ``datapackage.json``.

    Returns the tables' paths (the data package last).

    Raises:
        CopParseError: Parquet was asked for and pyarrow is not installed.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    if fmt == "parquet":
        pa = _pyarrow()
        import pyarrow.parquet as pq

        for name, columns in TABLE_SCHEMAS.items():
            rows = data.get(name, [])
            table = pa.Table.from_pylist(
                [{c.name: row.get(c.name) for c in columns} for row in rows],
                schema=arrow_schema(name),
            )
            path = out / f"{name}.parquet"
            pq.write_table(table, path)
            written.append(path)
    else:
        for name, columns in TABLE_SCHEMAS.items():
            path = out / f"{name}.csv"
            _write_csv(path, columns, data.get(name, []))
            written.append(path)
    package = out / "datapackage.json"
    package.write_text(json.dumps(datapackage(fmt), indent=2) + "\n", encoding="utf-8")
    written.append(package)
    return written
