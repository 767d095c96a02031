"""Ordinal terms as citeproc-js finds them: from the language rendered in, and in
the gender of the noun they count."""

from __future__ import annotations

from citeproc import model as csl_model
from lxml import etree

from reprint.csl.namespace import DEFAULT_LOCALE, XML_LANG


class OrdinalTerms:
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
            tag = locale.get(XML_LANG)
            if tag is not None and tag.split("-")[0] != language:
                continue
            try:
                return locale.get_term(name, form, zero_padded=zero_padded)
            except IndexError:  # not in this locale
                continue
        return None


# The gender of the noun an ordinal being rendered agrees with: the month of a day,
# the term of a number's variable ("1ᵉʳ août", "1ʳᵉ édition"), as citeproc-js takes
# it; citeproc-py took the first ordinal term. Rendering is serialised by a lock.
GENDERS: list[str | None] = []


def gendered(term: etree._Element, gender: str | None) -> etree._Element | None:
    """The variant of ``term`` for ``gender``, else its ungendered one, else none
    (citeproc-js then falls back to the plain "ordinal" term)."""
    parent = term.getparent()
    variants = [
        other
        for other in (parent.iterchildren(term.tag) if parent is not None else ())
        if all(other.get(key) == term.get(key) for key in ("name", "form", "match"))
    ]
    for wanted in (gender, None) if gender is not None else (None,):
        for other in variants:
            if other.get("gender-form") == wanted:
                return other
    return None


def gender_of(element: csl_model.CitationStylesElement, term_name: str) -> str | None:
    term = element.get_term(term_name)
    return term.get("gender") if isinstance(term, etree._Element) else None
