"""OpenAIProvider with the real ``openai`` SDK against the loopback OpenAI fake."""

from __future__ import annotations

import io
import socket
from collections.abc import AsyncIterator

import pytest
from openai import AsyncOpenAI
from PIL import Image

from core.errors import ConfigError, ProviderError
from core.providers.base import Completion, Prompt, estimate_tokens
from core.providers.openai_provider import OpenAIProvider
from core.providers.retry import with_retries
from tests.fakes import Fail, ImageReply, Reply, split_text
from tests.fakes.openai_server import OpenAIFake

API_KEY = "sk-test-4f9c2a7be1d0"
MODEL = "gpt-test"
CHAT_PATH = "/chat/completions"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
async def fake() -> AsyncIterator[OpenAIFake]:
    async with OpenAIFake(api_key=API_KEY) as server:
        yield server


@pytest.fixture
async def provider(fake: OpenAIFake) -> AsyncIterator[OpenAIProvider]:
    instance = OpenAIProvider(api_key=API_KEY, base_url=fake.base_url, model=MODEL, timeout_s=5)
    yield instance
    await instance.aclose()


def make_prompt(user: str = "Write about tea") -> Prompt:
    return Prompt(
        kind="article", system="You are a writer.", user=user, locale="en", max_tokens=500
    )


async def run(provider: OpenAIProvider, tries: int = 3) -> tuple[Completion, list[str]]:
    deltas: list[str] = []

    async def on_delta(piece: str) -> None:
        deltas.append(piece)

    completion = await with_retries(
        lambda: provider.complete(make_prompt(), on_delta), tries=tries, base_delay_s=0.01
    )
    return completion, deltas


async def run_failing(provider: OpenAIProvider, tries: int = 3) -> ProviderError:
    with pytest.raises(ProviderError) as caught:
        await run(provider, tries=tries)
    return caught.value


async def test_complete_streams_deltas_in_order(fake: OpenAIFake, provider: OpenAIProvider) -> None:
    text = "Green tea is steamed. Black tea is oxidised."
    fake.script([Reply(text, chunks=5)])

    completion, deltas = await run(provider)

    assert deltas == split_text(text, 5)
    assert completion.text == text
    assert completion.model == MODEL
    assert len(fake.requests_to(CHAT_PATH)) == 1


async def test_complete_request_fields(fake: OpenAIFake, provider: OpenAIProvider) -> None:
    await run(provider)

    request = fake.requests_to(CHAT_PATH)[0]
    assert request.json["model"] == MODEL
    assert request.json["stream"] is True
    assert request.json["stream_options"] == {"include_usage": True}
    assert request.json["max_tokens"] == 500
    assert request.json["messages"] == [
        {"role": "system", "content": "You are a writer."},
        {"role": "user", "content": "Write about tea"},
    ]
    assert request.api_key == API_KEY
    assert "authorization" not in request.headers


async def test_complete_echo_mode_article(provider: OpenAIProvider) -> None:
    completion, _ = await run(provider)

    assert completion.text.startswith("# Write about tea\n")
    assert "\n## " in completion.text


async def test_rate_limit_then_success(fake: OpenAIFake, provider: OpenAIProvider) -> None:
    fake.script([Fail(429, retry_after=0), Reply("after the wait")])

    completion, _ = await run(provider)

    assert completion.text == "after the wait"
    assert len(fake.requests_to(CHAT_PATH)) == 2


async def test_server_error_exhausts_tries(fake: OpenAIFake, provider: OpenAIProvider) -> None:
    fake.script([Fail(500), Fail(500), Fail(500), Reply("never sent")])

    error = await run_failing(provider)

    assert error.transient is True
    assert error.status == 500
    assert "the model server failed (HTTP 500)" in str(error)
    assert len(fake.requests_to(CHAT_PATH)) == 3


async def test_sdk_retries_off(fake: OpenAIFake, provider: OpenAIProvider) -> None:
    fake.script([Fail(500), Reply("would be a retry")])

    error = await run_failing(provider, tries=1)

    assert error.transient is True
    assert len(fake.requests_to(CHAT_PATH)) == 1


async def test_invalid_key_not_retried(fake: OpenAIFake) -> None:
    wrong_key = "sk-wrong-93d1c0ffee77"
    provider = OpenAIProvider(api_key=wrong_key, base_url=fake.base_url, model=MODEL)

    try:
        error = await run_failing(provider)
    finally:
        await provider.aclose()

    assert error.transient is False
    assert error.status == 401
    assert "rejected the API key (HTTP 401)" in str(error)
    assert wrong_key not in str(error)
    assert len(fake.requests_to(CHAT_PATH)) == 1
    assert fake.requests_to(CHAT_PATH)[0].api_key == wrong_key


async def test_error_message_redacts_key(fake: OpenAIFake, provider: OpenAIProvider) -> None:
    fake.script([Fail(400, message=f"bad request sent with key {API_KEY}")])

    error = await run_failing(provider)

    assert error.transient is False
    assert API_KEY not in str(error)
    assert "[redacted]" in str(error)


async def test_unknown_model_permanent(fake: OpenAIFake, provider: OpenAIProvider) -> None:
    fake.script([Fail(404)])

    error = await run_failing(provider)

    assert error.transient is False
    assert error.status == 404
    assert MODEL in str(error)
    assert len(fake.requests_to(CHAT_PATH)) == 1


async def test_quota_exhausted_permanent(fake: OpenAIFake, provider: OpenAIProvider) -> None:
    fake.script([Fail(429, code="insufficient_quota", error_type="insufficient_quota")])

    error = await run_failing(provider)

    assert error.transient is False
    assert "no quota left" in str(error)
    assert len(fake.requests_to(CHAT_PATH)) == 1


async def test_cut_stream_transient(fake: OpenAIFake, provider: OpenAIProvider) -> None:
    fake.script([Reply("one two three four", chunks=4, cut_after=2)])

    error = await run_failing(provider, tries=1)

    assert error.transient is True
    assert "failed or broke" in str(error)


async def test_cut_stream_retried(fake: OpenAIFake, provider: OpenAIProvider) -> None:
    fake.script([Reply("partial text", chunks=4, cut_after=1), Reply("whole text")])

    completion, deltas = await run(provider)

    assert completion.text == "whole text"
    assert len(fake.requests_to(CHAT_PATH)) == 2
    # The caller sees the cut attempt's piece before the retry's pieces.
    assert deltas[0] == split_text("partial text", 4)[0]


async def test_stream_without_finish_transient(fake: OpenAIFake, provider: OpenAIProvider) -> None:
    fake.script([Reply("no finish here", finish=False)])

    error = await run_failing(provider, tries=1)

    assert error.transient is True
    assert "before the completion finished" in str(error)


async def test_error_event_in_stream_transient(fake: OpenAIFake, provider: OpenAIProvider) -> None:
    fake.script([Reply("some text", cut_after=1, error_event="server_error")])

    error = await run_failing(provider, tries=1)

    assert error.transient is True
    assert "error during the stream" in str(error)


async def test_read_timeout_transient(fake: OpenAIFake) -> None:
    provider = OpenAIProvider(api_key=API_KEY, base_url=fake.base_url, model=MODEL, timeout_s=0.2)
    fake.script([Reply("slow text", chunks=2, delay_s=1.0)])

    try:
        error = await run_failing(provider, tries=1)
    finally:
        await provider.aclose()

    assert error.transient is True
    assert "timed out after 0.2s" in str(error)


async def test_connection_refused_transient() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    provider = OpenAIProvider(api_key=API_KEY, base_url=f"http://127.0.0.1:{port}/v1", model=MODEL)

    try:
        error = await run_failing(provider, tries=1)
    finally:
        await provider.aclose()

    assert error.transient is True
    assert "127.0.0.1" in str(error)


async def test_on_delta_error_propagates(fake: OpenAIFake, provider: OpenAIProvider) -> None:
    async def failing_delta(piece: str) -> None:
        raise RuntimeError("platform edit failed")

    with pytest.raises(RuntimeError, match="platform edit failed"):
        await provider.complete(make_prompt(), failing_delta)


async def test_usage_from_server(fake: OpenAIFake, provider: OpenAIProvider) -> None:
    fake.script([Reply("counted text", prompt_tokens=11, completion_tokens=22)])

    completion, _ = await run(provider)

    assert completion.prompt_tokens == 11
    assert completion.completion_tokens == 22
    assert completion.tokens_estimated is False


async def test_missing_usage_estimated(fake: OpenAIFake, provider: OpenAIProvider) -> None:
    text = "An answer from a server that reports no usage."
    fake.script([Reply(text, usage=False)])

    completion, _ = await run(provider)

    assert completion.tokens_estimated is True
    assert completion.completion_tokens == estimate_tokens(text)
    assert completion.prompt_tokens > 0


async def test_local_server_without_key(fake: OpenAIFake) -> None:
    fake.expected_api_key = None
    provider = OpenAIProvider(api_key="", base_url=fake.base_url, model=MODEL)

    try:
        completion, _ = await run(provider)
    finally:
        await provider.aclose()

    assert completion.text
    assert fake.requests_to(CHAT_PATH)[0].api_key == "not-needed"


def test_no_key_no_base_url_rejected() -> None:
    with pytest.raises(ConfigError):
        OpenAIProvider(api_key=None, base_url=None, model=MODEL)


def assert_png(data: bytes) -> None:
    assert data.startswith(PNG_SIGNATURE)
    assert Image.open(io.BytesIO(data)).size == (8, 8)


async def test_images_b64(fake: OpenAIFake, provider: OpenAIProvider) -> None:
    fake.script([ImageReply(mode="b64_json")])

    images = await provider.generate_images(
        "a teapot", size="1024x1024", count=2, quality="standard", model="dall-e-3"
    )

    assert len(images) == 2
    assert_png(images[0])
    assert_png(images[1])
    request = fake.requests_to("/images/generations")[0]
    assert request.json["response_format"] == "b64_json"
    assert request.json["n"] == 2
    assert request.json["size"] == "1024x1024"
    assert request.json["quality"] == "standard"
    assert request.json["model"] == "dall-e-3"


async def test_images_url(fake: OpenAIFake, provider: OpenAIProvider) -> None:
    fake.script([ImageReply(mode="url")])

    images = await provider.generate_images(
        "a teapot", size="512x512", count=1, quality="standard", model="dall-e-2"
    )

    assert len(images) == 1
    assert_png(images[0])
    assert len(fake.requests_to("/files/image-0.png")) == 1


async def test_images_gpt_image_no_format(fake: OpenAIFake, provider: OpenAIProvider) -> None:
    fake.script([ImageReply(mode="b64_json")])

    await provider.generate_images(
        "a teapot", size="1024x1024", count=1, quality="high", model="gpt-image-1"
    )

    assert "response_format" not in fake.requests_to("/images/generations")[0].json


async def test_images_server_error_transient(fake: OpenAIFake, provider: OpenAIProvider) -> None:
    fake.script([Fail(503)])

    with pytest.raises(ProviderError) as caught:
        await provider.generate_images(
            "a teapot", size="1024x1024", count=1, quality="standard", model="dall-e-3"
        )

    assert caught.value.transient is True
    assert caught.value.status == 503


async def test_fake_plain_completion_and_models(fake: OpenAIFake) -> None:
    client = AsyncOpenAI(api_key=API_KEY, base_url=fake.base_url, max_retries=0)
    fake.script([Reply("plain text", prompt_tokens=3, completion_tokens=4)])

    try:
        completion = await client.chat.completions.create(
            model=MODEL, messages=[{"role": "user", "content": "hi"}]
        )
        model_ids = [model.id async for model in client.models.list()]
    finally:
        await client.close()

    assert completion.choices[0].message.content == "plain text"
    assert completion.choices[0].finish_reason == "stop"
    assert completion.usage is not None
    assert completion.usage.completion_tokens == 4
    assert model_ids == ["fake-model"]
