"""Text painted in images, read by Tesseract (the ``ocr`` extra), for every family.

A family hands an image (Pillow) and gets paragraphs of words, each with its box
and Tesseract's confidence. Tesseract is reached through tesserocr (its C++ API in
process: the language model is loaded once, and the CPU it spends counts against
``--timeout``); its language data is Debian's ``tesseract-ocr-eng``. Without either,
``read_paragraphs`` raises ``OcrUnavailableError`` and the family reports the image as
unread, so that a credit printed in it can never be taken for missing, nor the copy
for compliant.
"""

from __future__ import annotations

import io
import os
import struct
import threading
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Protocol

from reprint.errors import ReprintError
from reprint.limits import Limits
from reprint.model import Block, Location, Problem, ProblemCode, TextSource

if TYPE_CHECKING:  # pragma: no cover
    from PIL.Image import Image

__all__ = [
    "OCR_DPI",
    "OCR_HINT",
    "ImagesRead",
    "OcrParagraph",
    "OcrUnavailableError",
    "OcrWord",
    "PlacedImage",
    "place_blocks",
    "read_images",
    "read_paragraphs",
]

# Resolution a page or an image's box is rendered at for Tesseract: its models are
# trained on 10-pt text at about 300 dpi; 200 dpi (x-height ~20 px at 10 pt) read the
# 200-dpi scan fixture word for word at half the pixels.
OCR_DPI = 200
# Images smaller than this on their longer side are enlarged before reading:
# Tesseract misses glyphs under ~20 px tall, and a banner is often ~40 px.
UPSCALE_BELOW_PX = 1000
# An image under this (pixels) cannot hold a legible line of text.
MIN_TEXT_IMAGE_PX = (60, 12)
# Decoding costs 3-4 bytes a pixel: 40 Mpx (a 300-dpi A3 scan) is the most read;
# larger ones are reported unread. Pillow's own bomb guard warns at 89 Mpx.
MAX_IMAGE_PIXELS = 40_000_000
OVER_LIMITS_HINT = "over the OCR limits (Limits.max_ocr_images, MAX_IMAGE_PIXELS)"
OCR_HINT = (
    "install the ocr extra (pip install 'reprint[ocr]') and Debian's tesseract-ocr "
    "and tesseract-ocr-eng to read it"
)
# Where Debian (5.x and 4.x) and other distributions put Tesseract's language data;
# tesserocr's wheels bundle the library but not the data.
_TESSDATA_DIRS = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
)
_LANGUAGE = "eng"
# One Tesseract instance per process: it is not thread-safe, and loading the model
# costs ~0.5 s.
_LOCK = threading.Lock()


class OcrUnavailableError(ReprintError):
    """Tesseract (the ``ocr`` extra, or its English language data) is not installed."""


@dataclass(frozen=True, slots=True)
class OcrWord:
    """A word Tesseract read: its box in the image's pixels and its confidence."""

    text: str
    box: tuple[int, int, int, int]  # left, top, right, bottom
    confidence: float  # 0-100


@dataclass(frozen=True, slots=True)
class OcrParagraph:
    """A paragraph as Tesseract laid it out; lines joined, line-end hyphens mended."""

    words: tuple[OcrWord, ...]
    text: str

    @property
    def confidence(self) -> float:
        """The mean confidence of its words (0-100)."""
        return sum(word.confidence for word in self.words) / len(self.words)

    @property
    def box(self) -> tuple[int, int, int, int]:
        """The box around its words, in the image's pixels."""
        return (
            min(word.box[0] for word in self.words),
            min(word.box[1] for word in self.words),
            max(word.box[2] for word in self.words),
            max(word.box[3] for word in self.words),
        )


class _Iterator(Protocol):
    def IsAtBeginningOf(self, level: int) -> bool: ...
    def GetUTF8Text(self, level: int) -> str | None: ...
    def Confidence(self, level: int) -> float: ...
    def BoundingBox(self, level: int) -> tuple[int, int, int, int] | None: ...


class _Api(Protocol):
    def SetImage(self, image: Image) -> None: ...
    def SetSourceResolution(self, ppi: int) -> None: ...
    def Recognize(self) -> bool: ...
    def Clear(self) -> None: ...
    def GetIterator(self) -> object: ...


def _tessdata() -> str | None:
    for folder in _TESSDATA_DIRS:
        if os.path.isfile(os.path.join(folder, f"{_LANGUAGE}.traineddata")):
            return folder
    return None


@cache
def _api() -> _Api:
    """The process's Tesseract, made on first use.

    Raises:
        OcrUnavailableError: tesserocr or the English language data is missing.
    """
    try:
        import tesserocr
    except ImportError as exc:
        raise OcrUnavailableError(f"OCR is not installed: {OCR_HINT}") from exc
    folder = _tessdata()
    if folder is None:
        raise OcrUnavailableError(
            f"Tesseract's English language data is not installed: {OCR_HINT}"
        )
    try:
        api: _Api = tesserocr.PyTessBaseAPI(path=folder + "/", lang=_LANGUAGE)
    except RuntimeError as exc:  # tesserocr's way of saying Init failed
        raise OcrUnavailableError(
            f"Tesseract cannot load its data in '{folder}': {OCR_HINT}"
        ) from exc
    return api


def is_available() -> bool:
    """Whether OCR can run here (tesserocr and Debian's English data are installed)."""
    try:
        _api()
    except OcrUnavailableError:
        return False
    return True


def read_paragraphs(image: Image, dpi: int = OCR_DPI) -> tuple[OcrParagraph, ...]:
    """The text painted in ``image``, as paragraphs in Tesseract's reading order.

    ``dpi`` is the image's resolution (Tesseract sizes its text by it).

    Raises:
        OcrUnavailableError: Tesseract is not installed (see ``OCR_HINT``).
    """
    api = _api()
    from tesserocr import RIL, iterate_level

    if max(image.size) < UPSCALE_BELOW_PX:
        factor = -(-UPSCALE_BELOW_PX // max(image.size, default=1))
        image = image.resize((image.width * factor, image.height * factor))
        dpi *= factor
    if image.mode not in ("L", "RGB"):
        image = image.convert("RGB")
    with _LOCK:
        api.SetImage(image)
        api.SetSourceResolution(dpi)
        api.Recognize()
        words = iterate_level(api.GetIterator(), RIL.WORD)
        paragraphs = list(_paragraphs(words, RIL.WORD, RIL.TEXTLINE, RIL.PARA))
        api.Clear()
    return tuple(paragraphs)


def _paragraphs(
    words: Iterator[_Iterator], word_level: int, line_level: int, paragraph_level: int
) -> Iterator[OcrParagraph]:
    """Tesseract's words grouped into its paragraphs (levels: tesserocr's RIL)."""
    found: list[OcrWord] = []
    text = ""
    for word in words:
        try:
            content = (word.GetUTF8Text(word_level) or "").strip()
        except RuntimeError:  # tesserocr's "No text returned": an empty word
            continue
        box = word.BoundingBox(word_level)
        if not content or box is None:
            continue
        if found and word.IsAtBeginningOf(paragraph_level):
            yield OcrParagraph(tuple(found), text)
            found, text = [], ""
        if not text:
            text = content
        elif word.IsAtBeginningOf(line_level) and _is_broken(text, content):
            # "transfor- / mation": the typesetter's hyphen at a line end.
            text = text[:-1] + content
        else:
            text = f"{text} {content}"
        found.append(OcrWord(content, box, float(word.Confidence(word_level))))
    if found:
        yield OcrParagraph(tuple(found), text)


def _is_broken(text: str, following: str) -> bool:
    """Whether the line ending ``text`` breaks a word that ``following`` ends."""
    return (
        len(text) > 2
        and text[-1] in "-\u00ad"
        and text[-2].isalpha()
        and following[:1].islower()
    )


@dataclass(frozen=True, slots=True)
class PlacedImage:
    """An image a reader sees: its bytes, and where it stands among the blocks."""

    data: bytes
    after: int  # how many of the document's blocks come before it
    location: Location


@dataclass(frozen=True, slots=True)
class ImagesRead:
    """What OCR read of a document's images, placed, and what it could not read."""

    blocks: tuple[tuple[int, Block], ...]  # (blocks before it, block)
    problems: tuple[Problem, ...]


def read_images(images: Sequence[PlacedImage], limits: Limits) -> ImagesRead:
    """OCR the images that may carry text (a credit set as a logo or a banner).

    An image that does not decode is not shown to a reader either, and one under
    ``MIN_TEXT_IMAGE_PX`` holds no legible line: both are passed over. At most
    ``limits.max_ocr_images`` are read; the rest, the ones over
    ``MAX_IMAGE_PIXELS``, and all of them when OCR is not installed, are reported
    (``images-not-read``), so that a credit missing from the text stays unverifiable.
    """
    placed: list[tuple[int, Block]] = []
    confidences: list[float] = []
    unread = 0
    hint = OVER_LIMITS_HINT
    budget = limits.max_ocr_images
    for number, image in enumerate(images):
        picture = _decode(image.data)
        if picture is None:
            continue
        if picture.width * picture.height > MAX_IMAGE_PIXELS or budget <= 0:
            unread += 1
            continue
        budget -= 1
        try:
            paragraphs = read_paragraphs(picture, dpi=96)
        except OcrUnavailableError:
            unread += sum(1 for rest in images[number:] if _decode(rest.data))
            hint = OCR_HINT
            break
        for paragraph in paragraphs:
            confidence = round(paragraph.confidence, 1)
            confidences.append(confidence)
            block = Block(paragraph.text, image.location, TextSource.OCR, confidence)
            placed.append((image.after, block))
    problems: list[Problem] = []
    if confidences:
        mean = sum(confidences) / len(confidences)
        problems.append(
            Problem(
                ProblemCode.OCR_TEXT,
                f"text in images read by OCR (Tesseract), mean confidence {mean:.0f} "
                "of 100",
            )
        )
    if unread:
        problems.append(images_not_read(unread, hint))
    return ImagesRead(tuple(placed), tuple(problems))


def images_not_read(unread: int, hint: str = OVER_LIMITS_HINT) -> Problem:
    """The problem for ``unread`` images that may carry text, and why."""
    return Problem(
        ProblemCode.IMAGES_NOT_READ,
        f"{unread} image(s) that may carry text were not read: {hint}",
    )


def place_blocks(blocks: Sequence[Block], read: ImagesRead) -> tuple[Block, ...]:
    """The document's blocks with each image's text where the image stands."""
    if not read.blocks:
        return tuple(blocks)
    merged: list[Block] = []
    pending = list(read.blocks)  # in document order
    pending.reverse()
    for index, block in enumerate(blocks):
        while pending and pending[-1][0] <= index:
            merged.append(pending.pop()[1])
        merged.append(block)
    merged.extend(block for _, block in reversed(pending))
    return tuple(merged)


def _decode(data: bytes) -> Image | None:
    """The image, if Pillow can decode it, in a mode Tesseract reads; else None.

    One over ``MAX_IMAGE_PIXELS`` is returned undecoded (its size is known).
    """
    from PIL import Image as PillowImage

    try:
        # A damaged image makes Pillow warn as well as fail: the failure is enough.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            picture: Image = PillowImage.open(io.BytesIO(data))
            width, height = picture.size
            if width < MIN_TEXT_IMAGE_PX[0] or height < MIN_TEXT_IMAGE_PX[1]:
                return None
            if width * height > MAX_IMAGE_PIXELS:
                return picture
            picture.load()
            if picture.mode not in ("L", "RGB"):
                picture = picture.convert("RGBA" if "A" in picture.mode else "RGB")
                if picture.mode == "RGBA":
                    # Transparent logos are drawn on the page's white.
                    backdrop = PillowImage.new("RGB", picture.size, (255, 255, 255))
                    backdrop.paste(picture, mask=picture.getchannel("A"))
                    picture = backdrop
    # What Pillow raises on bytes it cannot decode (its plugins differ).
    except (
        OSError,
        ValueError,
        TypeError,
        EOFError,
        SyntaxError,
        IndexError,
        struct.error,
        PillowImage.DecompressionBombError,
    ):
        return None  # a browser or Word shows a broken image: no text
    return picture
