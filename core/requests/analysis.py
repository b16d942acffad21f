"""The SEO and readability requests and their commands.

The positional text is either the draft itself or a content id (``c`` and
eight hex digits), in which case the content's current version is analysed.
"""

from __future__ import annotations

import re
from typing import ClassVar, Literal

from pydantic import Field

from core.grammar import CommandSpec, Flag, register
from core.requests.base import LANGS, ContentRequest

CONTENT_ID = re.compile(r"^c[0-9a-f]{8}$")
MAX_TEXT_CHARS = 20_000
AUDIENCES: tuple[str, ...] = ("general", "expert", "children")


class AnalysisRequest(ContentRequest):
    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)
    rewrite: bool = False

    def subject(self) -> str:
        return self.text

    @property
    def content_id(self) -> str | None:
        """Return the content id when the text names a stored content."""
        candidate = self.text.strip()
        return candidate if CONTENT_ID.match(candidate) else None


class SeoRequest(AnalysisRequest):
    kind: ClassVar[str] = "seo"

    keywords: list[str] = Field(default_factory=list, max_length=10)
    meta: str | None = Field(default=None, max_length=500)
    title: str | None = Field(default=None, max_length=300)


class ReadabilityRequest(AnalysisRequest):
    kind: ClassVar[str] = "readability"

    audience: Literal["general", "expert", "children"] = "general"


COMMON_FLAGS = (
    Flag("lang", kind="choice", choices=LANGS),
    Flag("rewrite", kind="switch"),
    Flag("template", max_chars=64),
)

SEO_COMMAND = register(
    CommandSpec(
        name="seo",
        positional="text",
        positional_max_chars=MAX_TEXT_CHARS,
        max_chars=MAX_TEXT_CHARS + 2000,
        model=SeoRequest,
        flags=(
            Flag("keywords", kind="list", max_items=10, max_chars=50),
            Flag("meta", max_chars=500),
            Flag("title", max_chars=300),
            *COMMON_FLAGS,
        ),
    )
)

READABILITY_COMMAND = register(
    CommandSpec(
        name="readability",
        positional="text",
        positional_max_chars=MAX_TEXT_CHARS,
        max_chars=MAX_TEXT_CHARS + 1000,
        model=ReadabilityRequest,
        flags=(Flag("audience", kind="choice", choices=AUDIENCES), *COMMON_FLAGS),
    )
)
