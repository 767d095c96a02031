"""citeproc-js's output formats, as citeproc-py's formatter modules.

citeproc-py looks up ``preformat`` and one class per text decoration on the module
(or class) it is given; these reproduce citeproc-js's "text" and "html" formats, and
a Markdown one that says in inline HTML what Markdown cannot.
"""

from __future__ import annotations

import re

from reprint.csl.seams import DISPLAY_END, DISPLAY_START, MARKERS, NO_CLOSERS
from reprint.markup import Markup, escape_markdown

_DOUBLED_SPACE = re.compile(r"\s\s")


class _Format:
    """Plain text; subclasses mark up. citeproc-py reads these as module attributes."""

    # Markup a rendered piece may end in, which punctuation after it looks through.
    CLOSERS = NO_CLOSERS

    @staticmethod
    def preformat(text: object) -> str:
        return str(text)

    @staticmethod
    def spaced(text: str) -> str:
        """``text`` with doubled whitespace kept visible (markup formats)."""
        return text

    Italic = Oblique = Bold = Light = str
    Underline = Superscript = Subscript = SmallCaps = str
    NormalStyle = NormalVariant = NormalWeight = NoDecoration = Baseline = str


def _tag(template: str) -> type[str]:
    class Tagged(str):
        __slots__ = ()

        def __new__(cls, text: object) -> Tagged:
            return super().__new__(cls, template.format(text))

    return Tagged


def _emphasis(marker: str, tag: str) -> type[str]:
    """Markdown emphasis, or its HTML tag where CommonMark would not read the
    marks as emphasis: around spaces at either end, or next to another run's
    marks (an italic inside an italic is not bold)."""

    class Emphasis(str):
        __slots__ = ()

        def __new__(cls, text: object) -> Emphasis:
            inner = str(text)
            bare = inner.strip(MARKERS)  # markers the seams left
            edges = bare[:1] + bare[-1:]
            if not bare or any(c.isspace() or c in "*_" for c in edges):
                return super().__new__(cls, f"<{tag}>{inner}</{tag}>")
            return super().__new__(cls, f"{marker}{inner}{marker}")

    return Emphasis


class HtmlFormat(_Format):
    """citeproc-js's "html" output format: numeric entities and its tag choices."""

    @staticmethod
    def preformat(text: object) -> str:
        escaped = (
            str(text).replace("&", "&#38;").replace("<", "&#60;").replace(">", "&#62;")
        )
        return HtmlFormat.spaced(escaped)

    @staticmethod
    def spaced(text: str) -> str:
        # citeproc-js's text_escape: any two whitespace characters (JavaScript's
        # \s, em and narrow spaces included), the first made a no-break space.
        return _DOUBLED_SPACE.sub("\u00a0 ", text)

    CLOSERS = re.compile(r"(?:</[a-z]+>)+$")

    Italic = _tag("<i>{}</i>")
    Oblique = _tag("<em>{}</em>")
    Bold = _tag("<b>{}</b>")
    Light = str
    Underline = _tag('<span style="text-decoration:underline;">{}</span>')
    Superscript = _tag("<sup>{}</sup>")
    Subscript = _tag("<sub>{}</sub>")
    SmallCaps = _tag('<span style="font-variant:small-caps;">{}</span>')
    NormalStyle = _tag('<span style="font-style:normal;">{}</span>')
    NormalVariant = _tag('<span style="font-variant:normal;">{}</span>')
    NormalWeight = _tag('<span style="font-weight:normal;">{}</span>')
    NoDecoration = _tag('<span style="text-decoration:none;">{}</span>')
    Baseline = _tag('<span style="baseline">{}</span>')  # sic: citeproc-js's markup


class _MarkdownFormat(_Format):
    """Markdown; what it cannot say is inline HTML, which CommonMark passes
    through: the HTML format's superscript, subscript, small caps, underline and
    the spans that undo an enclosing decoration."""

    @staticmethod
    def preformat(text: object) -> str:
        # As in HTML: a browser collapses the doubled space the style asks for.
        return HtmlFormat.spaced(escape_markdown(str(text)))

    spaced = HtmlFormat.spaced

    # Emphasis closes with asterisks: the text's own are escaped.
    CLOSERS = re.compile(r"(?:</[a-z]+>|(?<!\\)\*)+$")

    Italic = Oblique = _emphasis("*", "i")
    Bold = _emphasis("**", "b")
    Light = str
    Underline = HtmlFormat.Underline
    Superscript = HtmlFormat.Superscript
    Subscript = HtmlFormat.Subscript
    SmallCaps = HtmlFormat.SmallCaps
    NormalStyle = HtmlFormat.NormalStyle
    NormalVariant = HtmlFormat.NormalVariant
    NormalWeight = HtmlFormat.NormalWeight
    NoDecoration = HtmlFormat.NoDecoration
    Baseline = str  # citeproc-js's span sets no valid CSS


FORMATS: dict[Markup, type[_Format]] = {
    Markup.TEXT: _Format,
    Markup.HTML: HtmlFormat,
    Markup.MARKDOWN: _MarkdownFormat,
}


# citeproc-js's @display decorations (2.4.63), per output format: HTML blocks, and
# in text a line break, an indent or a space after the margin. Markdown writes a
# space where a browser would start a block.
_DISPLAY_TEMPLATES: dict[Markup, dict[str, str]] = {
    Markup.HTML: {
        "b": '\n\n    <div class="csl-block">{}</div>\n',
        "l": '\n    <div class="csl-left-margin">{}</div>',
        "r": '<div class="csl-right-inline">{}</div>\n  ',
        "i": '<div class="csl-indent">{}</div>\n  ',
    },
    Markup.TEXT: {"b": "\n{}", "l": "{} ", "r": "{}", "i": "\n    {}"},
    # A browser separates blocks: Markdown, with no blocks inside a line, spaces.
    Markup.MARKDOWN: {"b": " {} ", "l": " {} ", "r": " {} ", "i": " {} "},
}
_SPACES = re.compile(" {2,}")
# citeproc-js ends a displayed field with the punctuation mark that starts what
# follows it (", 1" after a block is "…,</div> 1"), in text as in HTML.
_PUNCTUATION_AFTER_DISPLAY = re.compile(
    f"{DISPLAY_END}({DISPLAY_START}[blri])?([.,;:!?])"
)


def _into_display(found: re.Match[str]) -> str:
    start, mark = found.groups()
    return f"{mark}{DISPLAY_END}{start or ''}"


_DISPLAYED = re.compile(f"{DISPLAY_START}([blri])([^{DISPLAY_END}]*){DISPLAY_END}")


def displayed(text: str, markup: Markup) -> str:
    """A bibliography entry's displayed fields drawn as citeproc-js draws them.

    As citeproc-js moves spaces upward, the first field's leading spaces and the
    last field's trailing spaces stand outside its block.
    """
    templates = _DISPLAY_TEMPLATES[markup]
    text = _PUNCTUATION_AFTER_DISPLAY.sub(_into_display, text)

    def draw(found: re.Match[str]) -> str:
        kind, content = found.groups()
        lead = trail = ""
        if found.start() == 0:
            lead = content[: len(content) - len(content.lstrip(" "))]
            content = content.lstrip(" ")
        if found.end() == len(text):
            trail = content[len(content.rstrip(" ")) :]
            content = content.rstrip(" ")
        return lead + templates[kind].format(content) + trail

    drawn = _DISPLAYED.sub(draw, text)
    # Markdown's own doubled spaces are "\u00a0 " already (preformat).
    return _SPACES.sub(" ", drawn) if markup is Markup.MARKDOWN else drawn


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


def html_superscripts(text: str) -> str:
    return _SUPERSCRIPT.sub(lambda c: f"<sup>{_SUPERSCRIPTS[c[0]]}</sup>", text)
