"""The correction layer: citeproc-py's elements, corrected to render as citeproc-js.

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
- a label is a term, printed whatever its variable holds and dropped only with
  its group ("no. 1"), citation-label was never generated ("[]" for "[Kers11]"),
  ordinals came from English in a German style, a term written with form="long"
  was not found, and one missing in a short or symbol form printed nothing;
- a space left at the end of a cite, an apostrophe not made typographic.

The styles are read through a parser of our own, whose element-class lookup maps CSL
tags to the corrected classes; citeproc-py's global class registry is left alone.
Mechanisms the elements share live beside this module: reprint.csl.decorations
(display, undoing spans, narrow spaces), reprint.csl.ordinals, reprint.csl.seams
(punctuation where pieces meet); the HTML and text-level conventions (escaping,
superscripts, punctuation in quotes) are reprint.csl.output's and rendering's.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path

import citeproc
from citeproc import CitationItem
from citeproc import model as csl_model
from citeproc.source import VariableError
from citeproc.string import MixedString, String
from lxml import etree

from reprint.citeform import AuthorMode, Position
from reprint.csl.casing import cased_text
from reprint.csl.decorations import (
    CALLERS,
    LEAVES,
    Undoing,
    affix_split,
    closers,
    display_kind,
    narrow_spaced,
)
from reprint.csl.labels import citation_label
from reprint.csl.namespace import CSL_NS, DEFAULT_LOCALE
from reprint.csl.ordinals import GENDERS, OrdinalTerms, gender_of, gendered
from reprint.csl.output import HtmlFormat
from reprint.csl.seams import (
    DISPLAY_END,
    DISPLAY_START,
    KEPT_SPACE,
    NO_BREAK_AFTER,
    NUMBER_END,
    SortSeparator,
    join,
    kept_edges,
    leaf_suffix,
    meet,
    nested,
    seam,
)
from reprint.errors import UsageError
from reprint.xmlsafe import hardened_parser

# Private-use characters mark where a quoted string ends, so the locale's
# punctuation-in-quote rule can be applied once the whole entry is assembled.
QUOTE_END = "\ue000"
# After the marker, one of these per tag the quoted element's own decorations close
# around its text: the punctuation moved into the quotation goes inside those only.
OWN_CLOSER = "\ue00f"

# Keys of a CitationItem that carry the asked-for form to the corrected elements.
MODE = "reprint-mode"
POSITION = "reprint-position"
AUTHOR_SEEN = "reprint-author-seen"
IN_LAYOUT = "reprint-in-layout"
PRINTED = "reprint-printed"


# Corrected elements. citeproc-py ships no type information, hence the ignores.


def _initializes(element: etree._Element, context: etree._Element | None) -> bool:
    """Whether a name's given names are initialized.

    citeproc-js reads initialize="true" as no setting at all, so "false" on the
    name, its citation or bibliography, or the style wins: a bibliography's
    initialize="false" keeps "Rikki" under a name's initialize="true".
    """
    anchor = element if context is None else context
    scopes = (f"{{{CSL_NS}}}citation", f"{{{CSL_NS}}}bibliography")
    scope = next(anchor.iterancestors(*scopes), None)  # the nearest one only
    owners = (element, scope, anchor.getroottree().getroot())
    return all(owner is None or owner.get("initialize") != "false" for owner in owners)


class _Affixes:
    """Prefixes and suffixes escaped for the output format, as citeproc-js does:
    citeproc-py wrote them raw, so AGLC's and MHRA's "<" and ">" around a URL
    made it an unknown tag that a browser hides."""

    def wrap(self, string: object) -> object:
        if string is None:
            return None
        element: csl_model.CitationStylesElement = self
        # Escaped in two pieces where citeproc-js has moved a space apart.
        prefix, cut = element.get("prefix", ""), affix_split(element, "prefix")
        prefix = element.preformat(prefix[:cut]) + element.preformat(prefix[cut:])
        suffix, cut = element.get("suffix", ""), affix_split(element, "suffix")
        suffix = element.preformat(suffix[:cut]) + element.preformat(suffix[cut:])
        markup = closers(element)
        leaf = element.tag in LEAVES and "macro" not in element.attrib
        if leaf:
            string = narrow_spaced(string, element.get_formatter().spaced)
            string = kept_edges(string)
            if _is_number(element, string):
                string = string + String(NUMBER_END)
        elif any(name in element.attrib for name in _DECORATIONS):
            # citeproc-js moves a space at the edge of a child's affix up to a
            # parent only through a parent without decorations (adjust.upward):
            # under sylwan's bold date macro a group's prefix " " stays beside the
            # delimiter " " before it.
            string = kept_edges(string, start=not prefix, end=not suffix)
        string = seam(prefix, string, markup)
        text = prefix + string
        if leaf:
            text = leaf_suffix(text, suffix, markup)
        else:
            text = meet(text, suffix, markup)
            text = nested(text, markup) if not suffix else text
        kind = display_kind(element)
        if kind is None:
            return text
        return String(DISPLAY_START + kind) + text + String(DISPLAY_END)


# The attributes citeproc-js counts as a blob's decorations (blobHasDecorations).
_DECORATIONS = (
    "font-style",
    "font-variant",
    "font-weight",
    "text-decoration",
    "vertical-align",
    "quotes",
)
# The variables citeproc-js renders as numbers (CSL.Util.outputNumericField) when
# their value is one.
_NUMBERS = frozenset(
    (
        "citation-number",
        "locator",
        "page",
        "page-first",
        "chapter-number",
        "collection-number",
        "edition",
        "issue",
        "number",
        "number-of-pages",
        "number-of-volumes",
        "volume",
    )
)
_NUMERIC = re.compile(r"(?:<[^>]+>)*[0-9]+[^\s<]{0,4}(?:</[a-z]+>)*")


def _is_number(element: csl_model.CitationStylesElement, string: object) -> bool:
    if element.get("variable") not in _NUMBERS:
        return False
    return _NUMERIC.fullmatch(str(string).strip(KEPT_SPACE + " ")) is not None


class _Name(_Affixes, Undoing, csl_model.Name):  # type: ignore[misc]  # citeproc-py is untyped
    def get_option(
        self, name: str, context: object = None, sort_options: object = None
    ) -> object:
        value = super().get_option(name, context, sort_options)
        if name == "sort-separator" and isinstance(value, str):
            return SortSeparator(value, self.get_formatter().spaced)
        return value

    def initialize(self, given: str, mark: str, context: etree._Element | None) -> str:
        initials = self._initials(given, mark, context)
        # citeproc-js joins initials made with a no-break initialize-with to the
        # family name with a no-break space in French, Russian and Czech
        # ("R.\u00a0Kersten"), a space elsewhere; the marker says where.
        if initials and ("\u00a0" in mark or "\ufeff" in mark):
            return initials + NO_BREAK_AFTER
        return initials

    def _initials(self, given: str, mark: str, context: etree._Element | None) -> str:
        if _initializes(self, context):
            initials: str = super().initialize(given, mark, context)
            return initials
        # CSL 1.0.2: with initialize="false" names stay whole, but existing initials
        # still take the initialize-with mark ("James T Kirk" -> "James T. Kirk").
        parts = given.split()
        return " ".join(_mark_initial(part, mark.rstrip()) for part in parts)


def _mark_initial(part: str, mark: str) -> str:
    letters = part.rstrip(".")
    return letters + mark if len(letters) == 1 and letters.isupper() else part


class _Joined:
    """Children joined with reprint.csl.seams, whose markers citeproc-py's own join
    would read as text (a branch's or a cite layout's children)."""

    def render_children(self, item: object, **kwargs: object) -> object:
        element: csl_model.CitationStylesElement = self
        delimiter = str(kwargs.pop("delimiter", ""))
        output = []
        for child in element.iterchildren():
            try:
                if isinstance(child, csl_model.Choose):
                    text = child.render(item, delimiter=delimiter, **kwargs)
                else:
                    text = child.render(item, **kwargs)
            except VariableError:
                continue
            if text is not None:
                output.append(text)
        return join(output, delimiter, closers(element)) if output else None


class _Conditional(_Joined):
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
            ("type", functools.partial(_types, element)),
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


def _types(element: csl_model.If, item: object) -> list[bool]:
    """A type test is one test, true when the item is any of the types listed, as
    citeproc-js composes it whatever ``match`` says: ``type="report thesis"`` with
    a variable under match="all" is "a report or a thesis, with the variable";
    citeproc-py required the item to be of every type, so the branch never ran."""
    found: list[bool] = element._type(item)
    return [any(found)]


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
    position = item.get(POSITION) if isinstance(item, CitationItem) else None
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


class _Else(_Joined, csl_model.Else):  # type: ignore[misc]  # citeproc-py is untyped
    pass


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


class AuthorRendered(Exception):  # a result, not an error
    """Carries an author-only cite's names out of the layout once rendered."""

    def __init__(self, text: object) -> None:
        super().__init__("author rendered")
        self.text = text


# One entry per <names> between its process and its markup: whether its output is
# a substitute's rather than its own names.
_SUBSTITUTED: list[bool] = []
_SUBSTITUTE = f"{{{CSL_NS}}}substitute"
_BRANCHES = frozenset(
    f"{{{CSL_NS}}}{tag}" for tag in ("choose", "if", "else-if", "else")
)


class _Substituting:
    """Decorations and affixes around a substitute's output, as citeproc-js has
    them: the substituted <names> adds none of its own; a shorthand <names>
    (no <name> of its own) in the substitute takes that names' instead of its own;
    any other substitute prints with only its own. citeproc-py decorated the
    output twice ("<b><b>", "([…])")."""

    def process(
        self,
        item: object,
        names_context: object = None,
        context: object = None,
        **kwargs: object,
    ) -> object:
        element: csl_model.Names = self
        # A shorthand inside a choose in the substitute is one too (CSL 1.0.2),
        # and one in a shorthand's substitute stands for the names that one
        # stands for; citeproc-py gave the names' <name> and <label> only to the
        # substitute's own children ("R. Kersten" lost its small caps and order).
        outer = element if names_context is None else names_context
        while (further := _shorthand_for(outer)) is not None:
            outer = further
        names_context = None if outer is element else outer
        text = super().process(item, names_context, context, **kwargs)  # type: ignore[misc]
        roles = str(element.get("variable")).split()
        reference = item.reference  # type: ignore[attr-defined]
        _SUBSTITUTED.append(not any(role in reference for role in roles))
        return text

    def markup(self, text: object) -> object:
        element: csl_model.Names = self
        if _SUBSTITUTED.pop() or not text:
            return text or None
        decorating = element
        while (outer := _shorthand_for(decorating)) is not None:
            decorating = outer
        return decorating.wrap(decorating.format(text))


def _shorthand_for(names: csl_model.Names) -> csl_model.Names | None:
    """The names a shorthand <names> (no <name> of its own) in a substitute
    stands for, through choose branches; None for any other names."""
    if names.find(f"{{{CSL_NS}}}name") is not None:
        return None
    parent = names.getparent()
    while parent is not None and parent.tag in _BRANCHES:
        parent = parent.getparent()
    if parent is None or parent.tag != _SUBSTITUTE:
        return None
    found: csl_model.Names = parent.getparent()
    return found


class _Names(_Substituting, _Affixes, Undoing, _Tracked, csl_model.Names):  # type: ignore[misc]  # citeproc-py is untyped
    """The first names a cite renders are its author, as citeproc-js has it:
    suppressed for ``suppress-author``, the whole cite for ``author-only``."""

    def render(self, *args: object, **kwargs: object) -> object:
        text = super().render(*args, **kwargs)
        item = args[0] if args else kwargs.get("item")
        if not isinstance(item, CitationItem):
            return text
        mode = item.get(MODE)
        if mode is None or text is None or not item.get(IN_LAYOUT):
            return text  # a sort key is rendered too, before the layout
        if item.get(AUTHOR_SEEN) or self._substitutes():
            return text  # substituted names are the enclosing names' output
        item[AUTHOR_SEEN] = True
        if mode is AuthorMode.AUTHOR_ONLY:
            raise AuthorRendered(text)
        return None

    def _substitutes(self) -> bool:
        return next(self.iterancestors(f"{{{CSL_NS}}}substitute"), None) is not None

    def process(
        self,
        item: object,
        names_context: object = None,
        context: object = None,
        **kwargs: object,
    ) -> object:
        # A variable a substitute printed is not printed again in the entry
        # (CSL 1.0.2, citeproc-js); citeproc-py checked only <text variable>,
        # so "editor author" repeated an author substituted for a composer.
        variables = str(self.get("variable", ""))
        done = _substituted(self if context is None else context, self.tag)
        kept = " ".join(name for name in variables.split() if name not in done)
        if kept == " ".join(variables.split()):
            return super().process(
                item, names_context=names_context, context=context, **kwargs
            )
        self.set("variable", kept)
        try:
            return super().process(
                item, names_context=names_context, context=context, **kwargs
            )
        finally:
            self.set("variable", variables)


def _substituted(element: csl_model.CitationStylesElement, tag: str) -> set[str]:
    """The variables substitutes have printed so far in the entry being rendered."""
    layout = element.get_layout()
    entries = getattr(layout, "repressed", {}).get(tag, [])
    return {name for entry in entries for name in str(entry).split()}


class _Date(_Affixes, Undoing, _Tracked, OrdinalTerms, csl_model.Date):  # type: ignore[misc]  # citeproc-py is untyped
    def render_single_date(
        self, date: object, show_parts: object = None, context: object = None
    ) -> object:
        if not self.is_locale_date():
            return super().render_single_date(date, show_parts, context)
        # A localized date's parts are joined by the locale's own delimiter (the
        # calling cs:date may not set one); citeproc-py used the caller's.
        parts = self.parts(date, show_parts, context)
        return self.join(parts) if parts else None

    def wrap(self, string: object) -> object:
        # citeproc-py never applies a date's own font-style, font-weight and the
        # rest ("<b>2011</b>" printed as "2011"); citeproc-js decorates the date
        # inside its affixes. A localized date (form=…) is the locale's date node
        # with the style's affixes and parts (CSL.Util.fixDateNode): citeproc-js
        # drops the calling date's decorations. It is wrapped here, once.
        if string is None or self.get("form") is not None:
            return super().wrap(string)
        return super().wrap(self.format(string))


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
        markup = element.get_formatter() is HtmlFormat
        return String(cased_text(str(text), text_case, markup))


class _Text(_Affixes, Undoing, _Tracked, OrdinalTerms, _Cased, csl_model.Text):  # type: ignore[misc]  # citeproc-py is untyped
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
        CALLERS.append(self)
        try:
            text = _render_group(macro, item, self if context is None else context, "")
        finally:
            CALLERS.pop()
        return text, language

    def _variable(self, item: object, context: object) -> object:
        if self.get("variable") == "citation-label":
            reference = item.reference  # type: ignore[attr-defined]
            return String(self.preformat(citation_label(reference)))
        text = super()._variable(item, context)
        if self.get("variable") == "URL" and self.get("form") == "short":
            return _short_url(text)
        return text

    def strip_periods(self, string: object) -> object:
        # A citation number is an int: no periods, and citeproc-py's own
        # strip-periods failed on it (AttributeError).
        if isinstance(string, int):
            return string
        return super().strip_periods(string)

    def quote(self, string: object) -> object:
        quoted = super().quote(string)
        if self.get("quotes", "false").lower() == "true":
            own = str(self.format("")).count("</")
            return quoted + QUOTE_END + OWN_CLOSER * own
        return quoted


# citeproc-js's short form of a URL: its scheme and host, the scheme dropped from
# a www. host ("https://example.org/papers/x" is "https://example.org").
_URL_PATH = re.compile(r"(.*\.[^/]+)/.*")
_URL_SCHEME = re.compile(r"https?://")


def _short_url(text: object) -> object:
    if not isinstance(text, str | MixedString):
        return text
    short = _URL_PATH.sub(r"\1", str(text), count=1)
    if "//www." in short:
        short = _URL_SCHEME.sub("", short, count=1)
    return String(short)


class _DatePart(_Affixes, Undoing, OrdinalTerms, _Cased, csl_model.Date_Part):  # type: ignore[misc]  # citeproc-py is untyped
    def process(self, date: object, context: object = None) -> object:
        gender = None
        if self.get("name") == "day":
            try:
                month = int(date.month)  # type: ignore[attr-defined]
            except (VariableError, AttributeError, TypeError, ValueError):
                month = 0  # no month, or a season
            if 1 <= month <= 12:
                gender = gender_of(self, f"month-{month:02}")
        GENDERS.append(gender)
        try:
            return super().process(date, context)
        finally:
            GENDERS.pop()


class _Number(_Affixes, Undoing, _Tracked, OrdinalTerms, _Cased, csl_model.Number):  # type: ignore[misc]  # citeproc-py is untyped
    def process(self, item: object, context: object = None, **kwargs: object) -> object:
        GENDERS.append(gender_of(self, str(self.get("variable"))))
        try:
            return super().process(item, context, **kwargs)
        finally:
            GENDERS.pop()


class _NamePart(_Affixes, Undoing, _Cased, csl_model.Name_Part):  # type: ignore[misc]  # citeproc-py is untyped
    def format_part(self, given: object, family: object) -> tuple[object, object]:
        """A name part, as one string: with an affix it was a MixedString (a list),
        which citeproc-py's name joins with str.join and failed on (TypeError)."""
        given, family = super().format_part(given, family)
        return _flat(given), _flat(family)


def _flat(part: object) -> object:
    # MixedString's pieces are already formatted for the output: joined, they
    # are the markup it would print.
    return String(str(part)) if isinstance(part, MixedString) else part


class _Label(_Affixes, Undoing, _Cased, csl_model.Label):  # type: ignore[misc]  # citeproc-py is untyped
    def process(
        self,
        item: object,
        variable: str | None = None,
        plural: object = None,
        context: object = None,
        **kwargs: object,
    ) -> object:
        # citeproc-js prints a label's term whether or not its variable has a
        # value ("no. 1" under issue's label for a report's number); a group
        # whose variables are all empty drops it, as it drops any term.
        name = variable if variable is not None else self.get("variable")
        if name == "locator" and not getattr(item, "has_locator", False):
            # citeproc-js: the label of a cite without a locator is page's, single.
            return super().process(item, "page", False, context, **kwargs)
        return super().process(item, variable, plural, context, **kwargs)


class _Group(_Affixes, Undoing, csl_model.Group):  # type: ignore[misc]  # citeproc-py is untyped
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
    if output and (printed or not called):
        # A group that prints is a success for the group around it, though it
        # printed only terms (citeproc-js: "In" beside a macro that calls no
        # variable keeps the group of an empty container-title).
        _note_variable(True)
        # citeproc-js escapes a delimiter as any string (",  " is ",&#160; " in HTML).
        return join(output, parent.preformat(delimiter), closers(parent))
    if called:
        _note_variable(printed)
    raise VariableError


class _Layout(_Affixes, Undoing, _Joined, csl_model.Layout):  # type: ignore[misc]  # citeproc-py is untyped
    repressed: dict[str, object]

    def render_entry(self, item: object) -> tuple[str | None, str]:
        """One bibliography entry, its first field apart when the style aligns it.

        When the layout's first element has a ``display``, citeproc-js
        (CSL.Node.layout, ``using_display``) puts the layout's suffix in place of
        the suffix of the last piece rendered at the layout's level, and loses it
        when that piece is an empty text or names (a group, number or date that
        renders nothing leaves no piece; a displayed piece's block takes it
        after the piece's own): latin-american-perspectives' last group prints no
        ".", currents-in-biblical-research's ". " goes with an empty macro.
        """
        first = next(self.iterchildren(), None)
        if first is None or first.get("display") is None:
            return self._render_entry(item)
        self.repressed = {}
        holder = _last_piece(self, item)
        self.repressed = {}  # finding it rendered names, which citeproc-py tracks
        if holder is not None and holder.get("display") is not None:
            # A displayed piece is wrapped in a block of its own, which takes the
            # suffix after the piece's own.
            return self._render_entry(item)
        saved = {self: self.get("suffix"), holder: None}
        if holder is not None:
            saved[holder] = holder.get("suffix")
            holder.set("suffix", self.get("suffix", ""))
        self.attrib.pop("suffix", None)
        try:
            return self._render_entry(item)
        finally:
            for element, suffix in saved.items():
                if element is None:
                    continue
                if suffix is None:
                    element.attrib.pop("suffix", None)
                else:
                    element.set("suffix", suffix)

    def _render_entry(self, item: object) -> tuple[str | None, str]:
        self.repressed = {}
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
        is_aligned = self.getparent().get("second-field-align") is not None
        if is_aligned and len(fields) == 1:
            # citeproc-js puts a lone field in the margin, after the layout's
            # prefix and without its suffix.
            return self.preformat(self.get("prefix", "")) + str(fields[0]), ""
        rest = fields[1:] if is_aligned else fields
        joined = join(rest, self.preformat(delimiter), closers(self))
        if is_aligned:
            # The layout's prefix opens the margin, its suffix ends the rest; the
            # whole entry is decorated (decorated).
            margin = self.preformat(self.get("prefix", "")) + str(fields[0])
            suffix = self.preformat(self.get("suffix", ""))
            text = str(joined) + str(seam(joined, suffix, closers(self)))
        else:
            text = str(self.format(self.wrap(joined)))
        # citeproc-js puts the layout's suffix inside the last field when it is
        # displayed.
        if str(fields[-1]).endswith(DISPLAY_END):
            last = text.rfind(DISPLAY_END)
            text = text[:last] + text[last + 1 :] + DISPLAY_END
        return margin, text

    def decorated(self, entry: str) -> str:
        """An aligned entry, margin and rest, under the layout's decorations:
        citeproc-js puts them around both blocks."""
        return str(self.format(entry))

    def render_children(self, item: object, **kwargs: object) -> object:
        if not isinstance(item, CitationItem):
            return super().render_children(item, **kwargs)
        item[IN_LAYOUT] = True
        try:
            rendered = super().render_children(item, **kwargs)
        finally:
            item[IN_LAYOUT] = False
        item[PRINTED] = bool(rendered)
        return rendered


# Elements that leave no piece in citeproc-js's queue when they render nothing.
_POPPED = frozenset(f"{{{CSL_NS}}}{tag}" for tag in ("group", "number", "date"))


def _last_piece(
    parent: csl_model.CitationStylesElement, item: object
) -> csl_model.CitationStylesElement | None:
    """The element whose output is the last piece at ``parent``'s level (a choose's
    taken branch is at its level), or None when nothing there leaves one."""
    for child in reversed(list(parent.iterchildren())):
        if isinstance(child, csl_model.Choose):
            for branch in child.iterchildren():
                if not isinstance(branch, _Conditional) or branch.passes(item):
                    found = _last_piece(branch, item)
                    if found is not None:
                        return found
                    break
            continue
        if child.tag in _POPPED and child.get("display") is None:
            # (a displayed element's block is a piece even when empty)
            try:
                text = child.render(item)
            except VariableError:
                continue
            if text is None or str(text) == "":
                continue
        return child
    return None


class _Locale(csl_model.Locale):  # type: ignore[misc]  # citeproc-py is untyped
    def get_term(
        self, name: str, form: str | None = None, zero_padded: bool = False
    ) -> object:
        # A term written with form="long" is the long form (CSL's default);
        # citeproc-py looked only for terms without a form attribute, so a
        # style's own "Abfrage" lost to the locale file's "zugegriffen".
        try:
            term = super().get_term(name, form, zero_padded)
        except IndexError:
            if form is not None:
                term = self._next_form(name, form, zero_padded)
            else:
                term = super().get_term(name, "long", zero_padded)
        if "ordinal" not in name or not GENDERS:
            return term
        found = gendered(term, GENDERS[-1])
        if found is None:
            raise IndexError(name)  # none for this gender here: the next locale's
        return found

    def _next_form(self, name: str, form: str, zero_padded: bool) -> object:
        """A term missing in the form asked for is taken in the next one (CSL
        1.0.2: symbol, then short, then long; verb-short, then verb, then long),
        once no locale has it in that form: citeproc-js merges the locales and
        then falls back, so "accessed" in form="short" is en-US's long
        "accessed", where citeproc-py printed nothing."""
        if form not in _NEXT_FORM:
            raise IndexError(name)
        others = getattr(self, "style", None)
        for locale in [] if others is None else others.locales:
            try:
                csl_model.Locale.get_term(locale, name, form, zero_padded)
            except IndexError:
                continue
            raise IndexError(name)  # that locale's own form comes first
        return self.get_term(name, _NEXT_FORM[form], zero_padded)


# The form a term falls back to when a locale lacks it (None is the long form).
_NEXT_FORM: dict[str, str | None] = {
    "symbol": "short",
    "short": None,
    "verb-short": "verb",
    "verb": None,
}


class Style(csl_model.Style):  # type: ignore[misc]  # citeproc-py is untyped
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
            self.locales.append(parse(path.read_bytes(), f"locale {lang}"))
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
        "else": _Else,
        "date": _Date,
        "text": _Text,
        "date-part": _DatePart,
        "number": _Number,
        "name-part": _NamePart,
        "label": _Label,
        "layout": _Layout,
        "group": _Group,
        "style": Style,
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


def parse(xml: bytes, name: str) -> etree._Element:
    try:
        root = etree.fromstring(xml, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise UsageError(f"cannot read style '{name}': not XML ({exc})") from exc
    _decode_references(root)
    return root


# citeproc-js (npm citeproc, reading a style from a string) decodes character
# references in attribute values and element text after XML has: a style's
# delimiter="&amp;#160;: " is a no-break space and a colon, where citeproc-py
# printed "&#160;: ".
_REFERENCE = re.compile(r"&(?:#([0-9]{1,6})|#[xX]([0-9a-fA-F]{1,6})|(quot|gt|lt));")
_NAMED = {"quot": '"', "gt": ">", "lt": "<"}


def _decoded(text: str) -> str:
    def one(found: re.Match[str]) -> str:
        decimal, hexadecimal, named = found.groups()
        if named is not None:
            return _NAMED[named]
        code = int(decimal, 10) if decimal is not None else int(hexadecimal, 16)
        is_char = 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF
        return chr(code) if is_char else found[0]

    return _REFERENCE.sub(one, text)


def _decode_references(root: etree._Element) -> None:
    for element in root.iter():
        for attribute, value in element.attrib.items():
            if "&" in str(value):
                element.set(attribute, _decoded(str(value)))
        if element.text is not None and "&" in element.text:
            element.text = _decoded(element.text)
