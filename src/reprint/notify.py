"""The notice a republisher sends the series editor: drafted here, sent elsewhere.

The paper's permission asks republishers to "kindly inform the editor ... where and
when the publication occurred". ``draft_notice`` turns what is known about one
republication into an ``EmailDraft`` value; ``reprint.mailer`` writes or sends it.
Nothing here opens a socket, reads the clock or the environment; the only files read
are the Jinja2 templates.
"""

from __future__ import annotations

import datetime as dt
import email.errors
import email.policy
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from email.headerregistry import Address
from email.message import EmailMessage
from enum import StrEnum
from functools import partial
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, assert_never
from urllib.parse import quote, urlencode

from reprint.errors import TemplateError, UsageError
from reprint.fields import long_date, parse_date, parse_web_url, refuse_line_breaks
from reprint.model import CreditStatus, Extent, Report
from reprint.work import Work

if TYPE_CHECKING:  # pragma: no cover
    import jinja2

__all__ = [
    "NO_RECIPIENT_NOTE",
    "EmailDraft",
    "Mailbox",
    "Notice",
    "NoticeFields",
    "NoticeFormat",
    "build_message",
    "default_template_dir",
    "draft_notice",
    "format_draft",
]

TEXT_TEMPLATE = "notice.txt.j2"
HTML_TEMPLATE = "notice.html.j2"
NO_RECIPIENT_NOTE = (
    "no recipient: the paper gives no e-mail address for the editor; "
    "add one before sending"
)
# The fields a notice cannot do without, in the order a person would fill them in.
REQUIRED_FIELDS = ("publication", "date", "extent", "from")


# A published date-time from page metadata starts with its calendar date.
def _given(value: str | None) -> str | None:
    """An option's value, or None when it is absent or only white space."""
    return value if (value or "").strip() else None


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
    def from_header(cls, text: str, what: str = "--from") -> Mailbox:
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
            raise UsageError(f"{what}: {exc}") from exc

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
    parts: tuple[str, ...] = ()  # for PART: the paper's sections reprinted
    credit: str | None = None  # the credit as the republisher printed it
    recipient: Mailbox | None = None  # None: the paper gives the editor no address

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
            raise UsageError("--parts lists parts of the paper, but --extent is entire")
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
            refuse_line_breaks("--publication", publication)
        name = _one_line(publication)
        part_list = tuple(p.strip() for p in (parts or "").split(";") if p.strip())
        kind: Extent | None = None
        if extent is not None:
            if extent not in {Extent.ENTIRE, Extent.PART}:
                raise UsageError(f"--extent {extent!r} must be 'entire' or 'part'")
            kind = Extent(extent)
        if part_list and kind is Extent.ENTIRE:
            raise UsageError("--parts lists parts of the paper, but --extent is entire")
        if part_list:
            kind = Extent.PART
        url, date, sender, recipient = map(_given, (url, date, sender, recipient))
        return cls(
            publication=name,
            url=None if url is None else parse_web_url(url),
            edition=_one_line(edition),
            published=None if date is None else parse_date(date),
            extent=kind,
            parts=part_list,
            credit=(credit or "").strip() or None,
            sender=None if sender is None else Mailbox.from_header(sender, "--from"),
            recipient=(
                None if recipient is None else Mailbox.from_header(recipient, "--to")
            ),
        )

    @classmethod
    def from_report(cls, report: Report) -> NoticeFields:
        """What a check of the republished document says about it.

        The publication's name is the site name (Open Graph, JSON-LD), else the
        document's title; a date is read from the front of the ISO string the
        document gives; parts are the paper's sections the matched passages touch;
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
        match report.reprint.extent:
            case Extent.ENTIRE:
                extent = Extent.ENTIRE
            case Extent.PART:
                extent = Extent.PART
                sections = (s for p in report.reprint.passages for s in p.sections)
                parts = tuple(dict.fromkeys(sections))
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
        )

    def overriding(self, other: NoticeFields) -> NoticeFields:
        """These fields with every value ``other`` knows put in their place.

        An extent and its parts travel together: ``--extent entire`` clears parts.
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
            merged = replace(merged, extent=other.extent, parts=other.parts)
        return merged

    @property
    def missing(self) -> tuple[str, ...]:
        """The required fields still unknown, as option names without dashes."""
        known = {
            "publication": self.publication is not None,
            "date": self.published is not None,
            "extent": self.extent is not None,
            "from": self.sender is not None,
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
            names = ", ".join(f"--{name}" for name in self.missing)
            raise UsageError(
                f"missing {names}; give them as options or use --from-check"
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


def default_template_dir(
    package: Traversable | None = None, checkout: Path | None = None
) -> Traversable:
    """The templates shipped with reprint: the wheel's, else the source checkout's.

    The wheel force-includes the top-level ``templates/`` as ``reprint/templates``;
    an editable install imports ``src/reprint`` in place, two levels below them.
    ``package`` and ``checkout`` stand in for those two places in tests.

    Raises:
        TemplateError: neither place has a ``templates`` folder.
    """
    packaged = (package or resources.files("reprint")).joinpath("templates")
    if packaged.is_dir():
        return packaged
    source = (checkout or Path(__file__).resolve().parents[2]).joinpath("templates")
    if source.is_dir():
        return source
    raise TemplateError(
        f"reprint's e-mail templates are missing: neither '{packaged}' nor "
        f"'{source}' exists (reinstall reprint or pass --template)"
    )


def _read_template(root: Traversable, name: str) -> str | None:
    path = root.joinpath(name)
    if not path.is_file():
        return None  # Jinja2 turns this into TemplateNotFound
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(
            f"cannot read template '{name}' in '{root}': {exc}"
        ) from exc


def _is_html(name: str | None) -> bool:
    return name is not None and name.endswith((".html.j2", ".html"))


_ENVIRONMENTS: dict[str, jinja2.Environment] = {}


def _environment(root: Traversable) -> jinja2.Environment:
    """The one Jinja2 environment for a template folder, created on first use."""
    key = str(root)
    environment = _ENVIRONMENTS.get(key)
    if environment is None:
        # Imported here: only drafting a notice needs Jinja2, not `reprint --help`.
        import jinja2

        environment = jinja2.Environment(
            loader=jinja2.FunctionLoader(partial(_read_template, root)),
            undefined=jinja2.StrictUndefined,
            autoescape=_is_html,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,
        )
        environment.filters["long_date"] = long_date
        _ENVIRONMENTS[key] = environment
    return environment


def _render(root: Traversable, name: str, context: Mapping[str, object]) -> str:
    import jinja2

    try:
        return _environment(root).get_template(name).render(context)
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"no template '{name}' in '{root}'") from exc
    except jinja2.TemplateSyntaxError as exc:
        message = " ".join(str(exc.message).split())
        raise TemplateError(
            f"template '{name}' in '{root}', line {exc.lineno}: {message}"
        ) from exc
    except jinja2.TemplateError as exc:  # UndefinedError and the other runtime errors
        message = " ".join(str(exc.message).split())
        raise TemplateError(f"template '{name}' in '{root}': {message}") from exc


def _join_names(names: list[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def draft_notice(
    notice: Notice, work: Work, template_dir: Traversable | None = None
) -> EmailDraft:
    """Draft the message telling the work's editor where and when it was republished.

    The editor is addressed by name and affiliation as the work gives them; the
    recipient address comes only from ``notice.recipient`` (named after the editor
    when it has no name). ``template_dir`` replaces the packaged templates.

    Raises:
        TemplateError: no such folder, a missing template or an undefined variable.
    """
    if template_dir is None:
        root = default_template_dir()
    else:
        if not template_dir.is_dir():
            raise TemplateError(f"template folder '{template_dir}' does not exist")
        root = template_dir
    recipient = notice.recipient
    if recipient is not None and not recipient.name:
        recipient = Mailbox(work.editor.name, recipient.address)
    context: dict[str, object] = {
        "work": work,
        "editor": work.editor,
        "authors": _join_names([person.name for person in work.authors]),
        "notice": notice,
        "sender": notice.sender,
        "recipient": recipient,
        "extent": notice.extent.value,
    }
    subject = (
        f"Republication of “{work.title}” ({work.genre} No. {work.number}) "
        f"in {notice.publication}"
    )
    return EmailDraft(
        sender=notice.sender,
        recipient=recipient,
        subject=subject,
        text=_render(root, TEXT_TEMPLATE, context),
        html=_render(root, HTML_TEMPLATE, context),
    )


def format_draft(draft: EmailDraft, output: NoticeFormat) -> str:
    """The draft as a person reads it (text or HTML with headers) or a mailto: link.

    Without a recipient the text shows a ``To:`` line saying so, and the mailto:
    link has an empty address for the mail client to ask for.
    """
    to = str(draft.recipient) if draft.recipient else f"({NO_RECIPIENT_NOTE})"
    match output:
        case NoticeFormat.TEXT:
            head = f"From: {draft.sender}\nTo: {to}\nSubject: {draft.subject}\n\n"
            return head + draft.text.rstrip("\n")
        case NoticeFormat.HTML:
            return draft.html.rstrip("\n")
        case NoticeFormat.MAILTO:
            # RFC 6068: percent-encode everything (a '+' is not a space) and end body
            # lines with CRLF.
            query = urlencode(
                {"subject": draft.subject, "body": draft.text.replace("\n", "\r\n")},
                quote_via=quote,
            )
            address = (
                quote(draft.recipient.address, safe="@") if draft.recipient else ""
            )
            return f"mailto:{address}?{query}"
        case _:  # pragma: no cover
            assert_never(output)


def build_message(
    draft: EmailDraft, *, date: dt.datetime, message_id: str
) -> EmailMessage:
    """The draft as an RFC 5322 message: multipart/alternative, UTF-8 text and HTML.

    ``date`` (timezone-aware) and ``message_id`` are given, not read from the clock,
    so the same draft always gives the same bytes. Without a recipient there is no
    To header and an ``X-Reprint-Note`` header says why.

    Raises:
        UsageError: a naive ``date`` or a ``message_id`` that is not ``<...@...>``.
    """
    if date.tzinfo is None:
        raise UsageError("the message date needs a timezone")
    refuse_line_breaks("the Message-ID", message_id)
    if not (
        message_id.startswith("<") and message_id.endswith(">") and "@" in message_id
    ):
        raise UsageError(f"{message_id!r} is not a Message-ID (expected <id@domain>)")
    message = EmailMessage(policy=email.policy.SMTP)
    message["From"] = draft.sender.to_address()
    if draft.recipient is not None:
        message["To"] = draft.recipient.to_address()
    else:
        message["X-Reprint-Note"] = NO_RECIPIENT_NOTE
    message["Subject"] = draft.subject
    message["Date"] = date
    message["Message-ID"] = message_id
    # Quoted-printable keeps both parts 7-bit, so any SMTP server relays them
    # (8BITMIME is not universal) and the text stays legible in the raw file.
    message.set_content(
        draft.text, subtype="plain", charset="utf-8", cte="quoted-printable"
    )
    message.add_alternative(
        draft.html, subtype="html", charset="utf-8", cte="quoted-printable"
    )
    return message
