"""Resource limits applied to every input, documented in the README ("Limits").

Each limit exists so that a hostile or broken file costs bounded time and memory.
"""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on what one input may cost; the defaults suit a newspaper article."""

    # A 500-page PDF with images is ~30 MB; a 100 MB upload is not an article.
    max_input_bytes: int = 64 * MIB
    # Sum of the declared uncompressed sizes of all members of a DOCX zip.
    max_unzipped_bytes: int = 256 * MIB
    # Deflate tops out near 1032:1; real DOCX XML compresses 5-20:1. 200:1 leaves room.
    max_zip_ratio: float = 200.0
    max_zip_members: int = 10_000
    # Browsers cap DOM depth at 512 (Chromium) before flattening; we refuse past it.
    max_html_depth: int = 512
    max_pdf_pages: int = 5_000
    # Annotations on one page: each is drawn into the page (flattened) to be read.
    # The most on a page of the 1,100 public test PDFs read in the robustness sweep
    # is 245 (a tax form); pdf.js's bug1978317.pdf has 32,768 links on one page and
    # cost 4 s of PDFium's annotation work alone.
    max_pdf_page_annotations: int = 4_000
    # What one Flate stream of a PDF may inflate to (a page's content is a few MiB;
    # a Flate image of 128 MiB is 6,500 pixels square in RGB), and all of them.
    max_pdf_stream_inflated_bytes: int = 128 * MIB
    max_pdf_inflated_bytes: int = 1024 * MIB
    # A style sheet a page on disk links to; a theme's whole CSS is well under this.
    max_stylesheet_bytes: int = 4 * MIB
    # All the CSS of one page (<style> elements, linked and imported sheets): twice
    # a large theme. Over it, or over the rule count, the page is unverifiable.
    max_page_stylesheet_bytes: int = 8 * MIB
    max_page_style_rules: int = 100_000
    # One XML part of a DOCX, inflated: a 300-page thesis's document.xml is about
    # 8 MiB; parsed, a part costs about 17 times its size in memory (a 60 MiB one
    # took 1 GiB), so 16 MiB keeps a document within 512 MB.
    max_xml_part_bytes: int = 16 * MIB
    # Markup in one XML part, counted as its "<" (every element has one): bounds
    # the element count, so a part of empty elements costs no more than real text.
    max_xml_part_tags: int = 1_500_000
    # OCR (the ocr extra) costs about 1 s of CPU a 200-dpi A4 page (0.96 s for the
    # scan fixture): pages without a text layer read per document, well within the
    # default 300 s --timeout. Beyond it the rest stay unread (image-only-pages).
    max_ocr_pages: int = 40
    # Images that may carry text (a credit as a logo or banner) read per document;
    # the rest are reported unread (images-not-read).
    max_ocr_images: int = 16


DEFAULT_LIMITS = Limits()
