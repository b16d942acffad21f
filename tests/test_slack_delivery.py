"""Results delivered into Slack threads: limits, escaping, fallbacks, uploads, rate limits.

The model's replies come from the loopback OpenAI fake, scripted per test.
The adapter runs in HTTP mode with the in-process queue, and the notifier
posts to the loopback Slack Web API.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import AsyncIterator, Callable

import pytest

from core.config import Settings
from tests.fakes import Fail as ModelFail
from tests.fakes import Reply as ModelReply
from tests.fakes.openai_server import OpenAIFake
from tests.fakes.slack_api import FakeMessage, SlackApiFake
from tests.fakes.slack_harness import Adapter, http_adapter, slack_settings
from tests.fakes.slack_payloads import action_payload
from tests.test_slack_render import long_article

HOSTILE_ARTICLE = (
    "# Ping <!channel> now\n\n"
    "Tell <@U123> and <!here> that a < b && b > c.\n\n"
    "[click me](javascript:alert(1)) and <https://evil.test|free>\n"
)


@pytest.fixture
async def model() -> AsyncIterator[OpenAIFake]:
    async with OpenAIFake() as server:
        yield server


@pytest.fixture
async def fake() -> AsyncIterator[SlackApiFake]:
    async with SlackApiFake(user_locales={"U0001": "en-US"}) as server:
        yield server


@pytest.fixture
def settings(
    make_settings: Callable[..., Settings], fake: SlackApiFake, model: OpenAIFake
) -> Settings:
    llm = {"provider": "openai", "base_url": model.base_url, "api_key": "sk-test", "tries": 1}
    return slack_settings(make_settings, fake, llm=llm, slack={"notify_channel": "CTEAM"})


@pytest.fixture
async def adapter(settings: Settings, fake: SlackApiFake) -> AsyncIterator[Adapter]:
    async with http_adapter(settings, fake) as running:
        yield running


async def run_article(adapter: Adapter, topic: str = "Tea and focus") -> tuple[FakeMessage, list]:
    """Queue an article, wait for it, return its status message and its thread replies."""
    await adapter.client.command("/article", topic, user="U0001")
    await adapter.finish_jobs()
    (status_message,) = adapter.fake.top_level("C1")
    return status_message, adapter.fake.thread("C1", status_message.ts)


def last_heading(markdown: str) -> str:
    return re.findall(r"## (Section \d+)", markdown)[-1]


def section_texts(messages: list[FakeMessage]) -> list[str]:
    return [
        block["text"]["text"]
        for message in messages
        for block in message.blocks
        if block["type"] == "section"
    ]


def everything_posted(fake: SlackApiFake) -> str:
    posted = [
        {"text": message.text, "blocks": message.blocks} for message in fake.messages.values()
    ]
    return json.dumps([posted, fake.ephemerals], ensure_ascii=False)


async def test_long_article_split_within_limits(
    adapter: Adapter, fake: SlackApiFake, model: OpenAIFake
) -> None:
    markdown = long_article(12_000)
    model.script([ModelReply(markdown)])
    status_message, thread = await run_article(adapter)
    sections = section_texts(thread)
    joined = "\n".join(sections)
    assert len(markdown) >= 12_000
    assert len(sections) >= 4
    assert all(len(text) <= 3000 for text in sections)
    assert all(len(message.blocks) <= 50 for message in thread)
    assert "Caffeine (mg)" in joined
    assert "def brew(minutes: int)" in joined
    assert last_heading(markdown) in joined


async def test_long_article_uploaded_as_markdown(
    adapter: Adapter, fake: SlackApiFake, model: OpenAIFake
) -> None:
    markdown = long_article(12_000)
    model.script([ModelReply(markdown)])
    status_message, _ = await run_article(adapter)
    (upload,) = fake.uploads.values()
    assert upload.filename == "tea-and-focus.md"
    assert upload.data == markdown.encode()
    assert upload.thread_ts == status_message.ts
    assert upload.channel == "C1"
    assert upload.initial_comment == "The full piece as a Markdown file."
    assert [call.method for call in fake.calls if call.method.startswith("files.")] == [
        "files.getUploadURLExternal",
        "files.completeUploadExternal",
    ]


async def test_short_article_not_uploaded(
    adapter: Adapter, fake: SlackApiFake, model: OpenAIFake
) -> None:
    model.script([ModelReply("# Tea\n\nShort and sweet.\n")])
    _, thread = await run_article(adapter)
    assert len(thread) == 1
    assert fake.uploads == {}


async def test_hostile_text_escaped_everywhere(
    adapter: Adapter, fake: SlackApiFake, model: OpenAIFake
) -> None:
    model.script([ModelReply(HOSTILE_ARTICLE)])
    status_message, thread = await run_article(adapter)
    posted = everything_posted(fake)
    joined = "\n".join(section_texts(thread))
    assert "<!channel>" not in posted
    assert "<!here>" not in posted
    assert "<@U123>" not in posted
    assert "javascript:" not in joined.replace("javascript:alert(1)", "")
    assert "<https://evil.test|free>" not in posted
    assert "a &lt; b &amp;&amp; b &gt; c" in joined
    assert "Ping &lt;!channel&gt; now" in status_message.blocks[0]["text"]["text"]


async def test_msg_too_long_posts_smaller_parts(
    adapter: Adapter, fake: SlackApiFake, model: OpenAIFake
) -> None:
    fake.max_message_chars = 5000
    markdown = long_article(12_000)
    model.script([ModelReply(markdown)])
    _, thread = await run_article(adapter)
    attempts = [c for c in fake.calls_to("chat.postMessage") if c.params.get("thread_ts")]
    sizes = [
        len(m.text) + sum(len(b.get("text", {}).get("text", "")) for b in m.blocks) for m in thread
    ]
    assert last_heading(markdown) in "\n".join(section_texts(thread))
    assert all(size <= 5000 for size in sizes)
    assert len(attempts) > len(thread)
    assert next(iter(fake.uploads.values())).initial_comment == "The full piece as a Markdown file."


async def test_msg_too_long_falls_back_to_file(
    adapter: Adapter, fake: SlackApiFake, model: OpenAIFake
) -> None:
    fake.max_message_chars = 500
    markdown = long_article(12_000)
    model.script([ModelReply(markdown)])
    status_message, thread = await run_article(adapter)
    (upload,) = fake.uploads.values()
    assert thread == []
    assert upload.data == markdown.encode()
    assert upload.thread_ts == status_message.ts
    assert upload.initial_comment is not None
    assert upload.initial_comment.startswith("This piece did not fit in Slack messages")


async def test_invalid_blocks_answer_retried_smaller(
    adapter: Adapter, fake: SlackApiFake, model: OpenAIFake
) -> None:
    model.script([ModelReply("# Tea\n\nShort and sweet.\n")])
    fake.fail_next("chat.postMessage", "invalid_blocks", match=lambda p: bool(p.get("thread_ts")))
    _, thread = await run_article(adapter)
    assert [len(message.blocks) for message in thread] == [1, 1]
    assert "Short and sweet." in thread[0].blocks[0]["text"]["text"]
    assert thread[1].blocks[0]["type"] == "context"


async def test_ratelimited_update_waited_out(
    adapter: Adapter, fake: SlackApiFake, model: OpenAIFake
) -> None:
    model.script([ModelReply("# Tea\n\nShort and sweet.\n")])
    fake.fail_next("chat.update", "ratelimited", status=429, retry_after=1)
    status_message, thread = await run_article(adapter)
    updates = fake.calls_to("chat.update")
    assert len(updates) == 2
    assert updates[1].at - updates[0].at >= 1.0
    assert "done" in status_message.blocks[0]["text"]["text"]
    assert thread


async def test_ratelimited_post_and_upload_waited_out(
    adapter: Adapter, fake: SlackApiFake, model: OpenAIFake
) -> None:
    model.script([ModelReply(long_article(7000))])
    in_thread = lambda params: bool(params.get("thread_ts"))  # noqa: E731
    fake.fail_next("chat.postMessage", "ratelimited", status=429, retry_after=0, match=in_thread)
    fake.fail_next("files.completeUploadExternal", "ratelimited", status=429, retry_after=0)
    _, thread = await run_article(adapter)
    (upload,) = fake.uploads.values()
    assert thread
    assert upload.thread_ts is not None
    assert len(fake.calls_to("files.completeUploadExternal")) == 2


async def test_team_notice_links_thread(
    adapter: Adapter, fake: SlackApiFake, model: OpenAIFake
) -> None:
    model.script([ModelReply("# Tea Time\n\nShort and sweet.\n")])
    status_message, _ = await run_article(adapter)
    (notice,) = fake.top_level("CTEAM")
    permalink = f"https://fake.slack.test/archives/C1/p{status_message.ts.replace('.', '')}"
    assert notice.text == f"Article “Tea Time” for <@U0001> is done. <{permalink}|Open the thread>"


async def test_failed_job_shows_reason(
    adapter: Adapter, fake: SlackApiFake, model: OpenAIFake
) -> None:
    model.script([ModelFail(400, message="bad request <!channel>")])
    await adapter.client.command("/article", "Tea and focus", user="U0001")
    (job,) = await adapter.finish_jobs()
    (status_message,) = fake.top_level("C1")
    text = status_message.blocks[0]["text"]["text"]
    assert job.status == "failed"
    assert "failed: The model service rejected the request" in text
    assert "<!channel>" not in text
    assert fake.top_level("CTEAM") == []


async def test_progress_posts_then_edits(
    adapter: Adapter, fake: SlackApiFake, model: OpenAIFake
) -> None:
    model.script([ModelReply(long_article(4000), chunks=20, delay_s=0.01)])
    started = time.monotonic()
    status_message, _ = await run_article(adapter)
    elapsed_s = time.monotonic() - started
    posts = [c for c in fake.calls_to("chat.postMessage") if c.params.get("channel") == "C1"]
    first_post = posts[0].params
    assert "writing…" in first_post["blocks"][0]["text"]["text"]
    assert first_post["blocks"][-1]["type"] == "actions"
    # Progress edits are at most one per 3 seconds, plus the final edit.
    assert len(fake.calls_to("chat.update")) <= 1 + int(elapsed_s / 3.0) + 1
    assert status_message.updates >= 1


async def test_image_files_uploaded_in_thread(adapter: Adapter, fake: SlackApiFake) -> None:
    await adapter.client.command("/image", "A calm tea house at dawn", user="U0001")
    (job,) = await adapter.finish_jobs()
    (status_message,) = fake.top_level("C1")
    pictures = [u for u in fake.uploads.values() if not u.filename.endswith(".md")]
    assert job.status == "completed"
    assert pictures
    assert all(upload.thread_ts == status_message.ts for upload in pictures)
    assert all(upload.data and upload.data.startswith(b"\x89PNG") for upload in pictures)
    assert all(upload.alt_txt for upload in pictures)


async def test_cancel_button_stops_job(
    adapter: Adapter, fake: SlackApiFake, model: OpenAIFake
) -> None:
    model.script([ModelReply(long_article(3000), chunks=40, delay_s=0.1)])
    await adapter.client.command("/article", "Tea and focus", user="U0001")
    (status_message,) = await fake.wait_for(lambda: fake.top_level("C1"))
    (job,) = await adapter.jobs()
    payload = action_payload(
        "copydesk_cancel", job.id, user="U0001", response_url=fake.response_url()
    )
    await adapter.client.action(payload)
    (response,) = await fake.wait_for(lambda: fake.responses)
    (cancelled,) = await adapter.finish_jobs()
    await fake.wait_for(lambda: "cancelled" in status_message.blocks[0]["text"]["text"])
    assert response["text"] == f"Job {job.id} was cancelled."
    assert cancelled.status == "cancelled"
    assert all(block["type"] != "actions" for block in status_message.blocks)
    assert fake.thread("C1", status_message.ts) == []
