"""Chinese word segmentation with jieba, whose wheel ships its dictionary.

One ``jieba.Tokenizer`` serves the whole process. It is built on first use
under a lock, with jieba's logger set to WARNING so that the "Building prefix
dict" lines do not reach stderr. Loading also collects the adverbs (tag ``d``)
and conjunctions (tag ``c``) of jieba's dictionary for the Chinese readability
index. jieba caches the prefix dictionary in the temporary directory, which
is a local file and no download.
"""

from __future__ import annotations

import logging
import threading
import time

import jieba

logger = logging.getLogger(__name__)

ADVERB_CONJUNCTION_TAGS = frozenset({"d", "c"})

_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None
_adverbs_conjunctions: frozenset[str] = frozenset()
_load_count = 0


def _load() -> jieba.Tokenizer:
    global _tokenizer, _adverbs_conjunctions, _load_count

    if _tokenizer is not None:
        return _tokenizer

    with _lock:
        if _tokenizer is None:
            started = time.perf_counter()
            logging.getLogger("jieba").setLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            tokenizer.initialize()
            _adverbs_conjunctions = _read_tagged_words(tokenizer, ADVERB_CONJUNCTION_TAGS)
            _tokenizer = tokenizer
            _load_count += 1
            elapsed_ms = (time.perf_counter() - started) * 1000
            logger.info("loaded jieba dictionary in %.0f ms", elapsed_ms)
        return _tokenizer


def _read_tagged_words(tokenizer: jieba.Tokenizer, tags: frozenset[str]) -> frozenset[str]:
    words: set[str] = set()
    with tokenizer.get_dict_file() as dictionary:
        for line in dictionary:
            parts = line.decode("utf-8").split()
            if len(parts) >= 3 and parts[2] in tags:
                words.add(parts[0])
    return frozenset(words)


def segment(text: str) -> list[str]:
    """Return the words of ``text`` without whitespace tokens.

    The HMM for unknown words is off: it costs time and the readability index
    only looks for adverbs and conjunctions, which are all in the dictionary.
    """
    tokenizer = _load()
    return [token for token in tokenizer.lcut(text, HMM=False) if token.strip()]


def is_adverb_or_conjunction(word: str) -> bool:
    """Return True when jieba's dictionary tags ``word`` as an adverb or a conjunction."""
    _load()
    return word in _adverbs_conjunctions


def dictionary_load_count() -> int:
    """Return how many times this process has loaded the jieba dictionary (0 or 1)."""
    return _load_count
