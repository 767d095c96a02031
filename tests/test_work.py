"""The work file: parsing, validation, and the embedded default paper."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from reprint.errors import WorkError
from reprint.work import DEFAULT_WORK_FILE, Work, default_work

GOLDENS = Path(__file__).parent / "goldens"
WORK_TOML = Path(__file__).parents[1] / "src" / "reprint" / "works" / DEFAULT_WORK_FILE
CITE_AS = (
    'Kersten, Rikki (2011) "Japan, the US Alliance and Asia," '
    "ANU–MASI Policy Background Paper, No. 1, 1 August."
)


def test_embedded_work_produces_the_canonical_csl_record() -> None:
    record = json.loads((GOLDENS / "work.csl.json").read_text("utf-8"))[0]
    assert default_work().to_csl_json() == record


def test_embedded_work_keeps_the_cite_as_line_exactly() -> None:
    assert default_work().cite_as == CITE_AS


def test_editor_has_no_invented_address() -> None:
    editor = default_work().editor
    assert editor.name == "David Envall"
    assert editor.email == ""
    assert editor.affiliation[-1] == "The Australian National University"


def test_body_is_the_summary_and_main_text_only() -> None:
    work = default_work()
    texts = [p.text for p in work.paragraphs]
    assert texts[0].startswith("Japan's security policy has undergone a remarkable")
    assert texts[-1].endswith("irrational challenges to the US-Japan alliance.")
    body = " ".join(texts)
    # The bio, the permission notice and the editor block are not the paper.
    for not_body in ("Wollongong", "Permission is freely given", "David Envall"):
        assert not_body not in body
    assert [p.number for p in work.paragraphs] == list(range(1, len(texts) + 1))
    assert work.paragraphs[0].section == "Summary"


def test_credit_rules_cover_the_three_required_parties() -> None:
    keys = [rule.key for rule in default_work().credits]
    assert keys == ["author", "anu_ir", "macarthur"]


def test_embedded_work_compiles_every_pattern_and_is_read_the_same() -> None:
    # The package reads its own work without compiling every pattern each run;
    # this is where they are compiled (a bad one raises WorkError here).
    checked = Work.from_toml(WORK_TOML.read_text("utf-8"), DEFAULT_WORK_FILE)
    assert checked == default_work()


def test_aliases_are_expanded_in_patterns() -> None:
    rule = default_work().credits[1]
    assert not any(re.search(r"\{[A-Z]", pattern) for pattern in rule.accepted)
    assert re.search(rule.accepted[0], "department of international relations (anu)")


def _edited(old: str, new: str) -> str:
    text = WORK_TOML.read_text("utf-8")
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("schema = 1", "schema = 2", "schema 2 is not supported"),
        ('title = "Japan, the US Alliance and Asia"\n', "", "missing 'title'"),
        ("issued = 2011-08-01", 'issued = "1 August"', "'issued' must be a date"),
        ("{DIR}{GAP}{ANU}", "{NOPE}", "unknown alias {NOPE}"),
        ("(?<!douglas )(?<!general )", "(unclosed", "bad pattern"),
    ],
    ids=["schema", "missing-title", "bad-date", "unknown-alias", "bad-regex"],
)
def test_malformed_work_file_is_refused_with_the_cause(
    old: str, new: str, message: str
) -> None:
    with pytest.raises(WorkError, match=re.escape(message)):
        Work.from_toml(_edited(old, new), "w.toml")


def test_work_file_that_is_not_toml_is_refused() -> None:
    with pytest.raises(WorkError, match=r"w\.toml is not valid TOML"):
        Work.from_toml("[work\n", "w.toml")


def test_another_work_can_be_described_without_code() -> None:
    text = _edited('id = "kersten2011"', 'id = "other2012"')
    text = text.replace('number = "1"', 'number = "2"', 1)
    other = Work.from_toml(text, "other.toml")
    assert other.id == "other2012"
    assert other.to_csl_json()["number"] == "2"


def test_printed_title_quotes_the_paper_and_the_record_keeps_sentence_case() -> None:
    work = default_work()
    assert work.title == "Japan, the US Alliance and Asia"
    assert work.to_csl_json()["title"] == "Japan, the US alliance and Asia"
    assert "“Japan, the US Alliance and Asia”" in work.credit_line
