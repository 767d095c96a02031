"""The static report page an editor reads: one row per republication, by site."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from html import escape
from itertools import groupby

from reprint.scan.findings import Finding

_STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:72rem;color:#222}
h1{font-size:1.5rem}h2{font-size:1.1rem;margin-top:2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;table-layout:fixed}
col.v{width:9rem}col.d{width:6.5rem}col.p{width:22rem}col.r{width:6rem}td,th{text-align:left;vertical-align:top;
padding:.35rem .5rem;border-bottom:1px solid #eee}th{font-weight:600;background:#f6f6f6}
.verdict{font-weight:700;white-space:nowrap}.compliant{color:#176b2c}
.non-compliant{color:#b3261e}.unverifiable{color:#8a5a00}
.credit{margin:0 0 .25rem}.present{color:#176b2c}
.hidden,.missing,.misattributed{color:#b3261e}
.evidence{color:#555;font-style:italic}.url{word-break:break-all}
"""


# The credit line runs to 300 characters: its start identifies it, on every row.
EVIDENCE_CHARS = 120


def _shortened(text: str) -> str:
    if len(text) <= EVIDENCE_CHARS:
        return text
    return text[:EVIDENCE_CHARS].rsplit(" ", 1)[0] + " …"


def _credit_html(finding: Finding) -> str:
    rows = []
    for credit in finding.credits:
        evidence = (
            f" <span class='evidence'>“{escape(_shortened(credit.evidence))}”</span>"
            if credit.evidence
            else ""
        )
        why = f" ({escape(credit.why)})" if credit.why else ""
        rows.append(
            f"<p class='credit'><span class='{escape(credit.status)}'>"
            f"{escape(credit.status)}</span> {escape(credit.label)}{why}{evidence}</p>"
        )
    return "".join(rows)


def _by_verdict(findings: Sequence[Finding]) -> str:
    counts = Counter(finding.verdict for finding in findings)
    return ", ".join(f"{n} {verdict}" for verdict, n in sorted(counts.items()))


def render_page(findings: Sequence[Finding], title: str, summary: Sequence[str]) -> str:
    """The page: a heading, the run's summary, then a table per site."""
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f"<p>{len(findings)} republications on {len({f.site for f in findings})} "
        f"sites: {escape(_by_verdict(findings))}.</p>",
        "<details><summary>Scan summary</summary><pre>"
        + escape("\n".join(summary))
        + "</pre></details>",
    ]
    ordered = sorted(findings, key=lambda f: (f.site, f.warc_date, f.url))
    for site, group in groupby(ordered, key=lambda f: f.site):
        parts.append(
            f"<h2>{escape(site)}</h2><table><colgroup><col class='v'><col class='d'>"
            "<col class='p'><col class='r'><col></colgroup><tr><th>Verdict</th>"
            "<th>Date</th><th>Page</th><th>Reprint</th><th>Credits</th></tr>"
        )
        parts.extend(
            f"<tr><td class='verdict {escape(f.verdict)}'>{escape(f.verdict)}</td>"
            f"<td>{escape(f.warc_date[:10])}</td>"
            f"<td class='url'><a href='{escape(f.url)}'>{escape(f.url)}</a><br>"
            f"<small>{escape(f.warc_file)} @ {f.offset}</small></td>"
            f"<td>{escape(f.extent)}, {f.coverage:.0%}</td>"
            f"<td>{_credit_html(f)}</td></tr>"
            for f in group
        )
        parts.append("</table>")
    parts.append("</body></html>\n")
    return "".join(parts)
