"""CSS that keeps text in the layout but out of a sighted reader's sight.

``display`` and ``visibility`` take text out of view outright (``css`` in this package).
This module reads the properties that hide it by painting: a font size under a point,
text the colour of what is behind it, opacity 0, text pushed off the page
(``text-indent: -9999px``, ``position: absolute; left: -9999px``,
``margin-left: -9999px``, ``transform: translateX(-9999px)`` or ``scale(0)``) and the
screen-reader-only clipping patterns of Bootstrap (``.sr-only``), WordPress
(``.screen-reader-text``) and Drupal (``.visually-hidden``). ``aria-hidden`` hides
text from screen readers only, so it is not read here.

The walk keeps one ``Look`` per element frame: the inherited results (computed font
size, text colour, the colour behind the text, opacity so far, a hiding no descendant
can undo). An element that sets none of these properties shares its parent's
``Look``, so the cost is paid only where a page styles something.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from reprint.contrast import is_indistinct
from reprint.formats.html.cssmath import (
    evaluate_length,
    evaluate_number,
    is_math,
    substitute_math,
    unit_px,
)
from reprint.model import HiddenReason

__all__ = [
    "LOOK_PROPERTIES",
    "NAMED_COLOURS",
    "ROOT_LOOK",
    "Colour",
    "Look",
    "derive_look",
    "expand_property",
    "parse_colour",
]

# (red, green, blue, alpha): channels 0-255, alpha 0-1, as CSS Color 4 computes them.
Colour = tuple[float, float, float, float]

# The longhands the cascade keeps; shorthands are expanded into them when parsed.
LOOK_PROPERTIES = frozenset(
    {
        "font-size", "color", "background-color", "background-image", "opacity",
        "text-indent", "position", "left", "top", "clip", "clip-path", "width",
        "height", "overflow", "margin-left", "margin-top", "transform",
        "max-height", "content-visibility", "filter", "-webkit-text-fill-color",
        "scale", "zoom",
    }
)  # fmt: skip

# Browsers' default font size (the "medium" keyword).
MEDIUM_PX = 16.0
# The PDF extractor's TINY_TEXT_PT; 1 pt is 4/3 CSS px.
TINY_FONT_PX = 96 / 72
# The image-replacement trick uses -9999px; no layout indents or places text a
# thousand pixels left of (or above) the page on purpose.
OFF_PAGE_PX = -1000.0
# Boxes this small with overflow hidden show no readable text (the sr-only box is 1px).
CLIPPED_BOX_PX = 1.0
# Under this opacity text paints (nearly) nothing: black at 5% on white paints #f2f2f2.
# Colour against background is judged by reprint.contrast.MIN_CONTRAST.
MIN_OPACITY = 0.05

_FONT_SIZE_KEYWORDS = {
    "xx-small": 9.0, "x-small": 10.0, "small": 13.0, "medium": 16.0, "large": 18.0,
    "x-large": 24.0, "xx-large": 32.0, "xxx-large": 48.0,
}  # fmt: skip
_LENGTH = re.compile(r"([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)([a-z%]*)")
_FUNCTION = re.compile(r"([a-z-]+)\((.*)\)")
_ARGUMENT_SPLIT = re.compile(r"[\s,/]+")
# A font shorthand's size: the token before "/line-height" or the family, after
# optional style, variant, weight and stretch keywords; a weight is a unitless number.
_FONT_SIZE_IN_SHORTHAND = re.compile(
    r"(?:^|\s)((?:[+-]?(?:\d+\.?\d*|\.\d+)(?:[a-z]+|%)|0)|"
    r"(?:xx?x?-)?(?:small|large)|medium|smaller|larger)(?=\s*/|\s|$)"
)
_BACKGROUND_IMAGE = re.compile(r"\b(?:url|image|image-set|element|[a-z-]*gradient)\(")

# CSS Color 4 named colours (https://www.w3.org/TR/css-color-4/#named-colors).
_NAMED_COLOUR_TABLE = (
    "aliceblue f0f8ff antiquewhite faebd7 aqua 00ffff aquamarine 7fffd4 azure f0ffff "
    "beige f5f5dc bisque ffe4c4 black 000000 blanchedalmond ffebcd blue 0000ff "
    "blueviolet 8a2be2 brown a52a2a burlywood deb887 cadetblue 5f9ea0 "
    "chartreuse 7fff00 chocolate d2691e coral ff7f50 cornflowerblue 6495ed "
    "cornsilk fff8dc crimson dc143c cyan 00ffff darkblue 00008b darkcyan 008b8b "
    "darkgoldenrod b8860b darkgray a9a9a9 darkgreen 006400 darkgrey a9a9a9 "
    "darkkhaki bdb76b darkmagenta 8b008b darkolivegreen 556b2f darkorange ff8c00 "
    "darkorchid 9932cc darkred 8b0000 darksalmon e9967a darkseagreen 8fbc8f "
    "darkslateblue 483d8b darkslategray 2f4f4f darkslategrey 2f4f4f "
    "darkturquoise 00ced1 darkviolet 9400d3 deeppink ff1493 deepskyblue 00bfff "
    "dimgray 696969 dimgrey 696969 dodgerblue 1e90ff firebrick b22222 "
    "floralwhite fffaf0 forestgreen 228b22 fuchsia ff00ff gainsboro dcdcdc "
    "ghostwhite f8f8ff gold ffd700 goldenrod daa520 gray 808080 green 008000 "
    "greenyellow adff2f grey 808080 honeydew f0fff0 hotpink ff69b4 "
    "indianred cd5c5c indigo 4b0082 ivory fffff0 khaki f0e68c lavender e6e6fa "
    "lavenderblush fff0f5 lawngreen 7cfc00 lemonchiffon fffacd lightblue add8e6 "
    "lightcoral f08080 lightcyan e0ffff lightgoldenrodyellow fafad2 "
    "lightgray d3d3d3 lightgreen 90ee90 lightgrey d3d3d3 lightpink ffb6c1 "
    "lightsalmon ffa07a lightseagreen 20b2aa lightskyblue 87cefa "
    "lightslategray 778899 lightslategrey 778899 lightsteelblue b0c4de "
    "lightyellow ffffe0 lime 00ff00 limegreen 32cd32 linen faf0e6 magenta ff00ff "
    "maroon 800000 mediumaquamarine 66cdaa mediumblue 0000cd mediumorchid ba55d3 "
    "mediumpurple 9370db mediumseagreen 3cb371 mediumslateblue 7b68ee "
    "mediumspringgreen 00fa9a mediumturquoise 48d1cc mediumvioletred c71585 "
    "midnightblue 191970 mintcream f5fffa mistyrose ffe4e1 moccasin ffe4b5 "
    "navajowhite ffdead navy 000080 oldlace fdf5e6 olive 808000 olivedrab 6b8e23 "
    "orange ffa500 orangered ff4500 orchid da70d6 palegoldenrod eee8aa "
    "palegreen 98fb98 paleturquoise afeeee palevioletred db7093 papayawhip ffefd5 "
    "peachpuff ffdab9 peru cd853f pink ffc0cb plum dda0dd powderblue b0e0e6 "
    "purple 800080 rebeccapurple 663399 red ff0000 rosybrown bc8f8f "
    "royalblue 4169e1 saddlebrown 8b4513 salmon fa8072 sandybrown f4a460 "
    "seagreen 2e8b57 seashell fff5ee sienna a0522d silver c0c0c0 skyblue 87ceeb "
    "slateblue 6a5acd slategray 708090 slategrey 708090 snow fffafa "
    "springgreen 00ff7f steelblue 4682b4 tan d2b48c teal 008080 thistle d8bfd8 "
    "tomato ff6347 turquoise 40e0d0 violet ee82ee wheat f5deb3 white ffffff "
    "whitesmoke f5f5f5 yellow ffff00 yellowgreen 9acd32"
)
_NAMED_HEX = _NAMED_COLOUR_TABLE.split()
NAMED_COLOURS: Mapping[str, Colour] = {
    name: (int(code[0:2], 16), int(code[2:4], 16), int(code[4:6], 16), 1.0)
    for name, code in zip(_NAMED_HEX[::2], _NAMED_HEX[1::2], strict=True)
}
_TRANSPARENT: Colour = (0, 0, 0, 0.0)
BLACK: Colour = (0, 0, 0, 1.0)
WHITE: Colour = (255, 255, 255, 1.0)


@lru_cache(maxsize=4096)
def parse_colour(value: str) -> Colour | None:
    """A CSS colour value as (r, g, b, alpha); None when it is not one reprint reads.

    Hex (3, 4, 6 or 8 digits), ``rgb()``/``rgba()``, ``hsl()``/``hsla()`` in comma
    or space syntax, the named colours and ``transparent``.
    """
    value = value.strip().lower()
    if value.startswith("#"):
        return _hex_colour(value[1:])
    named = NAMED_COLOURS.get(value)
    if named is not None:
        return named
    if value == "transparent":
        return _TRANSPARENT
    match = _FUNCTION.fullmatch(value)
    if match is None:
        return None
    name, arguments = match.groups()
    parts = [part for part in _ARGUMENT_SPLIT.split(arguments.strip()) if part]
    if len(parts) not in (3, 4):
        return None
    try:
        alpha = _channel(parts[3], 1.0) if len(parts) == 4 else 1.0
        if name in ("rgb", "rgba"):
            red, green, blue = (_channel(part, 255.0) for part in parts[:3])
            return (red, green, blue, alpha)
        if name in ("hsl", "hsla"):
            return (*_hsl(parts[0], parts[1], parts[2]), alpha)
    except ValueError:
        return None
    return None


def _hex_colour(digits: str) -> Colour | None:
    if len(digits) in (3, 4):
        digits = "".join(digit * 2 for digit in digits)
    if len(digits) not in (6, 8):
        return None
    try:
        channels = [int(digits[i : i + 2], 16) for i in range(0, len(digits), 2)]
    except ValueError:
        return None
    alpha = channels[3] / 255 if len(channels) == 4 else 1.0
    return (channels[0], channels[1], channels[2], alpha)


def _channel(text: str, scale: float) -> float:
    """A number or percentage, clamped to 0..scale; raises ValueError otherwise."""
    number = float(text[:-1]) * scale / 100 if text.endswith("%") else float(text)
    return min(max(number, 0.0), scale)


def _hsl(hue: str, saturation: str, lightness: str) -> tuple[float, float, float]:
    degrees = float(hue.removesuffix("deg")) % 360
    s = _channel(saturation, 100.0) / 100
    light = _channel(lightness, 100.0) / 100

    def channel(n: int) -> float:
        k = (n + degrees / 30) % 12
        a = s * min(light, 1 - light)
        return 255 * (light - a * max(-1.0, min(k - 3, 9 - k, 1.0)))

    return (channel(0), channel(8), channel(4))


def _length_px(value: str, font_size_px: float) -> float | None:
    """A length in CSS px, math functions evaluated (``reprint.formats.html.cssmath``);
    None for percentages and anything else not computable without layout."""
    value = value.strip()
    if is_math(value):
        return evaluate_length(value, font_size_px)
    match = _LENGTH.fullmatch(value)
    if match is None:
        return None
    number, unit = float(match.group(1)), match.group(2)
    if not unit:
        return number if number == 0 else None  # only 0 may drop its unit
    per_unit = unit_px(unit, font_size_px)
    return None if per_unit is None else number * per_unit


def _font_size_px(value: str, parent_px: float) -> float:
    if value in ("inherit", "unset"):
        return parent_px
    keyword = _FONT_SIZE_KEYWORDS.get(value)
    if keyword is not None:
        return keyword
    if value == "smaller":
        return parent_px / 1.2
    if value == "larger":
        return parent_px * 1.2
    if value.endswith("%"):
        match = _LENGTH.fullmatch(value)
        if match is not None:
            return parent_px * float(match.group(1)) / 100
    if is_math(value):
        # em and % in a font size are the parent's; a negative result is clamped.
        size = evaluate_length(value, parent_px, percent_basis_px=parent_px)
        size = None if size is None else max(size, 0.0)
    else:
        size = _length_px(value, parent_px)
        size = None if size is None or size < 0 else size
    # What is still not computed (an unknown unit, a syntax error, a negative size) is
    # invalid and ignored by a browser, which keeps the inherited size.
    return parent_px if size is None else size


def expand_property(name: str, value: str) -> list[tuple[str, str]]:
    """The longhands a declaration sets, as (property, lower-cased value) pairs.

    ``font`` gives its ``font-size``; ``background`` its colour and image.
    """
    if name == "font":
        match = _FONT_SIZE_IN_SHORTHAND.search(value)
        return [] if match is None else [("font-size", match.group(1))]
    if name == "background":
        image = "url" if _BACKGROUND_IMAGE.search(value) else "none"
        colour = "transparent"
        for token in _ARGUMENT_SPLIT.split(_strip_functions(value)):
            if token in NAMED_COLOURS or token.startswith("#"):
                colour = token
        for function in ("rgb", "rgba", "hsl", "hsla"):
            start = value.find(function + "(")
            if start >= 0 and (start == 0 or not value[start - 1].isalpha()):
                colour = value[start : value.find(")", start) + 1]
        return [("background-color", colour), ("background-image", image)]
    if name == "margin":
        # One to four values: top, then right, bottom and left each defaulting to
        # its opposite; the left is the second value, or the fourth.
        sides = value.split()
        if not 1 <= len(sides) <= 4:
            return []
        left = sides[3] if len(sides) == 4 else sides[1] if len(sides) > 1 else sides[0]
        longhands = [("margin-top", sides[0]), ("margin-left", left)]
        return [(side, length) for side, length in longhands if length[:1] == "-"]
    if name in ("margin-left", "margin-top"):
        # Only a negative margin moves text away; keeping no other value keeps
        # the common "margin: 0 auto" from costing every element a Look.
        return [(name, value)] if value[:1] == "-" else []
    if name == "transform":
        return [(name, value)] if _TRANSFORM_MAY_HIDE.search(value) else []
    if name in LOOK_PROPERTIES:
        return [(name, value)]
    return []


# A transform that can move text away (a negative translation) or collapse it;
# css.py's rule filter keeps rules naming one by the same pattern.
TRANSFORM_MAY_HIDE = r"-|scale|matrix"
_TRANSFORM_MAY_HIDE = re.compile(TRANSFORM_MAY_HIDE)


def _strip_functions(value: str) -> str:
    """The value with ``f(...)`` groups dropped, so url(#x) yields no colour."""
    return re.sub(r"[a-z-]*\([^()]*\)", " ", value) if "(" in value else value


@dataclass(frozen=True, slots=True)
class Look:
    """What an element's ancestors and own style leave of its text's visibility."""

    font_size_px: float = MEDIUM_PX
    colour: Colour | None = BLACK  # None: a colour reprint cannot compute (var())
    backdrop: Colour | None = WHITE  # opaque; None: an image or an unknown colour
    text_indent_px: float = 0.0  # inherited, like CSS text-indent
    opacity: float = 1.0  # the product of the element's and its ancestors'
    is_indented_away: bool = False  # the first line of the enclosing block is off-page
    # A hiding no descendant can undo: opacity 0, off-page position, clipping.
    locked: HiddenReason | None = None
    reason: HiddenReason | None = None  # why the text is unseen; None if seen
    # -webkit-text-fill-color, which paints glyphs instead of color (inherited);
    # None: the glyphs are painted in ``colour``.
    fill: Colour | None = None
    zoom: float = 1.0  # the product of the element's and its ancestors' zoom


ROOT_LOOK = Look()


def derive_look(
    parent: Look, properties: Mapping[str, str], is_block_container: bool
) -> Look:
    """The ``Look`` of an element setting ``properties`` (cascaded longhands).

    ``is_block_container`` says whether the element lays out lines of its own
    (a block or inline-block), which text-indent, width and height need.
    """
    font_size = parent.font_size_px
    value = properties.get("font-size")
    if value is not None:
        font_size = _font_size_px(value, parent.font_size_px)
    colour = _text_colour(parent.colour, properties.get("color"))
    fill = _fill(parent.fill, properties.get("-webkit-text-fill-color"))
    zoom = parent.zoom
    value = properties.get("zoom")
    if value is not None:
        zoom *= _factor(value)
    painted_px = font_size * zoom  # what the reader's screen shows
    backdrop = _backdrop(parent.backdrop, colour, properties)
    opacity = parent.opacity
    value = properties.get("opacity")
    if value is not None:
        opacity *= _opacity(value)
    value = properties.get("filter")
    if value is not None and "opacity(" in value:
        # filter: opacity() fades the element and its content like opacity does.
        for function in _TRANSFORM_FUNCTION.finditer(value):
            if function.group(1) == "opacity":
                opacity *= _opacity(function.group(2).strip() or "1")
    text_indent = parent.text_indent_px
    value = properties.get("text-indent")
    if value is not None:
        text_indent = _text_indent_px(value, font_size, text_indent)
    is_indented_away = parent.is_indented_away
    if is_block_container:
        is_indented_away = text_indent <= OFF_PAGE_PX
    locked = parent.locked
    if locked is None:
        locked = _locked_reason(properties, opacity, painted_px, is_block_container)
    reason = locked
    if reason is None:
        glyphs = colour if fill is None else fill
        reason = _paint_reason(painted_px, glyphs, backdrop, is_indented_away)
    return Look(
        font_size, colour, backdrop, text_indent, opacity, is_indented_away, locked,
        reason, fill, zoom,
    )  # fmt: skip


def _fill(parent: Colour | None, value: str | None) -> Colour | None:
    """The glyphs' paint from -webkit-text-fill-color (None: ``color``'s)."""
    if value is None or value in ("inherit", "unset"):
        return parent
    if value in ("initial", "revert", "currentcolor"):
        return None
    return parse_colour(value)


def _factor(value: str) -> float:
    """A zoom or scale factor: a number, a percentage, or 1 for normal and what is
    unread."""
    factor = _number(value[:-1]) if value.endswith("%") else _number(value)
    if factor is None or factor < 0:
        return 1.0
    return factor / 100 if value.endswith("%") else factor


def _text_colour(parent: Colour | None, value: str | None) -> Colour | None:
    if value is None or value in ("inherit", "unset", "currentcolor"):
        return parent
    if value in ("initial", "revert"):
        return BLACK
    return parse_colour(value)


def _backdrop(
    parent: Colour | None, colour: Colour | None, properties: Mapping[str, str]
) -> Colour | None:
    """The opaque colour behind the element's text: its own background over its
    parent's backdrop; None once an image or an unreadable colour is in the way."""
    image = properties.get("background-image")
    if image is not None and image not in ("none", "initial", "unset"):
        return None
    value = properties.get("background-color")
    if value is None or parent is None:
        return parent
    own = colour if value == "currentcolor" else parse_colour(value)
    if own is None:
        return None
    return _over(own, parent)


def _over(top: Colour, bottom: Colour) -> Colour:
    """``top`` painted over the opaque ``bottom``."""
    alpha = top[3]
    if alpha >= 1:
        return top
    return (
        top[0] * alpha + bottom[0] * (1 - alpha),
        top[1] * alpha + bottom[1] * (1 - alpha),
        top[2] * alpha + bottom[2] * (1 - alpha),
        1.0,
    )


def _opacity(value: str) -> float:
    if is_math(value):
        number = evaluate_number(value)
        return 1.0 if number is None else min(max(number, 0.0), 1.0)
    try:
        return _channel(value, 1.0)
    except ValueError:
        return 1.0  # not an opacity: invalid, so a browser keeps the initial 1


def _text_indent_px(value: str, font_size_px: float, parent_px: float) -> float:
    if value in ("inherit", "unset"):
        return parent_px
    if value.endswith("%"):
        # A percentage of the block's width; -100% pushes all of it off the left.
        return OFF_PAGE_PX if _is_whole_length_back(value) else 0.0
    first = value if is_math(value) else (value.split()[0] if value else value)
    size = _length_px(first, font_size_px)
    return 0.0 if size is None else size


def _locked_reason(
    properties: Mapping[str, str],
    opacity: float,
    font_size_px: float,
    is_block_container: bool,
) -> HiddenReason | None:
    if opacity < MIN_OPACITY:
        return HiddenReason.TRANSPARENT
    position = properties.get("position")
    is_out_of_flow = position in ("absolute", "fixed")
    if is_out_of_flow or position == "relative":
        for side in ("left", "top"):
            value = properties.get(side)
            if value is not None:
                offset = _offset_px(value, font_size_px)
                if offset is not None and offset <= OFF_PAGE_PX:
                    return HiddenReason.OFF_PAGE
    for side in ("margin-left", "margin-top"):
        value = properties.get(side)
        # An inline box has horizontal margins but no vertical ones.
        if value is not None and (
            side == "margin-left" or is_block_container or is_out_of_flow
        ):
            offset = _offset_px(value, font_size_px)
            if offset is not None and offset <= OFF_PAGE_PX:
                return HiddenReason.OFF_PAGE
    transform = properties.get("transform")
    if transform is not None and (is_block_container or is_out_of_flow):
        # Inline boxes are not transformable: a transform on a <span> does nothing.
        reason = _transform_reason(
            substitute_math(transform, font_size_px), font_size_px
        )
        if reason is not None:
            return reason
    scale = properties.get("scale")
    if scale is not None and (is_block_container or is_out_of_flow):
        # The individual transform property: "scale: 0" collapses like scale(0).
        scale = substitute_math(scale, font_size_px)
        factors = [_factor(factor) for factor in scale.split()[:2]]
        if scale != "none" and any(f < COLLAPSED_SCALE for f in factors):
            return HiddenReason.TINY_TEXT
    clip = properties.get("clip")
    if is_out_of_flow and clip is not None and _is_empty_rect(clip, font_size_px):
        return HiddenReason.CLIPPED
    if properties.get("content-visibility") == "hidden":
        return HiddenReason.CLIPPED  # the element's contents are skipped, unpainted
    clip_path = properties.get("clip-path")
    if clip_path is not None and _is_empty_clip_path(clip_path):
        return HiddenReason.CLIPPED
    if properties.get("overflow") in ("hidden", "clip") and (
        is_block_container or is_out_of_flow
    ):
        for side in ("width", "height", "max-height"):
            value = properties.get(side)
            if value is not None:
                size = _length_px(value, font_size_px)
                if size is not None and size <= CLIPPED_BOX_PX:
                    return HiddenReason.CLIPPED
    return None


_TRANSFORM_FUNCTION = re.compile(r"([a-z0-9]+)\(([^()]*)\)")
# Scaled this small, a 16px line of text is a tenth of a pixel tall.
COLLAPSED_SCALE = 0.01


def _transform_reason(value: str, font_size_px: float) -> HiddenReason | None:
    """Whether a transform moves text a thousand pixels away or scales it to nothing.

    Translations add up (their order with a rotation is ignored); percentages
    (of the element's own size) and calc() are not judged.
    """
    moved_x = moved_y = 0.0
    for function in _TRANSFORM_FUNCTION.finditer(value):
        name = function.group(1)
        arguments = _ARGUMENT_SPLIT.split(function.group(2).strip())
        if name.startswith("translate"):
            axes = {"translatex": "x", "translatey": "y"}.get(name, "xy")
            for axis, argument in zip(axes, arguments, strict=False):
                offset = _offset_px(argument, font_size_px) or 0.0
                if axis == "x":
                    moved_x += offset
                else:
                    moved_y += offset
        elif name.startswith("scale"):
            factors = [_number(argument) for argument in arguments if argument]
            if any(f is not None and abs(f) < COLLAPSED_SCALE for f in factors[:2]):
                return HiddenReason.TINY_TEXT
        elif name == "matrix":
            numbers = [_number(argument) for argument in arguments]
            if len(numbers) == 6 and None not in numbers:
                a, b, c, d, e, f = (n or 0.0 for n in numbers)
                if abs(a * d - b * c) < COLLAPSED_SCALE**2:
                    return HiddenReason.TINY_TEXT
                moved_x, moved_y = moved_x + e, moved_y + f
    if moved_x <= OFF_PAGE_PX or moved_y <= OFF_PAGE_PX:
        return HiddenReason.OFF_PAGE
    return None


def _offset_px(value: str, font_size_px: float) -> float | None:
    """An offset in px, where a viewport's width or more counts as off the page."""
    if value.endswith(("vw", "vh")):
        return OFF_PAGE_PX if _is_whole_length_back(value) else None
    return _length_px(value, font_size_px)


def _is_whole_length_back(value: str) -> bool:
    """A relative length (%, vw, vh) of -100 or less: the whole length backwards."""
    match = _LENGTH.fullmatch(value)
    return match is not None and float(match.group(1)) <= -100


def _number(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def _is_empty_rect(value: str, font_size_px: float) -> bool:
    """``rect(top, right, bottom, left)`` that leaves no area; ``auto`` is an edge."""
    match = _FUNCTION.fullmatch(value)
    if match is None or match.group(1) != "rect":
        return False
    parts = [part for part in _ARGUMENT_SPLIT.split(match.group(2).strip()) if part]
    if len(parts) != 4:
        return False
    top, right, bottom, left = (_length_px(part, font_size_px) for part in parts)
    return (top is not None and bottom is not None and bottom <= top) or (
        left is not None and right is not None and right <= left
    )


def _is_empty_clip_path(value: str) -> bool:
    """``inset()`` whose sides meet, or a circle or ellipse of radius 0."""
    match = _FUNCTION.fullmatch(value)
    if match is None:
        return False
    name, arguments = match.groups()
    parts = _ARGUMENT_SPLIT.split(arguments.partition("round")[0].strip())
    if name == "inset" and 1 <= len(parts) <= 4:
        # Lengths depend on the box; percentages of it decide alone.
        shares = [_percentage(part) for part in parts]
        # The box shorthand: top, right, bottom, left, each missing one its opposite.
        top = shares[0]
        right = shares[1] if len(shares) > 1 else top
        bottom = shares[2] if len(shares) > 2 else top
        left = shares[3] if len(shares) > 3 else right
        return top + bottom >= 100 or left + right >= 100
    if name in ("circle", "ellipse"):
        return _length_px(parts[0], MEDIUM_PX) == 0
    return False


def _percentage(value: str) -> float:
    match = _LENGTH.fullmatch(value)
    return float(match.group(1)) if match is not None and match.group(2) == "%" else 0.0


def _paint_reason(
    font_size_px: float,
    colour: Colour | None,
    backdrop: Colour | None,
    is_indented_away: bool,
) -> HiddenReason | None:
    if is_indented_away:
        return HiddenReason.OFF_PAGE
    if font_size_px < TINY_FONT_PX:
        return HiddenReason.TINY_TEXT
    if colour is None or backdrop is None:
        return None
    if colour[3] <= 0:
        return HiddenReason.BACKGROUND_COLOUR
    painted = _over(colour, backdrop)
    if is_indistinct(painted[:3], backdrop[:3]):
        return HiddenReason.BACKGROUND_COLOUR
    return None
