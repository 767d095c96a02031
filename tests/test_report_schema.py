"""The JSON report contract: real ``check`` output validates against the schema."""

from __future__ import annotations

import json
from collections.abc import Callable
from enum import StrEnum
from importlib import resources

import jsonschema
import pytest
from posts import UNRELATED_TEXT, excerpt_markdown, post_html, post_markdown

from reprint import api
from reprint.errors import InputError
from reprint.model import (
    CreditStatus,
    Extent,
    Format,
    ProblemCode,
    Region,
    Verdict,
)
from reprint.render.json import REPORT_SCHEMA_VERSION, render_json
from reprint.work import Work


@pytest.fixture(scope="module")
def schema() -> dict[str, object]:
    # Read from the installed package, as a user of the contract would.
    text = resources.files("reprint").joinpath("schemas/report.schema.json")
    loaded = json.loads(text.read_text("utf-8"))
    assert isinstance(loaded, dict)
    return loaded


@pytest.fixture(scope="module")
def validator(schema: dict[str, object]) -> jsonschema.Draft202012Validator:
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def errors_of(validator: jsonschema.Draft202012Validator, payload: object) -> list[str]:
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator.iter_errors(payload)
    ]


def _hidden_and_misattributed(work: Work) -> bytes:
    credit = (
        "<p>By Rikki Kersten. Courtesy of General Douglas MacArthur.</p>"
        "<p hidden>Department of International Relations, ANU</p>"
    )
    post = post_html(work, is_credited=False)
    return post.replace("</article>", credit + "</article>").encode()


CASES: dict[str, tuple[Callable[[Work], bytes], str, Verdict]] = {
    "compliant-markdown": (
        lambda w: post_markdown(w, is_credited=True).encode(),
        "post.md",
        Verdict.COMPLIANT,
    ),
    "non-compliant-html": (
        lambda w: post_html(w, is_credited=False).encode(),
        "post.html",
        Verdict.NON_COMPLIANT,
    ),
    "hidden-and-misattributed": (
        _hidden_and_misattributed,
        "post.html",
        Verdict.NON_COMPLIANT,
    ),
    "not-a-reprint": (
        lambda w: UNRELATED_TEXT.encode(),
        "council.txt",
        Verdict.NOT_A_REPRINT,
    ),
    "excerpt-not-a-reprint": (
        lambda w: excerpt_markdown(w).encode(),
        "notes.md",
        Verdict.NOT_A_REPRINT,
    ),
    "empty-unverifiable": (lambda w: b"", "empty.md", Verdict.UNVERIFIABLE),
    "binary-unverifiable": (
        lambda w: b"\x00\xff" * 100,
        "post.bin",
        Verdict.UNVERIFIABLE,
    ),
    # A name that promises HTML over Markdown content: a format-mismatch problem.
    "mismatched-suffix": (
        lambda w: post_markdown(w, is_credited=True).encode(),
        "post.html",
        Verdict.COMPLIANT,
    ),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_check_output_validates_against_the_schema(
    case: str, work: Work, validator: jsonschema.Draft202012Validator
) -> None:
    make, name, verdict = CASES[case]
    report = api.check(make(work), name=name, work=work)
    assert report.verdict is verdict
    payload = json.loads(render_json([report]))
    assert errors_of(validator, payload) == []


def test_several_reports_validate_together(
    work: Work, validator: jsonschema.Draft202012Validator
) -> None:
    reports = [
        api.check(make(work), name=name, work=work) for make, name, _ in CASES.values()
    ]
    payload = json.loads(render_json(reports))
    assert len(payload["reports"]) == len(CASES)
    assert errors_of(validator, payload) == []


DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "complaint"),
    [
        (("score",), 1, "Additional properties are not allowed"),
        (("verdict",), "ok", "'ok' is not one of"),
        (("reprint", "coverage"), 1.5, "greater than the maximum"),
        (("credit_line",), DELETE, "'credit_line' is a required property"),
        (("credits", "author", "status"), "maybe", "'maybe' is not one of"),
    ],
    ids=["new-field", "unknown-verdict", "coverage-over-1", "missing-field", "status"],
)
def test_schema_rejects_drift(
    work: Work,
    validator: jsonschema.Draft202012Validator,
    path: tuple[str, ...],
    value: object,
    complaint: str,
) -> None:
    report = api.check(post_html(work, is_credited=False).encode(), name="p.html")
    payload = json.loads(render_json([report]))
    assert errors_of(validator, payload) == []
    node = payload["reports"][0]
    for step in path[:-1]:
        node = node[step]
    if value is DELETE:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    errors = errors_of(validator, payload)
    assert len(errors) == 1
    assert complaint in errors[0]


def _enum_at(schema: dict[str, object], *path: str) -> set[object]:
    node: object = schema
    for step in path:
        assert isinstance(node, dict)
        node = node[step]
    assert isinstance(node, dict)
    values = node["enum"]
    assert isinstance(values, list)
    return set(values)


def _values(enum: type[StrEnum]) -> set[object]:
    return {member.value for member in enum}


def _input_error_codes(cls: type[InputError] = InputError) -> set[object]:
    codes: set[object] = {cls.code}
    for subclass in cls.__subclasses__():
        codes |= _input_error_codes(subclass)
    return codes


def test_schema_enums_match_the_model(schema: dict[str, object]) -> None:
    defs = ("$defs",)
    report = (*defs, "report", "properties")
    assert _enum_at(schema, *report, "format") == _values(Format) | {None}
    assert _enum_at(schema, *report, "verdict") == _values(Verdict)
    assert _enum_at(schema, *defs, "reuse", "properties", "extent") == _values(Extent)
    credit = (*defs, "credit", "properties", "status")
    assert _enum_at(schema, *credit) == _values(CreditStatus)
    region = (*defs, "location", "properties", "region")
    assert _enum_at(schema, *region) == _values(Region)
    # A problem is a reading condition, or the code of the error that stopped the
    # read (``check`` turns every InputError into an unverifiable report).
    code = (*defs, "problem", "properties", "code")
    assert _enum_at(schema, *code) == _values(ProblemCode) | _input_error_codes()


def test_schema_version_is_the_rendered_version(schema: dict[str, object]) -> None:
    properties = schema["properties"]
    assert isinstance(properties, dict)
    assert properties["version"] == {
        "description": "The contract version this schema describes.",
        "const": REPORT_SCHEMA_VERSION,
    }
