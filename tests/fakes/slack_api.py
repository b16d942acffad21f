"""A loopback Slack Web API for slack_sdk's ``AsyncWebClient(base_url=fake.base_url)``.

It records every call and enforces the limits the adapter has to respect.
A message may have at most 50 blocks and 3000 characters of section text
(else ``invalid_blocks``), and at most ``max_message_chars`` characters of
text and block text together (else ``msg_too_long``). Tokens are checked
(``invalid_auth``), and uploads follow Slack's flow:
files.getUploadURLExternal, a POST to the returned URL on this fake, then
files.completeUploadExternal. :meth:`fail_next` scripts an error for a
method, such as ``ratelimited`` with HTTP 429 and ``Retry-After``.
Response URLs of slash commands (``/response/<id>``) are served too.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Self

from aiohttp import web

MAX_BLOCKS = 50
MAX_SECTION_CHARS = 3000
MAX_TEXT_CHARS = 40000
MESSAGE_METHODS = ("chat.postMessage", "chat.update", "chat.postEphemeral")


@dataclass
class SlackCall:
    """One Web API call: the method, its merged parameters and the token it carried."""

    method: str
    params: dict[str, Any]
    token: str | None
    at: float


@dataclass
class FakeMessage:
    channel: str
    ts: str
    text: str
    blocks: list[dict[str, Any]]
    thread_ts: str | None = None
    updates: int = 0


@dataclass
class FakeUpload:
    file_id: str
    filename: str
    length: int
    alt_txt: str | None = None
    data: bytes | None = None
    title: str | None = None
    channel: str | None = None
    thread_ts: str | None = None
    initial_comment: str | None = None


@dataclass
class _Failure:
    error: str
    status: int
    retry_after: int | None
    times: int
    match: Callable[[dict[str, Any]], bool] | None


@dataclass
class SlackApiFake:
    """The fake Web API; start it with ``async with SlackApiFake() as fake``."""

    bot_token: str = "xoxb-test"
    app_token: str = "xapp-test"
    bot_user_id: str = "UBOT"
    bot_id: str = "BBOT"
    team_id: str = "T1"
    max_message_chars: int = MAX_TEXT_CHARS
    socket_url: str | None = None
    user_locales: dict[str, str] = field(default_factory=dict)
    # Seconds a method waits before it responds, for tests of slow Slack calls.
    delays_s: dict[str, float] = field(default_factory=dict)
    calls: list[SlackCall] = field(default_factory=list)
    messages: dict[tuple[str, str], FakeMessage] = field(default_factory=dict)
    ephemerals: list[dict[str, Any]] = field(default_factory=list)
    uploads: dict[str, FakeUpload] = field(default_factory=dict)
    responses: list[dict[str, Any]] = field(default_factory=list)
    _failures: dict[str, list[_Failure]] = field(default_factory=dict)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _runner: web.AppRunner | None = None
    _port: int = 0

    async def __aenter__(self) -> Self:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_post("/response/{token}", self._response)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        self._port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    @property
    def base_url(self) -> str:
        return f"{self.origin}/api/"

    def response_url(self, name: str = "r1") -> str:
        return f"{self.origin}/response/{name}"

    def fail_next(
        self,
        method: str,
        error: str,
        *,
        status: int = 200,
        retry_after: int | None = None,
        times: int = 1,
        match: Callable[[dict[str, Any]], bool] | None = None,
    ) -> None:
        """Fail the next ``times`` calls of ``method`` with ``error`` (HTTP ``status``).

        ``match`` limits the failure to calls whose parameters it accepts.
        """
        failure = _Failure(error, status, retry_after, times, match)
        self._failures.setdefault(method, []).append(failure)

    def calls_to(self, method: str) -> list[SlackCall]:
        return [call for call in self.calls if call.method == method]

    def thread(self, channel: str, thread_ts: str) -> list[FakeMessage]:
        """Return the replies in a thread, oldest first."""
        replies = [
            m for m in self.messages.values() if m.channel == channel and m.thread_ts == thread_ts
        ]
        return sorted(replies, key=lambda message: message.ts)

    def top_level(self, channel: str) -> list[FakeMessage]:
        found = [m for m in self.messages.values() if m.channel == channel and m.thread_ts is None]
        return sorted(found, key=lambda message: message.ts)

    async def wait_for(self, condition: Callable[[], Any], timeout_s: float = 10.0) -> Any:
        """Poll ``condition`` until it returns a truthy value; fail after ``timeout_s``."""
        deadline = time.monotonic() + timeout_s
        while True:
            value = condition()
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError("the Slack fake did not see the expected calls in time")
            await asyncio.sleep(0.02)

    # Routes

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await _params(request)
        token = _token(request, params)
        self.calls.append(SlackCall(method, params, token, time.monotonic()))
        if method in self.delays_s:
            await asyncio.sleep(self.delays_s[method])

        failure = self._take_failure(method, params)
        if failure is not None:
            headers = (
                {"Retry-After": str(failure.retry_after)} if failure.retry_after is not None else {}
            )
            return web.json_response(
                {"ok": False, "error": failure.error}, status=failure.status, headers=headers
            )

        expected = self.app_token if method == "apps.connections.open" else self.bot_token
        if token != expected:
            return _error("invalid_auth" if token else "not_authed")

        handler = getattr(self, "_" + method.replace(".", "_"), None)
        if handler is None:
            return _error("unknown_method")
        return await handler(params)

    async def _upload(self, request: web.Request) -> web.Response:
        upload = self.uploads.get(request.match_info["file_id"])
        if upload is None:
            return web.Response(status=404, text="unknown upload")
        upload.data = await request.read()
        if len(upload.data) != upload.length:
            return web.Response(status=400, text="length mismatch")
        return web.Response(text=f"OK - {len(upload.data)}")

    async def _response(self, request: web.Request) -> web.Response:
        self.responses.append({"name": request.match_info["token"], **(await request.json())})
        return web.Response(text="ok")

    # Methods

    async def _auth_test(self, params: dict[str, Any]) -> web.Response:
        return _ok(
            url="https://fake.slack.test/",
            team="Fake",
            user="copydesk",
            team_id=self.team_id,
            user_id=self.bot_user_id,
            bot_id=self.bot_id,
        )

    async def _apps_connections_open(self, params: dict[str, Any]) -> web.Response:
        if self.socket_url is None:
            return _error("socket_mode_not_enabled")
        return _ok(url=self.socket_url)

    async def _users_info(self, params: dict[str, Any]) -> web.Response:
        user_id = params.get("user")
        if user_id not in self.user_locales:
            return _error("user_not_found")
        user: dict[str, Any] = {"id": user_id, "name": user_id.lower()}
        if str(params.get("include_locale")).lower() in ("1", "true"):
            user["locale"] = self.user_locales[user_id]
        return _ok(user=user)

    async def _chat_postMessage(self, params: dict[str, Any]) -> web.Response:
        blocks = _blocks(params)
        problem = self._message_problem(params, blocks)
        if problem:
            return _error(problem)
        ts = self._next_ts()
        channel = str(params["channel"])
        thread_ts = params.get("thread_ts") or None
        self.messages[(channel, ts)] = FakeMessage(
            channel, ts, params.get("text", ""), blocks, thread_ts
        )
        return _ok(channel=channel, ts=ts, message={"text": params.get("text", ""), "ts": ts})

    async def _chat_update(self, params: dict[str, Any]) -> web.Response:
        blocks = _blocks(params)
        problem = self._message_problem(params, blocks)
        if problem:
            return _error(problem)
        message = self.messages.get((str(params.get("channel")), str(params.get("ts"))))
        if message is None:
            return _error("message_not_found")
        message.text, message.blocks = params.get("text", ""), blocks
        message.updates += 1
        return _ok(channel=message.channel, ts=message.ts)

    async def _chat_postEphemeral(self, params: dict[str, Any]) -> web.Response:
        blocks = _blocks(params)
        problem = self._message_problem(params, blocks)
        if problem:
            return _error(problem)
        self.ephemerals.append({**params, "blocks": blocks})
        return _ok(message_ts=self._next_ts())

    async def _chat_getPermalink(self, params: dict[str, Any]) -> web.Response:
        channel, ts = str(params.get("channel")), str(params.get("message_ts"))
        if (channel, ts) not in self.messages:
            return _error("message_not_found")
        return _ok(
            channel=channel,
            permalink=f"https://fake.slack.test/archives/{channel}/p{ts.replace('.', '')}",
        )

    async def _files_getUploadURLExternal(self, params: dict[str, Any]) -> web.Response:
        if not params.get("filename") or not params.get("length"):
            return _error("invalid_arguments")
        if params.get("alt_txt") and len(str(params["alt_txt"])) > 1000:
            return _error("alt_txt_too_large")
        file_id = f"F{next(self._ids):06d}"
        self.uploads[file_id] = FakeUpload(
            file_id, str(params["filename"]), int(params["length"]), params.get("alt_txt")
        )
        return _ok(upload_url=f"{self.origin}/upload/{file_id}", file_id=file_id)

    async def _files_completeUploadExternal(self, params: dict[str, Any]) -> web.Response:
        files = params.get("files")
        entries = json.loads(files) if isinstance(files, str) else files or []
        shared = []
        for entry in entries:
            upload = self.uploads.get(entry.get("id"))
            if upload is None or upload.data is None:
                return _error("file_not_found")
            upload.title = entry.get("title")
            upload.channel = params.get("channel_id")
            upload.thread_ts = params.get("thread_ts")
            upload.initial_comment = params.get("initial_comment")
            shared.append({"id": upload.file_id, "name": upload.filename, "title": upload.title})
        return _ok(files=shared)

    # Helpers

    def _take_failure(self, method: str, params: dict[str, Any]) -> _Failure | None:
        queue = self._failures.get(method) or []
        if not queue:
            return None
        failure = queue[0]
        if failure.match is not None and not failure.match(params):
            return None
        failure.times -= 1
        if failure.times <= 0:
            queue.pop(0)
        return failure

    def _message_problem(self, params: dict[str, Any], blocks: list[dict[str, Any]]) -> str | None:
        if len(blocks) > MAX_BLOCKS:
            return "invalid_blocks"
        for block in blocks:
            if (
                block.get("type") == "section"
                and len(block.get("text", {}).get("text", "")) > MAX_SECTION_CHARS
            ):
                return "invalid_blocks"
        text = str(params.get("text") or "")
        total = len(text) + sum(len(block.get("text", {}).get("text", "")) for block in blocks)
        if len(text) > MAX_TEXT_CHARS or total > self.max_message_chars:
            return "msg_too_long"
        if not text and not blocks:
            return "no_text"
        return None

    def _next_ts(self) -> str:
        return f"{int(time.time())}.{next(self._ids):06d}"


async def _params(request: web.Request) -> dict[str, Any]:
    params: dict[str, Any] = dict(request.query)
    if request.content_type == "application/json":
        body = await request.json()
        if isinstance(body, dict):
            params.update(body)
    elif request.can_read_body:
        params.update(dict(await request.post()))
    return params


def _token(request: web.Request, params: dict[str, Any]) -> str | None:
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        return header.removeprefix("Bearer ")
    token = params.get("token")
    return str(token) if token else None


def _blocks(params: dict[str, Any]) -> list[dict[str, Any]]:
    blocks = params.get("blocks") or []
    return json.loads(blocks) if isinstance(blocks, str) else list(blocks)


def _ok(**fields: Any) -> web.Response:
    return web.json_response({"ok": True, **fields})


def _error(error: str) -> web.Response:
    return web.json_response({"ok": False, "error": error})
