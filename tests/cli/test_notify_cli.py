"""``reprint notify``: options, prompts, outputs, recipient sources and sending."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Mapping, Sequence
from dataclasses import replace
from email.message import EmailMessage
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from smtp_double import Certificate, free_port, smtp_server

from reprint import api
from reprint.cli import main
from reprint.model import (
    CreditFinding,
    CreditStatus,
    Extent,
    Format,
    Location,
    Passage,
    Publication,
    Report,
    ReuseFinding,
    Verdict,
)
from reprint.notice import NO_RECIPIENT_NOTE
from reprint.work import Work

GOLDENS = Path(__file__).resolve().parent.parent / "goldens" / "notify"
# The options that reproduce tests/goldens/notify/entire-web.toml.
ENTIRE_WEB = [
    "--publication", "East Asia Forum",
    "--url", "https://www.eastasiaforum.org/2024/05/01/japan-the-us-alliance-and-asia/",
    "--date", "2024-05-01",
    "--extent", "entire",
    "--credit", "Rikki Kersten, “Japan, the US Alliance and Asia”, ANU–MASI Policy "
    "Background Paper No. 1 (1 August 2011). Republished with the permission of the "
    "author, the Department of International Relations (ANU) and the MacArthur "
    "Foundation.",
    "--from", "Zoë Ångström <zoe@example.org>",
]  # fmt: skip
MINIMAL = [
    "--publication", "East Asia Forum",
    "--date", "2024-05-01",
    "--extent", "entire",
    "--from", "Zoë Ångström <zoe@example.org>",
]  # fmt: skip
CLEAN_ENV: Mapping[str, str | None] = {
    "REPRINT_EDITOR_EMAIL": None,
    "REPRINT_SMTP_PASSWORD": None,
}


def run(
    args: Sequence[str],
    env: Mapping[str, str | None] | None = None,
    stdin: str | None = None,
) -> Result:
    return CliRunner().invoke(
        main, ["notify", *args], env={**CLEAN_ENV, **(env or {})}, input=stdin
    )


def to_line(result: Result) -> str:
    return result.stdout.splitlines()[1]


def parse_eml(path: Path) -> EmailMessage:
    parsed = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def test_text_draft_on_stdout_matches_the_golden() -> None:
    result = run([*ENTIRE_WEB, "--to", "editor@example.org"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (GOLDENS / "entire-web.txt").read_text("utf-8")


def test_html_draft_on_stdout_matches_the_golden() -> None:
    result = run([*ENTIRE_WEB, "--to", "editor@example.org", "--format", "html"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (GOLDENS / "entire-web.html").read_text("utf-8")


def test_draft_without_recipient_says_so_in_the_text() -> None:
    result = run(MINIMAL)
    assert result.exit_code == 0
    assert to_line(result) == f"To: ({NO_RECIPIENT_NOTE})"


def test_mailto_link_omits_a_missing_recipient_and_notes_it() -> None:
    result = run([*MINIMAL, "--format", "mailto"])
    assert result.exit_code == 0
    assert result.stdout.startswith("mailto:?subject=Republication%20of%20")
    assert result.stdout.count("\n") == 1
    assert result.stderr == f"note: {NO_RECIPIENT_NOTE}\n"


def test_mailto_link_carries_the_recipient() -> None:
    result = run([*MINIMAL, "--format", "mailto", "--to", "ed@example.org"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith("mailto:ed@example.org?subject=")


# --- missing and invalid values --------------------------------------------------


def test_missing_fields_without_a_terminal_exit_2_naming_them() -> None:
    result = run(["--extent", "entire", "--from", "zoe@example.org"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "error: missing --publication, --date; "
        "give them, or pre-fill them with --from-check\n"
    )


def test_missing_fields_are_asked_for_at_a_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("reprint.cli.notify._stdin_is_terminal", lambda: True)
    answers = "East Asia Forum\n2024-02-30\n2024-05-01\npart\nSummary; Asia\n"
    result = run(["--from", "zoe@example.org"], stdin=answers)
    assert result.exit_code == 0, result.stderr
    prompts, _, draft = result.stdout.partition("From: zoe@example.org\n")
    assert prompts == (
        "Publication (newspaper, site, blog): East Asia Forum\n"
        "Date of republication (YYYY-MM-DD): 2024-02-30\n"
        "Error: the date '2024-02-30' is not a real day "
        "(day is out of range for month)\n"
        "Date of republication (YYYY-MM-DD): 2024-05-01\n"
        "Extent (entire, part): part\n"
        "Which parts (separated by ';', blank if unsure): Summary; Asia\n"
    )
    assert "Date of republication: 1 May 2024\n" in draft
    assert "Extent:         part of the paper: Summary; Asia\n" in draft


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "2024-02-30"],
         "--date '2024-02-30' is not a real day (day is out of range for month)"),
        (["--date", "1 May 2024"],
         "--date '1 May 2024' is not a date in the form YYYY-MM-DD"),
        (["--from", "Zoë <zoe@example.org>\r\nBcc: x@evil.example"],
         "--from: the value 'Zoë <zoe@example.org>\\r\\nBcc: x@evil.example' contains "
         "a control character (U+000D); header fields must be a single line of text"),
        (["--to", "ed@example.org\nBcc: x@evil.example"],
         "--to: the value 'ed@example.org\\nBcc: x@evil.example' contains a control "
         "character (U+000A); header fields must be a single line of text"),
        (["--publication", "Forum\r\nBcc: x@evil.example"],
         "--publication contains a control character (U+000D); header fields must be "
         "a single line of text"),
        (["--url", "javascript:alert(1)"],
         "--url 'javascript:alert(1)' is not an http(s) URL with a host"),
        (["--to", "editor"],
         "--to: 'editor' is not an e-mail address (expected local@domain)"),
    ],
    ids=["not-a-day", "long-date", "from-crlf", "to-lf", "publication-crlf",
         "javascript-url", "to-no-domain"],
)  # fmt: skip
def test_invalid_values_exit_2_with_one_line(args: list[str], message: str) -> None:
    result = run([*MINIMAL, *args])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"error: {message}\n"


def test_missing_template_folder_exits_2(tmp_path: Path) -> None:
    result = run([*MINIMAL, "--template", str(tmp_path / "none")])
    assert (result.exit_code, result.stdout) == (2, "")
    assert (
        result.stderr
        == f"error: template folder '{tmp_path / 'none'}' does not exist\n"
    )


# --- where the editor's address comes from ---------------------------------------


def test_recipient_from_environment(tmp_path: Path) -> None:
    result = run(MINIMAL, env={"REPRINT_EDITOR_EMAIL": "env@example.org"})
    assert to_line(result) == "To: David Envall <env@example.org>"


def test_config_file_recipient_wins_over_environment(tmp_path: Path) -> None:
    config = tmp_path / "reprint.toml"
    config.write_text('[notify]\nto = "Dr D. Envall <cfg@example.org>"\n', "utf-8")
    result = run(
        [*MINIMAL, "--config", str(config)],
        env={"REPRINT_EDITOR_EMAIL": "env@example.org"},
    )
    assert to_line(result) == 'To: "Dr D. Envall" <cfg@example.org>'


def test_to_option_wins_over_config_and_environment(tmp_path: Path) -> None:
    config = tmp_path / "reprint.toml"
    config.write_text('[notify]\nto = "cfg@example.org"\n', "utf-8")
    result = run(
        [*MINIMAL, "--config", str(config), "--to", "opt@example.org"],
        env={"REPRINT_EDITOR_EMAIL": "env@example.org"},
    )
    assert to_line(result) == "To: David Envall <opt@example.org>"


@pytest.mark.parametrize(
    ("content", "complaint"),
    [
        (
            '[notify]\nt0 = "x@example.org"\n',
            "unknown key 't0' in [notify] (known: to)",
        ),
        ("[notify]\nto = 3\n", "[notify] to must be a string"),
        ("[notify\n", "is not valid TOML"),
        ('[notify]\nto = "nobody"\n', "'nobody' is not an e-mail address"),
    ],
    ids=["unknown-key", "not-a-string", "bad-toml", "bad-address"],
)
def test_bad_config_exits_2(tmp_path: Path, content: str, complaint: str) -> None:
    config = tmp_path / "reprint.toml"
    config.write_text(content, "utf-8")
    result = run([*MINIMAL, "--config", str(config)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert complaint in result.stderr
    assert result.stderr.count("\n") == 1


# --- files and sending ---------------------------------------------------------------


def test_out_writes_an_eml_without_to_and_notes_it(tmp_path: Path) -> None:
    out = tmp_path / "notice.eml"
    result = run([*MINIMAL, "--out", str(out)])
    assert (result.exit_code, result.stdout) == (0, f"wrote {out}\n")
    assert result.stderr == f"note: {NO_RECIPIENT_NOTE}\n"
    parsed = parse_eml(out)
    assert parsed["To"] is None
    assert parsed["X-Reprint-Note"] == NO_RECIPIENT_NOTE
    assert parsed["From"] == "Zoë Ångström <zoe@example.org>"
    assert parsed.get_content_type() == "multipart/alternative"


def test_send_without_recipient_is_refused_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    out = tmp_path / "notice.eml"
    result = run([*MINIMAL, "--send", "--smtp-host", "127.0.0.1", "--out", str(out)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "error: --send needs the editor's address: give --to, [notify] to in --config, "
        "or REPRINT_EDITOR_EMAIL\n"
    )
    assert not out.exists()


def test_smtp_user_needs_the_password_variable() -> None:
    args = ["--to", "ed@example.org", "--send", "--smtp-host", "127.0.0.1"]
    result = run([*MINIMAL, *args, "--smtp-user", "zoe"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert (
        result.stderr
        == "error: --smtp-user needs the password in REPRINT_SMTP_PASSWORD\n"
    )


def test_failed_send_exits_2_and_keeps_the_eml(tmp_path: Path) -> None:
    out = tmp_path / "notice.eml"
    port = free_port()  # nothing listens on it
    result = run(
        [*MINIMAL, "--to", "ed@example.org", "--out", str(out), "--send",
         "--smtp-host", "127.0.0.1", "--smtp-port", str(port),
         "--smtp-security", "none"]
    )  # fmt: skip
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"error: cannot send via 127.0.0.1:{port}: Connection refused; "
        f"the message is saved in '{out}'\n"
    )
    assert parse_eml(out)["To"] == "David Envall <ed@example.org>"


def test_send_delivers_to_the_smtp_server() -> None:
    with smtp_server() as (inbox, port):
        result = run(
            [*MINIMAL, "--send", "--smtp-host", "127.0.0.1", "--smtp-port", str(port),
             "--smtp-security", "none"],
            env={"REPRINT_EDITOR_EMAIL": "ed@example.org"},
        )  # fmt: skip
    assert (result.exit_code, result.stderr) == (0, "")
    assert (
        result.stdout == f"sent to David Envall <ed@example.org> via 127.0.0.1:{port}\n"
    )
    [(mail_from, rcpt_tos, raw)] = inbox.received
    assert (mail_from, rcpt_tos) == ("zoe@example.org", ["ed@example.org"])
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert parsed["Subject"].endswith(" in East Asia Forum")


# --- pre-filling from a check -----------------------------------------------------


def test_from_check_of_unreadable_file_exits_2(tmp_path: Path) -> None:
    missing = tmp_path / "gone.html"
    result = run(["--from-check", str(missing), "--from", "zoe@example.org"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("error: --from-check: ")
    assert str(missing) in result.stderr
    assert result.stderr.count("\n") == 1


def checked_report(file: str) -> Report:
    passage = Passage(
        words=200,
        doc_start=Location(paragraph=3),
        doc_end=Location(paragraph=9),
        paragraphs=(1, 6),
        sections=("Summary", "Asia"),
        excerpt="The alliance",
    )
    return Report(
        file=file,
        format=Format.HTML,
        verdict=Verdict.COMPLIANT,
        reprint=ReuseFinding(extent=Extent.PART, coverage=0.3, passages=(passage,)),
        credits=(
            CreditFinding(
                "author", "the author", CreditStatus.PRESENT, "Rikki Kersten"
            ),
        ),
        publication=Publication(
            title="Japan and Asia",
            site_name="East Asia Forum",
            url="https://www.eastasiaforum.org/japan",
            published="2024-05-01T08:00:00+10:00",
        ),
    )


def test_from_check_prefills_and_options_override(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # api.check reads the file (the IO edge); its report is what this test is about.
    calls: list[Path] = []

    def fake_check(source: Path, *, work: Work | None = None) -> Report:
        calls.append(source)
        return checked_report(str(source))

    monkeypatch.setattr(api, "check", fake_check)
    page = tmp_path / "page.html"
    result = run(
        ["--from-check", str(page), "--publication", "EAF", "--from", "zoe@example.org"]
    )
    assert (result.exit_code, result.stderr, calls) == (0, "", [page])
    lines = result.stdout.splitlines()
    assert "Republished in: EAF" in lines
    assert "Online at:      https://www.eastasiaforum.org/japan" in lines
    assert "Date of republication: 1 May 2024" in lines
    assert "Extent:         part of the paper: 200 words (30 % of its text)" in lines
    assert "                paragraphs 1–6" in lines
    assert "  Rikki Kersten" in lines


def test_from_check_of_a_non_compliant_copy_exits_1_naming_the_missing_credits(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def fake_check(source: Path, *, work: Work | None = None) -> Report:
        found = checked_report(str(source))
        missing = CreditFinding(
            "macarthur", "the MacArthur Foundation", CreditStatus.MISSING
        )
        return replace(
            found,
            verdict=Verdict.NON_COMPLIANT,
            credits=(*found.credits, missing),
        )

    monkeypatch.setattr(api, "check", fake_check)
    page = tmp_path / "page.html"
    result = run(["--from-check", str(page), "--from", "zoe@example.org"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith("error: --from-check: ")
    assert "the MacArthur Foundation missing" in result.stderr
    assert "Rikki Kersten" not in result.stderr


def test_from_check_of_a_real_page_fills_the_notice_end_to_end(tmp_path: Path) -> None:
    page = Path(__file__).resolve().parents[2] / "fixtures" / "sample" / "reprint.html"
    out = tmp_path / "notice.eml"
    result = run(
        [
            "--from-check",
            str(page),
            "--from",
            "Ana Editor <ana@pacificledger.example>",
            "--to",
            "David Envall <editor@example.org>",
            "--out",
            str(out),
        ]
    )
    assert (result.exit_code, result.stderr) == (0, "")
    message = email.message_from_bytes(out.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    assert message["Subject"] == (
        "Republication of “Japan, the US Alliance and Asia” "
        "(ANU–MASI Policy Background Paper No. 1) in The Pacific Ledger"
    )
    body = message.get_body(("plain",))
    assert body is not None
    text = body.get_content()
    assert (
        "Online at:      "
        "https://pacificledger.example/2011/08/15/japan-the-us-alliance-and-asia/"
    ) in text
    assert "Date of republication: 15 August 2011" in text
    assert "Extent:         the entire paper" in text
    # The credit paragraph as the page prints it, once, not cut into excerpts.
    assert text.count("with the support of the MacArthur Foundation") == 1
    assert "…" not in text.split("Credit as printed:")[1]


def test_send_over_starttls_trusts_the_given_ca_file(certificate: Certificate) -> None:
    with smtp_server(tls_context=certificate.server_context()) as (inbox, port):
        result = run(
            [*MINIMAL, "--to", "ed@example.org", "--send", "--smtp-host", "127.0.0.1",
             "--smtp-port", str(port), "--smtp-ca-file", str(certificate.cert)]
        )  # fmt: skip
    assert (result.exit_code, result.stderr) == (0, "")
    [(mail_from, rcpt_tos, _)] = inbox.received
    assert (mail_from, rcpt_tos) == ("zoe@example.org", ["ed@example.org"])


def test_starttls_without_the_ca_file_is_refused(certificate: Certificate) -> None:
    with smtp_server(tls_context=certificate.server_context()) as (inbox, port):
        result = run(
            [*MINIMAL, "--to", "ed@example.org", "--send", "--smtp-host", "127.0.0.1",
             "--smtp-port", str(port)]
        )  # fmt: skip
    assert result.exit_code == 2
    assert "certificate verify failed" in result.stderr
    assert inbox.received == []


def test_ca_file_that_is_not_a_certificate_is_a_usage_error(tmp_path: Path) -> None:
    bogus = tmp_path / "ca.pem"
    bogus.write_text("not a certificate")
    result = run(
        [*MINIMAL, "--to", "ed@example.org", "--send", "--smtp-host", "127.0.0.1",
         "--smtp-ca-file", str(bogus)]
    )  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: cannot use '{bogus}' as a CA certificate")
