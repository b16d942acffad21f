"""The image request and its command."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from core.grammar import CommandSpec, Flag, register
from core.images.prompt import QUALITIES, SIZES, STYLES
from core.requests.base import ContentRequest

Style = Literal["realistic", "artistic", "cartoon", "abstract", "vintage", "minimalist"]
Size = Literal["1024x1024", "1024x1792", "1792x1024"]
Quality = Literal["standard", "hd"]

MAX_IMAGES = 4


class ImageRequest(ContentRequest):
    """``count`` images of ``prompt`` in one style and size."""

    kind: ClassVar[str] = "image"

    prompt: str = Field(min_length=1, max_length=1000)
    style: Style = "realistic"
    size: Size = "1024x1024"
    count: int = Field(default=1, ge=1, le=MAX_IMAGES)
    quality: Quality = "standard"

    def subject(self) -> str:
        return self.prompt


IMAGE_COMMAND = register(
    CommandSpec(
        name="image",
        positional="prompt",
        positional_max_chars=1000,
        max_chars=2000,
        model=ImageRequest,
        flags=(
            Flag("style", kind="choice", choices=STYLES),
            Flag("size", kind="choice", choices=SIZES),
            Flag("count", kind="int", minimum=1, maximum=MAX_IMAGES),
            Flag("quality", kind="choice", choices=QUALITIES),
            Flag("template", max_chars=64),
        ),
    )
)
