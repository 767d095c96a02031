"""The one exception hierarchy of reprint; each class says how the shells report it."""

from __future__ import annotations

from typing import ClassVar


class ReprintError(Exception):
    """Base of every error reprint raises on purpose.

    ``code`` is the stable problem code used in reports (``problems[].code``).
    """

    exit_code: ClassVar[int] = 2
    http_status: ClassVar[int] = 422
    code: ClassVar[str] = "error"


class UsageError(ReprintError):
    """A bad option value, unknown style, malformed URL or date."""

    http_status: ClassVar[int] = 400
    code: ClassVar[str] = "usage"


class InputError(ReprintError):
    """An input document that cannot be read: corrupt, wrong type, no text."""

    code: ClassVar[str] = "unreadable"


class EmptyInputError(InputError):
    """The input has no bytes at all."""

    code: ClassVar[str] = "empty"


class UnsupportedFormatError(InputError):
    """The bytes are not any format reprint reads."""

    code: ClassVar[str] = "unsupported-format"


class CorruptInputError(InputError):
    """The bytes claim a format but do not parse as it."""

    code: ClassVar[str] = "corrupt"


class EncryptedInputError(InputError):
    """The document is encrypted and no (correct) password was given."""

    code: ClassVar[str] = "encrypted"


class UnsafeInputError(InputError):
    """The input is over a size, ratio, count or depth limit."""

    http_status: ClassVar[int] = 413
    code: ClassVar[str] = "over-limit"


class WorkError(ReprintError):
    """A work file (TOML) or CSL-JSON record that is missing or malformed."""

    code: ClassVar[str] = "bad-work"


class TemplateError(ReprintError):
    """An unknown template directory, a missing template or variable."""

    code: ClassVar[str] = "bad-template"


class SendError(ReprintError):
    """The SMTP server refused or could not be reached."""

    http_status: ClassVar[int] = 502
    code: ClassVar[str] = "send-failed"
