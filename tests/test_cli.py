from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from copparse.cli import main
from tests.conftest import FIXTURES, SEED_ID

SEED = str(FIXTURES / f"{SEED_ID}.txt")


def test_parse_prints_the_report(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", SEED, "--indent", "0"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["meetings"][0]["number"] == 13
    assert out["text"].startswith("Summary")


def test_parse_without_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", SEED, "--no-text"]) == 0
    assert "text" not in json.loads(capsys.readouterr().out)


def test_parse_error_is_one_line_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "image.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(20))
    assert main(["parse", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("copparse: error: ") and "PNG" in err
    assert "Traceback" not in err


def test_bad_usage_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert main(["parse"]) == 2
    assert main(["parse", SEED, "--indent", "x"]) == 2
    assert main(["frobnicate"]) == 2


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("copparse 0.")


def test_schema_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "Report"


def test_python_dash_m_works_the_same() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "copparse", "parse", SEED, "--no-text"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["chair"]["name"] == "Eugenia Devincenzi"
    done = subprocess.run(
        [sys.executable, "-m", "copparse", "parse", "/nonexistent/report.txt"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert (
        done.returncode == 2 and "no such input" in done.stderr and "Traceback" not in done.stderr
    )


def test_parse_an_encrypted_pdf_with_password(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(FIXTURES / "files" / "encrypted.pdf")
    assert main(["parse", path]) == 1
    assert "password" in capsys.readouterr().err
    assert main(["parse", path, "--password", "secret", "--no-text"]) == 0
    assert json.loads(capsys.readouterr().out)["source"]["format"] == "pdf"


# --- The real command in a subprocess: conventions, hostile arguments, batch correctness ----

COPPARSE = Path(sys.executable).with_name("copparse")
PNG = b"\x89PNG\r\n\x1a\n" + bytes(20)
FILES = FIXTURES / "files"


def command(*args: str | Path) -> list[str]:
    base = [str(COPPARSE)] if COPPARSE.exists() else [sys.executable, "-m", "copparse"]
    return [*base, *map(str, args)]


def run(
    *args: str | Path, stdin: bytes | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        command(*args), input=stdin.decode("latin-1") if stdin is not None else None,
        capture_output=True, text=True, check=False, cwd=cwd, timeout=120,
    )  # fmt: skip
    assert "Traceback" not in done.stderr, done.stderr
    return done


def run_all(cases: list[tuple[list[str | Path], Path | None]]) -> list[tuple[int, str]]:
    """Run the commands side by side (each one ~0.3 s of start-up); return (code, stderr)."""
    procs = []
    for args, stdout in cases:
        out = stdout.open("wb") if stdout is not None else subprocess.DEVNULL
        procs.append(subprocess.Popen(command(*args), stdout=out, stderr=subprocess.PIPE,
                                      stdin=subprocess.DEVNULL))  # fmt: skip
    results = []
    for p in procs:
        err = p.communicate(timeout=120)[1].decode()
        results.append((p.returncode, err))
    return results


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """Two reports, a non-report, a PNG and a zip of the two reports."""
    root = tmp_path / "in"
    root.mkdir()
    (root / "seed.txt").write_bytes(Path(SEED).read_bytes())
    (root / "twelfth.txt").write_bytes((FIXTURES / "cwgcop12_2016_pdftext.txt").read_bytes())
    (root / "notes.txt").write_bytes(b"Shopping list: bread, milk.")
    (root / "picture.png").write_bytes(PNG)
    return root


def test_every_subcommand_with_hostile_arguments_says_one_line_and_no_traceback(
    mixed: Path, tmp_path: Path
) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x")
    png = mixed / "picture.png"
    t = tmp_path / "t"
    cases: list[tuple[list[str | Path], int, str]] = [
        (["parse", SEED, "--indent", "-1"], 2, "--indent: must be from 0 to 16"),
        (["parse", SEED, "--bogus"], 2, "usage: copparse parse"),
        (["parse", "nothere.txt"], 2, "no such input: nothere.txt"),
        (["parse", png], 1, "PNG image"),
        (["parse", SEED, "-o", tmp_path], 2, "is a folder"),
        (["parse", SEED, "--max-pages", "0"], 2, "--max-pages: must be 1 or more"),
        (["convert", mixed, "-o", afile], 2, "is a file"),
        (["convert", "nothere/", "-o", tmp_path / "o"], 2, "no such input"),
        (["convert", mixed, "-o", tmp_path / "o", "--max-bytes", "lots"], 2, "not a size"),
        (["convert", mixed], 2, "-o/--out"),
        (["tables", "nothere/", "-o", t], 2, "no such input: nothere/"),
        (["tables", mixed, "-o", t, "--format", "xls"], 2, "invalid choice"),
        (["review", "nothere.txt", "-o", tmp_path / "r.html"], 2, "no such input"),
        (["review", png, "-o", tmp_path / "r.html"], 1, "PNG image"),
        (["overview", "nonexist", "-o", tmp_path / "x.html"], 2, "no such input: nonexist"),
        (["overview", mixed, "-o", tmp_path], 2, "is a folder"),
        (["schema", "--bogus"], 2, "usage: copparse schema"),
        (["accuracy", "nothere/"], 2, "no such input"),
    ]
    results = run_all([(args, None) for args, _, _ in cases])
    for (args, code, text), (got, err) in zip(cases, results, strict=True):
        assert "Traceback" not in err, (args, err)
        assert got == code and text in err, (args, got, err)
        if code == 1:
            assert err.count("\n") == 1 and err.startswith("copparse: error: "), (args, err)
    assert not (tmp_path / "r.html").exists()


def test_output_that_cannot_be_written_is_one_line_exit_1(tmp_path: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    with Path("/dev/full").open("wb") as full:
        done = subprocess.run(command("parse", SEED), stdout=full, stderr=subprocess.PIPE,
                              text=True, check=False)  # fmt: skip
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr == "copparse: error: cannot write the output: No space left on device\n"
    # A reader that stops early (`| head`) is not an error to report.
    proc = subprocess.Popen(command("parse", SEED, SEED, SEED), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)  # fmt: skip
    assert proc.stdout is not None
    proc.stdout.readline()
    proc.stdout.close()
    _, err = proc.communicate(timeout=60)
    assert proc.returncode in (0, 141) and err == b""


def test_review_creates_the_parent_folders_of_its_page(tmp_path: Path) -> None:
    page = tmp_path / "missing" / "dir" / "x.html"
    done = run("review", SEED, "-o", page)
    assert done.returncode == 0 and page.read_text("utf-8").startswith("<!doctype html>")


def test_bare_command_prints_help_and_help_shows_examples_and_exit_codes() -> None:
    [bare] = run_all([([], None)])
    assert bare[0] == 2 and "usage: copparse" in bare[1] and "parse" in bare[1]
    done = run("convert", "--help")
    assert done.returncode == 0
    for text in ("examples:", "copparse convert reports/", "exit codes:", "130", "--max-pages"):
        assert text in done.stdout, text


def test_the_cli_names_the_pdf_backends_of_the_loaders() -> None:
    from copparse import cli, loaders

    assert cli.PDF_BACKENDS == loaders.PDF_BACKENDS


def test_every_reading_command_has_the_same_options(capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("parse", "convert", "tables", "review", "overview"):
        assert main([name, "--help"]) == 0
        text = capsys.readouterr().out
        for flag in ("--password", "--pdf-backend", "--max-pages", "--max-bytes", "--timeout",
                     "-q, --quiet", "-v, --verbose", "examples:", "exit codes:"):  # fmt: skip
            assert flag in text, (name, flag)


def test_dash_reads_standard_input(tmp_path: Path) -> None:
    done = run("parse", "-", "--no-text", stdin=Path(SEED).read_bytes())
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["source"]["path"] == "<stdin>" and report["meetings"][0]["number"] == 13
    page = tmp_path / "stdin.html"
    assert run("review", "-", "-o", page, stdin=Path(SEED).read_bytes()).returncode == 0
    assert "Eugenia Devincenzi" in page.read_text("utf-8")


def test_parse_several_files_gives_json_lines(mixed: Path, tmp_path: Path) -> None:
    out = tmp_path / "deep" / "reports.jsonl"
    done = run("parse", mixed / "seed.txt", mixed / "notes.txt", mixed / "twelfth.txt",
               "--no-text", "-o", out)  # fmt: skip
    assert done.returncode == 1  # one failed; the others are written all the same
    assert done.stderr.count("\n") == 1 and "notes.txt" in done.stderr
    lines = out.read_text("utf-8").splitlines()
    assert [json.loads(x)["meetings"][0]["number"] for x in lines] == [13, 12]
    both = run("parse", mixed / "seed.txt", mixed / "twelfth.txt", "--no-text")
    assert both.returncode == 0 and len(both.stdout.splitlines()) == 2


def test_quiet_prints_nothing_and_verbose_a_line_per_input(tmp_path: Path) -> None:
    src = tmp_path / "ok"
    src.mkdir()
    (src / "seed.txt").write_bytes(Path(SEED).read_bytes())
    quiet = run("convert", src, "-o", tmp_path / "o1", "-q", "--workers", "1")
    assert quiet.returncode == 0 and quiet.stderr == "" and quiet.stdout == ""
    verbose = run("convert", src, "-o", tmp_path / "o2", "-v", "--workers", "1")
    assert f"copparse: ok, with warnings: {src.resolve() / 'seed.txt'}\n" in verbose.stderr
    assert run("parse", SEED, "-q").stderr == ""
    assert "copparse: ok: " in run("parse", SEED, "-v").stderr


def test_limit_messages_name_the_flag_not_the_python_argument(mixed: Path, tmp_path: Path) -> None:
    done = run("parse", SEED, "--max-bytes", "1K")
    assert done.returncode == 1 and "raise --max-bytes" in done.stderr
    assert "Limits." not in done.stderr
    done = run("convert", mixed / "seed.txt", "-o", tmp_path / "o", "-v", "--max-bytes", "1K")
    assert done.returncode == 3 and "raise --max-bytes" in done.stderr
    done = run("parse", FILES / "encrypted.pdf")
    assert "--password" in done.stderr and "password=" not in done.stderr


def test_odt_html_and_other_encodings_are_named_or_read(tmp_path: Path) -> None:
    import io
    import zipfile

    odt = io.BytesIO()
    with zipfile.ZipFile(odt, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", "<office:document-content/>")
    (tmp_path / "r.odt").write_bytes(odt.getvalue())
    (tmp_path / "r.html").write_text("<!DOCTYPE html>\n<html><body>CWG-COP</body></html>")
    text = Path(SEED).read_text("utf-8")
    (tmp_path / "u16.txt").write_bytes(text.encode("utf-16-le"))  # no byte-order mark
    (tmp_path / "ru.txt").write_bytes(
        (
            text + "\nПредседатель поблагодарил участников за их вклад в работу группы, а"
            " делегации обсудили защиту детей в интернете и следующие шаги." * 40
        ).encode("cp1251", errors="replace")
    )
    done = run("parse", *(tmp_path / n for n in ("r.odt", "r.html", "u16.txt", "ru.txt")),
               "-o", tmp_path / "out.jsonl")  # fmt: skip
    assert done.returncode == 1
    assert "OpenDocument text (.odt)" in done.stderr and "--convert-to docx" in done.stderr
    assert "HTML page" in done.stderr and "looks binary" not in done.stderr
    reports = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text("utf-8").splitlines()]
    assert [r["source"]["encoding"] for r in reports] == ["utf-16-le", "cp1251"]
    assert "Председатель" in reports[1]["text"]
    assert all(r["meetings"][0]["number"] == 13 for r in reports)


def test_tables_and_overview_keep_going_and_count_bad_inputs(mixed: Path, tmp_path: Path) -> None:
    import zipfile

    with zipfile.ZipFile(tmp_path / "archive.zip", "w") as zf:
        zf.write(mixed / "seed.txt", "a/seed.txt")
        zf.write(mixed / "notes.txt", "a/notes.txt")
    tables = run("tables", mixed, tmp_path / "archive.zip", "-o", tmp_path / "t")
    assert tables.returncode == 3, tables.stderr
    assert "notes.txt" in tables.stderr and "picture.png" in tables.stderr
    import csv

    with (tmp_path / "t" / "inputs.csv").open(encoding="utf-8") as f:
        inputs = list(csv.DictReader(f))
    assert len(inputs) == 6
    assert sorted(r["status"] for r in inputs) == ["failed"] * 3 + ["ok"] * 3
    assert {r["error"] for r in inputs if r["status"] == "failed"} == {
        "NotACopReportError", "UnsupportedFormatError",
    }  # fmt: skip
    with (tmp_path / "t" / "reports.csv").open(encoding="utf-8") as f:
        reports = list(csv.DictReader(f))
    assert len(reports) == 2  # the zipped seed is the same file: one report, two copies
    overview = run("overview", mixed, tmp_path / "archive.zip", "-o", tmp_path / "ov" / "x.html")
    assert overview.returncode == 3
    assert "2 review pages" in overview.stderr  # the same rule: one report per content
    assert len(list((tmp_path / "ov").glob("*.review.html"))) == 2
    nothing = run("tables", mixed / "notes.txt", "-o", tmp_path / "t2")
    assert nothing.returncode == 3 and "warning: no report found" in nothing.stderr


def test_review_and_tables_read_a_converted_report(mixed: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("convert", mixed, "-o", out, "-q", "--workers", "1").returncode == 3
    [record] = [p for p in out.glob("*seed*.json")]
    page = tmp_path / "page.html"
    done = run("review", record, "-o", page)
    assert done.returncode == 0, done.stderr
    assert "Eugenia Devincenzi" in page.read_text("utf-8")
    assert "schema_name" not in page.read_text("utf-8")  # rendered, not parsed as text
    tables = run("tables", out, "-o", tmp_path / "t", "-q")
    assert tables.returncode == 3  # the failed inputs are counted from errors.jsonl
    assert "2 of 4 inputs failed" in tables.stderr
    alone = run("tables", out / "summary.json", "-o", tmp_path / "t3")
    assert alone.returncode == 3 and "not a copparse report" in alone.stderr


def test_convert_output_honours_the_umask(mixed: Path, tmp_path: Path) -> None:
    for umask, mode in ((0o027, 0o640),):  # not 0600, as mkstemp made them
        out = tmp_path / f"out{umask:o}"
        old = os.umask(umask)
        try:
            run("convert", mixed, "-o", out, "-q", "--workers", "1")
            run("parse", SEED, "-o", out / "parsed.json")
        finally:
            os.umask(old)
        modes = {p.name: p.stat().st_mode & 0o777 for p in out.iterdir()}
        assert set(modes.values()) == {mode}, modes
        assert {"errors.jsonl", "summary.json", "manifest.jsonl", "parsed.json"} <= set(modes)


def test_convert_from_another_folder_or_twice_the_same_input_redoes_nothing(
    mixed: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = run("convert", "in", "in/seed.txt", "./in", "-o", "out", "-q", cwd=tmp_path)
    assert first.returncode == 3
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert summary["total"] == 4
    (tmp_path / "elsewhere").mkdir()
    again = run("convert", "../in", "-o", "../out", cwd=tmp_path / "elsewhere")
    assert "0 converted" in again.stderr and "4 skipped" in again.stderr
    manifest = [json.loads(x) for x in (out / "manifest.jsonl").read_text("utf-8").splitlines()]
    assert len(manifest) == 4 == len({m["input"] for m in manifest})
    assert all(Path(m["input"]).is_absolute() for m in manifest)
    assert {m["status"] for m in manifest} == {"ok", "failed"}
    for m in manifest:
        assert (out / m["output"]).exists()
    assert len([p for p in out.glob("*.json") if p.name != "summary.json"]) == 2
