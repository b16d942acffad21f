"""Queues: arq on Redis, or an in-process runner when no Redis is configured.

Both run :func:`workers.jobs.run_job` with the stored job id, so a job
behaves the same on either path. The arq job id is the stored job id, which
makes a repeated enqueue of the same job a no-op.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Protocol

from arq import ArqRedis, create_pool
from arq.connections import RedisSettings
from arq.jobs import Job as ArqJob
from arq.worker import Retry
from redis.exceptions import RedisError

from core.config import Settings
from core.errors import QueueUnavailableError
from workers.context import CONTEXT_KEY, JobContext
from workers.jobs import RETRY_KEY, run_job

logger = logging.getLogger(__name__)

# Seconds between connection attempts of a queue whose Redis was down at start.
RECONNECT_INTERVAL_S = 5.0

JOB_FUNCTION = "run_job"
REDIS_CONNECT_TIMEOUT_S = 2
# A command on a pool that was connected before Redis went away (or hangs)
# gives up after this long, so an adapter replies "busy" at once.
REDIS_COMMAND_TIMEOUT_S = 3
REDIS_ERRORS = (RedisError, OSError, asyncio.TimeoutError)


class JobQueue(Protocol):
    async def enqueue(self, job_id: str) -> bool:
        """Queue a stored job; returns False when that job id is already queued.

        Raises :class:`QueueUnavailableError` when the queue cannot be reached.
        """
        ...

    async def aclose(self) -> None: ...


class AbortableQueue(Protocol):
    async def abort(self, job_id: str, wait_s: float = 0) -> bool:
        """Stop a queued or running job; returns True when it was seen to stop within ``wait_s``."""
        ...


class InProcessQueue:
    """Runs jobs as asyncio tasks in this process, at most ``max_jobs`` at once."""

    def __init__(self, context: JobContext, max_jobs: int = 4):
        self.context = context
        self._ctx = {CONTEXT_KEY: context, RETRY_KEY: True}
        self._slots = asyncio.Semaphore(max_jobs)
        self._tasks: dict[str, asyncio.Task[str]] = {}
        self._aborted: set[str] = set()

    async def enqueue(self, job_id: str) -> bool:
        if job_id in self._tasks:
            return False
        self._tasks[job_id] = asyncio.create_task(self._run(job_id), name=f"copydesk-job-{job_id}")
        return True

    async def _run(self, job_id: str) -> str:
        try:
            return await self._run_tries(job_id)
        except asyncio.CancelledError:
            if job_id not in self._aborted:
                raise
            return "cancelled"

    async def _run_tries(self, job_id: str) -> str:
        attempt = 1
        while True:
            async with self._slots:
                try:
                    return await run_job({**self._ctx, "job_try": attempt}, job_id)
                except Retry as retry:
                    delay_s = (retry.defer_score or 0) / 1000
            attempt += 1
            await asyncio.sleep(delay_s)

    async def abort(self, job_id: str, wait_s: float = 0) -> bool:
        """Cancel the job's task; returns True when it ended within ``wait_s``."""
        task = self._tasks.get(job_id)
        if task is None or task.done():
            return False

        self._aborted.add(job_id)
        task.cancel()
        done, _ = await asyncio.wait({task}, timeout=max(0.0, wait_s))
        return task in done

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


class ReconnectingQueue:
    """Stands in for an arq queue whose Redis could not be reached at start.

    Commands that need no queue (help, jobs, status, usage errors) still work.
    An enqueue tries to connect again, at most once per
    ``RECONNECT_INTERVAL_S``; until that succeeds it raises
    :class:`QueueUnavailableError`, so the user gets the "service busy"
    message and no job record is kept. After a success it behaves as
    :class:`ArqQueue`.
    """

    def __init__(self, redis_url: str, queue_name: str, detail: str):
        self.redis_url = redis_url
        self.queue_name = queue_name
        self.detail = detail
        self._queue: ArqQueue | None = None
        self._last_try = time.monotonic()

    async def _connected(self) -> ArqQueue:
        if self._queue is not None:
            return self._queue
        if time.monotonic() - self._last_try < RECONNECT_INTERVAL_S:
            raise QueueUnavailableError(self.detail)

        self._last_try = time.monotonic()
        self._queue = await ArqQueue.connect(self.redis_url, self.queue_name)
        logger.info("queue reachable again: %s", self.queue_name)
        return self._queue

    async def enqueue(self, job_id: str) -> bool:
        return await (await self._connected()).enqueue(job_id)

    async def abort(self, job_id: str, wait_s: float = 0) -> bool:
        try:
            queue = await self._connected()
        except QueueUnavailableError:
            return False
        return await queue.abort(job_id, wait_s)

    async def aclose(self) -> None:
        if self._queue is not None:
            await self._queue.aclose()


class ArqQueue:
    """Puts jobs on an arq queue in Redis."""

    def __init__(self, pool: ArqRedis, queue_name: str):
        self.pool = pool
        self.queue_name = queue_name

    @classmethod
    async def connect(cls, redis_url: str, queue_name: str) -> ArqQueue:
        try:
            pool = await create_pool(redis_settings(redis_url), default_queue_name=queue_name)
        except REDIS_ERRORS as error:
            detail = f"cannot connect to Redis: {type(error).__name__}"
            raise QueueUnavailableError(detail) from None
        return cls(pool, queue_name)

    async def enqueue(self, job_id: str) -> bool:
        """Queue a job; raises QueueUnavailableError within a few seconds when Redis is down."""
        try:
            async with asyncio.timeout(REDIS_COMMAND_TIMEOUT_S):
                job = await self.pool.enqueue_job(
                    JOB_FUNCTION, job_id, _job_id=job_id, _queue_name=self.queue_name
                )
        except REDIS_ERRORS as error:
            detail = f"cannot enqueue on Redis: {type(error).__name__}"
            raise QueueUnavailableError(detail) from None
        return job is not None

    async def abort(self, job_id: str, wait_s: float = 0) -> bool:
        """Ask the worker running (or about to run) the job to cancel it, via arq's abort.

        Returns True when arq recorded the abort within ``wait_s``. Raises
        QueueUnavailableError when Redis cannot be reached.
        """
        job = ArqJob(job_id, self.pool, _queue_name=self.queue_name)
        try:
            async with asyncio.timeout(REDIS_COMMAND_TIMEOUT_S + wait_s):
                return await job.abort(timeout=wait_s, poll_delay=min(0.2, wait_s or 0.2))
        except TimeoutError:
            return False
        except (RedisError, OSError) as error:
            raise QueueUnavailableError(f"cannot abort on Redis: {type(error).__name__}") from None

    async def aclose(self) -> None:
        await self.pool.aclose()


def redis_settings(redis_url: str) -> RedisSettings:
    """Return arq's RedisSettings for ``redis_url``: short connect timeouts, one quick retry."""
    settings = RedisSettings.from_dsn(redis_url)
    settings.conn_timeout = REDIS_CONNECT_TIMEOUT_S
    settings.conn_retries = 1
    settings.conn_retry_delay = 0
    return settings


async def build_queue(settings: Settings, context: JobContext | None = None) -> JobQueue:
    """Return the arq queue when ``queue.redis_url`` is set, else an in-process queue.

    An unreachable Redis gives a :class:`ReconnectingQueue`, so adapters and
    the console start while Redis is down.
    """
    if settings.queue.redis_url:
        try:
            return await ArqQueue.connect(settings.queue.redis_url, settings.queue.queue_name)
        except QueueUnavailableError as error:
            # Start anyway: help and job lists work, and queueing retries the connection.
            logger.warning("queue unavailable at start (%s); will retry on enqueue", error)
            return ReconnectingQueue(
                settings.queue.redis_url, settings.queue.queue_name, str(error)
            )
    if context is None:
        raise ValueError("an in-process queue needs a job context")
    return InProcessQueue(context, max_jobs=settings.queue.max_jobs)
