"""Chinese readability checks and a published Chinese readability index.

Weights in the readability score under Chinese rules: readability index 2,
long sentences 2, average sentence length 1, clause length 2, paragraph
length 2. Lengths are in units (Han characters plus words, see ``counts``).

The index is the one of 徐巍、姚振晔、陈冬华《中文年报可读性：衡量与检验》,
会计研究 2021(3): 28-44 (Xu, Yao and Chen, "Readability of Chinese annual
reports: measurement and test", Accounting Research). It is half the sum of
the average clause length in characters and the average share of adverbs and
conjunctions among the words of a sentence. A higher value is harder to read.
NOTE: the formula is taken from its summary in the readability-cn package
(github.com/chenryn/python-readability-cn, readability.py); the paper itself
was not at hand. Whether the paper takes the adverb and conjunction share as
a fraction (used here, as in readability-cn) or as a percentage is
unconfirmed. With a fraction, the share moves the index by less than 0.5.
Formulas that need stroke counts or graded word lists (Yang 1971 and later
ones) are left out, because no installed package ships that data.
"""

from __future__ import annotations

from core.analysis import segment
from core.analysis.counts import TextProfile, unit_count
from core.analysis.length_checks import add_paragraph_length_check, add_sentence_length_check
from core.analysis.models import Audience, ReadabilityMetrics
from core.analysis.scoring import CheckBuilder, format_number
from core.analysis.sentences import has_content, split_clauses
from core.analysis.thresholds import (
    CHINESE,
    ZH_AVERAGE_SENTENCE_GOOD,
    ZH_AVERAGE_SENTENCE_MAX,
    ZH_CLAUSE_GOOD,
    ZH_CLAUSE_MAX,
    scaled,
)

# Limits for the index, this project's choice: they match clauses of about
# 16 and 21 characters, a little above the clause length limits.
INDEX_GOOD = 8.0
INDEX_MAX = 10.5


def add_chinese_checks(
    builder: CheckBuilder, profile: TextProfile, audience: Audience
) -> ReadabilityMetrics:
    """Append the Chinese readability checks and return the measured values."""
    sentence_lengths = [unit_count(sentence) for sentence in profile.sentences]
    clause_lengths = [
        unit_count(clause) for sentence in profile.sentences for clause in split_clauses(sentence)
    ]
    average_sentence = sum(sentence_lengths) / len(sentence_lengths)
    average_clause = sum(clause_lengths) / len(clause_lengths) if clause_lengths else 0.0
    index = chinese_readability_index(average_clause, profile.sentences)

    metrics = ReadabilityMetrics(
        average_sentence_length=round(average_sentence, 1),
        average_clause_length=round(average_clause, 1),
        chinese_readability_index=round(index, 2),
    )
    _index_check(builder, index, audience)
    metrics.long_sentence_percent = add_sentence_length_check(
        builder, sentence_lengths, scaled(CHINESE.sentence_max, audience), "characters", 2.0
    )
    _average_sentence_check(builder, average_sentence, audience)
    _clause_check(builder, average_clause, audience)
    metrics.longest_paragraph = add_paragraph_length_check(
        builder,
        [paragraph.units for paragraph in profile.paragraphs],
        scaled(CHINESE.paragraph_max, audience),
        scaled(CHINESE.paragraph_far, audience),
        "characters",
        2.0,
    )
    return metrics


def adverb_conjunction_share(sentence: str) -> float:
    """Return the share of adverbs and conjunctions among the words of one sentence."""
    words = [word for word in segment.segment(sentence) if has_content(word)]
    if not words:
        return 0.0
    return sum(1 for word in words if segment.is_adverb_or_conjunction(word)) / len(words)


def chinese_readability_index(average_clause: float, sentences: list[str]) -> float:
    """Return the Xu, Yao and Chen (2021) index.

    index = 0.5 * (average clause length + average adverb and conjunction share)
    """
    if not sentences:
        return 0.0

    shares = [adverb_conjunction_share(sentence) for sentence in sentences]
    return 0.5 * (average_clause + sum(shares) / len(shares))


def _index_check(builder: CheckBuilder, index: float, audience: Audience) -> None:
    good = scaled(INDEX_GOOD, audience)
    common = {
        "value": round(index, 2),
        "threshold": builder.at_most(good, "none"),
        "weight": 2.0,
        "index": format_number(index),
        "limit": format_number(good),
    }

    if index <= good:
        builder.add("chinese_readability_index", "good", "good", **common)
    elif index <= scaled(INDEX_MAX, audience):
        builder.add("chinese_readability_index", "improve", "hard", **common)
    else:
        builder.add("chinese_readability_index", "problem", "hard", **common)


def _average_sentence_check(builder: CheckBuilder, average: float, audience: Audience) -> None:
    good = scaled(ZH_AVERAGE_SENTENCE_GOOD, audience)
    common = {
        "value": round(average, 1),
        "threshold": builder.at_most(good, "characters"),
        "weight": 1.0,
        "average": format_number(average),
        "limit": format_number(good),
    }

    if average <= good:
        builder.add("average_sentence_length", "good", "good", **common)
    elif average <= scaled(ZH_AVERAGE_SENTENCE_MAX, audience):
        builder.add("average_sentence_length", "improve", "long", **common)
    else:
        builder.add("average_sentence_length", "problem", "long", **common)


def _clause_check(builder: CheckBuilder, average: float, audience: Audience) -> None:
    good = scaled(ZH_CLAUSE_GOOD, audience)
    common = {
        "value": round(average, 1),
        "threshold": builder.at_most(good, "characters"),
        "weight": 2.0,
        "average": format_number(average),
        "limit": format_number(good),
    }

    if average <= good:
        builder.add("clause_length", "good", "good", **common)
    elif average <= scaled(ZH_CLAUSE_MAX, audience):
        builder.add("clause_length", "improve", "long", **common)
    else:
        builder.add("clause_length", "problem", "long", **common)
