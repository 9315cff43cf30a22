"""copparse's benchmark: every performance target of the project, measured side by side.

    python benchmarks/run.py                 # about two minutes
    python benchmarks/run.py --repeat 3      # quicker, noisier
    python benchmarks/run.py --json out.json

Needs the dev install (reportlab and python-docx build the generated 50-page report). Each
figure is the median of ``--repeat`` runs after a warm-up. The machines are shared and noisy:
read the ratios, which compare things measured in the same run, not the milliseconds. Exits 1
when a target does not hold, so a regression shows.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SEED = FIXTURES / "000_84bfac458156e755.txt"
sys.path.insert(0, str(ROOT))

import copparse  # noqa: E402
import copparse.loaders  # noqa: E402
from copparse.extract import (  # noqa: E402  # noqa: E402
    _SENTENCE_END,
    agenda,
    contributions,
    header,
    lexicon,
    meetings,
    outcomes,
    participants,
    people,
    resolutions,
)

# The sixteen main field patterns of copparse, each run once over the whole text: the cost of
# a parser that reads the text once per kind of field. parse_text is held to 1.5x of that.
REFERENCE_PATTERNS = [
    lexicon.DATE_RE,
    lexicon.MONTH_YEAR_RE,
    contributions.CODE_RE,
    people._MENTION.pattern,
    people._CHAIRED_BY.pattern,
    meetings._MEETING_REF.pattern,
    resolutions._RESOLUTION,
    participants._COUNT.pattern,
    header._SYMBOL,
    header._GROUP_NAME,
    contributions._STATED[0],
    contributions._STATED[1],
    outcomes._ACTS,
    contributions._REFERENCES[0][0],
    _SENTENCE_END.pattern,
    agenda._AGENDA,
]


@dataclass
class Check:
    """One target: the measured ratio against its limit."""

    name: str
    measured: float
    target: float
    unit: str
    detail: str
    # Not one of the targets: a reference proposed in docs/performance.md for a target
    # that cannot hold. Reported apart, and never the cause of a failing exit code.
    proposed: bool = False

    @property
    def holds(self) -> bool:
        return self.measured <= self.target if self.unit != ">=" else self.measured >= self.target


def median_seconds(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm-up: imports, caches, lazily compiled patterns
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def long_report(repeats: int) -> str:
    """The seed with its discussion repeated ``repeats`` times in each of eight further
    sections: the shape of a long report (few sections, many paragraphs).
    """
    seed = SEED.read_text("utf-8")
    head, rest = seed.split("6 Outcomes", 1)
    discussion = [line for line in head.split("\n") if line.startswith("5.")]
    extra = []
    for n in range(6, 14):
        extra.append(f"{n}\tFurther discussions, part {n - 5}")
        body = [line[line.index(" ") :] for line in discussion] * repeats
        extra.extend(f"{n}.{k}{line}" for k, line in enumerate(body, 1))
    return head + "\n".join(extra) + "\n14 Outcomes" + rest.replace("6.", "14.")


def build_inputs(work: Path) -> dict[str, Path]:
    from tests.fixtures.build import build_pdf, build_typed_docx

    text = SEED.read_text("utf-8")
    files = {
        "txt3": work / "seed.txt",
        "pdf3": build_pdf("seed", text, out=work),
        "docx3": build_typed_docx("seed", text, out=work),
    }
    shutil.copy(SEED, files["txt3"])
    big = long_report(6)
    (work / "long.txt").write_text(big, "utf-8")
    files["txt50"] = work / "long.txt"
    files["pdf50"] = build_pdf("long", big, out=work)
    files["docx50"] = build_typed_docx("long", big, out=work)
    return files


def reference_pdfplumber(path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()


def reference_pdfium_text(path: Path) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    texts = []
    for page in pdf:
        textpage = page.get_textpage()
        texts.append(textpage.get_text_range())
        textpage.close()
        page.close()
    pdf.close()
    return "\n".join(texts).replace("\r\n", "\n")


def reference_docx(path: Path) -> None:
    import docx

    document = docx.Document(str(path))
    for p in document.paragraphs:
        _ = p.text
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                _ = cell.text


def pages_of(path: Path) -> int:
    report = copparse.parse_file(path, pdf_backend="pdfium")
    assert report.source.pages
    return report.source.pages


def subprocess_seconds(args: list[str], repeat: int) -> float:
    return median_seconds(lambda: subprocess.run(args, check=True, capture_output=True), repeat)


# Peak RSS of a fresh process: VmHWM starts again at exec, unlike ru_maxrss, which keeps the
# parent's size from the moment of the fork.
PEAK_RSS = """
import sys, copparse
copparse.parse_file(sys.argv[1], pdf_backend=sys.argv[2])
print(next(l.split()[1] for l in open("/proc/self/status") if l.startswith("VmHWM:")))
"""


def peak_rss_mb(path: Path, backend: str) -> float:
    out = subprocess.run(
        [sys.executable, "-c", PEAK_RSS, str(path), backend],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(out.stdout.strip()) / 1024  # VmHWM is in kB


def batch_seconds(src: Path, work: Path, workers: int) -> float:
    out = work / f"batch-{workers}"
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    summary = copparse.convert([src], out, workers=workers, resume=False)
    elapsed = time.perf_counter() - started
    assert summary.ok == summary.total, summary
    return elapsed


def run(repeat: int) -> tuple[list[Check], dict[str, float]]:
    checks: list[Check] = []
    times: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        files = build_inputs(work)
        p3, p50 = pages_of(files["pdf3"]), pages_of(files["pdf50"])
        text_scale = len(files["txt50"].read_text("utf-8")) / len(files["txt3"].read_text("utf-8"))

        seed_text = files["txt3"].read_text("utf-8")
        normalised = copparse.parse_text(seed_text).text

        def scans() -> None:
            for pattern in REFERENCE_PATTERNS:
                for _ in pattern.finditer(normalised):
                    pass

        times["16 main-pattern scans (seed)"] = median_seconds(scans, repeat * 4)
        times["parse_text (seed)"] = median_seconds(
            lambda: copparse.parse_text(seed_text), repeat * 4
        )
        checks.append(
            Check(
                "parse_text / 16 main-pattern scans",
                times["parse_text (seed)"] / times["16 main-pattern scans (seed)"],
                1.5,
                "x",
                "seed, 7 KB",
            )
        )

        for size in ("3", "50"):
            for fmt in ("txt", "pdf", "docx"):
                path = files[f"{fmt}{size}"]
                if fmt == "pdf":
                    for backend in ("pdfplumber", "pdfium"):
                        times[f"parse_file {fmt} {backend} ({size}p)"] = median_seconds(
                            partial(copparse.parse_file, path, pdf_backend=backend),
                            repeat,
                        )
                else:
                    times[f"parse_file {fmt} ({size}p)"] = median_seconds(
                        partial(copparse.parse_file, path), repeat
                    )
            times[f"ref pdfplumber open+extract_text ({size}p)"] = median_seconds(
                partial(reference_pdfplumber, files[f"pdf{size}"]), repeat
            )
            times[f"ref pypdfium2 get_text_range ({size}p)"] = median_seconds(
                partial(reference_pdfium_text, files[f"pdf{size}"]), repeat
            )
            extracted = reference_pdfium_text(files[f"pdf{size}"])
            times[f"ref parse_text of pdfium text ({size}p)"] = median_seconds(
                partial(copparse.parse_text, extracted), repeat
            )
            times[f"ref python-docx Document+iterate ({size}p)"] = median_seconds(
                partial(reference_docx, files[f"docx{size}"]), repeat
            )
            docx_text = copparse.loaders.load_bytes(files[f"docx{size}"].read_bytes()).text
            times[f"ref parse_text of docx text ({size}p)"] = median_seconds(
                partial(copparse.parse_text, docx_text), repeat
            )

        for size, label in (("3", f"{p3}-page"), ("50", f"{p50}-page")):
            checks.append(
                Check(
                    f"parse_file(pdf, pdfplumber) / pdfplumber extract ({label})",
                    times[f"parse_file pdf pdfplumber ({size}p)"]
                    / times[f"ref pdfplumber open+extract_text ({size}p)"],
                    1.2,
                    "x",
                    "",
                )
            )
            checks.append(
                Check(
                    f"parse_file(pdf, pdfium) / (pdfium text + parse_text) ({label})",
                    times[f"parse_file pdf pdfium ({size}p)"]
                    / (
                        times[f"ref pypdfium2 get_text_range ({size}p)"]
                        + times[f"ref parse_text of pdfium text ({size}p)"]
                    ),
                    2.0,
                    "x",
                    "",
                )
            )
            checks.append(
                Check(
                    f"parse_file(docx) / python-docx Document+iterate ({label})",
                    times[f"parse_file docx ({size}p)"]
                    / times[f"ref python-docx Document+iterate ({size}p)"],
                    1.3,
                    "x",
                    "",
                )
            )
            checks.append(
                Check(
                    f"parse_file(docx) / (python-docx Document+iterate + parse_text) ({label})",
                    times[f"parse_file docx ({size}p)"]
                    / (
                        times[f"ref python-docx Document+iterate ({size}p)"]
                        + times[f"ref parse_text of docx text ({size}p)"]
                    ),
                    1.3,
                    "x",
                    "the text pipeline counted, as in the pdfium target",
                    proposed=True,
                )
            )
        # Growth is measured per character of report text: the seed's last page is half empty,
        # so per page the long report would look dearer than it is.
        for key in ("txt", "pdf pdfplumber", "pdf pdfium", "docx"):
            per_page = (
                times[f"parse_file {key} (50p)"] / times[f"parse_file {key} (3p)"]
            ) / text_scale
            checks.append(
                Check(
                    f"cost per character, {p50} pages vs {p3}: {key}",
                    per_page,
                    1.2,
                    "x",
                    "linear growth",
                )
            )

        quick = max(3, repeat)
        times["python -c 'import pydantic, regex'"] = subprocess_seconds(
            [sys.executable, "-c", "import pydantic, regex"], quick
        )
        times["python -c 'import copparse'"] = subprocess_seconds(
            [sys.executable, "-c", "import copparse"], quick
        )
        # For the record, as the two targets below compare with a lazy `import pydantic`:
        times["python -c 'from pydantic import BaseModel'"] = subprocess_seconds(
            [sys.executable, "-c", "from pydantic import BaseModel"], quick
        )
        times["python -c 'import copparse; copparse.parse_text(...)' (seed)"] = subprocess_seconds(
            [
                sys.executable,
                "-c",
                f"import copparse; copparse.parse_text(open({str(SEED)!r}).read())",
            ],
            quick,
        )
        times["copparse parse seed.txt"] = subprocess_seconds(
            [sys.executable, "-m", "copparse", "parse", str(files["txt3"])], quick
        )
        checks.append(
            Check(
                "import copparse - import pydantic, regex",
                (times["python -c 'import copparse'"] - times["python -c 'import pydantic, regex'"])
                * 1000,
                50.0,
                "ms",
                "",
            )
        )
        checks.append(
            Check(
                "copparse parse seed.txt / import pydantic, regex",
                times["copparse parse seed.txt"] / times["python -c 'import pydantic, regex'"],
                1.3,
                "x",
                "wall time",
            )
        )
        # Why the target above cannot hold: importing BaseModel alone costs about its limit.
        checks.append(
            Check(
                "floor: from pydantic import BaseModel / import pydantic, regex",
                times["python -c 'from pydantic import BaseModel'"]
                / times["python -c 'import pydantic, regex'"],
                1.3,
                "x",
                "any program with a pydantic model pays this",
                proposed=True,
            )
        )
        checks.append(
            Check(
                "copparse parse seed.txt / python -c 'import copparse; parse_text(seed)'",
                times["copparse parse seed.txt"]
                / times["python -c 'import copparse; copparse.parse_text(...)' (seed)"],
                1.3,
                "x",
                "what the CLI adds to the library",
                proposed=True,
            )
        )

        batch = work / "batch"
        batch.mkdir()
        for i in range(40):
            shutil.copy(files["pdf3"], batch / f"report-{i:02d}.pdf")
        times["convert 40 PDFs, 1 worker"] = min(batch_seconds(batch, work, 1) for _ in range(2))
        times["convert 40 PDFs, 2 workers"] = min(batch_seconds(batch, work, 2) for _ in range(2))
        checks.append(
            Check(
                "convert speed-up, 2 workers over 1 (40 PDFs)",
                times["convert 40 PDFs, 1 worker"] / times["convert 40 PDFs, 2 workers"],
                1.7,
                ">=",
                f"{os.cpu_count()} CPUs",
            )
        )

        for backend in ("pdfplumber", "pdfium"):
            small, large = peak_rss_mb(files["pdf3"], backend), peak_rss_mb(files["pdf50"], backend)
            times[f"peak RSS MB, {backend}, {p3} pages"] = small
            times[f"peak RSS MB, {backend}, {p50} pages"] = large
            checks.append(
                Check(
                    f"peak RSS added by {p50} pages over {p3} ({backend})",
                    large - small,
                    30.0,
                    "MB",
                    "",
                )
            )
    return checks, times


def report(checks: list[Check], times: dict[str, float]) -> str:
    lines = ["| measurement | median |", "|---|---:|"]
    for name, value in times.items():
        shown = f"{value:.1f} MB" if "RSS" in name else f"{value * 1000:.2f} ms"
        lines.append(f"| {name} | {shown} |")
    for title, group in (
        ("target", [c for c in checks if not c.proposed]),
        (
            "not a target: a proposed reference, or the floor under one",
            [c for c in checks if c.proposed],
        ),
    ):
        lines += ["", f"| {title} | measured | limit | holds |", "|---|---:|---:|---|"]
        lines += [_row(c) for c in group]
    return "\n".join(lines)


def _row(c: Check) -> str:
    unit = "x" if c.unit in ("x", ">=") else f" {c.unit}"
    limit = f"{'≥' if c.unit == '>=' else '≤'} {c.target:g}{unit}"
    return f"| {c.name} | {c.measured:.2f}{unit} | {limit} | {'yes' if c.holds else 'NO'} |"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=7, help="runs per measurement (median)")
    parser.add_argument(
        "--json", type=Path, default=ROOT / "benchmarks" / "results" / "latest.json"
    )
    args = parser.parse_args()
    checks, times = run(args.repeat)
    text = report(checks, times)
    print(text)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps(
            {
                "machine": {
                    "python": platform.python_version(),
                    "cpus": os.cpu_count(),
                    "platform": platform.platform(),
                },
                "repeat": args.repeat,
                "times_seconds": times,
                "checks": [asdict(c) | {"holds": c.holds} for c in checks],
            },
            indent=2,
        )
        + "\n",
        "utf-8",
    )
    failed = [c.name for c in checks if not c.holds and not c.proposed]
    if failed:
        print(f"\n{len(failed)} target(s) missed: " + "; ".join(failed), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
