"""The typed library API; the CLI and the HTTP service are thin shells over it.

``from reprint import check, extract, cite, credit_line, notify``. This module is
only the façade: the one-document pipeline (``extract``, ``check``,
``check_document``) lives in ``reprint.pipeline``, and ``check_paths``'s pool of
processes in ``reprint.workers``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from reprint.errors import UsageError, WorkError, field
from reprint.pipeline import check, check_document, extract
from reprint.work import Work, default_work
from reprint.workers.batch import check_paths

# Each command needs only its own part of the pipeline: matching, citing and
# drafting are imported by the functions that use them, so `reprint extract` and
# `reprint cite` start without the rest.
if TYPE_CHECKING:  # pragma: no cover
    from reprint.cite import CiteFormat
    from reprint.citeform import AuthorMode, CiteForm, Position
    from reprint.csl import StyleEntry
    from reprint.markup import Markup
    from reprint.notice import EmailDraft, NoticeFields

__all__ = [
    "check",
    "check_document",
    "check_paths",
    "cite",
    "credit_line",
    "extract",
    "list_styles",
    "load_work",
    "notify",
]


def load_work(path: Path | str | None = None) -> Work:
    """The work described by the TOML work file at ``path``, or the embedded default.

    Raises:
        WorkError: the file cannot be read or does not describe a work.
    """
    if path is None:
        return default_work()
    try:
        text = Path(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise WorkError(f"cannot read work file '{path}': {exc}") from exc
    return Work.from_toml(text, str(path))


def notify(
    fields: NoticeFields,
    *,
    work: Work | None = None,
    template: Path | None = None,
) -> EmailDraft:
    """Draft the notice telling the work's editor where and when it was republished.

    Nothing is sent: ``reprint.notice.delivery`` writes or sends the draft.
    ``template`` is a folder of templates to use instead of the packaged ones.

    Raises:
        UsageError: a required field is missing (all are named) or invalid.
        TemplateError: no such template folder, a missing template or variable.
    """
    from reprint.notice.drafting import draft_notice

    return draft_notice(fields.complete(), work or default_work(), template)


def _read_style_file(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read style '{path}': {exc.strerror or exc}") from exc


def default_access_date() -> dt.date:
    """The day ``cite`` dates the visit to an online copy when not told: today."""
    return dt.date.today()


def cite(
    *,
    style: str | None = None,
    fmt: CiteFormat | str = "text",
    in_text: bool = False,
    url: str | None = None,
    accessed: str | dt.date | None = None,
    work: Work | None = None,
    read_file: Callable[[str], bytes] = _read_style_file,
    locale: str | None = None,
    mode: AuthorMode | str = "normal",
    locator: str | None = None,
    prefix: str = "",
    suffix: str = "",
    position: Position | str = "first",
    standalone: bool = False,
    links: bool = False,
) -> str:
    """Cite the work: its cite-as line, a CSL style's entry, or an exchange format.

    ``style`` is a CSL style id, a short alias (``list_styles``) or a .csl file's
    path, which ``read_file`` reads (a caller that must read no files passes one
    that refuses). ``in_text`` asks for the in-text citation (a note style's first
    note). ``url`` cites an online copy, read on ``accessed`` (default: today).
    ``locale`` (a CSL locale such as ``en-GB``) overrides the style's
    default-locale, a dependent style's own included.

    The form of an in-text cite (each implies ``in_text``): ``mode`` narrative
    ("Kersten (2011)"), author-only or suppress-author; ``locator`` a place such
    as "para. 3" (a CSL label, then the value; no label: a page); ``prefix`` and
    ``suffix`` text around the cite; ``position`` first, subsequent or ibid
    (ibid-with-locator when there is a locator), for note styles' later notes.
    ``standalone`` makes HTML a whole page with the style's layout as CSS;
    ``links`` links the online copy's URL in HTML.

    Raises:
        UsageError: an unknown style, format, mode, position or locator label, a
            malformed URL or date, a form the style cannot print, or options
            that do not go together.
    """
    from reprint.cite import CiteFormat, OnlineCopy, format_citation

    try:
        chosen_fmt = CiteFormat(fmt)
    except ValueError as exc:
        raise UsageError(f"unknown citation format '{fmt}'") from exc
    online = None
    if url is not None:
        # The clock is read here, at the edge, never in the citation core.
        online = OnlineCopy.from_strings(
            url, default_access_date() if accessed is None else accessed
        )
    elif accessed is not None:
        raise UsageError(
            f"{field('accessed')} needs {field('url')}: it dates the visit to an "
            "online copy"
        )
    chosen_style = None
    if style is not None:
        from reprint.csl import resolve_style

        chosen_style = resolve_style(style, read_file)
    form = _cite_form(mode, locator, prefix, suffix, position)
    return format_citation(
        work or default_work(),
        fmt=chosen_fmt,
        style=chosen_style,
        in_text=in_text,
        online=online,
        locale=locale,
        form=form,
        standalone=standalone,
        links=links,
    )


def _cite_form(
    mode: AuthorMode | str,
    locator: str | None,
    prefix: str,
    suffix: str,
    position: Position | str,
) -> CiteForm:
    from reprint.citeform import AuthorMode, CiteForm, Locator, Position

    try:
        chosen_mode = AuthorMode(mode)
    except ValueError as exc:
        modes = ", ".join(AuthorMode)
        raise UsageError(f"{field('mode')} {mode!r} is not one of {modes}") from exc
    try:
        chosen_position = Position(position)
    except ValueError as exc:
        positions = ", ".join(Position)
        raise UsageError(
            f"{field('position')} {position!r} is not one of {positions}"
        ) from exc
    return CiteForm(
        mode=chosen_mode,
        locator=None if locator is None else Locator.from_string(locator),
        prefix=prefix,
        suffix=suffix,
        position=chosen_position,
    )


def credit_line(fmt: Markup | str = "text", *, work: Work | None = None) -> str:
    """The credit line a republisher pastes, with the work's cite-as line.

    Raises:
        UsageError: an unknown format.
    """
    from reprint.cite import format_credit
    from reprint.markup import Markup

    try:
        markup = Markup(fmt)
    except ValueError as exc:
        raise UsageError(f"unknown credit format '{fmt}'") from exc
    return format_credit(work or default_work(), markup)


def list_styles() -> tuple[StyleEntry, ...]:
    """The CSL styles checked against citeproc-js, with their titles and aliases."""
    from reprint.csl import list_styles as csl_styles

    return csl_styles()
