"""The revision prompt: the current version plus the user's instruction."""

from __future__ import annotations

from core.providers.base import Prompt

SUMMARY_MARKER = "CHANGE SUMMARY:"

SYSTEM = {
    "en": (
        "You revise content for a marketing team. Apply the instruction to the text, keep its"
        " format (Markdown), and change nothing the instruction does not call for. Return the"
        f" full revised text, then a last line starting with '{SUMMARY_MARKER}' and one sentence"
        " that says what changed."
    ),
    "zh-CN": (
        "你负责修改市场团队的内容。按照修改要求修改文本，保持原有格式（Markdown），不改动要求之外"
        f"的部分。输出完整的修改后文本，最后一行以“{SUMMARY_MARKER}”开头，用一句话说明改了什么。"
    ),
}


def build_revision_prompt(
    kind: str, body: str, instruction: str, locale: str, max_tokens: int
) -> Prompt:
    """Build a prompt that revises ``body`` by ``instruction``."""
    lang = "zh-CN" if locale == "zh-CN" else "en"
    if lang == "zh-CN":
        user = f"修改要求：{instruction}\n\n当前版本：\n\n{body}"
    else:
        user = f"Instruction: {instruction}\n\nCurrent version:\n\n{body}"
    return Prompt(
        kind="revision",
        system=SYSTEM[lang],
        user=user,
        locale=lang,
        request={"kind": kind, "body": body, "instruction": instruction},
        max_tokens=max_tokens,
    )


def split_summary(text: str) -> tuple[str, str | None]:
    """Split the model's reply into the revised body and its one-line change summary."""
    head, marker, tail = text.rpartition(SUMMARY_MARKER)
    if not marker:
        return text.strip(), None
    return head.strip(), tail.strip().splitlines()[0].strip() if tail.strip() else None
