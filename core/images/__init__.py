"""Offline images: prompt enhancement, title cards and usage charts, drawn with Pillow.

Nothing here calls a network service. ``render_card`` is the fallback when
no image provider is available, and ``render_bar_chart`` draws the usage
report. Both draw Chinese and English with the Noto Sans SC font shipped by
the ``justmytype-intl-cjk`` package.
"""

from core.images.chart import render_bar_chart
from core.images.offline import render_card
from core.images.prompt import SIZES, STYLES, enhance_prompt

__all__ = ["SIZES", "STYLES", "enhance_prompt", "render_bar_chart", "render_card"]
