"""The forms of an in-text cite agree with citeproc-js.

tests/goldens/cite/forms/ holds citeproc-js's rendering of each form in forms.json
(made by fixtures/make_cite_goldens.py with citeproc-js's cite-item flags, its
"composite" mode for the narrative form, and earlier cites for the positions).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reprint.cite import CiteFormat, format_citation
from reprint.citeform import AuthorMode, CiteForm, Locator, Position
from reprint.csl import CslStyle
from reprint.errors import UsageError
from reprint.work import Work

FORMS = Path(__file__).parent / "goldens" / "cite" / "forms"
SPECS: dict[str, dict[str, str]] = json.loads((FORMS / "forms.json").read_text())
FORM_GOLDENS = sorted(FORMS.glob("*/*.txt"))
# citeproc-js prints this where a cite renders nothing (an author-only cite in a
# numeric style, MLA's cite without its author and without a locator).
NO_PRINTED_FORM = "[NO_PRINTED_FORM]"


def _form(spec: dict[str, str]) -> CiteForm:
    locator = spec.get("locator")
    return CiteForm(
        mode=AuthorMode(spec.get("mode", "normal")),
        locator=None if locator is None else Locator.from_string(locator),
        prefix=spec.get("prefix", ""),
        suffix=spec.get("suffix", ""),
        position=Position(spec.get("position", "first")),
    )


def test_every_style_has_every_form_in_text_and_html() -> None:
    styles = {p.name for p in FORMS.iterdir() if p.is_dir()}
    assert len(styles) == 10
    expected = {
        f"{style}/{name}.{fmt}.txt"
        for style in styles
        for name in SPECS
        for fmt in ("text", "html")
    }
    assert {f"{p.parent.name}/{p.name}" for p in FORM_GOLDENS} == expected


@pytest.mark.parametrize(
    "path", FORM_GOLDENS, ids=[f"{p.parent.name}/{p.stem}" for p in FORM_GOLDENS]
)
def test_form_matches_citeproc_js(path: Path, work: Work) -> None:
    name, fmt, _ = path.name.split(".")
    style = CslStyle.from_id(path.parent.name)
    form = _form(SPECS[name])
    golden = path.read_text("utf-8").removesuffix("\n")
    is_note = style.root.get("class") == "note"
    # citeproc-js gives a note style's author-only cite stray pieces of the note
    # ("Rikki Kersten, no."): reprint refuses the two forms there instead.
    refused = NO_PRINTED_FORM in golden or (
        is_note and form.mode in (AuthorMode.NARRATIVE, AuthorMode.AUTHOR_ONLY)
    )
    if refused:
        with pytest.raises(UsageError, match="form"):
            format_citation(work, fmt=CiteFormat(fmt), style=style, form=form)
    else:
        assert format_citation(work, fmt=CiteFormat(fmt), style=style, form=form) == (
            golden
        )


def test_refusals_are_few_and_each_has_a_reason() -> None:
    # Only numeric styles lack an author, and only MLA prints nothing but the
    # author (its cite is "(Kersten)"): a refusal anywhere else is a bug.
    refused = {
        f"{p.parent.name}/{p.name.split('.')[0]}"
        for p in FORM_GOLDENS
        if NO_PRINTED_FORM in p.read_text("utf-8")
    }
    assert refused == {
        "ieee/author-only",
        "ieee/narrative",
        "ieee/narrative-locator",
        "nlm-citation-sequence/author-only",
        "nlm-citation-sequence/narrative",
        "nlm-citation-sequence/narrative-locator",
        "modern-language-association/suppress-author",
        "modern-language-association/narrative",
    }
