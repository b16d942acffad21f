"""Loopback model servers for tests, and the script steps they play.

A fake binds 127.0.0.1 on a free port and responds to each POST with the
next step of its script. When the script is empty it responds in echo mode,
with a Markdown article built from the last user message. Every request is recorded
without its credentials, and the credential that reached the server is kept
apart in ``RecordedRequest.api_key``.

Use it as an async context manager::

    async with OpenAIFake() as fake:
        fake.script([Fail(429, retry_after=0), Reply("Hello")])
        ...  # point the SDK at fake.base_url
"""

from __future__ import annotations

import asyncio
import json
import socket
import struct
import zlib
from collections import deque
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self

from aiohttp import web

AUTH_HEADERS = frozenset({"authorization", "x-api-key"})


@dataclass(frozen=True)
class Reply:
    """A successful chat response.

    ``text`` None means echo mode. The text is split into ``chunks`` pieces
    for streaming, with ``delay_s`` before each piece. ``cut_after`` closes
    the connection after that many pieces, without a final chunk.
    ``finish=False`` ends the stream cleanly but with no finish reason.
    ``error_event`` sends an in-stream error of that type after
    ``cut_after`` pieces (or all of them) and ends the stream.
    ``usage=False`` reports no token usage; otherwise the counts are
    ``prompt_tokens`` and ``completion_tokens``, or word counts when None.
    """

    text: str | None = None
    chunks: int = 3
    delay_s: float = 0.0
    usage: bool = True
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    finish_reason: str | None = None
    finish: bool = True
    cut_after: int | None = None
    error_event: str | None = None


@dataclass(frozen=True)
class Fail:
    """An HTTP error response with the provider's error JSON body.

    ``retry_after`` (seconds) adds a ``retry-after`` header. ``error_type``
    and ``code`` override the body fields the fake picks for ``status``
    (OpenAI's ``error.code``, Anthropic's ``error.details.error_code``).
    """

    status: int
    message: str | None = None
    retry_after: float | None = None
    code: str | None = None
    error_type: str | None = None


@dataclass(frozen=True)
class ImageReply:
    """An image generation response.

    ``mode`` is "b64_json" or "url"; None follows the request's
    ``response_format`` (default "url", as the DALL-E models do).
    """

    mode: str | None = None


Step = Reply | Fail | ImageReply


@dataclass(frozen=True)
class RecordedRequest:
    """One request the fake received; ``headers`` lacks the credential headers."""

    method: str
    path: str
    headers: dict[str, str]
    json: Any
    api_key: str | None


@dataclass
class ChatCall:
    """The parts of a chat request that every protocol shares."""

    model: str
    stream: bool
    messages: list[dict[str, Any]]
    body: dict[str, Any] = field(default_factory=dict)

    @property
    def last_user_text(self) -> str:
        for message in reversed(self.messages):
            if message.get("role") == "user":
                return content_text(message.get("content"))
        return ""

    @property
    def prompt_word_count(self) -> int:
        words = sum(len(content_text(m.get("content")).split()) for m in self.messages)
        system = self.body.get("system")
        return words + (len(content_text(system).split()) if system else 0)


def content_text(content: Any) -> str:
    """Return the text of a message content that is a string or a list of parts."""
    if isinstance(content, str):
        return content

    if isinstance(content, list):
        return "".join(part.get("text", "") for part in content if isinstance(part, dict))

    return ""


def echo_article(user_text: str) -> str:
    """Build a deterministic Markdown article from ``user_text``.

    The title is the first line (without leading ``#``), cut to 8 words.
    """
    first_line = next((line for line in user_text.splitlines() if line.strip()), "")
    title_words = first_line.strip().lstrip("#").split()[:8]
    title = " ".join(title_words) or "Untitled"
    return (
        f"# {title}\n\n"
        "## Overview\n\n"
        f"This article covers {title}. It explains the main idea in plain words.\n\n"
        "## Details\n\n"
        "- The first point gives context.\n"
        "- The second point gives an example.\n\n"
        "## Conclusion\n\n"
        f"That is the short version of {title}.\n"
    )


def split_text(text: str, pieces: int) -> list[str]:
    """Split ``text`` into ``pieces`` consecutive non-empty parts (fewer if it is short)."""
    if not text:
        return []

    count = max(1, min(pieces, len(text)))
    size, extra = divmod(len(text), count)
    parts: list[str] = []
    start = 0
    for index in range(count):
        end = start + size + (1 if index < extra else 0)
        parts.append(text[start:end])
        start = end
    return parts


def tiny_png(red: int = 200, green: int = 40, blue: int = 40, side: int = 8) -> bytes:
    """Encode a solid-colour RGB PNG of ``side`` x ``side`` pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        checksum = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", checksum)

    header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    row = b"\x00" + bytes((red, green, blue)) * side
    pixels = zlib.compress(row * side)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


class FakeServer:
    """The aiohttp server, script queue and request log shared by the fakes.

    Subclasses add their routes in ``add_routes`` and define ``api_prefix``.
    ``api_key``, when set, makes the fake respond 401 to any other key, as
    the real services do.
    """

    api_prefix = "/v1"

    def __init__(self, *, api_key: str | None = None, models: list[str] | None = None) -> None:
        self.expected_api_key = api_key
        self.models = models or ["fake-model"]
        self.requests: list[RecordedRequest] = []
        self.script_errors: list[str] = []
        self.files: dict[str, bytes] = {}
        self._steps: deque[Step] = deque()
        self._runner: web.AppRunner | None = None
        self._port = 0

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    async def start(self) -> None:
        """Bind 127.0.0.1 on a free port and start serving."""
        app = web.Application(middlewares=[self._record_middleware])
        app.router.add_get("/files/{name}", self._serve_file)
        self.add_routes(app)

        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()

        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        self._port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()

    async def stop(self) -> None:
        """Stop serving and close open connections."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    @property
    def base_url(self) -> str:
        return f"{self.origin}{self.api_prefix}"

    def script(self, steps: list[Step]) -> None:
        """Queue ``steps``; each POST takes the next one, then echo mode resumes."""
        self._steps.extend(steps)

    def requests_to(self, path: str) -> list[RecordedRequest]:
        """Return the recorded requests whose path ends with ``path``."""
        return [request for request in self.requests if request.path.endswith(path)]

    def next_step(self, default: Step) -> Step:
        return self._steps.popleft() if self._steps else default

    def add_routes(self, app: web.Application) -> None:
        raise NotImplementedError

    def presented_key(self, request: web.Request) -> str | None:
        raise NotImplementedError

    def key_rejection(self, request: web.Request) -> web.Response | None:
        """Return a 401 response when a key is expected and a different one was sent."""
        if self.expected_api_key is None:
            return None

        if self.presented_key(request) == self.expected_api_key:
            return None

        return self.error_response(Fail(401))

    def error_response(self, fail: Fail) -> web.Response:
        raise NotImplementedError

    def mismatch(self, step: Step, endpoint: str) -> web.Response:
        """Respond 500 when the scripted step cannot serve this endpoint."""
        problem = f"scripted {type(step).__name__} cannot serve {endpoint}"
        self.script_errors.append(problem)
        return self.error_response(Fail(500, message=f"fake server: {problem}"))

    @web.middleware
    async def _record_middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        body: Any = None
        if request.can_read_body:
            raw = await request.read()
            try:
                body = json.loads(raw)
            except ValueError:
                body = raw.decode("utf-8", "replace")

        headers = {
            k.lower(): v for k, v in request.headers.items() if k.lower() not in AUTH_HEADERS
        }
        self.requests.append(
            RecordedRequest(
                request.method, request.path, headers, body, self.presented_key(request)
            )
        )
        return await handler(request)

    async def _serve_file(self, request: web.Request) -> web.Response:
        data = self.files.get(request.match_info["name"])
        if data is None:
            return web.Response(status=404, text="not found")
        return web.Response(body=data, content_type="image/png")


async def start_sse(request: web.Request) -> web.StreamResponse:
    """Prepare a chunked ``text/event-stream`` response."""
    response = web.StreamResponse(
        headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
    )
    response.enable_chunked_encoding()
    await response.prepare(request)
    return response


async def pause(delay_s: float) -> None:
    if delay_s > 0:
        await asyncio.sleep(delay_s)


def cut_connection(request: web.Request) -> None:
    """Drop the TCP connection mid-body, so the client sees an incomplete chunked read."""
    transport = request.transport
    if transport is not None:
        transport.abort()
