"""The pipeline: load -> normalise -> segment -> extract -> cross-check -> models.

Each stage is a pure function defined in its own module; this module only runs them in order.
"""

from __future__ import annotations

import regex

from copparse import patterncache
from copparse.checks import check_contributions, check_dates, check_document, check_structure
from copparse.errors import EmptyInputError, IncompleteReportError, NotACopReportError
from copparse.extract import ExtractContext
from copparse.extract.agenda import extract_agenda
from copparse.extract.contributions import (
    CODE_RE,
    extract_contributions,
    extract_contributions_stated,
)
from copparse.extract.documents import split_cited
from copparse.extract.header import extract_document, find_group_names
from copparse.extract.meetings import extract_meetings
from copparse.extract.outcomes import extract_outcomes
from copparse.extract.participants import extract_participants
from copparse.extract.people import (
    extract_chair,
    extract_people,
    extract_signature,
    with_chair,
)
from copparse.extract.report import report_evidence
from copparse.extract.resolutions import extract_resolutions
from copparse.gcpause import gc_paused
from copparse.lang import alternation, lexicon
from copparse.loaders import LoadedDocument
from copparse.models import Diagnostic, Report, Severity, SourceInfo
from copparse.normalize import normalize_text
from copparse.segment import segment_sections
from copparse.spans import Locator

__all__ = ["run_pipeline"]

# The group's subject, "Child Online Protection", in the lexicon's words.
_COP = patterncache.compile(alternation(lexicon("en").group.subject), regex.IGNORECASE)


def _is_cop_report(text: str) -> bool:
    return bool(_COP.search(text) or find_group_names(text) or CODE_RE.search(text))


@gc_paused
def run_pipeline(
    loaded: LoadedDocument, source_info: SourceInfo, *, strict: bool = False
) -> Report:
    """Run every stage after loading, and build the :class:`Report`.

    Raises:
        EmptyInputError: the text is empty once normalised.
        NotACopReportError: nothing marks the text as a CWG-COP report.
        IncompleteReportError: ``strict`` is set and a diagnostic has severity "error".
    """
    source = source_info.path or "<text>"
    normalized = normalize_text(loaded.text)
    text = normalized.text
    if not text.strip():
        raise EmptyInputError("the input holds no text, only white space", source=source)
    if not _is_cop_report(text):
        raise NotACopReportError(
            "no mention of Child Online Protection, of the working group (CWG-COP, WG-CP) or"
            " of a contribution code: this does not look like a CWG-COP report",
            source=source,
        )
    evidence = report_evidence(text)
    if not evidence.is_report:
        raise NotACopReportError(
            f"the text names the working group, but {evidence.explain()}"
            + (
                ""  # another body's meeting record: the explanation says so
                if evidence.other_group
                else ": this looks like another of the group's documents (a contribution, an"
                " information document, a web page, a letter, a resolution), not a meeting report"
            ),
            source=source,
        )
    loc = Locator.from_origin(text, normalized.origin, loaded.page_starts)
    seg = segment_sections(text, loc)
    ctx = ExtractContext(text=text, seg=seg, loc=loc)

    diagnostics: list[Diagnostic] = [*loaded.diagnostics, *normalized.diagnostics, *seg.diagnostics]
    document, found = extract_document(ctx)
    diagnostics += found
    meetings, found = extract_meetings(ctx)
    diagnostics += found
    people = extract_people(ctx)
    signature = extract_signature(ctx)
    chair, found = extract_chair(ctx, people, signature)
    diagnostics += found
    own_symbol = document.field_spans.get("symbol")
    contributions = extract_contributions(ctx, exclude=[own_symbol] if own_symbol else [])
    contributions, documents_cited = split_cited(ctx, contributions, meetings)
    stated, stated_span = extract_contributions_stated(ctx)
    outcomes = extract_outcomes(ctx)
    agenda, found = extract_agenda(ctx)
    diagnostics += found

    diagnostics += check_contributions(contributions, stated, stated_span, meetings)
    diagnostics += check_document(document, meetings)
    diagnostics += check_dates(text, meetings, loc, ctx.header_end, memo=ctx.dates_found)
    diagnostics += check_structure(any(s.number is not None for s in seg.sections), outcomes)

    report = Report(
        source=source_info,
        document=document,
        meetings=meetings,
        chair=chair,
        people=with_chair(people, chair),
        participants=extract_participants(ctx),
        resolutions=extract_resolutions(ctx),
        agenda=agenda,
        contributions_stated=stated,
        contributions=contributions,
        documents_cited=documents_cited,
        sections=list(seg.sections),
        outcomes=outcomes,
        signature=signature,
        diagnostics=diagnostics,
        text=text,
    )
    if strict:
        errors = [d for d in report.diagnostics if d.severity is Severity.ERROR]
        if errors:
            raise IncompleteReportError(errors, source=source)
    return report
