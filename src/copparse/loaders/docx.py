"""Word (.docx) loader: the body in document order, tables included, numbering rebuilt.

Word's automatic numbering is not in the text runs: a paragraph carries a reference
(``w:numPr``, directly or through its style) to a definition in ``numbering.xml``. The labels
("2", "2.1", "•") are rebuilt here the way Word would show them, so that a document whose
numbers are not typed parses the same as one whose numbers are. python-docx and lxml are
imported on the first DOCX only.
"""

from __future__ import annotations

import io
import lzma
import posixpath
import re
import time
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import IO, Any

from copparse.errors import (
    ArchiveBombError,
    CorruptFileError,
    EncryptedFileError,
    TimeLimitError,
    UnsafeFileError,
    UnsupportedFormatError,
)
from copparse.limits import Limits
from copparse.loaders.errors import ErrorTable, map_exceptions
from copparse.models import Diagnostic, Severity

__all__ = ["check_package", "format_label", "load_docx"]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MIB = 1024 * 1024
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
# Bullets that Word draws from the Symbol and Wingdings fonts' private-use code points.
_BULLETS = {"\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "•", "\uf0fc": "•", "\uf076": "•",
            "\uf0a8": "•", "o": "◦", "\u2022": "•", "\u00b7": "·"}  # fmt: skip


# Word's own bounds on list numbering (what its Define New Number Format dialog accepts, and
# what it does with a file that asks for more): nine levels (ilvl 0-8), and a number from 0 to
# 32767. A label is cut at 255 characters. Clamping here keeps a 5 KB file from asking for a
# roman numeral of 10**12 or a label of gigabytes.
_MAX_LEVEL = 8
_MAX_NUMBER = 32767
_MAX_LABEL = 255
_DECIMAL = re.compile(r"\s*([+-]?)(\d+)\s*")
_HEX = re.compile(r"[0-9A-Fa-f]{1,6}")
_PLACEHOLDER = re.compile(r"%([1-9])")

# What each foreign exception of a DOCX read means: zipfile, zlib, lzma, bz2 and lxml.
_ERRORS: ErrorTable = (
    (RecursionError, CorruptFileError, "the Word document nests its parts too deeply to read"),
    (NotImplementedError, UnsupportedFormatError,
     "the file uses a zip feature Word never writes (a compression method, zip version or"
     " encryption Python cannot unpack); open and re-save it in Word"),
    (RuntimeError, EncryptedFileError,
     "a part of the Word document is encrypted; remove the password in Word and save again"),
    (lzma.LZMAError, CorruptFileError, "a part of the Word document cannot be unpacked"),
    (zlib.error, CorruptFileError, "a part of the Word document cannot be unpacked"),
    (EOFError, CorruptFileError, "the Word document is truncated"),
    (zipfile.BadZipFile, CorruptFileError, "the file is a damaged zip archive"),
    (KeyError, CorruptFileError, "the Word document lacks a part it refers to"),
    (OSError, CorruptFileError, "a part of the Word document cannot be unpacked"),
    (ValueError, CorruptFileError, "the Word document is damaged and cannot be read"),
    (UnicodeError, CorruptFileError, "the Word document's text is not valid Unicode"),
    (LookupError, CorruptFileError, "the Word document is damaged and cannot be read"),
)  # fmt: skip


def _q(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def _int(value: str | None, default: int, low: int, high: int) -> int:
    """A decimal attribute clamped to ``[low, high]``; ``default`` if it is no number.

    A number of thousands of digits is clamped without being converted (which Python refuses
    past 4,300 digits, and would cost quadratic time below that).
    """
    m = _DECIMAL.fullmatch(value) if value is not None else None
    if m is None:
        return default
    sign, digits = m.groups()
    if len(digits.lstrip("0")) > 9:
        return low if sign == "-" else high
    return min(max(int(sign + digits), low), high)


def _parser() -> Any:
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _refuse_dtd(root: Any, name: str, source: str | None) -> None:
    """Refuse a part with a document type declaration, wherever in the bytes it stands.

    The parser sees the DTD however the part is encoded (UTF-16 too) and whatever comes
    before it (comments), so the check is made on what it read, not on the raw bytes.
    """
    info = root.getroottree().docinfo
    if info.internalDTD is not None or info.externalDTD is not None or info.doctype:
        raise _unsafe(name, source)


def _unsafe(name: str, source: str | None) -> UnsafeFileError:
    return UnsafeFileError(
        f"the part {name} has a document type declaration (<!DOCTYPE>, entities), which"
        " Word never writes; refusing to read it",
        source=source,
    )


def _parse_part(zf: zipfile.ZipFile, name: str, source: str | None) -> Any:
    """Parse one part with entities off and no network, refusing any DTD."""
    from lxml import etree

    try:
        root = etree.fromstring(zf.read(name), _parser())
    except etree.XMLSyntaxError as exc:
        # lxml's own guard (an entity bomb's amplification, an entity loop) can stop the parse
        # before the DTD is seen: the part uses entities, which is what is refused, not damage.
        if "entity" in str(exc).lower():
            raise _unsafe(name, source) from exc
        raise
    _refuse_dtd(root, name, source)
    return root


def check_package(data: bytes, *, source: str | None, limits: Limits) -> None:
    """Refuse a DOCX that is not a Word document, is encrypted, or is a zip bomb."""
    with map_exceptions(_ERRORS, source=source):
        zf = zipfile.ZipFile(io.BytesIO(data))
    with zf:
        names = set(zf.namelist())
        if "word/document.xml" not in names:
            kind = (
                "an Excel workbook" if "xl/workbook.xml" in names
                else "a PowerPoint deck" if "ppt/presentation.xml" in names
                else "a zip archive"
            )  # fmt: skip
            raise UnsupportedFormatError(
                f"the file is {kind}, not a Word document (no word/document.xml)", source=source
            )
        total = 0
        for info in zf.infolist():
            if info.flag_bits & 0x1:
                raise EncryptedFileError(
                    f"the part {info.filename} is encrypted; remove the password in Word and"
                    " save again",
                    source=source,
                )
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > _MIB and ratio > limits.max_unpack_ratio:
                raise ArchiveBombError(
                    f"the part {info.filename} inflates {ratio:.0f}-fold to {info.file_size:,}"
                    f" bytes, past the limit of {limits.max_unpack_ratio:g}-fold (a zip bomb?)",
                    source=source,
                )
        if total > limits.max_unpacked_bytes:
            raise ArchiveBombError(
                f"the document inflates to {total:,} bytes, past the limit of"
                f" {limits.max_unpacked_bytes:,} (raise Limits.max_unpacked_bytes)",
                source=source,
            )


_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]  # fmt: skip


def _roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def _letters(n: int) -> str:
    # Word's letter numbering repeats the letter: a..z, aa..zz.
    n = max(n, 1)
    return chr(ord("a") + (n - 1) % 26) * min((n - 1) // 26 + 1, _MAX_LABEL)


def format_label(num_fmt: str, value: int) -> str:
    """One level's number as Word shows it: ``("lowerRoman", 4)`` -> ``"iv"``.

    ``value`` is clamped to Word's range, 0 to 32767, first.
    """
    value = min(max(value, 0), _MAX_NUMBER)
    if num_fmt in ("decimal", "decimalZero"):
        return f"{value:02d}" if num_fmt == "decimalZero" else str(value)
    if num_fmt == "lowerLetter":
        return _letters(value)
    if num_fmt == "upperLetter":
        return _letters(value).upper()
    if num_fmt == "lowerRoman":
        return _roman(value)
    if num_fmt == "upperRoman":
        return _roman(value).upper()
    if num_fmt == "none":
        return ""
    return str(value)


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    suffix: str = "tab"


@dataclass
class _Numbering:
    """numbering.xml, resolved: numId -> levels, and each list's running counters."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)
    counters: dict[str, list[int]] = field(default_factory=dict)
    style_num: dict[str, tuple[str | None, int | None]] = field(default_factory=dict)

    def label(self, num_id: str, ilvl: int) -> tuple[str, str] | None:
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return None
        counts = self.counters.setdefault(num_id, [0] * (_MAX_LEVEL + 1))
        level = levels[ilvl]
        counts[ilvl] = min(counts[ilvl] + 1, _MAX_NUMBER) if counts[ilvl] else level.start
        for deeper in range(ilvl + 1, _MAX_LEVEL + 1):
            counts[deeper] = 0
        if level.fmt == "bullet":
            return "".join(_BULLETS.get(ch, ch) for ch in level.text) or "•", level.suffix
        # "%1.%2" -> "3.1": each placeholder up to this level is its level's number; the label
        # is built piece by piece and stops at _MAX_LABEL characters, however many
        # placeholders the level text repeats.
        pieces: list[str] = []
        size = at = 0
        for m in _PLACEHOLDER.finditer(level.text):
            k = int(m.group(1)) - 1
            pieces.append(level.text[at : m.start()])
            if k <= ilvl:
                lv = levels.get(k, _Level())
                pieces.append(format_label(lv.fmt, counts[k] or lv.start))
            else:
                pieces.append(m.group())
            at = m.end()
            size += len(pieces[-2]) + len(pieces[-1])
            if size >= _MAX_LABEL:
                break
        else:
            pieces.append(level.text[at:])
        return "".join(pieces)[:_MAX_LABEL], level.suffix


def _attr(el: Any, name: str) -> str | None:
    if el is None:
        return None
    value = el.get(_q(name))
    return str(value) if value is not None else None


def _read_numbering(root: Any, style_num: dict[str, tuple[str | None, int | None]]) -> _Numbering:
    numbering = _Numbering(style_num=style_num)
    if root is None:
        return numbering
    abstract: dict[str, dict[int, _Level]] = {}
    for an in root.iterchildren(_q("abstractNum")):
        levels = {}
        for lvl in an.iterchildren(_q("lvl")):
            ilvl = _int(_attr(lvl, "ilvl"), 0, 0, _MAX_LEVEL + 1)
            if ilvl <= _MAX_LEVEL:  # Word ignores a level past the ninth
                levels[ilvl] = _level(lvl)
        abstract[_attr(an, "abstractNumId") or ""] = levels
    for num in root.iterchildren(_q("num")):
        num_id = _attr(num, "numId") or ""
        base = _attr(num.find(_q("abstractNumId")), "val") or ""
        levels = dict(abstract.get(base, {}))
        for override in num.iterchildren(_q("lvlOverride")):
            ilvl = _int(_attr(override, "ilvl"), 0, 0, _MAX_LEVEL + 1)
            if ilvl > _MAX_LEVEL:
                continue
            lvl = override.find(_q("lvl"))
            if lvl is not None:
                levels[ilvl] = _level(lvl)
            start = _attr(override.find(_q("startOverride")), "val")
            if start is not None and ilvl in levels:
                old = levels[ilvl]
                levels[ilvl] = _Level(old.fmt, old.text, _start(start), old.suffix)
        numbering.levels[num_id] = levels
    return numbering


_STYLES_CHUNK = 16 * 1024


def _style_numbering(
    stream: IO[bytes], used: set[str], name: str = "word/styles.xml", source: str | None = None
) -> dict[str, tuple[str | None, int | None]]:
    """The list (numId, ilvl) of each used paragraph style, through its ``basedOn`` chain.

    styles.xml is often the largest part of a document (350 KB in Word's default template),
    while a report uses a handful of styles, defined near its top. So it is read as a stream
    and only until every used style and its ancestors have been seen.
    """
    from lxml import etree

    raw: dict[str, tuple[str | None, int | None, str | None]] = {}
    pending = set(used)
    checked = False

    def take(events: Any) -> bool:
        nonlocal checked
        for event, st in events:
            if not checked:  # the DTD, if any, is read before the first element starts
                _refuse_dtd(st, name, source)
                checked = True
            if event != "end" or st.tag != _q("style"):
                continue
            sid = _attr(st, "styleId") or ""
            num_pr = st.find(f"{_q('pPr')}/{_q('numPr')}")
            s_num = _attr(num_pr.find(_q("numId")), "val") if num_pr is not None else None
            s_lvl = _attr(num_pr.find(_q("ilvl")), "val") if num_pr is not None else None
            based_on = _attr(st.find(_q("basedOn")), "val")
            lvl = _int(s_lvl, 0, 0, _MAX_LEVEL) if s_lvl is not None else None
            raw[sid] = (s_num, lvl, based_on)
            st.clear()
            pending.discard(sid)
            if based_on and based_on not in raw:
                pending.add(based_on)
            if not pending:
                return True
        return False

    # Fed in small pieces by hand, not through iterparse: how far iterparse reads ahead
    # differs between lxml releases, and a damaged tail it has read ahead into fails the
    # whole read even when every style the body uses came before it.
    parser = etree.XMLPullParser(
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
    )
    try:
        while chunk := stream.read(_STYLES_CHUNK):
            parser.feed(chunk)
            if take(parser.read_events()):
                break
        else:
            parser.close()
            take(parser.read_events())
    except etree.XMLSyntaxError as exc:
        # The events parsed before the damage are kept; it matters only if they are not enough.
        if not take(parser.read_events()):
            if "entity" in str(exc).lower():  # lxml's entity guard, as in _parse_part
                raise _unsafe(name, source) from exc
            raise
    resolved: dict[str, tuple[str | None, int | None]] = {}
    for sid in used & raw.keys():
        style_num, style_lvl, based = raw[sid]
        seen = {sid}
        while style_num is None and based and based not in seen:
            seen.add(based)
            style_num, lvl2, based = raw.get(based, (None, None, None))
            style_lvl = style_lvl if style_lvl is not None else lvl2
        resolved[sid] = (style_num, style_lvl)
    return resolved


def _start(value: str | None) -> int:
    return _int(value, 1, 0, _MAX_NUMBER)


def _level(lvl: Any) -> _Level:
    return _Level(
        fmt=_attr(lvl.find(_q("numFmt")), "val") or "decimal",
        text=(_attr(lvl.find(_q("lvlText")), "val") or "")[:_MAX_LABEL],
        start=_start(_attr(lvl.find(_q("start")), "val")),
        suffix=_attr(lvl.find(_q("suff")), "val") or "tab",
    )


@dataclass
class _State:
    lines: list[str] = field(default_factory=list)
    length: int = 0
    rendered_breaks: list[int] = field(default_factory=list)
    explicit_breaks: list[int] = field(default_factory=list)
    deadline: float = float("inf")
    limits: Limits | None = None
    source: str | None = None

    def tick(self) -> None:
        """Raise TimeLimitError past the deadline; called per block and per 1,000 elements."""
        if time.monotonic() > self.deadline:
            seconds = self.limits.max_seconds if self.limits else 0.0
            raise TimeLimitError(
                f"reading took longer than the limit of {seconds:g} s (raise Limits.max_seconds)",
                source=self.source,
            )

    def add(self, text: str) -> None:
        if self.lines:
            self.length += 1
        self.lines.append(text)
        self.length += len(text)

    @property
    def next_offset(self) -> int:
        return self.length + (1 if self.lines else 0)


def _paragraph(p: Any, numbering: _Numbering, state: _State) -> None:
    ppr = p.find(_q("pPr"))
    num_id = ilvl = None
    if ppr is not None:
        num_pr = ppr.find(_q("numPr"))
        if num_pr is not None:
            num_id = _attr(num_pr.find(_q("numId")), "val")
            lv = _attr(num_pr.find(_q("ilvl")), "val")
            ilvl = _int(lv, 0, 0, _MAX_LEVEL) if lv is not None else None
        style = _attr(ppr.find(_q("pStyle")), "val")
        if style and style in numbering.style_num:
            s_num, s_lvl = numbering.style_num[style]
            num_id = num_id or s_num
            ilvl = ilvl if ilvl is not None else s_lvl
        if ppr.find(_q("pageBreakBefore")) is not None and _attr(
            ppr.find(_q("pageBreakBefore")), "val"
        ) not in ("0", "false"):
            state.explicit_breaks.append(state.next_offset)
    chunks: list[str] = []
    rendered: list[int] = []  # where Word broke the page, within this paragraph's text
    pending_break = False
    length = 0  # of chunks so far, kept as they grow (not re-joined at each page break)
    for n, el in enumerate(p.iter()):
        if n % 1024 == 1023:
            state.tick()
        tag = el.tag
        before = len(chunks)
        if tag == _q("t"):
            chunks.append(el.text or "")
        elif tag == _q("tab") and el.getparent() is not None and el.getparent().tag == _q("r"):
            chunks.append("\t")
        elif tag in (_q("br"), _q("cr")):
            if _attr(el, "type") == "page":
                pending_break = True
            elif _attr(el, "type") != "column":
                chunks.append("\n")
        elif tag == _q("noBreakHyphen"):
            chunks.append("-")
        elif tag == _q("sym"):
            code = _attr(el, "char")
            if code and _HEX.fullmatch(code) and int(code, 16) < 0x110000:
                ch = chr(int(code, 16))
                chunks.append(_BULLETS.get(ch, ch))
        elif tag == _q("lastRenderedPageBreak"):
            rendered.append(length)
        elif tag in (_q("delText"), _q("instrText")):
            continue
        if len(chunks) > before:
            length += len(chunks[-1])
    text = "".join(chunks).replace("\u00a0", " ")
    label = numbering.label(num_id, ilvl or 0) if num_id and num_id != "0" else None
    prefix = ""
    if label is not None and text.strip() and label[0]:
        mark, suffix = label
        prefix = mark + {"tab": "\t", "space": " "}.get(suffix, "")
    text = prefix + text
    start = state.next_offset
    state.rendered_breaks.extend(start + len(prefix) + r for r in rendered if r or not state.lines)
    for line in text.split("\n"):
        if line.strip():
            state.add(line)
    if pending_break:
        state.explicit_breaks.append(state.next_offset)


def _table(tbl: Any, numbering: _Numbering, state: _State) -> None:
    for tr in tbl.iterchildren(_q("tr")):
        cells = []
        for tc in tr.iterchildren(_q("tc")):
            inner = _State(deadline=state.deadline, limits=state.limits, source=state.source)
            for child in tc.iterchildren():
                _block(child, numbering, inner)
            cells.append(" ".join(line.strip() for line in inner.lines if line.strip()))
        row = "\t".join(cells).rstrip("\t")  # an empty cell keeps its column
        if row.strip():
            state.add(row.lstrip("\t"))


def _block(el: Any, numbering: _Numbering, state: _State) -> None:
    if el.tag == _q("p"):
        _paragraph(el, numbering, state)
    elif el.tag == _q("tbl"):
        _table(el, numbering, state)
    elif el.tag == _q("sdt"):  # content controls: cover pages, tables of contents
        content = el.find(_q("sdtContent"))
        if content is not None:
            for child in content.iterchildren():
                _block(child, numbering, state)


def _relationships(zf: zipfile.ZipFile, part: str, source: str | None) -> dict[str, str]:
    """A part's internal relationships: type -> the target part's name in the zip."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels not in zf.NameToInfo:
        return {}
    found: dict[str, str] = {}
    for rel in _parse_part(zf, rels, source).iterchildren(f"{{{_RELS}}}Relationship"):
        kind, target = rel.get("Type"), rel.get("Target")
        if kind and target and rel.get("TargetMode") != "External" and kind not in found:
            joined = (
                target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            )
            found[kind] = posixpath.normpath(joined)
    return found


def _read_package(zf: zipfile.ZipFile, source: str | None) -> tuple[Any, _Numbering]:
    """The document body and its numbering, parts found the way Word finds them.

    python-docx's ``Document()`` parses every part of the package, styles and theme included;
    only three are needed here, and of styles.xml only the styles the body uses. Every part
    is parsed with entities off and no network, and a part with a DTD is refused.
    """
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    main = _relationships(zf, "", source).get(RT.OFFICE_DOCUMENT, "word/document.xml")
    document = _parse_part(zf, main, source)
    body = document.find(_q("body"))
    if body is None:
        raise CorruptFileError(f"the Word document is damaged: {main} has no body", source=source)
    rels = _relationships(zf, main, source)
    names = set(zf.namelist())
    used = {v for el in body.iter(_q("pStyle")) if (v := _attr(el, "val"))}
    styles = rels.get(RT.STYLES)
    style_num: dict[str, tuple[str | None, int | None]] = {}
    if styles in names and used:
        with zf.open(styles) as stream:
            style_num = _style_numbering(stream, used, styles, source)
    numbered = (
        any(num for num, _ in style_num.values()) or next(body.iter(_q("numPr")), None) is not None
    )
    part = rels.get(RT.NUMBERING)
    root = _parse_part(zf, part, source) if numbered and part in names else None
    return body, _read_numbering(root, style_num)


def load_docx(
    data: bytes, *, source: str | None, limits: Limits
) -> tuple[str, tuple[int, ...] | None, tuple[Diagnostic, ...]]:
    """Read a DOCX's body text.

    Returns:
        The text (one line per paragraph or table row, cells joined by tabs), where pages 2,
        3... begin (from Word's rendered page breaks, else explicit page breaks, else
        ``None``), and the loader's diagnostics.
    """
    started = time.monotonic()
    check_package(data, source=source, limits=limits)
    # One table for the whole read, the body loop included: whatever zipfile, zlib, lzma or
    # lxml raise on a damaged part becomes a CopParseError saying what it means.
    with map_exceptions(_ERRORS, source=source):
        from lxml import etree

        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            try:
                body, numbering = _read_package(zf, source)
            except etree.LxmlError as exc:
                raise CorruptFileError(
                    f"the Word document's XML is damaged ({type(exc).__name__}: {exc})",
                    source=source,
                ) from exc
        state = _State(deadline=started + limits.max_seconds, limits=limits, source=source)
        for child in body.iterchildren():
            _block(child, numbering, state)
            state.tick()
    text = "\n".join(state.lines)
    diagnostics: list[Diagnostic] = []
    breaks: list[int] | None = None
    if state.rendered_breaks:
        breaks = state.rendered_breaks
        how = "the page breaks Word recorded when it last laid the document out"
    elif state.explicit_breaks:
        breaks = state.explicit_breaks
        how = "explicit page breaks only; automatic page breaks are not in the file"
    page_starts = None
    if breaks is not None:
        page_starts = tuple(sorted(min(b, len(text)) for b in breaks))
        diagnostics.append(
            Diagnostic(
                code="docx-pages-estimated",
                severity=Severity.INFO,
                message=f"page numbers come from {how}",
            )
        )
    return text, page_starts, tuple(diagnostics)
