"""The offline image renderer: a title card drawn with Pillow, no model needed.

When no image provider is configured or reachable, an image job still
returns a cover or social card. The card shows the title, an optional
subtitle and a small corner label that marks it as made offline, on a
background with a palette per style. The output depends only on the arguments, so the same call
always returns the same PNG bytes.
"""

from __future__ import annotations

import io
import logging
import random
from dataclasses import dataclass

from PIL import Image, ImageDraw

from core.images.fonts import (
    WEIGHT_BOLD,
    WEIGHT_MEDIUM,
    WEIGHT_REGULAR,
    TextBlock,
    drop_missing_glyphs,
    fit_text,
    load_font,
)
from core.images.prompt import check_style, parse_size

logger = logging.getLogger(__name__)

RGB = tuple[int, int, int]
RGBA = tuple[int, int, int, int]


@dataclass(frozen=True)
class Palette:
    """Colors of one style, with text colors that contrast with the card behind them."""

    top: RGB
    bottom: RGB
    accents: tuple[RGB, ...]
    text: RGB
    subtitle: RGB
    panel: RGBA | None
    label_fill: RGBA
    label_text: RGB


PALETTES: dict[str, Palette] = {
    "realistic": Palette(
        top=(24, 44, 74),
        bottom=(58, 112, 128),
        accents=((140, 190, 200), (230, 200, 150), (110, 150, 190)),
        text=(255, 255, 255),
        subtitle=(214, 230, 236),
        panel=None,
        label_fill=(0, 0, 0, 110),
        label_text=(235, 240, 245),
    ),
    "artistic": Palette(
        top=(122, 38, 92),
        bottom=(236, 128, 72),
        accents=((250, 196, 90), (70, 40, 120), (214, 72, 110), (40, 150, 150)),
        text=(255, 250, 240),
        subtitle=(255, 226, 200),
        panel=(40, 16, 40, 120),
        label_fill=(40, 16, 40, 150),
        label_text=(255, 236, 220),
    ),
    "cartoon": Palette(
        top=(255, 220, 90),
        bottom=(255, 186, 70),
        accents=((255, 105, 97), (80, 180, 240), (120, 210, 120), (190, 120, 230)),
        text=(20, 33, 90),
        subtitle=(70, 80, 120),
        panel=(255, 252, 240, 255),
        label_fill=(20, 33, 90, 220),
        label_text=(255, 255, 255),
    ),
    "abstract": Palette(
        top=(28, 18, 58),
        bottom=(12, 40, 70),
        accents=((255, 90, 120), (60, 200, 220), (250, 200, 60), (150, 90, 255)),
        text=(250, 250, 255),
        subtitle=(200, 205, 230),
        panel=(10, 10, 30, 150),
        label_fill=(255, 255, 255, 40),
        label_text=(230, 230, 245),
    ),
    "vintage": Palette(
        top=(242, 228, 200),
        bottom=(214, 190, 150),
        accents=((138, 106, 67), (168, 88, 58), (96, 112, 80)),
        text=(59, 38, 22),
        subtitle=(110, 82, 56),
        panel=None,
        label_fill=(138, 106, 67, 200),
        label_text=(248, 238, 220),
    ),
    "minimalist": Palette(
        top=(248, 248, 246),
        bottom=(236, 236, 232),
        accents=((226, 88, 60), (200, 200, 196)),
        text=(28, 28, 28),
        subtitle=(110, 110, 110),
        panel=None,
        label_fill=(28, 28, 28, 30),
        label_text=(90, 90, 90),
    ),
}

# Layout as fractions of the card's shorter side (1024 px for every size in SIZES).
_MARGIN = 0.08
_TITLE_START = 0.11
_TITLE_MIN = 0.04
_SUBTITLE_START = 0.05
_SUBTITLE_MIN = 0.028
_LABEL_SIZE = 0.022


def render_card(
    title: str,
    *,
    subtitle: str | None = None,
    style: str = "minimalist",
    size: str = "1024x1024",
    seed: int = 0,
    label: str | None = "OFFLINE",
) -> bytes:
    """Render a cover card with ``title`` and return it as PNG bytes.

    The title is wrapped (Chinese between characters, English between
    words) and shrunk until it fits the margins. Text that still does not
    fit ends with an ellipsis. ``seed`` places the background shapes.
    ``label`` is drawn in the bottom-right corner, so pass it localized, or
    None for no label. Characters the font cannot draw (emoji) are left
    out rather than drawn as boxes.
    Raises ``ValueError`` for a blank title, an unknown style or size.
    """
    if not title.strip():
        raise ValueError("invalid card title: it is empty, pass the text to show on the card")
    check_style(style)
    width, height = parse_size(size)

    palette = PALETTES[style]
    image = _draw_background(style, palette, width, height, random.Random(f"{style}:{seed}"))

    _draw_text(image, palette, drop_missing_glyphs(title), drop_missing_glyphs(subtitle or ""))

    label_text = drop_missing_glyphs(label or "")
    if label_text:
        _draw_label(image, palette, label_text)

    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _gradient(
    top: RGB, bottom: RGB, width: int, height: int, *, radial: bool = False
) -> Image.Image:
    mask = Image.radial_gradient("L") if radial else Image.linear_gradient("L")
    mask = mask.resize((width, height), Image.Resampling.BILINEAR)
    return Image.composite(
        Image.new("RGB", (width, height), bottom), Image.new("RGB", (width, height), top), mask
    )


def _draw_background(
    style: str, palette: Palette, width: int, height: int, rng: random.Random
) -> Image.Image:
    image = _gradient(palette.top, palette.bottom, width, height, radial=style == "artistic")
    draw = ImageDraw.Draw(image, "RGBA")
    unit = min(width, height)

    if style == "realistic":
        for _ in range(14):
            x, y = rng.uniform(0, width), rng.uniform(0, height)
            radius = rng.uniform(0.03, 0.12) * unit
            color = rng.choice(palette.accents)
            draw.ellipse(
                (x - radius, y - radius, x + radius, y + radius), fill=(*color, rng.randint(18, 45))
            )
    elif style == "artistic":
        for _ in range(9):
            x, y = rng.uniform(-0.1, 1.1) * width, rng.uniform(-0.1, 1.1) * height
            radius = rng.uniform(0.15, 0.4) * unit
            color = rng.choice(palette.accents)
            draw.ellipse(
                (x - radius, y - radius, x + radius, y + radius),
                fill=(*color, rng.randint(60, 110)),
            )
    elif style == "cartoon":
        _draw_cartoon_dots(draw, palette, width, height, rng)
    elif style == "abstract":
        for _ in range(12):
            points = [
                (rng.uniform(-0.2, 1.2) * width, rng.uniform(-0.2, 1.2) * height) for _ in range(3)
            ]
            draw.polygon(points, fill=(*rng.choice(palette.accents), rng.randint(50, 120)))
    elif style == "vintage":
        _draw_vintage_frame(draw, palette, width, height, rng)
    else:
        _draw_minimalist_accent(draw, palette, width, height, rng)

    return image


def _draw_cartoon_dots(
    draw: ImageDraw.ImageDraw, palette: Palette, width: int, height: int, rng: random.Random
) -> None:
    unit = min(width, height)
    outline = (92, 58, 30)

    # Dots along the edges, so the center stays free for the text panel.
    for _ in range(16):
        edge = rng.random()
        x = rng.uniform(0, width) if edge < 0.5 else rng.choice((0.05, 0.95)) * width
        y = rng.choice((0.06, 0.94)) * height if edge < 0.5 else rng.uniform(0, height)
        radius = rng.uniform(0.025, 0.07) * unit
        box = (x - radius, y - radius, x + radius, y + radius)
        draw.ellipse(
            box, fill=rng.choice(palette.accents), outline=outline, width=max(2, unit // 200)
        )


def _draw_vintage_frame(
    draw: ImageDraw.ImageDraw, palette: Palette, width: int, height: int, rng: random.Random
) -> None:
    unit = min(width, height)
    frame = palette.accents[0]

    for _ in range(40):
        y = rng.uniform(0, height)
        draw.line((0, y, width, y), fill=(*frame, rng.randint(6, 16)), width=rng.randint(1, 3))

    outer = round(unit * 0.03)
    inner = outer + round(unit * 0.012)
    draw.rectangle(
        (outer, outer, width - outer, height - outer), outline=frame, width=max(3, unit // 170)
    )
    draw.rectangle(
        (inner, inner, width - inner, height - inner), outline=frame, width=max(1, unit // 500)
    )


def _draw_minimalist_accent(
    draw: ImageDraw.ImageDraw, palette: Palette, width: int, height: int, rng: random.Random
) -> None:
    unit = min(width, height)
    accent, rule = palette.accents
    x = rng.uniform(0.08, 0.3) * width
    y = rng.uniform(0.1, 0.18) * height
    radius = unit * 0.012

    draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=accent)
    draw.line(
        (x + radius * 3, y, x + radius * 3 + unit * 0.12, y), fill=rule, width=max(2, unit // 400)
    )


def _draw_text(image: Image.Image, palette: Palette, title: str, subtitle: str) -> None:
    width, height = image.size
    unit = min(width, height)
    margin = round(unit * _MARGIN)
    text_width = width - 2 * margin - (2 * margin if palette.panel else 0)
    portrait = height > width

    title_block = fit_text(
        title,
        max_width_px=text_width,
        max_height_px=round(height * 0.5),
        max_lines=6 if portrait else 4,
        start_px=round(unit * _TITLE_START),
        min_px=round(unit * _TITLE_MIN),
        weight=WEIGHT_BOLD,
        balance=True,
    )
    subtitle_block = fit_text(
        subtitle,
        max_width_px=text_width,
        max_height_px=round(height * 0.2),
        max_lines=2,
        start_px=min(round(unit * _SUBTITLE_START), round(title_block.font.size * 0.55)),
        min_px=round(unit * _SUBTITLE_MIN),
        weight=WEIGHT_REGULAR,
        balance=True,
    )

    gap = round(title_block.font.size * 0.6) if subtitle_block.lines else 0
    block_height = title_block.height_px + gap + subtitle_block.height_px
    top = round(height * 0.47 - block_height / 2)

    if palette.panel:
        _draw_panel(image, palette.panel, margin, top, block_height)

    draw = ImageDraw.Draw(image)
    _draw_lines(draw, title_block, top, width, palette.text)
    _draw_lines(draw, subtitle_block, top + title_block.height_px + gap, width, palette.subtitle)


def _draw_panel(image: Image.Image, fill: RGBA, margin: int, top: int, block_height: int) -> None:
    width, _ = image.size
    padding = margin * 0.6
    box = (margin, top - padding, width - margin, top + block_height + padding)
    ImageDraw.Draw(image, "RGBA").rounded_rectangle(box, radius=margin * 0.5, fill=fill)


def _draw_lines(
    draw: ImageDraw.ImageDraw, block: TextBlock, top: int, width: int, fill: RGB
) -> None:
    for index, line in enumerate(block.lines):
        y = top + block.line_height_px * index + block.line_height_px / 2
        draw.text((width / 2, y), line, font=block.font, fill=fill, anchor="mm")


def _draw_label(image: Image.Image, palette: Palette, text: str) -> None:
    width, height = image.size
    unit = min(width, height)
    font = load_font(max(10, round(unit * _LABEL_SIZE)), WEIGHT_MEDIUM)

    pad_x, pad_y = font.size * 0.8, font.size * 0.45
    text_width = font.getlength(text)
    right = width - unit * 0.06
    bottom = height - unit * 0.06
    box = (right - text_width - 2 * pad_x, bottom - font.size - 2 * pad_y, right, bottom)

    draw = ImageDraw.Draw(image, "RGBA")
    draw.rounded_rectangle(box, radius=font.size * 0.5, fill=palette.label_fill)
    center = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
    draw.text(center, text, font=font, fill=palette.label_text, anchor="mm")
