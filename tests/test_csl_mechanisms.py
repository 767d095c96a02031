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
  <citation><layout>{layout}</layout></citation>{bibliography}
</style>"""


def _cite(
    layout: str,
    *,
    macros: str = "",
    markup: Markup = Markup.TEXT,
    root: str = "",
    locale: str = "",
) -> str:
    xml = _STYLE.format(
        layout=layout, macros=macros, root=root, locale=locale, bibliography=""
    )
    style = CslStyle.from_xml(xml.encode(), "probe.csl")
    return render(csl_record(default_work()), style, markup, in_text=True)


def _entry(layout: str, markup: Markup = Markup.TEXT, attributes: str = "") -> str:
    bibliography = f"<bibliography{attributes}><layout>{layout}</layout></bibliography>"
    xml = _STYLE.format(
        layout='<text value="x"/>',
        macros="",
        root="",
        locale="",
        bibliography=bibliography,
    )
    style = CslStyle.from_xml(xml.encode(), "probe.csl")
    return render(csl_record(default_work()), style, markup, in_text=False)


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


# The expected strings below are citeproc-js 2.4.63's for the same probe layouts.


def test_punctuation_after_a_field_is_merged_through_its_markup() -> None:
    # citeproc-py compared the "." with the closing tag ("Kersten, R.</span>.").
    names = (
        '<names variable="author" font-variant="small-caps" suffix=".">'
        '<name initialize-with=". " name-as-sort-order="all"/></names>'
    )
    assert _cite(names, markup=Markup.HTML) == (
        '<span style="font-variant:small-caps;">Kersten, R.</span>'
    )
    assert _cite(names, markup=Markup.MARKDOWN) == (
        '<span style="font-variant:small-caps;">Kersten, R.</span>'
    )
    # A semicolon absorbs a period after it (";." in MDPI's entries).
    assert _cite('<text value="Tokyo;" suffix="."/>') == "Tokyo;"
    # An escaped ">" ends in ";" in HTML; it is not a semicolon.
    angled = '<text variable="title" prefix="&lt;" suffix="&gt;"/><text value="."/>'
    assert _cite(angled, markup=Markup.HTML) == (
        "&#60;Japan, the US alliance and Asia&#62;."
    )


def test_a_doubled_space_survives_html_and_markdown() -> None:
    layout = '<group delimiter=",  "><text variable="number"/><text value="a"/></group>'
    assert _cite(layout) == "1,  a"
    assert _cite(layout, markup=Markup.HTML) == "1,\u00a0 a"
    assert _cite(layout, markup=Markup.MARKDOWN) == "1,\u00a0 a"


def test_displayed_fields_are_drawn_as_citeproc_js_draws_them() -> None:
    layout = (
        '<group display="block"><names variable="author"/></group>'
        '<text variable="citation-number" display="left-margin" prefix=" "/>'
        '<group display="right-inline" suffix=" "><text variable="title"/></group>'
    )
    assert _entry(layout) == "Rikki Kersten 1 Japan, the US alliance and Asia"
    assert _entry(layout, Markup.HTML) == (
        '<div class="csl-entry">\n\n    <div class="csl-block">Rikki Kersten</div>\n'
        '\n    <div class="csl-left-margin"> 1</div><div class="csl-right-inline">'
        "Japan, the US alliance and Asia</div>\n   </div>"
    )
    assert _entry(layout, Markup.MARKDOWN) == (
        "Rikki Kersten 1 Japan, the US alliance and Asia"
    )


def test_after_a_displayed_first_field_the_layout_suffix_replaces_the_last() -> None:
    # citeproc-js puts the layout's suffix (here none) in place of the last
    # piece's suffix, and an empty text or displayed block is a piece, an empty
    # group none (latin-american-perspectives, archaeonautica).
    first = '<group display="block"><text variable="title"/></group>'
    last = '<group suffix="!"><text variable="number"/></group>'
    assert _entry(first + last) == "Japan, the US alliance and Asia1"
    assert _entry(first + last + '<group><text variable="page"/></group>') == (
        "Japan, the US alliance and Asia1"
    )
    assert _entry(first + last + '<text variable="page"/>') == (
        "Japan, the US alliance and Asia1!"
    )
    empty_block = '<group display="block"><text variable="page"/></group>'
    assert _entry(first + last + empty_block) == "Japan, the US alliance and Asia1!"


def test_an_aligned_first_field_keeps_the_space_the_rest_starts_with() -> None:
    layout = (
        '<text variable="citation-number" suffix="."/>'
        '<text variable="title" prefix=" "/>'
    )
    aligned = ' second-field-align="flush"'
    assert _entry(layout, attributes=aligned) == "1.  Japan, the US alliance and Asia"


def test_decorations_that_undo_an_enclosing_one_are_printed_in_html() -> None:
    layout = (
        '<group font-weight="bold"><text variable="title" font-weight="normal" '
        'vertical-align="baseline"/></group>'
        '<text value="x" font-style="normal" text-decoration="none" prefix=" "/>'
    )
    # font-style="normal" under no italic is an orphan: no span, as citeproc-js.
    assert _cite(layout, markup=Markup.HTML) == (
        '<b><span style="baseline"><span style="font-weight:normal;">Japan, the US '
        'alliance and Asia</span></span></b> <span style="text-decoration:none;">'
        "x</span>"
    )
    assert _cite(layout) == "Japan, the US alliance and Asia x"
    # A name-part's "normal" under small-caps names prints nothing in citeproc-js.
    names = (
        '<names variable="author" font-variant="small-caps"><name>'
        '<name-part name="family" font-variant="normal"/></name></names>'
    )
    assert _cite(names, markup=Markup.HTML) == (
        '<span style="font-variant:small-caps;">Rikki Kersten</span>'
    )


def test_a_space_before_a_colon_in_rendered_text_is_narrow_and_unbreakable() -> None:
    # Not in affixes or delimiters: citeproc-js applies it to rendered strings.
    layout = '<text value="a ; b « c »"/><text value="x" prefix=" :"/>'
    assert _cite(layout) == "a\u202f; b «\u202fc\u202f» :x"


def test_ordinals_agree_with_the_gender_of_their_noun() -> None:
    # French: "août" is masculine ("1ᵉʳ"); a number with no gendered term takes
    # the plain ordinal ("1ᵉ"), not the feminine "1ʳᵉ" listed first.
    layout = (
        '<group delimiter=" | "><date variable="issued"><date-part name="day" '
        'form="ordinal" suffix=" "/><date-part name="month"/></date>'
        '<number variable="number" form="ordinal"/></group>'
    )
    assert _cite(layout, root=' default-locale="fr-FR"') == "1ᵉʳ août | 1ᵉ"
    assert _cite(layout) == "1st August | 1st"


def test_markdown_emphasis_is_html_where_commonmark_would_not_read_it() -> None:
    # "**" for an italic inside an italic reads as bold, and CommonMark's
    # emphasis cannot start or end with a space.
    layout = (
        '<group font-style="italic" delimiter=" "><text variable="title" '
        'font-style="italic"/><text value="x"/></group>'
        '<group font-weight="bold"><text value=" 2011"/></group>'
    )
    assert _cite(layout, markup=Markup.MARKDOWN) == (
        "<i>*Japan, the US alliance and Asia* x</i><b> 2011</b>"
    )
    assert _cite(
        '<text variable="title" font-style="italic"/>', markup=Markup.MARKDOWN
    ) == ("*Japan, the US alliance and Asia*")


def test_a_fields_own_spaces_are_not_merged_with_affixes_or_delimiters() -> None:
    # citeproc-js merges a space only between affixes and delimiters: "URL: " and
    # a delimiter " " print two spaces (bibliothek-fur-bildungsgeschichtliche-
    # forschung), a suffix " " and a prefix " " one.
    assert _entry(
        '<group delimiter=" "><text value="No. "/><text variable="number"/></group>'
    ) == ("No.  1")
    layout = (
        '<group delimiter=", "><text variable="number"/><text value=" at"/>'
        '<text value="A" suffix=" "/><text value="B" prefix=" "/></group>'
    )
    assert _entry(layout) == "1,  at, A , B"
    assert _entry(layout, Markup.HTML) == '<div class="csl-entry">1,  at, A , B</div>'


def test_spaces_stay_where_citeproc_js_does_not_move_them() -> None:
    # A value of one space is a field's own text (revista-de-filologia-espanola's
    # "en línea: " then " "); a space in a prefix moves up to meet a delimiter only
    # through parents without decorations (sylwan's bold date macro).
    layout = (
        '<text variable="number" suffix=": "/><text value=" "/>'
        '<text variable="publisher-place"/>'
    )
    assert _cite(layout) == "1:  Canberra"
    macros = (
        '<macro name="issued"><group prefix=" "><date variable="issued" '
        'suffix="."><date-part name="year"/></date></group></macro>'
    )
    layout = (
        '<group delimiter=" "><text variable="number"/><text macro="issued" '
        'font-weight="bold"/></group><group delimiter=" "><text variable="number"/>'
        '<text macro="issued"/></group>'
    )
    assert _cite(layout, macros=macros) == "1  2011.1 2011."
    assert _cite(layout, macros=macros, markup=Markup.HTML) == (
        "1 <b> 2011.</b>1 2011."
    )


def test_initials_take_a_no_break_space_where_citeproc_js_gives_one() -> None:
    # An initialize-with with a no-break space joins the initials to the family
    # name with one in French (maison-de-l-orient-et-de-la-mediterranee), with a
    # space in English; not in sort order.
    layout = (
        '<group delimiter="|"><names variable="author">'
        '<name initialize-with=".&#160;"/></names><names variable="author">'
        '<name initialize-with=".&#160;" '
        'name-as-sort-order="all"/></names></group>'
    )
    french = ' default-locale="fr-FR"'
    assert _cite(layout, root=french) == "R.\u00a0Kersten|Kersten, R."
    assert _cite(layout, root=french, markup=Markup.HTML) == (
        "R.\u00a0Kersten|Kersten, R."
    )
    assert _cite(layout) == "R. Kersten|Kersten, R."


def test_a_numbers_suffix_space_stays_before_the_next_prefix_space() -> None:
    # citeproc-js merges a suffix's space with the next sibling's prefix space
    # except after a number (german-yearbook-of-international-law's "1  (2011)");
    # after a delimiter, or a group ending in a number, they merge.
    assert _cite(
        '<number variable="number" suffix=" "/><text variable="title" prefix=" ("/>'
    ) == ("1  (Japan, the US alliance and Asia")
    assert _cite(
        '<group delimiter=", "><number variable="number" suffix=" "/>'
        '<text variable="title" prefix=" ("/></group>'
    ) == ("1 , (Japan, the US alliance and Asia")
    assert _cite(
        '<group suffix=") "><number variable="number"/></group>'
        '<text variable="title" prefix=" ("/>'
    ) == ("1) (Japan, the US alliance and Asia")


def test_a_sort_separator_loses_a_doubled_space_as_in_citeproc_js() -> None:
    # The separator joins the family name's suffix; a doubled trailing space loses
    # one (acta-orthopaedica-belgica's "  ", karlstad-universitet-harvard's ",  "),
    # and the given name's leading space goes against a single one (etudes-
    # chinoises: suffix " ", separator " ", prefix " ").
    names = (
        '<names variable="author"><name name-as-sort-order="all" '
        'sort-separator="{}"{}>{}</name></names>'
    )
    layout = '<group delimiter=" | ">{}</group>'.format(
        names.format("  ", "", "")
        + names.format(" ", "", '<name-part name="family" suffix=", "/>')
        + names.format("   ", ' initialize-with="."', "")
        + names.format(
            " ",
            "",
            '<name-part name="family" suffix=" "/><name-part name="given" prefix=" "/>',
        )
    )
    assert _entry(layout) == (
        "Kersten Rikki | Kersten, Rikki | Kersten  R. | Kersten Rikki"
    )
    assert _entry(layout, Markup.HTML) == (
        '<div class="csl-entry">Kersten Rikki | Kersten, Rikki | Kersten\xa0 R. | '
        "Kersten Rikki</div>"
    )


def test_a_cite_keeps_the_space_its_last_suffix_ends_in() -> None:
    # citeproc-js prints "[1] " for a layout suffix "] "
    # (journal-of-cellular-and-molecular-medicine) and "(Kersten, Rikki 2011) "
    # for a date's suffix ") " (spip-cite).
    assert _cite('<text variable="citation-number" prefix="[" suffix="] "/>') == (
        "[1] "
    )
    layout = '<names variable="author" suffix=" "><name form="short"/></names>'
    assert _cite(layout, markup=Markup.HTML) == "Kersten "


def test_a_mark_moves_into_a_fields_text_before_its_own_suffix() -> None:
    # citeproc-js's queue moves a delimiter's or suffix's mark down into the last
    # field when the field's suffix would absorb it, and merges it with the field's
    # text: "University.;" (medical-dosimetry, haematologica, cath-lab-digest).
    title = '<text variable="title" suffix=";"/>'
    nested = f'<group delimiter=". "><group font-style="italic">{title}</group>'
    assert _entry(nested + '<text value="x"/></group>') == (
        "Japan, the US alliance and Asia.; x"
    )
    assert _entry(nested + '<text value="x"/></group>', Markup.HTML) == (
        '<div class="csl-entry"><i>Japan, the US alliance and Asia.;</i> x</div>'
    )
    assert _entry(f'<group suffix=".">{title}</group>') == (
        "Japan, the US alliance and Asia.;"
    )
    # A delimiter after the field itself is added to its suffix; "!" keeps ":".
    assert _entry(f'<group delimiter=". ">{title}<text value="x"/></group>') == (
        "Japan, the US alliance and Asia;. x"
    )
    exclaimed = '<text variable="title" suffix="!"/>'
    assert _entry(f'<group delimiter=": ">{exclaimed}<text value="x"/></group>') == (
        "Japan, the US alliance and Asia!: x"
    )


def test_a_suffix_repeating_a_fields_last_mark_loses_its_last_character_too() -> None:
    # citeproc-js drops the suffix's last character, then the repeated mark:
    # ". " after a title's own "." prints nothing ("Asia.Canberra").
    def layout(suffix: str) -> str:
        return (
            f'<group suffix="{suffix}"><text variable="title" suffix="."/></group>'
            '<text variable="publisher-place"/>'
        )

    assert _entry(layout(". ")) == "Japan, the US alliance and Asia.Canberra"
    assert _entry(layout(".)")) == "Japan, the US alliance and Asia.Canberra"
    assert _entry(layout(" ")) == "Japan, the US alliance and Asia. Canberra"


def test_a_field_ending_in_a_number_takes_no_mark() -> None:
    # journal-of-universal-computer-science: "(… No. 1);" then ". " keeps ";.";
    # the same with text in place of the number absorbs the period.
    def layout(variable: str) -> str:
        return (
            '<group suffix="."><group delimiter=" "><text variable="title" '
            f'suffix=":"/><group suffix=";"><text variable="{variable}" '
            'prefix="No. "/></group></group><group prefix=". ">'
            '<text variable="publisher"/></group></group>'
        )

    publisher = "Department of International Relations, The Australian National"
    assert _entry(layout("number")) == (
        f"Japan, the US alliance and Asia: No. 1;. {publisher} University."
    )
    assert _entry(layout("genre")) == (
        "Japan, the US alliance and Asia: No. ANU–MASI Policy Background Paper; "
        f"{publisher} University."
    )


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
