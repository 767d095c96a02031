"""Findings as a Parquet table, for runs too large to read as JSON Lines."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from reprint.errors import UsageError
from reprint.scan.findings import Finding


def write_parquet(findings: Sequence[Finding], path: Path) -> None:
    """Write one row per finding; each credit's status is a column of its own,
    and the credits with their evidence are one JSON column.

    Raises:
        UsageError: pyarrow is not installed.
    """
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise UsageError(
            "--parquet needs pyarrow: pip install 'reprint[scan]'"
        ) from exc
    keys = sorted({credit.key for finding in findings for credit in finding.credits})
    columns: dict[str, list[object]] = {
        name: [getattr(f, name) for f in findings]
        for name in (
            "url",
            "warc_date",
            "warc_file",
            "offset",
            "extent",
            "coverage",
            "verdict",
        )
    }
    for key in keys:
        columns[f"credit_{key}"] = [
            next((c.status for c in f.credits if c.key == key), None) for f in findings
        ]
    columns["credits"] = [
        json.dumps(f.to_dict()["credits"], ensure_ascii=False) for f in findings
    ]
    pq.write_table(pa.table(columns), path)
