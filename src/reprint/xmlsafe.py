"""The one XML parser configuration for XML that arrives inside documents.

OOXML parts, XMP packets and user-supplied CSL styles are parsed with entity
resolution, DTD loading and network access off, and libxml2's own size limits on:
XXE and "billion laughs" payloads never expand.
"""

from __future__ import annotations

from lxml import etree

__all__ = ["hardened_parser"]


def hardened_parser() -> etree.XMLParser:
    """A new parser (lxml parsers are not shared across threads) that loads nothing."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
