"""Bytes in, a Document out: one package (or module) per format family.

``html/``, ``pdf/``, ``docx/`` and ``text`` each expose ``extract(data, options)``
from their reader; ``sniff`` tells the format from the bytes, ``registry`` picks the
family and imports it only when a file of that format is met, so that start-up
stays cheap. ``options`` holds what the families share; they do not import each
other (an import-linter contract), save that Markdown is rendered to HTML and read
by the HTML reader.
"""
