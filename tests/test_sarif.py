"""``reprint check --format sarif`` against the official SARIF 2.1.0 schema."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from posts import post_html, post_markdown

from reprint.cli import main
from reprint.work import Work

SARIF_SCHEMA = Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json"

# RFC 3986, appendix A: the characters a URI reference may contain (percent-escapes
# included). jsonschema checks "uri" formats only with an optional package; this
# stricter-than-nothing check catches the usual mistake, a raw space or non-ASCII
# letter from a file name.
_URI_REFERENCE = re.compile(
    r"(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*"
)
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:" + _URI_REFERENCE.pattern)

_FORMATS = jsonschema.FormatChecker()


@_FORMATS.checks("uri-reference")
def _is_uri_reference(value: object) -> bool:
    return not isinstance(value, str) or _URI_REFERENCE.fullmatch(value) is not None


@_FORMATS.checks("uri")
def _is_uri(value: object) -> bool:
    return not isinstance(value, str) or _URI.fullmatch(value) is not None


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft4Validator:
    schema = json.loads(SARIF_SCHEMA.read_text("utf-8"))
    assert schema["id"].endswith("/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema, format_checker=_FORMATS)


def sarif_of(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    files: dict[str, bytes],
    validator: jsonschema.Draft4Validator,
) -> tuple[dict[str, object], int]:
    """Run the CLI on files in tmp_path; the log (validated) and the exit code."""
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        main, ["check", "--format", "sarif", "--jobs", "1", *files]
    )
    log = json.loads(result.stdout)
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(log)
    ]
    assert errors == []
    assert isinstance(log, dict)
    return log, result.exit_code


def dig(value: object, *path: str | int) -> object:
    """The JSON value at ``path``; fails the test if the shape is not there."""
    for step in path:
        if isinstance(step, int):
            assert isinstance(value, list)
            value = value[step]
        else:
            assert isinstance(value, dict)
            value = value[step]
    return value


def results_of(log: dict[str, object]) -> list[object]:
    runs = dig(log, "runs")
    assert isinstance(runs, list)
    assert len(runs) == 1
    results = dig(runs, 0, "results")
    rules = dig(runs, 0, "tool", "driver", "rules")
    assert isinstance(results, list)
    assert isinstance(rules, list)
    rule_ids = {dig(rule, "id") for rule in rules}
    assert {dig(result, "ruleId") for result in results} <= rule_ids
    return results


def test_compliant_post_is_a_valid_log_without_results(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    validator: jsonschema.Draft4Validator,
    work: Work,
) -> None:
    post = post_markdown(work, is_credited=True).encode()
    log, exit_code = sarif_of(tmp_path, monkeypatch, {"post.md": post}, validator)
    assert exit_code == 0
    assert dig(log, "version") == "2.1.0"
    assert results_of(log) == []


def test_uncredited_post_has_one_missing_result_per_credit(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    validator: jsonschema.Draft4Validator,
    work: Work,
) -> None:
    post = post_html(work, is_credited=False).encode()
    log, exit_code = sarif_of(tmp_path, monkeypatch, {"post.html": post}, validator)
    assert exit_code == 1
    results = results_of(log)
    assert [(dig(r, "ruleId"), dig(r, "properties", "credit")) for r in results] == [
        ("credit-missing", rule.key) for rule in work.credits
    ]
    for result in results:
        assert dig(result, "level") == "error"
        assert work.credit_line in str(dig(result, "message", "text"))


def test_misattributed_and_hidden_credits_get_their_own_rules(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    validator: jsonschema.Draft4Validator,
    work: Work,
) -> None:
    # The author is credited visibly; the Department only in hidden markup; the
    # foundation is confused with the general.
    credit = (
        "<p>By Rikki Kersten. Courtesy of General Douglas MacArthur.</p>"
        "<p hidden>Department of International Relations, "
        "The Australian National University</p>"
    )
    post = post_html(work, is_credited=False).replace(
        "</article>", credit + "</article>"
    )
    log, exit_code = sarif_of(
        tmp_path, monkeypatch, {"post.html": post.encode()}, validator
    )
    assert exit_code == 1
    found = {dig(r, "properties", "credit"): dig(r, "ruleId") for r in results_of(log)}
    assert found == {"anu_ir": "credit-hidden", "macarthur": "credit-misattributed"}


def test_unreadable_file_is_one_unverifiable_result(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    validator: jsonschema.Draft4Validator,
) -> None:
    log, exit_code = sarif_of(tmp_path, monkeypatch, {"empty.md": b""}, validator)
    assert exit_code == 2
    results = results_of(log)
    assert [dig(r, "ruleId") for r in results] == ["unverifiable"]
    assert "the file is empty" in str(dig(results, 0, "message", "text"))


def test_several_files_and_a_name_with_spaces_stay_valid(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    validator: jsonschema.Draft4Validator,
    work: Work,
) -> None:
    files = {
        "credited post.md": post_markdown(work, is_credited=True).encode(),
        "résumé draft.html": post_html(work, is_credited=False).encode(),
        "empty.md": b"",
    }
    log, exit_code = sarif_of(tmp_path, monkeypatch, files, validator)
    assert exit_code == 2  # the worst verdict wins
    artifacts = dig(log, "runs", 0, "artifacts")
    assert isinstance(artifacts, list)
    uris = [dig(a, "location", "uri") for a in artifacts]
    assert uris == ["credited%20post.md", "r%C3%A9sum%C3%A9%20draft.html", "empty.md"]
    located = {
        dig(r, "locations", 0, "physicalLocation", "artifactLocation", "uri")
        for r in results_of(log)
    }
    assert located == {"r%C3%A9sum%C3%A9%20draft.html", "empty.md"}


def test_absolute_path_becomes_a_file_uri(
    tmp_path: Path, validator: jsonschema.Draft4Validator, work: Work
) -> None:
    post = tmp_path / "my post.md"
    post.write_text(post_markdown(work, is_credited=False), "utf-8")
    result = CliRunner().invoke(main, ["check", "--format", "sarif", str(post)])
    log = json.loads(result.stdout)
    validator.validate(log)
    uri = str(dig(log, "runs", 0, "artifacts", 0, "location", "uri"))
    assert uri == post.as_uri()
    assert uri.startswith("file:///")
    assert uri.endswith("/my%20post.md")
