"""Batch conversion of report archives: folders and zip files in, one record per input out.

Every input gives exactly one record: a report (one JSON file, or one line of reports.jsonl)
or an error (one line of errors.jsonl), and one line of manifest.jsonl says which. Workers only
parse; the calling process reads every input (each archive opened once) and does all the
writing, each file through a temporary file and a rename, so an interrupted run leaves no half
file and a re-run picks up where it stopped. One output folder takes one run at a time.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import hashlib
import io
import itertools
import json
import multiprocessing
import os
import signal
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from copparse import patterncache
from copparse.api import parse_bytes, printable_path
from copparse.errors import BatchError, CopParseError
from copparse.limits import Limits
from copparse.loaders import PdfBackend
from copparse.models import SCHEMA_VERSION, Diagnostic, Report, Severity

try:  # POSIX; on Windows an output folder is not locked
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "INPUT_COLUMNS",
    "BatchSummary",
    "InputItem",
    "InputRecord",
    "LoadedInput",
    "Progress",
    "archive_checks",
    "convert",
    "input_key",
    "input_rows",
    "iter_inputs",
    "load_inputs",
    "read_report_record",
]

REPORTS_JSONL = "reports.jsonl"
ERRORS_JSONL = "errors.jsonl"
SUMMARY_JSON = "summary.json"
MANIFEST_JSONL = "manifest.jsonl"
_RECORD_FILES = (REPORTS_JSONL, ERRORS_JSONL, SUMMARY_JSON, MANIFEST_JSONL)
_MAX_ZIP_DEPTH = 3
# What reading one input may raise besides OSError: a damaged or rewritten archive raises
# BadZipFile, KeyError, zlib.error, lzma.LZMAError, NotImplementedError (an unsupported
# compression), RuntimeError (an encrypted member), EOFError; a huge one MemoryError.
_READ_ERRORS = Exception


def input_key(path: str | os.PathLike[str], members: Sequence[str] = ()) -> str:
    r"""The name an input has in every record: its resolved path, then ``!/member`` per zip.

    Resolved (absolute, symlinks followed), so a run from another folder, or the same file
    named twice (``convert a a``, ``a`` and ``./a``), is the same input. A name that is not
    UTF-8 is given as :func:`~copparse.printable_path` gives it (``caf\xe9``), as in the
    report's ``source.path``, so every record can be written as JSON.
    """
    return "!/".join([printable_path(str(Path(path).resolve())), *members])


@dataclass(frozen=True)
class InputItem:
    """One input: a file, or a member of a zip archive (read in memory, never extracted).

    Attributes:
        key: The input's name in records: its resolved path, or ``/…/archive.zip!/member``;
            a second member of the same name in one archive is ``…!/member#2``.
        path: The file on disk (the archive, for a member).
        members: The member names from the archive down, for a member of a (nested) zip.
        error: Why the input cannot be read at all, found while listing it.
        indexes: Each member's position in its archive's listing (names can repeat).
        size: The input's size in bytes where known before reading it.
    """

    key: str
    path: str
    members: tuple[str, ...] = ()
    error: str | None = None
    indexes: tuple[int, ...] = ()
    size: int | None = None

    def read(self) -> bytes:
        """The input's bytes (a member is read from its archive now, not when listed)."""
        with _Archives() as archives:
            return archives.read(self)


class _Archives:
    """Open zip archives, kept open while their members are read: one open per archive.

    Members are listed archive by archive, so only the archives on the current member's path
    stay open (an inner zip is held in memory, bounded by ``Limits.max_bytes``).
    """

    def __init__(self) -> None:
        self._open: dict[tuple[str, tuple[int, ...]], zipfile.ZipFile] = {}
        self._stamps: dict[str, tuple[int, int]] = {}

    def changed(self, item: InputItem) -> bool:
        """Whether the archive of ``item`` is no longer the file it was when opened."""
        stamp = self._stamps.get(item.path)
        return stamp is not None and stamp != _stamp(item.path)

    def __enter__(self) -> _Archives:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for zf in self._open.values():
            zf.close()
        self._open.clear()

    def _zip(self, path: str, prefix: tuple[int, ...], opener: Callable[[], Any]) -> Any:
        key = (path, prefix)
        zf = self._open.get(key)
        if zf is None:
            stale = [k for k in self._open if k[0] != path or prefix[: len(k[1])] != k[1]]
            for other in stale:
                self._open.pop(other).close()
            zf = zipfile.ZipFile(opener())
            self._open[key] = zf
        return zf

    def read(self, item: InputItem) -> bytes:
        if not item.members:
            return Path(item.path).read_bytes()
        if item.path not in self._stamps:
            self._stamps[item.path] = _stamp(item.path)
        zf = self._zip(item.path, (), lambda: item.path)
        for depth, name in enumerate(item.members):
            if item.indexes:
                infos = zf.infolist()
                index = item.indexes[depth]
                info = infos[index] if index < len(infos) else None
                if info is None or info.filename != name:
                    raise KeyError(f"no member {name!r}: the archive changed during the run")
            else:
                info = zf.getinfo(name)
            if depth == len(item.members) - 1:
                data: bytes = zf.read(info)
                return data
            inner = zf.read(info)
            zf = self._zip(item.path, item.indexes[: depth + 1], lambda b=inner: io.BytesIO(b))  # type: ignore[misc]
        raise AssertionError("unreachable")  # pragma: no cover


def _stamp(path: str) -> tuple[int, int]:
    try:
        st = os.stat(path)
    except OSError:
        return (-1, -1)
    return (st.st_mtime_ns, st.st_size)


class Progress(BaseModel):
    """Where a batch run stands, as passed to ``on_progress``."""

    model_config = ConfigDict(frozen=True)

    done: int
    total: int
    ok: int
    failed: int
    skipped: int
    elapsed: float
    last_input: Annotated[str | None, Field(description="The input just finished.")] = None
    last_status: Annotated[
        Literal["ok", "warnings", "failed", "skipped"] | None,
        Field(description="How it ended."),
    ] = None
    last_message: Annotated[str | None, Field(description="Its error, if it failed.")] = None


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


class InputRecord(BaseModel):
    """One input and what became of it: a line of manifest.jsonl, a row of the inputs table."""

    model_config = ConfigDict(frozen=True)

    input: Annotated[str, Field(description="The input's key (see input_key).")]
    sha256: Annotated[str, Field(description="Of its bytes; empty when it was never read.")]
    status: Literal["ok", "failed"]
    output: Annotated[
        str | None, Field(description="The file holding its record, in the output folder.")
    ] = None
    error: Annotated[str | None, Field(description="The error class, when it failed.")] = None
    message: str | None = None
    schema_version: str = SCHEMA_VERSION


# The columns of the ``inputs`` table, one row per input (see input_rows).
INPUT_COLUMNS: tuple[str, ...] = ("path", "sha256", "status", "error", "message", "report_id")


def input_rows(records: Iterable[InputRecord]) -> list[dict[str, str | int | float | bool | None]]:
    """The ``inputs`` table: one row per input, ``report_id`` set where it gave a report."""
    return [
        {"path": r.input, "sha256": r.sha256 or None, "status": r.status, "error": r.error,
         "message": r.message, "report_id": r.sha256 if r.status == "ok" else None}
        for r in records
    ]  # fmt: skip


def _zip_members(
    item: InputItem, zf: zipfile.ZipFile, limits: Limits, depth: int
) -> Iterator[InputItem]:
    if "word/document.xml" in zf.namelist():  # a .docx is a zip too
        yield item
        return
    used: set[str] = set()
    infos = sorted(enumerate(zf.infolist()), key=lambda p: (p[1].filename, p[0]))
    for index, info in infos:
        if info.is_dir():
            continue
        key = f"{item.key}!/{info.filename}"
        n = 1
        while key in used:  # the same name twice in one archive: both are inputs
            n += 1
            key = f"{item.key}!/{info.filename}#{n}"
        used.add(key)
        member = InputItem(key, item.path, (*item.members, info.filename),
                           indexes=(*item.indexes, index), size=info.file_size)  # fmt: skip
        if info.file_size > limits.max_bytes:
            yield InputItem(member.key, member.path, member.members,
                            f"the member inflates to {info.file_size:,} bytes, more than"
                            f" Limits.max_bytes ({limits.max_bytes:,})",
                            member.indexes, member.size)  # fmt: skip
        elif info.filename.lower().endswith(".zip") and depth < _MAX_ZIP_DEPTH:
            try:
                inner = zipfile.ZipFile(io.BytesIO(zf.read(info)))
            except _READ_ERRORS:
                yield member  # the read records what is wrong with it
                continue
            with inner:
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
    when it lies inside an input folder). An input named twice (``a`` and ``./a``, or a file
    and the folder holding it) is listed once.
    """
    limits = limits or Limits()
    skip = Path(exclude).resolve() if exclude is not None else None
    seen: set[str] = set()
    for raw in inputs:
        path = Path(raw)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for f in files:
            if f != path and (f.name.startswith(".") or (skip and skip in f.resolve().parents)):
                continue
            key = input_key(f)
            if key in seen:
                continue
            seen.add(key)
            try:
                size: int | None = f.stat().st_size
            except OSError:
                size = None
            item = InputItem(key, str(f), size=size)
            if f.suffix.lower() == ".zip" and f.is_file():
                try:
                    zf = zipfile.ZipFile(f)
                except _READ_ERRORS:
                    yield item  # the parser will say what is wrong with it
                    continue
                with zf:
                    members = list(_zip_members(item, zf, limits, 1))
                yield from members
            else:
                yield item


_UNSAFE = patterncache.compile(r"[^A-Za-z0-9._-]+")
_KEY_PARTS = patterncache.compile(r"[\\/!]+")


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
    meta: dict[str, Any] | None = None  # _meta of the report, read from the Report object


def _read_error(item: InputItem, exc: BaseException, *, changed: bool = False) -> _Result:
    if isinstance(exc, MemoryError):
        what = f"not enough memory to read it ({item.size or 0:,} bytes)"
    elif changed:
        what = (
            "the archive changed during the run (it was rewritten after its members were"
            " listed); run again"
        )
    elif isinstance(exc, KeyError) and item.members:
        what = f"{exc.args[0] if exc.args else exc} (was the archive changed during the run?)"
    else:
        what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return _Result(item.key, "", None, "FileReadError", f"cannot read the input: {what}", False)


def _too_large(item: InputItem, limits: Limits) -> _Result | None:
    if item.error is not None:
        return _Result(item.key, "", None, "ArchiveBombError", item.error, False)
    if item.size is not None and item.size > limits.max_bytes:
        return _Result(item.key, "", None, "InputTooLargeError",
                       f"the input has {item.size:,} bytes, more than the limit of"
                       f" {limits.max_bytes:,} (raise Limits.max_bytes)", False)  # fmt: skip
    return None


def _convert_one(
    item: InputItem,
    data: bytes | None,
    limits: Limits,
    pdf_backend: PdfBackend = "pdfium",
    password: str | None = None,
    strict: bool = False,
    isolate: bool = False,
) -> _Result:
    """Parse one input (in a worker); never raises for a bad input.

    With ``isolate`` (the default pool's workers), each input is read in a child of the worker
    with its memory capped and its time bounded from outside, so one hostile file costs a
    ResourceLimitError record instead of the worker.
    """
    key = item.key
    refused = _too_large(item, limits)
    if refused is not None:
        return refused
    try:
        body = data if data is not None else item.read()
    except _READ_ERRORS as exc:
        return _read_error(item, exc)
    digest = hashlib.sha256(body).hexdigest()
    try:
        if isolate:
            report_json, (warnings, meta) = _parse_isolated(
                body, key, limits, pdf_backend, password, strict
            )
        else:
            report = parse_bytes(
                body,
                filename=key,
                limits=limits,
                pdf_backend=pdf_backend,
                password=password,
                strict=strict,
            )
            report_json = report.model_dump_json()
            warnings, meta = _facts(report)
    except CopParseError as exc:
        return _Result(key, digest, None, type(exc).__name__, exc.message, False)
    except Exception as exc:  # a bug of ours: keep the batch going and record it
        return _Result(
            key, digest, None, f"InternalError.{type(exc).__name__}", str(exc) or repr(exc), False
        )
    return _Result(key, digest, report_json, None, None, warnings, meta)


def _facts(report: Report) -> tuple[bool, dict[str, Any]]:
    """Whether ``report`` has warnings (or errors), and its ``_meta``, read from the Report.

    The same values as ``_meta(json.loads(report.model_dump_json()))`` (tests hold them equal
    on every fixture), without the calling process parsing each report's JSON again.
    """
    warnings = any(d.severity is not Severity.INFO for d in report.diagnostics)
    meta = {
        "sha256": report.source.sha256,
        "schema_version": report.schema_version,
        "errors": sum(1 for d in report.diagnostics if d.severity is Severity.ERROR),
        "meetings": [
            (m.number, m.start_date.isoformat() if m.start_date is not None else None)
            for m in report.meetings
        ],
    }
    return warnings, meta


def _parse_isolated(
    data: bytes,
    key: str,
    limits: Limits,
    pdf_backend: PdfBackend,
    password: str | None,
    strict: bool,
) -> tuple[str, tuple[bool, dict[str, Any]]]:
    """``parse_bytes(isolate=True)`` then ``model_dump_json()``: the JSON as the child sent it.

    ``parse_bytes`` validates the child's JSON back into a Report, which would be dumped again
    here: the same text (tests hold it on every fixture), at about 2 ms a 20-page report in
    the worker while its child waited for the next input. The child sends ``_facts`` too; only
    a strict run's report with errors is validated, for the diagnostics its
    IncompleteReportError lists (as ``parse_bytes`` raises it).
    """
    from copparse.api import _isolated_outcome, _raise_if_incomplete

    filename = printable_path(key)
    outcome = _isolated_outcome(data, filename, password, limits, pdf_backend, then=_facts)
    assert outcome.report_json is not None and outcome.facts is not None
    facts: tuple[bool, dict[str, Any]] = outcome.facts
    if strict and facts[1]["errors"]:
        _raise_if_incomplete(Report.model_validate_json(outcome.report_json), filename)
    return outcome.report_json, facts


def _file_mode() -> int:
    """The mode a new file gets (0o666 less the umask), as ``open()`` would give it."""
    umask = os.umask(0o022)  # reading the umask means setting it; set it straight back
    os.umask(umask)
    return 0o666 & ~umask


def _atomic_write(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp makes the file 0600; the record is for colleagues and web servers too.
        os.fchmod(fd, _file_mode())
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """The complete records of a JSON Lines file; a torn line is passed over.

    Read as bytes and decoded line by line: a line torn inside a multi-byte character spoils
    that line only.
    """
    if not path.exists():
        return
    with path.open("rb") as f:
        for raw in f:
            try:
                rec = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                continue
            if isinstance(rec, dict):
                yield rec


def _compact_jsonl(path: Path, key: Callable[[dict[str, Any]], str | None]) -> None:
    """Keep the last complete record of each key, streaming: memory stays one line deep."""
    if not path.exists():
        return
    last: dict[str | None, int] = {}
    for i, rec in enumerate(_read_jsonl(path)):
        last[key(rec)] = i
    keep = {i for k, i in last.items() if k is not None}
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, _file_mode())
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            for i, rec in enumerate(_read_jsonl(path)):
                if i in keep:
                    out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _report_key(rec: dict[str, Any]) -> str | None:
    try:
        key = rec["source"]["path"]
    except (KeyError, TypeError):
        return None
    return _current_key(key) if isinstance(key, str) else None


def _current_key(key: str) -> str:
    """Records written before keys were resolved paths hold the path as given: resolve it."""
    head, sep, rest = key.partition("!/")
    if Path(head).is_absolute():
        return key
    return input_key(head) + sep + rest


def _lock(out: Path) -> int | None:
    """Lock the output folder for this run; refuse if another run holds it."""
    if fcntl is None:  # pragma: no cover
        return None
    fd = os.open(out, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise BatchError(
            "another copparse convert is writing to this folder; wait for it to finish, or"
            " give this run another output folder",
            source=str(out),
        ) from None
    return fd


@dataclass
class _Store:
    """The records in an output folder, and how to add to them."""

    out: Path
    jsonl: bool
    reports: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: dict[str, dict[str, Any]] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)  # key -> the JSON file of its report
    lock: int | None = None

    def __post_init__(self) -> None:
        if self.out.exists() and not self.out.is_dir():
            raise BatchError("the output is a file, not a folder", source=str(self.out))
        try:
            self.out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BatchError(
                f"cannot create the output folder: {exc.strerror or exc}", source=str(self.out)
            ) from exc
        self.lock = _lock(self.out)
        try:
            self._load()
        except BaseException:
            self.release()
            raise

    def _load(self) -> None:
        if self.jsonl:
            _compact_jsonl(self.out / REPORTS_JSONL, _report_key)  # drops torn lines
            for rec in _read_jsonl(self.out / REPORTS_JSONL):
                key = _report_key(rec)
                if key is not None:
                    self.reports[key] = _meta(rec)
        else:
            for f in sorted(self.out.glob("*.json")):
                if f.name == SUMMARY_JSON:
                    continue
                try:
                    rec = json.loads(f.read_bytes().decode("utf-8"))
                    key = _report_key(rec)
                    if key is None:
                        continue
                    self.reports[key] = _meta(rec)
                    self.files[key] = f
                except (OSError, ValueError, KeyError, TypeError):
                    continue
        for err in _read_jsonl(self.out / ERRORS_JSONL):
            key = err.get("input")
            if isinstance(key, str) and _current_key(key) not in self.reports:
                self.errors[_current_key(key)] = {**err, "input": _current_key(key)}
        self._write_errors()

    def release(self) -> None:
        if self.lock is not None:
            os.close(self.lock)  # closing the descriptor drops the lock
            self.lock = None

    def _write_errors(self) -> None:
        if self.errors or (self.out / ERRORS_JSONL).exists():
            # Sorted, so the file does not depend on which worker finished first.
            lines = "".join(
                json.dumps(self.errors[k], ensure_ascii=False) + "\n" for k in sorted(self.errors)
            )
            _atomic_write(self.out / ERRORS_JSONL, lines)

    def current(self, key: str, sha256: str, strict: bool = False) -> str | None:
        """The kind of the input's current record: "report", "error", or None if stale.

        A record made under the other ``strict`` setting is stale when the setting changes
        its outcome: a report with error-level diagnostics in a strict run, a strict run's
        IncompleteReportError in a lenient one.
        """
        for kind, rec in (("report", self.reports.get(key)), ("error", self.errors.get(key))):
            if rec and rec.get("sha256") == sha256 and rec.get("schema_version") == SCHEMA_VERSION:
                if kind == "report" and strict and rec.get("errors", 0):
                    return None
                if kind == "error" and not strict and rec.get("error") == _INCOMPLETE:
                    return None
                return kind
        return None

    def add(self, result: _Result) -> Path:
        if result.report_json is not None:
            self.errors.pop(result.key, None)
            self.reports[result.key] = (
                result.meta if result.meta is not None else _meta(json.loads(result.report_json))
            )
            if self.jsonl:
                self._append(self.out / REPORTS_JSONL, result.report_json)
                return self.out / REPORTS_JSONL
            path = self.out / output_name(result.key)
            _atomic_write(path, result.report_json + "\n")
            old = self.files.get(result.key)
            if old is not None and old != path:
                old.unlink(missing_ok=True)
            self.files[result.key] = path
            return path
        if self.reports.pop(result.key, None) is not None and not self.jsonl:
            self.files.pop(result.key, self.out / output_name(result.key)).unlink(missing_ok=True)
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

    def manifest(self) -> list[InputRecord]:
        """Every input the folder holds a record of, sorted."""
        out = []
        for key in sorted(self.reports.keys() | self.errors.keys()):
            if key in self.reports:
                rep = self.reports[key]
                where = REPORTS_JSONL if self.jsonl else self.files.get(key, Path("")).name
                out.append(InputRecord(input=key, sha256=rep["sha256"], status="ok",
                                       output=where or None,
                                       schema_version=rep.get("schema_version") or ""))  # fmt: skip
            else:
                err = self.errors[key]
                out.append(InputRecord(input=key, sha256=err.get("sha256") or "",
                                       status="failed", output=ERRORS_JSONL,
                                       error=err.get("error"), message=err.get("message"),
                                       schema_version=err.get("schema_version") or ""))  # fmt: skip
        return out

    def finish(self) -> None:
        if self.jsonl:
            _compact_jsonl(self.out / REPORTS_JSONL, _report_key)
        self._write_errors()
        lines = "".join(r.model_dump_json() + "\n" for r in self.manifest())
        _atomic_write(self.out / MANIFEST_JSONL, lines)


_INCOMPLETE = "IncompleteReportError"


def _meta(rec: dict[str, Any]) -> dict[str, Any]:
    return {
        "sha256": rec["source"]["sha256"],
        "schema_version": rec.get("schema_version"),
        "errors": sum(
            1
            for d in rec.get("diagnostics", [])
            if isinstance(d, dict) and d.get("severity") == Severity.ERROR.value
        ),
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


def _worker_init() -> None:
    # Ctrl-C reaches the whole process group: the parent stops the run, the workers must not
    # die mid-task printing a traceback each.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A worker reads its inputs one after another: in one kept child, not a child each.
    from copparse.isolation import keep_readers

    keep_readers()


def _default_pool(workers: int | None) -> cf.ProcessPoolExecutor:
    # Not fork: the caller may run threads (a Dask client, a GUI), and forking those deadlocks.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    from copparse.isolation import start_forkserver

    start_forkserver()  # its workers start warm (a no-op where it runs already)
    return cf.ProcessPoolExecutor(
        max_workers=workers or os.cpu_count() or 1, mp_context=context, initializer=_worker_init
    )


@contextlib.contextmanager
def _ctrl_c_held(own: bool) -> Iterator[None]:
    """A Ctrl-C that comes while the default pool starts a worker is raised once it has.

    A submit can wait for the forkserver to fork a worker (while it warms up, the first time).
    Interrupted there, this process would leave, and the worker forked after it would die
    reading what was sent to it, with a traceback. Only in the main thread, and only where
    Ctrl-C is Python's own KeyboardInterrupt (a caller's handler is left alone).
    """
    if (
        not own
        or threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGINT) is not signal.default_int_handler
    ):
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt


def _pool_starts(pool: cf.Executor) -> bool:
    """Whether ``pool`` can run anything at all (a script without a main guard cannot)."""
    try:
        pool.submit(os.getpid).result()
    except cf.BrokenExecutor:
        return False
    return True


_CANNOT_START = (
    "the worker processes could not start; when convert() is called from a script, put the"
    ' call under `if __name__ == "__main__":` (each worker imports the script), or pass'
    " executor= a pool of your own"
)


def _killed(item: InputItem, digest: str) -> _Result:
    return _Result(
        item.key, digest, None, "ResourceLimitError",
        "the worker process parsing this input died (killed for memory, or a crash in a PDF"
        " library); the other inputs were redone in a new worker", False,
    )  # fmt: skip


def convert(
    inputs: Iterable[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    *,
    workers: int | None = None,
    executor: cf.Executor | None = None,
    jsonl: bool = False,
    resume: bool = True,
    limits: Limits | None = None,
    pdf_backend: PdfBackend = "pdfium",
    password: str | None = None,
    strict: bool = False,
    on_progress: Callable[[Progress], None] | None = None,
) -> BatchSummary:
    """Convert every report under ``inputs`` into ``out_dir``.

    Args:
        inputs: Files, folders (searched recursively) and .zip archives.
        out_dir: Where the records go: one JSON file per report (or reports.jsonl),
            errors.jsonl, manifest.jsonl and summary.json.
        workers: Processes of the default pool (default: the CPU count).
        executor: Any ``concurrent.futures.Executor`` instead of the default process pool, for
            example a Dask client's ``get_executor()``.
        jsonl: Write reports as lines of reports.jsonl instead of one file each.
        resume: Skip inputs whose record is current (same input sha256 and schema version).
        limits: Limits against hostile files, for every input.
        pdf_backend: "pdfium" (the default) or "pdfplumber" (the same reports, slower).
        password: Tried on every encrypted PDF.
        strict: Record a report with error-level diagnostics as a failure
            (``IncompleteReportError`` in errors.jsonl) instead of writing it.
        on_progress: Called after each input with a :class:`Progress`.

    Raises:
        BatchError: the run cannot go on at all: another run holds ``out_dir``, the output
            cannot be written (a full disk), or the worker processes cannot start. What was
            done is kept, and summary.json written where the disk allows.
    """
    started = time.monotonic()
    limits = limits or Limits()
    try:
        store = _Store(Path(out_dir), jsonl)
    except OSError as exc:
        raise BatchError(
            f"cannot use the output folder: {exc.strerror or exc}", source=str(out_dir)
        ) from exc
    try:
        return _run(
            store, inputs, started=started, workers=workers, executor=executor, resume=resume,
            limits=limits, pdf_backend=pdf_backend, password=password, strict=strict,
            on_progress=on_progress,
        )  # fmt: skip
    finally:
        store.release()


def _run(
    store: _Store,
    inputs: Iterable[str | os.PathLike[str]],
    *,
    started: float,
    workers: int | None,
    executor: cf.Executor | None,
    resume: bool,
    limits: Limits,
    pdf_backend: PdfBackend,
    password: str | None,
    strict: bool,
    on_progress: Callable[[Progress], None] | None,
) -> BatchSummary:
    items = list(iter_inputs(inputs, limits, exclude=store.out))
    total = len(items)
    ok = warned = failed = skipped = skipped_failed = 0
    written: set[str] = set()
    interrupted = False
    fatal: BatchError | None = None
    own = executor is None
    pool: cf.Executor = executor or _default_pool(workers)
    completed_any = False

    def progress(item: InputItem, status: Any, message: str | None = None) -> None:
        if on_progress is not None:
            on_progress(Progress(done=ok + failed + skipped, total=total, ok=ok, failed=failed,
                                 skipped=skipped, elapsed=time.monotonic() - started,
                                 last_input=item.key, last_status=status,
                                 last_message=message))  # fmt: skip

    def record(item: InputItem, result: _Result) -> None:
        nonlocal ok, warned, failed
        try:
            written.add(str(store.add(result)))
        except OSError as exc:
            raise BatchError(
                f"cannot write the output: {exc.strerror or exc}; the records written so far"
                " are kept, and the same command resumes once there is room",
                source=str(store.out),
            ) from exc
        if result.report_json is not None:
            ok += 1
            warned += result.warnings
            progress(item, "warnings" if result.warnings else "ok")
        else:
            failed += 1
            progress(item, "failed", f"{result.error}: {result.message}")

    def submit(item: InputItem, data: bytes) -> cf.Future[_Result]:
        # The default pool's workers read each input isolated (capped memory, a deadline kept
        # from outside); a pool of the caller's own runs the parse in its workers as given.
        with _ctrl_c_held(own):
            return pool.submit(_convert_one, item, data, limits, pdf_backend, password, strict, own)

    def new_pool() -> None:
        nonlocal pool
        pool.shutdown(wait=False, cancel_futures=True)
        pool = _default_pool(workers)

    def isolate(suspects: list[tuple[InputItem, bytes, str]]) -> None:
        """Redo the inputs that were in flight when a worker died, one at a time."""
        for item, data, digest in suspects:
            try:
                result = submit(item, data).result()
            except cf.BrokenExecutor:
                result = _killed(item, digest)
                new_pool()
            record(item, result)

    # At most this many inputs are read and in flight at once, so memory stays bounded.
    window = 4 * (workers or os.cpu_count() or 1)
    pending: dict[cf.Future[_Result], tuple[InputItem, bytes, str]] = {}
    queue = iter(items)
    archives = _Archives()
    try:
        while True:
            while len(pending) < window:
                item = next(queue, None)
                if item is None:
                    break
                refused = _too_large(item, limits)
                if refused is not None:  # told from the listing: never read, never hashed
                    record(item, refused)
                    continue
                try:
                    data = archives.read(item)
                except _READ_ERRORS as exc:
                    record(item, _read_error(item, exc, changed=archives.changed(item)))
                    continue
                digest = hashlib.sha256(data).hexdigest()
                kind = store.current(item.key, digest, strict) if resume else None
                if kind is not None:
                    skipped += 1
                    skipped_failed += kind == "error"
                    progress(item, "skipped")
                    continue
                pending[submit(item, data)] = (item, data, digest)
            if not pending:
                break
            done, _ = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
            broken = False
            for future in done:
                item, data, digest = pending[future]
                try:
                    result = future.result()
                except cf.BrokenExecutor as exc:
                    if not own:
                        raise BatchError(
                            f"the executor cannot run the work: {exc}; {_CANNOT_START}"
                            if not completed_any
                            else f"the executor broke: {exc}"
                        ) from exc
                    broken = True
                    continue
                except Exception as exc:  # the executor failed this task (a Dask worker lost)
                    result = _Result(item.key, digest, None, f"WorkerError.{type(exc).__name__}",
                                     str(exc) or repr(exc), False)  # fmt: skip
                completed_any = True
                del pending[future]
                record(item, result)
            if broken:
                # A worker died: every input in flight failed with it. Start a new pool and
                # redo them one at a time, so only the one that kills a worker is recorded so.
                suspects = list(pending.values())
                pending.clear()
                new_pool()
                if not completed_any:
                    if not _pool_starts(pool):
                        raise BatchError(_CANNOT_START)
                    completed_any = True
                isolate(suspects)
    except KeyboardInterrupt:
        interrupted = True
        for future in pending:
            future.cancel()
    except BatchError as exc:
        fatal = exc
    finally:
        archives.close()
        if own:
            # Taken before shutdown, which forgets them: on Ctrl-C or a fatal error the task
            # in hand is not waited for.
            procs = list((getattr(pool, "_processes", None) or {}).values())
            manager = getattr(pool, "_executor_manager_thread", None)
            pool.shutdown(wait=False, cancel_futures=True)
            if interrupted or fatal is not None:
                for proc in procs:
                    with contextlib.suppress(Exception):
                        proc.terminate()
            # Python 3.11's exit hook wakes the pool's manager thread while that thread may be
            # closing its pipe, and prints an OSError traceback (fixed in 3.12): let the thread
            # finish first, after a finished run too (seen there under load). It does at once:
            # its workers are gone or idle, and leave on the shutdown sentinel.
            if isinstance(manager, threading.Thread):
                manager.join(timeout=10)
    checks = archive_checks({k: v["meetings"] for k, v in store.reports.items()})
    summary = BatchSummary(
        total=total, ok=ok, with_warnings=warned, failed=failed, skipped=skipped,
        skipped_failed=skipped_failed,
        seconds=round(time.monotonic() - started, 3), interrupted=interrupted,
        outputs=sorted(written), archive_diagnostics=checks,
    )  # fmt: skip
    try:
        store.finish()
        _atomic_write(store.out / SUMMARY_JSON, summary.model_dump_json(indent=2) + "\n")
    except OSError as exc:
        if fatal is None:
            fatal = BatchError(
                f"cannot write the output: {exc.strerror or exc}", source=str(store.out)
            )
    if fatal is not None:
        raise fatal
    if interrupted:
        raise KeyboardInterrupt
    return summary


@dataclass(frozen=True)
class LoadedInput:
    """One input read for ``tables``, ``overview`` or ``review``: its record, and its report."""

    record: InputRecord
    report: Report | None


def read_report_record(data: bytes) -> Report | None:
    """The report in ``data`` if it is a copparse report JSON (``schema_name``), else None.

    Raises:
        CopParseError: it is copparse JSON that does not validate (another schema version's
            record, or a damaged file).
    """
    head = data[:200].lstrip()
    if not head.startswith(b"{") or b"schema_name" not in data[:4096]:
        return None
    try:
        obj = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(obj, dict) or obj.get("schema_name") != "copparse.report":
        return None
    try:
        return Report.model_validate(obj)
    except ValidationError as exc:
        raise CopParseError(
            f"a copparse report record that does not validate (schema version"
            f" {obj.get('schema_version')!r}, this copparse writes {SCHEMA_VERSION}): convert the"
            f" input again ({exc.error_count()} errors, first: {exc.errors()[0]['msg']})"
        ) from exc


def _is_convert_output(folder: Path) -> bool:
    return any((folder / name).is_file() for name in _RECORD_FILES)


def _failed(key: str, digest: str, error: str, message: str) -> LoadedInput:
    return LoadedInput(InputRecord(input=key, sha256=digest, status="failed", error=error,
                                   message=message), None)  # fmt: skip


def _ok(key: str, report: Report, output: str | None = None) -> LoadedInput:
    return LoadedInput(
        InputRecord(input=key, sha256=report.source.sha256, status="ok", output=output), report
    )


def _from_output_folder(folder: Path) -> Iterator[LoadedInput]:
    """The records of a ``convert`` output folder: its reports and its errors."""
    for f in sorted(folder.iterdir()):
        if f.name in _RECORD_FILES or f.name.startswith(".") or not f.is_file():
            continue
        if f.suffix == ".json":
            yield from _from_record_file(f)
    yield from _from_record_file(folder / REPORTS_JSONL)
    for err in _read_jsonl(folder / ERRORS_JSONL):
        yield _failed(str(err.get("input")), str(err.get("sha256") or ""),
                      str(err.get("error")), str(err.get("message")))  # fmt: skip


def _from_record_file(f: Path) -> Iterator[LoadedInput]:
    key = input_key(f)
    if not f.exists():
        return
    try:
        data = f.read_bytes()
    except OSError as exc:
        yield _failed(key, "", "FileReadError", f"cannot read the file: {exc.strerror or exc}")
        return
    lines = data.splitlines() if f.suffix == ".jsonl" else [data]
    for i, line in enumerate(lines, 1):
        where = f"{key}:{i}" if f.suffix == ".jsonl" else key
        if not line.strip():
            continue
        try:
            report = read_report_record(line)
        except CopParseError as exc:
            yield _failed(where, "", "FileReadError", exc.message)
            continue
        if report is not None:
            yield _ok(report.source.path or where, report, f.name)
        elif f.suffix == ".jsonl" and b'"error"' in line:
            try:
                err = json.loads(line.decode("utf-8"))
                yield _failed(str(err["input"]), str(err.get("sha256") or ""),
                              str(err["error"]), str(err.get("message")))  # fmt: skip
            except (UnicodeDecodeError, ValueError, KeyError, TypeError):
                yield _failed(where, "", "FileReadError", "a torn or damaged record line")
        else:
            yield _failed(where, "", "NotACopReportError",
                          "JSON that is not a copparse report record (give the convert output"
                          " folder, or its report files)")  # fmt: skip


def load_inputs(
    inputs: Iterable[str | os.PathLike[str]],
    *,
    limits: Limits | None = None,
    password: str | None = None,
    pdf_backend: PdfBackend = "pdfium",
) -> Iterator[LoadedInput]:
    """Every input as a record and, where it has one, a report; never stops at a bad one.

    ``convert`` output folders (they hold summary.json, manifest.jsonl, errors.jsonl or
    reports.jsonl) give their records, errors included; report JSON files and reports.jsonl
    named on their own give their reports; every other file, folder or zip archive is listed
    as ``convert`` lists it and parsed here, in this process.
    """
    seen: set[str] = set()
    for loaded in _load_inputs(inputs, limits or Limits(), password, pdf_backend):
        if loaded.record.input not in seen:  # one input named twice is one input
            seen.add(loaded.record.input)
            yield loaded


def _load_inputs(
    inputs: Iterable[str | os.PathLike[str]],
    limits: Limits,
    password: str | None,
    pdf_backend: PdfBackend,
) -> Iterator[LoadedInput]:
    raw: list[str | os.PathLike[str]] = []
    for entry in inputs:
        path = Path(entry)
        if path.is_dir() and _is_convert_output(path):
            yield from _from_output_folder(path)
        elif path.is_file() and path.suffix in (".json", ".jsonl"):
            yield from _from_record_file(path)
        else:
            raw.append(entry)
    with _Archives() as archives:
        for item in iter_inputs(raw, limits):
            refused = _too_large(item, limits)
            if refused is not None:
                yield _failed(item.key, "", str(refused.error), str(refused.message))
                continue
            try:
                data = archives.read(item)
            except _READ_ERRORS as exc:
                res = _read_error(item, exc, changed=archives.changed(item))
                yield _failed(item.key, "", str(res.error), str(res.message))
                continue
            digest = hashlib.sha256(data).hexdigest()
            try:
                report = read_report_record(data) or parse_bytes(
                    data, filename=item.key, limits=limits, pdf_backend=pdf_backend,
                    password=password,
                )  # fmt: skip
            except CopParseError as exc:
                yield _failed(item.key, digest, type(exc).__name__, exc.message)
                continue
            yield _ok(item.key, report)
