"""The report gate: whether a text is a report of the group's meeting(s), and why not.

Naming the group is not enough: its contributions, information documents, Secretariat updates,
web pages and cover letters name it too. A report has a report marker: a report title
("OUTCOME OF THE ELEVENTH MEETING ..."), a sentence saying what the report covers ("This
report summarizes the results of the twelfth meeting ..."), or a chair sentence with a meeting
("The meeting was chaired by ..."). The cover fields of an information document (SOURCE,
TITLE, "For information"), a title that makes the document an update or an information
document ("Progress update on the COP Initiative", before any report marker), a placeholder
symbol ("XXXX-E"), press-release furniture ("PRESS RELEASE", "For immediate release") and the
opening of a resolution's own text ("RESOLUTION 1306 ..." with its "resolves") count against
it: with them, only a report title will do. An opening that names another Council group
("CWG-Internet") and not this one is that group's meeting: refused, even with a report title.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from copparse import patterncache
from copparse.extract import search_line_starts
from copparse.extract.group import CODE_RE, find_group_names
from copparse.extract.places import fewest_words
from copparse.lang import alternation, lexicon
from copparse.rules import Rule, rule

__all__ = ["ReportEvidence", "report_evidence"]

_LEX = lexicon("en")
_MEETING = alternation(_LEX.meetings.nouns)
# What stands between a title's opening words and its meeting noun: "... THE ELEVENTH", "...
# THE 12th", "... FIFTEENTH AND SIXTEENTH".
_GAP = r"[^\n.]{0,120}?"
_TITLE = rule(
    "report.title",
    "report",
    rf"(?m:^)[ \t]*(?:{alternation([*_LEX.cover.title_starts, *_LEX.cover.title_report])})"
    rf"{_GAP}{_MEETING}",
    "A report's title: 'OUTCOME / SUMMARY / REPORT OF THE ... MEETING(S)', at a line start.",
    examples=[
        (
            "OUTCOME OF THE ELEVENTH MEETING OF THE COUNCIL WORKING GROUP",
            "OUTCOME OF THE ELEVENTH MEETING",
        ),
        ("SUMMARY OF THE 10th MEETING", "SUMMARY OF THE 10th MEETING"),
        ("Outcome of the 1st Meeting", "Outcome of the 1st Meeting"),
    ],
    counter_examples=[
        "Please find attached the report of the last meeting of the CWG-COP.",
        "OUTCOME OF THE CONSULTATION",
    ],
    needs=fewest_words([*_LEX.cover.title_starts, *_LEX.cover.title_report]),
    flags=regex.IGNORECASE,
)
_THIS_REPORT = rule(
    "report.this_report",
    "report",
    rf"(?:{alternation(_LEX.cover.this_report)})(?!\s+{alternation(_LEX.report.not_covering)})"
    rf"[^.\n]{{0,200}}?{_MEETING}",
    "A sentence on what the report covers: 'This report summarizes ... the thirteenth meeting'.",
    examples=[
        (
            "This report summarizes the main results of the thirteenth meeting of the Group.",
            "This report summarizes the main results of the thirteenth meeting",
        ),
        (
            "This document presents the outcome of the seventeenth meeting",
            "This document presents the outcome of the seventeenth meeting",
        ),
    ],
    counter_examples=[
        "This report is attached for information.",
        "This document describes a plan.",
    ],
    needs=fewest_words(_LEX.cover.this_report),
    flags=regex.IGNORECASE,
)
_CHAIRED = (
    rf"(?<!{alternation(_LEX.report.future_chaired, bounded=False)}[ \t]+)"
    rf"{alternation(_LEX.report.chaired)}"
)
_CHAIR_SENTENCE = rule(
    "report.chair_sentence",
    "report",
    rf"{_MEETING}[^.\n]{{0,200}}?{_CHAIRED}|{_CHAIRED}[^.\n]{{0,40}}?{_MEETING}",
    "A meeting and who chaired it, in one sentence: 'The meeting was chaired by ...'.",
    examples=[
        (
            "The twelfth meeting was held on 10 October 2016 and was chaired by Dr X.",
            "meeting was held on 10 October 2016 and was chaired",
        ),
        ("Mr X chaired the meeting.", "chaired the meeting"),
    ],
    counter_examples=[
        "The Chair thanked the participants.",
        "18th meeting, 20 September 2021, virtual",
        "The twenty-fifth meeting will be chaired by Mr X.",
        "The meeting is to be chaired by Ms Y.",
    ],
    needs=fewest_words(_LEX.report.chaired),
    flags=regex.IGNORECASE,
)
# "SOURCE: ...", "TITLE: ...", "For information": the cover of an information document.
_NOT_A_REPORT = rule(
    "report.information_cover",
    "report",
    rf"(?m:^)[ \t]*(?:(?-i:{alternation(_LEX.report.information_labels)})[ \t]*:"
    rf"|{alternation(_LEX.report.information_notes)}[ \t]*$)",
    "The cover of an information document: 'SOURCE:', 'TITLE:', 'For information'.",
    examples=[("SOURCE: Chairman of the Group", "SOURCE:"), ("For information", "For information")],
    counter_examples=["The source: a survey.", "Information was shared."],
    needs=fewest_words([*_LEX.report.information_labels, *_LEX.report.information_notes]),
    flags=regex.IGNORECASE,
)
# "Progress update on the COP Initiative": the document's own title says what it is. It counts
# only where it stands before every report marker (see report_evidence): a report may have a
# section "Update on the COP guidelines" after its chair sentence.
_UPDATE_TITLE = rule(
    "report.update_title",
    "report",
    rf"(?m:^)[ \t]*{alternation(_LEX.report.update_titles)}"
    rf"(?:[ \t]+{alternation(_LEX.report.update_title_links)}|[ \t]*(?m:$))",
    "A title that makes the document an update or an information document about the group:"
    " 'Progress update on the COP Initiative', at a line start before any report marker.",
    examples=[
        ("Progress update on the COP Initiative\nPrepared by", "Progress update on"),
        ("Update on the Child Online Protection Initiative", "Update on"),
        ("INFORMATION DOCUMENT\nCouncil Working Group", "INFORMATION DOCUMENT"),
        ("PROGRESS REPORT OF THE SECRETARIAT", "PROGRESS REPORT OF"),
    ],
    counter_examples=[
        "The Secretariat gave an update on the COP Initiative.",
        "4.2 Update on the COP guidelines",
        "REPORT OF THE FIFTH MEETING",
        "Updated guidelines were published.",
    ],
    needs=fewest_words(_LEX.report.update_titles),
    flags=regex.IGNORECASE,
)
# "... Original: English SOURCE: UNICEF TITLE: Children's rights ...": a copy on one line keeps
# the cover's labels, in capitals, but no longer at a line start. They count only before every
# report marker (see report_evidence), where a report's own cover would stand.
_CAPITAL_LABELS = [w for w in _LEX.report.information_labels if w.isupper()]
_INLINE_COVER = rule(
    "report.information_cover_inline",
    "report",
    # Not at a line start (that is report.information_cover) nor inside a word in capitals
    # ("SUBTITLE:"); after a word a copy without breaks glued to it, yes ("EnglishSOURCE:").
    rf"(?<=[^A-Z\n])(?:{alternation(_CAPITAL_LABELS, bounded=False)})"
    r"[ \t]*:[ \t]*\S",
    "The cover labels of an information document in capitals, 'SOURCE:', 'TITLE:', where a copy"
    " on one line has put them mid-line or glued them to the word before, before any report"
    " marker.",
    examples=[
        ("Original: English SOURCE: UNICEF TITLE: Children's rights", "SOURCE: U"),
        ("19 September 2029 TITLE: Online safety", "TITLE: O"),
        ("Original: EnglishSOURCE: UNICEF", "SOURCE: U"),
    ],
    counter_examples=[
        "The source: a survey.",
        "SOURCE: UNICEF",
        "the Title: of the item",
        "a column headed TITLE:",
        "THE SUBTITLE: A GUIDE",
    ],
    needs=fewest_words(_CAPITAL_LABELS),
)
_PRESS_RELEASE = rule(
    "report.press_release",
    "report",
    rf"(?-i:{alternation(_LEX.report.press_release_titles)})"
    rf"|{alternation(_LEX.report.press_release_marks)}",
    "A press release about a meeting: 'PRESS RELEASE' in capitals, 'For immediate release',"
    " 'Media contact', 'Media Relations'.",
    examples=[
        ("PRESS RELEASE\nFor immediate release", "PRESS RELEASE"),
        ("Geneva. For immediate release", "For immediate release"),
        ("Media contact: pressinfo@itu.int", "Media contact"),
        ("ITU Media Relations, pressinfo@itu.int", "Media Relations"),
    ],
    counter_examples=[
        "The Secretariat issued a press release on the guidelines.",
        "The report was released for information.",
        "Contacts with the media were discussed.",
    ],
    needs=fewest_words([*_LEX.report.press_release_titles, *_LEX.report.press_release_marks]),
    flags=regex.IGNORECASE,
)
# "CHAIR'S SUMMARY OF THE NINETEENTH MEETING OF THE CWG-INTERNET": another body's own name.
_OTHER_GROUP = rule(
    "report.other_group",
    "report",
    alternation(_LEX.report.other_groups),
    "Another Council working group or ITU advisory group, named in a report's opening (up to"
    " its first report marker's sentence) where this group is not: another body's meeting.",
    examples=[
        ("CHAIR'S SUMMARY OF THE NINETEENTH MEETING OF THE CWG-INTERNET", "CWG-INTERNET"),
        ("Document CWG-Internet/19/8", "CWG-Internet"),
        (
            "the Telecommunication Development Advisory Group",
            "Telecommunication Development Advisory Group",
        ),
    ],
    counter_examples=[
        "the Council Working Group on Child Online Protection (CWG-COP)",
        "internet governance",
        "the WSIS Forum",
    ],
    needs=fewest_words(_LEX.report.other_groups),
    flags=regex.IGNORECASE,
)
# The end of the sentence (or line) that holds a marker: the report's opening runs to it.
_SENTENCE_END = patterncache.compile(r"[.;:](?=\s|\Z)|\n")
_PLACEHOLDER = rule(
    "report.placeholder_symbol",
    "report",
    r"(?<![\w/])[A-Z]?X{3,}(?:/[A-Z0-9]+)*-[A-Z](?![a-z])",
    "A placeholder document symbol left in a template: 'XXXX-E', 'CXX/XXX-E'.",
    examples=[("Document XXXX-E", "XXXX-E")],
    counter_examples=["Document C20/57-E"],
)

# A report that quotes its mandate quotes it inside a paragraph; the resolution's own text opens
# with its heading, before anything else.
_OPERATIVE = alternation(_LEX.report.operative_clauses)
_INSTRUMENT = rule(
    "report.resolution_text",
    "report",
    rf"\A[ \t\n]*(?:{alternation(_LEX.report.instrument_headings)})[ \t]+\d{{1,4}}\b"
    rf"(?s:.{{0,4000}}?)"
    rf"(?:(?m:^)[ \t]*{_OPERATIVE}[ \t]*(?m:$)"
    rf"|{_OPERATIVE}(?:[ \t]+|[ \t]*\n[ \t]*)\d{{1,2}}\.?[ \t])",
    "The text of a resolution: its heading first, then an operative clause on a line of its own"
    " or before its first numbered point (a copy on one line, or re-wrapped: the clause ends a"
    " line, its point opens the next).",
    examples=[
        (
            "RESOLUTION 1306 (modified 2019)\nThe Council,\nresolves\n1 to establish",
            "RESOLUTION 1306 (modified 2019)\nThe Council,\nresolves",
        ),
        (
            "RESOLUTION 1306 (modified 2019) The Council, resolves 1 to establish",
            "RESOLUTION 1306 (modified 2019) The Council, resolves 1 ",
        ),
        (
            "RESOLUTION 1306 (modified 2019)\nThe Council, noting, resolves\n1\tto establish",
            "RESOLUTION 1306 (modified 2019)\nThe Council, noting, resolves\n1\t",
        ),
    ],
    counter_examples=[
        "Summary\n1.1 Resolution 1306 resolves\nresolves\n",
        "RESOLUTION 1306 (modified 2019)\nThe Council resolves to establish the Group.",
    ],
    needs=fewest_words(_LEX.report.instrument_headings),
    flags=regex.IGNORECASE,
)

_MARKERS = (_TITLE, _THIS_REPORT, _CHAIR_SENTENCE)


@dataclass(frozen=True)
class ReportEvidence:
    """What marks a text as a report, and what counts against it.

    Attributes:
        markers: Names of the rules that found a report marker.
        against: Names of the rules that found the cover of another kind of document.
        other_group: Another body named in the report's opening where this group is not, as
            written ("CWG-Internet"); then the text reports on that body's meeting.
    """

    markers: tuple[str, ...]
    against: tuple[str, ...]
    other_group: str | None = None

    @property
    def is_report(self) -> bool:
        """A marker; against a cover, a press release or a placeholder, a report title.

        Another body's meeting is never this group's report, whatever its markers.
        """
        if _OTHER_GROUP.name in self.against:
            return False
        if self.against:
            return _TITLE.name in self.markers
        return bool(self.markers)

    def explain(self) -> str:
        """Why a text is not taken for a report, for the error message."""
        found = ", ".join(self.against)
        if _OTHER_GROUP.name in self.against:
            message = (
                f"its title and first lines name another body ({self.other_group!r}) and not this"
                f" group ({found}): this is another body's meeting record, not a report of"
                " this group's meeting"
            )
            return message
        if self.against:
            message = f"it has the cover or title of another document ({found}) and no report title"
            return message
        message = (
            "it has no report title ('OUTCOME / SUMMARY / REPORT OF THE ... MEETING'), no"
            " sentence saying what meeting it reports on ('This report summarizes ... meeting')"
            " and no sentence saying who chaired a meeting"
        )
        return message


def _first(r: Rule, text: str) -> regex.Match[str] | None:
    """``r.search(text)``; the title, which opens at a line start, is tried at those only."""
    return search_line_starts(r.pattern, text) if r is _TITLE else r.search(text)


def report_evidence(text: str) -> ReportEvidence:
    """Look for report markers and counter-evidence in normalised ``text``.

    Example: a text holding "OUTCOME OF THE ELEVENTH MEETING" on a line of its own is a report;
    a Secretariat update that only names the group is not.
    """
    folded = text.lower()
    found = [(r.name, m) for r in _MARKERS if r.could_match(folded) and (m := _first(r, text))]
    markers = tuple(name for name, _ in found)
    against = [
        r.name
        for r in (_NOT_A_REPORT, _PRESS_RELEASE, _PLACEHOLDER, _INSTRUMENT)
        if r.could_match(folded) and r.search(text)
    ]
    # The document's own title and cover stand before anything it reports; a heading after a
    # marker is a section of the report.
    first = min((m.start() for _, m in found), default=len(text))
    for r in (_UPDATE_TITLE, _INLINE_COVER):
        if r.could_match(folded, 0, first) and r.search(text, 0, first):
            against.append(r.name)
    other = _other_group(text, folded, found)
    if other is not None:
        against.append(_OTHER_GROUP.name)
    return ReportEvidence(markers, tuple(against), other)


def _other_group(text: str, folded: str, found: list[tuple[str, regex.Match[str]]]) -> str | None:
    """Another body named in the opening, where this group's name and codes are not.

    The opening runs to the end of the sentence (or line) of the first report marker.
    """
    if not found:
        return None
    first = min(found, key=lambda nm: nm[1].start())[1]
    stop = _SENTENCE_END.search(text, first.end())
    end = stop.end() if stop else len(text)
    if not _OTHER_GROUP.could_match(folded, 0, end):
        return None
    other = _OTHER_GROUP.search(text, 0, end)
    if other is None or find_group_names(text, end) or CODE_RE.search(text, 0, end):
        return None
    return " ".join(other.group(0).split())
