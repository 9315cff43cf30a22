"""Static HTML for checking extractions by eye: a review page per report, an archive overview.

Both pages are self-contained (inline CSS, a few lines of inline JavaScript, no network). The
review page shows ``Report.text`` exactly as the parser read it, each extracted value marked at
its span; the field path and value appear on hover or keyboard focus through CSS ``::after``,
so the page's text content stays the report's text, character for character.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from copparse.models import Diagnostic, Report, Span

__all__ = ["Highlight", "highlights", "render_overview", "render_review"]

# Kind -> (label, background, underline style). Colours keep >= 4.5:1 contrast with black
# text; the underline style tells the kinds apart without colour.
KINDS: dict[str, tuple[str, str, str]] = {
    "document": ("Document", "#e3e8ff", "solid"),
    "meeting": ("Meeting", "#d7f5dd", "double"),
    "chair": ("Chair", "#ffe2c6", "solid"),
    "person": ("Person", "#fff2b3", "dotted"),
    "participants": ("Attendance", "#d6f0ff", "dashed"),
    "resolution": ("Resolution", "#ecdcff", "double"),
    "contribution": ("Contribution", "#ffd9e6", "dashed"),
    "section": ("Section heading", "#e8e8e8", "solid"),
    "outcome": ("Outcome", "#dff7f2", "dotted"),
    "signature": ("Signature", "#f3e7d3", "dashed"),
    "diagnostic": ("Diagnostic", "#ffffff", "wavy"),
}


@dataclass
class Highlight:
    """One marked range of the text, with every field path that points at it."""

    start: int
    end: int
    kind: str
    fields: list[tuple[str, str]] = field(default_factory=list)  # (path, value)


def _value(v: Any) -> str:
    if isinstance(v, BaseModel):
        return v.model_dump_json()
    if isinstance(v, list):
        return "; ".join(_value(x) for x in v)
    return "" if v is None else str(v.value if hasattr(v, "value") else v)


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
            yield "diagnostic", d.span, f"diagnostics[{i}]", f"{d.severity.value}: {d.code}"


def _sections(report: Report) -> Iterator[tuple[str, Any]]:
    def walk(path: str, section: Any) -> Iterator[tuple[str, Any]]:
        yield path, section
        for j, sub in enumerate(section.subsections):
            yield from walk(f"{path}.subsections[{j}]", sub)

    for i, s in enumerate(report.sections):
        yield from walk(f"sections[{i}]", s)


def highlights(report: Report) -> list[Highlight]:
    """Every span of the report as a highlight; identical ranges share one."""
    by_range: dict[tuple[int, int], Highlight] = {}
    for kind, span, path, value in _spans(report):
        if span.end <= span.start:
            continue
        h = by_range.setdefault((span.start, span.end), Highlight(span.start, span.end, kind))
        if kind == "diagnostic" or (h.kind == "diagnostic" and kind != "diagnostic"):
            h.kind = "diagnostic"  # a diagnostic's mark wins: it is the thing to look at
        h.fields.append((path, value))
    # Outer ranges first, so that nesting can be written as nested elements.
    return sorted(by_range.values(), key=lambda h: (h.start, -h.end))


def _page_starts(report: Report) -> dict[int, int]:
    starts: dict[int, int] = {}
    for _, section in _sections(report):
        for p in section.paragraphs:
            if p.page is not None and p.page > 1:
                starts.setdefault(p.page, p.span.start)
    return {offset: page for page, offset in starts.items()}


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
        tip = " | ".join(f"{p} = {v}" for p, v in h.fields)
        attrs = (
            f'id="h{i}" class="k-{h.kind}" tabindex="0" data-kind="{label}"'
            f' data-path="{html.escape(paths)}" data-tip="{html.escape(tip[:400])}"'
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
    events.sort(key=lambda e: (e[0], e[1]))
    out: list[str] = []
    last = 0
    for offset, _, tag in events:
        out.append(html.escape(text[last:offset], quote=False))
        out.append(tag)
        last = offset
    out.append(html.escape(text[last:], quote=False))
    return "".join(out)


_CSS = """
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#111;background:#fafafa}
header,section.diag{padding:.8rem 1.2rem;background:#fff;border-bottom:1px solid #ccc}
h1{font-size:1.25rem;margin:.2rem 0}h2{font-size:1.05rem;margin:.4rem 0}
.layout{display:grid;grid-template-columns:minmax(0,3fr) minmax(16rem,1fr);gap:1rem;padding:1rem}
pre.report{white-space:pre-wrap;font:14px/1.65 ui-monospace,monospace;background:#fff;padding:1rem;
 border:1px solid #ccc;margin:0}
mark{color:#111;position:relative;text-decoration-line:underline;text-decoration-thickness:2px;
 text-underline-offset:3px;border-radius:2px;outline-offset:2px}
mark:focus{outline:3px solid #1a4fd6}
mark:hover::after,mark:focus::after{content:attr(data-tip);position:absolute;left:0;top:100%;
 z-index:10;background:#111;color:#fff;font:12px/1.4 system-ui,sans-serif;padding:.3rem .5rem;
 border-radius:4px;white-space:pre-wrap;width:max-content;max-width:32rem}
.page-break{display:block;border-top:2px dashed #777;margin:.6rem 0}
.page-break::before{content:"page " attr(data-page);font:12px system-ui,sans-serif;color:#444;
 background:#fafafa;padding:0 .4rem}
aside{font-size:13px}aside table{border-collapse:collapse;width:100%}
aside td{border-bottom:1px solid #ddd;padding:.2rem .3rem;vertical-align:top;word-break:break-word}
.legend span{display:inline-block;margin:0 .6rem .3rem 0;padding:0 .3rem;
 text-decoration-line:underline;text-decoration-thickness:2px}
.sev-error{color:#9b0000;font-weight:600}.sev-warning{color:#7a4a00}.sev-info{color:#333}
table.overview{border-collapse:collapse;background:#fff;margin:1rem}
table.overview th,table.overview td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}
"""


def _kind_css() -> str:
    rules = []
    for kind, (_, colour, style) in KINDS.items():
        colour_rule = "background:transparent;" if kind == "diagnostic" else f"background:{colour};"
        line = "#b00000" if kind == "diagnostic" else "#333"
        rules.append(f".k-{kind}{{{colour_rule}text-decoration-style:{style};"
                     f"text-decoration-color:{line}}}")  # fmt: skip
    return "\n".join(rules)


_SCRIPT = """
// Keyboard: n / p (or j / k) move to the next / previous highlight.
const marks=[...document.querySelectorAll('pre.report mark')];
document.addEventListener('keydown',e=>{
  if(!['n','p','j','k'].includes(e.key)||e.target.tagName==='INPUT')return;
  const i=marks.indexOf(document.activeElement);
  const next=(e.key==='n'||e.key==='j')?i+1:(i<0?marks.length-1:i-1);
  if(marks[next]){marks[next].focus();marks[next].scrollIntoView({block:'center'});e.preventDefault();}
});
"""


def _page(title: str, body: str) -> str:
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1"><title>{html.escape(title)}</title>'
        f"<style>{_CSS}{_kind_css()}</style></head><body>{body}</body></html>\n"
    )


def _diagnostics_list(diagnostics: Sequence[Diagnostic], anchors: dict[int, str]) -> str:
    items = []
    for i, d in enumerate(diagnostics):
        where = f' <a href="#{anchors[i]}">show</a>' if i in anchors else ""
        items.append(
            f'<li class="sev-{d.severity.value}"><b>{d.severity.value}</b> <code>{html.escape(d.code)}</code>:'
            f" {html.escape(d.message)}{where}</li>"
        )
    return "<ul>" + "".join(items) + "</ul>" if items else "<p>None.</p>"


def render_review(report: Report) -> str:
    """The review page of one report, as a self-contained HTML document."""
    marks = highlights(report)
    anchors: dict[int, str] = {}
    rows = []
    for i, h in enumerate(marks):
        for path, value in h.fields:
            if path.startswith("diagnostics["):
                anchors[int(path[len("diagnostics[") : path.index("]")])] = f"h{i}"
            rows.append(f'<tr><td><a href="#h{i}"><code>{html.escape(path)}</code></a></td>'
                        f"<td>{html.escape(value[:160])}</td></tr>")  # fmt: skip
    legend = "".join(
        f'<span class="k-{k}">{html.escape(label)}</span>' for k, (label, _, _) in KINDS.items()
    )
    name = report.source.path or "text"
    numbers = ", ".join(str(m.number) for m in report.meetings) or "?"
    chair = report.chair.name if report.chair else "no chair found"
    body = (
        f"<header><h1>copparse review: {html.escape(name)}</h1>"
        f"<p>Meeting(s) {html.escape(numbers)}; chair {html.escape(chair)};"
        f" {len(report.contributions)} contributions; {len(report.outcomes)} outcomes;"
        f" {len(marks)} highlights. Keys: Tab or n/p to move between highlights.</p>"
        f'<p class="legend">{legend}</p></header>'
        f'<section class="diag" aria-labelledby="dh"><h2 id="dh">Diagnostics'
        f" ({len(report.diagnostics)})</h2>{_diagnostics_list(report.diagnostics, anchors)}</section>"
        f'<div class="layout"><main><pre class="report">{_marked_text(report, marks)}</pre></main>'
        f'<aside aria-labelledby="fh"><h2 id="fh">Fields</h2><table>{"".join(rows)}</table></aside></div>'
        f"<script>{_SCRIPT}</script>"
    )
    return _page(f"copparse review: {name}", body)


def _chart(points: Sequence[tuple[int, int | None, int]]) -> str:
    """Attendance (line) and contributions (bars) per meeting number, as inline SVG."""
    if not points:
        return "<p>No meetings to chart.</p>"
    width, height, pad = 640, 240, 40
    numbers = [n for n, _, _ in points]
    lo, hi = min(numbers), max(numbers)
    top = max([a or 0 for _, a, _ in points] + [1])  # attendance scale (left)
    top_c = max([c for _, _, c in points] + [1])  # contributions scale (bars)

    def x(n: int) -> float:
        return pad + (n - lo) / max(hi - lo, 1) * (width - 2 * pad)

    def y(v: float) -> float:
        return height - pad - v / top * (height - 2 * pad)

    def yc(v: float) -> float:
        return height - pad - v / top_c * (height - 2 * pad)

    parts = [f'<svg role="img" aria-labelledby="ct" width="{width}" height="{height}"'
             f' viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">'
             '<title id="ct">Attendance and contributions per meeting</title>'
             f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" stroke="#333"/>'
             f'<line x1="{pad}" y1="{pad}" x2="{pad}" y2="{height - pad}" stroke="#333"/>']  # fmt: skip
    for n, _attendance, contributions in points:
        parts.append(f'<rect x="{x(n) - 6:.1f}" y="{yc(contributions):.1f}" width="12"'
                     f' height="{height - pad - yc(contributions):.1f}" fill="#c2185b" fill-opacity="0.6">'
                     f"<title>meeting {n}: {contributions} contributions</title></rect>")  # fmt: skip
        parts.append(
            f'<text x="{x(n):.1f}" y="{height - pad + 16}" font-size="11" text-anchor="middle">{n}</text>'
        )
    line = [(x(n), y(a)) for n, a, _ in points if a is not None]
    if line:
        path = " ".join(
            f"{'M' if i == 0 else 'L'}{px:.1f},{py:.1f}" for i, (px, py) in enumerate(line)
        )
        parts.append(f'<path d="{path}" fill="none" stroke="#1a4fd6" stroke-width="2"/>')
        for (px, py), (n, a, _) in zip(line, [p for p in points if p[1] is not None], strict=True):
            parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4" fill="#1a4fd6">'
                         f"<title>meeting {n}: {a} participants</title></circle>")  # fmt: skip
    parts.append(f'<text x="{pad}" y="{pad - 10}" font-size="12">max {top} participants, {top_c} contributions</text>'
                 f'<text x="{width - pad}" y="{pad - 10}" font-size="12" text-anchor="end">'
                 '<tspan fill="#1a4fd6">— attendance</tspan>  <tspan fill="#c2185b">■ contributions</tspan></text>'
                 "</svg>")  # fmt: skip
    return "".join(parts)


def render_overview(
    entries: Iterable[tuple[Report, str | None]], archive_diagnostics: Sequence[Diagnostic] = ()
) -> str:
    """The archive overview: a row per report (with the link to its review page), a chart."""
    rows = []
    points: list[tuple[int, int | None, int]] = []
    ordered = sorted(entries, key=lambda e: min((m.number for m in e[0].meetings), default=10**6))
    for report, href in ordered:
        meetings = report.meetings
        numbers = ", ".join(str(m.number) for m in meetings) or "?"
        dates = ", ".join(m.start_date.isoformat() for m in meetings if m.start_date) or "?"
        attendance = report.participants.count if report.participants else None
        name = html.escape(report.source.path or "text")
        link = f'<a href="{html.escape(href)}">{name}</a>' if href else name
        rows.append(
            f"<tr><td>{html.escape(numbers)}</td><td>{html.escape(dates)}</td>"
            f"<td>{html.escape(report.chair.name if report.chair else '')}</td>"
            f"<td>{'' if attendance is None else attendance}</td><td>{len(report.contributions)}</td>"
            f"<td>{len(report.outcomes)}</td><td>{len(report.diagnostics)}</td><td>{link}</td></tr>"
        )
        for m in meetings:
            points.append(
                (
                    m.number,
                    attendance,
                    len([c for c in report.contributions if c.meeting == m.number]),
                )
            )
    points.sort()
    checks = "".join(
        f'<li class="sev-{d.severity.value}"><code>{html.escape(d.code)}</code>: {html.escape(d.message)}</li>'
        for d in archive_diagnostics
    )
    body = (
        f"<header><h1>copparse overview</h1><p>{len(rows)} reports.</p></header>"
        f'<section class="diag"><h2>Across the archive</h2><ul>{checks or "<li>No findings.</li>"}</ul></section>'
        f'<section class="diag"><h2>Attendance and contributions per meeting</h2>{_chart(points)}</section>'
        '<table class="overview"><thead><tr><th>Meeting(s)</th><th>Dates</th><th>Chair</th>'
        "<th>Attendance</th><th>Contributions</th><th>Outcomes</th><th>Diagnostics</th>"
        f"<th>Review</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
    return _page("copparse overview", body)
