"""Reliability under bad input: never another exception, never a hang, never silence.

Time is never asserted as a speed: the guards below (the regex module's own ``timeout=``, a
few seconds) only catch catastrophic behaviour, which takes minutes. Complexity is pinned by
counting work, which is deterministic. Hypothesis runs derandomised, so CI is reproducible.
"""

from __future__ import annotations

import concurrent.futures as cf
import importlib
import io
import json
import os
import pkgutil
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import copparse
from copparse.batch import ERRORS_JSONL, SUMMARY_JSON
from copparse.extract.lexicon import ORDINAL_RE
from copparse.rules import all_rules
from copparse.schema import report_schema
from tests.conftest import FIXTURE_IDS, FIXTURES, SEED_ID
from tests.test_properties import spans_of
from tests.test_provenance import _holds

FILES = FIXTURES / "files"
CI = settings(derandomize=True, deadline=None, max_examples=60,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
SCHEMA = report_schema()
TEXTS = {f: (FIXTURES / f"{f}.txt").read_text("utf-8") for f in FIXTURE_IDS}
# What a report must say when a field is absent, instead of falling silent.
REQUIRED = {
    "chair": "chair-missing",
    "meetings": "meeting-number-missing",
    "outcomes": "outcomes-missing",
}


def check_report(report: copparse.Report, source_text: str | None = None) -> None:
    """The invariants every report holds, however broken its input."""
    text = report.text
    for span in spans_of(report):
        assert 0 <= span.start <= span.end <= len(text)
    for item in _located(report):
        for name, fspan in getattr(item, "field_spans", {}).items():
            at = text[fspan.start : fspan.end]
            assert _holds(name, getattr(item, name), at), (name, getattr(item, name), at)
    flat = text.replace(" ", "")
    for c in report.contributions:
        assert f"/{c.meeting}/{c.number}" in flat
    if source_text is not None:
        for section in report.sections:
            if section.number is not None:
                assert section.number in source_text
    codes = {d.code for d in report.diagnostics}
    for field, code in REQUIRED.items():
        if not getattr(report, field):
            assert code in codes, f"{field} is missing and nothing says so"
    for m in report.meetings:
        if m.start_date is None:
            assert codes & {"meeting-date-missing", "date-unreadable"}
    data = json.loads(report.model_dump_json())
    jsonschema.validate(data, SCHEMA, cls=jsonschema.Draft202012Validator)
    assert copparse.Report.model_validate(data) == report


def _located(obj: Any) -> Iterator[Any]:
    if hasattr(obj, "field_spans"):
        yield obj
    if isinstance(obj, list):
        for x in obj:
            yield from _located(x)
    elif hasattr(type(obj), "model_fields"):
        for name in type(obj).model_fields:
            if name not in ("text", "field_spans", "field_rules", "source", "span", "mentions"):
                yield from _located(getattr(obj, name))


def parse_or_error(text: str) -> copparse.Report | None:
    try:
        return copparse.parse_text(text)
    except copparse.CopParseError as exc:
        assert exc.message
        return None


# --- any text ---------------------------------------------------------------------------------

ANY_CHAR = st.characters(exclude_categories=[])  # surrogates and controls included


@CI
@given(st.text(ANY_CHAR, max_size=3000))
def test_any_unicode_text(text: str) -> None:
    report = parse_or_error(text)
    if report is not None:
        check_report(report, text)


@CI
@given(st.sampled_from(list(TEXTS.values())), st.text(ANY_CHAR, min_size=1, max_size=40), st.data())
def test_fixtures_with_hostile_characters_spliced_in(
    text: str, junk: str, data: st.DataObject
) -> None:
    at = data.draw(st.integers(0, len(text)))
    mutated = text[:at] + junk + text[at:]
    report = parse_or_error(mutated)
    if report is not None:
        check_report(report)


@CI
@given(st.sampled_from(FIXTURE_IDS), st.data())
def test_mutated_fixtures(fixture_id: str, data: st.DataObject) -> None:
    lines = TEXTS[fixture_id].split("\n")
    for _ in range(data.draw(st.integers(1, 8))):
        if not lines:
            break
        op = data.draw(st.sampled_from(["delete", "duplicate", "swap", "corrupt", "join"]))
        i = data.draw(st.integers(0, len(lines) - 1))
        j = data.draw(st.integers(0, len(lines) - 1))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(j, lines[i])
        elif op == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "join" and i + 1 < len(lines):
            lines[i : i + 2] = [lines[i] + lines[i + 1]]
        elif lines[i]:
            k = data.draw(st.integers(0, len(lines[i]) - 1))
            lines[i] = lines[i][:k] + data.draw(st.characters()) + lines[i][k + 1 :]
    text = "\n".join(lines)
    report = parse_or_error(text)
    if report is not None:
        check_report(report, text)


@pytest.mark.parametrize("fixture_id", FIXTURE_IDS)
def test_removing_a_required_field_is_said_loudly(fixture_id: str) -> None:
    text = TEXTS[fixture_id]
    cut_chair = regex.sub(r"(?i)chair(?:ed|man|manship)?", "led", text)
    report = copparse.parse_text(cut_chair)
    assert report.chair is not None or "chair-missing" in {d.code for d in report.diagnostics}
    # Without its meeting's number (every ordinal gone) a report still says it is one, and
    # says loudly that the number is missing; without any word for a meeting it is no report.
    cut_meeting = regex.sub(ORDINAL_RE, "recent", text, flags=regex.IGNORECASE)
    cut_meeting = regex.sub(r"(?i)\d{1,2}(?:st|nd|rd|th)", "recent ", cut_meeting)  # "12thMEETING"
    report = copparse.parse_text(cut_meeting)
    assert report.meetings == []
    assert (
        next(d for d in report.diagnostics if d.code == "meeting-number-missing").severity
        == "error"
    )
    with pytest.raises(copparse.IncompleteReportError):
        copparse.parse_text(cut_meeting, strict=True)
    with pytest.raises(copparse.NotACopReportError):
        copparse.parse_text(regex.sub(r"(?i)meetings?|sessions?", " gathering ", text))


@pytest.mark.parametrize("fixture_id", FIXTURE_IDS)
def test_every_fixture_round_trips_and_validates(fixture_id: str) -> None:
    check_report(copparse.parse_text(TEXTS[fixture_id]), TEXTS[fixture_id])


# --- size and backtracking ------------------------------------------------------------------

HANG_GUARD = 20.0  # seconds, for whole parses; what this catches takes minutes
PATTERN_GUARD = 5.0  # seconds, for one pattern; every one takes < 0.5 s on its near misses


@pytest.mark.parametrize("unit", ["a", "1", " ", "\n", "·", "(", "C", "\t", "é", "CWG-COP ",
                                  "1.1 ", "Mr ", "WG-CP/1/", "2 February ", "the the "])  # fmt: skip
def test_a_megabyte_of_one_thing(unit: str) -> None:
    text = unit * (1_000_000 // len(unit))
    started = time.monotonic()
    report = parse_or_error(text)
    assert time.monotonic() - started < HANG_GUARD
    if report is not None:
        assert len(report.text) <= len(text)


def _patterns() -> Iterator[tuple[str, regex.Pattern[str]]]:
    seen: set[int] = set()
    for r in all_rules():
        seen.add(id(r.pattern))
        yield f"rule {r.name}", r.pattern
    for name, pattern in _module_patterns():
        if id(pattern) not in seen:
            seen.add(id(pattern))
            yield name, pattern


def _module_patterns() -> Iterator[tuple[str, regex.Pattern[str]]]:
    package = importlib.import_module("copparse")
    for info in pkgutil.walk_packages(package.__path__, "copparse."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, regex.Pattern):
                yield f"{info.name}.{name}", value
            elif isinstance(value, list | tuple):
                for k, v in enumerate(value):
                    if isinstance(v, regex.Pattern):
                        yield f"{info.name}.{name}[{k}]", v
                    elif isinstance(v, tuple):
                        for w in v:
                            if isinstance(w, regex.Pattern):
                                yield f"{info.name}.{name}[{k}]", w


PATTERNS = sorted(_patterns(), key=lambda p: p[0])
# Near misses of the main patterns, each repeated 50,000 times: a date without its year, a code
# without its number, a name that never ends, a list that never closes, a sentence that never
# stops, numbers that never reach text ...
NEAR_MISSES = [
    "1 January 20", "17-18 March ", "from 1 to ", "WG-CP/1/", "CWG-COP/", "Mr Aa ", "Dr. Aa Bb ",
    "chaired by the Vice-Chair, ", "thirteenth and ", "12th ", "approximately 1 ",
    "representing a, ", "Resolution 1306 (", "2009 ITU Council ", "Member States and ",
    "the representative from Aa ", "Contribution from Aa: ", "1.1 a ", "1.", "Document WG-CP/",
    "Aa Bb (Cc ", "a1", "1a", "?1", "- 1 -\n", "(", "·", "the the ", "Mr. A. ", "\t",
]  # fmt: skip


@pytest.mark.parametrize(("name", "pattern"), PATTERNS, ids=[n for n, _ in PATTERNS])
def test_no_pattern_backtracks_catastrophically(name: str, pattern: regex.Pattern[str]) -> None:
    assert len(PATTERNS) >= 60
    for miss in NEAR_MISSES:
        # About 80 KB of each: a quadratic pattern takes some 6e9 steps on it, minutes (an
        # exponential one for ever), while a linear one takes milliseconds.
        text = miss * (80_000 // len(miss))
        try:
            for _ in pattern.finditer(text, timeout=PATTERN_GUARD):
                pass
        except TimeoutError:  # pragma: no cover - the failure this test exists for
            pytest.fail(f"{name} on {miss!r} x {len(text) // len(miss)}: over {PATTERN_GUARD}s")


def test_the_pattern_guard_catches_a_quadratic_pattern() -> None:
    # The guard's text size is what makes it bite: "\w+\d" over letters reads to the end from
    # every start, which on the guard's 80 KB is minutes; here it must not finish in 0.5 s.
    text = "Mr Aa " * (80_000 // len("Mr Aa "))
    quadratic = regex.compile(r"(?:\w|\s)+\d")
    with pytest.raises(TimeoutError):
        for _ in quadratic.finditer(text, timeout=0.5):
            pass


# --- complexity: counted, not timed -----------------------------------------------------------


def test_regression_discussed_in_was_quadratic_in_contributions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """3,000 listed codes took 23 s: every contribution re-read every sentence."""
    import copparse.extract

    calls = 0
    from copparse.extract import sentences as real

    def counting(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
        nonlocal calls
        calls += 1
        return real(text, start, end)

    # Contributions take each paragraph's sentences from the context (the whole text split
    # once, see ExtractContext.sentences_in), which splits with copparse.extract.sentences:
    # both are counted.
    monkeypatch.setattr(copparse.extract, "sentences", counting)
    real_in = copparse.extract.ExtractContext.sentences_in

    def counting_in(self: copparse.extract.ExtractContext, start: int, end: int) -> Any:
        nonlocal calls
        calls += 1
        return real_in(self, start, end)

    monkeypatch.setattr(copparse.extract.ExtractContext, "sentences_in", counting_in)
    items = "".join(f"· WG-CP/13/{i}: Contribution from RUSSIA: Title {i}\n" for i in range(400))
    discussion = "".join(
        f"5.{i} The representative from Russia presented it.\n" for i in range(1, 200)
    )
    report = copparse.parse_text(
        f"OUTCOME OF THE THIRTEENTH MEETING\n4 Contributions\n{items}5 Discussions\n{discussion}"
    )
    assert len(report.contributions) == 400
    assert calls <= 2 * 200  # once per paragraph, not once per paragraph per contribution


def test_regression_stated_count_search_was_quadratic_in_overlapping_sections(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """50,000 numbered lines whose section numbers repeat took 20 s: each section's search
    covered nearly the whole text."""
    from copparse.extract import contributions

    searched = 0

    class Counting:
        def __init__(self, pattern: regex.Pattern[str]) -> None:
            self.pattern = pattern

        def search(self, text: str, pos: int, endpos: int) -> regex.Match[str] | None:
            nonlocal searched
            searched += endpos - pos
            return self.pattern.search(text, pos, endpos)

    monkeypatch.setattr(contributions, "_STATED", [Counting(p) for p in contributions._STATED])
    text = "OUTCOME OF THE THIRTEENTH MEETING OF CWG-COP\n" + "\n".join(
        f"{i % 30}.{i % 99} Text." for i in range(5000)
    )
    copparse.parse_text(text)
    assert searched <= 2 * len(text)


def test_regression_lone_surrogate_crashed_json_serialization() -> None:
    report = copparse.parse_text(
        "OUTCOME OF THE THIRTEENTH MEETING\n1.1 The 13th meeting of the CWG-COP \ud800 was held on 2 May 2017."
    )
    assert "\ufffd" in report.text
    assert "normalized-lone-surrogate" in {d.code for d in report.diagnostics}
    check_report(report)


# --- loaders, byte by byte --------------------------------------------------------------------

LOADER_FILES = [f"{SEED_ID}.pdf", "cwgcop15_16_2020_council.pdf", f"{SEED_ID}.autonum.docx",
                f"{SEED_ID}.tables.docx"]  # fmt: skip
BYTES = {name: (FILES / name).read_bytes() for name in LOADER_FILES}
LIMITS = copparse.Limits(max_seconds=30.0)


def parse_bytes_or_error(data: bytes) -> None:
    try:
        report = copparse.parse_bytes(data, limits=LIMITS)
    except copparse.CopParseError as exc:
        assert exc.message
        return
    check_report(report)


@settings(CI, max_examples=40)
@given(st.sampled_from(LOADER_FILES), st.data())
def test_truncated_and_bit_flipped_files(name: str, data: st.DataObject) -> None:
    body = bytearray(BYTES[name])
    if data.draw(st.booleans()):
        body = body[: data.draw(st.integers(0, len(body)))]
    for _ in range(data.draw(st.integers(0, 12))):
        if body:
            i = data.draw(st.integers(0, len(body) - 1))
            body[i] ^= 1 << data.draw(st.integers(0, 7))
    parse_bytes_or_error(bytes(body))


@settings(CI, max_examples=40)
@given(st.sampled_from([b"%PDF-1.4\n", b"%PDF-1.7\n%\xe2\xe3\n1 0 obj", b"PK\x03\x04", b"PK\x05\x06"]),
       st.binary(max_size=4000))  # fmt: skip
def test_random_bytes_behind_a_pdf_or_zip_header(header: bytes, tail: bytes) -> None:
    parse_bytes_or_error(header + tail)


def _docx_with(document_xml: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(BYTES[f"{SEED_ID}.autonum.docx"]))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            zf.writestr(
                info.filename,
                document_xml if info.filename == "word/document.xml" else src.read(info),
            )
    return out.getvalue()


@settings(CI, max_examples=40)
@given(st.binary(max_size=3000))
def test_docx_with_garbage_document_xml(garbage: bytes) -> None:
    parse_bytes_or_error(_docx_with(garbage))


# --- batch ------------------------------------------------------------------------------------


def _broken_inputs() -> list[Callable[[int], bytes]]:
    pdf = BYTES[f"{SEED_ID}.pdf"]
    return [
        lambda i: b"",
        lambda i: b"\x89PNG\r\n\x1a\n" + bytes(i),
        lambda i: pdf[: 500 + i],
        lambda i: f"Minutes of club meeting {i}. Nothing about children.".encode(),
        lambda i: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64),
        lambda i: (FILES / "bomb.docx").read_bytes(),
        lambda i: (FILES / "entities.docx").read_bytes(),
        lambda i: bytes((i * 31 + k * 17) % 256 for k in range(300)),
        lambda i: b"PK\x03\x04" + bytes(i),
        lambda i: (FILES / "scanned.pdf").read_bytes(),
    ]


def test_a_batch_of_300_with_a_third_broken_writes_300_records(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    broken = _broken_inputs()
    good = list(TEXTS.values())
    for i in range(300):
        name = src / f"{i:03d}.bin"
        if i % 3 == 0:
            name.write_bytes(broken[(i // 3) % len(broken)](i))
        else:
            name.write_text(good[i % len(good)] + f"\nVariant {i}.", "utf-8")
    with cf.ThreadPoolExecutor(2) as pool:
        summary = copparse.convert([src], tmp_path / "out", executor=pool)
    out = tmp_path / "out"
    reports = [p for p in out.glob("*.json") if p.name != SUMMARY_JSON]
    errors = (out / ERRORS_JSONL).read_text("utf-8").splitlines()
    assert summary.total == 300 == len(reports) + len(errors)
    assert summary.ok + summary.failed + summary.skipped == 300
    assert summary.failed == len(errors) == 100
    kinds = {json.loads(e)["error"] for e in errors}
    assert {"EmptyInputError", "UnsupportedFormatError", "CorruptFileError", "NotACopReportError",
            "ArchiveBombError", "UnsafeFileError", "NoTextLayerError"} <= kinds  # fmt: skip
    assert not any(k.startswith(("InternalError", "WorkerError")) for k in kinds)


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.skipif(sys.platform == "win32", reason="process groups and SIGINT")
def test_sigint_leaves_no_partial_file_and_the_next_run_finishes(tmp_path: Path) -> None:
    """Ctrl-C after the fifth report, as the run says it (``-v``: a line per input), not after
    a wait. The 20th input is a FIFO no one writes to, so the run cannot finish before the
    signal lands, however loaded the machine (a run of small files outran a starved test)."""
    src = tmp_path / "in"
    src.mkdir()
    texts = list(TEXTS.values())
    paths = [src / f"{i:03d}.txt" for i in range(60)]
    gate = paths[19]
    for i, path in enumerate(paths):
        if path != gate:
            path.write_text(texts[i % len(texts)] + f"\nCopy {i}.", "utf-8")
    os.mkfifo(gate)
    out = tmp_path / "out"
    base = [sys.executable, "-m", "copparse", "convert", "-o", str(out), "--workers", "1"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    # A terminal's Ctrl-C: SIGINT as the default, even when the tests run where it is ignored
    # (a background job), since Python keeps an ignored SIGINT ignored.
    proc = subprocess.Popen([*base, *map(str, paths), "-v"], stderr=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, start_new_session=True, env=env,
                            preexec_fn=_default_sigint)  # fmt: skip
    assert proc.stderr is not None
    seen = []
    for line in proc.stderr:  # blocks until the run says the next input is done
        seen.append(line)
        if len(seen) == 5:
            break
    os.killpg(proc.pid, signal.SIGINT)  # as Ctrl-C in a terminal: the whole process group
    err = b"".join(seen) + proc.stderr.read()
    proc.stderr.close()
    assert proc.wait(timeout=120) == 130, err.decode()
    assert all(line.startswith(b"copparse: ok") for line in seen), seen
    assert b"interrupted" in err and b"Traceback" not in err, err.decode()
    assert not list(out.glob("*.tmp")) and not list(out.glob(".*"))
    assert json.loads((out / SUMMARY_JSON).read_text("utf-8"))["interrupted"] is True
    first = len([p for p in out.glob("*.json") if p.name != SUMMARY_JSON])
    assert 5 <= first < 19
    for p in out.glob("*.json"):
        json.loads(p.read_text("utf-8"))  # every file written is whole
    gate.unlink()
    gate.write_text(texts[0] + "\nCopy 19.", "utf-8")
    done = subprocess.run([*base, str(src), "--quiet"], capture_output=True, timeout=300,
                          check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr.decode()
    summary = json.loads((out / SUMMARY_JSON).read_text("utf-8"))
    assert summary["skipped"] == first and summary["ok"] == 60 - first
    assert len([p for p in out.glob("*.json") if p.name != SUMMARY_JSON]) == 60


def test_the_atheris_harness_runs_on_the_corpus() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "fuzz"))
    try:
        harness = importlib.import_module("fuzz_copparse")
    finally:
        sys.path.pop(0)
    for path in [*(FIXTURES / "files").glob("*.*"), *FIXTURES.glob("*.txt")]:
        if path.suffix in (".pdf", ".docx", ".txt"):
            harness.parse_any_bytes(path.read_bytes())
            harness.parse_any_text(path.read_bytes()[:5000])


def test_regression_pdf_close_raised_after_a_damaged_page_tree() -> None:
    """Found by atheris: pdfplumber's close() walks the page tree again and raised its own
    PdfminerException over our CorruptFileError."""
    with pytest.raises(copparse.CorruptFileError):
        copparse.parse_file(FILES / "regression-pdf-close-raises.pdf")


def test_regression_zlib_error_escaped_from_a_bit_flipped_docx() -> None:
    """Found by hypothesis: a flipped bit in a part's deflate stream raised zlib.error."""
    data = bytearray(BYTES[f"{SEED_ID}.autonum.docx"])
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start] ^= 0b110  # the first deflate block's type bits
    with pytest.raises(copparse.CorruptFileError):
        copparse.parse_bytes(bytes(data))


def test_regression_sentence_of_each_mention_was_quadratic_on_one_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A 5 MB one-line text took minutes: each mention of a person re-split its whole line
    into sentences to find the one it stands in."""
    import copparse.extract as extract

    scanned = 0
    real = extract._end_marks

    # The split reads a range's end marks once (then puts the pattern to each): counted.
    def counting(text: str, start: int, end: int) -> list[int]:
        nonlocal scanned
        scanned += end - start
        return real(text, start, end)

    monkeypatch.setattr(extract, "_end_marks", counting)
    text = (
        "OUTCOME OF THE THIRTEENTH MEETING\n1.1 The Group on Child Online Protection met. "
        + "".join(
            f"Mr Jan van der Berg{i % 7} spoke to Ms Ana Lopez, the Chair. " for i in range(1500)
        )
    )
    report = copparse.parse_text(text)
    assert len(report.people) >= 2
    assert scanned <= 3 * len(text)  # the line split once, not once per mention
