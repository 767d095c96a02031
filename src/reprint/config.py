"""Configuration read at the edge: the ``--config`` TOML file and the environment.

The editor's address is never invented: it is given (``to``), or ``[notify] to`` in
the configuration file, or ``REPRINT_EDITOR_EMAIL``, first found wins. The SMTP
password comes only from ``REPRINT_SMTP_PASSWORD``. This module reads the file and
the environment; the values it returns are ``reprint.notice``'s.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from reprint.errors import UsageError, field
from reprint.notice.delivery import SmtpSecurity, SmtpSettings, trusting
from reprint.notice.values import Mailbox

__all__ = [
    "EDITOR_EMAIL_VARIABLE",
    "SMTP_PASSWORD_VARIABLE",
    "NotifyConfig",
    "read_config",
    "recipient",
    "smtp_settings",
]

EDITOR_EMAIL_VARIABLE = "REPRINT_EDITOR_EMAIL"
SMTP_PASSWORD_VARIABLE = "REPRINT_SMTP_PASSWORD"
_NOTIFY_KEYS = frozenset({"to"})


@dataclass(frozen=True, slots=True)
class NotifyConfig:
    """The ``[notify]`` table of a configuration file."""

    to: Mailbox | None = None

    @classmethod
    def from_toml(cls, text: str, name: str) -> NotifyConfig:
        """Parse a configuration file's text; ``name`` is how messages call it.

        Raises:
            UsageError: not TOML, ``[notify]`` not a table, an unknown key, or a
                ``to`` that is not one address.
        """
        try:
            raw = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise UsageError(f"{name} is not valid TOML: {exc}") from exc
        section = raw.get("notify", {})
        if not isinstance(section, dict):
            raise UsageError(f"{name}: [notify] must be a table")
        unknown = sorted(set(section) - _NOTIFY_KEYS)
        if unknown:
            raise UsageError(
                f"{name}: unknown key '{unknown[0]}' in [notify] "
                f"(known: {', '.join(sorted(_NOTIFY_KEYS))})"
            )
        to = section.get("to")
        if to is None:
            return cls()
        if not isinstance(to, str):
            raise UsageError(f"{name}: [notify] to must be a string")
        return cls(Mailbox.from_header(to, f"[notify] to in {name}"))


def read_config(path: Path | None) -> NotifyConfig:
    """The configuration in ``path``; the empty one without a path.

    Raises:
        UsageError: the file cannot be read, or as ``NotifyConfig.from_toml``.
    """
    if path is None:
        return NotifyConfig()
    name = f"{field('config')} '{path}'"
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise UsageError(f"cannot read {name}: {reason}") from exc
    return NotifyConfig.from_toml(text, name)


def recipient(
    to: str | None,
    config: Path | None = None,
    environ: Mapping[str, str] = os.environ,
) -> Mailbox | None:
    """The editor's address: ``to``, else the configuration's, else the environment's.

    Raises:
        UsageError: the first address found is malformed, or the configuration is.
    """
    if to is not None and to.strip():
        return Mailbox.from_header(to, field("recipient"))
    configured = read_config(config).to
    if configured is not None:
        return configured
    variable = environ.get(EDITOR_EMAIL_VARIABLE, "")
    if variable.strip():
        return Mailbox.from_header(variable, EDITOR_EMAIL_VARIABLE)
    return None


def smtp_settings(
    host: str,
    *,
    port: int | None = None,
    security: SmtpSecurity | str = SmtpSecurity.STARTTLS,
    user: str | None = None,
    ca_file: Path | None = None,
    environ: Mapping[str, str] = os.environ,
) -> SmtpSettings:
    """Where and how to send, with the password from ``REPRINT_SMTP_PASSWORD``.

    Raises:
        UsageError: a login without the password, an unknown security, or a CA
            file that is not a PEM certificate.
    """
    password = environ.get(SMTP_PASSWORD_VARIABLE)
    if user is not None and password is None:
        raise UsageError(
            f"{field('smtp_user')} needs the password in {SMTP_PASSWORD_VARIABLE}"
        )
    try:
        chosen = SmtpSecurity(security)
    except ValueError as exc:
        raise UsageError(
            f"{field('smtp_security')} {security!r} must be one of "
            f"{', '.join(s.value for s in SmtpSecurity)}"
        ) from exc
    return SmtpSettings(
        host=host,
        port=port,
        security=chosen,
        user=user,
        password=password if user is not None else None,
        ssl_context=trusting(ca_file),
    )
