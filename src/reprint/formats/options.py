"""What every extractor is given besides the bytes, and the shape of an extractor.

The one module the format families share: each family's reader takes
``ExtractOptions`` and is an ``Extractor``; the families do not import each other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from reprint.limits import DEFAULT_LIMITS, Limits
from reprint.model import Document

__all__ = ["ExtractOptions", "Extractor"]


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    """What an extractor needs besides the bytes."""

    limits: Limits = DEFAULT_LIMITS
    password: str | None = None
    # Processes a long PDF's pages may be read in (forked; see reprint.workers.pages).
    processes: int = 1
    # The CSS of a style sheet an HTML page links to, by its href, or None; given
    # for a page read from disk (``reprint.sources.local_stylesheets``).
    stylesheets: Callable[[str], str | None] | None = None
    # The bytes of an image an HTML page shows, by its src, or None; given for a
    # page read from disk (``reprint.sources.local_images``), for OCR.
    images: Callable[[str], bytes | None] | None = None
    # Read HTML in headless Chromium (reprint.formats.html.browser), not statically.
    render: bool = False


class Extractor(Protocol):
    def __call__(self, data: bytes, options: ExtractOptions) -> Document: ...
