"""Platform event ids already handled, so a redelivered event is handled once.

Slack redelivers an Events API event when the first delivery was not
acknowledged in time (HTTP ``X-Slack-Retry-Num``, Socket Mode
``retry_attempt``), and each delivery carries the same ``event_id``. The
table lives in the shared SQLite file, so every adapter process on the host
sees the same record, with or without Redis.
"""

from __future__ import annotations

import time
from contextlib import AbstractAsyncContextManager
from typing import Protocol

import aiosqlite

# Slack retries an event at most three times within about an hour; a day of
# ids covers that with a wide margin and keeps the table small.
SEEN_EVENT_KEEP_S = 24 * 3600


class _Transactional(Protocol):
    def transaction(self) -> AbstractAsyncContextManager[aiosqlite.Connection]: ...


class SeenEventsMixin:
    """Store methods for the ``seen_events`` table (mixed into :class:`SqliteStore`)."""

    async def claim_event(
        self: _Transactional, platform: str, event_id: str, *, keep_s: float = SEEN_EVENT_KEEP_S
    ) -> bool:
        """Record ``event_id`` as handled; True only for the first caller.

        Ids older than ``keep_s`` seconds are deleted in the same transaction.
        """
        now = time.time()
        async with self.transaction() as db:
            await db.execute("DELETE FROM seen_events WHERE seen_at < ?", (now - keep_s,))
            cursor = await db.execute(
                "INSERT OR IGNORE INTO seen_events (platform, event_id, seen_at) VALUES (?, ?, ?)",
                (platform, event_id, now),
            )
            return cursor.rowcount == 1


__all__ = ["SEEN_EVENT_KEEP_S", "SeenEventsMixin"]
