"""Reports as the JSON contract, and ``extract``'s Document as JSON. Pure."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence

from reprint.model import Document, Report

# The JSON report's contract version (schemas/report.schema.json): the major number
# changes when a field is removed or changes meaning, the minor when one is added.
REPORT_SCHEMA_VERSION = "1.0"


def render_json(reports: Sequence[Report]) -> str:
    """Exactly one JSON object: ``{"version": ..., "reports": [...]}``."""
    return "".join(iter_json(reports))


def iter_json(
    reports: Iterable[Report], skipped: Sequence[tuple[str, str]] | None = None
) -> Iterator[str]:
    """``render_json`` in pieces, one per report as it comes: a long batch can be
    written out while it is checked. ``skipped`` holds (file, cause) for what a
    batch found and did not check; it is read after the last report (it may be
    filled while they are checked) and written as ``"skipped"`` when not empty.

    The pieces join to exactly what ``json.dumps(payload, indent=2)`` prints: each
    report is dumped on its own and indented two levels (JSON strings hold no raw
    line break, so every line can be indented).
    """
    version = json.dumps(REPORT_SCHEMA_VERSION)
    opening = f'{{\n  "version": {version},\n  "reports": ['
    separator = "\n"
    for report in reports:
        text = json.dumps(report.to_dict(), ensure_ascii=False, indent=2)
        yield (
            opening
            + separator
            + _INDENT_TWO_LEVELS
            + text.replace("\n", "\n" + _INDENT_TWO_LEVELS)
        )
        opening, separator = "", ",\n"
    closing = f"{opening}]" if opening else "\n  ]"
    if skipped:
        entries = [{"file": file, "cause": cause} for file, cause in skipped]
        text = json.dumps(entries, ensure_ascii=False, indent=2)
        closing += ',\n  "skipped": ' + text.replace("\n", "\n  ")
    yield closing + "\n}"


_INDENT_TWO_LEVELS = "    "


def render_document_json(document: Document, *, file: str, show_hidden: bool) -> str:
    """The document as one JSON object, named ``file``; hidden text only if asked."""
    payload = document.to_dict()
    if not show_hidden:
        payload.pop("hidden")
    return json.dumps({"file": file, **payload}, ensure_ascii=False, indent=2)
