"""When painted text can be told from what it is painted on: the WCAG 2 contrast
ratio and the one threshold every reader (HTML, PDF) applies to it.

The ratio is (L1 + 0.05) / (L2 + 0.05) of the two colours' relative luminances
(WCAG 2.2, "contrast ratio"): 1 for identical colours, 21 for black on white. The
same rule holds for every hue, so yellow on white is judged by the same number as
grey on white.

One rule, applied by every reader to the colours it has:

* HTML, static reader: the text's colour against the background composited under
  it through its ancestors; browser mode: the colour Chromium paints against the
  background it paints under the text.
* PDF: PDFium renders the text's box twice, as the page is and with the text's
  objects painting nothing (``reprint.formats.pdf.pixels``), at 24 pixels a line or
  more so that a glyph's strokes are solid; each pixel's two colours are compared.
  A glyph is painted legibly when at least 2 pixels of its box reach the ratio, and
  a piece of text is visible when every glyph of it is. Whatever hides it (optional
  content, a soft mask, a blend mode, a cover, a clip, a near-background colour),
  text under the ratio is hidden.
"""

from __future__ import annotations

import math
from functools import lru_cache

__all__ = ["MIN_CONTRAST", "RGB", "contrast_ratio", "is_indistinct", "luminance"]

# Red, green, blue, each 0-255 (sRGB).
RGB = tuple[float, float, float]

# Under this ratio text is taken as not painted legibly, so hidden. WCAG's 4.5:1 and
# 3:1 are targets for comfortable reading; this is the line between seen and not
# seen, and it errs on the reader's side, since a credit a reader cannot make out is
# no credit. 1.5:1 hides text meant to vanish into its background (pure yellow on
# white 1.07:1, #f0f0f0 1.14:1, #eeeeee 1.16:1, #dddddd 1.36:1, Bootstrap's
# .text-light #f8f9fa 1.05:1) and keeps faint theme text that readers still read
# (#cccccc on white 1.61:1). Both engines, the static reader and the browser mode,
# apply this one number, and so does the PDF reader where it compares colours.
MIN_CONTRAST = 1.5


def luminance(colour: RGB) -> float:
    """The WCAG 2 relative luminance of an sRGB colour, 0 (black) to 1 (white)."""

    def linear(channel: float) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else math.pow((c + 0.055) / 1.055, 2.4)

    return (
        0.2126 * linear(colour[0])
        + 0.7152 * linear(colour[1])
        + 0.0722 * linear(colour[2])
    )


@lru_cache(maxsize=1024)
def contrast_ratio(first: RGB, second: RGB) -> float:
    """The WCAG 2 contrast ratio of two opaque colours, 1 to 21."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def is_indistinct(text: RGB, background: RGB) -> bool:
    """Whether text of colour ``text`` on ``background`` cannot be seen."""
    return contrast_ratio(text, background) < MIN_CONTRAST
