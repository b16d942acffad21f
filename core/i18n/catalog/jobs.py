"""Job lifecycle, errors and help."""

MESSAGES = {
    "job.queued": {
        "en": "Queued {kind} job {job_id}: {subject}",
        "zh-CN": "已排队：{kind}任务 {job_id}：{subject}",
    },
    "job.progress": {
        "en": "{kind} {job_id}: writing… {percent}%",
        "zh-CN": "{kind} {job_id}：撰写中… {percent}%",
    },
    "job.completed": {"en": "{kind} {job_id} is done.", "zh-CN": "{kind} {job_id} 已完成。"},
    "job.failed": {
        "en": "{kind} {job_id} failed: {reason}",
        "zh-CN": "{kind} {job_id} 失败：{reason}",
    },
    "job.cancelled": {"en": "Job {job_id} was cancelled.", "zh-CN": "任务 {job_id} 已取消。"},
    "job.not_cancellable": {
        "en": "Job {job_id} has already ended ({status}).",
        "zh-CN": "任务 {job_id} 已经结束（{status}）。",
    },
    "job.status_line": {
        "en": "{job_id}  {kind}  {status}  {progress}%  {age} ago{elapsed}",
        "zh-CN": "{job_id}  {kind}  {status}  {progress}%  {age}前{elapsed}",
    },
    "job.elapsed": {"en": ", took {seconds}s", "zh-CN": "，用时 {seconds} 秒"},
    "job.content_line": {"en": "Content: {content_id}", "zh-CN": "内容：{content_id}"},
    "job.show_header": {
        "en": "{title} ({content_id}, version {version})",
        "zh-CN": "{title}（{content_id}，第 {version} 版）",
    },
    "job.none": {"en": "No jobs yet.", "zh-CN": "还没有任务。"},
    "job.revision_queued": {
        "en": "Queued revision {job_id} of {content_id}.",
        "zh-CN": "已排队：修改任务 {job_id}（内容 {content_id}）。",
    },
    "job.version_line": {
        "en": "v{version}  {created}  {summary}",
        "zh-CN": "v{version}  {created}  {summary}",
    },
    "job.result_footer": {
        "en": "Content {content_id} · version {version} · {counts} · {tokens} tokens{estimated}",
        "zh-CN": "内容 {content_id} · 第 {version} 版 · {counts} · {tokens} tokens{estimated}",
    },
    "job.tokens_estimated": {"en": " (estimated)", "zh-CN": "（估算）"},
    "job.counts_en": {"en": "{words} words", "zh-CN": "{words} 个英文词"},
    "job.counts_zh": {"en": "{han} Chinese characters", "zh-CN": "{han} 字"},
    "job.counts_mixed": {
        "en": "{han} Chinese characters, {words} words",
        "zh-CN": "{han} 字，{words} 个英文词",
    },
    "kind.article": {"en": "Article", "zh-CN": "文章"},
    "kind.revision": {"en": "Revision", "zh-CN": "修改"},
    "kind.seo": {"en": "SEO report", "zh-CN": "SEO 报告"},
    "kind.readability": {"en": "Readability report", "zh-CN": "可读性报告"},
    "status.pending": {"en": "pending", "zh-CN": "排队中"},
    "status.running": {"en": "running", "zh-CN": "进行中"},
    "status.completed": {"en": "completed", "zh-CN": "已完成"},
    "status.failed": {"en": "failed", "zh-CN": "失败"},
    "status.cancelled": {"en": "cancelled", "zh-CN": "已取消"},
    "lang.set": {"en": "Language set to English.", "zh-CN": "语言已设为简体中文。"},
    "lang.current": {
        "en": "Current language: English. Use /lang zh-CN or /lang en to change it.",
        "zh-CN": "当前语言：简体中文。用 /lang zh-CN 或 /lang en 切换。",
    },
    "error.internal": {
        "en": "Something went wrong on our side. The job is recorded; please try again.",
        "zh-CN": "服务内部出错。任务已记录，请重试。",
    },
    "error.not_found": {
        "en": "No job or content {item_id} was found for you.",
        "zh-CN": "没有找到你的任务或内容 {item_id}。",
    },
    "error.provider": {"en": "The model call failed: {reason}", "zh-CN": "模型调用失败：{reason}"},
    "error.provider_transient": {
        "en": "The model service is unavailable or busy after {tries} tries ({reason}). Please try again later.",
        "zh-CN": "模型服务繁忙或不可用，已重试 {tries} 次（{reason}）。请稍后再试。",
    },
    "error.provider_permanent": {
        "en": "The model service rejected the request ({reason}). Check the model settings.",
        "zh-CN": "模型服务拒绝了请求（{reason}）。请检查模型配置。",
    },
    "error.reason.auth": {"en": "the API key was rejected", "zh-CN": "API 密钥被拒绝"},
    "error.reason.model_not_found": {
        "en": "the model or endpoint was not found",
        "zh-CN": "找不到该模型或接口",
    },
    "error.reason.rate_limited": {"en": "rate limited", "zh-CN": "请求过于频繁"},
    "error.reason.bad_request": {"en": "the request was invalid", "zh-CN": "请求无效"},
    "error.reason.server_error": {"en": "server error", "zh-CN": "服务器错误"},
    "error.reason.network": {
        "en": "no response: network error or timeout",
        "zh-CN": "无响应：网络错误或超时",
    },
    "error.queue_unavailable": {
        "en": "The service is busy right now and nothing was queued. Please try again in a minute.",
        "zh-CN": "服务繁忙，本次请求未排队。请一分钟后再试。",
    },
    "error.timeout": {
        "en": "The job took longer than its limit of {seconds} seconds and was stopped.",
        "zh-CN": "任务超过了 {seconds} 秒的时限，已停止。",
    },
    "error.interrupted": {
        "en": "The job was interrupted before it finished.",
        "zh-CN": "任务在完成前被中断。",
    },
    "help.text": {
        "en": (
            "Copydesk writes content for your team.\n"
            "/article <topic> — an article (send /help article for options)\n"
            "/post <topic> — social posts for a platform (/help post)\n"
            "/script <topic> — a video script with its shot list (/help script)\n"
            "/image <prompt> — images (/help image)\n"
            "/templates — templates to use with --template NAME\n"
            "/seo <text or content id> [--keywords k1,k2] — an SEO report (/help seo)\n"
            "/readability <text or content id> — a readability report (/help readability)\n"
            "/jobs — your recent jobs\n"
            "/status <job id> — a job's status\n"
            "/cancel <job id> — cancel a job\n"
            "/stats [--days N] — job and token statistics with a chart\n"
            "/revise <content id> <instruction> — a new version\n"
            "/history <content id> — versions of a content\n"
            "/show <content id> [--version N] — show a version\n"
            "/lang zh-CN|en — your language\n"
            "Reply to a result to revise it."
        ),
        "zh-CN": (
            "Copydesk 为你的团队撰写内容。\n"
            "/article <主题> — 写文章（发送 /help article 查看选项）\n"
            "/post <主题> — 为社交平台写帖子（/help post）\n"
            "/script <主题> — 视频脚本和分镜头脚本（/help script）\n"
            "/image <描述> — 生成图片（/help image）\n"
            "/templates — 模板列表，用 --template 模板名 套用\n"
            "/seo <正文或内容编号> [--keywords 词1,词2] — SEO 报告（/help seo）\n"
            "/readability <正文或内容编号> — 可读性报告（/help readability）\n"
            "/jobs — 最近的任务\n"
            "/status <任务编号> — 查看任务状态\n"
            "/cancel <任务编号> — 取消任务\n"
            "/stats [--days N] — 任务和 token 统计及图表\n"
            "/revise <内容编号> <修改要求> — 生成新版本\n"
            "/history <内容编号> — 查看版本历史\n"
            "/show <内容编号> [--version N] — 查看某个版本\n"
            "/lang zh-CN|en — 设置语言\n"
            "回复结果消息即可修改。"
        ),
    },
}
