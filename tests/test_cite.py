"""CSL citations agree with citeproc-js, and each correction to citeproc-py holds.

The goldens in tests/goldens/cite/ are citeproc-js's output, made by
fixtures/make_cite_goldens.py; they are regenerated with citeproc-js, never from
reprint's own output (so --update-goldens does not apply to them).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import pytest

from reprint.cite import (
    CiteFormat,
    OnlineCopy,
    csl_record,
    format_citation,
    format_credit,
)
from reprint.csl import (
    STYLE_ALIASES,
    STYLES,
    CslStyle,
    list_styles,
    render,
    resolve_style,
)
from reprint.errors import UsageError
from reprint.markup import Markup
from reprint.work import Work

GOLDENS = Path(__file__).parent / "goldens" / "cite"
# The visit fixtures/make_cite_goldens.py gives the online goldens.
ONLINE = OnlineCopy("https://example.org/papers/kersten-2011", dt.date(2025, 5, 6))
GOLDEN_FILES = sorted(GOLDENS.glob("*/*.txt"))


def _golden(path: Path) -> str:
    text = path.read_text("utf-8")
    assert text.endswith("\n")
    return text[:-1]


def test_every_style_has_text_and_html_goldens_for_both_forms_and_records() -> None:
    expected = {
        f"{style}/{prefix}{form}.{fmt}.txt"
        for style in STYLES
        for prefix in ("", "online-")
        for form in ("bibliography", "citation")
        for fmt in ("text", "html")
    }
    assert {f"{p.parent.name}/{p.name}" for p in GOLDEN_FILES} == expected


@pytest.mark.parametrize(
    "path", GOLDEN_FILES, ids=[f"{p.parent.name}/{p.stem}" for p in GOLDEN_FILES]
)
def test_style_output_matches_citeproc_js(path: Path, work: Work) -> None:
    prefix, _, rest = (
        path.name.rpartition("-")
        if path.name.startswith("online-")
        else ("", "", path.name)
    )
    form, fmt, _ = rest.split(".")
    rendered = format_citation(
        work,
        fmt=CiteFormat(fmt),
        style=CslStyle.from_id(path.parent.name),
        in_text=form == "citation",
        online=ONLINE if prefix else None,
    )
    assert rendered == _golden(path)


@pytest.mark.parametrize(
    ("name", "online"),
    [("record", None), ("online-record", ONLINE)],
    ids=["print", "online"],
)
def test_goldens_were_made_from_the_current_record(
    name: str, online: OnlineCopy | None, work: Work
) -> None:
    recorded = json.loads((GOLDENS / f"{name}.csl.json").read_text("utf-8"))
    assert csl_record(work, online) == recorded


def test_record_is_the_papers_csl_json(work: Work) -> None:
    shipped = json.loads(
        (Path(__file__).parent / "goldens" / "work.csl.json").read_text()
    )
    assert [csl_record(work)] == shipped


def test_online_record_adds_url_and_accessed_date(work: Work) -> None:
    record = csl_record(work, ONLINE)
    assert record["URL"] == "https://example.org/papers/kersten-2011"
    assert record["accessed"] == {"date-parts": [[2025, 5, 6]]}


# Each correction of citeproc-py, on a minimal style, so a regression names its cause.

_STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="{cls}" version="1.0"{root}>
  <info><title>Probe</title><id>probe</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  {locale}
  <citation><layout>{citation}</layout></citation>
  <bibliography{bib}><layout suffix=".">{layout}</layout></bibliography>
</style>"""


def _render(
    layout: str,
    *,
    record: dict[str, object] | None = None,
    markup: Markup = Markup.TEXT,
    in_text: bool = False,
    citation: str = '<text variable="title"/>',
    bib: str = "",
    locale: str = "",
    root: str = "",
) -> str:
    xml = _STYLE.format(
        cls="in-text",
        root=root,
        locale=locale,
        citation=citation,
        bib=bib,
        layout=layout,
    )
    item = record or {
        "id": "Probe1",
        "type": "report",
        "title": "Japan, the US Alliance & Asia",
        "author": [{"family": "Kirk", "given": "James T"}],
        "issued": {"date-parts": [[2011, 8, 1]]},
    }
    style = CslStyle.from_xml(xml.encode(), "probe")
    return render(item, style, markup, in_text=in_text)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ('<name initialize="false" initialize-with=". "/>', "James T. Kirk."),
        ('<name initialize-with=". "/>', "J. T. Kirk."),
        ('<name initialize="true" initialize-with=". "/>', "J. T. Kirk."),
        ('<name initialize-with="."/>', "J.T. Kirk."),
    ],
    ids=["false-keeps-names-marks-initials", "default-initializes", "true", "no-space"],
)
def test_initialize_false_keeps_given_names(name: str, expected: str) -> None:
    assert _render(f'<names variable="author">{name}</names>') == expected


def test_initialize_is_inherited_from_the_bibliography() -> None:
    layout = '<names variable="author"><name initialize-with=". "/></names>'
    assert _render(layout, bib=' initialize="false"') == "James T. Kirk."


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ('<if disambiguate="true">', "not taken."),
        ('<if disambiguate="true" match="none">', "taken."),
        ('<if disambiguate="true" type="report" match="any">', "taken."),
        ('<if disambiguate="true" type="report">', "not taken."),
    ],
    ids=["alone", "none", "any-with-true-test", "all-with-true-test"],
)
def test_single_cite_is_never_ambiguous(condition: str, expected: str) -> None:
    layout = (
        f'<choose>{condition}<text value="taken"/></if>'
        '<else><text value="not taken"/></else></choose>'
    )
    assert _render(layout) == expected


def test_localized_date_uses_the_locales_delimiter() -> None:
    locale = (
        '<locale xml:lang="en"><date form="text" delimiter=" ">'
        '<date-part name="year"/>'
        '<date-part name="month" form="short" strip-periods="true"/>'
        "</date></locale>"
    )
    layout = '<date variable="issued" form="text" date-parts="year-month"/>'
    assert _render(layout, locale=locale) == "2011 Aug."


@pytest.mark.parametrize(
    ("title", "root", "expected"),
    [
        ("Asia", "", "“Asia,” Kirk."),
        ("Asia?", "", "“Asia?” Kirk."),
        ("Asia", ' default-locale="en-GB"', "‘Asia’, Kirk."),
    ],
    ids=["comma-moves-inside", "question-mark-kept-alone", "en-GB-keeps-it-outside"],
)
def test_punctuation_in_quote_follows_the_locale(
    title: str, root: str, expected: str
) -> None:
    record: dict[str, object] = {
        "id": "p",
        "type": "report",
        "title": title,
        "author": [{"family": "Kirk"}],
    }
    layout = (
        '<group delimiter=", "><text variable="title" quotes="true"/>'
        '<names variable="author"/></group>'
    )
    assert _render(layout, record=record, root=root) == expected


_NUMBERED = (
    '<text variable="citation-number" prefix="[" suffix="]"/><text variable="title"/>'
)


def test_second_field_align_puts_a_space_after_the_label_in_text() -> None:
    rendered = _render(_NUMBERED, bib=' second-field-align="flush"')
    assert rendered == "[1] Japan, the US Alliance & Asia."


def test_second_field_align_splits_margin_and_body_in_html() -> None:
    rendered = _render(
        _NUMBERED, bib=' second-field-align="margin"', markup=Markup.HTML
    )
    assert rendered == (
        '<div class="csl-entry">\n    <div class="csl-left-margin">[1]</div>'
        '<div class="csl-right-inline">Japan, the US Alliance &#38; Asia.</div>'
        "\n  </div>"
    )


def test_without_alignment_the_label_runs_into_the_entry() -> None:
    assert _render(_NUMBERED) == "[1]Japan, the US Alliance & Asia."


def test_html_escapes_and_tags_as_citeproc_js() -> None:
    layout = (
        '<text variable="title" font-style="italic"/>'
        '<text value=" x" font-weight="bold"/>'
    )
    rendered = _render(layout, markup=Markup.HTML)
    assert rendered == (
        '<div class="csl-entry"><i>Japan, the US Alliance &#38; Asia</i>'
        "<b> x</b>.</div>"
    )


def test_markdown_marks_italics_and_escapes_text() -> None:
    record: dict[str, object] = {
        "id": "p",
        "type": "report",
        "title": "A *bold* [claim]",
    }
    rendered = _render(
        '<text variable="title" font-style="italic"/>',
        record=record,
        markup=Markup.MARKDOWN,
    )
    assert rendered == r"*A \*bold\* \[claim\]*."


def test_markdown_numbered_entry_does_not_become_a_list(work: Work) -> None:
    rendered = format_citation(
        work, fmt=CiteFormat.MARKDOWN, style=CslStyle.from_id("vancouver")
    )
    assert rendered.startswith("1\\. Kersten R. Japan, the US alliance and Asia")


def test_note_style_first_cite_is_the_full_note(work: Work) -> None:
    note = format_citation(
        work, style=CslStyle.from_id("chicago-notes-bibliography"), in_text=True
    )
    assert note.startswith("Rikki Kersten, Japan, the US Alliance and Asia, ")


# Choosing styles


@pytest.mark.parametrize(("alias", "style_id"), sorted(STYLE_ALIASES.items()))
def test_alias_names_the_same_style(alias: str, style_id: str, work: Work) -> None:
    style = CslStyle.from_id(alias)
    assert style.name == style_id
    assert format_citation(work, style=style) == format_citation(
        work, style=CslStyle.from_id(style_id)
    )


def _no_files(path: str) -> bytes:
    raise AssertionError(f"read {path!r} as a style file")


@pytest.mark.parametrize(
    "name", ["mine.csl", "MINE.CSL", "styles/apa", "styles\\apa", "/etc/passwd"]
)
def test_a_name_that_looks_like_a_path_is_read_as_a_file(name: str) -> None:
    read: list[str] = []
    probe = _STYLE.format(
        cls="in-text", root="", locale="", citation="", bib="", layout=""
    )

    def read_file(path: str) -> bytes:
        read.append(path)
        return probe.encode()

    style = resolve_style(name, read_file)
    assert (style.name, read) == (name, [name])


@pytest.mark.parametrize(
    ("name", "style_id"),
    [("mla", "modern-language-association"), ("ieee", "ieee")],
)
def test_an_id_or_alias_is_never_read_as_a_file(name: str, style_id: str) -> None:
    assert resolve_style(name, _no_files).name == style_id


def test_one_parsed_style_renders_again_and_again(work: Work) -> None:
    style = CslStyle.from_id("ieee")
    first = [format_citation(work, style=style, in_text=flag) for flag in (False, True)]
    again = [format_citation(work, style=style, in_text=flag) for flag in (False, True)]
    assert (
        first
        == again
        == [
            _golden(GOLDENS / "ieee" / f"{form}.text.txt")
            for form in ("bibliography", "citation")
        ]
    )


@pytest.mark.parametrize("style_id", ["no-such-style", "../apa", "APA", ""])
def test_unknown_style_is_a_usage_error(style_id: str) -> None:
    with pytest.raises(UsageError, match="unknown style"):
        CslStyle.from_id(style_id)


def test_dependent_style_file_renders_with_its_parent(work: Work) -> None:
    dependent = (
        '<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0">'
        "<info><title>Mine</title>"
        '<link href="http://www.zotero.org/styles/apa" rel="independent-parent"/>'
        "</info></style>"
    )
    style = CslStyle.from_xml(dependent.encode(), "mine.csl")
    assert format_citation(work, style=style) == format_citation(
        work, style=CslStyle.from_id("apa")
    )


@pytest.mark.parametrize(
    ("xml", "message"),
    [
        (b"<style", "not XML"),
        (b"<html/>", "no <citation>"),
        (
            b'<style xmlns="http://purl.org/net/xbiblio/csl"><info/></style>',
            "no <citation>",
        ),
        (
            b'<locale xmlns="http://purl.org/net/xbiblio/csl"><citation/></locale>',
            "not an independent CSL style",
        ),
    ],
    ids=["malformed", "not-csl", "no-parent", "citation-outside-a-style"],
)
def test_unusable_style_file_is_a_usage_error(xml: bytes, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        CslStyle.from_xml(xml, "bad.csl")


def test_style_without_bibliography_offers_only_the_citation(work: Work) -> None:
    xml = _STYLE.replace(
        '<bibliography{bib}><layout suffix=".">{layout}</layout></bibliography>', ""
    )
    xml = xml.format(
        cls="note", root="", locale="", citation='<text variable="title"/>'
    )
    style = CslStyle.from_xml(xml.encode(), "probe")
    assert format_citation(work, style=style, in_text=True) == work.csl_title
    with pytest.raises(UsageError, match="has no bibliography"):
        format_citation(work, style=style)


def test_list_styles_gives_every_checked_style_with_its_own_title() -> None:
    entries = {entry.id: entry for entry in list_styles()}
    assert tuple(entries) == STYLES
    assert entries["turabian-author-date"].title == "Turabian 9th edition (author-date)"
    assert entries["nlm-citation-sequence"].aliases == ("vancouver",)
    assert entries["apa"].aliases == ()


# The cite-as line and the credit line


def test_default_cite_is_the_papers_cite_as_line(work: Work) -> None:
    assert format_citation(work) == (
        'Kersten, Rikki (2011) "Japan, the US Alliance and Asia," ANU–MASI Policy '
        "Background Paper, No. 1, 1 August."
    )


def test_default_cite_as_html_and_markdown_are_escaped(work: Work) -> None:
    odd = replace(work, cite_as='A & <B> "*C*"')
    assert (
        format_citation(odd, fmt=CiteFormat.HTML) == "A &amp; &lt;B&gt; &quot;*C*&quot;"
    )
    assert format_citation(odd, fmt=CiteFormat.MARKDOWN) == r'A & \<B\> "\*C\*"'


def test_default_cite_of_an_online_copy_adds_url_and_visit(work: Work) -> None:
    assert format_citation(work, online=ONLINE) == (
        f"{work.cite_as} Available at: https://example.org/papers/kersten-2011 "
        "(accessed 6 May 2025)."
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"in_text": True}, "^in_text needs a style:"),
        ({"fmt": CiteFormat.RIS, "in_text": True}, "do not apply"),
        ({"fmt": CiteFormat.BIBTEX, "style": CslStyle.from_id("apa")}, "do not apply"),
    ],
    ids=["in-text-alone", "in-text-with-export", "style-with-export"],
)
def test_options_that_do_not_go_together_are_usage_errors(
    kwargs: dict[str, object], message: str, work: Work
) -> None:
    with pytest.raises(UsageError, match=message):
        format_citation(work, **kwargs)  # type: ignore[arg-type]  # rows mix option types


def test_credit_names_all_parties_then_the_cite_as_line(work: Work) -> None:
    credit = format_credit(work)
    assert credit == f"{work.credit_line}\n\nCite as: {work.cite_as}"
    for party in (
        "Rikki Kersten",
        "Department of International Relations (ANU)",
        "MacArthur Foundation",
    ):
        assert party in credit.split("\n")[0]


def test_credit_html_is_two_escaped_paragraphs(work: Work) -> None:
    odd = replace(work, credit_line="A & B <C>", cite_as='"D"')
    assert format_credit(odd, Markup.HTML) == (
        "<p>A &amp; B &lt;C&gt;</p>\n<p>Cite as: &quot;D&quot;</p>"
    )


def test_credit_markdown_is_escaped(work: Work) -> None:
    odd = replace(work, credit_line="1. *Not* a list_item", cite_as="[x]")
    assert format_credit(odd, Markup.MARKDOWN) == (
        "1\\. \\*Not\\* a list\\_item\n\nCite as: \\[x\\]"
    )


# Online copies


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.org/x",
        "https://",
        "example.org/paper",
        "http:///path",
        "https://a b.org",
        "javascript:alert(1)",
    ],
)
def test_malformed_url_is_a_usage_error(url: str) -> None:
    with pytest.raises(UsageError, match=r"is not an http\(s\) URL with a host"):
        OnlineCopy.from_strings(url, dt.date(2025, 5, 6))


@pytest.mark.parametrize("accessed", ["2025-13-01", "yesterday", "06/05/2025", ""])
def test_malformed_access_date_is_a_usage_error(accessed: str) -> None:
    with pytest.raises(
        UsageError, match=r"^accessed .* is not a (date in the form|real day)"
    ) as caught:
        OnlineCopy.from_strings("https://example.org/", accessed)
    assert caught.value.field == "accessed"


def test_access_date_is_parsed() -> None:
    copy = OnlineCopy.from_strings("http://example.org:8080/a?b=c", "2025-05-06")
    assert copy == OnlineCopy("http://example.org:8080/a?b=c", dt.date(2025, 5, 6))


@pytest.mark.parametrize(
    ("accessed", "message"),
    [
        (dt.date(2011, 7, 31), r"^accessed 2011-07-31 is before the paper's date"),
        (dt.date.today() + dt.timedelta(days=2), r"^accessed .* is in the future$"),
    ],
    ids=["before-the-paper", "future"],
)
def test_access_date_before_the_paper_or_in_the_future_is_refused(
    work: Work, accessed: dt.date, message: str
) -> None:
    online = OnlineCopy("https://example.org/", accessed)
    with pytest.raises(UsageError, match=message) as caught:
        format_citation(work, style=CslStyle.from_id("apa"), online=online)
    assert caught.value.field == "accessed"


def test_access_on_the_papers_day_and_today_is_accepted(work: Work) -> None:
    for day in (work.issued, dt.date.today()):
        online = OnlineCopy("https://example.org/", day)
        assert "https://example.org/" in format_citation(work, online=online)


LOCALE_GOLDENS = sorted((GOLDENS / "locale").glob("*/*.txt"))


def test_locale_goldens_cover_eight_locales_and_a_dependent_default() -> None:
    names = {p.name.split(".")[0] for p in LOCALE_GOLDENS}
    assert names == {
        "en-US", "en-GB", "en-AU", "de-DE", "fr-FR", "es-ES", "ja-JP", "zh-CN",
        "default",
    }  # fmt: skip


@pytest.mark.parametrize(
    "path", LOCALE_GOLDENS, ids=[f"{p.parent.name}/{p.stem}" for p in LOCALE_GOLDENS]
)
def test_locale_output_matches_citeproc_js(path: Path, work: Work) -> None:
    # "default": no --locale, so a dependent style's own default-locale applies.
    lang, form, fmt, _ = path.name.split(".")
    rendered = format_citation(
        work,
        fmt=CiteFormat(fmt),
        style=CslStyle.from_id(path.parent.name),
        in_text=form == "citation",
        online=ONLINE,
        locale=None if lang == "default" else lang,
    )
    assert rendered == _golden(path)


def test_locale_overrides_a_dependent_styles_default_locale(work: Work) -> None:
    style = CslStyle.from_id("acta-otorrinolaringologica-espanola")
    assert "agosto de 2011" in format_citation(work, style=style)
    assert "2011 Aug" in format_citation(work, style=style, locale="en-US")


@pytest.mark.parametrize(
    ("locale", "message"),
    [("english", "is not a locale like en-GB"), ("xx-YY", "no CSL locale for it")],
)
def test_unknown_locale_is_a_usage_error(work: Work, locale: str, message: str) -> None:
    with pytest.raises(UsageError, match=message) as caught:
        format_citation(work, style=CslStyle.from_id("apa"), locale=locale)
    assert caught.value.field == "locale"


def test_locale_without_a_style_is_refused(work: Work) -> None:
    with pytest.raises(UsageError, match="needs a style") as caught:
        format_citation(work, locale="en-GB")
    assert caught.value.field == "locale"


def test_citations_rendered_in_threads_at_once_are_the_serial_ones() -> None:
    # The service renders in threads; a style's tree and the group frames are
    # shared (without the lock, 381 of 400 came out wrong, some empty).
    from concurrent.futures import ThreadPoolExecutor

    from reprint import api

    styles = ["apa", "ieee", "chicago-author-date", "modern-language-association"]
    serial = {style: api.cite(style=style) for style in styles}
    with ThreadPoolExecutor(8) as pool:
        rendered = list(pool.map(lambda i: api.cite(style=styles[i % 4]), range(80)))
    assert rendered == [serial[styles[i % 4]] for i in range(80)]
