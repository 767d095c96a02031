"""Safe access to an Office Open XML package: a bounded zip, hardened XML parts.

A DOCX is a zip of XML parts, so a hostile one can cost unbounded memory or time in
two ways, and this module refuses both before any part reaches a parser:

* A zip bomb. The zip's central directory is checked before a single byte is
  inflated, against :class:`reprint.limits.Limits`:

  - ``max_zip_members`` (10,000): a real DOCX has 10-60 members.
  - ``max_unzipped_bytes`` (256 MiB): the sum of the declared uncompressed sizes.
  - ``max_zip_ratio`` (200:1): declared uncompressed / compressed size of each member
    of at least ``RATIO_FLOOR_BYTES``; smaller members cost nothing to inflate
    whatever their ratio, and tiny XML parts legitimately compress well.

  Declared sizes can lie, so a member is then read in chunks and refused as soon as
  it inflates past its declared size, and all reads together are held to
  ``max_unzipped_bytes``.
* XML attacks. Parts are parsed by lxml with entity resolution, DTD loading and the
  network off and libxml2's size limits on (``huge_tree=False``); a part that
  declares a DTD at all is refused, since OOXML never uses one and a DTD is how
  entity expansion ("billion laughs") and external entities (XXE) get in.

Every failure is an :class:`reprint.errors.InputError` subclass with one sentence.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from dataclasses import dataclass

from lxml import etree

from reprint.errors import (
    CorruptInputError,
    EncryptedInputError,
    UnsafeInputError,
)
from reprint.limits import MIB, Limits
from reprint.xmlsafe import hardened_parser

__all__ = ["RATIO_FLOOR_BYTES", "Package", "Relationship", "open_package"]

# Below 1 MiB a member cannot be a bomb whatever its ratio: 10,000 of them stay
# inside max_unzipped_bytes, which holds the total anyway.
RATIO_FLOOR_BYTES = 1 * MIB
_CHUNK_BYTES = 64 * 1024
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
# Strict Open XML (ISO/IEC 29500-1 strict conformance, which Word opens and saves)
# names the same elements in other namespaces; each is read as its transitional
# twin (the correspondence of ISO/IEC 29500-1:2016, annex A). The package's own
# namespaces (relationships, content types, core properties) are the same in both.
_STRICT_PREFIX = b"http://purl.oclc.org/ooxml/"
_STRICT_TO_TRANSITIONAL = tuple(
    (_STRICT_PREFIX + strict.encode(), transitional.encode())
    for strict, transitional in (
        (
            "officeDocument/relationships",
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        ),
        (
            "wordprocessingml/main",
            "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        ),
        (
            "officeDocument/math",
            "http://schemas.openxmlformats.org/officeDocument/2006/math",
        ),
        (
            "officeDocument/extendedProperties",
            "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
        ),
        (
            "officeDocument/customProperties",
            "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
        ),
        (
            "officeDocument/docPropsVTypes",
            "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
        ),
        (
            "officeDocument/sharedTypes",
            "http://schemas.openxmlformats.org/officeDocument/2006/sharedTypes",
        ),
        ("drawingml/main", "http://schemas.openxmlformats.org/drawingml/2006/main"),
        (
            "drawingml/wordprocessingDrawing",
            "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
        ),
        (
            "drawingml/picture",
            "http://schemas.openxmlformats.org/drawingml/2006/picture",
        ),
        (
            "schemaLibrary/main",
            "http://schemas.openxmlformats.org/schemaLibrary/2006/main",
        ),
    )
)
# Bytes that mark a DTD; checked before parsing so a hostile one is never parsed.
_DOCTYPE_MARKS = (b"<!DOCTYPE", "<!DOCTYPE".encode("utf-16-le"))
# What a zip that is not a DOCX usually is, told by its ``mimetype`` member
# (OpenDocument, EPUB) or by a content type in ``[Content_Types].xml`` (OOXML).
_MIMETYPE_NAMES = (
    ("application/vnd.oasis.opendocument.text", "an OpenDocument text (ODT) file"),
    ("application/vnd.oasis.opendocument.spreadsheet", "an OpenDocument spreadsheet"),
    ("application/vnd.oasis.opendocument.presentation", "an OpenDocument presentation"),
    ("application/vnd.oasis.opendocument", "an OpenDocument file"),
    ("application/epub+zip", "an EPUB e-book"),
)
_CONTENT_TYPE_NAMES = (
    ("spreadsheetml", "an Excel workbook (XLSX)"),
    ("presentationml", "a PowerPoint presentation (PPTX)"),
    ("ms-xpsdocument", "an XPS document"),
)
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    NotImplementedError,  # a compression method zipfile lacks (deflate64, LZMA...)
    OSError,
    ValueError,
)


@dataclass(frozen=True, slots=True)
class Relationship:
    """One OPC relationship: its id, type (last URI segment) and resolved part."""

    rel_id: str
    kind: str  # "officeDocument", "header", "footnotes", ...
    target: str  # part name inside the zip, without a leading slash
    is_external: bool


class Package:
    """An OPC package whose zip directory passed the limits; reads parts safely."""

    def __init__(self, archive: zipfile.ZipFile, limits: Limits) -> None:
        self._archive = archive
        self._limits = limits
        # OPC part names compare case-insensitively.
        self._members = {
            info.filename.lstrip("/").lower(): info for info in archive.infolist()
        }
        self._bytes_read = 0
        self._parser = hardened_parser()

    def has(self, name: str) -> bool:
        """Whether the package holds a part of this name."""
        return name.lower() in self._members

    def read(self, name: str) -> bytes:
        """The inflated bytes of one part, read in bounded chunks.

        Raises:
            CorruptInputError: no such part, or its data does not inflate.
            UnsafeInputError: it inflates past its declared size or the total limit.
            EncryptedInputError: the member is zip-encrypted.
        """
        info = self._members.get(name.lower())
        if info is None:
            raise CorruptInputError(f"the DOCX has no part '{name}'")
        if info.flag_bits & 0x1:
            raise EncryptedInputError(f"the DOCX part '{name}' is zip-encrypted")
        budget = self._limits.max_unzipped_bytes - self._bytes_read
        chunks: list[bytes] = []
        size = 0
        try:
            with self._archive.open(info) as stream:
                while chunk := stream.read(_CHUNK_BYTES):
                    size += len(chunk)
                    if size > info.file_size or size > budget:
                        raise UnsafeInputError(
                            f"the DOCX part '{name}' inflates past its declared "
                            f"size of {info.file_size} bytes"
                        )
                    chunks.append(chunk)
        except _ZIP_ERRORS as exc:
            raise CorruptInputError(
                f"the DOCX part '{name}' is damaged and cannot be inflated ({exc})"
            ) from exc
        self._bytes_read += size
        return b"".join(chunks)

    def xml(self, name: str) -> etree._Element:
        """Parse one part with the hardened parser.

        Raises:
            CorruptInputError: the part is missing or not well-formed XML.
            UnsafeInputError: the part declares a DTD, or is over libxml2's limits.
        """
        raw = _as_transitional(self.read(name))
        limit = self._limits.max_xml_part_bytes
        if len(raw) > limit:
            worded = f"{limit // MIB} MiB" if limit % MIB == 0 else f"{limit:,}-byte"
            raise UnsafeInputError(
                f"the DOCX part '{name}' is {len(raw) / MIB:.1f} MiB of XML, over "
                f"the {worded} limit"
            )
        if raw.count(b"<") > self._limits.max_xml_part_tags:
            raise UnsafeInputError(
                f"the DOCX part '{name}' holds over "
                f"{self._limits.max_xml_part_tags:,} tags, over the limit"
            )
        if any(mark in raw for mark in _DOCTYPE_MARKS):
            raise _dtd_error(name)
        try:
            root = etree.fromstring(raw, self._parser)
        except etree.XMLSyntaxError as exc:
            raise CorruptInputError(
                f"the DOCX part '{name}' is not well-formed XML ({exc.msg})"
            ) from exc
        docinfo = root.getroottree().docinfo
        if docinfo.internalDTD is not None:  # UTF-16-BE slips past the byte check
            raise _dtd_error(name)
        return root

    def relationships(self, source: str) -> dict[str, Relationship]:
        """The relationships of a part ("" for the package), by id.

        Raises:
            CorruptInputError: the relationships part is not well-formed XML.
            UnsafeInputError: as for :meth:`xml`.
        """
        folder, base = posixpath.split(source)
        rels_name = posixpath.join(folder, "_rels", f"{base}.rels")
        if not self.has(rels_name):
            return {}
        found: dict[str, Relationship] = {}
        for rel in self.xml(rels_name).iter(f"{{{_PKG_RELS}}}Relationship"):
            is_external = rel.get("TargetMode", "") == "External"
            target = rel.get("Target", "")
            if not is_external:
                joined = target if target.startswith("/") else f"{folder}/{target}"
                target = posixpath.normpath(joined).lstrip("/")
            rel_id = rel.get("Id", "")
            kind = rel.get("Type", "").rsplit("/", 1)[-1]
            found[rel_id] = Relationship(rel_id, kind, target, is_external)
        return found

    def describe(self) -> str:
        """What this zip seems to be, for a message about a zip that is no DOCX."""
        if self.has("mimetype"):
            mimetype = self.read("mimetype")[:200].decode("ascii", "replace").strip()
            for prefix, label in _MIMETYPE_NAMES:
                if mimetype.startswith(prefix):
                    return label
        if self.has("[Content_Types].xml"):
            types = self.xml("[Content_Types].xml")
            for override in types.iter(f"{{{_CONTENT_TYPES}}}Override"):
                content_type = override.get("ContentType", "")
                for marker, label in _CONTENT_TYPE_NAMES:
                    if marker in content_type:
                        return label
        return "a zip archive without a Word document (no word/document.xml)"


def _as_transitional(raw: bytes) -> bytes:
    """A Strict Open XML part's namespaces (and relationship types) renamed to
    their transitional twins; a transitional part is returned as it is."""
    if _STRICT_PREFIX not in raw:
        return raw
    for strict, transitional in _STRICT_TO_TRANSITIONAL:
        raw = raw.replace(strict, transitional)
    return raw


def _dtd_error(name: str) -> UnsafeInputError:
    return UnsafeInputError(
        f"the DOCX part '{name}' declares a DTD, which Word files never do; "
        "it is refused because DTDs carry entity-expansion and XXE attacks"
    )


def open_package(data: bytes, limits: Limits) -> Package:
    """Open ``data`` as a zip and check its directory against ``limits``.

    Nothing is inflated here; the checks use the central directory only.

    Raises:
        CorruptInputError: not a zip, or a truncated or damaged one.
        UnsafeInputError: too many members, too large in total, or a member whose
            compression ratio is that of a zip bomb.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS as exc:
        raise CorruptInputError(
            f"not a readable DOCX: the zip archive is truncated or damaged ({exc})"
        ) from exc
    members = archive.infolist()
    if len(members) > limits.max_zip_members:
        raise UnsafeInputError(
            f"the DOCX zip has {len(members)} members, over the limit of "
            f"{limits.max_zip_members}"
        )
    total = sum(info.file_size for info in members)
    if total > limits.max_unzipped_bytes:
        raise UnsafeInputError(
            f"the DOCX would inflate to {total / MIB:.1f} MiB, over the "
            f"{limits.max_unzipped_bytes // MIB} MiB limit"
        )
    for info in members:
        if info.file_size < RATIO_FLOOR_BYTES:
            continue
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > limits.max_zip_ratio:
            raise UnsafeInputError(
                f"the DOCX member '{info.filename}' has a compression ratio of "
                f"{ratio:.0f}:1, over the limit of {limits.max_zip_ratio:.0f}:1 "
                "(a zip bomb)"
            )
    return Package(archive, limits)
