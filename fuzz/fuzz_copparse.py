"""Coverage-guided fuzzing of copparse with atheris, for long runs outside CI.

    pip install atheris
    python fuzz/fuzz_copparse.py -max_total_time=3600 fuzz/corpus/            # bytes: every loader
    python fuzz/fuzz_copparse.py --text -max_total_time=3600 fuzz/corpus/     # the text pipeline

Seed the corpus with the fixtures first: ``python fuzz/fuzz_copparse.py --seed fuzz/corpus``.
A crash (any exception other than a CopParseError) is written by libFuzzer as crash-<sha1>;
turn each one into a regression test named after what it found.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import copparse

LIMITS = copparse.Limits(max_seconds=20.0, max_pages=50)


def parse_any_bytes(data: bytes) -> None:
    """One fuzz input as a file's bytes: a report or a CopParseError, nothing else."""
    try:
        report = copparse.parse_bytes(data, limits=LIMITS)
    except copparse.CopParseError:
        return
    copparse.Report.model_validate_json(report.model_dump_json())


def parse_any_text(data: bytes) -> None:
    """One fuzz input as text (decoded leniently): a report or a CopParseError."""
    text = data.decode("utf-8", "surrogateescape")
    try:
        report = copparse.parse_text(text)
    except copparse.CopParseError:
        return
    for item in report.sections:
        assert 0 <= item.span.start <= item.span.end <= len(report.text)


def seed(corpus: Path) -> None:
    """Copy the fixture reports into ``corpus`` as the fuzzer's starting inputs."""
    corpus.mkdir(parents=True, exist_ok=True)
    fixtures = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
    for f in [*fixtures.glob("*.txt"), *(fixtures / "files").glob("*.*")]:
        if f.suffix in (".txt", ".pdf", ".docx"):
            shutil.copy(f, corpus / f.name)


def main() -> None:
    """Seed the corpus, or fuzz the bytes (default) or the text (--text) target."""
    if "--seed" in sys.argv:
        seed(Path(sys.argv[sys.argv.index("--seed") + 1]))
        return
    import atheris  # only for fuzzing: not a dependency of copparse

    target = parse_any_text if "--text" in sys.argv else parse_any_bytes
    argv = [a for a in sys.argv if a != "--text"]
    atheris.instrument_all()
    atheris.Setup(argv, target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
