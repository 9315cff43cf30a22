"""The header block: document symbol, date, title, summary, and the Council cover fields."""

from __future__ import annotations

from collections.abc import Iterable

import regex

from copparse import patterncache
from copparse.extract import ExtractContext
from copparse.extract.group import (
    COUNCIL_SYMBOL_RE,
    COUNCIL_SYMBOL_RULE,
    GROUP_NAME_RE,
    MEETING_SYMBOL,
    find_group_names,
)
from copparse.extract.lexicon import ORDINAL_JOIN_RE, ORDINAL_RE, DateMatch, find_dates
from copparse.extract.places import fewest_words
from copparse.lang import alternation, lexicon
from copparse.models import Diagnostic, DocumentInfo, Severity, Span
from copparse.reflow import TITLE_SMALL
from copparse.rules import Candidate, Rule, resolve, rule

__all__ = ["COUNCIL_SYMBOL_RE", "GROUP_NAME_RE", "extract_document", "find_group_names"]

_COVER = lexicon("en").cover


def _first_words(phrases: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(p.split()[0].lower() for p in phrases))


_SYMBOL_LABEL = rule(
    "document.symbol.label",
    "document.symbol",
    rf"{alternation(_COVER.document)}\s*:?[ \t]*"
    rf"(?P<sym>{COUNCIL_SYMBOL_RE.pattern}|{MEETING_SYMBOL})",
    'The symbol after the "Document" label of the header block.',
    examples=[
        ("Document C20/57-E\n3 March 2020", "C20/57-E"),
        ("Document: WG-COP/13", "WG-COP/13"),
        ("Document WG-CP/1/16 Rev.1", "WG-CP/1/16 Rev.1"),
        ("Document No. C17/24-E", "C17/24-E"),
        ("Council 2014\tDocument CWG-COP-14/3-E", "CWG-COP-14/3-E"),
        ("Document C20/57-E3 March 2020", "C20/57-E"),
    ],
    counter_examples=["Document\n3 March 2020", "Documents WG-CP/13/2", "the document C20"],
    needs=fewest_words(_first_words(_COVER.document)),
    group="sym",
    flags=regex.IGNORECASE,
)
# The order in which the symbol's sources are believed.
_SYMBOL_ORDER = (_SYMBOL_LABEL.name, COUNCIL_SYMBOL_RULE.name)

_DATE_LABEL = rule(
    "document.date.label",
    "document.date",
    rf"{alternation(_COVER.date)}\s*:\s*",
    'The "Date:" label; the date is the first in the 40 characters after it.',
    examples=[("Date: 23 March 2010", "Date: "), ("DATE :\t30th September 2015", "DATE :\t")],
    counter_examples=["Dated 23 March 2010", "the update: it", "Date 23 March 2010"],
    needs=fewest_words(_first_words(_COVER.date)),
    flags=regex.IGNORECASE,
)
# "Document C20/57-E" alone on a line, or in a cell of a cover table ("Council 2020\tDocument"):
# the document date is the first single date within 60 characters after the cell.
_DOCUMENT_CELL = rule(
    "document.date.after_document",
    "document.date",
    rf"(?:^|\t){alternation(_COVER.document)}[^\n]*",
    'The "Document" cell of a cover block; the document date is the first single date after it.',
    examples=[
        ("Document C20/57-E\n3 March 2020", "Document C20/57-E"),
        ("Council 2020\tDocument\t3 March 2020", "\tDocument\t3 March 2020"),
    ],
    counter_examples=["the Document was", "Documents\n3 March 2020"],
    needs=fewest_words(_first_words(_COVER.document)),
    flags=regex.MULTILINE | regex.IGNORECASE,
)
# A cover table's row "Geneva, 4-14 June 2024 | 15 March 2024" above "Document C24/38-E": the
# document date is a cell of its own before the "Document" cell. The cell ends at a tab, the
# line's end, or (in a copy that lost its line breaks) the capital of the cover field glued to it.
_DATE_CELL = rule(
    "document.date.cell",
    "document.date",
    r"(?:^|\t) *\K(?:\d{1,2}\s+\p{L}+\.?,?\s+(?:19|20)\d\d"
    r"|\p{L}+\.?\s+\d{1,2},\s+(?:19|20)\d\d)"
    r"(?=[ \t]*(?:\t|$)|\p{Lu})",
    'A cover cell holding a date alone, before the "Document" cell: the document date.',
    examples=[
        ("Geneva, 4-14 June 2024\t15 March 2024\nPL 1.6\tDocument C24/38-E", "15 March 2024"),
        ("Council 2018\t\tMarch 2, 2018\n", "March 2, 2018"),
        ("Geneva, 4-14 June 2024\t15 March 2024PL 1.6\tDocument C24/38-E", "15 March 2024"),
    ],
    counter_examples=[
        "Geneva, 4-14 June 2024\nDocument",
        "Geneva, 4-14 June 2024\tDocument C24/38-E",
        "held on 15 March 2024 in Geneva",
        "\t15 March 2024 was the date of the meeting\n",
    ],
    flags=regex.MULTILINE,
)
_DATE_ORDER = (_DATE_LABEL.name, _DOCUMENT_CELL.name, _DATE_CELL.name)
_DATE_LABEL_WINDOW, _DOCUMENT_CELL_WINDOW = 40, 60

_LABEL_WORDS = alternation(s for spellings in _COVER.labels.values() for s in spellings)
_TITLE_MEETING = alternation(_COVER.title_meeting, bounded=False)
# A cover field begins at a line start, or where the cover field before it ends in a copy that
# lost its line breaks (``\G``: the search starts there, see ``_field_starts``).
_TITLE = rule(
    "document.title",
    "document.title",
    rf"(?:^|\G[ \t]*)(?:(?:{alternation(_COVER.title_starts, bounded=False)})(?!\w)"
    rf"|{alternation(_COVER.title_report)}\s+{ORDINAL_RE}"
    rf"(?:\s*{ORDINAL_JOIN_RE}\s*{ORDINAL_RE})*\s*{_TITLE_MEETING})"
    rf"[^\n]*?(?=\s+{_LABEL_WORDS}|$)",
    'The title line: "OUTCOME OF THE ...", "SUMMARY OF THE ...", "REPORT OF THE Nth MEETING".',
    examples=[
        (
            "REPORT OF THE TWENTY-FIFTH MEETING OF THE COUNCIL WORKING GROUP",
            "REPORT OF THE TWENTY-FIFTH MEETING OF THE COUNCIL WORKING GROUP",
        ),
        ("Report of the sixth and seventh meetings", "Report of the sixth and seventh meetings"),
        ("OUTCOME OF THE FIFTEENTH MEETING\nSummary", "OUTCOME OF THE FIFTEENTH MEETING"),
        ("Outcome of the 1st Meeting", "Outcome of the 1st Meeting"),
        ("SUMMARY OF THE 10th MEETING", "SUMMARY OF THE 10th MEETING"),
        ("REPORT OF THE TENTH MEETING OF CWG-COP", "REPORT OF THE TENTH MEETING OF CWG-COP"),
        ("OUTCOMES OF THE 12th MEETING Summary This report", "OUTCOMES OF THE 12th MEETING"),
    ],
    counter_examples=[
        "the outcome of the meeting",
        "Report of the Chairman",
        "Outcome of them",
        "Report of the Chairman on the meeting",
    ],
    flags=regex.MULTILINE | regex.IGNORECASE,
)
# A title in capitals wrapped at a line end goes on in capitals on the next line ("... ON
# CHILD" / "ONLINE PROTECTION"); a numbered heading or a label in small letters does not.
_TITLE_WRAPPED = rule(
    "document.title.wrapped",
    "document.title",
    r"\G\n(?P<more>[\p{Lu}(][^\n\p{Ll}]*\p{Lu})[ \t]*$",
    "The rest of a title in capitals wrapped onto the next line, in capitals too.",
    examples=[("\nONLINE PROTECTION\nSummary", "ONLINE PROTECTION")],
    counter_examples=["\n1. OPENING", "\nSummary", "\nONLINE protection", "x\nONLINE"],
    group="more",
    flags=regex.MULTILINE,
)
# A title in capitals ends before its first word that is not in capitals: a copy that lost its
# line breaks runs the next cover field into it ("... CHILD ONLINE PROTECTION Geneva, 21-22
# February 2012", glued: "PROTECTIONGeneva"). A word that opens with a figure ("12th") or a slip
# of case inside a word ("FIFtEENTH") is no such word, unless a small word follows ("9th
# meeting - Geneva", the cover line after the title).
_TITLE_CAPITALS_END = rule(
    "document.title.capitals_end",
    "document.title",
    r"(?:(?<![ \t])[ \t]++|(?<=\p{Lu}{2}))"
    r"(?P<rest>(?:(?<=[ \t])(?:\(?\p{Lu}\p{Ll}|\p{Ll}|\d{1,3}\p{Ll}{2}[ \t]+\p{Ll})"
    r"|\(?\p{Lu}\p{Ll}{2}|\d{1,3}\p{Ll}{2}[ \t]+\p{Ll})[^\n]*)",
    "What follows a title in capitals on its line and is not in capitals: not the title's.",
    examples=[
        (
            "REPORT OF THE FIFTH MEETING OF THE GROUP Geneva, 21-22 February 2012",
            "Geneva, 21-22 February 2012",
        ),
        ("CHILD ONLINE PROTECTIONGeneva, 21-22 February 2012", "Geneva, 21-22 February 2012"),
        ("CHILD ONLINE PROTECTION(Geneva, 21 May 2012)", "(Geneva, 21 May 2012)"),
        ("SUMMARY OF THE 10th MEETING (Geneva, 29 September 2015)", "(Geneva, 29 September 2015)"),
        ("OUTCOME OF THE NINTH MEETING held in Geneva", "held in Geneva"),
        ("OF CHILD ONLINE PROTECTION 9th meeting - Geneva", "9th meeting - Geneva"),
        ("OF CHILD ONLINE PROTECTION9th meeting - Geneva", "9th meeting - Geneva"),
    ],
    counter_examples=[
        "OUTCOME OF THE FIFtEENTH AND SIXTEENTH MEETINGS OF THE COUNCIL WORKING GROUP",
        "OUTCOME OF THE 12th MEETING (CWG-COP)",
        "OUTCOME OF THE 12thMEETING",
        "OUTCOME OF THE 12th MEETING OF THE GROUP(CWG-COP)",
    ],
    group="rest",
)
_TITLE_NOUN = patterncache.compile(rf"{_TITLE_MEETING}s?(?!\w)", regex.IGNORECASE)
# "REPORT OF THE FIFTH MEETING OF" at a line end: a title in capitals does not end on "OF".
_TITLE_OPEN_END = rule(
    "document.title.open_end",
    "document.title",
    rf"(?<![^ \t]){alternation(_COVER.title_open_ends)}[ \t]*\Z",
    "A title in capitals cut at a line end after a word that cannot end it ('... MEETING OF'):"
    " it goes on in the capitals that open the next line.",
    examples=[("REPORT OF THE FIFTH MEETING OF", "OF")],
    counter_examples=["REPORT OF THE FIFTH MEETING", "REPORT OF THE FIFTH MEETING OFF"],
)
# The capitals that open the line after such a title: "THE COUNCIL WORKING GROUP ON CHILD ONLINE
# PROTECTION Geneva, ..." (the capitals end is found by document.title.capitals_end).
_TITLE_GOES_ON = rule(
    "document.title.goes_on",
    "document.title",
    r"\G\n(?P<more>\p{Lu}{2,}(?:[ \t]+\S+)*)[ \t]*$",
    "The line after a title in capitals cut after an open word, when it opens in capitals.",
    examples=[("\nTHE COUNCIL WORKING GROUP Geneva", "THE COUNCIL WORKING GROUP Geneva")],
    counter_examples=["\n1 Opening of the meeting", "\nThe Council working group", "x\nTHE"],
    group="more",
    flags=regex.MULTILINE,
)
_COUNCIL_SESSION = rule(
    "document.council_session",
    "document.council_session",
    rf"(?:^|\t)\K{alternation(_COVER.council)}\s+(?:20|19)\d\d(?![\d\p{{Ll}}])",
    "The Council session of a Council document, in its own cover cell (or glued to the next).",
    examples=[
        ("Council 2020\nGeneva, 9-19 June 2020", "Council 2020"),
        ("x\tCouncil 2016", "Council 2016"),
        ("Council 2026Geneva, 9-19 June 2026", "Council 2026"),
    ],
    counter_examples=[
        "the Council 2020 session",
        "Council 2020s",
        "council 2020",
        "Council 20201",
        "in line with the Council 2016decision",
    ],
    flags=regex.MULTILINE,
)
_AGENDA_ITEM = rule(
    "document.agenda_item",
    "document.agenda_item",
    rf"(?:^|\t|(?<=\d)|{alternation(_COVER.agenda_item_labels)}[ \t]*:?[ \t]*)"
    rf"\K{alternation(_COVER.agenda_item_prefixes, bounded=False)}\s+\d+(?:\.\d+)*"
    rf"(?=\t|[ \t]*$|[ \t]*{alternation(_COVER.document)}"
    rf"|(?!{alternation(lexicon('en').dates.months, bounded=False)})\p{{Lu}})",
    'The Council agenda item of a Council document: "PL 1.5", "ADM 3", "Agenda item: PL 1.6";'
    " in a copy that lost its line breaks, glued to the cover fields beside it.",
    examples=[
        ("Geneva\nPL 1.5\nDocument", "PL 1.5"),
        ("Council 2019\tADM 3\tDocument", "ADM 3"),
        ("Council 2023\nAgenda item: PL 1.6\n", "PL 1.6"),
        ("Agenda item: PL 1.6 Document C23/45-E", "PL 1.6"),
        ("Geneva, 4-14 June 2024\t15 March 2024PL 1.6\tDocument", "PL 1.6"),
        ("Geneva, 9-19 June 2020PL 1.5Document C20/57-E", "PL 1.5"),
    ],
    counter_examples=[
        "PL 1.5 The agenda",
        "APL 1.5",
        "PL1.5",
        "the agenda item PL 1.5 of",
        "PL 1.629 February 2024",
        "PL 1.629February 2024",
    ],
    flags=regex.MULTILINE,
)
_ORIGINAL = rule(
    "document.original_language",
    "document.original_language",
    rf"{alternation(_COVER.original)}\s*:\s*"
    rf"(?P<lang>[A-Z][a-z]+(?:\s+{alternation(_COVER.original_only, bounded=False)})?)",
    'The original language: "Original: English", "Original: English only".',
    examples=[
        ("Original: English\n", "English"),
        ("Original: English only", "English only"),
        ("Original: English onlyReport by the Chairman", "English only"),
    ],
    counter_examples=["Original: english", "Originally: English"],
    group="lang",
)
_SOURCE_LINE = rule(
    "document.source_line",
    "document.source_line",
    rf"(?:^|\G[ \t]*)(?:(?:{alternation(_COVER.source_by, bounded=False)})\s+[^\n]{{3,160}}"
    rf"|(?:{alternation(_COVER.source_roles, bounded=False)})\s*,\s*[^\n]{{3,120}})$",
    'Who the report is from: "Report by the Chairman ...", "Chairman, Council Working Group ...".',
    examples=[
        (
            "Report by the Chairman of the Council Working Group",
            "Report by the Chairman of the Council Working Group",
        ),
        ("x\nChairman, Council Working Group on COP\n", "Chairman, Council Working Group on COP"),
        ("Note by the Secretariat", "Note by the Secretariat"),
    ],
    counter_examples=["The Report by the Chairman", "Chairman of the Group", "Report by me"],
    flags=regex.MULTILINE,
)
_DRAFT = rule(
    "document.draft",
    "document.draft",
    rf"^\s*{alternation(_COVER.draft)}\s*$"
    rf"|\G[ \t]*\K{alternation(_COVER.draft, bounded=False)}(?=[ \t]*(?:$|\p{{Lu}}\p{{Ll}}))",
    "A line that marks the report as a draft, or the mark between two cover fields run together.",
    examples=[
        ("Date: 23 March 2010\nDRAFT\nOutcome", "DRAFT"),
        ("DRAFTOutcome of the 1st Meeting", "DRAFT"),
    ],
    counter_examples=["DRAFT REPORT", "the draft\n", "Draft", "x DRAFT\n"],
    flags=regex.MULTILINE,
)
_THIS_REPORT = rule(
    "document.summary.this_report",
    "document.summary",
    rf"^{alternation(_COVER.this_report)}",
    'The paragraph that opens "This report ...": the summary of a report without a Summary label.',
    examples=[
        ("This report summarizes the outcomes", "This report"),
        ("The present document gives", "The present document"),
    ],
    counter_examples=["In this report", "This reporting period", "The report"],
    flags=regex.IGNORECASE | regex.MULTILINE,
)
# The sections the segmenter opens at a cover label ("Summary", "Action required",
# "References"), each with the field it fills: the label's name is the field's.
_LABEL_FIELDS = {
    key.lower().replace(" ", "_"): rule(
        f"document.{key.lower().replace(' ', '_')}.label",
        f"document.{key.lower().replace(' ', '_')}",
        rf"^{alternation(spellings)}$",
        f'The section that the cover label "{key}" opens.',
        examples=[(s.upper(), s.upper()) for s in spellings],
        counter_examples=[f"{spellings[0]} of the meeting"],
        flags=regex.IGNORECASE,
    )
    for key, spellings in _COVER.labels.items()
}


def _in_capitals_at(text: str, start: int) -> bool:
    """Whether the title at ``start`` opens in capitals: "REPORT OF THE", not "Report of the"."""
    head = text[start : start + 14].split()
    return len(head) >= 2 and all(w.isupper() for w in head[:2])


def _title_in_capitals(text: str, start: int, stop: int, end: int, by: str) -> tuple[int, str]:
    """Where a title in capitals ends, and the rule that says so.

    It goes on over a line end after a word that cannot end it ("... MEETING OF" / "THE
    COUNCIL ..."), and past its meeting noun stops before its first word not in capitals ("...
    PROTECTION Geneva").
    """
    while _TITLE_OPEN_END.search(text, start, stop) is not None:
        more = _TITLE_GOES_ON.pattern.match(text, stop, end)
        if more is None:
            break
        stop, by = more.end("more"), _TITLE_GOES_ON.name
    # Not before its meeting noun: "REPORT OF THE 5th MEETING" keeps its words up to "MEETING".
    noun = _TITLE_NOUN.search(text, start, stop)
    cut = _TITLE_CAPITALS_END.search(text, noun.end() if noun else start, stop)
    if cut is not None:
        stop, by = cut.start(), _TITLE_CAPITALS_END.name
    return stop, by


def _label_field(title: str | None) -> str | None:
    """The field of the section a cover label opens (``"summary"``), or ``None``."""
    if title:
        for field, label in _LABEL_FIELDS.items():
            if label.pattern.match(title):
                return field
    return None


def _field_starts(
    text: str,
    end: int,
    fields: Iterable[int],
    memo: dict[tuple[int, int], list[DateMatch]] | None = None,
) -> set[int]:
    """Where a cover field may begin in the header: after the end of a field or of a date.

    Line starts need no entry (the rules' ``^`` finds them). ``memo``: find_dates's.
    """
    starts = {e for e in fields if e <= end}
    starts.update(d.span[1] for d in find_dates(text, 0, end, memo))
    return starts


def _first_at(r: Rule, text: str, starts: set[int], end: int) -> regex.Match[str] | None:
    r"""The first match of ``r`` at a line start or at one of ``starts`` (its ``\G``)."""
    found = [m for m in (r.search(text, 0, end),) if m is not None]
    found += [m for p in sorted(starts) if (m := r.pattern.match(text, p, end)) is not None]
    return min(found, key=lambda m: m.start(), default=None)


def extract_document(ctx: ExtractContext) -> tuple[DocumentInfo, list[Diagnostic]]:
    r"""Read the header block (everything before the first numbered section).

    Example: ``"Document C20/57-E\\n3 March 2020"`` gives symbol ``"C20/57-E"`` and date
    2020-03-03.
    """
    text, loc = ctx.text, ctx.loc
    end = ctx.header_end
    diagnostics: list[Diagnostic] = []
    spans: dict[str, Span] = {}
    rules: dict[str, str] = {}
    values: dict[str, object] = {}
    ends: list[int] = []

    def keep(name: str, value: object, start: int, stop: int, by: str) -> None:
        values[name] = value
        ends.append(stop)
        spans[name] = loc.span(start, stop)
        rules[name] = by

    symbols = [
        Candidate("symbol", m.group(r.group), m.start(r.group), m.end(r.group), r.name)
        for r in (_SYMBOL_LABEL, COUNCIL_SYMBOL_RULE)
        # Only the cover's: the codes in an unnumbered report's own text are contributions
        # and documents it cites, neither its symbol nor one in conflict with it.
        for m in r.finditer(text, 0, ctx.cover_end)
    ]
    best = resolve(symbols, _SYMBOL_ORDER)
    if best is not None:
        sym = str(best.value)
        keep("symbol", " ".join(sym.split()), best.start, best.end, best.rule)
        # The other symbols of the winning source, and any Council symbol after the header.
        others = {str(c.value) for c in symbols if c.rule == best.rule and c is not best} | {
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

    dates: list[Candidate] = []
    label = _DATE_LABEL.search(text, 0, end)
    if label:
        found = find_dates(text, label.end(), min(end, label.end() + _DATE_LABEL_WINDOW))
        dates += [Candidate("date", d, *d.span, _DATE_LABEL.name) for d in found[:1]]
    cell = _DOCUMENT_CELL.search(text, 0, end)
    if cell:
        after = find_dates(text, cell.start(), min(end, cell.end() + _DOCUMENT_CELL_WINDOW))
        single = [d for d in after if d.start == d.end]
        dates += [Candidate("date", d, *d.span, _DOCUMENT_CELL.name) for d in single[:1]]
        before = [
            d
            for m in _DATE_CELL.finditer(text, 0, cell.start())
            for d in find_dates(text, m.start(), m.end())
            if d.start == d.end
        ]
        dates += [Candidate("date", d, *d.span, _DATE_CELL.name) for d in before[-1:]]
    chosen = resolve(dates, _DATE_ORDER)
    if chosen is not None:
        d = chosen.value
        assert isinstance(d, DateMatch)
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
            keep("date", d.start, *d.span, chosen.rule)

    for name, r in (("council_session", _COUNCIL_SESSION), ("agenda_item", _AGENDA_ITEM)):
        m = r.search(text, 0, end)
        if m:
            keep(name, m.group(0), m.start(), m.end(), r.name)
    m = _ORIGINAL.search(text, 0, end)
    if m:
        keep("original_language", m.group("lang"), m.start("lang"), m.end("lang"), _ORIGINAL.name)
    # The draft mark, the title and the source line open a line, or follow the end of the cover
    # field before them where a copy lost its line breaks ("Original: English onlyDRAFTOutcome
    # of the 1st Meeting", "Geneva, 29 September 2015 Chairman, Council Working Group on COP").
    starts = _field_starts(text, end, ends, ctx.dates_found)
    draft = _first_at(_DRAFT, text, starts, end)
    if draft is not None:
        starts.add(draft.end())
    title = _first_at(_TITLE, text, starts, end)
    if title:
        stop = title.end()
        more = _TITLE_WRAPPED.pattern.match(text, stop, end)
        while more is not None:
            stop = more.end("more")
            more = _TITLE_WRAPPED.pattern.match(text, stop, end)
        by = _TITLE_WRAPPED.name if stop != title.end() else _TITLE.name
        if _in_capitals_at(text, title.start()):
            stop, by = _title_in_capitals(text, title.start(), stop, end, by)
        else:
            # In small letters it ends after its meeting noun and the group's name, where the
            # line goes on with the next cover field ("... meeting Geneva, 21-22 February").
            small = TITLE_SMALL.pattern.match(text, title.start(), stop)
            if small is not None and small.end("title") < stop:
                stop, by = small.end("title"), TITLE_SMALL.name
        # A wrapped title is kept as written, its line break in it: the value is its span's text.
        written = text[title.start() : stop]
        value = written if "\n" in written else " ".join(written.split())
        keep("title", value, title.start(), stop, by)
        starts.add(stop)
    # Only the cover: in a report without numbers the signature ("Chairman, WG-CP") comes
    # after it, inside what counts as header.
    m = _first_at(_SOURCE_LINE, text, starts, ctx.cover_end)
    if m:
        keep("source_line", m.group(0).strip(), m.start(), m.end(), _SOURCE_LINE.name)

    references: list[str] = []
    for section in ctx.seg.sections:
        if section.number is not None:
            break
        body = section.paragraphs
        field = _label_field(section.title)
        if not body or field is None:
            continue
        joined = "\n".join(p.text for p in body)
        first, last = body[0].span.start, body[-1].span.end
        by = _LABEL_FIELDS[field].name
        if field == "references":
            references = [r.strip() for r in joined.replace("\n", ";").split(";") if r.strip()]
            spans[field] = loc.span(first, last)
            rules[field] = by
        else:
            keep(field, joined, first, last, by)
    if "summary" not in values:
        m = _THIS_REPORT.search(text, 0, end)
        if m:
            para = next(
                (p for _, p in ctx.paragraphs() if p.span.start <= m.start() < p.span.end), None
            )
            if para is not None:
                keep("summary", para.text, para.span.start, para.span.end, _THIS_REPORT.name)

    values.update(
        references=references,
        draft=draft is not None,
        group_names=[n for n, _, _ in find_group_names(text, low=ctx.folded)],
        field_spans=spans,
        field_rules=rules,
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
