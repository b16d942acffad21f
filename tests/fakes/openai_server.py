"""A loopback server that speaks enough of the OpenAI HTTP API for the ``openai`` SDK.

Routes: ``POST /v1/chat/completions`` (JSON or SSE stream), ``GET /v1/models``,
``POST /v1/images/generations`` (``b64_json`` or ``url``) and ``GET /files/<name>``
for the images handed out by URL.
"""

from __future__ import annotations

import base64
import json
import time
from typing import Any

from aiohttp import web

from tests.fakes import (
    ChatCall,
    Fail,
    FakeServer,
    ImageReply,
    Reply,
    cut_connection,
    echo_article,
    pause,
    split_text,
    start_sse,
    tiny_png,
)

# Error body fields per status, in the shape api.openai.com uses.
ERROR_FIELDS: dict[int, tuple[str, str | None, str]] = {
    400: ("invalid_request_error", None, "Invalid request."),
    401: ("invalid_request_error", "invalid_api_key", "Incorrect API key provided."),
    403: ("invalid_request_error", "unsupported_country_region_territory", "Access denied."),
    404: ("invalid_request_error", "model_not_found", "The model does not exist."),
    429: ("requests", "rate_limit_exceeded", "Rate limit reached for requests."),
    500: ("server_error", None, "The server had an error while processing your request."),
    503: ("server_error", None, "The engine is currently overloaded."),
}


class OpenAIFake(FakeServer):
    """A scriptable OpenAI-compatible server on 127.0.0.1."""

    def add_routes(self, app: web.Application) -> None:
        app.router.add_post("/v1/chat/completions", self._chat)
        app.router.add_get("/v1/models", self._models)
        app.router.add_post("/v1/images/generations", self._images)

    def presented_key(self, request: web.Request) -> str | None:
        value = request.headers.get("Authorization", "")
        return value.removeprefix("Bearer ") if value.startswith("Bearer ") else None

    def error_response(self, fail: Fail) -> web.Response:
        error_type, code, message = ERROR_FIELDS.get(fail.status, ("server_error", None, "Error."))
        body = {
            "error": {
                "message": fail.message or message,
                "type": fail.error_type or error_type,
                "param": None,
                "code": fail.code or code,
            }
        }
        headers = {} if fail.retry_after is None else {"retry-after": str(fail.retry_after)}
        return web.json_response(body, status=fail.status, headers=headers)

    async def _models(self, request: web.Request) -> web.Response:
        rejection = self.key_rejection(request)
        if rejection is not None:
            return rejection

        data = [
            {"id": name, "object": "model", "created": 0, "owned_by": "fake"}
            for name in self.models
        ]
        return web.json_response({"object": "list", "data": data})

    async def _chat(self, request: web.Request) -> web.StreamResponse:
        rejection = self.key_rejection(request)
        if rejection is not None:
            return rejection

        body = await request.json()
        call = ChatCall(
            body.get("model", ""), bool(body.get("stream")), body.get("messages", []), body
        )
        step = self.next_step(Reply())
        if isinstance(step, Fail):
            return self.error_response(step)
        if not isinstance(step, Reply):
            return self.mismatch(step, "chat completions")

        text = step.text if step.text is not None else echo_article(call.last_user_text)
        if not call.stream:
            return web.json_response(_completion(call, step, text))

        include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
        return await _stream(request, call, step, text, include_usage)

    async def _images(self, request: web.Request) -> web.Response:
        rejection = self.key_rejection(request)
        if rejection is not None:
            return rejection

        body = await request.json()
        step = self.next_step(ImageReply())
        if isinstance(step, Fail):
            return self.error_response(step)
        if not isinstance(step, ImageReply):
            return self.mismatch(step, "image generations")

        mode = step.mode or body.get("response_format") or "url"
        count = int(body.get("n") or 1)
        data = [self._image_item(index, mode) for index in range(count)]
        return web.json_response({"created": int(time.time()), "data": data})

    def _image_item(self, index: int, mode: str) -> dict[str, str]:
        png = tiny_png(red=(index * 60) % 256)
        if mode == "b64_json":
            return {"b64_json": base64.b64encode(png).decode("ascii"), "revised_prompt": ""}

        name = f"image-{len(self.files)}.png"
        self.files[name] = png
        return {"url": f"{self.origin}/files/{name}", "revised_prompt": ""}


def _usage(call: ChatCall, step: Reply, text: str) -> dict[str, int]:
    prompt_tokens = step.prompt_tokens if step.prompt_tokens is not None else call.prompt_word_count
    completion_tokens = (
        step.completion_tokens if step.completion_tokens is not None else len(text.split())
    )
    return {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
    }


def _completion(call: ChatCall, step: Reply, text: str) -> dict[str, Any]:
    choice = {
        "index": 0,
        "message": {"role": "assistant", "content": text},
        "finish_reason": step.finish_reason or "stop",
        "logprobs": None,
    }
    body: dict[str, Any] = {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": call.model,
        "choices": [choice],
    }
    if step.usage:
        body["usage"] = _usage(call, step, text)
    return body


def _chunk(call: ChatCall, delta: dict[str, Any], finish_reason: str | None) -> dict[str, Any]:
    choice = {"index": 0, "delta": delta, "finish_reason": finish_reason, "logprobs": None}
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": call.model,
        "choices": [choice],
    }


async def _send(response: web.StreamResponse, payload: dict[str, Any] | str) -> None:
    data = payload if isinstance(payload, str) else json.dumps(payload)
    await response.write(f"data: {data}\n\n".encode())


async def _stream(
    request: web.Request, call: ChatCall, step: Reply, text: str, include_usage: bool
) -> web.StreamResponse:
    response = await start_sse(request)
    await _send(response, _chunk(call, {"role": "assistant", "content": ""}, None))

    pieces = split_text(text, step.chunks)
    limit = len(pieces) if step.cut_after is None else step.cut_after
    for piece in pieces[:limit]:
        await pause(step.delay_s)
        await _send(response, _chunk(call, {"content": piece}, None))

    if step.error_event is not None:
        error = {"message": "The server had an error while streaming.", "type": step.error_event}
        await _send(response, {"error": error})
        return response

    if step.cut_after is not None:
        cut_connection(request)
        return response

    if step.finish:
        await _send(response, _chunk(call, {}, step.finish_reason or "stop"))

    if step.usage and include_usage:
        usage_chunk = _chunk(call, {}, None) | {"choices": [], "usage": _usage(call, step, text)}
        await _send(response, usage_chunk)

    await _send(response, "[DONE]")
    return response
