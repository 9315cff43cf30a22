from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "copparse"


def emitted_codes() -> set[str]:
    codes: set[str] = set()
    for path in SRC.rglob("*.py"):
        text = path.read_text("utf-8")
        codes |= set(re.findall(r'code(?:, message)? = "([a-z]+(?:-[a-z]+)+)"', text))
        codes |= set(re.findall(r'code="([a-z]+(?:-[a-z]+)+)"', text))
        codes |= set(re.findall(r'_warn\(\s*"([a-z]+(?:-[a-z]+)+)"', text))
    from copparse.normalize import _MESSAGES

    codes |= {f"normalized-{name}" for name in _MESSAGES}
    return codes


def test_every_diagnostic_code_is_documented() -> None:
    doc = (ROOT / "docs" / "diagnostics.md").read_text("utf-8")
    documented = set(re.findall(r"^\| `([a-z-]+)` \|", doc, re.MULTILINE))
    codes = emitted_codes()
    assert len(codes) >= 25
    assert codes - documented == set(), "undocumented diagnostic codes"
    assert documented - codes == set(), "documented codes the source never emits"


def test_readme_commands_name_real_files() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "python -m pip install -e '.[dev]' && copparse parse tests/fixtures/" in readme
    assert "python -m pytest" in readme
    for path in re.findall(r"\((docs/[\w.-]+)\)", readme):
        assert (ROOT / path).exists(), path
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert "python -m pytest" in ci and "copparse parse tests/fixtures/" in ci


def test_every_python_example_in_the_batch_doc_runs_as_a_script(tmp_path: Path) -> None:
    """Each example is written to a file and run by a fresh interpreter, in order, as a user
    would: a process pool then imports the script, so a missing main guard fails here."""
    pytest.importorskip("distributed")
    doc = (ROOT / "docs" / "batch.md").read_text("utf-8")
    examples = re.findall(r"```python\n(.*?)```", doc, re.DOTALL)
    assert len(examples) == 4
    (tmp_path / "reports").mkdir()
    for name in ("000_84bfac458156e755.txt", "cwgcop12_2016_pdftext.txt"):
        (tmp_path / "reports" / name).write_bytes((ROOT / "tests" / "fixtures" / name).read_bytes())
    for i, code in enumerate(examples):
        if "read_parquet" in code:  # the doc's `copparse tables out/ -o tables --format parquet`
            subprocess.run([sys.executable, "-m", "copparse", "tables", "out", "-o", "tables",
                            "--format", "parquet"], cwd=tmp_path, check=True, capture_output=True,
                           timeout=300)  # fmt: skip
        script = tmp_path / f"example_{i}.py"
        script.write_text(code, "utf-8")
        done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True,
                              text=True, timeout=300, check=False)  # fmt: skip
        assert done.returncode == 0, (code, done.stderr)
        assert "Traceback" not in done.stderr
        if "convert(" in code:
            summary = json.loads((tmp_path / "out" / "summary.json").read_text("utf-8"))
            assert summary["ok"] + summary["skipped"] == 2
    assert (tmp_path / "tables" / "reports.csv").exists()


def test_a_script_without_the_main_guard_fails_once_and_says_why(tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    seed = ROOT / "tests" / "fixtures" / "000_84bfac458156e755.txt"
    for i in range(3):
        (tmp_path / "reports" / f"{i}.txt").write_bytes(seed.read_bytes())
    script = tmp_path / "unguarded.py"
    script.write_text('import copparse\ncopparse.convert(["reports/"], "out/", workers=1)\n')
    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True,
                          text=True, timeout=300, check=False)  # fmt: skip
    assert done.returncode != 0
    # Each worker's own failure is printed by multiprocessing; the run's error is the last line.
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("copparse.errors.BatchError"), done.stderr
    assert "could not start" in last and 'if __name__ == "__main__":' in last
    assert not (tmp_path / "out" / "errors.jsonl").exists()
