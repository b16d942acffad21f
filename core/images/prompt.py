"""Image request vocabulary (styles, sizes, quality) and prompt enhancement.

An image prompt from a user is usually a bare subject ("a cat reading a
book"). ``enhance_prompt`` appends the style, mood, lighting and composition
phrases that image models respond to, so every style gives a consistent look.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

logger = logging.getLogger(__name__)

STYLES = ("realistic", "artistic", "cartoon", "abstract", "vintage", "minimalist")

# The sizes and qualities the OpenAI Images API accepts for dall-e-3: square,
# landscape and portrait.
SIZES = ("1024x1024", "1024x1792", "1792x1024")

QUALITIES = ("standard", "hd")

MODIFIER_KEYS = ("style", "mood", "lighting", "composition")

DEFAULT_MODIFIERS: dict[str, dict[str, str]] = {
    "realistic": {
        "style": "photorealistic photograph, natural textures, true-to-life colors",
        "mood": "authentic, grounded mood",
        "lighting": "soft natural daylight",
        "composition": "rule-of-thirds composition, shallow depth of field",
    },
    "artistic": {
        "style": "painterly fine-art illustration with visible brush strokes",
        "mood": "expressive, evocative mood",
        "lighting": "dramatic warm light with rich shadows",
        "composition": "balanced composition with a clear focal point",
    },
    "cartoon": {
        "style": "cartoon illustration, bold clean outlines, flat bright colors",
        "mood": "playful, cheerful mood",
        "lighting": "even, bright lighting",
        "composition": "simple centered composition, uncluttered background",
    },
    "abstract": {
        "style": "abstract art, geometric shapes and flowing forms",
        "mood": "dynamic, thought-provoking mood",
        "lighting": "vivid contrasting color light",
        "composition": "asymmetric layered composition",
    },
    "vintage": {
        "style": "vintage retro look, film grain, faded muted colors",
        "mood": "nostalgic mood",
        "lighting": "warm golden-hour light",
        "composition": "classic centered composition with a subtle vignette",
    },
    "minimalist": {
        "style": "minimalist design, few elements, limited color palette",
        "mood": "calm, clean mood",
        "lighting": "soft diffuse lighting",
        "composition": "generous negative space, single focal subject",
    },
}

HD_DETAIL = "highly detailed, sharp focus, fine textures"

# Trailing punctuation removed from the subject before the modifiers are
# appended, so "一只猫。" does not become "一只猫。. ...".
_TRAILING_PUNCTUATION = " .,;:。，；：、"


def check_style(style: str) -> str:
    """Return ``style`` if it is one of ``STYLES``, else raise ``ValueError``."""
    if style not in STYLES:
        raise ValueError(f"invalid image style {style!r}: expected one of {', '.join(STYLES)}")
    return style


def parse_size(size: str) -> tuple[int, int]:
    """Return (width, height) in pixels for one of ``SIZES``, else raise ``ValueError``."""
    if size not in SIZES:
        raise ValueError(f"invalid image size {size!r}: expected one of {', '.join(SIZES)}")

    width, height = size.split("x")
    return int(width), int(height)


def enhance_prompt(
    prompt: str,
    *,
    style: str,
    quality: str = "standard",
    modifiers: Mapping[str, str] | None = None,
) -> str:
    """Return ``prompt`` with style, mood, lighting and composition phrases appended.

    Each style has default phrases. ``modifiers`` (from config) replaces
    them per key (``style``, ``mood``, ``lighting``, ``composition``), and an
    empty string leaves that phrase out. ``quality="hd"`` adds detail terms.
    Raises ``ValueError`` for an empty prompt, an unknown style or quality,
    or an unknown modifier key.
    """
    subject = " ".join(prompt.split()).rstrip(_TRAILING_PUNCTUATION)
    if not subject:
        raise ValueError("invalid image prompt: it is empty; describe what the image shows")

    check_style(style)
    if quality not in QUALITIES:
        raise ValueError(
            f"invalid image quality {quality!r}: expected one of {', '.join(QUALITIES)}"
        )

    phrases = _merge_modifiers(style, modifiers or {})
    if quality == "hd":
        phrases.append(HD_DETAIL)

    if not phrases:
        return subject
    return f"{subject}. {', '.join(phrases)}"


def _merge_modifiers(style: str, overrides: Mapping[str, str]) -> list[str]:
    unknown = sorted(set(overrides) - set(MODIFIER_KEYS))
    if unknown:
        raise ValueError(
            f"invalid image modifier key(s) {', '.join(unknown)}: "
            f"expected {', '.join(MODIFIER_KEYS)}"
        )

    merged = {**DEFAULT_MODIFIERS[style], **overrides}
    phrases = []
    for key in MODIFIER_KEYS:
        phrase = " ".join(str(merged[key]).split())
        if phrase:
            phrases.append(phrase)
    return phrases
