"""AnthropicProvider with the real ``anthropic`` SDK against the loopback Anthropic fake."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator

import pytest
from anthropic import AsyncAnthropic

from core.errors import ConfigError, ProviderError
from core.providers.anthropic_provider import AnthropicProvider
from core.providers.base import Completion, Prompt, estimate_tokens
from core.providers.retry import with_retries
from tests.fakes import Fail, ImageReply, Reply, split_text
from tests.fakes.anthropic_server import AnthropicFake

API_KEY = "sk-ant-test-7e21b9c04d"
MODEL = "claude-test"
MESSAGES_PATH = "/v1/messages"


@pytest.fixture
async def fake() -> AsyncIterator[AnthropicFake]:
    async with AnthropicFake(api_key=API_KEY) as server:
        yield server


@pytest.fixture
async def provider(fake: AnthropicFake) -> AsyncIterator[AnthropicProvider]:
    instance = AnthropicProvider(api_key=API_KEY, base_url=fake.base_url, model=MODEL, timeout_s=5)
    yield instance
    await instance.aclose()


def make_prompt(user: str = "Write about tea") -> Prompt:
    return Prompt(
        kind="article", system="You are a writer.", user=user, locale="en", max_tokens=500
    )


async def run(provider: AnthropicProvider, tries: int = 3) -> tuple[Completion, list[str]]:
    deltas: list[str] = []

    async def on_delta(piece: str) -> None:
        deltas.append(piece)

    completion = await with_retries(
        lambda: provider.complete(make_prompt(), on_delta), tries=tries, base_delay_s=0.01
    )
    return completion, deltas


async def run_failing(provider: AnthropicProvider, tries: int = 3) -> ProviderError:
    with pytest.raises(ProviderError) as caught:
        await run(provider, tries=tries)
    return caught.value


async def test_complete_streams_deltas_in_order(
    fake: AnthropicFake, provider: AnthropicProvider
) -> None:
    text = "Green tea is steamed. Black tea is oxidised."
    fake.script([Reply(text, chunks=5)])

    completion, deltas = await run(provider)

    assert deltas == split_text(text, 5)
    assert completion.text == text
    assert completion.model == MODEL
    assert len(fake.requests_to(MESSAGES_PATH)) == 1


async def test_complete_request_fields(fake: AnthropicFake, provider: AnthropicProvider) -> None:
    await run(provider)

    request = fake.requests_to(MESSAGES_PATH)[0]
    assert request.json["model"] == MODEL
    assert request.json["stream"] is True
    assert request.json["max_tokens"] == 500
    assert request.json["system"] == "You are a writer."
    assert request.json["messages"] == [{"role": "user", "content": "Write about tea"}]
    assert request.api_key == API_KEY
    assert "x-api-key" not in request.headers
    assert "authorization" not in request.headers
    assert "anthropic-version" in request.headers


async def test_complete_echo_mode_article(provider: AnthropicProvider) -> None:
    completion, _ = await run(provider)

    assert completion.text.startswith("# Write about tea\n")
    assert "\n## " in completion.text


async def test_rate_limit_then_success(fake: AnthropicFake, provider: AnthropicProvider) -> None:
    fake.script([Fail(429, retry_after=0), Reply("after the wait")])

    completion, _ = await run(provider)

    assert completion.text == "after the wait"
    assert len(fake.requests_to(MESSAGES_PATH)) == 2


async def test_overloaded_then_success(fake: AnthropicFake, provider: AnthropicProvider) -> None:
    fake.script([Fail(529), Reply("after the overload")])

    completion, _ = await run(provider)

    assert completion.text == "after the overload"
    assert len(fake.requests_to(MESSAGES_PATH)) == 2


async def test_server_error_exhausts_tries(
    fake: AnthropicFake, provider: AnthropicProvider
) -> None:
    fake.script([Fail(500), Fail(500), Fail(500), Reply("never sent")])

    error = await run_failing(provider)

    assert error.transient is True
    assert error.status == 500
    assert "the model server failed (HTTP 500)" in str(error)
    assert len(fake.requests_to(MESSAGES_PATH)) == 3


async def test_sdk_retries_off(fake: AnthropicFake, provider: AnthropicProvider) -> None:
    fake.script([Fail(500), Reply("would be a retry")])

    error = await run_failing(provider, tries=1)

    assert error.transient is True
    assert len(fake.requests_to(MESSAGES_PATH)) == 1


async def test_invalid_key_not_retried(fake: AnthropicFake) -> None:
    wrong_key = "sk-ant-wrong-5a6b7c8d9e"
    provider = AnthropicProvider(api_key=wrong_key, base_url=fake.base_url, model=MODEL)

    try:
        error = await run_failing(provider)
    finally:
        await provider.aclose()

    assert error.transient is False
    assert error.status == 401
    assert "rejected the API key (HTTP 401)" in str(error)
    assert wrong_key not in str(error)
    assert len(fake.requests_to(MESSAGES_PATH)) == 1
    assert fake.requests_to(MESSAGES_PATH)[0].api_key == wrong_key


async def test_error_message_redacts_key(fake: AnthropicFake, provider: AnthropicProvider) -> None:
    fake.script([Fail(400, message=f"bad request sent with key {API_KEY}")])

    error = await run_failing(provider)

    assert error.transient is False
    assert API_KEY not in str(error)
    assert "[redacted]" in str(error)


async def test_unknown_model_permanent(fake: AnthropicFake, provider: AnthropicProvider) -> None:
    fake.script([Fail(404, message=f"model: {MODEL}")])

    error = await run_failing(provider)

    assert error.transient is False
    assert error.status == 404
    assert MODEL in str(error)
    assert len(fake.requests_to(MESSAGES_PATH)) == 1


async def test_cut_stream_transient(fake: AnthropicFake, provider: AnthropicProvider) -> None:
    fake.script([Reply("one two three four", chunks=4, cut_after=2)])

    error = await run_failing(provider, tries=1)

    assert error.transient is True
    assert "failed or broke" in str(error)


async def test_cut_stream_retried(fake: AnthropicFake, provider: AnthropicProvider) -> None:
    fake.script([Reply("partial text", chunks=4, cut_after=1), Reply("whole text")])

    completion, deltas = await run(provider)

    assert completion.text == "whole text"
    assert len(fake.requests_to(MESSAGES_PATH)) == 2
    # The caller sees the cut attempt's piece before the retry's pieces.
    assert deltas[0] == split_text("partial text", 4)[0]


async def test_stream_without_stop_transient(
    fake: AnthropicFake, provider: AnthropicProvider
) -> None:
    fake.script([Reply("no stop here", finish=False)])

    error = await run_failing(provider, tries=1)

    assert error.transient is True
    assert "before the message finished" in str(error)


async def test_overloaded_event_in_stream_transient(
    fake: AnthropicFake, provider: AnthropicProvider
) -> None:
    fake.script([Reply("some text", cut_after=1, error_event="overloaded_error")])

    error = await run_failing(provider, tries=1)

    assert error.transient is True
    assert "overloaded_error during the stream" in str(error)


async def test_invalid_event_in_stream_permanent(
    fake: AnthropicFake, provider: AnthropicProvider
) -> None:
    fake.script([Reply("some text", cut_after=1, error_event="invalid_request_error")])

    error = await run_failing(provider)

    assert error.transient is False
    assert len(fake.requests_to(MESSAGES_PATH)) == 1


async def test_spend_limit_permanent(fake: AnthropicFake, provider: AnthropicProvider) -> None:
    fake.script([Fail(429, code="enforced_spend_limit_reached")])

    error = await run_failing(provider)

    assert error.transient is False
    assert "spend limit" in str(error)
    assert len(fake.requests_to(MESSAGES_PATH)) == 1


async def test_read_timeout_transient(fake: AnthropicFake) -> None:
    provider = AnthropicProvider(
        api_key=API_KEY, base_url=fake.base_url, model=MODEL, timeout_s=0.2
    )
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
    provider = AnthropicProvider(api_key=API_KEY, base_url=f"http://127.0.0.1:{port}", model=MODEL)

    try:
        error = await run_failing(provider, tries=1)
    finally:
        await provider.aclose()

    assert error.transient is True
    assert "127.0.0.1" in str(error)


async def test_on_delta_error_propagates(provider: AnthropicProvider) -> None:
    async def failing_delta(piece: str) -> None:
        raise RuntimeError("platform edit failed")

    with pytest.raises(RuntimeError, match="platform edit failed"):
        await provider.complete(make_prompt(), failing_delta)


async def test_usage_from_server(fake: AnthropicFake, provider: AnthropicProvider) -> None:
    fake.script([Reply("counted text", prompt_tokens=11, completion_tokens=22)])

    completion, _ = await run(provider)

    assert completion.prompt_tokens == 11
    assert completion.completion_tokens == 22
    assert completion.tokens_estimated is False


async def test_zero_usage_estimated(fake: AnthropicFake, provider: AnthropicProvider) -> None:
    text = "An answer from a server that reports no usage."
    fake.script([Reply(text, usage=False)])

    completion, _ = await run(provider)

    assert completion.tokens_estimated is True
    assert completion.completion_tokens == estimate_tokens(text)
    assert completion.prompt_tokens > 0


async def test_script_mismatch_recorded(fake: AnthropicFake, provider: AnthropicProvider) -> None:
    fake.script([ImageReply()])

    error = await run_failing(provider, tries=1)

    assert error.status == 500
    assert fake.script_errors == ["scripted ImageReply cannot serve messages"]


async def test_compatible_server_without_key(fake: AnthropicFake) -> None:
    fake.expected_api_key = None
    provider = AnthropicProvider(api_key=None, base_url=fake.base_url, model=MODEL)

    try:
        completion, _ = await run(provider)
    finally:
        await provider.aclose()

    assert completion.text
    assert fake.requests_to(MESSAGES_PATH)[0].api_key == "not-needed"


def test_no_key_no_base_url_rejected() -> None:
    with pytest.raises(ConfigError):
        AnthropicProvider(api_key="", base_url=None, model=MODEL)


async def test_fake_plain_message_and_models(fake: AnthropicFake) -> None:
    client = AsyncAnthropic(api_key=API_KEY, base_url=fake.base_url, max_retries=0)
    fake.script([Reply("plain text", prompt_tokens=3, completion_tokens=4)])

    try:
        message = await client.messages.create(
            model=MODEL, max_tokens=50, messages=[{"role": "user", "content": "hi"}]
        )
        model_ids = [model.id async for model in client.models.list()]
    finally:
        await client.close()

    assert message.content[0].type == "text"
    assert message.content[0].text == "plain text"
    assert message.stop_reason == "end_turn"
    assert message.usage.output_tokens == 4
    assert model_ids == ["fake-model"]
