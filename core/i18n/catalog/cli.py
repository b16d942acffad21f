"""Console messages."""

MESSAGES = {
    "cli.saved": {
        "en": "Saved to {path} (content {content_id}).",
        "zh-CN": "已保存到 {path}（内容 {content_id}）。",
    },
    "cli.saved_file": {"en": "Saved to {path}.", "zh-CN": "已保存到 {path}。"},
    "cli.out_not_directory": {
        "en": "--out {path} is a file, not a directory. Choose a directory for the results.",
        "zh-CN": "--out {path} 是文件而不是目录。请指定一个保存结果的目录。",
    },
    "cli.waiting_for_worker": {
        "en": "Waiting for a worker: start one with `copydesk worker`.",
        "zh-CN": "正在等待 worker：请用 `copydesk worker` 启动一个。",
    },
    "cli.chat_welcome": {
        "en": "Copydesk chat. Type a command such as /article <topic>, /help for more, exit to leave.",
        "zh-CN": "Copydesk 对话。输入命令，例如 /article <主题>；/help 查看帮助；exit 退出。",
    },
    "cli.chat_no_result": {
        "en": "Commands start with /. Try /article <topic> or /help.",
        "zh-CN": "命令以 / 开头。试试 /article <主题> 或 /help。",
    },
    "cli.chat_result": {
        "en": "Content {content_id}. Type a plain line to revise it.",
        "zh-CN": "内容 {content_id}。直接输入一句话即可修改。",
    },
}
