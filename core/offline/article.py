"""The offline article: a writing brief and scaffold, not a finished article."""

from __future__ import annotations

from core.i18n import t
from core.offline import register_writer
from core.providers.base import Prompt
from core.requests.article import ArticleRequest

# Meta description limits: Yoast's 156 characters for English; Chinese
# counts characters, and 80 fits a Baidu/Google result line on desktop.
META_MAX_CHARS = {"en": 156, "zh-CN": 80}

OUTLINES = {
    ("professional", "en"): [
        "Why {topic} matters now",
        "The current state",
        "Key approaches",
        "Risks and how to manage them",
        "What to do next",
    ],
    ("formal", "en"): ["Background", "Analysis of {topic}", "Implications", "Recommendations"],
    ("casual", "en"): [
        "So, what is {topic}?",
        "Why you should care",
        "How people use it",
        "Tips to get started",
    ],
    ("friendly", "en"): [
        "A quick hello to {topic}",
        "What it can do for you",
        "Real examples",
        "Your first steps",
    ],
    ("professional", "zh-CN"): [
        "为什么现在要关注{topic}",
        "现状与趋势",
        "主要做法",
        "风险与应对",
        "下一步行动",
    ],
    ("formal", "zh-CN"): ["背景", "{topic}的分析", "影响", "建议"],
    ("casual", "zh-CN"): ["{topic}到底是什么？", "为什么值得关注", "大家都怎么用", "上手小技巧"],
    ("friendly", "zh-CN"): ["认识{topic}", "它能帮你做什么", "真实案例", "从这里开始"],
}
SECTION_COUNT = {"short": 3, "medium": 4, "long": 5}


@register_writer("article")
def write_article_brief(prompt: Prompt) -> str:
    """Write the brief: titles, meta description, outline, talking points, keyword plan, length."""
    request: ArticleRequest = prompt.request
    lang = "zh-CN" if prompt.locale == "zh-CN" else "en"
    topic = request.topic
    title = request.title or t("offline.article.title", lang, topic=topic)
    sections = _outline(request, lang)

    lines = [f"> {t('offline.label', lang)}", "", f"# {title}", ""]
    lines += [f"## {t('offline.article.alt_titles', lang)}", ""]
    lines += [
        f"- {t('offline.article.alt_title_1', lang, topic=topic)}",
        f"- {t('offline.article.alt_title_2', lang, topic=topic)}",
        "",
    ]
    lines += [f"## {t('offline.article.meta', lang)}", "", _meta_description(request, lang), ""]
    lines += [f"## {t('offline.article.outline', lang)}", ""]
    for number, heading in enumerate(sections, start=1):
        lines += [f"### {number}. {heading}", ""]
        lines += [
            f"- {t(f'offline.article.point_{index}', lang, section=heading, topic=topic)}"
            for index in (1, 2, 3)
        ]
        lines.append("")
    lines += _keyword_plan(request, lang, sections)
    lines += [f"## {t('offline.article.target', lang)}", ""]
    unit_key = "offline.article.target_chars" if lang == "zh-CN" else "offline.article.target_words"
    tone = t(f"offline.tone.{request.tone}", lang)
    lines.append(
        t(
            unit_key,
            lang,
            count=request.target_length(lang),
            tone=tone,
            audience=request.audience or t("offline.article.general_audience", lang),
        )
    )
    if request.cta:
        lines += ["", t("offline.article.cta", lang)]
    instructions = prompt.extra.get("template_instructions")
    if instructions:
        # A model follows the template's instructions; the brief passes them on to the writer.
        lines += ["", f"## {t('offline.article.template_notes', lang)}", "", instructions]
    return "\n".join(lines).rstrip() + "\n"


def _outline(request: ArticleRequest, lang: str) -> list[str]:
    if request.outline:
        return list(request.outline)
    template = OUTLINES[(request.tone, lang)]
    count = min(len(template), SECTION_COUNT[request.length])
    return [heading.format(topic=request.topic) for heading in template[:count]]


def _meta_description(request: ArticleRequest, lang: str) -> str:
    keywords = ("、" if lang == "zh-CN" else ", ").join(request.keywords)
    key = "offline.article.meta_text_kw" if keywords else "offline.article.meta_text"
    text = t(key, lang, topic=request.topic, keywords=keywords)
    limit = META_MAX_CHARS[lang]
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _keyword_plan(request: ArticleRequest, lang: str, sections: list[str]) -> list[str]:
    if not request.keywords:
        return []
    lines = [f"## {t('offline.article.keywords', lang)}", ""]
    for index, keyword in enumerate(request.keywords):
        section = sections[index % len(sections)]
        lines.append(
            f"- **{keyword}**: {t('offline.article.keyword_place', lang, section=section)}"
        )
    lines.append("")
    return lines
