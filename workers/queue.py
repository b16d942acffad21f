"""Queues: arq on Redis, or an in-process runner when no Redis is configured.

Both run :func:`workers.jobs.run_job` with the stored job id, so a job
behaves the same on either path. The arq job id is the stored job id, which
makes a repeated enqueue of the same job a no-op.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Protocol

from arq import ArqRedis, create_pool
from arq.connections import RedisSettings
from redis.exceptions import RedisError

from core.config import Settings
from core.errors import QueueUnavailableError
from workers.context import CONTEXT_KEY, JobContext
from workers.jobs import run_job

logger = logging.getLogger(__name__)

JOB_FUNCTION = "run_job"
REDIS_CONNECT_TIMEOUT_S = 2


class JobQueue(Protocol):
    async def enqueue(self, job_id: str) -> bool:
        """Queue a stored job; returns False when that job id is already queued.

        Raises :class:`QueueUnavailableError` when the queue cannot be reached.
        """
        ...

    async def aclose(self) -> None: ...


class InProcessQueue:
    """Runs jobs as asyncio tasks in this process, at most ``max_jobs`` at once."""

    def __init__(self, context: JobContext, max_jobs: int = 4):
        self.context = context
        self._ctx = {CONTEXT_KEY: context}
        self._slots = asyncio.Semaphore(max_jobs)
        self._tasks: dict[str, asyncio.Task[str]] = {}

    async def enqueue(self, job_id: str) -> bool:
        if job_id in self._tasks:
            return False
        self._tasks[job_id] = asyncio.create_task(self._run(job_id), name=f"copydesk-job-{job_id}")
        return True

    async def _run(self, job_id: str) -> str:
        async with self._slots:
            return await run_job(self._ctx, job_id)

    async def wait(self, job_id: str) -> str:
        """Wait for a queued job to end and return its final status."""
        return await self._tasks[job_id]

    def task(self, job_id: str) -> asyncio.Task[str] | None:
        return self._tasks.get(job_id)

    async def aclose(self) -> None:
        pending = [task for task in self._tasks.values() if not task.done()]
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)


class ArqQueue:
    """Puts jobs on an arq queue in Redis."""

    def __init__(self, pool: ArqRedis, queue_name: str):
        self.pool = pool
        self.queue_name = queue_name

    @classmethod
    async def connect(cls, redis_url: str, queue_name: str) -> ArqQueue:
        try:
            pool = await create_pool(redis_settings(redis_url), default_queue_name=queue_name)
        except (RedisError, OSError, asyncio.TimeoutError) as error:
            raise QueueUnavailableError(f"cannot connect to Redis: {type(error).__name__}") from None
        return cls(pool, queue_name)

    async def enqueue(self, job_id: str) -> bool:
        try:
            job = await self.pool.enqueue_job(JOB_FUNCTION, job_id, _job_id=job_id, _queue_name=self.queue_name)
        except (RedisError, OSError, asyncio.TimeoutError) as error:
            raise QueueUnavailableError(f"cannot enqueue on Redis: {type(error).__name__}") from None
        return job is not None

    async def aclose(self) -> None:
        await self.pool.aclose()


def redis_settings(redis_url: str) -> RedisSettings:
    """Return arq's RedisSettings for ``redis_url`` with short connect timeouts and no long retry loop."""
    settings = RedisSettings.from_dsn(redis_url)
    settings.conn_timeout = REDIS_CONNECT_TIMEOUT_S
    settings.conn_retries = 1
    settings.conn_retry_delay = 0
    return settings


async def build_queue(settings: Settings, context: JobContext | None = None) -> JobQueue:
    """Return the arq queue when ``queue.redis_url`` is set, else an in-process queue on ``context``."""
    if settings.queue.redis_url:
        return await ArqQueue.connect(settings.queue.redis_url, settings.queue.queue_name)
    if context is None:
        raise ValueError("an in-process queue needs a job context")
    return InProcessQueue(context, max_jobs=settings.queue.max_jobs)
