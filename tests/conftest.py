from __future__ import annotations

import functools
from pathlib import Path

import copparse

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_IDS = sorted(p.stem for p in FIXTURES.glob("*.txt"))
SEED_ID = "000_84bfac458156e755"


@functools.cache
def parsed(fixture_id: str) -> copparse.Report:
    """Each fixture is parsed once per test session."""
    return copparse.parse_file(FIXTURES / f"{fixture_id}.txt")
