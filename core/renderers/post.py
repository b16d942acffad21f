"""The Markdown of a post result: each variant with its length against the limit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from core.i18n import t
from core.platforms import post_rules

TITLE_TOPIC_MAX_CHARS = 60


@dataclass
class Variant:
    """One post variant after the length check.

    ``length`` is counted the platform's way. ``shortened`` marks a variant
    that a second model call shortened, and ``over_limit`` one that still
    does not fit.
    """

    text: str
    length: int
    limit: int
    hashtags: list[str] = field(default_factory=list)
    shortened: bool = False
    over_limit: bool = False

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def post_title(platform: str, topic: str, locale: str) -> str:
    """Return the result title, such as ``Weibo post: <topic>``."""
    short = (
        topic if len(topic) <= TITLE_TOPIC_MAX_CHARS else topic[: TITLE_TOPIC_MAX_CHARS - 1] + "…"
    )
    return t(
        "kinds.post.title", locale, platform=t(f"kinds.platform.{platform}", locale), topic=short
    )


def render_post(
    platform: str,
    topic: str,
    variants: Sequence[Variant],
    locale: str,
    *,
    notes: Sequence[str] = (),
) -> str:
    """Return the Markdown of a post result.

    ``notes`` are shown first as a quote (the offline label, a revision
    note). Each variant is a section headed by its number and length, with
    its text and its hashtags.
    """
    rules = post_rules(platform)
    lines = [f"> {note}" for note in notes]
    if lines:
        lines.append("")
    lines += [f"# {post_title(platform, topic, locale)}", ""]
    unit = t(f"kinds.counting.{rules.counting}", locale)
    lines += [t("kinds.post.limit", locale, limit=rules.max_length, unit=unit), ""]

    for number, variant in enumerate(variants, start=1):
        lines += [f"## {_heading(number, variant, locale)}", "", variant.text, ""]
        if variant.hashtags:
            lines += [t("kinds.post.hashtags", locale, tags=" ".join(variant.hashtags)), ""]
        if variant.over_limit:
            lines += [
                t("kinds.post.over_limit_note", locale, over=variant.length - variant.limit),
                "",
            ]
    return "\n".join(lines).rstrip() + "\n"


def _heading(number: int, variant: Variant, locale: str) -> str:
    heading = t(
        "kinds.post.variant", locale, number=number, length=variant.length, limit=variant.limit
    )
    if variant.shortened:
        heading += " · " + t("kinds.post.shortened", locale)
    if variant.over_limit:
        heading += " · ⚠ " + t("kinds.post.over_limit", locale)
    return heading
