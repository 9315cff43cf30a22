"""PDF loader (pdfplumber): words with their boxes -> lines -> paragraphs, page by page.

pdfplumber and pdfminer are imported on the first PDF only.
"""

from __future__ import annotations

import functools
import io
import itertools
import statistics
import time
from collections.abc import Callable
from typing import Any, cast

from copparse import patterncache
from copparse.errors import (
    CorruptFileError,
    EncryptedFileError,
    LimitExceededError,
    NoTextLayerError,
    TimeLimitError,
    TooManyPagesError,
)
from copparse.limits import Limits
from copparse.loaders.layout import (
    LAYOUT,
    NARROW_BREAK_RATIO,
    X_TOLERANCE_RATIO,
    LayoutText,
    Line,
    PageLines,
    join_lines,
    word_break,
)
from copparse.loaders.pdfbounds import (
    Clock,
    capture_pdfminer_warnings,
    check_form_draws,
    scan_pdf,
    walk_pages,
    warning_diagnostic,
)
from copparse.models import Diagnostic, Severity

__all__ = [
    "X_TOLERANCE_RATIO",
    "check_page_count",
    "check_time",
    "finish_pdf",
    "layout_diagnostics",
    "load_pdf",
    "split_narrow_breaks",
    "words_to_lines",
]

# A gap wider than this many glyph sizes inside a line is a tab stop or a table column; word
# spaces, even stretched in justified text, stay well under it.


_CID = patterncache.compile(r"\(cid:\d+\)")


def words_to_lines(words: list[dict[str, Any]]) -> tuple[list[Line], int]:
    """Group pdfplumber words into lines by their top edge; wide gaps become tabs.

    A glyph the PDF gives no character for comes out of pdfminer as "(cid:127)". Standing
    alone at the start of a line, before more text, it is a bullet; anywhere else it is
    dropped.

    Returns:
        The lines, and how many unmapped glyphs were dropped.
    """
    rows: list[list[dict[str, Any]]] = []
    for w in sorted(words, key=lambda w: (round(float(w["top"])), float(w["x0"]))):
        if rows and abs(float(w["top"]) - float(rows[-1][0]["top"])) <= 2.0:
            rows[-1].append(w)
        else:
            rows.append([w])
    lines = []
    dropped = 0
    for row in rows:
        row.sort(key=lambda w: float(w["x0"]))
        size = statistics.median(float(w.get("size", 10.0)) for w in row)
        text = row[0]["text"]
        for a, b in itertools.pairwise(row):
            gap = float(b["x0"]) - float(a["x1"])
            text += ("\t" if gap > LAYOUT.tab_gap * size else " ") + b["text"]
        if "(cid:" in text:
            bullet = _CID.fullmatch(row[0]["text"]) and len(row) > 1
            if bullet:
                text = "•" + text[len(row[0]["text"]) :]
            dropped += len(_CID.findall(text))
            text = _CID.sub("", text)
        lines.append(
            Line(
                text=text,
                x0=float(row[0]["x0"]),
                x1=float(row[-1]["x1"]),
                top=min(float(w["top"]) for w in row),
                bottom=max(float(w["bottom"]) for w in row),
                size=size,
            )
        )
    return lines, dropped


def split_narrow_breaks(words: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Cut pdfplumber words where a narrow gap plainly starts a new word (see ``word_break``).

    A tab stop that falls just after a word leaves a gap under the word tolerance:
    "GSMA⇥Mobile" would come out as "GSMAMobile". PDFium sees the new text object there; this
    gives pdfplumber the same words. Needs ``extract_words(return_chars=True)``.
    """
    out: list[dict[str, Any]] = []
    for word in words:
        chars = word.get("chars") or []
        size = float(word.get("size", 10.0))
        narrow = NARROW_BREAK_RATIO * size
        start = 0
        for i in range(1, len(chars)):
            gap = float(chars[i]["x0"]) - float(chars[i - 1]["x1"])
            if gap > narrow:
                before = "".join(c["text"] for c in chars[start:i])
                after = "".join(c["text"] for c in chars[i : i + 2])
                if word_break(gap, size, before, after):
                    out.append(_word_of(chars[start:i], size))
                    start = i
        out.append(word if start == 0 else _word_of(chars[start:], size))
    return out


def _word_of(chars: list[dict[str, Any]], size: float) -> dict[str, Any]:
    return {
        "text": "".join(c["text"] for c in chars),
        "x0": float(chars[0]["x0"]),
        "x1": float(chars[-1]["x1"]),
        "top": min(float(c["top"]) for c in chars),
        "bottom": max(float(c["bottom"]) for c in chars),
        "size": size,
    }


def check_page_count(
    count: int, limits: Limits, source: str | None, *, at_least: bool = False
) -> None:
    """Raise TooManyPagesError past ``limits.max_pages`` (``at_least``: the walk stopped)."""
    if count > limits.max_pages:
        raise TooManyPagesError(
            f"the PDF has {'at least ' if at_least else ''}{count} pages, more than the limit"
            f" of {limits.max_pages} (raise Limits.max_pages)",
            source=source,
        )


def check_time(started: float, page: int, count: int, limits: Limits, source: str | None) -> None:
    """Raise TimeLimitError once reading has taken longer than ``limits.max_seconds``."""
    if time.monotonic() - started > limits.max_seconds:
        raise TimeLimitError(
            f"reading stopped at page {page} of {count}: over the limit of"
            f" {limits.max_seconds:g} s (raise Limits.max_seconds)",
            source=source,
        )


def finish_pdf(
    pages: list[PageLines],
    count: int,
    unmapped: int,
    starts_block: Callable[[str], bool],
    source: str | None,
) -> tuple[str, tuple[int, ...], int, tuple[Diagnostic, ...]]:
    """The common end of both PDF backends: refuse an empty or scanned PDF, then lay out."""
    if count == 0:
        raise CorruptFileError("the PDF has no pages", source=source)
    if not any(p.lines for p in pages):
        raise NoTextLayerError(
            f"none of the {count} page(s) has a text layer: this looks like a scan; run OCR"
            " first (for example `ocrmypdf in.pdf out.pdf`)",
            source=source,
        )
    layout = join_lines(pages, starts_block)
    return layout.text, layout.page_starts, count, layout_diagnostics(layout, unmapped)


def load_pdf(
    data: bytes,
    *,
    source: str | None,
    password: str | None,
    limits: Limits,
    starts_block: Callable[[str], bool],
) -> tuple[str, tuple[int, ...], int, tuple[Diagnostic, ...]]:
    """Read a PDF's text in reading order.

    Returns:
        The text (one line per paragraph), where pages 2, 3... begin in it, the page count,
        and the loader's diagnostics.

    Raises:
        EncryptedFileError: the PDF needs a password, or the one given is wrong.
        CorruptFileError: the PDF is truncated or damaged.
        NoTextLayerError: no page holds any text (a scan).
        TooManyPagesError, TimeLimitError: a limit was reached.
    """
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfplumber.page import Page
    from pdfplumber.utils.exceptions import PdfminerException

    started = time.monotonic()
    scan = scan_pdf(data, limits, source)

    def wrap(exc: BaseException) -> BaseException:
        cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
        if isinstance(cause, MemoryError):  # not damage: the process's own limit
            return cause
        if isinstance(cause, PDFPasswordIncorrect) or "password" in repr(cause).lower():
            what = "the password given is wrong" if password else "pass password='...'"
            return EncryptedFileError(f"the PDF is encrypted; {what}", source=source)
        detail = f"{type(cause).__name__}: {cause}" if str(cause) else type(cause).__name__
        return CorruptFileError(
            f"the PDF is damaged or truncated and cannot be read ({detail})", source=source
        )

    pages: list[PageLines] = []
    unmapped = 0
    with capture_pdfminer_warnings() as warnings:
        try:
            pdf = pdfplumber.open(io.BytesIO(data), password=password or "")
        except Exception as exc:
            raise wrap(exc) from exc
        try:
            # The page tree is walked lazily, stopping one page past the limit, rather than
            # through pdfplumber's PDF.pages, which builds every page first.
            count = sum(1 for _ in walk_pages(pdf.doc, limits, source))
            if scan.has_forms:
                check_form_draws(pdf.doc, limits, source)
            clock = Clock(started, limits, source)
            clock.count = count
            for number, page_obj in enumerate(walk_pages(pdf.doc, limits, source), start=1):
                clock.page = number
                page = Page(pdf, page_obj, page_number=number, initial_doctop=0)
                try:
                    page._layout = _layout(pdf, page, clock)
                    words = page.extract_words(
                        x_tolerance_ratio=X_TOLERANCE_RATIO,
                        extra_attrs=["size"],
                        return_chars=True,
                    )
                    lines, dropped = words_to_lines(split_narrow_breaks(words))
                    unmapped += dropped
                    pages.append(
                        PageLines(number, float(page.width), float(page.height), tuple(lines))
                    )
                finally:
                    page.close()  # pdfplumber otherwise keeps its layout, ~5 MB a page
                check_time(started, number, count, limits, source)
        except LimitExceededError:
            raise
        except Exception as exc:
            raise wrap(exc) from exc
        finally:
            # Not pdf.close(): it builds every page of the tree to close them (what the lazy
            # walk avoids), and on a damaged tree raises over the error already told (found
            # by fuzzing). The pages read were closed one by one; the stream is ours.
            pdf.flush_cache()
            pdf.stream.close()
    text, starts, count, diagnostics = finish_pdf(pages, count, unmapped, starts_block, source)
    said = warning_diagnostic(warnings)
    return text, starts, count, (*diagnostics, said) if said else diagnostics


def _layout(pdf: Any, page: Any, clock: Clock) -> Any:
    """Pdfplumber's page layout, drawn by an interpreter that reads the clock as it goes.

    The same device and interpreter as ``pdfplumber.Page.layout``; the interpreter ticks on
    every operand and operator, so one pathological page stops at ``Limits.max_seconds``
    instead of running on until the page ends.
    """
    from pdfplumber.utils.exceptions import PdfminerException

    device_class, interpreter_class = _timed_classes()
    device = device_class(pdf.rsrcmgr, pageno=page.page_number, laparams=pdf.laparams)
    device.clock = clock
    try:
        interpreter_class(pdf.rsrcmgr, device).process_page(page.page_obj)
    except TimeLimitError:
        raise
    except Exception as exc:
        raise PdfminerException(exc) from exc
    return device.get_result()


@functools.cache
def _timed_classes() -> tuple[type[Any], type[Any]]:
    """The page device of pdfplumber with a clock, and an interpreter that ticks it.

    The interpreter ticks on every operand it pushes and on every operator without operands
    (those with operands pushed them first), and its sub-interpreters for form XObjects are of
    the same class, sharing the device and so the clock.
    """
    from pdfminer.pdfinterp import PDFPageInterpreter
    from pdfplumber.page import PDFPageAggregatorWithMarkedContent

    class TimedDevice(PDFPageAggregatorWithMarkedContent):
        clock: Clock

    def tick(interpreter: PDFPageInterpreter) -> None:
        cast(TimedDevice, interpreter.device).clock.tick()

    def timed(op: Callable[[PDFPageInterpreter], None]) -> Callable[[PDFPageInterpreter], None]:
        def run(self: PDFPageInterpreter) -> None:  # one argument, as pdfminer counts them
            tick(self)
            op(self)

        return run

    class TimedInterpreter(PDFPageInterpreter):
        def push(self, obj: Any) -> None:
            tick(self)
            super().push(obj)

    for name in dir(PDFPageInterpreter):
        op = getattr(PDFPageInterpreter, name)
        if name.startswith("do_") and callable(op) and op.__code__.co_argcount == 1:
            setattr(TimedInterpreter, name, timed(op))
    return TimedDevice, TimedInterpreter


def layout_diagnostics(layout: LayoutText, unmapped: int) -> tuple[Diagnostic, ...]:
    """What a PDF loader did to the text, as info and warning diagnostics."""
    diagnostics = []
    if layout.furniture_removed:
        diagnostics.append(
            Diagnostic(
                code="pdf-furniture-removed",
                severity=Severity.INFO,
                message=f"removed {layout.furniture_removed} running header, footer or"
                " page-number line(s)",
            )
        )
    if unmapped:
        diagnostics.append(
            Diagnostic(
                code="pdf-unmapped-glyphs",
                severity=Severity.WARNING,
                message=f"{unmapped} glyph(s) have no character in the PDF and were left out:"
                " words may be missing letters",
            )
        )
    if layout.hyphens_joined:
        diagnostics.append(
            Diagnostic(
                code="pdf-hyphens-joined",
                severity=Severity.INFO,
                message=f"re-joined {layout.hyphens_joined} word(s) hyphenated at a line end",
            )
        )
    return tuple(diagnostics)
