"""The article request and its command."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from core.grammar import CommandSpec, Flag, register
from core.requests.base import LANGS, TONES, ContentRequest, Tone

Length = Literal["short", "medium", "long"]
LENGTHS: tuple[str, ...] = ("short", "medium", "long")

# Target length per --length: English words, Chinese characters.
TARGET_LENGTH = {
    "short": {"en": 500, "zh-CN": 800},
    "medium": {"en": 1000, "zh-CN": 1500},
    "long": {"en": 2000, "zh-CN": 3000},
}


class ArticleRequest(ContentRequest):
    kind: ClassVar[str] = "article"

    topic: str = Field(min_length=1, max_length=500)
    title: str | None = Field(default=None, max_length=200)
    outline: list[str] = Field(default_factory=list, max_length=12)
    audience: str | None = Field(default=None, max_length=200)
    tone: Tone = "professional"
    length: Length = "medium"
    keywords: list[str] = Field(default_factory=list, max_length=10)
    cta: bool = False
    cover: bool = False

    def subject(self) -> str:
        return self.title or self.topic

    def target_length(self, locale: str) -> int:
        """Return the target length: words for English, characters for Chinese."""
        return TARGET_LENGTH[self.length]["zh-CN" if locale == "zh-CN" else "en"]


ARTICLE_COMMAND = register(
    CommandSpec(
        name="article",
        positional="topic",
        positional_max_chars=500,
        max_chars=4000,
        model=ArticleRequest,
        flags=(
            Flag("title", max_chars=200),
            Flag("outline", kind="list", separator=";", max_items=12, max_chars=200),
            Flag("audience", max_chars=200),
            Flag("tone", kind="choice", choices=TONES),
            Flag("length", kind="choice", choices=LENGTHS),
            Flag("keywords", kind="list", max_items=10, max_chars=50),
            Flag("lang", kind="choice", choices=LANGS),
            Flag("cta", kind="switch"),
            Flag("cover", kind="switch"),
            Flag("template", max_chars=64),
        ),
    )
)
