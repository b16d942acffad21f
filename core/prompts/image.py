"""Image prompts: the article cover prompt and the revision of an image prompt."""

from __future__ import annotations

import re

from core.prompts.revision import SUMMARY_MARKER, split_summary
from core.providers.base import Prompt

# Image models follow English best, so the cover prompt is English whatever
# the article's language; the title is quoted as written.
COVER_SUBJECT = "Editorial cover illustration for an article titled “{title}”, no lettering"

PROMPT_MAX_CHARS = 1000

SYSTEM = {
    "en": (
        "You edit prompts for an image generation model. Apply the instruction to the current"
        " prompt and keep everything it does not change. Reply with the new prompt on one line,"
        f" then a last line starting with '{SUMMARY_MARKER}' and one sentence that says what"
        " changed."
    ),
    "zh-CN": (
        "你负责修改图像生成模型的提示词。按照修改要求修改当前提示词，要求之外的内容保持不变。"
        f"第一行输出新的提示词，最后一行以“{SUMMARY_MARKER}”开头，用一句话说明改了什么。"
    ),
}

_LABEL = re.compile(r"^\s*(?:new\s+prompt|prompt|新的?提示词|提示词)\s*[:：]\s*", re.IGNORECASE)


def cover_subject(title: str) -> str:
    """Return the image subject for an article's cover."""
    return COVER_SUBJECT.format(title=title.strip())


def build_image_revision_prompt(
    prompt_text: str, instruction: str, locale: str, max_tokens: int
) -> Prompt:
    """Build the prompt that rewrites an image prompt by ``instruction``."""
    lang = "zh-CN" if locale == "zh-CN" else "en"
    if lang == "zh-CN":
        user = f"修改要求：{instruction}\n\n当前提示词：{prompt_text}"
    else:
        user = f"Instruction: {instruction}\n\nCurrent prompt: {prompt_text}"
    return Prompt(
        kind="image_revision",
        system=SYSTEM[lang],
        user=user,
        locale=lang,
        request={"prompt": prompt_text, "instruction": instruction},
        max_tokens=max_tokens,
    )


def parse_image_revision(text: str, fallback: str) -> tuple[str, str | None]:
    """Return the new prompt and the change summary of a revision reply.

    The prompt is the first non-empty line without a ``Prompt:`` label or
    quotes, cut to 1000 characters; ``fallback`` when the reply has none.
    """
    body, summary = split_summary(text)
    lines = [
        line.strip()
        for line in body.splitlines()
        if line.strip() and not line.strip().startswith("```")
    ]
    if not lines:
        return fallback, summary
    prompt = _LABEL.sub("", lines[0]).strip().strip("\"'“”")
    return (prompt[:PROMPT_MAX_CHARS] or fallback), summary
