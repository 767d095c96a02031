"""HTML: the text a browser renders, in reading order, and the text it hides, with why.

One lxml parse and one iterative walk over the tree. Each element's state (region,
hidden or not, block or inline) is decided once when the walk enters it, from its tag,
its attributes (``reprint.formats.html.elements``) and the page's CSS (gathered by
``reprint.formats.html.style_sources``, cascaded by ``reprint.formats.html.css``;
font size, colour, opacity, offsets and clipping in
``reprint.formats.html.visibility``). The charset and the publication metadata are
read by ``reprint.formats.html.meta``.
Nothing is fetched: external style sheets, DTDs and entities are never loaded.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import unquote_to_bytes

from lxml import etree

from reprint.errors import CorruptInputError, UnsafeInputError
from reprint.formats.html.css import (
    NO_DECLARATION,
    CustomProperties,
    Declaration,
    Element,
    StyleSheet,
    Visibility,
)
from reprint.formats.html.elements import (
    BLOCK_TAGS,
    INLINE_DISPLAYS,
    NON_BLOCK_DISPLAYS,
    PRE_TAGS,
    TAG_REGIONS,
    describe,
    own_hidden_reason,
    region_of,
    unchosen_options,
)
from reprint.formats.html.meta import (
    build_publication,
    decode_html,
    find_json_ld_articles,
    recode_to_utf8,
)
from reprint.formats.html.style_sources import StyleBudget, style_sources
from reprint.formats.html.visibility import ROOT_LOOK, Look, derive_look
from reprint.formats.ocr import ImagesRead, PlacedImage, place_blocks, read_images
from reprint.formats.options import ExtractOptions
from reprint.model import (
    Block,
    Document,
    Format,
    HiddenBlock,
    HiddenReason,
    Location,
    Problem,
    ProblemCode,
    Region,
)
from reprint.normalize import squeeze_space

__all__ = ["decode_html", "extract", "extract_markup"]

# Runs of HTML whitespace other than a lone space: most text has none, so the
# substitution usually finds nothing to replace.
_SPACE = re.compile(r"[\t\n\r\f][ \t\n\r\f]*| [ \t\n\r\f]+")
_HTML_SPACE = " \t\n\r\f"
_ATTRIBUTE_TEXT_TAGS = frozenset({"meta", "link", "input", "title"})
# Tags the walk does more for than open them and take their text.
_SPECIAL_TAGS = _ATTRIBUTE_TEXT_TAGS | {"script", "br", "img"}
# An <img> sized (width and height attributes, CSS pixels) under this cannot show a
# legible line of text: a tracking pixel, an icon.
MIN_IMAGE_BOX_PX = (48, 8)
# Stands for <br> inside a block until the block is joined; libxml2 turns NUL in
# the input (and &#0;) into U+FFFD, so it cannot come from the page.
_LINE_BREAK = "\x00"
# How many enclosing blocks a location's detail names ("article > div.x > p").
DETAIL_DEPTH = 3


# --- walking ----------------------------------------------------------------------


@dataclass(slots=True)
class _Frame:
    """The decided state of one open element."""

    attributes: dict[str, str]
    # The innermost enclosing blocks, outermost first, as "tag#id" or "tag.class".
    block_path: tuple[str, ...]
    detail: str  # block_path joined for a location ("article > div.x > p")
    tag: str
    region: Region
    reason: HiddenReason | None  # None when visible
    hidden_root: _Frame | None  # the frame whose own state hides this one
    is_removed: bool  # display: none here or above; a descendant cannot undo it
    is_invisible: bool  # computed visibility: hidden
    look: Look  # font size, colours, opacity, offsets (shared with the parent)
    is_block: bool
    is_pre: bool
    customs: Mapping[str, str]  # custom properties (shared with the parent)
    # Children with no attributes that no rule can select (thousands of bare <p>
    # and <li>) depend only on their tag and this frame, so one frame serves all.
    plain_children: dict[str, _Frame] | None = None
    # The element as the matcher sees it, made once when a descendant needs it.
    css: Element | None = None


@dataclass(slots=True)
class _Metadata:
    title: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    canonical: str | None = None
    json_ld: list[dict[str, object]] = field(default_factory=list)


@dataclass(slots=True)
class _Output:
    blocks: list[Block] = field(default_factory=list)
    hidden: list[HiddenBlock] = field(default_factory=list)
    visible_pieces: list[str] = field(default_factory=list)
    hidden_pieces: list[str] = field(default_factory=list)
    hidden_owner: _Frame | None = None
    # Hidden values (comments, meta content) share a few locations; they are frozen.
    hidden_locations: dict[tuple[Region, str], Location] = field(default_factory=dict)
    # Visible <img> elements: (blocks before it, region, detail, src), for OCR.
    images: list[tuple[int, Region, str, str]] = field(default_factory=list)

    def flush_visible(self, top: _Frame) -> None:
        """End the visible line run inside ``top``, the innermost open element."""
        pieces = self.visible_pieces
        if not pieces:
            return
        text = "".join(pieces)
        pieces.clear()
        if top.is_pre:
            text = _pre_text(text)
        elif _LINE_BREAK in text:
            text = _lines_text(text)
        else:
            text = _collapse(text)
        if text:
            # Positional (region, page, paragraph, detail): keyword arguments
            # double the cost of the thousands of locations a big page makes.
            location = Location(top.region, None, len(self.blocks) + 1, top.detail)
            self.blocks.append(Block(text, location))

    def flush_hidden(self) -> None:
        owner = self.hidden_owner
        if owner is None or not self.hidden_pieces:
            return
        text = squeeze_space("".join(self.hidden_pieces))
        self.hidden_pieces.clear()
        if text and owner.reason is not None:
            detail = describe(owner.tag, owner.attributes)
            location = self.hidden_location(owner.region, detail)
            self.hidden.append(HiddenBlock(text, location, owner.reason))

    def add_hidden(self, frame: _Frame, text: str) -> None:
        owner = frame.hidden_root
        if owner is not self.hidden_owner:
            self.flush_hidden()
            self.hidden_owner = owner
        self.hidden_pieces.append(text)

    def add_hidden_value(
        self, frame: _Frame, text: str, reason: HiddenReason, detail: str
    ) -> None:
        text = _collapse(text)
        if text:
            location = self.hidden_location(frame.region, detail)
            self.hidden.append(HiddenBlock(text, location, reason))

    def hidden_location(self, region: Region, detail: str) -> Location:
        """The (shared, frozen) location of a hidden value in ``region``."""
        key = (region, detail)
        location = self.hidden_locations.get(key)
        if location is None:
            location = self.hidden_locations[key] = Location(region, detail=detail)
        return location


def _collapse(text: str) -> str:
    """Runs of HTML white space as one space, none at the ends, as a browser shows.

    Most text holds no run longer than one space; five C-level substring tests
    find that far faster than the regex scans the text.
    """
    text = text.strip(_HTML_SPACE)
    if "\n" in text or "  " in text or "\t" in text or "\r" in text or "\f" in text:
        return _SPACE.sub(" ", text)
    return text


def _pre_text(text: str) -> str:
    return text.replace(_LINE_BREAK, "\n").strip("\n").rstrip()


def _lines_text(text: str) -> str:
    """Text with <br> marks, each line collapsed on its own."""
    lines = (_collapse(line) for line in text.split(_LINE_BREAK))
    return "\n".join(lines).strip("\n")


def _css_element(tag: str, attributes: dict[str, str]) -> Element:
    classes = attributes.get("class")
    return Element(tag, attributes.get("id"), classes.split() if classes else ())


def _open(
    tag: str,
    attributes: dict[str, str],
    declaration: Declaration,
    parent: _Frame | None,
    properties: CustomProperties,
    is_unchosen_option: bool = False,
) -> _Frame:
    """Decide an element's state from its own markup and its parent's state."""
    declaration, customs = properties.apply(
        declaration, None if parent is None else parent.customs
    )
    display = declaration.display
    if tag in BLOCK_TAGS:
        is_block = display is None or display not in INLINE_DISPLAYS
    else:
        is_block = display is not None and display not in NON_BLOCK_DISPLAYS
    own_reason = own_hidden_reason(tag, attributes, display)
    if (
        own_reason is None
        and parent is not None
        and parent.tag == "details"
        and "open" not in parent.attributes
        and tag != "summary"
    ) or (own_reason is None and is_unchosen_option):
        # A closed <details> renders its <summary> alone (HTML's details slot), a
        # closed drop-down its chosen option.
        own_reason = HiddenReason.NOT_RENDERED
    look = ROOT_LOOK if parent is None else parent.look
    if declaration.looks:  # an inline-block lays out lines (text-indent) too
        look = derive_look(
            look, declaration.looks, is_block or display == "inline-block"
        )
    visibility = declaration.visibility
    # visibility: visible shows the element inside a hidden ancestor.
    is_invisible = visibility is Visibility.HIDDEN or (
        visibility is Visibility.UNSET and parent is not None and parent.is_invisible
    )
    reason: HiddenReason | None = own_reason
    hidden_root: _Frame | None = None
    is_removed = own_reason is not None or (parent is not None and parent.is_removed)
    if own_reason is None and is_removed and parent is not None:
        reason, hidden_root = parent.reason, parent.hidden_root
    elif not is_removed:
        reason = HiddenReason.VISIBILITY_HIDDEN if is_invisible else look.reason
        is_own = visibility is not Visibility.UNSET or bool(declaration.looks)
        if parent is not None and reason is parent.reason and not is_own:
            hidden_root = parent.hidden_root
    region = Region.BODY if parent is None else parent.region
    if (is_block and attributes) or tag in TAG_REGIONS:
        region = region_of(tag, attributes, region)
    if parent is None:
        block_path: tuple[str, ...] = ()
        detail = ""
    else:
        block_path, detail = parent.block_path, parent.detail
    if is_block and tag != "html" and tag != "body":
        block_path = (*block_path[1 - DETAIL_DEPTH :], describe(tag, attributes))
        detail = " > ".join(block_path)
    is_pre = tag in PRE_TAGS or (parent is not None and parent.is_pre)
    frame = _Frame(
        attributes, block_path, detail, tag, region, reason, hidden_root,
        is_removed, is_invisible, look, is_block, is_pre, customs,
    )  # fmt: skip
    if reason is not None and hidden_root is None:
        frame.hidden_root = frame
    return frame


def _walk(
    root: etree._Element, sheet: StyleSheet, max_depth: int, metadata: _Metadata
) -> _Output:
    out = _Output()
    properties = sheet.custom_properties()
    stack: list[_Frame] = []
    has_rules = not sheet.is_empty
    # Tags some rule's rightmost compound names by tag alone (or any tag).
    tag_rules: frozenset[str] | None = (
        None if sheet.universal else frozenset(sheet.by_tag)
    )

    def ancestors() -> list[Element]:
        path = []
        for frame in stack:
            element = frame.css
            if element is None:
                element = frame.css = _css_element(frame.tag, frame.attributes)
            path.append(element)
        return path

    inline_cache: dict[str, Declaration] = {}
    matched = sheet.matched
    unchosen = unchosen_options(root)
    # Hot loop: the flushes are called only when there is something to flush.
    visible_pieces, hidden_pieces = out.visible_pieces, out.hidden_pieces
    hidden = out.hidden
    comment_locations: dict[Region, Location] = {}
    comment_reason = HiddenReason.HTML_COMMENT
    add_hidden, flush_hidden = out.add_hidden, out.flush_hidden
    flush_visible = out.flush_visible
    walker = etree.iterwalk(root, events=("start", "end", "comment"))
    for event, element in walker:
        if event == "start":
            tag = element.tag
            if not isinstance(tag, str):  # an entity or PI node the parser kept
                walker.skip_subtree()
                continue
            if len(stack) >= max_depth:
                raise _too_deep(max_depth)
            parent = stack[-1] if stack else None
            items = element.items()
            frame = None
            engine_matches = matched.get(element) if matched else None
            is_unchosen = bool(unchosen) and element in unchosen
            if (
                not items
                and parent is not None
                and engine_matches is None
                and not is_unchosen
            ):
                if parent.plain_children is not None:
                    frame = parent.plain_children.get(tag)
                if frame is None:
                    frame = _open_plain(
                        tag, parent, sheet, tag_rules, ancestors, properties
                    )
            else:
                attributes = dict(items) if items else {}
                declaration = NO_DECLARATION
                style = attributes.get("style")
                if style is not None:
                    declaration = inline_cache.get(style) or inline_cache.setdefault(
                        style, sheet.style_attribute(style)
                    )
                if has_rules:
                    declaration = sheet.resolve(
                        _css_element(tag, attributes),
                        ancestors,
                        declaration,
                        engine_matches or (),
                    )
                if (
                    tag == "a"
                    and "href" in attributes
                    and "color" not in declaration.looks
                ):
                    declaration = _with_link_colour(declaration)
                frame = _open(
                    tag, attributes, declaration, parent, properties, is_unchosen
                )
            # A block breaks the line unless display: none takes it out of layout.
            if frame.is_block:
                if visible_pieces and parent is not None and not frame.is_removed:
                    flush_visible(parent)
                if hidden_pieces:
                    flush_hidden()
            elif hidden_pieces and frame.hidden_root is frame:
                flush_hidden()
            stack.append(frame)
            if tag in _SPECIAL_TAGS:
                if tag in _ATTRIBUTE_TEXT_TAGS:
                    _read_attribute_text(element, tag, frame, out, metadata)
                elif tag == "script":
                    if "ld+json" in frame.attributes.get("type", ""):
                        articles = find_json_ld_articles(element.text or "")
                        metadata.json_ld.extend(articles)
                elif tag == "img":
                    if frame.reason is None:
                        _add_image(frame, out)
                elif frame.reason is None:  # <br>
                    visible_pieces.append(_LINE_BREAK)
            text = element.text
            if text:
                if frame.reason is None:
                    visible_pieces.append(text)
                else:
                    add_hidden(frame, text)
        elif event == "end":
            frame = stack.pop()
            if frame.is_block:
                if visible_pieces and not frame.is_removed:
                    flush_visible(frame)
                if hidden_pieces:
                    flush_hidden()
            elif hidden_pieces and frame.hidden_root is frame:
                flush_hidden()
            text = element.tail
            if text and stack:
                frame = stack[-1]
                if frame.reason is None:
                    visible_pieces.append(text)
                else:
                    add_hidden(frame, text)
        else:  # a comment; its tail belongs to the enclosing element
            frame = stack[-1]
            text = element.text
            if text:
                text = _collapse(text)
                if text:  # as add_hidden_value does it, for thousands of comments
                    location = comment_locations.get(frame.region)
                    if location is None:
                        location = out.hidden_location(frame.region, "comment")
                        comment_locations[frame.region] = location
                    hidden.append(HiddenBlock(text, location, comment_reason))
            text = element.tail
            if text:
                if frame.reason is None:
                    visible_pieces.append(text)
                else:
                    add_hidden(frame, text)
    flush_hidden()
    sheet.unevaluated.extend(properties.unevaluated)
    return out


def _add_image(frame: _Frame, out: _Output) -> None:
    """Note a visible <img> that may carry text, after the text run it stands in."""
    attributes = frame.attributes
    src = attributes.get("src", "").strip()
    if not src:
        return
    for name, least in zip(("width", "height"), MIN_IMAGE_BOX_PX, strict=True):
        size = attributes.get(name, "").strip()
        if size.isdigit() and int(size) < least:
            return
    after = len(out.blocks) + any(piece.strip() for piece in out.visible_pieces)
    out.images.append((after, frame.region, frame.detail, src))


def _image_bytes(src: str, options: ExtractOptions) -> bytes | None:
    """An <img>'s bytes: a data: URI's, or a local file's; never the network."""
    if src[:5].lower() == "data:":
        header, comma, payload = src[5:].partition(",")
        if not comma:
            return None
        if header.lower().endswith(";base64"):
            try:
                return base64.b64decode(payload)
            except binascii.Error:
                return None
        return unquote_to_bytes(payload)
    return None if options.images is None else options.images(src)


def _read_images(out: _Output, options: ExtractOptions) -> ImagesRead:
    placed = [
        PlacedImage(data, after, Location(region, None, None, f"{detail} > img (OCR)"))
        for after, region, detail, src in out.images
        if (data := _image_bytes(src, options)) is not None
    ]
    return read_images(placed, options.limits)


# The UA sheet colours a link (a[href]) itself, so it does not inherit the colour
# of its parent: Chromium's unvisited link colour (a reader has visited nothing).
LINK_COLOUR = "#0000ee"


def _with_link_colour(declaration: Declaration) -> Declaration:
    return replace(declaration, looks={**declaration.looks, "color": LINK_COLOUR})


def _open_plain(
    tag: str,
    parent: _Frame,
    sheet: StyleSheet,
    tag_rules: frozenset[str] | None,
    ancestors: Callable[[], list[Element]],
    properties: CustomProperties,
) -> _Frame:
    """The frame of an element without attributes, shared when nothing can vary."""
    if tag_rules is not None and tag not in tag_rules:
        frame = _open(tag, {}, NO_DECLARATION, parent, properties)
        if frame.hidden_root is not frame:  # a hiding root needs its own identity
            if parent.plain_children is None:
                parent.plain_children = {}
            parent.plain_children[tag] = frame
        return frame
    declaration = sheet.resolve(Element(tag, None, ()), ancestors, NO_DECLARATION)
    return _open(tag, {}, declaration, parent, properties)


def _too_deep(max_depth: int) -> UnsafeInputError:
    return UnsafeInputError(
        f"the HTML nests elements more than {max_depth} deep, over the depth limit "
        "(Limits.max_html_depth); browsers flatten such pages, reprint refuses them"
    )


def _read_attribute_text(
    element: etree._Element,
    tag: str,
    frame: _Frame,
    out: _Output,
    metadata: _Metadata,
) -> None:
    """Attribute values that hold text: meta content, hidden inputs, canonical link."""
    attributes = frame.attributes
    if tag == "meta":
        key = attributes.get("property") or attributes.get("name") or ""
        content = attributes.get("content")
        if content is not None:
            key = key.strip().lower()
            metadata.meta.setdefault(key, content.strip())
            name = "property" if "property" in attributes else "name"
            detail = f'meta[{name}="{key}"]'
            out.add_hidden_value(frame, content, HiddenReason.METADATA, detail)
    elif tag == "link":
        rel = attributes.get("rel", "").lower().split()
        if "canonical" in rel and metadata.canonical is None:
            metadata.canonical = attributes.get("href", "").strip() or None
    elif tag == "input":
        if attributes.get("type", "").strip().lower() == "hidden":
            detail = describe(tag, attributes)
            value = attributes.get("value", "")
            out.add_hidden_value(frame, value, HiddenReason.HIDDEN_INPUT, detail)
    elif metadata.title is None:  # the first <title>; SVG titles come later
        title = _collapse(element.text or "")
        metadata.title = title or None


# --- entry points -----------------------------------------------------------------


def _parse(data: bytes, max_depth: int) -> etree._Element | None:
    # recover: browsers render any bytes. huge_tree: without it libxml2 stops at
    # depth 256 and silently drops the rest of the page; with it, it stops at 2048
    # (reported below), and the walk enforces max_depth, which is lower.
    parser = etree.HTMLParser(
        encoding="utf-8", recover=True, no_network=True, huge_tree=True
    )
    try:
        root = etree.fromstring(_reopen_body(data), parser)
    except (etree.LxmlError, ValueError) as exc:
        raise CorruptInputError(f"the HTML cannot be parsed ({exc})") from exc
    if any(entry.type_name == "ERR_RESOURCE_LIMIT" for entry in parser.error_log):
        raise _too_deep(max_depth)
    return root


# "</body>" and "</html>"; markup after the last of them is parsed into the body by
# browsers (HTML's "after body" mode reprocesses it "in body"), where libxml2 drops
# it: a theme's footer banner injected after "</html>" vanished.
_BODY_END = re.compile(rb"</(?:body|html)\s*>", re.IGNORECASE)
_AFTER_BODY_MARKUP = re.compile(rb"<[a-zA-Z]|[^\s<]")


def _reopen_body(data: bytes) -> bytes:
    """``data`` without its body and html end tags when markup follows them."""
    ends = list(_BODY_END.finditer(data, max(0, len(data) - _TAIL_BYTES)))
    if not ends:
        return data
    last = ends[-1]
    tail = re.sub(rb"<!--.*?-->", b"", data[last.end() :], flags=re.DOTALL)
    if _AFTER_BODY_MARKUP.search(tail) is None:
        return data
    return _BODY_END.sub(b"", data)


# Markup after "</html>" is looked for in the page's last bytes only.
_TAIL_BYTES = 1 << 16


_STYLE_HIDING = frozenset(
    {
        HiddenReason.DISPLAY_NONE,
        HiddenReason.VISIBILITY_HIDDEN,
        HiddenReason.TRANSPARENT,
        HiddenReason.HIDDEN_ATTRIBUTE,
    }
)


def _is_shown_by_script(root: etree._Element, out: _Output) -> bool:
    """Whether a page with scripts keeps text hidden only by its style: the root or
    body hidden until a script removes the rule, as every browser then shows."""
    has_styled_text = any(block.reason in _STYLE_HIDING for block in out.hidden)
    return has_styled_text and root.find(".//script") is not None


def _document(root: etree._Element | None, options: ExtractOptions) -> Document:
    if root is None:  # nothing but whitespace or comments
        return Document(format=Format.HTML, blocks=())
    budget = StyleBudget(options.limits)
    sheet = StyleSheet.from_css(style_sources(root, options, budget))
    if sheet.engine_rules:
        sheet.match_engine_rules(root)
    metadata = _Metadata()
    out = _walk(root, sheet, options.limits.max_html_depth, metadata)
    outer_comments = [
        HiddenBlock(
            _collapse(node.text),
            Location(region=Region.BODY, detail="comment"),
            HiddenReason.HTML_COMMENT,
        )
        for node in (*root.itersiblings(preceding=True), *root.itersiblings())
        if isinstance(node, etree._Comment) and node.text and node.text.strip()
    ]
    pictures = _read_images(out, options)
    problems: tuple[Problem, ...] = pictures.problems
    if sheet.unevaluated:
        causes = sorted(set(sheet.unevaluated))
        problems += (
            Problem(
                ProblemCode.UNEVALUATED_STYLE,
                f"{len(causes)} style rule(s) reprint cannot evaluate were applied "
                f"as if they hide what they select (first: {causes[0]}); a browser "
                "may show that text",
            ),
        )
    if budget.refused:
        problems += (
            Problem(
                ProblemCode.STYLE_OVER_LIMIT,
                f"CSS not read ({budget.refused[0]}): a rule in it may hide or show "
                "the credit, so the page cannot be judged",
            ),
        )
    if not out.blocks and _is_shown_by_script(root, out):
        problems += (
            Problem(
                ProblemCode.NO_TEXT,
                "the page's style hides everything until one of its scripts runs "
                "(an anti-flicker or frame-busting snippet): the static reader cannot "
                "run it; check the page in a browser (the browser mode, --render)",
            ),
        )
    return Document(
        format=Format.HTML,
        blocks=place_blocks(out.blocks, pictures),
        hidden=(*outer_comments, *out.hidden),
        problems=problems,
        publication=build_publication(
            title=metadata.title,
            meta=metadata.meta,
            canonical=metadata.canonical,
            articles=metadata.json_ld,
        ),
    )


def extract(data: bytes, options: ExtractOptions) -> Document:
    """What a browser shows of an HTML page, what it hides and the page's metadata.

    Raises:
        UnsafeInputError: elements nested beyond ``limits.max_html_depth``, or CSS
            brackets nested too deep to read.
        CorruptInputError: bytes the HTML parser cannot read at all.
    """
    # libxml2 is handed UTF-8 and told so, so a <meta charset> in the page cannot
    # make it decode a second time, differently.
    return _document_within_depth(
        _parse(recode_to_utf8(data), options.limits.max_html_depth), options
    )


def extract_markup(markup: str, options: ExtractOptions) -> Document:
    """Like ``extract`` for markup already decoded, e.g. HTML rendered from Markdown.

    Raises:
        UnsafeInputError: elements nested beyond ``limits.max_html_depth``.
        CorruptInputError: markup the HTML parser cannot read at all.
    """
    body = markup.encode("utf-8", errors="replace")
    return _document_within_depth(_parse(body, options.limits.max_html_depth), options)


def _document_within_depth(
    root: etree._Element | None, options: ExtractOptions
) -> Document:
    """``_document``, refusing CSS whose brackets nest too deep for tinycss2's
    recursive reader (``calc(((…)))`` thousands deep): over the depth limit, like
    markup nested too deep, never a crash."""
    try:
        return _document(root, options)
    except RecursionError:
        raise UnsafeInputError(
            "the page's CSS nests brackets thousands deep, over what reprint can read; "
            "no browser-made style sheet does, so the page is refused"
        ) from None
