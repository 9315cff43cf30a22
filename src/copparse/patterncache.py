"""copparse's compiled patterns, kept on disk between runs: most of its start-up otherwise.

``regex`` compiles a pattern in Python (parse, optimise, generate the engine's code; about
1 ms a pattern, some 270 ms for copparse's) and then builds the C engine's pattern from that
code, which is quick. The code is what ``regex`` itself pickles a pattern as. Kept in a file,
the whole set loads in a few milliseconds, and ``copparse parse`` or a ``convert`` worker
starts without compiling anything.

Where: ``$COPPARSE_PATTERN_CACHE`` if set (a directory; ``0``, ``off``, ``no`` or ``false``
turns the cache off), else ``$XDG_CACHE_HOME/copparse``, else ``~/.cache/copparse``. One file
per version of ``regex`` and of Python, so an upgrade starts a new one. The file is
written at exit by a process that compiled patterns it did not hold (and once by ``convert``'s
warm-up, see ``copparse._warm``), through a temporary file and a rename, so a reader sees the
old file or the new one. A file that is not the current user's, not one this module wrote
(a checksum covers it), or that holds anything but plain data (no class, no function is
allowed when it is read back) is ignored and written over: a pattern then compiles as it
would with no cache. Nothing here raises: a cache that cannot be read or written costs only
the time it would have saved.
"""

from __future__ import annotations

import atexit
import hashlib
import importlib
import io
import os
import pickle
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

import regex

# The C engine: what regex's own unpickling of a pattern calls. Untyped.
_regex: Any = importlib.import_module("regex._regex")

__all__ = ["cache_file", "compile", "save"]

ENV = "COPPARSE_PATTERN_CACHE"
_OFF = {"0", "off", "no", "false"}
_HEADER = b"copparse compiled patterns 1\n"
# More than copparse has (about 300): room for a few upgrades' worth of changed patterns,
# and a bound on what a file can make this module hold.
MAX_ENTRIES = 2000

Key = tuple[str, int]  # a pattern's source and its flags

_LOCK = threading.Lock()
_loaded = False
_path: Path | None = None
_held: dict[Key, tuple[Any, ...]] = {}  # read from the file
_new: dict[Key, tuple[Any, ...]] = {}  # compiled here, not in the file
_owner = 0  # the process that may write the file (not a forked child)


def _directory() -> Path | None:
    value = os.environ.get(ENV)
    if value is not None:
        value = value.strip()
        return None if value.lower() in _OFF or not value else Path(value)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "copparse"


def _tag() -> str:
    # The engine's code is valid for one build of regex, under one Python: both name the file.
    parts = (
        regex.__version__, _regex.MAGIC, _regex.CODE_SIZE, regex.DEFAULT_VERSION,
        sys.implementation.cache_tag, sys.byteorder,
    )  # fmt: skip
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def cache_file() -> Path | None:
    """The file the patterns are kept in, or ``None`` when the cache is off."""
    directory = _directory()
    return None if directory is None else directory / f"patterns-{_tag()}.pickle"


class _PlainData(pickle.Unpickler):
    """An unpickler that makes no object but str, bytes, int, tuple, list and dict."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"not plain data: {module}.{name}")


def _read(path: Path) -> dict[Key, tuple[Any, ...]]:
    """The entries of the file at ``path``; empty if it is missing or not to be trusted."""
    try:
        with open(path, "rb") as f:
            if hasattr(os, "getuid") and os.fstat(f.fileno()).st_uid != os.getuid():
                return {}
            blob = f.read()
    except OSError:
        return {}
    digest_end = len(_HEADER) + 32
    if not blob.startswith(_HEADER) or len(blob) < digest_end:
        return {}
    payload = blob[digest_end:]
    if hashlib.sha256(payload).digest() != blob[len(_HEADER) : digest_end]:
        return {}
    try:
        entries = _PlainData(io.BytesIO(payload)).load()
    except Exception:
        return {}
    if not isinstance(entries, dict) or len(entries) > MAX_ENTRIES:
        return {}
    return {key: data for key, data in entries.items() if _valid(key, data)}


def _valid(key: object, data: object) -> bool:
    # As regex pickles a pattern: (source, flags, code, ...), eleven fields.
    return (
        isinstance(key, tuple)
        and len(key) == 2
        and isinstance(key[0], str)
        and isinstance(key[1], int)
        and isinstance(data, tuple)
        and len(data) == 11
        and data[0] == key[0]
        and isinstance(data[2], bytes)  # the engine's code
        and not data[5]  # named lists (\L<name>) hold sets: not plain data
    )


def _load() -> None:
    global _loaded, _path, _owner
    with _LOCK:
        if _loaded:
            return
        _path = cache_file()
        if _path is not None:
            _held.update(_read(_path))
        _owner = os.getpid()
        _loaded = True


def compile(source: str, flags: int = 0) -> regex.Pattern[str]:
    """``regex.compile(source, flags)``, from the cache where it holds the pattern."""
    if not _loaded:
        _load()
    key = (source, int(flags))  # a RegexFlag is an int that pickles as a class
    data = _held.get(key)
    if data is not None:
        try:
            compiled: regex.Pattern[str] = _regex.compile(*data)
            return compiled
        except Exception:
            _held.pop(key, None)
    compiled = regex.compile(source, flags)
    remember(source, flags, compiled)
    return compiled


def cached(source: str, flags: int = 0) -> bool:
    """Whether the cache holds the pattern (it then compiles in microseconds)."""
    if not _loaded:
        _load()
    return (source, int(flags)) in _held


def remember(source: str, flags: int, compiled: regex.Pattern[str]) -> None:
    """Keep ``compiled`` (made elsewhere: a helper process) to be written to the file."""
    key = (source, int(flags))
    if _path is None or key in _held or compiled.pattern != source:
        return
    # A pattern whose meaning depends on the locale is compiled again for each.
    if compiled.flags & regex.LOCALE:
        return
    data = getattr(compiled, "_pickled_data", None)  # what regex pickles a pattern as
    if not isinstance(data, tuple):
        return
    data = tuple(int(x) if isinstance(x, int) else x for x in data)  # flags: plain ints
    if _valid(key, data):
        with _LOCK:
            first = not _new
            _new[key] = data
        if first:
            atexit.register(_save_at_exit)


def _save_at_exit() -> None:
    if os.getpid() == _owner:  # not a forked child that inherited the handler
        save()


def save() -> bool:
    """Write the patterns compiled here to the file, with those it held; whether it wrote."""
    with _LOCK:
        if _path is None or not _new or os.getpid() != _owner:
            return False
        path, new = _path, dict(_new)
    entries = _read(path)  # what other processes wrote meanwhile
    entries.update(new)
    if len(entries) > MAX_ENTRIES:  # an old version's patterns go first
        kept = dict(new)
        for key, data in entries.items():
            if len(kept) >= MAX_ENTRIES:
                break
            kept.setdefault(key, data)
        entries = kept
    payload = pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)
    blob = _HEADER + hashlib.sha256(payload).digest() + payload
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=".patterns-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(blob)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return False
    with _LOCK:
        _held.update(new)
        for key in new:
            _new.pop(key, None)
    return True


def _reset() -> None:
    """Forget what was read and compiled (for the tests: the next compile reads again)."""
    global _loaded, _path
    with _LOCK:
        _loaded, _path = False, None
        _held.clear()
        _new.clear()
