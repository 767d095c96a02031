"""One record rendered in a style: a bibliography entry or a cite, in a form."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping
from typing import assert_never

import citeproc
from citeproc import Citation, CitationItem, CitationStylesBibliography
from citeproc.source import Locator
from citeproc.source.json import CiteProcJSON

from reprint.citeform import AuthorMode, CiteForm
from reprint.csl.corrections import (
    MODE,
    OWN_CLOSER,
    POSITION,
    PRINTED,
    QUOTE_END,
    AuthorRendered,
    Style,
)
from reprint.csl.namespace import DEFAULT_LOCALE, NSMAP
from reprint.csl.output import FORMATS, displayed, html_superscripts
from reprint.csl.seams import MARKERS, NO_BREAK_AFTER
from reprint.csl.styles import CslStyle
from reprint.errors import UsageError, field
from reprint.markup import Markup, guard_list_start

# The marker follows the closing quote; tags that close around the quotation may sit
# between it and the punctuation to move, and citeproc-js moves the mark inside the
# markup the quoted element's own decorations close too ("“<i>Asia.</i>”"), not an
# inner element's ("“<i>Asia</i>.”"). Markdown's emphasis closes with asterisks
# (the text's own are escaped).
_CLOSING_TAGS = "</[a-z]+>"
_CLOSERS = {
    Markup.TEXT: re.compile(_CLOSING_TAGS),
    Markup.HTML: re.compile(_CLOSING_TAGS),
    Markup.MARKDOWN: re.compile(rf"{_CLOSING_TAGS}|(?<!\\)\*"),
}
_PUNCTUATION_AFTER_QUOTE = {
    markup: re.compile(
        f"(.)((?:{closing.pattern})*)(.){QUOTE_END}({OWN_CLOSER}*)"
        f"((?:{closing.pattern})*)([.,])"
    )
    for markup, closing in _CLOSERS.items()
}
_TERMINAL = ".!?"
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
_NOT_TEXT = frozenset({"id", "type", "language"})  # CSL-JSON keys that are not printed
_LOCALE_NAME = re.compile(r"[a-z]{2,3}(?:-[A-Z][A-Za-z]{1,3})?")


_UNMARKED = str.maketrans("", "", MARKERS)
# The languages whose initials citeproc-js joins to a name with a no-break space
# (CSL.NameOutput._renderOnePersonalName).
_NO_BREAK = {"fr": "\u00a0", "ru": "\u00a0", "cs": "\u00a0"}

_RENDERING = threading.RLock()


def check_locale(locale: str) -> str:
    """A CSL locale name (``en-GB``, ``de``) that has a locale file, or whose
    language has one (``en-AU`` falls back to ``en-US`` as citeproc-js does).

    Raises:
        UsageError: not a locale name, or a language without a CSL locale.
    """
    if not _LOCALE_NAME.fullmatch(locale):
        raise UsageError(f"{field('locale')} {locale!r} is not a locale like en-GB")
    language = locale.split("-")[0]
    if locale not in citeproc.LANGUAGE_NAMES and language not in (
        citeproc.PRIMARY_DIALECTS
    ):
        raise UsageError(f"{field('locale')} {locale!r}: no CSL locale for it")
    return locale


def render(
    record: Mapping[str, object],
    style: CslStyle,
    markup: Markup,
    *,
    in_text: bool,
    locale: str | None = None,
    form: CiteForm | None = None,
) -> str:
    """Render ``record`` as a bibliography entry, or a cite, in a style.

    ``in_text`` gives the in-text citation, or for a note style the first (full)
    note; ``form`` (with ``in_text``) its author mode, locator, affixes and
    position. HTML bibliography entries are wrapped as citeproc-js wraps them.
    ``locale`` overrides the style's default-locale (a dependent style's own).

    Raises:
        UsageError: the style lacks the part asked for, a form the style cannot
            print (no author in a numeric cite), an unknown locale, or a style
            citeproc-py fails on (its own error, in one line).
    """
    try:
        # One rendering at a time: a style's tree is shared and mutated (its locale
        # list, citeproc-py's state on elements) and the group frames are global;
        # the service renders in threads.
        with _RENDERING:
            return _render(
                record, style, markup, in_text=in_text, locale=locale, form=form
            )
    except UsageError:
        raise
    except Exception as exc:  # citeproc-py failing on a style is that style's error
        detail = str(exc).splitlines()[0] if str(exc) else ""
        raise UsageError(
            f"cannot render style '{style.name}': citeproc-py failed on it "
            f"({type(exc).__name__}: {detail})"
        ) from exc


def _render(
    record: Mapping[str, object],
    style: CslStyle,
    markup: Markup,
    *,
    in_text: bool,
    locale: str | None,
    form: CiteForm | None,
) -> str:
    root, name = style.root, style.name
    if locale is not None:
        check_locale(locale)
    root.set_locale_list(locale or style.default_locale or DEFAULT_LOCALE)
    key = str(record["id"]).lower()  # citeproc-py lower-cases ids
    formatter = FORMATS[markup]
    source = CiteProcJSON([_preformatted(record, formatter.preformat)])
    bibliography = CitationStylesBibliography(_Processor(root), source, formatter)
    if in_text:
        # A space at the end of a cite stays, as in citeproc-js (a layout's
        # suffix "] ", spip-cite's ") ").
        text = _cite(bibliography, key, form or CiteForm(), name)
        text = _finish(text, root, markup)
        return text if markup is Markup.TEXT else html_superscripts(text)
    bibliography.register(Citation([CitationItem(key)]))
    layout = root.find("cs:bibliography/cs:layout", NSMAP)
    if layout is None:
        raise UsageError(f"style '{name}' has no bibliography; ask for the citation")
    margin, body = layout.render_entry(bibliography.items[0])
    body = displayed(_finish(body, root, markup), markup)
    if margin is not None:
        margin = _finish(margin, root, markup)
    # Spaces around an entry: citeproc-js keeps a trailing one in HTML (after the
    # right-inline block when the first field is aligned); text entries are trimmed.
    trimmed = body.strip()
    match markup:
        case Markup.HTML:
            body = html_superscripts(body)
            if margin is None:
                return f'<div class="csl-entry">{body}</div>'
            trailing = " " * (len(body) - len(body.rstrip(" ")))
            entry = f'\n    <div class="csl-left-margin">{margin}</div>'
            if body:  # not a lone field, which is all margin
                entry += (
                    f'<div class="csl-right-inline">{body.rstrip(" ")}'
                    f"</div>\n  {trailing}"
                )
            return f'<div class="csl-entry">{layout.decorated(entry)}</div>'
        case Markup.TEXT:
            # citeproc-js writes the margin, a space, and the rest as it is.
            return trimmed if margin is None else f"{margin} {body}".strip()
        case Markup.MARKDOWN:
            body = html_superscripts(trimmed)
            if margin is not None:
                body = layout.decorated(f"{margin} {body}".strip())
            return guard_list_start(body)
        case _:  # pragma: no cover
            assert_never(markup)


def _preformatted(
    value: object, preformat: Callable[[object], str], key: str = ""
) -> object:
    """The record with its text escaped for the output format.

    citeproc-py escapes terms and literal values but not the record's variables, so an
    "&" in a title would reach HTML raw; citeproc-js escapes them all.
    """
    if isinstance(value, Mapping):
        return {k: _preformatted(v, preformat, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_preformatted(v, preformat, key) for v in value]
    if isinstance(value, str) and key not in _NOT_TEXT:
        return preformat(value)
    return value


class _Processor:
    """The part of citeproc-py's CitationStylesStyle that the bibliography calls."""

    def __init__(self, root: Style) -> None:
        self.root = root

    def render_citation(
        self, citation: object, cites: object, callback: object
    ) -> object:
        return self.root.citation.render(citation, cites, callback)

    def sort_bibliography(self, items: object) -> object:
        return (
            self.root.bibliography.sort(items)
            if self.root.bibliography is not None
            else items
        )


def _cite(
    bibliography: CitationStylesBibliography, key: str, form: CiteForm, name: str
) -> str:
    """One cite in ``form``; a narrative one is citeproc-js's composite: the
    author-only cite, a space, and the cite without its author."""
    is_note = bibliography.style.root.get("class") == "note"
    if is_note and form.mode in (AuthorMode.NARRATIVE, AuthorMode.AUTHOR_ONLY):
        # citeproc-js prints the author and stray pieces ("Rikki Kersten, no.").
        raise UsageError(
            f"style '{name}' is a note style: a note has no {form.mode} form; name "
            f"the author in the sentence and ask for {AuthorMode.SUPPRESS_AUTHOR}"
        )
    if form.mode is AuthorMode.NARRATIVE:
        author = _cite_once(bibliography, key, form, AuthorMode.AUTHOR_ONLY, name)
        rest = _cite_once(bibliography, key, form, AuthorMode.SUPPRESS_AUTHOR, name)
        return f"{author} {rest}"
    return _cite_once(bibliography, key, form, form.mode, name)


def _cite_once(
    bibliography: CitationStylesBibliography,
    key: str,
    form: CiteForm,
    mode: AuthorMode,
    name: str,
) -> str:
    preformat = bibliography.formatter.preformat
    options: dict[str, object] = {}
    if form.locator is not None:
        options["locator"] = Locator(form.locator.label, preformat(form.locator.value))
    if form.prefix:
        options["prefix"] = preformat(form.spaced_prefix())
    if form.suffix:
        options["suffix"] = preformat(form.spaced_suffix())
    item = CitationItem(key, **options)
    item[POSITION] = form.position
    if mode is not AuthorMode.NORMAL:
        item[MODE] = mode
    citation = Citation([item])
    bibliography.register(citation)
    try:
        text = str(bibliography.cite(citation, _unknown_item))
    except AuthorRendered as rendered:
        return str(rendered.text)
    if mode is AuthorMode.AUTHOR_ONLY or not item.get(PRINTED):
        # citeproc-js prints "[NO_PRINTED_FORM]" here.
        raise UsageError(
            f"style '{name}' has no {mode} form of this cite: it prints no "
            f"{'author' if mode is AuthorMode.AUTHOR_ONLY else 'text'} for it"
        )
    return text


def _unknown_item(item: object) -> None:
    raise AssertionError(f"the record was not registered: {item!r}")


def _finish(text: str, root: Style, markup: Markup) -> str:
    """Apply the locale's punctuation-in-quote rule and drop the quote markers."""
    language = str(root.get("default-locale", ""))[:2]
    text = text.replace(f"{NO_BREAK_AFTER} ", _NO_BREAK.get(language, " "))
    text = text.translate(_UNMARKED)
    if str(root.get_locale_option("punctuation-in-quote")).lower() == "true":
        closers = _CLOSERS[markup]
        text = _PUNCTUATION_AFTER_QUOTE[markup].sub(
            lambda found: _move_into_quote(found, closers), text
        )
    # citeproc-js prints an apostrophe between letters as a typographic one
    # ("l’adresse" from the French locale's "l'adresse").
    text = text.replace(QUOTE_END, "").replace(OWN_CLOSER, "")
    return _APOSTROPHE.sub("\u2019", text)


def _move_into_quote(found: re.Match[str], closers: re.Pattern[str]) -> str:
    before, inner, close, own, tags, mark = found.groups()
    # "Asia?”," and "Asia.”." keep the quotation's own mark, as citeproc-js does.
    if before in _TERMINAL or before == mark:
        return f"{before}{inner}{close}{tags}"
    closing = closers.findall(inner)
    kept = max(len(closing) - len(own), 0)  # an inner element's, outside the mark
    inner, own = "".join(closing[:kept]), "".join(closing[kept:])
    return f"{before}{inner}{mark}{own}{close}{tags}"
