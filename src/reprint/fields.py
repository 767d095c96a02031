"""Values people type into reprint: calendar dates, web addresses, one-line text.

Shared by ``cite`` (an online copy's URL and access date) and ``notify`` (the
publication's URL and date, and every e-mail header field). Pure.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from urllib.parse import urlsplit

from reprint.errors import UsageError, field

__all__ = [
    "MONTHS",
    "check_since",
    "latest_today",
    "long_date",
    "parse_date",
    "parse_web_url",
    "refuse_line_breaks",
]

# Spelt out rather than taken from strftime("%B"), which follows the process locale
# and would make drafts, citations and their goldens vary between machines.
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Cc covers C0, DEL and C1 (CR, LF, NUL, ESC...); Zl/Zp are U+2028/U+2029, which some
# mail clients treat as line breaks. Any of them in a header could start a new one.
_LINE_BREAKING = frozenset({"Cc", "Zl", "Zp"})


def long_date(day: dt.date) -> str:
    """``1 August 2011``: the way the paper itself prints dates."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def parse_date(text: str, what: str = field("date")) -> dt.date:
    """Parse a calendar date written YYYY-MM-DD.

    Raises:
        UsageError: another form, or no such day; the message names ``what``.
    """
    value = text.strip()
    if not _ISO_DATE.fullmatch(value):
        raise UsageError(f"{what} {text!r} is not a date in the form YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise UsageError(f"{what} {text!r} is not a real day ({exc})") from exc


def latest_today() -> dt.date:
    """Today's date where it is latest on Earth (UTC+14): a date after it is in the
    future for everyone, whatever the machine's or the person's time zone."""
    return (dt.datetime.now(dt.UTC) + dt.timedelta(hours=14)).date()


def check_since(
    day: dt.date, since: dt.date, what: str, since_what: str, *, today: dt.date
) -> None:
    """Refuse a day before ``since`` (an event before the paper existed) or after
    ``today`` (one that has not happened).

    Raises:
        UsageError: the day is out of range; the message names ``what``.
    """
    if day < since:
        raise UsageError(
            f"{what} {day.isoformat()} is before {since_what} ({since.isoformat()})"
        )
    if day > today:
        raise UsageError(f"{what} {day.isoformat()} is in the future")


def parse_web_url(text: str, what: str = field("url")) -> str:
    """An http or https address with a host, as given (surrounding space removed).

    Only web addresses: the URL becomes a link in HTML, where a javascript: or
    data: URL would be a script a mail client or browser may run.

    Raises:
        UsageError: another scheme, no host, spaces or line breaks.
    """
    value = text.strip()
    refuse_line_breaks(what, value)
    parts = urlsplit(value)
    is_web = parts.scheme.lower() in {"http", "https"} and bool(parts.hostname)
    if not is_web or " " in value:
        raise UsageError(f"{what} {text!r} is not an http(s) URL with a host")
    return value


def refuse_line_breaks(what: str, value: str) -> None:
    """Refuse control and line-separator characters (header injection).

    Raises:
        UsageError: ``value`` has one; the message names ``what`` and the character.
    """
    for char in value:
        if unicodedata.category(char) in _LINE_BREAKING:
            raise UsageError(
                f"{what} contains a control character (U+{ord(char):04X}); "
                "header fields must be a single line of text"
            )
