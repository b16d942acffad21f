"""The job function: the same code runs under arq and in the in-process queue."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from core.errors import ProviderError
from core.i18n import t
from core.providers.reasons import provider_reason
from storage.models import ContentVersion, Job
from storage.sqlite import new_content_id
from workers.context import JobContext, get_context
from workers.kinds import KindResult, get_pipeline

logger = logging.getLogger(__name__)


async def run_job(ctx: dict[str, Any], job_id: str) -> str:
    """Run stored job ``job_id`` to an end state and deliver the outcome.

    A failure becomes a ``failed`` record with a reason the user can read;
    it is never raised to arq, so arq does not retry a job that already
    told the user it failed. Returns the final status.
    """
    context = get_context(ctx)
    job = await context.store.start_job(job_id)
    if job is None:
        logger.warning("job %s is missing or already ended; skipped", job_id)
        existing = await context.store.get_job(job_id)
        return existing.status if existing else "missing"

    logger.info("job %s started: kind=%s try=%d", job.id, job.kind, job.tries)
    started = time.monotonic()
    try:
        result = await get_pipeline(job.kind)(context, job, _progress_reporter(context, job))
    except ProviderError as error:
        return await _fail(context, job, started, error, _provider_message(context, job, error))
    except asyncio.CancelledError:
        await asyncio.shield(_interrupted(context, job, started))
        raise
    except Exception as error:
        logger.exception("job %s failed with an unexpected error", job.id)
        return await _fail(context, job, started, error, t("error.internal", job.locale))

    return await _complete(context, job, started, result)


def _progress_reporter(context: JobContext, job: Job):
    interval_s = context.settings.queue.progress_interval_s
    state = {"last_percent": -1, "last_time": 0.0}

    async def report(percent: int) -> None:
        now = time.monotonic()
        if percent <= state["last_percent"]:
            return
        if now - state["last_time"] < interval_s and percent < 100:
            return
        state["last_percent"], state["last_time"] = percent, now
        await context.store.set_progress(job.id, percent)
        await context.notifier(job.destination.platform).progress(job, percent)

    return report


async def _complete(context: JobContext, job: Job, started: float, result: KindResult) -> str:
    version = ContentVersion(
        content_id=job.content_id or new_content_id(),
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
        version=version,
        title=result.title,
        kind=job.kind,
        user_id=job.user_id,
    )
    elapsed_s = time.monotonic() - started
    if finished is None:
        logger.info("job %s ended elsewhere (cancelled?) after %.2fs; result dropped", job.id, elapsed_s)
        return "cancelled"

    logger.info("job %s completed: kind=%s try=%d elapsed=%.2fs", job.id, job.kind, job.tries, elapsed_s)
    await _deliver(context, finished)
    return "completed"


async def _deliver(context: JobContext, job: Job) -> None:
    if not await context.store.claim_delivery(job.id):
        logger.info("job %s was already delivered; not posting again", job.id)
        return
    try:
        await context.notifier(job.destination.platform).completed(job, job.output or {})
    except Exception:
        await context.store.release_delivery(job.id)
        raise


async def _fail(context: JobContext, job: Job, started: float, error: Exception, message: str) -> str:
    elapsed_s = time.monotonic() - started
    logger.warning(
        "job %s failed: kind=%s try=%d elapsed=%.2fs error=%s", job.id, job.kind, job.tries, elapsed_s,
        error,
    )
    if await context.store.fail_job(job.id, message, error_key=getattr(error, "message_key", None)):
        refreshed = await context.store.get_job(job.id) or job
        await context.notifier(job.destination.platform).failed(refreshed, message)
    return "failed"


async def _interrupted(context: JobContext, job: Job, started: float) -> None:
    # arq cancels the job task on abort and on timeout. Until the lifecycle code
    # tells them apart, the record says the job was interrupted.
    message = t("error.interrupted", job.locale)
    logger.warning("job %s interrupted after %.2fs", job.id, time.monotonic() - started)
    if await context.store.fail_job(job.id, message, error_key="error.interrupted"):
        await context.notifier(job.destination.platform).failed(job, message)


def _provider_message(context: JobContext, job: Job, error: ProviderError) -> str:
    reason = provider_reason(error, job.locale)
    if error.transient:
        return t("error.provider_transient", job.locale, tries=context.settings.llm.tries, reason=reason)
    return t("error.provider_permanent", job.locale, reason=reason)
