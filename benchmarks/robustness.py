"""The robustness sweep: no traceback, no hang, no run over 512 MB, on any input.

    python benchmarks/corpus.py [--from-mirror DIR]          # the real files, once
    python benchmarks/robustness.py corpus  [--only pdf.js,...] [--timeout-s 120]
    python benchmarks/robustness.py mutants [--count 3000] [--seed 14]
    python benchmarks/robustness.py report                   # both tables again

``corpus`` runs ``reprint extract FILE`` and ``reprint check --format json FILE``
as processes, one per file and command, over the public test documents that
``corpus.py`` fetched (the cache it names). ``mutants`` derives seeded mutants of
the project's own fixtures (``fixtures/``: byte flips, truncation, chunk duplication
and splicing, DOCX zip members damaged or dropped, PDF streams, xref and trailer
damaged, HTML tags and CSS rules mutated) and reads each in a process forked for
it, through the library (``reprint.extract``, then the checker on its document),
which is how the CLI and the service call it; a process per mutant keeps each
one's memory and time its own, without paying an interpreter start per mutant.

Every run records its exit status (for a mutant: ok, the ``ReprintError`` code,
or ``traceback``), whether a Python traceback was printed, its wall and CPU time and its
peak RSS (``ru_maxrss`` from ``wait4``). A run still going after ``--timeout-s``
wall seconds is killed and counted as a hang. The table prints the exit-status
counts, tracebacks, hangs, runs over 512 MB and the slowest files, each PDF among
them against ``pdftotext`` on the same file (the minimum of three alternating
runs of each). Two runs at a time (``--jobs``), at nice 10. Results go to
``benchmarks/out/robustness/`` (one JSON line per run; the inputs of failed
mutant runs are saved beside them to reproduce).

Peak RSS of a forked mutant run includes the pages it shares with the harness at
fork time (the harness's own RSS, printed with the table), so it is an upper bound.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
import traceback
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
OUT_DIR = BENCH_DIR / "out" / "robustness"
FIXTURES = ROOT / "fixtures"
DEFAULT_CACHE = Path.home() / ".cache" / "reprint-corpus"
PYTHON = sys.executable
_SCRIPT = Path(PYTHON).with_name("reprint")
REPRINT = (str(_SCRIPT),) if _SCRIPT.exists() else (PYTHON, "-m", "reprint")
MEMORY_GOAL_MB = 512  # issue 14, item 3: the sweep peaks under 512 MB per process
NICE = 10
TRACEBACK = "Traceback (most recent call last)"
# A safety net for the machine, far above the goal: a bomb fails here instead of
# swapping; such a run is reported over the goal all the same.
ADDRESS_SPACE_CAP = 4 << 30
# Fixtures over this size make slow mutants without new structure to damage.
MAX_FIXTURE_BYTES = 400_000


@dataclass(frozen=True, slots=True)
class Run:
    """One command on one input."""

    kind: str  # "corpus", "corpus-cli" (processes) or "mutant"
    command: str  # "extract" or "check" (corpus); "extract+check" (mutants)
    input: str
    status: str  # exit status (corpus) or ok / an error code / traceback / hang
    has_traceback: bool
    wall_s: float
    peak_rss_mb: float
    detail: str = ""
    cpu_s: float = 0.0  # user + system time of the run's process


# ----------------------------------------------------------------------------------
# Process-level measurement


def _niced() -> None:
    os.nice(NICE)
    os.setpgrp()


def run_process(
    argv: list[str], timeout_s: float
) -> tuple[int | None, str, float, resource.struct_rusage]:
    """Exit status (None: killed at the timeout), stderr, wall s, rusage."""
    start = time.perf_counter()
    with subprocess.Popen(
        argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=_niced,
    ) as process:
        assert process.stderr is not None
        # Read stderr in a thread so a chatty child never blocks on a full pipe.
        chunks: list[bytes] = []
        with ThreadPoolExecutor(1) as reader:
            pending = reader.submit(lambda: chunks.append(process.stderr.read()))
            status, rusage = _wait(process.pid, start, timeout_s)
            pending.result()
        process.returncode = -1  # reaped by _wait; keeps Popen from waiting again
    wall = time.perf_counter() - start
    return status, b"".join(chunks).decode(errors="replace"), wall, rusage


def _wait(
    pid: int, start: float, timeout_s: float
) -> tuple[int | None, resource.struct_rusage]:
    """Wait for ``pid`` (killing its group after ``timeout_s``): status, rusage."""
    killed = False
    while True:
        done, raw, rusage = os.wait4(pid, os.WNOHANG)
        if done:
            status = None if killed else os.waitstatus_to_exitcode(raw)
            return status, rusage
        if not killed and time.perf_counter() - start > timeout_s:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
            killed = True
        time.sleep(0.01)


# ----------------------------------------------------------------------------------
# (a) the corpus


def corpus_files(cache: Path, only: set[str] | None) -> list[tuple[str, Path]]:
    """(source name, path) of every file ``corpus.py`` fetched, in manifest order."""
    files = []
    for manifest in sorted(cache.glob("*.tsv")):
        source = manifest.stem
        if only and source not in only:
            continue
        for line in manifest.read_text().splitlines():
            _commit, path, _size, _blob = line.split("\t")
            files.append((source, cache / source / path))
    return files


def sweep_corpus(
    cache: Path, only: set[str] | None, timeout_s: float, jobs: int, is_cli: bool
) -> Iterator[Run]:
    files = corpus_files(cache, only)
    if not files:
        raise SystemExit(f"error: no corpus in {cache}: run benchmarks/corpus.py")
    if not is_cli:
        yield from sweep_forked(
            (
                Mutant(f"{source}/{path.relative_to(cache / source)}", path=path)
                for source, path in files
            ),
            timeout_s,
            jobs,
        )
        return
    commands = {
        "extract": ["extract"],
        "check": ["check", "--format", "json"],
    }

    def one(item: tuple[str, str, Path]) -> Run:
        command, source, path = item
        argv = [*REPRINT, *commands[command], str(path)]
        status, stderr, wall, rusage = run_process(argv, timeout_s)
        last = next(
            (line for line in reversed(stderr.splitlines()) if line.strip()), ""
        )
        return Run(
            "corpus-cli",
            command,
            f"{source}/{path.relative_to(cache / source)}",
            "hang" if status is None else str(status),
            TRACEBACK in stderr,
            wall,
            rusage.ru_maxrss / 1024,
            last[:300] if TRACEBACK in stderr or status not in (0, 1, 2) else "",
            _cpu(rusage),
        )

    items = [(c, s, p) for s, p in files for c in commands]
    with ThreadPoolExecutor(jobs) as pool:
        yield from pool.map(one, items)


# ----------------------------------------------------------------------------------
# (b) mutants of the fixtures

Mutator = Callable[[random.Random, bytes, list[bytes]], bytes]


def byte_flips(rng: random.Random, data: bytes, _peers: list[bytes]) -> bytes:
    out = bytearray(data)
    for _ in range(rng.choice((1, 2, 4, 16, 64))):
        out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def truncation(rng: random.Random, data: bytes, _peers: list[bytes]) -> bytes:
    return data[: rng.randrange(len(data))]


def chunk_duplication(rng: random.Random, data: bytes, _peers: list[bytes]) -> bytes:
    start = rng.randrange(len(data))
    chunk = data[start : start + rng.choice((1, 16, 256, 4096))]
    at = rng.randrange(len(data))
    return data[:at] + chunk * rng.choice((1, 2, 50)) + data[at:]


def splice(rng: random.Random, data: bytes, peers: list[bytes]) -> bytes:
    """Head of this file, tail of another file of the same format."""
    other = rng.choice(peers) or b" "  # a fixture may be empty
    return data[: rng.randrange(len(data))] + other[rng.randrange(len(other)) :]


def _text_damage(rng: random.Random, text: bytes) -> bytes:
    """Damage an XML or HTML text where its structure is: tags and attributes."""
    tags = [m.start() for m in re.finditer(rb"<", text)] or [0]
    at = rng.choice(tags)
    choice = rng.randrange(6)
    if choice == 0:  # drop a tag's start: unbalanced markup
        return text[:at] + text[at + 1 :]
    if choice == 1:  # duplicate a tag and its content many times
        end = text.find(b">", at) + 1 or len(text)
        return text[:at] + text[at:end] * rng.choice((2, 100, 2000)) + text[at:]
    if choice == 2:  # unclosed nesting, deep
        return text[:at] + b"<b><i>" * rng.choice((100, 3000)) + text[at:]
    if choice == 3:  # a stray entity, NUL or control character
        junk = rng.choice((b"&#0;", b"\0", b"\x1b", b"&bogus;", b"\xff\xfe", b"]]>"))
        return text[:at] + junk + text[at:]
    if choice == 4:  # a quote dropped from an attribute
        quote = text.find(b'"', at)
        return text if quote < 0 else text[:quote] + text[quote + 1 :]
    return truncation(rng, text, [])


def zip_member(rng: random.Random, data: bytes, _peers: list[bytes]) -> bytes:
    """A DOCX whose zip still opens but one member is damaged, dropped or doubled."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            members = [(i, source.read(i)) for i in source.infolist()]
    except (zipfile.BadZipFile, OSError, EOFError):
        return byte_flips(rng, data, _peers)
    index = rng.randrange(len(members))
    info, content = members[index]
    action = rng.randrange(5)
    if action == 0:
        del members[index]
    elif action == 1:
        members.insert(index, (info, content))  # a duplicate name
    else:
        members[index] = (info, _text_damage(rng, content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member, body in members:
            target.writestr(member.filename, body)
    return out.getvalue()


_STREAM = re.compile(rb"stream\r?\n")
_NUMBER = re.compile(rb"\d+")


def pdf_structure(rng: random.Random, data: bytes, _peers: list[bytes]) -> bytes:
    """Damage where a PDF reader looks: streams, /Length, xref, trailer, filters."""
    action = rng.randrange(6)
    if action == 0:  # garbage inside a stream
        starts = [m.end() for m in _STREAM.finditer(data)]
        if starts:
            at = rng.choice(starts) + rng.randrange(64)
            size = rng.choice((1, 8, 200))
            return data[:at] + rng.randbytes(size) + data[at + size :]
    elif action == 1:  # a /Length that lies
        lengths = [m.end() for m in re.finditer(rb"/Length\s+", data)]
        if lengths:
            at = rng.choice(lengths)
            end = (
                at + len(_NUMBER.match(data, at)[0]) if _NUMBER.match(data, at) else at
            )
            lie = str(rng.choice((0, 1, 10**9, -5))).encode()
            return data[:at] + lie + data[end:]
    elif action == 2:  # startxref or xref offsets moved
        for marker in (b"startxref", b"xref"):
            where = data.rfind(marker)
            if where >= 0:
                digits = [m.start() for m in _NUMBER.finditer(data, where, where + 400)]
                if digits:
                    at = rng.choice(digits)
                    return data[:at] + str(rng.randrange(10)).encode() + data[at + 1 :]
    elif action == 3:  # another filter named
        filters = [m.start() for m in re.finditer(rb"/FlateDecode", data)]
        if filters:
            at = rng.choice(filters)
            other = rng.choice((b"/LZWDecode", b"/ASCII85Decode", b"/DCTDecode", b"/X"))
            return data[:at] + other + data[at + len(b"/FlateDecode") :]
    elif action == 4:  # an object reference pointed elsewhere
        refs = [m.start(1) for m in re.finditer(rb"(\d+) 0 R", data)]
        if refs:
            at = rng.choice(refs)
            end = at + len(_NUMBER.match(data, at)[0])
            return data[:at] + str(rng.randrange(1, 60)).encode() + data[end:]
    else:  # the trailer cut off
        return data[: max(1, data.rfind(b"trailer") + rng.randrange(1, 40))]
    return byte_flips(rng, data, _peers)


_CSS = (
    b"*{display:none}",
    b"p:nth-child(2n+1) ~ p{visibility:hidden}",
    b"div div div div div p{color:#fff}",
    b"@media (min-width:1px){p{font-size:0}}",
    b"@import url(missing.css);",
    b":root{--x:var(--x)}p{display:var(--x)}",
    b"p{color:rgb(300,-1,nan)}",
    b"@supports (display:grid){@layer a{p{opacity:0}}}",
    b"p:has(> :is(a,b):not(:where(i))){clip-path:inset(50%)}",
    b"p{" + b"x" * 5000 + b"}",
    b"\\" * 50,
    b"/*",
)


def html_markup(rng: random.Random, data: bytes, _peers: list[bytes]) -> bytes:
    """Tags and style rules: deep or broken nesting, odd selectors, hiding rules."""
    if rng.random() < 0.5:
        return _text_damage(rng, data)
    rule = rng.choice(_CSS) * rng.choice((1, 1, 20, 500))
    at = rng.choice([m.end() for m in re.finditer(rb">", data)] or [0])
    if rng.random() < 0.5:
        return data[:at] + b"<style>" + rule + b"</style>" + data[at:]
    return data[:at] + b'<p style="' + rule.replace(b'"', b"") + b'">x</p>' + data[at:]


GENERIC: tuple[Mutator, ...] = (byte_flips, truncation, chunk_duplication, splice)
BY_FORMAT: dict[str, tuple[Mutator, ...]] = {
    ".pdf": (*GENERIC, pdf_structure, pdf_structure),
    ".docx": (*GENERIC, zip_member, zip_member),
    ".html": (*GENERIC, html_markup, html_markup),
    ".md": GENERIC,
}


def fixture_files() -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {}
    for path in sorted(FIXTURES.rglob("*")):
        suffix = ".html" if path.suffix == ".htm" else path.suffix
        is_small = path.is_file() and path.stat().st_size <= MAX_FIXTURE_BYTES
        if suffix in BY_FORMAT and is_small:
            found.setdefault(suffix, []).append(path)
    return found


@dataclass(frozen=True, slots=True)
class Mutant:
    """An input read in a forked process: bytes (a mutant) or a file (the corpus)."""

    label: str
    data: bytes = b""
    path: Path | None = None


def mutants(count: int, seed: int, start: int = 0) -> Iterator[Mutant]:
    """``count`` mutants, the same for the same seed and fixtures, from ``start``."""
    rng = random.Random(seed)
    files = fixture_files()
    contents = {s: [p.read_bytes() for p in paths] for s, paths in files.items()}
    suffixes = sorted(files)
    for number in range(count):
        suffix = suffixes[number % len(suffixes)]
        index = rng.randrange(len(files[suffix]))
        data = contents[suffix][index] or b" "
        mutator = rng.choice(BY_FORMAT[suffix])
        for _ in range(rng.choice((1, 1, 1, 2, 3))):
            data = mutator(rng, data, contents[suffix]) or b" "
        name = files[suffix][index].relative_to(FIXTURES)
        if number < start:
            continue  # made all the same: the ones after depend on its draws
        yield Mutant(f"{number:05d}-{mutator.__name__}-{name}", data)


def _read_mutant(mutant: Mutant) -> tuple[str, str]:
    """In the forked child: (status, detail) of extract then check."""
    from reprint import pipeline
    from reprint.errors import ReprintError

    source = mutant.data if mutant.path is None else mutant.path
    try:
        document = pipeline.extract(source, name=Path(mutant.label).name)
    except ReprintError as exc:
        return type(exc).code, str(exc).splitlines()[0][:200] if str(exc) else ""
    except Exception:
        return "traceback", traceback.format_exc()[-2000:]
    try:
        report = pipeline.check_document(document, file=mutant.label)
    except Exception:
        return "traceback", traceback.format_exc()[-2000:]
    return report.verdict.value, ""


def _child(mutant: Mutant, write_fd: int, timeout_s: float) -> None:
    os.nice(NICE)
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_CAP, ADDRESS_SPACE_CAP))
    # A CPU budget backs up the wall timeout should the parent be slow to kill.
    cpu = int(timeout_s) + 5
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    try:
        status, detail = _read_mutant(mutant)
    except MemoryError:
        status, detail = "memory", "MemoryError at the address-space cap"
    with os.fdopen(write_fd, "w") as out:
        json.dump({"status": status, "detail": detail}, out)


def _fork_mutant(mutant: Mutant, timeout_s: float) -> tuple[int, int]:
    """Start reading ``mutant`` in a forked child: its pid and the pipe to read."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: read, write the outcome, leave at once
        os.close(read_fd)
        code = 0
        try:
            _child(mutant, write_fd, timeout_s)
        except BaseException:  # nothing may unwind into the parent's code
            code = 3
        os._exit(code)
    os.close(write_fd)
    return pid, read_fd


def _mutant_run(
    mutant: Mutant,
    status: int | None,
    outcome: str,
    wall: float,
    rusage: resource.struct_rusage,
) -> Run:
    kind = "mutant" if mutant.path is None else "corpus"
    if status is None:
        verdict, detail = "hang", "killed at the wall timeout"
    elif status != 0 or not outcome:
        verdict, detail = "traceback", f"child ended with status {status}"
    else:
        parsed = json.loads(outcome)
        verdict, detail = parsed["status"], parsed["detail"]
    return Run(
        kind,
        "extract+check",
        mutant.label,
        verdict,
        verdict == "traceback",
        wall,
        rusage.ru_maxrss / 1024,
        detail,
        _cpu(rusage),
    )


def sweep_forked(
    pending: Iterator[Mutant], timeout_s: float, jobs: int
) -> Iterator[Run]:
    """Read each input in its own forked child, ``jobs`` at a time, from this thread.

    Forking from a single-threaded parent keeps every lock in the child free.
    """
    # Import the readers before forking, so each child starts warm.
    from reprint import pipeline  # noqa: F401
    from reprint.formats.docx import reader as _docx  # noqa: F401
    from reprint.formats.html import reader as _html  # noqa: F401
    from reprint.formats.pdf import reader as _pdf  # noqa: F401

    failures = OUT_DIR / "failures"
    running: dict[int, tuple[Mutant, float, int, list[bytes], bool]] = {}
    exhausted = False
    while running or not exhausted:
        while not exhausted and len(running) < jobs:
            mutant = next(pending, None)
            if mutant is None:
                exhausted = True
                break
            pid, read_fd = _fork_mutant(mutant, timeout_s)
            os.set_blocking(read_fd, False)
            running[pid] = (mutant, time.perf_counter(), read_fd, [], False)
        time.sleep(0.005)
        for pid, (mutant, start, read_fd, chunks, killed) in list(running.items()):
            try:
                chunk = os.read(read_fd, 65536)
                if chunk:
                    chunks.append(chunk)
            except BlockingIOError:
                pass
            done, raw, rusage = os.wait4(pid, os.WNOHANG)
            if not done:
                if not killed and time.perf_counter() - start > timeout_s:
                    os.kill(pid, signal.SIGKILL)
                    running[pid] = (mutant, start, read_fd, chunks, True)
                continue
            wall = time.perf_counter() - start
            os.set_blocking(read_fd, True)
            with os.fdopen(read_fd, "rb") as pipe:
                chunks.append(pipe.read())
            del running[pid]
            status = None if killed else os.waitstatus_to_exitcode(raw)
            outcome = b"".join(chunks).decode(errors="replace")
            run = _mutant_run(mutant, status, outcome, wall, rusage)
            is_failure = run.has_traceback or run.status in ("hang", "memory")
            if mutant.path is None and (is_failure or run.peak_rss_mb > MEMORY_GOAL_MB):
                failures.mkdir(parents=True, exist_ok=True)
                (failures / run.input.replace("/", "_")).write_bytes(mutant.data)
            yield run


# ----------------------------------------------------------------------------------
# The table


def _cpu(rusage: resource.struct_rusage) -> float:
    return rusage.ru_utime + rusage.ru_stime


def pdftotext_s(path: Path, rounds: int = 3) -> dict[str, tuple[float, float]]:
    """``reprint extract`` and ``pdftotext`` alternated: minimum (wall, CPU) s each."""
    best = {"reprint": (float("inf"),) * 2, "pdftotext": (float("inf"),) * 2}
    argv = {
        "reprint": [*REPRINT, "extract", str(path)],
        "pdftotext": ["pdftotext", str(path), "/dev/null"],
    }
    for _ in range(rounds):
        for name in ("reprint", "pdftotext"):
            _status, _err, wall, rusage = run_process(argv[name], 300)
            best[name] = (min(best[name][0], wall), min(best[name][1], _cpu(rusage)))
    return best


def summarize(runs: list[Run], cache: Path, slowest: int) -> str:
    lines = []
    for kind in ("corpus", "corpus-cli", "mutant"):
        mine = [r for r in runs if r.kind == kind]
        if not mine:
            continue
        statuses = Counter((r.command, r.status) for r in mine)
        lines.append(
            f"## {kind}: {len(mine)} runs, {len({r.input for r in mine})} inputs"
        )
        lines.append("")
        lines.append("| command | status | runs |")
        lines.append("| --- | --- | --- |")
        lines += [f"| {c} | {s} | {n} |" for (c, s), n in sorted(statuses.items())]
        lines.append("")
        over = [r for r in mine if r.peak_rss_mb > MEMORY_GOAL_MB]
        tracebacks = [r for r in mine if r.has_traceback]
        hangs = [r for r in mine if r.status == "hang"]
        lines.append(
            f"tracebacks {len(tracebacks)}, hangs {len(hangs)}, "
            f"over {MEMORY_GOAL_MB} MB {len(over)}, "
            f"peak RSS max {max(r.peak_rss_mb for r in mine):.0f} MB, "
            f"wall max {max(r.wall_s for r in mine):.2f} s, "
            f"CPU max {max(r.cpu_s for r in mine):.2f} s, "
            f"CPU total {sum(r.cpu_s for r in mine):.0f} s"
        )
        for r in [*tracebacks, *hangs, *over][:40]:
            last = r.detail.strip().splitlines()[-1] if r.detail.strip() else ""
            lines.append(
                f"- {r.status} {r.command} {r.input} ({r.cpu_s:.1f} s CPU, "
                f"{r.peak_rss_mb:.0f} MB): {last}"
            )
        lines.append("")
        lines.append(f"slowest {slowest} by CPU time:")
        lines.append("")
        lines.append(
            "| command | input | CPU s | wall s | peak MB "
            "| `reprint extract` CPU / wall s | pdftotext CPU / wall s | CPU ratio |"
        )
        lines.append("| --- | --- | --- | --- | --- | --- | --- | --- |")
        for r in sorted(mine, key=lambda r: -r.cpu_s)[:slowest]:
            ratio = base = ours = ""
            if (
                kind != "mutant"
                and r.input.lower().endswith(".pdf")
                and shutil.which("pdftotext")
            ):
                source, _, rest = r.input.partition("/")
                best = pdftotext_s(cache / source / rest)
                (our_wall, our_cpu), (wall, cpu) = best["reprint"], best["pdftotext"]
                ours = f"{our_cpu:.2f} / {our_wall:.2f}"
                base = f"{cpu:.2f} / {wall:.2f}"
                ratio = f"{our_cpu / max(cpu, 0.001):.1f}x"
            lines.append(
                f"| {r.command} | {r.input} | {r.cpu_s:.2f} | {r.wall_s:.2f} "
                f"| {r.peak_rss_mb:.0f} | {ours} | {base} | {ratio} |"
            )
        lines.append("")
    return "\n".join(lines)


def _load(name: str) -> list[Run]:
    path = OUT_DIR / f"{name}.jsonl"
    if not path.exists():
        return []
    return [Run(**json.loads(line)) for line in path.read_text().splitlines()]


def main(argv: list[str] | None = None) -> int:
    global NICE  # the children read it when they start
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=("corpus", "mutants", "report"))
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--only", help="corpus: comma-separated source names")
    parser.add_argument("--count", type=int, default=3000, help="mutants to run")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument(
        "--start", type=int, default=0, help="mutants: resume at this number"
    )
    parser.add_argument("--timeout-s", type=float, default=120.0)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--slowest", type=int, default=8)
    parser.add_argument("--nice", type=int, default=NICE, help="niceness of runs")
    parser.add_argument(
        "--cli",
        action="store_true",
        help="corpus: run `reprint extract` and `reprint check` as processes",
    )
    args = parser.parse_args(argv)
    NICE = args.nice
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    cache = args.cache.expanduser()
    if args.what != "report":
        name = args.what + ("-cli" if args.cli else "")
        started = time.time()
        if args.what == "corpus":
            only = set(args.only.split(",")) if args.only else None
            runs = sweep_corpus(cache, only, args.timeout_s, args.jobs, args.cli)
        else:
            if not args.start and (OUT_DIR / "failures").exists():
                shutil.rmtree(OUT_DIR / "failures")
            stream = mutants(args.count, args.seed, args.start)
            runs = sweep_forked(stream, args.timeout_s, args.jobs)
        mode = "a" if args.what == "mutants" and args.start else "w"
        with (OUT_DIR / f"{name}.jsonl").open(mode) as out:
            for number, run in enumerate(runs, 1):
                out.write(json.dumps(asdict(run)) + "\n")
                out.flush()
                if run.has_traceback or run.status == "hang":
                    print(f"{run.status}: {run.command} {run.input}", file=sys.stderr)
                if number % 200 == 0:
                    print(
                        f"{number} runs, {time.time() - started:.0f} s", file=sys.stderr
                    )
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"(harness RSS {own:.0f} MB; load average {os.getloadavg()[0]:.2f})")
    print(
        summarize(
            _load("corpus") + _load("corpus-cli") + _load("mutants"),
            cache,
            args.slowest,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
