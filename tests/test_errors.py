"""Errors name input fields; each shell words them in its own vocabulary."""

from __future__ import annotations

import pytest

from reprint.errors import UsageError, field
from reprint.fields import parse_date


def test_a_field_is_worded_by_the_shell_and_plain_by_default() -> None:
    error = UsageError(f"{field('accessed')} needs {field('url')}")
    assert error.fields == ("accessed", "url")
    assert error.field == "accessed"
    assert str(error) == "accessed needs url"
    assert error.worded(lambda name: f"--{name}") == "--accessed needs --url"
    assert error.worded(lambda name: f'"{name}"') == '"accessed" needs "url"'


def test_an_error_without_fields_reads_as_written() -> None:
    error = UsageError("the message date needs a timezone")
    assert (error.fields, error.field) == ((), None)
    assert error.worded(lambda name: "never") == "the message date needs a timezone"


def test_typed_text_that_imitates_a_field_stays_text() -> None:
    # repr() escapes the marker characters, so a quoted value is never worded.
    typed = field("url")
    with pytest.raises(UsageError) as caught:
        parse_date(typed)
    assert caught.value.fields == ("date",)
    assert caught.value.worded(str.upper).startswith("DATE '\\ue000url\\ue001'")


def test_a_nested_message_keeps_its_fields() -> None:
    inner = UsageError(f"{field('date')} is wrong")
    outer = UsageError(f"{field('from_check')}: {inner.template}")
    assert outer.worded(lambda name: f"--{name}") == "--from_check: --date is wrong"


def test_field_names_are_keywords() -> None:
    with pytest.raises(ValueError, match="lower-case keyword"):
        field("--date")
