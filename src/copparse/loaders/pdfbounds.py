"""Bounds that hold for both PDF backends, checked before a page is drawn.

- Inflated streams: every Flate stream is inflated once, in 1 MiB steps whose output is
  counted and thrown away, so a 1 MB file that inflates to gigabytes is refused after reading
  ``Limits.max_unpacked_bytes`` of it, never holding more than a step in memory.
- Form XObject fan-out: how many form drawings a page asks for, nested drawings multiplied
  out, is counted from the content streams without drawing anything; past
  ``Limits.max_xobject_draws`` the PDF is refused (PDFium would otherwise build every copy in
  memory until the process aborts; pdfminer would draw them for hours).
- The page count: the page tree is walked, never its ``/Count`` trusted, and the walk stops
  one page past ``Limits.max_pages``.
- pdfminer's warnings ("Cannot render horizontal string", "Data-loss while decompressing")
  are caught while a PDF is read and become one diagnostic instead of lines on stderr.
- The clock is read every few thousand content-stream operators, inside a page as well as
  between pages.
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
import time
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from copparse.errors import ArchiveBombError, LimitExceededError, TimeLimitError
from copparse.limits import Limits
from copparse.models import Diagnostic, Severity

__all__ = [
    "Clock",
    "PdfScan",
    "capture_pdfminer_warnings",
    "check_form_draws",
    "scan_pdf",
    "walk_pages",
    "warning_diagnostic",
]

# "stream" and its line end, not "endstream": the look-behind after the word, so that the
# engine looks for the word itself (before it, it tried the look-behind at every byte).
_STREAM = re.compile(rb"stream(?<!endstream)(?:\r\n|\n|\r)")
_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![A-Za-z0-9#])")
# A form XObject's /Subtype, or any /Subtype written with a #xx escape in its name.
_FORM = re.compile(rb"/Subtype\s*/(?:Form|[^\s/<>\[\]()]*#)")
_DO = re.compile(rb"/([^\s/<>\[\]()%{}]+)\s*Do(?![A-Za-z0-9_])")
_IMAGE = re.compile(rb"/Subtype\s*/Image(?![A-Za-z0-9#])")
_STEP = 1 << 20
_FIRST_STEP = 4096


@dataclass(frozen=True)
class PdfScan:
    """What one pass over the raw bytes found.

    Attributes:
        inflated: Bytes all Flate streams inflate to.
        page_objects: ``/Type /Page`` objects seen in the file and its object streams (an
            upper bound on the pages: old revisions count too).
        has_forms: Whether any form XObject is declared.
    """

    inflated: int
    page_objects: int
    has_forms: bool


def scan_pdf(data: bytes, limits: Limits, source: str | None) -> PdfScan:
    """Inflate every Flate stream once, counting; raise ArchiveBombError past the limit.

    Images are counted apart, against four times the limit: neither backend inflates them to
    read text, and a report with photographs can hold hundreds of megabytes of pixels.

    Streams of an encrypted PDF are not Flate data until decrypted, and are not counted:
    for those the process boundary (``isolate=True``) is the bound.
    """
    total = images = 0
    pages = len(_PAGE_OBJECT.findall(data))
    # Input is fed through a view, in steps that start small and double: a slice of bytes
    # would copy, and the inflater copies what follows a stream's end, so a fixed 1 MiB step
    # cost a mebibyte per stream (87 s for a file of 300,000 one-line pages).
    view = memoryview(data)
    for m in _STREAM.finditer(data):
        start = m.end()
        head = data[start : start + 2]
        if len(head) < 2 or head[0] & 0x0F != 8 or (head[0] << 8 | head[1]) % 31:
            continue  # no zlib header: an image, a font, or no Flate at all
        head = data[max(0, m.start() - 2048) : m.start()]
        head = head[head.rfind(b"obj") + 1 :]  # this stream's dictionary
        object_stream = b"/ObjStm" in head
        image = _IMAGE.search(head) is not None
        inflater = zlib.decompressobj()
        at = start
        step = _FIRST_STEP
        tail = b""
        try:
            while not inflater.eof and (inflater.unconsumed_tail or at < len(data)):
                chunk: bytes | memoryview
                if inflater.unconsumed_tail:
                    chunk = inflater.unconsumed_tail
                else:
                    chunk = view[at : at + step]
                    at += step
                    step = min(2 * step, _STEP)
                out = inflater.decompress(chunk, _STEP)
                if image:
                    images += len(out)
                else:
                    total += len(out)
                if object_stream:
                    pages += len(_PAGE_OBJECT.findall(tail + out))
                    tail = out[-40:]
                if total > limits.max_unpacked_bytes or images > 4 * limits.max_unpacked_bytes:
                    what, limit = (
                        ("streams", limits.max_unpacked_bytes)
                        if total > limits.max_unpacked_bytes
                        else ("images", 4 * limits.max_unpacked_bytes)
                    )
                    raise ArchiveBombError(
                        f"the PDF's {what} inflate to more than {limit:,} bytes (a"
                        " decompression bomb?); raise Limits.max_unpacked_bytes if the file is"
                        " genuine",
                        source=source,
                    )
        except zlib.error:
            continue  # damaged or not Flate: pdfminer / PDFium decide what to do with it
    return PdfScan(total, pages, _FORM.search(data) is not None)


def walk_pages(doc: Any, limits: Limits, source: str | None) -> Iterator[Any]:
    """Pdfminer's pages, lazily, from the page tree; TooManyPagesError past the limit.

    pdfplumber's ``PDF.pages`` builds every page before the first is read (300,000 pages:
    30 s and 1.1 GB before the limit could be checked); this stops one page past it.
    """
    from pdfminer.pdfpage import PDFPage

    from copparse.loaders.pdf import check_page_count

    for n, page in enumerate(PDFPage.create_pages(doc), start=1):
        if n > limits.max_pages:
            check_page_count(n, limits, source, at_least=True)
        yield page


def check_form_draws(doc: Any, limits: Limits, source: str | None) -> None:
    """Refuse a PDF whose pages ask for more than ``limits.max_xobject_draws`` form drawings.

    Counted from the content streams, nested forms multiplied out (a form drawn 10 times that
    draws another 10 times counts 110), with a form's count kept once computed: linear in the
    size of the content streams, whatever the fan-out.
    """
    from pdfminer.pdftypes import PDFStream, dict_value, resolve1

    memo: dict[tuple[int, int], int] = {}

    def draws(stream: Any, resources: Any, stack: frozenset[int], page: int) -> int:
        try:
            content = stream.get_data()
        except Exception:  # a damaged stream: the reader will say so, or skip it
            return 0
        names = Counter(_DO.findall(content))
        if not names:
            return 0
        xobjects = dict_value(resolve1(dict_value(resources).get("XObject")) or {})
        total = 0
        for raw_name, times in names.items():
            name = raw_name.decode("latin-1")
            target = resolve1(xobjects.get(name))
            if not isinstance(target, PDFStream) or target.objid in stack:
                continue
            if getattr(target.get("Subtype"), "name", None) != "Form":
                continue
            own = target.get("Resources")
            inner = resolve1(own) if own else resources
            key = (target.objid or id(target), id(inner))
            if key not in memo:
                memo[key] = draws(target, inner, stack | {target.objid or 0}, page)
            total += times * (1 + memo[key])
            if total > limits.max_xobject_draws:
                raise LimitExceededError(
                    f"page {page} draws form XObjects more than"
                    f" {limits.max_xobject_draws:,} times, nested drawings counted (a fan-out"
                    " built to exhaust memory?); raise Limits.max_xobject_draws if the file is"
                    " genuine",
                    source=source,
                )
        return total

    for number, page in enumerate(walk_pages(doc, limits, source), start=1):
        contents = page.contents if isinstance(page.contents, list) else []
        for item in contents:
            stream = resolve1(item)
            if isinstance(stream, PDFStream):
                draws(stream, page.resources or {}, frozenset(), number)


class Clock:
    """A deadline read every 4,096 ticks; one tick per content-stream operator or operand."""

    def __init__(self, started: float, limits: Limits, source: str | None) -> None:
        self.deadline = started + limits.max_seconds
        self.limits = limits
        self.source = source
        self.page = 0
        self.count = 0
        self._ticks = 0

    def tick(self) -> None:
        """Count one step; raise TimeLimitError once the deadline has passed."""
        self._ticks += 1
        if self._ticks & 4095 == 0 and time.monotonic() > self.deadline:
            self.expire()

    def expire(self) -> None:
        """Raise TimeLimitError if the deadline has passed."""
        if time.monotonic() > self.deadline:
            raise TimeLimitError(
                f"reading stopped inside page {self.page} of {self.count}: over the limit of"
                f" {self.limits.max_seconds:g} s (raise Limits.max_seconds)",
                source=self.source,
            )


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.thread = threading.get_ident()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            with contextlib.suppress(Exception):
                self.messages.append(record.getMessage()[:200])


@contextlib.contextmanager
def capture_pdfminer_warnings() -> Iterator[list[str]]:
    """Collect pdfminer's (and pdfplumber's) warnings in this thread while reading.

    With a handler of ours on their loggers, Python's last-resort handler no longer prints
    them on stderr; an application that configured logging still receives them.
    """
    handler = _Capture()
    loggers = [logging.getLogger("pdfminer"), logging.getLogger("pdfplumber")]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        for logger in loggers:
            logger.removeHandler(handler)


def warning_diagnostic(messages: list[str]) -> Diagnostic | None:
    """One warning diagnostic for what the PDF reader complained about, or None."""
    if not messages:
        return None
    counts = Counter(messages)
    listed = "; ".join(f"{text} (x{n})" if n > 1 else text for text, n in counts.most_common(3))
    more = f"; and {len(counts) - 3} other kind(s)" if len(counts) > 3 else ""
    return Diagnostic(
        code="pdf-reader-warnings",
        severity=Severity.WARNING,
        message=f"the PDF reader met {len(messages)} problem(s) in the file, so some text may"
        f" be missing or misplaced: {listed}{more}",
    )
