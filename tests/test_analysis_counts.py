"""Counts, sentence splitting and keyword matching, checked against figures worked out by hand."""

from __future__ import annotations

import pytest

from core.analysis import analyze_readability, analyze_seo
from core.analysis.keywords import fold, match_keywords, prepare_keywords
from core.analysis.sentences import split_clauses, split_sentences
from core.analysis.syllables import count_syllables
from core.text import normalize

# (text, expected counts). Each figure was counted by hand:
# - "The cat sat on the mat.": 6 one-syllable words, 1 sentence.
# - "Dr. Smith paid 3.5 dollars. He left.": words Dr, Smith, paid, 3.5,
#   dollars, He, left; neither "Dr." nor "3.5" ends a sentence.
# - "我喜欢学习中文。中文很有趣！": 7 + 5 Han characters, 2 sentences.
# - 机器学习是人工智能的一部分 (13) + 学习机器学习需要耐心 (10) = 23 Han characters.
# - The mixed text has 5 Han characters (我在学习和) and 6 words (Python,
#   machine, learning, It, is, fun): 5 of 11 units are Han, so "mixed", and
#   the English rules apply because words outnumber Han characters.
# - Emoji are neither words nor Han characters; "😀" alone is no sentence.
#   Non-space characters: I love pizza 🍕! 😀 It is great. = 1+4+5+2+1+2+2+6 = 23.
# - The link text: T (heading), Read, docs, and, now; URLs and alt texts are not words.
# - Full-width ２０２４ and ＡＩ become the words 2024 and AI; 年 写作工具 在中国
#   很流行 are 11 Han characters, 11 of 13 units, so the text is Chinese.
COUNT_CASES = [
    (
        "The cat sat on the mat.",
        {"language": "en", "words": 6, "han_characters": 0, "sentences": 1, "syllables": 6},
    ),
    (
        "Dr. Smith paid 3.5 dollars. He left.",
        {"language": "en", "words": 7, "han_characters": 0, "sentences": 2, "paragraphs": 1},
    ),
    (
        "我喜欢学习中文。中文很有趣！",
        {"language": "zh", "words": 0, "han_characters": 12, "sentences": 2, "syllables": None},
    ),
    (
        "机器学习是人工智能的一部分。学习机器学习需要耐心。",
        {"language": "zh", "han_characters": 23, "sentences": 2, "paragraphs": 1, "units": 23},
    ),
    (
        "我在学习 Python 和 machine learning。It is fun!",
        {"language": "mixed", "rules": "en", "words": 6, "han_characters": 5, "sentences": 2},
    ),
    (
        "I love pizza 🍕! 😀 It is great.",
        {"language": "en", "words": 6, "sentences": 2, "characters": 23},
    ),
    (
        "😀🎉",
        {"language": "empty", "words": 0, "han_characters": 0, "sentences": 0, "paragraphs": 1},
    ),
    (
        "",
        {"language": "empty", "units": 0, "words": 0, "sentences": 0, "paragraphs": 0, "h1": 0},
    ),
    (
        "# Title\n\n## Part one\n\n### Deep",
        {"words": 4, "sentences": 0, "paragraphs": 0, "h1": 1, "h2": 1, "h3": 1},
    ),
    (
        "First paragraph here.\n\nSecond one.\nStill the second!",
        {"paragraphs": 2, "sentences": 3, "words": 8},
    ),
    (
        "# T\n\nRead [docs](https://a.com), <https://b.com> and https://c.com/x now.\n\n"
        "![A cat](cat.png)\n\n![](dog.png)\n\n<img src='x.png' alt='chart'>",
        {
            "links": 3,
            "images": 3,
            "images_with_alt": 2,
            "images_without_alt": 1,
            "paragraphs": 1,
            "words": 5,
        },
    ),
    (
        "２０２４年，ＡＩ写作工具在中国很流行。",
        {"language": "zh", "words": 2, "han_characters": 11, "sentences": 1},
    ),
]


@pytest.mark.parametrize(("text", "expected"), COUNT_CASES)
def test_counts_table(text: str, expected: dict[str, object]) -> None:
    counts = analyze_readability(text).counts.model_dump()

    for name, value in expected.items():
        assert counts[name] == value, f"{name} of {text!r}"


def test_counts_same_in_seo_report() -> None:
    text = "我喜欢学习中文。中文很有趣！"

    seo_counts = analyze_seo(text, keywords=["中文"]).counts
    readability_counts = analyze_readability(text).counts

    assert seo_counts == readability_counts


SENTENCE_CASES = [
    ("Dr. Smith paid 3.5 dollars. He left.", ["Dr. Smith paid 3.5 dollars.", "He left."]),
    ("Visit example.com today. Then go.", ["Visit example.com today.", "Then go."]),
    ("J. K. Rowling wrote it. It sold.", ["J. K. Rowling wrote it.", "It sold."]),
    ('"Why?" she asked. Nobody knew.', ['"Why?" she asked.', "Nobody knew."]),
    ("Use e.g. salt. Or pepper.", ["Use e.g. salt.", "Or pepper."]),
    ("Wait... What?! Yes.", ["Wait...", "What?!", "Yes."]),
    ("它很好!然后呢?好。", ["它很好!", "然后呢?", "好。"]),
    ("他说：「走吧。」我们走了。", ["他说:「走吧。」", "我们走了。"]),
    ("No terminal mark", ["No terminal mark"]),
    ("!!! ...", []),
]


@pytest.mark.parametrize(("text", "expected"), SENTENCE_CASES)
def test_split_sentences_cases(text: str, expected: list[str]) -> None:
    assert split_sentences(normalize(text)) == expected


def test_split_clauses_keeps_thousands() -> None:
    clauses = split_clauses(normalize("机器学习，花了1,000元；结论：值得、划算。"))

    assert clauses == ["机器学习", "花了1,000元", "结论", "值得、划算。"]


SYLLABLE_CASES = [
    ("the", 1),
    ("dollars", 2),
    ("beautiful", 3),
    ("discussed", 2),
    ("Python", 2),
    ("it's", 1),
    ("well-known", 2),
    ("3.5", 1),
]


@pytest.mark.parametrize(("word", "expected"), SYLLABLE_CASES)
def test_count_syllables_dictionary(word: str, expected: int) -> None:
    assert count_syllables(word) == expected


def test_count_syllables_fallback_hyphenation() -> None:
    # "blorptastic" is in no dictionary; pyphen hyphenates it blorp-tas-tic.
    assert count_syllables("blorptastic") == 3


def test_keywords_overlap_rule() -> None:
    # 机器学习 at 0 and 16; 学习 at 2 and 18 (inside 机器学习) and 14 (alone).
    text = fold("机器学习是人工智能的一部分。学习机器学习需要耐心。")
    longer, shorter = match_keywords(prepare_keywords(["机器学习", "学习"]), text)

    assert (longer.occurrences, longer.inside_longer) == (2, 0)
    assert (shorter.occurrences, shorter.inside_longer) == (1, 2)


def test_keywords_partial_overlap_counts_both() -> None:
    # 学习需要 overlaps 机器学习 in 机器学习需要 but is not inside it.
    text = fold("机器学习需要耐心。")
    first, second = match_keywords(prepare_keywords(["机器学习", "学习需要"]), text)

    assert first.occurrences == 1
    assert second.occurrences == 1
    assert second.inside_longer == 0


def test_keywords_whole_word_case_insensitive() -> None:
    text = fold("Cat cat CAT concatenate cats cat-like.")
    (match,) = match_keywords(prepare_keywords(["cat"]), text)

    assert match.occurrences == 4


def test_keywords_full_width_matches_half_width() -> None:
    full_width_text = fold("ＳＥＯ优化很重要，ＡＩ写作也是。")
    half_width_text = fold("SEO优化很重要，AI写作也是。")
    seo, ai = prepare_keywords(["seo", "ＡＩ写作"])

    assert match_keywords([seo], full_width_text)[0].occurrences == 1
    assert match_keywords([ai], half_width_text)[0].occurrences == 1


def test_keywords_latin_next_to_han() -> None:
    (match,) = match_keywords(prepare_keywords(["python"]), fold("用Python写代码，不是Pythonic。"))

    assert match.occurrences == 1


def test_keywords_dedupe_and_blank() -> None:
    prepared = prepare_keywords(["SEO", "ｓｅｏ", "  ", "", "Seo  Tips"])

    assert [keyword.folded for keyword in prepared] == ["seo", "seo tips"]


def test_keyword_length_units() -> None:
    english, chinese, mixed = prepare_keywords(["machine learning tips", "机器学习", "Python 教程"])

    assert (english.length, english.length_unit) == (3, "words")
    assert (chinese.length, chinese.length_unit) == (4, "characters")
    assert (mixed.length, mixed.length_unit) == (3, "characters")
