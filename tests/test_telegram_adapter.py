"""The adapter on PTB's real Application with long polling against the loopback Bot API.

Jobs run in the in-process queue with the offline provider; the notifier
posts through the same fake server.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from core.formatting.escape import WORD_JOINER
from core.grammar import command_names, get_spec
from core.i18n import t
from storage.models import Job
from tests.fakes.telegram_api import BOT_USERNAME, TOKEN, TelegramApiFake
from tests.fakes.telegram_harness import Harness, running_adapter, user

FORUM = -1001234
TOPIC = 77
GROUP = -555


@pytest.fixture
async def fake() -> AsyncIterator[TelegramApiFake]:
    async with TelegramApiFake() as server:
        server.add_chat(FORUM, "supergroup", "Desk forum", forum=True)
        server.add_chat(GROUP, "group", "Plain group")
        # The topic exists once a message was posted in it.
        server.message_update(FORUM, user(1), "topic opened", thread_id=TOPIC)
        yield server


@pytest.fixture
def settings_for(make_settings: Callable[..., Any], fake: TelegramApiFake) -> Callable[..., Any]:
    def build(**telegram: Any) -> Any:
        values = {"token": TOKEN, "api_base_url": fake.base_url, **telegram}
        return make_settings(telegram=values)

    return build


@pytest.fixture
async def harness(
    settings_for: Callable[..., Any], fake: TelegramApiFake
) -> AsyncIterator[Harness]:
    async with running_adapter(settings_for(), fake) as running:
        yield running


async def _reply_to(
    fake: TelegramApiFake, chat_id: int, message_id: int, count: int = 1
) -> list[Any]:
    def replies() -> list[Any] | None:
        found = [m for m in fake.bot_messages(chat_id) if m.reply_to == message_id]
        return found if len(found) >= count else None

    return await fake.wait_for(replies)


def _command_lines() -> list[str]:
    """One valid line per registered command; content kinds get a topic."""
    lines = []
    for name in command_names():
        spec = get_spec(name)
        assert spec is not None
        if spec.model is not None:
            lines.append(f"/{name} remote work for small teams")
        elif name in ("status", "cancel"):
            lines.append(f"/{name} {{job_id}}")
        elif name in ("history", "show"):
            lines.append(f"/{name} {{content_id}}")
        elif name == "revise":
            lines.append("/revise {content_id} make it shorter")
        else:
            lines.append(f"/{name}")
    return [*lines, "/start", "/lang zh-CN", "/lang en"]


@pytest.mark.parametrize("line", _command_lines())
@pytest.mark.parametrize("place", ["private", "topic"])
async def test_command_answered_in_place(
    harness: Harness, fake: TelegramApiFake, line: str, place: str
) -> None:
    chat_id, thread_id = (42, None) if place == "private" else (FORUM, TOPIC)
    first = fake.push_message(chat_id, user(42), "/article seed topic", thread_id=thread_id)
    await _reply_to(fake, chat_id, first["message"]["message_id"])
    [job] = await harness.wait_jobs(1)

    text = line.format(job_id=job.id, content_id=job.content_id)
    update = fake.push_message(chat_id, user(42), text, thread_id=thread_id)
    [reply, *_] = await _reply_to(fake, chat_id, update["message"]["message_id"])
    await harness.wait_jobs(len(await harness.jobs()))

    assert reply.thread_id == thread_id
    assert reply.text
    assert all(call.status in (200, 400) for call in fake.calls)
    assert not [c for c in fake.calls if c.status == 400 and "parse" in (c.description or "")]


async def test_article_private_flow(harness: Harness, fake: TelegramApiFake) -> None:
    update = fake.push_message(42, user(42), "/article AI in schools")
    command_id = update["message"]["message_id"]
    [job] = await harness.wait_jobs(1)
    status, result = await _reply_to(fake, 42, command_id, count=2)

    assert job.status == "completed"
    assert job.destination.status_message_id == str(status.message_id)
    assert status.text == t("job.completed", "en", kind="Article", job_id=job.id)
    assert status.history[0].startswith(f"Queued Article job {job.id}")
    assert "AI in schools" in result.text
    assert f"Content {job.content_id}, version 1" in result.text
    assert await harness.store.find_linked_content("telegram", "42", str(result.message_id)) == (
        job.content_id
    )


async def test_article_forum_topic_flow(harness: Harness, fake: TelegramApiFake) -> None:
    update = fake.push_message(FORUM, user(42), "/article remote teams", thread_id=TOPIC)
    [job] = await harness.wait_jobs(1)
    replies = await _reply_to(fake, FORUM, update["message"]["message_id"], count=2)

    assert job.destination.thread_id == str(TOPIC)
    assert [m.thread_id for m in replies] == [TOPIC, TOPIC]
    assert [c.params.get("message_thread_id") for c in fake.calls_to("sendMessage")] == [TOPIC] * 2


async def test_reply_thread_not_a_topic(harness: Harness, fake: TelegramApiFake) -> None:
    # In a group without topics, message_thread_id marks a reply thread only.
    update = fake.push_message(GROUP, user(42), "/jobs", thread_id=5)
    [reply] = await _reply_to(fake, GROUP, update["message"]["message_id"])
    assert reply.thread_id is None
    assert "message_thread_id" not in fake.calls_to("sendMessage")[0].params


async def test_command_for_our_bot_by_name(harness: Harness, fake: TelegramApiFake) -> None:
    update = fake.push_message(GROUP, user(42), f"/article@{BOT_USERNAME} named bots")
    [job] = await harness.wait_jobs(1)
    await _reply_to(fake, GROUP, update["message"]["message_id"], count=2)
    assert job.params["topic"] == "named bots"


async def test_command_for_other_bot_ignored(harness: Harness, fake: TelegramApiFake) -> None:
    fake.push_message(GROUP, user(42), "/article@OtherBot not for us")
    fake.push_message(GROUP, user(42), "/unknowncommand in a group")
    marker = fake.push_message(GROUP, user(42), "/jobs")
    await _reply_to(fake, GROUP, marker["message"]["message_id"])

    assert await harness.jobs() == []
    assert len(fake.bot_messages(GROUP)) == 1


async def test_unknown_command_private_answered(harness: Harness, fake: TelegramApiFake) -> None:
    update = fake.push_message(42, user(42), "/frobnicate now")
    [reply] = await _reply_to(fake, 42, update["message"]["message_id"])
    assert reply.text.startswith(t("usage.unknown_command", "en", name="frobnicate"))


async def test_plain_private_text_gets_hint(harness: Harness, fake: TelegramApiFake) -> None:
    update = fake.push_message(42, user(42), "hello there")
    [reply] = await _reply_to(fake, 42, update["message"]["message_id"])
    assert reply.text == t("telegram.private_hint", "en")


async def test_not_allowed_refused_once(
    settings_for: Callable[..., Any], fake: TelegramApiFake
) -> None:
    async with running_adapter(settings_for(allowed_chat_ids=[42]), fake) as harness:
        fake.push_message(99, user(99), "/article sneaky")
        fake.push_message(99, user(99), "/article again")
        allowed = fake.push_message(42, user(42), "/jobs")
        await _reply_to(fake, 42, allowed["message"]["message_id"])
        jobs = await harness.jobs()

    assert jobs == []
    assert [m.text for m in fake.bot_messages(99)] == [t("telegram.not_allowed", "en", chat_id=99)]


async def test_cancel_other_users_job(harness: Harness, fake: TelegramApiFake) -> None:
    owner = await harness.store.upsert_user("telegram", "42", "Ann")
    job = Job(id="feed1234", kind="article", user_id=owner.id, params={"topic": "x"})
    await harness.store.create_job(job)

    cancel = fake.push_message(43, user(43, "Bob"), "/cancel feed1234")
    status = fake.push_message(43, user(43, "Bob"), "/status feed1234")
    [cancel_reply] = await _reply_to(fake, 43, cancel["message"]["message_id"])
    [status_reply] = await _reply_to(fake, 43, status["message"]["message_id"])
    stored = await harness.store.get_job("feed1234")

    assert cancel_reply.text == t("error.not_found", "en", item_id="feed1234")
    assert status_reply.text == t("error.not_found", "en", item_id="feed1234")
    assert stored is not None
    assert stored.status == "pending"


async def test_cancel_own_job_edits_status(harness: Harness, fake: TelegramApiFake) -> None:
    owner = await harness.store.upsert_user("telegram", "42", "Ann")
    job = Job(id="beef5678", kind="article", user_id=owner.id, params={"topic": "x"})
    await harness.store.create_job(job)
    status_message = await harness.adapter.application.bot.send_message(42, "queued")
    destination = job.destination.model_copy(
        update={
            "platform": "telegram",
            "chat_id": "42",
            "status_message_id": str(status_message.message_id),
        }
    )
    await harness.store.update_destination(job.id, destination)

    update = fake.push_message(42, user(42), "/cancel beef5678")
    [reply] = await _reply_to(fake, 42, update["message"]["message_id"])
    await fake.wait_for(lambda: fake.bot_messages(42)[0].edits)

    assert reply.text == t("job.cancelled", "en", job_id="beef5678")
    assert fake.bot_messages(42)[0].text == t("job.cancelled", "en", job_id="beef5678")


async def test_language_from_telegram_user(harness: Harness, fake: TelegramApiFake) -> None:
    zh = fake.push_message(50, user(50, "Li", language_code="zh-hans"), "/article 远程办公")
    en = fake.push_message(51, user(51, "Al", language_code="en-GB"), "/article remote work")
    await harness.wait_jobs(2)
    zh_status, zh_result = await _reply_to(fake, 50, zh["message"]["message_id"], count=2)
    en_status, en_result = await _reply_to(fake, 51, en["message"]["message_id"], count=2)

    assert zh_status.history[0].startswith("已排队")
    assert zh_status.text.endswith("已完成。")
    assert "回复本消息即可要求修改" in zh_result.text
    assert en_status.history[0].startswith("Queued")
    assert "Reply to this message to ask for changes" in en_result.text


async def test_lang_command_overrides_platform(harness: Harness, fake: TelegramApiFake) -> None:
    fake.push_message(52, user(52, language_code="en"), "/lang zh-CN")
    update = fake.push_message(52, user(52, language_code="en"), "/jobs")
    [reply] = await _reply_to(fake, 52, update["message"]["message_id"])
    assert reply.text == t("job.none", "zh-CN")


async def test_default_locale_without_language(
    settings_for: Callable[..., Any], make_settings: Callable[..., Any], fake: TelegramApiFake
) -> None:
    settings = make_settings(
        telegram={"token": TOKEN, "api_base_url": fake.base_url}, app={"default_locale": "zh-CN"}
    )
    async with running_adapter(settings, fake):
        update = fake.push_message(53, user(53, language_code=None), "/jobs")
        [reply] = await _reply_to(fake, 53, update["message"]["message_id"])
    assert reply.text == t("job.none", "zh-CN")


async def test_echoed_text_makes_no_mention(harness: Harness, fake: TelegramApiFake) -> None:
    update = fake.push_message(42, user(42), "/article <b>@everyone</b> & *stars* _under_")
    [queued, *_] = await _reply_to(fake, 42, update["message"]["message_id"])
    await harness.wait_jobs(1)
    sent = fake.calls_to("sendMessage")[0]

    assert sent.params["parse_mode"] == "HTML"
    assert f"<b>@{WORD_JOINER}everyone</b> & *stars* _under_" in queued.history[0]
    assert queued.entities == []


async def test_menu_registered_both_languages(harness: Harness, fake: TelegramApiFake) -> None:
    names = [name for name in command_names()]
    assert sorted(fake.commands) == ["", "en", "zh"]
    for language in ("", "en", "zh"):
        assert [c["command"] for c in fake.commands[language]] == names
    article_zh = next(c for c in fake.commands["zh"] if c["command"] == "article")
    assert article_zh["description"] == t("telegram.command.article", "zh-CN")


async def test_store_failure_reaches_error_handler(harness: Harness, fake: TelegramApiFake) -> None:
    await harness.store.close()
    update = fake.push_message(42, user(42, language_code="zh"), "/jobs")
    [reply] = await _reply_to(fake, 42, update["message"]["message_id"])
    assert reply.text == t("error.internal", "zh-CN")
