"""The article job through real SDKs and loopback model servers, in-process and on arq."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from core.config import Settings
from handlers.desk import Desk
from handlers.types import Origin
from tests.fakes import Fail, Reply
from tests.fakes.anthropic_server import AnthropicFake
from tests.fakes.openai_server import OpenAIFake
from workers.context import build_context
from workers.queue import InProcessQueue

ORIGIN = Origin(platform="console", user_id="tester")
ARTICLE = (
    "# Remote Work Done Right\n\n## Why it matters\n\nTeams ship faster.\n\n"
    "## How\n\nWrite things down.\n"
)


async def _run(
    settings: Settings, text: str = "/article remote work --length short", origin: Origin = ORIGIN
):
    context = await build_context(settings)
    queue = InProcessQueue(context)
    desk = Desk(settings, context.store, queue)
    reply = await desk.handle(origin, text)
    assert reply.kind == "queued", reply.text
    await queue.wait(reply.job.id)
    job = await context.store.get_job(reply.job.id)
    version = await context.store.get_version(job.content_id) if job.content_id else None
    await context.aclose()
    return job, version


@pytest.fixture
async def openai_fake():
    async with OpenAIFake() as fake:
        yield fake


def _openai_settings(
    make_settings: Callable[..., Settings], fake: OpenAIFake, job_tries: int = 1
) -> Settings:
    # One job try isolates the provider's own retries; job-level retries have their own test.
    return make_settings(
        llm={
            "provider": "openai",
            "base_url": fake.base_url,
            "api_key": "sk-test",
            "model": "test-model",
        },
        jobs={"max_tries": job_tries, "retry_base_delay_s": 0.01},
    )


async def test_openai_success_stores_version(make_settings, openai_fake) -> None:
    openai_fake.script([Reply(ARTICLE, chunks=5, prompt_tokens=40, completion_tokens=25)])
    job, version = await _run(_openai_settings(make_settings, openai_fake))
    assert job.status == "completed"
    assert job.output["title"] == "Remote Work Done Right"
    assert job.output["sections"] == ["Why it matters", "How"]
    assert job.output["word_count"] == 14
    assert job.tokens_prompt == 40
    assert job.tokens_completion == 25
    assert job.tokens_estimated is False
    assert version.body == ARTICLE
    assert version.version == 1
    request = openai_fake.requests_to("/chat/completions")[0]
    assert request.json["model"] == "test-model"
    assert request.json["stream"] is True
    assert "remote work" in request.json["messages"][-1]["content"]


async def test_openai_429_then_success(make_settings, openai_fake) -> None:
    openai_fake.script([Fail(429, retry_after=0), Reply(ARTICLE)])
    job, _ = await _run(_openai_settings(make_settings, openai_fake))
    assert job.status == "completed"
    assert len(openai_fake.requests_to("/chat/completions")) == 2


async def test_openai_500_three_times_fails_clearly(make_settings, openai_fake) -> None:
    openai_fake.script([Fail(500), Fail(500), Fail(500)])
    job, version = await _run(_openai_settings(make_settings, openai_fake))
    assert job.status == "failed"
    assert version is None
    assert "3" in job.error
    assert "unavailable or busy" in job.error
    assert len(openai_fake.requests_to("/chat/completions")) == 3


async def test_job_retries_after_provider_tries_run_out(make_settings, openai_fake) -> None:
    openai_fake.script([Fail(500)] * 3 + [Reply(ARTICLE)])
    job, version = await _run(_openai_settings(make_settings, openai_fake, job_tries=2))
    assert job.status == "completed"
    assert job.tries == 2
    assert version.body == ARTICLE
    assert len(openai_fake.requests_to("/chat/completions")) == 4


async def test_openai_invalid_key_not_retried(make_settings, openai_fake) -> None:
    openai_fake.script([Fail(401)])
    job, _ = await _run(_openai_settings(make_settings, openai_fake))
    assert job.status == "failed"
    assert "the API key was rejected" in job.error
    assert "sk-test" not in job.error
    assert len(openai_fake.requests_to("/chat/completions")) == 1


async def test_stream_cut_retries_and_stores_whole_text(make_settings, openai_fake) -> None:
    openai_fake.script([Reply(ARTICLE, chunks=6, cut_after=2), Reply(ARTICLE, chunks=6)])
    job, version = await _run(_openai_settings(make_settings, openai_fake))
    assert job.status == "completed"
    assert version.body == ARTICLE
    assert len(openai_fake.requests_to("/chat/completions")) == 2


async def test_failure_message_in_chinese(make_settings, openai_fake) -> None:
    openai_fake.script([Fail(401)])
    settings = _openai_settings(make_settings, openai_fake)
    zh_origin = Origin(platform="console", user_id="zh-tester", platform_locale="zh_CN.UTF-8")
    job, _ = await _run(settings, "/article 远程办公 --length short", zh_origin)
    assert job.status == "failed"
    assert "模型服务拒绝了请求" in job.error
    assert "API 密钥被拒绝" in job.error


async def test_anthropic_success(make_settings) -> None:
    async with AnthropicFake() as fake:
        fake.script([Reply(ARTICLE, chunks=4, prompt_tokens=11, completion_tokens=22)])
        settings = make_settings(
            llm={"provider": "anthropic", "base_url": fake.base_url, "api_key": "sk-ant-test"}
        )
        job, version = await _run(settings)
    assert job.status == "completed"
    assert version.body == ARTICLE
    assert job.tokens_prompt == 11
    assert job.tokens_completion == 22


async def test_anthropic_500_three_times_fails(make_settings) -> None:
    async with AnthropicFake() as fake:
        fake.script([Fail(500), Fail(500), Fail(500)])
        settings = make_settings(
            llm={"provider": "anthropic", "base_url": fake.base_url, "api_key": "sk-ant-test"},
            jobs={"max_tries": 1},
        )
        job, _ = await _run(settings)
    assert job.status == "failed"
    assert len(fake.requests_to("/messages")) == 3


async def test_progress_reaches_100(make_settings, openai_fake) -> None:
    openai_fake.script([Reply(ARTICLE, chunks=10)])
    job, _ = await _run(_openai_settings(make_settings, openai_fake))
    assert job.progress == 100


async def test_hosted_provider_without_key_is_config_error(make_settings) -> None:
    from core.errors import ConfigError

    settings = make_settings(llm={"provider": "openai"})
    with pytest.raises(ConfigError, match="llm.api_key"):
        await build_context(settings)
