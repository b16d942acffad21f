"""arq worker settings built from Copydesk settings."""

from __future__ import annotations

import logging
from typing import Any

from arq import Worker, func

from core.config import Settings
from workers.context import CONTEXT_KEY, build_context
from workers.jobs import run_job
from workers.queue import JOB_FUNCTION, redis_settings

logger = logging.getLogger(__name__)


def build_worker(settings: Settings, *, burst: bool = False, **overrides: Any) -> Worker:
    """Return an arq Worker that runs Copydesk jobs from ``settings.queue``.

    Raises ValueError when no ``queue.redis_url`` is configured, because
    without Redis the jobs run in the process that queued them.
    """
    if not settings.queue.redis_url:
        raise ValueError("queue.redis_url is not set; a worker needs Redis")

    async def on_startup(ctx: dict[str, Any]) -> None:
        ctx[CONTEXT_KEY] = await build_context(settings)
        logger.info("worker ready: queue=%s max_jobs=%d", settings.queue.queue_name, settings.queue.max_jobs)

    async def on_shutdown(ctx: dict[str, Any]) -> None:
        context = ctx.get(CONTEXT_KEY)
        if context is not None:
            await context.aclose()

    options: dict[str, Any] = {
        "functions": [func(run_job, name=JOB_FUNCTION, timeout=settings.queue.job_timeout_s, max_tries=3)],
        "redis_settings": redis_settings(settings.queue.redis_url),
        "queue_name": settings.queue.queue_name,
        "max_jobs": settings.queue.max_jobs,
        "on_startup": on_startup,
        "on_shutdown": on_shutdown,
        "burst": burst,
        "handle_signals": not burst,
        "allow_abort_jobs": True,
        "keep_result": 3600,
    }
    options.update(overrides)
    return Worker(**options)
