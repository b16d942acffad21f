"""Messages of the text analysis (``core.analysis``), in en and zh-CN.

Each entry is (key without the ``analysis.`` prefix, en, zh-CN). Check
messages are ``<check id>.<case>``. Texts that are appended to another carry
their own leading space where the language needs one: units, so that "300
words" and "600 字" both come out right from "{value}{unit}", and the notes
added after a message.
"""

from __future__ import annotations

_ENTRIES: tuple[tuple[str, str, str], ...] = (
    # Check names.
    ("check.text_empty", "Text", "文本"),
    ("check.keywords", "Keywords", "关键词"),
    ("check.keyword_density", "Keyword density", "关键词密度"),
    ("check.keyword_in_title", "Keyword in title", "标题中的关键词"),
    ("check.keyword_in_introduction", "Keyword in introduction", "首段中的关键词"),
    ("check.keyword_in_subheadings", "Keyword in subheadings", "小标题中的关键词"),
    ("check.keyword_in_meta", "Keyword in meta description", "元描述中的关键词"),
    ("check.keyword_length", "Keyword length", "关键词长度"),
    ("check.text_length", "Text length", "正文长度"),
    ("check.meta_description_length", "Meta description length", "元描述长度"),
    ("check.single_h1", "Single H1", "唯一一级标题"),
    ("check.subheading_distribution", "Subheading distribution", "小标题分布"),
    ("check.outbound_links", "Links", "链接"),
    ("check.image_alt", "Image alt text", "图片替代文本"),
    ("check.flesch_reading_ease", "Flesch reading ease", "Flesch 易读度"),
    ("check.sentence_length", "Sentence length", "句子长度"),
    ("check.paragraph_length", "Paragraph length", "段落长度"),
    ("check.passive_voice", "Passive voice", "被动语态"),
    ("check.transition_words", "Transition words", "过渡词"),
    ("check.sentence_beginnings", "Sentence beginnings", "句子开头"),
    ("check.chinese_readability_index", "Chinese readability index", "中文可读性指数"),
    ("check.average_sentence_length", "Average sentence length", "平均句长"),
    ("check.clause_length", "Clause length", "分句长度"),
    # Empty input and missing keywords.
    (
        "text_empty.empty",
        "The text is empty. Paste or write the text to analyze.",
        "文本为空。请粘贴或输入要分析的文本。",
    ),
    (
        "text_empty.headings_only",
        "The text has only headings. Add paragraphs under them.",
        "文本只有标题。请在标题下添加正文段落。",
    ),
    (
        "keywords.missing",
        "No keyword was given. Add a focus keyword to run the keyword checks.",
        "未提供关键词。请添加一个核心关键词以运行关键词检查。",
    ),
    # Keyword density.
    (
        "keyword_density.short",
        "The text is under {limit}{unit}, too short to judge keyword density. "
        "Occurrences of “{keyword}”: {count}.",
        "正文不足 {limit}{unit}，无法判断关键词密度。“{keyword}”出现了 {count} 次。",
    ),
    (
        "keyword_density.short_missing",
        "“{keyword}” does not appear in the text. Use it at least once.",
        "正文中没有出现“{keyword}”。请至少使用一次。",
    ),
    (
        "keyword_density.none",
        "“{keyword}” does not appear in the text. Use it at least {min_count} times.",
        "正文中没有出现“{keyword}”。请至少使用 {min_count} 次。",
    ),
    (
        "keyword_density.once",
        "“{keyword}” appears only once. "
        "Use it {min_count} to {max_count} times in a text this long.",
        "“{keyword}”只出现了一次。这个篇幅建议使用 {min_count}–{max_count} 次。",
    ),
    (
        "keyword_density.good",
        "“{keyword}” appears {count} times ({density}%). Good.",
        "“{keyword}”出现了 {count} 次（{density}%），很好。",
    ),
    (
        "keyword_density.low",
        "“{keyword}” appears {count} times ({density}%), under 0.5%. "
        "Use it {min_count} to {max_count} times.",
        "“{keyword}”出现了 {count} 次（{density}%），低于 0.5%。"
        "建议使用 {min_count}–{max_count} 次。",
    ),
    (
        "keyword_density.high",
        "“{keyword}” appears {count} times ({density}%), more than the {max_count} times this length allows. "
        "Replace some with synonyms or pronouns.",
        "“{keyword}”出现了 {count} 次（{density}%），超过建议上限 {max_count} 次。"
        "请用同义词或代词替换一部分。",
    ),
    (
        "keyword_density.far",
        "“{keyword}” appears {count} times ({density}%), far more than the {max_count} times this length allows, "
        "which reads as keyword stuffing. Cut most of them.",
        "“{keyword}”出现了 {count} 次（{density}%），远超建议上限 {max_count} 次，"
        "像是堆砌关键词。请大幅删减。",
    ),
    (
        "keyword_density.inside_longer",
        " It also appears {inside} more times inside longer keywords, which count them.",
        "另有 {inside} 次出现在更长的关键词之内，计入那些关键词。",
    ),
    # Keyword in title, introduction, subheadings and meta description.
    (
        "keyword_in_title.no_title",
        "No SEO title was given and the text has no H1. Add a title that starts with “{keyword}”.",
        "既未提供 SEO 标题，正文也没有一级标题。请添加以“{keyword}”开头的标题。",
    ),
    (
        "keyword_in_title.start",
        "The title starts with “{keyword}”. Good.",
        "标题以“{keyword}”开头，很好。",
    ),
    (
        "keyword_in_title.elsewhere",
        "The title contains “{keyword}”, but not at the start. Move it to the front.",
        "标题包含“{keyword}”，但不在开头。请把它移到标题开头。",
    ),
    (
        "keyword_in_title.missing",
        "The title does not contain “{keyword}”. Add it, ideally at the start.",
        "标题中没有“{keyword}”。请加入，最好放在开头。",
    ),
    (
        "keyword_in_introduction.no_paragraph",
        "The text has no paragraph. Start with one that mentions “{keyword}”.",
        "正文没有段落。请以提到“{keyword}”的段落开头。",
    ),
    (
        "keyword_in_introduction.good",
        "The first paragraph mentions “{keyword}”. Good.",
        "第一段提到了“{keyword}”，很好。",
    ),
    (
        "keyword_in_introduction.missing",
        "The first paragraph does not mention “{keyword}”. Name the topic there.",
        "第一段没有提到“{keyword}”。请在开头点明主题。",
    ),
    (
        "keyword_in_subheadings.no_subheadings",
        "There are no H2 or H3 subheadings. Add some and use “{keyword}” in a few of them.",
        "没有二级或三级小标题。请添加小标题，并在其中几个使用“{keyword}”。",
    ),
    (
        "keyword_in_subheadings.too_few",
        "Only {matched} of {total} H2/H3 subheadings contain “{keyword}”. Use it in more of them.",
        "{total} 个二、三级小标题中只有 {matched} 个包含“{keyword}”。请在更多小标题中使用。",
    ),
    (
        "keyword_in_subheadings.too_many",
        "{matched} of {total} H2/H3 subheadings contain “{keyword}”, over 75%. "
        "Reword some of them.",
        "{total} 个二、三级小标题中有 {matched} 个包含“{keyword}”，超过 75%。请改写其中一些。",
    ),
    (
        "keyword_in_subheadings.none",
        "No H2/H3 subheading contains “{keyword}” ({total} in all). Use it in some of them.",
        "{total} 个二、三级小标题都不包含“{keyword}”。请在部分小标题中使用。",
    ),
    (
        "keyword_in_subheadings.good",
        "{matched} of {total} H2/H3 subheadings contain “{keyword}”. Good.",
        "{total} 个二、三级小标题中有 {matched} 个包含“{keyword}”，很好。",
    ),
    (
        "keyword_in_meta.no_meta",
        "There is no meta description. Write one that contains “{keyword}”.",
        "没有元描述。请撰写一段包含“{keyword}”的元描述。",
    ),
    (
        "keyword_in_meta.missing",
        "The meta description does not contain “{keyword}”. Add it once.",
        "元描述中没有“{keyword}”。请加入一次。",
    ),
    (
        "keyword_in_meta.good",
        "The meta description contains “{keyword}”. Good.",
        "元描述包含“{keyword}”，很好。",
    ),
    (
        "keyword_in_meta.too_many",
        "The meta description contains “{keyword}” {count} times. Use it once or twice.",
        "元描述中“{keyword}”出现了 {count} 次。请只用一到两次。",
    ),
    (
        "keyword_length.good",
        "“{keyword}” has a length of {length}, within {limit}{unit}. Good.",
        "“{keyword}”长度为 {length}，未超过 {limit}{unit}，很好。",
    ),
    (
        "keyword_length.long",
        "“{keyword}” has a length of {length}, more than {limit}{unit}. Use a shorter keyword.",
        "“{keyword}”长度为 {length}，超过 {limit}{unit}。请使用更短的关键词。",
    ),
    # Structure.
    ("text_length.good", "The text has {length}{unit}. Good.", "正文共 {length}{unit}，很好。"),
    (
        "text_length.short",
        "The text has {length}{unit}, under the recommended {limit}{unit}. Add content.",
        "正文共 {length}{unit}，少于建议的 {limit}{unit}。请补充内容。",
    ),
    (
        "meta_description_length.missing",
        "There is no meta description. Write one of more than {low} and up to {high} characters.",
        "没有元描述。请写一段多于 {low}、最多 {high} 个字符的描述。",
    ),
    (
        "meta_description_length.short",
        "The meta description has {length} characters, not more than {low}. Use up to {high}.",
        "元描述只有 {length} 个字符，不多于 {low}。可以写到 {high} 个字符。",
    ),
    (
        "meta_description_length.long",
        "The meta description has {length} characters, over {high}. "
        "Shorten it so it is not cut off.",
        "元描述有 {length} 个字符，超过 {high}。请缩短，以免在搜索结果中被截断。",
    ),
    (
        "meta_description_length.good",
        "The meta description has {length} characters. Good.",
        "元描述有 {length} 个字符，很好。",
    ),
    ("single_h1.good", "The text has one H1. Good.", "正文有一个一级标题，很好。"),
    (
        "single_h1.missing",
        "The text has no H1. Put the title at the top as a single H1.",
        "正文没有一级标题。请在开头加一个一级标题作为文章标题。",
    ),
    (
        "single_h1.multiple",
        "The text has {count} H1 headings. Keep one for the title and make the others H2.",
        "正文有 {count} 个一级标题。请只保留一个作为标题，其余改为二级标题。",
    ),
    (
        "subheading_distribution.none_long",
        "The text is over {limit}{unit} and has no subheadings. Add subheadings to break it up.",
        "正文超过 {limit}{unit}却没有小标题。请添加小标题划分内容。",
    ),
    (
        "subheading_distribution.none_short",
        "The text is short enough to do without subheadings.",
        "正文较短，不需要小标题。",
    ),
    (
        "subheading_distribution.good",
        "No section between subheadings is over {limit}{unit}. Good.",
        "各小标题下的内容都不超过 {limit}{unit}，很好。",
    ),
    (
        "subheading_distribution.long",
        "Sections over {limit}{unit}: {count}. Add subheadings inside them.",
        "有 {count} 个部分超过 {limit}{unit}。请在其中添加小标题。",
    ),
    ("outbound_links.good", "Links in the text: {count}. Good.", "正文有 {count} 个链接，很好。"),
    (
        "outbound_links.none",
        "The text has no links. Link to a few relevant sources.",
        "正文没有链接。请链接几个相关的来源。",
    ),
    (
        "image_alt.no_images",
        "The text has no images. Consider adding one with alt text.",
        "正文没有图片。建议添加一张带替代文本的图片。",
    ),
    (
        "image_alt.missing",
        "{missing} of {total} images have no alt text. Describe each image in its alt text.",
        "{total} 张图片中有 {missing} 张没有替代文本。请为每张图片写上描述。",
    ),
    (
        "image_alt.good",
        "Every image has alt text ({total} in all). Good.",
        "所有图片（共 {total} 张）都有替代文本，很好。",
    ),
    # Readability.
    (
        "flesch_reading_ease.good",
        "Flesch reading ease is {score} ({label}). Good.",
        "Flesch 易读度为 {score}（{label}），很好。",
    ),
    (
        "flesch_reading_ease.hard",
        "Flesch reading ease is {score} ({label}). Use shorter sentences and shorter words.",
        "Flesch 易读度为 {score}（{label}）。请使用更短的句子和更短的单词。",
    ),
    ("flesch.very_easy", "very easy", "非常容易"),
    ("flesch.easy", "easy", "容易"),
    ("flesch.fairly_easy", "fairly easy", "较容易"),
    ("flesch.standard", "standard", "标准"),
    ("flesch.fairly_difficult", "fairly difficult", "较难"),
    ("flesch.difficult", "difficult", "难"),
    ("flesch.very_difficult", "very difficult", "非常难"),
    (
        "sentence_length.good",
        "{percent}% of sentences are over {limit}{unit}, within the maximum of {max}%. Good.",
        "{percent}% 的句子超过 {limit}{unit}，未超过 {max}% 的上限，很好。",
    ),
    (
        "sentence_length.long",
        "{percent}% of sentences are over {limit}{unit}, more than the maximum of {max}%. "
        "Split the longest sentences.",
        "{percent}% 的句子超过 {limit}{unit}，高于 {max}% 的上限。请拆分最长的句子。",
    ),
    (
        "paragraph_length.good",
        "No paragraph is over {limit}{unit}. Good.",
        "没有段落超过 {limit}{unit}，很好。",
    ),
    (
        "paragraph_length.long",
        "Paragraphs over {limit}{unit}: {count}. The longest has {longest}{unit}. Split them.",
        "有 {count} 个段落超过 {limit}{unit}，最长的有 {longest}{unit}。请拆分这些段落。",
    ),
    (
        "passive_voice.good",
        "{percent}% of sentences use the passive voice. Good.",
        "{percent}% 的句子使用被动语态，很好。",
    ),
    (
        "passive_voice.high",
        "{percent}% of sentences use the passive voice, more than the maximum of {max}%. "
        "Rewrite some in the active voice.",
        "{percent}% 的句子使用被动语态，高于 {max}% 的上限。请把一部分改为主动语态。",
    ),
    (
        "transition_words.short",
        "The text is under {limit} words and needs few transition words.",
        "正文不足 {limit} 个词，不太需要过渡词。",
    ),
    (
        "transition_words.good",
        "{percent}% of sentences contain transition words. Good.",
        "{percent}% 的句子含有过渡词，很好。",
    ),
    (
        "transition_words.low",
        "Only {percent}% of sentences contain transition words, under {min}%. "
        "Link ideas with words such as “however” or “for example”.",
        "只有 {percent}% 的句子含有过渡词，低于 {min}%。请用 however、for example 等词衔接上下文。",
    ),
    (
        "sentence_beginnings.repeated",
        "{count} sentences in a row start with “{word}”. Vary the openings.",
        "连续 {count} 个句子以“{word}”开头。请变换句子的开头。",
    ),
    (
        "sentence_beginnings.good",
        "No three sentences in a row start with the same word. Good.",
        "没有连续三个句子以同一个词开头，很好。",
    ),
    (
        "chinese_readability_index.good",
        "The Chinese readability index (Xu et al. 2021) is {index}, at most {limit}. Good.",
        "中文可读性指数（徐巍等，2021）为 {index}，不高于 {limit}，很好。",
    ),
    (
        "chinese_readability_index.hard",
        "The Chinese readability index (Xu et al. 2021) is {index}, over {limit}. "
        "Shorten clauses and use fewer adverbs and conjunctions.",
        "中文可读性指数（徐巍等，2021）为 {index}，高于 {limit}。请缩短分句，减少副词和连词。",
    ),
    (
        "average_sentence_length.good",
        "Sentences average {average} characters. Good.",
        "句子平均 {average} 个字，很好。",
    ),
    (
        "average_sentence_length.long",
        "Sentences average {average} characters, over {limit}. Split long sentences.",
        "句子平均 {average} 个字，超过 {limit}。请拆分长句。",
    ),
    (
        "clause_length.good",
        "Clauses average {average} characters. Good.",
        "分句平均 {average} 个字，很好。",
    ),
    (
        "clause_length.long",
        "Clauses average {average} characters, over {limit}. Break long clauses with commas.",
        "分句平均 {average} 个字，超过 {limit}。请用逗号断开过长的分句。",
    ),
    # Thresholds and units.
    ("threshold.min", "≥ {value}{unit}", "≥ {value}{unit}"),
    ("threshold.max", "≤ {value}{unit}", "≤ {value}{unit}"),
    ("threshold.range", "{low}–{high}{unit}", "{low}–{high}{unit}"),
    ("threshold.above_up_to", "> {low} and ≤ {high}{unit}", "> {low} 且 ≤ {high}{unit}"),
    ("threshold.title_start", "keyword at the start of the title", "关键词位于标题开头"),
    ("threshold.first_paragraph", "keyword in the first paragraph", "第一段包含关键词"),
    ("threshold.exactly_one", "exactly 1", "恰好 1 个"),
    ("threshold.all_images_alt", "every image has alt text", "每张图片都有替代文本"),
    ("unit.words", " words", " 个词"),
    ("unit.characters", " characters", " 字"),
    ("unit.percent", "%", "%"),
    ("unit.times", " times", " 次"),
    ("unit.sentences", " sentences", " 句"),
    ("unit.none", "", ""),
    # Report rendering.
    ("render.title.seo", "SEO report", "SEO 报告"),
    ("render.title.readability", "Readability report", "可读性报告"),
    ("render.score", "score {score}/100", "得分 {score}/100"),
    ("render.language", "Text language: {language}", "文本语言：{language}"),
    ("render.audience", "Audience: {audience}", "读者：{audience}"),
    ("render.status.problem", "Problems", "问题"),
    ("render.status.improve", "To improve", "待改进"),
    ("render.status.good", "Good", "良好"),
    (
        "render.measured",
        " (measured {value}; threshold {threshold})",
        "（实测 {value}；标准 {threshold}）",
    ),
    (
        "render.keyword_header",
        "| Keyword | Occurrences | Inside longer keywords | Density |",
        "| 关键词 | 出现次数 | 在更长关键词内 | 密度 |",
    ),
    ("render.counts_header", "| Count | Value |", "| 项目 | 数值 |"),
    ("language.zh", "Chinese", "中文"),
    ("language.en", "English", "英文"),
    ("language.mixed", "mixed Chinese and English", "中英混合"),
    ("language.empty", "empty", "空"),
    ("audience.general", "general", "普通读者"),
    ("audience.expert", "expert", "专业读者"),
    ("audience.children", "children", "儿童"),
    ("count.words", "Words", "词数（非汉字）"),
    ("count.han_characters", "Han characters", "汉字数"),
    ("count.characters", "Characters (no spaces)", "字符数（不含空白）"),
    ("count.syllables", "Syllables", "音节数"),
    ("count.sentences", "Sentences", "句子数"),
    ("count.paragraphs", "Paragraphs", "段落数"),
    ("count.h1", "H1 headings", "一级标题"),
    ("count.h2", "H2 headings", "二级标题"),
    ("count.h3", "H3 headings", "三级标题"),
    ("count.links", "Links", "链接"),
    ("count.images", "Images", "图片"),
    ("count.images_with_alt", "Images with alt text", "有替代文本的图片"),
    ("count.images_without_alt", "Images without alt text", "无替代文本的图片"),
    ("metric.flesch_reading_ease", "Flesch reading ease", "Flesch 易读度"),
    ("metric.average_sentence_length", "Average sentence length", "平均句长"),
    ("metric.long_sentence_percent", "Long sentences (%)", "长句占比（%）"),
    ("metric.longest_paragraph", "Longest paragraph", "最长段落"),
    ("metric.average_clause_length", "Average clause length", "平均分句长度"),
    ("metric.passive_percent", "Passive sentences (%)", "被动句占比（%）"),
    ("metric.transition_percent", "Sentences with transition words (%)", "含过渡词的句子（%）"),
    (
        "metric.max_same_beginnings",
        "Most sentences in a row with one opening",
        "同一开头的最多连续句数",
    ),
    ("metric.chinese_readability_index", "Chinese readability index", "中文可读性指数"),
)

MESSAGES: dict[str, dict[str, str]] = {
    f"analysis.{key}": {"en": en, "zh-CN": zh} for key, en, zh in _ENTRIES
}
