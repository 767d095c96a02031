"""``reprint cite``: the paper's citation, in its own words, a CSL style or a format."""

from __future__ import annotations

from pathlib import Path

import click

from reprint import api
from reprint.cite import CiteFormat
from reprint.citeform import AuthorMode, Position
from reprint.cli.options import work_option


def _list_styles() -> str:
    rows = []
    for entry in api.list_styles():
        aliases = f" (alias: {', '.join(entry.aliases)})" if entry.aliases else ""
        rows.append(f"{entry.id}{aliases}\n    {entry.title}")
    return "\n".join(rows)


@click.command("cite")
@click.option(
    "--style",
    default=None,
    metavar="ID|FILE",
    help="A CSL style id or alias (see --list-styles) or the path of a .csl file. "
    "Without it, the paper's own cite-as line.",
)
@click.option(
    "--in-text",
    is_flag=True,
    help="The in-text citation, not the entry (for a note style, its first note).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice([f.value for f in CiteFormat]),
    default=CiteFormat.TEXT.value,
    show_default=True,
    help="Plain text, HTML or Markdown, or an exchange format for reference managers.",
)
@click.option(
    "--url", default=None, help="Cite an online copy at this http(s) address."
)
@click.option(
    "--accessed",
    default=None,
    metavar="YYYY-MM-DD",
    help="When the online copy was read (default: today).",
)
@click.option(
    "--locale",
    default=None,
    metavar="LANG",
    help="A CSL locale for the style's terms and dates, e.g. en-GB (default: the "
    "style's own).",
)
@click.option(
    "--mode",
    type=click.Choice([m.value for m in AuthorMode]),
    default=AuthorMode.NORMAL.value,
    show_default=True,
    help="The author in the cite: narrative gives 'Kersten (2011)', author-only "
    "'Kersten', suppress-author '(2011)'. Implies --in-text.",
)
@click.option(
    "--locator",
    default=None,
    metavar="LABEL VALUE",
    help="A place in the paper, e.g. 'para. 3', 'sec. 2' (no label: a page). "
    "Implies --in-text.",
)
@click.option(
    "--prefix", default="", help="Text before the cite, e.g. 'see'. Implies --in-text."
)
@click.option("--suffix", default="", help="Text after the cite. Implies --in-text.")
@click.option(
    "--position",
    type=click.Choice([p.value for p in Position]),
    default=Position.FIRST.value,
    show_default=True,
    help="A later note: subsequent, or ibid right after a cite of the paper "
    "(with --locator: ibid-with-locator). Implies --in-text.",
)
@click.option(
    "--standalone",
    is_flag=True,
    help="With --format html: a whole HTML page, the style's layout (hanging "
    "indent, spacing, aligned numbers) as CSS.",
)
@click.option("--links", is_flag=True, help="With --format html: the --url as a link.")
@click.option(
    "--list-styles", is_flag=True, help="List the styles checked against citeproc-js."
)
@work_option
def command(
    style: str | None,
    in_text: bool,
    fmt: str,
    url: str | None,
    accessed: str | None,
    locale: str | None,
    mode: str,
    locator: str | None,
    prefix: str,
    suffix: str,
    position: str,
    standalone: bool,
    links: bool,
    list_styles: bool,
    work_file: Path | None,
) -> None:
    """Print the paper's citation: its cite-as line, a CSL style or an export.

    Exit status: 0 printed, 2 a usage error, 70 a bug in reprint.
    """
    if list_styles:
        click.echo(_list_styles())
        return
    work = api.load_work(work_file)
    is_dated_today = url is not None and accessed is None
    if is_dated_today:
        accessed = api.default_access_date().isoformat()
    text = api.cite(
        style=style,
        fmt=fmt,
        in_text=in_text,
        url=url,
        accessed=accessed,
        work=work,
        locale=locale,
        mode=mode,
        locator=locator,
        prefix=prefix,
        suffix=suffix,
        position=position,
        standalone=standalone,
        links=links,
    )
    # RIS ends its own lines (CR LF, its last line included); the others get one.
    click.echo(text, nl=not text.endswith("\r\n"))
    if is_dated_today:
        # On stderr: the citation stays clean in a pipe, and the user learns the
        # date an entry or export may carry was not one they gave.
        click.echo(
            f"note: the online copy is cited as read today, {accessed} "
            "(--accessed YYYY-MM-DD for the day you read it)",
            err=True,
        )
