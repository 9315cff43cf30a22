"""Python's cyclic garbage collector held off while a report is parsed.

A parse allocates many small objects (matches, tuples, blocks, models) and frees them by
reference counting; it makes next to no reference cycles. With the collector on, every few
hundred allocations start a collection, and the full ones walk every live object: the longer
the report, the more objects each walk meets, so the cost per character grows with the report
(about 10 % of a 47-page parse, and 15 % of segmenting 8,000 paragraphs). The collector is
paused for the parse and resumed after it, so any cycles are collected then.

Pauses nest and may overlap across threads: the collector resumes when the last one ends, and
only if it was enabled when the first began (a caller that disabled it keeps it disabled).
"""

from __future__ import annotations

import contextlib
import gc
import threading
from types import TracebackType

__all__ = ["gc_paused"]

_LOCK = threading.Lock()
_depth = 0
_resume = False


class _GcPaused(contextlib.ContextDecorator):
    def __enter__(self) -> None:
        global _depth, _resume
        with _LOCK:
            if _depth == 0:
                _resume = gc.isenabled()
                gc.disable()
            _depth += 1

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        global _depth
        with _LOCK:
            _depth -= 1
            if _depth == 0 and _resume:
                gc.enable()


gc_paused = _GcPaused()
"""Context manager and decorator: no cyclic garbage collection inside (see the module)."""
