"""Results through the adapter and the notifier: long and hostile model output, revisions by
reply, 429 responses, migrated groups, the team notice and images.

Model output comes from the loopback OpenAI server with a scripted reply.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from telegram.ext import ExtBot

from bot.telegram.notifier import TelegramNotifier
from bot.telegram.render import html_to_plain
from core.formatting.escape import WORD_JOINER
from core.i18n import t
from storage import open_store
from storage.models import Destination, Job
from tests.fakes import Reply as ModelReply
from tests.fakes import tiny_png
from tests.fakes.openai_server import OpenAIFake
from tests.fakes.telegram_api import TOKEN, TelegramApiFake
from tests.fakes.telegram_harness import fast_limiter, running_adapter, user
from tests.fakes.telegram_html import utf16_len

SUPERGROUP = -1009876


def long_article() -> str:
    """About 9,000 characters of Markdown with headings, a code block and a table."""
    paragraph = (
        "Remote teams write more than they talk. Each decision lives in a document, "
        "so a new colleague can read why things are the way they are. "
    )
    sections = []
    for number in range(1, 9):
        sections.append(f"## Section {number}\n\n" + paragraph * 6)
    code = "\n".join(f"def step_{n}(x):\n    return x < {n} and x & {n}" for n in range(40))
    table = "| Tool | Use | Cost |\n|---|---|---|\n" + "\n".join(
        f"| Tool {n} | notes & <drafts> | {n * 5} $ |" for n in range(12)
    )
    body = "\n\n".join(sections[:4] + [f"```python\n{code}\n```", table] + sections[4:])
    return f"# Writing for remote teams\n\n{body}\n"


HOSTILE = (
    "# <Title> & **bold\n\n"
    "Use a < b && b > c; never </b> or <i>. 2 * 3 * 4 = 24, a_b_c, __init__.\n\n"
    "*unclosed emphasis and `unclosed code and [broken link](javascript:alert(1))\n\n"
    "Ping @team_lead and <a href='x'>fake link</a> &nbsp; &#x41; &\n\n"
    "> quote > nested\n>> deeper <tag>\n\n"
    '```\n<div class="x">&amp;</div>\n'
)


@pytest.fixture
async def telegram() -> AsyncIterator[TelegramApiFake]:
    async with TelegramApiFake() as server:
        server.add_chat(SUPERGROUP, "supergroup", "Editors")
        yield server


@pytest.fixture
async def model() -> AsyncIterator[OpenAIFake]:
    async with OpenAIFake() as server:
        yield server


@pytest.fixture
def settings(
    make_settings: Callable[..., Any], telegram: TelegramApiFake, model: OpenAIFake
) -> Any:
    return make_settings(
        telegram={"token": TOKEN, "api_base_url": telegram.base_url, "notify_chat_id": -1000555},
        llm={"provider": "openai", "base_url": model.base_url, "api_key": "test", "tries": 1},
    )


def _no_rejected_html(telegram: TelegramApiFake) -> bool:
    return not [c for c in telegram.calls if c.status == 400 and c.method != "editMessageText"]


async def _results(
    telegram: TelegramApiFake, chat_id: int, command_id: int, count: int
) -> list[Any]:
    def found() -> list[Any] | None:
        replies = [m for m in telegram.bot_messages(chat_id) if m.reply_to == command_id]
        return replies if len(replies) >= count else None

    return await telegram.wait_for(found)


async def test_long_article_split_and_attached(
    settings: Any, telegram: TelegramApiFake, model: OpenAIFake
) -> None:
    article = long_article()
    assert 8_500 <= len(article) <= 10_000
    model.script([ModelReply(text=article)])
    async with running_adapter(settings, telegram) as harness:
        update = telegram.push_message(42, user(42), "/article remote writing")
        [job] = await harness.wait_jobs(1)
    replies = [
        m for m in telegram.bot_messages(42) if m.reply_to == update["message"]["message_id"]
    ]
    parts = [m for m in replies[1:] if m.text is not None]
    documents = [m for m in replies if m.document is not None]

    assert job.status == "completed"
    assert len(parts) >= 3
    assert _no_rejected_html(telegram)
    assert all(utf16_len(part.text) <= 4096 for part in parts)
    assert [part.text.split("\n", 1)[0] for part in parts] == [
        f"({n}/{len(parts)})" for n in range(1, len(parts) + 1)
    ]
    assert all(part.parse_mode == "HTML" for part in parts)
    assert len(documents) == 1
    assert documents[0].document == article.encode("utf-8")
    assert documents[0].document_name.endswith(".md")


async def test_long_article_keeps_code_and_table(
    settings: Any, telegram: TelegramApiFake, model: OpenAIFake
) -> None:
    model.script([ModelReply(text=long_article())])
    async with running_adapter(settings, telegram) as harness:
        telegram.push_message(42, user(42), "/article remote writing")
        await harness.wait_jobs(1)
    parts = [m for m in telegram.bot_messages(42) if m.text and m.text.startswith("(")]
    joined = "\n".join(part.text for part in parts)
    code_entities = [e for part in parts for e in part.entities if e.type == "pre"]

    for n in range(40):
        assert f"return x < {n} and x & {n}" in joined
    assert "notes & <drafts>" in joined
    assert code_entities
    # Every part that contains code has it inside a pre entity (reopened after a cut).
    for part in parts:
        if "def step_" in part.text:
            assert any(e.type == "pre" for e in part.entities)


async def test_hostile_output_parses(
    settings: Any, telegram: TelegramApiFake, model: OpenAIFake
) -> None:
    model.script([ModelReply(text=HOSTILE)])
    async with running_adapter(settings, telegram) as harness:
        update = telegram.push_message(42, user(42), "/article trouble")
        await harness.wait_jobs(1)
    [_, result] = await _results(telegram, 42, update["message"]["message_id"], 2)

    assert _no_rejected_html(telegram)
    assert result.parse_mode == "HTML"
    assert "a < b && b > c; never </b> or <i>." in result.text
    assert "2 * 3 * 4 = 24, a_b_c" in result.text
    assert f"@{WORD_JOINER}team_lead" in result.text
    assert '<div class="x">&amp;</div>' in result.text
    assert not [e for e in result.entities if e.type == "a"]


async def test_revision_by_reply(
    settings: Any, telegram: TelegramApiFake, model: OpenAIFake
) -> None:
    model.script(
        [
            ModelReply(text="# Plan\n\nFirst draft."),
            ModelReply(text="# Plan\n\nShorter draft.\n\nCHANGE SUMMARY: cut words"),
        ]
    )
    async with running_adapter(settings, telegram) as harness:
        first = telegram.push_message(SUPERGROUP, user(42), "/article plans")
        [_, result] = await _results(telegram, SUPERGROUP, first["message"]["message_id"], 2)
        await harness.wait_jobs(1)
        reply = telegram.push_message(
            SUPERGROUP, user(42), "make it shorter", reply_to=result.message_id
        )
        jobs = await harness.wait_jobs(2)
    [status, revised] = await _results(telegram, SUPERGROUP, reply["message"]["message_id"], 2)
    revision = next(job for job in jobs if job.kind == "revision")

    assert revision.params["instruction"] == "make it shorter"
    assert revision.status == "completed"
    assert status.history[0] == t(
        "job.revision_queued", "en", job_id=revision.id, content_id=revision.content_id
    )
    assert "Shorter draft." in revised.text
    assert f"Content {revision.content_id}, version 2" in revised.text


async def test_seo_on_replied_result(
    settings: Any, telegram: TelegramApiFake, model: OpenAIFake
) -> None:
    model.script([ModelReply(text="# Tea plans\n\nTea helps teams focus.")])
    async with running_adapter(settings, telegram) as harness:
        first = telegram.push_message(SUPERGROUP, user(42), "/article plans")
        [_, result] = await _results(telegram, SUPERGROUP, first["message"]["message_id"], 2)
        await harness.wait_jobs(1)
        telegram.push_message(
            SUPERGROUP, user(42), "/seo --keywords tea", reply_to=result.message_id
        )
        jobs = await harness.wait_jobs(2)
    article = next(job for job in jobs if job.kind == "article")
    report = next(job for job in jobs if job.kind == "seo")

    assert report.params["text"] == article.content_id
    assert report.output["source_content_id"] == article.content_id


async def test_readability_on_replied_text(settings: Any, telegram: TelegramApiFake) -> None:
    async with running_adapter(settings, telegram) as harness:
        pasted = telegram.push_message(42, user(42), "The cat sat on the mat.")
        telegram.push_message(
            42, user(42), "/readability", reply_to=pasted["message"]["message_id"]
        )
        [job] = await harness.wait_jobs(1)

    assert job.kind == "readability"
    assert job.params["text"] == "The cat sat on the mat."
    assert job.output["analysis"]["counts"]["words"] == 6


async def test_reply_to_other_message_explained(settings: Any, telegram: TelegramApiFake) -> None:
    async with running_adapter(settings, telegram):
        help_update = telegram.push_message(42, user(42), "/help")
        [help_reply] = await _results(telegram, 42, help_update["message"]["message_id"], 1)
        update = telegram.push_message(42, user(42), "shorter", reply_to=help_reply.message_id)
        [reply] = await _results(telegram, 42, update["message"]["message_id"], 1)
    assert reply.text == t("telegram.reply_unknown", "en")


async def test_429_on_progress_edit(
    settings: Any, telegram: TelegramApiFake, model: OpenAIFake
) -> None:
    model.script([ModelReply(text="# Title\n\nBody text.", chunks=4, delay_s=0.05)])
    telegram.flood("editMessageText", retry_after=1)
    async with running_adapter(settings, telegram) as harness:
        update = telegram.push_message(42, user(42), "/article flood")
        [job] = await harness.wait_jobs(1)
    [status, result] = await _results(telegram, 42, update["message"]["message_id"], 2)
    edits = telegram.calls_to("editMessageText")

    assert edits[0].status == 429
    assert edits[-1].status == 200
    assert status.text == t("job.completed", "en", kind="Article", job_id=job.id)
    assert "Body text." in result.text


async def test_group_migration_followed(settings: Any, telegram: TelegramApiFake) -> None:
    telegram.add_chat(-77, "group", "Old group")
    async with running_adapter(settings, telegram) as harness:
        # The group migrates before the adapter sees the command.
        telegram.push_message(-77, user(42), "/article migration")
        telegram.migrate_chat(-77, -1000077)
        [job] = await harness.wait_jobs(1)
    messages = telegram.bot_messages(-1000077)

    assert job.destination.chat_id == "-1000077"
    assert len(messages) == 2
    assert messages[0].text == t("job.completed", "en", kind="Article", job_id=job.id)
    assert "migration" in messages[1].text


async def test_notice_in_team_chat(
    settings: Any, telegram: TelegramApiFake, model: OpenAIFake
) -> None:
    model.script([ModelReply(text="# Launch plan\n\nBody.")])
    async with running_adapter(settings, telegram) as harness:
        update = telegram.push_message(SUPERGROUP, user(42, "Ann <dev>"), "/article launch")
        await harness.wait_jobs(1)
    [_, result] = await _results(telegram, SUPERGROUP, update["message"]["message_id"], 2)
    [notice] = telegram.bot_messages(-1000555)
    [link] = [e for e in notice.entities if e.type == "a"]

    assert notice.text == "Ann <dev> asked for Article “Launch plan”: open the result"
    assert link.attributes["href"] == f"https://t.me/c/9876/{result.message_id}"


async def test_image_result_caption_and_rest(
    settings: Any, telegram: TelegramApiFake, tmp_path: Path
) -> None:
    image_dir = settings.app.data_dir / "images" / "job1"
    image_dir.mkdir(parents=True)
    (image_dir / "a.png").write_bytes(tiny_png())
    (image_dir / "b.png").write_bytes(tiny_png(red=10))
    outside = tmp_path / "outside.png"
    outside.write_bytes(tiny_png())
    markdown = "# Cat\n\n" + "\n\n".join(f"Paragraph {n}. " + "word " * 50 for n in range(8))
    output = {
        "markdown": markdown,
        "title": "Cat",
        "content_id": "cimg",
        "version": 1,
        "images": [str(image_dir / "a.png"), "images/job1/b.png", str(outside)],
    }
    job = Job(
        id="job1",
        kind="image",
        user_id=1,
        content_id="cimg",
        status="completed",
        output=output,
        destination=Destination(platform="telegram", chat_id="42", message_id="1"),
    )
    store = await open_store(settings.storage.path)
    notifier = TelegramNotifier(settings, store=store, limiter=fast_limiter())
    try:
        await notifier.completed(job, output)
    finally:
        await notifier.aclose()
        await store.close()
    photos = [m for m in telegram.bot_messages(42) if m.photo is not None]
    texts = [m for m in telegram.bot_messages(42) if m.text is not None]

    assert len(photos) == 2
    assert photos[0].caption is not None
    assert utf16_len(photos[0].caption) <= 1024
    assert photos[0].caption.startswith("Cat")
    assert photos[1].caption is None
    assert texts
    assert "Paragraph 7." in texts[-1].text
    assert _no_rejected_html(telegram)


async def test_progress_throttled_in_group(settings: Any, telegram: TelegramApiFake) -> None:
    status = await _send_status(settings, telegram, SUPERGROUP)
    job = Job(
        id="job2",
        kind="article",
        user_id=1,
        status="running",
        destination=Destination(
            platform="telegram", chat_id=str(SUPERGROUP), status_message_id=str(status)
        ),
    )
    notifier = TelegramNotifier(settings, limiter=fast_limiter())
    try:
        for percent in range(10, 100, 10):
            await notifier.progress(job, percent)
    finally:
        await notifier.aclose()
    assert len(telegram.calls_to("editMessageText")) == 1
    assert html_to_plain(telegram.bot_messages(SUPERGROUP)[0].text) == "Article job2: writing… 10%"


async def _send_status(settings: Any, telegram: TelegramApiFake, chat_id: int) -> int:
    bot = ExtBot(TOKEN, base_url=telegram.base_url)
    async with bot:
        message = await bot.send_message(chat_id, "queued")
    return message.message_id


async def test_notifier_hides_rejected_token(
    make_settings: Callable[..., Any], telegram: TelegramApiFake, caplog: pytest.LogCaptureFixture
) -> None:
    settings = make_settings(
        telegram={"token": "1:secret-value", "api_base_url": telegram.base_url}
    )
    job = Job(
        id="job3",
        kind="article",
        user_id=1,
        status="failed",
        destination=Destination(platform="telegram", chat_id="42", message_id="1"),
    )
    notifier = TelegramNotifier(settings, limiter=fast_limiter())
    try:
        await notifier.failed(job, "model down")
    finally:
        await notifier.aclose()
    assert "secret-value" not in caplog.text
    assert "rejected by the Bot API" in caplog.text
