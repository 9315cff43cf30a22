"""Contributions: the numbered input documents, who sent them, and where they are discussed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from copparse.extract import ExtractContext, sentences
from copparse.extract.group import CODE_RE, canonical_group
from copparse.extract.lexicon import NUMBER_CANDIDATE_RE, country_code, demonym_country, first_count
from copparse.lang import lexicon
from copparse.models import Contribution, Paragraph, ParagraphKind, Section, Span, SubmitterKind
from copparse.rules import rule

__all__ = [
    "CODE_RE",
    "canonical_group",
    "extract_contributions",
    "extract_contributions_stated",
    "submitter_kind",
]

_FROM = regex.compile(
    r"(?:(?:Contribution|Contributions|Document|Submission|Proposal)\s+(?:from|by|of)"
    r"|(?:Submitted|Presented)\s+by|From)\s+(?:the\s+)?",
    regex.IGNORECASE,
)
_SEPARATOR = regex.compile(r"\s*(?::|\t|\s[-–—]\s|\s\|\s)\s*")
_SECRETARIAT = regex.compile(
    r"^(?:the\s+)?(?:ITU\s+)?(?:General\s+)?(?:Secretariat|BDT|TSB|BR|ITU)(?:\s*\([^)]*\))?$",
    regex.IGNORECASE,
)
_CHAIR = regex.compile(r"^(?:the\s+)?(?:vice[- ])?chair(?:man|woman|person)?\b", regex.IGNORECASE)
_PRESENTING = regex.compile(
    r"\b(?:present(?:ed|s|ing)?|introduc(?:ed|es|ing)|updated|shared|outlined|described|gave"
    r"|highlighted|underlined|explained|reported|informed|briefed|proposed|submitted|showed"
    r"|provided|stressed|emphasi[sz]ed|illustrated|summari[sz]ed)\b",
    regex.IGNORECASE,
)
_ENTITY = r"(?P<x>\p{Lu}[\w&'.-]*(?:\s+(?:of\s+|for\s+|and\s+)?\p{Lu}[\w&'.-]*){0,5})"
# Each pattern with the words it cannot match without (the patterns are case-sensitive): a few
# substring tests on a sentence cost less than one call into the regex engine.
_REFERENCES = [
    (
        regex.compile(
            rf"\b(?:representatives?|delegates?|delegation|speakers?|experts?|colleagues?)\s+"
            rf"(?:from|of)\s+(?:the\s+)?{_ENTITY}"
        ),
        ("representative", "delegat", "speaker", "expert", "colleague"),
    ),
    (
        regex.compile(
            rf"\b(?:contribution|document|presentation|proposal)s?\s+(?:from|of|by)\s+"
            rf"(?:the\s+)?{_ENTITY}"
        ),
        ("contribution", "document", "presentation", "proposal"),
    ),
    (
        regex.compile(
            r"\b(?P<adj>\p{Lu}\p{Ll}+)\s+(?:contribution|delegation|delegate|representative"
            r"|document|presentation|proposal)\b"
        ),
        ("contribution", "delegat", "representative", "document", "presentation", "proposal"),
    ),
    (
        regex.compile(
            rf"{_ENTITY}\s+(?:presented|introduced)\s+(?:its|their|the|a)\s+contribution"
        ),
        ("contribution",),
    ),
    (
        regex.compile(rf"{_ENTITY}\s+(?:representatives?|delegates?|delegation)\b"),
        ("representative", "delegat"),
    ),
]
# "Kenya described its national plan", "Chile and Norway shared their experience", "Acme Telecom
# then presented": the submitter as the subject of the sentence, at its start.
_VERBS = (
    r"(?:present(?:ed|s)|introduc(?:ed|es)|described|shared|outlined|gave|highlighted|reported"
    r"|explained|updated|briefed|showed|summari[sz]ed)"
)
# As _ENTITY, with "the" inside a name: "Save the Children".
_NAMED = (
    r"(?P<x>\p{Lu}[\w&'.-]*(?:\s+(?:of\s+|for\s+|and\s+|the\s+|of\s+the\s+)?\p{Lu}[\w&'.-]*){0,5})"
)
_SUBJECT = rule(
    "contribution.discussed.subject",
    "contributions.discussed_in",
    rf"(?:\d{{1,2}}(?:\.\d{{1,3}}){{0,3}}\.?[ \t]+)?(?:The[ \t]+)?{_NAMED}[ \t]+"
    rf"(?:(?:then|also|briefly|further)[ \t]+)?{_VERBS}\b",
    "A sentence that opens with a submitter presenting: its paragraph discusses their items.",
    examples=[
        ("3.3 Kenya described its national plan.", "Kenya"),
        ("Chile and Norway shared their experience", "Chile and Norway"),
        ("Acme Telecom then presented age assurance", "Acme Telecom"),
        ("Save the Children presented its guide", "Save the Children"),
    ],
    counter_examples=["the delegates shared their views", "In 2024 it was presented"],
    group="x",
)
# "Peru presented Document CWG-COP/9/11": the presenter of a code named in running text.
_SUBJECT_BEFORE_CODE = rule(
    "contribution.submitter.subject",
    "contributions.submitter",
    rf"(?:^|(?<=[.;:][ \t]{{0,3}})|(?<=^\d{{1,2}}(?:\.\d{{1,3}}){{0,3}}\.?[ \t]+))(?:The[ \t]+)?"
    rf"{_NAMED}[ \t]+(?:(?:then|also)[ \t]+)?(?:presented|introduced|submitted)[ \t]+"
    r"(?:(?:the[ \t]+)?(?i:document|contribution)[ \t]+)?\(?$",
    "Who presented a code named only in running text, as the sentence's subject.",
    examples=[
        ("Peru presented Document ", "Peru"),
        ("4.2 Acme Telecom then presented ", "Acme Telecom"),
    ],
    counter_examples=["the delegation presented Document "],
    group="x",
    flags=regex.MULTILINE,
)
# 'CWG-COP/9/11, entitled "Safer schools"': the title of a code named in running text.
_ENTITLED = rule(
    "contribution.title.entitled",
    "contributions.title",
    r"[ \t]{0,3},?[ \t]{1,3}(?:entitled|titled|on)[ \t]{1,3}\"(?P<t>[^\"\n]{2,200})\"",
    "The quoted title after a code named in running text.",
    examples=[(', entitled "Safer schools", which', "Safer schools")],
    counter_examples=[" on the safety of schools"],
    group="t",
)
_SECRETARIAT_PRESENTS = regex.compile(
    r"\b(?:presented|introduced|given)\s+by\s+the\s+(?:ITU\s+)?Secretariat\b"
    r"|\bthe\s+(?:ITU\s+)?Secretariat\s+(?:presented|introduced|gave)\b",
    regex.IGNORECASE,
)
_SUBMITTERS_SPLIT = regex.compile(r"\s{0,4}(?:,|\band\b|&)\s{0,4}")
_TRAILING_PAREN = regex.compile(r"\((?P<who>[^()]{2,60})\)\s*$")
_WORD4 = regex.compile(r"\p{L}{4,}")
_ARTICLE = regex.compile(r"^(?:The|A|An)\s+")
_STOPWORDS = frozenset(
    "the and for with from that this into their about through towards among between within"
    " which what when where while have been will would could should other more most such also"
    " than them they these those over under upon only very child children online protection"
    " council working group contribution".split()
)
# "There were nine contributions", "Four contributions were received": the count, then at
# most one word ("written") before the noun; both checked by first_count.
_STATED = [
    regex.compile(
        r"\b(?:there\s+(?:were|was|had\s+been)|received|considered|examined|reviewed|discussed"
        rf"|a\s+total\s+of)\s+(?P<n>{NUMBER_CANDIDATE_RE})\s+(?:(?P<adj>\p{{L}}+)\s+)?"
        r"(?:contributions|documents|input\s+documents)\b",
        regex.IGNORECASE,
    ),
    regex.compile(
        rf"\b(?P<n>{NUMBER_CANDIDATE_RE})\s+(?:(?P<adj>\p{{L}}+)\s+)?(?:contributions|documents)"
        r"\s+(?:were|had\s+been)\s+(?:received|submitted|presented|considered|discussed|examined)\b",
        regex.IGNORECASE,
    ),
]


def submitter_kind(submitter: str | None) -> tuple[SubmitterKind, list[str]]:
    """Classify a submitter as written; return the kind and any member-state codes.

    Example: ``"RUSSIA"`` -> member_state ``["RUS"]``; ``"Trend Micro"`` -> organization.
    """
    if submitter is None:
        return SubmitterKind.SECRETARIAT, []
    if _SECRETARIAT.match(submitter):
        return SubmitterKind.SECRETARIAT, []
    if _CHAIR.match(submitter):
        return SubmitterKind.CHAIR, []
    parts = [p for p in _SUBMITTERS_SPLIT.split(submitter) if p]
    codes = [country_code(p) for p in parts]
    if parts and all(codes):
        return SubmitterKind.MEMBER_STATE, [c for c in codes if c]
    return SubmitterKind.ORGANIZATION, []


@dataclass
class _Item:
    code: str
    meeting: int
    number: int
    revision: int | None
    submitter: str | None
    title: str | None
    listed: bool
    span: tuple[int, int]
    spans: dict[str, tuple[int, int]]
    para: Paragraph


def _code(m: regex.Match[str]) -> tuple[str, int, int, int | None]:
    meeting, number = int(m.group("meeting")), int(m.group("num"))
    rev = int(m.group("rev")) if m.group("rev") else None
    return f"{canonical_group(m.group('group'))}/{meeting}/{number}", meeting, number, rev


_PAREN_SUBMITTER = rule(
    "contribution.item.paren_submitter",
    "contributions.submitter",
    r"[ \t]{0,4}\((?!\s*Rev\b)[ \t]{0,4}(?P<who>[^()\n]{2,80}?)[ \t]{0,4}\)"
    r"[ \t]{0,4}(?::|[-–—])[ \t]{0,4}(?=\S)",
    "A listed code's submitter in parentheses, before the title: 'CODE (Submitter): Title'.",
    examples=[
        (" (Save the Children): Safer games for young players", "Save the Children"),
        (" (Kenya) – A national plan", "Kenya"),
    ],
    counter_examples=["Safer games for young players (Kenya)", " (Rev.1): Safer games"],
    group="who",
)
_DASH_FIELDS = rule(
    "contribution.item.dash_fields",
    "contributions.submitter",
    r"[ \t]{0,4}[-–—][ \t]{1,4}(?P<who>[^-–—:()\n]{2,80}?)[ \t]{1,4}[-–—][ \t]{1,4}(?=\S)",
    "A listed code, its submitter and its title set apart by dashes: 'CODE – Submitter – Title'.",
    examples=[(" – Acme Telecom – Age assurance in mobile services", "Acme Telecom")],
    counter_examples=["Age assurance – in mobile services", ": A plan for children"],
    group="who",
)
# A title that ends with what looks like a submitter in parentheses, not read as one (only a
# member state is: "Title (Kenya)"): the item has a submitter, so it is not the Secretariat's.
_SUBMITTER_SLOT = rule(
    "contribution.item.submitter_slot",
    "contributions.submitter_kind",
    r"\((?!\s*Rev\b)(?P<who>[\p{Lu}\d][^()\n]{1,80})\)[ \t.]{0,4}$",
    "A title ending in a parenthesised name the parser did not read as the submitter.",
    examples=[("Safer streaming for teenagers (5Rights Foundation)", "5Rights Foundation")],
    counter_examples=["Annual report of the COP Initiative", "Guidelines (Rev.1)"],
    group="who",
)


def has_submitter_slot(title: str | None) -> bool:
    """Whether a listed item's title holds a submitter the parser did not read."""
    return bool(title and _SUBMITTER_SLOT.pattern.search(title))


def _parse_item(
    text: str, m: regex.Match[str], end: int
) -> tuple[dict[str, tuple[int, int]], str | None, str | None]:
    """Split what follows a listed code into submitter and title, as offsets."""
    fields = _PAREN_SUBMITTER.pattern.match(text, m.end(), end) or _DASH_FIELDS.pattern.match(
        text, m.end(), end
    )
    if fields is not None:
        return _trimmed(text, {"submitter": fields.span("who"), "title": (fields.end(), end)})
    pos = m.end()
    while pos < end and text[pos] in " \t:)–-":
        pos += 1
    spans: dict[str, tuple[int, int]] = {}
    rest = text[pos:end].rstrip()
    if not rest:
        return spans, None, None
    f = _FROM.match(text, pos, end)
    sep = _SEPARATOR.search(text, f.end() if f else pos, end)
    if f:
        s_end = sep.start() if sep else end
        spans["submitter"] = (f.end(), s_end)
        if sep:
            spans["title"] = (sep.end(), end)
    elif (sep and text[sep.start() : sep.end()].strip() in ("", "|")) or (
        sep and "\t" in text[sep.start() : sep.end()]
    ):
        spans["submitter"] = (pos, sep.start())
        spans["title"] = (sep.end(), end)
    elif sep and ":" in text[sep.start() : sep.end()]:
        head = text[pos : sep.start()]
        if len(head.split()) <= 6 and (country_code(head) or _SECRETARIAT.match(head)):
            spans["submitter"] = (pos, sep.start())
            spans["title"] = (sep.end(), end)
        else:
            spans["title"] = (pos, end)
    else:
        spans["title"] = (pos, end)
        paren = _TRAILING_PAREN.search(text[pos:end])
        if paren and country_code(paren.group("who")):
            spans["submitter"] = (pos + paren.start("who"), pos + paren.end("who"))
            spans["title"] = (pos, pos + paren.start())
    return _trimmed(text, spans)


def _trimmed(
    text: str, spans: dict[str, tuple[int, int]]
) -> tuple[dict[str, tuple[int, int]], str | None, str | None]:
    submitter = title = None
    for key, (a, b) in list(spans.items()):
        while a < b and text[a] in " \t":
            a += 1
        while b > a and text[b - 1] in " \t.;,":
            b -= 1
        if a >= b:
            del spans[key]
        else:
            spans[key] = (a, b)
    if "submitter" in spans:
        submitter = text[slice(*spans["submitter"])]
    if "title" in spans:
        title = text[slice(*spans["title"])]
    return spans, submitter, title


_AFTER_CODE = regex.compile(
    rf"\s{{0,4}}:?\)?\s{{0,4}}(?:from|by|submitted\s+by|presented\s+by)\s+(?:the\s+)?{_ENTITY}"
)
_BEFORE_CODE = regex.compile(
    rf"(?:contribution|document)\s+(?:from|by|of)\s+(?:the\s+)?{_ENTITY}\s*\(?\s*$"
)
_PRESENTER = regex.compile(
    rf"(?:delegations?|representatives?|delegates?)\s+(?:of|from)\s+(?:the\s+)?{_ENTITY}\s+"
    r"(?:presented|introduced|submitted)\s+(?:(?:the\s+)?(?i:document|contribution)\s+)?\(?$"
)


def _running_submitter(text: str, m: regex.Match[str], para: Paragraph) -> tuple[int, int] | None:
    """Who a code named in running text is from: "WG-CP/11/4 from the Secretariat"."""
    a = _AFTER_CODE.match(text, m.end(), para.span.end)
    if a:
        return a.span("x")
    b = _BEFORE_CODE.search(text, max(para.span.start, m.start() - 80), m.start())
    if b:
        return b.span("x")
    p = _PRESENTER.search(text, max(para.span.start, m.start() - 160), m.start())
    if p:
        return p.span("x")
    sa = max(para.span.start, m.start() - 160)
    s = _SUBJECT_BEFORE_CODE.pattern.search(text, sa, m.start())
    return s.span("x") if s else None


def _content_words(s: str) -> set[str]:
    return {w.lower().rstrip("s") for w in _WORD4.findall(s) if w.lower() not in _STOPWORDS}


@dataclass
class _Mentions:
    """Who and what each paragraph refers to, indexed once for every contribution to look up.

    Only sentences with a presenting verb count ("The representative from X presented ..."),
    except codes, which count wherever they are named.
    """

    by_code: dict[str, set[int]]
    by_country: dict[str, set[int]]
    by_first_word: dict[str, list[tuple[str, int]]]  # entity's first word -> (entity, index)
    secretariat: list[tuple[int, set[str]]]  # paragraphs where the Secretariat presents


def _index_mentions(
    text: str, low: str | None, paragraphs: list[tuple[int, Paragraph]]
) -> _Mentions:
    m = _Mentions({}, {}, {}, [])
    for i, para in paragraphs:
        for c in CODE_RE.finditer(text, para.span.start, para.span.end):
            m.by_code.setdefault(_code(c)[0], set()).add(i)
        presents_secretariat = False
        for a, b in sentences(text, para.span.start, para.span.end):
            if not _PRESENTING.search(text, a, b):
                continue
            subject = _SUBJECT.pattern.match(text, a, b)
            if subject:
                for part in _SUBMITTERS_SPLIT.split(_ARTICLE.sub("", subject.group("x"))):
                    if not part:
                        continue
                    code = country_code(part)
                    if code:
                        m.by_country.setdefault(code, set()).add(i)
                    lowered = part.lower()
                    m.by_first_word.setdefault(lowered.split()[0], []).append((lowered, i))
            if low is None or low.find("secretariat", a, b) >= 0:
                presents_secretariat |= bool(_SECRETARIAT_PRESENTS.search(text, a, b))
            for pattern, needs in _REFERENCES:
                if not any(text.find(word, a, b) >= 0 for word in needs):
                    continue
                for r in pattern.finditer(text, a, b):
                    if r.groupdict().get("adj"):
                        code = demonym_country(r.group("adj"))
                        if code:
                            m.by_country.setdefault(code, set()).add(i)
                        continue
                    entity = _ARTICLE.sub("", r.group("x"))
                    code = country_code(entity)
                    if code:
                        m.by_country.setdefault(code, set()).add(i)
                    lowered = entity.lower()
                    m.by_first_word.setdefault(lowered.split()[0], []).append((lowered, i))
        if presents_secretariat:
            m.secretariat.append((i, _content_words(para.text)))
    return m


def _discussed(item: _Item, kind: SubmitterKind, country: str | None, m: _Mentions) -> set[int]:
    found = set(m.by_code.get(item.code, ()))
    if kind is SubmitterKind.SECRETARIAT:
        words = _content_words(item.title or "")
        found |= {i for i, para_words in m.secretariat if len(words & para_words) >= 2}
        return found
    if country:
        found |= m.by_country.get(country, set())
    who = (item.submitter or "").lower()
    if who:
        for entity, i in m.by_first_word.get(who.split()[0], ()):
            if entity == who or entity.startswith(who + " ") or who.startswith(entity + " "):
                found.add(i)
    return found


def extract_contributions(ctx: ExtractContext, exclude: Sequence[Span] = ()) -> list[Contribution]:
    """Read the list of contributions, and the codes named in running text.

    Example: ``"· WG-CP/13/2: Contribution from RUSSIA: How to Make Internet Safer for
    Children"`` gives code "WG-CP/13/2", submitter "RUSSIA" (member_state, "RUS") and the title.
    Codes inside ``exclude`` (the report's own document symbol) are not contributions.
    """
    text, loc = ctx.text, ctx.loc
    items: dict[str, _Item] = {}
    paragraphs = ctx.paragraphs()
    for section, para in paragraphs:
        listing = para.kind is ParagraphKind.LIST_ITEM or _in_contributions_section(section)
        for m in CODE_RE.finditer(text, para.span.start, para.span.end):
            if any(s.start <= m.start() < s.end for s in exclude):
                continue
            code, meeting, number, rev = _code(m)
            lead = text[para.span.start : m.start()].strip(" \t·•▪-–(")
            is_head = listing and (not lead or lead in _ITEM_LEAD)
            if is_head:
                spans, submitter, title = _parse_item(text, m, para.span.end)
            else:
                s = _running_submitter(text, m, para)
                spans = {"submitter": s} if s else {}
                submitter, title = (text[slice(*s)] if s else None), None
                entitled = _ENTITLED.pattern.match(text, m.end(), para.span.end)
                if entitled:
                    spans["title"] = entitled.span("t")
                    title = entitled.group("t")
            spans["code"] = m.span()
            item = _Item(
                code, meeting, number, rev, submitter, title, is_head, m.span(), spans, para
            )
            known = items.get(code)
            if known is None or (is_head and not known.listed):
                items[code] = item
    # Paragraphs that can discuss a contribution: not list items, not the header block
    # (the summary excepted).
    eligible = [
        (i, para)
        for i, (section, para) in enumerate(paragraphs)
        if para.kind is not ParagraphKind.LIST_ITEM
        and (para.span.start >= ctx.header_end or section.title == "Summary")
    ]
    mentions = _index_mentions(text, ctx.folded, eligible)
    out = []
    for item in items.values():
        if item.submitter or (item.listed and not has_submitter_slot(item.title)):
            # A listed item with no submitter slot is the Secretariat's, by convention.
            kind, codes = submitter_kind(item.submitter)
        else:
            kind, codes = SubmitterKind.UNKNOWN, []
        single = codes[0] if len(codes) == 1 else None
        hits = _discussed(item, kind, single, mentions)
        discussed = list(dict.fromkeys(
            paragraphs[i][1].ref for i in sorted(hits)
            if not (item.listed and paragraphs[i][1] is item.para)
        ))  # fmt: skip
        span = loc.span(*(item.para.span.start, item.para.span.end) if item.listed else item.span)
        field_spans: dict[str, Span] = {k: loc.span(*v) for k, v in item.spans.items()}
        out.append(
            Contribution(
                code=item.code,
                meeting=item.meeting,
                number=item.number,
                revision=item.revision,
                submitter=item.submitter,
                submitter_kind=kind,
                country_code=single,
                country_codes=codes,
                title=item.title,
                listed=item.listed,
                discussed_in=discussed,
                span=span,
                field_spans=field_spans,
            )
        )
    out.sort(key=lambda c: (not c.listed, c.span.start))
    return out


# "Document CWG-COP/22/5 (Brazil): ...": words that may open a list item before its code.
_ITEM_LEAD = frozenset(lexicon("en").documents.document_words)
_CONTRIB_TITLE = regex.compile(r"contributions?|documents?|inputs?", regex.IGNORECASE)


def _in_contributions_section(section: Section) -> bool:
    return bool(section.title and _CONTRIB_TITLE.search(section.title))


# The statement's noun is rare; the patterns run only around it (the count stands at most a
# few words before it, "were received" a few words after).
_STATED_NOUN = regex.compile(r"\b(?:contributions|documents)\b", regex.IGNORECASE)
_STATED_BEFORE, _STATED_AFTER = 80, 50


def _around(text: str, noun: regex.Match[str], para: Paragraph) -> tuple[int, int]:
    start = max(para.span.start, noun.start() - _STATED_BEFORE)
    while start > para.span.start and text[start - 1].isalnum():  # never inside a word
        start -= 1
    return start, min(para.span.end, noun.end() + _STATED_AFTER)


def extract_contributions_stated(ctx: ExtractContext) -> tuple[int | None, Span | None]:
    """How many contributions the text says there were: "There were nine contributions".

    A report covering two meetings may state a count in each meeting's section; the first
    statement of each top-level section is summed, and the span is that of the first.
    """
    text = ctx.text
    total: int | None = None
    first: Span | None = None
    for section in ctx.seg.sections:
        # Each paragraph once: sections whose numbers repeat can overlap, paragraphs cannot.
        for para in (p for _, sub in section.walk() for p in sub.paragraphs):
            if para.span.start < ctx.header_end:
                continue
            hits = [
                h
                for noun in _STATED_NOUN.finditer(text, para.span.start, para.span.end)
                for p in _STATED
                if (h := first_count(p, text, *_around(text, noun, para)))
            ]
            if not hits:
                continue
            m, n = min(hits, key=lambda h: h[0].start())
            total = (total or 0) + n
            if first is None:
                first = ctx.loc.span(*m.span("n"))
            break
    return total, first
