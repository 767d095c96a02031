"""HTML in a real browser: what headless Chromium paints, scripts on, network closed.

The browser mode of the HTML reader (``reprint check --render``). The page is
loaded in Debian's ``chromium``, driven by Playwright pointed at that executable
(no browser of Playwright's own is downloaded), in a 1280×800 viewport with
scripts on. Nothing leaves the machine: the page itself and the local style
sheets and images the static reader would read are served from memory through
request interception; every other request is refused. After the load event (and,
for a page whose root is hidden until a script shows it, until it is shown or the
time budget ends) ``browser.js`` asks the browser about each text node: its
element's ``checkVisibility()`` (opacity, visibility, content-visibility), its
layout boxes inside the document's scrollable area and its clipping ancestors,
the size of its glyphs, and its painted colour against the background painted
under it (WCAG contrast ratio, ``reprint.contrast.MIN_CONTRAST``). Text that scripts
write and ``::before``/``::after`` content are read like any other text. Each
visible ``<img>`` whose painted box is at least the static reader's
``MIN_IMAGE_BOX_PX`` is screenshotted as painted and read by OCR
(``reprint.formats.ocr``) where it stands in the reading order; lazy images are
made eager first (a reader scrolls to them), and an element painted with a CSS
background image is shot with its content unpainted and read the same way.

The result is the same ``Document`` as the static reader's, with
``engine="chromium"``. Playwright was chosen over Selenium with
``chromium-driver`` (``benchmarks/bench_browser.py``): Selenium starts about
0.25 s sooner (0.73 s against 0.98 s) and reads a page as fast (0.2 s the sample,
2.4 s against 2.6 s a 5 MB page), but Playwright intercepts requests itself, so
the network is closed per request without a loopback server the page could
reach, and it needs no driver binary whose version must follow Chromium's.

One browser is started per process, on first use, and reused; it is closed when
the process exits.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import mimetypes
import os
import posixpath
import threading
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from reprint import contrast
from reprint.errors import CorruptInputError, ReprintError
from reprint.formats import ocr
from reprint.formats.html.elements import FALLBACK_TAGS
from reprint.formats.html.meta import (
    build_publication,
    find_json_ld_articles,
    recode_to_utf8,
)
from reprint.formats.html.reader import MIN_IMAGE_BOX_PX
from reprint.formats.ocr import ImagesRead, PlacedImage, place_blocks, read_images
from reprint.formats.options import ExtractOptions
from reprint.limits import Limits
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

if TYPE_CHECKING:  # pragma: no cover
    from playwright.sync_api import Browser, Page, Playwright, Route

__all__ = [
    "CHROMIUM",
    "ENGINE",
    "BrowserUnavailableError",
    "close_browser",
    "extract",
    "require_browser",
]

ENGINE = "chromium"
# Debian's chromium package; REPRINT_CHROMIUM names another build of it.
CHROMIUM = os.environ.get("REPRINT_CHROMIUM", "/usr/bin/chromium")
_FLAGS = [
    "--no-sandbox",  # as root, in a container: the sandbox cannot start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 800}
# Seconds a page may take to load and run its scripts before it is refused.
PAGE_BUDGET_S = 20.0
# A root hidden until a script shows it (anti-flicker snippets give up after
# 4 s at most) is waited for this long after the load event.
REVEAL_WAIT_S = 5.0
# The page's made-up address: requests to any other origin are refused.
_ORIGIN = "http://reprint.invalid"
_DEPTH = "/p/a/g/e/s/"  # room for "../" in relative hrefs
_PAGE_URL = f"{_ORIGIN}{_DEPTH}page.html"

# Thresholds, the static reader's where it has one (visibility.py).
MIN_OPACITY = 0.05  # visibility.MIN_OPACITY
TINY_FONT_PX = 96 / 72  # visibility.TINY_FONT_PX: 1 pt
CLIPPED_BOX_PX = 1.0  # visibility.CLIPPED_BOX_PX: the sr-only box

_TAG_REGIONS = {
    "head": "metadata", "header": "header", "footer": "footer", "aside": "sidebar",
    "figcaption": "caption", "caption": "caption", "td": "table", "th": "table",
    "h1": "title",
}  # fmt: skip
_ROLE_REGIONS = {
    "banner": "header", "contentinfo": "footer", "complementary": "sidebar",
    "doc-endnotes": "endnote", "doc-endnote": "endnote", "doc-footnote": "footnote",
}  # fmt: skip
_TAG_REASONS = {
    "head": "head", "title": "metadata", "script": "script", "style": "style",
    "template": "template", "noscript": "noscript",
} | dict.fromkeys(FALLBACK_TAGS, HiddenReason.FALLBACK_CONTENT.value)  # fmt: skip


class BrowserUnavailableError(ReprintError):
    """The browser mode was asked for and Chromium or Playwright is not installed."""

    code = "no-browser"


def _script() -> str:
    return (
        resources.files("reprint.formats.html")
        .joinpath("browser.js")
        .read_text("utf-8")
    )


@dataclass
class _Session:
    playwright: Playwright
    browser: Browser
    # One page, reused: a fresh context costs half a second. What it serves now.
    page: Page | None = None
    html: bytes = b""
    options: ExtractOptions = field(default_factory=ExtractOptions)


_local = threading.local()
_sessions: list[_Session] = []


def require_browser() -> None:
    """Raise unless the browser mode can start.

    Raises:
        BrowserUnavailableError: no Chromium at ``CHROMIUM`` or no Playwright.
    """
    if not os.access(CHROMIUM, os.X_OK):
        raise BrowserUnavailableError(
            f"--render needs Chromium, not found at {CHROMIUM}: install Debian's "
            "'chromium' package (apt-get install chromium)"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        raise BrowserUnavailableError(
            "--render needs the Python package 'playwright' "
            "(pip install 'reprint[render]'); it drives the installed Chromium"
        ) from exc


def _session() -> _Session:
    """This thread's browser, started on first use (Playwright's sync API is
    bound to the thread that started it)."""
    session: _Session | None = getattr(_local, "session", None)
    if session is not None and session.browser.is_connected():
        return session
    require_browser()
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=_FLAGS)
    except Exception:
        playwright.stop()
        raise
    session = _Session(playwright, browser)
    _local.session = session
    _sessions.append(session)
    return session


def close_browser() -> None:
    """Close this thread's browser, if one was started."""
    session: _Session | None = getattr(_local, "session", None)
    if session is None:
        return
    _local.session = None
    _sessions.remove(session)
    _stop(session)


def _stop(session: _Session) -> None:
    try:
        session.browser.close()
    finally:
        session.playwright.stop()


@atexit.register
def _close_all() -> None:  # pragma: no cover - at interpreter exit
    for session in _sessions:
        with contextlib.suppress(Exception):  # the process is ending anyway
            _stop(session)


def _href_of(url: str) -> str | None:
    """The href, relative to the page, that made a request to ``url``."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != _ORIGIN:
        return None
    path = parts.path
    if path.startswith(_DEPTH):
        return path[len(_DEPTH) :]
    return posixpath.relpath(path, _DEPTH)


def _page(session: _Session) -> Page:
    """The session's page, made on first use, its every request answered by
    ``route``: the document, a local style sheet, or a refusal."""
    if session.page is not None and not session.page.is_closed():
        return session.page

    def route(route: Route) -> None:
        url = route.request.url.split("#", 1)[0]
        if url == _PAGE_URL:
            route.fulfill(body=session.html, content_type="text/html; charset=utf-8")
            return
        read = session.options.stylesheets
        href = _href_of(url)
        css = read(href) if read is not None and href is not None else None
        if css is not None and route.request.resource_type == "stylesheet":
            route.fulfill(body=css, content_type="text/css; charset=utf-8")
            return
        images = session.options.images
        picture = images(href) if images is not None and href is not None else None
        if picture is not None and route.request.resource_type == "image":
            kind = mimetypes.guess_type(href or "")[0] or "application/octet-stream"
            route.fulfill(body=picture, content_type=kind)
        else:
            route.abort("blockedbyclient")

    context = session.browser.new_context(
        viewport=VIEWPORT,  # type: ignore[arg-type]
        java_script_enabled=True,
        service_workers="block",
    )
    page = context.new_page()
    page.set_default_timeout(PAGE_BUDGET_S * 1000)
    page.route("**/*", route)
    session.page = page
    return page


def _load(page: Page) -> None:
    page.goto(_PAGE_URL, wait_until="load", timeout=PAGE_BUDGET_S * 1000)
    # A root hidden until a script shows it: give the script its time.
    shown = (
        "() => !document.body || document.body.checkVisibility("
        "{opacityProperty: true, visibilityProperty: true})"
    )
    try:
        page.wait_for_function(shown, timeout=REVEAL_WAIT_S * 1000, polling=100)
    except Exception as exc:
        if type(exc).__name__ != "TimeoutError":
            raise


# Lazy images a reader scrolls to are loaded: made eager after the load event,
# and waited for this long at most (within the page's budget).
IMAGE_WAIT_S = 5.0
_EAGER = """() => {
  let lazy = 0;
  for (const img of document.querySelectorAll("img")) {
    if (img.loading === "lazy") { img.loading = "eager"; lazy += 1; }
  }
  return lazy;
}"""
_IMAGES_DONE = "() => [...document.images].every((img) => img.complete)"
# While a background image is shot, the element's content is not painted, so
# that only the background is read (its text is read as text).
_BACKGROUND_ONLY = """(el) => {
  if (!window.__reprintShotSheet) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(
      "[data-reprint-shot] { color: transparent !important;"
      + " -webkit-text-fill-color: transparent !important;"
      + " text-shadow: none !important; }"
      + " [data-reprint-shot] *, [data-reprint-shot]::before,"
      + " [data-reprint-shot]::after { visibility: hidden !important; }");
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    window.__reprintShotSheet = sheet;
  }
  el.setAttribute("data-reprint-shot", "");
}"""


def _load_lazy_images(page: Page) -> None:
    """Load the images marked ``loading="lazy"``: Chromium loads those far below
    the fold only when they are scrolled near, and a reader scrolls to them."""
    if not page.evaluate(_EAGER):
        return
    try:
        page.wait_for_function(_IMAGES_DONE, timeout=IMAGE_WAIT_S * 1000, polling=100)
    except Exception as exc:
        if type(exc).__name__ != "TimeoutError":
            raise


def _paint(data: bytes, options: ExtractOptions) -> dict[str, Any]:
    session = _session()
    page = _page(session)
    session.html, session.options = recode_to_utf8(data), options
    is_done = False
    try:
        _load(page)
        _load_lazy_images(page)
        # evaluate() has no time limit: a page whose scripts keep its main thread
        # busy must first answer within the budget, or the walk below would hang.
        page.wait_for_function("() => true", timeout=PAGE_BUDGET_S * 1000)
        arguments = {
            "tagRegions": _TAG_REGIONS,
            "roleRegions": _ROLE_REGIONS,
            "weakRegions": ["table"],
            "tagReasons": _TAG_REASONS,
            "minContrast": contrast.MIN_CONTRAST,
            "minOpacity": MIN_OPACITY,
            "tinyPx": TINY_FONT_PX,
            "clippedPx": CLIPPED_BOX_PX,
            "minImagePx": list(MIN_IMAGE_BOX_PX),
        }
        # As one JSON string: Playwright's own serialisation of a large result
        # (6 MB for a 5 MB page) takes twice as long (benchmarks/README.md).
        walk = f"(args) => JSON.stringify(({_script()})(args))"
        result: dict[str, Any] = json.loads(page.evaluate(walk, arguments))
        result["pictures"] = _read_images(page, result["images"], options.limits)
        is_done = True
        return result
    except Exception as exc:
        if isinstance(exc, ReprintError):
            raise
        if type(exc).__name__ == "TimeoutError":
            raise CorruptInputError(
                "Chromium could not load the page and run its scripts within the "
                f"{PAGE_BUDGET_S:g} s budget"
            ) from exc
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise CorruptInputError(
            f"Chromium could not render the page ({message})"
        ) from exc
    finally:
        session.html, session.options = b"", ExtractOptions()
        if is_done:  # the next page starts from a blank one: no timer runs on
            with contextlib.suppress(Exception):
                page.goto("about:blank")
        else:  # a page that failed or hung is dropped with its context
            session.page = None
            with contextlib.suppress(Exception):
                page.context.close()


def _read_images(page: Page, found: list[dict[str, Any]], limits: Limits) -> ImagesRead:
    """OCR what Chromium paints of each image ``browser.js`` noted: the element's
    screenshot, read as the static reader reads an image's bytes."""
    if not found:
        return ImagesRead((), ())
    hint = ocr.OVER_LIMITS_HINT
    shots: list[PlacedImage] = []
    if not ocr.is_available():
        unread, hint = len(found), ocr.OCR_HINT
    else:
        unread = max(0, len(found) - limits.max_ocr_images)
        for number, item in enumerate(found[: limits.max_ocr_images]):
            element = page.evaluate_handle(
                "(n) => window.__reprintImages[n]", number
            ).as_element()
            if element is None:  # pragma: no cover - the walk just noted it
                continue
            if item["background"]:
                element.evaluate(_BACKGROUND_ONLY)
                detail = f"{item['detail']} > background-image (OCR)"
            else:
                detail = f"{item['detail']} > img (OCR)"
            shot = element.screenshot(timeout=PAGE_BUDGET_S * 1000)
            if item["background"]:
                element.evaluate("(el) => el.removeAttribute('data-reprint-shot')")
            shots.append(
                PlacedImage(
                    shot,
                    item["after"],
                    Location(Region(item["region"]), None, None, detail),
                )
            )
    read = read_images(shots, limits)
    if not unread:
        return read
    return ImagesRead(read.blocks, (*read.problems, ocr.images_not_read(unread, hint)))


def extract(data: bytes, options: ExtractOptions) -> Document:
    """What Chromium paints of an HTML page, what it hides, and the page's metadata.

    Raises:
        BrowserUnavailableError: Chromium or Playwright is not installed.
        CorruptInputError: the page could not be loaded, or its scripts did not
            let it be read, within the time budget (``PAGE_BUDGET_S``).
    """
    painted = _paint(data, options)
    text_blocks = [
        Block(
            item["text"], Location(Region(item["region"]), None, number, item["detail"])
        )
        for number, item in enumerate(painted["blocks"], 1)
    ]
    pictures: ImagesRead = painted["pictures"]
    blocks = place_blocks(text_blocks, pictures)
    hidden = [
        HiddenBlock(
            item["text"],
            Location(region=Region(item["region"]), detail=item["detail"]),
            HiddenReason(item["reason"]),
        )
        for item in painted["hidden"]
    ]
    meta: dict[str, str] = {}
    for key, content, name in painted["meta"]:
        meta.setdefault(key, content)
        if content:
            location = Location(region=Region.METADATA, detail=f'meta[{name}="{key}"]')
            hidden.append(HiddenBlock(content, location, HiddenReason.METADATA))
    articles: list[dict[str, object]] = []
    for text in painted["jsonLd"]:
        articles.extend(find_json_ld_articles(text))
    return Document(
        format=Format.HTML,
        blocks=blocks,
        hidden=tuple(hidden),
        publication=build_publication(
            title=painted["title"],
            meta=meta,
            canonical=painted["canonical"],
            articles=articles,
        ),
        problems=(*pictures.problems, *_mask_problems(painted["masked"])),
        engine=ENGINE,
    )


def _mask_problems(masked: int) -> tuple[Problem, ...]:
    """The static engine's word for text under a CSS mask, taken as unpainted."""
    if not masked:
        return ()
    return (
        Problem(
            ProblemCode.UNEVALUATED_STYLE,
            f"{masked} text run(s) under a CSS mask, which paints through an image's "
            "alpha that is not computed: taken as not painted",
        ),
    )
