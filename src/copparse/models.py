"""The data model: what copparse returns, and the JSON contract it serialises to.

The models hold data only; the code that builds them lives in the pipeline modules. Every item
that was read from the text carries a :class:`Span` into :attr:`Report.text`, and the scalar
values inside an item are traced by its ``field_spans`` (field name -> span).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, Any, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "SCHEMA_NAME",
    "SCHEMA_VERSION",
    "Agenda",
    "Chair",
    "CitedRole",
    "Contribution",
    "Diagnostic",
    "DocumentCited",
    "DocumentInfo",
    "Meeting",
    "Outcome",
    "Paragraph",
    "ParagraphKind",
    "Participants",
    "ParticipationMode",
    "Person",
    "Report",
    "Resolution",
    "ResolutionBody",
    "Section",
    "Severity",
    "Signature",
    "SourceFormat",
    "SourceInfo",
    "Span",
    "SubmitterKind",
]

SCHEMA_NAME = "copparse.report"
SCHEMA_VERSION = "1.2.0"


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, json_schema_serialization_defaults_required=True
    )


_M = TypeVar("_M", bound=_Model)
_set_attribute = object.__setattr__


def from_valid(cls: type[_M], values: dict[str, Any]) -> _M:
    """``cls(**values)`` for values that validation keeps as they are, without validating.

    ``values`` must give every field of ``cls``, in the order the model declares them, each
    one a value its field's validation returns unchanged (an ``int`` for an ``int`` field, a
    member for an enum field, an instance for a model field), within the field's bounds and
    passing the model's validators; the caller makes sure of it. The instance is then the one
    validation builds: the same ``__dict__`` in the same order (the JSON's key order), every
    field set, no extra or private attributes. Spans and paragraphs are built by the hundred
    for each report; tests/test_fast_forms.py holds this to validation.
    """
    m = cls.__new__(cls)
    _set_attribute(m, "__dict__", values)
    _set_attribute(m, "__pydantic_fields_set__", set(values))
    _set_attribute(m, "__pydantic_extra__", None)
    _set_attribute(m, "__pydantic_private__", None)
    return m


class Severity(StrEnum):
    """How much a diagnostic matters."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


class SourceFormat(StrEnum):
    """The kind of file the report was read from."""

    TEXT = "text"
    PDF = "pdf"
    DOCX = "docx"


class SubmitterKind(StrEnum):
    """Who submitted a contribution."""

    MEMBER_STATE = "member_state"
    ORGANIZATION = "organization"
    SECRETARIAT = "secretariat"
    CHAIR = "chair"
    UNKNOWN = "unknown"


class CitedRole(StrEnum):
    """Why a report names a document that is not one of its meeting's contributions."""

    AGENDA = "agenda"
    EARLIER_REPORT = "earlier_report"
    REFERENCE = "reference"


class ParticipationMode(StrEnum):
    """How participants took part."""

    IN_PERSON = "in_person"
    REMOTE = "remote"


class ResolutionBody(StrEnum):
    """The ITU body that adopted a resolution."""

    COUNCIL = "Council"
    PLENIPOTENTIARY = "Plenipotentiary"
    WTDC = "WTDC"
    WTSA = "WTSA"
    RADIOCOMMUNICATION_ASSEMBLY = "Radiocommunication Assembly"


class ParagraphKind(StrEnum):
    """What kind of block a paragraph is."""

    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"


class Span(_Model):
    """A half-open range ``[start, end)`` of characters in :attr:`Report.text`."""

    start: Annotated[int, Field(ge=0, description="Offset of the first character.")]
    end: Annotated[int, Field(ge=0, description="Offset one past the last character.")]
    page: Annotated[
        int | None,
        Field(ge=1, description="1-based page the span starts on; null for sources without pages."),
    ] = None

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end < self.start:
            raise ValueError(f"span end {self.end} is before its start {self.start}")
        return self


FieldSpans = Annotated[
    dict[str, Span],
    Field(description="Where each extracted field's value was read: field name -> span."),
]
FieldRules = Annotated[
    dict[str, str],
    Field(
        description="Which extraction rule read each field: field name -> rule name (see"
        " docs/formats.md, 'Field rules'). The keys are those of field_spans.",
        examples=[{"name": "chair.chaired_by"}],
    ),
]


class _Located(_Model):
    """An item read from one place in the text."""

    span: Annotated[Span, Field(description="Where the item stands in Report.text.")]
    page: Annotated[
        int | None, Field(description="The page the item starts on (equal to span.page).")
    ] = None

    @model_validator(mode="before")
    @classmethod
    def _page_from_span(cls, data: Any) -> Any:
        # The page is the span's: builders give the span only, and an old record's page is
        # checked against it below.
        if isinstance(data, dict) and "page" not in data:
            span = data.get("span")
            page = span.get("page") if isinstance(span, dict) else getattr(span, "page", None)
            return {**data, "page": page}
        return data

    @model_validator(mode="after")
    def _page_matches_span(self) -> Self:
        if self.page != self.span.page:
            raise ValueError(f"page {self.page} differs from span.page {self.span.page}")
        return self


class Diagnostic(_Model):
    """Something the parser noticed: a gap, an inconsistency, or a repair it made."""

    code: Annotated[
        str,
        Field(
            pattern=r"^[a-z]+(-[a-z]+)*$",
            description="Stable kebab-case identifier; docs/diagnostics.md lists them all.",
            examples=["contribution-count-mismatch"],
        ),
    ]
    severity: Annotated[Severity, Field(description="info, warning or error.")]
    message: Annotated[str, Field(min_length=1, description="What was found, in plain words.")]
    span: Annotated[Span | None, Field(description="The text it points at, where it has one.")] = (
        None
    )


class SourceInfo(_Model):
    """What was read."""

    path: Annotated[str | None, Field(description="The input's path; null for text or bytes.")] = (
        None
    )
    format: Annotated[SourceFormat, Field(description="The kind of file read.")]
    sha256: Annotated[
        str, Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the input bytes.")
    ]
    encoding: Annotated[
        str | None, Field(description="The text encoding used to decode a text input.")
    ] = None
    pages: Annotated[
        int | None, Field(ge=1, description="Page count where the source has pages.")
    ] = None


class DocumentInfo(_Model):
    """The report as a document: its header block and summary."""

    symbol: Annotated[
        str | None,
        Field(
            description="The document symbol from the header block.",
            examples=["C17/24-E", "WG-CP/1/16 Rev.1", "WG-COP/13"],
        ),
    ] = None
    date: Annotated[dt.date | None, Field(description="The document's date.")] = None
    title: Annotated[
        str | None, Field(examples=["OUTCOME OF THE FIFTEENTH AND SIXTEENTH MEETINGS ..."])
    ] = None
    summary: Annotated[str | None, Field(description="The summary paragraph's text.")] = None
    council_session: Annotated[str | None, Field(examples=["Council 2020"])] = None
    agenda_item: Annotated[str | None, Field(examples=["PL 1.5"])] = None
    original_language: Annotated[str | None, Field(examples=["English", "English only"])] = None
    source_line: Annotated[
        str | None,
        Field(description="Who the report is from, as the header says.", examples=["Chairman"]),
    ] = None
    action_required: Annotated[str | None, Field(description="The 'Action required' text.")] = None
    references: Annotated[list[str], Field(description="The 'References' entries.")] = []
    draft: Annotated[bool, Field(description="The header marks the report as a draft.")] = False
    group_names: Annotated[
        list[str],
        Field(
            description="The names and abbreviations the text uses for the group, as written.",
            examples=[["Council Working Group on Child Online Protection", "CWG-COP"]],
        ),
    ] = []
    field_spans: FieldSpans = {}
    field_rules: FieldRules = {}


class Meeting(_Located):
    """One meeting the report covers."""

    number: Annotated[int, Field(ge=1, description="The meeting's ordinal number.", examples=[13])]
    start_date: Annotated[dt.date | None, Field(description="The first day.")] = None
    end_date: Annotated[
        dt.date | None, Field(description="Equal to start_date for a one-day meeting.")
    ] = None
    venue: Annotated[str | None, Field(examples=["ITU Headquarters"])] = None
    city: Annotated[str | None, Field(examples=["Geneva"])] = None
    country: Annotated[str | None, Field(examples=["Switzerland"])] = None
    virtual: Annotated[bool, Field(description="The text says the meeting was held online.")] = (
        False
    )
    field_spans: FieldSpans = {}
    field_rules: FieldRules = {}


class Chair(_Located):
    """Whoever chaired the meeting."""

    name: Annotated[str, Field(description="The name without honorific.")]
    honorific: Annotated[str | None, Field(examples=["Ms", "Dr", "Mr", "Ambassador"])] = None
    country: Annotated[str | None, Field(examples=["Republic of Argentina"])] = None
    country_code: Annotated[
        str | None, Field(pattern=r"^[A-Z]{3}$", description="ISO 3166-1 alpha-3.")
    ] = None
    role: Annotated[
        str, Field(examples=["chair", "ad hoc chair", "vice-chair acting as chair"])
    ] = "chair"
    field_spans: FieldSpans = {}
    field_rules: FieldRules = {}


class Person(_Located):
    """A person the report names, with the role it gives them."""

    name: Annotated[str, Field(description="As written, without honorific.")]
    honorific: str | None = None
    role: Annotated[
        str | None,
        Field(examples=["deputy secretary-general", "vice-chair", "chair", "ad hoc chair"]),
    ] = None
    organization: Annotated[str | None, Field(examples=["ITU"])] = None
    country: str | None = None
    country_code: Annotated[str | None, Field(pattern=r"^[A-Z]{3}$")] = None
    absent: Annotated[
        bool, Field(description="The text says this person was absent from the meeting.")
    ] = False
    mentions: Annotated[
        list[Span], Field(description="Every place the person is named, the first included.")
    ] = []
    field_spans: FieldSpans = {}
    field_rules: FieldRules = {}


class Participants(_Located):
    """How many took part, and how."""

    count: Annotated[
        int | None,
        Field(ge=0, description="None when the text says how people took part, not how many."),
    ] = None
    qualifier: Annotated[
        str | None,
        Field(
            examples=["approximately", "around", "over", "exact"],
            description="How the count is qualified; None when there is no count.",
        ),
    ] = "exact"
    unit: Annotated[str | None, Field(examples=["participants", "delegates"])] = None
    modes: list[ParticipationMode] = []
    groups: Annotated[
        list[str], Field(examples=[["governments", "private sector", "civil society"]])
    ] = []
    field_spans: FieldSpans = {}
    field_rules: FieldRules = {}


class Resolution(_Located):
    """A resolution the report cites as the group's mandate."""

    body: ResolutionBody
    number: Annotated[str, Field(examples=["1306", "179"])]
    revision: Annotated[str | None, Field(examples=["Busan, 2014", "Dubai, 2018"])] = None
    year: Annotated[int | None, Field(description="The year given with the citation.")] = None
    mentions: list[Span] = []
    field_spans: FieldSpans = {}
    field_rules: FieldRules = {}


class Agenda(_Model):
    """What the report says about the agenda."""

    adopted: Annotated[bool | None, Field(description="Whether the agenda was adopted.")] = None
    as_drafted: Annotated[
        bool | None, Field(description="True when adopted unchanged; false when amended.")
    ] = None
    amendments: Annotated[list[str], Field(description="The amendments, as written.")] = []
    span: Annotated[Span | None, Field(description="The sentences read.")] = None


class _Coded(_Located):
    """An item named by a document code of the group's series."""

    code: Annotated[
        str,
        Field(
            description="The document code, hyphens restored, without revision.",
            examples=["WG-CP/13/2", "CWG-COP/17/3"],
        ),
    ]
    meeting: Annotated[int, Field(ge=0, description="The meeting number inside the code.")]
    number: Annotated[int, Field(ge=0, description="The document number inside the code.")]
    revision: Annotated[int | None, Field(description="1 for 'Rev.1'.")] = None


class Contribution(_Coded):
    """A numbered input document."""

    submitter: Annotated[
        str | None, Field(description="As written.", examples=["RUSSIA", "Trend Micro"])
    ] = None
    submitter_kind: SubmitterKind = SubmitterKind.UNKNOWN
    country_code: Annotated[
        str | None, Field(description="For a single member state: ISO 3166-1 alpha-3.")
    ] = None
    country_codes: Annotated[
        list[str], Field(description="Every member state among the submitters.")
    ] = []
    title: str | None = None
    listed: Annotated[
        bool, Field(description="True when it appears in a list of contributions.")
    ] = True
    discussed_in: Annotated[
        list[str],
        Field(description="Refs of the paragraphs that discuss it.", examples=[["5.6"]]),
    ] = []
    field_spans: FieldSpans = {}
    field_rules: FieldRules = {}


class DocumentCited(_Coded):
    """A document the report names that is not a contribution to its meeting(s)."""

    role: Annotated[
        CitedRole,
        Field(
            description=(
                "What the sentence naming it makes it: this meeting's agenda, the report of an"
                " earlier meeting, or a reference to another meeting's document."
            )
        ),
    ]
    field_spans: FieldSpans = {}
    field_rules: FieldRules = {}


class Paragraph(_Located):
    """A paragraph or list item inside a section."""

    number: Annotated[str | None, Field(examples=["5.1"])] = None
    ref: Annotated[
        str,
        Field(
            description=(
                "A stable reference: the number where there is one, else the last number"
                " before it (or the section's) followed by '+k' for the k-th unnumbered block."
            ),
            examples=["5.7", "5.7+1", "4+2"],
        ),
    ]
    kind: ParagraphKind = ParagraphKind.PARAGRAPH
    text: str


class Section(_Located):
    """A numbered section (or the unnumbered text before the first one)."""

    number: Annotated[str | None, Field(examples=["5"])] = None
    title: Annotated[str | None, Field(description="The heading; null where it is missing.")] = None
    paragraphs: list[Paragraph] = []
    subsections: list[Section] = []

    def walk(self) -> Iterator[tuple[int, Section]]:
        """This section and every subsection below it, depth first, each with its depth (0
        for this one): the one walk of the section tree every reader uses.
        """  # noqa: D205
        stack: list[tuple[int, Section]] = [(0, self)]
        while stack:
            depth, section = stack.pop()
            yield depth, section
            stack.extend((depth + 1, sub) for sub in reversed(section.subsections))


class Outcome(_Located):
    """An outcome: a paragraph of a section titled as outcomes or conclusions, or a decision of
    the group ("The Group agreed to ...", "It was agreed that ...") in any other section.
    """  # noqa: D205

    number: Annotated[
        str | None,
        Field(
            description="The paragraph's number (a decision's: that of its paragraph).",
            examples=["4.1"],
        ),
    ] = None
    text: Annotated[
        str,
        Field(
            description="The paragraph as written; a decision elsewhere: its sentence, from"
            " its clause where a semicolon comes before it."
        ),
    ]
    actors: Annotated[list[str], Field(examples=[["Secretariat"]])] = []


class Signature(_Located):
    """The closing signature block."""

    name: str | None = None
    honorific: str | None = None
    country: str | None = None
    title: Annotated[str | None, Field(examples=["Ad Hoc Chair, CWG-COP"])] = None
    field_spans: FieldSpans = {}
    field_rules: FieldRules = {}


class Report(_Model):
    """A parsed CWG-COP report."""

    schema_name: Annotated[str, Field(description="Always 'copparse.report'.")] = SCHEMA_NAME
    schema_version: Annotated[str, Field(description="Version of this data model.")] = (
        SCHEMA_VERSION
    )
    source: Annotated[SourceInfo, Field(description="What was read.")]
    document: Annotated[DocumentInfo, Field(description="The header block and summary.")]
    meetings: Annotated[list[Meeting], Field(description="The meeting(s) the report covers.")] = []
    chair: Annotated[Chair | None, Field(description="Whoever chaired the meeting(s).")] = None
    people: Annotated[list[Person], Field(description="Everyone named with a role.")] = []
    participants: Annotated[Participants | None, Field(description="Attendance.")] = None
    resolutions: Annotated[list[Resolution], Field(description="The mandate cited.")] = []
    agenda: Annotated[Agenda, Field(description="The agenda's adoption.")] = Agenda()
    contributions_stated: Annotated[
        int | None, Field(description="How many contributions the text says there were.")
    ] = None
    contributions: Annotated[
        list[Contribution],
        Field(description="Listed contributions first, then those named only in running text."),
    ] = []
    documents_cited: Annotated[
        list[DocumentCited],
        Field(
            description=(
                "Documents named that are not contributions: the agenda, earlier meetings'"
                " reports and documents."
            )
        ),
    ] = []
    sections: Annotated[
        list[Section],
        Field(description="Top-level sections in order; unnumbered ones hold the header block."),
    ] = []
    outcomes: Annotated[
        list[Outcome],
        Field(description="Outcome and conclusion items, and the group's decisions elsewhere."),
    ] = []
    signature: Annotated[Signature | None, Field(description="The closing signature.")] = None
    diagnostics: Annotated[
        list[Diagnostic], Field(description="What the parser noticed, in pipeline order.")
    ] = []
    text: Annotated[str, Field(description="The normalised text every span points into.")]
