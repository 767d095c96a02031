"""Reuse detection: coverage, extent and passages."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from reprint.match import find_reuse
from reprint.model import Block, Extent, Location
from reprint.work import Work

NEWS = (
    "Tokyo officials met their counterparts in Washington this week to discuss "
    "trade, the yen and the future of regional security arrangements. "
)


def blocks_of(*texts: str) -> list[Block]:
    return [Block(text, Location(paragraph=i)) for i, text in enumerate(texts, 1)]


def body(work: Work, first: int = 1, last: int | None = None) -> list[str]:
    return [p.text for p in work.paragraphs[first - 1 : last]]


def test_whole_paper_is_an_entire_reprint(work: Work) -> None:
    reuse = find_reuse(work, blocks_of(*body(work)))
    assert reuse.extent is Extent.ENTIRE
    assert reuse.coverage == 1.0
    assert len(reuse.passages) == 1
    assert reuse.passages[0].paragraphs == (1, len(work.paragraphs))


def test_one_section_is_a_partial_reprint_with_its_paragraphs(work: Work) -> None:
    section_3 = [p for p in work.paragraphs if p.section == "Section 3"]
    reuse = find_reuse(work, blocks_of(NEWS, *(p.text for p in section_3)))
    assert reuse.extent is Extent.PART
    (passage,) = reuse.passages
    assert passage.paragraphs == (section_3[0].number, section_3[-1].number)
    assert passage.sections == ("Section 3",)
    assert passage.doc_start.paragraph == 2  # the news lead is paragraph 1
    assert passage.excerpt.startswith("Japan's diplomacy took a back seat")


def test_news_story_quoting_one_sentence_is_not_a_reprint(work: Work) -> None:
    quote = work.paragraphs[3].text.split(". ")[0]
    story = f"{NEWS}As Professor Kersten wrote, “{quote}.” {NEWS}"
    reuse = find_reuse(work, blocks_of(story, NEWS))
    assert reuse.extent is Extent.NONE
    assert 0 < reuse.coverage < 0.05


def test_unrelated_text_matches_nothing(work: Work) -> None:
    reuse = find_reuse(work, blocks_of(NEWS * 20))
    assert reuse.extent is Extent.NONE
    assert reuse.coverage == 0.0
    assert reuse.passages == ()


def test_reparagraphing_and_typography_do_not_change_coverage(work: Work) -> None:
    text = " ".join(body(work)).replace("'", "’").replace("–", "—")
    lines = [line.upper() for line in _wrap(text, 9)]
    reuse = find_reuse(work, blocks_of(*lines))
    assert reuse.coverage == 1.0
    assert reuse.extent is Extent.ENTIRE


def test_light_edits_and_inserted_ads_keep_an_entire_reprint(work: Work) -> None:
    paragraphs = body(work)
    edited = [p.replace("characterized", "characterised") for p in paragraphs]
    edited.insert(8, "ADVERTISEMENT Subscribe now for our weekly newsletter.")
    edited[12] = edited[12].replace("Koizumi", "Junichiro Koizumi")
    reuse = find_reuse(work, blocks_of(*edited))
    assert reuse.extent is Extent.ENTIRE
    assert 0.97 < reuse.coverage < 1.0
    assert len(reuse.passages) == 1


def test_paper_reprinted_twice_is_counted_once(work: Work) -> None:
    reuse = find_reuse(work, blocks_of(*body(work), *body(work)))
    assert reuse.coverage == 1.0
    assert len(reuse.passages) == 2


def test_reordered_sections_are_separate_passages(work: Work) -> None:
    summary = body(work, 1, 3)
    section_4 = [p.text for p in work.paragraphs if p.section == "Section 4"]
    reuse = find_reuse(work, blocks_of(*section_4, *summary))
    assert [p.sections for p in reuse.passages] == [("Section 4",), ("Summary",)]


def test_several_short_quotes_add_up_to_no_reprint(work: Work) -> None:
    quotes = [p.text.split(". ")[0] for p in work.paragraphs[3:6]]
    story = [f"{NEWS}“{quote}.”" for quote in quotes]
    assert find_reuse(work, blocks_of(*story)).extent is Extent.NONE


def _wrap(text: str, width: int) -> list[str]:
    words = text.split()
    return [" ".join(words[i : i + width]) for i in range(0, len(words), width)]


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=0, max_value=2**32))
def test_whitespace_case_and_soft_hyphen_noise_leave_coverage_whole(seed: int) -> None:
    from reprint.work import default_work

    rnd = random.Random(seed)
    work = default_work()
    noisy = []
    for paragraph in body(work):
        words = paragraph.split(" ")
        out = []
        for word in words:
            if rnd.random() < 0.1 and len(word) > 3:
                cut = rnd.randrange(1, len(word) - 1)
                word = word[:cut] + "\u00ad" + word[cut:]
            if rnd.random() < 0.1:
                word = word.upper()
            out.append(word)
        noisy.append(rnd.choice([" ", "\n", "  ", "\t"]).join(out))
    reuse = find_reuse(work, blocks_of(*noisy))
    assert reuse.coverage == 1.0
    assert reuse.extent is Extent.ENTIRE


@settings(max_examples=25, deadline=None)
@given(
    st.integers(min_value=0, max_value=40),  # filler words before the paper
    st.integers(min_value=1, max_value=9),  # words of the paper per block
    st.sampled_from([1, 7, 64, 4096]),  # words tokenized between look-ups
)
def test_passages_do_not_depend_on_where_batches_or_blocks_cut_the_text(
    lead: int, width: int, batch: int
) -> None:
    import reprint.match
    from reprint.work import default_work

    work = default_work()
    paper = " ".join(body(work, 3, 6))
    texts = ["filler " * lead, *_wrap(paper, width), NEWS]
    whole = blocks_of(" ".join(texts))  # one block, looked up in one batch
    expected = find_reuse(work, whole)
    expected_seeds = reprint.match._scan(whole, reprint.match._index(work)).seeds
    saved = reprint.match.SCAN_BATCH_WORDS
    reprint.match.SCAN_BATCH_WORDS = batch
    try:
        found = find_reuse(work, blocks_of(*texts))
        seeds = reprint.match._scan(blocks_of(*texts), reprint.match._index(work)).seeds
    finally:
        reprint.match.SCAN_BATCH_WORDS = saved
    assert seeds == expected_seeds  # the same shingles, wherever the cuts fall
    assert found.coverage == expected.coverage
    assert [p.words for p in found.passages] == [p.words for p in expected.passages]
    assert [p.paragraphs for p in found.passages] == [(3, 6)]
