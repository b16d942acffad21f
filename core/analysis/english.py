"""English word lists for passive voice, transition words and sentence openings.

The lists are this project's own, written from standard English grammar; they
cover common cases and are not exhaustive.
"""

from __future__ import annotations

import re

# Forms of "to be" that build the passive ("is written", "was being built").
BE_FORMS = frozenset(
    {"am", "is", "are", "was", "were", "be", "been", "being", "isn't", "aren't", "wasn't"}
    | {"weren't"}
)

# Words that may stand between the auxiliary and the participle ("was not
# written", "is often used").
PASSIVE_INSERTS = frozenset(
    {"not", "never", "also", "always", "often", "still", "just", "already", "being", "been"}
)

IRREGULAR_PARTICIPLES = frozenset(
    """
    arisen awoken borne beaten become begun bent bound bitten bled blown broken bred
    brought built burnt bought caught chosen come cost crept cut dealt dug done drawn
    dreamt drunk driven eaten fallen fed felt fought found fled flung flown forbidden
    forgotten forgiven frozen gotten given gone ground grown hung heard hidden hit held
    hurt kept knelt known laid led leant learnt lent let lain lit lost made meant met
    mistaken paid proven put quit read ridden rung risen run said seen sought sold sent
    set sewn shaken shed shone shot shown shrunk shut sung sunk slain slept slid slung
    spoken sped spent spun spread sprung stood stolen stuck stung struck strung sworn
    swept swollen swum taken taught torn told thought thrown understood upset woken worn
    woven wed won wound withdrawn withheld written
    """.split()
)

# Words ending in -ed that are not past participles.
NOT_PARTICIPLES = frozenset({"bed", "red", "shed", "need", "feed", "seed", "speed", "indeed"})

TRANSITION_WORDS = frozenset(
    """
    accordingly additionally afterward afterwards also although besides but consequently
    conversely finally first firstly further furthermore hence however indeed instead
    lastly later likewise meanwhile moreover nevertheless next nonetheless otherwise
    overall second secondly similarly since so still subsequently then therefore thus
    ultimately whereas while yet because unless though
    """.split()
)

TRANSITION_PHRASES = (
    "as a result",
    "after all",
    "all in all",
    "as well as",
    "at the same time",
    "by contrast",
    "even though",
    "for example",
    "for instance",
    "in addition",
    "in contrast",
    "in fact",
    "in other words",
    "in particular",
    "in short",
    "in summary",
    "in the end",
    "on the contrary",
    "on the other hand",
    "such as",
    "that is",
    "to sum up",
    "in conclusion",
    "as long as",
    "so that",
)

TRANSITION_PHRASE_PATTERN = re.compile(
    r"\b(?:" + "|".join(re.escape(phrase) for phrase in TRANSITION_PHRASES) + r")\b"
)

# Openings too common to count as repetition on their own: the next word
# decides ("The cat ... The dog ..." do not start with the same word).
FIRST_WORD_EXCEPTIONS = frozenset(
    """
    a an the this that these those one two three four five six seven eight nine ten
    """.split()
)


def is_participle(word: str) -> bool:
    """Return True when ``word`` looks like a past participle."""
    if word in IRREGULAR_PARTICIPLES:
        return True
    return word.endswith("ed") and len(word) > 3 and word not in NOT_PARTICIPLES


def is_passive(words: list[str]) -> bool:
    """Return True when the lower-case ``words`` of a sentence contain a passive construction.

    A passive is a form of "to be" followed by a past participle, with at most
    two adverbs or "not" between them. Adjectives that look like participles
    ("is tired") count too, as in most passive-voice checkers.
    """
    for index, word in enumerate(words):
        if word not in BE_FORMS:
            continue
        for following in words[index + 1 : index + 4]:
            if is_participle(following):
                return True
            if following not in PASSIVE_INSERTS and not following.endswith("ly"):
                break
    return False


def has_transition(words: list[str], sentence: str) -> bool:
    """Return True when a sentence contains a transition word or phrase."""
    if any(word in TRANSITION_WORDS for word in words):
        return True
    return bool(TRANSITION_PHRASE_PATTERN.search(sentence.lower()))


def sentence_opening(words: list[str]) -> str:
    """Return the opening that the repetition check compares, in lower case."""
    if not words:
        return ""
    if words[0] in FIRST_WORD_EXCEPTIONS and len(words) > 1:
        return f"{words[0]} {words[1]}"
    return words[0]
