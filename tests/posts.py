"""Republished copies of the work, as a CMS or a static-site generator stores them.

Built from the work file's own paragraphs, so they follow it when it changes; shared
by the service, SARIF, report-schema and pre-commit hook tests.
"""

from __future__ import annotations

from html import escape

from reprint.work import Work

# Nothing of the work: a post on another subject entirely.
UNRELATED_TEXT = (
    "The council met on Tuesday to discuss the new bicycle lanes on Main Street. "
    "Residents asked for more crossings near the school and fewer parking spaces."
)


def post_markdown(work: Work, *, is_credited: bool) -> str:
    """The whole work as a Markdown post, with the credit line at the end or not."""
    lines = ["---", f'title: "{work.title}"', "---", "", f"# {work.title}", ""]
    for paragraph in work.paragraphs:
        lines += [paragraph.text, ""]
    if is_credited:
        lines += [f"*{work.credit_line}*", ""]
    return "\n".join(lines)


def post_html(work: Work, *, is_credited: bool) -> str:
    """The whole work as an HTML page, with the credit line in a footer or not."""
    body = "\n".join(f"<p>{escape(p.text)}</p>" for p in work.paragraphs)
    credit = (
        f'<footer class="credit"><p>{escape(work.credit_line)}</p></footer>'
        if is_credited
        else ""
    )
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>{escape(work.title)}</title></head><body><article>"
        f"<h1>{escape(work.title)}</h1>\n{body}\n{credit}</article></body></html>\n"
    )


def excerpt_markdown(work: Work) -> str:
    """One paragraph of the work, uncredited: too little to count as a reprint."""
    return f"# Notes\n\n{work.paragraphs[0].text}\n"
