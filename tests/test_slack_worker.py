"""The Slack adapter with Redis: jobs run by a real arq worker, and Redis going away."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable

import pytest

from core.config import Settings
from tests.fakes.slack_api import SlackApiFake
from tests.fakes.slack_harness import http_adapter, slack_settings
from tests.fakes.slack_payloads import event_body, message_event
from workers.settings import build_worker

pytestmark = pytest.mark.redis


@pytest.fixture
async def fake() -> AsyncIterator[SlackApiFake]:
    async with SlackApiFake(user_locales={"U0001": "en-US"}) as server:
        yield server


async def run_worker(settings: Settings) -> int:
    worker = build_worker(settings, burst=True)
    try:
        await worker.main()
        return worker.jobs_complete
    finally:
        await worker.close()


async def test_worker_posts_result_and_revision(
    make_settings: Callable[..., Settings], fake: SlackApiFake, redis_url: str
) -> None:
    settings = slack_settings(make_settings, fake, queue={"redis_url": redis_url})
    async with http_adapter(settings, fake) as adapter:
        _, ack = await adapter.client.command("/article", "Tea and focus", user="U0001")
        (pending,) = await adapter.jobs()
        assert pending.status == "pending"
        assert pending.id in ack["text"]

        assert await run_worker(settings) == 1
        (status_message,) = fake.top_level("C1")
        reply = message_event(
            "shorter please", user="U0001", thread_ts=status_message.ts, parent_user_id="UBOT"
        )
        await adapter.client.event(event_body(reply))
        await fake.wait_for(lambda: fake.ephemerals)
        assert await run_worker(settings) == 1
        jobs = await adapter.jobs()

    thread = fake.thread("C1", status_message.ts)
    revision_status = [m for m in thread if "Revision" in m.text]
    assert [job.status for job in jobs] == ["completed", "completed"]
    assert jobs[0].kind == "revision"
    assert "done" in status_message.blocks[0]["text"]["text"]
    assert revision_status
    assert "done" in revision_status[0].blocks[0]["text"]["text"]
    assert any("version 2" in str(message.blocks) for message in thread)


async def test_redis_down_shows_queue_unavailable(
    make_settings: Callable[..., Settings], fake: SlackApiFake, doomed_redis
) -> None:
    url, process = doomed_redis
    settings = slack_settings(make_settings, fake, queue={"redis_url": url})
    async with http_adapter(settings, fake) as adapter:
        await adapter.client.command("/copydesk", "lang zh-CN", user="UZH")
        process.terminate()
        process.wait(timeout=10)
        started = time.perf_counter()
        status, english = await adapter.client.command("/article", "Tea", user="U0001")
        elapsed_s = time.perf_counter() - started
        _, chinese = await adapter.client.command("/article", "茶", user="UZH")
        jobs = await adapter.jobs()

    assert status == 200
    assert english["text"] == (
        "The service is busy right now and nothing was queued. Please try again in a minute."
    )
    assert chinese["text"] == "服务繁忙，本次请求未排队。请一分钟后再试。"
    assert jobs == []
    assert elapsed_s < 3.0
