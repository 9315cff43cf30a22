from __future__ import annotations

import atexit
import functools
import os
import shutil
import tempfile
from pathlib import Path

# The tests neither read nor write the user's pattern cache: one of their own, for this session
# and the CLI processes it starts, removed at exit.
_PATTERN_CACHE = tempfile.mkdtemp(prefix="copparse-test-patterns-")
os.environ["COPPARSE_PATTERN_CACHE"] = _PATTERN_CACHE
atexit.register(shutil.rmtree, _PATTERN_CACHE, True)

import copparse  # noqa: E402

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
