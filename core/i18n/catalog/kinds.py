"""Posts, scripts, images and templates: names, usage, result text and offline drafts."""

MESSAGES = {
    "kind.post": {"en": "Post", "zh-CN": "帖子"},
    "kind.script": {"en": "Script", "zh-CN": "脚本"},
    "kind.image": {"en": "Image", "zh-CN": "图片"},
    # Platform names and how each counts length.
    "kinds.platform.weibo": {"en": "Weibo", "zh-CN": "微博"},
    "kinds.platform.wechat": {"en": "WeChat Moments", "zh-CN": "微信朋友圈"},
    "kinds.platform.xiaohongshu": {"en": "Xiaohongshu (RED)", "zh-CN": "小红书"},
    "kinds.platform.douyin": {"en": "Douyin", "zh-CN": "抖音"},
    "kinds.platform.x": {"en": "X (Twitter)", "zh-CN": "X（推特）"},
    "kinds.platform.linkedin": {"en": "LinkedIn", "zh-CN": "领英"},
    "kinds.platform.general": {"en": "General", "zh-CN": "通用"},
    "kinds.platform.bilibili": {"en": "Bilibili", "zh-CN": "哔哩哔哩"},
    "kinds.platform.youtube": {"en": "YouTube", "zh-CN": "YouTube"},
    "kinds.counting.chars": {"en": "characters", "zh-CN": "个字符"},
    "kinds.counting.weibo": {
        "en": "characters (two half-width characters count as one)",
        "zh-CN": "字（两个半角字符算一个字）",
    },
    "kinds.counting.x": {
        "en": "weighted characters (Chinese characters and emoji count as two, a link as 23)",
        "zh-CN": "个加权字符（汉字和表情各算 2 个，链接算 23 个）",
    },
    "kinds.cli.file_saved": {"en": "File saved to {path}.", "zh-CN": "文件已保存到 {path}。"},
    # Usage
    "usage.post": {
        "en": (
            "Usage: /post <topic> [--platform weibo|wechat|xiaohongshu|douyin|x|linkedin|general]"
            " [--tone professional|casual|friendly|formal] [--no-hashtags] [--no-cta]"
            " [--count 1-5] [--lang zh-CN|en] [--template NAME]\n"
            "Example: /post Our new app is out --platform weibo --count 2"
        ),
        "zh-CN": (
            "用法：/post <主题> [--platform weibo|wechat|xiaohongshu|douyin|x|linkedin|general]"
            " [--tone professional|casual|friendly|formal] [--no-hashtags] [--no-cta]"
            " [--count 1-5] [--lang zh-CN|en] [--template 模板名]\n"
            "示例：/post 新款 App 上线 --platform weibo --count 2"
        ),
    },
    "usage.script": {
        "en": (
            "Usage: /script <topic> [--duration 30s|60s|3m|1m30s (5s to 10m)]"
            " [--platform douyin|bilibili|youtube|general]"
            " [--tone professional|casual|friendly|formal] [--lang zh-CN|en] [--template NAME]\n"
            "Example: /script How solar panels work --duration 60s --platform youtube"
        ),
        "zh-CN": (
            "用法：/script <主题> [--duration 30s|60s|3m|1m30s（5 秒到 10 分钟）]"
            " [--platform douyin|bilibili|youtube|general]"
            " [--tone professional|casual|friendly|formal] [--lang zh-CN|en] [--template 模板名]\n"
            "示例：/script 太阳能板的工作原理 --duration 60s --platform douyin"
        ),
    },
    "usage.image": {
        "en": (
            "Usage: /image <prompt>"
            " [--style realistic|artistic|cartoon|abstract|vintage|minimalist]"
            " [--size 1024x1024|1024x1792|1792x1024] [--count 1-4] [--quality standard|hd]"
            " [--template NAME]\n"
            "Example: /image a lighthouse at dawn --style vintage --size 1792x1024"
        ),
        "zh-CN": (
            "用法：/image <描述> [--style realistic|artistic|cartoon|abstract|vintage|minimalist]"
            " [--size 1024x1024|1024x1792|1792x1024] [--count 1-4] [--quality standard|hd]"
            " [--template 模板名]\n"
            "示例：/image 清晨的灯塔 --style vintage --size 1792x1024"
        ),
    },
    "usage.templates": {
        "en": "Usage: /templates [article|post|script|image]",
        "zh-CN": "用法：/templates [article|post|script|image]",
    },
    "kinds.script.bad_duration": {
        "en": "Invalid duration “{value}”: write it like 30s, 60s, 3m or 1m30s.",
        "zh-CN": "时长“{value}”无效：请写成 30s、60s、3m 或 1m30s 这样的形式。",
    },
    "kinds.script.duration_range": {
        "en": "Duration {value} is out of range: use {minimum} to {maximum}.",
        "zh-CN": "时长 {value} 超出范围：请在 {minimum} 到 {maximum} 之间。",
    },
    # Post results
    "kinds.post.title": {"en": "{platform} post: {topic}", "zh-CN": "{platform}帖子：{topic}"},
    "kinds.post.limit": {"en": "Limit: {limit} {unit}.", "zh-CN": "上限：{limit} {unit}。"},
    "kinds.post.variant": {
        "en": "Variant {number} · {length}/{limit}",
        "zh-CN": "版本 {number} · {length}/{limit}",
    },
    "kinds.post.shortened": {"en": "shortened", "zh-CN": "已缩短"},
    "kinds.post.over_limit": {"en": "over the limit", "zh-CN": "超出上限"},
    "kinds.post.over_limit_note": {
        "en": "This variant is still {over} over the limit after shortening; "
        "cut it before posting.",
        "zh-CN": "这一版缩短后仍超出上限 {over}，发布前请再删减。",
    },
    "kinds.post.hashtags": {"en": "Hashtags: {tags}", "zh-CN": "话题标签：{tags}"},
    # Script results
    "kinds.script.summary": {
        "en": "{duration} · {platform} · {aspect} · scenes: {scenes} · shots: {shots}",
        "zh-CN": "{duration} · {platform} · {aspect} · {scenes} 个场景 · {shots} 个镜头",
    },
    "kinds.script.hook": {"en": "Hook", "zh-CN": "开场钩子"},
    "kinds.script.scene": {"en": "Scene {number}", "zh-CN": "场景 {number}"},
    "kinds.script.voiceover": {"en": "Voice-over", "zh-CN": "口播"},
    "kinds.script.on_screen": {"en": "On-screen text", "zh-CN": "字幕"},
    "kinds.script.shot_list": {"en": "Shot list", "zh-CN": "分镜头脚本"},
    "kinds.script.visual": {"en": "Visual", "zh-CN": "画面"},
    "kinds.script.audio": {"en": "Audio", "zh-CN": "声音"},
    "kinds.script.cta": {"en": "Call to action", "zh-CN": "行动号召"},
    "kinds.script.column.shot": {"en": "Shot", "zh-CN": "镜号"},
    "kinds.script.column.scene": {"en": "Scene", "zh-CN": "场景"},
    "kinds.script.column.time": {"en": "Time", "zh-CN": "时间"},
    "kinds.script.column.start": {"en": "Start", "zh-CN": "开始"},
    "kinds.script.column.end": {"en": "End", "zh-CN": "结束"},
    "kinds.script.column.duration_s": {"en": "Seconds", "zh-CN": "时长（秒）"},
    "kinds.script.column.shot_size": {"en": "Shot size", "zh-CN": "景别"},
    "kinds.script.column.camera_movement": {"en": "Camera movement", "zh-CN": "运镜"},
    "kinds.script.column.visual": {"en": "Visual", "zh-CN": "画面"},
    "kinds.script.column.audio": {"en": "Audio", "zh-CN": "声音"},
    "kinds.script.column.scene_heading": {"en": "Scene heading", "zh-CN": "场景标题"},
    "kinds.script.column.voiceover": {"en": "Voice-over", "zh-CN": "口播"},
    "kinds.script.column.on_screen_text": {"en": "On-screen text", "zh-CN": "字幕"},
    # Image results
    "kinds.image.title": {"en": "Image: {prompt}", "zh-CN": "图片：{prompt}"},
    "kinds.image.options": {
        "en": "{count} × {size} · {style} · quality {quality} · {provider} ({model})",
        "zh-CN": "{count} 张 × {size} · {style} · 质量 {quality} · {provider}（{model}）",
    },
    "kinds.image.final_prompt": {
        "en": "Prompt sent to the image model",
        "zh-CN": "发送给图像模型的提示词",
    },
    "kinds.image.files": {"en": "Files: {files}", "zh-CN": "文件：{files}"},
    "kinds.image.cover_failed": {
        "en": "The cover image could not be made: {reason}",
        "zh-CN": "封面图生成失败：{reason}",
    },
    "kinds.image.offline_revision_summary": {
        "en": "Added “{instruction}” to the image prompt (offline).",
        "zh-CN": "在图片提示词中加入了“{instruction}”（离线模式）。",
    },
    # Templates
    "kinds.template.unknown": {
        "en": "No template “{name}” for /{command}. Available: {available}. "
        "Send /templates for the list.",
        "zh-CN": "/{command} 没有名为“{name}”的模板。可用：{available}。发送 /templates 查看列表。",
    },
    "kinds.template.invalid": {
        "en": "Template “{name}” has an invalid preset ({reason}). "
        "Ask the template's owner to fix it.",
        "zh-CN": "模板“{name}”的预设值无效（{reason}）。请联系模板维护者修正。",
    },
    "kinds.template.none": {"en": "No templates yet.", "zh-CN": "还没有模板。"},
    "kinds.template.header": {
        "en": "Templates (use --template NAME on the command):",
        "zh-CN": "模板（在命令后加 --template 模板名 使用）：",
    },
    "kinds.template.line": {
        "en": "{name}  /{kind}  {title}: {description}",
        "zh-CN": "{name}  /{kind}  {title}：{description}",
    },
    # Offline labels
    "kinds.offline.post": {
        "en": "OFFLINE DRAFT: written from fill-in patterns without a language model. "
        "Replace the [bracketed] parts, or configure [llm] provider for model-written posts.",
        "zh-CN": "离线草稿：由填空模板生成，未使用大模型。"
        "请替换 [方括号] 中的内容，或配置 [llm] provider 由模型撰写。",
    },
    "kinds.offline.script": {
        "en": "OFFLINE DRAFT: a script structure without a language model. "
        "Replace the [bracketed] parts, or configure [llm] provider for a model-written script.",
        "zh-CN": "离线草稿：未使用大模型生成的脚本结构。"
        "请替换 [方括号] 中的内容，或配置 [llm] provider 由模型撰写。",
    },
    "kinds.offline.image": {
        "en": "OFFLINE IMAGE: a title card drawn locally, not a generated picture. "
        'Set [images] provider = "openai" for generated images.',
        "zh-CN": "离线图片：本地绘制的标题卡片，不是模型生成的图片。"
        '设置 [images] provider = "openai" 可生成图片。',
    },
    "kinds.offline.revision_note": {
        "en": "Revision requested: “{instruction}”. The offline provider cannot rewrite; "
        "the content below is unchanged for an editor to apply it.",
        "zh-CN": "修改要求：“{instruction}”。离线模式无法改写，以下内容保持不变，供编辑手动修改。",
    },
    # Offline post angles: one per variant, facts left as placeholders.
    "kinds.offline.post.angle_1": {
        "en": "Big news: {topic}.\n[One sentence on the main benefit for your audience.]",
        "zh-CN": "好消息：{topic}！\n[用一句话说清对用户最重要的好处]",
    },
    "kinds.offline.post.angle_2": {
        "en": "Ever wondered about {topic}?\n[Answer in one line with the key benefit.]",
        "zh-CN": "你了解{topic}吗？\n[用一句话回答，点出核心卖点]",
    },
    "kinds.offline.post.angle_3": {
        "en": "3 things to know about {topic}:\n1. [point]\n2. [point]\n3. [point]",
        "zh-CN": "关于{topic}，你需要知道的 3 件事：\n1. [要点]\n2. [要点]\n3. [要点]",
    },
    "kinds.offline.post.angle_4": {
        "en": "What changes with {topic}?\n[One short, real example.]",
        "zh-CN": "{topic}能带来什么改变？\n[举一个真实的小例子]",
    },
    "kinds.offline.post.angle_5": {
        "en": "{topic}.\n[One line on why it matters today.]",
        "zh-CN": "{topic}。\n[一句话说明为什么现在值得关注]",
    },
    # Offline script scaffold: scene headings and placeholders.
    "kinds.offline.script.title": {"en": "{topic}: video script", "zh-CN": "{topic}：视频脚本"},
    "kinds.offline.script.hook_line": {
        "en": "[One surprising question or fact about {topic}]",
        "zh-CN": "[一个关于{topic}的意外问题或事实]",
    },
    "kinds.offline.script.cta_line": {
        "en": "[What the viewer should do next: follow, comment or visit a link]",
        "zh-CN": "[观众下一步做什么：关注、评论或点击链接]",
    },
    "kinds.offline.script.hook": {"en": "Hook", "zh-CN": "开场钩子"},
    "kinds.offline.script.problem": {"en": "The problem", "zh-CN": "提出问题"},
    "kinds.offline.script.idea": {"en": "{topic} in plain words", "zh-CN": "用大白话讲{topic}"},
    "kinds.offline.script.point": {"en": "Point {number}", "zh-CN": "要点 {number}"},
    "kinds.offline.script.example": {"en": "An example", "zh-CN": "举个例子"},
    "kinds.offline.script.cta": {"en": "Call to action", "zh-CN": "行动号召"},
    "kinds.offline.script.voiceover": {
        "en": "[Voice-over for “{heading}”, two or three short sentences]",
        "zh-CN": "[“{heading}”的口播，两三句短句]",
    },
    "kinds.offline.script.screen": {
        "en": "[Caption for “{heading}”, five words or fewer]",
        "zh-CN": "[“{heading}”的字幕，不超过十个字]",
    },
    "kinds.offline.script.visual": {
        "en": "[Picture for “{heading}”]",
        "zh-CN": "[“{heading}”的画面]",
    },
    "kinds.offline.script.audio_voice": {
        "en": "Voice-over, background music",
        "zh-CN": "口播，背景音乐",
    },
    "kinds.offline.script.audio_music": {"en": "Background music", "zh-CN": "背景音乐"},
    "kinds.offline.post.cta_casual": {
        "en": "Tell us what you think in the comments!",
        "zh-CN": "评论区聊聊你的看法～",
    },
    "kinds.offline.post.cta_formal": {"en": "Learn more: [link]", "zh-CN": "了解更多：[链接]"},
}
