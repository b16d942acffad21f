"""Keyword matching with full-width/half-width folding and an overlap rule.

Keywords and text are NFKC-normalized and case-folded, so ＳＥＯ matches seo.
Latin letters and digits at the edge of a keyword must stand at a word edge
(whole-word matching), while a Han character matches anywhere, because
Chinese has no spaces between words. Whitespace inside a keyword matches any
run of whitespace.

Overlap rule: a match that lies wholly inside a match of a longer keyword
(学习 inside 机器学习) is counted apart, as "inside longer keywords", and not
as an occurrence. A partial overlap counts for both keywords. The rule holds
for every check: the density, and the title, introduction, subheadings and
meta description checks all see only the matches outside longer keywords.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.analysis.counts import han_count, unit_count, word_list
from core.text import HAN_PATTERN, normalize

# Word characters that are not Han: letters and digits of space-separated scripts.
LATIN_EDGE = r"[^\W_\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"


@dataclass(frozen=True)
class Keyword:
    """A keyword as given, with its folded form, regular expression and length."""

    original: str
    folded: str
    pattern: re.Pattern[str]
    has_han: bool
    length: int

    @property
    def length_unit(self) -> str:
        return "characters" if self.has_han else "words"


@dataclass(frozen=True)
class KeywordMatches:
    """Occurrences of one keyword in one text, split by the overlap rule."""

    keyword: Keyword
    occurrences: int
    inside_longer: int


def fold(text: str) -> str:
    """Return ``text`` NFKC-normalized and case-folded."""
    return normalize(text).casefold()


def prepare_keywords(keywords: list[str]) -> list[Keyword]:
    """Fold, deduplicate and compile keywords; blank ones are dropped.

    Two keywords that fold to the same text are one keyword, kept under the
    spelling given first. Keyword length counts Han characters and words for
    a keyword with Han characters, else words only.
    """
    prepared: list[Keyword] = []
    seen: set[str] = set()

    for original in keywords:
        folded = " ".join(fold(original).split())
        if not folded or folded in seen:
            continue
        seen.add(folded)

        has_han = han_count(folded) > 0
        length = unit_count(folded) if has_han else len(word_list(folded))
        if length == 0:
            continue
        prepared.append(
            Keyword(
                original=original.strip(),
                folded=folded,
                pattern=_compile(folded),
                has_han=has_han,
                length=length,
            )
        )

    return prepared


def _compile(folded: str) -> re.Pattern[str]:
    body = r"\s+".join(re.escape(part) for part in folded.split())
    start = "" if HAN_PATTERN.match(folded[0]) else f"(?<!{LATIN_EDGE})"
    end = "" if HAN_PATTERN.match(folded[-1]) else f"(?!{LATIN_EDGE})"
    return re.compile(start + body + end)


def find_spans(keyword: Keyword, folded_text: str) -> list[tuple[int, int]]:
    """Return the non-overlapping match spans of ``keyword``, left to right."""
    return [match.span() for match in keyword.pattern.finditer(folded_text)]


def standalone_spans(
    keyword: Keyword, keywords: list[Keyword], folded_text: str
) -> tuple[list[tuple[int, int]], int]:
    """Return the keyword's spans that lie outside longer keywords, and the count of the rest."""
    longer = [other for other in keywords if len(other.folded) > len(keyword.folded)]
    claimed = [span for other in longer for span in find_spans(other, folded_text)]

    standalone: list[tuple[int, int]] = []
    inside = 0
    for start, end in find_spans(keyword, folded_text):
        if any(left <= start and end <= right for left, right in claimed):
            inside += 1
        else:
            standalone.append((start, end))
    return standalone, inside


def match_keywords(keywords: list[Keyword], folded_text: str) -> list[KeywordMatches]:
    """Count each keyword's matches in folded text by the overlap rule, in input order."""
    results: list[KeywordMatches] = []
    for keyword in keywords:
        standalone, inside = standalone_spans(keyword, keywords, folded_text)
        results.append(KeywordMatches(keyword, len(standalone), inside))
    return results


def count_in(keyword: Keyword, keywords: list[Keyword], text: str) -> int:
    """Count the keyword's matches in normalized ``text`` that are not inside longer keywords."""
    standalone, _ = standalone_spans(keyword, keywords, fold(text))
    return len(standalone)


def starts_with(keyword: Keyword, keywords: list[Keyword], text: str) -> bool:
    """Return True when the keyword opens ``text``, after leading punctuation and spaces.

    Only a match outside longer keywords counts, as in ``count_in``.
    """
    folded = fold(text)
    standalone, _ = standalone_spans(keyword, keywords, folded)
    if not standalone:
        return False
    return not any(char.isalnum() for char in folded[: standalone[0][0]])
