"""One table per backend from its exceptions to ours, applied around the whole read.

As httpx's ``map_exceptions`` does it: a loader runs its entire body inside
:func:`map_exceptions` with a table of ``(foreign exception, our error, what it means)``, so a
dependency's exception can never reach the caller, and each kind of failure gets a message
that says what happened to the input. The first matching row wins, so specific rows go first.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence

from copparse.errors import CopParseError

__all__ = ["ErrorTable", "describe", "map_exceptions"]

# (the foreign exception, our error class, the sentence that explains it)
ErrorTable = Sequence[tuple[type[BaseException], type[CopParseError], str]]


def describe(exc: BaseException) -> str:
    """``"ValueError: bad value"``, or only the name when the exception has no message."""
    text = str(exc)
    if len(text) > 300:
        text = text[:300] + "..."
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


@contextlib.contextmanager
def map_exceptions(
    table: ErrorTable,
    *,
    source: str | None,
    detail: Callable[[BaseException], str] = describe,
) -> Iterator[None]:
    """Re-raise a foreign exception as the first matching row's error, chained to it.

    Our own errors pass through untouched; an exception no row matches is re-raised as it
    is (a bug of ours, which a test should catch, rather than a damaged file).
    """
    try:
        yield
    except CopParseError:
        raise
    except Exception as exc:
        for foreign, ours, meaning in table:
            if isinstance(exc, foreign):
                raise ours(f"{meaning} ({detail(exc)})", source=source) from exc
        raise
