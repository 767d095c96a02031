"""Media queries as a typical desktop screen answers them: 1280×800 CSS px, screen,
scripting on, a fine pointer that hovers, light colour scheme, 1 dppx.

The static engine reports what a sighted reader on such a screen sees, so a query
is evaluated, not pattern-matched: ``(min-width: 1px)`` and ``screen and
(min-width: 768px)`` hold, ``print`` and ``(max-width: 600px)`` do not. A feature
or value this module does not know gives ``None`` (cannot say), and the caller
decides what is safe.
"""

from __future__ import annotations

import re

__all__ = ["VIEWPORT_HEIGHT_PX", "VIEWPORT_WIDTH_PX", "media_matches"]

# The reference screen (issue 12): a common laptop viewport.
VIEWPORT_WIDTH_PX = 1280.0
VIEWPORT_HEIGHT_PX = 800.0
_ROOT_FONT_PX = 16.0
_PX_PER_UNIT = {
    "px": 1.0, "em": _ROOT_FONT_PX, "rem": _ROOT_FONT_PX, "pt": 96 / 72, "pc": 16.0,
    "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4, "q": 96 / 101.6,
    "vw": VIEWPORT_WIDTH_PX / 100, "vh": VIEWPORT_HEIGHT_PX / 100,
}  # fmt: skip
_TYPES = {"all": True, "screen": True, "print": False, "speech": False}
# Discrete features and the value the reference screen has.
_DISCRETE = {
    "orientation": "landscape",
    "hover": "hover",
    "any-hover": "hover",
    "pointer": "fine",
    "any-pointer": "fine",
    "prefers-color-scheme": "light",
    "prefers-reduced-motion": "no-preference",
    "prefers-contrast": "no-preference",
    "prefers-reduced-transparency": "no-preference",
    "forced-colors": "none",
    "-ms-high-contrast": "none",
    "inverted-colors": "none",
    "scripting": "enabled",
    "update": "fast",
    "display-mode": "browser",
    "color-gamut": "srgb",
    "dynamic-range": "standard",
    "overflow-block": "scroll",
    "overflow-inline": "scroll",
    "grid": "0",
    "monochrome": "0",
    "color": "8",
    "color-index": "0",
}
_LENGTH = re.compile(r"([+-]?(?:\d+\.?\d*|\.\d+))([a-z]*)")
_FEATURE = re.compile(r"\(\s*([a-z-]+)\s*(?::\s*([^()]*?))?\s*\)")
_RANGE = re.compile(r"\(\s*([^()<>=]+?)\s*(<=|>=|<|>|=)\s*([^()<>=]+?)\s*\)")


def _length(value: str) -> float | None:
    match = _LENGTH.fullmatch(value.strip().lower())
    if match is None:
        return None
    number, unit = float(match.group(1)), match.group(2)
    if not unit:
        return number if number == 0 else None
    factor = _PX_PER_UNIT.get(unit)
    return None if factor is None else number * factor


def _ratio(value: str) -> float | None:
    parts = value.split("/")
    try:
        numbers = [float(part) for part in parts]
    except ValueError:
        return None
    if len(numbers) == 2 and numbers[1]:
        return numbers[0] / numbers[1]
    return numbers[0] if len(numbers) == 1 else None


def _actual(name: str) -> tuple[float, str] | None:
    """The numeric feature ``name`` and how its values are read, or None."""
    if name in ("width", "device-width"):
        return VIEWPORT_WIDTH_PX, "length"
    if name in ("height", "device-height"):
        return VIEWPORT_HEIGHT_PX, "length"
    if name in ("aspect-ratio", "device-aspect-ratio"):
        return VIEWPORT_WIDTH_PX / VIEWPORT_HEIGHT_PX, "ratio"
    if name in ("resolution",):
        return 1.0, "resolution"
    if name == "device-pixel-ratio":
        return 1.0, "number"
    if name in ("color", "color-index", "monochrome", "grid"):
        return float(_DISCRETE[name]), "number"
    return None


def _value(text: str, kind: str) -> float | None:
    text = text.strip().lower()
    if kind == "length":
        return _length(text)
    if kind == "ratio":
        return _ratio(text)
    if kind == "resolution":
        for unit, factor in (("dppx", 1.0), ("dpi", 1 / 96), ("dpcm", 2.54 / 96)):
            if text.endswith(unit):
                try:
                    return float(text[: -len(unit)]) * factor
                except ValueError:
                    return None
        return 1.0 if text == "infinite" else None
    try:
        return float(text)
    except ValueError:
        return None


def _compare(actual: float, operator: str, wanted: float) -> bool:
    if operator == "<":
        return actual < wanted
    if operator == "<=":
        return actual <= wanted
    if operator == ">":
        return actual > wanted
    if operator == ">=":
        return actual >= wanted
    return abs(actual - wanted) < 1e-9


def _feature(name: str, value: str | None) -> bool | None:
    name = name.lower()
    name = name.removeprefix("-webkit-")
    if value is None:  # boolean context: the feature is not its "none"/0 value
        if name in _DISCRETE:
            return _DISCRETE[name] not in ("none", "0", "no-preference")
        return True if _actual(name) is not None else None
    prefix, base = (
        ("", name) if name[:4] not in ("min-", "max-") else (name[:3], name[4:])
    )
    if not prefix and base in _DISCRETE and _actual(base) is None:
        return value.strip().lower() == _DISCRETE[base]
    actual = _actual(base)
    if actual is None:
        return None
    wanted = _value(value, actual[1])
    if wanted is None:
        return None
    operator = {"min": ">=", "max": "<="}.get(prefix, "=")
    return _compare(actual[0], operator, wanted)


def _range(match: re.Match[str]) -> bool | None:
    left, operator, right = match.groups()
    flipped = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "="}
    if _actual(left.strip().lower()) is None:
        left, right, operator = right, left, flipped[operator]
    actual = _actual(left.strip().lower())
    if actual is None:
        return None
    wanted = _value(right, actual[1])
    return None if wanted is None else _compare(actual[0], operator, wanted)


def _condition(text: str) -> bool | None:
    """A condition of features joined by ``and``/``or`` (one kind), with ``not``."""
    text = text.strip()
    if not text:
        return True
    lowered = text.lower()
    if lowered.startswith("not ") or lowered.startswith("not("):
        inner = _condition(text[3:])
        return None if inner is None else not inner
    # Features written as ranges ("(400px <= width <= 700px)") split into two.
    double = re.fullmatch(
        r"\(\s*([^()<>=]+?)\s*(<=?)\s*([a-z-]+)\s*(<=?)\s*([^()<>=]+?)\s*\)", lowered
    )
    if double is not None:
        low, op1, name, op2, high = double.groups()
        first = _condition(f"({name} {'>' if op1 == '<' else '>='} {low})")
        second = _condition(f"({name} {op2} {high})")
        if first is None or second is None:
            return None
        return first and second
    pieces = _split_top(text)
    if pieces is None:
        return None
    results: list[bool | None] = []
    joiner = ""
    for index, piece in enumerate(pieces):
        if index % 2:
            if joiner and piece != joiner:
                return None  # "a and b or c" is invalid CSS
            joiner = piece
            continue
        results.append(_single(piece))
    if any(result is None for result in results):
        known = [result for result in results if result is not None]
        if joiner == "or" and any(known):
            return True
        if joiner != "or" and not all(known):
            return False
        return None
    return any(results) if joiner == "or" else all(results)


def _single(text: str) -> bool | None:
    lowered = text.strip().lower()
    if lowered in _TYPES:
        return _TYPES[lowered]
    if lowered.startswith("(") and lowered.endswith(")"):
        feature = _FEATURE.fullmatch(lowered)
        if feature is not None:
            return _feature(feature.group(1), feature.group(2))
        ranged = _RANGE.fullmatch(lowered)
        if ranged is not None:
            return _range(ranged)
        return _condition(lowered[1:-1])
    if re.fullmatch(r"[a-z-]+", lowered):
        return False  # tv, handheld, projection...: media types no screen is
    return None


def _split_top(text: str) -> list[str] | None:
    """Operands and the ``and``/``or`` words between them, outside parentheses."""
    pieces: list[str] = []
    depth = 0
    current: list[str] = []
    for word in re.split(r"(\(|\)|\s+)", text):
        if not word:
            continue
        if word == "(":
            depth += 1
        elif word == ")":
            depth -= 1
            if depth < 0:
                return None
        if depth == 0 and word.lower() in ("and", "or"):
            pieces.append("".join(current).strip())
            pieces.append(word.lower())
            current = []
            continue
        current.append(word)
    pieces.append("".join(current).strip())
    return None if depth or any(not piece for piece in pieces[::2]) else pieces


def media_matches(query_list: str) -> bool | None:
    """Whether a media query list holds on the reference screen; None if unknown.

    A list holds when one of its queries does; ``only`` is ignored as browsers do.
    """
    results: list[bool | None] = []
    for query in query_list.split(","):
        query = query.strip()
        if query.lower().startswith("only "):
            query = query[5:]
        results.append(_condition(query) if query else True)
    if any(results):
        return True
    return None if None in results else False
