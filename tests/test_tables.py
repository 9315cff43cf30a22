"""Typed tables: one schema for every batch, read back with the right types by pyarrow, pandas,
polars and DuckDB; CSV that says null apart from ""; one row per report, however many copies."""

from __future__ import annotations

import collections
import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

import copparse
from copparse.models import Report
from copparse.tabular import (
    TABLE_COLUMNS,
    TABLE_SCHEMAS,
    datapackage,
    document_key,
    group_copies,
    tables,
    write_tables,
)
from tests.conftest import FIXTURE_IDS, FIXTURES, SEED_ID, parsed

FILES = FIXTURES / "files"
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")


def _seed_copies() -> list[Report]:
    """The seed report as text, PDF and Word, and as text again with one figure changed."""
    text = (FIXTURES / f"{SEED_ID}.txt").read_text("utf-8")
    edited = text.replace("Approximately 100 participants", "Approximately 120 participants")
    assert edited != text
    return [
        parsed(SEED_ID),
        copparse.parse_file(FILES / f"{SEED_ID}.pdf"),
        copparse.parse_file(FILES / f"{SEED_ID}.autonum.docx"),
        copparse.parse_text(edited),
    ]


@pytest.fixture(scope="module")
def batches(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Three Parquet batches of different content: all fixtures, one report, nothing."""
    root = tmp_path_factory.mktemp("batches")
    contents = {"all": [parsed(f) for f in FIXTURE_IDS], "one": [parsed("cwgcop11_2016_nolist")],
                "none": []}  # fmt: skip
    for name, reports in contents.items():
        write_tables(tables(reports), root / name, fmt="parquet")
    return {name: root / name for name in contents}


def test_every_batch_has_the_same_parquet_schema(batches: dict[str, Path]) -> None:
    for table in TABLE_SCHEMAS:
        schemas = {
            name: pq.read_schema(path / f"{table}.parquet") for name, path in batches.items()
        }
        assert schemas["all"].equals(schemas["one"], check_metadata=True), table
        assert schemas["all"].equals(schemas["none"], check_metadata=True), table
        assert schemas["all"].names == list(TABLE_COLUMNS[table])
        assert not any(pa.types.is_null(f.type) for f in schemas["all"]), table
    reports = pq.read_schema(batches["one"] / "reports.parquet")
    assert reports.field("meeting_numbers").type == pa.list_(pa.int32())
    assert reports.field("first_meeting_date").type == pa.date32()
    assert reports.field("participants_count").type == pa.int32()
    assert reports.field("agenda_adopted").type == pa.bool_()
    assert not reports.field("report_id").nullable and reports.field("symbol").nullable
    assert b"description" in reports.field("document_date").metadata
    contributions = pq.read_schema(batches["none"] / "contributions.parquet")
    assert contributions.field("discussed_in").type == pa.list_(pa.string())
    assert contributions.field("listed").type == pa.bool_()


def test_pandas_reads_the_types(batches: dict[str, Path]) -> None:
    pd = pytest.importorskip("pandas")
    reports = pd.read_parquet(batches["all"] / "reports.parquet")
    assert str(reports["participants_count"].dtype) == "Int32"
    assert str(reports["contributions_stated"].dtype) == "Int32"  # nulls stay <NA>, not 9.0
    assert reports["contributions_stated"].isna().any()
    assert str(reports["agenda_adopted"].dtype) == "boolean"
    seed = reports[reports["meeting_numbers"].map(list).map(lambda n: n == [13])].iloc[0]
    assert seed["participants_count"] == 100 and seed["first_meeting_date"] == dt.date(2016, 2, 2)
    assert all(isinstance(n, int) for n in seed["meeting_numbers"].tolist())
    meetings = pd.read_parquet(batches["all"] / "meetings.parquet")
    assert str(meetings["number"].dtype) == "Int32" and str(meetings["virtual"].dtype) == "boolean"
    empty = pd.read_parquet(batches["none"] / "meetings.parquet")
    assert len(empty) == 0 and str(empty["number"].dtype) == "Int32"


def test_polars_reads_the_types(batches: dict[str, Path]) -> None:
    pl = pytest.importorskip("polars")
    reports = pl.read_parquet(batches["all"] / "reports.parquet")
    assert reports.schema["meeting_numbers"] == pl.List(pl.Int32)
    assert reports.schema["first_meeting_date"] == pl.Date
    assert reports.schema["participants_modes"] == pl.List(pl.String)
    assert pl.read_parquet(batches["none"] / "reports.parquet").schema == reports.schema


def test_duckdb_sorts_numbers_as_numbers_and_joins(batches: dict[str, Path]) -> None:
    duckdb = pytest.importorskip("duckdb")
    con = duckdb.connect()
    where = batches["all"]
    described = con.execute(f"DESCRIBE SELECT * FROM '{where}/reports.parquet'").fetchall()
    types = {row[0]: row[1] for row in described}
    assert types["meeting_numbers"] == "INTEGER[]" and types["document_date"] == "DATE"
    numbers = [n for (n,) in con.execute(
        f"SELECT number FROM '{where}/meetings.parquet' ORDER BY number").fetchall()]  # fmt: skip
    assert numbers == sorted(numbers) and 9 in numbers and 10 in numbers
    assert numbers.index(9) < numbers.index(10)  # "10" < "9" as text
    (n,) = con.execute(
        f"SELECT count(*) FROM (SELECT report_id, unnest(meeting_numbers) AS n"
        f" FROM '{where}/reports.parquet') r JOIN '{where}/meetings.parquet' m"
        " ON m.report_id = r.report_id AND m.number = r.n"
    ).fetchone()
    assert n == len(numbers)
    (listed,) = con.execute(
        f"SELECT count(*) FROM '{where}/contributions.parquet' WHERE listed AND 'RUS' IN country_codes"
    ).fetchone()
    assert listed >= 1


def test_csv_null_is_an_empty_cell_and_says_so_in_the_data_package(tmp_path: Path) -> None:
    report = parsed(SEED_ID)
    data = tables([report])
    data["outcomes"][0]["number"] = ""  # an empty string is not a null
    written = write_tables(data, tmp_path)
    assert written[-1].name == "datapackage.json"
    raw = (tmp_path / "outcomes.csv").read_bytes()
    assert b"\r" not in raw and raw.endswith(b"\n")
    line = raw.decode().splitlines()[1]
    assert line.split(",")[1] == '""'
    reports_csv = (tmp_path / "reports.csv").read_text("utf-8").splitlines()
    header, row = reports_csv[0].split(","), next(csv.reader([reports_csv[1]]))
    cells = dict(zip(header, row, strict=True))
    assert cells["symbol"] == "" and ",," in reports_csv[1]  # the seed has no symbol: null
    assert cells["agenda_adopted"] == "true" and cells["participants_modes"] == "in_person; remote"
    package = json.loads((tmp_path / "datapackage.json").read_text("utf-8"))
    assert package == datapackage("csv")
    by_name = {r["name"]: r for r in package["resources"]}
    assert set(by_name) == set(TABLE_SCHEMAS)
    for name, resource in by_name.items():
        fields = resource["schema"]["fields"]
        first = (tmp_path / resource["path"]).read_text("utf-8").splitlines()[0]
        assert [f["name"] for f in fields] == first.split(",") == list(TABLE_COLUMNS[name])
        assert all(f["description"] for f in fields)
        assert resource["dialect"]["lineTerminator"] == "\n"
        assert resource["schema"]["missingValues"] == [""]
    fields = {f["name"]: f for f in by_name["reports"]["schema"]["fields"]}
    assert fields["meeting_numbers"] == {**fields["meeting_numbers"], "type": "list",
                                         "itemType": "integer", "delimiter": "; "}  # fmt: skip
    assert fields["agenda_adopted"]["trueValues"] == ["true"]
    assert fields["first_meeting_date"]["type"] == "date"


def test_csv_reads_back_with_the_package_types_in_duckdb(tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    write_tables(tables([parsed(f) for f in FIXTURE_IDS]), tmp_path)
    package = datapackage("csv")
    sql_types = {"string": "VARCHAR", "integer": "INTEGER", "boolean": "BOOLEAN", "date": "DATE",
                 "list": "VARCHAR"}  # fmt: skip
    resource = next(r for r in package["resources"] if r["name"] == "reports")
    columns = {f["name"]: sql_types[f["type"]] for f in resource["schema"]["fields"]}
    con = duckdb.connect()
    rows = con.execute(
        f"SELECT participants_count, agenda_adopted, first_meeting_date, symbol"
        f" FROM read_csv('{tmp_path / 'reports.csv'}', header=true, columns={columns!r})"
        " ORDER BY first_meeting_date"
    ).fetchall()
    assert len(rows) == len(FIXTURE_IDS)
    assert any(r[3] is None for r in rows)  # an empty cell is null
    assert all(isinstance(r[2], dt.date) for r in rows)


def test_copies_of_one_report_are_one_row_and_their_disagreements_are_listed() -> None:
    copies = _seed_copies()
    assert len({document_key(r) for r in copies}) == 1
    data = tables([*copies, parsed("cwgcop17_2021_virtual")])
    assert len(data["reports"]) == 2
    seed = next(r for r in data["reports"] if r["meeting_numbers"] == [13])
    assert seed["copies"] == 4
    rows = [c for c in data["copies"] if c["report_id"] == seed["report_id"]]
    assert len(rows) == 4 and sum(bool(c["primary"]) for c in rows) == 1
    assert {c["format"] for c in rows} == {"text", "pdf", "docx"}
    # The PDF and the Word file agree with the text; the edited copy does not: on the figure,
    # and on the text of the paragraph that holds it.
    disagreeing = {c["sha256"]: c["disagreements"] for c in rows}
    assert sorted(disagreeing.values(), key=repr) == [0, 0, 0, 2]
    count, paragraph = sorted(data["disagreements"], key=lambda d: f"{d['field']}")
    assert (count["field"], count["item"]) == ("participants.count", "")
    assert {count["primary_value"], count["other_value"]} == {"100", "120"}
    assert (paragraph["field"], paragraph["item"]) == ("sections[].paragraphs[].text", "/1/1.1")
    assert seed["disagreements"] == 2
    # One row per report everywhere: the seed's contributions appear once, not four times.
    assert len([c for c in data["contributions"] if c["report_id"] == seed["report_id"]]) == 7
    assert {row["report_id"] for row in data["diagnostics"]} <= {
        r["report_id"] for r in data["reports"]
    }


def test_cited_documents_and_resolutions_are_tables_of_their_own() -> None:
    report = parsed("cwgcop20_2023_cited")
    assert report.documents_cited and report.resolutions
    data = tables([report])
    cited = [(d["code"], d["role"], d["start"], d["end"]) for d in data["documents_cited"]]
    assert cited == [(d.code, d.role.value, d.span.start, d.span.end)
                     for d in report.documents_cited]  # fmt: skip
    assert {d["role"] for d in data["documents_cited"]} >= {"agenda", "earlier_report"}
    for row in data["documents_cited"]:
        start, end = int(str(row["start"])), int(str(row["end"]))
        assert report.text[start:end].replace("WGCP", "WG-CP") == row["code"]
    resolutions = [(r["body"], r["number"], r["revision"], r["mentions"])
                   for r in data["resolutions"]]  # fmt: skip
    assert resolutions == [(r.body.value, r.number, r.revision, len(r.mentions))
                           for r in report.resolutions]  # fmt: skip
    for row in data["resolutions"]:
        start, end = int(str(row["start"])), int(str(row["end"]))
        assert str(row["number"]) in report.text[start:end]
        assert int(str(row["mentions"])) >= 1
    # Every row joins its report.
    rid = data["reports"][0]["report_id"]
    assert {r["report_id"] for r in data["documents_cited"] + data["resolutions"]} == {rid}


def test_a_copy_without_its_header_joins_the_report_it_shares_meetings_with() -> None:
    council = parsed("cwgcop15_16_2020_council")
    assert council.document.symbol
    headless = council.model_copy(
        update={"document": council.document.model_copy(update={"symbol": None}),
                "source": council.source.model_copy(update={"sha256": "0" * 64})})  # fmt: skip
    groups = group_copies([council, headless])
    assert len(groups) == 1 and len(groups[0].copies) == 2
    (diffs,) = groups[0].disagreements.values()
    assert [d.field for d in diffs] == ["document.symbol"]
    assert groups[0].report_id == group_copies([council])[0].report_id  # stable


def _columns_of(rows: list[dict[str, Any]]) -> set[tuple[str, ...]]:
    return {tuple(r) for r in rows}


def test_rows_have_exactly_the_schema_columns() -> None:
    data = tables(_seed_copies())
    for name, rows in data.items():
        assert _columns_of(rows) <= {TABLE_COLUMNS[name]}, name


def test_the_pandas_and_duckdb_examples_in_the_batch_doc_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("pandas")
    duckdb = pytest.importorskip("duckdb")
    doc = (Path(__file__).parent.parent / "docs" / "batch.md").read_text("utf-8")
    section = doc.split("## Tables for analytics", 1)[1]
    python = section.split("In pandas:\n\n```python\n", 1)[1].split("```", 1)[0]
    sql = section.split("```sql\n", 1)[1].split("```", 1)[0]
    write_tables(tables([parsed(f) for f in FIXTURE_IDS]), tmp_path / "tables", fmt="parquet")
    monkeypatch.chdir(tmp_path)
    exec(compile(python, "docs/batch.md", "exec"), {})
    out = capsys.readouterr().out
    table, counts = out.split("\ncountry_codes", 1)
    # The expectations come from the goldens, so that adding a fixture does not change them.
    goldens = [json.loads((FIXTURES / f"{f}.json").read_text("utf-8")) for f in FIXTURE_IDS]
    numbers = [int(line.split()[1]) for line in table.splitlines()[1:]]
    expected = sorted(m["number"] for g in goldens for m in g["meetings"])
    assert numbers == expected and min(numbers) < 10 <= max(numbers)  # numeric, not text, order
    per_state = collections.Counter(
        code for g in goldens for c in g["contributions"] for code in c["country_codes"]
    )
    most = max(per_state.values())
    state, size = counts.splitlines()[1].split()
    assert per_state[state] == int(size) == most  # the state with the most contributions first
    con = duckdb.connect()
    first, second = [q for q in sql.split(";") if q.strip() and not q.strip().startswith("--")]
    assert all(row[2].startswith("WG-CP/") for row in con.execute(first).fetchall())
    assert con.execute(first).fetchall()
    assert con.execute(second).fetchall() == []  # one copy of each report: nothing to disagree on
