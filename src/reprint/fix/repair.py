"""Check a document, add the credit line where its reprint ends, and re-check it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, assert_never

from reprint.errors import InputError, UnsafeInputError
from reprint.model import CreditFinding, CreditStatus, Document, Format, Report, Verdict

# `import reprint` imports this module (``reprint.fix`` is the function): what it
# needs at run time is imported when it runs.
if TYPE_CHECKING:  # pragma: no cover
    from reprint.fix.end import ReprintEnd
    from reprint.formats.options import ExtractOptions
    from reprint.work import Work

__all__ = ["FixOutcome", "FixResult", "fix"]


class FixOutcome(StrEnum):
    """What ``fix`` did with a document."""

    FIXED = "fixed"  # the credit was added and the copy checks compliant
    ALREADY_COMPLIANT = "already-compliant"  # nothing to add: the input is returned
    NOT_FIXED = "not-fixed"  # no copy that checks compliant could be made

    @property
    def exit_code(self) -> int:
        """0 fixed or already compliant, 1 not fixed."""
        return 1 if self is FixOutcome.NOT_FIXED else 0


@dataclass(frozen=True, slots=True)
class FixResult:
    """The corrected copy, the check of what is to be published, and what was done."""

    outcome: FixOutcome
    # The document to publish: the corrected copy when fixed, else the input.
    data: bytes
    # The re-check of the corrected copy when fixed, else the check of the input.
    report: Report
    reason: str  # one sentence: what was added where, or why nothing could be

    @property
    def is_changed(self) -> bool:
        return self.outcome is FixOutcome.FIXED

    @property
    def exit_code(self) -> int:
        """0 fixed or already compliant; 1 not fixed; 2 when it could not be read."""
        if self.report.verdict is Verdict.UNVERIFIABLE:
            return Verdict.UNVERIFIABLE.exit_code
        return self.outcome.exit_code

    def to_dict(self) -> dict[str, object]:
        return {
            "outcome": self.outcome.value,
            "changed": self.is_changed,
            "reason": self.reason,
            "report": self.report.to_dict(),
        }


# An editor takes the document's bytes, where its reprint ends and the work, and
# returns the bytes of a copy with the credit line added there.
Editor = Callable[[bytes, "ReprintEnd", "Work"], bytes]


def _editor(fmt: Format) -> Editor:
    # Each editor imports its document library only when a document needs it.
    match fmt:
        case Format.HTML:
            from reprint.fix.html import add_credit as html_credit

            return html_credit
        case Format.DOCX:
            from reprint.fix.docx import add_credit as docx_credit

            return docx_credit
        case Format.PDF:
            from reprint.fix.pdf import add_credit as pdf_credit

            return pdf_credit
        case Format.MARKDOWN:
            from reprint.fix.markdown import add_credit as markdown_credit

            return markdown_credit
        case Format.TEXT:
            from reprint.fix.text import add_credit as text_credit

            return text_credit
        case _:  # pragma: no cover
            assert_never(fmt)


def fix(
    source: Path | str | bytes,
    *,
    name: str = "",
    work: Work | None = None,
    assume_reprint: bool = False,
    max_bytes: int | None = None,
    site: Path | None = None,
) -> FixResult:
    """A copy of the document that gives the work's credit line where readers see it.

    The credit line (``reprint credit``) goes after the reprinted text, in the
    document's own idiom: paragraphs of the page's content for HTML, Markdown
    and text, body paragraphs for DOCX, a stamp in the free margin of the PDF
    page where the reprint ends (or a final page). The copy is checked again, as
    the input was (a page on disk with the style sheets it links to; ``site`` as
    for ``reprint.extract``), and counts as fixed only if it checks compliant. A
    compliant document is returned unchanged; a misattributed credit is never
    rewritten: the result names it for a person to correct. Hidden credits stay
    where they are. The input is never written to.

    Raises:
        InputError: a path that cannot be read, or a document its editor cannot
            rewrite (an encrypted PDF, whose restrictions would be lost).
    """
    from reprint import api
    from reprint.work import default_work

    work = work or default_work()
    reader = _Reader.of(source, name, max_bytes, site)
    try:
        document = reader.extract(reader.data)
    except InputError:
        report = api.check(reader.data, name=reader.label, work=work)
        return FixResult(
            FixOutcome.NOT_FIXED, reader.data, report, _cannot_read(report)
        )
    before = api.check_document(
        document, file=reader.label, work=work, assume_reprint=assume_reprint
    )
    if before.verdict is Verdict.COMPLIANT:
        return FixResult(
            FixOutcome.ALREADY_COMPLIANT, reader.data, before, "already compliant"
        )
    refusal = _refusal(before)
    if refusal:
        return FixResult(FixOutcome.NOT_FIXED, reader.data, before, refusal)
    return _add_credit(reader, document, before, work, assume_reprint)


@dataclass(frozen=True, slots=True)
class _Reader:
    """Reads the input, and its corrected copy, the same way."""

    data: bytes
    label: str
    options: ExtractOptions

    @classmethod
    def of(
        cls,
        source: Path | str | bytes,
        name: str,
        max_bytes: int | None,
        site: Path | None,
    ) -> _Reader:
        """The bytes of ``source`` and how to read them.

        Raises:
            InputError: a path that cannot be read or is over the limit.
        """
        from reprint.formats.options import ExtractOptions
        from reprint.limits import DEFAULT_LIMITS
        from reprint.sources import local_stylesheets, read_source

        limits = (
            DEFAULT_LIMITS
            if max_bytes is None
            else replace(DEFAULT_LIMITS, max_input_bytes=max_bytes)
        )
        if isinstance(source, bytes):
            label = name or "<bytes>"
            if len(source) > limits.max_input_bytes:
                raise UnsafeInputError(
                    f"cannot read '{label}': over the "
                    f"{limits.max_input_bytes} byte limit"
                )
            return cls(source, label, ExtractOptions(limits=limits))
        path = Path(source)
        label = name or str(source)
        try:
            data = read_source(path, limits)
        except InputError as exc:
            raise type(exc)(f"cannot read '{label}': {exc}") from exc
        # A page is judged with the style sheets it links to; so is its copy,
        # which links to the same ones from the same place.
        styles = local_stylesheets(path, site, limits)
        return cls(data, label, ExtractOptions(limits=limits, stylesheets=styles))

    def extract(self, data: bytes) -> Document:
        """What a reader sees of ``data``, read as the input is.

        Raises:
            InputError: the bytes cannot be read.
        """
        from reprint.formats.registry import extract_bytes
        from reprint.pipeline import library_log, library_warnings

        # The copy is a little longer than the input, which was within the limit.
        limit = max(len(data), self.options.limits.max_input_bytes)
        limits = replace(self.options.limits, max_input_bytes=limit)
        try:
            with library_log() as logged:
                document = extract_bytes(
                    data, self.label, replace(self.options, limits=limits)
                )
        except InputError as exc:
            raise type(exc)(f"cannot read '{self.label}': {exc}") from exc
        if not logged:
            return document
        warned = library_warnings(logged)
        return replace(document, problems=(*document.problems, *warned))


def _add_credit(
    reader: _Reader,
    document: Document,
    before: Report,
    work: Work,
    assume_reprint: bool,
) -> FixResult:
    from reprint import api
    from reprint.fix.end import reprint_end
    from reprint.pipeline import library_log, library_warnings

    end = reprint_end(document, before)
    # The editor's library reads the input again (pypdf): what it logs about
    # the input is told as the reading's warnings are, naming the file.
    with library_log() as logged:
        fixed = _editor(document.format)(reader.data, end, work)
    after = api.check_document(
        reader.extract(fixed),
        file=reader.label,
        work=work,
        assume_reprint=assume_reprint,
    )
    if logged:
        warned = [p for p in library_warnings(logged) if p not in after.problems]
        after = replace(after, problems=(*after.problems, *warned))
    where = end.location.describe(is_brief=True)
    if after.verdict is not Verdict.COMPLIANT:
        missing = ", ".join(
            finding.label
            for finding in after.credits
            if finding.status is not CreditStatus.PRESENT
        )
        return FixResult(
            FixOutcome.NOT_FIXED,
            reader.data,
            after,
            f"the credit line was added after the reprint ({where}) but the copy "
            f"still checks {after.verdict.value} ({missing or 'no credit missing'})",
        )
    return FixResult(
        FixOutcome.FIXED,
        fixed,
        after,
        f"added the credit line after the reprinted text ({where})",
    )


def _cannot_read(report: Report) -> str:
    causes = "; ".join(problem.message for problem in report.problems)
    return f"it cannot be read ({causes or 'no text'})"


def _misattribution(finding: CreditFinding) -> str:
    why = f" ({finding.why})" if finding.why else ""
    where = "" if finding.location is None else f" at {finding.location.describe()}"
    return f"{finding.label} is misattributed{why} in “{finding.evidence}”{where}"


def _refusal(report: Report) -> str:
    """Why ``report``'s document is not to be fixed by adding the credit, or ''."""
    match report.verdict:
        case Verdict.COMPLIANT:
            return ""
        case Verdict.NOT_A_REPRINT:
            return "not a reprint of the work: there is no credit to add"
        case Verdict.UNVERIFIABLE:
            return _cannot_read(report)
        case Verdict.NON_COMPLIANT:
            wrong = [
                finding
                for finding in report.credits
                if finding.status is CreditStatus.MISATTRIBUTED
            ]
            if not wrong:
                return ""
            return (
                "; ".join(_misattribution(finding) for finding in wrong)
                + ": a person must correct it (the right credit added beside "
                "the wrong one would leave readers both)"
            )
        case _:  # pragma: no cover
            assert_never(report.verdict)
