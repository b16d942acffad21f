"""The Slack adapter running on loopback for tests: settings, HTTP mode and helpers."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp

from bot.slack.app import EVENTS_PATH, SlackRuntime, start_http
from core.config import Settings
from storage.models import Job
from tests.fakes.slack_api import SlackApiFake
from tests.fakes.slack_payloads import SIGNING_SECRET, SignedClient
from workers.queue import InProcessQueue


def slack_settings(
    make_settings: Callable[..., Settings], fake: SlackApiFake, **sections: dict[str, Any]
) -> Settings:
    """Settings that point the adapter at ``fake``; keyword sections override or extend them."""
    slack = {
        "bot_token": fake.bot_token,
        "signing_secret": SIGNING_SECRET,
        "api_base_url": fake.base_url,
        **sections.pop("slack", {}),
    }
    return make_settings(slack=slack, **sections)


@dataclass
class Adapter:
    """A running adapter in HTTP mode and a signed client for it."""

    runtime: SlackRuntime
    client: SignedClient
    fake: SlackApiFake

    async def jobs(self) -> list[Job]:
        return await self.runtime.store.list_jobs(limit=100)

    async def finish_jobs(self) -> list[Job]:
        """Wait for every in-process job to end; return the jobs, newest first."""
        queue = self.runtime.queue
        assert isinstance(queue, InProcessQueue)
        for job in await self.jobs():
            if queue.task(job.id) is not None:
                await queue.wait(job.id)
        return await self.jobs()


@asynccontextmanager
async def http_adapter(settings: Settings, fake: SlackApiFake) -> AsyncIterator[Adapter]:
    """Run the adapter in HTTP mode on a free loopback port."""
    runtime = await SlackRuntime.open(settings)
    runner, port = await start_http(runtime, "127.0.0.1", 0)
    session = aiohttp.ClientSession()
    try:
        url = f"http://127.0.0.1:{port}{EVENTS_PATH}"
        yield Adapter(runtime, SignedClient(url, session), fake)
    finally:
        await session.close()
        await runner.cleanup()
        await runtime.aclose()
