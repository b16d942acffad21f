"""Posting a job's outcome (result, failure or cancellation) once, with retries.

``delivered_at`` in the store is the claim: a worker claims it before it
posts, so a retried or re-run job never posts twice. A post that fails with
a transient error (chat API 429 or 5xx, a timeout, a dropped connection) is
retried here with exponential backoff and jitter; when the tries run out the
claim is released, so a later run or the sweeper's outbox posts it.
"""

from __future__ import annotations

import asyncio
import logging
import random
from datetime import timedelta
from typing import Any

from core.i18n import t
from storage.models import Job
from workers.context import JobContext

logger = logging.getLogger(__name__)

# Statuses worth retrying: timeouts, conflicts, rate limits and server errors.
TRANSIENT_STATUSES = frozenset({408, 409, 425, 429})

# Exception class names that chat SDKs use for errors worth retrying
# (python-telegram-bot's RetryAfter, TimedOut and NetworkError; its
# BadRequest subclasses NetworkError but has its own name, so it is not here).
TRANSIENT_ERROR_NAMES = frozenset({"RetryAfter", "TimedOut", "NetworkError"})


class DeliveryPending(Exception):
    """Posting an outcome failed with transient errors on every try; the claim was released."""


def backoff_delay_s(attempt: int, base_s: float, max_s: float) -> float:
    """Return the delay before retry ``attempt`` (1-based): exponential with jitter.

    The cap doubles each attempt (``base_s * 2**(attempt-1)``, at most
    ``max_s``); the delay is a random value between half the cap and the
    cap, so retries spread out but never collapse to zero.
    """
    cap_s = min(max_s, base_s * 2 ** max(0, attempt - 1))
    return cap_s / 2 + random.uniform(0, cap_s / 2)


def is_transient(error: BaseException) -> bool:
    """Return True when a failed post or call is worth retrying.

    An error's own boolean ``transient`` attribute wins; then an HTTP status
    (``status``, ``status_code`` or ``response.status_code``): 408, 409,
    425, 429 and 5xx are transient. Connection errors and timeouts are
    transient, and so are the SDK errors named in ``TRANSIENT_ERROR_NAMES``.
    """
    transient = getattr(error, "transient", None)
    if isinstance(transient, bool):
        return transient

    status = http_status(error)
    if status is not None:
        return status in TRANSIENT_STATUSES or status >= 500

    if type(error).__name__ in TRANSIENT_ERROR_NAMES:
        return True
    return isinstance(error, (ConnectionError, TimeoutError))


def http_status(error: BaseException) -> int | None:
    """Return the HTTP status an error carries, if any."""
    for holder in (error, getattr(error, "response", None)):
        for name in ("status", "status_code"):
            value = getattr(holder, name, None)
            if isinstance(value, int) and 100 <= value <= 599:
                return value
    return None


def retry_after_s(error: BaseException) -> float | None:
    """Return the wait the server asked for (``retry_after`` or a Retry-After header)."""
    value: Any = getattr(error, "retry_after", None)
    if value is None:
        headers = getattr(getattr(error, "response", None), "headers", None) or {}
        try:
            value = headers.get("Retry-After") or headers.get("retry-after")
        except AttributeError:
            value = None

    if isinstance(value, timedelta):
        return value.total_seconds()
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


async def deliver_outcome(context: JobContext, job: Job) -> bool:
    """Post a final job's outcome once; returns True when this call posted it.

    Returns False when another run already claimed it, or when the post
    failed with a permanent error (the claim is kept, so no run retries a
    post the chat rejects). Raises :class:`DeliveryPending` when every try
    failed with a transient error.
    """
    if not await context.store.claim_delivery(job.id):
        logger.info("job %s outcome was already posted; not posting again", job.id)
        return False

    try:
        await _post_with_retries(context, job)
    except asyncio.CancelledError:
        await asyncio.shield(context.store.release_delivery(job.id))
        raise
    except DeliveryPending:
        await context.store.release_delivery(job.id)
        raise
    except Exception as error:
        logger.error(
            "job %s: posting the %s outcome failed permanently (%s: %s); not retried",
            job.id,
            job.status,
            type(error).__name__,
            error,
        )
        return False
    return True


async def _post_with_retries(context: JobContext, job: Job) -> None:
    settings = context.settings.jobs
    for attempt in range(1, settings.delivery_tries + 1):
        try:
            await _post(context, job)
            return
        except Exception as error:
            if not is_transient(error):
                raise
            if attempt == settings.delivery_tries:
                logger.warning(
                    "job %s: posting the outcome failed %d times (%s: %s)",
                    job.id,
                    attempt,
                    type(error).__name__,
                    error,
                )
                raise DeliveryPending(str(error)) from error

            delay_s = backoff_delay_s(
                attempt, settings.delivery_base_delay_s, settings.retry_max_delay_s
            )
            retry_after = retry_after_s(error)
            if retry_after is not None:
                delay_s = min(settings.retry_max_delay_s, max(delay_s, retry_after))
            logger.warning(
                "job %s: posting the outcome failed (try %d of %d, %s: %s); retrying in %.2fs",
                job.id,
                attempt,
                settings.delivery_tries,
                type(error).__name__,
                error,
                delay_s,
            )
            await asyncio.sleep(delay_s)


async def _post(context: JobContext, job: Job) -> None:
    notifier = context.notifier(job.destination.platform)
    if job.status == "completed":
        await notifier.completed(job, job.output or {})
    elif job.status == "failed":
        await notifier.failed(job, job.error or t("error.internal", job.locale))
    elif job.status == "cancelled":
        await notifier.cancelled(job)
    else:
        raise ValueError(f"job {job.id} is {job.status}; only a final job has an outcome to post")
