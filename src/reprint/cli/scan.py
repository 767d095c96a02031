"""``reprint scan``: find the work's republications in a web crawl."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from reprint import api
from reprint.cli.options import jobs_option, jobs_or_cores, work_option
from reprint.model import Verdict


@click.command("scan")
@click.argument("sources", nargs=-1, required=True)
@work_option
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="Worker processes on this machine, or a Dask cluster.",
)
@jobs_option("scanning files or ranges (local, or a LocalCluster's workers)")
@click.option(
    "--scheduler",
    default=None,
    help="Address of a running Dask scheduler (tcp://HOST:PORT); "
    "without it --engine dask starts a LocalCluster.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("findings.jsonl"),
    show_default=True,
    help="The findings, one JSON object per line ('-' for stdout).",
)
@click.option(
    "--parquet",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the findings as a Parquet table (needs pyarrow).",
)
@click.option(
    "--html",
    "html_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write a report page for the editor.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=None,
    help="Skip (and count) records whose payload is larger (default 64 MiB).",
)
@click.option(
    "--range-mb",
    type=click.IntRange(min=1),
    default=256,
    show_default=True,
    help="Split larger WARC files into tasks of about this many MiB.",
)
def command(
    sources: tuple[str, ...],
    work_file: Path | None,
    engine: str,
    jobs: int | None,
    scheduler: str | None,
    output: Path,
    parquet: Path | None,
    html_file: Path | None,
    max_bytes: int | None,
    range_mb: int,
) -> None:
    """Scan SOURCES (WARC or ARC files, folders of them, files listing paths,
    or URLs) for records that reprint the work, and check each one.

    Exit status: 0 no finding or all compliant, 1 a non-compliant republication,
    2 an unverifiable one or a usage error, 70 a bug in reprint.
    """
    from reprint.scan import Finding, Tally, plan_tasks, scan
    from reprint.scan.findings import iter_jsonl, summary_lines

    work = api.load_work(work_file)
    started = time.perf_counter()
    workers = jobs_or_cores(jobs)
    tasks = plan_tasks(sources, range_mb << 20, workers)
    results = scan(
        sources,
        work=work,
        engine=engine,
        jobs=workers,
        scheduler=scheduler,
        max_bytes=max_bytes,
        tasks=tasks,
    )
    tally = Tally()
    findings: list[Finding] = []
    is_bar = sys.stderr.isatty() and len(tasks) > 1
    with click.open_file(str(output), "w", encoding="utf-8") as jsonl:
        for done, result in enumerate(results, start=1):
            tally.add(result.tally)
            findings += result.findings
            # Each task's findings are written as it finishes: a long run that is
            # stopped keeps what it found.
            jsonl.writelines(iter_jsonl(result.findings))
            jsonl.flush()
            if is_bar:
                click.echo(f"\rscanning: {done}/{len(tasks)} tasks", nl=False, err=True)
    if is_bar:
        click.echo(err=True)
    summary = summary_lines(tally, findings, time.perf_counter() - started)
    if parquet is not None:
        from reprint.scan.tables import write_parquet

        write_parquet(findings, parquet)
    if html_file is not None:
        from reprint.scan.page import render_page

        page = render_page(findings, f"Republications of {work.title}", summary)
        html_file.write_text(page, "utf-8")
    stream = sys.stderr if str(output) == "-" else sys.stdout
    for line in summary:
        click.echo(line, file=stream)
    codes = [Verdict(finding.verdict).exit_code for finding in findings]
    sys.exit(max(codes, default=0))
