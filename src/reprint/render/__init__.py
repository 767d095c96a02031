"""Output formats: one enum, and one registry that picks each format's renderer.

``text`` is for a person, ``json`` the contract (schemas/report.schema.json),
``sarif`` for code-scanning UIs. Reports take every format; a document shown by
``extract`` takes text and JSON (SARIF carries findings, and a document has none).
Each renderer is imported when its format is chosen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from enum import StrEnum
from typing import assert_never

from reprint.errors import UsageError
from reprint.model import Document, Report


class OutputFormat(StrEnum):
    """How reports and documents are printed."""

    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"


REPORT_FORMATS: tuple[OutputFormat, ...] = tuple(OutputFormat)
DOCUMENT_FORMATS: tuple[OutputFormat, ...] = (OutputFormat.TEXT, OutputFormat.JSON)


def iter_reports(
    reports: Iterable[Report],
    fmt: OutputFormat,
    *,
    is_colour: bool = False,
    word_field: Callable[[str], str] | None = None,
    skipped: Sequence[tuple[str, str]] | None = None,
) -> Iterator[str]:
    """The reports in ``fmt``, a piece per report as it comes (SARIF, one run, all
    at once); the pieces join to the whole output. ``is_colour`` colours text, and
    ``word_field`` spells the fields its problems name (JSON and SARIF keep the
    keywords, so every shell's JSON is the same); ``skipped`` (file, cause) pairs
    are listed in JSON (see ``iter_json``)."""
    match fmt:
        case OutputFormat.TEXT:
            from reprint.render.text import iter_text

            return iter_text(reports, is_colour=is_colour, word_field=word_field)
        case OutputFormat.JSON:
            from reprint.render.json import iter_json

            return iter_json(reports, skipped)
        case OutputFormat.SARIF:
            from reprint.render.sarif import render_sarif

            return iter((render_sarif(list(reports)),))
        case _:  # pragma: no cover
            assert_never(fmt)


def render_document(
    document: Document, fmt: OutputFormat, *, file: str, show_hidden: bool = False
) -> str:
    """What ``extract`` prints: the document read from ``file`` in ``fmt``, with its
    hidden text if ``show_hidden``.

    Raises:
        UsageError: SARIF, which carries a check's findings, not a document.
    """
    match fmt:
        case OutputFormat.TEXT:
            from reprint.render.text import render_document_text

            return render_document_text(document, show_hidden=show_hidden)
        case OutputFormat.JSON:
            from reprint.render.json import render_document_json

            return render_document_json(document, file=file, show_hidden=show_hidden)
        case OutputFormat.SARIF:
            raise UsageError(
                f"cannot show '{file}' as SARIF: SARIF carries a check's findings; "
                "a document is shown as text or JSON"
            )
        case _:  # pragma: no cover
            assert_never(fmt)
