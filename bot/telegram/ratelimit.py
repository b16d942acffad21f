"""Flood control for Bot API calls: per-chat, per-group and overall rates, and 429 waits.

The rates are the ones python-telegram-bot 22 records in
``telegram.constants.FloodLimit`` from the Bot API FAQ
(core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this):
about one message per second in one chat, 20 messages per minute in one
group, and about 30 messages per second overall. Unlike PTB's
``AIORateLimiter``, which pauses every request after a 429, this limiter also
has a per-chat budget and pauses only the chat that received the 429.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import warnings
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.constants import FloodLimit
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

from core.config import TelegramSettings

logger = logging.getLogger(__name__)

# A 429 is retried this many times before the error reaches the caller.
DEFAULT_MAX_RETRIES = 5
# Extra wait after Telegram's retry_after, so the retry lands after the window.
RETRY_AFTER_MARGIN_S = 0.1
# Idle per-chat limiters are dropped once this many exist.
MAX_TRACKED_CHATS = 1024

JsonResult = bool | dict[str, Any] | list[dict[str, Any]]
RequestCallback = Callable[..., Coroutine[Any, Any, JsonResult]]


class FloodLimiter(BaseRateLimiter[int]):
    """Keeps Bot API calls within Telegram's flood limits and waits out 429 responses.

    Calls without a ``chat_id`` (getUpdates, getMe, setMyCommands) are not
    limited. A call for a group or channel (negative id or ``@name``) also
    takes from that group's per-minute budget. A ``RetryAfter`` pauses that
    chat for ``retry_after`` seconds, then the call is retried, at most
    ``max_retries`` times (PTB's ``rate_limit_args`` overrides the count).
    """

    def __init__(
        self,
        *,
        overall_per_s: float = FloodLimit.MESSAGES_PER_SECOND,
        chat_per_s: float = FloodLimit.MESSAGES_PER_SECOND_PER_CHAT,
        group_per_min: float = FloodLimit.MESSAGES_PER_MINUTE_PER_GROUP,
        max_retries: int = DEFAULT_MAX_RETRIES,
    ) -> None:
        self._overall = AsyncLimiter(overall_per_s, 1) if overall_per_s > 0 else None
        self._chat_per_s = chat_per_s
        self._group_per_min = group_per_min
        self._max_retries = max_retries
        self._chat_limiters: dict[str, AsyncLimiter] = {}
        self._group_limiters: dict[str, AsyncLimiter] = {}
        self._paused_until: dict[str, float] = {}
        self.retries = 0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    def has_capacity(self, chat_id: int | str) -> bool:
        """Return True when a call for ``chat_id`` could go out now without waiting.

        Progress edits use this to skip an update instead of queueing behind
        messages that matter more.
        """
        key = str(chat_id)
        if self._paused_until.get(key, 0.0) > time.monotonic():
            return False

        limiters = [self._overall, self._chat_limiter(key), self._group_limiter(key)]
        return all(limiter.has_capacity() for limiter in limiters if limiter is not None)

    async def process_request(
        self,
        callback: RequestCallback,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> JsonResult:
        """Run one Bot API call inside the budgets of its chat, retrying after 429 responses."""
        chat_id = data.get("chat_id")
        if chat_id is None:
            return await callback(*args, **kwargs)

        key = str(chat_id)
        max_retries = self._max_retries if rate_limit_args is None else rate_limit_args
        for attempt in range(max_retries + 1):
            await self._wait_for_pause(key)
            try:
                return await self._call_within_budget(key, callback, args, kwargs)
            except RetryAfter as error:
                if attempt == max_retries:
                    logger.warning(
                        "%s for chat %s: still 429 after %d retries", endpoint, key, max_retries
                    )
                    raise
                wait_s = retry_after_s(error)
                self.retries += 1
                self._paused_until[key] = time.monotonic() + wait_s + RETRY_AFTER_MARGIN_S
                logger.info("%s for chat %s: 429, retrying in %.1fs", endpoint, key, wait_s)
        raise AssertionError("unreachable: the loop returns or raises")

    async def _call_within_budget(
        self, key: str, callback: RequestCallback, args: Any, kwargs: dict[str, Any]
    ) -> JsonResult:
        group = self._group_limiter(key)
        async with contextlib.AsyncExitStack() as stack:
            if group is not None:
                await stack.enter_async_context(group)
            chat = self._chat_limiter(key)
            if chat is not None:
                await stack.enter_async_context(chat)
            if self._overall is not None:
                await stack.enter_async_context(self._overall)
            return await callback(*args, **kwargs)

    async def _wait_for_pause(self, key: str) -> None:
        remaining_s = self._paused_until.get(key, 0.0) - time.monotonic()
        if remaining_s > 0:
            await asyncio.sleep(remaining_s)
        self._paused_until.pop(key, None)

    def _chat_limiter(self, key: str) -> AsyncLimiter | None:
        if self._chat_per_s <= 0:
            return None
        return _limiter_in(self._chat_limiters, key, self._chat_per_s, 1)

    def _group_limiter(self, key: str) -> AsyncLimiter | None:
        if self._group_per_min <= 0 or not _is_group(key):
            return None
        return _limiter_in(self._group_limiters, key, self._group_per_min, 60)


def limiter_for(settings: TelegramSettings) -> FloodLimiter:
    """Return a limiter with the configured overall rate and Telegram's per-chat and group rates."""
    return FloodLimiter(overall_per_s=settings.max_messages_per_s)


def retry_after_s(error: RetryAfter) -> float:
    """Return the wait that a 429 response requests, in seconds."""
    # PTB 22 returns an int and warns that it will become a timedelta.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def _is_group(key: str) -> bool:
    return key.startswith("-") or key.startswith("@")


def _limiter_in(
    limiters: dict[str, AsyncLimiter], key: str, max_rate: float, period_s: float
) -> AsyncLimiter:
    limiter = limiters.get(key)
    if limiter is not None:
        return limiter

    if len(limiters) >= MAX_TRACKED_CHATS:
        idle = [name for name, item in limiters.items() if item.has_capacity(item.max_rate)]
        for name in idle:
            del limiters[name]
    limiter = AsyncLimiter(max_rate, period_s)
    limiters[key] = limiter
    return limiter
