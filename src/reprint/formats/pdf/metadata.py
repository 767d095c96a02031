"""PDF metadata: the document info dictionary and the XMP packet.

A credit can hide in either; neither is shown on a page. PDFium reads the info
dictionary (the document is already open); pypdf reads only the XMP packet, which
PDFium does not expose, and lxml parses it with entities and DTDs turned off.
"""

from __future__ import annotations

import re
import warnings
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from typing import TYPE_CHECKING

from reprint.model import (
    HiddenBlock,
    HiddenReason,
    Location,
    Problem,
    ProblemCode,
    Publication,
    Region,
)

if TYPE_CHECKING:  # pragma: no cover
    import pypdfium2 as pdfium
    from lxml import etree
    from pypdf import PdfReader

__all__ = [
    "Xmp",
    "XmpProperty",
    "metadata_blocks",
    "read_info",
    "read_publication",
    "read_xmp",
]

# XMP packets of real files are a few KB; 1 MiB bounds a hostile one.
MAX_XMP_BYTES = 1 << 20
_INFO_KEYS = ("Title", "Author", "Subject", "Keywords", "Creator", "Producer")
_PDF_DATE = re.compile(r"^D?:?(\d{4})(\d{2})?(\d{2})?")
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_XMP_PREFIXES = {
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://ns.adobe.com/xap/1.0/": "xmp",
    "http://ns.adobe.com/pdf/1.3/": "pdf",
    "http://ns.adobe.com/xap/1.0/rights/": "xmpRights",
    "http://ns.adobe.com/photoshop/1.0/": "photoshop",
    "http://prismstandard.org/namespaces/basic/2.0/": "prism",
}
# Identifiers and history, not words a credit could hide in.
_XMP_SKIPPED_NAMESPACES = (
    "http://ns.adobe.com/xap/1.0/mm/",
    "http://ns.adobe.com/xap/1.0/sType/",
)


@dataclass(frozen=True, slots=True)
class XmpProperty:
    """One metadata value: ``name`` is an Info key or an XMP ``prefix:name``."""

    name: str
    value: str


@dataclass(frozen=True, slots=True)
class Xmp:
    properties: tuple[XmpProperty, ...] = ()
    created: str | None = None


def read_info(document: pdfium.PdfDocument) -> dict[str, str]:
    values: dict[str, str] = document.get_metadata_dict(skip_empty=True)
    return {key: value.strip() for key, value in values.items() if value.strip()}


def metadata_blocks(info: dict[str, str], xmp: Xmp) -> Iterator[HiddenBlock]:
    for key in _INFO_KEYS:
        if key in info:
            location = Location(Region.METADATA, detail=f"document info /{key}")
            yield HiddenBlock(info[key], location, HiddenReason.METADATA)
    for prop in xmp.properties:
        location = Location(Region.METADATA, detail=f"XMP {prop.name}")
        yield HiddenBlock(prop.value, location, HiddenReason.METADATA)


def _first(xmp: Xmp, name: str) -> str | None:
    return next((prop.value for prop in xmp.properties if prop.name == name), None)


def read_publication(info: dict[str, str], xmp: Xmp) -> Publication:
    created = info.get("CreationDate")
    published = _date(_PDF_DATE, created) or _date(_ISO_DATE, xmp.created)
    return Publication(
        title=info.get("Title") or _first(xmp, "dc:title"),
        author=info.get("Author") or _first(xmp, "dc:creator"),
        published=published,
    )


def _date(pattern: re.Pattern[str], value: str | None) -> str | None:
    """An ISO date (YYYY, YYYY-MM or YYYY-MM-DD) from a PDF or XMP date string."""
    match = pattern.match(value.strip()) if value else None
    if match is None:
        return None
    year, month, day = match.groups()
    if month is None or not 1 <= int(month) <= 12:
        return year
    if day is None or not 1 <= int(day) <= 31:
        return f"{year}-{month}"
    return f"{year}-{month}-{day}"


def read_xmp(data: bytes, password: str | None) -> tuple[Xmp, list[Problem]]:
    """The XMP packet's properties, or a problem saying why it was not read."""
    # Without either marker the catalog has no /Metadata: skip parsing with pypdf.
    if b"/Metadata" not in data and b"/ObjStm" not in data:
        return Xmp(), []
    from pypdf.errors import DependencyError, PyPdfError

    try:
        packet = _xmp_packet(data, password)
    # pypdf raises these (besides its own) on damaged trees PDFium still reads;
    # DependencyError if AES is met without the cryptography package installed.
    except (
        PyPdfError,
        DependencyError,
        KeyError,
        ValueError,
        TypeError,
        AttributeError,
        IndexError,
        RecursionError,
        zlib.error,
    ) as exc:
        return Xmp(), [_unreadable_xmp(f"{type(exc).__name__}: {exc}")]
    if not packet:
        return Xmp(), []
    if len(packet) > MAX_XMP_BYTES:
        return Xmp(), [_unreadable_xmp(f"{len(packet)} bytes, over {MAX_XMP_BYTES}")]
    from lxml import etree  # only for XMP: keeps start-up and memory down

    from reprint.xmlsafe import hardened_parser

    try:
        root = etree.fromstring(packet, hardened_parser())
    except etree.XMLSyntaxError as exc:
        return Xmp(), [_unreadable_xmp(f"not well-formed XML: {exc}")]
    return _xmp_properties(root), []


def _unreadable_xmp(cause: str) -> Problem:
    return Problem(
        ProblemCode.UNREADABLE_METADATA,
        f"the PDF's XMP metadata was not read ({cause}); credits hidden there "
        "are not reported",
    )


def _xmp_packet(data: bytes, password: str | None) -> bytes | None:
    from pypdf import PdfReader
    from pypdf.generic import DictionaryObject, StreamObject

    with warnings.catch_warnings():
        # pypdf warns about every repairable flaw; PDFium has read the file already.
        warnings.simplefilter("ignore")
        reader = PdfReader(BytesIO(data), strict=False)
        if reader.is_encrypted:
            reader.decrypt(password or "")
        root = _resolve(reader, reader.trailer.raw_get("/Root"))
        if not isinstance(root, DictionaryObject) or "/Metadata" not in root:
            return None
        stream = _resolve(reader, root.raw_get("/Metadata"))
        if not isinstance(stream, StreamObject):
            return None
        packet: bytes = stream.get_data()
        return packet


def _resolve(reader: PdfReader, reference: object) -> object:
    """The object ``reference`` names; one in an object stream is parsed alone.

    pypdf parses every object of an object stream to reach one of them: the
    catalog of pdf.js's ``bug1978317.pdf`` shares its stream with 65,540 objects
    (its page's 32,768 annotations), 8 s and 300 MB for a dictionary of four keys.
    The stream's header gives each object's offset; only the wanted one is read.
    """
    from pypdf.generic import IndirectObject, StreamObject, read_object

    if not isinstance(reference, IndirectObject):
        return reference
    location = reader.xref_objStm.get(reference.idnum)
    if location is None:
        return reference.get_object()
    container = reader.get_object(location[0])
    if not isinstance(container, StreamObject):
        return None
    first = container.get("/First")
    if not isinstance(first, int) or first < 0:
        return None
    content = container.get_data()
    header = content[:first].split()
    offsets = dict(zip(header[0::2], header[1::2], strict=False))
    offset = offsets.get(str(reference.idnum).encode())
    if offset is None or not offset.isdigit():
        return None
    stream = BytesIO(content)
    stream.seek(first + int(offset))
    return read_object(stream, reader)


def _xmp_properties(root: etree._Element) -> Xmp:
    properties: list[XmpProperty] = []
    created: str | None = None
    for description in root.iter(f"{{{_RDF}}}Description"):
        for name, value in description.attrib.items():
            prop = _xmp_property(str(name), str(value))
            if prop is not None:
                properties.append(prop)
        # "{*}*" matches elements only: no comments, no (unexpanded) entities.
        for child in description.iterchildren("{*}*"):
            items = [_xml_text(item) for item in child.iter(f"{{{_RDF}}}li")]
            value = "; ".join(filter(None, items)) if items else _xml_text(child)
            if child.tag == "{http://ns.adobe.com/xap/1.0/}CreateDate":
                created = value.strip()
            prop = _xmp_property(child.tag, value)
            if prop is not None:
                properties.append(prop)
    return Xmp(tuple(properties), created)


def _xml_text(element: etree._Element) -> str:
    """The element's text; an entity reference stays as written (``&name;``).

    ``etree.tostring(method="text")`` would expand internal entities: not used.
    """
    parts = element.itertext()
    return "".join(p if isinstance(p, str) else p.decode() for p in parts).strip()


def _xmp_property(tag: str, value: str) -> XmpProperty | None:
    namespace, _, local = (
        tag[1:].rpartition("}") if tag.startswith("{") else ("", "", tag)
    )
    text = " ".join(value.split())
    if (
        not text
        or namespace in (_RDF, "http://www.w3.org/XML/1998/namespace")
        or namespace.startswith(_XMP_SKIPPED_NAMESPACES)
        or local.endswith("Date")
    ):
        return None
    prefix = _XMP_PREFIXES.get(
        namespace, namespace.rstrip("/#").rpartition("/")[2] or "xmp"
    )
    return XmpProperty(f"{prefix}:{local}", text)
