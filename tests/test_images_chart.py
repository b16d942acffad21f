"""The jobs-per-day bar chart: bar heights, legend, titles, empty data and guards."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops

from core.images import render_bar_chart
from core.images.chart import AXIS, HEIGHT_PX, SERIES_COLORS, TEXT, WIDTH_PX

DAYS = ["05-01", "05-02", "05-03"]


def open_png(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    return image.convert("RGB")


def find_baseline(image: Image.Image) -> int:
    """Row of the x axis: the row with the most pixels of the axis color."""
    counts = [
        sum(1 for x in range(image.width) if image.getpixel((x, y)) == AXIS)
        for y in range(image.height)
    ]
    return counts.index(max(counts))


def color_runs(image: Image.Image, row: int, color: tuple[int, int, int]) -> list[tuple[int, int]]:
    """Horizontal runs (first, last column) of ``color`` in ``row``."""
    runs: list[tuple[int, int]] = []
    for x in range(image.width):
        if image.getpixel((x, row)) != color:
            continue
        if runs and runs[-1][1] == x - 1:
            runs[-1] = (runs[-1][0], x)
        else:
            runs.append((x, x))
    return runs


def run_height(image: Image.Image, column: int, bottom: int, color: tuple[int, int, int]) -> int:
    """Number of ``color`` pixels going up from row ``bottom`` in ``column``."""
    height = 0
    while bottom - height >= 0 and image.getpixel((column, bottom - height)) == color:
        height += 1
    return height


def rows_with_color(image: Image.Image, color: tuple[int, int, int]) -> list[int]:
    mask = Image.new("RGB", image.size, color)
    difference = (
        ImageChops.difference(image, mask).convert("L").point(lambda v: 255 if v == 0 else 0)
    )
    return [y for y in range(image.height) if difference.crop((0, y, image.width, y + 1)).getbbox()]


def contiguous_groups(rows: list[int]) -> list[list[int]]:
    groups: list[list[int]] = []
    for row in rows:
        if groups and groups[-1][-1] == row - 1:
            groups[-1].append(row)
        else:
            groups.append([row])
    return groups


def ink_share(image: Image.Image, box: tuple[int, int, int, int]) -> float:
    """Share of pixels in ``box`` that are much darker than the white background."""
    gray = image.crop(box).convert("L")
    histogram = gray.histogram()
    return sum(histogram[:160]) / (gray.width * gray.height)


def test_chart_size() -> None:
    data = render_bar_chart({"article": {"05-01": 3}}, title="Jobs", x_labels=DAYS, locale="en")

    assert open_png(data).size == (WIDTH_PX, HEIGHT_PX)


def test_chart_deterministic() -> None:
    series = {"article": {"05-01": 3, "05-02": 5}, "post": {"05-03": 2}}

    first = render_bar_chart(series, title="每日任务", x_labels=DAYS, locale="zh-CN")
    second = render_bar_chart(series, title="每日任务", x_labels=DAYS, locale="zh-CN")

    assert first == second


def test_chart_bar_heights_proportional() -> None:
    series = {"article": {"05-01": 2, "05-02": 4, "05-03": 8}}
    image = open_png(render_bar_chart(series, title="Jobs", x_labels=DAYS, locale="en"))
    baseline = find_baseline(image)
    color = SERIES_COLORS[0]

    runs = color_runs(image, baseline - 1, color)
    assert len(runs) == 3

    heights = [run_height(image, (first + last) // 2, baseline - 1, color) for first, last in runs]
    assert heights[0] > 20
    assert abs(heights[1] - 2 * heights[0]) <= 2
    assert abs(heights[2] - 4 * heights[0]) <= 2


def test_chart_bars_stack_in_series_order() -> None:
    series = {"article": {"05-01": 3}, "post": {"05-01": 6}}
    image = open_png(render_bar_chart(series, title="Jobs", x_labels=["05-01"], locale="en"))
    baseline = find_baseline(image)

    (first, last), *_ = color_runs(image, baseline - 1, SERIES_COLORS[0])
    column = (first + last) // 2
    lower = run_height(image, column, baseline - 1, SERIES_COLORS[0])
    upper = run_height(image, column, baseline - 1 - lower, SERIES_COLORS[1])

    assert lower > 20
    assert abs(upper - 2 * lower) <= 2


def test_chart_missing_day_counts_zero() -> None:
    series = {"article": {"05-01": 4, "05-03": 4}}
    image = open_png(render_bar_chart(series, title="Jobs", x_labels=DAYS, locale="en"))

    assert len(color_runs(image, find_baseline(image) - 1, SERIES_COLORS[0])) == 2


def test_chart_legend_swatch_per_series() -> None:
    series = {"article": {"05-01": 5}, "post": {"05-02": 5}, "report": {"05-03": 5}}
    image = open_png(render_bar_chart(series, title="Jobs", x_labels=DAYS, locale="en"))
    bar_top = find_baseline(image) - 1

    for color in SERIES_COLORS[:3]:
        groups = contiguous_groups(rows_with_color(image, color))
        assert len(groups) == 2, f"expected a legend swatch and a bar in {color}"
        assert len(groups[0]) == 16, f"legend swatch of {color} is not 16 px tall"
        assert groups[1][-1] == bar_top


def test_chart_legend_names_localized() -> None:
    series = {"article": {"05-01": 5}}
    chinese = open_png(render_bar_chart(series, title="T", x_labels=DAYS, locale="zh-CN"))
    english = open_png(render_bar_chart(series, title="T", x_labels=DAYS, locale="en"))
    legend_band = (0, 60, WIDTH_PX, 110)

    assert ImageChops.difference(chinese.crop(legend_band), english.crop(legend_band)).getbbox()
    assert ink_share(chinese, legend_band) > 0.003


def test_chart_chinese_title_has_glyphs() -> None:
    series = {"article": {"05-01": 5}}
    image = open_png(
        render_bar_chart(series, title="最近一周每日任务数", x_labels=DAYS, locale="zh-CN")
    )
    swapped = open_png(
        render_bar_chart(series, title="每日任务数最近一周", x_labels=DAYS, locale="zh-CN")
    )
    title_band = (0, 0, WIDTH_PX, 60)

    assert ink_share(image, title_band) > 0.02
    assert ImageChops.difference(image.crop(title_band), swapped.crop(title_band)).getbbox()


def test_chart_long_title_fits() -> None:
    image = open_png(render_bar_chart({}, title="每日任务" * 40, x_labels=[], locale="zh-CN"))

    assert ink_share(image, (0, 0, 20, 60)) == 0
    assert ink_share(image, (WIDTH_PX - 20, 0, WIDTH_PX, 60)) == 0


@pytest.mark.parametrize(
    ("series", "x_labels"),
    [
        ({}, []),
        ({}, DAYS),
        ({"article": {}}, DAYS),
        ({"article": {"05-01": 0}}, DAYS),
        ({"article": {"05-01": 4}}, []),
    ],
)
def test_chart_no_data(series: dict, x_labels: list[str]) -> None:
    image = open_png(render_bar_chart(series, title="Jobs", x_labels=x_labels, locale="en"))
    middle = (WIDTH_PX // 3, HEIGHT_PX // 2 - 30, 2 * WIDTH_PX // 3, HEIGHT_PX // 2 + 40)

    assert image.size == (WIDTH_PX, HEIGHT_PX)
    for color in SERIES_COLORS[:2]:
        assert not rows_with_color(image, color), f"bar color {color} drawn without data"
    assert ink_share(image, middle) > 0.01


def test_chart_no_data_localized() -> None:
    chinese = open_png(render_bar_chart({}, title="T", x_labels=[], locale="zh-CN"))
    english = open_png(render_bar_chart({}, title="T", x_labels=[], locale="en"))

    assert ImageChops.difference(chinese, english).getbbox()


def test_chart_ignores_unknown_labels() -> None:
    series = {"article": {"05-01": 2, "04-30": 50}}
    image = open_png(render_bar_chart(series, title="Jobs", x_labels=DAYS, locale="en"))

    assert len(color_runs(image, find_baseline(image) - 1, SERIES_COLORS[0])) == 1


def test_chart_many_series_and_days() -> None:
    days = [f"2024-05-{day:02d}" for day in range(1, 32)]
    series = {f"kind{n}": {day: (n + i) % 4 for i, day in enumerate(days)} for n in range(10)}
    image = open_png(render_bar_chart(series, title="Jobs", x_labels=days, locale="en"))

    assert image.size == (WIDTH_PX, HEIGHT_PX)
    assert rows_with_color(image, TEXT)


def test_chart_rejects_negative_count() -> None:
    with pytest.raises(ValueError, match="invalid chart count -1 for series 'post'"):
        render_bar_chart({"post": {"05-01": -1}}, title="Jobs", x_labels=DAYS, locale="en")
