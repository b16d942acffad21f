"""Social and video platform rules as data: length limits, counting, hashtags, habits.

Every post and script prompt, length check and renderer reads its platform's
rules from here, so a change is one edit. Each limit names its source. Where
no platform document states a value, a NOTE says where it comes from.
Hashtag counts, emoji and line-break habits are editorial guidance written
for Copydesk, not platform rules.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

Counting = Literal["chars", "weibo", "x"]
HashtagStyle = Literal["pair", "prefix"]


@dataclass(frozen=True)
class PostRules:
    """One social platform's rules for a post.

    ``max_length`` is counted by ``counting``: ``chars`` counts code points
    after NFC, ``weibo`` counts half-width characters as half, and ``x``
    uses X's weighted count. ``hashtag_style`` is ``pair`` for ``#topic#``
    and ``prefix`` for ``#topic``. ``hashtags`` is the recommended range of
    hashtags per post.
    """

    name: str
    max_length: int
    counting: Counting
    source: str
    hashtag_style: HashtagStyle
    hashtags: tuple[int, int]
    emoji: Literal["none", "light", "moderate", "heavy"]
    line_breaks: Literal["single_paragraph", "short_paragraphs", "short_lines"]


POST_PLATFORMS: dict[str, PostRules] = {
    # statuses/update `status`: "内容不超过140个汉字" (open.weibo.com/wiki/2/statuses/update).
    # Longer posts need is_longtext=1 (same page), so 140 is the classic post.
    # NOTE: the page does not say how Latin letters count. The web and app
    # counters count two half-width characters as one, which `weibo` follows.
    "weibo": PostRules(
        name="weibo",
        max_length=140,
        counting="weibo",
        source="open.weibo.com/wiki/2/statuses/update",
        hashtag_style="pair",
        hashtags=(1, 2),
        emoji="moderate",
        line_breaks="single_paragraph",
    ),
    # NOTE: WeChat documents no length limit for Moments (朋友圈) text. 2000
    # characters is the limit the app's editor is widely reported to enforce;
    # the app folds text after about six lines, so the prompt asks for less.
    "wechat": PostRules(
        name="wechat",
        max_length=2000,
        counting="chars",
        source="no public document; WeChat app editor (reported)",
        hashtag_style="prefix",
        hashtags=(0, 2),
        emoji="light",
        line_breaks="short_paragraphs",
    ),
    # NOTE: Xiaohongshu publishes no API for notes. 1000 characters is the
    # body counter of the note editor (creator center and app), with a
    # separate 20-character title that Copydesk does not write.
    "xiaohongshu": PostRules(
        name="xiaohongshu",
        max_length=1000,
        counting="chars",
        source="no public document; Xiaohongshu note editor counter",
        hashtag_style="prefix",
        hashtags=(3, 8),
        emoji="heavy",
        line_breaks="short_lines",
    ),
    # NOTE: 1000 characters is the description counter of the Douyin creator
    # center upload page (creator.douyin.com); the separate title takes 30.
    # Douyin's open platform pages state no limit for the description.
    "douyin": PostRules(
        name="douyin",
        max_length=1000,
        counting="chars",
        source="no public document; creator.douyin.com upload page counter",
        hashtag_style="prefix",
        hashtags=(3, 5),
        emoji="moderate",
        line_breaks="short_lines",
    ),
    # "Posts on X can contain up to 280 characters", weighted: CJK and emoji
    # count 2, URLs 23 (docs.x.com/resources/fundamentals/counting-characters).
    "x": PostRules(
        name="x",
        max_length=280,
        counting="x",
        source="docs.x.com/resources/fundamentals/counting-characters",
        hashtag_style="prefix",
        hashtags=(1, 2),
        emoji="light",
        line_breaks="single_paragraph",
    ),
    # NOTE: LinkedIn's Posts API reference (learn.microsoft.com, linkedin
    # marketing docs) states no commentary limit; 3000 characters is the
    # limit of the share box and what posting services such as Ayrshare
    # document for the LinkedIn `post` field.
    "linkedin": PostRules(
        name="linkedin",
        max_length=3000,
        counting="chars",
        source="LinkedIn share box; ayrshare.com/docs/apis/post/social-networks/linkedin",
        hashtag_style="prefix",
        hashtags=(3, 5),
        emoji="light",
        line_breaks="short_paragraphs",
    ),
    # A post for no particular platform: Copydesk's own limit, short enough
    # to paste into any of the platforms above except Weibo and X.
    "general": PostRules(
        name="general",
        max_length=500,
        counting="chars",
        source="Copydesk default",
        hashtag_style="prefix",
        hashtags=(2, 3),
        emoji="light",
        line_breaks="short_paragraphs",
    ),
}

POST_PLATFORM_NAMES: tuple[str, ...] = tuple(POST_PLATFORMS)


@dataclass(frozen=True)
class VideoRules:
    """One video platform's format for a script: aspect ratio and hook timing.

    ``hook_s`` is how soon the hook must land. It and ``typical_s`` are
    editorial guidance, not platform limits.
    """

    name: str
    aspect_ratio: str
    hook_s: int
    typical_s: tuple[int, int]


VIDEO_PLATFORMS: dict[str, VideoRules] = {
    "douyin": VideoRules(name="douyin", aspect_ratio="9:16", hook_s=3, typical_s=(15, 60)),
    "bilibili": VideoRules(name="bilibili", aspect_ratio="16:9", hook_s=10, typical_s=(60, 600)),
    "youtube": VideoRules(name="youtube", aspect_ratio="16:9", hook_s=5, typical_s=(60, 600)),
    "general": VideoRules(name="general", aspect_ratio="16:9", hook_s=5, typical_s=(30, 180)),
}

VIDEO_PLATFORM_NAMES: tuple[str, ...] = tuple(VIDEO_PLATFORMS)

# --- Counting ---------------------------------------------------------------

# X's weighted count (twitter-text config v3, as docs.x.com describes it):
# code points in these ranges weigh 1, every other code point 2.
X_LIGHT_RANGES = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))
X_URL_WEIGHT = 23
URL_PATTERN = re.compile(r"https?://\S+", re.IGNORECASE)

# Parts of an emoji sequence that add no weight after its first code point:
# zero width joiner, variation selectors, skin tone modifiers, tag characters.
_EMOJI_JOINERS = frozenset({0x200D, 0xFE0E, 0xFE0F})
_SKIN_TONES = range(0x1F3FB, 0x1F400)
_TAGS = range(0xE0020, 0xE0080)


def post_rules(platform: str) -> PostRules:
    """Return the rules of ``platform``; raises KeyError for an unknown one."""
    return POST_PLATFORMS[platform]


def count_length(text: str, platform: str) -> int:
    """Return the length of ``text`` as ``platform`` counts it against its limit."""
    counting = POST_PLATFORMS[platform].counting
    normalized = unicodedata.normalize("NFC", text.strip())
    if counting == "x":
        return _x_length(normalized)
    if counting == "weibo":
        return _weibo_length(normalized)
    return len(normalized)


def _x_length(text: str) -> int:
    urls = URL_PATTERN.findall(text)
    rest = URL_PATTERN.sub("", text)
    total = X_URL_WEIGHT * len(urls)
    previous_joiner = False
    for char in rest:
        code = ord(char)
        if code in _SKIN_TONES or code in _TAGS or code in (0xFE0E, 0xFE0F):
            continue
        if previous_joiner and _is_emoji(char):
            previous_joiner = False
            continue
        previous_joiner = code == 0x200D
        if previous_joiner:
            continue
        light = any(start <= code <= end for start, end in X_LIGHT_RANGES)
        total += 1 if light else 2
    return total


def _is_emoji(char: str) -> bool:
    # NOTE: an approximation of the Unicode emoji property, which the
    # standard library does not expose: symbols (So) outside the light ranges.
    return unicodedata.category(char) == "So" and ord(char) > 0x2000


def _weibo_length(text: str) -> int:
    half_units = 0
    for char in text:
        wide = unicodedata.east_asian_width(char) in ("W", "F")
        half_units += 2 if wide or ord(char) > 0xFFFF else 1
    return math.ceil(half_units / 2)


# --- Hashtags ---------------------------------------------------------------

# `#话题#` on Weibo. Copydesk reads up to 32 characters between the marks, on one line.
PAIR_HASHTAG = re.compile(r"#([^#\n]{1,32}?)#")
# `#tag` elsewhere: letters, digits, underscores and CJK, ended by anything else.
PREFIX_HASHTAG = re.compile(r"(?<![\w&/])#([^\W_][\w]{0,49})", re.UNICODE)


def extract_hashtags(text: str, platform: str) -> list[str]:
    """Return the hashtags of ``text`` in the platform's style, in order, without repeats.

    Each is returned as written in a post (``#话题#`` or ``#tag``).
    """
    if POST_PLATFORMS[platform].hashtag_style == "pair":
        found = [f"#{match.strip()}#" for match in PAIR_HASHTAG.findall(text) if match.strip()]
    else:
        found = [f"#{match}" for match in PREFIX_HASHTAG.findall(text)]
    return list(dict.fromkeys(found))


def format_hashtag(topic: str, platform: str) -> str:
    """Return ``topic`` as a hashtag in the platform's style; spaces are removed."""
    compact = re.sub(r"[\s#]+", "", topic)
    if POST_PLATFORMS[platform].hashtag_style == "pair":
        return f"#{compact}#"
    return f"#{compact}"


def strip_hashtags(text: str, platform: str) -> str:
    """Remove the platform-style hashtags from ``text`` and tidy the spaces left behind."""
    pattern = PAIR_HASHTAG if POST_PLATFORMS[platform].hashtag_style == "pair" else PREFIX_HASHTAG
    stripped = pattern.sub("", text)
    lines = [re.sub(r"[ \t]{2,}", " ", line).rstrip() for line in stripped.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
