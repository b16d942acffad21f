"""Webhook mode: the adapter's own HTTP server checks the secret header before queueing anything.
Also ``copydesk telegram`` as the command line runs it."""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
from collections.abc import AsyncIterator, Callable
from typing import Any

import aiohttp
import pytest

from bot.console import main
from bot.telegram.app import run_telegram
from bot.telegram.webhook import SECRET_HEADER
from core.errors import ConfigError
from core.i18n import t
from tests.fakes.telegram_api import TOKEN, TelegramApiFake
from tests.fakes.telegram_harness import WEBHOOK_SECRET, Harness, running_adapter, user

PUBLIC_URL = "https://bot.example.com/telegram/hook"


@pytest.fixture
async def fake() -> AsyncIterator[TelegramApiFake]:
    async with TelegramApiFake() as server:
        yield server


@pytest.fixture
def settings(make_settings: Callable[..., Any], fake: TelegramApiFake) -> Any:
    return make_settings(
        telegram={"token": TOKEN, "api_base_url": fake.base_url, "webhook_secret": WEBHOOK_SECRET}
    )


@pytest.fixture
async def harness(settings: Any, fake: TelegramApiFake) -> AsyncIterator[Harness]:
    async with running_adapter(settings, fake, webhook_url=PUBLIC_URL) as running:
        yield running


async def _post(harness: Harness, body: Any, secret: str | None) -> int:
    assert harness.adapter.webhook is not None
    url = f"http://127.0.0.1:{harness.adapter.webhook.port}/telegram/hook"
    headers = {SECRET_HEADER: secret} if secret is not None else {}
    async with aiohttp.ClientSession() as session:
        if isinstance(body, bytes):
            response = await session.post(url, data=body, headers=headers)
        else:
            response = await session.post(url, json=body, headers=headers)
        async with response:
            return response.status


async def test_webhook_registered_with_secret(harness: Harness, fake: TelegramApiFake) -> None:
    assert fake.webhook["url"] == PUBLIC_URL
    assert fake.webhook["secret_token"] == WEBHOOK_SECRET
    assert fake.webhook["allowed_updates"] == ["message"]
    assert fake.calls_to("getUpdates") == []


async def test_webhook_right_secret_queues(harness: Harness, fake: TelegramApiFake) -> None:
    update = fake.message_update(42, user(42), "/article webhooks")
    status = await _post(harness, update, WEBHOOK_SECRET)
    [job] = await harness.wait_jobs(1)
    replies = await fake.wait_for(
        lambda: [m for m in fake.bot_messages(42) if m.reply_to == update["message"]["message_id"]]
    )
    assert status == 200
    assert job.params["topic"] == "webhooks"
    assert replies[0].history[0].startswith(f"Queued Article job {job.id}")


@pytest.mark.parametrize("secret", [None, "", "wrong-secret", WEBHOOK_SECRET + "x"])
async def test_webhook_forged_rejected(
    harness: Harness, fake: TelegramApiFake, secret: str | None
) -> None:
    update = fake.message_update(42, user(42), "/article forged")
    status = await _post(harness, update, secret)
    await asyncio.sleep(0.2)
    assert status == 401
    assert await harness.jobs() == []
    assert fake.bot_messages(42) == []
    assert harness.adapter.webhook is not None
    assert harness.adapter.webhook.rejected == 1


async def test_webhook_invalid_body(harness: Harness, fake: TelegramApiFake) -> None:
    assert await _post(harness, b"{not json", WEBHOOK_SECRET) == 400
    assert await _post(harness, b"[1, 2]", WEBHOOK_SECRET) == 400


async def test_webhook_not_allowed_chat(
    make_settings: Callable[..., Any], fake: TelegramApiFake
) -> None:
    settings = make_settings(
        telegram={
            "token": TOKEN,
            "api_base_url": fake.base_url,
            "webhook_secret": WEBHOOK_SECRET,
            "allowed_chat_ids": [7],
        }
    )
    async with running_adapter(settings, fake, webhook_url=PUBLIC_URL) as harness:
        update = fake.message_update(42, user(42, language_code="zh-CN"), "/article blocked")
        assert await _post(harness, update, WEBHOOK_SECRET) == 200
        [refusal] = await fake.wait_for(lambda: fake.bot_messages(42))
        assert await harness.jobs() == []
    assert refusal.text == t("telegram.not_allowed", "zh-CN", chat_id=42)


async def test_webhook_needs_secret(
    make_settings: Callable[..., Any], fake: TelegramApiFake
) -> None:
    settings = make_settings(telegram={"token": TOKEN, "api_base_url": fake.base_url})
    with pytest.raises(ConfigError, match="webhook_secret"):
        async with running_adapter(settings, fake, webhook_url=PUBLIC_URL):
            pass


async def test_rejected_token_hidden(
    make_settings: Callable[..., Any], fake: TelegramApiFake
) -> None:
    settings = make_settings(telegram={"token": "1:wrong-token", "api_base_url": fake.base_url})
    with pytest.raises(ConfigError) as caught:
        async with running_adapter(settings, fake):
            pass
    assert "rejected" in str(caught.value)
    assert "wrong-token" not in str(caught.value)


def test_cli_without_token_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["telegram"]) == 2
    assert "telegram.token is not set" in capsys.readouterr().err


async def test_run_telegram_until_sigterm(
    make_settings: Callable[..., Any], fake: TelegramApiFake
) -> None:
    settings = make_settings(telegram={"token": TOKEN, "api_base_url": fake.base_url})
    args = argparse.Namespace(webhook=None, listen="127.0.0.1", port=0)
    original = signal.getsignal(signal.SIGTERM)
    task = asyncio.create_task(run_telegram(settings, args))

    update = fake.push_message(42, user(42), "/article from the command line")
    await fake.wait_for(lambda: len(fake.bot_messages(42)) >= 2)
    # Signal only once the adapter's handler replaced the default one.
    await fake.wait_for(lambda: signal.getsignal(signal.SIGTERM) is not original)
    os.kill(os.getpid(), signal.SIGTERM)
    code = await asyncio.wait_for(task, 10)

    assert code == 0
    assert [m.reply_to for m in fake.bot_messages(42)] == [update["message"]["message_id"]] * 2
