"""Store methods that keep jobs moving under faults: hand-back, heartbeats, sweeping.

A worker renews ``heartbeat_at`` on the jobs it runs; the sweeper treats a
running job with a fresh heartbeat as live and any other unfinished job as
a candidate to re-queue. Final jobs whose outcome was never posted
(``delivered_at`` NULL) form the outbox that the sweeper delivers.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any, Protocol

import aiosqlite

from storage.models import Job

SWEEP_BATCH = 500


class _Store(Protocol):
    def transaction(self) -> AbstractAsyncContextManager[aiosqlite.Connection]: ...

    async def _write(self, sql: str, args: tuple[Any, ...] = ()) -> aiosqlite.Cursor: ...

    async def _all(self, sql: str, args: tuple[Any, ...]) -> list[aiosqlite.Row]: ...


@dataclass(frozen=True)
class UnfinishedJob:
    """A pending or running job with the last heartbeat of the worker running it."""

    job: Job
    heartbeat_at: float | None


class LifecycleMixin:
    """Store methods for job hand-back, heartbeats and the sweeper (mixed into SqliteStore)."""

    async def requeue_job(self: _Store, job_id: str) -> bool:
        """Put a running job back to ``pending``; returns False when it is not running.

        Used when a worker hands a job back (shutdown) or schedules a retry.
        """
        cursor = await self._write(
            "UPDATE jobs SET status = 'pending', progress = 0, heartbeat_at = NULL"
            " WHERE id = ? AND status = 'running'",
            (job_id,),
        )
        return cursor.rowcount == 1

    async def heartbeat_jobs(self: _Store, job_ids: Sequence[str]) -> int:
        """Record that this worker still runs ``job_ids``; returns how many are running."""
        if not job_ids:
            return 0

        placeholders = ", ".join("?" for _ in job_ids)
        cursor = await self._write(
            f"UPDATE jobs SET heartbeat_at = ? WHERE status = 'running' AND id IN ({placeholders})",
            (time.time(), *job_ids),
        )
        return cursor.rowcount

    async def list_unfinished_jobs(
        self: _Store, *, created_before: float, limit: int = SWEEP_BATCH
    ) -> list[UnfinishedJob]:
        """Return pending and running jobs created before ``created_before``, oldest first."""
        from storage.sqlite import _row_to_job

        rows = await self._all(
            "SELECT * FROM jobs WHERE status IN ('pending', 'running') AND created_at < ?"
            " ORDER BY created_at LIMIT ?",
            (created_before, limit),
        )
        return [UnfinishedJob(_row_to_job(row), row["heartbeat_at"]) for row in rows]

    async def list_undelivered_jobs(
        self: _Store, *, finished_before: float, finished_after: float, limit: int = SWEEP_BATCH
    ) -> list[Job]:
        """Return final jobs whose outcome was never posted, finished in the given window."""
        from storage.sqlite import _row_to_job

        rows = await self._all(
            "SELECT * FROM jobs WHERE delivered_at IS NULL"
            " AND status IN ('completed', 'failed', 'cancelled')"
            " AND finished_at < ? AND finished_at > ? ORDER BY finished_at LIMIT ?",
            (finished_before, finished_after, limit),
        )
        return [_row_to_job(row) for row in rows]


__all__ = ["LifecycleMixin", "UnfinishedJob"]
