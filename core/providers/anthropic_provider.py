"""The Anthropic provider: streamed Messages API calls with the official ``anthropic`` SDK.

SDK errors become :class:`ProviderError`. The SDK's own retries are off
(``max_retries=0``) because ``core.providers.retry.with_retries`` retries.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

import anthropic
from anthropic import AsyncAnthropic
from anthropic.types import Usage

from core.errors import ConfigError, ProviderError
from core.providers.base import Completion, DeltaCallback, Prompt, estimate_tokens
from core.providers.http_errors import (
    connection_error,
    is_transient_status,
    redact,
    status_detail,
    status_error,
    timeout_error,
)

logger = logging.getLogger(__name__)

# Anthropic-compatible proxies may ignore the key, but the SDK needs one to send.
PLACEHOLDER_API_KEY = "not-needed"

# Error types that no retry can fix, when they arrive inside a started stream.
PERMANENT_ERROR_TYPES = frozenset(
    {"authentication_error", "permission_error", "invalid_request_error", "not_found_error"}
)


@dataclass
class _StreamResult:
    model: str
    pieces: list[str] = field(default_factory=list)
    stop_reason: str | None = None
    usage: Usage | None = None


class AnthropicProvider:
    """Stream completions from the Anthropic Messages API."""

    name = "anthropic"

    def __init__(
        self, *, api_key: str | None, base_url: str | None, model: str, timeout_s: float = 120.0
    ) -> None:
        """Build the SDK client.

        Raises :class:`ConfigError` when neither an API key nor a ``base_url``
        is given. The key is passed explicitly, so the SDK does not read
        credentials from the environment or its profile files.
        """
        if not api_key and not base_url:
            raise ConfigError(
                "the Anthropic provider needs an API key, or a base_url for a compatible server"
            )

        self.model = model
        self.timeout_s = timeout_s
        self._api_key = api_key or ""
        self._client = AsyncAnthropic(
            api_key=api_key or PLACEHOLDER_API_KEY,
            base_url=base_url or None,
            timeout=timeout_s,
            max_retries=0,
        )

    async def complete(self, prompt: Prompt, on_delta: DeltaCallback | None = None) -> Completion:
        """Stream one message, calling ``on_delta`` with each text piece.

        Raises :class:`ProviderError`. The error is transient for 408, 409,
        429 and 5xx (529 overloaded included), timeouts, broken connections,
        a retryable error event inside the stream, and a stream that ends
        without ``message_stop``. Other HTTP errors are permanent. Errors
        raised by ``on_delta`` propagate unchanged.
        """
        started = time.monotonic()
        try:
            result = await self._stream(prompt, on_delta)
        except anthropic.AnthropicError as error:
            raise self._provider_error(error) from None

        if result.stop_reason is None:
            raise ProviderError(
                "the model server closed the stream before the message finished",
                transient=True,
                provider=self.name,
            )

        if result.stop_reason == "max_tokens":
            logger.warning(
                "message from %s stopped at max_tokens=%d", result.model, prompt.max_tokens
            )

        completion = _completion(prompt, result)
        logger.debug(
            "message from %s finished in %.2fs: %d input and %d output tokens%s",
            completion.model,
            time.monotonic() - started,
            completion.prompt_tokens,
            completion.completion_tokens,
            " (estimated)" if completion.tokens_estimated else "",
        )
        return completion

    async def aclose(self) -> None:
        """Close the SDK's HTTP client."""
        await self._client.close()

    async def _stream(self, prompt: Prompt, on_delta: DeltaCallback | None) -> _StreamResult:
        result = _StreamResult(model=self.model)
        stopped = False
        manager = self._client.messages.stream(
            model=self.model,
            max_tokens=prompt.max_tokens,
            system=prompt.system,
            messages=[{"role": "user", "content": prompt.user}],
        )

        async with manager as stream:
            async for event in stream:
                if event.type == "message_stop":
                    stopped = True
                if event.type != "text" or not event.text:
                    continue

                result.pieces.append(event.text)
                if on_delta is not None:
                    await on_delta(event.text)

            # The snapshot exists only after message_start, and is whole only after message_stop.
            if stopped:
                message = stream.current_message_snapshot
                result.model = message.model or result.model
                result.stop_reason = message.stop_reason
                result.usage = message.usage
        return result

    def _provider_error(self, error: anthropic.AnthropicError) -> ProviderError:
        if isinstance(error, anthropic.APITimeoutError):
            return timeout_error(self.name, self.timeout_s)

        if isinstance(error, anthropic.APIConnectionError):
            return connection_error(self.name, error, self._client.base_url.host)

        if isinstance(error, anthropic.APIStatusError):
            return self._status_error(error)

        return ProviderError(
            f"the Anthropic client failed: {self._redact(str(error))}",
            transient=False,
            provider=self.name,
        )

    def _status_error(self, error: anthropic.APIStatusError) -> ProviderError:
        status = error.status_code
        transient = is_transient_status(status)
        detail = status_detail(status, self.model)
        if status < 400:
            # An error event inside a stream that had already started with HTTP 200.
            detail = f"the model server reported {error.type or 'an error'} during the stream"
            transient = error.type not in PERMANENT_ERROR_TYPES
        elif status == 429 and "spend_limit" in (error.error_code or ""):
            detail = f"the account reached its spend limit (HTTP {status} {error.error_code})"
            transient = False
        return status_error(
            self.name,
            detail,
            transient=transient,
            status=status if status >= 400 else None,
            server_message=error.api_message or "",
            api_key=self._api_key,
        )

    def _redact(self, text: str) -> str:
        return redact(text, self._api_key)


def _completion(prompt: Prompt, result: _StreamResult) -> Completion:
    """Build the Completion, estimating tokens when the server reported none.

    The prompt count includes cache writes and reads, because Anthropic's
    ``input_tokens`` leaves them out.
    """
    text = "".join(result.pieces)
    usage = result.usage
    if usage is not None and (usage.input_tokens or usage.output_tokens):
        cached = (usage.cache_creation_input_tokens or 0) + (usage.cache_read_input_tokens or 0)
        return Completion(
            text=text,
            model=result.model,
            prompt_tokens=usage.input_tokens + cached,
            completion_tokens=usage.output_tokens,
        )

    return Completion(
        text=text,
        model=result.model,
        prompt_tokens=estimate_tokens(prompt.system) + estimate_tokens(prompt.user),
        completion_tokens=estimate_tokens(text),
        tokens_estimated=True,
    )
