"""Every CSL style, rendered by reprint and by citeproc-js, compared (on demand).

    git clone https://github.com/citation-style-language/styles /tmp/styles
    git clone https://github.com/citation-style-language/locales /tmp/locales
    (cd benchmarks/citeproc_js && npm ci)
    python benchmarks/csl_sweep.py /tmp/styles /tmp/locales [--jobs 2] [--limit N]

The record (the work's CSL-JSON, ``reprint.cite.csl_record``), plain and as an online
copy (a fixed URL and access date), is rendered through every independent style of
the styles repository, and through every dependent style whose ``default-locale``
differs from its parent's (a dependent without one renders exactly as its parent):
bibliography entry and first citation, in text, HTML and Markdown. citeproc-js 2.4.63
(npm ``citeproc``, pinned by benchmarks/citeproc_js/package-lock.json) renders the
same style and locale files in one node process over all styles, while reprint
renders them in ``--jobs`` worker processes. Both processors get the same locale
files: reprint's ``citeproc`` module is pointed at the locales checkout.
citeproc-js's renderings are cached (``--reference``), so a rerun renders only
reprint's side and the units not rendered before.

Each cell (style x record x form) falls in the first class that applies:

- ``crash``: reprint raised something other than a one-line usage error;
- ``refused``: reprint refused the style with a usage error (exit 2);
- ``text``: the plain text differs;
- ``html-only``: the text matches, the HTML does not;
- ``markdown``: reprint's Markdown, rendered by CommonMark (markdown-it-py), is not
  citeproc-js's HTML (compared as text with its emphasis, strong, superscript,
  subscript and small-caps runs, whitespace collapsed as a browser does). An
  ``html-only`` cell's Markdown is compared too, and counted here as well.

A style counts as exact in a format when all its cells of a form match. Printed:
the table of counts, then each difference by class (``--show N`` per class); every
cell is written to ``OUT/cells.jsonl`` with both processors' strings.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import multiprocessing
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

from lxml import etree
from markdown_it import MarkdownIt

HERE = Path(__file__).resolve().parent
DRIVER = HERE / "citeproc_js" / "render.js"
OUT = HERE / "out" / "csl-sweep"
CACHE = HERE / "out" / "citeproc-js"
CSL_NS = "http://purl.org/net/xbiblio/csl"
NS = {"cs": CSL_NS}
ONLINE_URL = "https://example.org/papers/kersten-2011"
ONLINE_ACCESSED = (2025, 5, 6)
FORMS = ("bibliography", "citation")
VARIANTS = ("plain", "online")
CLASSES = ("crash", "refused", "text", "html-only", "markdown")


# Units: what is rendered, once per distinct (style file, locale).


def units(styles: Path) -> tuple[list[dict[str, str]], dict[str, int]]:
    """One unit per independent style, and one per dependent style whose
    default-locale is not its parent's; counts of what was covered."""
    found: list[dict[str, str]] = []
    defaults: dict[str, str] = {}
    for path in sorted(styles.glob("*.csl")):
        root = etree.parse(str(path)).getroot()
        lang = root.get("default-locale") or "en-US"
        defaults[path.stem] = lang
        found.append({"key": path.stem, "style": str(path), "lang": lang})
    counts = Counter(independent=len(found))
    for path in sorted((styles / "dependent").glob("*.csl")):
        root = etree.parse(str(path)).getroot()
        parent = next(
            (
                str(link.get("href", "")).rsplit("/", 1)[-1]
                for link in root.iterfind("cs:info/cs:link", NS)
                if link.get("rel") == "independent-parent"
            ),
            "",
        )
        if parent not in defaults:
            counts["dependent without a parent"] += 1
            continue
        lang = root.get("default-locale")
        if lang is None or lang == defaults[parent]:
            counts["dependent as its parent"] += 1
            continue
        counts["dependent with its own locale"] += 1
        found.append(
            {
                "key": f"{path.stem} ({parent}, {lang})",
                "style": str(styles / f"{parent}.csl"),
                "lang": lang,
            }
        )
    return found, dict(counts)


def records() -> dict[str, dict[str, object]]:
    from reprint.cite import csl_record
    from reprint.work import default_work

    plain = csl_record(default_work())
    online = dict(plain, URL=ONLINE_URL)
    online["accessed"] = {"date-parts": [list(ONLINE_ACCESSED)]}
    return {"plain": plain, "online": online}


# reprint's side, in worker processes.


def _use_locales(locales: str) -> None:
    import citeproc

    meta = json.loads((Path(locales) / "locales.json").read_text("utf-8"))
    citeproc.LOCALES_PATH = locales
    citeproc.PRIMARY_DIALECTS = meta["primary-dialects"]
    citeproc.LANGUAGE_NAMES = meta["language-names"]


def _reprint_unit(
    args: tuple[dict[str, str], dict[str, dict[str, object]], str],
) -> dict[str, object]:
    unit, recs, locales = args
    _use_locales(locales)
    from reprint import csl
    from reprint.errors import UsageError
    from reprint.markup import Markup

    out: dict[str, object] = {"key": unit["key"]}
    try:
        style = csl.CslStyle.from_xml(Path(unit["style"]).read_bytes(), unit["style"])
    except UsageError as exc:
        return out | {"error": ("refused", str(exc))}
    except Exception as exc:  # a crash is what the sweep counts
        return out | {"error": ("crash", f"{type(exc).__name__}: {exc}")}
    for variant, record in recs.items():
        cells: dict[str, dict[str, object]] = {}
        for form in FORMS:
            cells[form] = {}
            for markup in Markup:
                try:
                    cells[form][str(markup)] = csl.render(
                        record,
                        style,
                        markup,
                        in_text=form == "citation",
                        locale=unit["lang"],
                    )
                except UsageError as exc:
                    cells[form][str(markup)] = ["refused", str(exc)]
                except Exception as exc:
                    where = _where(exc)
                    cells[form][str(markup)] = [
                        "crash",
                        f"{type(exc).__name__}: {exc}{where}",
                    ]
        out[variant] = cells
    return out


def _where(exc: BaseException) -> str:
    tb = exc.__traceback__
    last = None
    while tb is not None:
        last = tb
        tb = tb.tb_next
    if last is None:
        return ""
    code = last.tb_frame.f_code
    return f" ({Path(code.co_filename).name}:{last.tb_lineno} in {code.co_name})"


# Comparison


_MD = MarkdownIt("commonmark")
_TAG = re.compile(r"(<[^>]*>)")
_KEEP = {
    "i": "em",
    "em": "em",
    "b": "strong",
    "strong": "strong",
    "sup": "sup",
    "sub": "sub",
}
# A span's style: what it turns on (True) or off (False) within it.
_SPAN_STYLES = (
    ("font-variant:small-caps", "sc", True),
    ("text-decoration:underline", "u", True),
    ("font-style:normal", "em", False),
    ("font-weight:normal", "strong", False),
    ("font-variant:normal", "sc", False),
)


def canonical_html(markup: str) -> str:
    """HTML as a reader sees it: text, with its emphasis, strong, superscript,
    subscript, small-caps and underlined runs marked (in a fixed order, however
    they nest), a span that sets font-style, font-weight or font-variant "normal"
    ending the enclosing one within it; blocks as spaces; whitespace collapsed as
    a browser collapses it."""
    chars: list[tuple[str, frozenset[str]]] = []
    # What is on inside each open element, innermost last.
    stack: list[frozenset[str]] = [frozenset()]
    for token in _TAG.split(markup):
        if not token.startswith("<"):
            chars += [(c, stack[-1]) for c in html.unescape(token)]
            continue
        closing = token.startswith("</")
        name = re.match(r"</?\s*([a-zA-Z0-9]+)", token)
        tag = name.group(1).lower() if name else ""
        if tag in ("div", "p", "br"):
            chars.append((" ", frozenset()))
            continue
        if tag not in _KEEP and tag != "span":
            continue
        if closing:
            if len(stack) > 1:
                stack.pop()
            continue
        on = set(stack[-1])
        if tag in _KEEP:
            on.add(_KEEP[tag])
        for style, kind, value in _SPAN_STYLES:
            if style in token:
                if value:
                    on.add(kind)
                else:
                    on.discard(kind)
        stack.append(frozenset(on))
    # Whitespace at either end is not read (a rendered paragraph ends in a newline,
    # which must not count as text outside the last run).
    while chars and chars[-1][0] in " \t\n\r\f":
        chars.pop()
    pieces: list[str] = []
    last: frozenset[str] = frozenset()
    previous_space = True
    for char, on in chars:
        if char in " \t\n\r\f":
            if previous_space:
                continue
            char, previous_space = " ", True
        else:
            previous_space = False
        if on != last:
            pieces.append("[" + "+".join(sorted(on)) + "]")
            last = on
        pieces.append(char)
    return "".join(pieces).strip()


def markdown_html(markdown: str) -> str:
    return canonical_html(_MD.render(markdown))


def classify(ours: dict[str, object], theirs: dict[str, str]) -> tuple[str | None, str]:
    """The class of one cell's difference (None if it matches), and a detail."""
    for fmt in ("text", "html", "markdown"):
        value = ours[fmt]
        if isinstance(value, list):
            return str(value[0]), str(value[1])
    if ours["text"] != theirs["text"]:
        return "text", f"reprint {ours['text']!r}\n    citeproc-js {theirs['text']!r}"
    if ours["html"] != theirs["html"]:
        return (
            "html-only",
            f"reprint {ours['html']!r}\n    citeproc-js {theirs['html']!r}",
        )
    found = markdown_difference(ours, theirs)
    if found is not None:
        return "markdown", found
    return None, ""


def markdown_difference(ours: dict[str, object], theirs: dict[str, str]) -> str | None:
    """How reprint's Markdown, rendered by CommonMark, reads otherwise than
    citeproc-js's HTML; None if it reads the same."""
    got, want = markdown_html(str(ours["markdown"])), canonical_html(theirs["html"])
    if got != want:
        return f"reprint {got!r}\n    citeproc-js {want!r}"
    return None


def _commit(path: Path) -> str:
    found = subprocess.run(
        ["git", "-C", str(path), "rev-parse", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    )
    return found.stdout.strip() or "(not a git checkout)"


def _node(
    job: dict[str, object], folder: Path, reference: Path
) -> subprocess.Popen[bytes]:
    job_file = folder / "job.json"
    job_file.write_text(json.dumps(job), "utf-8")
    out = reference.open("wb")
    return subprocess.Popen(
        ["node", str(DRIVER), str(job_file)],
        stdout=out,
        env=os.environ | {"NODE_PATH": str(HERE / "citeproc_js" / "node_modules")},
    )


def reference_cache(
    styles: Path, locales: Path, recs: dict[str, dict[str, object]]
) -> Path:
    """Where citeproc-js's renderings are kept: they change only with the styles,
    the locales, citeproc-js's version (package-lock.json) and the records."""
    lock = json.loads((HERE / "citeproc_js" / "package-lock.json").read_text("utf-8"))
    version = lock["packages"]["node_modules/citeproc"]["version"]
    record = hashlib.sha256(json.dumps(recs, sort_keys=True).encode()).hexdigest()
    name = f"{_commit(styles)[:12]}-{_commit(locales)[:12]}-{version}-{record[:12]}"
    return CACHE / f"{name}.jsonl"


def _read_jsonl(path: Path) -> Iterator[dict[str, object]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("styles", type=Path, help="a checkout of CSL styles")
    parser.add_argument("locales", type=Path, help="a checkout of CSL locales")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--limit", type=int, help="only the first N units")
    parser.add_argument(
        "--every", type=int, default=1, help="every Nth unit (a systematic sample)"
    )
    parser.add_argument("--only", help="only units whose key contains this")
    parser.add_argument(
        "--keys",
        type=Path,
        help="only these units: a file of unit keys, one a line (a dependent "
        "style's unit by its own key or its full one)",
    )
    parser.add_argument("--show", type=int, default=10, help="differences per class")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument(
        "--reference",
        type=Path,
        help="citeproc-js's renderings (JSON lines): units found in it are read, "
        "the others rendered and added to it; by default a cache under "
        "benchmarks/out/citeproc-js/ named after the styles and locales commits, "
        "the citeproc-js version and the records",
    )
    args = parser.parse_args()

    all_units, coverage = units(args.styles)
    todo = [u for u in all_units if args.only is None or args.only in u["key"]]
    if args.keys is not None:
        wanted = set(args.keys.read_text("utf-8").split("\n")) - {""}
        todo = [
            u for u in todo if u["key"] in wanted or u["key"].split(" (")[0] in wanted
        ]
    todo = todo[:: args.every]
    todo = todo[: args.limit] if args.limit else todo
    recs = records()
    args.out.mkdir(parents=True, exist_ok=True)
    reference = args.reference or reference_cache(args.styles, args.locales, recs)
    reference.parent.mkdir(parents=True, exist_ok=True)
    known = (
        {str(r["key"]) for r in _read_jsonl(reference)} if reference.exists() else set()
    )
    missing = [u for u in todo if u["key"] not in known]
    print(f"citeproc-js: {len(todo) - len(missing)} units cached in {reference}")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        rendered = Path(tmp) / "citeproc-js.jsonl"
        node = None
        if missing:
            job = {"records": recs, "locales": str(args.locales), "units": missing}
            node = _node(job, Path(tmp), rendered)
        with multiprocessing.get_context("spawn").Pool(args.jobs) as pool:
            ours = {
                str(r["key"]): r
                for r in pool.imap_unordered(
                    _reprint_unit,
                    [(u, recs, str(args.locales)) for u in todo],
                    chunksize=4,
                )
            }
        python_done = time.perf_counter() - started
        if node is not None:
            if node.wait() != 0:
                print("citeproc-js failed", file=sys.stderr)
                return 2
            # Added only once node has finished, so a cache never holds half a line.
            with reference.open("a", encoding="utf-8") as cache:
                cache.write(rendered.read_text("utf-8"))
    theirs = {str(r["key"]): r for r in _read_jsonl(reference)}
    elapsed = time.perf_counter() - started

    report(args, todo, ours, theirs, coverage, python_done, elapsed)
    return 0


def report(
    args: argparse.Namespace,
    todo: list[dict[str, str]],
    ours: dict[str, dict[str, object]],
    theirs: dict[str, dict[str, object]],
    coverage: dict[str, int],
    python_done: float,
    elapsed: float,
) -> None:
    # style -> form -> set of classes over both records
    worst: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    differences: dict[str, list[str]] = defaultdict(list)
    reference_errors = Counter()
    with (args.out / "cells.jsonl").open("w", encoding="utf-8") as cells:
        for unit in todo:
            key = unit["key"]
            mine, ref = ours[key], theirs[key]
            for variant in VARIANTS:
                for form in FORMS:
                    want = ref[variant][form]  # type: ignore[index]
                    if any(str(v).startswith("error: ") for v in want.values()):
                        reference_errors[form] += 1
                        worst[key][form].add("reference-error")
                        continue
                    if "error" in mine:
                        kind, detail = mine["error"]  # type: ignore[misc]
                        got: dict[str, object] = {}
                    else:
                        got = mine[variant][form]  # type: ignore[index]
                        kind, detail = classify(got, want)
                    worst[key][form].add(kind or "exact")
                    cells.write(
                        json.dumps(
                            {
                                "key": key,
                                "variant": variant,
                                "form": form,
                                "class": kind or "exact",
                                "reprint": got,
                                "citeproc-js": want,
                            },
                            ensure_ascii=False,
                        )
                        + "\n"
                    )
                    if kind is not None:
                        differences[kind].append(
                            f"{key} [{variant} {form}]\n    {detail}"
                        )
                    if kind == "html-only":
                        # Markup that differs in HTML may read the same; the
                        # Markdown is compared all the same, not hidden by it.
                        found = markdown_difference(got, want)
                        if found is not None:
                            worst[key][form].add("markdown")
                            differences["markdown"].append(
                                f"{key} [{variant} {form}]\n    {found}"
                            )

    styles_root = args.styles
    print(
        f"CSL styles {_commit(styles_root)}, locales {_commit(args.locales)}; "
        f"citeproc-js 2.4.63 (node {_node_version()})"
    )
    print(
        "coverage: "
        + ", ".join(f"{v} {k}" for k, v in coverage.items())
        + f"; {len(todo)} units rendered"
        + (f" (every {args.every}th)" if args.every > 1 else "")
    )
    print(
        f"time: reprint {python_done:.0f} s on {args.jobs} processes, "
        f"all {elapsed:.0f} s"
    )
    n = len(todo)
    print()
    print(
        "| form | units | exact text | exact HTML | Markdown = HTML | crash | refused |"
    )
    print("|---|---|---|---|---|---|---|")
    for form in FORMS:
        usable = [k for k in ours if "reference-error" not in worst[k][form]]
        m = len(usable)

        def count(bad: set[str], keys: list[str] = usable, f: str = form) -> int:
            return sum(1 for k in keys if not (worst[k][f] & bad))

        fatal = {"crash", "refused"}
        text_ok = count(fatal | {"text"})
        html_ok = count(fatal | {"text", "html-only"})
        md_ok = count(fatal | {"text", "markdown"})
        crashes = sum(1 for k in usable if "crash" in worst[k][form])
        refused = sum(1 for k in usable if "refused" in worst[k][form])
        print(
            f"| {form} | {m} of {n} | {_pct(text_ok, m)} | {_pct(html_ok, m)} "
            f"| {_pct(md_ok, m)} | {crashes} | {refused} |"
        )
    print()
    print(
        "citeproc-js could not render: "
        + ", ".join(f"{v} {k} cells" for k, v in reference_errors.items())
        or "none"
    )
    for kind in CLASSES:
        found = differences.get(kind, [])
        styles = {d.split(" [", 1)[0] for d in found}
        print(f"\n## {kind}: {len(found)} cells in {len(styles)} units")
        for line in found[: args.show]:
            print(f"  {line}")
    (args.out / "differences.txt").write_text(
        "\n".join(
            f"## {kind}\n" + "\n".join(differences.get(kind, [])) for kind in CLASSES
        ),
        "utf-8",
    )


def _pct(k: int, n: int) -> str:
    return f"{k} ({100 * k / n:.1f} %)" if n else "-"


def _node_version() -> str:
    found = subprocess.run(
        ["node", "--version"], capture_output=True, text=True, check=False
    )
    return found.stdout.strip()


if __name__ == "__main__":
    sys.exit(main())
