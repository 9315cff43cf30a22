"""Static HTML for checking extractions by eye: a review page per report, an archive overview.

Both pages are self-contained (inline CSS, inline JavaScript, no network). The review page shows
``Report.text`` exactly as the parser read it, each extracted value marked at its span; the
field path, value and rule appear on hover or keyboard focus through CSS ``::after``, so the
page's text content stays the report's text, character for character. Beside the text, every
item is a card listing all its fields, found or not, with or without a span; a reviewer can
correct any value there and export the corrected report as a golden JSON file for
``copparse accuracy``.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import math
import typing
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import PurePath
from typing import Any

from pydantic import BaseModel

from copparse.accuracy import strip_provenance
from copparse.models import Diagnostic, Report, Section, Severity, Span
from copparse.tabular import Failure, group_copies

__all__ = ["Failure", "Highlight", "highlights", "render_overview", "render_review"]

# Kind -> (label, background, underline style). Colours keep >= 4.5:1 contrast with black
# text; the underline style tells the kinds apart without colour.
KINDS: dict[str, tuple[str, str, str]] = {
    "document": ("Document", "#e3e8ff", "solid"),
    "meeting": ("Meeting", "#d7f5dd", "double"),
    "chair": ("Chair", "#ffe2c6", "solid"),
    "person": ("Person", "#fff2b3", "dotted"),
    "participants": ("Attendance", "#d6f0ff", "dashed"),
    "resolution": ("Resolution", "#ecdcff", "double"),
    "agenda": ("Agenda", "#eef3d2", "dotted"),
    "contribution": ("Contribution", "#ffd9e6", "dashed"),
    "section": ("Section heading", "#e8e8e8", "solid"),
    "outcome": ("Outcome", "#dff7f2", "dotted"),
    "signature": ("Signature", "#f3e7d3", "dashed"),
    "diag-error": ("Error", "#ffffff", "wavy"),
    "diag-warning": ("Warning", "#ffffff", "wavy"),
    "diag-info": ("Info", "#ffffff", "dotted"),
}
_SEVERITY_COLOURS = {"error": "#b00000", "warning": "#b35c00", "info": "#2b6cb0"}
_RANK = {"diag-error": 3, "diag-warning": 2, "diag-info": 0}  # a field's kind ranks 1


@dataclass
class Highlight:
    """One marked range of the text, with every field path that points at it."""

    start: int
    end: int
    kind: str
    fields: list[tuple[str, str]] = field(default_factory=list)  # (path, value)
    rules: dict[str, str] = field(default_factory=dict)  # path -> extraction rule


def _value(v: Any) -> str:
    if isinstance(v, BaseModel):
        return v.model_dump_json()
    if isinstance(v, list):
        return "; ".join(_value(x) for x in v)
    if isinstance(v, bool):
        return "true" if v else "false"
    return "" if v is None else str(v.value if isinstance(v, Enum) else v)


def _field_spans(kind: str, path: str, item: Any) -> Iterator[tuple[str, Span, str, str]]:
    for name, span in getattr(item, "field_spans", {}).items():
        yield kind, span, f"{path}.{name}", _value(getattr(item, name))


def _spans(report: Report) -> Iterator[tuple[str, Span, str, str]]:
    yield from _field_spans("document", "document", report.document)
    for i, m in enumerate(report.meetings):
        yield from _field_spans("meeting", f"meetings[{i}]", m)
    if report.chair is not None:
        yield from _field_spans("chair", "chair", report.chair)
    for i, p in enumerate(report.people):
        yield from _field_spans("person", f"people[{i}]", p)
    if report.participants is not None:
        yield from _field_spans("participants", "participants", report.participants)
    for i, r in enumerate(report.resolutions):
        yield from _field_spans("resolution", f"resolutions[{i}]", r)
    a = report.agenda
    if a.span is not None:
        yield (
            "agenda",
            a.span,
            "agenda",
            f"adopted {_value(a.adopted)}, as drafted {_value(a.as_drafted)}",
        )
    for i, c in enumerate(report.contributions):
        yield from _field_spans("contribution", f"contributions[{i}]", c)
    for path, section in _sections(report):
        if section.title:
            end = report.text.find("\n", section.span.start)
            end = section.span.end if end < 0 else min(end, section.span.end)
            yield "section", Span(start=section.span.start, end=end), f"{path}.title", section.title
    for i, o in enumerate(report.outcomes):
        yield "outcome", o.span, f"outcomes[{i}]", o.text
    if report.signature is not None:
        yield from _field_spans("signature", "signature", report.signature)
    for i, d in enumerate(report.diagnostics):
        if d.span is not None:
            yield (
                f"diag-{d.severity.value}",
                d.span,
                f"diagnostics[{i}]",
                f"{d.severity.value}: {d.code}",
            )


def _rules(report: Report) -> dict[str, str]:
    """Field path -> the name of the extraction rule that read it (``field_rules``)."""
    out: dict[str, str] = {}
    for path, item in _items(report):
        for name, rule in getattr(item, "field_rules", {}).items():
            out[f"{path}.{name}"] = rule
    return out


def _items(report: Report) -> Iterator[tuple[str, BaseModel]]:
    yield "document", report.document
    yield from ((f"meetings[{i}]", m) for i, m in enumerate(report.meetings))
    if report.chair is not None:
        yield "chair", report.chair
    yield from ((f"people[{i}]", p) for i, p in enumerate(report.people))
    if report.participants is not None:
        yield "participants", report.participants
    yield from ((f"resolutions[{i}]", r) for i, r in enumerate(report.resolutions))
    yield from ((f"contributions[{i}]", c) for i, c in enumerate(report.contributions))
    if report.signature is not None:
        yield "signature", report.signature


def _sections(report: Report) -> Iterator[tuple[str, Section]]:
    def walk(path: str, section: Section) -> Iterator[tuple[str, Section]]:
        yield path, section
        for j, sub in enumerate(section.subsections):
            yield from walk(f"{path}.subsections[{j}]", sub)

    for i, s in enumerate(report.sections):
        yield from walk(f"sections[{i}]", s)


def highlights(report: Report) -> list[Highlight]:
    """Every span of the report as a highlight; identical ranges share one.

    A range's kind is that of an error or warning pointing at it, else that of its field;
    an info never hides the field it points at.
    """
    rules = _rules(report)
    by_range: dict[tuple[int, int], Highlight] = {}
    for kind, span, path, value in _spans(report):
        if span.end <= span.start:
            continue
        h = by_range.setdefault((span.start, span.end), Highlight(span.start, span.end, kind))
        if _RANK.get(kind, 1) > _RANK.get(h.kind, 1):
            h.kind = kind
        h.fields.append((path, value))
        if path in rules:
            h.rules[path] = rules[path]
    # Outer ranges first, so that nesting can be written as nested elements.
    return sorted(by_range.values(), key=lambda h: (h.start, -h.end))


def _page_starts(report: Report) -> dict[int, int]:
    starts: dict[int, int] = {}
    for _, section in _sections(report):
        for p in section.paragraphs:
            if p.page is not None and p.page > 1:
                starts.setdefault(p.page, p.span.start)
    return {offset: page for page, offset in starts.items()}


def _para_id(ref: str) -> str:
    return "para-" + ref


def _tip(h: Highlight) -> str:
    lines = []
    for path, value in h.fields:
        rule = h.rules.get(path)
        lines.append(f"{path} = {value}" + (f"  (rule: {rule})" if rule else ""))
    return "\n".join(lines)


def _marked_text(report: Report, marks: Sequence[Highlight]) -> str:
    """The text with ``<mark>`` elements; a range that crosses its parent's end is cut there."""
    text = report.text
    events: list[tuple[int, int, str]] = []  # (offset, order, html); ends sort before starts
    stack_ends: list[int] = []
    for i, h in enumerate(marks):
        while stack_ends and stack_ends[-1] <= h.start:
            stack_ends.pop()
        end = min(h.end, stack_ends[-1]) if stack_ends else h.end
        label, _, _ = KINDS[h.kind]
        paths = " | ".join(p for p, _ in h.fields)
        tip = _tip(h)
        attrs = (
            f'id="h{i}" class="k-{h.kind}" tabindex="0" data-kind="{label}"'
            f' data-path="{html.escape(paths)}" data-tip="{html.escape(tip[:600])}"'
            f' aria-label="{html.escape(label + ": " + tip[:200])}"'
        )
        events.append((h.start, 1, f"<mark {attrs}>"))
        events.append((end, 0, "</mark>"))
        stack_ends.append(end)
    for offset, page in _page_starts(report).items():
        events.append(
            (
                offset,
                2,
                f'<span class="page-break" data-page="{page}" aria-label="page {page}"></span>',
            )
        )
    seen: set[str] = set()
    for _, section in _sections(report):
        for p in section.paragraphs:
            if p.ref not in seen:
                seen.add(p.ref)
                events.append(
                    (
                        p.span.start,
                        3,
                        f'<span class="para" id="{html.escape(_para_id(p.ref))}"></span>',
                    )
                )
    events.sort(key=lambda e: (e[0], e[1]))
    out: list[str] = []
    last = 0
    for offset, _, tag in events:
        out.append(html.escape(text[last:offset], quote=False))
        out.append(tag)
        last = offset
    out.append(html.escape(text[last:], quote=False))
    return "".join(out)


# --- item cards -------------------------------------------------------------------------------

_SKIP_FIELDS = {"span", "page", "field_spans", "field_rules", "mentions"}
_CARD_TITLES = {"document": "Document", "chair": "Chair", "participants": "Attendance",
                "signature": "Signature", "agenda": "Agenda"}  # fmt: skip


def _edit_type(annotation: Any) -> tuple[str, list[str]]:
    """How a value is typed in by a reviewer: (type, choices)."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if args and typing.get_origin(annotation) is not list:
        annotation = args[0]
    if typing.get_origin(annotation) is list:
        (item,) = typing.get_args(annotation)
        return "list", [e.value for e in item] if isinstance(item, type) and issubclass(
            item, Enum
        ) else []
    if annotation is bool:
        return "boolean", []
    if annotation is int:
        return "integer", []
    if annotation is dt.date:
        return "date", []
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return "enum", [e.value for e in annotation]
    return "string", []


def _json_value(v: Any) -> Any:
    if isinstance(v, Enum):
        return v.value
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, list):
        return [_json_value(x) for x in v]
    return v


def _is_found(v: Any) -> bool:
    return v is not None and v != []


@dataclass
class _Card:
    kind: str
    path: str
    title: str
    model: type[BaseModel]
    item: BaseModel | None
    link: str | None  # the first mark of the item


def _cards(report: Report, anchors: dict[tuple[int, int], str]) -> list[_Card]:
    from copparse.models import Agenda, Chair, Participants, Signature

    def first_mark(item: BaseModel) -> str | None:
        spans = [*getattr(item, "field_spans", {}).values()]
        spans.sort(key=lambda s: s.start)
        for s in spans:
            if (s.start, s.end) in anchors:
                return anchors[(s.start, s.end)]
        return None

    cards = [_Card("document", "document", "Document", type(report.document), report.document,
                   first_mark(report.document))]  # fmt: skip
    for i, m in enumerate(report.meetings):
        cards.append(
            _Card("meeting", f"meetings[{i}]", f"Meeting {m.number}", type(m), m, first_mark(m))
        )
    cards.append(_Card("chair", "chair", "Chair", Chair, report.chair,
                       first_mark(report.chair) if report.chair else None))  # fmt: skip
    cards.append(_Card("participants", "participants", "Attendance", Participants, report.participants,
                       first_mark(report.participants) if report.participants else None))  # fmt: skip
    agenda_link = (
        anchors.get((report.agenda.span.start, report.agenda.span.end))
        if report.agenda.span
        else None
    )
    cards.append(_Card("agenda", "agenda", "Agenda", Agenda, report.agenda, agenda_link))
    for i, r in enumerate(report.resolutions):
        cards.append(
            _Card(
                "resolution",
                f"resolutions[{i}]",
                f"Resolution {r.body.value} {r.number}",
                type(r),
                r,
                first_mark(r),
            )
        )
    for i, c in enumerate(report.contributions):
        cards.append(
            _Card(
                "contribution",
                f"contributions[{i}]",
                f"Contribution {c.code}",
                type(c),
                c,
                first_mark(c),
            )
        )
    for i, p in enumerate(report.people):
        cards.append(
            _Card("person", f"people[{i}]", f"Person: {p.name}", type(p), p, first_mark(p))
        )
    for i, o in enumerate(report.outcomes):
        cards.append(_Card("outcome", f"outcomes[{i}]", f"Outcome {o.number or i + 1}", type(o), o,
                           anchors.get((o.span.start, o.span.end))))  # fmt: skip
    cards.append(_Card("signature", "signature", "Signature", Signature, report.signature,
                       first_mark(report.signature) if report.signature else None))  # fmt: skip
    return cards


def _value_html(name: str, value: Any, refs: set[str]) -> str:
    if name == "discussed_in" and isinstance(value, list):
        return ", ".join(
            f'<a href="#{html.escape(_para_id(r))}">{html.escape(r)}</a>'
            if r in refs
            else html.escape(r)
            for r in value
        )
    text = _value(value)
    return html.escape(text if len(text) <= 300 else text[:300] + " …")


def _card_html(
    card: _Card, anchors: dict[tuple[int, int], str], refs: set[str], missing: list[str]
) -> str:
    item = card.item
    spans: dict[str, Span] = getattr(item, "field_spans", {}) if item is not None else {}
    rules: dict[str, str] = getattr(item, "field_rules", {}) if item is not None else {}
    rows = []
    for name, info in card.model.model_fields.items():
        if name in _SKIP_FIELDS:
            continue
        value = getattr(item, name) if item is not None else None
        path = f"{card.path}.{name}"
        found = _is_found(value)
        if not found:
            missing.append(path)
        kind, choices = _edit_type(info.annotation)
        span = spans.get(name)
        tip = [f"{path} = {_value(value) if found else '(not found)'}"]
        if name in rules:
            tip.append(f"rule: {rules[name]}")
        if span is not None:
            tip.append(
                f"characters {span.start}–{span.end}" + (f", page {span.page}" if span.page else "")
            )
        else:
            tip.append(
                "no span: read from the item as a whole" if found and item is not None else ""
            )
        shown = _value_html(name, value, refs) if found else '<span class="nf">not found</span>'
        anchor = anchors.get((span.start, span.end)) if span is not None else None
        if anchor is not None:
            shown = f'<a class="at" href="#{anchor}">{shown}</a>'
        data = html.escape(json.dumps(_json_value(value), ensure_ascii=False))
        rule_badge = (
            f'<span class="rule">{html.escape(rules[name])}</span>' if name in rules else ""
        )
        rows.append(
            f'<tr class="f{"" if found else " missing"}" data-path="{html.escape(path)}" data-type="{kind}"'
            f' data-choices="{html.escape("|".join(choices))}" data-value="{data}"'
            f' title="{html.escape(chr(10).join(t for t in tip if t))}">'
            f'<th scope="row">{html.escape(name)}</th><td class="v">{shown}{rule_badge}</td>'
            f'<td class="e"><button type="button" class="fix" aria-label="correct {html.escape(path)}">✎</button></td></tr>'
        )
    title = html.escape(card.title)
    if card.link:
        title = f'<a href="#{card.link}">{title}</a>'
    state = "" if item is not None else ' <span class="nf">not found</span>'
    return (f'<article class="card c-{card.kind}" data-path="{html.escape(card.path)}"><h3>{title}{state}</h3>'
            f'<table>{"".join(rows)}</table></article>')  # fmt: skip


# --- page parts -------------------------------------------------------------------------------

_CSS = """
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#111;background:#fafafa}
header,section.diag{padding:.8rem 1.2rem;background:#fff;border-bottom:1px solid #ccc}
h1{font-size:1.25rem;margin:.2rem 0}h2{font-size:1.05rem;margin:.4rem 0}h3{font-size:.95rem;margin:0 0 .3rem}
.layout{display:grid;grid-template-columns:minmax(0,1.6fr) minmax(24rem,1fr);gap:1rem;padding:1rem}
pre.report{white-space:pre-wrap;font:14px/1.65 ui-monospace,monospace;background:#fff;padding:1rem;
 border:1px solid #ccc;margin:0}
mark{color:#111;position:relative;text-decoration-line:underline;text-decoration-thickness:2px;
 text-underline-offset:3px;border-radius:2px;outline-offset:2px}
mark:focus,mark:target{outline:3px solid #1a4fd6}
mark:hover::after,mark:focus::after{content:attr(data-tip);position:absolute;left:0;top:100%;
 z-index:10;background:#111;color:#fff;font:12px/1.4 system-ui,sans-serif;padding:.3rem .5rem;
 border-radius:4px;white-space:pre-wrap;width:max-content;max-width:36rem}
.para:target+*,.para:target{outline:3px solid #1a4fd6}
.page-break{display:block;border-top:2px dashed #777;margin:.6rem 0}
.page-break::before{content:"page " attr(data-page);font:12px system-ui,sans-serif;color:#444;
 background:#fafafa;padding:0 .4rem}
aside{font-size:13px;position:sticky;top:0;max-height:100vh;overflow:auto}
.card{background:#fff;border:1px solid #ccc;border-left-width:6px;border-radius:4px;padding:.4rem .6rem;margin:0 0 .6rem}
.card table{border-collapse:collapse;width:100%}
.card th{text-align:left;font-weight:500;color:#333;white-space:nowrap;vertical-align:top;padding:.1rem .6rem .1rem 0;width:1%}
.card td{vertical-align:top;padding:.1rem 0;overflow-wrap:anywhere}
.card td.e{width:1.6rem;text-align:right}
.card tr.corrected td.v{background:#fff4c2}
.card tr.corrected .old{text-decoration:line-through;color:#666;margin-right:.4rem}
.nf{color:#777;font-style:italic}
.rule{display:inline-block;margin-left:.4rem;padding:0 .3rem;border-radius:3px;background:#eef;color:#334;font:11px ui-monospace,monospace}
button.fix{border:1px solid #bbb;background:#f6f6f6;border-radius:3px;cursor:pointer;font-size:12px;line-height:1.2}
.editor{display:flex;gap:.3rem;margin-top:.2rem}.editor input,.editor select{flex:1;min-width:0;font:inherit}
.tools{background:#fff;border:1px solid #ccc;border-radius:4px;padding:.5rem .6rem;margin:0 0 .6rem}
.tools button{font:inherit;padding:.15rem .6rem;cursor:pointer}
details.missing-list ul{columns:2;margin:.3rem 0;padding-left:1.2rem}
.legend span{display:inline-block;margin:0 .6rem .3rem 0;padding:0 .3rem;
 text-decoration-line:underline;text-decoration-thickness:2px}
details.sev{margin:.3rem 0;border-left:6px solid;padding:.1rem .6rem;background:#fff}
details.sev summary{cursor:pointer;font-weight:600}
details.sev ol{margin:.3rem 0;padding-left:1.4rem}
details.sev li{margin:.15rem 0}
.sev-error{border-color:#b00000}.sev-error summary,.sev-error b{color:#9b0000}
.sev-warning{border-color:#b35c00}.sev-warning summary,.sev-warning b{color:#7a4a00}
.sev-info{border-color:#2b6cb0}.sev-info summary,.sev-info b{color:#1f4e85}
li.sev-error,li.sev-warning,li.sev-info{border:0}
table.overview{border-collapse:collapse;background:#fff;margin:1rem 1.2rem}
table.overview th,table.overview td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
table.overview td.d{white-space:nowrap}table.overview td.n{text-align:right;font-variant-numeric:tabular-nums}
table.overview th{white-space:nowrap}table.overview th button{all:unset;cursor:pointer;font-weight:600}
table.overview td{overflow-wrap:anywhere}
table.overview th[aria-sort=ascending] button::after{content:" ▲"}
table.overview th[aria-sort=descending] button::after{content:" ▼"}
figure.chart{margin:0;max-width:1100px}figure.chart svg{width:100%;height:auto;display:block}
figure.chart figcaption{font-size:13px;color:#333}
"""


def _kind_css() -> str:
    rules = []
    for kind, (_, colour, style) in KINDS.items():
        if kind.startswith("diag-"):
            line = _SEVERITY_COLOURS[kind.removeprefix("diag-")]
            thickness = "1px" if kind == "diag-info" else "2px"
            rules.append(f".k-{kind}{{background:transparent;text-decoration-style:{style};"
                         f"text-decoration-color:{line};text-decoration-thickness:{thickness}}}")  # fmt: skip
        else:
            rules.append(f".k-{kind}{{background:{colour};text-decoration-style:{style};"
                         "text-decoration-color:#333}")  # fmt: skip
            rules.append(f".card.c-{kind}{{border-left-color:{colour}}}")
    return "\n".join(rules)


_SCRIPT = """
// Keyboard: n / p (or j / k) move to the next / previous highlight.
const marks=[...document.querySelectorAll('pre.report mark')];
document.addEventListener('keydown',e=>{
  if(!['n','p','j','k'].includes(e.key)||['INPUT','SELECT','TEXTAREA'].includes(e.target.tagName))return;
  const i=marks.indexOf(document.activeElement);
  const next=(e.key==='n'||e.key==='j')?i+1:(i<0?marks.length-1:i-1);
  if(marks[next]){marks[next].focus();marks[next].scrollIntoView({block:'center'});e.preventDefault();}
});
"""

_CORRECTIONS_SCRIPT = """
// Corrections: mark a value wrong or missing, type the right one, export a golden JSON.
const golden=JSON.parse(document.getElementById('golden').textContent);
const meta=JSON.parse(document.getElementById('golden-meta').textContent);
const store='copparse-corrections:'+meta.sha256;
let fixes={};
try{fixes=JSON.parse(localStorage.getItem(store)||'{}');}catch(e){fixes={};}
const count=document.getElementById('fix-count');
function parseValue(type,text){
  text=text.trim();
  if(type==='list')return text?text.split(';').map(s=>s.trim()).filter(s=>s):[];
  if(text==='')return null;
  if(type==='integer'){const n=Number(text);if(!Number.isInteger(n))throw new Error('a whole number');return n;}
  if(type==='boolean'){if(text!=='true'&&text!=='false')throw new Error('true or false');return text==='true';}
  if(type==='date'&&!/^\\d{4}-\\d{2}-\\d{2}$/.test(text))throw new Error('a date YYYY-MM-DD');
  return text;
}
function shown(v){return v===null?'(none)':Array.isArray(v)?v.join('; '):String(v);}
function paint(row){
  const path=row.dataset.path,cell=row.querySelector('td.v');
  if(!cell.dataset.orig)cell.dataset.orig=cell.innerHTML;
  if(path in fixes){
    row.classList.add('corrected');
    cell.innerHTML='<span class="old"></span><span class="new"></span>';
    cell.querySelector('.old').innerHTML=cell.dataset.orig;
    cell.querySelector('.new').textContent=shown(fixes[path]);
  }else{row.classList.remove('corrected');cell.innerHTML=cell.dataset.orig;}
  count.textContent=Object.keys(fixes).length;
}
function save(){localStorage.setItem(store,JSON.stringify(fixes));}
function edit(row){
  if(row.querySelector('.editor'))return;
  const type=row.dataset.type,choices=row.dataset.choices?row.dataset.choices.split('|'):[];
  const current=row.dataset.path in fixes?fixes[row.dataset.path]:JSON.parse(row.dataset.value);
  const box=document.createElement('div');box.className='editor';
  let input;
  if(type==='enum'||type==='boolean'){
    input=document.createElement('select');
    for(const c of ['',...(type==='boolean'?['true','false']:choices)]){
      const o=document.createElement('option');o.value=c;o.textContent=c||'(none)';input.append(o);}
    input.value=current===null?'':String(current);
  }else{
    input=document.createElement('input');input.type=type==='date'?'date':'text';
    input.value=current===null?'':Array.isArray(current)?current.join('; '):String(current);
    if(type==='list')input.placeholder='values separated by ;';
  }
  input.setAttribute('aria-label','right value of '+row.dataset.path);
  const ok=document.createElement('button');ok.type='button';ok.textContent='Save';ok.className='save';
  const undo=document.createElement('button');undo.type='button';undo.textContent='Undo';undo.className='undo';
  const msg=document.createElement('span');msg.setAttribute('role','alert');
  box.append(input,ok,undo,msg);row.querySelector('td.v').append(box);
  const close=()=>{box.remove();paint(row);};
  ok.onclick=()=>{try{fixes[row.dataset.path]=parseValue(type,input.value);save();close();}
    catch(err){msg.textContent='expected '+err.message;}};
  undo.onclick=()=>{delete fixes[row.dataset.path];save();close();};
  input.addEventListener('keydown',e=>{if(e.key==='Enter')ok.click();if(e.key==='Escape')close();});
  input.focus();
}
function setPath(obj,path,value){
  const parts=path.match(/[^.\\[\\]]+/g).map(p=>/^\\d+$/.test(p)?Number(p):p);
  let o=obj;
  for(let i=0;i<parts.length-1;i++){
    if(o[parts[i]]===null||o[parts[i]]===undefined)o[parts[i]]=typeof parts[i+1]==='number'?[]:{};
    o=o[parts[i]];
  }
  o[parts[parts.length-1]]=value;
}
function corrected(){
  const out=JSON.parse(JSON.stringify(golden));
  for(const [path,value] of Object.entries(fixes))setPath(out,path,value);
  return out;
}
window.copparseGolden=corrected;
document.querySelectorAll('tr.f').forEach(row=>{
  row.querySelector('button.fix').onclick=()=>edit(row);
  if(row.dataset.path in fixes)paint(row);
});
count.textContent=Object.keys(fixes).length;
document.getElementById('export').onclick=()=>{
  const blob=new Blob([JSON.stringify(corrected(),null,2)+'\\n'],{type:'application/json'});
  const a=document.createElement('a');a.href=URL.createObjectURL(blob);a.download=meta.name;
  document.body.append(a);a.click();a.remove();
};
document.getElementById('reset').onclick=()=>{fixes={};save();document.querySelectorAll('tr.f').forEach(paint);};
"""

_SORT_SCRIPT = """
// Sortable columns: click a header; numbers sort as numbers, empty cells last.
document.querySelectorAll('table.sortable').forEach(table=>{
  const heads=[...table.tHead.rows[0].cells];
  heads.forEach((th,col)=>{
    const b=th.querySelector('button');if(!b)return;
    b.onclick=()=>{
      const dir=th.getAttribute('aria-sort')==='ascending'?'descending':'ascending';
      heads.forEach(h=>h.removeAttribute('aria-sort'));th.setAttribute('aria-sort',dir);
      const rows=[...table.tBodies[0].rows];
      const key=r=>{const c=r.cells[col];const v=c.dataset.sort??c.textContent.trim();return v;};
      rows.sort((a,b)=>{
        const x=key(a),y=key(b);if(x===''&&y==='')return 0;if(x==='')return 1;if(y==='')return -1;
        const nx=Number(x),ny=Number(y);
        const c=(!isNaN(nx)&&!isNaN(ny))?nx-ny:x.localeCompare(y);
        return dir==='ascending'?c:-c;
      });
      rows.forEach(r=>table.tBodies[0].append(r));
    };
  });
});
"""


def _page(title: str, body: str) -> str:
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1"><title>{html.escape(title)}</title>'
        f"<style>{_CSS}{_kind_css()}</style></head><body>{body}</body></html>\n"
    )


_SEVERITY_TITLES = {Severity.ERROR: "Errors", Severity.WARNING: "Warnings", Severity.INFO: "Info"}


def _diagnostics_html(diagnostics: Sequence[Diagnostic], anchors: dict[int, str]) -> str:
    """Grouped by severity (errors first), in document order within a group; info folded."""
    if not diagnostics:
        return "<p>None.</p>"
    parts = []
    for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        group = [(i, d) for i, d in enumerate(diagnostics) if d.severity is severity]
        if not group:
            continue
        group.sort(key=lambda e: (-1, e[0]) if e[1].span is None else (e[1].span.start, e[0]))
        items = []
        for i, d in group:
            where = f' <a href="#{anchors[i]}">show</a>' if i in anchors else ""
            page = f" (page {d.span.page})" if d.span is not None and d.span.page else ""
            items.append(
                f"<li><code>{html.escape(d.code)}</code>: {html.escape(d.message)}{page}{where}</li>"
            )
        opened = "" if severity is Severity.INFO else " open"
        parts.append(
            f'<details class="sev sev-{severity.value}"{opened}><summary>{_SEVERITY_TITLES[severity]}'
            f" ({len(group)})</summary><ol>{''.join(items)}</ol></details>"
        )
    return "".join(parts)


def _golden_name(report: Report) -> str:
    stem = PurePath((report.source.path or "report").split("!/")[-1]).name
    for suffix in (".txt", ".pdf", ".docx"):
        if stem.lower().endswith(suffix):
            return stem[: -len(suffix)] + ".json"
    return stem + ".json"


def _script_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


def render_review(report: Report) -> str:
    """The review page of one report, as a self-contained HTML document."""
    marks = highlights(report)
    anchors: dict[int, str] = {}
    by_range: dict[tuple[int, int], str] = {}
    for i, h in enumerate(marks):
        by_range[(h.start, h.end)] = f"h{i}"
        for path, _ in h.fields:
            if path.startswith("diagnostics["):
                anchors[int(path[len("diagnostics[") : path.index("]")])] = f"h{i}"
    refs = {p.ref for _, s in _sections(report) for p in s.paragraphs}
    missing: list[str] = []
    cards = "".join(_card_html(c, by_range, refs, missing) for c in _cards(report, by_range))
    stated = report.contributions_stated
    legend = "".join(
        f'<span class="k-{k}">{html.escape(label)}</span>' for k, (label, _, _) in KINDS.items()
    )
    name = report.source.path or "text"
    numbers = ", ".join(str(m.number) for m in report.meetings) or "?"
    chair = report.chair.name if report.chair else "no chair found"
    not_found = "".join(f"<li><code>{html.escape(p)}</code></li>" for p in missing)
    golden = strip_provenance(report.model_dump(mode="json"))
    meta = {"name": _golden_name(report), "sha256": report.source.sha256}
    body = (
        f"<header><h1>copparse review: {html.escape(name)}</h1>"
        f"<p>Meeting(s) {html.escape(numbers)}; chair {html.escape(chair)};"
        f" {len(report.contributions)} contributions"
        f"{'' if stated is None else f' ({stated} stated)'}; {len(report.outcomes)} outcomes;"
        f" {len(marks)} highlights. Keys: Tab or n/p to move between highlights.</p>"
        f'<p class="legend">{legend}</p></header>'
        f'<section class="diag" aria-labelledby="dh"><h2 id="dh">Diagnostics'
        f" ({len(report.diagnostics)})</h2>{_diagnostics_html(report.diagnostics, anchors)}</section>"
        f'<div class="layout"><main><pre class="report">{_marked_text(report, marks)}</pre></main>'
        f'<aside aria-labelledby="fh"><h2 id="fh">Extracted values</h2>'
        f'<div class="tools"><b><span id="fix-count">0</span> corrections</b>.'
        " Click ✎ to mark a value wrong or missing and type the right one; then"
        f' <button type="button" id="export">Export golden JSON</button>'
        f' <button type="button" id="reset">Clear corrections</button>'
        f"<br>Save it as <code>{html.escape(meta['name'])}</code> beside the report and run"
        " <code>copparse accuracy DIR</code>.</div>"
        f'<details class="missing-list tools"><summary>Not found ({len(missing)})</summary>'
        f"<ul>{not_found}</ul></details>{cards}</aside></div>"
        f'<script type="application/json" id="golden">{_script_json(golden)}</script>'
        f'<script type="application/json" id="golden-meta">{_script_json(meta)}</script>'
        f"<script>{_SCRIPT}{_CORRECTIONS_SCRIPT}</script>"
    )
    return _page(f"copparse review: {name}", body)


# --- the overview -----------------------------------------------------------------------------


def _nice_ticks(top: float, count: int = 5) -> list[int]:
    """Round tick values from 0 to at least ``top``: 0, 20, 40... or 0, 5, 10..."""
    top = max(top, 1)
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    step = max(1, round(step))
    return list(range(0, int(math.ceil(top / step) * step) + 1, step))


def _chart(points: Sequence[tuple[int, int | None, int]]) -> str:
    """Attendance (points and line, left axis) and contributions (bars, right axis) per meeting
    number, as inline SVG: one point per meeting, a break in the line where meetings are missing.
    """  # noqa: D205
    if not points:
        return "<p>No meetings to chart.</p>"
    width, height = 960, 340
    left, right, top_pad, bottom = 64, 64, 40, 56
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    numbers = [n for n, _, _ in points]
    lo, hi = min(numbers) - 0.5, max(numbers) + 0.5
    a_ticks = _nice_ticks(max([a or 0 for _, a, _ in points] + [1]))
    c_ticks = _nice_ticks(max([c for _, _, c in points] + [1]))
    a_top, c_top = a_ticks[-1], c_ticks[-1]

    def x(n: float) -> float:
        return left + (n - lo) / (hi - lo) * plot_w

    def ya(v: float) -> float:
        return top_pad + plot_h - v / a_top * plot_h

    def yc(v: float) -> float:
        return top_pad + plot_h - v / c_top * plot_h

    base = top_pad + plot_h
    blue, red = "#1a4fd6", "#c2185b"
    out = [f'<svg role="img" aria-labelledby="ct cd" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg"'
           ' font-family="system-ui,sans-serif" font-size="13">'
           '<title id="ct">Attendance and contributions per meeting</title>'
           f'<desc id="cd">Meetings {min(numbers)} to {max(numbers)}: participants on the left axis,'
           ' contributions on the right axis.</desc>']  # fmt: skip
    for t in a_ticks:  # grid lines on the attendance scale, labels on both sides
        out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{ya(t):.1f}" y2="{ya(t):.1f}" stroke="#e3e3e3"/>'
                   f'<text x="{left - 8}" y="{ya(t) + 4:.1f}" text-anchor="end" fill="{blue}">{t}</text>')  # fmt: skip
    for t in c_ticks:
        out.append(f'<line x1="{left + plot_w}" x2="{left + plot_w + 5}" y1="{yc(t):.1f}" y2="{yc(t):.1f}" stroke="{red}"/>'
                   f'<text x="{left + plot_w + 8}" y="{yc(t) + 4:.1f}" fill="{red}">{t}</text>')  # fmt: skip
    span = max(numbers) - min(numbers) + 1
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 10**9) if plot_w / span * s >= 28)
    for n in range(min(numbers), max(numbers) + 1):
        tick = 6 if n % step == 0 or step == 1 else 3
        out.append(
            f'<line x1="{x(n):.1f}" x2="{x(n):.1f}" y1="{base}" y2="{base + tick}" stroke="#333"/>'
        )
        if step == 1 or n % step == 0:
            out.append(f'<text x="{x(n):.1f}" y="{base + 20}" text-anchor="middle">{n}</text>')
    bar = min(28.0, plot_w / span * 0.5)
    for n, _, c in points:
        out.append(f'<rect x="{x(n) - bar / 2:.1f}" y="{yc(c):.1f}" width="{bar:.1f}" height="{base - yc(c):.1f}"'
                   f' fill="{red}" fill-opacity="0.35" stroke="{red}"><title>meeting {n}: {c} contributions</title></rect>')  # fmt: skip
    have = {n: a for n, a, _ in points if a is not None}
    path, previous = [], None
    for n in sorted(have):
        path.append(
            f"{'L' if previous is not None and n == previous + 1 else 'M'}{x(n):.1f},{ya(have[n]):.1f}"
        )
        previous = n
    if path:
        out.append(f'<path d="{" ".join(path)}" fill="none" stroke="{blue}" stroke-width="2.5"/>')
    for n, a in sorted(have.items()):
        out.append(f'<circle cx="{x(n):.1f}" cy="{ya(a):.1f}" r="5" fill="{blue}" stroke="#fff" stroke-width="1.5">'
                   f"<title>meeting {n}: {a} participants</title></circle>")  # fmt: skip
    present = {p for p, _, _ in points}
    gaps: list[list[int]] = []
    for n in range(min(numbers), max(numbers) + 1):
        if n not in present:
            if gaps and gaps[-1][-1] == n - 1:
                gaps[-1].append(n)
            else:
                gaps.append([n])
    for gap in gaps:  # meetings no report covers: a grey band, named where there is room
        x0, x1 = x(gap[0] - 0.5), x(gap[-1] + 0.5)
        label = (
            f"no report: meeting {gap[0]}"
            if len(gap) == 1
            else f"no report: meetings {gap[0]}–{gap[-1]}"
        )
        gap_band = (f'<rect x="{x0:.1f}" y="{top_pad}" width="{x1 - x0:.1f}" height="{plot_h}" fill="#f1f1f1">'
                    f"<title>{label}</title></rect>")  # fmt: skip
        out.insert(1, gap_band)  # under the grid and the data
        if x1 - x0 >= 7.2 * len(label):
            out.append(
                f'<text x="{(x0 + x1) / 2:.1f}" y="{top_pad + plot_h / 2:.1f}" text-anchor="middle" fill="#666">{label}</text>'
            )
    out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{base}" y2="{base}" stroke="#333"/>'
               f'<line x1="{left}" x2="{left}" y1="{top_pad}" y2="{base}" stroke="{blue}"/>'
               f'<line x1="{left + plot_w}" x2="{left + plot_w}" y1="{top_pad}" y2="{base}" stroke="{red}"/>'
               f'<text x="{left + plot_w / 2:.1f}" y="{height - 12}" text-anchor="middle">Meeting number</text>'
               f'<text transform="translate(16 {top_pad + plot_h / 2:.1f}) rotate(-90)" text-anchor="middle" fill="{blue}">Participants</text>'
               f'<text transform="translate({width - 14} {top_pad + plot_h / 2:.1f}) rotate(90)" text-anchor="middle" fill="{red}">Contributions</text>'
               f'<g transform="translate({left} 18)"><line x1="0" x2="22" y1="0" y2="0" stroke="{blue}" stroke-width="2.5"/>'
               f'<circle cx="11" cy="0" r="4" fill="{blue}"/><text x="28" y="4">participants (left axis)</text>'
               f'<rect x="210" y="-7" width="14" height="14" fill="{red}" fill-opacity="0.35" stroke="{red}"/>'
               '<text x="230" y="4">contributions (right axis)</text></g></svg>')  # fmt: skip
    return "".join(out)


def _short(path: str) -> str:
    """A path's file name; an archive member's archive and member names."""
    outer, _, member = path.partition("!/")
    return PurePath(outer).name + (f"!/{member}" if member else "")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def render_overview(
    entries: Iterable[tuple[Report, str | None]],
    archive_diagnostics: Sequence[Diagnostic] = (),
    failures: Sequence[Failure] = (),
) -> str:
    """The archive overview: a row per report (copies of one report merged, each linked to
    its review page), a chart with a point per meeting, the inputs that failed.
    """  # noqa: D205
    pairs = list(entries)
    links = {id(r): href for r, href in pairs}
    groups = group_copies(r for r, _ in pairs)
    groups.sort(key=lambda g: min((m.number for m in g.primary.meetings), default=10**6))
    rows = []
    by_meeting: dict[int, tuple[int | None, int]] = {}
    for g in groups:
        report = g.primary
        meetings = report.meetings
        numbers = ", ".join(str(m.number) for m in meetings) or "?"
        dates = "<br>".join(m.start_date.isoformat() for m in meetings if m.start_date) or "?"
        attendance = report.participants.count if report.participants else None
        severities = [d.severity for d in report.diagnostics]
        copies = []
        for copy in g.copies:
            full = copy.source.path or "text"
            label = f'<span title="{html.escape(full)}">{html.escape(_short(full))}</span>'
            href = links.get(id(copy))
            copies.append(f'<a href="{html.escape(href)}">{label}</a>' if href else label)
        diffs = sum(len(d) for d in g.disagreements.values())
        copy_note = f"<br><small>copies disagree on {diffs} facts</small>" if diffs else ""
        first = min((m.number for m in meetings), default="")
        rows.append(
            f'<tr><td data-sort="{first}">{html.escape(numbers)}</td><td class="d">{dates}</td>'
            f"<td>{html.escape(report.chair.name if report.chair else '')}</td>"
            f'<td class="n">{"" if attendance is None else attendance}</td><td class="n">{len(report.contributions)}</td>'
            f'<td class="n">{len(report.outcomes)}</td>'
            f'<td class="n">{severities.count(Severity.ERROR)}</td><td class="n">{severities.count(Severity.WARNING)}</td>'
            f'<td class="n">{severities.count(Severity.INFO)}</td>'
            f'<td class="n">{len(g.copies)}</td><td>{"<br>".join(copies)}{copy_note}</td></tr>'
        )
        for m in meetings:
            count = len([c for c in report.contributions if c.meeting == m.number])
            if m.number not in by_meeting or (
                by_meeting[m.number][0] is None and attendance is not None
            ):
                by_meeting[m.number] = (attendance, count)
    points = sorted((n, a, c) for n, (a, c) in by_meeting.items())
    checks = "".join(
        f'<li class="sev-{d.severity.value}"><b>{d.severity.value}</b> <code>{html.escape(d.code)}</code>:'
        f" {html.escape(d.message)}</li>"
        for d in archive_diagnostics
    )
    failed = "".join(
        f"<tr><td>{html.escape(f.input)}</td><td><code>{html.escape(f.error)}</code></td>"
        f"<td>{html.escape(f.message)}</td></tr>"
        for f in failures
    )
    failed_html = (
        '<table class="overview sortable failed"><thead><tr><th><button>Input</button></th>'
        f"<th><button>Error</button></th><th>Message</th></tr></thead><tbody>{failed}</tbody></table>"
        if failures
        else "<p>None: every input gave a report.</p>"
    )
    files = sum(len(g.copies) for g in groups)
    heads = ["Meeting(s)", "Dates", "Chair", "Attendance", "Contributions", "Outcomes", "Errors",
             "Warnings", "Info", "Copies"]  # fmt: skip
    head = "".join(f'<th scope="col"><button type="button">{h}</button></th>' for h in heads)
    body = (
        f"<header><h1>copparse overview</h1><p>{_count(len(groups), 'report')} from"
        f" {_count(files, 'file')}; {_count(len(failures), 'input')} failed.</p></header>"
        f'<section class="diag"><h2>Across the archive</h2><ul>{checks or "<li>No findings.</li>"}</ul></section>'
        f'<section class="diag"><h2>Attendance and contributions per meeting</h2><figure class="chart">'
        f"{_chart(points)}<figcaption>One point per meeting (copies of a report merged); a joint"
        " report's attendance is shown for each meeting it covers.</figcaption></figure></section>"
        f'<section class="diag"><h2>Reports</h2><table class="overview sortable reports"><thead><tr>{head}'
        f'<th scope="col">Review (each copy)</th></tr></thead><tbody>{"".join(rows)}</tbody></table></section>'
        f'<section class="diag failed"><h2>Failed ({len(failures)})</h2>{failed_html}</section>'
        f"<script>{_SORT_SCRIPT}</script>"
    )
    return _page("copparse overview", body)
