"""Typed values that cross module boundaries. Imports nothing from reprint."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol


class Format(StrEnum):
    """An input format, as sniffed from the bytes."""

    HTML = "html"
    PDF = "pdf"
    DOCX = "docx"
    MARKDOWN = "markdown"
    TEXT = "text"


class Region(StrEnum):
    """Where on the page (or in the file) a block of text sits."""

    BODY = "body"
    TITLE = "title"
    HEADER = "header"
    FOOTER = "footer"
    FOOTNOTE = "footnote"
    ENDNOTE = "endnote"
    CAPTION = "caption"
    TABLE = "table"
    TEXT_BOX = "text-box"
    SIDEBAR = "sidebar"
    METADATA = "metadata"
    COMMENT = "comment"


class HiddenReason(StrEnum):
    """Why a block of text is in the file but not seen by a reader."""

    # HTML
    HTML_COMMENT = "html-comment"
    HEAD = "head"  # <title> aside, text in <head> (meta, link) is not rendered
    SCRIPT = "script"
    STYLE = "style"
    TEMPLATE = "template"
    NOSCRIPT = "noscript"
    HIDDEN_ATTRIBUTE = "hidden-attribute"
    HIDDEN_INPUT = "hidden-input"
    DISPLAY_NONE = "display-none"
    VISIBILITY_HIDDEN = "visibility-hidden"
    # Content of an element a browser renders itself (<video>, <audio>, <canvas>,
    # <iframe>, <meter>, <progress>): shown only by browsers that lack the element.
    FALLBACK_CONTENT = "fallback-content"
    # PDF (and, where the same trick exists, HTML and DOCX)
    INVISIBLE_RENDER_MODE = "invisible-render-mode"
    BACKGROUND_COLOUR = "same-colour-as-background"
    TINY_TEXT = "tiny-text"
    OFF_PAGE = "off-page"
    COVERED = "covered"  # painted over by an opaque shape or image
    TRANSPARENT = "transparent"  # opacity 0, fully transparent fill
    CLIPPED = "clipped"  # clipped away (CSS clip/clip-path, PDF clipping path)
    # The renderer paints it illegibly or not at all, by whatever mechanism
    # (optional content switched off, a soft mask, a blend mode, a crop box...).
    NOT_PAINTED = "not-painted"
    # DOCX
    VANISH = "hidden-run"
    DELETED = "tracked-deletion"
    DOCX_COMMENT = "comment"
    # Stored in the file but never laid out: a first-page header of a section
    # without w:titlePg, an even-page header without evenAndOddHeaders, a note
    # nothing refers to.
    NOT_RENDERED = "not-rendered"
    # any format
    METADATA = "metadata"


class ProblemCode(StrEnum):
    """A condition worth telling the user about that is not itself a finding."""

    FORMAT_MISMATCH = "format-mismatch"
    IMAGE_ONLY_PAGES = "image-only-pages"
    NO_TEXT = "no-text"
    UNREADABLE_METADATA = "unreadable-metadata"
    # HTML: a hiding style rule reprint could not evaluate (an unknown media
    # feature, a selector or value it cannot read) was applied as if it held.
    UNEVALUATED_STYLE = "unevaluated-style"
    # HTML: a style sheet over a size or rule limit was not read; a rule in it may
    # hide or show a credit, so no verdict but "unverifiable" is safe.
    STYLE_OVER_LIMIT = "style-over-limit"
    # A bug in reprint met while reading or judging the document: the run goes on.
    INTERNAL_ERROR = "internal-error"
    # The document took more than its CPU-time budget (``--timeout``).
    TIMEOUT = "timeout"
    # Images that may carry text (a credit set as a logo or banner) were not read:
    # OCR is not installed, or the document has more than the OCR limits allow.
    IMAGES_NOT_READ = "images-not-read"
    # Text was read by OCR (pages without a text layer, text in images).
    OCR_TEXT = "ocr-text"
    # A credit was found only in text OCR read with low confidence.
    LOW_CONFIDENCE_OCR = "low-confidence-ocr"
    # Text a verdict rests on could not be confirmed as painted by rendering it
    # (not found on its page, or too many candidates): no "compliant" from it.
    UNCONFIRMED_PAINT = "unconfirmed-paint"
    # A library reading the document logged a warning (pypdf: a flaw it worked
    # around), passed on with the document's name instead of as a bare log line.
    LIBRARY_WARNING = "library-warning"


@dataclass(frozen=True, slots=True)
class Location:
    """Where a block is: region, 1-based page (paged formats), 1-based paragraph."""

    region: Region = Region.BODY
    page: int | None = None
    paragraph: int | None = None
    # A format-specific pointer a person can follow: "section 1 first-page header",
    # "footnote 3", "div.entry-content > p".
    detail: str = ""

    def describe(self, *, is_brief: bool = False) -> str:
        """A human description, e.g. ``footer, page 3, paragraph 2, footnote 1``.

        ``is_brief`` leaves out the format-specific detail.
        """
        parts = [self.region.value]
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.paragraph is not None:
            parts.append(f"paragraph {self.paragraph}")
        if self.detail and not is_brief:
            parts.append(self.detail)
        return ", ".join(parts)

    def to_dict(self) -> dict[str, object]:
        return {
            "region": self.region.value,
            "page": self.page,
            "paragraph": self.paragraph,
            "detail": self.detail,
        }


class TextSource(StrEnum):
    """How a block's text was read: from the file's text, or by OCR of an image."""

    TEXT = "text"
    OCR = "ocr"


@dataclass(frozen=True, slots=True)
class Block:
    """A run of reader-visible text, in reading order.

    Text read by OCR (``source``) carries Tesseract's confidence (0-100): the mean
    over its words.
    """

    text: str
    location: Location
    source: TextSource = TextSource.TEXT
    confidence: float | None = None

    def to_dict(self) -> dict[str, object]:
        if self.source is TextSource.TEXT:
            return {"text": self.text, "location": self.location.to_dict()}
        return {
            "text": self.text,
            "location": self.location.to_dict(),
            "source": self.source.value,
            "confidence": self.confidence,
        }


@dataclass(frozen=True, slots=True)
class HiddenBlock:
    """Text that is in the file but that no reader sees, with the reason."""

    text: str
    location: Location
    reason: HiddenReason

    def to_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "location": self.location.to_dict(),
            "reason": self.reason.value,
        }


@dataclass(frozen=True, slots=True)
class Publication:
    """What the document says about where and when it was published."""

    title: str | None = None
    site_name: str | None = None
    url: str | None = None
    published: str | None = None  # ISO 8601 date or date-time, as the source gives it
    author: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        return {
            "title": self.title,
            "site_name": self.site_name,
            "url": self.url,
            "published": self.published,
            "author": self.author,
        }


@dataclass(frozen=True, slots=True)
class Problem:
    """A condition met while reading or judging; ``code`` is stable, for machines."""

    code: str
    message: str
    # The message with the input fields it names unworded (``reprint.errors.field``),
    # so each shell can spell them its own way; empty when it names none.
    template: str = field(default="", compare=False, repr=False)

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


class Paint(StrEnum):
    """What a renderer made of a piece of text a reader was said to see."""

    PAINTED = "painted"  # legibly, by reprint.contrast's rule
    NOT_PAINTED = "not-painted"  # found, but not painted legibly anywhere
    NOT_FOUND = "not-found"  # not found where the reader put it: undecided


@dataclass(frozen=True, slots=True)
class TextSpan:
    """Text a verdict rests on, as a reader's block gives it, and its page."""

    text: str
    page: int  # 1-based; the text may run on to the next pages


class PaintConfirmer(Protocol):
    """A document's capability to confirm by rendering that text is painted.

    Readers whose rules for visibility can miss a way of hiding text (PDF) give
    their ``Document`` one; the pipeline asks it about the decisive text only.
    """

    def confirm(self, spans: Sequence[TextSpan]) -> tuple[Paint, ...]:
        """One answer per span, in order."""
        ...


@dataclass(frozen=True, slots=True)
class Document:
    """What a reader of one file sees, what is hidden from them, and its metadata."""

    format: Format
    blocks: tuple[Block, ...]
    hidden: tuple[HiddenBlock, ...] = ()
    publication: Publication = field(default_factory=Publication)
    problems: tuple[Problem, ...] = ()
    page_count: int | None = None
    # What read it: "static" (reprint's own readers) or "chromium" (--render).
    engine: str = "static"
    # Confirms by rendering that visible text is painted (PDF); None: not needed.
    confirmer: PaintConfirmer | None = field(default=None, compare=False, repr=False)

    @property
    def text(self) -> str:
        """All visible text, blocks separated by blank lines."""
        return "\n\n".join(block.text for block in self.blocks)

    @property
    def has_text(self) -> bool:
        return any(block.text.strip() for block in self.blocks)

    def to_dict(self) -> dict[str, object]:
        return {
            "format": self.format.value,
            "engine": self.engine,
            "page_count": self.page_count,
            "publication": self.publication.to_dict(),
            "blocks": [block.to_dict() for block in self.blocks],
            "hidden": [block.to_dict() for block in self.hidden],
            "problems": [problem.to_dict() for problem in self.problems],
        }


class Extent(StrEnum):
    """How much of the work a document reprints."""

    ENTIRE = "entire"
    PART = "part"
    NONE = "none"


class CreditStatus(StrEnum):
    """What a document does with one required credit; earlier members win."""

    PRESENT = "present"
    HIDDEN = "hidden"
    MISATTRIBUTED = "misattributed"
    MISSING = "missing"
    # The text could not be read (unverifiable document): no finding either way.
    UNKNOWN = "unknown"


class Verdict(StrEnum):
    """The answer of ``check`` for one document."""

    COMPLIANT = "compliant"
    NON_COMPLIANT = "non-compliant"
    NOT_A_REPRINT = "not-a-reprint"
    UNVERIFIABLE = "unverifiable"

    @property
    def exit_code(self) -> int:
        """0 compliant or not a reprint, 1 non-compliant, 2 unverifiable."""
        return _VERDICT_EXIT[self]


_VERDICT_EXIT = {
    Verdict.COMPLIANT: 0,
    Verdict.NOT_A_REPRINT: 0,
    Verdict.NON_COMPLIANT: 1,
    Verdict.UNVERIFIABLE: 2,
}


@dataclass(frozen=True, slots=True)
class Passage:
    """One stretch of the document that reprints the work, in the same order."""

    words: int  # words of the work matched in this passage
    doc_start: Location  # where it begins in the document
    doc_end: Location
    paragraphs: tuple[int, int]  # first and last paragraph of the work it covers
    sections: tuple[str, ...]  # the work's sections it touches
    excerpt: str  # the passage's first words, as the document prints them

    def to_dict(self) -> dict[str, object]:
        return {
            "words": self.words,
            "start": self.doc_start.to_dict(),
            "end": self.doc_end.to_dict(),
            "paragraphs": list(self.paragraphs),
            "sections": list(self.sections),
            "excerpt": self.excerpt,
        }


@dataclass(frozen=True, slots=True)
class ReuseFinding:
    """How much of the work the document reprints."""

    extent: Extent
    coverage: float  # share of the work's body words found, in order (0..1)
    passages: tuple[Passage, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "extent": self.extent.value,
            "coverage": round(self.coverage, 4),
            "passages": [passage.to_dict() for passage in self.passages],
        }


@dataclass(frozen=True, slots=True)
class CreditFinding:
    """The status of one required credit, with the text that decided it."""

    key: str
    label: str
    status: CreditStatus
    evidence: str | None = None  # the matching text, as the document prints it
    location: Location | None = None
    why: str | None = None  # for a near-miss or hidden credit: what is wrong
    # The evidence's block was read by OCR: its source and confidence (0-100).
    source: TextSource = TextSource.TEXT
    confidence: float | None = None
    # The words matched, without context (evidence may hold the whole block): what
    # a renderer is asked to confirm as painted. Not part of the report.
    matched: str | None = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict[str, object]:
        found: dict[str, object] = {
            "status": self.status.value,
            "label": self.label,
            "evidence": self.evidence,
            "location": None if self.location is None else self.location.to_dict(),
            "why": self.why,
        }
        if self.source is not TextSource.TEXT:
            found["source"] = self.source.value
            found["confidence"] = self.confidence
        return found


@dataclass(frozen=True, slots=True)
class Report:
    """The full answer of ``check`` for one document."""

    file: str
    format: Format | None
    verdict: Verdict
    reprint: ReuseFinding
    credits: tuple[CreditFinding, ...]
    problems: tuple[Problem, ...] = ()
    publication: Publication = field(default_factory=Publication)
    credit_line: str | None = None  # what to add, for a non-compliant document
    engine: str = "static"  # the Document's engine: "static" or "chromium"

    def to_dict(self) -> dict[str, object]:
        """The report as JSON-shaped data (contract: schemas/report.schema.json)."""
        return {
            "file": self.file,
            "format": None if self.format is None else self.format.value,
            "verdict": self.verdict.value,
            "reprint": self.reprint.to_dict(),
            "credits": {finding.key: finding.to_dict() for finding in self.credits},
            "problems": [problem.to_dict() for problem in self.problems],
            "publication": self.publication.to_dict(),
            "credit_line": self.credit_line,
            "engine": self.engine,
        }
