"""The sweep's sample: reprint renders as citeproc-js does in widely used styles and
in one or more styles per class of difference the correction layer fixes.

tests/goldens/cite/sample.json holds citeproc-js 2.4.63's renderings of the work,
plain and as an online copy, bibliography and first cite, text and HTML, from the
bundled style and locale files (fixtures/make_cite_goldens.py, SAMPLE_STYLES).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from reprint import csl
from reprint.cite import OnlineCopy, csl_record
from reprint.errors import UsageError
from reprint.markup import Markup
from reprint.work import default_work

GOLDENS = json.loads(
    (Path(__file__).parent / "goldens" / "cite" / "sample.json").read_text("utf-8")
)
ONLINE = OnlineCopy("https://example.org/papers/kersten-2011", dt.date(2025, 5, 6))
# Where reprint still differs from citeproc-js (benchmarks/csl_sweep.py lists the
# rest): strict, so a fix shows up as an unexpected pass to move out of this list.
KNOWN_DIFFERENCES: dict[str, str] = {}


def _cells(style_id: str) -> list[tuple[str, str, str, str]]:
    found = []
    for variant, forms in GOLDENS[style_id].items():
        for form, formats in forms.items():
            for fmt, want in formats.items():
                found.append((variant, form, fmt, want))
    return found


@pytest.mark.parametrize(
    "style_id",
    [
        pytest.param(
            style_id,
            marks=pytest.mark.xfail(reason=KNOWN_DIFFERENCES[style_id], strict=True)
            if style_id in KNOWN_DIFFERENCES
            else (),
        )
        for style_id in sorted(GOLDENS)
    ],
)
def test_sample_style_renders_as_citeproc_js(style_id: str) -> None:
    work = default_work()
    records = {"plain": csl_record(work), "online": csl_record(work, ONLINE)}
    style = csl.CslStyle.from_id(style_id)
    for variant, form, fmt, want in _cells(style_id):
        in_text = form == "citation"
        if want.startswith("error: "):
            # citeproc-js cannot render it: reprint refuses in one line, no crash.
            with pytest.raises(UsageError):
                csl.render(records[variant], style, Markup(fmt), in_text=in_text)
            continue
        got = csl.render(records[variant], style, Markup(fmt), in_text=in_text)
        assert got == want, (variant, form, fmt)
