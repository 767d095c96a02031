"""DOCX extractor: what a reader of a Word file sees, in reading order, and what not.

The package is opened through :mod:`reprint.formats.docx.ooxml` (zip limits, hardened
XML) and the WordprocessingML trees are walked directly with lxml in one pass; the
python-docx object layer is not used, being several times slower and reading zip
members without bounds.

Reading order, per section: its headers (first-page, default, even-page), its body
(paragraphs, tables cell by cell, content controls, math, with each text box or
legacy WordArt string right after the paragraph that anchors it), its footers.
Footnotes follow in the order they are referenced, then endnotes. A header or footer
part is read once, under the first section that prints it (see
:mod:`reprint.formats.docx.layout`). ``Location.paragraph`` is the 1-based index of
the block in ``Document.blocks``; a hidden block carries the index of the visible
block of its paragraph, or ``None`` when nothing of that paragraph is visible.

Hidden: runs with ``w:vanish``, runs under 1 pt and runs coloured like what is
behind them (set directly, by styles or by document defaults; see
:mod:`reprint.formats.docx.layout`), tracked deletions, comments and document
properties. Not rendered: header and footer parts no section prints, and notes
referenced from no visible text (none at all, or only from hidden or deleted runs).
Field instructions are not text at all; field results are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from lxml import etree

from reprint.errors import UnsupportedFormatError
from reprint.formats.docx.layout import (
    UNKNOWN,
    WHITE,
    MarginRef,
    Styles,
    is_on,
    page_background,
    plan_margins,
    shaded,
)
from reprint.formats.docx.ooxml import Package, Relationship, open_package
from reprint.formats.ocr import PlacedImage, place_blocks, read_images
from reprint.formats.options import ExtractOptions
from reprint.model import (
    Block,
    Document,
    Format,
    HiddenBlock,
    HiddenReason,
    Location,
    Publication,
    Region,
)

__all__ = ["extract"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
_V_TEXTPATH = "{urn:schemas-microsoft-com:vml}textpath"
_V_IMAGEDATA = "{urn:schemas-microsoft-com:vml}imagedata"
_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
_OFFICE_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_EMBED, _REL_ID = f"{_OFFICE_R}embed", f"{_OFFICE_R}id"
_STRICT_W = "{http://purl.oclc.org/ooxml/wordprocessingml/main}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_DCTERMS = "{http://purl.org/dc/terms/}"
_CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
_EP = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"

_P, _R, _T, _TBL, _TR, _TC = (f"{_W}{n}" for n in ("p", "r", "t", "tbl", "tr", "tc"))
_RUNS, _TEXTS = frozenset({_R, f"{_M}r"}), frozenset({_T, f"{_M}t"})  # with OMML
_PPR, _RPR, _SECT_PR, _BODY = (f"{_W}{n}" for n in ("pPr", "rPr", "sectPr", "body"))
_TBL_PR, _TC_PR = f"{_W}tblPr", f"{_W}tcPr"
_DEL, _MOVE_FROM, _DEL_TEXT = f"{_W}del", f"{_W}moveFrom", f"{_W}delText"
_FLD_CHAR, _FLD_CHAR_TYPE = f"{_W}fldChar", f"{_W}fldCharType"
_SYM, _CHAR = f"{_W}sym", f"{_W}char"
_FOOTNOTE_REF, _ENDNOTE_REF = f"{_W}footnoteReference", f"{_W}endnoteReference"
_TXBX_CONTENT = f"{_W}txbxContent"
_ALT_CONTENT, _MC_CHOICE = f"{_MC}AlternateContent", f"{_MC}Choice"
_MC_FALLBACK = f"{_MC}Fallback"
# Run children that print as one fixed character.
_CHARACTERS = {
    f"{_W}tab": "\t",
    f"{_W}ptab": "\t",
    f"{_W}br": "\n",
    f"{_W}cr": "\n",
    f"{_W}noBreakHyphen": "\u2011",
    f"{_W}softHyphen": "\u00ad",
}
# Run children that may anchor a text box (DrawingML, VML, or both via MCE).
_ANCHORS = frozenset({f"{_W}drawing", f"{_W}pict", f"{_W}object", _ALT_CONTENT})
# Inline children that hold no text a reader sees: properties, and the content
# control's own properties (its placeholder and alias are not shown in the text).
_INLINE_SKIP = frozenset(
    {_PPR, _RPR, f"{_W}sdtPr", f"{_W}sdtEndPr", f"{_W}customXmlPr", f"{_W}smartTagPr"}
)
# Elements that wrap block content (paragraphs, tables, rows, cells) transparently.
_BLOCK_WRAPPERS = frozenset({f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"})
# Notes Word stores for its own layout: the separator lines, not reader text.
_LAYOUT_NOTE_TYPES = frozenset(
    {"separator", "continuationSeparator", "continuationNotice"}
)
# VML's on/off values are "t"/"f" as well as "true"/"false".
_VML_TRUE = frozenset({"t", "true", "1", "on"})
_CORE_FIELDS = (
    (f"{_DC}title", "title"),
    (f"{_DC}creator", "creator"),
    (f"{_DC}subject", "subject"),
    (f"{_CP}keywords", "keywords"),
    (f"{_DC}description", "description"),
)


@dataclass(slots=True)
class _Fields:
    """Complex-field state of a story; fields nest, and span runs and paragraphs."""

    stack: list[bool] = field(default_factory=list)  # True once past "separate"
    in_instruction: int = 0  # open fields still in their instruction part

    def on_char(self, kind: str) -> None:
        if kind == "begin":
            self.stack.append(False)
            self.in_instruction += 1
        elif kind == "separate" and self.stack and not self.stack[-1]:
            self.stack[-1] = True
            self.in_instruction -= 1
        elif kind == "end" and self.stack and not self.stack.pop():
            self.in_instruction -= 1


@dataclass(frozen=True, slots=True)
class _Story:
    """Where the paragraphs being walked are shown, and their shared field state."""

    region: Region
    detail: str
    fields: _Fields
    is_main: bool = False  # the body itself, where a sectPr ends a section
    # False for a part Word stores but never lays out: all its text is hidden.
    is_rendered: bool = True
    background: int = WHITE  # 0xRRGGBB behind the text, or UNKNOWN
    table_style: str | None = None  # the style of the table the text is in

    def within(
        self, region: Region, detail: str, background: int, table_style: str | None
    ) -> _Story:
        """A story nested in this one (a table cell), sharing its field state."""
        return _Story(
            region,
            _joined(self.detail, detail),
            self.fields,
            self.is_main,
            self.is_rendered,
            background,
            table_style,
        )


@dataclass(slots=True)
class _Line:
    """One paragraph's text as it is collected: visible parts and hidden segments."""

    paragraph_style: str | None
    background: int  # what is behind the paragraph's text
    table_style: str | None = None  # the style of the table the paragraph is in
    parts: list[str] = field(default_factory=list)
    hidden: list[tuple[HiddenReason, list[str]]] = field(default_factory=list)
    text_boxes: list[etree._Element] = field(default_factory=list)
    # Relationship ids of the pictures shown in the paragraph (OCR reads them).
    images: list[str] = field(default_factory=list)
    is_hidden_last: bool = False

    def add(self, text: str, reason: HiddenReason | None) -> None:
        if reason is None:
            self.parts.append(text)
            self.is_hidden_last = False
        elif self.is_hidden_last and self.hidden[-1][0] is reason:
            self.hidden[-1][1].append(text)
        else:
            self.hidden.append((reason, [text]))
            self.is_hidden_last = True


def _text_boxes(anchor: etree._Element, found: list[etree._Element]) -> None:
    """Collect text-box contents and legacy WordArt under ``anchor``, each once.

    Markup compatibility stores a text box twice (DrawingML in mc:Choice, VML in
    mc:Fallback); like any consumer that understands the choice, take only it.
    """
    if anchor.tag == _TXBX_CONTENT or anchor.tag == _V_TEXTPATH:
        found.append(anchor)
        return
    if anchor.tag == _ALT_CONTENT:
        chosen = anchor.find(_MC_CHOICE)
        if chosen is None:
            chosen = anchor.find(_MC_FALLBACK)
        if chosen is not None:
            _text_boxes(chosen, found)
        return
    for child in anchor:
        _text_boxes(child, found)


def _pictures(anchor: etree._Element, found: list[str]) -> None:
    """The relationship ids of the pictures a drawing shows (DrawingML or VML)."""
    for element in anchor.iter(_BLIP, _V_IMAGEDATA):
        rel_id = element.get(_EMBED if element.tag == _BLIP else _REL_ID)
        if rel_id and rel_id not in found:  # MCE's Choice and Fallback: one picture
            found.append(rel_id)


def _symbol(sym: etree._Element) -> str:
    """A w:sym's character; symbol-font code points stay in the private use area."""
    try:
        return chr(int(sym.get(_CHAR, ""), 16))
    except (ValueError, OverflowError):
        return ""


class _Walker:
    """One pass over the stories of a document, collecting blocks in reading order."""

    def __init__(self, package: Package, rels: dict[str, Relationship]) -> None:
        self._package = package
        self._rels = rels
        self._styles = Styles(self._part("styles"))
        self._page = WHITE  # the page colour, once the document is known
        self._sections: list[etree._Element] = []
        self._section = 0
        self._margins: dict[str, list[list[MarginRef]]] = {}
        self._printed_parts: set[str] = set()  # parts some section prints
        self._seen_parts: set[str] = set()
        self._tables = 0
        self._text_boxes = 0
        self._wordart = 0
        self.note_refs: dict[str, list[str]] = {"footnote": [], "endnote": []}
        # Notes referenced only from text no reader sees (hidden, deleted, unprinted).
        self.unseen_refs: dict[str, set[str]] = {"footnote": set(), "endnote": set()}
        self.blocks: list[Block] = []
        self.hidden: list[HiddenBlock] = []
        # Pictures of the body's paragraphs, for OCR; the relationships their ids
        # resolve in (the main part's; headers and notes are not read).
        self.images: list[PlacedImage] = []
        self._image_rels: dict[str, Relationship] = {}

    def _part(self, kind: str) -> etree._Element | None:
        return _package_part(self._package, self._rels, kind)

    @cached_property
    def _settings(self) -> etree._Element | None:
        """settings.xml, read once (page colour and even-page headers both need it)."""
        return self._part("settings")

    # Sections, headers and footers.

    def walk_body(self, body: etree._Element) -> None:
        document = body.getparent()
        if document is not None and document.find(f"{_W}background") is not None:
            self._page = page_background(document, self._settings)
        self._sections = [
            sect_pr
            for sect_pr in body.iter(_SECT_PR)
            if (parent := sect_pr.getparent()) is not None
            and parent.tag in {_PPR, _BODY}
        ]
        has_even_pages = False
        if any(
            ref.get(f"{_W}type") == "even"
            for sect_pr in self._sections
            for ref in sect_pr.iterchildren(
                f"{_W}headerReference", f"{_W}footerReference"
            )
        ):
            settings = self._settings
            if settings is not None:
                has_even_pages = bool(is_on(settings.find(f"{_W}evenAndOddHeaders")))
        for kind in ("header", "footer"):
            self._margins[kind] = plan_margins(self._sections, kind, has_even_pages)
            self._printed_parts.update(
                self._margin_target(ref)
                for plan in self._margins[kind]
                for ref in plan
                if not ref.why_unrendered
            )
        if self._sections:
            self._walk_margins(0, "header")
        self._image_rels = self._rels
        self._blocks_of(
            body, _Story(Region.BODY, "", _Fields(), True, background=self._page)
        )
        self._image_rels = {}
        if self._section < len(self._sections):
            self._walk_margins(self._section, "footer")

    def _end_section(self) -> None:
        if self._section >= len(self._sections) - 1:
            return  # a stray sectPr; the body's own one closes the last section
        self._walk_margins(self._section, "footer")
        self._section += 1
        self._walk_margins(self._section, "header")

    def _margin_target(self, ref: MarginRef) -> str:
        rel = self._rels.get(ref.rel_id)
        if rel is None or rel.is_external or not self._package.has(rel.target):
            return ""
        return rel.target

    def _walk_margins(self, index: int, kind: str) -> None:
        """The section's header or footer parts not yet read, where they belong.

        A part no section prints is read, as not rendered, under the first section
        that names it; one that a later section prints waits for that section.
        """
        region = Region.HEADER if kind == "header" else Region.FOOTER
        for ref in self._margins[kind][index]:
            target = self._margin_target(ref)
            if not target or target in self._seen_parts:
                continue
            is_rendered = not ref.why_unrendered
            if not is_rendered and target in self._printed_parts:
                continue
            self._seen_parts.add(target)
            detail = f"section {index + 1} {ref.label} {kind}"
            if not is_rendered:
                detail = f"{detail}, but {ref.why_unrendered}"
            story = _Story(region, detail, _Fields(), False, is_rendered, self._page)
            body_rels, self._image_rels = self._image_rels, {}
            self._blocks_of(self._package.xml(target), story)
            self._image_rels = body_rels

    # Block content: paragraphs, tables, content controls.

    def _blocks_of(self, container: etree._Element, story: _Story) -> None:
        for child in container:
            tag = child.tag
            if tag == _P:
                self._paragraph(child, story)
            elif tag == _TBL:
                self._table(child, story)
            elif tag in _BLOCK_WRAPPERS:
                self._blocks_of(child, story)

    def _table(self, table: etree._Element, story: _Story) -> None:
        self._tables += 1
        number = self._tables
        region = Region.TABLE if story.region is Region.BODY else story.region
        tbl_pr = table.find(_TBL_PR)
        behind = self._styles.table_background(tbl_pr, story.background)
        style = self._styles.table_style(tbl_pr)
        for row_number, row in enumerate(_wrapped(table, _TR), 1):
            for cell_number, cell in enumerate(_wrapped(row, _TC), 1):
                detail = f"table {number}, row {row_number}, cell {cell_number}"
                background = shaded(cell.find(_TC_PR), behind)
                cell_story = story.within(region, detail, background, style)
                self._blocks_of(cell, cell_story)

    def _paragraph(self, paragraph: etree._Element, story: _Story) -> None:
        p_pr = paragraph.find(_PPR)
        style_id = self._styles.paragraph_style(p_pr)
        behind = self._styles.paragraph_background(p_pr, style_id, story.background)
        line = _Line(style_id, behind, story.table_style)
        self._inline(paragraph, line, story, is_deleted=False)
        region = story.region
        if region is Region.BODY and self._styles.is_caption(style_id):
            region = Region.CAPTION
        self._emit(line, region, story)
        if line.images and story.is_rendered:
            self._place_pictures(line.images, region, story.detail)
        for content in line.text_boxes:
            if content.tag == _V_TEXTPATH:
                self._emit_wordart(content, story)
                continue
            self._text_boxes += 1
            detail = _joined(story.detail, f"text box {self._text_boxes}")
            # A shape's fill (DrawingML or VML, perhaps from the theme) is not
            # resolved: what is behind a text box's text is unknown.
            box = _Story(
                Region.TEXT_BOX, detail, _Fields(), False, story.is_rendered, UNKNOWN
            )
            self._blocks_of(content, box)
        if story.is_main and p_pr is not None and p_pr.find(_SECT_PR) is not None:
            self._end_section()

    def _place_pictures(self, rel_ids: list[str], region: Region, detail: str) -> None:
        for rel_id in rel_ids:
            rel = self._image_rels.get(rel_id)
            if rel is None or rel.is_external or not self._package.has(rel.target):
                continue
            where = _joined(detail, f"OCR of the picture {rel.target}")
            self.images.append(
                PlacedImage(
                    self._package.read(rel.target),
                    len(self.blocks),
                    Location(region, detail=where),
                )
            )

    def _emit_wordart(self, textpath: etree._Element, story: _Story) -> None:
        self._wordart += 1
        detail = _joined(story.detail, f"WordArt {self._wordart}")
        line = _Line(paragraph_style=None, background=UNKNOWN)
        # VML draws a text path only when it is switched on (on="t").
        is_drawn = textpath.get("on", "f").lower() in _VML_TRUE
        reason = None if is_drawn else HiddenReason.NOT_RENDERED
        line.add(textpath.get("string", ""), reason)
        art = _Story(
            Region.TEXT_BOX, detail, story.fields, False, story.is_rendered, UNKNOWN
        )
        self._emit(line, Region.TEXT_BOX, art)

    def _emit(self, line: _Line, region: Region, story: _Story) -> None:
        detail = story.detail
        text = "".join(line.parts)
        index: int | None = None
        if not story.is_rendered:
            # Its own hidden runs keep their reason; the rest is never laid out.
            if text.strip():
                location = Location(region, detail=detail)
                self.hidden.append(
                    HiddenBlock(text, location, HiddenReason.NOT_RENDERED)
                )
        elif text.strip():
            index = len(self.blocks) + 1
            self.blocks.append(
                Block(text, Location(region, paragraph=index, detail=detail))
            )
        for reason, parts in line.hidden:
            hidden_text = "".join(parts)
            if hidden_text.strip():
                location = Location(region, paragraph=index, detail=detail)
                self.hidden.append(HiddenBlock(hidden_text, location, reason))

    # Inline content: runs and what wraps them.

    def _inline(
        self, element: etree._Element, line: _Line, story: _Story, is_deleted: bool
    ) -> None:
        for child in element:
            tag = child.tag
            if tag in _RUNS:
                self._run(child, line, story, is_deleted)
            elif tag in (_DEL, _MOVE_FROM):
                self._inline(child, line, story, is_deleted=True)
            elif tag not in _INLINE_SKIP:
                # Hyperlinks, insertions, content controls, simple fields (whose
                # content is the field result), smart tags, bidi wrappers...
                self._inline(child, line, story, is_deleted)

    def _run(
        self, run: etree._Element, line: _Line, story: _Story, is_deleted: bool
    ) -> None:
        reason: HiddenReason | None = HiddenReason.DELETED
        if not is_deleted:
            reason = self._styles.run_hidden_reason(
                run.find(_RPR), line.paragraph_style, line.background, line.table_style
            )
        fields = story.fields
        for child in run:
            tag = child.tag
            if tag in _TEXTS:
                text = child.text or ""
            elif tag == _DEL_TEXT:
                if not fields.in_instruction:
                    line.add(child.text or "", HiddenReason.DELETED)
                continue
            elif tag in _CHARACTERS:
                text = _CHARACTERS[tag]
            elif tag == _SYM:
                text = _symbol(child)
            elif tag == _FLD_CHAR:
                fields.on_char(child.get(_FLD_CHAR_TYPE, ""))
                continue
            elif tag in (_FOOTNOTE_REF, _ENDNOTE_REF):
                kind = "footnote" if tag == _FOOTNOTE_REF else "endnote"
                note_id = child.get(f"{_W}id", "")
                if reason is None and story.is_rendered and not fields.in_instruction:
                    self.note_refs[kind].append(note_id)
                else:
                    self.unseen_refs[kind].add(note_id)
                continue
            elif tag in _ANCHORS:
                _text_boxes(child, line.text_boxes)
                if reason is None and self._image_rels:
                    _pictures(child, line.images)
                continue
            else:
                continue  # rPr, instrText, lastRenderedPageBreak, annotation marks
            if not fields.in_instruction:
                line.add(text, reason)

    # Notes, comments, properties.

    def walk_notes(self, kind: str) -> None:
        """Footnotes or endnotes: referenced ones by number, then unrendered ones."""
        root = self._part(f"{kind}s")
        if root is None:
            return
        notes = {
            note.get(f"{_W}id", ""): note
            for note in root.iterchildren(f"{_W}{kind}")
            if note.get(f"{_W}type", "normal") not in _LAYOUT_NOTE_TYPES
        }
        ordered = list(dict.fromkeys(r for r in self.note_refs[kind] if r in notes))
        region = Region.FOOTNOTE if kind == "footnote" else Region.ENDNOTE
        for number, note_id in enumerate(ordered, 1):
            story = _Story(region, f"{kind} {number}", _Fields(), background=self._page)
            self._blocks_of(notes.pop(note_id), story)
        for note_id, note in notes.items():
            why = "not referenced in the text"
            if note_id in self.unseen_refs[kind]:
                why = "referenced only in hidden or deleted text"
            detail = f"{kind} with id {note_id}, {why}"
            story = _Story(region, detail, _Fields(), False, False, self._page)
            self._blocks_of(note, story)

    def walk_comments(self) -> None:
        root = self._part("comments")
        if root is None:
            return
        for comment in root.iterchildren(f"{_W}comment"):
            texts = [_plain_text(p) for p in comment.iter(_P)]
            text = "\n".join(t for t in texts if t.strip())
            if not text:
                continue
            author = comment.get(f"{_W}author", "")
            detail = f"comment {comment.get(f'{_W}id', '')}"
            detail = f"{detail} by {author}" if author else detail
            location = Location(Region.COMMENT, detail=detail)
            self.hidden.append(HiddenBlock(text, location, HiddenReason.DOCX_COMMENT))

    def read_properties(self, package_rels: dict[str, Relationship]) -> Publication:
        """Hidden METADATA blocks from core and app properties; the Publication."""
        core = _package_part(self._package, package_rels, "core-properties")
        values: dict[str, str] = {}
        published = None
        if core is not None:
            for tag, label in _CORE_FIELDS:
                values[label] = _child_text(core, tag)
                self._add_metadata(values[label], f"core property {label}")
            created = _child_text(core, f"{_DCTERMS}created")
            published = created or _child_text(core, f"{_DCTERMS}modified") or None
        app = _package_part(self._package, package_rels, "extended-properties")
        if app is not None:
            self._add_metadata(
                _child_text(app, f"{_EP}Company"), "app property Company"
            )
        return Publication(
            title=values.get("title") or None,
            author=values.get("creator") or None,
            published=published,
        )

    def _add_metadata(self, text: str, detail: str) -> None:
        if text:
            location = Location(Region.METADATA, detail=detail)
            self.hidden.append(HiddenBlock(text, location, HiddenReason.METADATA))


def _joined(outer: str, inner: str) -> str:
    return f"{outer}, {inner}" if outer else inner


def _wrapped(parent: etree._Element, tag: str) -> list[etree._Element]:
    """Children of ``parent`` with ``tag``, looking through content controls."""
    found: list[etree._Element] = []
    for child in parent:
        if child.tag == tag:
            found.append(child)
        elif child.tag in _BLOCK_WRAPPERS:
            found.extend(_wrapped(child, tag))
    return found


def _plain_text(paragraph: etree._Element) -> str:
    parts = (
        _CHARACTERS.get(node.tag) or node.text or ""
        for node in paragraph.iter(_T, *_CHARACTERS)
    )
    return "".join(parts)


def _child_text(root: etree._Element, tag: str) -> str:
    child = root.find(tag)
    return "" if child is None else (child.text or "").strip()


def _package_part(
    package: Package, rels: dict[str, Relationship], kind: str
) -> etree._Element | None:
    for rel in rels.values():
        if rel.kind == kind and not rel.is_external and package.has(rel.target):
            return package.xml(rel.target)
    return None


def _not_docx(package: Package) -> UnsupportedFormatError:
    return UnsupportedFormatError(
        f"not a DOCX file but {package.describe()}; save it as .docx and check it again"
    )


def extract(data: bytes, options: ExtractOptions) -> Document:
    """Read a DOCX: visible blocks in reading order, hidden text, core properties.

    Raises:
        CorruptInputError: not a zip, a damaged zip, or XML that does not parse.
        UnsafeInputError: over a zip limit, or a part that declares a DTD.
        UnsupportedFormatError: a zip that is not a Word document (ODT, EPUB, XLSX).
        EncryptedInputError: zip-level encryption.
    """
    package = open_package(data, options.limits)
    package_rels = package.relationships("")
    main = next(
        (
            rel.target
            for rel in package_rels.values()
            if rel.kind == "officeDocument" and not rel.is_external
        ),
        "word/document.xml",
    )
    if not package.has(main):
        raise _not_docx(package)
    root = package.xml(main)
    if root.tag != f"{_W}document":
        if root.tag == f"{_STRICT_W}document":
            raise UnsupportedFormatError(
                "a DOCX in Strict Open XML, which reprint does not read; save it as a "
                "Word Document (.docx) and check it again"
            )
        raise _not_docx(package)
    walker = _Walker(package, package.relationships(main))
    body = root.find(_BODY)
    if body is not None:
        walker.walk_body(body)
    walker.walk_notes("footnote")
    walker.walk_notes("endnote")
    walker.walk_comments()
    publication = walker.read_properties(package_rels)
    pictures = read_images(walker.images, options.limits)
    return Document(
        format=Format.DOCX,
        blocks=place_blocks(walker.blocks, pictures),
        hidden=tuple(walker.hidden),
        publication=publication,
        problems=pictures.problems,
    )
