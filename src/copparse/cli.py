"""The ``copparse`` command: a thin layer over the public API."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from copparse._version import __version__
from copparse.api import parse_file
from copparse.errors import CopParseError
from copparse.schema import report_schema_json

__all__ = ["main"]


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
        sys.stdout.write(report_schema_json())
        return 0
    if args.command == "accuracy":
        from copparse.accuracy import main as accuracy_main

        return accuracy_main(args.directory, as_json=args.json)
    try:
        report = parse_file(args.file, password=args.password, strict=args.strict)
    except CopParseError as exc:
        print(f"copparse: error: {exc}", file=sys.stderr)
        return 1
    exclude = {"text"} if args.no_text else None
    sys.stdout.write(report.model_dump_json(indent=args.indent or None, exclude=exclude) + "\n")
    return 0
