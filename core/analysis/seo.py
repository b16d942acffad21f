"""SEO analysis: keyword checks here, structure checks in ``structure``.

Weights in the SEO score:

- keyword checks, 10 in all: density 3, in title 2, in introduction 2, in
  subheadings 1, in meta description 1, keyword length 1. With several
  keywords each keyword gets an equal part of these weights. Without any
  keyword, one "keywords" problem weighs the full 10.
- structure checks: text length 3, meta description length 2, single H1 1,
  subheading distribution 2, outbound links 1, image alt text 1.

The Yoast sources of the thresholds are in ``thresholds``.
"""

from __future__ import annotations

import logging
import math

from core.analysis import structure
from core.analysis.counts import TextProfile, build_profile
from core.analysis.keywords import (
    Keyword,
    KeywordMatches,
    count_in,
    fold,
    match_keywords,
    prepare_keywords,
    starts_with,
)
from core.analysis.models import KeywordStats, SeoReport
from core.analysis.scoring import CheckBuilder, area_score, format_number
from core.analysis.thresholds import (
    DENSITY_FAR_PERCENT,
    DENSITY_MAX_PERCENT,
    DENSITY_MIN_PERCENT,
    SUBHEADING_KEYWORD_HIGH,
    SUBHEADING_KEYWORD_LOW,
    LengthRules,
    rules_for,
)
from core.i18n import t

logger = logging.getLogger(__name__)

KEYWORD_WEIGHTS = {
    "keyword_density": 3.0,
    "keyword_in_title": 2.0,
    "keyword_in_introduction": 2.0,
    "keyword_in_subheadings": 1.0,
    "keyword_in_meta": 1.0,
    "keyword_length": 1.0,
}


def analyze_seo(
    text: str,
    *,
    keywords: list[str],
    meta: str | None = None,
    title: str | None = None,
    locale: str = "en",
) -> SeoReport:
    """Analyze ``text`` (Markdown) for search engines and return a scored report.

    ``keywords`` are matched after NFKC and case folding; blank and duplicate
    keywords are dropped, and a bare string raises ``TypeError`` because it
    would be read as one keyword per character. ``title`` is the SEO title. When it is missing, the
    first H1 of the text is used instead. ``locale`` selects the language of the
    messages only; the rules follow the language detected in the text. Empty
    text returns a report with one "text_empty" check and score 0.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    if isinstance(keywords, str) or not all(isinstance(k, str) for k in keywords):
        raise TypeError(f"keywords must be a list of str, got {keywords!r}")

    profile = build_profile(text)
    prepared = prepare_keywords(keywords)
    builder = CheckBuilder(locale)
    matches = match_keywords(prepared, fold(profile.document.visible_text()))
    stats = [_keyword_stats(match, profile) for match in matches]

    if profile.units == 0:
        builder.add("text_empty", "problem", "empty", value=0)
        return _report(locale, profile, stats, builder)

    rules = rules_for(profile.rules)
    if prepared:
        share = 1.0 / len(prepared)
        for match, stat in zip(matches, stats, strict=True):
            _keyword_checks(
                builder, profile, rules, match, stat, prepared, share, title=title, meta=meta
            )
    else:
        builder.add("keywords", "problem", "missing", weight=sum(KEYWORD_WEIGHTS.values()))

    structure.add_structure_checks(builder, profile, rules, meta=meta)
    report = _report(locale, profile, stats, builder)
    logger.debug(
        "seo analysis: language=%s units=%d keywords=%d score=%d",
        profile.language,
        profile.units,
        len(prepared),
        report.score,
    )
    return report


def _report(
    locale: str, profile: TextProfile, stats: list[KeywordStats], builder: CheckBuilder
) -> SeoReport:
    return SeoReport(
        locale=locale,
        language=profile.language,
        score=area_score(builder.checks),
        counts=profile.counts(),
        keywords=stats,
        checks=builder.checks,
    )


def _density_factor(keyword: Keyword) -> int:
    # Chinese density is keyword characters over text characters, so each
    # occurrence counts as many units as the keyword is long. English density
    # is occurrences over words, so each occurrence counts once.
    return keyword.length if keyword.has_han else 1


def _keyword_stats(match: KeywordMatches, profile: TextProfile) -> KeywordStats:
    density = 0.0
    if profile.units:
        covered = match.occurrences * _density_factor(match.keyword)
        density = 100 * covered / profile.units
    return KeywordStats(
        keyword=match.keyword.original,
        occurrences=match.occurrences,
        inside_longer=match.inside_longer,
        density_percent=round(density, 2),
        length=match.keyword.length,
        length_unit="characters" if match.keyword.has_han else "words",
    )


def _keyword_checks(
    builder: CheckBuilder,
    profile: TextProfile,
    rules: LengthRules,
    match: KeywordMatches,
    stat: KeywordStats,
    keywords: list[Keyword],
    share: float,
    *,
    title: str | None,
    meta: str | None,
) -> None:
    keyword = match.keyword
    weights = {name: weight * share for name, weight in KEYWORD_WEIGHTS.items()}

    _density_check(builder, profile, rules, match, stat, weights["keyword_density"])
    _title_check(builder, profile, keyword, keywords, title, weights["keyword_in_title"])
    _introduction_check(builder, profile, keyword, keywords, weights["keyword_in_introduction"])
    _subheading_check(builder, profile, keyword, keywords, weights["keyword_in_subheadings"])
    _meta_check(builder, keyword, keywords, meta, weights["keyword_in_meta"])
    _length_check(builder, keyword, weights["keyword_length"])


def _density_check(
    builder: CheckBuilder,
    profile: TextProfile,
    rules: LengthRules,
    match: KeywordMatches,
    stat: KeywordStats,
    weight: float,
) -> None:
    keyword = match.keyword.original
    count = match.occurrences
    density = stat.density_percent
    factor = _density_factor(match.keyword)
    threshold = builder.between(DENSITY_MIN_PERCENT, DENSITY_MAX_PERCENT, "percent")
    params = {"count": count, "density": format_number(density)}

    if profile.units < rules.density_min_text:
        status, case = ("good", "short") if count else ("improve", "short_missing")
        params["limit"] = rules.density_min_text
        params["unit"] = builder.unit(rules.unit)
    else:
        min_count = max(2, math.ceil(DENSITY_MIN_PERCENT * profile.units / (100 * factor)))
        max_count = max(2, math.floor(DENSITY_MAX_PERCENT * profile.units / (100 * factor)))
        params["min_count"] = min_count
        params["max_count"] = max_count
        status, case = _density_status(count, density, min_count)

    check = builder.add(
        "keyword_density",
        status,
        case,
        value=density,
        threshold=threshold,
        weight=weight,
        keyword=keyword,
        **params,
    )
    if match.inside_longer:
        note = t(
            "analysis.keyword_density.inside_longer", builder.locale, inside=match.inside_longer
        )
        check.message += note


def _density_status(count: int, density: float, min_count: int) -> tuple[str, str]:
    if count == 0:
        return "problem", "none"
    if count == 1:
        return "problem", "once"
    if count == 2 and min_count <= 2:
        return "good", "good"
    if density < DENSITY_MIN_PERCENT:
        return "problem", "low"
    if density <= DENSITY_MAX_PERCENT:
        return "good", "good"
    if density <= DENSITY_FAR_PERCENT:
        return "problem", "high"
    return "problem", "far"


def _title_check(
    builder: CheckBuilder,
    profile: TextProfile,
    keyword: Keyword,
    keywords: list[Keyword],
    title: str | None,
    weight: float,
) -> None:
    if title is None or not title.strip():
        h1s = [block.text for block in profile.document.headings if block.level == 1]
        title = h1s[0] if h1s else None

    threshold = builder.text("title_start")
    common = {"threshold": threshold, "weight": weight, "keyword": keyword.original}
    if title is None:
        builder.add("keyword_in_title", "problem", "no_title", value=0, **common)
        return

    count = count_in(keyword, keywords, title)
    if starts_with(keyword, keywords, title):
        builder.add("keyword_in_title", "good", "start", value=count, **common)
    elif count:
        builder.add("keyword_in_title", "improve", "elsewhere", value=count, **common)
    else:
        builder.add("keyword_in_title", "problem", "missing", value=0, **common)


def _introduction_check(
    builder: CheckBuilder,
    profile: TextProfile,
    keyword: Keyword,
    keywords: list[Keyword],
    weight: float,
) -> None:
    threshold = builder.text("first_paragraph")
    common = {"threshold": threshold, "weight": weight, "keyword": keyword.original}
    if not profile.paragraphs:
        builder.add("keyword_in_introduction", "problem", "no_paragraph", value=0, **common)
        return

    count = count_in(keyword, keywords, profile.paragraphs[0].text)
    status, case = ("good", "good") if count else ("problem", "missing")
    builder.add("keyword_in_introduction", status, case, value=count, **common)


def _subheading_check(
    builder: CheckBuilder,
    profile: TextProfile,
    keyword: Keyword,
    keywords: list[Keyword],
    weight: float,
) -> None:
    subheadings = [block.text for block in profile.document.headings if block.level in (2, 3)]
    threshold = builder.between(
        100 * SUBHEADING_KEYWORD_LOW, 100 * SUBHEADING_KEYWORD_HIGH, "percent"
    )
    common = {"threshold": threshold, "weight": weight, "keyword": keyword.original}
    if not subheadings:
        builder.add("keyword_in_subheadings", "improve", "no_subheadings", value=0, **common)
        return

    total = len(subheadings)
    matched = sum(1 for heading in subheadings if count_in(keyword, keywords, heading))
    low = math.ceil(total * SUBHEADING_KEYWORD_LOW)
    high = math.floor(total * SUBHEADING_KEYWORD_HIGH)
    params = {"matched": matched, "total": total, "value": round(100 * matched / total, 1)}

    if 0 < matched < low:
        builder.add("keyword_in_subheadings", "problem", "too_few", **common, **params)
    elif total > 1 and matched > high:
        builder.add("keyword_in_subheadings", "problem", "too_many", **common, **params)
    elif matched == 0:
        builder.add("keyword_in_subheadings", "problem", "none", **common, **params)
    else:
        builder.add("keyword_in_subheadings", "good", "good", **common, **params)


def _meta_check(
    builder: CheckBuilder,
    keyword: Keyword,
    keywords: list[Keyword],
    meta: str | None,
    weight: float,
) -> None:
    # MetaDescriptionKeywordAssessment.js: good for 1 or 2 matches, bad otherwise.
    threshold = builder.between(1, 2, "times")
    common = {"threshold": threshold, "weight": weight, "keyword": keyword.original}
    if meta is None or not meta.strip():
        builder.add("keyword_in_meta", "problem", "no_meta", value=0, **common)
        return

    count = count_in(keyword, keywords, meta)
    if count == 0:
        builder.add("keyword_in_meta", "problem", "missing", value=0, **common)
    elif count <= 2:
        builder.add("keyword_in_meta", "good", "good", value=count, **common)
    else:
        builder.add("keyword_in_meta", "problem", "too_many", value=count, count=count, **common)


def _length_check(builder: CheckBuilder, keyword: Keyword, weight: float) -> None:
    # Chinese keywords are measured in characters (Yoast's Japanese rule);
    # keywords without Han characters in words.
    # NOTE: Yoast counts only content words of English keyphrases (function
    # words such as "the" are dropped); here every word counts.
    unit = "characters" if keyword.has_han else "words"
    limits = rules_for("zh" if keyword.has_han else "en")
    length = keyword.length
    common = {
        "threshold": builder.between(1, limits.keyword_max, unit),
        "weight": weight,
        "keyword": keyword.original,
        "value": length,
        "length": length,
        "unit": builder.unit(unit),
        "limit": limits.keyword_max,
    }

    if length <= limits.keyword_max:
        builder.add("keyword_length", "good", "good", **common)
    elif length <= limits.keyword_acceptable:
        builder.add("keyword_length", "improve", "long", **common)
    else:
        builder.add("keyword_length", "problem", "long", **common)
