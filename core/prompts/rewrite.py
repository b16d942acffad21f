"""The rewrite prompt: fix the problems an analysis found."""

from __future__ import annotations

from core.providers.base import Prompt

SYSTEM = {
    "en": (
        "You are an editor. Rewrite the text to fix the listed problems while keeping its meaning,"
        " facts and Markdown structure. Return only the rewritten text."
    ),
    "zh-CN": (
        "你是一名编辑。按照列出的问题改写文本，保留原意、事实和 Markdown 结构。只输出改写后的文本。"
    ),
}


def build_rewrite_prompt(
    kind: str, text: str, problems: list[str], locale: str, max_tokens: int
) -> Prompt:
    """Build a prompt that rewrites ``text`` to address ``problems`` (localized check messages)."""
    lang = "zh-CN" if locale == "zh-CN" else "en"
    listed = "\n".join(f"- {problem}" for problem in problems) or "-"
    if lang == "zh-CN":
        user = f"需要解决的问题：\n{listed}\n\n原文：\n\n{text}"
    else:
        user = f"Problems to fix:\n{listed}\n\nText:\n\n{text}"
    return Prompt(
        kind="rewrite",
        system=SYSTEM[lang],
        user=user,
        locale=lang,
        request={"kind": kind, "text": text, "problems": problems},
        max_tokens=max_tokens,
    )
