"""Batch conversion: every input one record, nothing lost, nothing written outside OUT."""

from __future__ import annotations

import concurrent.futures as cf
import io
import json
import os
import shutil
import signal
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest

import copparse
from copparse.batch import (
    ERRORS_JSONL,
    MANIFEST_JSONL,
    REPORTS_JSONL,
    SUMMARY_JSON,
    InputItem,
    archive_checks,
    iter_inputs,
    output_name,
)
from copparse.cli import main
from copparse.limits import Limits
from copparse.tabular import TABLE_COLUMNS, load_reports, write_tables
from tests.conftest import FIXTURE_IDS, FIXTURES, SEED_ID, parsed

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
    assert sorted(p.name for p in out.iterdir()) == [
        ERRORS_JSONL, MANIFEST_JSONL, REPORTS_JSONL, SUMMARY_JSON,
    ]  # fmt: skip
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
        assert len(written) == len(TABLE_COLUMNS) + 1  # and datapackage.json
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
    assert (
        capsys.readouterr().err
        == f"copparse: 3 of 10 inputs have no report; see {out / ERRORS_JSONL}\n"
    )
    ok_dir = tmp_path / "ok"
    ok_dir.mkdir()
    shutil.copy(FIXTURES / f"{SEED_ID}.txt", ok_dir)
    assert main(["convert", str(ok_dir), "-o", str(tmp_path / "ok-out"), "--quiet"]) == 0
    assert main(["convert", str(tmp_path / "missing"), "-o", str(out)]) == 2
    assert main(["convert", str(archive), "-o", str(out), "--workers", "0"]) == 2
    assert main(["convert", str(archive)]) == 2
    assert main(["tables", str(out), "-o", str(tmp_path / "t")]) == 3  # the 3 are counted
    assert (tmp_path / "t" / "contributions.csv").exists()


INCOMPLETE = "1 Introduction\n1.1 This report summarizes the meeting of the CWG-COP in Geneva.\n"


def test_strict_records_incomplete_reports_and_non_reports_as_failures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(FIXTURES / f"{SEED_ID}.txt", src / "seed.txt")
    (src / "incomplete.txt").write_text(INCOMPLETE, "utf-8")
    shutil.copy(FIXTURES / "not_reports" / "secretariat_update.txt", src / "update.txt")
    out = tmp_path / "out"

    def run(strict: bool) -> tuple[copparse.BatchSummary, dict[str, str]]:
        with cf.ThreadPoolExecutor(1) as pool:
            summary = copparse.convert([src], out, executor=pool, strict=strict)
        _, errors = records(out)
        return summary, {Path(e["input"]).name: e["error"] for e in errors}

    lenient, failed = run(False)
    assert (lenient.ok, lenient.failed) == (2, 1)
    assert failed == {"update.txt": "NotACopReportError"}
    # The strict run redoes only the report whose outcome strictness changes.
    strict, failed = run(True)
    assert (strict.ok, strict.failed, strict.skipped) == (0, 1, 2)
    assert failed == {"update.txt": "NotACopReportError", "incomplete.txt": "IncompleteReportError"}
    message = next(e["message"] for e in records(out)[1] if e["input"].endswith("incomplete.txt"))
    assert "meeting-number-missing" in message
    assert not (out / output_name(str(src / "incomplete.txt"))).exists()
    # And back: a lenient run writes the report again.
    again, failed = run(False)
    assert (again.ok, again.skipped) == (1, 2)
    assert failed == {"update.txt": "NotACopReportError"}
    assert main(["convert", str(src), "-o", str(tmp_path / "cli"), "--strict", "--quiet"]) == 3

    assert "2 of 3 inputs have no report" in capsys.readouterr().err


# --- Regressions: one bad input must never stop or lose the others ----------------------------


def _convert_killing_on(item: Any, *args: Any, **kwargs: Any) -> Any:
    """The worker function, except that an input named killer.txt kills its worker process."""
    import os
    import signal

    if item.key.endswith("killer.txt"):
        os.kill(os.getpid(), signal.SIGKILL)
    return _real_convert_one(item, *args, **kwargs)


from copparse import batch as _batch  # noqa: E402

_real_convert_one = _batch._convert_one


def _reports_dir(tmp_path: Path, n: int = 4) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    seed = (FIXTURES / f"{SEED_ID}.txt").read_text("utf-8")
    for i in range(n):
        (src / f"{i:02d}.txt").write_text(seed + f"\nCopy {i}.", "utf-8")
    return src


def test_regression_two_runs_into_one_folder_lost_records(tmp_path: Path) -> None:
    src = _reports_dir(tmp_path, 3)
    out = tmp_path / "out"
    refused: list[str] = []

    def second_run(p: copparse.Progress) -> None:
        if p.done == 1:
            with pytest.raises(copparse.BatchError) as info:
                copparse.convert([src], out, executor=cf.ThreadPoolExecutor(1))
            refused.append(info.value.message)

    with cf.ThreadPoolExecutor(1) as pool:
        summary = copparse.convert([src], out, executor=pool, on_progress=second_run)
    assert refused and "another copparse convert is writing to this folder" in refused[0]
    assert summary.ok == 3
    with cf.ThreadPoolExecutor(1) as pool:  # the lock goes with the run
        assert copparse.convert([src], out, executor=pool).skipped == 3


def test_regression_reports_jsonl_torn_in_a_multibyte_character_blocked_resume(
    tmp_path: Path,
) -> None:
    src = _reports_dir(tmp_path, 2)
    out = tmp_path / "out"
    with cf.ThreadPoolExecutor(1) as pool:
        copparse.convert([src], out, executor=pool, jsonl=True)
    torn = '{"schema_name": "copparse.report", "note": "Núñez'.encode()[:-2]  # half of "ñ"
    with (out / REPORTS_JSONL).open("ab") as f:
        f.write(torn)
    with cf.ThreadPoolExecutor(1) as pool:
        again = copparse.convert([src], out, executor=pool, jsonl=True)
    assert again.skipped == 2
    assert len((out / REPORTS_JSONL).read_bytes().decode("utf-8").splitlines()) == 2


def _zip_with_corrupt_lzma_member(path: Path) -> None:
    seed = (FIXTURES / f"{SEED_ID}.txt").read_bytes()
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("a-good.txt", seed)
        zf.writestr(zipfile.ZipInfo("b-lzma.txt"), seed * 3, compress_type=zipfile.ZIP_LZMA)
        zf.writestr("c-good.txt", seed + b"\nAnother copy.")
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("b-lzma.txt")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 20
    data[start : start + 40] = bytes(40)
    path.write_bytes(bytes(data))


def test_regression_corrupt_lzma_member_stopped_the_batch_and_every_rerun(tmp_path: Path) -> None:
    _zip_with_corrupt_lzma_member(tmp_path / "a.zip")
    for _ in range(2):  # the re-run meets it again, and again carries on
        with cf.ThreadPoolExecutor(1) as pool:
            summary = copparse.convert([tmp_path / "a.zip"], tmp_path / "out", executor=pool)
        assert summary.total == 3
        assert (tmp_path / "out" / SUMMARY_JSON).exists()
    reports, errors = records(tmp_path / "out")
    assert len(reports) == 2 and [e["input"].rsplit("!/", 1)[1] for e in errors] == ["b-lzma.txt"]
    assert errors[0]["error"] == "FileReadError"


def test_regression_zip_rewritten_mid_run_raised_keyerror(tmp_path: Path) -> None:
    seed = (FIXTURES / f"{SEED_ID}.txt").read_bytes()
    archive = tmp_path / "a.zip"
    # More members than are read ahead of the workers (4 per worker), so some are read after.
    archive.write_bytes(_zip({f"{i:02d}.txt": seed + f"\nCopy {i}.".encode() for i in range(20)}))

    def rewrite(p: copparse.Progress) -> None:
        if p.done == 1:  # someone replaces the archive in place with other members
            archive.write_bytes(_zip({f"other-{i}.txt": seed for i in range(4)}))

    with cf.ThreadPoolExecutor(1) as pool:
        summary = copparse.convert([archive], tmp_path / "out", executor=pool, on_progress=rewrite)
    assert summary.total == 20 == summary.ok + summary.failed
    _, errors = records(tmp_path / "out")
    assert errors and all(e["error"] == "FileReadError" for e in errors)
    assert all("the archive changed during the run" in e["message"] for e in errors)


def test_regression_a_huge_file_was_read_whole_to_hash_it_before_max_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = _reports_dir(tmp_path, 1)
    with (src / "huge.txt").open("wb") as f:
        f.truncate(3 * 1024**3)  # sparse: 3 GB that take no disk
    read: list[str] = []
    real = _batch._Archives.read

    def counting(self: Any, item: Any) -> bytes:
        read.append(item.key)
        return real(self, item)

    monkeypatch.setattr(_batch._Archives, "read", counting)
    with cf.ThreadPoolExecutor(1) as pool:
        summary = copparse.convert([src], tmp_path / "out", executor=pool)
    assert (summary.ok, summary.failed) == (1, 1)
    assert not any(k.endswith("huge.txt") for k in read)  # refused from its size alone
    _, [error] = records(tmp_path / "out")
    assert error["error"] == "InputTooLargeError" and "3,221,225,472 bytes" in error["message"]


def test_regression_a_dying_worker_broke_the_pool_and_lost_the_innocent_inputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = _reports_dir(tmp_path, 3)
    (src / "killer.txt").write_bytes((FIXTURES / f"{SEED_ID}.txt").read_bytes())
    monkeypatch.setattr(_batch, "_convert_one", _convert_killing_on)
    summary = copparse.convert([src], tmp_path / "out", workers=1)  # all four in flight
    reports, errors = records(tmp_path / "out")
    assert summary.total == 4 and (summary.ok, summary.failed) == (3, 1)
    assert len(reports) == 3
    [killed] = errors
    assert killed["input"].endswith("killer.txt") and killed["error"] == "ResourceLimitError"
    assert "worker process" in killed["message"]


def test_regression_a_pool_that_cannot_start_wrote_one_error_per_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import multiprocessing
    import os

    def dead_pool(workers: int | None) -> cf.ProcessPoolExecutor:
        context = multiprocessing.get_context("spawn")
        return cf.ProcessPoolExecutor(1, mp_context=context, initializer=os._exit, initargs=(3,))

    monkeypatch.setattr(_batch, "_default_pool", dead_pool)
    src = _reports_dir(tmp_path, 3)
    with pytest.raises(copparse.BatchError, match="could not start") as info:
        copparse.convert([src], tmp_path / "out")
    assert 'if __name__ == "__main__":' in info.value.message
    assert not (tmp_path / "out" / ERRORS_JSONL).exists()  # not one record per input
    assert json.loads((tmp_path / "out" / SUMMARY_JSON).read_text("utf-8"))["failed"] == 0


def test_regression_duplicate_member_names_gave_one_record(tmp_path: Path) -> None:
    import warnings

    seed = (FIXTURES / f"{SEED_ID}.txt").read_bytes()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile: "Duplicate name"
        with zipfile.ZipFile(tmp_path / "a.zip", "w") as zf:
            zf.writestr("report.txt", b"Shopping list: bread, milk.")
            zf.writestr("report.txt", seed)
    with cf.ThreadPoolExecutor(1) as pool:
        summary = copparse.convert([tmp_path / "a.zip"], tmp_path / "out", executor=pool)
    assert summary.total == 2
    reports, errors = records(tmp_path / "out")
    keys = sorted([*reports, *(e["input"] for e in errors)])
    assert [k.rsplit("!/", 1)[1] for k in keys] == ["report.txt", "report.txt#2"]
    assert len(reports) == 1 and errors[0]["error"] == "NotACopReportError"  # both were read


def test_regression_every_member_read_reopened_the_whole_archive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed = (FIXTURES / f"{SEED_ID}.txt").read_bytes()
    archive = tmp_path / "a.zip"
    archive.write_bytes(_zip({f"{i:02d}.txt": seed + f"\n{i}".encode() for i in range(12)}))
    opened: list[object] = []
    real = zipfile.ZipFile.__init__

    def counting(self: zipfile.ZipFile, file: Any, *args: Any, **kwargs: Any) -> None:
        if isinstance(file, (str, Path)) and Path(file) == archive:
            opened.append(file)
        real(self, file, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "__init__", counting)
    with cf.ThreadPoolExecutor(2) as pool:
        summary = copparse.convert([archive], tmp_path / "out", executor=pool)
    assert summary.ok == 12
    assert len(opened) == 2  # once to list the members, once to read them all


def test_regression_a_full_disk_ended_with_a_traceback_and_no_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import errno

    src = _reports_dir(tmp_path, 4)
    monkeypatch.setattr(_batch, "_default_pool", lambda workers: cf.ThreadPoolExecutor(1))
    real = _batch._atomic_write
    reports_written: list[Path] = []

    def filling(path: Path, text: str) -> None:
        if path.name.endswith(".json") and path.name != SUMMARY_JSON:
            if len(reports_written) == 2:
                raise OSError(errno.ENOSPC, "No space left on device")
            reports_written.append(path)
        real(path, text)

    monkeypatch.setattr(_batch, "_atomic_write", filling)
    out = tmp_path / "out"
    code = main(["convert", str(src), "-o", str(out), "--workers", "1", "-q"])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("copparse: error: ") and "No space left on device" in err
    summary = json.loads((out / SUMMARY_JSON).read_text("utf-8"))  # written: it had room
    assert summary["ok"] == 2
    monkeypatch.setattr(_batch, "_atomic_write", real)  # room again: the same command resumes
    assert main(["convert", str(src), "-o", str(out), "--workers", "1", "-q"]) == 0
    assert json.loads((out / SUMMARY_JSON).read_text("utf-8"))["skipped"] == 2


# --- The default pool's workers keep what their isolated child sends ----------------------------


def _reports_of_every_fixture() -> list[copparse.Report]:
    reports = [parsed(fixture_id) for fixture_id in FIXTURE_IDS]
    for path in sorted(FILES.iterdir()):
        if path.suffix in (".pdf", ".docx", ".txt"):
            try:
                reports.append(copparse.parse_file(path))
            except copparse.CopParseError:
                continue
    return reports


def test_a_reports_json_and_facts_need_no_round_trip_through_the_model() -> None:
    """A worker writes its child's JSON as sent, and takes the record's facts from the Report
    in the child (batch._facts): the same text as the JSON validated back into a Report and
    dumped again, and the same facts as read back from that JSON."""
    for report in _reports_of_every_fixture():
        text = report.model_dump_json()
        assert copparse.Report.model_validate_json(text).model_dump_json() == text
        warnings = any(d.severity is not copparse.Severity.INFO for d in report.diagnostics)
        assert _batch._facts(report) == (warnings, _batch._meta(json.loads(text)))


def test_an_isolated_worker_gives_the_record_a_worker_in_process_gives() -> None:
    """A report, a strict run's incomplete report, a report in a lenient run, a failure."""
    seed = (FIXTURES / f"{SEED_ID}.txt").read_bytes()
    pdf = (FILES / f"{SEED_ID}.pdf").read_bytes()
    cases = [(pdf, False), (INCOMPLETE.encode(), True), (INCOMPLETE.encode(), False),
             ((FILES / "encrypted.pdf").read_bytes(), False), (seed, True)]  # fmt: skip
    for data, strict in cases:
        item = InputItem(key="/in/b\udce9.pdf", path="/in/b.pdf")
        isolated = _batch._convert_one(item, data, Limits(), strict=strict, isolate=True)
        inside = _batch._convert_one(item, data, Limits(), strict=strict, isolate=False)
        assert isolated == inside
        assert (isolated.report_json is None) == (isolated.meta is None)


def test_a_ctrl_c_while_the_pool_starts_a_worker_is_raised_once_it_has() -> None:
    if signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        pytest.skip("Ctrl-C is handled by someone else in this process")
    went_on = False
    with pytest.raises(KeyboardInterrupt), _batch._ctrl_c_held(True):
        os.kill(os.getpid(), signal.SIGINT)
        went_on = True  # the submit finishes first
    assert went_on
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    with pytest.raises(KeyboardInterrupt), _batch._ctrl_c_held(False):  # a pool of the caller's
        os.kill(os.getpid(), signal.SIGINT)
        for _ in range(1000):
            time.sleep(0.001)  # the interrupt lands here
        went_on = False
    assert went_on
