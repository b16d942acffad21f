"""The sweeper: finds jobs that the store has but the queue lost, and outcomes never posted.

Each worker runs it on a schedule (``jobs.sweep_interval_s``). A pending or
running job counts as live when arq still has it (its job key, its place in
the queue or its in-progress key) or when a worker renewed its heartbeat
within ``jobs.lease_s``. Any other unfinished job was lost, typically
because Redis restarted without its data. A lost job is queued again when
it can be resumed, and failed with a message saying why when it cannot:
it is older than ``jobs.resume_max_age_s``, its kind is unknown, its tries
are used up, or arq ended it without the job function recording an outcome.

Several workers may sweep at once: queueing uses the job id as arq job id
(a second enqueue is a no-op), and ending a job or claiming its delivery
succeeds for one caller only.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass

from arq import ArqRedis
from arq.constants import in_progress_key_prefix, job_key_prefix, result_key_prefix
from redis.exceptions import RedisError

from core.i18n import t
from storage.lifecycle import UnfinishedJob
from storage.models import Job
from workers.context import JobContext
from workers.kinds import PIPELINES, get_pipeline
from workers.outcome import DeliveryPending, deliver_outcome
from workers.queue import JOB_FUNCTION

logger = logging.getLogger(__name__)

# An outcome is left to the worker that produced it for this long before the
# outbox posts it; a worker posts within milliseconds of ending a job.
OUTBOX_MIN_AGE_S = 10.0
FIRST_SWEEP_DELAY_S = 1.0


@dataclass
class SweepReport:
    """What one sweep did."""

    requeued: list[str]
    failed: list[str]
    posted: list[str]


@dataclass(frozen=True)
class _ArqState:
    job_key: bool
    queued: bool
    in_progress: bool
    result: bool

    @property
    def live(self) -> bool:
        return self.job_key or self.queued or self.in_progress


async def sweep_once(redis: ArqRedis, context: JobContext, queue_name: str) -> SweepReport:
    """Run one sweep: resume or fail lost jobs, then post undelivered outcomes."""
    settings = context.settings.jobs
    now = time.time()
    report = SweepReport([], [], [])
    candidates = await context.store.list_unfinished_jobs(
        created_before=now - settings.sweep_min_age_s
    )
    for candidate in candidates:
        if _heartbeat_is_fresh(candidate, now, settings.lease_s):
            continue
        state = await _arq_state(redis, queue_name, candidate.job.id)
        if state.live:
            continue
        await _recover(redis, context, queue_name, candidate.job, state, now, report)

    await _post_outbox(context, now, report)
    if report.requeued or report.failed or report.posted:
        logger.info(
            "sweep: requeued=%s failed=%s posted=%s", report.requeued, report.failed, report.posted
        )
    return report


async def run_sweeper(redis: ArqRedis, context: JobContext, queue_name: str) -> None:
    """Sweep every ``jobs.sweep_interval_s`` until cancelled; errors are logged, not raised."""
    interval_s = context.settings.jobs.sweep_interval_s
    await asyncio.sleep(min(FIRST_SWEEP_DELAY_S, interval_s))
    while True:
        try:
            await sweep_once(redis, context, queue_name)
        except (RedisError, OSError, TimeoutError) as error:
            logger.warning("sweep skipped: Redis unavailable (%s: %s)", type(error).__name__, error)
        except Exception:
            logger.exception("sweep failed")
        await asyncio.sleep(interval_s)


def _heartbeat_is_fresh(candidate: UnfinishedJob, now: float, lease_s: float) -> bool:
    return (
        candidate.job.status == "running"
        and candidate.heartbeat_at is not None
        and now - candidate.heartbeat_at < lease_s
    )


async def _arq_state(redis: ArqRedis, queue_name: str, job_id: str) -> _ArqState:
    async with redis.pipeline(transaction=True) as pipe:
        pipe.exists(job_key_prefix + job_id)
        pipe.zscore(queue_name, job_id)
        pipe.exists(in_progress_key_prefix + job_id)
        pipe.exists(result_key_prefix + job_id)
        job_key, score, in_progress, result = await pipe.execute()
    return _ArqState(bool(job_key), score is not None, bool(in_progress), bool(result))


async def _recover(
    redis: ArqRedis,
    context: JobContext,
    queue_name: str,
    job: Job,
    state: _ArqState,
    now: float,
    report: SweepReport,
) -> None:
    reason_key = _unresumable_reason(context, job, state, now)
    if reason_key is None:
        if job.status == "running":
            await context.store.requeue_job(job.id)
        queued = await redis.enqueue_job(
            JOB_FUNCTION, job.id, _job_id=job.id, _queue_name=queue_name
        )
        if queued is not None:
            logger.info(
                "job %s requeued by the sweeper: kind=%s tries=%d", job.id, job.kind, job.tries
            )
            report.requeued.append(job.id)
        return

    message = t(reason_key, job.locale)
    if not await context.store.fail_job(job.id, message, error_key=reason_key):
        return
    logger.warning(
        "job %s failed by the sweeper: kind=%s tries=%d reason=%s",
        job.id,
        job.kind,
        job.tries,
        reason_key,
    )
    report.failed.append(job.id)
    ended = await context.store.get_job(job.id)
    if ended is not None:
        await _post(context, ended, report)


def _unresumable_reason(context: JobContext, job: Job, state: _ArqState, now: float) -> str | None:
    settings = context.settings.jobs
    if state.result:
        return "lifecycle.lost_by_queue"
    if now - job.created_at > settings.resume_max_age_s:
        return "lifecycle.lost_too_old"
    if job.tries >= settings.max_tries:
        return "lifecycle.lost_no_tries"
    if not _kind_is_known(job.kind):
        return "lifecycle.lost_unknown_kind"
    return None


def _kind_is_known(kind: str) -> bool:
    try:
        get_pipeline(kind)
    except KeyError:
        return False
    return kind in PIPELINES


async def _post_outbox(context: JobContext, now: float, report: SweepReport) -> None:
    jobs = await context.store.list_undelivered_jobs(
        finished_before=now - OUTBOX_MIN_AGE_S,
        finished_after=now - context.settings.jobs.resume_max_age_s,
    )
    for job in jobs:
        await _post(context, job, report)


async def _post(context: JobContext, job: Job, report: SweepReport) -> None:
    try:
        if await deliver_outcome(context, job):
            report.posted.append(job.id)
    except DeliveryPending:
        logger.warning("job %s: outcome still not posted; next sweep tries again", job.id)
