"""Retry with exponential backoff and full jitter for transient provider errors."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from typing import TypeVar

from core.errors import ProviderError

logger = logging.getLogger(__name__)

T = TypeVar("T")


async def with_retries(
    call: Callable[[], Awaitable[T]],
    *,
    tries: int = 3,
    base_delay_s: float = 1.0,
    max_delay_s: float = 30.0,
    description: str = "provider call",
) -> T:
    """Run ``call`` up to ``tries`` times while it raises a transient ProviderError.

    The delay before try n+1 is a random value in [0, base * 2**(n-1)],
    capped at ``max_delay_s`` ("full jitter"), so many workers hitting one
    rate limit do not retry in step. A permanent error or the last transient
    one is raised unchanged.
    """
    for attempt in range(1, tries + 1):
        try:
            return await call()
        except ProviderError as error:
            if not error.transient or attempt == tries:
                raise
            delay_s = random.uniform(0, min(max_delay_s, base_delay_s * 2 ** (attempt - 1)))
            logger.warning(
                "%s failed (try %d of %d, status %s): %s; retrying in %.2fs",
                description,
                attempt,
                tries,
                error.status,
                error,
                delay_s,
            )
            await asyncio.sleep(delay_s)
    raise AssertionError("unreachable: the loop returns or raises")
