"""The ``copparse`` command: a thin layer over the public API."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from copparse._version import __version__
from copparse.api import parse_file
from copparse.errors import CopParseError
from copparse.loaders import PDF_BACKENDS

if TYPE_CHECKING:
    from copparse.batch import Progress

# Each command imports what only it needs when it runs: `copparse parse` is started once per
# file by shell loops, and batch, tables and schema would add ~15 ms to every start.

__all__ = ["main"]


def _pdf_backend(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--pdf-backend",
        choices=PDF_BACKENDS,
        default="pdfplumber",
        help="pdfplumber (default) or pdfium (faster, the same report)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="copparse", description="Parse ITU CWG-COP meeting reports into typed JSON."
    )
    parser.add_argument("--version", action="version", version=f"copparse {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("parse", help="parse one report and print it as JSON")
    p.add_argument("file", help="the report file: PDF, Word (.docx) or text")
    p.add_argument("--indent", type=int, default=2, metavar="N", help="JSON indent (default 2)")
    p.add_argument("--strict", action="store_true", help="fail on error-level diagnostics")
    p.add_argument("--no-text", action="store_true", help="leave the normalised text out")
    p.add_argument("--password", metavar="PW", help="the password of an encrypted PDF")
    _pdf_backend(p)

    c = sub.add_parser("convert", help="convert folders, files and zip archives of reports")
    c.add_argument("inputs", nargs="+", metavar="IN", help="files, folders or .zip archives")
    c.add_argument("-o", "--out", required=True, metavar="OUT", help="the output folder")
    c.add_argument("--jsonl", action="store_true", help="write reports.jsonl, not a file each")
    c.add_argument("--workers", type=int, metavar="N", help="worker processes (default: CPUs)")
    c.add_argument("--force", action="store_true", help="redo inputs whose record is current")
    c.add_argument("--quiet", action="store_true", help="no progress, only the summary line")
    _pdf_backend(c)

    t = sub.add_parser("tables", help="flat tables (CSV or Parquet) of converted reports")
    t.add_argument("inputs", nargs="+", metavar="IN", help="convert outputs, or report files")
    t.add_argument("-o", "--out", required=True, metavar="DIR", help="the output folder")
    t.add_argument("--format", choices=["csv", "parquet"], default="csv")

    r = sub.add_parser("review", help="write an HTML page showing what was extracted where")
    r.add_argument("file", help="the report file: PDF, Word (.docx) or text")
    r.add_argument("-o", "--out", required=True, metavar="HTML", help="the page to write")
    _pdf_backend(r)

    o = sub.add_parser("overview", help="write an HTML overview of many reports")
    o.add_argument("inputs", nargs="+", metavar="IN", help="report files, or convert outputs")
    o.add_argument("-o", "--out", required=True, metavar="HTML", help="the page to write")

    sub.add_parser("schema", help="print the JSON Schema of the report")

    a = sub.add_parser("accuracy", help="score the parser against golden JSON fixtures")
    a.add_argument("directory", help="a folder of <id>.txt files with <id>.json goldens")
    a.add_argument("--json", action="store_true", help="print the scores as JSON")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 1 parse error, 2 bad usage)."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage and 0 on --help / --version
        return int(exc.code or 0)
    if args.command == "schema":
        from copparse.schema import report_schema_json

        sys.stdout.write(report_schema_json())
        return 0
    if args.command == "convert":
        return _convert(args)
    if args.command == "tables":
        return _tables(args)
    if args.command == "review":
        return _review(args)
    if args.command == "overview":
        return _overview(args)
    if args.command == "accuracy":
        from copparse.accuracy import main as accuracy_main

        return accuracy_main(args.directory, as_json=args.json)
    try:
        report = parse_file(
            args.file, password=args.password, pdf_backend=args.pdf_backend, strict=args.strict
        )
    except CopParseError as exc:
        print(f"copparse: error: {exc}", file=sys.stderr)
        return 1
    exclude = {"text"} if args.no_text else None
    sys.stdout.write(report.model_dump_json(indent=args.indent or None, exclude=exclude) + "\n")
    return 0


class _ProgressPrinter:
    """A bar on a terminal; a line every few seconds elsewhere (a log, a CI job)."""

    def __init__(self, stream: TextIO, *, quiet: bool) -> None:
        self.stream, self.quiet = stream, quiet
        self.tty = stream.isatty()
        self.last = 0.0

    def __call__(self, p: Progress) -> None:
        if self.quiet:
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


def _convert(args: argparse.Namespace) -> int:
    from copparse.batch import convert

    if args.workers is not None and args.workers < 1:
        print("copparse: error: --workers must be 1 or more", file=sys.stderr)
        return 2
    missing = [i for i in args.inputs if not Path(i).exists()]
    if missing:
        print(f"copparse: error: no such input: {', '.join(missing)}", file=sys.stderr)
        return 2
    try:
        summary = convert(
            args.inputs,
            args.out,
            workers=args.workers,
            jsonl=args.jsonl,
            resume=not args.force,
            pdf_backend=args.pdf_backend,
            on_progress=_ProgressPrinter(sys.stderr, quiet=args.quiet),
        )
    except KeyboardInterrupt:
        print("copparse: interrupted; run the same command again to finish", file=sys.stderr)
        return 130
    print(
        f"copparse: {summary.ok} converted ({summary.with_warnings} with warnings),"
        f" {summary.failed} failed, {summary.skipped} skipped"
        f" ({summary.skipped_failed} of them failed before) of {summary.total}"
        f" in {summary.seconds:.1f}s; see {Path(args.out) / 'summary.json'}",
        file=sys.stderr,
    )
    for d in summary.archive_diagnostics:
        print(f"copparse: {d.severity.value}: {d.code}: {d.message}", file=sys.stderr)
    # 3 while any input has no report: failed now, or failed before and unchanged since.
    return 3 if summary.failed or summary.skipped_failed else 0


def _tables(args: argparse.Namespace) -> int:
    from copparse.tabular import load_reports, tables, write_tables

    try:
        data = tables(load_reports(args.inputs))
        paths = write_tables(data, args.out, fmt=args.format)
    except CopParseError as exc:
        print(f"copparse: error: {exc}", file=sys.stderr)
        return 1
    except (OSError, ValueError) as exc:
        print(f"copparse: error: cannot read the inputs: {exc}", file=sys.stderr)
        return 1
    counts = ", ".join(f"{name} {len(rows)}" for name, rows in data.items())
    print(f"copparse: wrote {len(paths)} tables to {args.out} ({counts})", file=sys.stderr)
    return 0


def _review(args: argparse.Namespace) -> int:
    from copparse.review import render_review

    try:
        report = parse_file(args.file, pdf_backend=args.pdf_backend)
    except CopParseError as exc:
        print(f"copparse: error: {exc}", file=sys.stderr)
        return 1
    Path(args.out).write_text(render_review(report), encoding="utf-8")
    print(f"copparse: wrote {args.out}", file=sys.stderr)
    return 0


def _overview(args: argparse.Namespace) -> int:
    from copparse.batch import archive_checks, output_name
    from copparse.review import render_overview, render_review
    from copparse.tabular import load_reports

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    entries = []
    try:
        for report in load_reports(args.inputs):
            key = report.source.path or report.source.sha256
            page = output_name(key).removesuffix(".json") + ".review.html"
            (out.parent / page).write_text(render_review(report), encoding="utf-8")
            entries.append((report, page))
    except CopParseError as exc:
        print(f"copparse: error: {exc}", file=sys.stderr)
        return 1
    checks = archive_checks(
        {
            (r.source.path or r.source.sha256): [
                (m.number, m.start_date.isoformat() if m.start_date else None) for m in r.meetings
            ]
            for r, _ in entries
        }
    )
    out.write_text(render_overview(entries, checks), encoding="utf-8")
    print(f"copparse: wrote {out} and {len(entries)} review pages beside it", file=sys.stderr)
    return 0
