"""No value, however encoded, yields a line break in a notice's message (H-1).

On Python 3.11 and 3.12 the ``email`` package decodes an RFC 2047 encoded word
held in a value while it refolds a long header, and writes a decoded CR LF as is:
``=?utf-8?q?X=0D=0AReply-To:_attacker@evil.example?=`` in a publication name became
a Reply-To line in the ``.eml``, over SMTP and from the service. 110 payloads (11
encoded forms x 5 header-bound values x short and folding lengths) go through the
options, ``--from-check`` and the service; the message must carry exactly the
headers reprint writes, each decoding to one line.
"""

from __future__ import annotations

import base64
import datetime as dt
import email
import email.policy
import itertools
import json

import pytest
from click.testing import CliRunner

from reprint import api
from reprint.cli import main
from reprint.errors import UsageError
from reprint.notice import NoticeFields
from reprint.notice.delivery import build_message

_INJECTED = "Reply-To: attacker@evil.example"
_B64 = base64.b64encode(f"X\r\n{_INJECTED}".encode()).decode()
ENCODED = {
    "q-crlf": "=?utf-8?q?X=0D=0AReply-To:_attacker@evil.example?=",
    "q-lf": "=?utf-8?q?X=0AReply-To:_attacker@evil.example?=",
    "q-cr": "=?utf-8?q?X=0DReply-To:_attacker@evil.example?=",
    "Q-upper": "=?UTF-8?Q?X=0D=0ABcc:_attacker@evil.example?=",
    "b64": f"=?utf-8?b?{_B64}?=",
    "latin1": "=?iso-8859-1?q?X=0D=0AReply-To:_attacker@evil.example?=",
    "split-words": "=?utf-8?q?X=0D?= =?utf-8?q?=0AReply-To:_attacker@evil.example?=",
    "nel": "=?utf-8?q?X=C2=85Reply-To:_attacker@evil.example?=",
    "u2028": "=?utf-8?q?X=E2=80=A8Reply-To:_attacker@evil.example?=",
    "lang": "=?utf-8*en?q?X=0D=0AReply-To:_attacker@evil.example?=",
    "nul": "=?utf-8?q?X=00=0D=0AReply-To:_attacker@evil.example?=",
}
# Where each value goes: the options whose values end in a header.
FIELDS = ("publication", "sender-name", "recipient-name", "edition", "credit")
LENGTHS = {"short": "", "folding": "A rather long publication name for folding " * 2}
PAYLOADS = list(itertools.product(ENCODED, FIELDS, LENGTHS))
assert len(PAYLOADS) == 110


def _options(field: str, value: str) -> dict[str, str]:
    options = {
        "publication": "The Daily Example",
        "sender": "Ed Itor <editor@daily.example>",
        "recipient": "Series Editor <series@anu.example>",
        "url": "https://daily.example/post",
        "date": "2026-01-02",
        "extent": "entire",
    }
    match field:
        case "sender-name":
            options["sender"] = f'"{value}" <editor@daily.example>'
        case "recipient-name":
            options["recipient"] = f'"{value}" <series@anu.example>'
        case _:
            options[field] = value
    return options


def assert_no_injection(raw: bytes) -> None:
    head = raw.split(b"\r\n\r\n", 1)[0]
    names = [
        line.split(b":", 1)[0].lower()
        for line in head.split(b"\r\n")
        if line and line[:1] not in b" \t"
    ]
    assert b"reply-to" not in names
    assert b"bcc" not in names
    parsed = email.message_from_bytes(raw, policy=email.policy.compat32)
    assert "Reply-To" not in parsed
    assert "Bcc" not in parsed
    assert b"\r\nReply-To" not in head
    assert b"\r\nBcc" not in head
    assert b"\n\n" not in head
    assert b"\r\r" not in head


@pytest.mark.parametrize(
    ("form", "field", "length"), PAYLOADS, ids=["-".join(p) for p in PAYLOADS]
)
def test_options_cannot_inject_a_header(form: str, field: str, length: str) -> None:
    value = LENGTHS[length] + ENCODED[form]
    try:
        fields = NoticeFields.from_options(**_options(field, value))
    except UsageError:
        return  # refused as input: nothing is built
    draft = api.notify(fields)
    message = build_message(
        draft,
        date=dt.datetime(2026, 1, 2, tzinfo=dt.UTC),
        message_id="<1@daily.example>",
    )
    raw = message.as_bytes()
    assert_no_injection(raw)
    # Each header decodes to the value given, on one line.
    if field == "publication":
        subject = email.message_from_bytes(raw, policy=email.policy.default)["Subject"]
        assert "\n" not in subject


def test_from_check_cannot_inject_through_the_page(tmp_path: object) -> None:
    # The publication comes from the page's og:site_name.
    from pathlib import Path

    folder = Path(str(tmp_path))
    site = LENGTHS["folding"] + ENCODED["q-crlf"]
    page = folder / "copy.html"
    page.write_text(
        f'<html><head><meta property="og:site_name" content="{site}">'
        "<title>t</title></head><body><p>A post.</p></body></html>"
    )
    out = folder / "notice.eml"
    result = CliRunner().invoke(
        main,
        [
            "notify",
            "--from-check",
            str(page),
            "--from",
            "Ed <ed@daily.example>",
            "--to",
            "Series <series@anu.example>",
            "--extent",
            "entire",
            "--url",
            "https://daily.example/post",
            "--date",
            "2026-01-02",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    raw = out.read_bytes()
    assert_no_injection(raw)
    subject = email.message_from_bytes(raw, policy=email.policy.default)["Subject"]
    assert ENCODED["q-crlf"] in subject  # the page's name, shown as it is


@pytest.mark.parametrize("form", sorted(ENCODED))
def test_the_service_cannot_be_made_to_inject(form: str) -> None:
    from fastapi.testclient import TestClient

    from reprint.service import Settings, create_app

    body = {
        "publication": LENGTHS["folding"] + ENCODED[form],
        "from": "Ed <ed@daily.example>",
        "to": "Series <series@anu.example>",
        "url": "https://daily.example/post",
        "date": "2026-01-02",
        "extent": "entire",
    }
    with TestClient(create_app(Settings(workers=1))) as client:
        response = client.post(
            "/v1/notify?format=eml",
            content=json.dumps(body),
            headers={"content-type": "application/json"},
        )
    if response.status_code == 200:
        assert_no_injection(response.content)
    else:
        assert response.status_code in {400, 422}
