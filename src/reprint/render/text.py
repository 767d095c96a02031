"""Reports and documents as text a person reads. Pure."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import assert_never

from reprint.errors import word_fields
from reprint.model import (
    CreditFinding,
    CreditStatus,
    Document,
    Extent,
    Problem,
    Report,
    TextSource,
    Verdict,
)

_RESET = "\033[0m"
_COLOURS = {
    "green": "\033[32m",
    "red": "\033[31m",
    "yellow": "\033[33m",
    "dim": "\033[2m",
}


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
    # A credit read by OCR says so, present or not.
    if finding.why and (
        finding.status is not CreditStatus.PRESENT
        or finding.source is not TextSource.TEXT
    ):
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


def render_text(
    reports: Sequence[Report],
    *,
    is_colour: bool = False,
    word_field: Callable[[str], str] | None = None,
) -> str:
    """A short report per document: verdict, extent, credits, what to add.

    ``word_field`` spells the input fields a problem names in the reader's
    vocabulary (the CLI's flags); by default they read as in the JSON."""
    return "".join(iter_text(reports, is_colour=is_colour, word_field=word_field))


def iter_text(
    reports: Iterable[Report],
    *,
    is_colour: bool = False,
    word_field: Callable[[str], str] | None = None,
) -> Iterator[str]:
    """``render_text`` in pieces, one per report as it comes; a blank line between."""
    separator = ""
    for report in reports:
        yield separator + "\n".join(_text_lines(report, is_colour, word_field))
        separator = "\n\n"


def problem_message(problem: Problem, word_field: Callable[[str], str] | None) -> str:
    """What ``problem`` says, its input fields spelt by ``word_field`` if given."""
    if word_field is None or not problem.template:
        return problem.message
    return word_fields(problem.template, word_field)


def _text_lines(
    report: Report, is_colour: bool, word_field: Callable[[str], str] | None
) -> list[str]:
    verdict = report.verdict.value.upper()
    colour = _verdict_colour(report.verdict)
    out = [f"{report.file}: {_paint(verdict, colour, is_colour)}"]
    out.extend(
        f"  problem: {problem_message(problem, word_field)}"
        for problem in report.problems
    )
    if report.verdict is not Verdict.UNVERIFIABLE or report.format is not None:
        out.append(_reuse_line(report))
        out.extend(_passage_lines(report))
        findings = list(report.credits)
        if report.verdict is Verdict.NOT_A_REPRINT:
            # No credit is owed: a missing one is no alarm, a found one is shown.
            findings = [f for f in findings if f.status is not CreditStatus.MISSING]
            out.append(
                "  credits (none required: not a reprint):"
                if findings
                else "  credits: none required (not a reprint)"
            )
        else:
            out.append("  credits:")
        for finding in findings:
            out.extend(_credit_lines(finding, is_colour))
    if report.credit_line:
        out.append("  add this credit where readers will see it:")
        out.append(f"    {report.credit_line}")
    return out


def render_document_text(document: Document, *, show_hidden: bool) -> str:
    """The document's blocks in reading order with their locations, then (if asked)
    the hidden text with its reason."""
    # One string per block, then one join: a 5 MB page has thousands of blocks.
    sections = [
        f"[{block.location.describe()}]\n{block.text}\n"
        if block.source is TextSource.TEXT
        else f"[{block.location.describe()}; {block.source.value} confidence "
        f"{block.confidence or 0:.0f}]\n{block.text}\n"
        for block in document.blocks
    ]
    if show_hidden:
        sections.extend(
            f"[hidden: {hidden.reason.value}; {hidden.location.describe()}]\n"
            f"{hidden.text}\n"
            for hidden in document.hidden
        )
    return "\n".join(sections).rstrip("\n")
