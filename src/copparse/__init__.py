"""copparse: ITU CWG-COP meeting reports as validated, typed data.

>>> import copparse
>>> report = copparse.parse_file("report.txt")  # doctest: +SKIP
>>> report.meetings[0].number  # doctest: +SKIP
13
"""

from copparse._version import __version__
from copparse.api import parse_bytes, parse_file, parse_text
from copparse.errors import (
    CopParseError,
    DecodeError,
    EmptyInputError,
    FileReadError,
    IncompleteReportError,
    InputError,
    NotACopReportError,
    UnsupportedFormatError,
)
from copparse.models import (
    SCHEMA_VERSION,
    Agenda,
    Chair,
    Contribution,
    Diagnostic,
    DocumentInfo,
    Meeting,
    Outcome,
    Paragraph,
    ParagraphKind,
    Participants,
    ParticipationMode,
    Person,
    Report,
    Resolution,
    ResolutionBody,
    Section,
    Severity,
    Signature,
    SourceFormat,
    SourceInfo,
    Span,
    SubmitterKind,
)
from copparse.schema import report_schema

__all__ = [
    "SCHEMA_VERSION",
    "Agenda",
    "Chair",
    "Contribution",
    "CopParseError",
    "DecodeError",
    "Diagnostic",
    "DocumentInfo",
    "EmptyInputError",
    "FileReadError",
    "IncompleteReportError",
    "InputError",
    "Meeting",
    "NotACopReportError",
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
    "UnsupportedFormatError",
    "__version__",
    "parse_bytes",
    "parse_file",
    "parse_text",
    "report_schema",
]
