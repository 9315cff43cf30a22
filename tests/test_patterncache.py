"""The pattern cache: what it loads is what ``regex`` compiles, and a bad file costs only time."""

from __future__ import annotations

import hashlib
import os
import pickle
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import regex

from copparse import patterncache

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A cache of this test's own; the session's is read again afterwards."""
    directory = tmp_path / "cache"
    monkeypatch.setenv(patterncache.ENV, str(directory))
    patterncache._reset()
    yield directory
    monkeypatch.undo()
    patterncache._reset()


def _no_compiling(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"compiled although cached: {args!r}")

    monkeypatch.setattr(regex, "compile", refuse)


SOURCES = [
    (r"(?<!\w)WG-CP/(\d{1,2})/(\d{1,3})(?!\d)", 0),
    (r"chair(?:man|person)?\s+(\p{Lu}\p{Ll}+)", regex.IGNORECASE),
    (r"chair(?:man|person)?\s+(\p{Lu}\p{Ll}+)", 0),  # the same source, other flags
    (r"^\s*(\d{1,2})\.(\d{1,3})\s", regex.MULTILINE | regex.VERSION1),
]
TEXTS = ["see WG-CP/13/2 and WG-CP/13/14", "the Chairman Kim", "CHAIRPERSON Lee", "1.2 x\n 6.100 y"]


def test_a_saved_pattern_loads_as_the_pattern_regex_compiles(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = [patterncache.compile(s, f) for s, f in SOURCES]
    assert patterncache.save()
    path = patterncache.cache_file()
    assert path is not None and path.parent == cache_dir and path.is_file()
    assert not patterncache.save()  # nothing new to write

    patterncache._reset()
    assert all(patterncache.cached(s, f) for s, f in SOURCES)
    _no_compiling(monkeypatch)
    loaded = [patterncache.compile(s, f) for s, f in SOURCES]
    for a, b in zip(fresh, loaded, strict=True):
        assert (a.pattern, a.flags) == (b.pattern, b.flags)
        assert a._pickled_data == b._pickled_data  # type: ignore[attr-defined]
        for text in TEXTS:
            assert [m.span() for m in a.finditer(text)] == [m.span() for m in b.finditer(text)]
            assert [m.groups() for m in a.finditer(text)] == [m.groups() for m in b.finditer(text)]


def test_flags_are_part_of_the_key(cache_dir: Path) -> None:
    patterncache.compile("abc", regex.IGNORECASE)
    assert patterncache.save()
    patterncache._reset()
    assert patterncache.cached("abc", regex.IGNORECASE)
    assert not patterncache.cached("abc")
    assert patterncache.compile("abc").search("ABC") is None
    assert patterncache.compile("abc", regex.IGNORECASE).search("ABC") is not None


def _write(path: Path, blob: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(blob)


def _signed(payload: bytes) -> bytes:
    return patterncache._HEADER + hashlib.sha256(payload).digest() + payload


class _Boom:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("echo pwned > pwned.txt",))


def _bad_files() -> dict[str, bytes]:
    source = SOURCES[0][0]
    good = regex.compile(source)._pickled_data  # type: ignore[attr-defined]
    plain = tuple(int(x) if isinstance(x, int) else x for x in good)
    signed = _signed(pickle.dumps({(source, 0): plain}))
    return {
        "empty": b"",
        "another format": b"\x80\x04" + signed[len(patterncache._HEADER) :],
        "changed after writing": signed[:-3] + b"xyz",
        "cut short": signed[: len(signed) // 2],
        "a call in the pickle": _signed(pickle.dumps({(source, 0): _Boom()})),
        "a class in the pickle": _signed(pickle.dumps({(source, 0): regex.RegexFlag.I})),
        "not a mapping": _signed(pickle.dumps([source])),
        "a field of the wrong type": _signed(pickle.dumps({(source, 0): (source, 0, "code")})),
        "another pattern's code": _signed(pickle.dumps({("x", 0): plain})),
    }


@pytest.mark.parametrize("kind", sorted(_bad_files()))
def test_a_file_not_to_be_trusted_is_ignored_and_written_over(
    kind: str, cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = patterncache.cache_file()
    assert path is not None
    _write(path, _bad_files()[kind])
    source = SOURCES[0][0]
    assert not patterncache.cached(source)
    compiled = patterncache.compile(source)
    assert [m.groups() for m in compiled.finditer(TEXTS[0])] == [("13", "2"), ("13", "14")]
    assert not (tmp_path / "pwned.txt").exists()
    assert patterncache.save()
    patterncache._reset()
    assert patterncache.cached(source)


def test_a_file_of_another_user_is_not_read(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    patterncache.compile(SOURCES[0][0])
    assert patterncache.save()
    patterncache._reset()
    monkeypatch.setattr(os, "getuid", lambda: os.stat(cache_dir).st_uid + 1)
    assert not patterncache.cached(SOURCES[0][0])


@pytest.mark.parametrize("value", ["off", "0", "False", " no ", ""])
def test_the_cache_can_be_turned_off(
    value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(patterncache.ENV, value)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))
    patterncache._reset()
    try:
        assert patterncache.cache_file() is None
        assert patterncache.compile(SOURCES[0][0]).search(TEXTS[0]) is not None
        assert not patterncache.save()
        assert list(tmp_path.iterdir()) == []
    finally:
        monkeypatch.undo()
        patterncache._reset()


def test_the_default_place_is_the_users_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(patterncache.ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    try:
        path = patterncache.cache_file()
        assert path is not None and path.parent == tmp_path / "xdg" / "copparse"
        monkeypatch.delenv("XDG_CACHE_HOME")
        monkeypatch.setenv("HOME", str(tmp_path / "home"))
        path = patterncache.cache_file()
        assert path is not None and path.parent == tmp_path / "home" / ".cache" / "copparse"
    finally:
        monkeypatch.undo()


def test_a_place_that_cannot_be_written_costs_nothing_but_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("not a directory")
    monkeypatch.setenv(patterncache.ENV, str(blocker))
    patterncache._reset()
    try:
        assert patterncache.compile(SOURCES[0][0]).search(TEXTS[0]) is not None
        assert not patterncache.save()
        assert blocker.read_text() == "not a directory"
    finally:
        monkeypatch.undo()
        patterncache._reset()


def test_a_forked_child_does_not_write(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    patterncache.compile(SOURCES[0][0])
    monkeypatch.setattr(patterncache, "_owner", os.getpid() + 1)  # as in a child after fork
    assert not patterncache.save()
    patterncache._save_at_exit()
    assert not cache_dir.exists()


def test_a_locale_pattern_is_not_kept(cache_dir: Path) -> None:
    patterncache.compile(r"\w+", regex.LOCALE)
    assert not patterncache.save()


def test_the_file_is_bounded_and_keeps_the_newest(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(patterncache, "MAX_ENTRIES", 5)
    for i in range(4):
        patterncache.compile(f"old{i}")
    assert patterncache.save()
    for i in range(3):
        patterncache.compile(f"new{i}")
    assert patterncache.save()
    patterncache._reset()
    held = [f"{k}{i}" for k in ("old", "new") for i in range(4) if patterncache.cached(f"{k}{i}")]
    assert len(held) == 5 and {"new0", "new1", "new2"} <= set(held)


def test_what_other_processes_wrote_meanwhile_is_kept(cache_dir: Path) -> None:
    patterncache.compile("mine-first")
    assert patterncache.save()
    patterncache.compile("mine-later")
    code = "from copparse import patterncache; patterncache.compile('theirs')"
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, check=False)
    assert done.returncode == 0, done.stderr
    assert patterncache.save()
    patterncache._reset()
    assert all(patterncache.cached(s) for s in ("mine-first", "mine-later", "theirs"))


_LATER_RUN = """
import regex
real = regex.compile
compiled = []
def counting(pattern, flags=0, **kw):
    compiled.append(pattern)
    return real(pattern, flags, **kw)
regex.compile = counting
import copparse
from copparse import rules
rules.compile_all()
text = open(SEED_PATH, encoding="utf-8").read()
report = copparse.parse_text(text)
assert report.meetings and report.contributions, report
todo = [r for r in rules.all_rules() if isinstance(r.source, str)]
regex.compile = real
for r in todo:
    plain = real(r.source, r.flags)
    # Not the same bytes: regex orders a set of first characters differently in each process.
    a, b = r.pattern._pickled_data, plain._pickled_data
    assert a[:2] + a[3:] == b[:2] + b[3:], r.name
    assert all(r.pattern.search(t) is None for t in r.counter_examples), r.name
    spans = [(m.span(), m.groups()) for m in r.pattern.finditer(text)]
    assert spans == [(m.span(), m.groups()) for m in plain.finditer(text)], r.name
    for text, _ in r.examples:
        assert r.value(text) == (None if (m := plain.search(text)) is None else m.group(r.group))
import hashlib
print(len(compiled), len(todo), hashlib.sha256(report.model_dump_json().encode()).hexdigest())
"""


def test_a_later_run_compiles_nothing_and_reads_as_the_first(cache_dir: Path) -> None:
    seed = ROOT / "tests" / "fixtures" / "000_84bfac458156e755.txt"
    code = _LATER_RUN.replace("SEED_PATH", repr(str(seed)))
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    runs: list[tuple[int, int, str]] = []
    for _ in range(3):
        done = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr[-2000:]
        compiled, count, digest = done.stdout.split()
        runs.append((int(compiled), int(count), digest))
    (first, rules_count, report), *later = runs
    assert rules_count > 100 and first >= rules_count
    assert [(n, r) for n, _, r in later] == [(0, report), (0, report)]
