"""SQLite storage with aiosqlite: WAL mode, migrations on open, writes in transactions."""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from storage.events import SeenEventsMixin
from storage.lifecycle import LifecycleMixin
from storage.migrations import MIGRATIONS
from storage.models import Content, ContentVersion, Destination, Job, User
from storage.usage import UsageMixin

logger = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000
JSON_COLUMNS = ("params", "output", "destination")


def new_job_id() -> str:
    return secrets.token_hex(4)


def new_content_id() -> str:
    return "c" + secrets.token_hex(4)


class SqliteStore(SeenEventsMixin, LifecycleMixin, UsageMixin):
    """The default store. Open it with ``await store.open()`` or ``async with``.

    One connection serves the process. An asyncio lock keeps write
    transactions from interleaving on it, and SQLite's busy timeout covers
    other processes (workers) that write to the same file.
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._db: aiosqlite.Connection | None = None
        self._write_lock = asyncio.Lock()

    async def open(self) -> SqliteStore:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: no implicit BEGIN; transaction() begins explicitly and
        # single statements commit on their own.
        self._db = await aiosqlite.connect(
            self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
        )
        self._db.row_factory = aiosqlite.Row
        await self._db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        await self._db.execute("PRAGMA journal_mode = WAL")
        await self._db.execute("PRAGMA synchronous = NORMAL")
        await self._db.execute("PRAGMA foreign_keys = ON")
        await self._migrate()
        return self

    async def close(self) -> None:
        if self._db is not None:
            await self._db.close()
            self._db = None

    async def __aenter__(self) -> SqliteStore:
        return await self.open()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    @property
    def db(self) -> aiosqlite.Connection:
        if self._db is None:
            raise RuntimeError("the store is not open; call await store.open() first")
        return self._db

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """Run the block in one ``BEGIN IMMEDIATE`` transaction; roll back on any error."""
        async with self._write_lock:
            try:
                # BEGIN sits inside the try: a task cancelled while awaiting it
                # (a /cancel or a time limit) still runs BEGIN on aiosqlite's
                # thread, and only the rollback queued after it closes that
                # transaction again.
                await self.db.execute("BEGIN IMMEDIATE")
                yield self.db
            except BaseException:
                await self.db.rollback()
                raise
            await self.db.commit()

    async def _write(self, sql: str, args: tuple[Any, ...] = ()) -> aiosqlite.Cursor:
        """Run one write statement on its own; it commits by itself (autocommit).

        One statement is atomic without BEGIN and COMMIT, and it costs one trip
        to aiosqlite's thread instead of three. The write lock keeps it out of
        another task's open transaction on this connection.
        """
        async with self._write_lock:
            return await self.db.execute(sql, args)

    async def schema_version(self) -> int:
        async with self.db.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        return int(row[0])

    async def _migrate(self) -> None:
        async with self._write_lock:
            current = await self.schema_version()
            for number, script in enumerate(MIGRATIONS[current:], start=current + 1):
                # executescript commits on its own, so the version bump is part of the script.
                await self.db.executescript(
                    f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;"
                )
                logger.info("migrated %s to schema version %d", self.path, number)

    # Users

    async def upsert_user(
        self, platform: str, platform_user_id: str, display_name: str | None = None
    ) -> User:
        """Return the user, creating it on first sight; a new display name replaces the old one."""
        # A known user with an unchanged name needs no write transaction, which
        # keeps the adapters' ack path to one write per command.
        known = await self.find_user(platform, platform_user_id)
        if known is not None and display_name in (None, known.display_name):
            return known

        await self._write(
            "INSERT INTO users (platform, platform_user_id, display_name, created_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (platform, platform_user_id) DO UPDATE SET"
            " display_name = COALESCE(excluded.display_name, users.display_name)",
            (platform, str(platform_user_id), display_name, time.time()),
        )
        user = await self.find_user(platform, platform_user_id)
        assert user is not None
        return user

    async def find_user(self, platform: str, platform_user_id: str) -> User | None:
        row = await self._one(
            "SELECT * FROM users WHERE platform = ? AND platform_user_id = ?",
            (platform, str(platform_user_id)),
        )
        return User(**dict(row)) if row else None

    async def get_user(self, user_id: int) -> User | None:
        row = await self._one("SELECT * FROM users WHERE id = ?", (user_id,))
        return User(**dict(row)) if row else None

    async def set_user_locale(self, user_id: int, locale: str | None) -> None:
        await self._write("UPDATE users SET locale = ? WHERE id = ?", (locale, user_id))

    # Jobs

    async def create_job(self, job: Job) -> Job:
        """Insert a pending job. Raises sqlite3.IntegrityError when the id exists."""
        row = _job_to_row(job)
        columns = ", ".join(row)
        placeholders = ", ".join("?" for _ in row)
        await self._write(
            f"INSERT INTO jobs ({columns}) VALUES ({placeholders})", tuple(row.values())
        )
        return job

    async def delete_job(self, job_id: str) -> None:
        """Delete a job that was never queued (enqueue failed), so nothing half-made stays."""
        await self._write("DELETE FROM jobs WHERE id = ? AND status = 'pending'", (job_id,))

    async def get_job(self, job_id: str) -> Job | None:
        row = await self._one("SELECT * FROM jobs WHERE id = ?", (job_id,))
        return _row_to_job(row) if row else None

    async def list_jobs(
        self,
        *,
        user_id: int | None = None,
        status: str | None = None,
        kind: str | None = None,
        since: float | None = None,
        limit: int = 20,
    ) -> list[Job]:
        """Return jobs newest first, filtered by any of the given fields."""
        clauses, args = [], []
        for column, value in (("user_id", user_id), ("status", status), ("kind", kind)):
            if value is not None:
                clauses.append(f"{column} = ?")
                args.append(value)
        if since is not None:
            clauses.append("created_at >= ?")
            args.append(since)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = await self._all(
            f"SELECT * FROM jobs {where} ORDER BY created_at DESC, rowid DESC LIMIT ?",
            (*args, limit),
        )
        return [_row_to_job(row) for row in rows]

    async def start_job(self, job_id: str) -> Job | None:
        """Mark a pending (or interrupted running) job as running and count the try.

        Returns None when the job is missing or already final, so a job that
        was cancelled or finished is never run again.
        """
        cursor = await self._write(
            "UPDATE jobs SET status = 'running', tries = tries + 1,"
            " started_at = COALESCE(started_at, ?), progress = 0"
            " WHERE id = ? AND status IN ('pending', 'running')",
            (time.time(), job_id),
        )
        changed = cursor.rowcount
        return await self.get_job(job_id) if changed else None

    async def set_progress(self, job_id: str, progress: int) -> bool:
        """Record progress (0-100) of a running job; returns False when it is no longer running."""
        cursor = await self._write(
            "UPDATE jobs SET progress = ? WHERE id = ? AND status = 'running'",
            (max(0, min(100, int(progress))), job_id),
        )
        return cursor.rowcount == 1

    async def fail_job(self, job_id: str, error: str, error_key: str | None = None) -> bool:
        """Mark a job failed unless it already ended; returns whether this call ended it."""
        return await self._finish(job_id, "failed", error=error, error_key=error_key)

    async def cancel_job(self, job_id: str) -> bool:
        """Mark a job cancelled unless it already ended; returns whether this call ended it."""
        return await self._finish(job_id, "cancelled", error_key="job.cancelled")

    async def _finish(self, job_id: str, status: str, **fields: Any) -> bool:
        cursor = await self._write(
            "UPDATE jobs SET status = ?, error = ?, error_key = ?, finished_at = ?"
            " WHERE id = ? AND status IN ('pending', 'running')",
            (status, fields.get("error"), fields.get("error_key"), time.time(), job_id),
        )
        return cursor.rowcount == 1

    async def complete_job(
        self,
        job_id: str,
        *,
        output: dict[str, Any],
        tokens_prompt: int,
        tokens_completion: int,
        tokens_estimated: bool,
        version: ContentVersion | None = None,
        title: str | None = None,
        kind: str | None = None,
        user_id: int | None = None,
    ) -> Job | None:
        """Store the result and, when given, a new content version, in one transaction.

        ``version.content_id`` names an existing content (a revision) or a new
        one to create with ``title``. Returns None, and stores nothing, when
        the job is no longer running (for example cancelled meanwhile).
        """
        now = time.time()
        async with self.transaction() as db:
            row = await (
                await db.execute("SELECT status FROM jobs WHERE id = ?", (job_id,))
            ).fetchone()
            if row is None or row["status"] != "running":
                return None

            content_id = None
            if version is not None:
                content_id = version.content_id
                number = await _insert_version(db, version, title, kind, user_id, now)
                output = {**output, "content_id": content_id, "version": number}

            await db.execute(
                "UPDATE jobs SET status = 'completed', progress = 100, output = ?, error = NULL,"
                " error_key = NULL, tokens_prompt = ?, tokens_completion = ?, tokens_estimated = ?,"
                " finished_at = ?, content_id = COALESCE(?, content_id) WHERE id = ?",
                (
                    json.dumps(output, ensure_ascii=False),
                    tokens_prompt,
                    tokens_completion,
                    int(tokens_estimated),
                    now,
                    content_id,
                    job_id,
                ),
            )
        return await self.get_job(job_id)

    async def update_destination(self, job_id: str, destination: Destination) -> None:
        await self._write(
            "UPDATE jobs SET destination = ? WHERE id = ?",
            (destination.model_dump_json(), job_id),
        )

    async def claim_delivery(self, job_id: str) -> bool:
        """Mark a job's result as delivered; True only for the first caller.

        Delivery code calls this before posting, so a retried or re-run job
        never posts its result twice.
        """
        cursor = await self._write(
            "UPDATE jobs SET delivered_at = ? WHERE id = ? AND delivered_at IS NULL",
            (time.time(), job_id),
        )
        return cursor.rowcount == 1

    async def release_delivery(self, job_id: str) -> None:
        """Undo :meth:`claim_delivery` after a post failed, so a retry can deliver."""
        await self._write("UPDATE jobs SET delivered_at = NULL WHERE id = ?", (job_id,))

    # Chat messages that show a content

    async def link_message(
        self,
        platform: str,
        chat_id: str,
        message_id: str,
        content_id: str,
        version: int | None = None,
        job_id: str | None = None,
    ) -> None:
        """Record that chat message ``message_id`` shows ``content_id``; a repeat replaces it."""
        await self._write(
            "INSERT OR REPLACE INTO message_links (platform, chat_id, message_id, content_id,"
            " version, job_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (platform, str(chat_id), str(message_id), content_id, version, job_id, time.time()),
        )

    async def find_linked_content(self, platform: str, chat_id: str, message_id: str) -> str | None:
        """Return the id of the content that a chat message shows, or None."""
        row = await self._one(
            "SELECT content_id FROM message_links"
            " WHERE platform = ? AND chat_id = ? AND message_id = ?",
            (platform, str(chat_id), str(message_id)),
        )
        return str(row["content_id"]) if row else None

    # Contents

    async def get_content(self, content_id: str) -> Content | None:
        row = await self._one("SELECT * FROM contents WHERE id = ?", (content_id,))
        return Content(**dict(row)) if row else None

    async def get_version(
        self, content_id: str, version: int | None = None
    ) -> ContentVersion | None:
        """Return a version of a content, the current one when ``version`` is None."""
        if version is None:
            row = await self._one(
                "SELECT v.* FROM content_versions v JOIN contents c ON c.id = v.content_id"
                " AND v.version = c.current_version WHERE c.id = ?",
                (content_id,),
            )
        else:
            row = await self._one(
                "SELECT * FROM content_versions WHERE content_id = ? AND version = ?",
                (content_id, version),
            )
        return _row_to_version(row) if row else None

    async def list_versions(self, content_id: str) -> list[ContentVersion]:
        rows = await self._all(
            "SELECT * FROM content_versions WHERE content_id = ? ORDER BY version", (content_id,)
        )
        return [_row_to_version(row) for row in rows]

    # Reads run and fetch in one call on aiosqlite's thread. With a separate
    # execute and fetch, another coroutine's BEGIN IMMEDIATE could run while
    # the read statement still held its snapshot; when another process had
    # written meanwhile, SQLite then fails at once with "database is locked"
    # instead of waiting out the busy timeout.
    async def _one(self, sql: str, args: tuple[Any, ...]) -> aiosqlite.Row | None:
        rows = await self.db.execute_fetchall(sql, args)
        return next(iter(rows), None)

    async def _all(self, sql: str, args: tuple[Any, ...]) -> list[aiosqlite.Row]:
        return list(await self.db.execute_fetchall(sql, args))


async def _insert_version(
    db: aiosqlite.Connection,
    version: ContentVersion,
    title: str | None,
    kind: str | None,
    user_id: int | None,
    now: float,
) -> int:
    row = await (
        await db.execute("SELECT current_version FROM contents WHERE id = ?", (version.content_id,))
    ).fetchone()
    if row is None:
        number = 1
        await db.execute(
            "INSERT INTO contents"
            " (id, kind, user_id, title, current_version, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, 1, ?, ?)",
            (version.content_id, kind, user_id, title or "", now, now),
        )
    else:
        number = row["current_version"] + 1
        await db.execute(
            "UPDATE contents SET current_version = ?, updated_at = ?, title = COALESCE(?, title)"
            " WHERE id = ?",
            (number, now, title, version.content_id),
        )
    await db.execute(
        "INSERT INTO content_versions"
        " (content_id, version, body, data, summary, job_id, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            version.content_id,
            number,
            version.body,
            json.dumps(version.data, ensure_ascii=False),
            version.summary,
            version.job_id,
            now,
        ),
    )
    return number


def _job_to_row(job: Job) -> dict[str, Any]:
    row = job.model_dump()
    row["params"] = json.dumps(row["params"], ensure_ascii=False)
    row["output"] = (
        json.dumps(row["output"], ensure_ascii=False) if row["output"] is not None else None
    )
    row["destination"] = job.destination.model_dump_json()
    row["tokens_estimated"] = int(job.tokens_estimated)
    return row


def _row_to_job(row: aiosqlite.Row) -> Job:
    data = dict(row)
    for column in JSON_COLUMNS:
        if data[column] is not None:
            data[column] = json.loads(data[column])
    data["tokens_estimated"] = bool(data["tokens_estimated"])
    return Job(**data)


def _row_to_version(row: aiosqlite.Row) -> ContentVersion:
    data = dict(row)
    data["data"] = json.loads(data["data"])
    return ContentVersion(**data)
