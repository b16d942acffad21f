"""Text of the offline provider's output, in the content's language."""

MESSAGES = {
    "offline.label": {
        "en": "OFFLINE DRAFT: written by Copydesk's offline provider without a language model. "
        "Configure [llm] provider to get a full article.",
        "zh-CN": "离线草稿：由 Copydesk 离线模式生成，未使用大模型。配置 [llm] provider 后可生成完整文章。",
    },
    "offline.article.title": {"en": "{topic}: A Practical Guide", "zh-CN": "{topic}：实用指南"},
    "offline.article.alt_titles": {"en": "Alternative titles", "zh-CN": "备选标题"},
    "offline.article.alt_title_1": {
        "en": "What {topic} Means for You",
        "zh-CN": "{topic}，你需要知道的几件事",
    },
    "offline.article.alt_title_2": {
        "en": "{topic}: Where to Start",
        "zh-CN": "从零开始了解{topic}",
    },
    "offline.article.meta": {"en": "Meta description (draft)", "zh-CN": "Meta 描述（草稿）"},
    "offline.article.meta_text": {
        "en": "A clear, practical look at {topic}: why it matters, how it works in practice, and the first steps to take.",
        "zh-CN": "一文读懂{topic}：为什么重要、如何落地，以及第一步该做什么。",
    },
    "offline.article.meta_text_kw": {
        "en": "A practical guide to {topic}, covering {keywords}, with examples and first steps.",
        "zh-CN": "{topic}实用指南，涵盖{keywords}，附案例与上手步骤。",
    },
    "offline.article.outline": {"en": "Outline and talking points", "zh-CN": "大纲与要点"},
    "offline.article.point_1": {
        "en": "Open with the main claim of “{section}” in one sentence.",
        "zh-CN": "用一句话点明“{section}”的核心观点。",
    },
    "offline.article.point_2": {
        "en": "Give one concrete example or case related to {topic}.",
        "zh-CN": "举一个与{topic}相关的具体案例。",
    },
    "offline.article.point_3": {
        "en": "Close with a takeaway the reader can act on.",
        "zh-CN": "以一个读者可以马上行动的要点收尾。",
    },
    "offline.article.keywords": {"en": "Keyword placement", "zh-CN": "关键词布局"},
    "offline.article.keyword_place": {
        "en": "in the title or first paragraph, and in the section “{section}”",
        "zh-CN": "放在标题或首段，并出现在“{section}”一节",
    },
    "offline.article.target": {"en": "Target length", "zh-CN": "目标篇幅"},
    "offline.article.target_words": {
        "en": "About {count} words, {tone} tone, for {audience}.",
        "zh-CN": "约 {count} 个英文单词，{tone}语气，面向{audience}。",
    },
    "offline.article.target_chars": {
        "en": "About {count} Chinese characters, {tone} tone, for {audience}.",
        "zh-CN": "约 {count} 字，{tone}语气，面向{audience}。",
    },
    "offline.tone.professional": {"en": "professional", "zh-CN": "专业"},
    "offline.tone.casual": {"en": "casual", "zh-CN": "轻松"},
    "offline.tone.friendly": {"en": "friendly", "zh-CN": "亲切"},
    "offline.tone.formal": {"en": "formal", "zh-CN": "正式"},
    "offline.article.template_notes": {"en": "Template instructions", "zh-CN": "模板要求"},
    "offline.article.general_audience": {"en": "a general audience", "zh-CN": "普通读者"},
    "offline.article.cta": {
        "en": "Call to action: end with one sentence that tells the reader what to do next.",
        "zh-CN": "行动号召：结尾用一句话告诉读者下一步做什么。",
    },
    "offline.revision.note": {
        "en": "Revision requested: “{instruction}”. The offline provider cannot rewrite text; the version below is unchanged for an editor to apply it.",
        "zh-CN": "修改要求：“{instruction}”。离线模式无法改写文本，以下内容保持不变，供编辑手动修改。",
    },
    "offline.revision.summary": {
        "en": "Recorded the request “{instruction}” (offline, text unchanged).",
        "zh-CN": "记录了修改要求“{instruction}”（离线模式，正文未改）。",
    },
    "offline.rewrite.note": {
        "en": "The offline provider cannot rewrite text. Fix these points by hand:",
        "zh-CN": "离线模式无法改写文本。请手动修改以下几点：",
    },
}
