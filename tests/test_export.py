"""Exports parse back, with every field, in the tools reference managers use."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import pytest
import rispy
from bibtexparser.entrypoint import parse_string
from bibtexparser.middlewares import LatexDecodingMiddleware
from hypothesis import given
from hypothesis import strategies as st

from reprint.cite import (
    CiteFormat,
    OnlineCopy,
    csl_record,
    escape_tex,
    format_citation,
    to_biblatex,
    to_bibtex,
    to_ris,
)
from reprint.work import Work

PUBLISHER = "Department of International Relations, The Australian National University"
ONLINE = OnlineCopy(
    "https://example.org/papers/kersten-2011?x=1&y=2", dt.date(2025, 5, 6)
)


def _bib_fields(text: str) -> tuple[str, str, dict[str, str]]:
    """Entry type, key and fields, TeX decoded except the verbatim url."""
    library = parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    raw = parse_string(text)
    assert library.failed_blocks == raw.failed_blocks == []
    (entry,), (raw_entry,) = library.entries, raw.entries
    fields = {f.key: str(f.value) for f in entry.fields}
    if "url" in fields:
        fields["url"] = str(raw_entry["url"]).strip("{}")
    return entry.entry_type, entry.key, fields


def test_bibtex_is_a_techreport_with_institution_type_and_number(work: Work) -> None:
    kind, key, fields = _bib_fields(to_bibtex(work))
    assert (kind, key) == ("techreport", "kersten2011")
    assert fields == {
        "author": "Kersten, Rikki",
        "title": "Japan, the US Alliance and Asia",
        "institution": PUBLISHER,
        "address": "Canberra",
        "type": "ANU–MASI Policy Background Paper",
        "number": "1",
        "year": "2011",
        "month": "aug",
    }


def test_bibtex_spells_the_en_dash_as_tex_does(work: Work) -> None:
    assert "type = {ANU--MASI Policy Background Paper}," in to_bibtex(work)


def test_biblatex_is_a_report_with_location_and_iso_date(work: Work) -> None:
    kind, key, fields = _bib_fields(to_biblatex(work, ONLINE))
    assert (kind, key) == ("report", "kersten2011")
    assert fields == {
        "author": "Kersten, Rikki",
        "title": "Japan, the US Alliance and Asia",
        "type": "ANU–MASI Policy Background Paper",
        "number": "1",
        "institution": PUBLISHER,
        "location": "Canberra",
        "date": "2011-08-01",
        "url": ONLINE.url,
        "urldate": "2025-05-06",
    }


def test_bibtex_escapes_special_characters(work: Work) -> None:
    odd = replace(
        work, title="Trade & Security: 100% of $5 for #1_a", publisher="A & B"
    )
    entry = to_bibtex(odd)
    assert r"title = {{Trade \& Security: 100\% of \$5 for \#1\_a}}," in entry
    _, _, fields = _bib_fields(entry)
    assert fields["title"] == "Trade & Security: 100% of $5 for #1_a"
    assert fields["institution"] == "A & B"


@given(st.text(alphabet=st.sampled_from("ab Z19&%$#_-–—,.:"), max_size=40))
def test_escaped_tex_decodes_to_the_original(text: str) -> None:
    field = f"@misc{{k, note = {{{escape_tex(text)}}}}}"
    library = parse_string(field, append_middleware=[LatexDecodingMiddleware()])
    assert library.entries[0]["note"] == text


def test_bibtex_online_copy_has_url_and_urldate(work: Work) -> None:
    _, _, fields = _bib_fields(to_bibtex(work, ONLINE))
    assert (fields["url"], fields["urldate"]) == (ONLINE.url, "2025-05-06")


def test_braces_in_a_url_are_percent_encoded(work: Work) -> None:
    online = replace(ONLINE, url="https://example.org/a{b}")
    _, _, fields = _bib_fields(to_biblatex(work, online))
    assert fields["url"] == "https://example.org/a%7Bb%7D"


def test_ris_is_an_rprt_record_with_every_field(work: Work) -> None:
    (entry,) = rispy.loads(to_ris(work, ONLINE))
    assert entry == {
        "type_of_reference": "RPRT",
        "authors": ["Kersten, Rikki"],
        "title": "Japan, the US Alliance and Asia",
        "type_of_work": "ANU–MASI Policy Background Paper",
        "issn": "1",
        "publisher": PUBLISHER,
        "place_published": "Canberra",
        "year": "2011",
        "date": "2011/08/01",
        "urls": [ONLINE.url],
        "access_date": "2025/05/06",
    }


def test_ris_lines_end_in_cr_lf_as_the_specification_asks(work: Work) -> None:
    ris = to_ris(work, ONLINE)
    assert ris.startswith("TY  - RPRT\r\n")
    assert ris.endswith("\r\nER  - \r\n")
    assert "\n" not in ris.replace("\r\n", "")


def test_ris_ends_with_the_end_of_record_tag(work: Work) -> None:
    assert to_ris(work).splitlines()[-1] == "ER  - "
    assert "UR  -" not in to_ris(work)


@pytest.mark.parametrize("online", [None, ONLINE], ids=["print", "online"])
def test_csl_json_is_the_record(work: Work, online: OnlineCopy | None) -> None:
    exported = format_citation(work, fmt=CiteFormat.CSL_JSON, online=online)
    assert json.loads(exported) == [csl_record(work, online)]
    assert "ANU–MASI" in exported  # UTF-8, not \\u escapes
