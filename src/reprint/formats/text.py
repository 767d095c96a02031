"""Markdown and plain text, the way static-site CMSs keep posts.

Plain text: paragraphs separated by blank lines are the blocks. Markdown: rendered
to HTML by markdown-it (CommonMark, with tables) and read by the HTML extractor, so
raw HTML in a post (a ``<span style="display:none">``, a comment) is judged by the
same rules as a web page. YAML (``---``) or TOML (``+++``) front matter is hidden
metadata, and its obvious keys feed the ``Publication``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import replace
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING

from reprint.formats.html.reader import extract_markup
from reprint.formats.options import ExtractOptions
from reprint.formats.sniff import sniff_format
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

if TYPE_CHECKING:  # pragma: no cover
    from markdown_it import MarkdownIt

__all__ = ["decode_text", "extract", "extract_markdown", "extract_plain_text"]

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_NEWLINE = re.compile(r"\r\n?")
_YAML_FRONT_MATTER = re.compile(
    r"\A---[ \t]*\n(.*?)\n?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL
)
_TOML_FRONT_MATTER = re.compile(
    r"\A\+\+\+[ \t]*\n(.*?)\n?\+\+\+[ \t]*(?:\n|\Z)", re.DOTALL
)
# Top-level "key: value" lines and "- item" lines under a key with no value; front
# matter in real posts is this flat, so no YAML library is needed.
_YAML_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$")
_YAML_ITEM = re.compile(r"^[ \t]+-[ \t]+(.*?)[ \t]*$")
_QUOTES = "\"'"
# Front matter keys, as Jekyll, Hugo, Eleventy, Ghost exports and Pandoc spell them.
_TITLE_KEYS = ("title",)
_DATE_KEYS = ("date", "published", "publishdate", "pubdate", "published_at")
_AUTHOR_KEYS = ("author", "authors")
_URL_KEYS = ("canonical", "canonical_url", "canonicalurl", "url", "permalink")
# markdown-it drops blocks nested deeper than this; its parser recurses, and 100
# levels stay far inside Python's recursion limit.
MARKDOWN_MAX_NESTING = 100


def decode_text(data: bytes) -> str:
    """Text from bytes: a BOM wins, then UTF-8, then windows-1252; newlines as LF."""
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="replace")
    elif data.startswith(_UTF16_BOMS):
        text = data.decode("utf-16", errors="replace")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    return _NEWLINE.sub("\n", text).replace("\x00", "\ufffd")


def _plain_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    line = 1
    start = 0
    for separator in (*_BLANK_LINE.finditer(text), None):
        end = len(text) if separator is None else separator.start()
        chunk = text[start:end]
        lines = (part.rstrip() for part in chunk.strip("\n").split("\n"))
        paragraph = "\n".join(lines).strip()
        if paragraph:
            leading = len(chunk) - len(chunk.lstrip("\n"))
            location = Location(
                paragraph=len(blocks) + 1, detail=f"line {line + leading}"
            )
            blocks.append(Block(paragraph, location))
        line += chunk.count("\n")
        if separator is not None:
            line += separator.group().count("\n")
            start = separator.end()
    return blocks


def extract_plain_text(data: bytes, options: ExtractOptions) -> Document:
    """Paragraphs of a plain text file as blocks; nothing in plain text is hidden."""
    text = decode_text(data)
    return Document(format=Format.TEXT, blocks=tuple(_plain_blocks(text)))


def _scalar(value: str) -> str:
    value = value.strip()
    if value[:1] in _QUOTES:
        end = value.find(value[0], 1)
        if end > 0:
            return value[1:end]  # anything after the closing quote is a comment
    return value.split(" #", 1)[0].rstrip()


def _yaml_fields(source: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    key: str | None = None
    items: list[str] = []
    for line in (*source.split("\n"), "end: "):
        item = _YAML_ITEM.match(line)
        if item is not None and key is not None:
            items.append(_scalar(item.group(1)))
            continue
        if key is not None and items:
            fields.setdefault(key, ", ".join(items))
        key, items = None, []
        match = _YAML_KEY.match(line)
        if match is None:
            continue
        name, value = match.group(1).lower(), match.group(2)
        if value.startswith("[") and value.endswith("]"):
            value = ", ".join(_scalar(part) for part in value[1:-1].split(","))
        elif value in ("", "|", ">"):
            key = name
            continue
        if value:
            fields.setdefault(name, _scalar(value))
    return fields


def _toml_value(value: object) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        names = [name for item in value if (name := _toml_value(item))]
        return ", ".join(names) or None
    if isinstance(value, dict):
        return _toml_value(value.get("name"))
    return None


def _toml_fields(source: str) -> dict[str, str]:
    try:
        table = tomllib.loads(source)
    except tomllib.TOMLDecodeError:
        return {}  # broken front matter is still hidden text, just not metadata
    fields: dict[str, str] = {}
    for key, value in table.items():
        text = _toml_value(value)
        if text is not None:
            fields[key.lower()] = text
    return fields


def _pick(fields: dict[str, str], keys: tuple[str, ...]) -> str | None:
    return next((fields[key] for key in keys if fields.get(key)), None)


def _split_front_matter(text: str) -> tuple[str, dict[str, str], str]:
    """(front matter source, its fields, the rest); empty when there is none."""
    for pattern, read in (
        (_YAML_FRONT_MATTER, _yaml_fields),
        (_TOML_FRONT_MATTER, _toml_fields),
    ):
        match = pattern.match(text)
        if match is not None:
            return match.group(1), read(match.group(1)), text[match.end() :]
    return "", {}, text


@cache
def _markdown() -> MarkdownIt:
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"maxNesting": MARKDOWN_MAX_NESTING})
    return parser.enable(["table", "strikethrough"])


def extract_markdown(data: bytes, options: ExtractOptions) -> Document:
    """Visible text of a Markdown post, its hidden parts and its front matter.

    Raises:
        UnsafeInputError: raw HTML in the post nested beyond the depth limit.
    """
    text = decode_text(data)
    front_matter, fields, body = _split_front_matter(text)
    html = _markdown().render(body)
    document = extract_markup(html, options)
    hidden = document.hidden
    if front_matter.strip():
        location = Location(region=Region.METADATA, detail="front matter")
        front = HiddenBlock(front_matter.strip(), location, HiddenReason.METADATA)
        hidden = (front, *hidden)
    heading = next(
        (
            block.text
            for block in document.blocks
            if block.location.region is Region.TITLE
        ),
        None,
    )
    publication = Publication(
        title=_pick(fields, _TITLE_KEYS) or heading,
        site_name=_pick(fields, ("site_name", "site")),
        url=_pick(fields, _URL_KEYS),
        published=_pick(fields, _DATE_KEYS),
        author=_pick(fields, _AUTHOR_KEYS),
    )
    return replace(
        document, format=Format.MARKDOWN, hidden=hidden, publication=publication
    )


def extract(data: bytes, options: ExtractOptions) -> Document:
    """Markdown or plain text, told apart by the content (the registry's entry point).

    The registry hands both formats to this function without the file name, so a
    ``.md`` file with no Markdown syntax at all is read as plain text, which gives
    the same words.

    Raises:
        EmptyInputError: no bytes.
        UnsupportedFormatError: binary data.
        UnsafeInputError: raw HTML nested beyond the depth limit.
    """
    if sniff_format(data) is Format.TEXT:
        return extract_plain_text(data, options)
    return extract_markdown(data, options)
