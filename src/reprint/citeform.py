"""The forms of an in-text cite a writer asks for: whose name shows, where, and how.

These are citeproc-js's cite-item options, which Zotero's citation dialog sets: the
author shown, suppressed or alone (``author-only``, ``suppress-author``, and the
narrative "Kersten (2011)", which citeproc-js composes of the two), a locator with its
CSL label, a prefix and a suffix, and the cite's position among the notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources

from reprint.errors import UsageError, field


class AuthorMode(StrEnum):
    """Whether the cite shows the author's name, hides it, or shows only it."""

    NORMAL = "normal"
    NARRATIVE = "narrative"  # "Kersten (2011)": the name in the sentence
    AUTHOR_ONLY = "author-only"  # "Kersten"
    SUPPRESS_AUTHOR = "suppress-author"  # "(2011)"


class Position(StrEnum):
    """Where the cite falls among a document's cites of the work (CSL positions).

    ``subsequent`` is a later cite after a cite of another work; ``ibid`` follows a
    cite of this work at once (``ibid-with-locator`` when it has a locator).
    """

    FIRST = "first"
    SUBSEQUENT = "subsequent"
    IBID = "ibid"


# CSL 1.0.2's locator types (Appendix III), with the spelling of "sub verbo".
LOCATOR_LABELS = (
    "act",
    "appendix",
    "article-locator",
    "book",
    "canon",
    "chapter",
    "column",
    "elocation",
    "equation",
    "figure",
    "folio",
    "issue",
    "line",
    "note",
    "opus",
    "page",
    "paragraph",
    "part",
    "rule",
    "scene",
    "section",
    "sub-verbo",
    "supplement",
    "table",
    "timestamp",
    "title-locator",
    "verse",
    "version",
    "volume",
)
# A locator without a label is a page, as in citeproc-js and CSL.
DEFAULT_LABEL = "page"
_CSL_NS = "{http://purl.org/net/xbiblio/csl}"
# The locale whose terms name the labels (Zotero's and Pandoc's default language).
_TERMS_LOCALE = "locales-en-US.xml"


@dataclass(frozen=True, slots=True)
class Locator:
    """A place in the work: a CSL locator label (``paragraph``) and its value."""

    label: str
    value: str

    @classmethod
    def from_string(cls, text: str) -> Locator:
        """Read "para. 3", "paragraphs 3-4", "§ 2", "chap. 1" or "3" (a page).

        The label is any form of a CSL locator term in the en-US locale (long,
        short or symbol, singular or plural), or the CSL label itself.

        Raises:
            UsageError: no value, or a label that names no CSL locator.
        """
        stripped = " ".join(text.split())
        lowered = stripped.lower()
        for term, label in _terms():
            if lowered.startswith(term):
                rest = stripped[len(term) :]
                # "p.3" and "§3" are fine; "pages" must not be read as "p" + "ages".
                if rest[:1].isspace() or term[-1:] in ".§¶" or rest[:1].isdigit():
                    value = rest.strip()
                    if value:
                        return cls(label, value)
        if stripped[:1].isdigit():
            return cls(DEFAULT_LABEL, stripped)
        raise UsageError(
            f"{field('locator')} {text!r}: give a CSL label and a value, such as "
            "'para. 3', 'p. 12', 'sec. 2' or 'chap. 1' (no label: a page)"
        )


@cache
def _terms() -> tuple[tuple[str, str], ...]:
    """(term, label) for every form of every locator term, the longest first."""
    # Only a locator reads the locale: plain `reprint cite` loads no XML parser.
    from lxml import etree

    from reprint.xmlsafe import hardened_parser

    path = resources.files("citeproc").joinpath("data", "locales", _TERMS_LOCALE)
    root = etree.fromstring(path.read_bytes(), hardened_parser())
    found: dict[str, str] = {}
    for label in LOCATOR_LABELS:
        found[label] = label
        found[label.replace("-", " ")] = label
    for term in root.iter(f"{_CSL_NS}term"):
        label = term.get("name", "")
        if label not in LOCATOR_LABELS:
            continue
        texts = [term.text or ""]
        texts += [child.text or "" for child in term]
        for text in texts:
            if text.strip():
                found.setdefault(text.strip().lower(), label)
    return tuple(sorted(found.items(), key=lambda pair: -len(pair[0])))


@dataclass(frozen=True, slots=True)
class CiteForm:
    """How one in-text cite (or note) of the work is to be printed."""

    mode: AuthorMode = AuthorMode.NORMAL
    locator: Locator | None = None
    prefix: str = ""
    suffix: str = ""
    position: Position = Position.FIRST

    @property
    def is_plain(self) -> bool:
        """Whether this is the plain first cite, the form ``in_text`` alone gives."""
        return self == CiteForm()

    def spaced_prefix(self) -> str:
        """The prefix spaced from the cite as citeproc-js spaces it: a space is
        added after a letter, a digit, ".;:&", a closing bracket or a comma."""
        prefix = self.prefix
        if not prefix:
            return ""
        bare = _TRAILING_QUOTES.sub("", prefix)
        if _ENDS_ROMANESQUE.search(bare) or bare[-1:] in _SPACED_AFTER:
            prefix += " "
        return _SPACES.sub(" ", prefix)

    def spaced_suffix(self) -> str:
        """The suffix spaced from the cite as citeproc-js spaces it: a space goes
        before a suffix that starts with a letter, "&" or an opening bracket."""
        suffix = self.suffix
        if _STARTS_ROMANESQUE.match(suffix) or suffix[:1] in "[(":
            return " " + suffix
        return suffix


# citeproc-js 2.4.63's CSL.ENDSWITH_ROMANESQUE_REGEXP and STARTSWITH_..., and what
# CSL.checkPrefixSpaceAppend strips before testing the prefix's last character.
_LETTERS = (
    "a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f\u0590-\u05d4"
    "\u05d6-\u05ff\u1f00-\u1fff\u0600-\u06ff\u200c\u200d\u200e\u0218\u0219\u021a"
    "\u021b\u202a-\u202e"
)
_ENDS_ROMANESQUE = re.compile(f"[.;:&{_LETTERS}]$")
_STARTS_ROMANESQUE = re.compile(f"^[&{_LETTERS}]")
_TRAILING_QUOTES = re.compile("[\"'\u201d\u2019\u00bb\u202f\u00a0 ]+$")
_SPACED_AFTER = ":.;!?)],0123456789"
_SPACES = re.compile(r"\s+")
