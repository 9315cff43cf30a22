"""Word (.docx) loader: the body in document order, tables included, numbering rebuilt.

Word's automatic numbering is not in the text runs: a paragraph carries a reference
(``w:numPr``, directly or through its style) to a definition in ``numbering.xml``. The labels
("2", "2.1", "•") are rebuilt here the way Word would show them, so that a document whose
numbers are not typed parses the same as one whose numbers are. python-docx and lxml are
imported on the first DOCX only.
"""

from __future__ import annotations

import io
import posixpath
import time
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import IO, Any

from copparse.errors import (
    ArchiveBombError,
    CorruptFileError,
    TimeLimitError,
    UnsafeFileError,
    UnsupportedFormatError,
)
from copparse.limits import Limits
from copparse.models import Diagnostic, Severity

__all__ = ["check_package", "format_label", "load_docx"]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MIB = 1024 * 1024
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
# Bullets that Word draws from the Symbol and Wingdings fonts' private-use code points.
_BULLETS = {"\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "•", "\uf0fc": "•", "\uf076": "•",
            "\uf0a8": "•", "o": "◦", "\u2022": "•", "\u00b7": "·"}  # fmt: skip


def _q(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def check_package(data: bytes, *, source: str | None, limits: Limits) -> None:
    """Refuse a DOCX that is not a Word document, is a zip bomb, or declares XML entities."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise CorruptFileError(
            f"the file is a damaged zip archive, not a readable Word document ({exc})",
            source=source,
        ) from exc
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
        for name in names:
            if name.endswith((".xml", ".rels")):
                try:
                    with zf.open(name) as member:
                        head = member.read(4096)
                except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error) as exc:
                    raise CorruptFileError(
                        f"the part {name} cannot be unpacked ({exc})", source=source
                    ) from exc
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    raise UnsafeFileError(
                        f"the part {name} declares XML entities, which Word never writes;"
                        " refusing to read it",
                        source=source,
                    )


_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]  # fmt: skip


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def _letters(n: int) -> str:
    # Word's letter numbering repeats the letter: a..z, aa..zz.
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_label(num_fmt: str, value: int) -> str:
    """One level's number as Word shows it: ``("lowerRoman", 4)`` -> ``"iv"``."""
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
        counts = self.counters.setdefault(num_id, [0] * 9)
        level = levels[ilvl]
        counts[ilvl] = counts[ilvl] + 1 if counts[ilvl] else level.start
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = 0
        if level.fmt == "bullet":
            text = "".join(_BULLETS.get(ch, ch) for ch in level.text) or "•"
        else:
            text = level.text
            for k in range(ilvl, -1, -1):
                lv = levels.get(k, _Level())
                value = counts[k] or lv.start
                text = text.replace(f"%{k + 1}", format_label(lv.fmt, value))
        return text, level.suffix


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
            levels[int(_attr(lvl, "ilvl") or 0)] = _level(lvl)
        abstract[_attr(an, "abstractNumId") or ""] = levels
    for num in root.iterchildren(_q("num")):
        num_id = _attr(num, "numId") or ""
        base = _attr(num.find(_q("abstractNumId")), "val") or ""
        levels = dict(abstract.get(base, {}))
        for override in num.iterchildren(_q("lvlOverride")):
            ilvl = int(_attr(override, "ilvl") or 0)
            lvl = override.find(_q("lvl"))
            if lvl is not None:
                levels[ilvl] = _level(lvl)
            start = _attr(override.find(_q("startOverride")), "val")
            if start is not None and ilvl in levels:
                old = levels[ilvl]
                levels[ilvl] = _Level(old.fmt, old.text, int(start), old.suffix)
        numbering.levels[num_id] = levels
    return numbering


_STYLES_CHUNK = 16 * 1024


def _style_numbering(stream: IO[bytes], used: set[str]) -> dict[str, tuple[str | None, int | None]]:
    """The list (numId, ilvl) of each used paragraph style, through its ``basedOn`` chain.

    styles.xml is often the largest part of a document (350 KB in Word's default template),
    while a report uses a handful of styles, defined near its top. So it is read as a stream
    and only until every used style and its ancestors have been seen.
    """
    from lxml import etree

    raw: dict[str, tuple[str | None, int | None, str | None]] = {}
    pending = set(used)

    def take(events: Any) -> bool:
        for _, st in events:
            sid = _attr(st, "styleId") or ""
            num_pr = st.find(f"{_q('pPr')}/{_q('numPr')}")
            s_num = _attr(num_pr.find(_q("numId")), "val") if num_pr is not None else None
            s_lvl = _attr(num_pr.find(_q("ilvl")), "val") if num_pr is not None else None
            based_on = _attr(st.find(_q("basedOn")), "val")
            raw[sid] = (s_num, int(s_lvl) if s_lvl is not None else None, based_on)
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
        events=("end",), tag=_q("style"), resolve_entities=False, no_network=True
    )
    try:
        while chunk := stream.read(_STYLES_CHUNK):
            parser.feed(chunk)
            if take(parser.read_events()):
                break
        else:
            parser.close()
            take(parser.read_events())
    except etree.XMLSyntaxError:
        # The events parsed before the damage are kept; it matters only if they are not enough.
        if not take(parser.read_events()):
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


def _level(lvl: Any) -> _Level:
    return _Level(
        fmt=_attr(lvl.find(_q("numFmt")), "val") or "decimal",
        text=_attr(lvl.find(_q("lvlText")), "val") or "",
        start=int(_attr(lvl.find(_q("start")), "val") or 1),
        suffix=_attr(lvl.find(_q("suff")), "val") or "tab",
    )


@dataclass
class _State:
    lines: list[str] = field(default_factory=list)
    length: int = 0
    rendered_breaks: list[int] = field(default_factory=list)
    explicit_breaks: list[int] = field(default_factory=list)

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
            ilvl = int(lv) if lv is not None else None
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
    for el in p.iter():
        tag = el.tag
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
            if code:
                ch = chr(int(code, 16))
                chunks.append(_BULLETS.get(ch, ch))
        elif tag == _q("lastRenderedPageBreak"):
            rendered.append(len("".join(chunks)))
        elif tag in (_q("delText"), _q("instrText")):
            continue
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
            inner = _State()
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


def _relationships(zf: zipfile.ZipFile, part: str) -> dict[str, str]:
    """A part's internal relationships: type -> the target part's name in the zip."""
    from docx.oxml import parse_xml

    folder, name = posixpath.split(part)
    try:
        blob = zf.read(posixpath.join(folder, "_rels", f"{name}.rels"))
    except KeyError:
        return {}
    found: dict[str, str] = {}
    for rel in parse_xml(blob).iterchildren(f"{{{_RELS}}}Relationship"):
        kind, target = rel.get("Type"), rel.get("Target")
        if kind and target and rel.get("TargetMode") != "External" and kind not in found:
            joined = (
                target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            )
            found[kind] = posixpath.normpath(joined)
    return found


def _read_package(zf: zipfile.ZipFile) -> tuple[Any, _Numbering]:
    """The document body and its numbering, parts found the way Word finds them.

    python-docx's ``Document()`` parses every part of the package, styles and theme included;
    only three are needed here, and of styles.xml only the styles the body uses. Parts are
    parsed with python-docx's own hardened parser (no entity expansion, as Word writes none).
    """
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml

    main = _relationships(zf, "").get(RT.OFFICE_DOCUMENT, "word/document.xml")
    document = parse_xml(zf.read(main))
    body = document.find(_q("body"))
    if body is None:
        raise ValueError(f"{main} has no body")
    rels = _relationships(zf, main)
    names = set(zf.namelist())
    used = {v for el in body.iter(_q("pStyle")) if (v := _attr(el, "val"))}
    styles = rels.get(RT.STYLES)
    style_num: dict[str, tuple[str | None, int | None]] = {}
    if styles in names and used:
        with zf.open(styles) as stream:
            style_num = _style_numbering(stream, used)
    numbered = (
        any(num for num, _ in style_num.values()) or next(body.iter(_q("numPr")), None) is not None
    )
    part = rels.get(RT.NUMBERING)
    root = parse_xml(zf.read(part)) if numbered and part in names else None
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
    from lxml import etree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            body, numbering = _read_package(zf)
    except (KeyError, ValueError, etree.LxmlError, zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise CorruptFileError(
            f"the Word document is damaged and cannot be read ({type(exc).__name__}: {exc})",
            source=source,
        ) from exc
    state = _State()
    for i, child in enumerate(body.iterchildren()):
        _block(child, numbering, state)
        if i % 64 == 0 and time.monotonic() - started > limits.max_seconds:
            raise TimeLimitError(
                f"reading took longer than the limit of {limits.max_seconds:g} s"
                " (raise Limits.max_seconds)",
                source=source,
            )
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
