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
KNOWN_WRONG_GOLDENS: dict[str, str] = {
    "wgcp08_2014_pdfnumbers": (
        "issue 11: numbers alone on their lines and hard-wrapped PDF text give no sections, so"
        " no agenda, stated count, discussed_in or outcomes; the venue, the chair's country"
        " (wrapped onto the next line) and the attendance (its noun hyphenated across a line"
        " end) are lost; contribution titles are cut at the line end; the signature's title is"
        " read as the cover's source line"
    ),
    "cwgcop18_2021_oneline": (
        "issue 11: in a one-line copy the Council session's dates are taken as the meeting's"
        " and the cover's city as its city, the document date, title, summary, source line,"
        " action required and references are lost, section 1 loses its heading, and the"
        " signature is read into the last outcome"
    ),
}


@functools.cache
def parsed(fixture_id: str) -> copparse.Report:
    """Each fixture is parsed once per test session."""
    return copparse.parse_file(FIXTURES / f"{fixture_id}.txt")
