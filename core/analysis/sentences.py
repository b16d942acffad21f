"""Sentence and clause splitting for English, Chinese and mixed text.

Input is NFKC-normalized, so the full-width ！ and ？ arrive as ! and ?, while
the ideographic full stop 。 stays as it is. A sentence ends at ``.``, ``!``,
``?`` or ``。``, together with any closing quotes or brackets after them.
A dot does not end a sentence when a letter or digit follows it (3.5,
example.com), after a known abbreviation (Dr., e.g.) or after a single capital
letter (an initial, as in J. K. Rowling). No mark but 。 ends a sentence when the
next word starts with a lower-case letter. A paragraph end always ends a sentence.
"""

from __future__ import annotations

import re

from core.text import HAN_PATTERN, WORD_PATTERN

TERMINATOR_PATTERN = re.compile(r"[.!?。]+[\"'”’)\]」』》〕】]*")
WORD_BEFORE_DOT_PATTERN = re.compile(r"([A-Za-z][A-Za-z.]*)$")
CLAUSE_SEPARATOR_PATTERN = re.compile(r"(?<!\d),|,(?!\d)|[;:]")

# Abbreviations that are followed by a dot but rarely end a sentence.
# "etc." is left out on purpose, because it often does end one.
ABBREVIATIONS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sr",
        "jr",
        "st",
        "mt",
        "vs",
        "e.g",
        "i.e",
        "a.m",
        "p.m",
        "no",
        "fig",
        "approx",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "rev",
        "hon",
        "inc",
        "ltd",
        "co",
        "u.s",
        "u.k",
    }
)


def has_content(text: str) -> bool:
    """Return True when ``text`` contains a word or a Han character."""
    return bool(WORD_PATTERN.search(text) or HAN_PATTERN.search(text))


def split_sentences(paragraph: str) -> list[str]:
    """Split one normalized paragraph into sentences that contain a word or Han character."""
    sentences: list[str] = []
    start = 0

    for match in TERMINATOR_PATTERN.finditer(paragraph):
        if not _ends_sentence(paragraph, match):
            continue
        sentences.append(paragraph[start : match.end()])
        start = match.end()

    sentences.append(paragraph[start:])
    return [sentence.strip() for sentence in sentences if has_content(sentence)]


def split_clauses(sentence: str) -> list[str]:
    """Split a normalized Chinese sentence at commas, semicolons and colons.

    A comma between two digits (1,000) does not split. The enumeration comma
    、 separates list items, not clauses, so it does not split either.
    """
    return [part for part in CLAUSE_SEPARATOR_PATTERN.split(sentence) if has_content(part)]


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    marks = match.group(0)
    if "。" in marks:
        return True

    # A lower-case word after the mark continues the sentence: "Why?" she asked.
    rest = text[match.end() :].lstrip()
    if rest[:1].isascii() and rest[:1].islower():
        return False

    if "!" in marks or "?" in marks:
        return True

    following = text[match.end() : match.end() + 1]
    if following and following.isalnum() and not HAN_PATTERN.match(following):
        return False

    if marks.rstrip("\"'”’)]」』》〕】") != ".":
        # An ellipsis ("..." after NFKC) ends the sentence like a full stop.
        return True

    word = WORD_BEFORE_DOT_PATTERN.search(text, 0, match.start())
    if word is None:
        return True

    before = word.group(1)
    if before.lower() in ABBREVIATIONS:
        return False

    return not (len(before) == 1 and before.isupper())
