"""Where a pattern's match can open: helpers of the searches put only there (see
:func:`copparse.extract.finditer_at`).
"""  # noqa: D205

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["fewest_words", "shortest_words"]


def shortest_words(words: Iterable[str]) -> tuple[str, ...]:
    """``words`` without those another of them begins: a ``find`` of "chair" finds every
    "chairman" too, so the longer word adds no place.
    """  # noqa: D205
    kept = tuple(dict.fromkeys(words))
    return tuple(w for w in kept if not any(o != w and w.startswith(o) for o in kept))


def fewest_words(words: Iterable[str]) -> tuple[str, ...]:
    """The lower-case ``words`` a rule needs, each once and none that holds another: a text
    holds one of them exactly where it holds one of ``words`` (one that holds "chairman"
    holds "chair"), and a test of a text that holds none looks for fewer.

    Example: ``["Chair", "chairman", "vicechair", "Meeting"]`` -> ``("chair", "meeting")``.
    """  # noqa: D205
    kept = tuple(dict.fromkeys(w.lower() for w in words))
    return tuple(w for w in kept if not any(o != w and o in w for o in kept))
