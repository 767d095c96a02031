"""The one exception hierarchy of reprint; each class says how the shells report it.

A message names the input it is about by field (``field("date")``), never by a
shell's spelling of it: the CLI words a field as its flag (``--date``), the service
as its JSON key or query parameter (``"date"``), and ``str()`` as the Python
keyword (``date``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import ClassVar

__all__ = [
    "CorruptInputError",
    "EmptyInputError",
    "EncryptedInputError",
    "InputError",
    "ReprintError",
    "SendError",
    "TemplateError",
    "UnsafeInputError",
    "UsageError",
    "WorkError",
    "field",
    "word_fields",
]

# Private-use characters are not printable, so repr() escapes them: a value a person
# typed and a message quotes with !r can never be taken for a field.
_OPEN, _CLOSE = "\ue000", "\ue001"
_FIELD = re.compile(f"{_OPEN}([a-z_]+){_CLOSE}")


def field(name: str) -> str:
    """The input field ``name`` (a Python keyword) in a message; shells word it."""
    if not re.fullmatch("[a-z_]+", name):
        raise ValueError(f"a field name is a lower-case keyword, not {name!r}")
    return f"{_OPEN}{name}{_CLOSE}"


def _keyword(name: str) -> str:
    return name


def word_fields(template: str, name: Callable[[str], str]) -> str:
    """``template`` with each field (see ``field``) spelt by ``name``."""
    return _FIELD.sub(lambda found: name(found[1]), template)


class ReprintError(Exception):
    """Base of every error reprint raises on purpose.

    ``code`` is the stable problem code used in reports (``problems[].code``). The
    message may name input fields (see ``field``); ``worded`` spells them.
    """

    exit_code: ClassVar[int] = 2
    http_status: ClassVar[int] = 422
    code: ClassVar[str] = "error"

    @property
    def template(self) -> str:
        """The message with its fields unworded, to put inside another message."""
        return str(self.args[0]) if self.args else ""

    @property
    def fields(self) -> tuple[str, ...]:
        """The input fields the message names, in order of appearance."""
        return tuple(dict.fromkeys(_FIELD.findall(self.template)))

    @property
    def field(self) -> str | None:
        """The first field the message names: the input to fix, if there is one."""
        return next(iter(self.fields), None)

    def worded(self, name: Callable[[str], str]) -> str:
        """The message with each field spelt by ``name`` (a shell's vocabulary)."""
        return word_fields(self.template, name)

    def __str__(self) -> str:
        return self.worded(_keyword)


class UsageError(ReprintError):
    """A bad option value, unknown style, malformed URL or date."""

    http_status: ClassVar[int] = 400
    code: ClassVar[str] = "usage"


class InputError(ReprintError):
    """An input document that cannot be read: corrupt, wrong type, no text."""

    code: ClassVar[str] = "unreadable"


class NonCompliantCopyError(ReprintError):
    """A notice asked for from a check of a copy that lacks required credits."""

    exit_code: ClassVar[int] = 1
    code: ClassVar[str] = "non-compliant"


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
