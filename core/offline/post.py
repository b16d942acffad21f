"""Offline social posts: fill-in drafts that already fit the platform's limit.

Without a model Copydesk cannot know the product, so each variant takes a
different angle on the topic and leaves the facts as bracketed placeholders
for an editor. Every variant is cut to fit the platform's limit.
"""

from __future__ import annotations

import re

from core.i18n import t
from core.offline import register_writer
from core.platforms import (
    count_length,
    extract_hashtags,
    format_hashtag,
    post_rules,
    strip_hashtags,
)
from core.prompts.post import join_variants, lang_of
from core.prompts.revision import SUMMARY_MARKER
from core.providers.base import Prompt
from core.requests.post import PostRequest

ELLIPSIS = "…"

# Topic hashtags keep the first words of the topic: Chinese characters or English words.
HASHTAG_MAX_HAN = 12
HASHTAG_MAX_WORDS = 3

# English words left out of a topic hashtag.
STOP_WORDS = frozenset(
    {"a", "an", "and", "for", "in", "is", "of", "on", "or", "our", "the", "to", "with", "your"}
)

EMOJI_BY_HABIT = {"none": "", "light": "", "moderate": "📣 ", "heavy": "✨ "}
LINE_EMOJI_BY_HABIT = {"none": "", "light": "", "moderate": "", "heavy": "📌 "}


@register_writer("post")
def write_posts(prompt: Prompt) -> str:
    """Return ``request.count`` placeholder drafts in the marker format."""
    request: PostRequest = prompt.request
    lang = lang_of(prompt.locale)
    variants = [_variant(request, lang, index) for index in range(request.count)]
    return join_variants(variants)


@register_writer("post_shorten")
def write_shortened(prompt: Prompt) -> str:
    """Cut the text to the platform's limit, keeping its hashtags at the end."""
    text: str = prompt.request["text"]
    platform: str = prompt.request["platform"]
    tags = extract_hashtags(text, platform)
    return fit(strip_hashtags(text, platform), " ".join(tags), platform) + "\n"


@register_writer("post_revision")
def write_post_revision(prompt: Prompt) -> str:
    """Return the variants unchanged with a summary that records the instruction.

    A model applies the instruction; the offline provider cannot, so the
    pipeline shows the instruction next to the unchanged variants.
    """
    lang = lang_of(prompt.locale)
    instruction: str = prompt.request["instruction"]
    summary = t("offline.revision.summary", lang, instruction=instruction[:80])
    return join_variants(prompt.request["variants"]) + f"\n{SUMMARY_MARKER} {summary}\n"


def _variant(request: PostRequest, lang: str, index: int) -> str:
    rules = post_rules(request.platform)
    angle = t(f"kinds.offline.post.angle_{index + 1}", lang, topic=request.topic)
    lines = angle.split("\n")
    lines[0] = EMOJI_BY_HABIT[rules.emoji] + lines[0]
    lines[1:] = [LINE_EMOJI_BY_HABIT[rules.emoji] + line for line in lines[1:]]
    if request.cta:
        tone_group = "formal" if request.tone in ("professional", "formal") else "casual"
        lines.append(t(f"kinds.offline.post.cta_{tone_group}", lang))

    body = _layout(lines, rules.line_breaks, lang)
    tags = (
        format_hashtag(_hashtag_topic(request.topic, lang), request.platform)
        if request.hashtags
        else ""
    )
    return fit(body, tags, request.platform)


def _layout(lines: list[str], line_breaks: str, lang: str) -> str:
    if line_breaks == "single_paragraph":
        # Chinese sentences join without a space, but list items keep one apart.
        joined = lines[0].strip()
        for line in lines[1:]:
            separator = "" if lang == "zh-CN" and not line.strip()[:1].isdigit() else " "
            joined += separator + line.strip()
        return joined
    if line_breaks == "short_paragraphs":
        return "\n\n".join(lines)
    return "\n".join(lines)


def _hashtag_topic(topic: str, lang: str) -> str:
    if lang == "zh-CN":
        han = re.sub(r"[^\w]", "", topic)
        return han[:HASHTAG_MAX_HAN]
    words = [word for word in re.findall(r"[A-Za-z0-9]+", topic) if word.lower() not in STOP_WORDS]
    words = words[:HASHTAG_MAX_WORDS]
    return "".join(word[:1].upper() + word[1:] for word in words) or topic[:HASHTAG_MAX_HAN]


def fit(body: str, tags: str, platform: str) -> str:
    """Join ``body`` and ``tags``, cutting the body (with an ellipsis) until the post fits."""
    limit = post_rules(platform).max_length
    separator = " " if "\n" not in body else "\n\n"

    def join(text: str) -> str:
        return f"{text}{separator}{tags}".strip() if tags else text.strip()

    if count_length(join(body), platform) <= limit:
        return join(body)

    cut = body.rstrip()
    while cut and count_length(join(cut + ELLIPSIS), platform) > limit:
        cut = cut[:-1].rstrip()
    return join(cut + ELLIPSIS) if cut else join("")[:limit]
