"""PDF loader on PDFium (pypdfium2, which pdfplumber already installs): the fast backend.

PDFium gives the same text as pdfplumber here, about seventy times faster, but in drawing
order (a footer can come right after the header) and as runs of text with their boxes. The
runs are sorted and grouped into lines, and from there the same layout stage as pdfplumber's
rebuilds the paragraphs, so both backends give the same report. PDFium is not thread-safe:
every call into it holds one lock (processes parallelise; threads take turns).
"""

from __future__ import annotations

import functools
import io
import itertools
import operator
import threading
import time
from codecs import decode
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple, cast

from copparse.errors import (
    CorruptFileError,
    EncryptedFileError,
    LimitExceededError,
)
from copparse.gcpause import gc_paused
from copparse.limits import Limits
from copparse.loaders.layout import LAYOUT, Line, PageLines, word_break
from copparse.loaders.pdf import check_page_count, check_time, finish_pdf
from copparse.loaders.pdfbounds import (
    PdfScan,
    capture_pdfminer_warnings,
    check_form_draws,
    scan_pdf,
    walk_pages,
)
from copparse.models import Diagnostic, Severity

__all__ = ["load_pdf_pdfium"]

_LOCK = threading.Lock()
# Characters PDFium yields for glyphs the PDF maps to no character.
_UNMAPPED = {"\ufffe", "\ufffd", "\x00"}  # _page_lines tests for each by name


# A run of text as the lines are cut from it: (its top rounded, left, top, bottom, right,
# text, font size, white space before, white space after), in points from the page's top
# left. The box is measured as pdfminer measures it, so that gaps mean the same under both
# backends: from the first glyph's origin to the last one's advance ("loose" boxes; the glyphs'
# own extents would put a space's width or a capital's side bearing into the gap), and one
# font size tall from the font's descent.
Run = tuple[int, float, float, float, float, str, float | None, bool, bool]
_READING_ORDER = operator.itemgetter(0, 1)
_LEFT = operator.itemgetter(1)
# Line(...) without its __new__'s Python frame (a line of every page of every PDF).
_new_line = tuple.__new__


class _Calls(NamedTuple):
    """The PDFium functions asked about every page and line, and the ctypes types they take.

    The types are looked up here once, not on every page.
    """

    count_rects: Callable[..., int]
    loose_box: Callable[..., None]
    font_size: Callable[..., float]
    load_page: Callable[..., int | None]
    load_textpage: Callable[..., int | None]
    page_width: Callable[..., float]
    page_height: Callable[..., float]
    count_chars: Callable[..., int]
    text_index: Callable[..., int]
    get_text: Callable[..., int]
    close_textpage: Callable[..., None]
    close_page: Callable[..., None]
    handle: Callable[[int | None], Any]  # ctypes.c_void_p
    rect: Callable[[], Any]  # PDFium's FS_RECTF
    byref: Callable[[Any], Any]
    utf16: Any  # ctypes.c_ushort


def prepare() -> None:
    """Import PDFium and bind its calls now (a process that forks a reader per document)."""
    import pypdfium2  # noqa: F401

    _calls()


@functools.cache
def _calls() -> _Calls:
    """The same C functions as ``pypdfium2.raw``'s, bound once, without argument types.

    pypdfium2's bindings check and convert each argument on every call, which costs more than
    the call itself (about 1.5-2 us against 0.5-1 us, three or four calls a line); its page
    and text page objects add a finalizer and a registry entry each. These take handles as
    ``c_void_p``, indices as ints and the box by reference, as C does.

    The calls asked of every line (a count, a box, a size: well under a microsecond of C
    each) keep Python's lock while in C, as ``PYFUNCTYPE`` does: letting it go and taking it
    back cost as much as the call. They call nothing back and set no Python error. Opening
    and closing a page, which take a page's worth of work, let other threads run meanwhile.
    """
    import ctypes

    import pypdfium2.raw as raw

    def bind(function: Any, restype: Any, *, short: bool = False) -> Callable[..., Any]:
        address = ctypes.cast(function, ctypes.c_void_p).value
        if not address:
            raise ImportError(f"PDFium's {function.__name__} has no address")
        prototype = ctypes.PYFUNCTYPE if short else ctypes.CFUNCTYPE
        return cast(Callable[..., Any], prototype(restype)(address))

    return _Calls(
        bind(raw.FPDFText_CountRects, ctypes.c_int, short=True),
        bind(raw.FPDFText_GetLooseCharBox, None, short=True),  # its answer is in the box
        bind(raw.FPDFText_GetFontSize, ctypes.c_double, short=True),
        bind(raw.FPDF_LoadPage, ctypes.c_void_p),
        bind(raw.FPDFText_LoadPage, ctypes.c_void_p),
        bind(raw.FPDF_GetPageWidthF, ctypes.c_float, short=True),
        bind(raw.FPDF_GetPageHeightF, ctypes.c_float, short=True),
        bind(raw.FPDFText_CountChars, ctypes.c_int, short=True),
        bind(raw.FPDFText_GetTextIndexFromCharIndex, ctypes.c_int, short=True),
        bind(raw.FPDFText_GetText, ctypes.c_int, short=True),
        bind(raw.FPDFText_ClosePage, None),
        bind(raw.FPDF_ClosePage, None),
        ctypes.c_void_p,
        raw.FS_RECTF,
        ctypes.byref,
        ctypes.c_ushort,
    )


def _page_lines(runs: list[Run]) -> tuple[list[Line], int]:
    """Group PDFium's text runs into lines, top to bottom; each line's runs left to right.

    A run joins the current line when its box overlaps the line's by more than half the
    smaller height. Runs meet with nothing between them where they are one word cut in two
    text objects, a space where they are two words, a tab where the gap is a tab stop.
    Linear in the number of runs (one line of 4,000 runs is ordinary for some producers).
    """
    runs.sort(key=_READING_ORDER)
    rows: list[list[Run]] = []
    row_top = row_bottom = 0.0
    row_overlap = LAYOUT.row_overlap
    row: list[Run] = []
    for box in runs:
        top, bottom = box[2], box[3]
        if rows:
            # min() and max() spelled out (as they choose, NaN included): once per run
            overlap = (row_bottom if row_bottom < bottom else bottom) - (
                row_top if row_top > top else top
            )
            height, row_height = bottom - top, row_bottom - row_top
            if overlap > row_overlap * (row_height if row_height < height else height):
                row.append(box)
                if top < row_top:
                    row_top = top
                if bottom > row_bottom:
                    row_bottom = bottom
                continue
        row = [box]
        rows.append(row)
        row_top, row_bottom = top, bottom
    lines = []
    unmapped = 0
    tab_gap = LAYOUT.tab_gap
    for row in rows:
        n = len(row)
        if n == 1:  # the usual line: one run
            _, x0, top, bottom, x1, text, size, _, _ = row[0]
            size = size or bottom - top
        elif n == 2:  # "1.1" + "The meeting": the branch below for two runs, written out
            a, b = row
            if b[1] < a[1]:  # sort() by the left edge: a pair is swapped only where b < a
                a, b = b, a
            # max() of the sizes given, or of the heights (max() keeps the first of equals)
            size_a, size_b = a[6], b[6]
            if size_a:
                size = size_b if size_b and size_b > size_a else size_a
            elif size_b:
                size = size_b
            else:
                height_a, height_b = a[3] - a[2], b[3] - b[2]
                size = height_b if height_b > height_a else height_a
            gap = b[1] - a[4]
            if gap > tab_gap * size:
                text = a[5] + "\t" + b[5]
            elif a[8] or b[7] or word_break(gap, size, a[5], b[5]):
                text = a[5] + " " + b[5]
            else:
                text = a[5] + b[5]
            x0, x1 = a[1], b[4]
            top = b[2] if b[2] < a[2] else a[2]  # min() and max(), as they choose
            bottom = b[3] if b[3] > a[3] else a[3]
        else:
            row.sort(key=_LEFT)
            sizes = [r[6] for r in row if r[6]]
            size = max(sizes) if sizes else max(r[3] - r[2] for r in row)
            pieces: list[str] = []
            previous = row[0]
            for run in row:
                if run is not previous:
                    gap = run[1] - previous[4]
                    if gap > tab_gap * size:
                        pieces.append("\t")
                    elif previous[8] or run[7] or word_break(gap, size, previous[5], run[5]):
                        pieces.append(" ")
                pieces.append(run[5])
                previous = run
            text = "".join(pieces)
            x0, x1 = row[0][1], row[-1][4]
            top = min(r[2] for r in row)
            bottom = max(r[3] for r in row)
        if "\ufffe" in text or "\ufffd" in text or "\x00" in text:  # _UNMAPPED
            stripped = text.lstrip()
            if stripped[:1] in _UNMAPPED and stripped[1:2] in ("\t", " "):
                text = "•" + stripped[1:]
            unmapped += sum(text.count(ch) for ch in _UNMAPPED)
            text = "".join(ch for ch in text if ch not in _UNMAPPED)
        lines.append(_new_line(Line, (text, x0, x1, top, bottom, size)))
    return lines, unmapped


def _line_spans(full: str) -> list[tuple[int, int, str]]:
    """Where each printed line of ``get_text_range()`` lies: (start, end, its text).

    Lines end at PDFium's generated line breaks; a hyphen at a line break comes as U+FFFE,
    with the next line joined on: the line is cut after it. Blank lines are left out.
    """
    spans = []
    if "\ufffe" not in full:
        start = 0
        for line in full.split("\r\n"):
            end = start + len(line)
            if line and not line.isspace():
                spans.append((start, end, line))
            start = end + 2
        return spans
    length = len(full)
    start = 0
    while start < length:
        end = full.find("\r\n", start)
        if end < 0:
            end = length
        hyphen = full.find("\ufffe", start, end)
        if hyphen >= 0:
            end = hyphen + 1
        line = full[start:end]
        if line and not line.isspace():
            spans.append((start, end, line))
        start = end + (0 if full[end - 1 : end] == "\ufffe" else 2)
    return spans


def _page_text(tp: Any, chars: int, calls: _Calls) -> str:
    """The text of the whole page, as pypdfium2's ``PdfTextPage.get_text_range()`` gives it.

    That is: the characters from the first to the last that have a place in PDFium's text
    (leading and trailing ones it leaves out are not asked for), decoded from UTF-16.
    """
    first, last = 0, chars - 1
    while True:
        if first > last:
            return ""
        t_first = calls.text_index(tp, first)
        if t_first == -1:
            first += 1
            continue
        t_last = calls.text_index(tp, last)
        if t_last == -1:
            last -= 1
            continue
        break
    size = t_last + 2 - t_first  # with the NUL at the end
    buffer = (calls.utf16 * size)()
    written = calls.get_text(tp, first, last + 1 - first, buffer)
    assert size >= written, f"Buffer too small: {size} vs {written}"
    return decode(memoryview(buffer)[: written - 1], "utf-16-le", "ignore")


def _runs(
    tp: Any, height: float, calls: _Calls, box: Any = None, *, fast: bool = True
) -> list[Run] | None:
    """The page's text runs (PDFium's text objects) with their boxes and font sizes; ``None``
    where the page holds characters outside the BMP (then :func:`_runs_by_bounds` reads it).

    One text of the page, cut into lines at PDFium's generated line breaks. A line that is
    one text object (the usual case) costs three calls: count_rects() over its characters
    and the loose boxes of its first and last glyphs. Where a line holds several, the first
    character of each next one is found by galloping search on count_rects() over a growing
    prefix of what is left: O(n log n) for the line, whatever the number of runs.
    (get_text_bounded and the char-at-position lookup search the whole page on every call.)
    ``box`` is an ``FS_RECTF`` for PDFium to write the boxes in (one a document will do).
    ``fast=False`` reads every line the general way, with no guess of where a line's next
    object opens (the plain form, for the tests).
    """  # noqa: D205
    chars = calls.count_chars(tp)
    if chars == -1:
        raise _pdfium_error("Failed to get character count.")
    full = _page_text(tp, chars, calls)
    if len(full) != chars:  # characters outside the BMP: index by box
        return None
    count_rects, loose_box, font_size = calls.count_rects, calls.loose_box, calls.font_size
    rect = calls.rect() if box is None else box
    rect_ref = calls.byref(rect)
    runs: list[Run] = []
    append = runs.append
    marked = "\ufffe" in full or "\x02" in full  # PDFium's marks of a hyphen at a line end
    for start, end, line in _line_spans(full):
        count = count_rects(tp, start, end - start)
        if count == 1 and fast and not line[0].isspace() and not line[-1].isspace():
            # The usual line: one run, with no white space at either end. What the loop
            # below does, short: strip() takes nothing off it (isspace() is strip()'s test),
            # so its first and last characters are the run's, and no space flanks it.
            size: float | None = font_size(tp, start)
            loose_box(tp, start, rect_ref)
            left, bottom = rect.left, rect.bottom
            if size:  # as below: the top one font size above the bottom, then from the top
                top = height - (bottom + size)
            else:
                size = None
                top = height - rect.top
            if end - 1 != start:
                loose_box(tp, end - 1, rect_ref)
            if marked:
                line = line.replace("\ufffe", "-").replace("\x02", "-")
            append((round(top), left, top, height - bottom, rect.right, line, size, False, False))
            continue
        if count == 1:
            segments: Iterable[tuple[int, int, str]] = ((start, end, line),)
        elif count == 2 and fast:  # the loop below for one cut, without its lists
            guess = full.find(" ", start, end)
            while 0 <= guess < end and full[guess] == " ":
                guess += 1
            cut = _next_run(count_rects, tp, start, end, guess)
            segments = ((start, cut, full[start:cut]), (cut, end, full[cut:end]))
        else:
            cuts = [start]
            for _ in range(count - 1):
                lo = cuts[-1]
                # Most often the next object opens the second word: "1.1 " + "The meeting".
                guess = full.find(" ", lo, end) if fast else -1
                while 0 <= guess < end and full[guess] == " ":
                    guess += 1
                cuts.append(_next_run(count_rects, tp, lo, end, guess))
            cuts.append(end)
            segments = [(x, y, full[x:y]) for x, y in itertools.pairwise(cuts)]
        for x, y, seg in segments:
            if marked:
                piece = seg.replace("\ufffe", "-").replace("\x02", "-").strip("\r\n")
            else:
                piece = seg.strip("\r\n")
            text = piece.strip(" ")
            if not text:
                continue
            first = x + len(seg) - len(seg.lstrip())
            last = y - 1 - (len(seg) - len(seg.rstrip()))
            loose_box(tp, first, rect_ref)
            left, top, bottom = rect.left, rect.top, rect.bottom
            size = font_size(tp, first) or None
            if size:  # as pdfminer: one font size tall, from the font's descent up
                top = bottom + size
            if last != first:
                loose_box(tp, last, rect_ref)
            top = height - top
            append(
                (round(top), left, top, height - bottom, rect.right, text, size,
                 piece[:1] == " ", piece[-1:] == " ")
            )  # fmt: skip
    return runs


def _pdfium_error(message: str) -> Exception:
    import pypdfium2 as pdfium

    return cast(Exception, pdfium.PdfiumError(message))


def _next_run(count_rects: Callable[..., int], tp: Any, lo: int, end: int, guess: int = -1) -> int:
    """The first character after ``lo`` (and before ``end``) in another text object.

    PDFium counts a new rectangle wherever the text object changes (skipping glyphs with no
    extent), so the answer is the shortest prefix from ``lo`` that counts two. The prefix
    grows 1, 2, 4... then bisection: O(L log L) for a run of L characters. A ``guess``
    is tried first, with two counts: the prefix to it counting two and the one before it
    counting fewer make it the answer (the count never falls as the prefix grows).
    """
    if (
        lo < guess < end
        and count_rects(tp, lo, guess - lo + 1) >= 2
        and count_rects(tp, lo, guess - lo) < 2
    ):
        return guess
    known_one, step = lo, 1
    while lo + step < end and count_rects(tp, lo, step + 1) < 2:
        known_one = lo + step
        step *= 2
    a, b = known_one + 1, min(lo + step, end)
    while a < b:
        mid = (a + b) // 2
        if count_rects(tp, lo, mid - lo + 1) >= 2:
            b = mid
        else:
            a = mid + 1
    return a


def _read_page(
    doc: Any, index: int, calls: _Calls, box: Any
) -> tuple[float, float, list[Run] | None]:
    """The width, height and runs (as :func:`_runs`) of page ``index``, opened and closed by
    PDFium's own calls: pypdfium2's page objects cost more than a short page's reading.
    """  # noqa: D205
    raw_page = calls.load_page(doc, index)
    if not raw_page:
        raise _pdfium_error("Failed to load page.")
    page = calls.handle(raw_page)
    try:
        raw_textpage = calls.load_textpage(page)
        if not raw_textpage:
            raise _pdfium_error("Failed to load text page.")
        textpage = calls.handle(raw_textpage)
        try:
            width, height = calls.page_width(page), calls.page_height(page)
            return width, height, _runs(textpage, height, calls, box)
        finally:
            calls.close_textpage(textpage)
    finally:
        calls.close_page(page)


def _runs_by_bounds(textpage: Any, height: float) -> list[Run]:
    runs: list[Run] = []
    for i in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(i)
        text = textpage.get_text_bounded(left, bottom, right, top)
        # PDFium writes a hyphen at a line break as U+0002.
        text = text.replace("\x02", "-").strip("\r\n ")
        if text:
            size = _font_size(textpage, left, bottom, right, top)
            t = height - top
            runs.append((round(t), left, t, height - bottom, right, text, size, False, False))
    return runs


def _font_size(textpage: Any, left: float, bottom: float, right: float, top: float) -> float | None:
    import pypdfium2.raw as raw

    index = raw.FPDFText_GetCharIndexAtPos(
        textpage.raw, (left + right) / 2, (bottom + top) / 2, (right - left) / 2, (top - bottom) / 2
    )
    return float(raw.FPDFText_GetFontSize(textpage.raw, index)) if index >= 0 else None


@gc_paused
def load_pdf_pdfium(
    data: bytes,
    *,
    source: str | None,
    password: str | None,
    limits: Limits,
    starts_block: Callable[[str], bool],
) -> tuple[str, tuple[int, ...], int, tuple[Diagnostic, ...]]:
    """Read a PDF with PDFium; the same contract as :func:`copparse.loaders.pdf.load_pdf`."""
    import ctypes

    import pypdfium2 as pdfium

    started = time.monotonic()
    scan = scan_pdf(data, limits, source)
    calls = _calls()
    pages: list[PageLines] = []
    unmapped = 0
    with _LOCK:
        try:
            pdf = pdfium.PdfDocument(data, password=password)
        except pdfium.PdfiumError as exc:
            if "password" in str(exc).lower():
                what = "the password given is wrong" if password else "pass password='...'"
                raise EncryptedFileError(f"the PDF is encrypted; {what}", source=source) from exc
            raise CorruptFileError(
                f"the PDF is damaged or truncated and cannot be read ({exc})", source=source
            ) from exc
        try:
            count = len(pdf)
            check_page_count(count, limits, source)
            if scan.has_forms or scan.page_objects > count:
                # PDFium trusts the page tree's /Count and would build every copy of a
                # form fan-out until the process aborts: walk the tree and count the
                # drawings with pdfminer first (only for files that need it).
                real = _check_structure(data, password, limits, source, scan)
                if real is not None and real > count:
                    pdf.close()
                    return _fall_back(data, source, password, limits, starts_block, count, real)
            doc = ctypes.c_void_p(ctypes.cast(pdf.raw, ctypes.c_void_p).value)
            box = calls.rect()  # where PDFium writes each box asked for, page after page
            for index in range(count):
                width, height, runs = _read_page(doc, index, calls, box)
                if runs is None:  # characters outside the BMP: by pypdfium2's own calls
                    page = pdf[index]
                    textpage = page.get_textpage()
                    try:
                        runs = _runs_by_bounds(textpage, height)
                    finally:
                        textpage.close()
                        page.close()
                lines, dropped = _page_lines(runs)
                unmapped += dropped
                pages.append(PageLines(index + 1, width, height, tuple(lines)))
                check_time(started, index + 1, count, limits, source)
        except LimitExceededError:
            raise
        except pdfium.PdfiumError as exc:
            raise CorruptFileError(
                f"the PDF is damaged or truncated and cannot be read ({exc})", source=source
            ) from exc
        finally:
            pdf.close()
    return finish_pdf(pages, count, unmapped, starts_block, source)


def _check_structure(
    data: bytes, password: str | None, limits: Limits, source: str | None, scan: PdfScan
) -> int | None:
    """The pages in the page tree (None if pdfminer cannot read the file), forms checked."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    with capture_pdfminer_warnings():
        try:
            doc = PDFDocument(PDFParser(io.BytesIO(data)), password=password or "")
            pages = sum(1 for _ in walk_pages(doc, limits, source))
        except LimitExceededError:
            raise
        except Exception:  # pdfminer cannot read what PDFium could: PDFium's count stands
            return None
        if scan.has_forms:
            check_form_draws(doc, limits, source)
    return pages


def _fall_back(
    data: bytes,
    source: str | None,
    password: str | None,
    limits: Limits,
    starts_block: Callable[[str], bool],
    said: int,
    real: int,
) -> tuple[str, tuple[int, ...], int, tuple[Diagnostic, ...]]:
    """Read with pdfplumber a PDF whose /Count PDFium believes, saying so."""
    from copparse.loaders.pdf import load_pdf

    text, starts, count, diagnostics = load_pdf(
        data, source=source, password=password, limits=limits, starts_block=starts_block
    )
    note = Diagnostic(
        code="pdf-page-count-mismatch",
        severity=Severity.WARNING,
        message=f"the PDF says it has {said} page(s) but its page tree holds {real}: read"
        " with pdfplumber instead of PDFium, which would have read only the first"
        f" {said}",
    )
    return text, starts, count, (*diagnostics, note)
