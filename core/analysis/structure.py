"""SEO checks on the structure of a text: length, meta description, headings, links, images."""

from __future__ import annotations

from core.analysis.counts import TextProfile
from core.analysis.scoring import CheckBuilder
from core.analysis.thresholds import LengthRules
from core.text import normalize

STRUCTURE_WEIGHTS = {
    "text_length": 3.0,
    "meta_description_length": 2.0,
    "single_h1": 1.0,
    "subheading_distribution": 2.0,
    "outbound_links": 1.0,
    "image_alt": 1.0,
}


def add_structure_checks(
    builder: CheckBuilder, profile: TextProfile, rules: LengthRules, *, meta: str | None
) -> None:
    """Append the checks that do not depend on keywords."""
    _text_length(builder, profile, rules)
    _meta_length(builder, rules, meta)
    _single_h1(builder, profile)
    _subheading_distribution(builder, profile, rules)
    _outbound_links(builder, profile)
    _image_alt(builder, profile)


def _text_length(builder: CheckBuilder, profile: TextProfile, rules: LengthRules) -> None:
    length = profile.units
    common = {
        "value": length,
        "threshold": builder.at_least(rules.text_length_good, rules.unit),
        "weight": STRUCTURE_WEIGHTS["text_length"],
        "length": length,
        "limit": rules.text_length_good,
        "unit": builder.unit(rules.unit),
    }

    if length >= rules.text_length_good:
        builder.add("text_length", "good", "good", **common)
    elif length >= rules.text_length_improve:
        builder.add("text_length", "improve", "short", **common)
    else:
        builder.add("text_length", "problem", "short", **common)


def _meta_length(builder: CheckBuilder, rules: LengthRules, meta: str | None) -> None:
    # Yoast counts the characters of the meta description in every language.
    length = len(normalize(meta).strip()) if meta else 0
    common = {
        "value": length,
        "threshold": builder.above_up_to(
            rules.meta_length_above, rules.meta_length_max, "characters"
        ),
        "weight": STRUCTURE_WEIGHTS["meta_description_length"],
        "length": length,
        "low": rules.meta_length_above,
        "high": rules.meta_length_max,
    }

    if length == 0:
        builder.add("meta_description_length", "problem", "missing", **common)
    elif length <= rules.meta_length_above:
        builder.add("meta_description_length", "improve", "short", **common)
    elif length > rules.meta_length_max:
        builder.add("meta_description_length", "improve", "long", **common)
    else:
        builder.add("meta_description_length", "good", "good", **common)


def _single_h1(builder: CheckBuilder, profile: TextProfile) -> None:
    # SingleH1Assessment.js flags any H1 beyond one at the very start. A text
    # with no H1 at all is "improve" here, because the article needs a title.
    count = profile.document.heading_count(1)
    common = {
        "value": count,
        "threshold": builder.text("exactly_one"),
        "weight": STRUCTURE_WEIGHTS["single_h1"],
        "count": count,
    }

    if count == 1:
        builder.add("single_h1", "good", "good", **common)
    elif count == 0:
        builder.add("single_h1", "improve", "missing", **common)
    else:
        builder.add("single_h1", "problem", "multiple", **common)


def section_lengths(profile: TextProfile) -> list[int]:
    """Return the length in units of each section between subheadings (H2 to H6).

    The text before the first subheading is a section too, when it has any body text.
    """
    lengths: list[int] = [0]
    paragraphs = iter(profile.paragraphs)

    for block in profile.document.blocks:
        if block.level >= 2:
            lengths.append(0)
        elif block.level == 0:
            lengths[-1] += next(paragraphs).units

    if lengths[0] == 0 and len(lengths) > 1:
        lengths.pop(0)
    return lengths


def _subheading_distribution(
    builder: CheckBuilder, profile: TextProfile, rules: LengthRules
) -> None:
    has_subheadings = any(block.level >= 2 for block in profile.document.headings)
    lengths = section_lengths(profile)
    longest = max(lengths)
    too_long = sum(1 for length in lengths if length > rules.section_max)
    common = {
        "value": longest,
        "threshold": builder.at_most(rules.section_max, rules.unit),
        "weight": STRUCTURE_WEIGHTS["subheading_distribution"],
        "count": too_long,
        "limit": rules.section_max,
        "unit": builder.unit(rules.unit),
    }

    if not has_subheadings:
        if profile.body_units > rules.section_max:
            builder.add("subheading_distribution", "problem", "none_long", **common)
        else:
            builder.add("subheading_distribution", "good", "none_short", **common)
    elif longest <= rules.section_max:
        builder.add("subheading_distribution", "good", "good", **common)
    elif longest <= rules.section_far:
        builder.add("subheading_distribution", "improve", "long", **common)
    else:
        builder.add("subheading_distribution", "problem", "long", **common)


def _outbound_links(builder: CheckBuilder, profile: TextProfile) -> None:
    # OutboundLinksAssessment.js: no links scores 3 (bad).
    count = len(profile.document.links)
    common = {
        "value": count,
        "threshold": builder.at_least(1, "none"),
        "weight": STRUCTURE_WEIGHTS["outbound_links"],
        "count": count,
    }

    if count:
        builder.add("outbound_links", "good", "good", **common)
    else:
        builder.add("outbound_links", "problem", "none", **common)


def _image_alt(builder: CheckBuilder, profile: TextProfile) -> None:
    # ImageAltTagsAssessment.js: any image without alt text scores 3 (bad). It
    # does not apply to texts without images; those are "improve" here, this
    # project's choice, because most articles gain from an image.
    alts = profile.document.image_alts
    missing = sum(1 for alt in alts if not alt)
    common = {
        "value": len(alts) - missing,
        "threshold": builder.text("all_images_alt"),
        "weight": STRUCTURE_WEIGHTS["image_alt"],
        "missing": missing,
        "total": len(alts),
    }

    if not alts:
        builder.add("image_alt", "improve", "no_images", **common)
    elif missing:
        builder.add("image_alt", "problem", "missing", **common)
    else:
        builder.add("image_alt", "good", "good", **common)
