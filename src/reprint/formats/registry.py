"""The extractor registry: which family reads a format, and reading any bytes.

Each family's reader exposes ``extract(data, options)``; it is imported only when a
file of that format is met, so that start-up stays cheap.
"""

from __future__ import annotations

import importlib
from dataclasses import replace

from reprint.formats.options import ExtractOptions, Extractor
from reprint.formats.sniff import format_from_name, sniff_format
from reprint.model import Document, Format, Problem, ProblemCode

__all__ = ["extract_bytes"]

# Format -> its family's reader module; imported on first use.
_MODULES: dict[Format, str] = {
    Format.HTML: "reprint.formats.html.reader",
    Format.PDF: "reprint.formats.pdf.reader",
    Format.DOCX: "reprint.formats.docx.reader",
    Format.MARKDOWN: "reprint.formats.text",
    Format.TEXT: "reprint.formats.text",
}


def _load(fmt: Format) -> Extractor:
    module = importlib.import_module(_MODULES[fmt])
    extractor: Extractor = module.extract
    return extractor


def extract_bytes(
    data: bytes, name: str = "", options: ExtractOptions | None = None
) -> Document:
    """Sniff the format of ``data`` and extract it; report a misleading suffix.

    Raises:
        InputError: the bytes cannot be read (see the subclasses).
    """
    fmt = sniff_format(data, name)
    options = options or ExtractOptions()
    if options.render and fmt is Format.HTML:
        browser = importlib.import_module("reprint.formats.html.browser")
        render: Extractor = browser.extract
        document = render(data, options)
    else:
        document = _load(fmt)(data, options)
    claimed = format_from_name(name)
    plain = {Format.MARKDOWN, Format.TEXT}
    if claimed is None or claimed is fmt or {claimed, fmt} <= plain:
        return document
    mismatch = Problem(
        ProblemCode.FORMAT_MISMATCH,
        f"the name says {claimed.value.upper()} but the content is "
        f"{fmt.value.upper()}; read as {fmt.value.upper()}",
    )
    return replace(document, problems=(mismatch, *document.problems))
