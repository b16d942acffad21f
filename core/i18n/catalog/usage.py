"""Usage and grammar messages."""

MESSAGES = {
    "usage.invalid": {"en": "That command is not valid.", "zh-CN": "命令无效。"},
    "usage.empty": {"en": "The command is empty.", "zh-CN": "命令为空。"},
    "usage.too_long": {
        "en": "The command is too long: at most {max_chars} characters.",
        "zh-CN": "命令太长：最多 {max_chars} 个字符。",
    },
    "usage.unknown_command": {
        "en": "Unknown command /{name}. Send /help for the list of commands.",
        "zh-CN": "未知命令 /{name}。发送 /help 查看命令列表。",
    },
    "usage.unknown_flag": {
        "en": "Unknown option {flag} for /{command}.",
        "zh-CN": "/{command} 没有选项 {flag}。",
    },
    "usage.missing_value": {
        "en": "Option {flag} needs a value.",
        "zh-CN": "选项 {flag} 需要一个值。",
    },
    "usage.missing_positional": {
        "en": "/{command} needs a {what}.",
        "zh-CN": "/{command} 缺少{what}。",
    },
    "usage.value_too_long": {
        "en": "{flag} is too long: at most {max_chars} characters.",
        "zh-CN": "{flag} 太长：最多 {max_chars} 个字符。",
    },
    "usage.bad_choice": {
        "en": "Invalid value “{value}” for {flag}. Allowed: {allowed}.",
        "zh-CN": "{flag} 的值“{value}”无效。可选：{allowed}。",
    },
    "usage.too_many_items": {
        "en": "{flag} takes at most {max_items} items.",
        "zh-CN": "{flag} 最多 {max_items} 项。",
    },
    "usage.bad_number": {
        "en": "Invalid number “{value}” for {flag}: use a whole number from {minimum} to {maximum}.",
        "zh-CN": "{flag} 的数字“{value}”无效：请填写 {minimum} 到 {maximum} 之间的整数。",
    },
    "usage.invalid_value": {
        "en": "Invalid value for {flag}: {reason}.",
        "zh-CN": "{flag} 的值无效：{reason}。",
    },
    "usage.unclosed_quote": {
        "en": "A quote {quote} is not closed.",
        "zh-CN": "引号 {quote} 没有闭合。",
    },
    "usage.what.topic": {"en": "topic", "zh-CN": "主题"},
    "usage.what.job_id": {"en": "job id", "zh-CN": "任务编号"},
    "usage.what.content_id": {"en": "content id", "zh-CN": "内容编号"},
    "usage.what.text": {"en": "text", "zh-CN": "文本"},
    "usage.what.prompt": {"en": "prompt", "zh-CN": "描述"},
    "usage.article": {
        "en": (
            'Usage: /article <topic> [--title T] [--outline "a; b; c"] [--audience A]'
            " [--tone professional|casual|friendly|formal] [--length short|medium|long]"
            " [--keywords k1,k2] [--lang zh-CN|en] [--cta] [--cover] [--template NAME]\n"
            "Example: /article AI in education --tone casual --length short"
        ),
        "zh-CN": (
            '用法：/article <主题> [--title 标题] [--outline "一；二；三"] [--audience 读者]'
            " [--tone professional|casual|friendly|formal] [--length short|medium|long]"
            " [--keywords 词1,词2] [--lang zh-CN|en] [--cta] [--cover] [--template 模板名]\n"
            "示例：/article 人工智能在教育中的应用 --tone casual --length short"
        ),
    },
    "usage.seo": {
        "en": (
            'Usage: /seo <text or content id> [--keywords k1,k2] [--meta "description"]'
            ' [--title "SEO title"] [--lang zh-CN|en] [--rewrite]'
        ),
        "zh-CN": (
            '用法：/seo <正文或内容编号> [--keywords 词1,词2] [--meta "描述"]'
            ' [--title "SEO 标题"] [--lang zh-CN|en] [--rewrite]'
        ),
    },
    "usage.readability": {
        "en": (
            "Usage: /readability <text or content id> [--audience general|expert|children]"
            " [--lang zh-CN|en] [--rewrite]"
        ),
        "zh-CN": (
            "用法：/readability <正文或内容编号> [--audience general|expert|children]"
            " [--lang zh-CN|en] [--rewrite]"
        ),
    },
    "usage.jobs": {
        "en": "Usage: /jobs [--status pending|running|completed|failed|cancelled] [--kind K]",
        "zh-CN": "用法：/jobs [--status pending|running|completed|failed|cancelled] [--kind 类型]",
    },
    "usage.status": {"en": "Usage: /status <job id>", "zh-CN": "用法：/status <任务编号>"},
    "usage.cancel": {"en": "Usage: /cancel <job id>", "zh-CN": "用法：/cancel <任务编号>"},
    "usage.lang": {"en": "Usage: /lang zh-CN|en", "zh-CN": "用法：/lang zh-CN|en"},
    "usage.revise": {
        "en": "Usage: /revise <content id> <instruction>",
        "zh-CN": "用法：/revise <内容编号> <修改要求>",
    },
    "usage.history": {"en": "Usage: /history <content id>", "zh-CN": "用法：/history <内容编号>"},
    "usage.show": {
        "en": "Usage: /show <content id> [--version N]",
        "zh-CN": "用法：/show <内容编号> [--version N]",
    },
    "usage.stats": {
        "en": "Usage: /stats [--days N] (1 to 365 days; admins see the whole team)",
        "zh-CN": "用法：/stats [--days N]（1 到 365 天；管理员可看整个团队）",
    },
    "usage.help": {"en": "Usage: /help [command]", "zh-CN": "用法：/help [命令]"},
}
