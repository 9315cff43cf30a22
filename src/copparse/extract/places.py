"""Where a pattern's match can open: helpers of the searches put only there (see
:func:`copparse.extract.finditer_at`).
"""  # noqa: D205

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["shortest_words"]


def shortest_words(words: Iterable[str]) -> tuple[str, ...]:
    """``words`` without those another of them begins: a ``find`` of "chair" finds every
    "chairman" too, so the longer word adds no place.
    """  # noqa: D205
    kept = tuple(dict.fromkeys(words))
    return tuple(w for w in kept if not any(o != w and w.startswith(o) for o in kept))
