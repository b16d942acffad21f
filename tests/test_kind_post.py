"""Social posts: grammar, platform counting, variant parsing, offline drafts, the openai path."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from core.config import Settings
from core.errors import UsageError
from core.grammar import parse
from core.platforms import (
    POST_PLATFORMS,
    count_length,
    extract_hashtags,
    format_hashtag,
    strip_hashtags,
)
from core.prompts.post import parse_variants
from core.requests.post import PostRequest
from tests.fakes import Reply
from tests.fakes.openai_server import OpenAIFake
from tests.kinds_helpers import API_KEY, chat_requests, desk_run, openai_sections, user_message
from tests.test_cli import run_cli

GOOD = [
    (
        "/post 新品上市",
        {"topic": "新品上市", "platform": "general", "count": 3, "hashtags": True, "cta": True},
    ),
    ("/post launch day --platform x --count 2", {"platform": "x", "count": 2}),
    (
        "/post 新品 --platform Weibo --no-hashtags --no-cta",
        {"platform": "weibo", "hashtags": False, "cta": False},
    ),
    (
        "/post 新品 --platform=xiaohongshu --tone casual",
        {"platform": "xiaohongshu", "tone": "casual"},
    ),
    (
        "/post “春季新品” —platform douyin --lang zh-CN",
        {"topic": "春季新品", "platform": "douyin", "lang": "zh-CN"},
    ),
    (
        "/post hiring --platform linkedin --count 5 --template launch-post",
        {"count": 5, "template": "launch-post"},
    ),
]

BAD = [
    ("/post", "usage.missing_positional"),
    ("/post x --platform tiktok", "usage.bad_choice"),
    ("/post x --count 0", "usage.bad_number"),
    ("/post x --count 6", "usage.bad_number"),
    ("/post x --count two", "usage.bad_number"),
    ("/post x --tone angry", "usage.bad_choice"),
    ("/post x --hashtags", "usage.unknown_flag"),
    ("/post x --lang fr", "usage.bad_choice"),
    ("/post " + "x" * 501, "usage.value_too_long"),
]


@pytest.mark.parametrize(("text", "expected"), GOOD)
def test_grammar_good(text: str, expected: dict) -> None:
    request = parse(text).request
    assert isinstance(request, PostRequest)
    for field, value in expected.items():
        assert getattr(request, field) == value, field


@pytest.mark.parametrize(("text", "key"), BAD)
def test_grammar_bad(text: str, key: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse(text)
    assert caught.value.message_key == key


# --- Platform counting and hashtags -------------------------------------------


def test_x_counts_cjk_as_two() -> None:
    assert count_length("abc", "x") == 3
    assert count_length("人工智能", "x") == 8


def test_x_counts_url_as_23() -> None:
    assert count_length("see https://example.com/a/very/long/path?q=1", "x") == 4 + 23


def test_x_counts_emoji_sequence_once() -> None:
    assert count_length("👍", "x") == 2
    assert count_length("👍🏽", "x") == 2
    assert count_length("👨\u200d🎤", "x") == 2


def test_x_limit_is_280() -> None:
    assert POST_PLATFORMS["x"].max_length == 280
    assert count_length("人" * 140, "x") == 280


def test_weibo_counts_half_width_as_half() -> None:
    assert POST_PLATFORMS["weibo"].max_length == 140
    assert count_length("微博", "weibo") == 2
    assert count_length("ab", "weibo") == 1
    assert count_length("abc", "weibo") == 2
    assert count_length("微博ab", "weibo") == 3


def test_plain_platforms_count_characters() -> None:
    assert count_length("人工 AI", "linkedin") == 5


def test_weibo_hashtags_are_pairs() -> None:
    text = "新品来了 #春季新品# 欢迎 #上新#"
    assert extract_hashtags(text, "weibo") == ["#春季新品#", "#上新#"]
    assert format_hashtag("春季 新品", "weibo") == "#春季新品#"


def test_prefix_hashtags_elsewhere() -> None:
    text = "Launch day! #NewApp #AI_tools, see a#b and #NewApp again #新品"
    assert extract_hashtags(text, "x") == ["#NewApp", "#AI_tools", "#新品"]
    assert format_hashtag("new app", "linkedin") == "#newapp"


def test_strip_hashtags_tidies_text() -> None:
    assert strip_hashtags("Launch day #NewApp today\n\n#AI", "x") == "Launch day today"
    assert strip_hashtags("新品 #春季# 来了", "weibo") == "新品 来了"


# --- The variant parser ------------------------------------------------------------


def test_parse_variants_markers() -> None:
    text = "=== VARIANT 1 ===\nFirst post\n\n=== VARIANT 2 ===\nSecond\nline\n"
    assert parse_variants(text) == ["First post", "Second\nline"]


def test_parse_variants_drops_preamble_and_fences() -> None:
    text = "Here are two:\n```\n**Variant 1:**\nOne\n版本 2\n二\n```"
    assert parse_variants(text) == ["One", "二"]


def test_parse_variants_without_markers_is_one() -> None:
    assert parse_variants("```\nJust one post\n```") == ["Just one post"]


def test_parse_variants_skips_empty() -> None:
    assert parse_variants("=== VARIANT 1 ===\n\n=== VARIANT 2 ===\nTwo") == ["Two"]


# --- Offline -----------------------------------------------------------------------


@pytest.mark.parametrize("platform", sorted(POST_PLATFORMS))
async def test_offline_variants_fit_limit(
    platform: str, make_settings: Callable[..., Settings]
) -> None:
    topic = "人工智能在教育中的应用" * 20
    async with desk_run(make_settings()) as run:
        job = await run.run(f"/post {topic} --platform {platform} --count 5")

    assert job.status == "completed", job.error
    variants = job.output["variants"]
    assert len(variants) == 5
    for variant in variants:
        assert variant["length"] == count_length(variant["text"], platform)
        assert variant["length"] <= POST_PLATFORMS[platform].max_length or variant["over_limit"]
        assert variant["over_limit"] is False


async def test_offline_post_structure(make_settings: Callable[..., Settings]) -> None:
    async with desk_run(make_settings()) as run:
        job = await run.run("/post 春季新品发布 --platform weibo --count 2")
        version = await run.version(job)

    output = job.output
    assert output["offline"] is True
    assert output["platform"] == "weibo"
    assert output["limit"] == 140
    assert output["hashtags"] == ["#春季新品发布#"]
    # Labels follow the language of the posts, Chinese here.
    assert output["markdown"].startswith("> 离线草稿")
    assert "## 版本 1 · " in output["markdown"]
    assert "/140" in output["markdown"]
    assert version.body == output["markdown"]
    assert version.data["variants"] == output["variants"]


async def test_offline_no_hashtags(make_settings: Callable[..., Settings]) -> None:
    async with desk_run(make_settings()) as run:
        job = await run.run(
            "/post Our new app --platform linkedin --no-hashtags --no-cta --count 2"
        )

    assert job.output["hashtags"] == []
    for variant in job.output["variants"]:
        assert "#" not in variant["text"]
        assert "Learn more" not in variant["text"]


# --- OpenAI-compatible provider ----------------------------------------------------

TWO_VARIANTS = "=== VARIANT 1 ===\n新品来了 #春季新品#\n=== VARIANT 2 ===\n{long}\n"


async def test_openai_variants_and_tokens(make_settings: Callable[..., Settings]) -> None:
    async with OpenAIFake(api_key=API_KEY) as fake:
        fake.script(
            [
                Reply(
                    TWO_VARIANTS.format(long="第二版 #上新#"),
                    prompt_tokens=120,
                    completion_tokens=30,
                )
            ]
        )
        async with desk_run(make_settings(**openai_sections(fake.base_url))) as run:
            job = await run.run("/post 春季新品 --platform weibo --count 2")

        requests = chat_requests(fake)

    assert job.status == "completed", job.error
    assert [variant["text"] for variant in job.output["variants"]] == [
        "新品来了 #春季新品#",
        "第二版 #上新#",
    ]
    assert job.output["hashtags"] == ["#春季新品#", "#上新#"]
    assert job.output["offline"] is False
    assert job.tokens_prompt == 120
    assert job.tokens_completion == 30
    assert len(requests) == 1
    assert requests[0].json["stream"] is True
    assert "140" in user_message(requests[0])
    assert "=== VARIANT 1 ===" in user_message(requests[0])


async def test_openai_over_limit_shortened(make_settings: Callable[..., Settings]) -> None:
    long_text = "很长的一条微博" * 30
    async with OpenAIFake(api_key=API_KEY) as fake:
        fake.script(
            [
                Reply(TWO_VARIANTS.format(long=long_text), prompt_tokens=100, completion_tokens=50),
                Reply("缩短后的微博 #上新#", prompt_tokens=40, completion_tokens=10),
            ]
        )
        async with desk_run(make_settings(**openai_sections(fake.base_url))) as run:
            job = await run.run("/post 春季新品 --platform weibo --count 2")

        requests = chat_requests(fake)

    second = job.output["variants"][1]
    assert len(requests) == 2
    assert long_text in user_message(requests[1])
    assert second["text"] == "缩短后的微博 #上新#"
    assert second["shortened"] is True
    assert second["over_limit"] is False
    assert job.output["variants"][0]["shortened"] is False
    assert job.tokens_prompt == 140
    assert job.tokens_completion == 60


async def test_openai_still_over_limit_flagged(make_settings: Callable[..., Settings]) -> None:
    long_text = "很长的一条微博" * 30
    async with OpenAIFake(api_key=API_KEY) as fake:
        fake.script([Reply(TWO_VARIANTS.format(long=long_text)), Reply("还是太长" * 50)])
        async with desk_run(make_settings(**openai_sections(fake.base_url))) as run:
            job = await run.run("/post 春季新品 --platform weibo --count 2")

    second = job.output["variants"][1]
    assert job.status == "completed"
    assert second["over_limit"] is True
    assert second["length"] == 200
    assert job.output["over_limit"] == 1
    assert "超出上限" in job.output["markdown"]


async def test_openai_no_text_fails(make_settings: Callable[..., Settings]) -> None:
    async with OpenAIFake(api_key=API_KEY) as fake:
        fake.script([Reply("=== VARIANT 1 ===\n\n")])
        async with desk_run(make_settings(**openai_sections(fake.base_url))) as run:
            job = await run.run("/post x --count 1")

    assert job.status == "failed"
    assert "no post text" in job.error


async def test_openai_no_hashtags_strips_model_tags(make_settings: Callable[..., Settings]) -> None:
    async with OpenAIFake(api_key=API_KEY) as fake:
        fake.script([Reply("=== VARIANT 1 ===\nBig launch today #launch #AI\n")])
        async with desk_run(make_settings(**openai_sections(fake.base_url))) as run:
            job = await run.run("/post launch --platform x --no-hashtags --count 1")

    assert job.output["variants"][0]["text"] == "Big launch today"
    assert job.output["hashtags"] == []


# --- Console ---------------------------------------------------------------------------


def test_cli_ask_post_saves(tmp_path: Path) -> None:
    result = run_cli("ask", "--json", "/post 春季新品 --platform weibo --count 2", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["kind"] == "post"
    assert len(payload["result"]["variants"]) == 2
    assert Path(payload["file"]).is_file()


def test_cli_chat_post_revision(tmp_path: Path) -> None:
    chat = run_cli(
        "chat", stdin="/post 春季新品 --platform weibo --count 1\nmore emoji\nexit\n", cwd=tmp_path
    )
    assert chat.returncode == 0, chat.stderr
    assert "修改要求：“more emoji”" in chat.stdout
    assert "Traceback" not in chat.stderr
