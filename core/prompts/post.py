"""The social post prompts (write, shorten, revise) and the parser of their replies.

The model is asked for a strict format: each variant after its own marker
line ``=== VARIANT n ===``. :func:`parse_variants` also reads the looser
forms models drift into (``Variant 1:``, ``**版本 2**``, code fences).
"""

from __future__ import annotations

import re

from core.i18n import t
from core.platforms import PostRules, post_rules
from core.prompts.revision import SUMMARY_MARKER
from core.providers.base import Prompt
from core.requests.post import PostRequest

MARKER = "=== VARIANT {number} ==="

# A marker line: optional decoration, a variant word, a number, optional decoration.
_MARKER_LINE = re.compile(
    r"^\s*(?:[=#*_\-]+\s*)?(?:variant|version|option|变体|版本|方案|文案)\s*[#:：]?\s*(\d+)\s*[:：]?"
    r"\s*(?:[=#*_\-]+)?\s*$",
    re.IGNORECASE,
)
_FENCE = re.compile(r"^\s*```")

HABITS = {
    "en": {
        "emoji": {
            "none": "no emoji",
            "light": "at most one or two emoji",
            "moderate": "a few emoji",
            "heavy": "plenty of emoji as visual bullets",
        },
        "line_breaks": {
            "single_paragraph": "one compact paragraph",
            "short_paragraphs": "short paragraphs separated by blank lines",
            "short_lines": "short lines, one idea per line, blank lines between groups",
        },
    },
    "zh-CN": {
        "emoji": {
            "none": "不用表情",
            "light": "最多一两个表情",
            "moderate": "适量表情",
            "heavy": "多用表情符号做视觉分隔",
        },
        "line_breaks": {
            "single_paragraph": "一段紧凑的文字",
            "short_paragraphs": "短段落，段落之间空一行",
            "short_lines": "短句分行，一行一个意思，分组之间空一行",
        },
    },
}

TONE_WORDS = {
    "en": {
        "professional": "professional",
        "casual": "casual",
        "friendly": "warm and friendly",
        "formal": "formal",
    },
    "zh-CN": {
        "professional": "专业",
        "casual": "轻松口语化",
        "friendly": "亲切友好",
        "formal": "正式",
    },
}

SYSTEM = {
    "en": (
        "You are a social media editor for a marketing team. You write posts that fit each"
        " platform's length limit and habits. Never invent facts, prices, dates or statistics;"
        " write a placeholder like [date] instead. Follow the output format exactly."
    ),
    "zh-CN": (
        "你是市场团队的社交媒体编辑，写出符合各平台字数限制和风格习惯的帖子。不要编造事实、价格、"
        "日期或数据，需要时写成占位符，例如 [日期]。严格按照要求的格式输出。"
    ),
}


def lang_of(locale: str) -> str:
    """Return the prompt language for a content locale: zh-CN or en."""
    return "zh-CN" if locale == "zh-CN" else "en"


def rules_lines(rules: PostRules, lang: str, hashtags: bool) -> list[str]:
    """Return the prompt lines that state the platform's limit, hashtag style and habits."""
    name = t(f"kinds.platform.{rules.name}", lang)
    unit = t(f"kinds.counting.{rules.counting}", lang)
    emoji = HABITS[lang]["emoji"][rules.emoji]
    layout = HABITS[lang]["line_breaks"][rules.line_breaks]
    low, high = rules.hashtags
    example = "#话题#" if rules.hashtag_style == "pair" else "#tag"
    if lang == "zh-CN":
        lines = [
            f"平台：{name}。每条不超过 {rules.max_length} {unit}，包括话题标签。",
            f"风格：{emoji}；{layout}。",
        ]
        lines.append(
            f"话题标签写成 {example} 的形式，{low} 到 {high} 个。"
            if hashtags
            else "不要写话题标签。"
        )
        return lines
    lines = [
        f"Platform: {name}. Each variant must fit in {rules.max_length} {unit}, hashtags included.",
        f"Style: {emoji}; {layout}.",
    ]
    lines.append(
        f"Write hashtags as {example}, {low} to {high} of them."
        if hashtags
        else "Write no hashtags."
    )
    return lines


def format_lines(count: int, lang: str) -> list[str]:
    """Return the lines that ask for the marker format."""
    first, second = MARKER.format(number=1), MARKER.format(number=2)
    if lang == "zh-CN":
        return [
            f"输出 {count} 条不同的版本。每条之前单独一行写标记，例如 {first}、{second}。"
            "标记之外不要写任何说明、标题或编号。"
        ]
    return [
        f"Write {count} different variants. Put a marker line before each one, such as {first}"
        f" and {second}. Write nothing outside the variants: no notes, titles or numbering."
    ]


def build_post_prompt(
    request: PostRequest, locale: str, max_tokens: int, instructions: str | None = None
) -> Prompt:
    """Build the prompt that writes ``request.count`` variants in the marker format."""
    lang = lang_of(locale)
    rules = post_rules(request.platform)
    if lang == "zh-CN":
        lines = [
            f"为这个主题写社交媒体帖子：{request.topic}",
            f"语气：{TONE_WORDS[lang][request.tone]}。",
        ]
        lines.append("结尾加一句行动号召。" if request.cta else "不要写行动号召。")
    else:
        lines = [
            f"Write a social media post about: {request.topic}",
            f"Tone: {TONE_WORDS[lang][request.tone]}.",
        ]
        lines.append("End with a call to action." if request.cta else "Write no call to action.")
    lines += rules_lines(rules, lang, request.hashtags)
    if instructions:
        lines.append(instructions)
    lines += format_lines(request.count, lang)
    return Prompt(
        kind="post",
        system=SYSTEM[lang],
        user="\n".join(lines),
        locale=lang,
        request=request,
        max_tokens=max_tokens,
    )


def build_shorten_prompt(
    text: str, request: PostRequest, locale: str, max_tokens: int, length: int
) -> Prompt:
    """Build the prompt that shortens one variant that came back over the limit."""
    lang = lang_of(locale)
    rules = post_rules(request.platform)
    unit = t(f"kinds.counting.{rules.counting}", lang)
    if lang == "zh-CN":
        user = (
            f"这条帖子有 {length} {unit}，超过了 {rules.max_length} 的上限。请缩短到 "
            f"{rules.max_length} {unit}以内，保留核心信息、语气和话题标签，"
            f"只输出缩短后的帖子。\n\n{text}"
        )
    else:
        user = (
            f"This post is {length} {unit}, over the limit of {rules.max_length}. Shorten it to at"
            f" most {rules.max_length} {unit}, keeping the main message, the tone and the hashtags."
            f" Return only the shortened post.\n\n{text}"
        )
    return Prompt(
        kind="post_shorten",
        system=SYSTEM[lang],
        user=user,
        locale=lang,
        request={"text": text, "platform": request.platform},
        max_tokens=max_tokens,
    )


def build_post_revision_prompt(
    variants: list[str], request: PostRequest, instruction: str, locale: str, max_tokens: int
) -> Prompt:
    """Build the prompt that revises every variant by ``instruction``, keeping format and limit."""
    lang = lang_of(locale)
    current = join_variants(variants)
    if lang == "zh-CN":
        lines = [f"修改要求：{instruction}", "按要求修改下面每一条帖子，要求之外的内容保持不变。"]
        summary = f"最后单独一行以“{SUMMARY_MARKER}”开头，用一句话说明改了什么。"
    else:
        lines = [
            f"Instruction: {instruction}",
            "Apply it to every variant below and change nothing it does not call for.",
        ]
        summary = (
            f"End with one line starting with '{SUMMARY_MARKER}' and one sentence that says what"
            " changed."
        )
    lines += rules_lines(post_rules(request.platform), lang, request.hashtags)
    lines += format_lines(len(variants), lang)
    lines += [summary, "", current]
    return Prompt(
        kind="post_revision",
        system=SYSTEM[lang],
        user="\n".join(lines),
        locale=lang,
        request={"variants": variants, "instruction": instruction, "platform": request.platform},
        max_tokens=max_tokens,
    )


def join_variants(variants: list[str]) -> str:
    """Write ``variants`` in the marker format."""
    parts = [
        f"{MARKER.format(number=number)}\n{text.strip()}" for number, text in enumerate(variants, 1)
    ]
    return "\n\n".join(parts) + "\n"


def parse_variants(text: str) -> list[str]:
    """Return the variants of a reply in the marker format, in order.

    Code fence lines are dropped, and so is any text before the first
    marker (a preamble such as "Here are three variants:"). A reply without
    any marker line is one variant. Empty variants are left out.
    """
    lines = [line for line in text.strip().splitlines() if not _FENCE.match(line)]
    if not any(_MARKER_LINE.match(line) for line in lines):
        single = "\n".join(lines).strip()
        return [single] if single else []

    variants: list[list[str]] = []
    for line in lines:
        if _MARKER_LINE.match(line):
            variants.append([])
        elif variants:
            variants[-1].append(line)

    cleaned = ["\n".join(block).strip() for block in variants]
    return [variant for variant in cleaned if variant]


def clean_shortened(text: str) -> str:
    """Return the post in a shorten reply, without markers or fences."""
    variants = parse_variants(text)
    return variants[0] if variants else text.strip()
