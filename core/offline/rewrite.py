"""The offline rewrite: the text unchanged below the list of fixes to make."""

from __future__ import annotations

from core.i18n import t
from core.offline import register_writer
from core.providers.base import Prompt


@register_writer("rewrite")
def write_rewrite(prompt: Prompt) -> str:
    """Return the original text with the problems listed for an editor; no model rewrites it."""
    lang = "zh-CN" if prompt.locale == "zh-CN" else "en"
    problems = "\n".join(f"> - {problem}" for problem in prompt.request["problems"])
    header = f"> {t('offline.label', lang)}\n>\n> {t('offline.rewrite.note', lang)}\n{problems}\n\n"
    return header + prompt.request["text"].strip() + "\n"
