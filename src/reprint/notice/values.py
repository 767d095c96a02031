"""The notice's values: who tells whom what about one republication.

``NoticeFields`` gathers what is known (options, a check's report, answers at a
terminal) and ``complete`` turns it into a ``Notice``; ``QUESTIONS`` says what to ask
a person for each required field and how to check the answer. Pure: nothing here
reads files, the clock or the environment.
"""

from __future__ import annotations

import datetime as dt
import email.errors
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from email.headerregistry import Address
from enum import StrEnum
from typing import assert_never

from reprint.errors import InputError, NonCompliantCopyError, UsageError, field
from reprint.fields import parse_date, parse_web_url, refuse_line_breaks
from reprint.model import CreditStatus, Extent, Passage, Report, Verdict

__all__ = [
    "NO_RECIPIENT_NOTE",
    "QUESTIONS",
    "EmailDraft",
    "Mailbox",
    "Notice",
    "NoticeFields",
    "NoticeFormat",
    "Prefill",
    "Question",
]

NO_RECIPIENT_NOTE = (
    "no recipient: the paper gives no e-mail address for the editor; "
    "add one before sending"
)
# The fields a notice cannot do without, in the order a person would fill them in;
# named as NoticeFields.from_options takes them.
REQUIRED_FIELDS = ("publication", "date", "extent", "sender")


def _given(value: str | None) -> str | None:
    """An option's value, or None when it is absent or only white space."""
    return value if (value or "").strip() else None


_PARTS_OF_ENTIRE = (
    f"{field('parts')} lists parts of the paper, but {field('extent')} is entire"
)
_NAME_ADDR = re.compile(r"(?P<name>[^<>]*?)\s*<(?P<address>[^<>]*)>")


def _check_address(address: str) -> None:
    refuse_line_breaks(f"the address {address!r}", address)
    if not address.isascii():
        raise UsageError(
            f"the address {address!r} is not ASCII; give an ASCII address "
            "(an internationalised domain in its xn-- form)"
        )
    local, at, domain = address.rpartition("@")
    if not (local and at and domain):
        raise UsageError(
            f"{address!r} is not an e-mail address (expected local@domain)"
        )
    try:
        parsed = Address(addr_spec=address)
    except (ValueError, IndexError, email.errors.HeaderParseError) as exc:
        raise UsageError(f"{address!r} is not an e-mail address ({exc})") from exc
    if parsed.addr_spec != address:
        raise UsageError(
            f"{address!r} is not an e-mail address (expected local@domain)"
        )


def _one_line(value: str | None) -> str | None:
    """Whitespace collapsed; None for missing or blank text."""
    if value is None:
        return None
    collapsed = " ".join(value.split())
    return collapsed or None


@dataclass(frozen=True, slots=True)
class Mailbox:
    """A person's display name (possibly empty) and an ASCII e-mail address."""

    name: str
    address: str

    def __post_init__(self) -> None:
        refuse_line_breaks(f"the name {self.name!r}", self.name)
        _check_address(self.address)

    @classmethod
    def from_header(cls, text: str, what: str = field("sender")) -> Mailbox:
        """Parse ``Name <local@domain>`` or a bare ``local@domain``.

        Raises:
            UsageError: control characters, several or no addresses; names ``what``.
        """
        value = text.strip()
        try:
            refuse_line_breaks(f"the value {value!r}", value)
            found = _NAME_ADDR.fullmatch(value)
            if found is not None:
                name = found["name"].strip()
                if len(name) >= 2 and name[0] == name[-1] == '"':
                    name = name[1:-1].replace('\\"', '"').replace("\\\\", "\\")
                return cls(name, found["address"].strip())
            if "<" in value or ">" in value:
                raise UsageError(f"{value!r} is not of the form 'Name <local@domain>'")
            return cls("", value)
        except UsageError as exc:
            raise UsageError(f"{what}: {exc.template}") from exc

    def to_address(self) -> Address:
        """The ``email`` package's header value (it encodes non-ASCII names)."""
        return Address(display_name=self.name, addr_spec=self.address)

    def __str__(self) -> str:
        return str(self.to_address())


@dataclass(frozen=True, slots=True)
class Notice:
    """Everything the editor is told about one republication."""

    publication: str  # the newspaper, site, newsletter or blog
    published: dt.date
    extent: Extent  # ENTIRE or PART
    sender: Mailbox  # the republisher
    url: str | None = None
    edition: str | None = None  # a print edition, e.g. "Saturday edition, p. 7"
    parts: tuple[str, ...] = ()  # for PART: what of the paper was reprinted
    credit: str | None = None  # the credit as the republisher printed it
    recipient: Mailbox | None = None  # None: the paper gives the editor no address
    words: int | None = None  # for PART, from a check: the paper's words reprinted
    share: float | None = None  # for PART, from a check: their share of the paper

    def __post_init__(self) -> None:
        # The publication's name goes into the Subject header.
        refuse_line_breaks("the publication name", self.publication)
        if not self.publication.strip():
            raise UsageError("the publication name is empty")
        if self.extent is Extent.NONE:
            raise UsageError(
                "a notice is about a reprint: extent must be entire or part"
            )
        if self.parts and self.extent is not Extent.PART:
            raise UsageError(_PARTS_OF_ENTIRE)
        if self.url is not None:
            parse_web_url(self.url)


@dataclass(frozen=True, slots=True)
class NoticeFields:
    """What is known so far about a republication; None means not yet known.

    Values come from options, from a check of the republished document, from a
    person at a terminal; ``overriding`` merges them and ``complete`` finishes.
    """

    publication: str | None = None
    url: str | None = None
    edition: str | None = None
    published: dt.date | None = None
    extent: Extent | None = None
    parts: tuple[str, ...] = ()
    credit: str | None = None
    sender: Mailbox | None = None
    recipient: Mailbox | None = None
    words: int | None = None
    share: float | None = None

    @classmethod
    def from_options(
        cls,
        *,
        publication: str | None = None,
        url: str | None = None,
        edition: str | None = None,
        date: str | None = None,
        extent: str | None = None,
        parts: str | None = None,
        credit: str | None = None,
        sender: str | None = None,
        recipient: str | None = None,
    ) -> NoticeFields:
        """Parse and validate option values as a person typed them.

        ``parts`` is a ``;``-separated list and implies ``extent="part"``.

        Raises:
            UsageError: a malformed date, URL or address, control characters in a
                header field, or parts with ``extent="entire"``; names the option.
        """
        if publication is not None:
            refuse_line_breaks(field("publication"), publication)
        name = _one_line(publication)
        part_list = tuple(p.strip() for p in (parts or "").split(";") if p.strip())
        kind: Extent | None = None
        if extent is not None:
            if extent not in {Extent.ENTIRE, Extent.PART}:
                raise UsageError(
                    f"{field('extent')} {extent!r} must be 'entire' or 'part'"
                )
            kind = Extent(extent)
        if part_list and kind is Extent.ENTIRE:
            raise UsageError(_PARTS_OF_ENTIRE)
        if part_list:
            kind = Extent.PART
        url, date, sender, recipient = map(_given, (url, date, sender, recipient))
        return cls(
            publication=name,
            url=None if url is None else parse_web_url(url, field("url")),
            edition=_one_line(edition),
            published=None if date is None else parse_date(date, field("date")),
            extent=kind,
            parts=part_list,
            credit=(credit or "").strip() or None,
            sender=None if sender is None else Mailbox.from_header(sender),
            recipient=(
                None
                if recipient is None
                else Mailbox.from_header(recipient, field("recipient"))
            ),
        )

    @classmethod
    def from_report(cls, report: Report) -> NoticeFields:
        """What a check of the republished document says about it.

        The publication's name is the site name (Open Graph, JSON-LD), else the
        document's title; a date is read from the front of the ISO string the
        document gives; for a part, the paper's paragraphs each matched passage
        covers (the paper prints no section labels), its words and their share;
        the credit is the visible credit text found, as printed. Values a notice
        could not use (a relative URL, an unparseable date) are left out, not guessed.
        """
        found = report.publication
        url: str | None = None
        if found.url:
            try:
                url = parse_web_url(found.url)
            except UsageError:
                url = None
        published: dt.date | None = None
        if found.published:
            try:  # the date at the front of an ISO date-time
                published = parse_date(found.published[:10])
            except UsageError:
                published = None
        extent: Extent | None = None
        parts: tuple[str, ...] = ()
        words: int | None = None
        share: float | None = None
        match report.reprint.extent:
            case Extent.ENTIRE:
                extent = Extent.ENTIRE
            case Extent.PART:
                extent = Extent.PART
                passages = report.reprint.passages
                parts = tuple(dict.fromkeys(_paragraphs(p) for p in passages))
                words = sum(p.words for p in passages)
                share = report.reprint.coverage
            case Extent.NONE:
                extent = None
            case _:  # pragma: no cover
                assert_never(report.reprint.extent)
        evidence = (
            _one_line(c.evidence)
            for c in report.credits
            if c.status is CreditStatus.PRESENT
        )
        credits = tuple(dict.fromkeys(e for e in evidence if e))
        return cls(
            publication=_one_line(found.site_name) or _one_line(found.title),
            url=url,
            published=published,
            extent=extent,
            parts=parts,
            credit="; ".join(credits) or None,
            words=words,
            share=share,
        )

    def overriding(self, other: NoticeFields) -> NoticeFields:
        """These fields with every value ``other`` knows put in their place.

        An extent and its parts travel together: ``extent="entire"`` clears parts.
        """
        merged = replace(
            self,
            publication=other.publication or self.publication,
            url=other.url or self.url,
            edition=other.edition or self.edition,
            published=other.published or self.published,
            credit=other.credit or self.credit,
            sender=other.sender or self.sender,
            recipient=other.recipient or self.recipient,
        )
        if other.extent is not None:
            merged = replace(
                merged,
                extent=other.extent,
                parts=other.parts,
                words=other.words,
                share=other.share,
            )
        return merged

    @property
    def missing(self) -> tuple[str, ...]:
        """The required fields still unknown, named as ``from_options`` takes them."""
        known = {
            "publication": self.publication is not None,
            "date": self.published is not None,
            "extent": self.extent is not None,
            "sender": self.sender is not None,
        }
        return tuple(name for name in REQUIRED_FIELDS if not known[name])

    def complete(self) -> Notice:
        """The notice, once every required field is known.

        Raises:
            UsageError: fields are missing (all named in one line), or invalid.
        """
        publication, published = self.publication, self.published
        extent, sender = self.extent, self.sender
        if publication is None or published is None or extent is None or sender is None:
            names = ", ".join(field(name) for name in self.missing)
            raise UsageError(
                f"missing {names}; give them, or pre-fill them with "
                f"{field('from_check')}"
            )
        return Notice(
            publication=publication,
            published=published,
            extent=extent,
            sender=sender,
            url=self.url,
            edition=self.edition,
            parts=self.parts,
            credit=self.credit,
            recipient=self.recipient,
            words=self.words,
            share=self.share,
        )


@dataclass(frozen=True, slots=True)
class EmailDraft:
    """A drafted message: headers' content and both bodies. Nothing is sent."""

    sender: Mailbox
    recipient: Mailbox | None
    subject: str
    text: str
    html: str

    def __post_init__(self) -> None:
        refuse_line_breaks("the subject", self.subject)

    @property
    def has_recipient(self) -> bool:
        return self.recipient is not None


class NoticeFormat(StrEnum):
    """How a draft is shown on standard output."""

    TEXT = "text"
    HTML = "html"
    MAILTO = "mailto"


@dataclass(frozen=True, slots=True)
class Prefill:
    """What a check of the republished document pre-fills, and what to warn about."""

    fields: NoticeFields
    warnings: tuple[str, ...]  # one line each, naming the document

    @classmethod
    def from_report(cls, report: Report, name: str) -> Prefill:
        """The fields the report gives (``NoticeFields.from_report``) and warnings:
        the report's problems, and a verdict other than compliant.

        Raises:
            InputError: the document was not read at all; names ``from_check``.
            NonCompliantCopyError: the copy lacks required credits (exit 1); the
                message names each one missing, hidden or misattributed.
        """
        if report.format is None:
            reasons = "; ".join(problem.message for problem in report.problems)
            raise InputError(
                f"{field('from_check')}: {reasons or f'cannot read {name}'}"
            )
        warnings = [
            problem.message if name in problem.message else f"{name}: {problem.message}"
            for problem in report.problems
        ]
        if report.verdict is Verdict.NON_COMPLIANT:
            raise NonCompliantCopyError(
                f"{field('from_check')}: {name} is non-compliant, so the notice would "
                f"quote a credit it does not give: {_credit_gaps(report)}; add the "
                "credit line (reprint credit) and check again"
            )
        if report.verdict is not Verdict.COMPLIANT:
            warnings.append(f"{name}: the check's verdict is {report.verdict.value}")
        return cls(NoticeFields.from_report(report), tuple(warnings))


def _credit_gaps(report: Report) -> str:
    """Which required credits a check found missing, hidden or misattributed."""
    gaps = []
    for credit in report.credits:
        if credit.status in {CreditStatus.PRESENT, CreditStatus.UNKNOWN}:
            continue
        why = f" ({credit.why})" if credit.why else ""
        gaps.append(f"{credit.label} {credit.status.value}{why}")
    return "; ".join(gaps) or "no required credit is missing, yet the verdict says so"


def _paragraphs(passage: Passage) -> str:
    first, last = passage.paragraphs
    if first == last:
        return f"paragraph {first}"
    return f"paragraphs {first}\u2013{last}"


def _check_date(text: str) -> None:
    parse_date(text, "the date")


def _check_sender(text: str) -> None:
    Mailbox.from_header(text, "your name and address")


@dataclass(frozen=True, slots=True)
class Question:
    """What to ask a person for one field, and how to check the answer.

    ``check`` raises ``UsageError`` with a message to show before asking again;
    ``choices`` limits the answer; ``then`` is asked next when the answer is
    ``then_on`` (which parts, for a part). An optional question may be left blank.
    """

    field: str  # as NoticeFields.from_options takes it
    text: str
    choices: tuple[str, ...] = ()
    check: Callable[[str], None] | None = None
    is_optional: bool = False
    then_on: str | None = None
    then: Question | None = None


QUESTIONS = {
    "publication": Question("publication", "Publication (newspaper, site, blog)"),
    "date": Question("date", "Date of republication (YYYY-MM-DD)", check=_check_date),
    "extent": Question(
        "extent",
        "Extent",
        choices=(Extent.ENTIRE.value, Extent.PART.value),
        then_on=Extent.PART.value,
        then=Question(
            "parts", "Which parts (separated by ';', blank if unsure)", is_optional=True
        ),
    ),
    "sender": Question(
        "sender", "Your name and e-mail (Name <local@domain>)", check=_check_sender
    ),
}
