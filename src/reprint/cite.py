"""Citing the work: its cite-as line, CSL styles, exchange formats and the credit line.

The CSL record (``Work.to_csl_json``, plus the URL of an online copy) is the single
source of every citation. Styles are found, parsed and rendered by ``reprint.csl``,
which is imported only when a style is asked for, so the default cite-as line loads
no CSL processor.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, assert_never

from reprint.citeform import CiteForm
from reprint.errors import UsageError, field
from reprint.fields import (
    MONTHS,
    check_since,
    latest_today,
    long_date,
    parse_date,
    parse_web_url,
)
from reprint.markup import Markup, escape_markdown, guard_list_start
from reprint.work import Work

if TYPE_CHECKING:  # pragma: no cover
    from reprint.csl import CslStyle


class CiteFormat(StrEnum):
    """What ``cite`` prints: a human-readable citation or an exchange format."""

    TEXT = "text"
    HTML = "html"
    MARKDOWN = "markdown"
    BIBTEX = "bibtex"
    BIBLATEX = "biblatex"
    RIS = "ris"
    CSL_JSON = "csl-json"

    @property
    def markup(self) -> Markup | None:
        """The markup of a human-readable citation; None for an exchange format."""
        match self:
            case CiteFormat.TEXT:
                return Markup.TEXT
            case CiteFormat.HTML:
                return Markup.HTML
            case CiteFormat.MARKDOWN:
                return Markup.MARKDOWN
            case (
                CiteFormat.BIBTEX
                | CiteFormat.BIBLATEX
                | CiteFormat.RIS
                | CiteFormat.CSL_JSON
            ):
                return None
            case _:  # pragma: no cover
                assert_never(self)


# BibTeX's special characters, and the dashes TeX spells with hyphens.
_TEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "\u2013": "--",
    "\u2014": "---",
}
_DASHES = "-\u2013\u2014"


@dataclass(frozen=True, slots=True)
class OnlineCopy:
    """Where the work was read online, and when."""

    url: str
    accessed: dt.date

    @classmethod
    def from_strings(cls, url: str, accessed: str | dt.date) -> OnlineCopy:
        """Validate a URL (http or https, with a host) and an ISO date.

        Raises:
            UsageError: the URL or the date is malformed.
        """
        if isinstance(accessed, str):
            accessed = parse_date(accessed, field("accessed"))
        return cls(parse_web_url(url, field("url")), accessed)


def csl_record(work: Work, online: OnlineCopy | None = None) -> dict[str, object]:
    """The CSL-JSON item that every citation of ``work`` is rendered from."""
    record = work.to_csl_json()
    if online is not None:
        accessed = online.accessed
        record["URL"] = online.url
        record["accessed"] = {
            "date-parts": [[accessed.year, accessed.month, accessed.day]]
        }
    return record


def format_citation(
    work: Work,
    *,
    fmt: CiteFormat = CiteFormat.TEXT,
    style: CslStyle | None = None,
    in_text: bool = False,
    online: OnlineCopy | None = None,
    locale: str | None = None,
    form: CiteForm | None = None,
    standalone: bool = False,
    links: bool = False,
) -> str:
    """Cite ``work``: its own cite-as line, a CSL style's entry, or an exchange format.

    Without a style, text, HTML and Markdown give the work's cite-as line.
    ``locale`` (a CSL locale, ``en-GB``) overrides the style's default-locale.
    ``form`` asks for a particular in-text cite (narrative, a locator, affixes, a
    later note), and so implies ``in_text``. An HTML bibliography comes in
    citeproc-js's ``csl-bib-body`` container, as Zotero copies it; ``standalone``
    makes any HTML a whole page, with the style's bibliography layout as CSS;
    ``links`` makes the online copy's URL a link, as citeproc-js's
    ``wrap_url_and_doi`` does.

    Raises:
        UsageError: a style or ``in_text`` with an exchange format, ``in_text``
            or ``form`` without a style, a form the style cannot print, a style
            that cannot render the record, or an access date before the paper's
            date or in the future; ``standalone`` or ``links`` with other than HTML.
    """
    if (standalone or links) and fmt is not CiteFormat.HTML:
        raise UsageError(
            f"{field('standalone')} and {field('links')} apply to "
            f"{field('fmt')} html only"
        )
    text = _format(work, fmt, style, in_text, online, locale, form, links=links)
    if not standalone:
        return text
    from reprint import bibpage

    if style is None or in_text or (form is not None and not form.is_plain):
        return bibpage.standalone_page(
            f"<p>{text}</p>", title=work.title, lang=locale or "en", css=""
        )
    layout = bibpage.BibliographyLayout.from_style(style.root)
    return bibpage.standalone_page(
        text,
        title=work.title,
        lang=locale or style.default_locale or "en-US",
        css=layout.css(bibpage.label_width(text)),
    )


def _format(
    work: Work,
    fmt: CiteFormat,
    style: CslStyle | None,
    in_text: bool,
    online: OnlineCopy | None,
    locale: str | None,
    form: CiteForm | None,
    *,
    links: bool,
) -> str:
    if form is not None and form.is_plain:
        form = None
    in_text = in_text or form is not None
    if online is not None:
        check_since(
            online.accessed,
            work.issued,
            field("accessed"),
            "the paper's date",
            today=latest_today(),
        )
    markup = fmt.markup
    if markup is None:
        if style is not None or in_text:
            raise UsageError(
                f"{field('style')} and {field('in_text')} do not apply to "
                f"{field('fmt')} {fmt}"
            )
    elif style is not None:
        from reprint import csl

        rendered = csl.render(
            csl_record(work, online),
            style,
            markup,
            in_text=in_text,
            locale=locale,
            form=form,
        )
        if links and online is not None:
            rendered = _linked(rendered, online.url)
        if markup is Markup.HTML and not in_text:
            return bibliography_body(rendered)
        return rendered
    if locale is not None:
        raise UsageError(
            f"{field('locale')} needs a {field('style')}: the cite-as line and the "
            "exchange formats are not localized"
        )
    if in_text:
        raise UsageError(
            f"{field('in_text')} needs a {field('style')}: the cite-as line has no "
            "in-text form"
        )
    match fmt:
        case CiteFormat.TEXT:
            return _cite_as(work, online, Markup.TEXT)
        case CiteFormat.HTML:
            line = _cite_as(work, online, Markup.HTML)
            return _linked(line, online.url) if links and online else line
        case CiteFormat.MARKDOWN:
            return _cite_as(work, online, Markup.MARKDOWN)
        case CiteFormat.BIBTEX:
            return to_bibtex(work, online)
        case CiteFormat.BIBLATEX:
            return to_biblatex(work, online)
        case CiteFormat.RIS:
            return to_ris(work, online)
        case CiteFormat.CSL_JSON:
            return json.dumps([csl_record(work, online)], ensure_ascii=False, indent=2)
        case _:  # pragma: no cover
            assert_never(fmt)


def _linked(rendered: str, url: str) -> str:
    """HTML whose printed URL is a link to it, as citeproc-js's wrap_url_and_doi
    wraps the URL variable (the style's affixes stay outside the link)."""
    shown = html.escape(url)  # the cite-as line's escaping
    for printed in dict.fromkeys([shown, _csl_escaped(url)]):
        if printed in rendered:
            # The address escaped as citeproc-js escapes it, and quotes too.
            href = _csl_escaped(url).replace('"', "&#34;")
            link = f'<a href="{href}">{printed}</a>'
            return rendered.replace(printed, link)
    return rendered


def _csl_escaped(text: str) -> str:
    # citeproc-js's HTML escaping, which csl's HTML format reproduces.
    return text.replace("&", "&#38;").replace("<", "&#60;").replace(">", "&#62;")


def bibliography_body(entries: str) -> str:
    """HTML entries in citeproc-js's bibliography container, as its
    ``makeBibliography`` gives them (``bibstart``, the entries, ``bibend``)."""
    # csl.render gives an entry as citeproc-js does, less the first line's indent.
    return f'<div class="csl-bib-body">\n  {entries}\n</div>'


def _cite_as(work: Work, online: OnlineCopy | None, markup: Markup) -> str:
    line = work.cite_as
    if online is not None:
        line += f" Available at: {online.url} (accessed {long_date(online.accessed)})."
    return _mark_up(line, markup)


def _mark_up(text: str, markup: Markup) -> str:
    match markup:
        case Markup.TEXT:
            return text
        case Markup.HTML:
            return html.escape(text)
        case Markup.MARKDOWN:
            return guard_list_start(escape_markdown(text))
        case _:  # pragma: no cover
            assert_never(markup)


def format_credit(work: Work, markup: Markup = Markup.TEXT) -> str:
    """The credit line a republisher pastes under the work, then its cite-as line.

    The credit line names the author and every party the permission requires.
    """
    credit = _mark_up(work.credit_line, markup)
    cite_as = _mark_up(f"Cite as: {work.cite_as}", markup)
    if markup is Markup.HTML:
        return f"<p>{credit}</p>\n<p>{cite_as}</p>"
    return f"{credit}\n\n{cite_as}"


# Exchange formats


def escape_tex(text: str) -> str:
    """``text`` for a BibTeX field: special characters escaped, dashes spelled out."""
    pieces = []
    for char, following in zip(text, [*text[1:], ""], strict=False):
        pieces.append(_TEX_ESCAPES.get(char, char))
        # TeX reads a run of hyphens as one ligature ("––" would print as "—-").
        if char in _DASHES and following and following in _DASHES:
            pieces.append("{}")
    return "".join(pieces)


def _bib_url(url: str) -> str:
    # Biber reads url verbatim; only braces and backslashes would break the field.
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def _bib_entry(
    kind: str, key: str, fields: list[tuple[str, str]], online: OnlineCopy | None
) -> str:
    """An entry of the fields, the online copy's url and urldate after them;
    empty fields are left out."""
    if online is not None:
        fields = [
            *fields,
            ("url", f"{{{_bib_url(online.url)}}}"),
            ("urldate", f"{{{online.accessed}}}"),
        ]
    lines = [f"@{kind}{{{key},"]
    lines += [f"  {name} = {value}," for name, value in fields if value != "{}"]
    lines.append("}")
    return "\n".join(lines)


def _bib_authors(work: Work) -> str:
    return " and ".join(escape_tex(f"{a.family}, {a.given}") for a in work.authors)


def to_bibtex(work: Work, online: OnlineCopy | None = None) -> str:
    """A BibTeX ``@techreport`` entry (institution, type and number)."""
    fields = [
        ("author", f"{{{_bib_authors(work)}}}"),
        # Double braces keep the title's capitals from BibTeX styles' lower-casing.
        ("title", f"{{{{{escape_tex(work.title)}}}}}"),
        ("institution", f"{{{escape_tex(work.publisher)}}}"),
        ("address", f"{{{escape_tex(work.publisher_place)}}}"),
        ("type", f"{{{escape_tex(work.genre)}}}"),
        ("number", f"{{{escape_tex(work.number)}}}"),
        ("year", f"{{{work.issued.year}}}"),
        # BibTeX's month macros (jan, feb, ...), unbraced.
        ("month", MONTHS[work.issued.month - 1][:3].lower()),
    ]
    return _bib_entry("techreport", work.id, fields, online)


def to_biblatex(work: Work, online: OnlineCopy | None = None) -> str:
    """A BibLaTeX ``@report`` entry (type, number, institution, location, date)."""
    fields = [
        ("author", f"{{{_bib_authors(work)}}}"),
        ("title", f"{{{{{escape_tex(work.title)}}}}}"),
        ("type", f"{{{escape_tex(work.genre)}}}"),
        ("number", f"{{{escape_tex(work.number)}}}"),
        ("institution", f"{{{escape_tex(work.publisher)}}}"),
        ("location", f"{{{escape_tex(work.publisher_place)}}}"),
        ("date", f"{{{work.issued.isoformat()}}}"),
    ]
    return _bib_entry("report", work.id, fields, online)


def to_ris(work: Work, online: OnlineCopy | None = None) -> str:
    """An RIS record of type RPRT, tagged as Zotero tags reports, CR LF line ends."""
    issued = work.issued
    tags = [("TY", "RPRT")]
    tags += [("AU", f"{a.family}, {a.given}") for a in work.authors]
    tags += [
        ("TI", work.title),
        ("M3", work.genre),  # type of work: the report series' own name
        ("SN", work.number),  # Zotero's report number
        ("PB", work.publisher),
        ("CY", work.publisher_place),
        ("PY", str(issued.year)),
        ("DA", f"{issued:%Y/%m/%d}"),
    ]
    if online is not None:
        tags += [("UR", online.url), ("Y2", f"{online.accessed:%Y/%m/%d}")]
    lines = [f"{tag}  - {value}" for tag, value in tags if value]
    # The RIS specification ends every line, the last included, with CR LF.
    return "".join(f"{line}\r\n" for line in [*lines, "ER  - "])
