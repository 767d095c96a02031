"""Style sheets a page on disk links to: read as a browser would, never fetched."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reprint import api
from reprint.errors import UnsafeInputError
from reprint.limits import Limits
from reprint.model import HiddenReason
from reprint.sources import local_stylesheets

SR_ONLY = (
    ".sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; "
    "clip: rect(0, 0, 0, 0) }\n"
)
CREDIT = "Supported by the MacArthur Foundation."


def page(head: str) -> str:
    return (
        f"<!doctype html><html><head>{head}</head><body><article>"
        f"<p>An article.</p><p><span class='sr-only'>{CREDIT}</span></p>"
        "</article></body></html>"
    )


def site(tmp_path: Path, head: str, css_at: str = "css/site.css") -> Path:
    """A static site's output: a post two folders down, the CSS at the top."""
    (tmp_path / css_at).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / css_at).write_text(SR_ONLY, "utf-8")
    post = tmp_path / "posts" / "reprint" / "index.html"
    post.parent.mkdir(parents=True)
    post.write_text(page(head), "utf-8")
    return post


def hidden_reasons(path: Path) -> dict[str, HiddenReason]:
    return {h.text: h.reason for h in api.extract(path).hidden}


@pytest.mark.parametrize(
    "href",
    ["../../css/site.css", "/css/site.css", "/css/site.css?ver=6.4", "%2Fcss/site.css"],
    ids=["relative", "root-relative", "with-query", "escaped"],
)
def test_a_class_hidden_by_a_linked_style_sheet_is_hidden(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, href: str
) -> None:
    monkeypatch.chdir(tmp_path)
    post = site(tmp_path, f'<link rel="stylesheet" href="{href}">')
    if href.startswith("%2F"):  # an escaped slash is a file name, not a root
        assert CREDIT in api.extract(post).text
        return
    assert hidden_reasons(post)[CREDIT] is HiddenReason.CLIPPED


@pytest.mark.parametrize("media", ["screen", "only screen", "ALL", " "])
def test_a_sheet_for_the_screen_is_read_as_a_media_rule_would_be(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, media: str
) -> None:
    monkeypatch.chdir(tmp_path)
    post = site(
        tmp_path, f'<link rel="stylesheet" media="{media}" href="/css/site.css">'
    )
    assert hidden_reasons(post)[CREDIT] is HiddenReason.CLIPPED


def test_the_same_page_as_bytes_has_no_folder_to_read_from(tmp_path: Path) -> None:
    post = site(tmp_path, '<link rel="stylesheet" href="../../css/site.css">')
    assert CREDIT in api.extract(post.read_bytes(), name="index.html").text


@pytest.mark.parametrize(
    "link",
    [
        '<link rel="stylesheet" media="print" href="../../css/site.css">',
        # Wider than the 1280 px screen reprint reads for (9in, 864 px, would apply).
        '<link rel="stylesheet" media="(min-width: 20in)" href="/css/site.css">',
        '<link rel="alternate stylesheet" href="../../css/site.css">',
        '<link rel="preload" href="../../css/site.css">',
        '<link rel="stylesheet" href="https://cdn.example.com/css/site.css">',
        '<link rel="stylesheet" href="//cdn.example.com/css/site.css">',
        '<link rel="stylesheet" href="../../css/missing.css">',
    ],
    ids=[
        "print",
        "wider-than-the-screen",
        "alternate",
        "preload",
        "url",
        "protocol-relative",
        "missing",
    ],
)
def test_sheets_a_screen_does_not_apply_or_that_are_not_local_are_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, link: str
) -> None:
    monkeypatch.chdir(tmp_path)
    post = site(tmp_path, link)
    assert CREDIT in api.extract(post).text


def test_the_cascade_follows_document_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A <style> after the link undoes the hiding, as it would in a browser.
    monkeypatch.chdir(tmp_path)
    undo = "<style>.sr-only { position: static; width: auto; height: auto }</style>"
    post = site(tmp_path, f'<link rel="stylesheet" href="/css/site.css">{undo}')
    assert CREDIT in api.extract(post).text


def test_nothing_outside_the_root_is_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside.css"
    outside.write_text(SR_ONLY, "utf-8")
    root = tmp_path / "site"
    post = root / "index.html"
    post.parent.mkdir()
    post.write_text(page(""), "utf-8")
    (root / "link.css").symlink_to(outside)
    (root / "notes.txt").write_text(SR_ONLY, "utf-8")
    read = local_stylesheets(post, root)
    assert read("../outside.css") is None  # climbs out of the root
    assert read("link.css") is None  # a link whose target is outside
    assert read("notes.txt") is None  # not a style sheet
    assert read(str(outside)) is None  # an absolute path is read from the root
    assert read("/etc/passwd") is None


def test_a_style_sheet_over_the_limit_is_refused_not_skipped(tmp_path: Path) -> None:
    post = tmp_path / "index.html"
    post.write_text(page(""), "utf-8")
    (tmp_path / "big.css").write_text("a{}" * 100, "utf-8")
    read = local_stylesheets(post, tmp_path, Limits(max_stylesheet_bytes=200))
    with pytest.raises(UnsafeInputError, match=r"'big\.css' is over"):
        read("big.css")
    assert local_stylesheets(post, tmp_path)("big.css") == "a{}" * 100


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory that holds none of the test's pages."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def test_a_page_outside_the_working_directory_reads_beside_itself(
    tmp_path: Path, elsewhere: Path
) -> None:
    post = tmp_path / "site" / "index.html"
    post.parent.mkdir()
    (post.parent / "site.css").write_text(SR_ONLY, "utf-8")
    post.write_text(page('<link rel="stylesheet" href="site.css">'), "utf-8")
    assert hidden_reasons(post)[CREDIT] is HiddenReason.CLIPPED
    assert os.path.samefile(os.getcwd(), elsewhere)


def test_a_site_checked_as_a_folder_from_elsewhere_reads_its_root_css(
    tmp_path: Path, elsewhere: Path
) -> None:
    # `reprint check /srv/site` run from another folder: "/css/site.css" is found
    # at the top of the folder being checked, not only beside the page.
    root = tmp_path / "site"
    post = site(root, '<link rel="stylesheet" href="/css/site.css">')
    (report,) = api.check_paths([root], jobs=1)
    assert report.file == str(post)
    macarthur = {f.key: f for f in report.credits}["macarthur"]
    assert macarthur.status.value == "hidden"
    # Named alone from elsewhere, only the page's own folder is open to it.
    assert CREDIT in api.extract(post).text
