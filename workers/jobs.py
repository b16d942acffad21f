"""The job function: the same code runs under arq and in the in-process queue.

Every run ends the stored job in exactly one of these ways:

- ``completed``: the result is stored and posted once (see ``workers.outcome``);
- ``failed``: a reason the user can read is stored and posted;
- ``cancelled``: the user cancelled it; the worker posts the cancellation;
- retried: a transient failure (model 429/5xx/timeouts, a chat API that
  keeps failing) puts the job back to ``pending`` and raises arq's
  :class:`~arq.worker.Retry` with a backoff delay, up to ``jobs.max_tries``;
- handed back: the worker is shutting down, so the job goes back to
  ``pending`` and arq queues it again for another worker.

Each state change is logged as one line with the job id, kind, try and
elapsed time.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from typing import Any

from arq.worker import Retry

from core.config import Settings
from core.errors import CopydeskError, ProviderError
from core.i18n import t
from core.providers.reasons import provider_reason
from storage.models import ContentVersion, Job
from storage.sqlite import new_content_id
from workers.context import JobContext, get_context
from workers.kinds import KindResult, get_pipeline
from workers.outcome import DeliveryPending, backoff_delay_s, deliver_outcome

logger = logging.getLogger(__name__)

# ctx keys set by the queue that runs the job. RETRY_KEY: the queue runs a
# job again when it raises arq's Retry (both queues set it). HAND_BACK_KEY: an
# interrupted job goes back to the queue. Only arq sets it: the in-process
# queue would never run the job again, so an interrupted job fails there.
RETRY_KEY = "copydesk_retry"
HAND_BACK_KEY = "copydesk_hand_back"

# Ids of the jobs this process is running; the worker renews their leases
# and heartbeats from here. arq may start a second run of a job that still
# runs here, when a stalled event loop let its lease lapse. That second run
# is skipped, so the model is not called twice.
RUNNING_JOBS: set[str] = set()


def time_limit_s(settings: Settings, kind: str) -> float:
    """Return the time limit of a job kind: ``jobs.time_limit_s``, else ``queue.job_timeout_s``."""
    return settings.jobs.time_limit_s.get(kind, settings.queue.job_timeout_s)


def max_time_limit_s(settings: Settings) -> float:
    """Return the longest time limit of any kind."""
    return max([settings.queue.job_timeout_s, *settings.jobs.time_limit_s.values()])


async def run_job(ctx: dict[str, Any], job_id: str) -> str:
    """Run stored job ``job_id`` to an end state and post the outcome; returns the status.

    Raises :class:`arq.worker.Retry` to run the job again later after a
    transient failure, and re-raises ``CancelledError`` after recording a
    cancellation or hand-back. A failure of the pipeline becomes a
    ``failed`` record and is not raised.
    """
    if job_id in RUNNING_JOBS:
        logger.warning("job %s is already running in this process; this run is skipped", job_id)
        return "running"

    RUNNING_JOBS.add(job_id)
    context = get_context(ctx)
    try:
        return await _run(context, ctx, job_id)
    except sqlite3.OperationalError as error:
        # The store was busy or locked past its timeout: worth another run.
        if not ctx.get(RETRY_KEY):
            raise
        delay_s = _retry_delay_s(context, int(ctx.get("job_try", 1)))
        logger.warning(
            "job %s: store error (%s); running it again in %.2fs", job_id, error, delay_s
        )
        raise Retry(defer=delay_s) from None
    finally:
        RUNNING_JOBS.discard(job_id)


async def _run(context: JobContext, ctx: dict[str, Any], job_id: str) -> str:
    job = await context.store.start_job(job_id)
    if job is None:
        return await _already_ended(context, ctx, job_id)

    await context.store.heartbeat_jobs([job.id])
    started = time.monotonic()
    if job.tries > context.settings.jobs.max_tries:
        message = t("lifecycle.gave_up", job.locale, tries=job.tries - 1)
        return await _fail(context, job, started, "too many tries", message, "lifecycle.gave_up")

    limit_kind = "rewrite" if job.params.get("rewrite") else job.kind
    limit_s = time_limit_s(context.settings, limit_kind)
    waited_s = max(0.0, time.time() - job.created_at)
    logger.info(
        "job %s started: kind=%s try=%d limit=%.0fs waited=%.2fs",
        job.id,
        job.kind,
        job.tries,
        limit_s,
        waited_s,
    )
    try:
        async with asyncio.timeout(limit_s) as deadline:
            pipeline = get_pipeline(job.kind)
            result = await pipeline(context, job, _progress_reporter(context, job))
    except TimeoutError as error:
        return await _timed_out(context, ctx, job, started, error, deadline.expired(), limit_s)
    except ProviderError as error:
        if error.transient:
            await _retry_or_none(context, ctx, job, started, str(error))
        message = _provider_message(context, job, error)
        return await _fail(context, job, started, str(error), message, error.message_key)
    except CopydeskError as error:
        # A request that cannot be served (for example a content id that is not the user's).
        message = t(error.message_key, job.locale, **error.params)
        return await _fail(context, job, started, str(error), message, error.message_key)
    except asyncio.CancelledError:
        await asyncio.shield(_interrupted(context, ctx, job, started))
        raise
    except Exception as error:
        logger.exception("job %s failed with an unexpected error", job.id)
        message = t("error.internal", job.locale)
        return await _fail(context, job, started, repr(error), message, "error.internal")

    return await _complete(context, ctx, job, started, result)


def _progress_reporter(context: JobContext, job: Job):
    interval_s = context.settings.queue.progress_interval_s
    state = {"last_percent": -1, "last_time": 0.0, "warned": False}

    async def report(percent: int) -> None:
        now = time.monotonic()
        if percent <= state["last_percent"]:
            return
        if now - state["last_time"] < interval_s and percent < 100:
            return

        state["last_percent"], state["last_time"] = percent, now

        # Progress is a courtesy: a busy store or a chat API that rejects an
        # edit must not fail the job.
        try:
            if not await context.store.set_progress(job.id, percent):
                return
            await context.notifier(job.destination.platform).progress(job, percent)
        except Exception as error:
            if not state["warned"]:
                state["warned"] = True
                logger.warning(
                    "job %s: progress update failed (%s: %s); later failures are not logged",
                    job.id,
                    type(error).__name__,
                    error,
                )

    return report


async def _already_ended(context: JobContext, ctx: dict[str, Any], job_id: str) -> str:
    # A re-run of a job that already ended (a crash after the result was
    # stored, or a retry scheduled to post it): post the outcome if it was not posted.
    job = await context.store.get_job(job_id)
    if job is None:
        logger.warning("job %s is missing from the store; skipped", job_id)
        return "missing"

    if job.is_final and job.delivered_at is None:
        logger.info("job %s already %s; posting its outcome", job.id, job.status)
        await _deliver(context, ctx, job)
    else:
        logger.info("job %s already %s; skipped", job.id, job.status)
    return job.status


async def _complete(
    context: JobContext, ctx: dict[str, Any], job: Job, started: float, result: KindResult
) -> str:
    version = ContentVersion(
        content_id=result.content_id or job.content_id or new_content_id(),
        version=0,
        body=result.body,
        data=result.data,
        summary=result.summary,
        job_id=job.id,
        created_at=time.time(),
    )
    finished = await context.store.complete_job(
        job.id,
        output=result.output,
        tokens_prompt=result.tokens_prompt,
        tokens_completion=result.tokens_completion,
        tokens_estimated=result.tokens_estimated,
        version=version if result.store_version else None,
        title=result.title,
        kind=job.kind,
        user_id=job.user_id,
    )
    elapsed_s = time.monotonic() - started
    if finished is None:
        current = await context.store.get_job(job.id)
        status = current.status if current else "missing"
        logger.info(
            "job %s ended as %s elsewhere: kind=%s try=%d elapsed=%.2fs; result dropped",
            job.id,
            status,
            job.kind,
            job.tries,
            elapsed_s,
        )
        return status

    logger.info(
        "job %s completed: kind=%s try=%d elapsed=%.2fs",
        job.id,
        job.kind,
        job.tries,
        elapsed_s,
    )
    await _deliver(context, ctx, finished)
    return "completed"


async def _deliver(context: JobContext, ctx: dict[str, Any], job: Job) -> None:
    try:
        await deliver_outcome(context, job)
    except DeliveryPending:
        # Run the job again later to post it; past the last try the sweeper's
        # outbox keeps trying.
        arq_try = int(ctx.get("job_try", 1))
        if ctx.get(RETRY_KEY) and arq_try < context.settings.jobs.max_tries:
            delay_s = _retry_delay_s(context, arq_try)
            logger.info("job %s: posting again in %.2fs", job.id, delay_s)
            raise Retry(defer=delay_s) from None
        logger.warning("job %s: outcome not posted; the sweeper will try again", job.id)


async def _fail(
    context: JobContext,
    job: Job,
    started: float,
    detail: str,
    message: str,
    error_key: str | None,
) -> str:
    elapsed_s = time.monotonic() - started
    logger.warning(
        "job %s failed: kind=%s try=%d elapsed=%.2fs error=%s",
        job.id,
        job.kind,
        job.tries,
        elapsed_s,
        detail,
    )
    if not await context.store.fail_job(job.id, message, error_key=error_key):
        return "failed"

    refreshed = await context.store.get_job(job.id) or job
    try:
        await deliver_outcome(context, refreshed)
    except DeliveryPending:
        logger.warning("job %s: failure not posted; the sweeper will try again", job.id)
    return "failed"


async def _timed_out(
    context: JobContext,
    ctx: dict[str, Any],
    job: Job,
    started: float,
    error: TimeoutError,
    expired: bool,
    limit_s: float,
) -> str:
    if not expired:
        # A timeout raised by a library inside the pipeline, not the job's limit.
        await _retry_or_none(context, ctx, job, started, f"timed out inside the job: {error!r}")
        message = t("error.internal", job.locale)
        return await _fail(context, job, started, repr(error), message, "error.internal")

    if _during_transient_retry(error):
        await _retry_or_none(context, ctx, job, started, "time limit hit while retrying the model")
    message = t("error.timeout", job.locale, seconds=f"{limit_s:g}")
    return await _fail(context, job, started, f"time limit {limit_s:g}s", message, "error.timeout")


def _during_transient_retry(error: BaseException) -> bool:
    # The limit cancels whatever the pipeline awaits. When that was the
    # backoff sleep after a transient provider error, that error is in the
    # exception chain, and the cause of the overrun was transient.
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ProviderError) and current.transient:
            return True
        current = current.__cause__ or current.__context__
    return False


async def _retry_or_none(
    context: JobContext, ctx: dict[str, Any], job: Job, started: float, reason: str
) -> None:
    """Raise Retry when the job may run again; return when its tries are used up."""
    if not ctx.get(RETRY_KEY):
        return
    if job.tries >= context.settings.jobs.max_tries:
        return
    if not await context.store.requeue_job(job.id):
        return

    delay_s = _retry_delay_s(context, job.tries)
    logger.warning(
        "job %s retrying: kind=%s try=%d elapsed=%.2fs delay=%.2fs reason=%s",
        job.id,
        job.kind,
        job.tries,
        time.monotonic() - started,
        delay_s,
        reason,
    )
    raise Retry(defer=delay_s)


def _retry_delay_s(context: JobContext, attempt: int) -> float:
    settings = context.settings.jobs
    return backoff_delay_s(attempt, settings.retry_base_delay_s, settings.retry_max_delay_s)


async def _interrupted(context: JobContext, ctx: dict[str, Any], job: Job, started: float) -> None:
    # arq cancels the job task on abort (/cancel) and on shutdown. /cancel
    # marks the record cancelled before it aborts, so the record shows which.
    elapsed_s = time.monotonic() - started
    current = await context.store.get_job(job.id)
    if current is not None and current.status == "cancelled":
        logger.info(
            "job %s cancelled: kind=%s try=%d elapsed=%.2fs",
            job.id,
            job.kind,
            job.tries,
            elapsed_s,
        )
        await _post_quietly(context, current)
        return

    if ctx.get(HAND_BACK_KEY) and await context.store.requeue_job(job.id):
        logger.info(
            "job %s handed back: kind=%s try=%d elapsed=%.2fs (worker stopping)",
            job.id,
            job.kind,
            job.tries,
            elapsed_s,
        )
        return

    message = t("error.interrupted", job.locale)
    logger.warning(
        "job %s interrupted: kind=%s try=%d elapsed=%.2fs",
        job.id,
        job.kind,
        job.tries,
        elapsed_s,
    )
    if await context.store.fail_job(job.id, message, error_key="error.interrupted"):
        refreshed = await context.store.get_job(job.id) or job
        await _post_quietly(context, refreshed)


async def _post_quietly(context: JobContext, job: Job) -> None:
    try:
        await deliver_outcome(context, job)
    except DeliveryPending:
        logger.warning("job %s: %s not posted; the sweeper will try again", job.id, job.status)


def _provider_message(context: JobContext, job: Job, error: ProviderError) -> str:
    reason = provider_reason(error, job.locale)
    if error.transient:
        tries = context.settings.llm.tries * job.tries
        return t("error.provider_transient", job.locale, tries=tries, reason=reason)
    return t("error.provider_permanent", job.locale, reason=reason)
