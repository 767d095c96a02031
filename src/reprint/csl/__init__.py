"""CSL rendering with citeproc-py, corrected where it disagrees with citeproc-js.

- ``styles``: styles by id, alias or .csl file, and the ten checked against
  citeproc-js;
- ``rendering``: one record as a bibliography entry or a cite, in a form;
- ``corrections``: the correction layer, citeproc-py's elements subclassed where
  they depart from citeproc-js, and the parser that reads styles into them;
- ``decorations``, ``ordinals``: what the corrected elements add as citeproc-js
  does (display blocks, spans that undo a decoration, narrow no-break spaces;
  ordinals in the rendered language and the noun's gender);
- ``output``, ``casing``, ``labels``, ``seams``: citeproc-js's output formats,
  text-case, generated citation-label and punctuation where pieces meet;
- ``namespace``: the CSL names they share.

Only this package imports citeproc, so plain ``reprint cite`` never loads it.
"""

from reprint.csl.namespace import CSL_NS, DEFAULT_LOCALE
from reprint.csl.rendering import check_locale, render
from reprint.csl.styles import (
    BUNDLED_STYLES,
    STYLE_ALIASES,
    STYLES,
    CslStyle,
    StyleEntry,
    bundled_style_file,
    list_styles,
    names_file,
    resolve_style,
    style_title,
)

__all__ = [
    "BUNDLED_STYLES",
    "CSL_NS",
    "DEFAULT_LOCALE",
    "STYLES",
    "STYLE_ALIASES",
    "CslStyle",
    "StyleEntry",
    "bundled_style_file",
    "check_locale",
    "list_styles",
    "names_file",
    "render",
    "resolve_style",
    "style_title",
]
