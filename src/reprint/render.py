"""Reports as text a person reads, and as the JSON contract. Pure."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import assert_never

from reprint.model import CreditFinding, CreditStatus, Extent, Report, Verdict

# The JSON report's contract version (schemas/report.schema.json): the major number
# changes when a field is removed or changes meaning, the minor when one is added.
REPORT_SCHEMA_VERSION = "1.0"

_RESET = "\033[0m"
_COLOURS = {
    "green": "\033[32m",
    "red": "\033[31m",
    "yellow": "\033[33m",
    "dim": "\033[2m",
}


def render_json(reports: Sequence[Report]) -> str:
    """Exactly one JSON object: ``{"version": ..., "reports": [...]}``."""
    return "".join(iter_json(reports))


def iter_json(reports: Iterable[Report]) -> Iterator[str]:
    """``render_json`` in pieces, one per report as it comes: a long batch can be
    written out while it is checked.

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
    yield f"{opening}]\n}}" if opening else "\n  ]\n}"


_INDENT_TWO_LEVELS = "    "


def _paint(text: str, colour: str, is_colour: bool) -> str:
    return f"{_COLOURS[colour]}{text}{_RESET}" if is_colour else text


def _verdict_colour(verdict: Verdict) -> str:
    match verdict:
        case Verdict.COMPLIANT | Verdict.NOT_A_REPRINT:
            return "green"
        case Verdict.NON_COMPLIANT:
            return "red"
        case Verdict.UNVERIFIABLE:
            return "yellow"
        case _:  # pragma: no cover
            assert_never(verdict)


def _status_mark(status: CreditStatus) -> tuple[str, str]:
    match status:
        case CreditStatus.PRESENT:
            return "ok", "green"
        case CreditStatus.HIDDEN | CreditStatus.MISATTRIBUTED | CreditStatus.MISSING:
            return "!!", "red"
        case CreditStatus.UNKNOWN:
            return "??", "yellow"
        case _:  # pragma: no cover
            assert_never(status)


def _credit_lines(finding: CreditFinding, is_colour: bool) -> list[str]:
    mark, colour = _status_mark(finding.status)
    status = f"{finding.status.value:<13}"
    lines = [f"  {_paint(mark, colour, is_colour)} {status} {finding.label}"]
    if finding.evidence is not None:
        where = finding.location.describe(is_brief=True) if finding.location else ""
        lines.append(f"       “{finding.evidence}” ({where})")
    if finding.why and finding.status is not CreditStatus.PRESENT:
        lines.append(_paint(f"       {finding.why}", "dim", is_colour))
    return lines


def _reuse_line(report: Report) -> str:
    reuse = report.reprint
    line = f"  reprint: {reuse.extent.value}, coverage {reuse.coverage:.1%}"
    if reuse.extent is not Extent.NONE or reuse.passages:
        count = len(reuse.passages)
        line += f", {count} passage{'s' if count != 1 else ''}"
    return line


def _passage_lines(report: Report) -> list[str]:
    lines = []
    for passage in report.reprint.passages:
        first, last = passage.paragraphs
        span = f"paragraph {first}" if first == last else f"paragraphs {first}-{last}"
        sections = ", ".join(passage.sections)
        where = passage.doc_start.describe(is_brief=True)
        lines.append(
            f"    {passage.words} words, the work's {span} ({sections}) at {where}:"
            f" “{passage.excerpt}…”"
        )
    return lines


def render_text(reports: Sequence[Report], *, is_colour: bool = False) -> str:
    """A short report per document: verdict, extent, credits, what to add."""
    return "".join(iter_text(reports, is_colour=is_colour))


def iter_text(reports: Iterable[Report], *, is_colour: bool = False) -> Iterator[str]:
    """``render_text`` in pieces, one per report as it comes; a blank line between."""
    separator = ""
    for report in reports:
        yield separator + "\n".join(_text_lines(report, is_colour))
        separator = "\n\n"


def _text_lines(report: Report, is_colour: bool) -> list[str]:
    verdict = report.verdict.value.upper()
    colour = _verdict_colour(report.verdict)
    out = [f"{report.file}: {_paint(verdict, colour, is_colour)}"]
    out.extend(f"  problem: {problem.message}" for problem in report.problems)
    if report.verdict is not Verdict.UNVERIFIABLE or report.format is not None:
        out.append(_reuse_line(report))
        out.extend(_passage_lines(report))
        out.append("  credits:")
        for finding in report.credits:
            out.extend(_credit_lines(finding, is_colour))
    if report.credit_line:
        out.append("  add this credit where readers will see it:")
        out.append(f"    {report.credit_line}")
    return out
