"""The screen never drops a record that ``check`` would find to be a reprint."""

from __future__ import annotations

import random
import sys

from crawl import MAX_BYTES, Crawl
from hypothesis import given, settings
from hypothesis import strategies as st

from reprint import api
from reprint.match import _index
from reprint.model import Extent
from reprint.scan import scan
from reprint.scan.findings import Finding, Tally
from reprint.scan.screen import _FOLDS_TO_ASCII, Screen, html_text
from reprint.work import Work, default_work

SCREEN = Screen.from_work(default_work())


def test_screen_shingles_are_the_ones_matching_seeds_with(work: Work) -> None:
    assert Screen.from_work(work).shingles == frozenset(_index(work).shingles)


def _scan(crawl: Crawl) -> tuple[dict[str, Finding], Tally]:
    tally = Tally()
    found: dict[str, Finding] = {}
    for result in scan([str(crawl.path)], max_bytes=MAX_BYTES):
        tally.add(result.tally)
        for finding in result.findings:
            assert finding.url not in found, "a finding reported twice"
            found[finding.url] = finding
    return found, tally


def test_every_planted_reprint_is_found_and_nothing_else(planted_crawl: Crawl) -> None:
    found, tally = _scan(planted_crawl)
    planted = planted_crawl.manifest.planted
    assert set(found) == set(planted)
    for uri, plant in planted.items():
        finding = found[uri]
        assert (finding.extent, finding.verdict) == (plant.extent, plant.verdict), uri
        statuses = {c.key: c.status for c in finding.credits}
        expected = {
            "credited": {
                "author": "present",
                "anu_ir": "present",
                "macarthur": "present",
            },
            "uncredited": {
                "author": "missing",
                "anu_ir": "missing",
                "macarthur": "missing",
            },
            # The byline stays visible; the credit line is what is hidden.
            "hidden": {"author": "present", "anu_ir": "hidden", "macarthur": "hidden"},
        }[plant.credit]
        assert statuses == expected, uri
    # Only the reprints and the pages quoting a sentence reach check.
    assert tally.checked == len(planted) + len(planted_crawl.manifest.quoting)
    assert tally.screened > 300


def _page(pieces: list[str]) -> str:
    return "<html><body>" + "".join(pieces) + "</body></html>"


_PAPER = [p.text for p in default_work().paragraphs]
_MARKUP = st.sampled_from(
    ["<p>{}</p>", "<div>{}</div>", "<li>{}</li>", "<td>{}</td>", "<h2>{}</h2>"]
)


@settings(max_examples=40, deadline=None)
@given(
    st.integers(min_value=0, max_value=24),
    st.integers(min_value=1, max_value=25),
    st.lists(_MARKUP, min_size=1, max_size=5),
    st.integers(min_value=0, max_value=2**32),
)
def test_screen_passes_whatever_check_finds_a_reprint_in(
    first: int, count: int, markup: list[str], seed: int
) -> None:
    """Paragraphs of the paper in varied markup, with inline tags inside words and
    ordinary text around them: when check finds a reprint, the screen passed."""
    rng = random.Random(seed)
    pieces = []
    for i, text in enumerate(_PAPER[first : first + count]):
        words = text.split()
        if len(words) > 3 and rng.random() < 0.5:  # an inline tag inside a word
            k = rng.randrange(len(words))
            words[k] = f"{words[k][:1]}<b>{words[k][1:]}</b>"
        pieces.append(markup[i % len(markup)].format(" ".join(words)))
        if rng.random() < 0.3:
            pieces.append(
                "<aside>Advertisement: subscribe to the weekly letter.</aside>"
            )
    page = _page(pieces)
    report = api.check(page.encode(), name="page.html")
    if report.reprint.extent is not Extent.NONE:
        assert SCREEN.passes([html_text(page)])


def test_page_quoting_a_sentence_passes_the_screen_but_is_no_finding(
    planted_crawl: Crawl,
) -> None:
    found, _ = _scan(planted_crawl)
    assert planted_crawl.manifest.quoting
    assert found.keys().isdisjoint(planted_crawl.manifest.quoting)


def test_unrelated_page_does_not_pass_the_screen() -> None:
    page = _page(["<p>Japan and the United States met in Tokyo to talk trade.</p>"])
    assert not SCREEN.passes([html_text(page)])
    assert SCREEN.passes([html_text(_page([f"<p>{_PAPER[9]}</p>"]))])


_PAPER_WORDS = " ".join(_PAPER).split()
# What may stand between two words: punctuation, symbols, spaces and format
# characters of any script (mostly), or any text at all (sometimes).
_JOINT = st.one_of(
    st.text(st.characters(categories=("P", "S", "Z", "Cf")), min_size=1, max_size=3),
    st.text(max_size=3),
)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=0, max_value=len(_PAPER_WORDS) - 8),
    st.lists(_JOINT, min_size=8, max_size=8),
    st.booleans(),
)
def test_fast_ascii_words_keep_every_shingle_normalize_finds(
    first: int, joints: list[str], is_ligature: bool
) -> None:
    """Eight words of the paper joined by arbitrary text (non-ASCII letters,
    ligatures, marks, punctuation): when ``normalize.words`` still reads one of
    the work's shingles there, so does the screen's ASCII shortcut."""
    from reprint.normalize import words

    pieces = _PAPER_WORDS[first : first + 8]
    if is_ligature:  # NFKC folds it back: a PDF's "ﬁ" is the work's "fi"
        pieces = [word.replace("fi", "\ufb01") for word in pieces]
    text = "".join(joint + word for joint, word in zip(joints, pieces, strict=True))
    tokens = words(text)
    has_shingle = any(
        tuple(tokens[i : i + 6]) in SCREEN.shingles for i in range(len(tokens))
    )
    if has_shingle:
        assert SCREEN.passes([text])


def test_every_shingle_holds_one_of_the_anchors(work: Work) -> None:
    screen = Screen.from_work(work)
    assert screen.anchors < screen.vocabulary
    assert all(not screen.anchors.isdisjoint(key) for key in screen.shingles)


def _brute_passes(text: str) -> bool:
    """Every position of ``normalize.words`` looked up, with no shortcut."""
    from reprint.normalize import words

    tokens = words(text)
    return any(tuple(tokens[i : i + 6]) in SCREEN.shingles for i in range(len(tokens)))


_VOCABULARY = sorted(SCREEN.vocabulary)
_KEYS = sorted(SCREEN.shingles)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from([*_VOCABULARY, "Tokyo", "größe", "ok"]), max_size=40),
    st.one_of(st.none(), st.sampled_from(_KEYS)),
    st.integers(min_value=0, max_value=40),
    st.sampled_from([str, str.upper, str.title]),
)
def test_screen_passes_exactly_when_a_shingle_is_among_the_words(
    around: list[str],
    key: tuple[str, ...] | None,
    at: int,
    case: object,
) -> None:
    """Long runs of the work's words, a shingle inside one or not, in any case:
    the anchors and the run windows pass a page exactly when a shingle is there."""
    assert callable(case)
    pieces = list(around)
    if key is not None:
        pieces[at:at] = key
    text = str(case(" ".join(pieces)))
    assert SCREEN.passes([text]) == _brute_passes(text)


def test_every_shingle_alone_passes_and_with_a_word_changed_as_brute_force() -> None:
    """A page that is one shingle: its two words (the pair the screen looks for
    first) at the page's very ends or side by side are still found."""
    for key in sorted(SCREEN.shingles):
        page = " ".join(key)
        assert SCREEN.passes([page]), page
        for at in (0, len(key) // 2, len(key) - 1):
            changed = " ".join([*key[:at], "zzyzx", *key[at + 1 :]])
            assert SCREEN.passes([changed]) == _brute_passes(changed), changed


def test_the_characters_case_folded_to_ascii_letters_are_all_listed() -> None:
    """The screen case-folds a page only when it holds one of these: a missing
    one would lose the ASCII words case folding makes of it."""
    derived = {
        chr(code)
        for code in range(128, sys.maxunicode + 1)
        if any(char.isascii() and char.isalnum() for char in chr(code).casefold())
    }
    assert derived == set(_FOLDS_TO_ASCII)


def test_a_sharp_s_folds_to_the_work_s_ss_as_check_folds_it() -> None:
    """Case folding makes ASCII letters of ß: "ASSEßED" is the work's "assessed"
    to check's words. The screen, which turns other non-ASCII letters into
    spaces, must fold case first, or this one shingle is lost."""
    text = html_text(_page(["<p>the LDP and ASSEßED the implications</p>"]))
    assert "ß" in text
    assert _brute_passes(text)
    assert SCREEN.passes([text])
    assert not SCREEN.passes([text.replace("ß", "é")])


def test_a_work_with_non_ascii_words_is_screened_by_its_own_words() -> None:
    """A German work: words with umlauts, so the ASCII shortcut is off, and the
    anchors and run windows work on ``normalize.words`` itself."""
    from dataclasses import replace

    from reprint.normalize import words
    from reprint.work import Paragraph

    text = (
        "Die Brücke über den Fluss wurde im Frühling für den Verkehr geöffnet, "
        "nachdem der Stadtrat die Kosten der Straße geprüft hatte."
    )
    work = replace(default_work(), paragraphs=(Paragraph(1, "Body", text),))
    screen = Screen.from_work(work)
    assert not screen.is_ascii
    assert "brücke" in screen.vocabulary
    page = "Lokales: DIE BRÜCKE ÜBER DEN FLUSS WURDE — mehr morgen."
    assert screen.passes([page])
    tokens = words(page)
    assert any(tuple(tokens[i : i + 6]) in screen.shingles for i in range(len(tokens)))
    assert not screen.passes(["Die Brücke über den Rhein wurde geöffnet."])
