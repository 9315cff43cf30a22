"""The errors copparse raises.

Every failure is a subclass of :class:`CopParseError`, so one ``except`` clause catches them
all; none of copparse's dependencies' exceptions reach the caller unwrapped::

    CopParseError
    ├── InputError                 the input cannot be read as a report at all
    │   ├── FileReadError          the file could not be opened or read
    │   ├── EmptyInputError        no bytes, or nothing but white space
    │   ├── DecodeError            bytes that are no text in any encoding we accept
    │   ├── UnsupportedFormatError a format copparse does not read (image, .doc, ...)
    │   ├── CorruptFileError       a PDF or DOCX that is truncated or damaged
    │   ├── EncryptedFileError     a PDF that needs a password, or a DOCX with encrypted parts
    │   ├── NoTextLayerError       a PDF with no text: scanned pages that need OCR
    │   ├── UnsafeFileError        a DOCX with XML entity declarations (DOCTYPE)
    │   └── LimitExceededError     a limit against hostile files was reached
    │       ├── InputTooLargeError     more bytes than Limits.max_bytes
    │       ├── TooManyPagesError      more pages than Limits.max_pages
    │       ├── ArchiveBombError       a DOCX that inflates past its limits
    │       ├── TimeLimitError         reading took longer than Limits.max_seconds
    │       └── ResourceLimitError     isolate=True: the child process ran out of time or
    │                                  memory and was stopped (.resource, .limit)
    ├── NotACopReportError         readable text, but not a CWG-COP report
    ├── IncompleteReportError      strict mode: the report has diagnostics of severity "error"
    └── BatchError                 a batch run cannot go on at all (its output folder is in
                                   use or cannot be written, its workers cannot start)

Each exception carries ``source`` (the path or a short description of the input) so a batch
run can say which input failed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from copparse.models import Diagnostic

__all__ = [
    "ArchiveBombError",
    "BatchError",
    "CopParseError",
    "CorruptFileError",
    "DecodeError",
    "EmptyInputError",
    "EncryptedFileError",
    "FileReadError",
    "IncompleteReportError",
    "InputError",
    "InputTooLargeError",
    "LimitExceededError",
    "NoTextLayerError",
    "NotACopReportError",
    "ResourceLimitError",
    "TimeLimitError",
    "TooManyPagesError",
    "UnsafeFileError",
    "UnsupportedFormatError",
]


class CopParseError(Exception):
    """Base class of every error copparse raises.

    Args:
        message: What went wrong and, where possible, what to do about it.
        source: The input the error is about (a path, or ``"<text>"``).
    """

    def __init__(self, message: str, *, source: str | None = None) -> None:
        if not message:
            raise ValueError("a CopParseError needs a message")
        self.message = message
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)


class InputError(CopParseError):
    """The input cannot be read as a report at all."""


class FileReadError(InputError):
    """The file could not be opened or read (missing, a directory, no permission)."""


class EmptyInputError(InputError):
    """The input has no content: zero bytes, or only white space."""


class DecodeError(InputError):
    """The bytes are not text in UTF-8, UTF-16 (with a byte-order mark) or cp1252."""


class UnsupportedFormatError(InputError):
    """The input is in a format copparse does not read."""


class CorruptFileError(InputError):
    """A PDF or DOCX that is truncated or damaged."""


class EncryptedFileError(InputError):
    """A PDF opened without the right password, or a DOCX whose zip entries are encrypted."""


class NoTextLayerError(InputError):
    """A PDF whose pages hold no text (scanned images): it needs OCR first."""


class UnsafeFileError(InputError):
    """A DOCX whose XML declares entities, which Word never writes and attacks do."""


class LimitExceededError(InputError):
    """A limit against hostile files was reached; raise it in :class:`copparse.Limits`."""


class InputTooLargeError(LimitExceededError):
    """The input has more bytes than ``Limits.max_bytes``."""


class TooManyPagesError(LimitExceededError):
    """The PDF has more pages than ``Limits.max_pages``."""


class ArchiveBombError(LimitExceededError):
    """The DOCX inflates past ``Limits.max_unpacked_bytes`` or ``Limits.max_unpack_ratio``."""


class TimeLimitError(LimitExceededError):
    """Reading the document took longer than ``Limits.max_seconds``."""


class ResourceLimitError(LimitExceededError):
    """With ``isolate=True``, the child process reading the document was stopped.

    Either it ran past its deadline (``resource == "time"``: ``Limits.max_seconds`` plus a
    grace period, wall clock or CPU) and was killed from outside, or it ran out of its address
    space (``resource == "memory"``: ``Limits.max_memory_bytes``), or died of a signal a
    memory failure raises (SIGABRT, SIGSEGV, SIGBUS, SIGKILL from the system's OOM killer).

    Args:
        message: What happened and which limit to raise.
        source: The input.
        resource: ``"time"`` or ``"memory"``.
        limit: The figure that was exceeded: seconds, or bytes.
    """

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        resource: Literal["time", "memory"],
        limit: float,
    ) -> None:
        self.resource = resource
        self.limit = limit
        super().__init__(message, source=source)


class NotACopReportError(CopParseError):
    """The text was read, but nothing in it marks it as a CWG-COP report."""


class IncompleteReportError(CopParseError):
    """Raised in strict mode when the report has diagnostics of severity ``error``.

    Args:
        diagnostics: The error-level diagnostics, also listed in the message.
        source: The input the report came from.
    """

    def __init__(self, diagnostics: Sequence[Diagnostic], *, source: str | None = None) -> None:
        self.diagnostics = list(diagnostics)
        listed = "; ".join(f"{d.code}: {d.message}" for d in self.diagnostics)
        super().__init__(
            f"the report is incomplete ({len(self.diagnostics)} error(s)): {listed}",
            source=source,
        )


class BatchError(CopParseError):
    """A batch run cannot go on at all: not one input's failure, but the run's.

    Raised when another run holds the output folder, when the output cannot be written (a
    full disk), or when the worker processes cannot start. Every record written before it is
    kept, and running the same conversion again resumes.
    """
