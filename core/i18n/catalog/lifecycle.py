"""Job lifecycle under faults, fair-use limits, access, statistics and health."""

MESSAGES = {
    "lifecycle.gave_up": {
        "en": (
            "The job was stopped after {tries} tries: it kept being interrupted or failing. "
            "Please send it again."
        ),
        "zh-CN": "任务已尝试 {tries} 次，仍反复中断或失败，已停止。请重新发送。",
    },
    "lifecycle.lost_by_queue": {
        "en": "The queue ended this job without a result. Please send it again.",
        "zh-CN": "队列结束了这个任务，但没有结果。请重新发送。",
    },
    "lifecycle.lost_too_old": {
        "en": (
            "The job was lost when the queue service restarted and is too old to resume. "
            "Please send it again."
        ),
        "zh-CN": "队列服务重启时丢失了这个任务，且任务已过久，无法恢复。请重新发送。",
    },
    "lifecycle.lost_no_tries": {
        "en": (
            "The job was lost when the queue service restarted and has no tries left. "
            "Please send it again."
        ),
        "zh-CN": "队列服务重启时丢失了这个任务，且重试次数已用完。请重新发送。",
    },
    "lifecycle.lost_unknown_kind": {
        "en": "The job was lost and this version of Copydesk cannot run its kind any more.",
        "zh-CN": "任务已丢失，且当前版本的 Copydesk 不再支持这种任务类型。",
    },
    "lifecycle.health_ok": {"en": "{part}: ok ({detail})", "zh-CN": "{part}：正常（{detail}）"},
    "lifecycle.health_failed": {
        "en": "{part}: FAILED ({detail})",
        "zh-CN": "{part}：失败（{detail}）",
    },
    "lifecycle.health_all_ok": {"en": "healthy", "zh-CN": "运行正常"},
    "lifecycle.health_unhealthy": {
        "en": "unhealthy: {parts}",
        "zh-CN": "不正常：{parts}",
    },
    "lifecycle.health_redis_ok": {"en": "ping {ms} ms", "zh-CN": "ping {ms} 毫秒"},
    "lifecycle.health_redis_down": {
        "en": "cannot reach {url}: {error}",
        "zh-CN": "无法连接 {url}：{error}",
    },
    "lifecycle.health_not_configured": {
        "en": "queue.redis_url is not set; jobs run in the process that queues them",
        "zh-CN": "未设置 queue.redis_url；任务在排队的进程内运行",
    },
    "lifecycle.health_database_ok": {
        "en": "{path}, schema {schema}, {unfinished} unfinished jobs",
        "zh-CN": "{path}，结构版本 {schema}，{unfinished} 个未结束任务",
    },
    "lifecycle.health_database_down": {
        "en": "cannot use {path}: {error}",
        "zh-CN": "无法使用 {path}：{error}",
    },
    "lifecycle.health_worker_ok": {
        "en": "heartbeat {age} s ago: {info}",
        "zh-CN": "{age} 秒前有心跳：{info}",
    },
    "lifecycle.health_no_worker": {
        "en": "no worker heartbeat in Redis key {health_key}; start one with `copydesk worker`",
        "zh-CN": "Redis 键 {health_key} 中没有 worker 心跳；请用 `copydesk worker` 启动",
    },
    "lifecycle.health_stale_jobs": {
        "en": "{count} running jobs have no heartbeat; the sweeper will queue them again",
        "zh-CN": "{count} 个运行中的任务没有心跳；清理程序会重新排队",
    },
    "limits.access_denied": {
        "en": "You don't have access to Copydesk here. Ask an admin to add you or this chat.",
        "zh-CN": "你在这里没有 Copydesk 的使用权限。请联系管理员添加你或这个会话。",
    },
    "limits.pending": {
        "en": (
            "You already have {count} jobs waiting or running; the limit is {limit}. "
            "Wait for one to finish, or cancel one with /cancel <job id>."
        ),
        "zh-CN": (
            "你已有 {count} 个任务在排队或进行中，上限为 {limit}。"
            "请等待完成，或用 /cancel <任务编号> 取消一个。"
        ),
    },
    "limits.user_tokens": {
        "en": (
            "You have used {used} tokens today{estimated}; your daily limit is {limit}. "
            "It resets at {reset} (in {remaining})."
        ),
        "zh-CN": (
            "你今天已用 {used} 个 token{estimated}，每日上限为 {limit}。"
            "将于 {reset} 重置（{remaining}后）。"
        ),
    },
    "limits.chat_tokens": {
        "en": (
            "This chat has used {used} tokens today{estimated}; its daily limit is {limit}. "
            "It resets at {reset} (in {remaining})."
        ),
        "zh-CN": (
            "这个会话今天已用 {used} 个 token{estimated}，每日上限为 {limit}。"
            "将于 {reset} 重置（{remaining}后）。"
        ),
    },
    "limits.images": {
        "en": (
            "You have requested {used} images today and this request asks for {requested}; "
            "your daily limit is {limit}. It resets at {reset} (in {remaining})."
        ),
        "zh-CN": (
            "你今天已申请 {used} 张图片，本次申请 {requested} 张，每日上限为 {limit}。"
            "将于 {reset} 重置（{remaining}后）。"
        ),
    },
    "limits.estimated_note": {
        "en": " ({estimated} of them estimated)",
        "zh-CN": "（其中 {estimated} 个为估算）",
    },
    "limits.duration": {"en": "{hours} h {minutes} min", "zh-CN": "{hours} 小时 {minutes} 分钟"},
    "stats.scope_team": {"en": "Team", "zh-CN": "团队"},
    "stats.scope_user": {"en": "Your", "zh-CN": "你的"},
    "stats.header": {
        "en": "{scope} jobs in the last {days} days: {jobs}",
        "zh-CN": "{scope}最近 {days} 天的任务：{jobs} 个",
    },
    "stats.separator": {"en": ", ", "zh-CN": "，"},
    "stats.none": {"en": "No jobs in this period.", "zh-CN": "这段时间没有任务。"},
    "stats.by_status": {"en": "By status: {items}", "zh-CN": "按状态：{items}"},
    "stats.by_kind": {"en": "By kind: {items}", "zh-CN": "按类型：{items}"},
    "stats.success_rate": {
        "en": "Success rate (completed / completed + failed): {rate}",
        "zh-CN": "成功率（完成 / 完成 + 失败）：{rate}",
    },
    "stats.duration": {
        "en": "Processing time of completed jobs: average {average} s, p90 {p90} s",
        "zh-CN": "已完成任务的处理时间：平均 {average} 秒，p90 {p90} 秒",
    },
    "stats.tokens": {
        "en": "Tokens used: {tokens}{estimated}",
        "zh-CN": "已用 token：{tokens}{estimated}",
    },
    "stats.estimated_note": {
        "en": " ({estimated} estimated)",
        "zh-CN": "（{estimated} 个为估算）",
    },
    "stats.cost": {
        "en": "Estimated cost: {cost} {currency}",
        "zh-CN": "估算费用：{cost} {currency}",
    },
    "stats.unpriced": {
        "en": (
            "{tokens} tokens are from models without a price in [pricing] and are not in the cost."
        ),
        "zh-CN": "{tokens} 个 token 来自 [pricing] 中没有价格的模型，未计入费用。",
    },
    "stats.chart_title": {
        "en": "{scope} jobs per day by kind (last {days} days)",
        "zh-CN": "{scope}每日任务（按类型，最近 {days} 天）",
    },
}
