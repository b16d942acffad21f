"""Mentions in threads, revisions by thread replies, and direct messages."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable

import pytest

from core.config import Settings
from storage.models import Job
from tests.fakes.slack_api import FakeMessage, SlackApiFake
from tests.fakes.slack_harness import Adapter, http_adapter, slack_settings
from tests.fakes.slack_payloads import event_body, mention_event, message_event

TOPIC = "Tea and focus for remote teams"


@pytest.fixture
async def fake() -> AsyncIterator[SlackApiFake]:
    async with SlackApiFake(user_locales={"U0001": "en-US", "U0002": "en-GB"}) as server:
        yield server


@pytest.fixture
async def adapter(
    make_settings: Callable[..., Settings], fake: SlackApiFake
) -> AsyncIterator[Adapter]:
    async with http_adapter(slack_settings(make_settings, fake), fake) as running:
        yield running


async def finished_article(adapter: Adapter) -> tuple[Job, FakeMessage]:
    """Queue an article by slash command, wait for it, return the job and its status message."""
    await adapter.client.command("/article", TOPIC, user="U0001")
    (job,) = await adapter.finish_jobs()
    (status_message,) = adapter.fake.top_level("C1")
    return job, status_message


async def wait_for_jobs(adapter: Adapter, count: int) -> list[Job]:
    for _ in range(200):
        jobs = await adapter.jobs()
        if len(jobs) >= count:
            return await adapter.finish_jobs()
        await asyncio.sleep(0.02)
    raise AssertionError(f"expected {count} jobs")


def blocks_text(messages: list[FakeMessage]) -> str:
    return json.dumps([message.blocks for message in messages], ensure_ascii=False)


async def test_mention_in_thread_posts_there(adapter: Adapter, fake: SlackApiFake) -> None:
    event = mention_event(f"<@UBOT> article {TOPIC}", user="U0001", thread_ts="1700000000.000100")
    await adapter.client.event(event_body(event))
    (job,) = await wait_for_jobs(adapter, 1)
    thread = fake.thread("C1", "1700000000.000100")
    assert job.status == "completed"
    assert job.destination.thread_id == "1700000000.000100"
    assert fake.top_level("C1") == []
    assert "done" in thread[0].blocks[0]["text"]["text"]
    assert job.content_id in blocks_text(thread[1:])


async def test_reply_in_bot_thread_revises(adapter: Adapter, fake: SlackApiFake) -> None:
    job, status_message = await finished_article(adapter)
    reply = message_event(
        "Make the intro shorter &amp; friendlier",
        user="U0001",
        thread_ts=status_message.ts,
        parent_user_id="UBOT",
    )
    await adapter.client.event(event_body(reply))
    jobs = await wait_for_jobs(adapter, 2)
    revision = jobs[0]
    thread = fake.thread("C1", status_message.ts)
    assert revision.kind == "revision"
    assert revision.status == "completed"
    assert revision.params["instruction"] == "Make the intro shorter & friendlier"
    assert revision.content_id == job.content_id
    assert revision.output is not None
    assert revision.output["version"] == 2
    assert "version 2" in blocks_text(thread)
    assert revision.id in fake.ephemerals[-1]["text"]
    assert fake.ephemerals[-1]["thread_ts"] == status_message.ts


async def test_mention_in_result_thread_revises(adapter: Adapter, fake: SlackApiFake) -> None:
    job, status_message = await finished_article(adapter)
    event = mention_event("<@UBOT> add a closing tip", user="U0001", thread_ts=status_message.ts)
    await adapter.client.event(event_body(event))
    jobs = await wait_for_jobs(adapter, 2)
    assert jobs[0].kind == "revision"
    assert jobs[0].content_id == job.content_id
    assert jobs[0].params["instruction"] == "add a closing tip"


async def test_mention_command_in_result_thread(adapter: Adapter, fake: SlackApiFake) -> None:
    job, status_message = await finished_article(adapter)
    event = mention_event("<@UBOT> jobs", user="U0001", thread_ts=status_message.ts)
    await adapter.client.event(event_body(event))
    ephemeral = await fake.wait_for(lambda: fake.ephemerals)
    assert len(await adapter.jobs()) == 1
    assert job.id in ephemeral[-1]["text"]


async def test_seo_mention_in_result_thread(adapter: Adapter, fake: SlackApiFake) -> None:
    job, status_message = await finished_article(adapter)
    event = mention_event("<@UBOT> seo --keywords tea", user="U0001", thread_ts=status_message.ts)
    await adapter.client.event(event_body(event))
    jobs = await wait_for_jobs(adapter, 2)
    report = jobs[0]
    assert report.kind == "seo"
    assert report.status == "completed"
    assert report.params["text"] == job.content_id
    assert report.output["source_content_id"] == job.content_id
    assert report.output["analysis"]["keywords"][0]["keyword"] == "tea"


async def test_teammate_reply_ignored(adapter: Adapter, fake: SlackApiFake) -> None:
    _, status_message = await finished_article(adapter)
    reply = message_event(
        "Looks great!", user="U0002", thread_ts=status_message.ts, parent_user_id="UBOT"
    )
    await adapter.client.event(event_body(reply))
    await asyncio.sleep(0.3)
    assert len(await adapter.jobs()) == 1
    assert fake.ephemerals == []


async def test_teammate_mention_not_found(adapter: Adapter, fake: SlackApiFake) -> None:
    job, status_message = await finished_article(adapter)
    event = mention_event("<@UBOT> rewrite it", user="U0002", thread_ts=status_message.ts)
    await adapter.client.event(event_body(event))
    ephemeral = await fake.wait_for(lambda: fake.ephemerals)
    assert len(await adapter.jobs()) == 1
    assert ephemeral[0]["user"] == "U0002"
    assert f"No job or content {job.content_id}" in ephemeral[0]["text"]


async def test_reply_in_other_thread_ignored(adapter: Adapter, fake: SlackApiFake) -> None:
    await finished_article(adapter)
    reply = message_event("make it shorter", user="U0001", thread_ts="1600000000.000001")
    await adapter.client.event(event_body(reply))
    await asyncio.sleep(0.3)
    assert len(await adapter.jobs()) == 1


async def test_reply_with_mention_handled_once(adapter: Adapter, fake: SlackApiFake) -> None:
    _, status_message = await finished_article(adapter)
    text = "<@UBOT> make it shorter"
    mention = mention_event(text, user="U0001", thread_ts=status_message.ts)
    message = message_event(text, user="U0001", thread_ts=status_message.ts, parent_user_id="UBOT")
    message["ts"] = mention["ts"]
    await adapter.client.event(event_body(mention))
    await adapter.client.event(event_body(message))
    jobs = await wait_for_jobs(adapter, 2)
    await asyncio.sleep(0.2)
    assert len(await adapter.jobs()) == len(jobs) == 2


async def test_bot_message_ignored(adapter: Adapter, fake: SlackApiFake) -> None:
    _, status_message = await finished_article(adapter)
    reply = message_event("a bot post", user="U0001", thread_ts=status_message.ts)
    reply.update(subtype="bot_message", bot_id="BOTHER", parent_user_id="UBOT")
    await adapter.client.event(event_body(reply))
    await asyncio.sleep(0.3)
    assert len(await adapter.jobs()) == 1


async def test_direct_message_command(adapter: Adapter, fake: SlackApiFake) -> None:
    event = message_event(f"article {TOPIC}", user="U0001", channel="D1", channel_type="im")
    await adapter.client.event(event_body(event))
    (job,) = await wait_for_jobs(adapter, 1)
    assert job.kind == "article"
    assert job.destination.chat_id == "D1"
    assert fake.top_level("D1")
