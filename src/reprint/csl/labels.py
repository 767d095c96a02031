"""citeproc-js's generated ``citation-label`` variable, which citeproc-py lacks."""

from __future__ import annotations

import re
from collections.abc import Mapping

# citeproc-js's trigraph "Aaaa00:AaAa00:AaAA00:AAAA00": letters of each name by the
# number of names, then the year's last two digits.
_TRIGRAPH = ((4,), (2, 2), (2, 1, 1), (1, 1, 1, 1))
_NAME_VARIABLES = (
    "author",
    "chair",
    "collection_editor",
    "compiler",
    "composer",
    "container_author",
    "contributor",
    "curator",
    "director",
    "editor",
    "editor_translator",
    "editorial_director",
    "executive_producer",
    "guest",
    "host",
    "illustrator",
    "interviewer",
    "narrator",
    "organizer",
    "original_author",
    "performer",
    "producer",
    "recipient",
    "reviewed_author",
    "script_writer",
    "series_creator",
    "translator",
)
_NOT_ROMANESQUE = re.compile(
    "[^a-zA-Z\u0e01-\u0e5b\u00c0-\u017f\u0370-\u03ff\u0400-\u052f"
    "\u0590-\u05d4\u05d6-\u05ff\u1f00-\u1fff\u0600-\u06ff\u200c\u200d"
    "\u200e\u0218\u0219\u021a\u021b\u202a-\u202e]"
)


def citation_label(reference: Mapping[str, object]) -> str:
    """citeproc-js's generated citation-label ("Kers11"): citeproc-py has none."""
    label = ""
    for variable in _NAME_VARIABLES:
        names = reference.get(variable)
        if not isinstance(names, list) or not names:
            continue
        widths = _TRIGRAPH[min(len(names), len(_TRIGRAPH)) - 1]
        for name, width in zip(names, widths, strict=False):
            family = str(name.get("family") or name.get("literal") or "")
            family = re.sub(r"^([ '\u2019a-z]+\s+)", "", family)
            family = re.sub(r"^(a\s+|the\s+|an\s+)", "", family, flags=re.I)
            family = _NOT_ROMANESQUE.sub("", family)[:width]
            if not family:
                break
            label += family[:1].upper() + family[1:].lower()
        break
    issued = reference.get("issued")
    year = getattr(issued, "get", lambda _: None)("year")
    return label + (str(year) if year is not None else "0000")[-2:]
