"""Configuration at the edge: the editor's address and the SMTP settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from reprint.config import NotifyConfig, read_config, recipient, smtp_settings
from reprint.errors import UsageError
from reprint.notice import Mailbox, SmtpSecurity

ENVIRON = {"REPRINT_EDITOR_EMAIL": "Env Editor <env@example.org>"}


def test_recipient_given_wins_over_file_and_environment(tmp_path: Path) -> None:
    config = tmp_path / "reprint.toml"
    config.write_text('[notify]\nto = "cfg@example.org"\n', "utf-8")
    assert recipient("opt@example.org", config, ENVIRON) == Mailbox(
        "", "opt@example.org"
    )
    assert recipient("  ", config, ENVIRON) == Mailbox("", "cfg@example.org")
    assert recipient(None, None, ENVIRON) == Mailbox("Env Editor", "env@example.org")
    assert recipient(None, None, {}) is None


def test_malformed_recipient_names_its_field() -> None:
    with pytest.raises(UsageError) as caught:
        recipient("editor at example.org", None, {})
    assert caught.value.field == "recipient"
    assert str(caught.value).startswith("recipient: 'editor at example.org' is not")


def test_unreadable_config_names_the_config_field(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as caught:
        read_config(tmp_path / "gone.toml")
    assert caught.value.field == "config"
    assert str(caught.value).startswith(f"cannot read config '{tmp_path}/gone.toml'")


def test_config_text_is_parsed_without_reading_a_file() -> None:
    parsed = NotifyConfig.from_toml('[notify]\nto = "Ed <ed@example.org>"\n', "t")
    assert parsed == NotifyConfig(Mailbox("Ed", "ed@example.org"))
    with pytest.raises(UsageError, match=r"^t: unknown key 'cc' in \[notify\]"):
        NotifyConfig.from_toml('[notify]\ncc = "x@example.org"\n', "t")


def test_smtp_password_comes_from_the_environment_only_for_a_login() -> None:
    environ = {"REPRINT_SMTP_PASSWORD": "s3cret"}
    settings = smtp_settings("mx.example", user="ann", security="tls", environ=environ)
    assert (settings.password, settings.security, settings.port_or_default) == (
        "s3cret",
        SmtpSecurity.TLS,
        465,
    )
    assert smtp_settings("mx.example", environ=environ).password is None


@pytest.mark.parametrize(
    ("kwargs", "expected_field"),
    [({"user": "ann"}, "smtp_user"), ({"security": "ssl"}, "smtp_security")],
    ids=["login-without-password", "unknown-security"],
)
def test_bad_smtp_settings_name_their_field(
    kwargs: dict[str, str], expected_field: str
) -> None:
    with pytest.raises(UsageError) as caught:
        smtp_settings("mx.example", environ={}, **kwargs)  # type: ignore[arg-type]  # rows mix keywords
    assert caught.value.field == expected_field
