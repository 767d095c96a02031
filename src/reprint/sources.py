"""Reading inputs from disk: bounded, read-only, never modified. The IO edge."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from reprint.errors import InputError, UnsafeInputError
from reprint.limits import DEFAULT_LIMITS, Limits


def read_source(path: Path, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """Read a file's bytes, refusing it before reading when it is over the size limit.

    Raises:
        InputError: no such file, a directory, or no permission.
        UnsafeInputError: larger than ``limits.max_input_bytes``.
    """
    try:
        # O_RDONLY: inputs are opened read-only and never written back.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
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
    with os.fdopen(fd, "rb") as handle:
        size = status.st_size
        if size > limits.max_input_bytes:
            raise UnsafeInputError(
                f"the file is {size / 1_048_576:.1f} MiB, over the "
                f"{limits.max_input_bytes // 1_048_576} MiB limit (--max-bytes)"
            )
        try:
            data = handle.read(limits.max_input_bytes + 1)
        except OSError as exc:
            raise InputError(exc.strerror or "cannot be read") from exc
    if len(data) > limits.max_input_bytes:  # a pipe or a file that grew
        raise UnsafeInputError(
            f"the file is over the {limits.max_input_bytes // 1_048_576} MiB limit "
            "(--max-bytes)"
        )
    return data


def expand_paths(paths: list[Path]) -> Iterator[Path]:
    """Named files as given; directories walked recursively in a stable order.

    Hidden files and folders (``.git``) are skipped inside directories; which of the
    remaining files are documents is decided by their content, not their names.
    """
    for path in paths:
        if not path.is_dir():
            yield path
            continue
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if not name.startswith("."):
                    yield Path(root, name)
