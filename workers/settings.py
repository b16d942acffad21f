"""arq worker settings built from Copydesk settings, and the worker's run loop.

Beside running jobs, a worker keeps two background tasks:

- leases: every ``jobs.lease_s / 3`` it renews the arq in-progress key and
  the store heartbeat of each job it runs. arq's in-progress key lives
  ``jobs.lease_s`` here (arq's default is the job timeout plus 10 s), so a
  job whose worker was killed runs again on another worker after about
  ``lease_s``, whatever its time limit;
- the sweeper (``workers.sweeper``), which re-queues jobs that Redis lost.

On SIGTERM or SIGINT the worker takes no new jobs, waits up to
``jobs.shutdown_grace_s`` for running ones, then cancels the rest, which
hand themselves back to the queue (see ``workers.jobs``).
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from arq import Worker, func
from arq.constants import in_progress_key_prefix

from core.config import Settings
from workers.context import CONTEXT_KEY, JobContext, build_context
from workers.jobs import HAND_BACK_KEY, RETRY_KEY, RUNNING_JOBS, max_time_limit_s, run_job
from workers.queue import JOB_FUNCTION, REDIS_ERRORS, redis_settings
from workers.sweeper import run_sweeper

logger = logging.getLogger(__name__)

# arq's own timeout sits above the longest per-kind limit, so the job
# function's limit fires first and turns into a clear failed record.
ARQ_TIMEOUT_MARGIN_S = 30.0
RESTART_BASE_DELAY_S = 1.0
RESTART_MAX_DELAY_S = 30.0
BACKGROUND_KEY = "copydesk_background"


def build_worker(settings: Settings, *, burst: bool = False, **overrides: Any) -> Worker:
    """Return an arq Worker that runs Copydesk jobs from ``settings.queue``.

    ``overrides`` are passed to :class:`arq.Worker` last. Raises ValueError
    when no ``queue.redis_url`` is configured, because without Redis the
    jobs run in the process that queued them.
    """
    if not settings.queue.redis_url:
        raise ValueError("queue.redis_url is not set; a worker needs Redis")

    jobs = settings.jobs
    holder: dict[str, Worker] = {}

    async def on_startup(ctx: dict[str, Any]) -> None:
        context = await build_context(settings)
        ctx[CONTEXT_KEY] = context
        worker = holder["worker"]
        tasks = [asyncio.create_task(_keep_leases(worker, context), name="copydesk-leases")]
        if not burst:
            sweeper = run_sweeper(ctx["redis"], context, settings.queue.queue_name)
            tasks.append(asyncio.create_task(sweeper, name="copydesk-sweeper"))
        ctx[BACKGROUND_KEY] = tasks
        logger.info(
            "worker ready: queue=%s max_jobs=%d lease=%.0fs grace=%.0fs",
            settings.queue.queue_name,
            settings.queue.max_jobs,
            jobs.lease_s,
            jobs.shutdown_grace_s,
        )

    async def on_shutdown(ctx: dict[str, Any]) -> None:
        await _stop_background(ctx)
        context = ctx.pop(CONTEXT_KEY, None)
        if context is not None:
            await context.aclose()

    arq_timeout_s = max_time_limit_s(settings) + ARQ_TIMEOUT_MARGIN_S
    options: dict[str, Any] = {
        # One try more than jobs.max_tries: the job function then runs the
        # extra try and fails the job with a clear message, where arq would
        # end it without a message to the user.
        "functions": [
            func(run_job, name=JOB_FUNCTION, timeout=arq_timeout_s, max_tries=jobs.max_tries + 1)
        ],
        "redis_settings": redis_settings(settings.queue.redis_url),
        "queue_name": settings.queue.queue_name,
        "max_jobs": settings.queue.max_jobs,
        "on_startup": on_startup,
        "on_shutdown": on_shutdown,
        "burst": burst,
        "handle_signals": not burst,
        "job_completion_wait": jobs.shutdown_grace_s,
        "allow_abort_jobs": True,
        "keep_result": 3600,
        "health_check_interval": jobs.health_check_interval_s,
        "poll_delay": jobs.poll_delay_s,
        "ctx": {HAND_BACK_KEY: True, RETRY_KEY: True},
    }
    options.update(overrides)
    worker = Worker(**options)
    worker.in_progress_timeout_s = jobs.lease_s
    holder["worker"] = worker
    return worker


async def run_worker(settings: Settings, *, burst: bool = False) -> int:
    """Run a worker until SIGTERM/SIGINT (or, with ``burst``, until the queue is empty).

    When the worker loses Redis it is rebuilt after a backoff delay, so a
    Redis restart does not end the process. Returns the exit code.
    """
    failures = 0
    while True:
        worker = build_worker(settings, burst=burst)
        stop = asyncio.Event()
        worker.on_stop = _on_stop(stop)
        started = time.monotonic()
        try:
            await worker.async_run()
            return 0
        except asyncio.CancelledError:
            if not stop.is_set():
                raise
            logger.info("worker stopped by signal")
            return 0
        except REDIS_ERRORS as error:
            # A worker that ran a while before losing Redis starts the backoff over.
            failures = 1 if time.monotonic() - started > RESTART_MAX_DELAY_S else failures + 1
            delay_s = min(RESTART_MAX_DELAY_S, RESTART_BASE_DELAY_S * 2 ** (failures - 1))
            logger.warning(
                "worker lost Redis (%s: %s); restarting in %.0fs",
                type(error).__name__,
                error,
                delay_s,
            )
        finally:
            await _close_worker(worker)
        await asyncio.sleep(delay_s)


def _on_stop(stop: asyncio.Event) -> Any:
    def record(_signal: object) -> None:
        stop.set()

    return record


async def _close_worker(worker: Worker) -> None:
    try:
        await worker.close()
    except REDIS_ERRORS as error:
        # close() deletes the health-check key before on_shutdown; without
        # Redis that fails, so release the rest here.
        logger.warning("worker closed without Redis (%s)", type(error).__name__)
        await _stop_background(worker.ctx)
        context = worker.ctx.pop(CONTEXT_KEY, None)
        if context is not None:
            await context.aclose()


async def _stop_background(ctx: dict[str, Any]) -> None:
    tasks: list[asyncio.Task[None]] = ctx.pop(BACKGROUND_KEY, [])
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


async def _keep_leases(worker: Worker, context: JobContext) -> None:
    lease_s = context.settings.jobs.lease_s
    while True:
        await asyncio.sleep(lease_s / 3)
        running = sorted(RUNNING_JOBS)
        if not running:
            continue
        await _renew(worker, context, running, lease_s)


async def _renew(worker: Worker, context: JobContext, job_ids: list[str], lease_s: float) -> None:
    # PEXPIRE renews a key but never creates one, so a job that just finished
    # (arq deleted its key) is not claimed again by mistake.
    try:
        async with worker.pool.pipeline(transaction=False) as pipe:
            for job_id in job_ids:
                pipe.pexpire(in_progress_key_prefix + job_id, int(lease_s * 1000))
            await pipe.execute()
    except REDIS_ERRORS as error:
        logger.warning("lease renewal skipped: Redis unavailable (%s)", type(error).__name__)

    try:
        await context.store.heartbeat_jobs(job_ids)
    except Exception:
        logger.exception("heartbeat of %d jobs failed", len(job_ids))
