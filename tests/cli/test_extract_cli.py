"""``reprint extract`` through the CLI: text, JSON, hidden text, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from reprint.cli import main

SAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "sample"
PAGE = str(SAMPLE / "uncredited-reprint.html")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_text_output_lists_visible_blocks_with_locations() -> None:
    code, out, err = run("extract", PAGE)
    assert (code, err) == (0, "")
    assert out.startswith("[header, paragraph 1, ")
    assert "\nBy Rikki Kersten\n" in out
    assert "MacArthur" not in out  # hidden by a display:none rule
    assert "[hidden:" not in out


def test_show_hidden_adds_hidden_text_with_its_reason() -> None:
    _, out, _ = run("extract", "--show-hidden", PAGE)
    assert (
        "[hidden: display-none; body, p.reprint-credit]\n"
        "Republished with the support of the MacArthur Foundation.\n"
    ) in out


def test_json_output_is_the_document() -> None:
    code, out, _ = run("extract", "--format", "json", "--show-hidden", PAGE)
    document = json.loads(out)
    assert code == 0
    assert document["format"] == "html"
    assert document["publication"]["site_name"] == "The Pacific Ledger"
    assert document["publication"]["published"] == "2011-08-15T06:00:00+10:00"
    reasons = {block["reason"] for block in document["hidden"]}
    assert {"display-none", "script", "style", "metadata"} <= reasons
    first = document["blocks"][0]
    assert first["location"]["region"] == "header"


def test_json_without_show_hidden_leaves_hidden_text_out() -> None:
    _, out, _ = run("extract", "--format", "json", PAGE)
    assert "hidden" not in json.loads(out)


def test_mismatched_suffix_is_reported_and_read_by_content(tmp_path: Path) -> None:
    misnamed = tmp_path / "post.docx"
    misnamed.write_bytes((SAMPLE / "reprint.html").read_bytes())
    code, out, err = run("extract", str(misnamed))
    assert code == 0
    assert err == (
        f"warning: {misnamed}: the name says DOCX but the content is HTML; "
        "read as HTML\n"
    )
    assert "By Rikki Kersten" in out


def test_unreadable_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    zipped = tmp_path / "notes.docx"
    zipped.write_bytes(b"PK\x03\x04" + b"\0" * 40)
    code, out, err = run("extract", str(zipped))
    assert (code, out) == (2, "")
    assert err.startswith(f"error: cannot read '{zipped}': ")
    assert err.count("\n") == 1


def test_errors_name_the_option_to_change(tmp_path: Path) -> None:
    encrypted = SAMPLE.parent / "pdf" / "encrypted-user-password.pdf"
    code, out, err = run("extract", str(encrypted))
    assert (code, out) == (2, "")
    assert err == (
        f"error: cannot read '{encrypted}': the PDF is encrypted; give its password "
        "(--password)\n"
    )
    page = tmp_path / "page.html"
    page.write_bytes(b"<p>" + b"x" * 2 * 1_048_576)
    code, out, err = run("extract", "--max-bytes", "1048576", str(page))
    assert (code, out) == (2, "")
    assert err == (
        f"error: cannot read '{page}': the file is 2.0 MiB, over the 1 MiB limit "
        "(--max-bytes)\n"
    )


@pytest.mark.parametrize("command", ["extract", "check"])
def test_the_pdf_password_can_come_from_the_environment(command: str) -> None:
    # The reliability report: given as --password, it shows in the process list.
    encrypted = str(SAMPLE.parent / "pdf" / "encrypted-user-password.pdf")
    runner = CliRunner()
    given = runner.invoke(main, [command, "--password", "reader-secret", encrypted])
    assert given.exit_code in (0, 1), given.stderr
    from_env = runner.invoke(
        main, [command, encrypted], env={"REPRINT_PDF_PASSWORD": "reader-secret"}
    )
    assert (from_env.exit_code, from_env.stdout) == (given.exit_code, given.stdout)
    # Without it, the file cannot be read.
    assert runner.invoke(main, [command, encrypted]).exit_code == 2
