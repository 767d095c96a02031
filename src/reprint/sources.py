"""Reading inputs from disk: bounded, read-only, never modified. The IO edge."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from reprint.errors import InputError, UnsafeInputError, field
from reprint.limits import DEFAULT_LIMITS, Limits


def read_source(path: Path, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """Read a file's bytes, refusing it before reading when it is over the size limit.

    A FIFO, a device or a socket is refused before any byte is read: opened
    without blocking (a FIFO with no writer would wait forever) and looked at.

    Raises:
        InputError: no such file, a directory, not a regular file, or no permission.
        UnsafeInputError: larger than ``limits.max_input_bytes``.
    """
    try:
        # O_RDONLY: inputs are opened read-only and never written back.
        flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
        fd = os.open(path, flags)
    except FileNotFoundError as exc:
        raise InputError("no such file") from exc
    except IsADirectoryError as exc:
        raise InputError("is a directory") from exc
    except PermissionError as exc:
        raise InputError("permission denied") from exc
    except OSError as exc:
        raise InputError(exc.strerror or "cannot be opened") from exc
    status = os.fstat(fd)
    if stat.S_ISDIR(status.st_mode):
        os.close(fd)
        raise InputError("is a directory")
    if not stat.S_ISREG(status.st_mode):
        os.close(fd)
        raise InputError(f"is {_kind(status.st_mode)}, not a regular file")
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    with os.fdopen(fd, "rb") as handle:
        size = status.st_size
        if size > limits.max_input_bytes:
            limit = _amount(limits.max_input_bytes, is_limit=True)
            raise UnsafeInputError(
                f"the file is {_amount(size)}, over the {limit} limit "
                f"({field('max_bytes')})"
            )
        try:
            data = handle.read(limits.max_input_bytes + 1)
        except OSError as exc:
            raise InputError(exc.strerror or "cannot be read") from exc
    if len(data) > limits.max_input_bytes:  # a pipe or a file that grew
        limit = _amount(limits.max_input_bytes, is_limit=True)
        raise UnsafeInputError(
            f"the file is over the {limit} limit ({field('max_bytes')})"
        )
    return data


def _amount(size: int, *, is_limit: bool = False) -> str:
    """A byte count as a person reads it: MiB from 1 MiB up, else in bytes; a
    limit as an adjective ("the 64 MiB limit", "the 1,000,000-byte limit")."""
    if size < 1_048_576:
        return f"{size:,}-byte" if is_limit else f"{size:,} bytes"
    if is_limit and size % 1_048_576 == 0:
        return f"{size // 1_048_576} MiB"
    return f"{size / 1_048_576:.{2 if is_limit else 1}f} MiB"


def _kind(mode: int) -> str:
    """What a file that is not a regular file or a folder is, in words."""
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


# Text files a site's pages load, never articles: read as text they would each be
# reported as "not a reprint". A file named on the command line is still checked.
SITE_ASSET_SUFFIXES = frozenset({".css", ".js", ".mjs", ".map", ".json"})


def expand_paths(
    paths: list[Path],
    on_skip: Callable[[Path, str], None] | None = None,
    *,
    follow_links: bool = False,
) -> Iterator[tuple[Path, Path | None]]:
    """Named files as given; directories walked recursively in a stable order.

    Each file comes with the named folder it was found in (None: named itself).
    Inside directories, hidden files and folders (``.git``) and a site's style
    sheets and scripts (``SITE_ASSET_SUFFIXES``) are left out on purpose; which
    of the remaining files are documents is decided by their content, not their
    names. What is found but cannot be taken is given to ``on_skip(path, cause)``,
    never dropped without a word: a folder that cannot be listed, a FIFO, device
    or socket, and a symbolic link that leads outside the named folder (unless
    ``follow_links``).
    """
    skip = on_skip or (lambda path, cause: None)
    for path in paths:
        try:
            is_dir = path.is_dir()
        except OSError:  # e.g. under a folder that cannot be searched
            is_dir = False
        if not is_dir:
            yield path, None
            continue
        top = path.resolve()

        def unlisted(error: OSError, folder: Path = path) -> None:
            name = Path(error.filename) if error.filename else folder
            skip(name, f"cannot be listed: {error.strerror or error}")

        for root, dirs, files in os.walk(path, onerror=unlisted):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in dirs:  # os.walk lists them and does not go in
                if os.path.islink(os.path.join(root, name)):
                    skip(Path(root, name), "is a link to a folder: not followed")
            for name in sorted(files):
                suffix = os.path.splitext(name)[1].lower()
                if name.startswith(".") or suffix in SITE_ASSET_SUFFIXES:
                    continue
                found = Path(root, name)
                cause = _not_taken(found, top, follow_links)
                if cause is None:
                    yield found, path
                else:
                    skip(found, cause)


def _not_taken(found: Path, top: Path, follow_links: bool) -> str | None:
    """Why a file found in the folder ``top`` is not read, or None to read it."""
    try:
        mode = os.stat(found).st_mode
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        return f"is {_kind(mode)}, not a regular file"
    if not follow_links:
        target = found.resolve()
        if not target.is_relative_to(top):
            return (
                f"is a symbolic link to '{target}', outside the folder "
                "(--follow-links reads it)"
            )
    return None


def local_stylesheets(
    page: Path, site: Path | None = None, limits: Limits = DEFAULT_LIMITS
) -> Callable[[str], str | None]:
    """Read the style sheets an HTML page on disk links to, as a browser would.

    A relative href is read from the page's folder; a root-relative one
    ("/css/site.css") from the nearest folder above the page that holds it, as
    a static site's output folder does. Only ``.css`` files inside one root are
    read: the working directory when the page is inside it (a site checked from
    its repository), else ``site`` (the folder being checked) when the page is
    inside that, else the page's own folder; none over
    ``limits.max_stylesheet_bytes``, and never anything over the network: a URL
    gives None, like a missing file. Paths are resolved on the first link read,
    and once per folder, so a page that links to nothing costs nothing.
    """

    def read(href: str) -> str | None:
        for target in _local_files(href, (".css",), page, site):
            try:
                if target.stat().st_size > limits.max_stylesheet_bytes:
                    # Not silently None: a hiding rule in it must not be lost
                    # (the page becomes unverifiable with this cause).
                    raise UnsafeInputError(
                        f"the style sheet '{href}' is over the "
                        f"{limits.max_stylesheet_bytes:,}-byte limit "
                        "(Limits.max_stylesheet_bytes)"
                    )
                return target.read_bytes().decode("utf-8", errors="replace")
            except OSError:
                continue
        return None

    return read


# What an <img> on a page on disk may show that OCR can read (no SVG: its text is
# markup, not pixels).
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff")


def local_images(
    page: Path, site: Path | None = None, limits: Limits = DEFAULT_LIMITS
) -> Callable[[str], bytes | None]:
    """Read the images an HTML page on disk shows, by their ``src``, for OCR.

    Found as ``local_stylesheets`` finds style sheets: relative to the page's
    folder, root-relative from the folders above it, inside the same root; only
    files named as images (``IMAGE_SUFFIXES``), none over
    ``limits.max_input_bytes``, and never anything over the network (a URL gives
    None, like a missing file).
    """

    def read(src: str) -> bytes | None:
        for target in _local_files(src, IMAGE_SUFFIXES, page, site):
            try:
                if target.stat().st_size > limits.max_input_bytes:
                    continue
                return target.read_bytes()
            except OSError:
                continue
        return None

    return read


def _local_files(
    reference: str, suffixes: tuple[str, ...], page: Path, site: Path | None
) -> Iterator[Path]:
    """The files a page's href or src may name, resolved, inside the page's root.

    Relative to the page's folder, or root-relative from each folder above it up
    to the root (``_folder_and_root``); only names ending in ``suffixes``; a URL
    names none. Each is an existing file whose real path stays inside the root.
    """
    parts = urlsplit(reference.strip())
    # Rooted or not is read before unescaping: "%2Fx.css" names a file here.
    path = unquote(parts.path).lstrip("/")
    if parts.scheme or parts.netloc or not path.lower().endswith(suffixes):
        return
    page_folder = os.path.dirname(os.path.abspath(page))
    folder, top_root = _folder_and_root(page_folder, site, os.getcwd())
    if parts.path.startswith("/"):
        candidates = [top / path for top in _tops(folder, top_root)]
    else:
        candidates = [folder / path]
    for candidate in candidates:
        if not os.path.isfile(candidate):  # one stat; most candidates miss
            continue
        try:
            target = candidate.resolve(strict=True)
        except OSError:
            continue
        if target.is_relative_to(top_root):
            yield target


# Pages of a batch share folders: each folder is resolved once.
@lru_cache(maxsize=1024)
def _folder_and_root(
    folder_name: str, site: Path | None, cwd: str
) -> tuple[Path, Path]:
    folder = Path(folder_name).resolve()
    for root in (Path(cwd), site):
        if root is not None and folder.is_relative_to(resolved := root.resolve()):
            return folder, resolved
    return folder, folder


@lru_cache(maxsize=1024)
def _tops(folder: Path, root: Path) -> tuple[Path, ...]:
    """The folder and those above it, up to the root."""
    return tuple(top for top in (folder, *folder.parents) if top.is_relative_to(root))
