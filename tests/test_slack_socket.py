"""The Slack adapter in Socket Mode against a loopback WebSocket server."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import pytest

from bot.slack.app import SlackRuntime, start_socket_mode
from core.config import Settings
from tests.fakes.slack_api import SlackApiFake
from tests.fakes.slack_harness import slack_settings
from tests.fakes.slack_payloads import command_payload, event_body, mention_event
from tests.fakes.slack_socket import SlackSocketFake
from workers.queue import InProcessQueue


@pytest.fixture
async def socket() -> AsyncIterator[SlackSocketFake]:
    async with SlackSocketFake() as server:
        yield server


@pytest.fixture
async def fake(socket: SlackSocketFake) -> AsyncIterator[SlackApiFake]:
    async with SlackApiFake(socket_url=socket.url, user_locales={"U0001": "zh-CN"}) as server:
        yield server


@pytest.fixture
async def runtime(
    make_settings: Callable[..., Settings], fake: SlackApiFake, socket: SlackSocketFake
) -> AsyncIterator[SlackRuntime]:
    settings = slack_settings(
        make_settings, fake, slack={"app_token": fake.app_token, "signing_secret": None}
    )
    opened = await SlackRuntime.open(settings)
    handler = await start_socket_mode(opened)
    try:
        yield opened
    finally:
        await handler.close_async()
        await opened.aclose()


async def wait_for_job_count(runtime: SlackRuntime, count: int) -> None:
    for _ in range(200):
        if len(await runtime.store.list_jobs()) >= count:
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"expected {count} jobs")


async def test_socket_connects_with_app_token(runtime: SlackRuntime, fake: SlackApiFake) -> None:
    (opened,) = fake.calls_to("apps.connections.open")
    assert opened.token == fake.app_token


async def test_socket_slash_command_acked(runtime: SlackRuntime, socket: SlackSocketFake) -> None:
    envelope_id = await socket.send(
        "slash_commands", command_payload("/article", "Tea and focus", user="U0001")
    )
    ack = await socket.ack(envelope_id)
    (job,) = await runtime.store.list_jobs()
    assert ack["payload"]["response_type"] == "ephemeral"
    assert job.id in ack["payload"]["text"]
    assert job.kind == "article"


async def test_socket_umbrella_command(runtime: SlackRuntime, socket: SlackSocketFake) -> None:
    envelope_id = await socket.send("slash_commands", command_payload("/copydesk", "jobs"))
    ack = await socket.ack(envelope_id)
    assert ack["payload"]["text"] == "No jobs yet."


async def test_socket_mention_delivered(
    runtime: SlackRuntime, socket: SlackSocketFake, fake: SlackApiFake
) -> None:
    body = event_body(mention_event("<@UBOT> article 茶与专注", user="U0001"))
    envelope_id = await socket.send("events_api", body)
    await socket.ack(envelope_id)
    await wait_for_job_count(runtime, 1)
    (job,) = await runtime.store.list_jobs()
    assert isinstance(runtime.queue, InProcessQueue)
    await runtime.queue.wait(job.id)
    (status_message,) = fake.top_level("C1")
    assert job.locale == "zh-CN"
    assert "已完成" in status_message.blocks[0]["text"]["text"]
    assert fake.thread("C1", status_message.ts)


async def test_socket_retried_event_queues_once(
    runtime: SlackRuntime, socket: SlackSocketFake
) -> None:
    body = event_body(mention_event("<@UBOT> article Tea", user="U0001"), event_id="EvSock1")
    first = await socket.send("events_api", body)
    await socket.ack(first)
    await wait_for_job_count(runtime, 1)
    second = await socket.send("events_api", body, retry_attempt=1)
    await socket.ack(second)
    await asyncio.sleep(0.3)
    assert len(await runtime.store.list_jobs()) == 1
