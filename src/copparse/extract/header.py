"""The header block: document symbol, date, title, summary, and the Council cover fields."""

from __future__ import annotations

import regex

from copparse.extract import ExtractContext
from copparse.extract.lexicon import find_dates
from copparse.models import Diagnostic, DocumentInfo, Severity, Span

__all__ = ["COUNCIL_SYMBOL_RE", "extract_document", "find_group_names"]

# "C17/24-E", "C11/45(Rev.1)-E", "C20/57-E" (the language letter may be glued to a date).
COUNCIL_SYMBOL_RE = regex.compile(
    r"(?<![\w/])C\d{2}/\d{1,3}(?:\s?\(Rev\.\s?\d+\))?-[EFSARC](?![a-z])"
)
# "WG-CP/1/16 Rev.1", "WG-COP/13", "CWG-COP-14/3-E".
_MEETING_SYMBOL = (
    r"C?WG-?CO?P(?:[-/]\d{1,2})?/\d{1,3}(?:\s?\(?Rev\.\s?\d+\)?)?(?:-[EFSARC](?![a-z]))?"
)
_SYMBOL = regex.compile(
    rf"\bDocument(?:\s+No\.?)?\s*:?[ \t]*(?P<sym>{COUNCIL_SYMBOL_RE.pattern}|{_MEETING_SYMBOL})",
    regex.IGNORECASE,
)
_DATE_LABEL = regex.compile(r"\bDate\s*:\s*", regex.IGNORECASE)
# "Document C20/57-E" alone on a line, or in a cell of a cover table ("Council 2020\tDocument").
_DOCUMENT_WORD = regex.compile(r"(?:^|\t)Document\b[^\n]*", regex.MULTILINE | regex.IGNORECASE)
_TITLE = regex.compile(
    r"^(?:(?:OUTCOMES?|SUMMARY|RESULTS?|MINUTES)\s+OF\s+THE\b|REPORT\s+OF\s+THE\s+\w+\s+MEETING)"
    r"[^\n]*?(?=\s+(?:Summary|Action required|References)\b|$)",
    regex.MULTILINE | regex.IGNORECASE,
)
_COUNCIL = regex.compile(r"(?:^|\t)\KCouncil\s+(?:20|19)\d\d\b", regex.MULTILINE)
_AGENDA_ITEM = regex.compile(
    r"(?:^|\t)\K(?:PL|ADM|GEN)\s+\d+(?:\.\d+)*(?=\t|\s*$)", regex.MULTILINE
)
_ORIGINAL = regex.compile(r"\bOriginal\s*:\s*(?P<lang>[A-Z][a-z]+(?:\s+only)?)")
_SOURCE_LINE = regex.compile(
    r"^(?:Report|Note|Contribution)\s+by\s+(?:the\s+)?[^\n]{3,160}$"
    r"|^(?:Chair(?:man|person)?|Secretariat)\s*,\s*[^\n]{3,120}$",
    regex.MULTILINE,
)
_DRAFT = regex.compile(r"^\s*DRAFT\s*$", regex.MULTILINE)
_GROUP_NAME = regex.compile(
    r"(?:Council\s+)?Working\s+Group\s+on\s+(?:Child\s+Online\s+Protection|COP)\b"
    r"|\b(?:C?WG[- ]?COP|C?WG[- ]CP|CWG\s+COP)\b(?![-/]\d|/)",
    regex.IGNORECASE,
)
_THIS_REPORT = regex.compile(
    r"^(?:This|The present)\s+(?:report|document)\b", regex.IGNORECASE | regex.MULTILINE
)


def find_group_names(text: str, end: int | None = None) -> list[tuple[str, int, int]]:
    """Each distinct name or abbreviation of the group, as written, with its first place."""
    seen: dict[str, tuple[str, int, int]] = {}
    for m in _GROUP_NAME.finditer(text, 0, len(text) if end is None else end):
        name = " ".join(m.group(0).split())
        seen.setdefault(name, (name, m.start(), m.end()))
    return list(seen.values())


def extract_document(ctx: ExtractContext) -> tuple[DocumentInfo, list[Diagnostic]]:
    r"""Read the header block (everything before the first numbered section).

    Example: ``"Document C20/57-E\\n3 March 2020"`` gives symbol ``"C20/57-E"`` and date
    2020-03-03.
    """
    text, loc = ctx.text, ctx.loc
    end = ctx.header_end
    diagnostics: list[Diagnostic] = []
    spans: dict[str, Span] = {}
    values: dict[str, object] = {}

    def keep(name: str, value: object, start: int, stop: int) -> None:
        values[name] = value
        spans[name] = loc.span(start, stop)

    symbols = [
        (m.group("sym"), m.start("sym"), m.end("sym")) for m in _SYMBOL.finditer(text, 0, end)
    ]
    if not symbols:
        symbols = [
            (m.group(0), m.start(), m.end()) for m in COUNCIL_SYMBOL_RE.finditer(text, 0, end)
        ]
    if symbols:
        sym, a, b = symbols[0]
        keep("symbol", " ".join(sym.split()), a, b)
        others = {s for s, *_ in symbols[1:]} | {
            m.group(0) for m in COUNCIL_SYMBOL_RE.finditer(text, end)
        }
        others.discard(sym)
        for other in sorted(others):
            diagnostics.append(
                Diagnostic(
                    code="document-symbol-conflict",
                    severity=Severity.WARNING,
                    message=f"the text also carries the symbol {other!r}; kept {sym!r} from the"
                    " header block",
                    span=spans["symbol"],
                )
            )

    label = _DATE_LABEL.search(text, 0, end)
    dates = find_dates(text, label.end(), min(end, label.end() + 40)) if label else []
    if not dates:
        doc = _DOCUMENT_WORD.search(text, 0, end)
        if doc:
            after = find_dates(text, doc.start(), min(end, doc.end() + 60))
            dates = [d for d in after if d.start == d.end]
    if dates:
        d = dates[0]
        if d.start is None:
            diagnostics.append(
                Diagnostic(
                    code="date-unreadable",
                    severity=Severity.WARNING,
                    message=f"the document date {d.text!r} is not a valid date",
                    span=loc.span(*d.span),
                )
            )
        else:
            keep("date", d.start, *d.span)

    title = _TITLE.search(text, 0, end)
    if title:
        keep("title", " ".join(title.group(0).split()), title.start(), title.end())
    for name, pattern in (("council_session", _COUNCIL), ("agenda_item", _AGENDA_ITEM)):
        m = pattern.search(text, 0, end)
        if m:
            keep(name, m.group(0), m.start(), m.end())
    m = _ORIGINAL.search(text, 0, end)
    if m:
        keep("original_language", m.group("lang"), m.start("lang"), m.end("lang"))
    m = _SOURCE_LINE.search(text, 0, end)
    if m:
        keep("source_line", m.group(0).strip(), m.start(), m.end())

    references: list[str] = []
    for section in ctx.seg.sections:
        if section.number is not None:
            break
        body = section.paragraphs
        if not body:
            continue
        joined = "\n".join(p.text for p in body)
        first, last = body[0].span.start, body[-1].span.end
        if section.title == "Summary":
            keep("summary", joined, first, last)
        elif section.title == "Action required":
            keep("action_required", joined, first, last)
        elif section.title == "References":
            references = [r.strip() for r in joined.replace("\n", ";").split(";") if r.strip()]
            spans["references"] = loc.span(first, last)
    if "summary" not in values:
        m = _THIS_REPORT.search(text, 0, end)
        if m:
            para = next(
                (p for _, p in ctx.paragraphs() if p.span.start <= m.start() < p.span.end), None
            )
            if para is not None:
                keep("summary", para.text, para.span.start, para.span.end)

    values.update(
        references=references,
        draft=bool(_DRAFT.search(text, 0, end)),
        group_names=[n for n, _, _ in find_group_names(text)],
        field_spans=spans,
    )
    info = DocumentInfo.model_validate(values)
    if not any(k in values for k in ("symbol", "date", "title")):
        diagnostics.append(
            Diagnostic(
                code="header-missing",
                severity=Severity.INFO,
                message="no header block: the document symbol, date and title are absent",
            )
        )
    return info, diagnostics
