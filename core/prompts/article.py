"""The article prompt."""

from __future__ import annotations

from core.providers.base import Prompt
from core.requests.article import ArticleRequest

SYSTEM = {
    "en": (
        "You are a senior content writer for a marketing team. Write original, accurate,"
        " well-structured articles in Markdown: one H1 title, H2 sections, short paragraphs,"
        " lists where they help. Never invent statistics or quotes; when a figure is needed,"
        " write it as a placeholder like [figure: source needed]."
    ),
    "zh-CN": (
        "你是市场团队的资深内容编辑。用 Markdown 写原创、准确、结构清晰的文章：一个一级标题，"
        "若干二级标题，段落简短，必要时使用列表。不要编造数据或引语；需要数据时写成占位符，"
        "例如 [数据：需补充来源]。"
    ),
}

TONE_WORDS = {
    "en": {
        "professional": "professional",
        "casual": "casual and conversational",
        "friendly": "warm and friendly",
        "formal": "formal",
    },
    "zh-CN": {
        "professional": "专业",
        "casual": "轻松口语化",
        "friendly": "亲切友好",
        "formal": "正式",
    },
}


def build_article_prompt(request: ArticleRequest, locale: str, max_tokens: int) -> Prompt:
    """Build the article prompt in the content's language."""
    lang = "zh-CN" if locale == "zh-CN" else "en"
    target = request.target_length(lang)
    lines = _user_lines_zh(request, target) if lang == "zh-CN" else _user_lines_en(request, target)
    return Prompt(
        kind="article",
        system=SYSTEM[lang],
        user="\n".join(lines),
        locale=lang,
        request=request,
        max_tokens=max_tokens,
    )


def _user_lines_en(request: ArticleRequest, target_words: int) -> list[str]:
    lines = [f"Write an article about: {request.topic}", f"Tone: {TONE_WORDS['en'][request.tone]}."]
    lines.append(f"Length: about {target_words} words.")
    if request.title:
        lines.append(f"Use this title: {request.title}")
    if request.audience:
        lines.append(f"Audience: {request.audience}")
    if request.outline:
        lines.append("Follow this outline, one H2 per item: " + "; ".join(request.outline))
    if request.keywords:
        lines.append(
            "SEO keywords (use each naturally in the title or first paragraph and in at least one"
            " subheading, without stuffing): " + ", ".join(request.keywords)
        )
    if request.cta:
        lines.append("End with a short call to action.")
    lines.append("Return only the article in Markdown.")
    return lines


def _user_lines_zh(request: ArticleRequest, target_chars: int) -> list[str]:
    lines = [f"请写一篇文章，主题：{request.topic}", f"语气：{TONE_WORDS['zh-CN'][request.tone]}。"]
    lines.append(f"篇幅：约 {target_chars} 字。")
    if request.title:
        lines.append(f"使用这个标题：{request.title}")
    if request.audience:
        lines.append(f"目标读者：{request.audience}")
    if request.outline:
        lines.append("按以下大纲写作，每项一个二级标题：" + "；".join(request.outline))
    if request.keywords:
        lines.append(
            "SEO 关键词（自然地出现在标题或首段，并至少出现在一个小标题中，不要堆砌）："
            + "、".join(request.keywords)
        )
    if request.cta:
        lines.append("结尾加一句简短的行动号召。")
    lines.append("只输出 Markdown 格式的文章正文。")
    return lines
