"""Store queries for fair-use limits and team statistics.

Tokens count on the day a job was requested (``created_at``), from the
figures the provider reported; ``estimated`` is the part that was estimated
from text length because the provider reported none.
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any, Protocol

import aiosqlite

# The chat a job came from, as stored in its destination JSON. The same
# expressions back the ``jobs_chat_created`` index (migration 4).
CHAT_PLATFORM_SQL = "json_extract(destination, '$.platform')"
CHAT_ID_SQL = "json_extract(destination, '$.chat_id')"

TOKENS_SQL = (
    "COALESCE(SUM(tokens_prompt + tokens_completion), 0),"
    " COALESCE(SUM(CASE WHEN tokens_estimated"
    " THEN tokens_prompt + tokens_completion ELSE 0 END), 0)"
)


class _Store(Protocol):
    def transaction(self) -> AbstractAsyncContextManager[aiosqlite.Connection]: ...

    async def _one(self, sql: str, args: tuple[Any, ...]) -> aiosqlite.Row | None: ...

    async def _all(self, sql: str, args: tuple[Any, ...]) -> list[aiosqlite.Row]: ...


@dataclass(frozen=True)
class TokenUsage:
    """Tokens used; ``estimated`` of them were estimated, not reported."""

    tokens: int
    estimated: int


@dataclass(frozen=True)
class JobFigures:
    """The fields of one job that the statistics need."""

    kind: str
    status: str
    user_id: int
    created_at: float
    started_at: float | None
    finished_at: float | None
    tokens_prompt: int
    tokens_completion: int
    tokens_estimated: bool
    model: str | None
    offline: bool


class UsageMixin:
    """Store queries for limits and statistics (mixed into SqliteStore)."""

    async def user_tokens_since(self: _Store, user_id: int, since: float) -> TokenUsage:
        """Return the tokens of the user's jobs requested at or after ``since``."""
        row = await self._one(
            f"SELECT {TOKENS_SQL} FROM jobs WHERE user_id = ? AND created_at >= ?",
            (user_id, since),
        )
        return TokenUsage(int(row[0]), int(row[1])) if row else TokenUsage(0, 0)

    async def chat_tokens_since(
        self: _Store, platform: str, chat_id: str, since: float
    ) -> TokenUsage:
        """Return the tokens of jobs requested from one chat at or after ``since``."""
        row = await self._one(
            f"SELECT {TOKENS_SQL} FROM jobs WHERE {CHAT_PLATFORM_SQL} = ? AND {CHAT_ID_SQL} = ?"
            " AND created_at >= ?",
            (platform, str(chat_id), since),
        )
        return TokenUsage(int(row[0]), int(row[1])) if row else TokenUsage(0, 0)

    async def count_active_jobs(self: _Store, user_id: int) -> int:
        """Return how many of the user's jobs are pending or running."""
        row = await self._one(
            "SELECT COUNT(*) FROM jobs WHERE user_id = ? AND status IN ('pending', 'running')",
            (user_id,),
        )
        return int(row[0]) if row else 0

    async def images_since(self: _Store, user_id: int, since: float) -> int:
        """Return the images the user requested since ``since`` in jobs that did not fail.

        An image job asks for ``params.count`` images (1 when the field is absent).
        """
        row = await self._one(
            "SELECT COALESCE(SUM(COALESCE(json_extract(params, '$.count'), 1)), 0) FROM jobs"
            " WHERE user_id = ? AND kind = 'image' AND created_at >= ?"
            " AND status NOT IN ('failed', 'cancelled')",
            (user_id, since),
        )
        return int(row[0]) if row else 0

    async def job_figures_since(
        self: _Store, since: float, user_id: int | None = None
    ) -> list[JobFigures]:
        """Return the figures of jobs requested since ``since``, of one user or of everyone."""
        user_clause = "AND user_id = ?" if user_id is not None else ""
        args: tuple[Any, ...] = (since, user_id) if user_id is not None else (since,)
        rows = await self._all(
            "SELECT kind, status, user_id, created_at, started_at, finished_at, tokens_prompt,"
            " tokens_completion, tokens_estimated, json_extract(output, '$.model') AS model,"
            " json_extract(output, '$.offline') AS offline"
            f" FROM jobs WHERE created_at >= ? {user_clause} ORDER BY created_at",
            args,
        )
        return [
            JobFigures(
                kind=row["kind"],
                status=row["status"],
                user_id=row["user_id"],
                created_at=row["created_at"],
                started_at=row["started_at"],
                finished_at=row["finished_at"],
                tokens_prompt=row["tokens_prompt"],
                tokens_completion=row["tokens_completion"],
                tokens_estimated=bool(row["tokens_estimated"]),
                model=row["model"],
                offline=bool(row["offline"]),
            )
            for row in rows
        ]


__all__ = ["JobFigures", "TokenUsage", "UsageMixin"]
