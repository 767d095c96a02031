"""What an HTML page declares about itself: its charset and its publication.

The charset comes from a BOM, an XML declaration or ``<meta charset>``, the way a
browser picks it. The publication (title, site, URL, date, author) comes from
JSON-LD, Open Graph and the other ``<meta>`` names CMSs write.
"""

from __future__ import annotations

import codecs
import re

from reprint.model import Publication

__all__ = [
    "CHARSET_SCAN_BYTES",
    "build_publication",
    "decode_html",
    "find_json_ld_articles",
    "recode_to_utf8",
]

# --- charset ----------------------------------------------------------------------

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# Browsers re-decode when a late <meta charset> turns up; 64 KiB covers real heads.
CHARSET_SCAN_BYTES = 65_536
_META_CHARSET = re.compile(rb"""<meta\s[^>]*?charset\s*=\s*["']?\s*([-\w.:]+)""", re.I)
_XML_ENCODING = re.compile(rb"""\A\s*<\?xml[^>]*?encoding\s*=\s*["']([-\w.:]+)""")
# WHATWG Encoding Standard: these labels all mean windows-1252 on the web.
_WINDOWS_1252_ALIASES = frozenset({"ascii", "iso8859-1", "cp1252", "latin-1"})
# Encodings a page may declare; anything else (utf-7, Python's text transforms) is
# ignored as browsers ignore an unknown label. Spelled as codecs.lookup(...).name
# spells them (a test checks), so start-up need not import 37 codec modules.
_WEB_CODEC_LABELS = (
    "utf-8 cp1250 cp1251 cp1252 cp1253 cp1254 cp1255 cp1256 cp1257 cp1258 cp874 "
    "cp866 iso8859-2 iso8859-3 iso8859-4 iso8859-5 iso8859-6 iso8859-7 iso8859-8 "
    "iso8859-10 iso8859-13 iso8859-14 iso8859-15 iso8859-16 koi8-r koi8-u "
    "mac-roman mac-cyrillic shift_jis euc_jp iso2022_jp gbk gb18030 big5 "
    "big5hkscs euc_kr cp949"
)
_WEB_CODECS = frozenset(_WEB_CODEC_LABELS.split())
# UTF-16 without a BOM shows as NUL in every other byte of ASCII markup.
_UTF16_SAMPLE_BYTES = 512


def _codec_for_label(label: bytes) -> str | None:
    try:
        name = codecs.lookup(label.decode("ascii").strip().lower()).name
    except (LookupError, UnicodeDecodeError):
        return None
    if name.startswith("utf-16"):
        # A label readable as ASCII sits in ASCII-compatible bytes (WHATWG rule).
        return "utf-8"
    if name in _WINDOWS_1252_ALIASES:
        return "cp1252"
    return name if name in _WEB_CODECS else None


def _sniff_utf16(data: bytes) -> str | None:
    sample = data[:_UTF16_SAMPLE_BYTES]
    half = len(sample) // 2
    if half < 2:
        return None
    even_nuls, odd_nuls = sample[0::2].count(0), sample[1::2].count(0)
    if odd_nuls * 2 > half and even_nuls * 10 < odd_nuls:
        return "utf-16-le"
    if even_nuls * 2 > half and odd_nuls * 10 < even_nuls:
        return "utf-16-be"
    return None


def _detect_codec(data: bytes) -> tuple[str, bool]:
    """BOM, then a declaration, then UTF-16/UTF-8 by shape, then windows-1252.

    With the codec, whether the bytes were found to be valid UTF-8 on the way.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, False
    head = data[:CHARSET_SCAN_BYTES]
    for pattern in (_XML_ENCODING, _META_CHARSET):
        match = pattern.search(head)
        if match is not None:
            declared = _codec_for_label(match.group(1))
            if declared is not None:
                return declared, False
    utf16 = _sniff_utf16(data)
    if utf16 is not None:
        return utf16, False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8", True
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        # Bytes windows-1252 leaves undefined: some other legacy encoding.
        from charset_normalizer import from_bytes

        best = from_bytes(data[:CHARSET_SCAN_BYTES]).best()
        if best is not None and best.encoding:
            return best.encoding, False
    return "cp1252", False


def _strip_bom(data: bytes) -> bytes:
    for bom, _ in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :]
    return data


def decode_html(data: bytes) -> str:
    """The characters of an HTML file, decoded the way a browser picks the charset."""
    codec, _ = _detect_codec(data)
    return _strip_bom(data).decode(codec, errors="replace")


def recode_to_utf8(data: bytes) -> bytes:
    """``decode_html(data)`` encoded as UTF-8, without the round trip when it is."""
    codec, is_valid_utf8 = _detect_codec(data)
    body = _strip_bom(data)
    if is_valid_utf8:  # told by a strict decode while detecting
        return body
    if codec == "utf-8":
        try:
            body.decode("utf-8")  # strict: valid UTF-8 round-trips unchanged
        except UnicodeDecodeError:
            pass
        else:
            return body
    return body.decode(codec, errors="replace").encode("utf-8")


# --- publication ------------------------------------------------------------------

_ARTICLE_TYPE_NAMES = (
    "article newsarticle blogposting scholarlyarticle report reportagenewsarticle "
    "analysisnewsarticle opinionnewsarticle techarticle socialmediaposting"
)
_ARTICLE_TYPES = frozenset(_ARTICLE_TYPE_NAMES.split())


def find_json_ld_articles(text: str) -> list[dict[str, object]]:
    """The article-like items (``Article``, ``NewsArticle``...) of a JSON-LD script.

    Broken or absurdly nested JSON-LD gives none, as search engines ignore it.
    """
    import json  # most pages carry no JSON-LD; start-up need not load it

    try:
        parsed: object = json.loads(text)
    except (ValueError, RecursionError):
        return []
    articles: list[dict[str, object]] = []
    pending: list[object] = [parsed]
    while pending:
        item = pending.pop()
        if isinstance(item, list):
            pending.extend(reversed(item))
        elif isinstance(item, dict):
            graph = item.get("@graph")
            if isinstance(graph, list):
                pending.extend(reversed(graph))
            types = item.get("@type")
            names = types if isinstance(types, list) else [types]
            if any(isinstance(n, str) and n.lower() in _ARTICLE_TYPES for n in names):
                articles.append({str(k): v for k, v in item.items()})
    return articles


def _names(value: object) -> str | None:
    """``"A"``, ``{"name": "A"}`` or a list of either, as ``"A, B"``."""
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and name.strip():
            names.append(name.strip())
    return ", ".join(names) or None


def _url(value: object) -> str | None:
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url")
    if isinstance(value, str):
        return value.strip() or None
    return None


def _first(*values: str | None) -> str | None:
    return next((value for value in values if value), None)


def build_publication(
    *,
    title: str | None,
    meta: dict[str, str],
    canonical: str | None,
    articles: list[dict[str, object]],
) -> Publication:
    """Where and when the page was published: JSON-LD first, then Open Graph,
    ``citation_*`` and Dublin Core ``<meta>`` names, then ``<title>`` and the
    canonical link. ``meta`` maps lower-cased ``property``/``name`` to content.
    """
    article = articles[0] if articles else {}
    headline = article.get("headline") or article.get("name")
    published = article.get("datePublished")
    meta_author = meta.get("article:author")
    if meta_author and meta_author.startswith(("http://", "https://")):
        meta_author = None  # a profile URL, not a name
    return Publication(
        title=_first(
            headline.strip() if isinstance(headline, str) else None,
            meta.get("og:title"),
            meta.get("citation_title"),
            title,
        ),
        site_name=_first(meta.get("og:site_name"), _names(article.get("publisher"))),
        url=_first(
            canonical,
            meta.get("og:url"),
            _url(article.get("url")),
            _url(article.get("mainEntityOfPage")),
        ),
        published=_first(
            published.strip() if isinstance(published, str) else None,
            meta.get("article:published_time"),
            meta.get("citation_publication_date"),
            meta.get("dcterms.date"),
            meta.get("dc.date"),
        ),
        author=_first(
            _names(article.get("author")),
            meta.get("author"),
            meta.get("citation_author"),
            meta_author,
        ),
    )
