"""Batch conversion: every input one record, nothing lost, nothing written outside OUT."""

from __future__ import annotations

import concurrent.futures as cf
import io
import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

import copparse
from copparse.batch import (
    ERRORS_JSONL,
    REPORTS_JSONL,
    SUMMARY_JSON,
    archive_checks,
    iter_inputs,
    output_name,
)
from copparse.cli import main
from copparse.tabular import TABLE_COLUMNS, load_reports, write_tables
from tests.conftest import FIXTURES, SEED_ID

FILES = FIXTURES / "files"


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """A mixed folder: text, PDF, DOCX, a corrupt PDF, an empty file, a zip with a nested zip
    and a '../' member, and two inputs of the same name in different folders."""
    root = tmp_path / "in"
    (root / "a").mkdir(parents=True)
    (root / "b").mkdir()
    seed = (FIXTURES / f"{SEED_ID}.txt").read_bytes()
    (root / "a" / "report.txt").write_bytes(seed)
    (root / "b" / "report.txt").write_bytes((FIXTURES / "cwgcop12_2016_pdftext.txt").read_bytes())
    shutil.copy(FILES / "cwgcop15_16_2020_council.pdf", root / "council.pdf")
    shutil.copy(FILES / "wgcp01_2010_outcome.autonum.docx", root / "first.docx")
    (root / "broken.pdf").write_bytes((FILES / f"{SEED_ID}.pdf").read_bytes()[:3000])
    (root / "empty.txt").write_bytes(b"")
    (root / ".hidden").write_bytes(b"not an input")
    inner = _zip({"nested/eleventh.txt": (FIXTURES / "cwgcop11_2016_nolist.txt").read_bytes()})
    (root / "bundle.zip").write_bytes(_zip({
        "tenth.txt": (FIXTURES / "cwgcop10_2015_unnumbered.txt").read_bytes(),
        "../escape.txt": seed,
        "inner.zip": inner,
        "notes.txt": b"Shopping list: bread, milk.",
    }))  # fmt: skip
    return root


INPUT_COUNT = 10  # 2 report.txt, council.pdf, first.docx, broken.pdf, empty.txt, 4 zip members


def records(out: Path, *, jsonl: bool = False) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    if jsonl:
        lines = (out / REPORTS_JSONL).read_text("utf-8").splitlines()
        reports = {json.loads(x)["source"]["path"]: json.loads(x) for x in lines}
        assert len(reports) == len(lines)
    else:
        reports = {}
        for f in out.glob("*.json"):
            if f.name != SUMMARY_JSON:
                data = json.loads(f.read_text("utf-8"))
                reports[data["source"]["path"]] = data
    errors = [json.loads(x) for x in (out / ERRORS_JSONL).read_text("utf-8").splitlines()]
    return reports, errors


def test_every_input_gives_exactly_one_record(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with cf.ThreadPoolExecutor(2) as pool:
        summary = copparse.convert([archive], out, executor=pool)
    reports, errors = records(out)
    assert summary.total == INPUT_COUNT == len(reports) + len(errors)
    assert (summary.ok, summary.failed, summary.skipped) == (len(reports), len(errors), 0)
    assert {e["error"] for e in errors} == {
        "CorruptFileError",
        "EmptyInputError",
        "NotACopReportError",
    }
    assert {Path(e["input"]).name for e in errors} >= {"broken.pdf", "empty.txt"}
    keys = set(reports) | {e["input"] for e in errors}
    assert f"{archive / 'bundle.zip'}!/inner.zip!/nested/eleventh.txt" in keys
    assert str(archive / "a" / "report.txt") in keys and str(archive / "b" / "report.txt") in keys
    # Same file name in two folders: two outputs. A '../' member: a safe name inside OUT.
    names = sorted(p.name for p in out.iterdir())
    assert len([n for n in names if "_a_report.txt." in n]) == 1
    assert len([n for n in names if "_b_report.txt." in n]) == 1
    assert not (tmp_path / "escape.txt").exists() and not list(tmp_path.glob("*escape*"))
    assert all(p.parent == out for p in out.rglob("*"))
    assert not list(out.glob("*.tmp")) and not list(out.glob(".*"))
    saved = json.loads((out / SUMMARY_JSON).read_text("utf-8"))
    assert saved["total"] == INPUT_COUNT and saved["ok"] + saved["failed"] == INPUT_COUNT


def test_thread_and_process_pools_give_identical_output(archive: Path, tmp_path: Path) -> None:
    with cf.ThreadPoolExecutor(2) as pool:
        copparse.convert([archive], tmp_path / "threads", executor=pool)
    copparse.convert([archive], tmp_path / "processes", workers=2)
    for name in ("threads", "processes"):
        (tmp_path / name / SUMMARY_JSON).unlink()
    a = {p.name: p.read_bytes() for p in (tmp_path / "threads").iterdir()}
    b = {p.name: p.read_bytes() for p in (tmp_path / "processes").iterdir()}
    assert a == b and len(a) >= 8


def test_dask_executor(archive: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:  # fmt: skip
        summary = copparse.convert([archive], tmp_path / "dask", executor=client.get_executor())
    with cf.ThreadPoolExecutor(2) as pool:
        copparse.convert([archive], tmp_path / "local", executor=pool)
    assert summary.total == INPUT_COUNT
    assert records(tmp_path / "dask") == records(tmp_path / "local")


def test_resume_skips_current_records_and_force_redoes(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with cf.ThreadPoolExecutor(2) as pool:
        copparse.convert([archive], out, executor=pool)
        again = copparse.convert([archive], out, executor=pool)
        assert (again.skipped, again.ok, again.failed) == (INPUT_COUNT, 0, 0)
        (archive / "a" / "report.txt").write_bytes(
            (FIXTURES / "cwgcop14_2017_vicechair.txt").read_bytes()
        )
        changed = copparse.convert([archive], out, executor=pool)
        assert (changed.skipped, changed.ok) == (INPUT_COUNT - 1, 1)
        forced = copparse.convert([archive], out, executor=pool, resume=False)
        assert forced.skipped == 0 and forced.ok + forced.failed == INPUT_COUNT
    reports, errors = records(out)
    assert len(reports) + len(errors) == INPUT_COUNT
    assert reports[str(archive / "a" / "report.txt")]["meetings"][0]["number"] == 14


@pytest.mark.parametrize("jsonl", [False, True])
def test_an_interrupted_run_leaves_no_partial_file_and_the_next_finishes(
    archive: Path, tmp_path: Path, jsonl: bool
) -> None:
    out = tmp_path / "out"
    seen: list[int] = []

    def stop_after_three(p: copparse.Progress) -> None:
        seen.append(p.done)
        if p.done == 3:
            raise KeyboardInterrupt

    with cf.ThreadPoolExecutor(1) as pool, pytest.raises(KeyboardInterrupt):
        copparse.convert([archive], out, executor=pool, jsonl=jsonl, on_progress=stop_after_three)
    assert json.loads((out / SUMMARY_JSON).read_text("utf-8"))["interrupted"] is True
    assert not list(out.glob("*.tmp")) and not list(out.glob(".*"))
    if jsonl:  # and a torn line, as a kill in mid-write would leave
        with (out / REPORTS_JSONL).open("a") as f:
            f.write('{"schema_name": "copparse.report", "sour')
    with cf.ThreadPoolExecutor(2) as pool:
        rest = copparse.convert([archive], out, executor=pool, jsonl=jsonl)
    assert rest.skipped == 3 and rest.ok + rest.failed == INPUT_COUNT - 3
    reports, errors = records(out, jsonl=jsonl)
    assert len(reports) + len(errors) == INPUT_COUNT


def test_jsonl_mode(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with cf.ThreadPoolExecutor(2) as pool:
        summary = copparse.convert([archive], out, executor=pool, jsonl=True)
    assert sorted(p.name for p in out.iterdir()) == [ERRORS_JSONL, REPORTS_JSONL, SUMMARY_JSON]
    reports, errors = records(out, jsonl=True)
    assert len(reports) == summary.ok and len(errors) == summary.failed


def test_output_folder_inside_the_input_folder_is_not_read(archive: Path) -> None:
    with cf.ThreadPoolExecutor(2) as pool:
        copparse.convert([archive], archive / "out", executor=pool)
        second = copparse.convert([archive], archive / "out", executor=pool)
    assert second.total == INPUT_COUNT


def test_output_names_are_safe_and_distinct() -> None:
    names = {output_name(k) for k in ("a/report.pdf", "b/report.pdf", "z.zip!/../../x.txt", "..")}
    assert len(names) == 4
    assert all(
        "/" not in n and "\\" not in n and ".." not in n and not n.startswith(".") for n in names
    )


def test_archive_checks() -> None:
    checks = archive_checks({
        "a": [(12, "2016-10-10")], "b": [(13, "2016-02-02")], "c": [(13, "2017-02-02")],
        "d": [(16, None)],
    })  # fmt: skip
    assert [d.code for d in checks] == [
        "archive-meeting-date-conflict", "archive-meeting-dates-backwards", "archive-meeting-gap",
    ]  # fmt: skip
    assert "[14, 15]" in checks[2].message


def test_archive_checks_on_the_fixtures(tmp_path: Path) -> None:
    src = tmp_path / "texts"
    src.mkdir()
    for f in FIXTURES.glob("*.txt"):
        shutil.copy(f, src)
    with cf.ThreadPoolExecutor(2) as pool:
        summary = copparse.convert([src], tmp_path / "out", executor=pool)
    backwards = [
        d for d in summary.archive_diagnostics if d.code == "archive-meeting-dates-backwards"
    ]
    assert any(
        "meeting 13 is dated 2016-02-02, before meeting 12 on 2016-10-10" in d.message
        for d in backwards
    )


def test_tables_join_by_report_id(archive: Path, tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    out = tmp_path / "out"
    with cf.ThreadPoolExecutor(2) as pool:
        copparse.convert([archive], out, executor=pool)
    data = copparse.tables(load_reports([out]))
    assert set(data) == set(TABLE_COLUMNS)
    for name, rows in data.items():
        bad = [tuple(r) for r in rows if tuple(r) != TABLE_COLUMNS[name]]
        assert not bad, (name, bad[:1])
    for fmt in ("csv", "parquet"):
        written = write_tables(data, tmp_path / fmt, fmt=fmt)
        assert len(written) == len(TABLE_COLUMNS)
        reader = "read_csv_auto" if fmt == "csv" else "read_parquet"
        con = duckdb.connect()
        rows = con.execute(
            f"SELECT r.path, count(*) AS n, max(r.contributions_listed) AS listed"
            f" FROM {reader}('{tmp_path / fmt / 'contributions'}.{fmt}') c"
            f" JOIN {reader}('{tmp_path / fmt / 'reports'}.{fmt}') r USING (report_id)"
            " WHERE c.listed GROUP BY r.path ORDER BY r.path"
        ).fetchall()
        by_name = {Path(p.split("!/")[-1]).name: (n, listed) for p, n, listed in rows}
        assert by_name["report.txt"] in ((7, 7), (4, 4))
        assert by_name["council.pdf"] == (7, 7)
        assert all(n == listed for n, listed in by_name.values())


def test_iter_inputs_lists_zip_members_without_reading_them(archive: Path) -> None:
    items = list(iter_inputs([archive]))
    assert len(items) == INPUT_COUNT
    member = next(i for i in items if i.members)
    assert member.path.endswith("bundle.zip") and member.read()


def test_cli_convert_and_tables(
    archive: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["convert", str(archive), "-o", str(out), "--workers", "1"]) == 3  # some failed
    err = capsys.readouterr().err
    assert f"copparse: {INPUT_COUNT}/{INPUT_COUNT}" in err  # the plain progress line off a terminal
    assert "failed" in err and "summary.json" in err
    assert main(["convert", str(archive), "-o", str(out), "--quiet"]) == 3
    assert "skipped" in capsys.readouterr().err
    ok_dir = tmp_path / "ok"
    ok_dir.mkdir()
    shutil.copy(FIXTURES / f"{SEED_ID}.txt", ok_dir)
    assert main(["convert", str(ok_dir), "-o", str(tmp_path / "ok-out"), "--quiet"]) == 0
    assert main(["convert", str(tmp_path / "missing"), "-o", str(out)]) == 2
    assert main(["convert", str(archive), "-o", str(out), "--workers", "0"]) == 2
    assert main(["convert", str(archive)]) == 2
    assert main(["tables", str(out), "-o", str(tmp_path / "t")]) == 0
    assert (tmp_path / "t" / "contributions.csv").exists()
