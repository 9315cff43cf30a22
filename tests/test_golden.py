"""Every fixture report against its hand-checked golden JSON (spans and text left out).

To regenerate after a reviewed change: ``COPPARSE_UPDATE_GOLDEN=1 python -m pytest
tests/test_golden.py``, then read the diff line by line before committing. The run that
rewrites goldens fails on purpose, and ``test_update_switch_is_off`` keeps it out of CI.
"""

from __future__ import annotations

import json
import os

import pytest

from copparse.accuracy import strip_provenance
from tests.conftest import FIXTURE_IDS, FIXTURES, KNOWN_WRONG_GOLDENS, parsed

UPDATE = os.environ.get("COPPARSE_UPDATE_GOLDEN") == "1"


def test_update_switch_is_off() -> None:
    assert not UPDATE, "COPPARSE_UPDATE_GOLDEN is set: goldens are being rewritten, not checked"


def test_every_fixture_has_a_golden() -> None:
    assert len(FIXTURE_IDS) >= 7
    missing = [f for f in FIXTURE_IDS if not (FIXTURES / f"{f}.json").exists()]
    assert not missing, f"fixtures without a golden JSON: {missing}"


def _fixtures() -> list[object]:
    return [
        pytest.param(f, marks=pytest.mark.xfail(strict=True, reason=KNOWN_WRONG_GOLDENS[f]))
        if f in KNOWN_WRONG_GOLDENS
        else f
        for f in FIXTURE_IDS
    ]


def test_the_known_wrong_goldens_are_fixtures() -> None:
    assert set(KNOWN_WRONG_GOLDENS) <= set(FIXTURE_IDS)


@pytest.mark.parametrize("fixture_id", _fixtures())
def test_golden(fixture_id: str) -> None:
    actual = strip_provenance(parsed(fixture_id).model_dump(mode="json"))
    golden = FIXTURES / f"{fixture_id}.json"
    if UPDATE:
        golden.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n", "utf-8")
        pytest.fail(f"rewrote {golden.name}; review the diff, then run without the switch")
    assert golden.exists(), f"no golden for {fixture_id}: write {golden.name} and review it"
    expected = json.loads(golden.read_text("utf-8"))
    assert actual == expected
