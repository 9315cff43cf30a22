"""Long structure-mutation fuzzing of the DOCX and PDF readers (hypothesis, not in CI).

    python fuzz/structure_fuzz.py --minutes 30 --out fuzz/findings

Each input (tests/mutations.py: DOCX XML and zip headers, PDF numbers, names, references and
objects mutated) is parsed in an isolated child (``isolate=True``) with both PDF backends,
so a hang or an abort is caught as well as an exception. Anything but a report or a
CopParseError is a finding; a ResourceLimitError (the child killed at its time or memory
bound) is counted apart, as a bound that held. Findings are written to ``--out`` as
``<kind>-<sha1>.docx|pdf`` with a ``.txt`` beside each, and a summary is printed at the end.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hypothesis import HealthCheck, given, settings
from tests.mutations import mutated_docx, mutated_pdf

import copparse

LIMITS = copparse.Limits(max_seconds=20, max_pages=100, max_memory_bytes=2 << 30)
COUNTS: Counter[str] = Counter()


def check(data: bytes, suffix: str, backend: str, out: Path) -> None:
    """Parse one input in a child; record anything that is not a report or our error."""
    COUNTS["inputs"] += 1
    try:
        copparse.parse_bytes(data, limits=LIMITS, pdf_backend=backend, isolate=True)  # type: ignore[arg-type]
        COUNTS["reports"] += 1
    except copparse.ResourceLimitError as exc:
        COUNTS[f"bound held: {exc.resource}"] += 1
        save(out, "bound", data, suffix, f"{backend}: {exc}")
    except copparse.CopParseError as exc:
        COUNTS[type(exc).__name__] += 1
    except Exception as exc:  # a finding
        COUNTS["FOREIGN"] += 1
        save(out, "crash", data, suffix, f"{backend}: {type(exc).__name__}: {exc}")


def save(out: Path, kind: str, data: bytes, suffix: str, what: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    name = f"{kind}-{hashlib.sha1(data).hexdigest()[:16]}"
    (out / f"{name}{suffix}").write_bytes(data)
    (out / f"{name}.txt").write_text(what + "\n", "utf-8")
    print(f"{kind}: {name}{suffix}: {what[:300]}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--out", type=Path, default=Path("fuzz/findings"))
    args = parser.parse_args()
    end = time.monotonic() + 60 * args.minutes
    fast = settings(deadline=None, max_examples=50, database=None,
                    suppress_health_check=list(HealthCheck))  # fmt: skip

    @fast
    @given(mutated_docx())
    def docx(data: bytes) -> None:
        if time.monotonic() < end:
            check(data, ".docx", "pdfplumber", args.out)

    @fast
    @given(mutated_pdf())
    def pdf(data: bytes) -> None:
        if time.monotonic() < end:
            check(data, ".pdf", random.choice(["pdfplumber", "pdfium"]), args.out)

    rounds = 0
    while time.monotonic() < end:
        docx()
        pdf()
        rounds += 1
        print(f"round {rounds}: {dict(COUNTS)}", flush=True)
    print("summary:", dict(COUNTS))
    sys.exit(1 if COUNTS["FOREIGN"] else 0)


if __name__ == "__main__":
    main()
