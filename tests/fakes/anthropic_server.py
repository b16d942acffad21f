"""A loopback server that speaks enough of the Anthropic Messages API for the ``anthropic`` SDK.

Routes: ``POST /v1/messages`` (JSON or SSE stream with the message_start ...
message_stop events), ``GET /v1/models`` and ``GET /files/<name>``.
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from tests.fakes import (
    ChatCall,
    Fail,
    FakeServer,
    Reply,
    cut_connection,
    echo_article,
    pause,
    split_text,
    start_sse,
)

# Error types per status, as documented for the Anthropic API.
ERROR_TYPES: dict[int, tuple[str, str]] = {
    400: ("invalid_request_error", "Invalid request."),
    401: ("authentication_error", "invalid x-api-key"),
    403: (
        "permission_error",
        "Your API key does not have permission to use the specified resource.",
    ),
    404: ("not_found_error", "The requested resource could not be found."),
    429: ("rate_limit_error", "Number of requests has exceeded your rate limit."),
    500: ("api_error", "Internal server error."),
    529: ("overloaded_error", "Overloaded"),
}


class AnthropicFake(FakeServer):
    """A scriptable Anthropic-compatible server on 127.0.0.1.

    ``Reply(usage=False)`` reports zero tokens, because the SDK needs the
    ``usage`` objects to be present; a provider then has to estimate.
    ``base_url`` is the bare origin, because the SDK adds ``/v1`` itself.
    """

    api_prefix = ""

    def add_routes(self, app: web.Application) -> None:
        app.router.add_post("/v1/messages", self._messages)
        app.router.add_get("/v1/models", self._models)

    def presented_key(self, request: web.Request) -> str | None:
        # anthropic 2.17 sends the API key as a bearer token, and older SDKs sent x-api-key.
        if "x-api-key" in request.headers:
            return request.headers["x-api-key"]

        value = request.headers.get("Authorization", "")
        return value.removeprefix("Bearer ") if value.startswith("Bearer ") else None

    def error_response(self, fail: Fail) -> web.Response:
        error_type, message = ERROR_TYPES.get(fail.status, ("api_error", "Error."))
        error: dict[str, object] = {
            "type": fail.error_type or error_type,
            "message": fail.message or message,
        }
        if fail.code is not None:
            error["details"] = {"error_code": fail.code}

        body = {"type": "error", "error": error, "request_id": "req_fake"}
        headers = {"request-id": "req_fake"}
        if fail.retry_after is not None:
            headers["retry-after"] = str(fail.retry_after)
        return web.json_response(body, status=fail.status, headers=headers)

    async def _models(self, request: web.Request) -> web.Response:
        rejection = self.key_rejection(request)
        if rejection is not None:
            return rejection

        data = [
            {
                "type": "model",
                "id": name,
                "display_name": name,
                "created_at": "2025-01-01T00:00:00Z",
            }
            for name in self.models
        ]
        last = self.models[-1] if self.models else None
        first = self.models[0] if self.models else None
        return web.json_response(
            {"data": data, "has_more": False, "first_id": first, "last_id": last}
        )

    async def _messages(self, request: web.Request) -> web.StreamResponse:
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
            return self.mismatch(step, "messages")

        text = step.text if step.text is not None else echo_article(call.last_user_text)
        if not call.stream:
            return web.json_response(_message(call, step, text, complete=True))

        return await _stream(request, call, step, text)


def _token_counts(call: ChatCall, step: Reply, text: str) -> tuple[int, int]:
    if not step.usage:
        return 0, 0

    input_tokens = step.prompt_tokens if step.prompt_tokens is not None else call.prompt_word_count
    output_tokens = (
        step.completion_tokens if step.completion_tokens is not None else len(text.split())
    )
    return input_tokens, output_tokens


def _message(call: ChatCall, step: Reply, text: str, *, complete: bool) -> dict[str, Any]:
    input_tokens, output_tokens = _token_counts(call, step, text)
    return {
        "id": "msg_fake",
        "type": "message",
        "role": "assistant",
        "model": call.model,
        "content": [{"type": "text", "text": text}] if complete else [],
        "stop_reason": (step.finish_reason or "end_turn") if complete else None,
        "stop_sequence": None,
        "usage": {
            "input_tokens": input_tokens,
            "output_tokens": output_tokens if complete else min(1, output_tokens),
            "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": 0,
        },
    }


async def _send(response: web.StreamResponse, event: str, payload: dict[str, Any]) -> None:
    data = json.dumps({"type": event} | payload)
    await response.write(f"event: {event}\ndata: {data}\n\n".encode())


async def _stream(
    request: web.Request, call: ChatCall, step: Reply, text: str
) -> web.StreamResponse:
    response = await start_sse(request)
    await _send(response, "message_start", {"message": _message(call, step, text, complete=False)})
    await _send(
        response, "content_block_start", {"index": 0, "content_block": {"type": "text", "text": ""}}
    )
    await _send(response, "ping", {})

    pieces = split_text(text, step.chunks)
    limit = len(pieces) if step.cut_after is None else step.cut_after
    for piece in pieces[:limit]:
        await pause(step.delay_s)
        delta = {"type": "text_delta", "text": piece}
        await _send(response, "content_block_delta", {"index": 0, "delta": delta})

    if step.error_event is not None:
        message = "Overloaded" if step.error_event == "overloaded_error" else "Stream failed."
        error = {"type": step.error_event, "message": message}
        await _send(response, "error", {"error": error})
        return response

    if step.cut_after is not None:
        cut_connection(request)
        return response

    await _send(response, "content_block_stop", {"index": 0})
    if not step.finish:
        return response

    _, output_tokens = _token_counts(call, step, text)
    delta = {"stop_reason": step.finish_reason or "end_turn", "stop_sequence": None}
    await _send(
        response, "message_delta", {"delta": delta, "usage": {"output_tokens": output_tokens}}
    )
    await _send(response, "message_stop", {})
    return response
