"""Sentence and paragraph length checks shared by the English and Chinese rules."""

from __future__ import annotations

from core.analysis.scoring import CheckBuilder, format_number
from core.analysis.thresholds import LONG_SENTENCE_FAR_PERCENT, LONG_SENTENCE_GOOD_PERCENT


def add_sentence_length_check(
    builder: CheckBuilder, lengths: list[int], limit: float, unit: str, weight: float
) -> float:
    """Append the long-sentence share check and return the share in percent."""
    long_count = sum(1 for length in lengths if length > limit)
    percent = round(100 * long_count / len(lengths), 1) if lengths else 0.0
    common = {
        "value": percent,
        "threshold": builder.at_most(LONG_SENTENCE_GOOD_PERCENT, "percent"),
        "weight": weight,
        "percent": format_number(percent),
        "limit": format_number(limit),
        "unit": builder.unit(unit),
        "max": format_number(LONG_SENTENCE_GOOD_PERCENT),
    }

    if percent <= LONG_SENTENCE_GOOD_PERCENT:
        builder.add("sentence_length", "good", "good", **common)
    elif percent <= LONG_SENTENCE_FAR_PERCENT:
        builder.add("sentence_length", "improve", "long", **common)
    else:
        builder.add("sentence_length", "problem", "long", **common)
    return percent


def add_paragraph_length_check(
    builder: CheckBuilder, lengths: list[int], limit: float, far: float, unit: str, weight: float
) -> int:
    """Append the paragraph length check and return the longest paragraph."""
    longest = max(lengths, default=0)
    common = {
        "value": longest,
        "threshold": builder.at_most(limit, unit),
        "weight": weight,
        "count": sum(1 for length in lengths if length > limit),
        "longest": longest,
        "limit": format_number(limit),
        "unit": builder.unit(unit),
    }

    if longest <= limit:
        builder.add("paragraph_length", "good", "good", **common)
    elif longest <= far:
        builder.add("paragraph_length", "improve", "long", **common)
    else:
        builder.add("paragraph_length", "problem", "long", **common)
    return longest
