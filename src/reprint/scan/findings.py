"""What a scan found: one ``Finding`` per republication, and a ``Tally`` of records."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from reprint.model import Report


@dataclass(frozen=True, slots=True)
class CreditEvidence:
    """One required credit's status in a republication, with what decided it."""

    key: str
    label: str
    status: str
    evidence: str | None
    why: str | None


@dataclass(frozen=True, slots=True)
class Finding:
    """A record that reprints the work, where it is in the crawl, and the verdict."""

    url: str
    warc_date: str
    warc_file: str
    offset: int
    extent: str
    coverage: float
    verdict: str
    credits: tuple[CreditEvidence, ...]

    @classmethod
    def from_report(
        cls, report: Report, *, date: str, warc_file: str, offset: int
    ) -> Finding:
        """The finding for a record whose ``check`` report is ``report``."""
        return cls(
            url=report.file,
            warc_date=date,
            warc_file=warc_file,
            offset=offset,
            extent=report.reprint.extent.value,
            coverage=round(report.reprint.coverage, 4),
            verdict=report.verdict.value,
            credits=tuple(
                CreditEvidence(c.key, c.label, c.status.value, c.evidence, c.why)
                for c in report.credits
            ),
        )

    @property
    def site(self) -> str:
        """The host the page was served from."""
        from urllib.parse import urlsplit

        return urlsplit(self.url).hostname or self.url

    def to_dict(self) -> dict[str, object]:
        return {
            "url": self.url,
            "warc_date": self.warc_date,
            "warc_file": self.warc_file,
            "offset": self.offset,
            "extent": self.extent,
            "coverage": self.coverage,
            "verdict": self.verdict,
            "credits": {
                c.key: {
                    "label": c.label,
                    "status": c.status,
                    "evidence": c.evidence,
                    "why": c.why,
                }
                for c in self.credits
            },
        }


@dataclass(slots=True)
class Tally:
    """Counts of one task's records, added up across tasks."""

    records: Counter[str] = field(default_factory=Counter)  # by WARC record type
    screened: int = 0  # responses with a document payload
    checked: int = 0  # of those, passed by the screen
    skipped: Counter[str] = field(default_factory=Counter)  # by cause
    bytes_read: int = 0
    seconds: float = 0.0  # busy time summed over tasks

    def add(self, other: Tally) -> None:
        """Add ``other``'s counts to these."""
        self.records.update(other.records)
        self.screened += other.screened
        self.checked += other.checked
        self.skipped.update(other.skipped)
        self.bytes_read += other.bytes_read
        self.seconds += other.seconds


@dataclass(frozen=True, slots=True)
class TaskResult:
    """Everything one task (a file or a byte range of one) produced."""

    task: str
    findings: tuple[Finding, ...]
    tally: Tally


def iter_jsonl(findings: Iterable[Finding]) -> Iterator[str]:
    """One JSON object per line per finding."""
    for finding in findings:
        yield json.dumps(finding.to_dict(), ensure_ascii=False) + "\n"


def summary_lines(
    tally: Tally, findings: Iterable[Finding], wall_seconds: float
) -> list[str]:
    """The run summary: records by type, screened, checked, findings, skipped."""
    verdicts = Counter(finding.verdict for finding in findings)
    total = sum(tally.records.values()) + sum(tally.skipped.values())
    by_type = ", ".join(f"{n} {kind}" for kind, n in sorted(tally.records.items()))
    lines = [
        f"records: {total} read ({by_type or 'none'})",
        f"screened: {tally.screened} documents; checked: {tally.checked}",
        "findings: "
        + (", ".join(f"{n} {v}" for v, n in sorted(verdicts.items())) or "none"),
        f"skipped: {sum(tally.skipped.values())}",
    ]
    lines += [f"  {n} {cause}" for cause, n in sorted(tally.skipped.items())]
    if wall_seconds > 0:
        mib = tally.bytes_read / (1 << 20)
        lines.append(
            f"throughput: {total / wall_seconds:,.0f} records/s, "
            f"{mib / wall_seconds:,.1f} MiB/s ({mib:,.1f} MiB in {wall_seconds:.1f} s)"
        )
    return lines
