"""Messages of the Slack adapter and its notifier.

``slack.status.*``, ``slack.status_job``, ``slack.requested_by`` and
``slack.notice_done`` go into mrkdwn as they are, with escaped parameters,
so they contain no ``&``, ``<`` or ``>``. The other texts are escaped whole.
"""

MESSAGES = {
    "slack.help": {
        "en": (
            "Copydesk writes content for your team.\n"
            "/article <topic>: an article (/copydesk help article lists its options)\n"
            "/post, /script, /image, /seo, /readability: the other kinds, where installed\n"
            "/copydesk <command>: any command, for example /copydesk jobs, "
            "/copydesk status <job id>, /copydesk cancel <job id>, /copydesk lang zh-CN\n"
            "@Copydesk article <topic>: the same as a command, also inside threads\n"
            "Results arrive in a thread. Reply in that thread to ask for changes."
        ),
        "zh-CN": (
            "Copydesk 为团队撰写内容。\n"
            "/article <主题>：写一篇文章（/copydesk help article 查看选项）\n"
            "/post、/script、/image、/seo、/readability：其他内容类型（如已安装）\n"
            "/copydesk <命令>：任意命令，例如 /copydesk jobs、/copydesk status <任务号>、"
            "/copydesk cancel <任务号>、/copydesk lang en\n"
            "@Copydesk article <主题>：与命令相同，也可在话题串中使用\n"
            "结果会发在一个话题串里。在该话题串中回复即可要求修改。"
        ),
    },
    "slack.channel_not_allowed": {
        "en": (
            "Sorry, Copydesk is not enabled in this channel, so nothing was queued. "
            "Please use a channel where it is enabled, or ask a workspace admin to add this one."
        ),
        "zh-CN": (
            "抱歉，此频道未启用 Copydesk，本次请求未排队。"
            "请在已启用的频道使用，或请管理员添加此频道。"
        ),
    },
    "slack.status.writing": {
        "en": "{kind}: {title} — writing… {percent}%",
        "zh-CN": "{kind}：{title} — 撰写中… {percent}%",
    },
    "slack.status.done": {
        "en": "{kind}: {title} — done. The result is in this thread.",
        "zh-CN": "{kind}：{title} — 已完成。结果在此话题串中。",
    },
    "slack.status.failed": {
        "en": "{kind}: {title} — failed: {reason}",
        "zh-CN": "{kind}：{title} — 失败：{reason}",
    },
    "slack.status.cancelled": {
        "en": "{kind}: {title} — cancelled.",
        "zh-CN": "{kind}：{title} — 已取消。",
    },
    "slack.status_job": {"en": "Job {job_id}", "zh-CN": "任务 {job_id}"},
    "slack.requested_by": {"en": "Requested by {user}", "zh-CN": "发起人：{user}"},
    "slack.cancel_button": {"en": "Cancel", "zh-CN": "取消"},
    "slack.revise_hint": {
        "en": "Reply in this thread to ask for changes.",
        "zh-CN": "在此话题串中回复即可要求修改。",
    },
    "slack.file_note": {
        "en": "The full piece as a Markdown file.",
        "zh-CN": "完整内容的 Markdown 文件。",
    },
    "slack.file_fallback": {
        "en": (
            "This piece did not fit in Slack messages, "
            "so the rest is in the attached Markdown file."
        ),
        "zh-CN": "内容超出 Slack 消息的限制，其余部分见附带的 Markdown 文件。",
    },
    "slack.image_title": {"en": "{title}, image {number}", "zh-CN": "{title}，图 {number}"},
    "slack.notice_done": {
        "en": "{kind} “{title}” for {user} is done.",
        "zh-CN": "{user} 的{kind}《{title}》已完成。",
    },
    "slack.open_thread": {"en": "Open the thread", "zh-CN": "打开话题串"},
    "slack.someone": {"en": "a teammate", "zh-CN": "同事"},
}
