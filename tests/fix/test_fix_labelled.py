"""``reprint.fix`` on every non-compliant document of the labelled sets.

The done-criterion of issue 16: each copy a missing or hidden credit is added to
checks compliant, keeps every word a reader saw in the input, in order, keeps the
hidden credits it had, and is left alone when fixed again; a misattributed copy
is not fixed, and the result names the credit for a person to correct.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from pathlib import Path

import pytest

from reprint import api, fix
from reprint.fix import FixOutcome
from reprint.fix.end import words
from reprint.model import CreditStatus, Verdict

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
KEYS = ("author", "anu_ir", "macarthur")


def _non_compliant() -> list[tuple[Path, dict[str, str]]]:
    cases: list[tuple[Path, dict[str, str]]] = []
    for labelled in ("eval", "holdout"):
        folder = FIXTURES / labelled
        table = tomllib.loads((folder / "labels.toml").read_text("utf-8"))
        cases.extend(
            (folder / row["file"], row)
            for row in table["document"]
            if row["verdict"] == Verdict.NON_COMPLIANT.value
        )
    return cases


CASES = _non_compliant()


def _is_subsequence(short: Sequence[str], long: Sequence[str]) -> bool:
    remaining = iter(long)
    return all(word in remaining for word in short)


def test_the_labelled_sets_hold_non_compliant_documents_of_every_format() -> None:
    suffixes = {path.suffix for path, _ in CASES}
    assert suffixes == {".html", ".docx", ".md", ".pdf"}
    assert len(CASES) == 66
    misattributed = [row for _, row in CASES if "misattributed" in row.values()]
    assert len(misattributed) == 21


@pytest.mark.parametrize(
    ("path", "labels"),
    CASES,
    ids=[f"{p.parent.parent.name}/{p.parent.name}/{p.name}" for p, _ in CASES],
)
def test_fix_adds_a_visible_credit_or_names_the_misattribution(
    path: Path, labels: dict[str, str]
) -> None:
    data = path.read_bytes()
    result = fix(path)
    misattributed = [key for key in KEYS if labels[key] == "misattributed"]
    if misattributed:
        assert result.outcome is FixOutcome.NOT_FIXED
        assert result.data == data
        assert "misattributed" in result.reason
        assert "a person must correct it" in result.reason
        wrong = [
            finding
            for finding in result.report.credits
            if finding.status is CreditStatus.MISATTRIBUTED
        ]
        assert [finding.key for finding in wrong] == misattributed
        assert all(finding.label in result.reason for finding in wrong)
        return
    assert result.outcome is FixOutcome.FIXED, result.reason
    assert result.report.verdict is Verdict.COMPLIANT
    assert path.read_bytes() == data  # the input is never written to
    before = api.extract(data, name=path.name)
    after = api.extract(result.data, name=path.name)
    assert after.format is before.format
    assert _is_subsequence(words(before.text), words(after.text))
    # The credit is the words the input lacked: the copy has them, visibly.
    credit = words(api.credit_line("text"))
    assert _is_subsequence(credit, words(after.text))
    # Hidden credits stay in the file: the fix deletes nothing of the publisher's.
    hidden_before = {block.text for block in before.hidden}
    assert hidden_before <= {block.text for block in after.hidden}
    # Idempotent: the corrected copy is compliant, so fixing it changes nothing.
    again = fix(result.data, name=path.name)
    assert again.outcome is FixOutcome.ALREADY_COMPLIANT
    assert again.data == result.data
