"""Readability analysis: the entry point and the English checks.

English weights in the readability score: Flesch reading ease 3, sentence
length 2, paragraph length 2, passive voice 1, transition words 1, sentence
beginnings 1. The Chinese checks and their weights are in ``readability_zh``.
Texts with a mixed share of Han characters and words follow the rules of the
larger share (see ``counts``).

Audience adjustment (``thresholds.AUDIENCE_*``): sentence, paragraph and
clause length limits are multiplied by 1.25 for "expert" and by 0.75 for
"children". The Flesch bands move 10 points down for "expert" and 10 points
up for "children". Percent limits (long sentences, passive voice, transition
words) do not change.
"""

from __future__ import annotations

import logging
from typing import get_args

from core.analysis import english, readability_zh
from core.analysis.counts import TextProfile, build_profile, han_count, unit_count, word_list
from core.analysis.length_checks import add_paragraph_length_check, add_sentence_length_check
from core.analysis.models import Audience, ReadabilityMetrics, ReadabilityReport
from core.analysis.scoring import CheckBuilder, area_score, format_number
from core.analysis.syllables import count_syllables
from core.analysis.thresholds import (
    AUDIENCE_FLESCH_OFFSET,
    ENGLISH,
    FLESCH_GOOD,
    FLESCH_IMPROVE,
    MAX_SAME_BEGINNINGS,
    PASSIVE_FAR_PERCENT,
    PASSIVE_GOOD_PERCENT,
    TRANSITION_FAR_PERCENT,
    TRANSITION_GOOD_PERCENT,
    TRANSITION_MIN_WORDS,
    scaled,
)
from core.i18n import t

logger = logging.getLogger(__name__)

AUDIENCES: tuple[str, ...] = get_args(Audience)

FLESCH_LABELS = (
    (90.0, "very_easy"),
    (80.0, "easy"),
    (70.0, "fairly_easy"),
    (60.0, "standard"),
    (50.0, "fairly_difficult"),
    (30.0, "difficult"),
)


def analyze_readability(
    text: str, *, audience: str = "general", locale: str = "en"
) -> ReadabilityReport:
    """Analyze how easy ``text`` (Markdown) is to read and return a scored report.

    ``audience`` is "general", "expert" or "children" and shifts the limits as
    the module docstring describes; any other value raises ``ValueError``,
    and a ``text`` that is not a str raises ``TypeError``.
    ``locale`` selects the language of the messages only. Empty text, or text
    without a sentence outside headings, returns one "text_empty" check and
    score 0.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    if audience not in AUDIENCES:
        raise ValueError(f"invalid audience {audience!r}: expected one of {', '.join(AUDIENCES)}")

    profile = build_profile(text)
    builder = CheckBuilder(locale)
    metrics = ReadabilityMetrics()

    if not profile.sentences:
        case = "headings_only" if profile.document.headings else "empty"
        builder.add("text_empty", "problem", case, value=0)
    elif profile.rules == "zh":
        metrics = readability_zh.add_chinese_checks(builder, profile, audience)  # type: ignore[arg-type]
    else:
        metrics = _add_english_checks(builder, profile, audience)  # type: ignore[arg-type]

    report = ReadabilityReport(
        locale=locale,
        language=profile.language,
        audience=audience,  # type: ignore[arg-type]
        score=area_score(builder.checks),
        counts=profile.counts(),
        metrics=metrics,
        checks=builder.checks,
    )
    logger.debug(
        "readability analysis: language=%s audience=%s sentences=%d score=%d",
        profile.language,
        audience,
        len(profile.sentences),
        report.score,
    )
    return report


def flesch_reading_ease(words: int, sentences: int, syllables: int) -> float:
    """Return Flesch reading ease clamped to 0-100, or 0 when there are no words.

    Flesch, R. (1948), "A new readability yardstick", Journal of Applied
    Psychology 32(3): 206.835 - 1.015 * words/sentences - 84.6 * syllables/words.
    """
    if words == 0 or sentences == 0:
        return 0.0

    score = 206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words)
    return min(100.0, max(0.0, score))


def flesch_label(score: float) -> str:
    """Return the Flesch difficulty band of ``score``."""
    for floor, label in FLESCH_LABELS:
        if score >= floor:
            return label
    return "very_difficult"


def _add_english_checks(
    builder: CheckBuilder, profile: TextProfile, audience: Audience
) -> ReadabilityMetrics:
    sentence_words = [[word.lower() for word in word_list(s)] for s in profile.sentences]
    # Under English rules a Han character in mixed text counts as a word of one
    # syllable, which is what it is when read aloud in Mandarin.
    han = sum(han_count(sentence) for sentence in profile.sentences)
    words = sum(len(words) for words in sentence_words) + han
    syllables = sum(count_syllables(w) for ws in sentence_words for w in ws) + han
    sentence_count = len(profile.sentences)

    metrics = ReadabilityMetrics(
        flesch_reading_ease=round(flesch_reading_ease(words, sentence_count, syllables), 1),
        average_sentence_length=round(words / sentence_count, 1),
    )
    _flesch(builder, metrics.flesch_reading_ease or 0.0, audience)
    metrics.long_sentence_percent = _sentence_length(builder, profile, audience)
    metrics.longest_paragraph = _paragraph_length(builder, profile, audience)
    metrics.passive_percent = _passive_voice(builder, sentence_words)
    metrics.transition_percent = _transition_words(builder, profile, sentence_words, words)
    metrics.max_same_beginnings = _sentence_beginnings(builder, sentence_words)
    return metrics


def _flesch(builder: CheckBuilder, score: float, audience: Audience) -> None:
    good = FLESCH_GOOD + AUDIENCE_FLESCH_OFFSET[audience]
    improve = FLESCH_IMPROVE + AUDIENCE_FLESCH_OFFSET[audience]
    label = t(f"analysis.flesch.{flesch_label(score)}", builder.locale)
    common = {
        "value": score,
        "threshold": builder.at_least(good, "none"),
        "weight": 3.0,
        "score": format_number(score),
        "label": label,
    }

    if score >= good:
        builder.add("flesch_reading_ease", "good", "good", **common)
    elif score >= improve:
        builder.add("flesch_reading_ease", "improve", "hard", **common)
    else:
        builder.add("flesch_reading_ease", "problem", "hard", **common)


def _sentence_length(builder: CheckBuilder, profile: TextProfile, audience: Audience) -> float:
    lengths = [unit_count(sentence) for sentence in profile.sentences]
    limit = scaled(ENGLISH.sentence_max, audience)
    return add_sentence_length_check(builder, lengths, limit, "words", 2.0)


def _paragraph_length(builder: CheckBuilder, profile: TextProfile, audience: Audience) -> int:
    lengths = [paragraph.units for paragraph in profile.paragraphs]
    limit = scaled(ENGLISH.paragraph_max, audience)
    far = scaled(ENGLISH.paragraph_far, audience)
    return add_paragraph_length_check(builder, lengths, limit, far, "words", 2.0)


def _passive_voice(builder: CheckBuilder, sentence_words: list[list[str]]) -> float:
    passive = sum(1 for words in sentence_words if english.is_passive(words))
    percent = round(100 * passive / len(sentence_words), 1)
    common = {
        "value": percent,
        "threshold": builder.at_most(PASSIVE_GOOD_PERCENT, "percent"),
        "weight": 1.0,
        "percent": format_number(percent),
        "max": format_number(PASSIVE_GOOD_PERCENT),
    }

    if percent <= PASSIVE_GOOD_PERCENT:
        builder.add("passive_voice", "good", "good", **common)
    elif percent <= PASSIVE_FAR_PERCENT:
        builder.add("passive_voice", "improve", "high", **common)
    else:
        builder.add("passive_voice", "problem", "high", **common)
    return percent


def _transition_words(
    builder: CheckBuilder, profile: TextProfile, sentence_words: list[list[str]], words: int
) -> float:
    with_transition = sum(
        1
        for sentence, lower_words in zip(profile.sentences, sentence_words, strict=True)
        if english.has_transition(lower_words, sentence)
    )
    percent = round(100 * with_transition / len(sentence_words), 1)
    common = {
        "value": percent,
        "threshold": builder.at_least(TRANSITION_GOOD_PERCENT, "percent"),
        "weight": 1.0,
        "percent": format_number(percent),
        "min": format_number(TRANSITION_GOOD_PERCENT),
        "limit": TRANSITION_MIN_WORDS,
    }

    if words < TRANSITION_MIN_WORDS:
        builder.add("transition_words", "good", "short", **common)
    elif percent >= TRANSITION_GOOD_PERCENT:
        builder.add("transition_words", "good", "good", **common)
    elif percent >= TRANSITION_FAR_PERCENT:
        builder.add("transition_words", "improve", "low", **common)
    else:
        builder.add("transition_words", "problem", "low", **common)
    return percent


def _sentence_beginnings(builder: CheckBuilder, sentence_words: list[list[str]]) -> int:
    longest_run, run, word = 0, 0, ""
    previous = None
    for words in sentence_words:
        opening = english.sentence_opening(words)
        run = run + 1 if opening and opening == previous else 1
        previous = opening
        if run > longest_run:
            longest_run, word = run, opening

    common = {
        "value": longest_run,
        "threshold": builder.at_most(MAX_SAME_BEGINNINGS, "sentences"),
        "weight": 1.0,
        "count": longest_run,
        "word": word,
    }
    if longest_run > MAX_SAME_BEGINNINGS:
        builder.add("sentence_beginnings", "problem", "repeated", **common)
    else:
        builder.add("sentence_beginnings", "good", "good", **common)
    return longest_run
