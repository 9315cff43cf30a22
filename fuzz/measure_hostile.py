"""Wall time and peak memory of each hostile input under the default limits.

    python fuzz/measure_hostile.py                    # about five minutes
    python fuzz/measure_hostile.py --isolate          # the same inputs with isolate=True
    python fuzz/measure_hostile.py --only pdf-fan-out-10^8 --repeat 3

Each input is one that broke a bound once (docs/reliability.md lists them), built by
tests/hostile.py at the size the break was reported at, not at the tests' small sizes. Each is
parsed in a fresh Python process with ``copparse.Limits()`` (the defaults), once per PDF
backend, and the script prints a Markdown table: what came out (a report or the error class),
the parse's wall time (after a warm-up parse of the honest seed report of the same kind, so
that a backend's first import is not counted), the whole process's wall time (interpreter
start, imports and the warm-up included) and its peak resident memory as the kernel counts it
(``VmHWM``; not ``wait4``'s figure, which counts what the measuring process held when it
forked). With ``--isolate`` each PDF and DOCX goes through ``run_isolated`` (what
``parse_file(isolate=True)`` runs) and the table adds the child's own peak, as
``ChildOutcome.peak_rss`` reports it (the child's ``ru_maxrss``, which includes the pages it
shares with its parent at the fork); ``parse_text`` has no isolation, so text rows stay in
process. The honest fixtures come first, as the baseline every other row is read against.

Every measuring process has its address space capped at ``--memory-cap`` (4 GiB by default),
so an input that escapes the bounds cannot take the machine down: it shows as a finding.

A row whose process does not end within ``--timeout`` seconds is killed and shown as such; a
row whose outcome is not a report or a ``CopParseError`` is a finding, and the script then
exits 1.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import hostile as h  # noqa: E402

FILES = ROOT / "tests" / "fixtures" / "files"
SEED = "000_84bfac458156e755"
_WARM = {
    ".pdf": FILES / f"{SEED}.pdf",
    ".docx": FILES / f"{SEED}.typed.docx",
    ".txt": ROOT / "tests" / "fixtures" / f"{SEED}.txt",
}

# The child: parse one file with the default limits and say what came out, and how long it took.
_CHILD = r"""
import json, sys, time
import copparse
from copparse.isolation import run_isolated
path, backend, isolate, warm = sys.argv[1], sys.argv[2], sys.argv[3] == "1", sys.argv[4]
# Warm up on the honest seed of the same kind, so that the parse timed below is the parse and
# not the first import of a backend.
if warm.endswith(".txt"):
    copparse.parse_text(open(warm, encoding="utf-8").read())
else:
    copparse.parse_file(warm, pdf_backend=backend)
child_peak = None
started = time.perf_counter()
try:
    if path.endswith(".txt"):
        text = open(path, encoding="utf-8").read()
        copparse.parse_text(text, limits=copparse.Limits())
        outcome = "report"
    elif isolate:
        # What parse_file(isolate=True) runs, kept whole: the child's own peak memory.
        job = {"data": open(path, "rb").read(), "filename": path, "password": None,
               "pdf_backend": backend}
        result = run_isolated(job, copparse.Limits())
        child_peak = result.peak_rss
        if result.error is None:
            outcome = "report"
        else:
            outcome = type(result.error).__name__
            if isinstance(result.error, copparse.ResourceLimitError):
                outcome += f" ({result.error.resource})"
    else:
        copparse.parse_file(path, limits=copparse.Limits(), pdf_backend=backend)
        outcome = "report"
except copparse.CopParseError as exc:
    outcome = type(exc).__name__
except BaseException as exc:
    outcome = "FOREIGN " + type(exc).__name__ + ": " + str(exc)[:200]
seconds = time.perf_counter() - started
hwm = [int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:")]
print(json.dumps({"outcome": outcome, "seconds": seconds, "peak_kib": max(hwm + [0]),
                  "child_peak_kib": None if child_peak is None else child_peak // 1024}))
"""


@dataclass(frozen=True)
class Hostile:
    name: str
    suffix: str
    what: str
    build: Callable[[], bytes]


def _zip_bomb() -> bytes:
    # One part that inflates to 1 GiB of zeros (about 1 MB on disk).
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", h._CT)
        zf.writestr("_rels/.rels", h._RELS.format(main="word/document.xml"))
        with zf.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(h.document_xml(h.paragraphs())[:-30])
            chunk = b"\0" * (1 << 20)
            for _ in range(1024):
                part.write(chunk)
    return out.getvalue()


def _billion_laughs() -> bytes:
    entities = '<!ENTITY a0 "lol">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
    )
    prolog = f"<!DOCTYPE w:document [{entities}]>"
    return h.docx(
        h.document_xml(h.paragraphs() + "<w:p><w:r><w:t>&a9;</w:t></w:r></w:p>", prolog=prolog)
    )


_REPEAT = tuple(h.REPORT_LINES) + tuple(f"{n} Item" for n in range(2, 200))
_DTD = '<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">]>'
_WORDS = ("Opening", "Agenda", "Contributions", "Outcomes", "Closing", "Dates", "Chair")


def _pages(i: int) -> bytes:
    if i == 0:
        return h.text_content()
    return h.text_content((f"{i + 1} {_WORDS[i % 7]} {_WORDS[(i // 7) % 7]} page {i}",))


def _tiny_pages(i: int) -> bytes:
    return h.text_content() if i == 0 else b"BT /F1 11 Tf 72 760 Td (%d) Tj ET" % i


def _unnumbered_lines() -> bytes:
    lines = "\n".join(f"A short line {i} of the discussion." for i in range(100_000))
    return ("\n".join(h.REPORT_LINES) + "\n" + lines + "\n").encode()


def _one_line(chars: int) -> bytes:
    head = " ".join(h.REPORT_LINES) + " "
    unit = "Ms Eugenia Devincenzi said that the meeting agreed. "
    return (head + unit * ((chars - len(head)) // len(unit))).encode()


HOSTILE: list[Hostile] = [
    # --- honest baselines
    Hostile("seed-pdf", "pdf", "the seed report, honest (baseline)",
            lambda: (FILES / f"{SEED}.pdf").read_bytes()),
    Hostile("seed-docx", "docx", "the seed report, honest (baseline)",
            lambda: (FILES / f"{SEED}.typed.docx").read_bytes()),
    # --- DOCX
    Hostile("docx-zip-bomb", "docx", "one part inflating to 1 GiB (1 MB file)", _zip_bomb),
    Hostile("docx-billion-laughs", "docx", "XML entity bomb (10^9 expansions)", _billion_laughs),
    Hostile("docx-encrypted-entry", "docx", "encrypted zip entry (was RuntimeError)",
            lambda: h.patch_member(h.docx(), "word/document.xml", flags=0x1)),
    Hostile("docx-corrupt-lzma", "docx", "corrupt LZMA entry (was LZMAError)", h.corrupt_lzma_docx),
    Hostile("docx-deflate64", "docx", "deflate64 entry (was NotImplementedError)",
            lambda: h.patch_member(h.docx(compression=zipfile.ZIP_STORED), "word/document.xml",
                                   method=9)),
    Hostile("docx-level-20", "docx", "numbering level 20 (was IndexError)",
            lambda: h.docx(h.document_xml(h.paragraphs(numbered=2).replace(
                'w:ilvl w:val="0"', 'w:ilvl w:val="20"', 1)),
                numbering=h.numbering_xml(h.level("0") + h.level("20")))),
    Hostile("docx-ilvl-5000-digits", "docx", "a 5,000-digit ilvl (was ValueError)",
            lambda: h.docx(h.document_xml(h.paragraphs(numbered=2).replace(
                'w:ilvl w:val="0"', f'w:ilvl w:val="{"9" * 5000}"')),
                numbering=h.numbering_xml(h.level("0")))),
    Hostile("docx-bad-sym", "docx", 'w:sym w:char="110000" (was ValueError)',
            lambda: h.docx(h.document_xml(h.paragraphs() + '<w:p><w:r><w:sym w:char="110000"/>'
                                          "</w:r></w:p>"))),
    Hostile("docx-roman-10-12", "docx", "roman numbering starting at 10^12 (hung)",
            lambda: h.docx(h.document_xml(h.paragraphs(numbered=3)),
                           numbering=h.numbering_xml(h.level(fmt="upperRoman",
                                                             start="1000000000000")))),
    Hostile("docx-letters-2e9", "docx", "letter numbering from 2*10^9, 200 items (3.9 GB)",
            lambda: h.docx(h.document_xml(h.paragraphs(_REPEAT, numbered=len(_REPEAT))),
                           numbering=h.numbering_xml(h.level(fmt="lowerLetter",
                                                             start="2000000000")))),
    Hostile("docx-repeated-%1", "docx", "lvlText of 120 x %1, 200 items (9.6 GB)",
            lambda: h.docx(h.document_xml(h.paragraphs(_REPEAT, numbered=len(_REPEAT))),
                           numbering=h.numbering_xml(h.level(fmt="upperRoman", text="%1" * 120,
                                                             start="32000")))),
    Hostile("docx-dtd-after-comment", "docx", "DOCTYPE after a 5 KB comment",
            lambda: h.docx(h.document_xml(h.paragraphs(),
                                          prolog="<!--" + "c" * 5000 + "-->" + _DTD))),
    Hostile("docx-dtd-renamed-main", "docx", "DOCTYPE in a renamed main part",
            lambda: h.docx(h.document_xml(h.paragraphs(), prolog=_DTD), main="word/main.bin",
                           extra={"word/document.xml": h.document_xml(h.paragraphs())})),
    Hostile("docx-million-runs", "docx", "one paragraph of 1,000,000 runs (22 MiB, stored)",
            lambda: h.docx(h.document_xml(h.paragraphs() + "<w:p>"
                                          + "<w:r><w:t>x</w:t></w:r>" * 1_000_000 + "</w:p>"),
                           compression=zipfile.ZIP_STORED)),
    # --- PDF
    Hostile("pdf-stream-bomb-1MB", "pdf", "1 MB stream inflating to 1 GiB",
            lambda: h.stream_bomb_pdf(1 << 30)),
    Hostile("pdf-fan-out-10^8", "pdf", "form XObject fan-out, 10^8 draws (3 KB)",
            lambda: h.fan_out_pdf(width=10, depth=8)),
    Hostile("pdf-300k-pages", "pdf", "300,000 pages",
            lambda: h.text_pdf(300_000, content=_tiny_pages)),
    Hostile("pdf-count-lie", "pdf", "5,000 pages under a /Count of 3",
            lambda: h.text_pdf(5_000, count=3, content=_pages)),
    Hostile("pdf-200k-operators", "pdf", "one page of 200,000 operators",
            lambda: h.text_pdf(content=lambda i: h.text_content() + b"\n"
                               + b"\n".join([b"1 0 0 1 0 0 cm"] * 200_000))),
    Hostile("pdf-reader-warnings", "pdf", "a page pdfminer warns about",
            lambda: h.text_pdf(content=lambda i: h.text_content()
                               + b"\nBT /F1 11 Tf [ /Foo (a) ] TJ ET")),
    Hostile("pdf-encrypted", "pdf", "an encrypted PDF, no password",
            lambda: (FILES / "encrypted.pdf").read_bytes()),
    # --- text (parse_text)
    Hostile("text-100k-unnumbered", "txt", "100,000 short unnumbered lines (148 s before)",
            _unnumbered_lines),
    Hostile("text-one-line-4.9M", "txt", "4.9 M characters on one line (5 MB took 115 s)",
            lambda: _one_line(4_900_000)),
    Hostile("text-6M-chars", "txt", "6 M characters, over max_chars",
            lambda: _one_line(6_000_000)),
]  # fmt: skip


@dataclass(frozen=True)
class Run:
    outcome: str
    parse_s: float | None  # the parse alone, as the measuring process timed it
    wall_s: float  # the whole process, as this script timed it
    peak_mib: float  # the measuring process's peak RSS
    child_peak_mib: float | None  # isolate=True: the child's peak RSS (ChildOutcome.peak_rss)


@dataclass(frozen=True)
class Row:
    name: str
    what: str
    backend: str
    size: int
    outcome: str
    parse_s: float | None
    wall_s: float
    peak_mib: float
    child_peak_mib: float | None


def measure(path: Path, backend: str, isolate: bool, timeout: float, cap: int) -> Run:
    def bound() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(path), backend, "1" if isolate else "0",
         str(_WARM[path.suffix])],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT, start_new_session=True,
        preexec_fn=bound,
    )  # fmt: skip
    assert proc.stdout is not None
    killed = False
    sampled = 0
    while True:
        pid, status = os.waitpid(proc.pid, os.WNOHANG)
        if pid:
            break
        sampled = max(sampled, _hwm(proc.pid))
        if time.monotonic() - started > timeout:
            os.killpg(proc.pid, signal.SIGKILL)
            killed = True
            pid, status = os.waitpid(proc.pid, 0)
            break
        time.sleep(0.02)
    wall = time.monotonic() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    out = proc.stdout.read().decode(errors="replace").strip().splitlines()
    peak = sampled / 1024
    if killed:
        return Run(f"killed at {timeout:.0f} s", None, wall, peak, None)
    if not out:
        return Run(f"died (exit {proc.returncode})", None, wall, peak, None)
    said = json.loads(out[-1])
    child = said["child_peak_kib"]
    return Run(
        said["outcome"],
        said["seconds"],
        wall,
        max(peak, said["peak_kib"] / 1024),
        None if child is None else child / 1024,
    )


def _hwm(pid: int) -> int:
    """The process's peak resident memory in KiB (VmHWM), or 0 once it has gone."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _worst(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return max(known) if known else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--isolate", action="store_true", help="parse with isolate=True")
    parser.add_argument("--repeat", type=int, default=1, help="runs per row; the worst is shown")
    parser.add_argument("--timeout", type=float, default=400.0, help="seconds before a kill")
    parser.add_argument("--only", action="append", default=[], help="run only these rows")
    parser.add_argument("--memory-cap", type=float, default=4.0, help="GiB per measuring process")
    args = parser.parse_args()
    unknown = set(args.only) - {hostile.name for hostile in HOSTILE}
    if unknown:
        parser.error(f"no such row: {', '.join(sorted(unknown))}")
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        for hostile in HOSTILE:
            if args.only and hostile.name not in args.only:
                continue
            path = Path(tmp) / f"{hostile.name}.{hostile.suffix}"
            path.write_bytes(hostile.build())
            backends = ["pdfium", "pdfplumber"] if hostile.suffix == "pdf" else ["-"]
            for backend in backends:
                runs = [
                    measure(path, backend if backend != "-" else "pdfium", args.isolate,
                            args.timeout, int(args.memory_cap * (1 << 30)))
                    for _ in range(args.repeat)
                ]  # fmt: skip
                outcomes = sorted({r.outcome for r in runs})
                row = Row(hostile.name, hostile.what, backend, path.stat().st_size,
                          " / ".join(outcomes), _worst([r.parse_s for r in runs]),
                          max(r.wall_s for r in runs), max(r.peak_mib for r in runs),
                          _worst([r.child_peak_mib for r in runs]))  # fmt: skip
                rows.append(row)
                child = f" child {row.child_peak_mib:6.0f} MiB" if row.child_peak_mib else ""
                print(f"{row.name:24} {row.backend:10} {row.outcome:24} parse"
                      f" {row.parse_s or 0:7.2f} s  wall {row.wall_s:7.2f} s  peak"
                      f" {row.peak_mib:7.0f} MiB{child}", file=sys.stderr, flush=True)  # fmt: skip
            path.unlink()
    mode = "isolate=True" if args.isolate else "in process"
    extra = " | child's peak RSS" if args.isolate else ""
    print(
        f"\n| input ({mode}, default limits) | size | backend | outcome | parse | process"
        f" | peak RSS{extra} |"
    )
    print("|---|--:|---|---|--:|--:|--:|" + ("--:|" if args.isolate else ""))
    for r in rows:
        size = f"{r.size / (1 << 20):.1f} MiB" if r.size >= 1 << 20 else f"{r.size / 1024:.0f} KiB"
        took = f"{r.parse_s:.2f} s" if r.parse_s is not None else "-"
        child = ""
        if args.isolate:
            child = f" {r.child_peak_mib:.0f} MiB |" if r.child_peak_mib is not None else " - |"
        print(f"| `{r.name}`: {r.what} | {size} | {r.backend} | {r.outcome} | {took} |"
              f" {r.wall_s:.2f} s | {r.peak_mib:.0f} MiB |{child}")  # fmt: skip
    foreign = [
        r for r in rows if "FOREIGN" in r.outcome or r.outcome.startswith(("died", "killed"))
    ]
    for r in foreign:
        print(f"FINDING: {r.name} ({r.backend}): {r.outcome}", file=sys.stderr)
    return 1 if foreign else 0


if __name__ == "__main__":
    sys.exit(main())
