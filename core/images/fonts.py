"""The CJK font used for every offline image, its coverage, and text fitting.

The font is Noto Sans SC, a variable font shipped by the PyPI package
``justmytype-intl-cjk``. It covers Simplified Chinese, Latin, digits and the
usual punctuation, so one face serves both locales. Fonts are cached per
(size, weight) because FreeType keeps the variation setting on the font
object.
"""

from __future__ import annotations

import atexit
import logging
import unicodedata
from contextlib import ExitStack
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import as_file, files
from pathlib import Path

from fontTools.ttLib import TTFont
from PIL import ImageFont

logger = logging.getLogger(__name__)

FONT_PACKAGE = "justmytype_intl_cjk"
FONT_RESOURCE = "fonts/ofl/notosanssc/NotoSansSC[wght].ttf"

WEIGHT_REGULAR = 400
WEIGHT_MEDIUM = 500
WEIGHT_BOLD = 700

ELLIPSIS = "…"

# No line may start with a closing mark or end with an opening mark, so these
# stick to the neighboring token when text is split for wrapping.
_CLOSING_PUNCTUATION = frozenset(",.!?;:)]}%、。，！？；：）】》〉」』”’…")
_OPENING_PUNCTUATION = frozenset("([{（【《〈「『“‘")

# Keeps a temporary copy of the font alive when the package sits in a zip.
# For a normal install ``as_file`` returns the real path and closing does nothing.
_resource_files = ExitStack()
atexit.register(_resource_files.close)


@lru_cache(maxsize=1)
def font_path() -> Path:
    """Return the path of the Noto Sans SC variable font.

    Raises ``FileNotFoundError`` when ``justmytype-intl-cjk`` is not
    installed or does not contain the font.
    """
    try:
        resource = files(FONT_PACKAGE).joinpath(FONT_RESOURCE)
    except ModuleNotFoundError as exc:
        raise FileNotFoundError(
            f"CJK font package {FONT_PACKAGE!r} is not installed; "
            "install it with: pip install justmytype-intl-cjk"
        ) from exc

    if not resource.is_file():
        raise FileNotFoundError(
            f"CJK font {FONT_RESOURCE!r} not found in package {FONT_PACKAGE!r}; "
            "reinstall justmytype-intl-cjk"
        )

    return _resource_files.enter_context(as_file(resource))


@lru_cache(maxsize=64)
def load_font(size_px: int, weight: int = WEIGHT_BOLD) -> ImageFont.FreeTypeFont:
    """Load the CJK font at ``size_px`` pixels and the given ``weight`` (100-900).

    The basic layout engine is used on purpose: it gives the same pixels
    with or without libraqm, and neither Chinese nor English needs shaping.
    When FreeType cannot set variations, the font's default instance is
    used and a warning is logged once per size.
    """
    if size_px < 1:
        raise ValueError(f"invalid font size {size_px}: must be at least 1 pixel")

    font = ImageFont.truetype(str(font_path()), size_px, layout_engine=ImageFont.Layout.BASIC)

    try:
        font.set_variation_by_axes([float(weight)])
    except OSError as exc:
        logger.warning("font weight %d not applied (size %d px): %s", weight, size_px, exc)

    return font


@lru_cache(maxsize=1)
def _covered_code_points() -> frozenset[int]:
    font = TTFont(str(font_path()), lazy=True)
    try:
        return frozenset(font.getBestCmap())
    finally:
        font.close()


def has_glyph(char: str) -> bool:
    """Return True when the font maps ``char`` (one code point) to a real glyph."""
    return ord(char) in _covered_code_points()


def drop_missing_glyphs(text: str) -> str:
    """Return ``text`` without the characters the font cannot draw.

    Emoji and rare scripts would otherwise show as .notdef boxes ("tofu").
    Line breaks and tabs become spaces, and runs of spaces left behind
    collapse to one.
    """
    kept_chars = []
    dropped = 0
    for char in text:
        if char in "\t\r\n":
            kept_chars.append(" ")
        elif has_glyph(char):
            kept_chars.append(char)
        else:
            dropped += 1

    if dropped:
        logger.debug("dropped %d characters the font cannot draw", dropped)

    return " ".join("".join(kept_chars).split())


@dataclass(frozen=True)
class TextBlock:
    """Lines of text wrapped to a width, with the font and line pitch they fit at."""

    font: ImageFont.FreeTypeFont
    lines: list[str]
    line_height_px: int

    @property
    def height_px(self) -> int:
        """Height of the whole block: one line pitch per line."""
        return self.line_height_px * len(self.lines)


def is_wide(char: str) -> bool:
    """Return True for East Asian wide and full-width characters (Han, kana, CJK punctuation)."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def split_tokens(text: str) -> list[tuple[str, bool]]:
    """Split ``text`` into unbreakable tokens, each with a flag for a space before it.

    Wide (CJK) characters are one token each, so Chinese may break between
    any two characters. Other text breaks only at spaces, so English breaks
    between words. Closing punctuation sticks to the token before it and
    opening punctuation to the token after it.
    """
    tokens: list[tuple[str, bool]] = []
    word = ""
    word_space = False
    space = False
    opening = ""

    for char in text:
        if char.isspace():
            if word:
                tokens.append((word, word_space))
                word = ""
            space = True
            continue

        if char in _CLOSING_PUNCTUATION and not space and not opening and (word or tokens):
            if word:
                word += char
            else:
                tokens[-1] = (tokens[-1][0] + char, tokens[-1][1])
            continue

        if char in _OPENING_PUNCTUATION and not (word and not space):
            opening += char
            continue

        if is_wide(char):
            if word:
                tokens.append((word, word_space))
                word = ""
            tokens.append((opening + char, space))
            opening, space = "", False
            continue

        if not word:
            word, word_space = opening, space
            opening, space = "", False
        word += char

    if word:
        tokens.append((word, word_space))
    if opening:
        tokens.append((opening, space))
    return tokens


def wrap_tokens(
    tokens: list[tuple[str, bool]], font: ImageFont.FreeTypeFont, max_width_px: int
) -> list[str]:
    """Wrap tokens from ``split_tokens`` into lines no wider than ``max_width_px``.

    A single token wider than the limit (a very long word) is broken
    between characters.
    """
    lines: list[str] = []
    current = ""

    for text, space in tokens:
        candidate = f"{current} {text}" if space and current else current + text
        if font.getlength(candidate) <= max_width_px:
            current = candidate
            continue

        if current:
            lines.append(current)
        pieces = _break_between_characters(text, font, max_width_px)
        lines.extend(pieces[:-1])
        current = pieces[-1]

    if current:
        lines.append(current)
    return lines


def fit_text(
    text: str,
    *,
    max_width_px: int,
    max_height_px: int,
    max_lines: int,
    start_px: int,
    min_px: int,
    weight: int,
    line_spacing: float = 1.25,
    balance: bool = False,
) -> TextBlock:
    """Wrap ``text`` at the largest font size from ``start_px`` down to ``min_px`` that fits.

    The size shrinks by about 10% per step. When the text does not fit even
    at ``min_px``, the lines that fit are kept and the last one ends with
    an ellipsis. With ``balance`` the lines are wrapped at the narrowest
    width that keeps their count, so a last line of one or two characters
    does not hang alone. Empty text returns a block with no lines.
    """
    tokens = split_tokens(text)
    size_px = max(start_px, min_px)

    while True:
        font = load_font(size_px, weight)
        lines = wrap_tokens(tokens, font, max_width_px)
        line_height_px = max(1, round(size_px * line_spacing))
        allowed = max(1, min(max_lines, max_height_px // line_height_px))

        if len(lines) <= allowed:
            if balance:
                lines = _balance_lines(tokens, font, max_width_px, len(lines))
            return TextBlock(font, lines, line_height_px)
        if size_px <= min_px:
            kept = lines[: allowed - 1] + [_ellipsize(lines[allowed - 1], font, max_width_px)]
            return TextBlock(font, kept, line_height_px)

        size_px = max(min_px, int(size_px * 0.9))


def _balance_lines(
    tokens: list[tuple[str, bool]], font: ImageFont.FreeTypeFont, max_width_px: int, count: int
) -> list[str]:
    # Binary search for the narrowest width that still wraps into ``count`` lines.
    low, high = 1, max_width_px
    while low < high:
        middle = (low + high) // 2
        if len(wrap_tokens(tokens, font, middle)) <= count:
            high = middle
        else:
            low = middle + 1
    return wrap_tokens(tokens, font, high)


def _break_between_characters(
    text: str, font: ImageFont.FreeTypeFont, max_width_px: int
) -> list[str]:
    pieces = [""]
    for char in text:
        if pieces[-1] and font.getlength(pieces[-1] + char) > max_width_px:
            pieces.append("")
        pieces[-1] += char
    return pieces


def _ellipsize(line: str, font: ImageFont.FreeTypeFont, max_width_px: int) -> str:
    text = line.rstrip()
    while text and font.getlength(text + ELLIPSIS) > max_width_px:
        text = text[:-1].rstrip()
    return text + ELLIPSIS
