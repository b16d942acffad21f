"""The Telegram adapter wired as ``copydesk telegram`` wires it, against the loopback Bot API.

``running_adapter`` opens the store, the in-process queue (or a given queue),
the desk and the adapter in polling or webhook mode, and stops them after
the test. Users and chats for updates come from the helpers below.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from bot.telegram.app import TelegramAdapter, in_process_context
from bot.telegram.ratelimit import FloodLimiter
from core.config import Settings
from handlers.desk import Desk
from storage import SqliteStore, open_store
from storage.models import Job
from tests.fakes.telegram_api import TelegramApiFake
from workers.context import JobContext
from workers.queue import InProcessQueue, JobQueue

WEBHOOK_SECRET = "test-secret_123"


def user(
    user_id: int,
    first_name: str = "Ann",
    language_code: str | None = "en",
    username: str | None = None,
) -> dict[str, Any]:
    data: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
    if language_code is not None:
        data["language_code"] = language_code
    if username:
        data["username"] = username
    return data


def fast_limiter() -> FloodLimiter:
    """A limiter with the real behaviour but budgets large enough not to slow a test."""
    return FloodLimiter(overall_per_s=1000, chat_per_s=1000, group_per_min=60_000)


@dataclass
class Harness:
    fake: TelegramApiFake
    adapter: TelegramAdapter
    desk: Desk
    store: SqliteStore
    queue: JobQueue
    context: JobContext | None

    async def jobs(self) -> list[Job]:
        return await self.store.list_jobs(limit=100)

    async def wait_jobs(self, count: int, timeout_s: float = 15.0) -> list[Job]:
        """Wait until ``count`` jobs exist and each has ended and, if completed, been delivered."""

        async def settled() -> list[Job] | None:
            jobs = await self.jobs()
            if len(jobs) < count:
                return None
            for job in jobs:
                if not job.is_final or (job.status == "completed" and job.delivered_at is None):
                    return None
            return jobs

        deadline = asyncio.get_running_loop().time() + timeout_s
        while True:
            jobs = await settled()
            if jobs is not None:
                await self.idle()
                return jobs
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"{count} jobs did not settle within {timeout_s}s")
            await asyncio.sleep(0.02)

    async def idle(self) -> None:
        """Wait for in-process job tasks (and so their delivery) to finish."""
        if isinstance(self.queue, InProcessQueue):
            tasks = [self.queue.task(job.id) for job in await self.jobs()]
            await asyncio.gather(*(task for task in tasks if task is not None))


@asynccontextmanager
async def running_adapter(
    settings: Settings,
    fake: TelegramApiFake,
    *,
    webhook_url: str | None = None,
    webhook_port: int = 0,
    queue: JobQueue | None = None,
    limiter: FloodLimiter | None = None,
) -> AsyncIterator[Harness]:
    limiter = limiter or fast_limiter()
    store = await open_store(settings.storage.path)
    context = None
    if queue is None:
        context = await in_process_context(settings, store, limiter)
        queue = InProcessQueue(context, max_jobs=4)
    desk = Desk(settings, store, queue)
    adapter = TelegramAdapter(
        settings, desk, polling=webhook_url is None, limiter=limiter, poll_timeout_s=1
    )
    try:
        if webhook_url is None:
            await adapter.start_polling()
        else:
            await adapter.start_webhook(webhook_url, "127.0.0.1", webhook_port)
        yield Harness(fake, adapter, desk, store, queue, context)
    finally:
        await adapter.stop()
        await queue.aclose()
        if context is not None:
            await context.aclose()
        await store.close()
