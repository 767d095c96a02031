"""The page's CSS in cascade order, within the page's limits.

``<style>`` elements and, for a page read from disk, the screen style sheets it
links to and the local sheets they ``@import`` (with their ``layer``, ``supports()``
and media conditions), each at its place in the cascade. What a limit keeps out is
listed, never dropped silently. Nothing is fetched from the network: sheets are
read through ``ExtractOptions.stylesheets``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin

from lxml import etree

from reprint.errors import UnsafeInputError
from reprint.formats.html.media import media_matches
from reprint.formats.options import ExtractOptions
from reprint.limits import Limits

__all__ = ["MAX_IMPORT_DEPTH", "StyleBudget", "in_noscript", "style_sources"]


def in_noscript(element: etree._Element) -> bool:
    """Inside ``<noscript>``: with scripting on, as for every reader, never applied."""
    return any(ancestor.tag == "noscript" for ancestor in element.iterancestors())


_IMPORT = re.compile(
    r"@import\s+(?:url\(\s*)?[\"']?([^\"')\s;]+)[\"']?\s*\)?\s*([^;{}]*);",
    re.IGNORECASE,
)
# @import chains deeper than this are not followed (a loop is caught by the seen set).
MAX_IMPORT_DEPTH = 8


@dataclass(slots=True)
class StyleBudget:
    """The page's CSS so far, against its limits; ``refused`` says what was not read."""

    limits: Limits
    total_bytes: int = 0
    total_rules: int = 0
    refused: list[str] = field(default_factory=list)

    def admit(self, css: str, name: str) -> bool:
        self.total_bytes += len(css)
        self.total_rules += css.count("}")
        limits = self.limits
        if self.total_bytes > limits.max_page_stylesheet_bytes:
            self.refused.append(
                f"{name} takes the page's CSS over "
                f"{limits.max_page_stylesheet_bytes:,} bytes "
                "(Limits.max_page_stylesheet_bytes)"
            )
            return False
        if self.total_rules > limits.max_page_style_rules:
            self.refused.append(
                f"{name} takes the page's CSS over {limits.max_page_style_rules:,} "
                "rules (Limits.max_page_style_rules)"
            )
            return False
        return True


def style_sources(
    root: etree._Element, options: ExtractOptions, budget: StyleBudget
) -> list[str]:
    """The page's CSS in cascade order: ``<style>`` elements and, for a page read
    from disk, the screen style sheets it links to (``options.stylesheets``) and
    the local sheets they ``@import``.

    A sheet linked again is read once, at its last place (where its rules rank).
    What a limit keeps out is listed in ``budget.refused``, never dropped silently.
    """
    read = options.stylesheets
    # With scripting on (as for every reader), <noscript> and the styles inside it
    # are never applied.
    elements = [
        element
        for element in root.iter("style", "link")
        if not in_noscript(element) and (element.tag == "style" or read is not None)
    ]
    last_link: dict[str, int] = {}
    for index, element in enumerate(elements):
        if element.tag == "link":
            last_link[(element.get("href") or "").strip()] = index
    sources: list[str] = []
    for index, element in enumerate(elements):
        if element.tag == "style":
            if element.text and budget.admit(element.text, "a <style> element"):
                _add_with_imports(element.text, "", read, budget, sources, set(), 0)
            continue
        rel = (element.get("rel") or "").lower().split()
        media = (element.get("media") or "").strip() or "all"
        href = (element.get("href") or "").strip()
        is_screen = media_matches(media) is not False and "alternate" not in rel
        if "stylesheet" not in rel or not is_screen or not href:
            continue
        if last_link.get(href) != index or read is None:
            continue
        css = _read_sheet(read, href, budget)
        if css:
            _add_with_imports(css, href, read, budget, sources, {href}, 0)
    return sources


def _read_sheet(
    read: Callable[[str], str | None], href: str, budget: StyleBudget
) -> str | None:
    try:
        css = read(href)
    except UnsafeInputError as exc:
        budget.refused.append(str(exc))
        return None
    if css and not budget.admit(css, f"the style sheet '{href}'"):
        return None
    return css


def _add_with_imports(
    css: str,
    href: str,
    read: Callable[[str], str | None] | None,
    budget: StyleBudget,
    sources: list[str],
    seen: set[str],
    depth: int,
) -> None:
    """``css`` after the local sheets it imports, each in its place in the cascade."""
    if read is not None and "@import" in css:
        for match in _IMPORT.finditer(css[: css.find("{") if "{" in css else None]):
            target = urljoin(href, match.group(1))
            opening, media = _import_conditions(match.group(2))
            if target in seen or (media and media_matches(media) is False):
                continue
            if depth >= MAX_IMPORT_DEPTH:
                budget.refused.append(
                    f"the style sheet '{target}' is imported more than "
                    f"{MAX_IMPORT_DEPTH} deep"
                )
                continue
            seen.add(target)
            imported = _read_sheet(read, target, budget)
            if imported:
                found: list[str] = []
                _add_with_imports(
                    imported, target, read, budget, found, seen, depth + 1
                )
                if media:
                    opening += f"@media {media}{{"
                closing = "}" * opening.count("{")
                sources.extend(f"{opening}{sheet}\n{closing}" for sheet in found)
    sources.append(css)


_IMPORT_LAYER = re.compile(r"\s*layer(?:\(\s*([^()]*?)\s*\))?(?![\w-])", re.I)
_IMPORT_SUPPORTS = re.compile(r"\s*supports\(((?:[^()]|\([^()]*\))*)\)", re.I)


def _import_conditions(conditions: str) -> tuple[str, str]:
    """An ``@import``'s ``layer``, ``supports()`` and media, as the blocks that
    wrap the imported sheet (``@layer name{@supports (…){``) and the media list.

    The imported rules rank in their layer and apply under their conditions, as
    if written inside those blocks (CSS Cascade 5, "Importing Style Sheets").
    """
    opening = ""
    layer = _IMPORT_LAYER.match(conditions)
    if layer is not None:
        opening += f"@layer {layer.group(1) or ''}{{"
        conditions = conditions[layer.end() :]
    supports = _IMPORT_SUPPORTS.match(conditions)
    if supports is not None:
        test = supports.group(1).strip()
        # supports(display: grid) is a declaration test: parenthesised in @supports.
        if not test.startswith(("(", "not", "selector")):
            test = f"({test})"
        opening += f"@supports {test}{{"
        conditions = conditions[supports.end() :]
    return opening, conditions.strip()
