"""A stacked bar chart of jobs per day by kind, drawn with Pillow.

The usage report sends this chart as a picture, so it must read well in
zh-CN and en and must not need matplotlib. Bars stack one segment per
series (job kind) in the order of the ``series`` mapping.
"""

from __future__ import annotations

import io
import logging
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from PIL import Image, ImageDraw

from core.i18n import catalogue, t
from core.images.fonts import WEIGHT_BOLD, WEIGHT_REGULAR, drop_missing_glyphs, fit_text, load_font

logger = logging.getLogger(__name__)

RGB = tuple[int, int, int]

WIDTH_PX = 1200
HEIGHT_PX = 675

# Okabe-Ito colors, which stay distinct for the common forms of color
# blindness. More series than colors reuse them from the start.
SERIES_COLORS: tuple[RGB, ...] = (
    (0, 114, 178),
    (230, 159, 0),
    (0, 158, 115),
    (204, 121, 167),
    (86, 180, 233),
    (213, 94, 0),
    (120, 120, 120),
    (240, 228, 66),
)

BACKGROUND = (255, 255, 255)
TEXT = (33, 37, 41)
MUTED_TEXT = (100, 106, 112)
GRID = (226, 229, 233)
AXIS = (140, 144, 150)

_PADDING = 32
_SWATCH = 16
_TICK_FONT = 16
_LEGEND_FONT = 18
_MAX_BAR_WIDTH = 80


@dataclass(frozen=True)
class _PlotArea:
    left: int
    top: int
    right: int
    baseline: int

    @property
    def height(self) -> int:
        return self.baseline - self.top


def render_bar_chart(
    series: Mapping[str, Mapping[str, int]],
    *,
    title: str,
    x_labels: Sequence[str],
    locale: str,
) -> bytes:
    """Render a stacked bar chart of counts per x label and series as PNG bytes.

    ``series`` maps a series name (a job kind such as ``article``) to counts
    per x label. A label missing from a series counts 0, and counts for
    labels not in ``x_labels`` are ignored. Known job kinds get their
    localized name in the legend, other names are shown as given. With no
    labels or only zero counts the chart shows a "no data" message.
    Raises ``ValueError`` for a negative count.
    """
    totals = _check_counts(series, x_labels)

    image = Image.new("RGB", (WIDTH_PX, HEIGHT_PX), BACKGROUND)
    draw = ImageDraw.Draw(image)
    content_top = _draw_title(draw, title)

    if not x_labels or max(totals, default=0) == 0:
        _draw_no_data(draw, content_top, locale)
    else:
        names = [_series_name(key, locale) for key in series]
        legend_bottom = _draw_legend(draw, names, content_top)
        _draw_bars(draw, series, x_labels, totals, legend_bottom, locale)

    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _check_counts(series: Mapping[str, Mapping[str, int]], x_labels: Sequence[str]) -> list[int]:
    for name, counts in series.items():
        for label, count in counts.items():
            if count < 0:
                raise ValueError(
                    f"invalid chart count {count} for series {name!r} at {label!r}: "
                    "counts must be 0 or more"
                )

    known = set(x_labels)
    ignored = sum(1 for counts in series.values() for label in counts if label not in known)
    if ignored:
        logger.debug("chart ignores %d counts whose x label is not in x_labels", ignored)

    return [sum(counts.get(label, 0) for counts in series.values()) for label in x_labels]


def _series_name(key: str, locale: str) -> str:
    for message_key in (f"images.kind.{key}", f"kind.{key}"):
        if message_key in catalogue():
            return t(message_key, locale)
    return drop_missing_glyphs(key) or "?"


def _draw_title(draw: ImageDraw.ImageDraw, title: str) -> int:
    block = fit_text(
        drop_missing_glyphs(title),
        max_width_px=WIDTH_PX - 2 * _PADDING,
        max_height_px=60,
        max_lines=1,
        start_px=34,
        min_px=20,
        weight=WEIGHT_BOLD,
    )
    top = _PADDING - 8
    for line in block.lines:
        draw.text(
            (WIDTH_PX / 2, top + block.line_height_px / 2),
            line,
            font=block.font,
            fill=TEXT,
            anchor="mm",
        )

    return top + max(block.height_px, 42)


def _draw_no_data(draw: ImageDraw.ImageDraw, top: int, locale: str) -> None:
    box = (_PADDING, top + 24, WIDTH_PX - _PADDING, HEIGHT_PX - _PADDING)
    draw.rounded_rectangle(box, radius=12, outline=GRID, width=2)

    font = load_font(28, WEIGHT_REGULAR)
    center = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
    draw.text(center, t("images.chart.no_data", locale), font=font, fill=MUTED_TEXT, anchor="mm")


def _draw_legend(draw: ImageDraw.ImageDraw, names: list[str], top: int) -> int:
    font = load_font(_LEGEND_FONT, WEIGHT_REGULAR)
    item_gap, text_gap = 28, 8
    widths = [_SWATCH + text_gap + math.ceil(font.getlength(name)) for name in names]

    # Greedy rows of items, each row centered under the title.
    rows: list[list[int]] = [[]]
    for index, width in enumerate(widths):
        row_width = sum(widths[i] + item_gap for i in rows[-1]) + width
        if rows[-1] and row_width > WIDTH_PX - 2 * _PADDING:
            rows.append([])
        rows[-1].append(index)

    row_height = round(_LEGEND_FONT * 1.6)
    for row_number, row in enumerate(rows):
        x = (WIDTH_PX - (sum(widths[i] for i in row) + item_gap * (len(row) - 1))) / 2
        y = top + 12 + row_number * row_height + row_height / 2
        for index in row:
            color = SERIES_COLORS[index % len(SERIES_COLORS)]
            draw.rectangle((x, y - _SWATCH / 2, x + _SWATCH - 1, y + _SWATCH / 2 - 1), fill=color)
            draw.text((x + _SWATCH + text_gap, y), names[index], font=font, fill=TEXT, anchor="lm")
            x += widths[index] + item_gap

    return top + 12 + len(rows) * row_height


def _nice_ticks(max_total: int) -> list[int]:
    # Integer steps of 1, 2 or 5 times a power of ten, at most 6 intervals.
    magnitude = 10 ** max(0, int(math.log10(max_total)) - 1)
    for multiple in (1, 2, 5, 10, 20, 50, 100):
        step = multiple * magnitude
        if math.ceil(max_total / step) <= 6:
            break
    intervals = math.ceil(max_total / step)
    return [step * i for i in range(intervals + 1)]


def _plot_area(draw: ImageDraw.ImageDraw, ticks: list[int], top: int) -> _PlotArea:
    font = load_font(_TICK_FONT, WEIGHT_REGULAR)
    tick_width = max(math.ceil(font.getlength(str(tick))) for tick in ticks)
    bottom_space = round(_TICK_FONT * 1.5) + round(_LEGEND_FONT * 1.6) + 8
    return _PlotArea(
        left=_PADDING + tick_width + 12,
        top=top + 40,
        right=WIDTH_PX - _PADDING,
        baseline=HEIGHT_PX - _PADDING - bottom_space,
    )


def _draw_axes(draw: ImageDraw.ImageDraw, area: _PlotArea, ticks: list[int], locale: str) -> None:
    font = load_font(_TICK_FONT, WEIGHT_REGULAR)
    for tick in ticks:
        y = area.baseline - round(tick * area.height / ticks[-1])
        if tick:
            draw.line((area.left, y, area.right, y), fill=GRID, width=1)
        draw.text((area.left - 8, y), str(tick), font=font, fill=MUTED_TEXT, anchor="rm")

    draw.line((area.left, area.baseline, area.right, area.baseline), fill=AXIS, width=1)

    axis_font = load_font(_LEGEND_FONT, WEIGHT_REGULAR)
    draw.text(
        (_PADDING, area.top - 14),
        t("images.chart.y_axis", locale),
        font=axis_font,
        fill=MUTED_TEXT,
        anchor="ls",
    )
    x_title_y = HEIGHT_PX - _PADDING
    draw.text(
        ((area.left + area.right) / 2, x_title_y),
        t("images.chart.x_axis", locale),
        font=axis_font,
        fill=MUTED_TEXT,
        anchor="ms",
    )


def _draw_bars(
    draw: ImageDraw.ImageDraw,
    series: Mapping[str, Mapping[str, int]],
    x_labels: Sequence[str],
    totals: list[int],
    top: int,
    locale: str,
) -> None:
    ticks = _nice_ticks(max(totals))
    area = _plot_area(draw, ticks, top)
    _draw_axes(draw, area, ticks, locale)

    slot = (area.right - area.left) / len(x_labels)
    bar_width = min(_MAX_BAR_WIDTH, max(1, round(slot * 0.6)))
    scale = area.height / ticks[-1]

    for index, label in enumerate(x_labels):
        center = area.left + slot * (index + 0.5)
        x0 = round(center - bar_width / 2)
        stacked = 0
        for number, counts in enumerate(series.values()):
            count = counts.get(label, 0)
            low, high = round(stacked * scale), round((stacked + count) * scale)
            stacked += count
            if high > low:
                color = SERIES_COLORS[number % len(SERIES_COLORS)]
                draw.rectangle(
                    (x0, area.baseline - high, x0 + bar_width - 1, area.baseline - low - 1),
                    fill=color,
                )

        _draw_total(draw, center, area.baseline - round(stacked * scale), stacked, bar_width)

    _draw_x_labels(draw, area, x_labels, slot)


def _draw_total(
    draw: ImageDraw.ImageDraw, center: float, bar_top: int, total: int, bar_width: int
) -> None:
    font = load_font(14, WEIGHT_REGULAR)
    if total and font.getlength(str(total)) <= max(bar_width, 24):
        draw.text((center, bar_top - 4), str(total), font=font, fill=MUTED_TEXT, anchor="ms")


def _draw_x_labels(
    draw: ImageDraw.ImageDraw, area: _PlotArea, x_labels: Sequence[str], slot: float
) -> None:
    font = load_font(_TICK_FONT, WEIGHT_REGULAR)
    labels = [drop_missing_glyphs(label) for label in x_labels]

    # Label every n-th bar so neighboring labels never overlap.
    widest = max(font.getlength(label) for label in labels)
    every = max(1, math.ceil((widest + 12) / slot))
    for index in range(0, len(labels), every):
        center = area.left + slot * (index + 0.5)
        draw.text(
            (center, area.baseline + 8), labels[index], font=font, fill=MUTED_TEXT, anchor="ma"
        )
