"""The work being republished: its text, metadata, required credits and editor.

A work is described by a TOML work file (format in README.md, "Describing another
work"); the package embeds one for its default paper. Nothing about any paper lives
in code.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reprint.errors import WorkError

DEFAULT_WORK_FILE = "kersten-2011.toml"
SCHEMA_VERSION = 1
# Credit patterns match case-insensitively (see ``reprint.credits``).
PATTERN_FLAGS = re.IGNORECASE
_ALIAS = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")


@dataclass(frozen=True, slots=True)
class Person:
    family: str
    given: str

    @property
    def name(self) -> str:
        return f"{self.given} {self.family}"


@dataclass(frozen=True, slots=True)
class Editor:
    name: str
    affiliation: tuple[str, ...]
    email: str  # "" when the work gives none: never invented

    @property
    def title_lines(self) -> tuple[str, ...]:
        return (self.name, *self.affiliation)


@dataclass(frozen=True, slots=True)
class NearMiss:
    pattern: str  # regular expression over normalised text, aliases expanded
    why: str


@dataclass(frozen=True, slots=True)
class CreditRule:
    """One credit the permission requires, with its accepted forms and near-misses."""

    key: str
    label: str
    accepted: tuple[str, ...]
    near_misses: tuple[NearMiss, ...]
    fuzzy_names: tuple[str, ...]
    fuzzy_max_edits: int


@dataclass(frozen=True, slots=True)
class Paragraph:
    number: int  # 1-based across the whole body
    section: str
    text: str


@dataclass(frozen=True, slots=True)
class MatchPolicy:
    entire_coverage: float
    part_min_words: int


@dataclass(frozen=True, slots=True)
class Work:
    """Everything reprint knows about one paper."""

    id: str
    type: str
    title: str  # as printed: for what quotes the paper (credit line, notice)
    genre: str
    number: str
    issued: dt.date
    publisher: str
    publisher_place: str
    authors: tuple[Person, ...]
    cite_as: str
    permission: str
    credit_line: str
    editor: Editor
    credits: tuple[CreditRule, ...]
    paragraphs: tuple[Paragraph, ...]
    match: MatchPolicy
    # The title as a CSL record stores it (sentence case, the Zotero/CSL
    # convention): styles that want title case apply it themselves.
    csl_title: str = ""

    @classmethod
    def from_toml(
        cls, text: str, source: str = "work file", *, compile_patterns: bool = True
    ) -> Work:
        """Parse and validate a work file.

        ``compile_patterns=False`` skips compiling every credit pattern to find
        errors early: for the embedded work, which the tests compile, it saves
        each run the cost of compiling near-misses it may never search for.

        Raises:
            WorkError: not TOML, a required field missing or of the wrong type,
                or a credit pattern that does not compile.
        """
        try:
            raw = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise WorkError(f"{source} is not valid TOML: {exc}") from exc
        return _parse(_Table(raw, source), compile_patterns)

    def to_csl_json(self) -> dict[str, object]:
        """The CSL-JSON item for this work: the record every citation derives from."""
        issued = self.issued
        return {
            "id": self.id,
            "type": self.type,
            "title": self.csl_title or self.title,
            "genre": self.genre,
            "number": self.number,
            "author": [{"family": a.family, "given": a.given} for a in self.authors],
            "publisher": self.publisher,
            "publisher-place": self.publisher_place,
            "issued": {"date-parts": [[issued.year, issued.month, issued.day]]},
        }


class _Table:
    """A TOML table that reports missing or mistyped keys by their dotted path."""

    def __init__(self, raw: dict[str, object], path: str) -> None:
        self._raw = raw
        self._path = path

    def _get(self, key: str) -> object:
        if key not in self._raw:
            raise WorkError(f"{self._path}: missing '{key}'")
        return self._raw[key]

    def text(self, key: str, default: str | None = None) -> str:
        if default is not None and key not in self._raw:
            return default
        value = self._get(key)
        if not isinstance(value, str):
            raise WorkError(f"{self._path}: '{key}' must be a string")
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        value = self._raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise WorkError(f"{self._path}: '{key}' must be a list of strings")
        return tuple(str(v) for v in value)

    def number(self, key: str) -> float:
        value = self._get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise WorkError(f"{self._path}: '{key}' must be a number")
        return float(value)

    def date(self, key: str) -> dt.date:
        value = self._get(key)
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise WorkError(f"{self._path}: '{key}' must be a date (YYYY-MM-DD)")
        return value

    def table(self, key: str) -> _Table:
        value = self._get(key)
        if not isinstance(value, dict):
            raise WorkError(f"{self._path}: '{key}' must be a table")
        return _Table(value, f"{self._path}.{key}" if self._path else key)

    def tables(self, key: str) -> list[_Table]:
        value = self._get(key)
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise WorkError(f"{self._path}: '{key}' must be an array of tables")
        return [_Table(v, f"{self._path}.{key}[{i}]") for i, v in enumerate(value)]

    def __contains__(self, key: str) -> bool:
        return key in self._raw

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)


def _expand(
    pattern: str, aliases: dict[str, str], where: str, compile_pattern: bool
) -> str:
    def substitute(found: re.Match[str]) -> str:
        name = found.group(1)
        if name not in aliases:
            raise WorkError(f"{where}: unknown alias {{{name}}} in pattern")
        return aliases[name]

    expanded = _ALIAS.sub(substitute, pattern)
    if not compile_pattern:
        return expanded
    try:  # with the flags the search uses, so re's cache serves that compile
        re.compile(expanded, PATTERN_FLAGS)
    except re.error as exc:
        raise WorkError(f"{where}: bad pattern {pattern!r}: {exc}") from exc
    return expanded


def _parse_credit(
    table: _Table, aliases: dict[str, str], compile_patterns: bool
) -> CreditRule:
    where = table._path
    misses = table.tables("near_misses") if "near_misses" in table else []
    near = [
        NearMiss(
            _expand(m.text("pattern"), aliases, where, compile_patterns), m.text("why")
        )
        for m in misses
    ]
    accepted = tuple(
        _expand(p, aliases, where, compile_patterns) for p in table.texts("accepted")
    )
    if not accepted:
        raise WorkError(f"{where}: 'accepted' needs at least one pattern")
    edits = int(table.number("fuzzy_max_edits")) if "fuzzy_max_edits" in table else 0
    return CreditRule(
        key=table.text("key"),
        label=table.text("label"),
        accepted=accepted,
        near_misses=tuple(near),
        fuzzy_names=table.texts("fuzzy_names"),
        fuzzy_max_edits=edits,
    )


def _parse(root: _Table, compile_patterns: bool) -> Work:
    schema = int(root.number("schema"))
    if schema != SCHEMA_VERSION:
        raise WorkError(f"work file schema {schema} is not supported (expected 1)")
    work = root.table("work")
    aliases_table = root.table("aliases") if "aliases" in root else None
    aliases = {k: aliases_table.text(k) for k in aliases_table} if aliases_table else {}
    paragraphs: list[Paragraph] = []
    for section in root.tables("body"):
        name = section.text("section")
        for text in section.texts("paragraphs"):
            number = len(paragraphs) + 1
            paragraphs.append(Paragraph(number, name, " ".join(text.split())))
    if not paragraphs:
        raise WorkError(f"{root._path}: 'body' has no paragraphs")
    editor = root.table("editor")
    match = root.table("match")
    credits = tuple(
        _parse_credit(t, aliases, compile_patterns) for t in root.tables("credits")
    )
    keys = [c.key for c in credits]
    if len(set(keys)) != len(keys):
        raise WorkError(f"{root._path}: credit keys must be unique, got {keys}")
    return Work(
        id=work.text("id"),
        type=work.text("type", "report"),
        title=work.text("title"),
        csl_title=work.text("csl_title", work.text("title")),
        genre=work.text("genre"),
        number=work.text("number"),
        issued=work.date("issued"),
        publisher=work.text("publisher"),
        publisher_place=work.text("publisher_place", ""),
        authors=tuple(
            Person(a.text("family"), a.text("given")) for a in work.tables("authors")
        ),
        cite_as=work.text("cite_as"),
        permission=work.text("permission", ""),
        credit_line=root.table("credit").text("line"),
        editor=Editor(
            editor.text("name"), editor.texts("affiliation"), editor.text("email", "")
        ),
        credits=credits,
        paragraphs=tuple(paragraphs),
        match=MatchPolicy(
            match.number("entire_coverage"), int(match.number("part_min_words"))
        ),
    )


@cache
def default_work() -> Work:
    """The work embedded in the package (the paper reprint checks by default)."""
    # Beside this module in every install (importlib.resources would cost the
    # imports of tempfile, shutil and zipfile on every run for nothing).
    text = (Path(__file__).parent / "works" / DEFAULT_WORK_FILE).read_text("utf-8")
    return Work.from_toml(text, DEFAULT_WORK_FILE, compile_patterns=False)
