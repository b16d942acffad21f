"""The base of every content request model."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict

from core.text import is_mostly_han

Tone = Literal["professional", "casual", "friendly", "formal"]
TONES: tuple[str, ...] = ("professional", "casual", "friendly", "formal")
LANGS: tuple[str, ...] = ("zh-CN", "en")


class ContentRequest(BaseModel):
    """Fields every content kind has. ``kind`` names the job kind that serves it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: ClassVar[str] = ""
    lang: Literal["zh-CN", "en"] | None = None
    template: str | None = None

    def subject(self) -> str:
        """Return the text the request is about (topic or prompt), for titles and language."""
        raise NotImplementedError

    def content_locale(self, fallback: str) -> str:
        """Return the language to write in.

        That is ``--lang``, else the script of the subject, else ``fallback``.
        """
        if self.lang:
            return self.lang
        subject = self.subject()
        if is_mostly_han(subject):
            return "zh-CN"
        if any(char.isascii() and char.isalpha() for char in subject):
            return "en"
        return fallback
