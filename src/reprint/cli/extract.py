"""``reprint extract``: the text a reader sees, and what is hidden from them."""

from __future__ import annotations

import json
from pathlib import Path

import click

from reprint import api
from reprint.model import Document


def _render_text(document: Document, show_hidden: bool) -> str:
    lines: list[str] = []
    for block in document.blocks:
        lines.append(f"[{block.location.describe()}]")
        lines.append(block.text)
        lines.append("")
    if show_hidden:
        for hidden in document.hidden:
            lines.append(
                f"[hidden: {hidden.reason.value}; {hidden.location.describe()}]"
            )
            lines.append(hidden.text)
            lines.append("")
    return "\n".join(lines).rstrip("\n")


@click.command("extract")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Plain text blocks with their locations, or the Document as JSON.",
)
@click.option(
    "--show-hidden", is_flag=True, help="Also print hidden text with its reason."
)
@click.option("--password", default=None, help="Password of an encrypted PDF.")
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=None,
    help="Refuse inputs larger than this many bytes.",
)
def command(
    file: Path,
    output_format: str,
    show_hidden: bool,
    password: str | None,
    max_bytes: int | None,
) -> None:
    """Show the text a reader of FILE sees, in reading order, with locations."""
    document = api.extract(file, password=password, max_bytes=max_bytes)
    for problem in document.problems:
        click.echo(f"warning: {file}: {problem.message}", err=True)
    if output_format == "json":
        payload = document.to_dict()
        if not show_hidden:
            payload.pop("hidden")
        click.echo(
            json.dumps({"file": str(file), **payload}, ensure_ascii=False, indent=2)
        )
    else:
        click.echo(_render_text(document, show_hidden))
