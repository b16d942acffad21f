"""The social post request and its command."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from core.grammar import CommandSpec, Flag, register
from core.platforms import POST_PLATFORM_NAMES
from core.requests.base import LANGS, TONES, ContentRequest, Tone

PostPlatform = Literal["weibo", "wechat", "xiaohongshu", "douyin", "x", "linkedin", "general"]

MAX_VARIANTS = 5


class PostRequest(ContentRequest):
    """``count`` variants of one post for ``platform``, with or without hashtags and a CTA."""

    kind: ClassVar[str] = "post"

    topic: str = Field(min_length=1, max_length=500)
    platform: PostPlatform = "general"
    tone: Tone = "friendly"
    hashtags: bool = True
    cta: bool = True
    count: int = Field(default=3, ge=1, le=MAX_VARIANTS)

    def subject(self) -> str:
        return self.topic


POST_COMMAND = register(
    CommandSpec(
        name="post",
        positional="topic",
        positional_max_chars=500,
        max_chars=2000,
        model=PostRequest,
        flags=(
            Flag("platform", kind="choice", choices=POST_PLATFORM_NAMES),
            Flag("tone", kind="choice", choices=TONES),
            Flag("no-hashtags", kind="switch", field="hashtags", value=False),
            Flag("no-cta", kind="switch", field="cta", value=False),
            Flag("count", kind="int", minimum=1, maximum=MAX_VARIANTS),
            Flag("lang", kind="choice", choices=LANGS),
            Flag("template", max_chars=64),
        ),
    )
)
