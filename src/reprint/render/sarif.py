"""Reports as SARIF 2.1.0, so code-scanning and review UIs show each finding. Pure."""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import PurePath
from urllib.parse import quote

from reprint.model import CreditFinding, CreditStatus, Location, Report, Verdict

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/reprint/"

# One rule per kind of finding; a result names the credit in its message and
# properties, so a UI can group by rule and still tell the credits apart.
_RULES: dict[str, tuple[str, str]] = {
    "credit-missing": (
        "A required credit is missing",
        "The permission to republish requires this credit; the copy does not give it.",
    ),
    "credit-hidden": (
        "A required credit is hidden from readers",
        "The credit is in the file (metadata, hidden markup, invisible text) but no "
        "reader sees it.",
    ),
    "credit-misattributed": (
        "A required credit is given to the wrong party",
        "A near-miss stands where the credit should be: another department, another "
        "foundation, a misspelt name.",
    ),
    "unverifiable": (
        "The document could not be checked",
        "The file is unreadable, encrypted, or has no text layer.",
    ),
}
_RULE_FOR_STATUS = {
    CreditStatus.MISSING: "credit-missing",
    CreditStatus.HIDDEN: "credit-hidden",
    CreditStatus.MISATTRIBUTED: "credit-misattributed",
}


def _rule(rule_id: str) -> dict[str, object]:
    short, full = _RULES[rule_id]
    return {
        "id": rule_id,
        "name": rule_id.replace("-", " ").title().replace(" ", ""),
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "defaultConfiguration": {"level": "error"},
    }


def _uri(file: str) -> str:
    """A file name as the URI reference SARIF requires: spaces and non-ASCII escaped.

    Absolute paths become file: URIs; relative ones stay relative, which code-scanning
    UIs resolve against the repository root.
    """
    path = PurePath(file)
    if path.is_absolute():
        return path.as_uri()
    return quote(path.as_posix(), safe="/")


def _location(file: str, location: Location | None) -> dict[str, object]:
    physical: dict[str, object] = {"artifactLocation": {"uri": _uri(file)}}
    # Page and paragraph are not lines; SARIF viewers need a line, so the finding
    # is anchored at the top of the file and the logical location says where.
    physical["region"] = {"startLine": 1}
    result: dict[str, object] = {"physicalLocation": physical}
    if location is not None:
        result["logicalLocations"] = [
            {"fullyQualifiedName": location.describe(), "kind": "element"}
        ]
    return result


def _credit_result(report: Report, finding: CreditFinding) -> dict[str, object]:
    message = f"{report.file}: the credit to {finding.label} is {finding.status.value}"
    if finding.why:
        message += f" ({finding.why})"
    if finding.evidence:
        message += f": “{finding.evidence}”"
    if report.credit_line:
        message += f". Add where readers see it: {report.credit_line}"
    return {
        "ruleId": _RULE_FOR_STATUS[finding.status],
        "level": "error",
        "message": {"text": message},
        "locations": [_location(report.file, finding.location)],
        "properties": {"credit": finding.key, "verdict": report.verdict.value},
    }


def _results(report: Report) -> list[dict[str, object]]:
    if report.verdict is Verdict.UNVERIFIABLE:
        causes = "; ".join(problem.message for problem in report.problems)
        return [
            {
                "ruleId": "unverifiable",
                "level": "error",
                "message": {"text": f"{report.file}: cannot be checked: {causes}"},
                "locations": [_location(report.file, None)],
            }
        ]
    if report.verdict is not Verdict.NON_COMPLIANT:
        return []
    return [
        _credit_result(report, finding)
        for finding in report.credits
        if finding.status in _RULE_FOR_STATUS
    ]


def render_sarif(reports: Sequence[Report]) -> str:
    """One SARIF log with one run; a result per credit not visibly given."""
    log = {
        "version": SARIF_VERSION,
        "$schema": SARIF_SCHEMA,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "reprint",
                        "version": version("reprint"),
                        "informationUri": INFORMATION_URI,
                        "rules": [_rule(rule_id) for rule_id in _RULES],
                    }
                },
                "artifacts": [{"location": {"uri": _uri(r.file)}} for r in reports],
                "results": [result for r in reports for result in _results(r)],
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2)
