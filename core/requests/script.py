"""The video script request and its command."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field, field_validator

from core.errors import UsageError
from core.grammar import CommandSpec, Flag, register
from core.platforms import VIDEO_PLATFORM_NAMES
from core.requests.base import LANGS, TONES, ContentRequest, Tone
from core.shotlist import MAX_DURATION_S, MIN_DURATION_S, format_duration, parse_duration

VideoPlatform = Literal["douyin", "bilibili", "youtube", "general"]


class ScriptRequest(ContentRequest):
    """A video script of ``duration`` seconds (5s to 10m) with its shot list."""

    kind: ClassVar[str] = "script"

    topic: str = Field(min_length=1, max_length=500)
    duration: int = 60
    platform: VideoPlatform = "general"
    tone: Tone = "friendly"

    def subject(self) -> str:
        return self.topic

    @field_validator("duration", mode="before")
    @classmethod
    def _parse_duration(cls, value: object) -> int:
        # UsageError is not a ValueError, so pydantic lets it through to the
        # desk, which shows it as a localized usage message.
        try:
            seconds = value if isinstance(value, int) else parse_duration(str(value))
        except ValueError:
            raise UsageError(
                f"invalid duration {value!r}",
                message_key="kinds.script.bad_duration",
                value=str(value)[:40],
                command="script",
            ) from None
        if not MIN_DURATION_S <= seconds <= MAX_DURATION_S:
            raise UsageError(
                f"duration {seconds}s out of range",
                message_key="kinds.script.duration_range",
                value=format_duration(seconds),
                minimum=format_duration(MIN_DURATION_S),
                maximum=format_duration(MAX_DURATION_S),
                command="script",
            )
        return seconds


SCRIPT_COMMAND = register(
    CommandSpec(
        name="script",
        positional="topic",
        positional_max_chars=500,
        max_chars=2000,
        model=ScriptRequest,
        flags=(
            Flag("duration", max_chars=20),
            Flag("platform", kind="choice", choices=VIDEO_PLATFORM_NAMES),
            Flag("tone", kind="choice", choices=TONES),
            Flag("lang", kind="choice", choices=LANGS),
            Flag("template", max_chars=64),
        ),
    )
)
