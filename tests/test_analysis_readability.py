"""Readability checks: Flesch with dictionary syllables, Yoast limits, Chinese rules, audience."""

from __future__ import annotations

import json

import pytest

from core.analysis import (
    Check,
    ReadabilityReport,
    analyze_readability,
    render_report_markdown,
)
from core.analysis.english import is_passive
from core.analysis.readability import flesch_reading_ease

FILLER_WORDS = "river stone green light morning quiet garden paper window silver".split()


def sentences(count: int, words: int, opening: str = "") -> str:
    """Return ``count`` filler sentences of ``words`` words, each starting with ``opening``."""
    result = []
    for index in range(count):
        tokens = [FILLER_WORDS[(index + i) % len(FILLER_WORDS)] for i in range(words)]
        if opening:
            tokens[0] = opening
        result.append(" ".join(tokens).capitalize() + ".")
    return " ".join(result)


def find(report: ReadabilityReport, check_id: str) -> Check:
    matches = [check for check in report.checks if check.id == check_id]
    assert len(matches) == 1, f"expected one {check_id} check, got {len(matches)}"
    return matches[0]


def test_flesch_formula_values() -> None:
    # 206.835 - 1.015 * 100/5 - 84.6 * 150/100 = 206.835 - 20.3 - 126.9 = 59.635
    assert flesch_reading_ease(100, 5, 150) == pytest.approx(59.635)
    assert flesch_reading_ease(10, 1, 40) == 0.0
    assert flesch_reading_ease(6, 1, 6) == 100.0
    assert flesch_reading_ease(0, 0, 0) == 0.0


# Syllables from the CMU dictionary, worked out by hand:
# - the cat sat on the mat: 6 words, 6 syllables, raw score 116.1, clamped to 100.
# - modern 2, computers 3, work 1, fast 1 / they 1, help 1, us 1, all 1, day 1:
#   9 words, 12 syllables, 2 sentences: 206.835 - 4.5675 - 112.8 = 89.47.
# - modern 2, computers 3, help 1, people 2, finish 2, simple 2, tasks 1,
#   quickly 2, and 1, well 1: 10 words, 17 syllables: 206.835 - 10.15 - 143.82 = 52.87.
# - the 1, committee 3, discussed 2, international 5, cooperation 5, today 2:
#   6 words, 18 syllables: 206.835 - 6.09 - 253.8 < 0, clamped to 0.
FLESCH_CASES = [
    ("The cat sat on the mat.", 100.0, 6, "good"),
    ("Modern computers work fast. They help us all day.", 89.5, 12, "good"),
    ("Modern computers help people finish simple tasks quickly and well.", 52.9, 17, "improve"),
    ("The committee discussed international cooperation today.", 0.0, 18, "problem"),
]


@pytest.mark.parametrize(("text", "score", "syllables", "status"), FLESCH_CASES)
def test_flesch_cases(text: str, score: float, syllables: int, status: str) -> None:
    report = analyze_readability(text)

    assert report.counts.syllables == syllables
    assert report.metrics.flesch_reading_ease == score
    assert find(report, "flesch_reading_ease").status == status


def test_flesch_mixed_text_counts_han_as_syllables() -> None:
    # 我们 are two one-syllable words; discussed 2, the 1, plan 1, today 2:
    # 6 words, 8 syllables, 1 sentence: 206.835 - 6.09 - 112.8 = 87.945.
    report = analyze_readability("我们 discussed the plan today.")

    assert report.language == "mixed"
    assert report.counts.rules == "en"
    assert report.metrics.flesch_reading_ease == 87.9


@pytest.mark.parametrize(
    ("audience", "status", "threshold"),
    [("general", "improve", "≥ 60"), ("expert", "good", "≥ 50"), ("children", "problem", "≥ 70")],
)
def test_audience_shifts_flesch(audience: str, status: str, threshold: str) -> None:
    text = "Modern computers help people finish simple tasks quickly and well."
    check = find(analyze_readability(text, audience=audience), "flesch_reading_ease")

    assert check.status == status
    assert check.threshold == threshold


@pytest.mark.parametrize(
    ("audience", "status", "value"),
    [("general", "problem", 50.0), ("expert", "good", 0.0), ("children", "problem", 50.0)],
)
def test_audience_shifts_sentence_length(audience: str, status: str, value: float) -> None:
    # Two sentences of 22 words and two of 5: over 20 words (general) and over
    # 15 (children) for half of them, over 25 (expert) for none.
    text = sentences(2, 22) + " " + sentences(2, 5)
    check = find(analyze_readability(text, audience=audience), "sentence_length")

    assert check.status == status
    assert check.value == value


def test_invalid_audience_raises() -> None:
    with pytest.raises(ValueError, match="invalid audience 'adults'"):
        analyze_readability("Text.", audience="adults")


@pytest.mark.parametrize(
    ("short", "long", "status"),
    [(9, 1, "good"), (7, 3, "improve"), (6, 4, "problem")],
)
def test_sentence_length_share(short: int, long: int, status: str) -> None:
    # 10%, 30% and 40% of sentences over 20 words; good up to 25%, improve up to 30%.
    text = sentences(short, 8) + " " + sentences(long, 21)
    check = find(analyze_readability(text), "sentence_length")

    assert check.status == status
    assert check.value == 10.0 * long


@pytest.mark.parametrize(("words", "status"), [(150, "good"), (180, "improve"), (210, "problem")])
def test_paragraph_length_english(words: int, status: str) -> None:
    check = find(analyze_readability(sentences(words // 10, 10)), "paragraph_length")

    assert check.status == status
    assert check.value == words


PASSIVE_CASES = [
    ("the cake was eaten", True),
    ("the report is written by ann", True),
    ("she was not invited", True),
    ("it is often used", True),
    ("ann wrote a letter", False),
    ("he is very tall", False),
    ("the bed is red", False),
]


@pytest.mark.parametrize(("sentence", "expected"), PASSIVE_CASES)
def test_is_passive_cases(sentence: str, expected: bool) -> None:
    assert is_passive(sentence.split()) is expected


def test_passive_voice_share() -> None:
    text = "The cake was eaten. The report is written by Ann. Ann wrote a letter. She sings."
    check = find(analyze_readability(text), "passive_voice")

    assert check.value == 50.0
    assert check.status == "problem"


@pytest.mark.parametrize(
    ("with_transition", "status"), [(0, "problem"), (5, "improve"), (7, "good")]
)
def test_transition_words(with_transition: int, status: str) -> None:
    # 20 sentences of 11 words (220 words): 0%, 25% and 35% start with "however".
    text = sentences(with_transition, 11, "however") + " " + sentences(20 - with_transition, 11)
    check = find(analyze_readability(text), "transition_words")

    assert check.status == status
    assert check.value == 5.0 * with_transition


def test_transition_words_short_text() -> None:
    check = find(analyze_readability(sentences(5, 10)), "transition_words")

    assert check.status == "good"
    assert "under 200 words" in check.message


def test_sentence_beginnings_repeated() -> None:
    report = analyze_readability("Then we ran. Then we hid. Then we slept. We woke.")
    check = find(report, "sentence_beginnings")

    assert check.status == "problem"
    assert check.value == 3
    assert "“then”" in check.message


def test_sentence_beginnings_article_exception() -> None:
    check = find(
        analyze_readability("The cat ran. The dog hid. The bird sang."), "sentence_beginnings"
    )

    assert check.status == "good"
    assert check.value == 1


def test_chinese_metrics_by_hand() -> None:
    # Clauses 我喜欢学习中文 (7) and 因为中文很有趣 (7): average 7.
    # jieba words: 我 喜欢 学习 中文 因为 中文 很 有趣; its dictionary tags
    # 因为 as a conjunction and 很 as "zg", so the share is 1/8.
    # Index = 0.5 * (7 + 0.125) = 3.5625.
    report = analyze_readability("我喜欢学习中文，因为中文很有趣。")

    assert report.counts.rules == "zh"
    assert report.metrics.average_sentence_length == 14.0
    assert report.metrics.average_clause_length == 7.0
    assert report.metrics.chinese_readability_index == 3.56
    assert report.metrics.flesch_reading_ease is None
    assert find(report, "chinese_readability_index").status == "good"


def test_chinese_long_sentence() -> None:
    # One 45-character sentence without commas: long, and a 45-character clause.
    report = analyze_readability("天地山水风云日月星辰江河湖海花" * 3 + "。")

    assert find(report, "sentence_length").status == "problem"
    assert find(report, "average_sentence_length").status == "problem"
    assert find(report, "clause_length").status == "problem"
    assert find(report, "chinese_readability_index").status == "problem"
    assert report.metrics.average_sentence_length == 45.0


def test_chinese_sentence_over_forty_only() -> None:
    # Three sentences of 20 characters (5 clauses of 4) and one of 41: 25% long, still good.
    short = "天地山水，风云日月，星辰江河，湖海花草，天地山水。"
    long = "天" * 41 + "。"
    report = analyze_readability(short * 3 + long)

    assert find(report, "sentence_length").value == 25.0
    assert find(report, "sentence_length").status == "good"


@pytest.mark.parametrize(
    ("characters", "status"), [(300, "good"), (360, "improve"), (420, "problem")]
)
def test_paragraph_length_chinese(characters: int, status: str) -> None:
    sentence = "天地山水，风云日月，星辰江河，湖海花草。"  # 16 characters
    text = (sentence * (characters // 16 + 1))[: characters // 16 * len(sentence)]
    text += "天" * (characters % 16) + "。"
    check = find(analyze_readability(text), "paragraph_length")

    assert check.value == characters
    assert check.status == status


@pytest.mark.parametrize(
    ("text", "case_word"),
    [("", "empty"), ("😀", "empty"), ("# Title\n\n## Part", "only headings")],
)
def test_empty_and_headings_only(text: str, case_word: str) -> None:
    report = analyze_readability(text)

    assert [check.id for check in report.checks] == ["text_empty"]
    assert case_word in report.checks[0].message
    assert report.score == 0


def test_score_weighting_documented() -> None:
    report = analyze_readability("Then we ran. Then we hid. Then we slept. We woke.")
    weights = {check.id: check.weight for check in report.checks}

    assert weights == {
        "flesch_reading_ease": 3.0,
        "sentence_length": 2.0,
        "paragraph_length": 2.0,
        "passive_voice": 1.0,
        "transition_words": 1.0,
        "sentence_beginnings": 1.0,
    }
    # Everything is good except sentence beginnings: 9 of 10 points.
    assert report.score == 90


def test_readability_json_and_render() -> None:
    report = analyze_readability("我喜欢学习中文，因为中文很有趣。", locale="zh-CN")
    dumped = report.model_dump(mode="json")
    markdown = render_report_markdown(report, "zh-CN")

    assert json.loads(json.dumps(dumped)) == dumped
    assert ReadabilityReport.model_validate(dumped) == report
    assert markdown.startswith("## 可读性报告: 得分 100/100")
    assert "| 中文可读性指数 | 3.6 |" in markdown
    assert "读者：普通读者" in markdown


def test_text_not_str_raises() -> None:
    with pytest.raises(TypeError, match="text must be a str, not bytes"):
        analyze_readability(b"Text.")  # type: ignore[arg-type]
