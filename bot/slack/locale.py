"""Slack users' locales from ``users.info``, cached so an ack never waits on the network.

Slack sends no locale with slash commands or events, and ``users.info`` with
``include_locale`` is a Web API call. A slash command has to be acked
within 3 seconds, so its ack uses only what is cached: the locale a user
chose with ``/lang`` (stored), else the cached Slack locale, else the
configured default. The listener then starts :meth:`LocaleCache.prefetch`
in the background, so the user's next command gets their Slack locale.
Mentions and thread replies are acked before their listener runs, so they
await :meth:`LocaleCache.lookup`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict

from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

logger = logging.getLogger(__name__)

LOCALE_TTL_S = 6 * 3600
# After a failed users.info call, the user is not looked up again for this long.
FAILED_LOOKUP_TTL_S = 300
MAX_CACHED_USERS = 10_000


class LocaleCache:
    """Slack locale per user id (``en-US``, ``zh-CN``…), or None when Slack did not say."""

    def __init__(self, client: AsyncWebClient, ttl_s: float = LOCALE_TTL_S):
        self.client = client
        self.ttl_s = ttl_s
        # user id -> (locale, monotonic expiry time)
        self._entries: OrderedDict[str, tuple[str | None, float]] = OrderedDict()
        self._lookups: dict[str, asyncio.Task[str | None]] = {}

    def cached(self, user_id: str) -> str | None:
        """Return the cached locale of ``user_id`` without any network call."""
        entry = self._entries.get(user_id)
        if entry is None or time.monotonic() > entry[1]:
            return None
        return entry[0]

    def is_cached(self, user_id: str) -> bool:
        """Return True when a fresh entry (a locale, or a recent failed lookup) exists."""
        entry = self._entries.get(user_id)
        return entry is not None and time.monotonic() <= entry[1]

    async def lookup(self, user_id: str) -> str | None:
        """Return the locale of ``user_id``, calling ``users.info`` on a cache miss.

        A failed call is logged and returns None, so callers fall through to
        the default, and the user is not looked up again for
        ``FAILED_LOOKUP_TTL_S``. One call runs per user at a time.
        """
        if self.is_cached(user_id):
            return self.cached(user_id)
        return await self._lookup_task(user_id)

    def prefetch(self, user_id: str) -> None:
        """Start a background lookup of ``user_id`` unless it is cached or already running."""
        if not self.is_cached(user_id):
            self._lookup_task(user_id)

    def _lookup_task(self, user_id: str) -> asyncio.Task[str | None]:
        task = self._lookups.get(user_id)
        if task is None:
            task = asyncio.create_task(self._fetch(user_id), name=f"slack-locale-{user_id}")
            self._lookups[user_id] = task
            task.add_done_callback(lambda _: self._lookups.pop(user_id, None))
        return task

    async def _fetch(self, user_id: str) -> str | None:
        try:
            result = await self.client.users_info(user=user_id, include_locale=True)
        except (TimeoutError, SlackApiError, SlackClientError, OSError) as error:
            logger.warning("users.info for %s failed: %s", user_id, error)
            self._store(user_id, None, FAILED_LOOKUP_TTL_S)
            return None

        locale = (result.get("user") or {}).get("locale")
        self._store(user_id, locale if isinstance(locale, str) else None, self.ttl_s)
        return self.cached(user_id)

    def _store(self, user_id: str, locale: str | None, ttl_s: float) -> None:
        self._entries[user_id] = (locale, time.monotonic() + ttl_s)
        self._entries.move_to_end(user_id)
        while len(self._entries) > MAX_CACHED_USERS:
            self._entries.popitem(last=False)

    async def aclose(self) -> None:
        """Cancel lookups still running."""
        tasks = list(self._lookups.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
