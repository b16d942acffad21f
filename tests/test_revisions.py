"""Revisions of every kind: version 2 with its summary, history, show, and kept structure."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from core.config import Settings
from handlers.types import Origin
from tests.fakes import ImageReply, Reply
from tests.fakes.openai_server import OpenAIFake
from tests.kinds_helpers import (
    API_KEY,
    IMAGES_PATH,
    ORIGIN,
    chat_requests,
    desk_run,
    is_file,
    openai_sections,
    user_message,
)
from tests.test_kind_script import MODEL_SCRIPT, shot_tenths

COMMANDS = {
    "article": "/article 远程办公 --length short",
    "post": "/post 春季新品 --platform weibo --count 2",
    "script": "/script 太阳能板的工作原理 --duration 30s",
    "image": "/image 清晨的灯塔",
}


@pytest.mark.parametrize("kind", sorted(COMMANDS))
async def test_offline_revision_version_two(
    kind: str, make_settings: Callable[..., Settings]
) -> None:
    async with desk_run(make_settings()) as run:
        first = await run.run(COMMANDS[kind])
        revision = await run.revise(first.content_id, "加一点幽默")
        second = await run.version(revision)
        history = await run.desk.handle(ORIGIN, f"/history {first.content_id}")
        show_reply = await run.desk.handle(ORIGIN, f"/show {first.content_id} --version 1")
        original = await run.version(first, 1)

    assert revision.status == "completed", revision.error
    assert revision.content_id == first.content_id
    assert second.version == 2
    assert second.summary
    assert "加一点幽默" in second.summary
    assert revision.output["version"] == 2
    assert [version.version for version in history.data["versions"]] == [1, 2]
    assert show_reply.markdown == original.body


async def test_revise_command_queues(make_settings: Callable[..., Settings]) -> None:
    async with desk_run(make_settings()) as run:
        first = await run.run(COMMANDS["post"])
        reply = await run.desk.handle(ORIGIN, f"/revise {first.content_id} 更口语化")
        revision = await run.finish(reply)

    assert revision.kind == "revision"
    assert revision.output["revised_kind"] == "post"
    assert revision.output["base_version"] == 1


async def test_other_users_content_not_found(make_settings: Callable[..., Settings]) -> None:
    async with desk_run(make_settings()) as run:
        first = await run.run(COMMANDS["image"])
        reply = await run.desk.revise(
            Origin(platform="console", user_id="someone-else"), first.content_id, "x"
        )

    assert reply.kind == "error"


async def test_offline_post_revision_keeps_variants(make_settings: Callable[..., Settings]) -> None:
    async with desk_run(make_settings()) as run:
        first = await run.run(COMMANDS["post"])
        revision = await run.revise(first.content_id, "more emoji")

    assert revision.output["variants"] == first.output["variants"]
    assert "修改要求：“more emoji”" in revision.output["markdown"]


async def test_image_show_returns_files(make_settings: Callable[..., Settings]) -> None:
    async with desk_run(make_settings()) as run:
        first = await run.run(COMMANDS["image"])
        revision = await run.revise(first.content_id, "加一只海鸥")
        show_reply = await run.desk.handle(ORIGIN, f"/show {first.content_id}")

    assert show_reply.data["images"] == revision.output["images"]
    assert revision.output["prompt"] == "清晨的灯塔，加一只海鸥"
    assert Path(revision.output["images"][0]).parent.name == revision.id
    assert all(is_file(path) for path in first.output["images"])


# --- OpenAI-compatible provider ----------------------------------------------------------


async def test_openai_post_revision(make_settings: Callable[..., Settings]) -> None:
    revised = (
        "=== VARIANT 1 ===\n新品来啦 😀 #春季新品#\n=== VARIANT 2 ===\n"
        + "长" * 150
        + "\nCHANGE SUMMARY: 加了表情。\n"
    )
    async with OpenAIFake(api_key=API_KEY) as fake:
        fake.script(
            [
                Reply("=== VARIANT 1 ===\n新品来了 #春季新品#\n=== VARIANT 2 ===\n第二版\n"),
                Reply(revised),
                Reply("短一点 #春季新品#"),
            ]
        )
        async with desk_run(make_settings(**openai_sections(fake.base_url))) as run:
            first = await run.run(COMMANDS["post"])
            revision = await run.revise(first.content_id, "加表情")
            second = await run.version(revision)

        requests = chat_requests(fake)

    assert revision.status == "completed", revision.error
    assert second.summary == "加了表情。"
    assert "=== VARIANT 2 ===\n第二版" in user_message(requests[1])
    assert "加表情" in user_message(requests[1])
    assert [variant["text"] for variant in second.data["variants"]] == [
        "新品来啦 😀 #春季新品#",
        "短一点 #春季新品#",
    ]
    assert second.data["variants"][1]["shortened"] is True
    assert len(requests) == 3


async def test_openai_script_revision(make_settings: Callable[..., Settings]) -> None:
    changed = json.loads(json.dumps(MODEL_SCRIPT))
    changed["hook"] = "屋顶上的发电站"
    changed["scenes"][1]["duration_s"] = 90
    changed["change_summary"] = "换了开场钩子。"
    async with OpenAIFake(api_key=API_KEY) as fake:
        fake.script(
            [Reply(json.dumps(MODEL_SCRIPT)), Reply(json.dumps(changed, ensure_ascii=False))]
        )
        async with desk_run(make_settings(**openai_sections(fake.base_url))) as run:
            first = await run.run("/script 太阳能板 --duration 45s")
            revision = await run.revise(first.content_id, "换个开场")
            second = await run.version(revision)

        requests = chat_requests(fake)

    assert revision.status == "completed", revision.error
    assert second.summary == "换了开场钩子。"
    assert second.data["script"]["hook"] == "屋顶上的发电站"
    assert "change_summary" not in second.data["script"]
    assert shot_tenths(second.data["script"]) == 450
    assert '"hook": "你知道屋顶也能发电吗？"' in user_message(requests[1])
    assert is_file(revision.output["csv"])
    assert revision.output["csv"] != first.output["csv"]


async def test_openai_image_revision(make_settings: Callable[..., Settings]) -> None:
    async with OpenAIFake(api_key=API_KEY) as fake:
        fake.script(
            [
                ImageReply(mode="b64_json"),
                Reply(
                    "New prompt: a lighthouse at dusk with a seagull\n"
                    "CHANGE SUMMARY: Added a seagull at dusk."
                ),
                ImageReply(mode="url"),
            ]
        )
        async with desk_run(make_settings(**openai_sections(fake.base_url))) as run:
            first = await run.run("/image a lighthouse --style vintage")
            revision = await run.revise(first.content_id, "add a seagull, make it dusk")
            second = await run.version(revision)

        images = fake.requests_to(IMAGES_PATH)
        chats = chat_requests(fake)

    assert revision.status == "completed", revision.error
    assert second.summary == "Added a seagull at dusk."
    assert "a lighthouse" in user_message(chats[0])
    assert images[1].json["prompt"].startswith("a lighthouse at dusk with a seagull. ")
    assert second.data["final_prompt"] == images[1].json["prompt"]
    assert revision.output["style"] == "vintage"
    assert is_file(revision.output["images"][0])
    assert revision.tokens_prompt > 0
