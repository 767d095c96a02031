"""The ``reprint-check`` pre-commit hook, run by pre-commit on a static site's posts.

``pre-commit try-repo`` installs this repository (its HEAD plus uncommitted changes
to tracked files) into a fresh virtualenv, so each run takes a while.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from posts import post_html, post_markdown

from reprint.work import Work

ROOT = Path(__file__).resolve().parent.parent
HOOK_NAME = "reprint check (credits of republished papers)"


def _git(site: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Site", "-c", "user.email=site@example.org", *args],
        cwd=site,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def site(tmp_path: Path, work: Work) -> Path:
    """A Hugo-like site with one credited Markdown post and one uncredited HTML page."""
    site = tmp_path / "site"
    posts = site / "content" / "posts"
    posts.mkdir(parents=True)
    (posts / "credited.md").write_text(post_markdown(work, is_credited=True), "utf-8")
    (posts / "uncredited.html").write_text(post_html(work, is_credited=False), "utf-8")
    (site / "notes.txt").write_text("Not a post; the hook must leave it alone.\n")
    _git(site, "init", "-q")
    _git(site, "add", ".")
    _git(site, "commit", "-q", "-m", "posts")
    return site


def try_repo(
    site: Path, tmp_path: Path, *files: str
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "PRE_COMMIT_COLOR": "never",
        "NO_COLOR": "1",
    }
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pre_commit",
            "try-repo",
            str(ROOT),
            "reprint-check",
            "--files",
            *files,
        ],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow
def test_hook_passes_a_credited_post(site: Path, tmp_path: Path) -> None:
    result = try_repo(site, tmp_path, "content/posts/credited.md")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{HOOK_NAME}..." in result.stdout
    assert result.stdout.rstrip().endswith("Passed")


@pytest.mark.slow
def test_hook_fails_an_uncredited_post_and_says_what_to_add(
    site: Path, tmp_path: Path, work: Work
) -> None:
    result = try_repo(
        site,
        tmp_path,
        "content/posts/credited.md",
        "content/posts/uncredited.html",
        "notes.txt",
    )
    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout
    assert "Failed\n- hook id: reprint-check\n- exit code: 1\n" in out
    assert "content/posts/uncredited.html: NON-COMPLIANT" in out
    assert "content/posts/credited.md: COMPLIANT" in out
    assert f"    {work.credit_line}" in out
    assert "notes.txt" not in out  # not a post: filtered out by `files`
