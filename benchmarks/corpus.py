"""Fetch the public test documents the robustness sweep reads, at pinned commits.

    python benchmarks/corpus.py [--cache DIR] [--from-mirror DIR] [--only NAME,...]
    python benchmarks/corpus.py --list

Other projects' test files (PDF, DOCX, HTML) are documents nobody on this project
wrote: pdf.js, pypdf, pdfminer.six and pdfplumber collect PDFs that broke a reader;
python-docx, Apache POI and pandoc collect DOCX files; mozilla/readability and
trafilatura collect saved web pages. Each source is pinned to the commit the figures
in ``benchmarks/README.md`` were measured on, so the sweep is repeatable.

The files go into a cache outside the repository (default
``~/.cache/reprint-corpus``, ``--cache``), one folder per source, with the
repository's paths below it and ``<name>.tsv`` beside it listing every file
(commit, path, bytes, git blob id). A file already there with the right blob id is kept.

With network access the script makes a blobless clone of each repository (``git
clone --filter=blob:none``: only the selected files' contents are downloaded) under
``CACHE/_git``. ``--from-mirror DIR`` reads existing git directories instead, for a
machine without network: ``DIR/owner+name/repo`` (bare) or ``DIR/owner+name`` (a
clone or bare repository), such as the mirrors made by a sandbox's fetch tool.
Either way the pinned commit must be present; the script never reads another one.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DEFAULT_CACHE = Path.home() / ".cache" / "reprint-corpus"
EXTENSIONS = (".pdf", ".docx", ".html", ".htm")


@dataclass(frozen=True, slots=True)
class Source:
    """A repository's test documents: files under ``folders`` with ``suffixes``."""

    name: str
    repo: str  # owner/name on GitHub
    commit: str
    folders: tuple[str, ...]
    suffixes: tuple[str, ...] = EXTENSIONS
    # A file name to take alone (readability's source.html beside expected.html).
    only_name: str | None = None

    @property
    def url(self) -> str:
        return f"https://github.com/{self.repo}.git"


# The commits the sweep in benchmarks/README.md read (each repository's default
# branch as mirrored on 2026-12-03).
SOURCES = (
    Source(
        "pdf.js",
        "mozilla/pdf.js",
        "0f26334f9d6f96119f6e5164fb65832fbbde7344",
        ("test/pdfs/",),
        (".pdf",),
    ),
    Source(
        "pypdf",
        "py-pdf/pypdf",
        "f6853ccd3ff492309c84060186aabc88ed472ffd",
        ("resources/",),
        (".pdf",),
    ),
    Source(
        "pdfminer.six",
        "pdfminer/pdfminer.six",
        "9e1243c4ad000bf9bbe60e81fc8dde2fccc0ed3b",
        ("samples/",),
        (".pdf",),
    ),
    Source(
        "pdfplumber",
        "jsvine/pdfplumber",
        "147f2c4c07dc1191fc1d05bb589b4f6af3aaf74a",
        ("tests/pdfs/",),
        (".pdf",),
    ),
    Source(
        "python-docx",
        "python-openxml/python-docx",
        "e45454602b53e8e572b179ccf1c91093ec9f4ed7",
        ("features/", "tests/"),
        (".docx",),
    ),
    Source(
        "poi",
        "apache/poi",
        "a528d43590b3f71aa94310de881a35af887fdd0f",
        ("test-data/",),
        (".docx",),
    ),
    Source(
        "pandoc",
        "jgm/pandoc",
        "0a9a2f261510322ee5a33a2a7facce54b8a718ec",
        ("test/",),
        (".docx", ".html", ".htm"),
    ),
    Source(
        "readability",
        "mozilla/readability",
        "ab4027a8b37669745016869a37a504727992b2ba",
        ("test/test-pages/",),
        (".html",),
        only_name="source.html",
    ),
    # tests/cache and tests/resources are whole saved pages; tests/eval (878 pages,
    # 136 MiB) is left out to keep a sweep under an hour on two cores.
    Source(
        "trafilatura",
        "adbar/trafilatura",
        "e90b0ef51ab026fdb905fb6c5b3c84dd3d784fd5",
        ("tests/cache/", "tests/resources/"),
        (".html", ".htm"),
    ),
)


@dataclass(frozen=True, slots=True)
class Entry:
    """One file of a source at its commit; ``size`` -1 when the blob is absent."""

    path: str
    size: int
    blob: str


def _git(git_dir: Path, *args: str, data: bytes | None = None) -> bytes:
    return subprocess.run(
        ["git", f"--git-dir={git_dir}", *args],
        input=data,
        capture_output=True,
        check=True,
    ).stdout


def mirror_git_dir(mirror: Path, source: Source) -> Path:
    """The git directory of ``source`` under a mirror folder."""
    base = mirror / source.repo.replace("/", "+")
    for candidate in (base / "repo", base / ".git", base):
        if (candidate / "objects").is_dir():
            return candidate
    raise SystemExit(f"error: no git directory for {source.repo} under {base}")


def clone_git_dir(cache: Path, source: Source) -> Path:
    """A blobless bare clone of ``source`` under ``cache/_git`` holding its commit."""
    git_dir = cache / "_git" / source.repo.replace("/", "+")
    if not (git_dir / "objects").is_dir():
        git_dir.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["git", "clone", "--bare", "--filter=blob:none", source.url, str(git_dir)],
            check=True,
        )
    has_commit = subprocess.run(
        [
            "git",
            f"--git-dir={git_dir}",
            "cat-file",
            "-e",
            f"{source.commit}^{{commit}}",
        ],
        capture_output=True,
    )
    if has_commit.returncode != 0:
        _git(git_dir, "fetch", "--filter=blob:none", "origin", source.commit)
    return git_dir


def list_entries(git_dir: Path, source: Source) -> Iterator[Entry]:
    """The selected files of ``source`` at its pinned commit."""
    listing = _git(git_dir, "ls-tree", "-r", "-l", "-z", source.commit, "--")
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, _, raw_path = record.partition(b"\t")
        mode, kind, blob, size = meta.split()
        path = raw_path.decode("utf-8", "surrogateescape")
        if kind != b"blob" or mode == b"120000":
            continue
        if not path.startswith(source.folders):
            continue
        if not path.lower().endswith(source.suffixes):
            continue
        if source.only_name is not None and Path(path).name != source.only_name:
            continue
        # ls-tree prints "BAD" for a blob a partial mirror does not hold.
        yield Entry(path, int(size) if size.isdigit() else -1, blob.decode())


def blob_id(content: bytes) -> str:
    """Git's blob id of ``content``: a file unchanged since it was fetched keeps it."""
    return hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest()


def fetch_source(git_dir: Path, source: Source, cache: Path) -> list[Entry]:
    """Write ``source``'s selected files into ``cache/<name>/``; return them."""
    listed = list(list_entries(git_dir, source))
    entries = [e for e in listed if e.size >= 0]
    for entry in listed:
        if entry.size < 0:
            print(f"{source.name}: {entry.path} is not in the mirror", file=sys.stderr)
    target = cache / source.name
    wanted = []
    for entry in entries:
        path = target / entry.path
        if not (path.is_file() and blob_id(path.read_bytes()) == entry.blob):
            wanted.append(entry)
    if wanted:
        # One cat-file process for all the blobs (a blobless clone fetches them here).
        out = _git(
            git_dir,
            "cat-file",
            "--batch",
            data=b"".join(f"{e.blob}\n".encode() for e in wanted),
        )
        offset = 0
        for entry in wanted:
            header_end = out.index(b"\n", offset)
            blob, kind, size = out[offset:header_end].split()
            if blob.decode() != entry.blob or kind != b"blob":
                raise SystemExit(f"error: git gave another object for {entry.path}")
            start = header_end + 1
            content = out[start : start + int(size)]
            offset = start + int(size) + 1
            path = target / entry.path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
    return entries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument(
        "--from-mirror",
        type=Path,
        metavar="DIR",
        help="read local git mirrors (DIR/owner+name[/repo]) instead of cloning",
    )
    parser.add_argument("--only", help="comma-separated source names")
    parser.add_argument("--list", action="store_true", help="list the sources")
    args = parser.parse_args(argv)
    sources = SOURCES
    if args.only:
        names = set(args.only.split(","))
        unknown = names - {s.name for s in SOURCES}
        if unknown:
            parser.error(f"unknown source(s): {', '.join(sorted(unknown))}")
        sources = tuple(s for s in SOURCES if s.name in names)
    if args.list:
        for source in sources:
            print(f"{source.name}\t{source.url}\t{source.commit}\t{source.folders}")
        return 0
    cache: Path = args.cache.expanduser()
    cache.mkdir(parents=True, exist_ok=True)
    total = 0
    for source in sources:
        git_dir = (
            mirror_git_dir(args.from_mirror, source)
            if args.from_mirror
            else clone_git_dir(cache, source)
        )
        entries = fetch_source(git_dir, source, cache)
        lines = [f"{source.commit}\t{e.path}\t{e.size}\t{e.blob}\n" for e in entries]
        (cache / f"{source.name}.tsv").write_text("".join(lines))
        total += len(entries)
        print(f"{source.name}: {len(entries)} files", file=sys.stderr)
    print(f"{total} files in {cache}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
