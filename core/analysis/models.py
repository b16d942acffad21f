"""Report models for the text analysis; they serialize into ``result.analysis``."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Status = Literal["good", "improve", "problem"]
Audience = Literal["general", "expert", "children"]

# "zh" and "en" are texts written mostly in one script, "mixed" has a large
# share of both, and "empty" has no Han character and no word at all.
TextLanguage = Literal["zh", "en", "mixed", "empty"]


class Check(BaseModel):
    """One assessment: what was measured, against which threshold, and what to do."""

    id: str
    status: Status
    value: float | int | str | None = None
    threshold: str = ""
    message: str
    keyword: str | None = None
    weight: float = Field(default=1.0, description="Share of this check in the area score")


class Counts(BaseModel):
    """Counts over the visible text: headings and paragraphs, without code or image alt text.

    ``words`` counts non-Han words (English and digits) and ``han_characters``
    counts Han characters; mixed text reports both. ``units`` is the length that
    the length rules use: words plus Han characters, one unit each. ``rules``
    names the rules applied: Chinese when Han characters are at least half of
    the units, else English.
    """

    language: TextLanguage
    rules: Literal["zh", "en"]
    units: int
    words: int
    han_characters: int
    characters: int
    syllables: int | None = Field(description="English syllables; None under Chinese rules")
    sentences: int
    paragraphs: int
    h1: int
    h2: int
    h3: int
    links: int
    images: int
    images_with_alt: int
    images_without_alt: int


class KeywordStats(BaseModel):
    """Occurrences of one keyword after NFKC and case folding.

    ``occurrences`` counts matches that are not inside a match of a longer
    keyword. ``inside_longer`` counts the matches that are (学习 inside
    机器学习), so no text is counted for two keywords at once.
    """

    keyword: str
    occurrences: int
    inside_longer: int
    density_percent: float
    length: int
    length_unit: Literal["words", "characters"]


class SeoReport(BaseModel):
    """SEO checks for one text and its keywords, title and meta description."""

    kind: Literal["seo"] = "seo"
    locale: str
    language: TextLanguage
    score: int
    counts: Counts
    keywords: list[KeywordStats]
    checks: list[Check]


class ReadabilityMetrics(BaseModel):
    """Measured values behind the readability checks; None where a metric does not apply."""

    flesch_reading_ease: float | None = None
    average_sentence_length: float | None = None
    long_sentence_percent: float | None = None
    longest_paragraph: int | None = None
    average_clause_length: float | None = None
    passive_percent: float | None = None
    transition_percent: float | None = None
    max_same_beginnings: int | None = None
    chinese_readability_index: float | None = None


class ReadabilityReport(BaseModel):
    """Readability checks for one text and audience."""

    kind: Literal["readability"] = "readability"
    locale: str
    language: TextLanguage
    audience: Audience
    score: int
    counts: Counts
    metrics: ReadabilityMetrics
    checks: list[Check]
