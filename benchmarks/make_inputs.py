"""Generate the benchmark inputs under ``benchmarks/out/inputs`` (git-ignored).

    python benchmarks/make_inputs.py [--force] [NAME ...]

* ``big.pdf``: a 500-page volume of policy papers made by reportlab: article
  pages, every third article set in two columns, a running header and a running
  footer with the credit line; the paper itself is one of the articles.
* ``big.docx``: 1,000 body paragraphs with headings, footnotes and tables, made by
  pandoc from Markdown (python-docx cannot create a footnotes part), then given a
  first-page header, a default header and a footer carrying the credit by
  python-docx.
* ``big.html``: a 5 MB WordPress-like page: stylesheets, inline scripts, a large
  ``window.__INITIAL_STATE__`` JSON blob, Gutenberg block comments, a mega-menu,
  an article of many paragraphs with the paper in it, a sidebar and comments.
* ``big-uncredited.html``: the same page whose credit omits the MacArthur
  Foundation, for check's non-compliant path.
* ``pages/``: 1,000 small CMS pages of a few KB, a mix of entire reprints with
  and without every credit, excerpts, and unrelated articles.

Everything is drawn from one seeded ``random.Random`` and the paper's body text
(``src/reprint/works/kersten-2011.toml``), so the text of each input is the same on
every run (zip and PDF timestamps aside).
"""

from __future__ import annotations

import argparse
import html
import json
import os
import random
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from measure import INPUT_DIR, MIB

from reprint.work import Work, default_work

SEED = 2011
PDF_PAGES = 500
DOCX_PARAGRAPHS = 1_000
HTML_BYTES = 5 * MIB
SMALL_PAGES = 1_000
CREDIT = (
    "Rikki Kersten, \u201cJapan, the US Alliance and Asia\u201d, ANU\u2013MASI Policy "
    "Background Paper No. 1 (1 August 2011), Department of International Relations, "
    "The Australian National University. Republished with the permission of the "
    "author, the Department of International Relations (ANU) and the MacArthur "
    "Foundation."
)
# A credit that forgets the MacArthur Foundation: the common non-compliant reprint.
PARTIAL_CREDIT = (
    "This article by Rikki Kersten first appeared as ANU\u2013MASI Policy Background "
    "Paper No. 1, Department of International Relations, The Australian National "
    "University."
)
# Everyday news vocabulary. Filler is drawn word by word from it and from the
# paper's own words, so unrelated text shares the paper's vocabulary (as real news
# about Japan does) but almost never one of its six-word shingles.
_NEWS_TEXT = """
the the the of of of and and and to to to in in a a is that for on as with was by
it at from be this are have has an not or which but their they were its been more
also will can would government minister said year week report market policy people
city council plan new old first last public private local national regional trade
growth economy budget tax health school students water energy power climate rain
season team match coach players fans club league final score record election vote
party leader campaign debate law court judge police case officer company shares
price investors bank rates inflation housing rent workers union strike hospital
doctors nurses patients study researchers data survey results program service
project community festival music film book author artist museum gallery exhibition
weather storm flood fire road traffic bridge rail station airport flight tourism
hotel restaurant food farmers harvest export import agreement summit talks visit
statement spokesperson announced reported according expected increase decrease
million billion percent quarter monthly annual early late morning evening today
"""
_NEWS_WORDS = _NEWS_TEXT.split()


@dataclass(frozen=True, slots=True)
class Paper:
    """The paper's title, sections and paragraphs, as the inputs reprint them."""

    title: str
    author: str
    sections: tuple[tuple[str, tuple[str, ...]], ...]

    @classmethod
    def from_work(cls, work: Work) -> Paper:
        sections: list[tuple[str, list[str]]] = []
        for paragraph in work.paragraphs:
            if not sections or sections[-1][0] != paragraph.section:
                sections.append((paragraph.section, []))
            sections[-1][1].append(paragraph.text)
        return cls(
            work.title,
            work.authors[0].name,
            tuple((name, tuple(texts)) for name, texts in sections),
        )

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return tuple(text for _, texts in self.sections for text in texts)


class Filler:
    """Seeded, plausible-looking prose that reprints nothing of the paper."""

    def __init__(self, rng: random.Random, paper: Paper) -> None:
        self._rng = rng
        paper_words = {
            w.strip(".,;:()\"'").lower() for p in paper.paragraphs for w in p.split()
        }
        self._words = [*_NEWS_WORDS, *sorted(w for w in paper_words if w.isalpha())]

    def sentence(self) -> str:
        count = self._rng.randint(8, 24)
        words = self._rng.choices(self._words, k=count)
        return words[0].capitalize() + " " + " ".join(words[1:]) + "."

    def paragraph(self, min_words: int = 50, max_words: int = 130) -> str:
        target = self._rng.randint(min_words, max_words)
        sentences: list[str] = []
        count = 0
        while count < target:
            sentence = self.sentence()
            sentences.append(sentence)
            count += sentence.count(" ") + 1
        return " ".join(sentences)

    def title(self) -> str:
        words = self._rng.choices(self._words, k=self._rng.randint(4, 9))
        return " ".join(w.capitalize() for w in words)

    def name(self) -> str:
        given = self._rng.choice(["Anna", "Ben", "Chen", "Dara", "Eiko", "Femi"])
        family = self._rng.choice(["Ito", "Jones", "Kaur", "Lopez", "Moore", "Ng"])
        return f"{given} {family}"


# ---------------------------------------------------------------------------- PDF


def make_pdf(path: Path, paper: Paper, filler: Filler, rng: random.Random) -> None:
    """A reportlab volume trimmed to exactly ``PDF_PAGES`` pages."""
    from pypdf import PdfReader, PdfWriter
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import (
        ParagraphStyle,
        getSampleStyleSheet,
    )
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import (
        BaseDocTemplate,
        Frame,
        NextPageTemplate,
        PageBreak,
        PageTemplate,
        Paragraph,
        Spacer,
        Table,
        TableStyle,
    )

    width, height = A4
    margin = 20 * mm
    gutter = 6 * mm
    body_h = height - 2 * margin - 12 * mm
    column_w = (width - 2 * margin - gutter) / 2
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontSize=10, leading=13)
    footer_style = ParagraphStyle("footer", fontName="Helvetica", fontSize=7, leading=8)

    def decorate(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(margin, height - 12 * mm, "Collected Policy Papers, Volume 3")
        canvas.drawRightString(width - margin, height - 12 * mm, str(doc.page))
        footer = Paragraph(CREDIT, footer_style)
        footer.wrap(width - 2 * margin, 20 * mm)
        footer.drawOn(canvas, margin, 8 * mm)
        canvas.restoreState()

    one = Frame(margin, margin + 6 * mm, width - 2 * margin, body_h, id="one")
    left = Frame(margin, margin + 6 * mm, column_w, body_h, id="left")
    right = Frame(
        margin + column_w + gutter, margin + 6 * mm, column_w, body_h, id="right"
    )
    story: list[object] = []
    # Words per page are about 600 in one column; overshoot, then trim to the count.
    target_words = int(PDF_PAGES * 640)
    words = 0
    article = 0
    while words < target_words:
        layout = "two" if article % 3 == 2 else "one"
        story.extend([NextPageTemplate(layout), PageBreak()])
        if article == 1:
            story.append(Paragraph(paper.title, styles["Title"]))
            story.append(Paragraph(paper.author, styles["Heading3"]))
            for section, texts in paper.sections:
                story.append(Paragraph(section, styles["Heading2"]))
                story.extend(
                    Paragraph(html.escape(t, quote=False), body) for t in texts
                )
                words += sum(t.count(" ") + 1 for t in texts)
        else:
            story.append(Paragraph(filler.title(), styles["Title"]))
            story.append(Paragraph(filler.name(), styles["Heading3"]))
            for number in range(rng.randint(3, 6)):
                story.append(
                    Paragraph(f"{number + 1}. {filler.title()}", styles["Heading2"])
                )
                for _ in range(rng.randint(4, 10)):
                    text = filler.paragraph()
                    words += text.count(" ") + 1
                    story.append(Paragraph(text, body))
                if rng.random() < 0.3:
                    rows = [[filler.title()[:18] for _ in range(3)] for _ in range(5)]
                    table = Table(rows)
                    table.setStyle(
                        TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "grey")])
                    )
                    story.extend([Spacer(1, 4 * mm), table, Spacer(1, 4 * mm)])
        article += 1
    story.pop(0)  # the first article needs no page break before it
    story.pop(0)
    story.insert(0, NextPageTemplate("one"))
    with tempfile.TemporaryDirectory() as tmp:
        draft = Path(tmp, "draft.pdf")
        doc = BaseDocTemplate(
            str(draft),
            pagesize=A4,
            title="Collected Policy Papers, Volume 3",
            author="Benchmark generator",
            invariant=1,  # fixed dates and IDs: the same bytes on every run
        )
        doc.addPageTemplates(
            [
                PageTemplate("one", [one], onPage=decorate),
                PageTemplate("two", [left, right], onPage=decorate),
            ]
        )
        doc.build(story)
        reader = PdfReader(draft)
        if len(reader.pages) < PDF_PAGES:
            sys.exit(f"only {len(reader.pages)} pages: raise the words per page")
        writer = PdfWriter()
        writer.append(reader, pages=(0, PDF_PAGES))
        writer.compress_identical_objects()
        with path.open("wb") as handle:
            writer.write(handle)


# --------------------------------------------------------------------------- DOCX


def _docx_markdown(paper: Paper, filler: Filler, rng: random.Random) -> str:
    lines = [
        "---",
        "title: Collected Policy Papers, Volume 3",
        "author: Benchmark generator",
        "---",
        "",
    ]
    notes: list[str] = []
    paragraphs = 0
    section = 0
    while paragraphs < DOCX_PARAGRAPHS:
        section += 1
        if section == 3:
            lines.extend([f"# {paper.title}", "", f"*{paper.author}*", ""])
            for name, texts in paper.sections:
                lines.extend([f"## {name}", ""])
                for text in texts:
                    lines.extend([text, ""])
                    paragraphs += 1
            continue
        lines.extend([f"# {filler.title()}", ""])
        for _ in range(rng.randint(15, 35)):
            if paragraphs >= DOCX_PARAGRAPHS:
                break
            text = filler.paragraph(40, 110)
            if rng.random() < 0.18:
                notes.append(filler.paragraph(10, 40))
                text += f"[^{len(notes)}]"
            lines.extend([text, ""])
            paragraphs += 1
            if rng.random() < 0.04:
                columns = rng.randint(3, 5)
                cells = [
                    [filler.title()[:24] for _ in range(columns)]
                    for _ in range(rng.randint(4, 8))
                ]
                lines.append("| " + " | ".join(cells[0]) + " |")
                lines.append("|" + "---|" * columns)
                lines.extend("| " + " | ".join(row) + " |" for row in cells[1:])
                lines.append("")
    lines.extend(f"[^{n}]: {text}" for n, text in enumerate(notes, start=1))
    return "\n".join(lines) + "\n"


def make_docx(path: Path, paper: Paper, filler: Filler, rng: random.Random) -> None:
    """pandoc for the body and footnotes; python-docx for the headers and footer."""
    import docx

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp, "volume.md")
        draft = Path(tmp, "volume.docx")
        source.write_text(_docx_markdown(paper, filler, rng), "utf-8")
        env = {**os.environ, "SOURCE_DATE_EPOCH": "1312156800"}  # 1 August 2011
        subprocess.run(
            [
                "pandoc",
                "--from",
                "markdown",
                "--to",
                "docx",
                "-o",
                str(draft),
                str(source),
            ],
            check=True,
            env=env,
        )
        document = docx.Document(str(draft))
    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "Collected Policy Papers, Volume 3"
    section.header.paragraphs[0].text = "Collected Policy Papers \u2014 reprint edition"
    section.footer.paragraphs[0].text = CREDIT
    section.first_page_footer.paragraphs[0].text = CREDIT
    document.save(str(path))


# --------------------------------------------------------------------------- HTML


_CSS_PROPERTIES = (
    "margin:0 auto;padding:1.5rem 2rem;color:#222;background:#fafafa",
    "display:flex;flex-wrap:wrap;gap:12px;align-items:center",
    "font:400 1.0625rem/1.6 Georgia,serif;letter-spacing:.01em",
    "border-bottom:1px solid #e5e5e5;transition:color .2s ease-in-out",
)


def _css(rng: random.Random, rules: int) -> str:
    return "\n".join(
        f".wp-block-{rng.randrange(10**6):06x} .has-{rng.randrange(10**4)}-color"
        f"{{{rng.choice(_CSS_PROPERTIES)}}}"
        for _ in range(rules)
    )


def _script(rng: random.Random, statements: int) -> str:
    return "\n".join(
        f"window.dataLayer.push({{event:'view_{rng.randrange(10**5)}',"
        f"value:{rng.random():.4f},path:'/news/{rng.randrange(10**6)}'}});"
        for _ in range(statements)
    )


def _state_blob(filler: Filler, rng: random.Random, posts: int) -> str:
    """A headless-CMS state: related posts with their rendered HTML, as SPAs ship."""
    state = {
        "site": {"name": "The Daily Regional", "url": "https://daily.example.org"},
        "posts": [
            {
                "id": rng.randrange(10**7),
                "slug": f"post-{n}",
                "title": {"rendered": filler.title()},
                "content": {
                    "rendered": "".join(
                        f"<p>{filler.paragraph()}</p>" for _ in range(6)
                    )
                },
                "tags": [rng.randrange(500) for _ in range(8)],
            }
            for n in range(posts)
        ],
    }
    # "</" must not close the script element early; CMSs escape it as "<\/".
    return json.dumps(state, separators=(",", ":")).replace("</", "<\\/")


def _nav(filler: Filler, items: int) -> str:
    links = "".join(
        f'<li class="menu-item"><a href="/topic/{n}">{filler.title()[:30]}</a></li>'
        for n in range(items)
    )
    return (
        '<nav class="main-navigation" aria-label="Primary">'
        f'<ul class="menu">{links}</ul></nav>'
    )


def _block_paragraph(text: str) -> str:
    # Gutenberg wraps every block in comments; they are a large share of real pages.
    escaped = html.escape(text, quote=False)
    return f"<!-- wp:paragraph -->\n<p>{escaped}</p>\n<!-- /wp:paragraph -->\n"


def _page(
    title: str,
    head_extra: str,
    body: str,
    filler: Filler,
    nav_items: int,
) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en-AU">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)} \u2013 The Daily Regional</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<link rel="stylesheet" href="/wp-includes/css/dist/style.min.css">\n'
        f'<meta property="og:title" content="{html.escape(title)}">\n'
        f"{head_extra}</head>\n"
        '<body class="post-template-default single single-post">\n'
        '<div id="page" class="site"><header id="masthead" class="site-header">'
        '<p class="site-title"><a href="/">The Daily Regional</a></p>'
        f"{_nav(filler, nav_items)}</header>\n"
        f'<main id="primary" class="site-main">{body}</main>\n'
        '<footer id="colophon" class="site-footer"><p>&copy; 2024 The Daily Regional. '
        "Proudly powered by WordPress.</p></footer></div>\n"
        '<div class="cookie-notice" style="display:none">We use cookies.</div>\n'
        "</body>\n</html>\n"
    )


def _article(title: str, byline: str, paragraphs: list[str], credit: str | None) -> str:
    parts = [
        '<article class="post type-post status-publish">',
        '<header class="entry-header">',
        f'<h1 class="entry-title">{html.escape(title)}</h1>',
        f'<div class="entry-meta"><span class="byline">By {html.escape(byline)}</span>'
        '<time datetime="2024-03-01T09:00:00+11:00">1 March 2024</time></div></header>',
        '<div class="entry-content">',
        *(_block_paragraph(p) for p in paragraphs),
    ]
    if credit is not None:
        parts.append(f'<p class="reprint-credit"><em>{html.escape(credit)}</em></p>')
    parts.append("</div></article>")
    return "\n".join(parts)


def make_big_html(
    path: Path,
    paper: Paper,
    filler: Filler,
    rng: random.Random,
    credit: str = CREDIT,
) -> None:
    """A 5 MB page: markup, styles, scripts and a state blob around a long article."""
    head = "".join(
        [
            f'<style id="global-styles-inline-css">\n{_css(rng, 6_000)}\n</style>\n',
            "<!-- Google Tag Manager -->\n",
            "<script>window.dataLayer=window.dataLayer||[];\n"
            f"{_script(rng, 2_500)}</script>\n",
            '<script type="application/ld+json">'
            + json.dumps({"@type": "NewsArticle", "headline": paper.title})
            + "</script>\n",
            "<script>window.__INITIAL_STATE__ = "
            + _state_blob(filler, rng, 300)
            + ";</script>\n",
        ]
    )
    paragraphs: list[str] = []
    article_html = ""
    size = len(head.encode())
    # Grow the article until the whole page reaches HTML_BYTES.
    while size < HTML_BYTES:
        for _ in range(200):
            paragraphs.append(filler.paragraph())
            if len(paragraphs) == 40:
                paragraphs.extend(paper.paragraphs)
        comments = "".join(
            f'<li class="comment"><p class="comment-author">{filler.name()}</p>'
            f"<p>{filler.paragraph(10, 60)}</p></li>"
            for _ in range(150)
        )
        article_html = (
            _article(paper.title, paper.author, paragraphs, credit)
            + '<aside class="widget-area"><section class="widget">'
            + "".join(f"<p>{filler.sentence()}</p>" for _ in range(40))
            + "</section></aside>"
            + '<section id="comments"><ol class="comment-list">'
            + f"{comments}</ol></section>"
        )
        size = len(head.encode()) + len(article_html.encode())
    page = _page(paper.title, head, article_html, filler, 600)
    path.write_text(page, "utf-8")


def _small_pages(
    paper: Paper, filler: Filler, rng: random.Random
) -> Iterator[tuple[str, str]]:
    """(kind, html) of each small page: a mix like a site's archive."""
    head = (
        f"<style>{_css(rng, 15)}</style>\n"
        f"<script>window.dataLayer=window.dataLayer||[];{_script(rng, 8)}</script>\n"
    )
    kinds: list[tuple[str, Callable[[], tuple[str, str, list[str], str | None]]]] = [
        (
            "entire-credited",
            lambda: (paper.title, paper.author, list(paper.paragraphs), CREDIT),
        ),
        (
            "entire-credit-missing-macarthur",
            lambda: (paper.title, paper.author, list(paper.paragraphs), PARTIAL_CREDIT),
        ),
        (
            "excerpt",
            lambda: (
                paper.title,
                paper.author,
                [filler.paragraph(), *paper.paragraphs[3:9], filler.paragraph()],
                CREDIT if rng.random() < 0.5 else None,
            ),
        ),
        (
            "unrelated",
            lambda: (
                filler.title(),
                filler.name(),
                [filler.paragraph(40, 90) for _ in range(rng.randint(3, 7))],
                None,
            ),
        ),
    ]
    weights = [2, 1, 1, 6]
    for _ in range(SMALL_PAGES):
        kind, make = rng.choices(kinds, weights=weights)[0]
        title, byline, paragraphs, credit = make()
        body = _article(title, byline, paragraphs, credit)
        yield kind, _page(title, head, body, filler, 12)


def make_uncredited_html(
    path: Path, paper: Paper, filler: Filler, rng: random.Random
) -> None:
    """``big.html`` with a credit that omits the MacArthur Foundation.

    A non-compliant copy makes the credit search try every accepted form, every
    near-miss and the misspelling scan over the whole text: check's slow path.
    """
    make_big_html(path, paper, filler, rng, credit=PARTIAL_CREDIT)


def make_small_pages(
    folder: Path, paper: Paper, filler: Filler, rng: random.Random
) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    kinds: dict[str, int] = {}
    for number, (kind, page) in enumerate(_small_pages(paper, filler, rng)):
        (folder / f"page-{number:04d}.html").write_text(page, "utf-8")
        kinds[kind] = kinds.get(kind, 0) + 1
    (folder.parent / "pages-kinds.json").write_text(
        json.dumps(kinds, indent=2), "utf-8"
    )


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    """Generate the inputs that are missing (or all named ones, with ``--force``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--force", action="store_true", help="regenerate existing inputs"
    )
    parser.add_argument(
        "names", nargs="*", help="inputs to make, by file name (default: all)"
    )
    args = parser.parse_args(argv)
    paper = Paper.from_work(default_work())
    INPUT_DIR.mkdir(parents=True, exist_ok=True)
    # (name, seed, maker): the uncredited page shares big.html's seed, so the two
    # differ only in the credit line.
    makers: list[
        tuple[str, int, Callable[[Path, Paper, Filler, random.Random], None]]
    ] = [
        ("big.pdf", SEED, make_pdf),
        ("big.docx", SEED + 1, make_docx),
        ("big.html", SEED + 2, make_big_html),
        ("big-uncredited.html", SEED + 2, make_uncredited_html),
        ("pages", SEED + 3, make_small_pages),
    ]
    for name, seed, make in makers:
        if args.names and name not in args.names:
            continue
        target = INPUT_DIR / name
        if target.exists() and not args.force:
            print(f"{target} exists (use --force to regenerate)")
            continue
        rng = random.Random(seed)
        make(target, paper, Filler(rng, paper), rng)
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
