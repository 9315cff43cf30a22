from __future__ import annotations

import functools
from pathlib import Path

import copparse

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_IDS = sorted(p.stem for p in FIXTURES.glob("*.txt"))
SEED_ID = "000_84bfac458156e755"

# Fixtures whose golden holds the right values but which the parser reads wrongly today: their
# golden test is a strict xfail and the accuracy test expects exactly these to miss. When the
# parser gets one right, both tests fail until it is taken off this list.
KNOWN_WRONG_GOLDENS: dict[str, str] = {}


@functools.cache
def parsed(fixture_id: str) -> copparse.Report:
    """Each fixture is parsed once per test session."""
    return copparse.parse_file(FIXTURES / f"{fixture_id}.txt")
