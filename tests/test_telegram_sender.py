"""The loopback Bot API's limits, and the sender and flood limiter that live within them."""

from __future__ import annotations

import asyncio
import time

import pytest
from aiohttp import web
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut
from telegram.ext import ExtBot

from bot.telegram.ratelimit import FloodLimiter
from bot.telegram.sender import Target, TelegramSender
from bot.telegram.transport import AiohttpRequest
from tests.conftest import free_port
from tests.fakes.telegram_api import TOKEN, TelegramApiFake
from tests.fakes.telegram_harness import fast_limiter
from tests.fakes.telegram_html import ParseError, parse_html


async def _bot(fake: TelegramApiFake, limiter: FloodLimiter | None = None) -> ExtBot:
    bot = ExtBot(TOKEN, base_url=fake.base_url, rate_limiter=limiter or fast_limiter())
    await bot.initialize()
    return bot


@pytest.mark.parametrize(
    ("html", "error"),
    [
        ("<b>open", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("<h1>x</h1>", 'Unsupported start tag "h1" at byte offset 0'),
        ("a <3 b", 'Unsupported start tag "3" at byte offset 2'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<b", "Unclosed start tag at byte offset 0"),
    ],
)
def test_fake_html_rejects(html: str, error: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_html(html)
    assert str(caught.value) == error


def test_fake_html_decodes_known_entities_only() -> None:
    text, _ = parse_html("&lt;a&gt; &amp; &quot; &#65; &nbsp; & x")
    assert text == '<a> & " A &nbsp; & x'


async def test_fake_rejects_long_text() -> None:
    async with TelegramApiFake() as fake:
        bot = await _bot(fake)
        with pytest.raises(BadRequest, match="too long"):
            await bot.send_message(42, "x" * 4097)
        await bot.send_message(42, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")
        await bot.shutdown()
    assert len(fake.bot_messages(42)) == 1


async def test_fake_rejects_long_caption() -> None:
    async with TelegramApiFake() as fake:
        bot = await _bot(fake)
        with pytest.raises(BadRequest, match="caption is too long"):
            await bot.send_photo(42, b"png", caption="y" * 1025)
        await bot.shutdown()


async def test_sender_falls_back_to_plain() -> None:
    async with TelegramApiFake() as fake:
        bot = await _bot(fake)
        message = await TelegramSender(bot).send_html(Target(42), "<b>bold & <u>unclosed</b>")
        await bot.shutdown()
    [stored] = fake.bot_messages(42)
    assert message.message_id == stored.message_id
    assert stored.parse_mode is None
    assert stored.text == "bold & unclosed"
    assert fake.calls_to("sendMessage")[0].status == 400


async def test_sender_edit_not_modified() -> None:
    async with TelegramApiFake() as fake:
        bot = await _bot(fake)
        sender = TelegramSender(bot)
        sent = await sender.send_html(Target(42), "<b>50%</b>")
        first = await sender.edit_html(42, sent.message_id, "<b>60%</b>")
        second = await sender.edit_html(42, sent.message_id, "<b>60%</b>")
        await bot.shutdown()
    assert first is True
    assert second is False
    assert fake.bot_messages(42)[0].text == "60%"


async def test_sender_edit_missing_message() -> None:
    async with TelegramApiFake() as fake:
        bot = await _bot(fake)
        edited = await TelegramSender(bot).edit_html(42, 999, "text")
        await bot.shutdown()
    assert edited is False


async def test_limiter_waits_out_429_edit() -> None:
    limiter = fast_limiter()
    async with TelegramApiFake() as fake:
        bot = await _bot(fake, limiter)
        sender = TelegramSender(bot)
        sent = await sender.send_html(Target(42), "queued")
        fake.flood("editMessageText", retry_after=1)
        started = time.monotonic()
        await sender.edit_html(42, sent.message_id, "done")
        elapsed_s = time.monotonic() - started
        await bot.shutdown()
    edits = fake.calls_to("editMessageText")
    assert [call.status for call in edits] == [429, 200]
    assert edits[1].at - edits[0].at >= 1.0
    assert elapsed_s >= 1.0
    assert limiter.retries == 1
    assert fake.bot_messages(42)[0].text == "done"


async def test_limiter_gives_up_after_retries() -> None:
    limiter = FloodLimiter(overall_per_s=0, chat_per_s=0, group_per_min=0, max_retries=1)
    async with TelegramApiFake() as fake:
        bot = await _bot(fake, limiter)
        fake.flood("sendMessage", retry_after=0.05, times=2)
        with pytest.raises(RetryAfter):
            await bot.send_message(42, "x")
        await bot.shutdown()
    assert len(fake.calls_to("sendMessage")) == 2


async def test_sender_outlasts_limiter_retries() -> None:
    limiter = FloodLimiter(overall_per_s=0, chat_per_s=0, group_per_min=0, max_retries=1)
    async with TelegramApiFake() as fake:
        bot = await _bot(fake, limiter)
        fake.flood("sendMessage", retry_after=0.05, times=3)
        await TelegramSender(bot).send_html(Target(42), "kept")
        await bot.shutdown()
    assert [m.text for m in fake.bot_messages(42)] == ["kept"]


async def test_limiter_paces_one_chat_only() -> None:
    limiter = FloodLimiter(overall_per_s=0, chat_per_s=5, group_per_min=0)
    async with TelegramApiFake() as fake:
        bot = await _bot(fake, limiter)
        started = time.monotonic()
        busy = [bot.send_message(42, f"m{n}") for n in range(10)]
        others = [bot.send_message(1000 + n, "x") for n in range(5)]
        await asyncio.gather(*busy, *others)
        await bot.shutdown()
    busy_times = [call.at for call in fake.calls_to("sendMessage") if call.params["chat_id"] == 42]
    other_times = [call.at for call in fake.calls_to("sendMessage") if call.params["chat_id"] != 42]
    # The bucket lets 5 through at once, then 5 per second: the last waits about 1s.
    assert max(busy_times) - started >= 0.8
    assert max(other_times) - started < 0.5


async def test_limiter_fresh_chats_have_capacity() -> None:
    limiter = FloodLimiter(overall_per_s=0, chat_per_s=0, group_per_min=3)
    assert limiter.has_capacity(-100) is True
    assert limiter.has_capacity(42) is True


async def test_limiter_group_budget_runs_out() -> None:
    limiter = FloodLimiter(overall_per_s=0, chat_per_s=0, group_per_min=3)
    async with TelegramApiFake() as fake:
        bot = await _bot(fake, limiter)
        for n in range(3):
            await bot.send_message(-100, f"m{n}")
        await bot.shutdown()
    assert limiter.has_capacity(-100) is False
    assert limiter.has_capacity(-200) is True
    assert limiter.has_capacity(42) is True


async def test_sender_follows_migration() -> None:
    migrations: list[tuple[int, int]] = []

    async def record(old: int, new: int) -> None:
        migrations.append((old, new))

    async with TelegramApiFake() as fake:
        fake.add_chat(-5, "group", "Team")
        fake.migrate_chat(-5, -1005)
        bot = await _bot(fake)
        target = Target(-5, reply_to=3)
        message = await TelegramSender(bot, on_migrated=record).send_html(target, "hello")
        await bot.shutdown()
    assert message.chat_id == -1005
    assert target.chat_id == -1005
    assert migrations == [(-5, -1005)]
    assert [m.text for m in fake.bot_messages(-1005)] == ["hello"]


async def test_sender_retries_network_errors() -> None:
    async with TelegramApiFake() as fake:
        bot = await _bot(fake)
        fake.fail("sendMessage", 502, "Bad Gateway", times=2)
        await TelegramSender(bot, backoff_s=0.01).send_html(Target(42), "after 502s")
        await bot.shutdown()
    assert [call.status for call in fake.calls_to("sendMessage")] == [502, 502, 200]
    assert [m.text for m in fake.bot_messages(42)] == ["after 502s"]


async def test_sender_network_tries_run_out() -> None:
    async with TelegramApiFake() as fake:
        bot = await _bot(fake)
        fake.fail("sendMessage", 502, "Bad Gateway", times=3)
        with pytest.raises(NetworkError):
            await TelegramSender(bot, tries=3, backoff_s=0.01).send_html(Target(42), "lost")
        await bot.shutdown()
    assert len(fake.calls_to("sendMessage")) == 3


async def test_sender_drops_missing_topic() -> None:
    async with TelegramApiFake() as fake:
        fake.add_chat(-100, "supergroup", "Forum", forum=True)
        bot = await _bot(fake)
        message = await TelegramSender(bot).send_html(Target(-100, thread_id=404), "still posted")
        await bot.shutdown()
    assert message.message_thread_id is None
    assert [m.text for m in fake.bot_messages(-100)] == ["still posted"]


async def test_transport_read_timeout() -> None:
    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(1)
        return web.json_response({"ok": True, "result": True})

    app = web.Application()
    app.router.add_post("/{tail:.*}", slow)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    request = AiohttpRequest(read_timeout_s=0.2)
    await request.initialize()
    try:
        with pytest.raises(TimedOut):
            await request.post(f"http://127.0.0.1:{port}/botX/getMe")
    finally:
        await request.shutdown()
        await runner.cleanup()


async def test_transport_refused_is_network_error() -> None:
    request = AiohttpRequest()
    await request.initialize()
    try:
        with pytest.raises(NetworkError) as caught:
            await request.post(f"http://127.0.0.1:{free_port()}/botX/getMe")
    finally:
        await request.shutdown()
    assert "aiohttp" in str(caught.value)
