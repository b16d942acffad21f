"""Titles and rewrite lines of the SEO and readability jobs."""

MESSAGES = {
    "analysis.title.seo": {"en": "SEO report", "zh-CN": "SEO 报告"},
    "analysis.title.readability": {"en": "Readability report", "zh-CN": "可读性报告"},
    "analysis.rewrite_scores": {
        "en": "**Rewrite.** Score before: {before}/100 · after: {after}/100",
        "zh-CN": "**改写结果。** 改写前得分：{before}/100 · 改写后：{after}/100",
    },
    "analysis.rewrite_summary": {
        "en": "Rewrote for {kind}: score {before} → {after}.",
        "zh-CN": "按 {kind} 报告改写：得分 {before} → {after}。",
    },
}
