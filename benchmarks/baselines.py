"""The bare library calls reprint is measured against, and the goal for each.

Each baseline is a ``python -c`` script that reads a file's text with one library
and writes it to stdout, as ``reprint extract`` does, so both sides pay for the
interpreter, the imports, the parse and the output. The goal applies to the
baseline that uses the parser reprint itself uses (read from its extractor's
imports); the others are printed for information.
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path

from measure import Command, python_command

EXTRACT_DIR = Path(__file__).resolve().parent.parent / "src" / "reprint" / "formats"

PDFIUM = """
import sys
import pypdfium2 as pdfium
pdf = pdfium.PdfDocument(sys.argv[1])
parts = [page.get_textpage().get_text_range() for page in pdf]
sys.stdout.write("\\n".join(parts))
"""
PYPDF = """
import sys
from pypdf import PdfReader
reader = PdfReader(sys.argv[1])
sys.stdout.write("\\n".join(page.extract_text() for page in reader.pages))
"""
PYTHON_DOCX = """
import sys
import docx
document = docx.Document(sys.argv[1])
parts = [p.text for p in document.paragraphs]
for table in document.tables:
    for row in table.rows:
        parts.extend(cell.text for cell in row.cells)
for section in document.sections:
    stories = [section.header, section.footer]
    if section.different_first_page_header_footer:
        stories += [section.first_page_header, section.first_page_footer]
    for story in stories:
        parts.extend(p.text for p in story.paragraphs)
sys.stdout.write("\\n".join(parts))
"""
BS4_LXML = """
import sys
from bs4 import BeautifulSoup
with open(sys.argv[1], "rb") as handle:
    data = handle.read()
sys.stdout.write(BeautifulSoup(data, "lxml").get_text())
"""
LXML_HTML = """
import sys
import lxml.html
with open(sys.argv[1], "rb") as handle:
    data = handle.read()
sys.stdout.write(lxml.html.fromstring(data).text_content())
"""
# selectolax 1.0 removed the Modest backend (selectolax.parser raises on import);
# lexbor is its parser now.
SELECTOLAX = """
import sys
from selectolax.lexbor import LexborHTMLParser
with open(sys.argv[1], "rb") as handle:
    data = handle.read()
sys.stdout.write(LexborHTMLParser(data).text())
"""
# The closest peer that also applies CSS (display: none and the like) to HTML text.
INSCRIPTIS = """
import sys
from inscriptis import get_text
with open(sys.argv[1], "rb") as handle:
    data = handle.read()
sys.stdout.write(get_text(data.decode("utf-8", "replace")))
"""


@dataclass(frozen=True, slots=True)
class Baseline:
    """A baseline script, the library it stands for, and reprint's goal against it."""

    name: str
    script: str
    library: str  # the import name that tells whether reprint uses this parser
    goal: float

    def command(self, path: Path) -> Command:
        return python_command(self.name, self.script, str(path))


BASELINES: dict[str, tuple[Baseline, ...]] = {
    "pdf": (
        Baseline("pypdfium2", PDFIUM, "pypdfium2", 1.40),
        Baseline("pypdf", PYPDF, "pypdf", 1.25),
    ),
    "docx": (Baseline("python-docx", PYTHON_DOCX, "docx", 1.40),),
    "html": (
        Baseline("bs4+lxml", BS4_LXML, "bs4", 1.25),
        Baseline("lxml.html", LXML_HTML, "lxml", 1.75),
        Baseline("selectolax", SELECTOLAX, "selectolax", 2.5),
        Baseline("inscriptis", INSCRIPTIS, "inscriptis", 2.5),
    ),
}
# Which extractor modules implement each format (the reader may delegate layout work).
_EXTRACTOR_FILES = {
    "pdf": ("pdf/reader.py", "pdf/layout.py", "pdf/metadata.py"),
    "docx": ("docx/reader.py", "docx/layout.py", "docx/ooxml.py"),
    "html": ("html/reader.py", "html/meta.py"),
}
# In order of precedence: a module importing pypdfium2 is judged against pypdfium2
# even if it also imports pypdf (for metadata, say); bs4 wraps lxml, so it wins too.
_PRECEDENCE = ("pypdfium2", "pypdf", "bs4", "selectolax", "lxml", "docx")


def _imports(path: Path) -> set[str]:
    source = path.read_text("utf-8") if path.exists() else ""
    found = re.findall(r"^\s*(?:from|import)\s+([A-Za-z_][\w]*)", source, re.MULTILINE)
    return set(found)


def parser_of(kind: str) -> str | None:
    """The library reprint's extractor for ``kind`` parses with, from its imports."""
    imported: set[str] = set()
    for name in _EXTRACTOR_FILES[kind]:
        imported |= _imports(EXTRACT_DIR / name)
    if kind == "docx" and "docx" not in imported and "lxml" in imported:
        return "docx"  # walks the XML itself: python-docx is still the baseline
    return next((lib for lib in _PRECEDENCE if lib in imported), None)


def is_installed(baseline: Baseline) -> bool:
    return importlib.util.find_spec(baseline.library) is not None


def available(kind: str) -> list[tuple[Baseline, float | None]]:
    """The installed baselines for ``kind`` with the goal that applies (None: info)."""
    parser = parser_of(kind)
    return [
        (b, b.goal if b.library == parser else None)
        for b in BASELINES[kind]
        if is_installed(b)
    ]
