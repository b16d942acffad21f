"""Counts of a text and the detection of its language.

Each English word and each Han character is one length unit. A text whose
units are at least 80% Han characters is Chinese ("zh"), one with at most 20%
is English ("en"), anything in between is "mixed". Mixed text follows the
rules of the script that has at least half of the units (Chinese on a tie).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from core.analysis.document import Document, parse_document
from core.analysis.models import Counts, TextLanguage
from core.analysis.sentences import split_sentences
from core.analysis.syllables import count_syllables
from core.text import HAN_PATTERN, WORD_PATTERN

ZH_SHARE = 0.8
EN_SHARE = 0.2


def han_count(text: str) -> int:
    """Count Han characters in normalized text."""
    return len(HAN_PATTERN.findall(text))


def word_list(text: str) -> list[str]:
    """Return the non-Han words of normalized text."""
    return WORD_PATTERN.findall(text)


def unit_count(text: str) -> int:
    """Count length units (words plus Han characters) in normalized text."""
    return han_count(text) + len(word_list(text))


@dataclass
class Paragraph:
    """A body paragraph with its sentences and length in units."""

    text: str
    sentences: list[str]
    units: int


@dataclass
class TextProfile:
    """A parsed text with everything the SEO and readability checks share."""

    document: Document
    language: TextLanguage
    rules: Literal["zh", "en"]
    paragraphs: list[Paragraph]
    words: list[str]
    han_characters: int
    characters: int
    syllables: int | None
    sentences: list[str] = field(default_factory=list)

    @property
    def units(self) -> int:
        return len(self.words) + self.han_characters

    @property
    def body_units(self) -> int:
        return sum(paragraph.units for paragraph in self.paragraphs)

    def counts(self) -> Counts:
        """Return the counts as a report model."""
        images_with_alt = sum(1 for alt in self.document.image_alts if alt)
        return Counts(
            language=self.language,
            rules=self.rules,
            units=self.units,
            words=len(self.words),
            han_characters=self.han_characters,
            characters=self.characters,
            syllables=self.syllables,
            sentences=len(self.sentences),
            paragraphs=len(self.paragraphs),
            h1=self.document.heading_count(1),
            h2=self.document.heading_count(2),
            h3=self.document.heading_count(3),
            links=len(self.document.links),
            images=len(self.document.image_alts),
            images_with_alt=images_with_alt,
            images_without_alt=len(self.document.image_alts) - images_with_alt,
        )


def detect_language(han: int, words: int) -> TextLanguage:
    """Classify a text by its share of Han characters among all units."""
    total = han + words
    if total == 0:
        return "empty"

    han_share = han / total
    if han_share >= ZH_SHARE:
        return "zh"
    if han_share <= EN_SHARE:
        return "en"
    return "mixed"


def build_profile(text: str) -> TextProfile:
    """Parse and count ``text``; the Markdown is normalized with NFKC piece by piece."""
    document = parse_document(text)
    visible = document.visible_text()

    words = word_list(visible)
    han = han_count(visible)
    language = detect_language(han, len(words))
    rules: Literal["zh", "en"] = "zh" if han >= len(words) and han > 0 else "en"

    paragraphs = [
        Paragraph(text=body, sentences=split_sentences(body), units=unit_count(body))
        for body in document.paragraphs
    ]
    sentences = [sentence for paragraph in paragraphs for sentence in paragraph.sentences]

    syllables = None
    if rules == "en":
        syllables = sum(count_syllables(word) for word in words)

    return TextProfile(
        document=document,
        language=language,
        rules=rules,
        paragraphs=paragraphs,
        words=words,
        han_characters=han,
        characters=sum(1 for char in visible if not char.isspace()),
        syllables=syllables,
        sentences=sentences,
    )
