"""The adapter with Redis: an arq worker in burst mode posts through the notifier it builds
from settings, and a queue that went down is reported in the user's language."""

from __future__ import annotations

import asyncio
import subprocess
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from core.i18n import t
from tests.fakes.telegram_api import TOKEN, TelegramApiFake
from tests.fakes.telegram_harness import running_adapter, user
from workers.queue import ArqQueue
from workers.settings import build_worker

pytestmark = pytest.mark.redis


@pytest.fixture
async def fake() -> AsyncIterator[TelegramApiFake]:
    async with TelegramApiFake() as server:
        server.add_chat(-1002, "supergroup", "Desk", forum=True)
        server.message_update(-1002, user(1), "topic", thread_id=9)
        yield server


async def test_arq_worker_posts_result(
    make_settings: Callable[..., Any], redis_url: str, fake: TelegramApiFake
) -> None:
    settings = make_settings(
        telegram={"token": TOKEN, "api_base_url": fake.base_url},
        queue={"redis_url": redis_url},
    )
    queue = await ArqQueue.connect(redis_url, settings.queue.queue_name)
    async with running_adapter(settings, fake, queue=queue) as harness:
        update = fake.push_message(-1002, user(42), "/article queues in Redis", thread_id=9)
        command_id = update["message"]["message_id"]
        [queued] = await fake.wait_for(
            lambda: [m for m in fake.bot_messages(-1002) if m.reply_to == command_id]
        )
        await fake.wait_for(lambda: _status_stored(harness))

        worker = build_worker(settings, burst=True)
        try:
            await worker.main()
        finally:
            await worker.close()
        [job] = await harness.jobs()
    replies = [m for m in fake.bot_messages(-1002) if m.reply_to == command_id]

    assert job.status == "completed"
    assert job.delivered_at is not None
    assert len(replies) == 2
    assert replies[0].text == t("job.completed", "en", kind="Article", job_id=job.id)
    assert "queues in Redis" in replies[1].text
    assert [m.thread_id for m in replies] == [9, 9]


async def _status_stored(harness: Any) -> bool:
    jobs = await harness.jobs()
    return bool(jobs) and jobs[0].destination.status_message_id is not None


async def test_queue_down_localized(
    make_settings: Callable[..., Any],
    fake: TelegramApiFake,
    doomed_redis: tuple[str, subprocess.Popen[bytes]],
) -> None:
    redis_url, process = doomed_redis
    settings = make_settings(
        telegram={"token": TOKEN, "api_base_url": fake.base_url},
        queue={"redis_url": redis_url},
    )
    queue = await ArqQueue.connect(redis_url, settings.queue.queue_name)
    async with running_adapter(settings, fake, queue=queue) as harness:
        process.terminate()
        await asyncio.to_thread(process.wait, 10)
        update = fake.push_message(42, user(42, language_code="zh"), "/article 断线")
        command_id = update["message"]["message_id"]
        [reply] = await fake.wait_for(
            lambda: [m for m in fake.bot_messages(42) if m.reply_to == command_id],
            timeout_s=20,
        )
        jobs = await harness.jobs()

    assert reply.text == t("error.queue_unavailable", "zh-CN")
    assert jobs == []
