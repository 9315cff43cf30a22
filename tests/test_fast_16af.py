"""The warm-up's shared compile: a forked helper's patterns are the ones compiled here."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import pytest
import regex

# Run in a fresh process: the suite's own has compiled its patterns already.
_SHARED = """
import regex
from copparse import rules
rules.compile_all(helper=True)
todo = [r for r in rules.all_rules() if isinstance(r.source, str)]
assert all("pattern" in vars(r) for r in todo)
for r in todo:
    plain = regex.compile(r.source, r.flags)
    assert r.pattern._pickled_data == plain._pickled_data, r.name
    for text, _ in r.examples:
        assert r.value(text) == (None if (m := plain.search(text)) is None else m.group(r.group))
print(len(todo))
"""

# The helper fails: every pattern is still compiled, here.
_BROKEN = """
import os, pickle
from copparse import rules
real = pickle.dumps
def broken(obj, protocol=None):
    if os.getpid() != parent:
        raise RuntimeError("the helper fails")
    return real(obj, protocol)
parent = os.getpid()
pickle.dumps = broken
rules.compile_all(helper=True)
todo = [r for r in rules.all_rules() if isinstance(r.source, str)]
assert all("pattern" in vars(r) for r in todo)
print("ok")
"""


def _run(code: str) -> str:
    root = Path(__file__).resolve().parent.parent
    # No pattern cache: with one, a second run would have nothing for the helper to compile.
    env = dict(os.environ, PYTHONPATH=str(root / "src"), COPPARSE_PATTERN_CACHE="off")
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork here")
def test_the_helpers_patterns_are_the_patterns_compiled_here() -> None:
    assert int(_run(_SHARED)) > 100


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork here")
def test_a_failed_helper_leaves_nothing_uncompiled() -> None:
    assert _run(_BROKEN) == "ok"


def test_a_pickled_pattern_is_its_compiled_form() -> None:
    import pickle

    p = regex.compile(r"(?i)(?<!\w)(?:chair(?:man)?|vice)\s+\p{Lu}", regex.M)
    q = pickle.loads(pickle.dumps(p))
    assert q._pickled_data == p._pickled_data  # type: ignore[attr-defined]
    m, n = q.search("the Chairman Kim"), p.search("the Chairman Kim")
    assert m is not None and n is not None and m.span() == n.span()


@pytest.mark.skipif(
    "forkserver" not in multiprocessing.get_all_start_methods(), reason="no forkserver here"
)
def test_the_warm_up_compiles_every_pattern() -> None:
    code = (
        "import copparse._warm\nfrom copparse import rules\n"
        "print(all('pattern' in vars(r) for r in rules.all_rules() if isinstance(r.source, str)))"
    )
    assert _run(code) == "True"
