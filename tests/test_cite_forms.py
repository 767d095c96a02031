"""Locators read as Zotero reads them, affixes spaced as citeproc-js spaces them,
and the forms through the library (tests/test_cite_forms_goldens.py checks them all
against citeproc-js)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reprint import api
from reprint.citeform import (
    LOCATOR_LABELS,
    CiteForm,
    Locator,
)
from reprint.errors import UsageError
from reprint.work import Work


@pytest.mark.parametrize(
    ("text", "label", "value"),
    [
        ("para. 3", "paragraph", "3"),
        ("paras. 3-4", "paragraph", "3-4"),
        ("Paragraph 3", "paragraph", "3"),
        ("¶ 3", "paragraph", "3"),
        ("p. 12", "page", "12"),
        ("pp.12–14", "page", "12–14"),
        ("12", "page", "12"),  # no label: a page, as in CSL and citeproc-js
        ("sec. 2", "section", "2"),
        ("§2", "section", "2"),
        ("chap. 1", "chapter", "1"),
        ("chapter 1", "chapter", "1"),
        ("s.v. alliance", "sub-verbo", "alliance"),
        ("sub verbo alliance", "sub-verbo", "alliance"),
        ("  fig.   4 ", "figure", "4"),
        # "pages" is a word of its own, not "p" and "ages"
        ("pages 3-4", "page", "3-4"),
    ],
)
def test_locator_labels_read_as_the_locales_terms(
    text: str, label: str, value: str
) -> None:
    assert Locator.from_string(text) == Locator(label, value)


@pytest.mark.parametrize("text", ["", "para.", "intro", "foo 3", "   "])
def test_locator_without_a_known_label_and_value_is_refused(text: str) -> None:
    with pytest.raises(UsageError, match="give a CSL label and a value"):
        Locator.from_string(text)


@given(st.text(max_size=40))
def test_locator_parsing_raises_only_usage_errors(text: str) -> None:
    try:
        locator = Locator.from_string(text)
    except UsageError:
        return
    assert locator.label in LOCATOR_LABELS
    assert locator.value
    assert locator.value == locator.value.strip()


@given(st.sampled_from(LOCATOR_LABELS), st.integers(min_value=0, max_value=10**6))
def test_every_csl_label_reads_back(label: str, number: int) -> None:
    assert Locator.from_string(f"{label} {number}") == Locator(label, str(number))


@pytest.mark.parametrize(
    ("prefix", "spaced"),
    [
        ("see", "see "),
        ("see ", "see "),
        ("see  also", "see also "),
        ("cf.", "cf. "),
        ("(", "("),  # an opening bracket takes no space
        ("e.g.,", "e.g., "),
        ("“quoted”", "“quoted” "),
    ],
)
def test_prefix_is_spaced_as_citeproc_js_spaces_it(prefix: str, spaced: str) -> None:
    assert CiteForm(prefix=prefix).spaced_prefix() == spaced


@pytest.mark.parametrize(
    ("suffix", "spaced"),
    [
        ("emphasis added", " emphasis added"),
        (", emphasis added", ", emphasis added"),
        ("(2nd ed.)", " (2nd ed.)"),
        ("3", "3"),
    ],
)
def test_suffix_is_spaced_as_citeproc_js_spaces_it(suffix: str, spaced: str) -> None:
    assert CiteForm(suffix=suffix).spaced_suffix() == spaced


def test_a_form_implies_the_citation(work: Work) -> None:
    narrative = api.cite(style="apa", mode="narrative", work=work)
    assert narrative == "Kersten (2011)"
    assert api.cite(style="apa", locator="para. 3", work=work) == (
        "(Kersten, 2011, para. 3)"
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"mode": "sideways"}, "'sideways' is not one of normal, narrative"),
        ({"position": "last"}, "'last' is not one of first, subsequent, ibid"),
        ({"locator": "foo 3"}, "'foo 3': give a CSL label"),
    ],
    ids=["mode", "position", "locator"],
)
def test_unknown_form_options_are_refused_by_name(
    options: dict[str, str], message: str, work: Work
) -> None:
    with pytest.raises(UsageError, match=message):
        api.cite(
            style="apa",
            work=work,
            mode=options.get("mode", "normal"),
            position=options.get("position", "first"),
            locator=options.get("locator"),
        )


def test_a_form_needs_a_style(work: Work) -> None:
    with pytest.raises(UsageError, match="needs a"):
        api.cite(mode="narrative", work=work)


def test_note_style_refuses_a_narrative_note(work: Work) -> None:
    with pytest.raises(UsageError, match="is a note style"):
        api.cite(style="chicago-notes-bibliography", mode="narrative", work=work)


def test_sub_verbo_locator_keeps_its_term(work: Work) -> None:
    # citeproc-py looked the term up as "sub verbo" and printed no label; CSL 1.0.2
    # and citeproc-js spell it "sub-verbo" ("under" is Chicago's short form).
    assert api.cite(style="apa", locator="s.v. alliance", work=work) == (
        "(Kersten, 2011, Sub verbo alliance)"
    )
    note = api.cite(
        style="chicago-notes-bibliography", locator="s.v. alliance", work=work
    )
    assert note.endswith("2011), under alliance.")
