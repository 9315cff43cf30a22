"""copparse: ITU CWG-COP meeting reports as validated, typed data.

    >>> import copparse
    >>> report = copparse.parse_file("report.txt")  # doctest: +SKIP
    >>> report.meetings[0].number  # doctest: +SKIP
    13

The errors and ``Limits`` load with the package; everything else (the models, the pipeline,
batch and tables) loads on first use, so that ``import copparse`` stays cheap for a CLI or a
worker that only needs part of it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from copparse._version import __version__
from copparse.errors import (
    ArchiveBombError,
    BatchError,
    CopParseError,
    CorruptFileError,
    DecodeError,
    EmptyInputError,
    EncryptedFileError,
    FileReadError,
    IncompleteReportError,
    InputError,
    InputTooLargeError,
    LimitExceededError,
    NotACopReportError,
    NoTextLayerError,
    ResourceLimitError,
    TimeLimitError,
    TooManyPagesError,
    UnsafeFileError,
    UnsupportedFormatError,
)
from copparse.limits import (
    Limits,
)

if TYPE_CHECKING:
    from copparse.api import (
        parse_bytes,
        parse_file,
        parse_text,
    )
    from copparse.batch import (
        BatchSummary,
        Progress,
        convert,
    )
    from copparse.models import (
        SCHEMA_VERSION,
        Agenda,
        Chair,
        CitedRole,
        Contribution,
        Diagnostic,
        DocumentCited,
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
    from copparse.schema import (
        report_schema,
    )
    from copparse.tabular import (
        load_reports,
        tables,
        write_tables,
    )

_LAZY = {
    "Agenda": "copparse.models",
    "BatchSummary": "copparse.batch",
    "Chair": "copparse.models",
    "CitedRole": "copparse.models",
    "Contribution": "copparse.models",
    "Diagnostic": "copparse.models",
    "DocumentCited": "copparse.models",
    "DocumentInfo": "copparse.models",
    "Meeting": "copparse.models",
    "Outcome": "copparse.models",
    "Paragraph": "copparse.models",
    "ParagraphKind": "copparse.models",
    "Participants": "copparse.models",
    "ParticipationMode": "copparse.models",
    "Person": "copparse.models",
    "Progress": "copparse.batch",
    "Report": "copparse.models",
    "Resolution": "copparse.models",
    "ResolutionBody": "copparse.models",
    "SCHEMA_VERSION": "copparse.models",
    "Section": "copparse.models",
    "Severity": "copparse.models",
    "Signature": "copparse.models",
    "SourceFormat": "copparse.models",
    "SourceInfo": "copparse.models",
    "Span": "copparse.models",
    "SubmitterKind": "copparse.models",
    "convert": "copparse.batch",
    "parse_bytes": "copparse.api",
    "parse_file": "copparse.api",
    "parse_text": "copparse.api",
    "report_schema": "copparse.schema",
    "load_reports": "copparse.tabular",
    "tables": "copparse.tabular",
    "write_tables": "copparse.tabular",
}

__all__ = [
    "SCHEMA_VERSION",
    "Agenda",
    "ArchiveBombError",
    "BatchError",
    "BatchSummary",
    "Chair",
    "CitedRole",
    "Contribution",
    "CopParseError",
    "CorruptFileError",
    "DecodeError",
    "Diagnostic",
    "DocumentCited",
    "DocumentInfo",
    "EmptyInputError",
    "EncryptedFileError",
    "FileReadError",
    "IncompleteReportError",
    "InputError",
    "InputTooLargeError",
    "LimitExceededError",
    "Limits",
    "Meeting",
    "NoTextLayerError",
    "NotACopReportError",
    "Outcome",
    "Paragraph",
    "ParagraphKind",
    "Participants",
    "ParticipationMode",
    "Person",
    "Progress",
    "Report",
    "Resolution",
    "ResolutionBody",
    "ResourceLimitError",
    "Section",
    "Severity",
    "Signature",
    "SourceFormat",
    "SourceInfo",
    "Span",
    "SubmitterKind",
    "TimeLimitError",
    "TooManyPagesError",
    "UnsafeFileError",
    "UnsupportedFormatError",
    "__version__",
    "convert",
    "load_reports",
    "parse_bytes",
    "parse_file",
    "parse_text",
    "report_schema",
    "tables",
    "write_tables",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'copparse' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
