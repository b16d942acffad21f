"""Thresholds for the SEO and readability checks, with their sources.

English values are the defaults of Yoast SEO's analysis (the ``yoastseo``
package in github.com/Yoast/wordpress-seo, read in 2025). For Chinese, lengths
are measured in characters the way Yoast measures Japanese, its only CJK
language, with the values of ``packages/yoastseo/src/languageProcessing/
languages/ja/config/*.js``. Yoast maps an assessment score to a traffic light
in ``scoring/interpreters/scoreToRating.js``: score <= 4 is bad, 5-7 is ok,
> 7 is good. Here bad is "problem", ok is "improve" and good is "good".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from core.analysis.models import Audience

Unit = Literal["words", "characters"]


@dataclass(frozen=True)
class LengthRules:
    """Length thresholds for one kind of text; English counts words, Chinese characters."""

    unit: Unit
    # TextLengthAssessment.js (en) and ja/config/textLength.js: good at or above
    # recommendedMinimum, "improve" down to slightlyBelowMinimum, "problem" below.
    text_length_good: int
    text_length_improve: int
    # MetaDescriptionLengthAssessment.js (en: 120/156) and
    # ja/config/metaDescriptionLength.js (60/80): good when longer than
    # recommendedMaximumLength and at most maximumLength, in characters.
    meta_length_above: int
    meta_length_max: int
    # SubheadingDistributionTooLongAssessment.js (300/350 words) and
    # ja/config/subheadingsTooLong.js (600/700 characters).
    section_max: int
    section_far: int
    # KeyphraseLengthAssessment.js (1-4 words good, up to 8 acceptable) and
    # ja/config/keyphraseLength.js (up to 12 characters good, up to 18 acceptable).
    keyword_max: int
    keyword_acceptable: int
    # KeywordDensityAssessment.js applies from 100 words;
    # ja/config/assessmentApplicabilityCharacterCount.js from 200 characters.
    density_min_text: int
    # SentenceLengthInTextAssessment.js (20 words) and ja/config/sentenceLength.js
    # (40 characters).
    sentence_max: int
    # ParagraphTooLongAssessment.js (150/200 words) and ja/config/paragraphLength.js
    # (300/400 characters).
    paragraph_max: int
    paragraph_far: int


ENGLISH = LengthRules(
    unit="words",
    text_length_good=300,
    text_length_improve=250,
    # Yoast calls 121-156 good; Copydesk includes 120 so the range reads 120-156.
    meta_length_above=119,
    meta_length_max=156,
    section_max=300,
    section_far=350,
    keyword_max=4,
    keyword_acceptable=8,
    density_min_text=100,
    sentence_max=20,
    paragraph_max=150,
    paragraph_far=200,
)

CHINESE = LengthRules(
    unit="characters",
    text_length_good=600,
    text_length_improve=500,
    # Yoast's Japanese range is 61-80; Copydesk accepts 50-80 Chinese
    # characters, which is what a Chinese search result shows on one line.
    meta_length_above=49,
    meta_length_max=80,
    section_max=600,
    section_far=700,
    keyword_max=12,
    keyword_acceptable=18,
    density_min_text=200,
    sentence_max=40,
    paragraph_max=300,
    paragraph_far=400,
)

# KeywordDensityAssessment.js, parameters.noWordForms: good from 0.5% to 3%,
# too high above 3%, far too high above 4%. Every status outside the range
# scores 4 or less there, so all of them are "problem" here. A single match is
# too few whatever the density, and two matches are enough while the
# recommended minimum count (recommendedKeywordCount.js) is at most 2.
DENSITY_MIN_PERCENT = 0.5
DENSITY_MAX_PERCENT = 3.0
DENSITY_FAR_PERCENT = 4.0

# SubHeadingsKeywordAssessment.js: the keyword should be in 30% to 75% of the
# H2 and H3 subheadings; one subheading out of one also counts as good.
SUBHEADING_KEYWORD_LOW = 0.30
SUBHEADING_KEYWORD_HIGH = 0.75

# SentenceLengthInTextAssessment.js: share of long sentences, good up to 25%,
# "improve" up to 30%, "problem" above. The Japanese config changes only the length.
LONG_SENTENCE_GOOD_PERCENT = 25.0
LONG_SENTENCE_FAR_PERCENT = 30.0

# PassiveVoiceAssessment.js: good up to 10%, "improve" up to 15%.
PASSIVE_GOOD_PERCENT = 10.0
PASSIVE_FAR_PERCENT = 15.0

# TransitionWordsAssessment.js: "problem" under 20%, "improve" under 30%, and
# always good for texts under 200 words.
TRANSITION_FAR_PERCENT = 20.0
TRANSITION_GOOD_PERCENT = 30.0
TRANSITION_MIN_WORDS = 200

# SentenceBeginningsAssessment.js: three or more consecutive sentences that
# start with the same word are a "problem".
MAX_SAME_BEGINNINGS = 2

# fleschReadingEaseAssessment.js: 60 and above scores 9, 50 to 60 scores 6,
# below 50 scores 3.
FLESCH_GOOD = 60.0
FLESCH_IMPROVE = 50.0

# Chinese checks that Yoast has no Japanese counterpart for. These limits are
# this project's own choice, not a published standard.
# NOTE: the clause limits are estimates from typical news prose (10-15
# characters per clause), not measured on a corpus.
ZH_AVERAGE_SENTENCE_GOOD = 30.0
ZH_AVERAGE_SENTENCE_MAX = 40.0
ZH_CLAUSE_GOOD = 15.0
ZH_CLAUSE_MAX = 20.0

# Audience adjustment of the readability limits: every length limit is
# multiplied by the factor and the Flesch bands move by the offset. Expert
# readers cope with longer sentences and paragraphs, while children need
# shorter ones and an easier text.
AUDIENCE_LENGTH_FACTOR: dict[Audience, float] = {
    "general": 1.0,
    "expert": 1.25,
    "children": 0.75,
}
AUDIENCE_FLESCH_OFFSET: dict[Audience, float] = {
    "general": 0.0,
    "expert": -10.0,
    "children": 10.0,
}


def scaled(limit: float, audience: Audience) -> float:
    """Return ``limit`` scaled for ``audience`` and rounded to one decimal."""
    return round(limit * AUDIENCE_LENGTH_FACTOR[audience], 1)


def rules_for(language: str) -> LengthRules:
    """Return the length rules for a rules language ("zh" or "en")."""
    return CHINESE if language == "zh" else ENGLISH
