"""A bibliography's layout as CSS, and a standalone HTML page that carries it.

citeproc-js gives the layout options of a style's ``<bibliography>`` (hanging-indent,
line-spacing, entry-spacing, second-field-align) as numbers beside its HTML; Zotero
turns them into inline CSS when it copies a bibliography. The rules here are
Zotero's (``Zotero.Cite.makeFormattedBibliography``), written once in a style
sheet on the classes citeproc-js puts on the entries.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from lxml import etree

_CSL = "{http://purl.org/net/xbiblio/csl}"
# Zotero's hanging indent in HTML (and Word's, as 0.5 in) for hanging-indent="true".
HANGING_INDENT_EM = 2
# Zotero's padding right of a csl-left-margin label, counted into the text's margin.
LABEL_PADDING_EM = 0.5
_TAG = re.compile(r"<[^>]+>")
_LEFT_MARGIN = re.compile(r'<div class="csl-left-margin">(.*?)</div>', re.DOTALL)
# A readable measure for a page of one entry: lines of about 70 characters.
PAGE_WIDTH_EM = 40


@dataclass(frozen=True, slots=True)
class BibliographyLayout:
    """The layout options of a style's bibliography (CSL 1.0.2 defaults)."""

    hanging_indent: bool = False
    line_spacing: int = 1
    entry_spacing: int = 1
    second_field_align: str | None = None  # "flush" or "margin"

    @classmethod
    def from_style(cls, root: etree._Element) -> BibliographyLayout:
        """The options on a style's ``<bibliography>``, defaults where unset or
        not a positive number (citeproc-js ignores such values too)."""
        found = root.find(f"{_CSL}bibliography")
        if found is None:
            return cls()
        return cls(
            hanging_indent=found.get("hanging-indent") == "true",
            line_spacing=_count(found.get("line-spacing"), 1),
            entry_spacing=_count(found.get("entry-spacing"), 1, minimum=0),
            second_field_align=found.get("second-field-align"),
        )

    def css(self, label_em: float) -> str:
        """The style sheet for citeproc-js's classes; ``label_em`` is the width of
        the widest left-margin label, in characters (citeproc-js's maxoffset)."""
        hanging = (
            f" padding-left: {HANGING_INDENT_EM}em; "
            f"text-indent: -{HANGING_INDENT_EM}em;"
            if self.hanging_indent
            else ""
        )
        aligned = self.second_field_align is not None
        rules = [
            f".csl-bib-body {{ line-height: {self.line_spacing}; }}",
            # Zotero indents the entry, or with aligned labels the text beside them.
            f".csl-entry {{ clear: left;{'' if aligned else hanging} }}",
            f".csl-entry:not(:last-child) {{ margin-bottom: {self.entry_spacing}em; }}",
        ]
        if aligned:
            rules += [
                ".csl-left-margin { float: left; "
                f"padding-right: {LABEL_PADDING_EM}em; text-align: right; "
                f"width: {label_em:g}em; }}",
                ".csl-right-inline { margin: 0 .4em 0 "
                f"{label_em + LABEL_PADDING_EM:g}em;{hanging} }}",
            ]
        return "\n".join(rules)


def _count(value: str | None, default: int, minimum: int = 1) -> int:
    if value is None or not value.isdigit() or int(value) < minimum:
        return default
    return int(value)


def label_width(body: str) -> int:
    """The widest left-margin label of HTML entries, in characters of its text."""
    labels = [html.unescape(_TAG.sub("", m)) for m in _LEFT_MARGIN.findall(body)]
    return max((len(label) for label in labels), default=0)


def standalone_page(body: str, *, title: str, lang: str, css: str) -> str:
    """A whole HTML5 document: UTF-8, the language, the title, the CSS, ``body``."""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(lang)}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n"
        "<style>\n"
        f"body {{ max-width: {PAGE_WIDTH_EM}em; margin: 2em auto; padding: 0 1em; }}\n"
        f"{css}\n"
        "</style>\n"
        "</head>\n"
        "<body>\n"
        f"{body}\n"
        "</body>\n"
        "</html>"
    )
