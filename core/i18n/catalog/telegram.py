"""Messages of the Telegram adapter: command menu, refusals, hints, results and notices.

``telegram.notice`` and ``telegram.where.*`` are formatted with HTML values,
so their templates must not contain ``<``, ``>`` or ``&``.
"""

MESSAGES = {
    # Command menu descriptions (setMyCommands: 1-256 characters each).
    "telegram.command.article": {"en": "Write an article", "zh-CN": "写一篇文章"},
    "telegram.command.post": {"en": "Write a social media post", "zh-CN": "写一条社交媒体帖子"},
    "telegram.command.script": {"en": "Write a video script", "zh-CN": "写一个视频脚本"},
    "telegram.command.image": {"en": "Make an image", "zh-CN": "生成一张图片"},
    "telegram.command.seo": {"en": "Check a text for SEO", "zh-CN": "检查文本的 SEO"},
    "telegram.command.readability": {
        "en": "Check how easy a text is to read",
        "zh-CN": "检查文本的可读性",
    },
    "telegram.command.jobs": {"en": "List your recent jobs", "zh-CN": "列出你最近的任务"},
    "telegram.command.status": {"en": "Show a job's status", "zh-CN": "查看任务状态"},
    "telegram.command.cancel": {"en": "Cancel a job", "zh-CN": "取消任务"},
    "telegram.command.revise": {"en": "Ask for a new version", "zh-CN": "要求修改出新版本"},
    "telegram.command.history": {
        "en": "List the versions of a content",
        "zh-CN": "列出内容的各个版本",
    },
    "telegram.command.show": {"en": "Show a version of a content", "zh-CN": "显示内容的某个版本"},
    "telegram.command.templates": {"en": "List the content templates", "zh-CN": "列出内容模板"},
    "telegram.command.stats": {
        "en": "Show job and token statistics",
        "zh-CN": "查看任务和用量统计",
    },
    "telegram.command.lang": {"en": "Choose zh-CN or en", "zh-CN": "选择语言：zh-CN 或 en"},
    "telegram.command.help": {"en": "How to use this bot", "zh-CN": "使用说明"},
    "telegram.command.content": {"en": "Write: {kind}", "zh-CN": "撰写：{kind}"},
    "telegram.command.other": {"en": "Run /{name}", "zh-CN": "执行 /{name}"},
    # Replies of the adapter itself.
    "telegram.not_allowed": {
        "en": (
            "Sorry, this bot is not open to this chat. Ask the team that runs it to add"
            " chat id {chat_id} to telegram.allowed_chat_ids."
        ),
        "zh-CN": (
            "抱歉，此机器人未对本聊天开放。请让管理员把聊天 ID {chat_id}"
            " 加入 telegram.allowed_chat_ids。"
        ),
    },
    "telegram.private_hint": {
        "en": "Send a command such as /article <topic>. /help lists every command.",
        "zh-CN": "请发送命令，例如 /article <主题>。发送 /help 查看全部命令。",
    },
    "telegram.reply_unknown": {
        "en": (
            "That message is not a result I can revise. Reply to a result message, or send"
            " /revise <content id> <what to change>."
        ),
        "zh-CN": (
            "这条消息不是可修改的结果。请回复一条结果消息，或发送 /revise <内容编号> <修改要求>。"
        ),
    },
    # Results.
    "telegram.result_footer": {
        "en": "Content {content_id}, version {version}. Reply to this message to ask for changes.",
        "zh-CN": "内容 {content_id}，第 {version} 版。回复本消息即可要求修改。",
    },
    "telegram.revision_summary": {"en": "Changes: {summary}", "zh-CN": "修改说明：{summary}"},
    "telegram.document_caption": {
        "en": "The full text as a Markdown file.",
        "zh-CN": "全文的 Markdown 文件。",
    },
    # The one-line notice in telegram.notify_chat_id.
    "telegram.notice": {
        "en": "{user} asked for {kind} “{title}”: {where}",
        "zh-CN": "{user} 请求的{kind}《{title}》已完成：{where}",
    },
    "telegram.where.link": {"en": "open the result", "zh-CN": "查看结果"},
    "telegram.where.private": {"en": "sent in a private chat", "zh-CN": "已发到私聊"},
    "telegram.where.chat": {"en": "posted in {chat}", "zh-CN": "已发到 {chat}"},
}
