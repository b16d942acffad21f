"""Offline images: prompt enhancement, the CJK font and the title card renderer."""

from __future__ import annotations

import io
import itertools
import time
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from core.i18n import t
from core.images import SIZES, STYLES, enhance_prompt, render_card
from core.images.fonts import (
    WEIGHT_BOLD,
    WEIGHT_REGULAR,
    drop_missing_glyphs,
    fit_text,
    font_path,
    has_glyph,
    load_font,
    split_tokens,
    wrap_tokens,
)
from core.images.offline import PALETTES
from core.images.prompt import DEFAULT_MODIFIERS, HD_DETAIL

CHINESE_TITLE = "人工智能在教育中的应用"
NOTDEF_PROBE = "\U0010fffd"  # a private-use code point that no font maps


def open_png(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    return image.convert("RGB")


def near_color_share(image: Image.Image, color: tuple[int, int, int], tolerance: int = 40) -> float:
    """Share of pixels whose every channel is within ``tolerance`` of ``color``."""
    difference = ImageChops.difference(image, Image.new("RGB", image.size, color))
    red, green, blue = difference.split()
    worst = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    return sum(worst.histogram()[:tolerance]) / (image.width * image.height)


def glyph_mask(char: str, size_px: int = 64) -> tuple[tuple[int, int], bytes]:
    mask = load_font(size_px, WEIGHT_BOLD).getmask(char)
    return mask.size, bytes(mask)


# --- enhance_prompt ---------------------------------------------------------


@pytest.mark.parametrize("style", STYLES)
def test_enhance_prompt_adds_style_defaults(style: str) -> None:
    result = enhance_prompt("a cat reading a book", style=style)

    assert result.startswith("a cat reading a book. ")
    for key in ("style", "mood", "lighting", "composition"):
        assert DEFAULT_MODIFIERS[style][key] in result


def test_enhance_prompt_override_replaces_default() -> None:
    result = enhance_prompt("a lighthouse", style="vintage", modifiers={"mood": "stormy mood"})

    assert "stormy mood" in result
    assert DEFAULT_MODIFIERS["vintage"]["mood"] not in result
    assert DEFAULT_MODIFIERS["vintage"]["lighting"] in result


def test_enhance_prompt_empty_override_drops_phrase() -> None:
    result = enhance_prompt("a lighthouse", style="minimalist", modifiers={"lighting": ""})

    assert DEFAULT_MODIFIERS["minimalist"]["lighting"] not in result
    assert ", ," not in result


def test_enhance_prompt_hd_adds_detail() -> None:
    assert HD_DETAIL in enhance_prompt("a fox", style="realistic", quality="hd")
    assert HD_DETAIL not in enhance_prompt("a fox", style="realistic")


def test_enhance_prompt_strips_trailing_punctuation() -> None:
    result = enhance_prompt("  一只在读书的猫。 ", style="cartoon")

    assert result.startswith("一只在读书的猫. ")


def test_enhance_prompt_collapses_whitespace() -> None:
    assert enhance_prompt("a\n\nred   kite", style="abstract").startswith("a red kite. ")


@pytest.mark.parametrize(
    ("prompt", "options", "message"),
    [
        ("a fox", {"style": "sketch"}, "invalid image style 'sketch'"),
        ("a fox", {"style": "cartoon", "quality": "ultra"}, "invalid image quality 'ultra'"),
        ("a fox", {"style": "cartoon", "modifiers": {"palette": "red"}}, "palette"),
        ("  。 ", {"style": "cartoon"}, "invalid image prompt"),
    ],
)
def test_enhance_prompt_rejects_bad_input(prompt: str, options: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        enhance_prompt(prompt, **options)


# --- font -------------------------------------------------------------------


def test_font_path_inside_package() -> None:
    path = font_path()

    assert path.is_file()
    assert path.name == "NotoSansSC[wght].ttf"
    assert "justmytype_intl_cjk" in Path(path).parts


def test_load_font_cached_per_size_and_weight() -> None:
    assert load_font(40, WEIGHT_BOLD) is load_font(40, WEIGHT_BOLD)
    assert load_font(40, WEIGHT_BOLD) is not load_font(40, WEIGHT_REGULAR)


def test_load_font_weight_changes_ink() -> None:
    bold = sum(1 for value in load_font(64, WEIGHT_BOLD).getmask(CHINESE_TITLE) if value > 128)
    regular = sum(
        1 for value in load_font(64, WEIGHT_REGULAR).getmask(CHINESE_TITLE) if value > 128
    )

    assert bold > regular * 1.2


def test_load_font_rejects_zero_size() -> None:
    with pytest.raises(ValueError, match="invalid font size 0"):
        load_font(0)


def test_han_glyphs_differ_from_notdef() -> None:
    notdef = glyph_mask(NOTDEF_PROBE)

    assert notdef[1].count(0) < len(notdef[1])  # the .notdef box has ink to compare against
    for char in CHINESE_TITLE:
        assert glyph_mask(char) != notdef, f"{char!r} renders as the .notdef box"


def test_han_glyphs_differ_from_each_other() -> None:
    masks = {char: glyph_mask(char) for char in set(CHINESE_TITLE)}

    for first, second in itertools.combinations(masks, 2):
        assert masks[first] != masks[second], f"{first!r} and {second!r} render the same"


def test_has_glyph_coverage() -> None:
    assert has_glyph("人")
    assert has_glyph("A")
    assert has_glyph("，")
    assert not has_glyph(NOTDEF_PROBE)
    assert not has_glyph("🎉")


def test_drop_missing_glyphs_removes_emoji() -> None:
    assert drop_missing_glyphs("发布 🎉 会\n  议") == "发布 会 议"


# --- text fitting -----------------------------------------------------------


def test_wrap_chinese_per_character() -> None:
    font = load_font(60, WEIGHT_BOLD)
    lines = wrap_tokens(split_tokens(CHINESE_TITLE), font, 250)

    assert len(lines) > 1
    assert "".join(lines) == CHINESE_TITLE
    assert all(font.getlength(line) <= 250 for line in lines)


def test_wrap_english_per_word() -> None:
    text = "Artificial intelligence in modern classrooms"
    font = load_font(60, WEIGHT_BOLD)
    lines = wrap_tokens(split_tokens(text), font, 600)

    assert len(lines) > 1
    assert " ".join(lines) == text


def test_wrap_keeps_closing_punctuation() -> None:
    font = load_font(60, WEIGHT_BOLD)

    for width in range(120, 600, 20):
        lines = wrap_tokens(split_tokens("《三体》读后感：宇宙、文明与人性！"), font, width)
        assert not any(line[0] in "》：、！" for line in lines), lines


def test_wrap_breaks_overlong_word() -> None:
    font = load_font(40, WEIGHT_BOLD)
    lines = wrap_tokens(split_tokens("Supercalifragilisticexpialidocious"), font, 200)

    assert len(lines) > 1
    assert all(font.getlength(line) <= 200 for line in lines)


def test_fit_text_shrinks_before_wrapping_more() -> None:
    block = fit_text(
        CHINESE_TITLE,
        max_width_px=400,
        max_height_px=400,
        max_lines=2,
        start_px=120,
        min_px=20,
        weight=700,
    )

    assert block.font.size < 120
    assert len(block.lines) <= 2
    assert "".join(block.lines) == CHINESE_TITLE


def test_fit_text_ellipsis_at_min_size() -> None:
    block = fit_text(
        CHINESE_TITLE * 10,
        max_width_px=300,
        max_height_px=400,
        max_lines=3,
        start_px=60,
        min_px=40,
        weight=700,
    )

    assert block.font.size == 40
    assert len(block.lines) == 3
    assert block.lines[-1].endswith("…")
    assert block.font.getlength(block.lines[-1]) <= 300


# --- render_card ------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_card_size_exact(size: str) -> None:
    width, height = (int(part) for part in size.split("x"))

    assert open_png(render_card("Quarterly report", size=size)).size == (width, height)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"style": "neon"}, "invalid image style 'neon'"),
        ({"size": "512x512"}, "invalid image size '512x512'"),
        ({"size": "1024X1024"}, "invalid image size"),
    ],
)
def test_card_rejects_bad_options(options: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        render_card("Title", **options)


def test_card_rejects_blank_title() -> None:
    with pytest.raises(ValueError, match="invalid card title"):
        render_card("   ")


def test_card_deterministic() -> None:
    options = {"subtitle": "副标题 subtitle", "style": "abstract", "size": "1792x1024", "seed": 7}

    assert render_card(CHINESE_TITLE, **options) == render_card(CHINESE_TITLE, **options)


def test_card_seed_moves_shapes() -> None:
    assert render_card("Title", style="abstract", seed=1) != render_card(
        "Title", style="abstract", seed=2
    )


def test_card_styles_differ_in_mean_color() -> None:
    means = {
        style: ImageStat.Stat(open_png(render_card("Title", style=style))).mean for style in STYLES
    }

    for first, second in itertools.combinations(STYLES, 2):
        distance = (
            sum((a - b) ** 2 for a, b in zip(means[first], means[second], strict=True)) ** 0.5
        )
        assert distance > 10, f"{first} and {second} look alike (mean distance {distance:.1f})"


@pytest.mark.parametrize("style", STYLES)
def test_card_title_area_has_text(style: str) -> None:
    image = open_png(render_card(CHINESE_TITLE, style=style, label=None))
    width, height = image.size
    text_color = PALETTES[style].text

    title_band = image.crop((0, round(height * 0.3), width, round(height * 0.65)))
    top_band = image.crop((0, 0, width, round(height * 0.2)))

    assert near_color_share(title_band, text_color) > 0.05
    assert near_color_share(title_band, text_color) < 0.5
    assert near_color_share(top_band, text_color) < 0.005


def test_card_drops_emoji_instead_of_tofu() -> None:
    assert render_card("人工智能🎉应用") == render_card("人工智能应用")


def test_card_long_title_fits() -> None:
    image = open_png(render_card("人工智能" * 40, style="minimalist", label=None))
    text_color = PALETTES["minimalist"].text
    margin = round(1024 * 0.08)

    left_margin = image.crop((0, 0, margin - 2, image.height))
    right_margin = image.crop((image.width - margin + 2, 0, image.width, image.height))

    assert near_color_share(left_margin, text_color) == 0
    assert near_color_share(right_margin, text_color) == 0


def test_card_label_marks_corner() -> None:
    label = t("images.label.offline", "zh-CN")
    with_label = open_png(render_card("Title", label=label))
    without_label = open_png(render_card("Title", label=None))

    corner = (with_label.width - 300, with_label.height - 150, with_label.width, with_label.height)
    assert ImageChops.difference(with_label, without_label).getbbox() is not None
    assert (
        ImageChops.difference(with_label.crop(corner), without_label.crop(corner)).getbbox()
        is not None
    )
    assert (
        ImageChops.difference(with_label, without_label).crop((0, 0, 1024, 700)).getbbox() is None
    )


def test_card_subtitle_drawn() -> None:
    assert render_card("Title", subtitle="第二行说明") != render_card("Title")


def test_card_landscape_fast() -> None:
    render_card("warm-up", size="1792x1024")
    started = time.perf_counter()
    render_card(CHINESE_TITLE * 3, subtitle="副标题", style="artistic", size="1792x1024")
    elapsed_s = time.perf_counter() - started

    # This test measured about 0.1 s on a shared 2-core x86_64 machine, so 1 s
    # leaves room for a loaded CI runner.
    assert elapsed_s < 1.0
