"""Batch conversion of report archives: folders and zip files in, one record per input out.

Every input gives exactly one record: a report (one JSON file, or one line of reports.jsonl)
or an error (one line of errors.jsonl). Workers only parse; the calling process does all the
writing, each file through a temporary file and a rename, so an interrupted run leaves no half
file and a re-run picks up where it stopped.
"""

from __future__ import annotations

import concurrent.futures as cf
import hashlib
import io
import itertools
import json
import multiprocessing
import os
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import regex
from pydantic import BaseModel, ConfigDict, Field

from copparse.api import parse_bytes
from copparse.errors import CopParseError
from copparse.limits import Limits
from copparse.loaders import PdfBackend
from copparse.models import SCHEMA_VERSION, Diagnostic, Severity

__all__ = ["BatchSummary", "InputItem", "Progress", "archive_checks", "convert", "iter_inputs"]

REPORTS_JSONL = "reports.jsonl"
ERRORS_JSONL = "errors.jsonl"
SUMMARY_JSON = "summary.json"
_MAX_ZIP_DEPTH = 3


@dataclass(frozen=True)
class InputItem:
    """One input: a file, or a member of a zip archive (read in memory, never extracted).

    Attributes:
        key: The input's name in records: its path, or ``archive.zip!/member/path``.
        path: The file on disk (the archive, for a member).
        members: The member names from the archive down, for a member of a (nested) zip.
        error: Why the input cannot be read at all, found while listing it.
    """

    key: str
    path: str
    members: tuple[str, ...] = ()
    error: str | None = None

    def read(self) -> bytes:
        """The input's bytes (a member is read from its archive now, not when listed)."""
        data = Path(self.path).read_bytes()
        for name in self.members:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                data = zf.read(name)
        return data


class Progress(BaseModel):
    """Where a batch run stands, as passed to ``on_progress``."""

    model_config = ConfigDict(frozen=True)

    done: int
    total: int
    ok: int
    failed: int
    skipped: int
    elapsed: float


class BatchSummary(BaseModel):
    """What a batch run did; also written as summary.json."""

    model_config = ConfigDict(frozen=True)

    schema_version: str = SCHEMA_VERSION
    total: Annotated[int, Field(description="Inputs found.")]
    ok: Annotated[int, Field(description="Reports written this run, with or without warnings.")]
    with_warnings: Annotated[int, Field(description="Of those, reports with warnings or errors.")]
    failed: Annotated[int, Field(description="Inputs recorded in errors.jsonl this run.")]
    skipped: Annotated[int, Field(description="Inputs whose record was already current.")]
    skipped_failed: Annotated[
        int, Field(description="Of those, inputs whose current record is an error.")
    ] = 0
    seconds: float
    interrupted: bool = False
    outputs: Annotated[list[str], Field(description="Files written or updated this run.")] = []
    archive_diagnostics: Annotated[
        list[Diagnostic], Field(description="Checks across all the reports in the output.")
    ] = []


def _zip_members(item: InputItem, data: bytes, limits: Limits, depth: int) -> Iterator[InputItem]:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        yield item  # the parser will say what is wrong with it
        return
    with zf:
        if "word/document.xml" in zf.namelist():  # a .docx is a zip too
            yield item
            return
        for info in sorted(zf.infolist(), key=lambda i: i.filename):
            if info.is_dir():
                continue
            member = InputItem(
                f"{item.key}!/{info.filename}", item.path, (*item.members, info.filename)
            )
            if info.file_size > limits.max_bytes:
                yield InputItem(member.key, member.path, member.members,
                                f"the member inflates to {info.file_size:,} bytes, more than"
                                f" Limits.max_bytes ({limits.max_bytes:,})")  # fmt: skip
            elif info.filename.lower().endswith(".zip") and depth < _MAX_ZIP_DEPTH:
                try:
                    inner = zf.read(info)
                except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError):
                    yield member
                    continue
                yield from _zip_members(member, inner, limits, depth + 1)
            else:
                yield member


def iter_inputs(
    inputs: Iterable[str | os.PathLike[str]],
    limits: Limits | None = None,
    *,
    exclude: str | os.PathLike[str] | None = None,
) -> Iterator[InputItem]:
    """Every input under ``inputs``: files, folders (recursively, sorted) and zip archives.

    Hidden files are passed over, and so is everything under ``exclude`` (the output folder,
    when it lies inside an input folder).
    """
    limits = limits or Limits()
    skip = Path(exclude).resolve() if exclude is not None else None
    for raw in inputs:
        path = Path(raw)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for f in files:
            if f != path and (f.name.startswith(".") or (skip and skip in f.resolve().parents)):
                continue
            item = InputItem(str(f), str(f))
            if f.suffix.lower() == ".zip" and f.is_file():
                try:
                    data = f.read_bytes()
                except OSError:
                    yield item
                    continue
                yield from _zip_members(item, data, limits, 1)
            else:
                yield item


_UNSAFE = regex.compile(r"[^A-Za-z0-9._-]+")
_KEY_PARTS = regex.compile(r"[\\/!]+")


def output_name(key: str) -> str:
    """A flat, safe file name for an input's report, unique to its key.

    Example: ``"a.zip!/../2016/report.pdf"`` -> ``"a.zip_2016_report.pdf.<8 hex>.json"``: the
    last path parts, made safe, and a hash of the whole key, so two inputs never collide.
    """
    parts = [p for p in _KEY_PARTS.split(key) if p not in ("", ".", "..")]
    stem = _UNSAFE.sub("_", "_".join(parts[-3:])).strip("._")[:120] or "input"
    digest = hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{stem}.{digest}.json"


@dataclass(frozen=True)
class _Result:
    key: str
    sha256: str
    report_json: str | None
    error: str | None
    message: str | None
    warnings: bool


def _convert_one(
    item: InputItem, data: bytes | None, limits: Limits, pdf_backend: PdfBackend = "pdfplumber"
) -> _Result:
    """Parse one input (in a worker); never raises for a bad input."""
    key = item.key
    if item.error is not None:
        return _Result(key, "", None, "ArchiveBombError", item.error, False)
    try:
        body = data if data is not None else item.read()
    except (OSError, zipfile.BadZipFile, ValueError, RuntimeError, EOFError, zlib.error) as exc:
        return _Result(key, "", None, "FileReadError", f"cannot read the input: {exc}", False)
    digest = hashlib.sha256(body).hexdigest()
    try:
        report = parse_bytes(body, filename=key, limits=limits, pdf_backend=pdf_backend)
    except CopParseError as exc:
        return _Result(key, digest, None, type(exc).__name__, exc.message, False)
    except Exception as exc:  # a bug of ours: keep the batch going and record it
        return _Result(
            key, digest, None, f"InternalError.{type(exc).__name__}", str(exc) or repr(exc), False
        )
    warnings = any(d.severity is not Severity.INFO for d in report.diagnostics)
    return _Result(key, digest, report.model_dump_json(), None, None, warnings)


def _atomic_write(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """The complete records of a JSON Lines file; a torn last line is passed over."""
    if not path.exists():
        return
    with path.open(encoding="utf-8") as f:
        for line in f:
            try:
                yield json.loads(line)
            except json.JSONDecodeError:
                continue


def _compact_jsonl(path: Path, key: Callable[[dict[str, Any]], str]) -> None:
    """Keep the last complete record of each key, streaming: memory stays one line deep."""
    if not path.exists():
        return
    last: dict[str, int] = {}
    for i, rec in enumerate(_read_jsonl(path)):
        last[key(rec)] = i
    keep = set(last.values())
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            for i, rec in enumerate(_read_jsonl(path)):
                if i in keep:
                    out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _report_key(rec: dict[str, Any]) -> str:
    return str(rec["source"]["path"])


@dataclass
class _Store:
    """The records in an output folder, and how to add to them."""

    out: Path
    jsonl: bool

    def __post_init__(self) -> None:
        self.out.mkdir(parents=True, exist_ok=True)
        self.reports: dict[str, dict[str, Any]] = {}  # key -> sha256, schema_version, meetings
        self.errors: dict[str, dict[str, Any]] = {}
        if self.jsonl:
            _compact_jsonl(self.out / REPORTS_JSONL, _report_key)  # drops torn lines
            for rec in _read_jsonl(self.out / REPORTS_JSONL):
                self.reports[_report_key(rec)] = _meta(rec)
        else:
            for f in sorted(self.out.glob("*.json")):
                if f.name == SUMMARY_JSON:
                    continue
                try:
                    rec = json.loads(f.read_text("utf-8"))
                    self.reports[_report_key(rec)] = _meta(rec)
                except (OSError, ValueError, KeyError, TypeError):
                    continue
        for err in _read_jsonl(self.out / ERRORS_JSONL):
            if err.get("input") not in self.reports:
                self.errors[err["input"]] = err
        self._write_errors()

    def _write_errors(self) -> None:
        if self.errors or (self.out / ERRORS_JSONL).exists():
            # Sorted, so the file does not depend on which worker finished first.
            lines = "".join(
                json.dumps(self.errors[k], ensure_ascii=False) + "\n" for k in sorted(self.errors)
            )
            _atomic_write(self.out / ERRORS_JSONL, lines)

    def current(self, key: str, sha256: str) -> str | None:
        """The kind of the input's current record: "report", "error", or None if stale."""
        for kind, rec in (("report", self.reports.get(key)), ("error", self.errors.get(key))):
            if rec and rec.get("sha256") == sha256 and rec.get("schema_version") == SCHEMA_VERSION:
                return kind
        return None

    def add(self, result: _Result) -> Path:
        if result.report_json is not None:
            self.errors.pop(result.key, None)
            self.reports[result.key] = _meta(json.loads(result.report_json))
            if self.jsonl:
                self._append(self.out / REPORTS_JSONL, result.report_json)
                return self.out / REPORTS_JSONL
            path = self.out / output_name(result.key)
            _atomic_write(path, result.report_json + "\n")
            return path
        if self.reports.pop(result.key, None) is not None and not self.jsonl:
            (self.out / output_name(result.key)).unlink(missing_ok=True)
        entry = {"input": result.key, "error": result.error, "message": result.message,
                 "sha256": result.sha256, "schema_version": SCHEMA_VERSION}  # fmt: skip
        self.errors[result.key] = entry
        self._append(self.out / ERRORS_JSONL, json.dumps(entry, ensure_ascii=False))
        return self.out / ERRORS_JSONL

    def _append(self, path: Path, line: str) -> None:
        # One write of a whole line: a run killed mid-batch leaves at most a torn last line,
        # which the next run passes over and redoes.
        with path.open("a", encoding="utf-8") as f:
            f.write(line + "\n")

    def finish(self) -> None:
        if self.jsonl:
            _compact_jsonl(self.out / REPORTS_JSONL, _report_key)
        self._write_errors()


def _meta(rec: dict[str, Any]) -> dict[str, Any]:
    return {
        "sha256": rec["source"]["sha256"],
        "schema_version": rec.get("schema_version"),
        "meetings": [(m["number"], m.get("start_date")) for m in rec.get("meetings", [])],
    }


def archive_checks(reports: dict[str, Sequence[tuple[int, str | None]]]) -> list[Diagnostic]:
    """Checks across an archive: ``{input: [(meeting number, ISO start date), ...]}``.

    Finds two reports claiming one meeting with different dates, meetings whose dates go
    backwards as their numbers go up (a wrong year, as in the 13th meeting's report), and gaps
    in the sequence of meeting numbers.
    """
    by_number: dict[int, dict[str, str | None]] = {}
    for key, meetings in sorted(reports.items()):
        for number, date in meetings:
            by_number.setdefault(number, {})[key] = date
    out = []
    for number, claims in sorted(by_number.items()):
        if len({d for d in claims.values() if d}) > 1:
            listed = "; ".join(f"{k}: {d}" for k, d in sorted(claims.items()))
            out.append(
                _warn(
                    "archive-meeting-date-conflict",
                    f"meeting {number} has different dates: {listed}",
                )
            )
    dated = sorted(
        (n, min(d for d in c.values() if d)) for n, c in by_number.items() if any(c.values())
    )
    for (n1, d1), (n2, d2) in itertools.pairwise(dated):
        if d2 < d1:
            out.append(
                _warn(
                    "archive-meeting-dates-backwards",
                    f"meeting {n2} is dated {d2}, before"
                    f" meeting {n1} on {d1}: one of the two dates is likely wrong",
                )
            )
    numbers = sorted(by_number)
    missing = sorted(set(range(numbers[0], numbers[-1] + 1)) - set(numbers)) if numbers else []
    if missing:
        out.append(
            Diagnostic(
                code="archive-meeting-gap",
                severity=Severity.INFO,
                message=f"no report covers meeting(s) {missing} between {numbers[0]} and"
                f" {numbers[-1]}",
            )
        )
    return out


def _warn(code: str, message: str) -> Diagnostic:
    return Diagnostic(code=code, severity=Severity.WARNING, message=message)


def _default_pool(workers: int | None) -> cf.Executor:
    # Not fork: the caller may run threads (a Dask client, a GUI), and forking those deadlocks.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    return cf.ProcessPoolExecutor(max_workers=workers or os.cpu_count() or 1, mp_context=context)


def convert(
    inputs: Iterable[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    *,
    workers: int | None = None,
    executor: cf.Executor | None = None,
    jsonl: bool = False,
    resume: bool = True,
    limits: Limits | None = None,
    pdf_backend: PdfBackend = "pdfplumber",
    on_progress: Callable[[Progress], None] | None = None,
) -> BatchSummary:
    """Convert every report under ``inputs`` into ``out_dir``.

    Args:
        inputs: Files, folders (searched recursively) and .zip archives.
        out_dir: Where the records go: one JSON file per report (or reports.jsonl), errors.jsonl
            and summary.json.
        workers: Processes of the default pool (default: the CPU count).
        executor: Any ``concurrent.futures.Executor`` instead of the default process pool, for
            example a Dask client's ``get_executor()``.
        jsonl: Write reports as lines of reports.jsonl instead of one file each.
        resume: Skip inputs whose record is current (same input sha256 and schema version).
        limits: Limits against hostile files, for every input.
        pdf_backend: "pdfplumber" or "pdfium" (faster, the same reports).
        on_progress: Called after each input with a :class:`Progress`.
    """
    started = time.monotonic()
    limits = limits or Limits()
    store = _Store(Path(out_dir), jsonl)
    items = list(iter_inputs(inputs, limits, exclude=out_dir))
    total = len(items)
    ok = warned = failed = skipped = skipped_failed = 0
    written: set[str] = set()
    interrupted = False
    own = executor is None
    pool: cf.Executor = executor or _default_pool(workers)

    def progress() -> None:
        if on_progress is not None:
            on_progress(Progress(done=ok + failed + skipped, total=total, ok=ok, failed=failed,
                                 skipped=skipped, elapsed=time.monotonic() - started))  # fmt: skip

    # At most this many inputs are read and in flight at once, so memory stays bounded.
    window = 4 * (workers or os.cpu_count() or 1)
    pending: dict[cf.Future[_Result], InputItem] = {}
    queue = iter(items)
    try:
        while True:
            while len(pending) < window:
                item = next(queue, None)
                if item is None:
                    break
                data = None
                if resume and item.error is None:
                    try:
                        data = item.read()
                    except (
                        OSError,
                        zipfile.BadZipFile,
                        ValueError,
                        RuntimeError,
                        EOFError,
                        zlib.error,
                    ):
                        data = None
                    kind = (
                        store.current(item.key, hashlib.sha256(data).hexdigest())
                        if data is not None
                        else None
                    )
                    if kind is not None:
                        skipped += 1
                        skipped_failed += kind == "error"
                        progress()
                        continue
                pending[pool.submit(_convert_one, item, data, limits, pdf_backend)] = item
            if not pending:
                break
            done, _ = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
            for future in done:
                item = pending.pop(future)
                try:
                    result = future.result()
                except Exception as exc:  # the worker itself died
                    result = _Result(
                        item.key,
                        "",
                        None,
                        f"WorkerError.{type(exc).__name__}",
                        str(exc) or repr(exc),
                        False,
                    )
                written.add(str(store.add(result)))
                if result.report_json is not None:
                    ok += 1
                    warned += result.warnings
                else:
                    failed += 1
                progress()
    except KeyboardInterrupt:
        interrupted = True
        for future in pending:
            future.cancel()
    finally:
        if own:
            pool.shutdown(wait=not interrupted, cancel_futures=True)
        store.finish()
    checks = archive_checks({k: v["meetings"] for k, v in store.reports.items()})
    summary = BatchSummary(
        total=total, ok=ok, with_warnings=warned, failed=failed, skipped=skipped,
        skipped_failed=skipped_failed,
        seconds=round(time.monotonic() - started, 3), interrupted=interrupted,
        outputs=sorted(written), archive_diagnostics=checks,
    )  # fmt: skip
    _atomic_write(store.out / SUMMARY_JSON, summary.model_dump_json(indent=2) + "\n")
    if interrupted:
        raise KeyboardInterrupt
    return summary
