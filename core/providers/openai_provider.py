"""The OpenAI provider, also used for OpenAI-compatible servers (Ollama, vLLM).

It streams chat completions with the official ``openai`` SDK and maps SDK
errors to :class:`ProviderError`. The SDK's own retries are off
(``max_retries=0``) because ``core.providers.retry.with_retries`` retries.
"""

from __future__ import annotations

import base64
import binascii
import logging
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx
import openai
from openai import AsyncOpenAI
from openai.types import CompletionUsage

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

# Local servers ignore the key, but the SDK raises when the key is missing.
PLACEHOLDER_API_KEY = "not-needed"

# An image larger than this is treated as a broken response.
MAX_IMAGE_BYTES = 50 * 1024 * 1024


@dataclass
class _StreamResult:
    model: str
    pieces: list[str] = field(default_factory=list)
    finish_reason: str | None = None
    usage: CompletionUsage | None = None


class OpenAIProvider:
    """Stream completions from the OpenAI API or an OpenAI-compatible server."""

    name = "openai"

    def __init__(
        self, *, api_key: str | None, base_url: str | None, model: str, timeout_s: float = 120.0
    ) -> None:
        """Build the SDK client.

        Raises :class:`ConfigError` when neither an API key nor a ``base_url``
        is given, because only a local server works without a key.
        """
        if not api_key and not base_url:
            raise ConfigError(
                "the OpenAI provider needs an API key, or a base_url for a local server"
            )

        self.model = model
        self.timeout_s = timeout_s
        self._api_key = api_key or ""
        self._client = AsyncOpenAI(
            api_key=api_key or PLACEHOLDER_API_KEY,
            base_url=base_url or None,
            timeout=timeout_s,
            max_retries=0,
        )
        self._token_limit_field = _token_limit_field(base_url)

    async def complete(self, prompt: Prompt, on_delta: DeltaCallback | None = None) -> Completion:
        """Stream one chat completion, calling ``on_delta`` with each text piece.

        Raises :class:`ProviderError`. The error is transient for 408, 409,
        429 and 5xx, timeouts, broken connections, an error event inside the
        stream, and a stream that ends without a finish reason. Other HTTP
        errors are permanent. Errors raised by ``on_delta`` propagate unchanged.
        """
        started = time.monotonic()
        try:
            result = await self._stream(prompt, on_delta)
        except openai.OpenAIError as error:
            raise self._provider_error(error) from None

        if result.finish_reason is None:
            raise ProviderError(
                "the model server closed the stream before the completion finished",
                transient=True,
                provider=self.name,
            )

        if result.finish_reason == "length":
            logger.warning(
                "completion from %s stopped at max_tokens=%d", result.model, prompt.max_tokens
            )

        completion = _completion(prompt, result)
        logger.debug(
            "completion from %s finished in %.2fs: %d prompt and %d completion tokens%s",
            completion.model,
            time.monotonic() - started,
            completion.prompt_tokens,
            completion.completion_tokens,
            " (estimated)" if completion.tokens_estimated else "",
        )
        return completion

    async def _stream(self, prompt: Prompt, on_delta: DeltaCallback | None) -> _StreamResult:
        messages = [
            {"role": "system", "content": prompt.system},
            {"role": "user", "content": prompt.user},
        ]
        stream = await self._client.chat.completions.create(
            model=self.model,
            messages=messages,  # type: ignore[arg-type]
            stream=True,
            stream_options={"include_usage": True},
            **{self._token_limit_field: prompt.max_tokens},  # type: ignore[arg-type]
        )

        result = _StreamResult(model=self.model)
        async with stream:
            async for chunk in stream:
                result.model = chunk.model or result.model
                result.usage = chunk.usage or result.usage
                if not chunk.choices:
                    continue

                choice = chunk.choices[0]
                result.finish_reason = choice.finish_reason or result.finish_reason
                piece = choice.delta.content if choice.delta else None
                if not piece:
                    continue

                result.pieces.append(piece)
                if on_delta is not None:
                    await on_delta(piece)
        return result

    async def generate_images(
        self, prompt: str, *, size: str, count: int, quality: str, model: str
    ) -> list[bytes]:
        """Generate ``count`` images and return their bytes (PNG unless the server picks otherwise).

        Requests ``b64_json``. When the server returns URLs instead, the images
        are downloaded. Raises :class:`ProviderError` with the same
        mapping as :meth:`complete`.
        """
        options: dict[str, str] = {}
        # GPT image models always return base64 and reject response_format.
        if not model.startswith("gpt-image"):
            options["response_format"] = "b64_json"

        try:
            response = await self._client.images.generate(
                prompt=prompt,
                model=model,
                n=count,
                size=size,
                quality=quality,
                **options,  # type: ignore[arg-type]
            )
        except openai.OpenAIError as error:
            raise self._provider_error(error) from None

        images: list[bytes] = []
        for item in response.data or []:
            images.append(await self._image_bytes(item.b64_json, item.url))

        if not images:
            raise ProviderError(
                "the image server returned no images", transient=True, provider=self.name
            )
        return images

    async def aclose(self) -> None:
        """Close the SDK's HTTP client."""
        await self._client.close()

    async def _image_bytes(self, b64_json: str | None, url: str | None) -> bytes:
        if b64_json:
            try:
                return base64.b64decode(b64_json, validate=True)
            except binascii.Error:
                raise ProviderError(
                    "the image server returned invalid base64 data",
                    transient=True,
                    provider=self.name,
                ) from None

        if url:
            return await self._download(url)

        raise ProviderError(
            "the image server returned an image with neither data nor a URL",
            transient=True,
            provider=self.name,
        )

    async def _download(self, url: str) -> bytes:
        # The URL is not logged or shown: storage URLs often carry a signed token.
        if urlsplit(url).scheme not in ("http", "https"):
            raise ProviderError(
                "the image server returned a URL that is not http or https",
                transient=False,
                provider=self.name,
            )

        try:
            async with httpx.AsyncClient(timeout=self.timeout_s, follow_redirects=True) as client:
                async with client.stream("GET", url) as response:
                    self._check_download_status(response.status_code)
                    return await _read_capped(response, MAX_IMAGE_BYTES)
        except httpx.TimeoutException:
            raise ProviderError(
                f"downloading the image timed out after {self.timeout_s:g}s",
                transient=True,
                provider=self.name,
            ) from None
        except httpx.HTTPError as error:
            raise ProviderError(
                f"downloading the image failed ({type(error).__name__})",
                transient=True,
                provider=self.name,
            ) from None

    def _check_download_status(self, status: int) -> None:
        if status < 400:
            return

        raise ProviderError(
            f"downloading the image failed (HTTP {status})",
            transient=is_transient_status(status),
            status=status,
            provider=self.name,
        )

    def _provider_error(self, error: openai.OpenAIError) -> ProviderError:
        if isinstance(error, openai.APITimeoutError):
            return timeout_error(self.name, self.timeout_s)

        if isinstance(error, openai.APIConnectionError):
            return connection_error(self.name, error, self._client.base_url.host)

        if isinstance(error, openai.APIStatusError):
            return self._status_error(error)

        if isinstance(error, openai.APIError):
            # An error event inside a stream that had already started with HTTP 200.
            message = self._redact(error.message)
            return ProviderError(
                f"the model server reported an error during the stream: {message}",
                transient=True,
                provider=self.name,
            )

        return ProviderError(
            f"the OpenAI client failed: {self._redact(str(error))}",
            transient=False,
            provider=self.name,
        )

    def _status_error(self, error: openai.APIStatusError) -> ProviderError:
        status = error.status_code
        transient = is_transient_status(status)
        detail = status_detail(status, self.model)
        if status == 429 and error.code == "insufficient_quota":
            detail = f"the account has no quota left (HTTP {status} insufficient_quota)"
            transient = False
        return status_error(
            self.name,
            detail,
            transient=transient,
            status=status,
            server_message=_server_message(error.body),
            api_key=self._api_key,
        )

    def _redact(self, text: str) -> str:
        return redact(text, self._api_key)


def _token_limit_field(base_url: str | None) -> str:
    """Return the request field for the output token limit.

    api.openai.com rejects ``max_tokens`` for its reasoning models and takes
    ``max_completion_tokens``; Ollama and older vLLM versions know only
    ``max_tokens``.
    """
    if not base_url or urlsplit(base_url).hostname == "api.openai.com":
        return "max_completion_tokens"
    return "max_tokens"


def _server_message(body: object) -> str:
    """Return the ``message`` field of an error body, or an empty string."""
    if isinstance(body, dict):
        message = body.get("message")
        if isinstance(message, str):
            return message
    if isinstance(body, str):
        return body
    return ""


async def _read_capped(response: httpx.Response, max_bytes: int) -> bytes:
    """Read the body, raising a permanent ProviderError past ``max_bytes``."""
    data = bytearray()
    async for block in response.aiter_bytes():
        data.extend(block)
        if len(data) > max_bytes:
            raise ProviderError(
                f"the downloaded image is larger than {max_bytes // (1024 * 1024)} MB",
                transient=False,
            )
    return bytes(data)


def _completion(prompt: Prompt, result: _StreamResult) -> Completion:
    text = "".join(result.pieces)
    if result.usage is not None:
        return Completion(
            text=text,
            model=result.model,
            prompt_tokens=result.usage.prompt_tokens,
            completion_tokens=result.usage.completion_tokens,
        )

    return Completion(
        text=text,
        model=result.model,
        prompt_tokens=estimate_tokens(prompt.system) + estimate_tokens(prompt.user),
        completion_tokens=estimate_tokens(text),
        tokens_estimated=True,
    )
