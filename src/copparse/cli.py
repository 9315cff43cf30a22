"""The ``copparse`` command: a thin layer over the public API.

argparse, deliberately: it meets every convention the command keeps (``-`` for standard input,
option groups shared by every command that reads inputs, each subcommand's own usage on a bad
option, help with examples and exit codes) with no dependency, and it starts in a few
milliseconds, which matters to a command that shell loops start once per file.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from copparse._version import __version__
from copparse.errors import CopParseError
from copparse.limits import Limits

if TYPE_CHECKING:
    from copparse.batch import LoadedInput, Progress
    from copparse.models import Report

# Each command imports what only it needs when it runs: `copparse parse` is started once per
# file by shell loops, and batch, tables and schema would add ~15 ms to every start.

__all__ = ["main"]

# As copparse.loaders.PDF_BACKENDS (a test keeps them equal): importing the loaders would load
# the models, a third of a second before even a usage error could be reported.
PDF_BACKENDS = ("pdfium", "pdfplumber")

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_SOME_FAILED, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
STDIN = "-"

_EXIT_CODES = """exit codes:
  0    success: every input gave a report
  1    an error: an input could not be parsed, or the output could not be written
  2    bad usage: an unknown option, a missing input, an output that is not usable
  3    (convert, tables, overview) some inputs failed; the others were written
  130  interrupted (Ctrl-C); run the same command again to finish"""

# The limits' names in messages, as the command line spells them.
_FLAG_NAMES = {
    "Limits.max_bytes": "--max-bytes",
    "Limits.max_pages": "--max-pages",
    "Limits.max_seconds": "--timeout",
    "Limits.max_unpacked_bytes": "--max-unpacked-bytes",
    "pass password='...'": "pass --password",
    "password=": "--password",
}


def _for_cli(message: str) -> str:
    """A library message, with each Python argument it names replaced by its flag."""
    for name, flag in _FLAG_NAMES.items():
        message = message.replace(name, flag)
    return message


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


class _UsageError(Exception):
    """Bad usage found after parsing (a missing input, an output that is a file)."""


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def _indent(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 0 <= value <= 16:
        raise argparse.ArgumentTypeError(f"must be from 0 to 16, not {value}")
    return value


def _size(text: str) -> int:
    """Bytes, with an optional K, M or G suffix (powers of 1024): ``200M``."""
    units = {"K": 1024, "M": 1024**2, "G": 1024**3}
    number, unit = (text[:-1], units[text[-1].upper()]) if text[-1:].upper() in units else (text, 1)
    try:
        value = int(float(number) * unit)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 200M)") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be positive, not {text}")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be positive, not {text}")
    return value


def _reading_options() -> _Parser:
    """The options of every command that reads report files."""
    parent = _Parser(add_help=False)
    g = parent.add_argument_group("reading the inputs")
    g.add_argument("--password", metavar="PW", help="the password of encrypted PDFs")
    g.add_argument(
        "--pdf-backend",
        choices=PDF_BACKENDS,
        default="pdfium",
        help="pdfium (default, fast) or pdfplumber (the same report, about 20 times slower)",
    )
    d = Limits()
    g.add_argument(
        "--max-pages",
        type=_positive_int,
        metavar="N",
        default=d.max_pages,
        help=f"most pages read from one PDF (default {d.max_pages})",
    )
    g.add_argument(
        "--max-bytes",
        type=_size,
        metavar="SIZE",
        default=d.max_bytes,
        help=f"largest input file, e.g. 200M (default {d.max_bytes // 1024**2}M)",
    )
    g.add_argument(
        "--max-unpacked-bytes",
        type=_size,
        metavar="SIZE",
        default=d.max_unpacked_bytes,
        help=f"most a DOCX may inflate to (default {d.max_unpacked_bytes // 1024**2}M)",
    )
    g.add_argument(
        "--timeout",
        type=_seconds,
        metavar="S",
        default=d.max_seconds,
        help=f"seconds allowed for reading one document (default {d.max_seconds:g})",
    )
    return parent


def _talk_options() -> _Parser:
    parent = _Parser(add_help=False)
    g = parent.add_argument_group("messages").add_mutually_exclusive_group()
    g.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    g.add_argument("-v", "--verbose", action="store_true", help="a line per input")
    return parent


def _limits(args: argparse.Namespace) -> Limits:
    return Limits(
        max_bytes=args.max_bytes,
        max_pages=args.max_pages,
        max_unpacked_bytes=args.max_unpacked_bytes,
        max_seconds=args.timeout,
    )


_EXAMPLES = {
    "parse": """examples:
  copparse parse report.pdf --no-text | head
  copparse parse a.docx b.txt -o reports.jsonl     # several: JSON Lines, one report a line
  curl -s https://example.org/report.pdf | copparse parse - --no-text""",
    "convert": """examples:
  copparse convert reports/ archive.zip -o out/
  find reports -name '*.pdf' | copparse convert - -o out/ --jsonl   # '-': paths on stdin""",
    "tables": """examples:
  copparse tables out/ -o tables/ --format parquet
  copparse tables reports/ archive.zip -o tables/    # raw inputs are parsed here""",
    "review": """examples:
  copparse review report.pdf -o review/report.html
  copparse review out/report.pdf.1a2b3c4d.json -o report.html   # a converted report""",
    "overview": """examples:
  copparse overview out/ -o site/overview.html""",
    "schema": """examples:
  copparse schema > report.schema.json""",
    "accuracy": """examples:
  copparse accuracy tests/fixtures --json""",
}


def _parser() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    fmt = argparse.RawDescriptionHelpFormatter
    parser = _Parser(
        prog="copparse",
        description="Parse ITU CWG-COP meeting reports into typed JSON.",
        epilog=f"examples:\n  copparse parse report.pdf --no-text | head\n"
        f"  copparse convert reports/ -o out/ && copparse tables out/ -o tables/\n\n"
        f"{_EXIT_CODES}\n\n'copparse COMMAND --help' describes each command.",
        formatter_class=fmt,
    )
    parser.add_argument("--version", action="version", version=f"copparse {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    reading, talk = _reading_options(), _talk_options()

    def command(name: str, text: str, *, reads: bool = True) -> argparse.ArgumentParser:
        parents = [reading, talk] if reads else []
        return sub.add_parser(
            name,
            help=text,
            description=text,
            parents=parents,
            epilog=f"{_EXAMPLES[name]}\n\n{_EXIT_CODES}",
            formatter_class=fmt,
        )

    p = command("parse", "parse reports and print them as JSON")
    p.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="PDF, Word (.docx) or text files; '-' reads standard input",
    )
    p.add_argument("-o", "--out", metavar="FILE", help="write to FILE, not standard output")
    p.add_argument(
        "--indent",
        type=_indent,
        default=2,
        metavar="N",
        help="JSON indent, 0 for one line (default 2; several files: one a line)",
    )
    p.add_argument("--strict", action="store_true", help="fail on error-level diagnostics")
    p.add_argument("--no-text", action="store_true", help="leave the normalised text out")

    c = command("convert", "convert folders, files and zip archives of reports")
    c.add_argument(
        "inputs",
        nargs="+",
        metavar="IN",
        help="files, folders or .zip archives; '-' reads their paths, one a line,"
        " from standard input",
    )
    c.add_argument("-o", "--out", required=True, metavar="OUT", help="the output folder")
    c.add_argument("--jsonl", action="store_true", help="write reports.jsonl, not a file each")
    c.add_argument(
        "--workers", type=_positive_int, metavar="N", help="worker processes (default: CPUs)"
    )
    c.add_argument("--force", action="store_true", help="redo inputs whose record is current")
    c.add_argument(
        "--strict",
        action="store_true",
        help="record reports with error-level diagnostics as failures",
    )

    t = command("tables", "flat tables (CSV or Parquet) of converted reports")
    t.add_argument(
        "inputs",
        nargs="+",
        metavar="IN",
        help="convert outputs, report JSON, or report files, folders and zips",
    )
    t.add_argument("-o", "--out", required=True, metavar="DIR", help="the output folder")
    t.add_argument("--format", choices=["csv", "parquet"], default="csv")

    r = command("review", "write an HTML page showing what was extracted where")
    r.add_argument(
        "file",
        metavar="FILE",
        help="a report file, a converted report's JSON, or '-' (standard input)",
    )
    r.add_argument("-o", "--out", required=True, metavar="HTML", help="the page to write")

    o = command("overview", "write an HTML overview of many reports")
    o.add_argument("inputs", nargs="+", metavar="IN", help="convert outputs, or report files")
    o.add_argument("-o", "--out", required=True, metavar="HTML", help="the page to write")

    command("schema", "print the JSON Schema of the report", reads=False)

    a = command("accuracy", "score the parser against golden JSON fixtures", reads=False)
    a.add_argument(
        "directory", help="a folder of <id>.txt, <id>.pdf or <id>.docx files with <id>.json goldens"
    )
    a.add_argument("--json", action="store_true", help="print the scores as JSON")
    return parser, dict(sub.choices)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (see ``copparse --help``)."""
    parser, commands = _parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if not argv:
            parser.print_help(sys.stderr)
            return EXIT_USAGE
        args, extra = parser.parse_known_args(argv)
        if args.command is None:
            parser.error("name a command")
        if extra:  # the subcommand's own usage, not the top-level one
            commands[args.command].error(f"unrecognized arguments: {' '.join(extra)}")
    except SystemExit as exc:  # argparse exits 2 on bad usage and 0 on --help / --version
        return int(exc.code or 0)
    try:
        code = _run(args)
        sys.stdout.flush()
        return code
    except _UsageError as exc:
        commands[args.command].print_usage(sys.stderr)
        _error(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        _say("copparse: interrupted; run the same command again to finish")
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `copparse parse ... | head`: the reader has what it wanted
        _silence_stdout()
        return 141
    except CopParseError as exc:
        _error(str(exc))
        return EXIT_ERROR
    except OSError as exc:
        _silence_stdout()
        where = f" {exc.filename}" if exc.filename else ""
        _error(f"cannot write the output{where}: {exc.strerror or exc}")
        return EXIT_ERROR
    except Exception as exc:  # a bug of ours: one line still, and the way to see more
        if os.environ.get("COPPARSE_TRACEBACK"):
            raise
        _say(
            f"copparse: internal error: {type(exc).__name__}: {exc} (a bug: please report it"
            " with the input; COPPARSE_TRACEBACK=1 shows where it happened)"
        )
        return EXIT_ERROR


def _silence_stdout() -> None:
    # What is left in the buffer cannot be written: drop it, so the exit adds no traceback.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _error(message: str) -> None:
    _say(f"copparse: error: {_for_cli(message)}")


def _run(args: argparse.Namespace) -> int:
    if args.command == "schema":
        from copparse.schema import report_schema_json

        sys.stdout.write(report_schema_json())
        return EXIT_OK
    if args.command == "accuracy":
        from copparse.accuracy import main as accuracy_main

        _inputs([args.directory], stdin_lists_paths=False)
        return accuracy_main(args.directory, as_json=args.json)
    runners = {
        "parse": _parse,
        "convert": _convert,
        "tables": _tables,
        "review": _review,
        "overview": _overview,
    }
    return runners[args.command](args)


def _inputs(names: Sequence[str], *, stdin_lists_paths: bool) -> list[str]:
    """The inputs named, ``-`` expanded; bad usage if one does not exist."""
    out: list[str] = []
    for name in names:
        if name == STDIN and stdin_lists_paths:
            out.extend(line.rstrip("\r\n") for line in sys.stdin if line.strip())
        else:
            out.append(name)
    missing = [i for i in out if i != STDIN and not os.path.lexists(i)]
    if missing:
        raise _UsageError(f"no such input: {', '.join(missing)}")
    return out


def _output_file(name: str) -> Path:
    out = Path(name)
    if out.is_dir():
        raise _UsageError(f"-o {name} is a folder; name the file to write")
    out.parent.mkdir(parents=True, exist_ok=True)
    return out


def _write_file(path: Path, text: str) -> None:
    """Write through a temporary file and a rename: never a half file; the umask holds."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("x", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _parse_one(name: str, args: argparse.Namespace) -> Report:
    from copparse.api import parse_bytes, parse_file

    options = {
        "password": args.password,
        "limits": _limits(args),
        "pdf_backend": args.pdf_backend,
        "strict": args.strict,
    }
    if name == STDIN:
        return parse_bytes(sys.stdin.buffer.read(), filename="<stdin>", **options)
    return parse_file(name, **options)


def _parse(args: argparse.Namespace) -> int:
    names = _inputs(args.files, stdin_lists_paths=False)
    if names.count(STDIN) > 1:
        raise _UsageError("'-' (standard input) can be read once only")
    out = _output_file(args.out) if args.out else None
    several = len(names) > 1
    exclude = {"text"} if args.no_text else None
    chunks: list[str] = []
    failed = 0
    for name in names:
        try:
            report = _parse_one(name, args)
            if several:
                text = report.model_dump_json(exclude=exclude)
            else:
                text = report.model_dump_json(indent=args.indent or None, exclude=exclude)
        except CopParseError as exc:
            failed += 1
            _error(str(exc))
            continue
        if args.verbose:
            _say(f"copparse: ok: {name} ({len(report.diagnostics)} diagnostics)")
        if out is None:
            sys.stdout.write(text + "\n")
        else:
            chunks.append(text + "\n")
    if out is not None and (chunks or not failed):
        _write_file(out, "".join(chunks))
    return EXIT_ERROR if failed else EXIT_OK


class _ProgressPrinter:
    """A bar on a terminal; a line every few seconds elsewhere (a log, a CI job).

    With ``verbose``, a line per input instead; with ``quiet``, nothing.
    """

    def __init__(self, stream: TextIO, *, quiet: bool, verbose: bool) -> None:
        self.stream, self.quiet, self.verbose = stream, quiet, verbose
        self.tty = stream.isatty()
        self.last = 0.0

    def __call__(self, p: Progress) -> None:
        if self.quiet:
            return
        if self.verbose:
            status = "ok, with warnings" if p.last_status == "warnings" else p.last_status
            line = f"copparse: {status}: {p.last_input}"
            if p.last_message:
                line += f": {_for_cli(p.last_message)}"
            self.stream.write(line + "\n")
            self.stream.flush()
            return
        rate = p.done / p.elapsed if p.elapsed > 0 else 0.0
        eta = (p.total - p.done) / rate if rate > 0 else 0.0
        counts = f"{p.done}/{p.total} ({p.failed} failed, {p.skipped} skipped)"
        if self.tty:
            width = 30
            filled = width * p.done // max(p.total, 1)
            bar = "#" * filled + "-" * (width - filled)
            self.stream.write(f"\r[{bar}] {counts} {rate:.1f}/s ETA {eta:.0f}s ")
            if p.done == p.total:
                self.stream.write("\n")
        elif p.done == p.total or time.monotonic() - self.last >= 5.0:
            self.last = time.monotonic()
            self.stream.write(f"copparse: {counts}, {rate:.1f}/s, ETA {eta:.0f}s\n")
        self.stream.flush()


def _output_folder(name: str) -> Path:
    out = Path(name)
    if out.exists() and not out.is_dir():
        raise _UsageError(f"-o {name} is a file; name a folder (it is created if missing)")
    return out


def _convert(args: argparse.Namespace) -> int:
    inputs = _inputs(args.inputs, stdin_lists_paths=True)
    if not inputs:
        raise _UsageError("no inputs: standard input named none")
    out = _output_folder(args.out)
    from copparse.isolation import start_forkserver

    # The workers' forkserver imports and warms up while this process imports and lists.
    start_forkserver()
    from copparse.batch import SUMMARY_JSON, convert  # after the checks: they answer at once

    summary = convert(
        inputs,
        out,
        workers=args.workers,
        jsonl=args.jsonl,
        resume=not args.force,
        limits=_limits(args),
        pdf_backend=args.pdf_backend,
        password=args.password,
        strict=args.strict,
        on_progress=_ProgressPrinter(sys.stderr, quiet=args.quiet, verbose=args.verbose),
    )
    # 3 while any input has no report: failed now, or failed before and unchanged since.
    failing = summary.failed + summary.skipped_failed
    if not args.quiet:
        _say(
            f"copparse: {summary.ok} converted ({summary.with_warnings} with warnings),"
            f" {summary.failed} failed, {summary.skipped} skipped"
            f" ({summary.skipped_failed} of them failed before) of {summary.total}"
            f" in {summary.seconds:.1f}s; see {out / SUMMARY_JSON}"
        )
        for d in summary.archive_diagnostics:
            _say(f"copparse: {d.severity.value}: {d.code}: {d.message}")
    elif failing:
        _say(
            f"copparse: {failing} of {summary.total} inputs have no report;"
            f" see {out / 'errors.jsonl'}"
        )
    if summary.total == 0:
        _say("copparse: warning: no input files found")
    return EXIT_SOME_FAILED if failing else EXIT_OK


def _load(args: argparse.Namespace, names: Sequence[str]) -> Iterator[LoadedInput]:
    """The inputs' records, each failure said (in full with -v) as it comes."""
    from copparse.batch import load_inputs

    for loaded in load_inputs(
        names, limits=_limits(args), password=args.password, pdf_backend=args.pdf_backend
    ):
        rec = loaded.record
        if rec.status == "failed" and not args.quiet:
            _say(f"copparse: failed: {rec.input}: {rec.error}: {_for_cli(rec.message or '')}")
        elif args.verbose:
            _say(f"copparse: ok: {rec.input}")
        yield loaded


def _unique(loaded: Sequence[LoadedInput]) -> list[Report]:
    """One report per content (sha256), the first found: the rule of every command."""
    seen: set[str] = set()
    out = []
    for item in loaded:
        if item.report is not None and item.report.source.sha256 not in seen:
            seen.add(item.report.source.sha256)
            out.append(item.report)
    return out


def _ending(kind: str, loaded: Sequence[LoadedInput], reports: int, quiet: bool) -> int:
    failed = sum(item.record.status == "failed" for item in loaded)
    if reports == 0:
        _say(f"copparse: warning: no report found in the inputs ({failed} failed)")
    if failed and quiet:
        _say(f"copparse: {failed} of {len(loaded)} inputs failed; the others are in the {kind}")
    return EXIT_SOME_FAILED if failed else EXIT_OK


def _tables(args: argparse.Namespace) -> int:
    names = _inputs(args.inputs, stdin_lists_paths=True)
    out = _output_folder(args.out)
    from copparse.tabular import tables, write_tables

    loaded = list(_load(args, names))
    data = tables(
        (i.report for i in loaded if i.report is not None), inputs=[i.record for i in loaded]
    )
    paths = write_tables(data, out, fmt=args.format)
    if not args.quiet:
        counts = ", ".join(f"{name} {len(rows)}" for name, rows in data.items())
        _say(f"copparse: wrote {len(paths)} tables to {out} ({counts})")
    return _ending("tables", loaded, len(data["reports"]), args.quiet)


def _review(args: argparse.Namespace) -> int:
    [name] = _inputs([args.file], stdin_lists_paths=False)
    out = _output_file(args.out)
    from copparse.batch import read_report_record
    from copparse.review import render_review

    if name == STDIN:
        data = sys.stdin.buffer.read()
        report = read_report_record(data) or _parse_stdin(data, args)
    else:
        report = _read_report(name, args)
    _write_file(out, render_review(report))
    if not args.quiet:
        _say(f"copparse: wrote {out}")
    return EXIT_OK


def _parse_stdin(data: bytes, args: argparse.Namespace) -> Report:
    from copparse.api import parse_bytes

    return parse_bytes(
        data,
        filename="<stdin>",
        password=args.password,
        limits=_limits(args),
        pdf_backend=args.pdf_backend,
    )


def _read_report(name: str, args: argparse.Namespace) -> Report:
    """A converted report's JSON as it is; any other file parsed."""
    from copparse.api import parse_file
    from copparse.batch import read_report_record

    path = Path(name)
    if path.suffix.lower() == ".json" and path.is_file():
        head = path.read_bytes()
        report = read_report_record(head)
        if report is not None:
            return report
    return parse_file(
        path, password=args.password, limits=_limits(args), pdf_backend=args.pdf_backend
    )


def _overview(args: argparse.Namespace) -> int:
    names = _inputs(args.inputs, stdin_lists_paths=True)
    out = _output_file(args.out)
    from copparse.batch import archive_checks, output_name
    from copparse.review import render_overview, render_review
    from copparse.tabular import Failure

    loaded = list(_load(args, names))
    entries = []
    for report in _unique(loaded):
        key = report.source.path or report.source.sha256
        page = output_name(key).removesuffix(".json") + ".review.html"
        _write_file(out.parent / page, render_review(report))
        entries.append((report, page))
    checks = archive_checks(
        {
            (r.source.path or r.source.sha256): [
                (m.number, m.start_date.isoformat() if m.start_date else None) for m in r.meetings
            ]
            for r, _ in entries
        }
    )
    failures = [  # the Failed section: the same records that set the exit code
        Failure(i.record.input, i.record.error or "", i.record.message or "")
        for i in loaded
        if i.record.status == "failed"
    ]
    _write_file(out, render_overview(entries, checks, failures))
    if not args.quiet:
        _say(f"copparse: wrote {out} and {len(entries)} review pages beside it")
    return _ending("overview", loaded, len(entries), args.quiet)
