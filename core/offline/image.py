"""The offline image prompt revision: the instruction is appended to the prompt."""

from __future__ import annotations

from core.i18n import t
from core.offline import register_writer
from core.prompts.image import PROMPT_MAX_CHARS
from core.prompts.revision import SUMMARY_MARKER
from core.providers.base import Prompt


@register_writer("image_revision")
def write_image_revision(prompt: Prompt) -> str:
    """Return the prompt with the instruction appended, and a summary saying so.

    Without a model the instruction cannot be merged into the prompt, so
    the offline card shows both.
    """
    lang = "zh-CN" if prompt.locale == "zh-CN" else "en"
    current: str = prompt.request["prompt"]
    instruction: str = prompt.request["instruction"]
    separator = "，" if lang == "zh-CN" else ", "
    revised = f"{current.rstrip(' ,.;，。；')}{separator}{instruction.strip()}"[:PROMPT_MAX_CHARS]
    summary = t("kinds.image.offline_revision_summary", lang, instruction=instruction[:80])
    return f"{revised}\n{SUMMARY_MARKER} {summary}\n"
