"""The typed library API; the CLI and the HTTP service are thin shells over it.

``from reprint import check, extract, cite, credit_line, notify``.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from reprint.extract import ExtractOptions, extract_bytes
from reprint.limits import DEFAULT_LIMITS
from reprint.model import Document
from reprint.sources import read_source

__all__ = ["extract"]


def _options(password: str | None, max_bytes: int | None) -> ExtractOptions:
    limits = DEFAULT_LIMITS if max_bytes is None else replace(
        DEFAULT_LIMITS, max_input_bytes=max_bytes
    )
    return ExtractOptions(limits=limits, password=password)


def extract(
    source: Path | str | bytes,
    *,
    name: str = "",
    password: str | None = None,
    max_bytes: int | None = None,
) -> Document:
    """Extract what a reader sees (and what is hidden) from a file path or bytes.

    ``name`` labels bytes in messages and lets a misleading suffix be reported.

    Raises:
        InputError: the file cannot be read; the message names it and the cause.
    """
    from reprint.errors import InputError

    options = _options(password, max_bytes)
    if isinstance(source, bytes):
        label = name or "<bytes>"
        data = source
        if len(data) > options.limits.max_input_bytes:
            from reprint.errors import UnsafeInputError

            raise UnsafeInputError(
                f"cannot read '{label}': over the {options.limits.max_input_bytes} byte limit"
            )
    else:
        path = Path(source)
        label = name or str(path)
        try:
            data = read_source(path, options.limits)
        except InputError as exc:
            raise type(exc)(f"cannot read '{label}': {exc}") from exc
    try:
        return extract_bytes(data, label, options)
    except InputError as exc:
        raise type(exc)(f"cannot read '{label}': {exc}") from exc
