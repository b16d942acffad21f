"""The Slack adapter in HTTP mode: signed slash commands, events and actions on loopback.

The real bolt AsyncApp serves ``/slack/events``. Replies and results go to
the loopback Slack Web API fake, and jobs run in the in-process queue with
the offline provider.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Callable

import pytest

from core.config import Settings
from core.grammar import get_spec
from tests.fakes.slack_api import SlackApiFake
from tests.fakes.slack_harness import Adapter, http_adapter, slack_settings
from tests.fakes.slack_payloads import action_payload, event_body, mention_event

SLASH_COMMANDS = ("/article", "/post", "/script", "/image", "/seo", "/readability")
TOPIC = "Tea and focus for remote teams"


@pytest.fixture
async def fake() -> AsyncIterator[SlackApiFake]:
    async with SlackApiFake(user_locales={"U0001": "en-US", "UZH": "zh-CN"}) as server:
        yield server


@pytest.fixture
async def adapter(
    make_settings: Callable[..., Settings], fake: SlackApiFake
) -> AsyncIterator[Adapter]:
    async with http_adapter(slack_settings(make_settings, fake), fake) as running:
        yield running


async def test_command_article_acks_with_job_id(adapter: Adapter) -> None:
    started = time.perf_counter()
    status, ack = await adapter.client.command("/article", TOPIC, user="U0001")
    elapsed_s = time.perf_counter() - started
    jobs = await adapter.jobs()
    assert status == 200
    assert ack["response_type"] == "ephemeral"
    assert len(jobs) == 1
    assert jobs[0].id in ack["text"]
    assert jobs[0].kind == "article"
    assert jobs[0].destination.chat_id == "C1"
    assert jobs[0].destination.extra["user"] == "U0001"
    assert elapsed_s < 3.0


async def test_command_ack_does_not_wait_for_locale(adapter: Adapter, fake: SlackApiFake) -> None:
    fake.delays_s["users.info"] = 2.0
    started = time.perf_counter()
    status, ack = await adapter.client.command("/article", TOPIC, user="UZH")
    elapsed_s = time.perf_counter() - started
    await fake.wait_for(lambda: fake.calls_to("users.info"))
    assert status == 200
    assert ack["text"].startswith("Queued")
    assert elapsed_s < 1.0


@pytest.mark.parametrize("command", SLASH_COMMANDS)
async def test_each_slash_command(adapter: Adapter, command: str) -> None:
    status, ack = await adapter.client.command(command, TOPIC, user="U0001")
    jobs = await adapter.jobs()
    spec = get_spec(command[1:])
    assert status == 200
    assert ack["response_type"] == "ephemeral"
    if spec is not None and spec.model is not None:
        assert len(jobs) == 1
        assert jobs[0].id in ack["text"]
    else:
        assert jobs == []
        assert command[1:] in ack["text"]


async def test_command_result_posted_in_thread(adapter: Adapter, fake: SlackApiFake) -> None:
    await adapter.client.command("/article", TOPIC, user="U0001")
    (job,) = await adapter.finish_jobs()
    (status_message,) = fake.top_level("C1")
    thread = fake.thread("C1", status_message.ts)
    assert job.status == "completed"
    assert "done" in status_message.blocks[0]["text"]["text"]
    assert thread
    assert job.content_id in json.dumps(thread[-1].blocks)


async def test_umbrella_jobs_status_cancel(adapter: Adapter) -> None:
    _, queued = await adapter.client.command("/article", TOPIC, user="U0001")
    (job,) = await adapter.jobs()
    _, listed = await adapter.client.command("/copydesk", "jobs", user="U0001")
    _, shown = await adapter.client.command("/copydesk", f"status {job.id}", user="U0001")
    _, cancelled = await adapter.client.command("/copydesk", f"cancel {job.id}", user="U0001")
    assert job.id in listed["text"]
    assert job.id in shown["text"]
    assert job.id in cancelled["text"]


async def test_umbrella_help_is_slack_help(adapter: Adapter) -> None:
    _, bare = await adapter.client.command("/copydesk", "", user="U0001")
    _, help_reply = await adapter.client.command("/copydesk", "help", user="U0001")
    assert "/copydesk" in bare["text"]
    assert help_reply["text"] == bare["text"]


async def test_umbrella_help_topic(adapter: Adapter) -> None:
    _, reply = await adapter.client.command("/copydesk", "help article", user="U0001")
    assert "/article" in reply["text"]


async def test_other_user_cannot_see_or_cancel(adapter: Adapter) -> None:
    await adapter.client.command("/article", TOPIC, user="U0001")
    (job,) = await adapter.jobs()
    _, shown = await adapter.client.command("/copydesk", f"status {job.id}", user="U0002")
    _, cancel = await adapter.client.command("/copydesk", f"cancel {job.id}", user="U0002")
    _, listed = await adapter.client.command("/copydesk", "jobs", user="U0002")
    stored = await adapter.runtime.store.get_job(job.id)
    assert "No job or content" in shown["text"]
    assert "No job or content" in cancel["text"]
    assert job.id not in listed["text"]
    assert stored is not None
    assert stored.status != "cancelled"


async def test_bad_signature_rejected(adapter: Adapter) -> None:
    status, _ = await adapter.client.command("/article", TOPIC, signature="v0=" + "0" * 64)
    assert status == 401
    assert await adapter.jobs() == []


async def test_old_timestamp_rejected(adapter: Adapter) -> None:
    status, _ = await adapter.client.command("/article", TOPIC, timestamp=int(time.time()) - 6 * 60)
    assert status == 401
    assert await adapter.jobs() == []


async def test_signed_with_other_secret_rejected(adapter: Adapter) -> None:
    adapter.client.secret = "another-secret"
    status, _ = await adapter.client.command("/article", TOPIC)
    assert status == 401
    assert await adapter.jobs() == []


async def test_url_verification(adapter: Adapter) -> None:
    body = json.dumps({"token": "t", "challenge": "c-123", "type": "url_verification"})
    status, text, _ = await adapter.client.post(body, "application/json")
    assert status == 200
    assert json.loads(text) == {"challenge": "c-123"}


async def test_retried_event_queues_once(adapter: Adapter) -> None:
    body = event_body(mention_event(f"<@UBOT> article {TOPIC}", user="U0001"), event_id="EvRetry1")
    first = await adapter.client.event(body)
    second = await adapter.client.event(body, retry_num=1)
    third = await adapter.client.event(body)
    await asyncio.sleep(0.3)
    jobs = await adapter.jobs()
    assert (first, second, third) == (200, 200, 200)
    assert len(jobs) == 1


async def test_mention_queues_with_ephemeral_reply(adapter: Adapter, fake: SlackApiFake) -> None:
    await adapter.client.event(event_body(mention_event(f"<@UBOT> article {TOPIC}", user="U0001")))
    ephemeral = await fake.wait_for(lambda: fake.ephemerals)
    jobs = await adapter.jobs()
    assert len(jobs) == 1
    assert ephemeral[0]["user"] == "U0001"
    assert jobs[0].id in ephemeral[0]["text"]


async def test_cancel_button(adapter: Adapter, fake: SlackApiFake) -> None:
    await adapter.client.command("/article", TOPIC, user="U0001")
    (job,) = await adapter.jobs()
    payload = action_payload(
        "copydesk_cancel", job.id, user="U0002", response_url=fake.response_url()
    )
    status = await adapter.client.action(payload)
    responses = await fake.wait_for(lambda: fake.responses)
    assert status == 200
    assert "No job or content" in responses[0]["text"]
    assert responses[0]["response_type"] == "ephemeral"


async def test_listener_error_becomes_message(adapter: Adapter) -> None:
    # A closed store makes the Desk fail with an unexpected error.
    await adapter.runtime.store.close()
    status, ack = await adapter.client.command("/article", TOPIC, user="U0001")
    assert status == 200
    assert ack["response_type"] == "ephemeral"
    assert ack["text"].startswith("Something went wrong on our side")
    assert "Traceback" not in ack["text"]


async def test_usage_error_localized(adapter: Adapter) -> None:
    _, reply = await adapter.client.command("/article", "", user="U0001")
    assert reply["response_type"] == "ephemeral"
    assert "article" in reply["text"]


async def test_language_from_slack_locale(adapter: Adapter, fake: SlackApiFake) -> None:
    _, first = await adapter.client.command("/copydesk", "jobs", user="UZH")
    await fake.wait_for(lambda: adapter.runtime.locales.is_cached("UZH"))
    _, second = await adapter.client.command("/copydesk", "jobs", user="UZH")
    assert first["text"] == "No jobs yet."
    assert second["text"] == "还没有任务。"


async def test_language_lang_overrides_slack(adapter: Adapter, fake: SlackApiFake) -> None:
    await adapter.client.command("/copydesk", "jobs", user="UZH")
    await fake.wait_for(lambda: adapter.runtime.locales.is_cached("UZH"))
    _, chosen = await adapter.client.command("/copydesk", "lang en", user="UZH")
    _, listed = await adapter.client.command("/copydesk", "jobs", user="UZH")
    assert chosen["text"] == "Language set to English."
    assert listed["text"] == "No jobs yet."


async def test_language_zh_job_and_status(adapter: Adapter, fake: SlackApiFake) -> None:
    await adapter.client.command("/copydesk", "lang zh-CN", user="U0001")
    _, ack = await adapter.client.command("/article", "茶与专注", user="U0001")
    (job,) = await adapter.finish_jobs()
    (status_message,) = fake.top_level("C1")
    assert ack["text"].startswith("已排队")
    assert job.locale == "zh-CN"
    assert "已完成" in status_message.blocks[0]["text"]["text"]


async def test_health_endpoint(adapter: Adapter) -> None:
    url = adapter.client.url.replace("/slack/events", "/healthz")
    async with adapter.client.session.get(url) as response:
        assert response.status == 200


async def test_channel_not_allowed_command(
    make_settings: Callable[..., Settings], fake: SlackApiFake
) -> None:
    settings = slack_settings(make_settings, fake, slack={"allowed_channel_ids": ["CALLOWED"]})
    async with http_adapter(settings, fake) as running:
        _, refused = await running.client.command("/article", TOPIC, user="U0001", channel="COTHER")
        _, allowed = await running.client.command(
            "/article", TOPIC, user="U0001", channel="CALLOWED"
        )
        jobs = await running.jobs()
    assert refused["response_type"] == "ephemeral"
    assert refused["text"].startswith("Sorry, Copydesk is not enabled in this channel")
    assert len(jobs) == 1
    assert jobs[0].destination.chat_id == "CALLOWED"
    assert jobs[0].id in allowed["text"]


async def test_channel_not_allowed_mention(
    make_settings: Callable[..., Settings], fake: SlackApiFake
) -> None:
    settings = slack_settings(make_settings, fake, slack={"allowed_channel_ids": ["CALLOWED"]})
    async with http_adapter(settings, fake) as running:
        body = event_body(mention_event(f"<@UBOT> article {TOPIC}", user="U0001", channel="COTHER"))
        await running.client.event(body)
        await running.client.event(body, retry_num=1)
        ephemerals = await fake.wait_for(lambda: fake.ephemerals)
        await asyncio.sleep(0.2)
        jobs = await running.jobs()
    assert len(ephemerals) == 1
    assert ephemerals[0]["channel"] == "COTHER"
    assert "not enabled" in ephemerals[0]["text"]
    assert jobs == []
