"""Builders of hostile DOCX and PDF files, small enough to make in a test.

Each builder makes one file that broke a bound once (see docs/reliability.md); the regression
tests in tests/test_bounds_*.py feed them to the parser, and fuzz/measure_hostile.py measures
the wall time and peak memory of each under the default limits.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="{main}"/>'
    "</Relationships>"
)
_DOC_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>'
    "</Relationships>"
)
REPORT_LINES = (
    "Report of the 13th meeting of the Council Working Group on Child Online Protection",
    "The meeting was held in Geneva on 2 February 2016.",
    "1 Opening of the meeting",
    "1.1 The meeting was chaired by Ms Eugenia Devincenzi.",
)


def paragraphs(lines: tuple[str, ...] = REPORT_LINES, numbered: int = 0) -> str:
    """``w:p`` elements for ``lines``; the first ``numbered`` are list items (numId 1)."""
    out = []
    for i, line in enumerate(lines):
        num = '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
        out.append(f"<w:p>{num if i < numbered else ''}<w:r><w:t>{line}</w:t></w:r></w:p>")
    return "".join(out)


def document_xml(body: str, *, prolog: str = "") -> bytes:
    """A ``word/document.xml`` with ``body`` inside ``w:body``, ``prolog`` before the root."""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
        f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    ).encode()


def numbering_xml(lvl: str) -> bytes:
    """A ``numbering.xml`` whose list 1 has the ``w:lvl`` elements ``lvl``."""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="{W}">'
        f'<w:abstractNum w:abstractNumId="0">{lvl}</w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    ).encode()


def level(ilvl: str = "0", fmt: str = "decimal", text: str = "%1.", start: str = "1") -> str:
    """One ``w:lvl`` element."""
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
    )


def docx(
    document: bytes | None = None,
    *,
    numbering: bytes | None = None,
    main: str = "word/document.xml",
    extra: dict[str, bytes] | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """A minimal Word package; ``main`` names the main part (found through _rels/.rels)."""
    parts: dict[str, bytes] = {
        "[Content_Types].xml": _CT.encode(),
        "_rels/.rels": _RELS.format(main=main).encode(),
        main: document if document is not None else document_xml(paragraphs()),
    }
    if numbering is not None:
        folder = main.rsplit("/", 1)[0]
        parts[f"{folder}/_rels/{main.rsplit('/', 1)[1]}.rels"] = _DOC_RELS.encode()
        parts[f"{folder}/numbering.xml"] = numbering
    parts.update(extra or {})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as zf:
        for name, blob in parts.items():
            zf.writestr(name, blob)
    return out.getvalue()


def patch_member(
    data: bytes,
    name: str,
    *,
    flags: int | None = None,
    method: int | None = None,
    version: int | None = None,
) -> bytes:
    """Rewrite one member's flag bits, compression method or needed version in both headers."""
    buf = bytearray(data)
    encoded = name.encode()
    # Central directory entry: signature, made-by, needed, flags, method at offsets 0-11.
    central = 0
    while True:
        central = buf.index(b"PK\x01\x02", central)
        name_len = struct.unpack_from("<H", buf, central + 28)[0]
        if bytes(buf[central + 46 : central + 46 + name_len]) == encoded:
            break
        central += 4
    local = struct.unpack_from("<I", buf, central + 42)[0]
    for header, needed_at in ((central, 6), (local, 4)):
        if version is not None:
            struct.pack_into("<H", buf, header + needed_at, version)
        if flags is not None:
            struct.pack_into("<H", buf, header + needed_at + 2, flags)
        if method is not None:
            struct.pack_into("<H", buf, header + needed_at + 4, method)
    return bytes(buf)


def corrupt_lzma_docx() -> bytes:
    """A DOCX whose document.xml is LZMA-compressed, its stream damaged in the middle."""
    data = bytearray(docx(compression=zipfile.ZIP_LZMA))
    zf = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = zf.getinfo("word/document.xml")
    name_len, extra_len = struct.unpack_from("<HH", data, info.header_offset + 26)
    start = info.header_offset + 30 + name_len + extra_len
    for k in range(start + 20, start + info.compress_size - 4):
        data[k] ^= 0x5A
    return bytes(data)


# --- PDF --------------------------------------------------------------------------------------


def pdf(objects: list[bytes], *, root: int = 1) -> bytes:
    """A PDF from its numbered objects (object i+1 is ``objects[i]``) with a correct xref."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        xref,
    )
    return bytes(out)


def stream(content: bytes, dictionary: bytes = b"", *, deflate: bool = True) -> bytes:
    """A stream object's body, deflated by default."""
    data = zlib.compress(content, 9) if deflate else content
    filt = b" /Filter /FlateDecode" if deflate else b""
    return (
        b"<< /Length %d%s %s >>\nstream\n" % (len(data), filt, dictionary) + data + (b"\nendstream")
    )


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def text_content(lines: tuple[str, ...] = REPORT_LINES) -> bytes:
    """A page's content stream drawing ``lines`` in Helvetica, top down."""
    ops = [b"BT /F1 11 Tf 72 760 Td 14 TL"]
    for line in lines:
        ops.append(b"(%s) Tj T*" % line.encode("latin-1"))
    ops.append(b"ET")
    return b"\n".join(ops)


def text_pdf(
    pages: int = 1,
    *,
    content: Callable[[int], bytes] | None = None,
    content_object: Callable[[int], bytes] | None = None,
    count: int | None = None,
    resources: bytes = b"",
    extra: list[bytes] | None = None,
) -> bytes:
    """A PDF of ``pages`` pages under one /Pages node whose /Count says ``count``.

    Objects: 1 catalog, 2 pages, 3 font, then for each page its page and content objects
    (``content`` gives a page's operators; ``content_object`` the whole stream object), then
    ``extra`` (which ``resources`` may refer to by number).
    """
    draw = content or (lambda i: text_content())
    make = content_object or (lambda i: stream(draw(i)))
    first_extra = 4 + 2 * pages
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", _FONT]
    kids = []
    for i in range(pages):
        page_obj, content_obj = 4 + 2 * i, 5 + 2 * i
        kids.append(b"%d 0 R" % page_obj)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R"
            b" /Resources << /Font << /F1 3 0 R >> %s >> >>" % (content_obj, resources)
        )
        objects.append(make(i))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(kids),
        pages if count is None else count,
    )
    assert len(objects) == first_extra - 1
    objects.extend(extra or [])
    return pdf(objects)


def fan_out_pdf(width: int = 10, depth: int = 8) -> bytes:
    """A form XObject fan-out: each of ``depth`` forms draws the next ``width`` times.

    A few KB that asks for ``width ** depth`` drawings of the innermost form.
    """
    first = 6  # objects after the one page's page and content objects (4, 5)
    forms = []
    for d in range(depth):
        if d + 1 < depth:
            body = b" ".join(b"q /X%d Do Q" % (d + 1) for _ in range(width))
            res = b"<< /XObject << /X%d %d 0 R >> /Font << /F1 3 0 R >> >>" % (
                d + 1,
                first + d + 1,
            )
        else:
            body = b"BT /F1 11 Tf 72 700 Td (x) Tj ET"
            res = b"<< /Font << /F1 3 0 R >> >>"
        forms.append(
            stream(body, b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources " + res)
        )
    return text_pdf(
        content=lambda i: text_content() + b"\nq /X0 Do Q",
        resources=b"/XObject << /X0 %d 0 R >>" % first,
        extra=forms,
    )


def stream_bomb_pdf(inflated: int) -> bytes:
    """A one-page PDF whose content stream inflates to ``inflated`` bytes of spaces."""
    comp = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    parts = [comp.compress(text_content())]
    left = inflated
    while left > 0:
        parts.append(comp.compress(chunk[: min(left, len(chunk))]))
        left -= len(chunk)
    parts.append(comp.flush())
    data = b"".join(parts)
    body = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    return text_pdf(content_object=lambda i: body)
