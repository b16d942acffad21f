"""Starting the Slack adapter: config checks, auth.test, and the ``copydesk slack`` command."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import aiohttp
import pytest

from bot.slack.app import SlackRuntime
from core.config import Settings
from core.errors import ConfigError
from tests.conftest import free_port
from tests.fakes.slack_api import SlackApiFake
from tests.fakes.slack_harness import slack_settings
from tests.fakes.slack_payloads import SIGNING_SECRET, SignedClient

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
async def fake() -> AsyncIterator[SlackApiFake]:
    async with SlackApiFake() as server:
        yield server


async def test_open_rejects_bad_token(
    make_settings: Callable[..., Settings], fake: SlackApiFake
) -> None:
    settings = slack_settings(make_settings, fake, slack={"bot_token": "xoxb-wrong"})
    with pytest.raises(ConfigError, match="invalid_auth"):
        await SlackRuntime.open(settings)


async def test_open_needs_bot_token(make_settings: Callable[..., Settings]) -> None:
    settings = make_settings(slack={"signing_secret": SIGNING_SECRET})
    with pytest.raises(ConfigError, match="slack.bot_token is not set"):
        await SlackRuntime.open(settings)


async def test_http_mode_needs_signing_secret(
    make_settings: Callable[..., Settings], fake: SlackApiFake
) -> None:
    settings = slack_settings(make_settings, fake, slack={"signing_secret": None})
    with pytest.raises(ConfigError, match="slack.signing_secret"):
        await SlackRuntime.open(settings)


async def wait_for_health(session: aiohttp.ClientSession, port: int) -> None:
    for _ in range(300):
        try:
            async with session.get(f"http://127.0.0.1:{port}/healthz") as response:
                if response.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.05)
    raise AssertionError("copydesk slack did not start")


async def test_cli_serves_http_and_stops(fake: SlackApiFake, tmp_path: Path) -> None:
    port = free_port()
    environment = {
        **{key: value for key, value in os.environ.items() if not key.startswith("COPYDESK_")},
        "COPYDESK_SLACK__BOT_TOKEN": fake.bot_token,
        "COPYDESK_SLACK__SIGNING_SECRET": SIGNING_SECRET,
        "COPYDESK_SLACK__API_BASE_URL": fake.base_url,
        "COPYDESK_STORAGE__PATH": str(tmp_path / "copydesk.db"),
        "COPYDESK_APP__DATA_DIR": str(tmp_path / "data"),
        "PYTHONPATH": str(ROOT),
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.console",
        "slack",
        "--listen",
        "127.0.0.1",
        "--port",
        str(port),
        cwd=tmp_path,
        env=environment,
    )
    try:
        async with aiohttp.ClientSession() as session:
            await wait_for_health(session, port)
            client = SignedClient(f"http://127.0.0.1:{port}/slack/events", session)
            status, ack = await client.command("/copydesk", "jobs", user="U0001")
    finally:
        process.send_signal(signal.SIGTERM)
        exit_code = await asyncio.wait_for(process.wait(), timeout=20)
    assert status == 200
    assert ack["text"] == "No jobs yet."
    assert exit_code == 0
