"""Agreement between the engines: every HTML fixture read statically and in Chromium.

For each page the two engines must give every credit the same status and show
the same set of words, or the page is listed in ``engine_disagreements.tsv``
with the reason. A new disagreement fails, and so does a listed one that has
gone: the table says exactly where the engines part.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from browser_engines import FIXTURES, compare, html_fixtures

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.usefixtures("chromium_session"),
]

TABLE = Path(__file__).with_name("engine_disagreements.tsv")


def _listed() -> dict[str, tuple[set[str], str]]:
    with TABLE.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return {
            row["case"]: (set(row["disagree_on"].split(",")), row["reason"])
            for row in rows
        }


LISTED = _listed()
PAGES = html_fixtures()


def test_every_listed_case_is_a_fixture_with_a_reason() -> None:
    cases = {str(path.relative_to(FIXTURES)) for path in PAGES}
    assert set(LISTED) <= cases
    assert all(reason.strip() for _, reason in LISTED.values())
    # Every fixture family is read: sample, eval, holdout and the field report.
    for family in ("sample/", "eval/", "holdout/", "html/field-report/"):
        assert any(case.startswith(family) for case in cases), family


@pytest.mark.parametrize(
    "path", PAGES, ids=[str(path.relative_to(FIXTURES)) for path in PAGES]
)
def test_the_engines_agree_or_the_case_is_listed(path: Path) -> None:
    case = str(path.relative_to(FIXTURES))
    found = compare(path)
    listed, reason = LISTED.get(case, (set(), ""))
    detail = (
        f"credits static {found.static_credits} chromium {found.chromium_credits}; "
        f"words only static {sorted(found.only_static)[:20]}, "
        f"only chromium {sorted(found.only_chromium)[:20]}"
    )
    assert found.kinds == listed, (
        f"{case}: the engines now disagree on {sorted(found.kinds) or 'nothing'}, "
        f"the table says {sorted(listed) or 'nothing'} ({reason or 'not listed'}); "
        f"{detail}"
    )
