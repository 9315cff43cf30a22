"""Structure-aware mutations of DOCX and PDF files, as hypothesis strategies.

Byte flips mostly break a zip's checksums or a PDF's first token, so they rarely reach the
code behind them. These mutate the structure instead: the elements and attributes of a
DOCX's XML parts (numbering values, symbol codes, nesting) and its zip entries' headers; a
PDF's numbers, names, references and objects. Used by tests/test_bounds_fuzz.py (a short,
derandomised run) and fuzz/structure_fuzz.py (a long run).
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from hypothesis import strategies as st

from tests import hostile as h
from tests.conftest import FIXTURES

W = h.W
# Values that broke, or could break, a reader of an attribute.
HOSTILE_VALUES = ("x", "-1", "0", "", "20", "9" * 40, "4294967296", "1e9", "ZZZZ", "110000",
                  "D800", "%1%1%1%1%1%1%1%1%1%1", "%9", "%0", "lowerLetter", "upperRoman",
                  "bullet", "page", "\u2022", "&amp;", " 3 ", "+7")  # fmt: skip
ATTRIBUTES = ("val", "ilvl", "char", "numId", "abstractNumId", "styleId", "type", "font")
HOSTILE_NUMBERS = (b"0", b"-1", b"1", b"3", b"2147483648", b"99999999", b"1e308", b"-0.0",
                   b"65535", b"4", b"100000")  # fmt: skip
HOSTILE_NAMES = (b"/Count", b"/Kids", b"/Length", b"/FlateDecode", b"/Form", b"/XObject",
                 b"/Page", b"/Pages", b"/Contents", b"/Resources", b"/Font", b"/Type0",
                 b"/ObjStm", b"/Encrypt", b"/Parent", b"/BBox", b"/Image")  # fmt: skip
_XML_CHARS = st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufffe\uffff")
_TOKEN = re.compile(rb"-?\d+(?:\.\d+)?|/[A-Za-z0-9#]+|\d+ \d+ R|[\[\]]|<<|>>")


def _docx_seeds() -> list[bytes]:
    files = FIXTURES / "files"
    numbering = h.numbering_xml(
        h.level("0", "decimal", "%1.") + h.level("1", "lowerLetter", "%1.%2)")
        + h.level("2", "upperRoman", "%3", "4")
    )  # fmt: skip
    body = h.paragraphs(numbered=3) + '<w:p><w:r><w:sym w:char="F0B7"/><w:t>x</w:t></w:r></w:p>'
    return [
        (files / "000_84bfac458156e755.autonum.docx").read_bytes(),
        (files / "cwgcop15_16_2020_council.tables.docx").read_bytes(),
        h.docx(h.document_xml(body), numbering=numbering),
    ]


def _pdf_seeds() -> list[bytes]:
    files = FIXTURES / "files"
    return [
        (files / "000_84bfac458156e755.pdf").read_bytes(),
        (files / "000_84bfac458156e755.lo.pdf").read_bytes(),
        h.text_pdf(3, content=lambda i: h.text_content(h.REPORT_LINES[: i + 2])),
        h.fan_out_pdf(width=2, depth=3),
    ]


DOCX_SEEDS = _docx_seeds()
PDF_SEEDS = _pdf_seeds()


def _mutate_xml(blob: bytes, draw: Any) -> bytes:
    from lxml import etree

    try:
        root = etree.fromstring(blob, etree.XMLParser(resolve_entities=False))
    except etree.XMLSyntaxError:
        return blob
    elements = list(root.iter())
    for _ in range(draw(st.integers(1, 6))):
        el = elements[draw(st.integers(0, len(elements) - 1))]
        op = draw(st.sampled_from(["attr", "attr", "delete", "duplicate", "nest", "move"]))
        if op == "attr":
            name = draw(st.sampled_from(ATTRIBUTES))
            value = draw(st.sampled_from(HOSTILE_VALUES) | st.text(_XML_CHARS, max_size=8))
            el.set(f"{{{W}}}{name}", value)
        elif op == "delete" and el.getparent() is not None:
            el.getparent().remove(el)
        elif op == "duplicate" and el.getparent() is not None:
            for _ in range(draw(st.integers(1, 50))):
                el.addnext(etree.fromstring(etree.tostring(el)))
        elif op == "nest" and el.getparent() is not None:
            depth = draw(st.integers(1, 40))
            for _ in range(depth):
                wrapper = etree.Element(el.tag)
                el.addprevious(wrapper)
                wrapper.append(el)
        elif op == "move":
            other = elements[draw(st.integers(0, len(elements) - 1))]
            if other is not el and el not in other.iterancestors() and el.getparent() is not None:
                other.append(el)
        elements = list(root.iter())
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


@st.composite
def mutated_docx(draw: Any) -> bytes:
    """A seed DOCX with its XML parts and zip headers mutated."""
    seed = draw(st.sampled_from(DOCX_SEEDS))
    src = zipfile.ZipFile(io.BytesIO(seed))
    # Parts up to 64 KB (styles.xml, 350 KB in Word's template, would make each example slow).
    names = [i.filename for i in src.infolist()
             if i.filename.endswith((".xml", ".rels")) and i.file_size < 65536]  # fmt: skip
    targets = set(draw(st.lists(st.sampled_from(names), min_size=1, max_size=3)))
    targets |= {n for n in ("word/document.xml", "word/numbering.xml") if n in names and
                draw(st.booleans())}  # fmt: skip
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            blob = src.read(info)
            if info.filename in targets:
                blob = _mutate_xml(blob, draw)
            zf.writestr(info.filename, blob)
    data = out.getvalue()
    if draw(st.integers(0, 9)) == 0:
        data = h.patch_member(
            data,
            draw(st.sampled_from(names)),
            flags=draw(st.sampled_from([None, 0x1, 0x40, 0x8])),
            method=draw(st.sampled_from([None, 0, 9, 12, 14, 99])),
            version=draw(st.sampled_from([None, 20, 64])),
        )
    return data


@st.composite
def mutated_pdf(draw: Any) -> bytes:
    """A seed PDF with numbers, names and references replaced, objects copied or cut."""
    data = bytearray(draw(st.sampled_from(PDF_SEEDS)))
    tokens = list(_TOKEN.finditer(bytes(data)))
    edits: list[tuple[int, int, bytes]] = []
    for _ in range(draw(st.integers(1, 8))):
        m = tokens[draw(st.integers(0, len(tokens) - 1))]
        token = m.group()
        if token.startswith(b"/"):
            new = draw(st.sampled_from(HOSTILE_NAMES))
        elif token.endswith(b"R"):
            new = b"%d 0 R" % draw(st.integers(0, 40))
        elif token in (b"[", b"]", b"<<", b">>"):
            new = draw(st.sampled_from([b"", token * 2, b"[" + token, b"<< /Kids [" + token]))
        else:
            new = draw(st.sampled_from(HOSTILE_NUMBERS))
        edits.append((m.start(), m.end(), new))
    op = draw(st.sampled_from(["none", "copy", "cut"]))
    if op != "none":
        objects = [m.span() for m in re.finditer(rb"\d+ 0 obj.*?endobj", bytes(data), re.S)]
        if objects:
            a, b = objects[draw(st.integers(0, len(objects) - 1))]
            if op == "copy":
                edits.append((b, b, b"\n" + bytes(data[a:b]) * draw(st.integers(1, 20))))
            else:
                edits.append((a, b, b""))
    last = len(data) + 1
    for start, end, new in sorted(edits, reverse=True):
        if end <= last:
            data[start:end] = new
            last = start
    return bytes(data)
