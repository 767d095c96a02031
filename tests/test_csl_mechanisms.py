"""The correction layer's mechanisms, each on a probe style, as citeproc-js renders
them (tests/test_cite_sample.py checks real styles against citeproc-js itself)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reprint.cite import csl_record
from reprint.csl import CslStyle, render
from reprint.errors import UsageError
from reprint.markup import Markup
from reprint.work import default_work

_STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0"{root}>
  <info><title>Probe</title><id>probe</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  {locale}
  {macros}
  <citation><layout>{layout}</layout></citation>
</style>"""


def _cite(
    layout: str,
    *,
    macros: str = "",
    markup: Markup = Markup.TEXT,
    root: str = "",
    locale: str = "",
) -> str:
    xml = _STYLE.format(layout=layout, macros=macros, root=root, locale=locale)
    style = CslStyle.from_xml(xml.encode(), "probe.csl")
    return render(csl_record(default_work()), style, markup, in_text=True)


def test_text_case_on_a_called_macro_is_left_to_the_macro() -> None:
    # citeproc-py crashed here (60+ styles); citeproc-js cases only the strings
    # an element renders itself.
    macros = (
        '<macro name="who"><names variable="author"><name form="short"/></names>'
        '</macro><macro name="ed"><text term="editor" form="short"/></macro>'
        '<macro name="up"><text variable="title" text-case="uppercase"/></macro>'
    )
    layout = (
        '<group delimiter="|"><text macro="who" text-case="capitalize-first"/>'
        '<text macro="ed" text-case="capitalize-first"/>'
        '<text macro="up" text-case="lowercase"/></group>'
    )
    assert _cite(layout, macros=macros) == "Kersten|ed.|JAPAN, THE US ALLIANCE AND ASIA"


def test_text_case_on_a_number() -> None:
    assert _cite('<text variable="citation-number" text-case="uppercase"/>') == "1"


def test_a_label_needs_its_variable() -> None:
    layout = (
        '<group delimiter=" "><text variable="number"/>'
        '<label variable="page" form="short"/><text variable="page"/></group>'
    )
    assert _cite(layout) == "1"


def test_a_called_macro_whose_variables_are_empty_prints_nothing() -> None:
    macros = (
        '<macro name="translator"><text term="translator" form="verb" suffix=" "/>'
        '<names variable="translator"/></macro>'
    )
    layout = '<text variable="number"/><text macro="translator" prefix=", "/>'
    assert _cite(layout, macros=macros) == "1"


def test_a_group_counts_only_the_variables_its_rendering_reaches() -> None:
    # GB/T 7714's "[R]": a report's code, and a medium only for an online copy.
    reached = (
        '<group prefix="[" suffix="]" delimiter="/"><text value="R"/>'
        '<choose><if variable="URL"><text variable="URL"/></if></choose></group>'
    )
    assert _cite(reached) == "[R]"
    empty = (
        '<group prefix="[" suffix="]"><text value="R"/><text variable="URL"/></group>'
    )
    assert _cite(empty + '<text variable="number"/>') == "1"


def test_citation_label_is_generated_as_citeproc_js_does() -> None:
    assert _cite('<text variable="citation-label" prefix="[" suffix="]"/>') == (
        "[Kers11]"
    )


def test_affixes_are_escaped_in_html() -> None:
    layout = '<text variable="number" prefix="&lt;" suffix="&gt; &amp;"/>'
    assert _cite(layout, markup=Markup.HTML) == "&#60;1&#62; &#38;"
    assert _cite(layout, markup=Markup.MARKDOWN) == r"\<1\> &"


def test_ordinals_come_from_the_language_rendered_in() -> None:
    # A German style's inline locale must not let en-US's "st" win over the
    # de-DE file's "." ("1st August" in brumaire-verlag).
    locale = (
        '<locale xml:lang="de"><terms><term name="open-quote">»</term></terms></locale>'
    )
    layout = (
        '<date variable="issued"><date-part name="day" form="ordinal" suffix=" "/>'
        '<date-part name="month" suffix=" "/><date-part name="year"/></date>'
    )
    got = _cite(layout, root=' default-locale="de-DE"', locale=locale)
    assert got == "1. August 2011"


_BROKEN = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Bad</title><id>bad</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout><date variable="issued" form="bogus"/></layout></citation>
</style>"""


def test_a_style_citeproc_py_fails_on_is_a_one_line_error(tmp_path: Path) -> None:
    style = CslStyle.from_xml(_BROKEN.encode(), "bad.csl")
    with pytest.raises(UsageError, match=r"cannot render style 'bad\.csl'"):
        render(csl_record(default_work()), style, Markup.TEXT, in_text=True)
    path = tmp_path / "bad.csl"
    path.write_text(_BROKEN, "utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "reprint", "cite", "--style", str(path), "--in-text"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("error: cannot render style")
