from __future__ import annotations

import re
from pathlib import Path

import pytest

import copparse

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


def test_the_dask_example_in_the_batch_doc_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("distributed")
    doc = (ROOT / "docs" / "batch.md").read_text("utf-8")
    section = doc.split("## Scaling out with Dask", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    (tmp_path / "reports").mkdir()
    for name in ("000_84bfac458156e755.txt", "cwgcop12_2016_pdftext.txt"):
        (tmp_path / "reports" / name).write_bytes((ROOT / "tests" / "fixtures" / name).read_bytes())
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    exec(compile(code, "docs/batch.md", "exec"), namespace)
    summary = namespace["summary"]
    assert isinstance(summary, copparse.BatchSummary)
    assert summary.ok == 2 and (tmp_path / "out" / "summary.json").exists()
