"""The correction layer's mechanisms, each on a probe style, as citeproc-js renders
them (tests/test_cite_sample.py checks real styles against citeproc-js itself)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from reprint.cite import OnlineCopy, csl_record
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


def test_a_label_is_a_term_whatever_its_variable_holds() -> None:
    # citeproc-js prints the term of a label whose variable is empty (a report's
    # number under issue's "no.", "p." after a number); the group of an empty
    # variable is dropped with its label.
    layout = (
        '<group delimiter=" " prefix="[" suffix="]">'
        '<label variable="issue" form="short"/><text variable="number"/></group>'
        '<group delimiter=" " prefix="[" suffix="]"><text variable="number"/>'
        '<label variable="page" form="short"/></group>'
        '<group prefix="[" suffix="]"><label variable="page" form="short"/>'
        '<text variable="page"/></group>'
    )
    assert _cite(layout) == "[no. 1][1 p.]"


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


def test_punctuation_moved_into_a_quote_goes_inside_its_markup_too() -> None:
    # citeproc-js: "“<i>Asia.</i>”"; Markdown's emphasis closes with "*".
    inside = '<text variable="title" quotes="true" font-style="italic" suffix="."/>'
    assert _cite(inside, markup=Markup.HTML) == (
        "“<i>Japan, the US alliance and Asia.</i>”"
    )
    assert _cite(inside, markup=Markup.MARKDOWN) == (
        "“*Japan, the US alliance and Asia.*”"
    )
    outside = (
        '<group suffix="." font-style="italic"><text variable="title" '
        'quotes="true"/></group>'
    )
    assert _cite(outside, markup=Markup.MARKDOWN) == (
        "*“Japan, the US alliance and Asia.”*"
    )
    # Not inside an inner element's markup: the quoted macro call's bold only.
    macros = '<macro name="t"><text variable="title" font-style="italic"/></macro>'
    called = '<text macro="t" quotes="true" font-weight="bold" suffix="."/>'
    assert _cite(called, macros=macros, markup=Markup.HTML) == (
        "“<b><i>Japan, the US alliance and Asia</i>.</b>”"
    )


def test_a_doubled_space_survives_html_and_markdown() -> None:
    layout = '<group delimiter=",  "><text variable="number"/><text value="a"/></group>'
    assert _cite(layout) == "1,  a"
    assert _cite(layout, markup=Markup.HTML) == "1,\u00a0 a"
    assert _cite(layout, markup=Markup.MARKDOWN) == "1,\u00a0 a"


def test_an_affix_is_escaped_in_the_pieces_citeproc_js_moves_apart() -> None:
    # A doubled space is "&#160; " only within one escaped string: citeproc-js
    # moves the first character of the first field's prefix up to the layout,
    # and the last space of a called macro's last suffix up to the call.
    macros = '<macro name="who"><names variable="author" suffix="  "/></macro>'
    layout = (
        '<group prefix="    "><text variable="number"/></group>'
        '<text macro="who" prefix=" "/><text variable="title" prefix="|  "/>'
    )
    bibliography = f"<bibliography><layout>{layout}</layout></bibliography>"
    xml = _STYLE.format(
        layout='<text value="x"/>',
        macros=macros,
        root="",
        locale="",
        bibliography=bibliography,
    )
    style = CslStyle.from_xml(xml.encode(), "probe.csl")
    entry = render(csl_record(default_work()), style, Markup.HTML, in_text=False)
    assert entry == (
        '<div class="csl-entry"> \u00a0  1 Rikki Kersten  |\u00a0 Japan, the US '
        "alliance and Asia</div>"
    )
    # Only a space or a punctuation mark moves up (PUNCT_OR_SPACE), not an em space.
    em = '<group prefix="\u2003\u2003"><text variable="number"/></group>'
    assert _entry(em, Markup.HTML) == '<div class="csl-entry">\u00a0 1</div>'


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


def test_a_displayed_field_ends_with_the_mark_that_starts_what_follows() -> None:
    layout = (
        '<group display="block"><text variable="title" font-style="italic"/></group>'
        '<text variable="number" prefix=", "/>'
    )
    assert _entry(layout, Markup.HTML) == (
        '<div class="csl-entry">\n\n    <div class="csl-block"><i>Japan, the US '
        "alliance and Asia</i>,</div>\n 1</div>"
    )
    margin = layout.replace('"block"', '"left-margin"')
    assert _entry(margin) == "Japan, the US alliance and Asia,  1"


def test_an_aligned_first_field_keeps_the_space_the_rest_starts_with() -> None:
    layout = (
        '<text variable="citation-number" suffix="."/>'
        '<text variable="title" prefix=" "/>'
    )
    aligned = ' second-field-align="flush"'
    assert _entry(layout, attributes=aligned) == "1.  Japan, the US alliance and Asia"


def test_an_aligned_entry_is_decorated_whole_and_a_lone_field_is_its_margin() -> None:
    # citeproc-js: the layout's prefix opens the margin, its decorations enclose
    # both blocks; a lone field is all margin, without the layout's suffix.
    aligned = ' second-field-align="flush"'
    layout = (
        '<text variable="citation-number" suffix="."/>'
        '<text variable="title" prefix=" "/>'
    )
    decorated = _STYLE.format(
        layout='<text value="x"/>',
        macros="",
        root="",
        locale="",
        bibliography=f'<bibliography{aligned}><layout prefix="&gt;" suffix="!" '
        f'font-weight="bold">{layout}</layout></bibliography>',
    )
    style = CslStyle.from_xml(decorated.encode(), "probe.csl")
    record = csl_record(default_work())
    assert render(record, style, Markup.HTML, in_text=False) == (
        '<div class="csl-entry"><b>\n    <div class="csl-left-margin">&#62;1.</div>'
        '<div class="csl-right-inline"> Japan, the US alliance and Asia!</div>\n'
        "  </b></div>"
    )
    assert render(record, style, Markup.TEXT, in_text=False) == (
        ">1.  Japan, the US alliance and Asia!"
    )
    lone = f"<group>{layout}</group>"
    assert _entry(lone, Markup.HTML, aligned) == (
        '<div class="csl-entry">\n    <div class="csl-left-margin">1. Japan, the US '
        "alliance and Asia</div></div>"
    )


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


def test_a_date_is_decorated_unless_it_is_localized() -> None:
    # citeproc-py dropped a date's own decorations; citeproc-js prints them
    # inside the affixes, and drops them on a localized date (form=…), which is
    # the locale's date node with only the style's affixes and parts.
    layout = (
        '<date variable="issued" font-weight="bold" prefix="(" suffix=")">'
        '<date-part name="year" font-style="italic"/></date>'
        '<date variable="issued" form="text" font-weight="bold" prefix=" "/>'
    )
    assert _entry(layout, Markup.HTML) == (
        '<div class="csl-entry">(<b><i>2011</i></b>) August 1, 2011</div>'
    )
    assert _entry(layout, Markup.MARKDOWN) == "(<b>*2011*</b>) August 1, 2011"
    undone = (
        '<group font-style="italic"><date variable="issued" font-style="normal">'
        '<date-part name="year"/></date></group>'
    )
    assert _entry(undone, Markup.HTML) == (
        '<div class="csl-entry"><i><span style="font-style:normal;">2011</span>'
        "</i></div>"
    )


def test_a_name_undoes_what_is_set_above_its_names() -> None:
    # citeproc-py printed no span for a <name>'s "normal", "none" or "baseline".
    macros = (
        '<macro name="who"><group suffix="."><names variable="author">'
        '<name font-weight="normal" vertical-align="baseline"/></names></group>'
        "</macro>"
    )
    assert _cite(
        '<text macro="who" font-weight="bold"/>', macros=macros, markup=Markup.HTML
    ) == (
        '<b><span style="baseline"><span style="font-weight:normal;">Rikki Kersten'
        "</span></span>.</b>"
    )
    # Its <names> is not above it: small-caps names keep a "normal" name as is.
    names = (
        '<names variable="author" font-variant="small-caps">'
        '<name font-variant="normal"/></names>'
    )
    assert _cite(names, markup=Markup.HTML) == (
        '<span style="font-variant:small-caps;">Rikki Kersten</span>'
    )


@pytest.mark.parametrize(
    ("substitute", "html"),
    [
        # A shorthand <names> prints as the names it stands for, not as itself.
        (
            '<names variable="author" font-style="italic" prefix="[" suffix="]"/>',
            "(<b>Rikki Kersten</b>)",
        ),
        # A <names> with its own <name>, or any other element, prints as itself.
        (
            '<names variable="author" font-style="italic" prefix="[" suffix="]">'
            '<name form="short"/></names>',
            "[<i>Kersten</i>]",
        ),
        (
            '<text variable="title" prefix="[" suffix="]"/>',
            "[Japan, the US alliance and Asia]",
        ),
    ],
    ids=["shorthand-names", "names", "text"],
)
def test_a_substitute_is_decorated_once(substitute: str, html: str) -> None:
    # citeproc-py decorated and wrapped a substitute's output twice: its own
    # decorations and affixes inside those of the names it substitutes for.
    layout = (
        '<names variable="translator" font-weight="bold" prefix="(" suffix=")">'
        f"<substitute>{substitute}</substitute></names>"
    )
    assert _cite(layout, markup=Markup.HTML) == html


def test_a_shorthand_names_in_a_choose_in_a_substitute_is_one_too() -> None:
    layout = (
        '<names variable="translator" font-variant="small-caps" prefix="(" '
        'suffix=")"><name initialize-with="." name-as-sort-order="all"/>'
        '<substitute><choose><if variable="title"><names variable="author"/></if>'
        "</choose></substitute></names>"
    )
    assert _cite(layout) == "(Kersten, R.)"
    assert _cite(layout, markup=Markup.HTML) == (
        '(<span style="font-variant:small-caps;">Kersten, R.</span>)'
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


@pytest.mark.parametrize(
    ("first", "markdown"),
    [
        ('<text variable="citation-number" suffix=")"/>', "1\\) Japan"),
        ('<text variable="citation-number" suffix="."/>', "1\\. Japan"),
        ('<text value="-"/>', "\\- Japan"),
        ('<text value="+"/>', "\\+ Japan"),
        # Not a list marker: a number's hyphen, a bullet after a number.
        ('<text variable="citation-number" suffix="-"/>', "1- Japan"),
    ],
    ids=["paren", "period", "hyphen", "plus", "not-a-marker"],
)
def test_an_entry_that_starts_like_a_list_item_stays_a_paragraph(
    first: str, markdown: str
) -> None:
    # CommonMark reads "1) ", "1. ", "- " and "+ " at a line's start as a list.
    entry = _entry(first + '<text variable="title" prefix=" "/>', Markup.MARKDOWN)
    assert entry == f"{markdown}, the US alliance and Asia"
    assert MarkdownIt("commonmark").render(entry).startswith("<p>")


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


def test_a_type_test_is_one_test_whatever_the_match() -> None:
    # citeproc-js: type="report thesis" is "a report or a thesis" even under
    # match="all" beside a variable test (the publisher in ausonius-editions).
    layout = (
        '<choose><if type="report thesis" variable="genre"><text variable="genre"/>'
        '</if><else><text value="else"/></else></choose>'
        '<choose><if type="book thesis" variable="genre" match="none">'
        '<text value="|none"/></if></choose>'
    )
    assert _cite(layout) == "ANU–MASI Policy Background Paper"


def test_a_term_missing_in_its_form_falls_back_to_the_next_form() -> None:
    # en-US has "accessed" and "retrieved" only in the long form and no symbol
    # for "page": citeproc-js prints the next form, citeproc-py nothing.
    layout = (
        '<group delimiter=" "><text term="accessed" form="short"/>'
        '<text term="retrieved" form="verb-short"/>'
        '<text term="page" form="symbol"/></group>'
    )
    assert _cite(layout) == "accessed retrieved p."


def test_character_references_escaped_in_a_style_are_decoded() -> None:
    # citeproc-js decodes "&#160;" written as "&amp;#160;" (aves, gallia-prehistoire).
    layout = (
        '<group delimiter="&amp;#160;: "><text variable="number"/>'
        '<text value="x&amp;#x2013;y"/></group>'
    )
    assert _cite(layout) == "1\xa0: x–y"
    assert _cite(layout, markup=Markup.HTML) == "1\xa0: x–y"


def test_a_name_part_with_an_affix_and_a_stripped_number_render() -> None:
    # citeproc-py failed on both: a name-part's suffix made a list its name join
    # could not take (TypeError), strip-periods met the citation number as an int.
    layout = (
        '<names variable="author"><name name-as-sort-order="first" '
        'sort-separator=" "><name-part name="family" suffix=","/></name></names>'
        '<text value="|"/><names variable="author"><name><name-part name="given" '
        'font-style="italic" suffix="!"/></name></names>'
        '<text value="|"/><text variable="citation-number" strip-periods="true"/>'
    )
    assert _cite(layout) == "Kersten, Rikki|Rikki! Kersten|1"
    assert _cite(layout, markup=Markup.HTML) == (
        "Kersten, Rikki|<i>Rikki</i>! Kersten|1"
    )


def test_a_group_that_prints_keeps_the_group_around_it() -> None:
    # citeproc-js: "In" beside a macro that calls no variable is a group that
    # prints, so the group of an empty URL around it prints (alcohol-and-alcoholism);
    # a term beside the empty variable itself does not.
    macros = (
        '<macro name="none"><choose><if type="book"><text variable="editor"/>'
        "</if></choose></macro>"
    )
    layout = (
        '<group prefix="[" suffix="]"><group><text term="in"/><text macro="none"/>'
        '</group><text variable="URL"/></group><group prefix="(" suffix=")">'
        '<text term="in"/><text macro="none"/><text variable="URL"/></group>'
    )
    assert _cite(layout, macros=macros) == "[in]"


def test_ordinals_in_a_called_macro_come_from_the_language_rendered_in() -> None:
    # The date's context is the calling <text macro>: its terms came from en-US
    # ("1st agosto") once an inline locale tagged "it" hid the it-IT file.
    macros = (
        '<macro name="day"><date variable="issued"><date-part name="day" '
        'form="ordinal" suffix=" "/><date-part name="month"/></date></macro>'
    )
    locale = '<locale xml:lang="it"><terms><term name="in">in</term></terms></locale>'
    found = _cite(
        '<text macro="day"/>',
        macros=macros,
        root=' default-locale="it-IT"',
        locale=locale,
    )
    assert found == "1º agosto"


def test_a_locator_label_without_a_locator_is_the_page_term() -> None:
    # citeproc-js: geological-magazine's bibliography ends in "p."; citeproc-py
    # looked up a term named "locator" and printed nothing.
    assert _entry(
        '<text variable="number"/><label variable="locator" prefix=","/>'
    ) == ("1,page")
    assert _cite('<label variable="locator" form="short"/>') == "p."


def test_initialize_true_on_a_name_does_not_override_a_false_around_it() -> None:
    # citeproc-js reads initialize="true" as no setting: the citation's "false"
    # keeps the given name whole (effective-altruism-wiki's bibliography).
    xml = _STYLE.format(
        layout='<names variable="author"><name initialize="true" '
        'initialize-with=". "/></names>',
        macros="",
        root="",
        locale="",
        bibliography="",
    ).replace("<citation>", '<citation initialize="false">')
    style = CslStyle.from_xml(xml.encode(), "probe.csl")
    assert render(csl_record(default_work()), style, Markup.TEXT, in_text=True) == (
        "Rikki Kersten"
    )
    assert _cite('<names variable="author"><name initialize-with=". "/></names>') == (
        "R. Kersten"
    )


def test_a_substitute_names_inside_a_choose_takes_the_substituted_name() -> None:
    # instrumenta-patristica-et-mediaevalia: "Kersten, R.", not "R. Kersten".
    layout = (
        '<names variable="composer"><name name-as-sort-order="first" '
        'initialize-with=". "/><substitute><choose><if type="report">'
        '<names variable="author"/></if></choose></substitute></names>'
    )
    assert _cite(layout) == "Kersten, R."


def test_a_variable_a_substitute_printed_is_not_printed_again() -> None:
    # politica-tidsskrift-for-politisk-videnskab: the author substituted for a
    # composer came back under "editor author".
    macros = (
        '<macro name="who"><names variable="composer"><substitute>'
        '<names variable="author"/></substitute></names></macro>'
    )
    layout = (
        '<text macro="who"/><text value="|"/><names variable="editor author">'
        '<name/></names><text value="|"/><text macro="who"/>'
    )
    assert _cite(layout, macros=macros) == "Rikki Kersten||"


def test_the_short_form_of_a_url_is_its_host() -> None:
    # citeproc-js: leidraad-voor-juridische-auteurs prints "https://example.org".
    xml = _STYLE.format(
        layout='<text variable="URL" form="short"/><text value="|"/>'
        '<text variable="URL"/>',
        macros="",
        root="",
        locale="",
        bibliography="",
    )
    style = CslStyle.from_xml(xml.encode(), "probe.csl")
    online = OnlineCopy("https://example.org/papers/kersten-2011", dt.date(2025, 5, 6))
    record = csl_record(default_work(), online)
    assert render(record, style, Markup.TEXT, in_text=True) == (
        "https://example.org|https://example.org/papers/kersten-2011"
    )
