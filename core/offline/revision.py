"""The offline revision: records the instruction as an editor's note on the text."""

from __future__ import annotations

from core.i18n import t
from core.offline import register_writer
from core.prompts.revision import SUMMARY_MARKER
from core.providers.base import Prompt


@register_writer("revision")
def write_revision(prompt: Prompt) -> str:
    """Return the body unchanged below an offline note that carries the instruction.

    Only a model can apply the instruction, so the offline provider states
    that in the note and keeps the request visible for a human editor.
    """
    lang = "zh-CN" if prompt.locale == "zh-CN" else "en"
    body: str = prompt.request["body"]
    instruction: str = prompt.request["instruction"]
    note = t("offline.revision.note", lang, instruction=instruction)
    body_lines = [
        line for line in body.splitlines() if line.strip() != f"> {t('offline.label', lang)}"
    ]
    text = f"> {t('offline.label', lang)}\n>\n> {note}\n\n" + "\n".join(body_lines).strip() + "\n"
    summary = t("offline.revision.summary", lang, instruction=instruction[:80])
    return f"{text}\n{SUMMARY_MARKER} {summary}\n"
