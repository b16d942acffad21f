"""Language-aware counting shared by results and analysis.

English words are runs of letters and digits (with inner apostrophes and
hyphens); Han characters are counted one by one, because Chinese has no
spaces and ``str.split()`` would count a whole paragraph as one word.
"""

from __future__ import annotations

import re
import unicodedata

# CJK Unified Ideographs with extension A and the compatibility block.
# Extensions B and later are rare in modern text and left out on purpose.
HAN_PATTERN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
WORD_PATTERN = re.compile(
    r"[^\W\d_\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]"
    r"[^\W_\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]*"
    r"(?:['’-][^\W_\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)*"
    r"|\d+(?:[.,]\d+)*"
)


def normalize(text: str) -> str:
    """Return ``text`` in NFKC form, so full-width and half-width forms compare equal."""
    return unicodedata.normalize("NFKC", text)


def count_han(text: str) -> int:
    """Count Han characters."""
    return len(HAN_PATTERN.findall(text))


def english_words(text: str) -> list[str]:
    """Return the non-Han words of ``text`` without punctuation."""
    return WORD_PATTERN.findall(normalize(text))


def count_words(text: str) -> int:
    """Count non-Han words (English and other space-separated scripts)."""
    return len(english_words(text))


def is_mostly_han(text: str) -> bool:
    """Return True when Han characters outnumber words, which marks Chinese text."""
    return count_han(text) > count_words(text)
