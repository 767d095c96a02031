"""Drafting the notice: the Jinja2 templates turn a ``Notice`` into an ``EmailDraft``.

The editor is addressed as the work names them; the only files read are the
templates. ``format_draft`` shows a draft as text, HTML or a mailto: link.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, assert_never
from urllib.parse import quote, urlencode

from reprint.errors import TemplateError, field
from reprint.fields import check_since, latest_today, long_date
from reprint.notice.values import (
    NO_RECIPIENT_NOTE,
    EmailDraft,
    Mailbox,
    Notice,
    NoticeFormat,
)
from reprint.work import Work

if TYPE_CHECKING:  # pragma: no cover
    import jinja2

__all__ = ["default_template_dir", "draft_notice", "format_draft"]

TEXT_TEMPLATE = "notice.txt.j2"
HTML_TEMPLATE = "notice.html.j2"


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
    source = (checkout or Path(__file__).resolve().parents[3]).joinpath("templates")
    if source.is_dir():
        return source
    raise TemplateError(
        f"reprint's e-mail templates are missing: neither '{packaged}' nor "
        f"'{source}' exists (reinstall reprint or give {field('template')})"
    )


def _read_template(root: Traversable, name: str) -> str | None:
    """A template of the folder ``root``, never a file outside it: no ".." or
    absolute names (Jinja2's own rule for its file loaders), and no symbolic link
    that leads out of the folder."""
    from jinja2.loaders import split_template_path

    path = root.joinpath(*split_template_path(name))  # TemplateNotFound for ".."
    if not path.is_file():
        return None  # Jinja2 turns this into TemplateNotFound
    if (
        isinstance(root, Path)
        and isinstance(path, Path)
        and not path.resolve().is_relative_to(root.resolve())
    ):
        return None
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
        from jinja2.sandbox import SandboxedEnvironment

        # Sandboxed: a template given with --template is not trusted code; it can
        # format the values it is given, and reach nothing else (no attributes
        # starting with "_", no globals of functions, no os).
        environment = SandboxedEnvironment(
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
        missing = exc.name or name  # an included template, or this one
        raise TemplateError(f"no template '{missing}' in '{root}'") from exc
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
        UsageError: a republication date before the paper's date or in the future.
        TemplateError: no such folder, a missing template or an undefined variable.
    """
    check_since(
        notice.published,
        work.issued,
        field("date"),
        "the paper's date",
        today=latest_today(),
    )
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
