"""Reading inputs: bounded, read-only, clear errors."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from reprint.errors import InputError, UnsafeInputError
from reprint.limits import Limits
from reprint.sources import expand_paths, read_source


def test_file_over_the_limit_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.html"
    with big.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: 100 MB that costs no disk
    with pytest.raises(
        UnsafeInputError, match=r"100\.0 MiB, over the 64 MiB limit"
    ) as caught:
        read_source(big)
    assert str(caught.value).endswith("limit (max_bytes)")
    assert caught.value.field == "max_bytes"


def test_small_limit_applies(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_bytes(b"x" * 2000)
    with pytest.raises(UnsafeInputError):
        read_source(page, Limits(max_input_bytes=1000))
    assert read_source(page, Limits(max_input_bytes=2000)) == b"x" * 2000


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p, "no such file"),
        (lambda p: (p.mkdir(), p)[1], "is a directory"),
    ],
    ids=["missing", "directory"],
)
def test_unreadable_paths_say_why(tmp_path: Path, make: object, message: str) -> None:
    path = tmp_path / "x.pdf"
    assert callable(make)
    make(path)
    with pytest.raises(InputError, match=message):
        read_source(path)


def test_input_is_never_modified(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_bytes(b"# Post\n\nText.")
    path.chmod(stat.S_IRUSR)
    before = path.stat()
    assert read_source(path) == b"# Post\n\nText."
    after = path.stat()
    assert (after.st_mtime_ns, after.st_size) == (before.st_mtime_ns, before.st_size)


def test_folders_are_walked_in_order_skipping_hidden_entries(tmp_path: Path) -> None:
    assets = ("css/site.css", "js/app.min.js", "js/app.min.js.map", "search.json")
    for name in ("b/2.html", "a.md", "b/1.pdf", ".git/config", "b/.DS_Store", *assets):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    found = [p.relative_to(tmp_path).as_posix() for p, _ in expand_paths([tmp_path])]
    assert found == ["a.md", "b/1.pdf", "b/2.html"]
    named = tmp_path / "a.md"
    folders = [folder for _, folder in expand_paths([tmp_path, named])]
    assert folders == [tmp_path, tmp_path, tmp_path, None]  # None: named itself
