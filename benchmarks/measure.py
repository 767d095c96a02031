"""Timing whole processes: interleaved runs, medians, peak RSS, and the result table.

Every benchmark compares ``reprint`` run as a process against a baseline run as a
process in the same rounds. The commands of one comparison are interleaved (each
round runs every command once, rotating which goes first) so that load from other
work on the machine falls on all of them alike; the ratio reported is the median of
the per-round ratios, which cancels slow drifts better than a ratio of medians.

Peak RSS comes from ``wait4``: the kernel's high-water mark of the child (or of its
largest waited-for descendant). A child inherits its parent's high-water mark
through fork and keeps it across exec, so a child forked from this (large)
process would report at least this process's RSS. Each command is therefore
started by a small trampoline interpreter, which forks, execs, times the command
and reports its rusage; the trampoline's own start-up is not timed. For process
trees (``--jobs``) the sum over the tree is polled with psutil as well.
"""

from __future__ import annotations

import compileall
import functools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import psutil

BENCH_DIR = Path(__file__).resolve().parent
OUT_DIR = BENCH_DIR / "out"
INPUT_DIR = OUT_DIR / "inputs"
RESULTS_DIR = OUT_DIR / "results"
PYTHON = sys.executable
# The console script a user runs; `python -m reprint` when the venv has none.
_SCRIPT = Path(PYTHON).with_name("reprint")
REPRINT: tuple[str, ...] = (
    (str(_SCRIPT),) if _SCRIPT.exists() else (PYTHON, "-m", "reprint")
)
# Polling every 10 ms catches a worker's peak without costing a core.
TREE_POLL_S = 0.01
MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Command:
    """A process to time; ``ok_codes`` are the exit codes of a successful run."""

    label: str
    argv: tuple[str, ...]
    ok_codes: frozenset[int] = frozenset({0})


@dataclass(frozen=True, slots=True)
class Sample:
    seconds: float
    cpu_s: float  # user + system time of the process and its waited-for children
    peak_rss_mb: float  # largest single process (wait4 ru_maxrss)
    tree_rss_mb: float  # largest sum over the process tree; 0.0 when not polled


@dataclass(frozen=True, slots=True)
class Stats:
    """The samples of one command over all rounds."""

    label: str
    samples: tuple[Sample, ...]

    @property
    def median_s(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    @property
    def median_cpu_s(self) -> float:
        return statistics.median(s.cpu_s for s in self.samples)

    @property
    def peak_rss_mb(self) -> float:
        return max(s.peak_rss_mb for s in self.samples)

    @property
    def tree_rss_mb(self) -> float:
        return max(s.tree_rss_mb for s in self.samples)


# reprint's own modules, compiled before measuring (see require_inputs).
SOURCE = Path(__file__).resolve().parent.parent / "src" / "reprint"


def python_command(label: str, script: str, *args: str) -> Command:
    """A ``python -c SCRIPT ARGS`` baseline run with the same interpreter as reprint."""
    return Command(label, (PYTHON, "-c", script, *args))


def reprint_command(label: str, *args: str, ok_codes: Sequence[int] = (0,)) -> Command:
    """The ``reprint`` console script with ``args``."""
    return Command(label, (*REPRINT, *args), frozenset(ok_codes))


# Run as `python -S -E -c _TRAMPOLINE FD ARGV...`: fork and exec ARGV, wait, and
# write "seconds cpu_s maxrss_kib exit_code" to FD. Its child starts from this
# small interpreter's high-water mark (~9 MB, below any Python command's own).
_TRAMPOLINE = """
import os, sys, time
fd = int(sys.argv[1])
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - start
code = os.waitstatus_to_exitcode(status)
cpu = usage.ru_utime + usage.ru_stime
os.write(fd, f"{seconds} {cpu} {usage.ru_maxrss} {code}".encode())
"""


class _TreeWatcher(threading.Thread):
    """Polls the summed RSS of a trampoline's descendants until told to stop."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self._pid = pid
        self._stopping = threading.Event()
        self.peak_bytes = 0

    def run(self) -> None:
        try:
            root = psutil.Process(self._pid)
        except psutil.Error:
            return
        while not self._stopping.is_set():
            total = 0
            try:
                processes = root.children(recursive=True)
            except psutil.Error:
                return
            for process in processes:
                try:
                    total += process.memory_info().rss
                except psutil.Error:
                    continue  # a worker that ended between listing and reading
            self.peak_bytes = max(self.peak_bytes, total)
            self._stopping.wait(TREE_POLL_S)

    def stop(self) -> None:
        self._stopping.set()
        self.join()


def run_once(command: Command, *, is_tree: bool = False) -> Sample:
    """Run ``command`` once with stdout to /dev/null; its time, CPU and peak RSS.

    Raises:
        RuntimeError: the command exited with a code outside ``ok_codes``.
    """
    read_end, write_end = os.pipe()
    with tempfile.TemporaryFile() as stderr:
        try:
            trampoline = subprocess.Popen(
                [PYTHON, "-S", "-E", "-c", _TRAMPOLINE, str(write_end), *command.argv],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
                pass_fds=(write_end,),
            )
        finally:
            os.close(write_end)
        watcher = _TreeWatcher(trampoline.pid) if is_tree else None
        if watcher is not None:
            watcher.start()
        with os.fdopen(read_end, "r") as result:
            fields = result.read().split()
        trampoline.wait()
        if watcher is not None:
            watcher.stop()
        code = int(fields[3]) if len(fields) == 4 else trampoline.returncode
        if code not in command.ok_codes:
            stderr.seek(0)
            tail = stderr.read()[-2000:].decode("utf-8", "replace")
            raise RuntimeError(f"{command.label} exited with {code}: {tail}")
    seconds, cpu_s, maxrss_kib = float(fields[0]), float(fields[1]), int(fields[2])
    return Sample(
        seconds,
        cpu_s,
        maxrss_kib / 1024,
        (watcher.peak_bytes / MIB) if watcher is not None else 0.0,
    )


def compare(
    commands: Sequence[Command], *, rounds: int, warmup: int = 1, is_tree: bool = False
) -> dict[str, Stats]:
    """Run each command ``rounds`` times, interleaved, after ``warmup`` untimed rounds.

    The warm-up rounds fill the page cache and Python's bytecode cache so that the
    first timed round is not a cold start for one command only.
    """
    compile_reprint()
    for _ in range(warmup):
        for command in commands:
            run_once(command, is_tree=is_tree)
    samples: dict[str, list[Sample]] = {c.label: [] for c in commands}
    for round_number in range(rounds):
        shift = round_number % len(commands)
        for command in [*commands[shift:], *commands[:shift]]:
            samples[command.label].append(run_once(command, is_tree=is_tree))
    return {label: Stats(label, tuple(runs)) for label, runs in samples.items()}


def paired_ratio(numerator: Stats, denominator: Stats) -> float:
    """Median over rounds of numerator time / denominator time in the same round."""
    return statistics.median(
        a.seconds / b.seconds
        for a, b in zip(numerator.samples, denominator.samples, strict=True)
    )


def paired_cpu_ratio(numerator: Stats, denominator: Stats) -> float:
    """Median over rounds of numerator CPU time / denominator CPU time."""
    return statistics.median(
        a.cpu_s / b.cpu_s
        for a, b in zip(numerator.samples, denominator.samples, strict=True)
    )


@dataclass(frozen=True, slots=True)
class Row:
    """One line of a result table: reprint against one baseline on one input."""

    input: str
    size: str
    reprint_s: float
    baseline: str
    baseline_s: float
    ratio: float
    goal: float | None  # None: for information only
    reprint_rss_mb: float | None  # None: measured in process, no RSS of its own
    baseline_rss_mb: float | None
    note: str = ""
    # Median per-round ratio of CPU time (user + sys): less moved by other load than
    # wall time, so a check on the wall-time verdict when the machine is shared.
    cpu_ratio: float | None = None
    is_goal_minimum: bool = False  # a speed-up: the ratio must reach the goal

    @property
    def is_passed(self) -> bool | None:
        if self.goal is None:
            return None
        if self.is_goal_minimum:
            return self.ratio >= self.goal
        return self.ratio <= self.goal

    @property
    def verdict(self) -> str:
        if self.is_passed is None:
            return "info"
        return "PASS" if self.is_passed else "FAIL"


def compared_row(
    label: str,
    path: Path,
    reprint: Stats,
    baseline_name: str,
    baseline: Stats,
    goal: float | None,
) -> Row:
    """The table row for ``reprint`` against ``baseline``, timed in the same rounds."""
    return Row(
        input=label,
        size=human_size(path),
        reprint_s=reprint.median_s,
        baseline=baseline_name,
        baseline_s=baseline.median_s,
        ratio=paired_ratio(reprint, baseline),
        goal=goal,
        cpu_ratio=paired_cpu_ratio(reprint, baseline),
        reprint_rss_mb=reprint.peak_rss_mb,
        baseline_rss_mb=baseline.peak_rss_mb,
    )


def _goal(row: Row) -> str:
    if row.goal is None:
        return "-"
    return f"{'>=' if row.is_goal_minimum else '<='} {row.goal:.2f}x"


def _mb(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


@dataclass
class Table:
    title: str
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def render(self) -> str:
        header = (
            "input",
            "size",
            "reprint s",
            "baseline",
            "base s",
            "ratio",
            "goal",
            "result",
            "CPU ratio",
            "RSS MB (reprint/base)",
        )
        lines = [
            (
                row.input,
                row.size,
                f"{row.reprint_s:.3f}",
                row.baseline,
                f"{row.baseline_s:.3f}",
                f"{row.ratio:.2f}x",
                _goal(row),
                row.verdict,
                "-" if row.cpu_ratio is None else f"{row.cpu_ratio:.2f}x",
                f"{_mb(row.reprint_rss_mb)} / {_mb(row.baseline_rss_mb)}",
            )
            for row in self.rows
        ]
        widths = [max(len(r[i]) for r in [header, *lines]) for i in range(len(header))]
        out = [f"## {self.title}", ""]
        out.append(
            "| "
            + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))
            + " |"
        )
        out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
        out.extend(
            "| "
            + " | ".join(c.ljust(w) for c, w in zip(line, widths, strict=True))
            + " |"
            for line in lines
        )
        out.extend(["", *self.notes])
        return "\n".join(out)

    def save(self, name: str) -> Path:
        """Write the table as JSON under ``benchmarks/out/results`` for the README."""
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        path = RESULTS_DIR / f"{name}.json"
        payload = {
            "title": self.title,
            "date": time.strftime("%Y-%m-%d %H:%M:%S"),
            "cpus": os.cpu_count(),
            "rows": [{**asdict(row), "verdict": row.verdict} for row in self.rows],
            "notes": self.notes,
        }
        path.write_text(json.dumps(payload, indent=2), "utf-8")
        return path


def human_size(path: Path) -> str:
    """A file's size, or a folder's total and file count, for the table."""
    if path.is_dir():
        files = [p for p in path.rglob("*") if p.is_file()]
        total = sum(p.stat().st_size for p in files)
        return f"{len(files)} files, {total / MIB:.1f} MB"
    return f"{path.stat().st_size / MIB:.1f} MB"


def load_line() -> str:
    """The load and CPU use, printed with results because other work shares the cores.

    Takes a second: the CPU share is sampled over it.
    """
    one, five, fifteen = os.getloadavg()
    busy = psutil.cpu_percent(interval=1.0)
    return (
        f"load average {one:.2f} {five:.2f} {fifteen:.2f}, CPUs {busy:.0f}% busy "
        f"over 1 s, {os.cpu_count()} CPUs"
    )


@functools.cache
def compile_reprint() -> None:
    """Write reprint's bytecode once, as pip does when it installs a package.

    A checkout run with PYTHONDONTWRITEBYTECODE (set on some machines) would
    otherwise compile every module on every run: that measures the compiler.
    """
    compileall.compile_dir(SOURCE, quiet=1)


def require_inputs(*paths: Path) -> None:
    """Exit with a hint when the generated inputs are missing."""
    missing = [p for p in paths if not p.exists()]
    if missing:
        names = ", ".join(str(p) for p in missing)
        sys.exit(f"missing {names}: run `python benchmarks/make_inputs.py` first")
