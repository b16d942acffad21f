"""A loopback Telegram Bot API server for python-telegram-bot.

It serves ``/bot<token>/<method>`` on 127.0.0.1 and stores every call and
every message the bot sends or edits. It serves ``getUpdates`` from a queue
the test fills. It applies the Bot API's limits: 4096 characters of message
text and 1024 of caption after entity parsing, HTML parse errors, "message is
not modified" on an identical edit, and "message to edit not found". Lengths are
counted in UTF-16 code units, the stricter of the two readings of
"characters". 429 answers and supergroup migrations happen only when a test
asks for them with :meth:`TelegramApiFake.flood` and :meth:`migrate_chat`.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self

from aiohttp import web

from tests.fakes.telegram_html import ParseError, parse_html, utf16_len

TOKEN = "7000001:TEST-fake-token"
BOT_ID = 7000001
BOT_USERNAME = "CopydeskBot"
MAX_TEXT = 4096
MAX_CAPTION = 1024
# Fields whose form value is a plain string, never JSON.
STRING_FIELDS = frozenset(
    {"text", "caption", "parse_mode", "url", "secret_token", "language_code", "filename"}
)


@dataclass
class ApiCall:
    """One Bot API request: its method, decoded parameters, uploaded files and arrival time."""

    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes]]
    at: float
    status: int = 200
    description: str | None = None


@dataclass
class StoredMessage:
    """A message in a chat as the fake stores it after sends and edits."""

    chat_id: int
    message_id: int
    from_bot: bool
    text: str | None = None
    raw: str | None = None
    parse_mode: str | None = None
    entities: list[Any] = field(default_factory=list)
    thread_id: int | None = None
    reply_to: int | None = None
    caption: str | None = None
    photo: bytes | None = None
    document_name: str | None = None
    document: bytes | None = None
    edits: int = 0
    history: list[str] = field(default_factory=list)


class ApiError(Exception):
    def __init__(self, status: int, description: str, parameters: dict[str, Any] | None = None):
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


class TelegramApiFake:
    """The fake server; use ``async with TelegramApiFake() as fake`` and ``fake.base_url``."""

    def __init__(self, token: str = TOKEN, username: str = BOT_USERNAME) -> None:
        self.token = token
        self.username = username
        self.calls: list[ApiCall] = []
        self.chats: dict[int, dict[str, Any]] = {}
        self.messages: dict[int, dict[int, StoredMessage]] = {}
        self.commands: dict[str, list[dict[str, str]]] = {}
        self.webhook: dict[str, Any] = {}
        self._next_message_id: dict[int, int] = {}
        self._updates: list[dict[str, Any]] = []
        self._next_update_id = 1
        self._update_added = asyncio.Event()
        self._floods: dict[str, list[float]] = {}
        self._failures: dict[str, list[tuple[int, str]]] = {}
        self._migrations: dict[int, int] = {}
        self._runner: web.AppRunner | None = None
        self._port = 0

    async def __aenter__(self) -> Self:
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._dispatch)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.2)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        self._port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._update_added.set()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._port}/bot"

    # --- what tests set up ---------------------------------------------------

    def add_chat(
        self,
        chat_id: int,
        kind: str,
        title: str | None = None,
        *,
        forum: bool = False,
        username: str | None = None,
    ) -> dict[str, Any]:
        chat: dict[str, Any] = {"id": chat_id, "type": kind}
        if title:
            chat["title"] = title
        if forum:
            chat["is_forum"] = True
        if username:
            chat["username"] = username
        self.chats[chat_id] = chat
        return chat

    def flood(self, method: str, retry_after: float = 1, times: int = 1) -> None:
        """Respond to the next ``times`` calls of ``method`` with 429 and ``retry_after``."""
        self._floods.setdefault(method, []).extend([retry_after] * times)

    def fail(
        self, method: str, status: int = 502, description: str = "Bad Gateway", times: int = 1
    ) -> None:
        """Respond to the next ``times`` calls of ``method`` with an error of ``status``."""
        self._failures.setdefault(method, []).extend([(status, description)] * times)

    def migrate_chat(self, old_chat_id: int, new_chat_id: int) -> None:
        """Make every later call for ``old_chat_id`` fail with ``migrate_to_chat_id``."""
        self._migrations[old_chat_id] = new_chat_id
        old = self.chats.get(old_chat_id, {"title": "group"})
        self.add_chat(new_chat_id, "supergroup", old.get("title"))

    def message_update(
        self,
        chat_id: int,
        user: dict[str, Any],
        text: str,
        *,
        thread_id: int | None = None,
        reply_to: int | None = None,
    ) -> dict[str, Any]:
        """Store a message from ``user`` and return it as an Update, without queueing it."""
        chat = self.chats.get(chat_id) or self.add_chat(
            chat_id, "private" if chat_id > 0 else "group"
        )
        message_id = self._new_message_id(chat_id)
        stored = StoredMessage(
            chat_id, message_id, from_bot=False, text=text, thread_id=thread_id, reply_to=reply_to
        )
        self.messages.setdefault(chat_id, {})[message_id] = stored

        message: dict[str, Any] = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": chat,
            "from": user,
            "text": text,
        }
        if text.startswith("/"):
            length = len(text.split(maxsplit=1)[0])
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        if thread_id is not None:
            message["message_thread_id"] = thread_id
            if chat.get("is_forum"):
                message["is_topic_message"] = True
        if reply_to is not None:
            message["reply_to_message"] = self._message_json(self.messages[chat_id][reply_to])
        update = {"update_id": self._next_update_id, "message": message}
        self._next_update_id += 1
        return update

    def push_message(
        self, chat_id: int, user: dict[str, Any], text: str, **kwargs: Any
    ) -> dict[str, Any]:
        """Queue a message update for ``getUpdates`` and return it."""
        update = self.message_update(chat_id, user, text, **kwargs)
        self._updates.append(update)
        self._update_added.set()
        return update

    # --- what tests inspect -------------------------------------------------

    def calls_to(self, method: str) -> list[ApiCall]:
        return [call for call in self.calls if call.method == method]

    def bot_messages(self, chat_id: int) -> list[StoredMessage]:
        return [m for m in self.messages.get(chat_id, {}).values() if m.from_bot]

    async def wait_for(self, condition: Callable[[], Any], timeout_s: float = 10.0) -> Any:
        """Poll ``condition`` until it returns something truthy; fail after ``timeout_s``.

        ``condition`` may be a coroutine function.
        """
        deadline = time.monotonic() + timeout_s
        while True:
            result = condition()
            if inspect.isawaitable(result):
                result = await result
            if result:
                return result
            if time.monotonic() > deadline:
                raise AssertionError(f"condition not met within {timeout_s}s")
            await asyncio.sleep(0.01)

    # --- the API --------------------------------------------------------------

    async def _dispatch(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params, files = await _read_params(request)
        call = ApiCall(method, params, files, time.monotonic())
        self.calls.append(call)
        if request.match_info["token"] != self.token:
            return self._error(call, ApiError(401, "Unauthorized"))

        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            return self._error(call, ApiError(404, "Not Found: method not found"))
        try:
            self._check_flood_and_migration(method, params)
            result = await handler(params, files)
        except ApiError as error:
            return self._error(call, error)
        return web.json_response({"ok": True, "result": result})

    def _error(self, call: ApiCall, error: ApiError) -> web.Response:
        call.status, call.description = error.status, error.description
        body: dict[str, Any] = {
            "ok": False,
            "error_code": error.status,
            "description": error.description,
        }
        if error.parameters:
            body["parameters"] = error.parameters
        return web.json_response(body, status=error.status)

    def _check_flood_and_migration(self, method: str, params: dict[str, Any]) -> None:
        chat_id = params.get("chat_id")
        if isinstance(chat_id, int) and chat_id in self._migrations:
            raise ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": self._migrations[chat_id]},
            )
        failures = self._failures.get(method)
        if failures:
            status, description = failures.pop(0)
            raise ApiError(status, description)
        pending = self._floods.get(method)
        if pending:
            retry_after = pending.pop(0)
            raise ApiError(
                429, f"Too Many Requests: retry after {retry_after:g}", {"retry_after": retry_after}
            )

    async def _api_getMe(self, params: dict[str, Any], files: Any) -> dict[str, Any]:
        return {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "Copydesk",
            "username": self.username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _api_getUpdates(self, params: dict[str, Any], files: Any) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        if not self._updates:
            self._update_added.clear()
            try:
                await asyncio.wait_for(self._update_added.wait(), float(params.get("timeout") or 0))
            except TimeoutError:
                return []
        return self._updates[:limit]

    async def _api_deleteWebhook(self, params: dict[str, Any], files: Any) -> bool:
        self.webhook = {}
        return True

    async def _api_setWebhook(self, params: dict[str, Any], files: Any) -> bool:
        self.webhook = dict(params)
        return True

    async def _api_setMyCommands(self, params: dict[str, Any], files: Any) -> bool:
        commands = params.get("commands") or []
        for command in commands:
            name, description = command.get("command", ""), command.get("description", "")
            if not (1 <= len(name) <= 32 and name.replace("_", "").isalnum() and name.islower()):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(description) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands[params.get("language_code") or ""] = commands
        return True

    async def _api_sendMessage(self, params: dict[str, Any], files: Any) -> dict[str, Any]:
        text, entities = _parse(params.get("text") or "", params.get("parse_mode"))
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if utf16_len(text) > MAX_TEXT:
            raise ApiError(400, "Bad Request: message is too long")
        message = self._new_bot_message(params)
        message.text, message.raw, message.entities = text, params.get("text"), entities
        message.parse_mode = params.get("parse_mode")
        return self._message_json(message)

    async def _api_editMessageText(self, params: dict[str, Any], files: Any) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        message = self.messages.get(chat_id, {}).get(int(params["message_id"]))
        if message is None or not message.from_bot:
            raise ApiError(400, "Bad Request: message to edit not found")
        text, entities = _parse(params.get("text") or "", params.get("parse_mode"))
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if utf16_len(text) > MAX_TEXT:
            raise ApiError(400, "Bad Request: message is too long")
        if text == message.text and entities == message.entities:
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message "
                "content and reply markup are exactly the same as a current content "
                "and reply markup of the message",
            )
        message.history.append(message.text or "")
        message.text, message.raw, message.entities = text, params.get("text"), entities
        message.edits += 1
        return self._message_json(message)

    async def _api_sendPhoto(
        self, params: dict[str, Any], files: dict[str, tuple[str, bytes]]
    ) -> dict[str, Any]:
        caption = self._caption(params)
        message = self._new_bot_message(params)
        message.caption = caption
        message.photo = files["photo"][1] if "photo" in files else b""
        return self._message_json(message)

    async def _api_sendDocument(
        self, params: dict[str, Any], files: dict[str, tuple[str, bytes]]
    ) -> dict[str, Any]:
        caption = self._caption(params)
        if "document" not in files:
            raise ApiError(400, "Bad Request: there is no document in the request")
        message = self._new_bot_message(params)
        message.caption = caption
        message.document_name, message.document = files["document"]
        return self._message_json(message)

    def _caption(self, params: dict[str, Any]) -> str | None:
        if params.get("caption") is None:
            return None
        caption, _ = _parse(params["caption"], params.get("parse_mode"))
        if utf16_len(caption) > MAX_CAPTION:
            raise ApiError(400, "Bad Request: message caption is too long")
        return caption

    def _new_bot_message(self, params: dict[str, Any]) -> StoredMessage:
        chat_id = int(params["chat_id"])
        chat = self.chats.get(chat_id) or self.add_chat(
            chat_id, "private" if chat_id > 0 else "group"
        )
        thread_id = params.get("message_thread_id")
        if (
            thread_id is not None
            and chat.get("is_forum")
            and not self._topic_exists(chat_id, thread_id)
        ):
            raise ApiError(400, "Bad Request: message thread not found")

        reply = params.get("reply_parameters") or {}
        reply_to = reply.get("message_id")
        if reply_to is not None and reply_to not in self.messages.get(chat_id, {}):
            if not reply.get("allow_sending_without_reply"):
                raise ApiError(400, "Bad Request: message to be replied not found")
            reply_to = None

        message = StoredMessage(
            chat_id,
            self._new_message_id(chat_id),
            from_bot=True,
            thread_id=thread_id,
            reply_to=reply_to,
        )
        self.messages.setdefault(chat_id, {})[message.message_id] = message
        return message

    def _topic_exists(self, chat_id: int, thread_id: int) -> bool:
        return any(
            m.thread_id == thread_id or m.message_id == thread_id
            for m in self.messages.get(chat_id, {}).values()
        )

    def _new_message_id(self, chat_id: int) -> int:
        number = self._next_message_id.get(chat_id, 1)
        self._next_message_id[chat_id] = number + 1
        return number

    def _message_json(self, message: StoredMessage, nested: bool = False) -> dict[str, Any]:
        chat = self.chats[message.chat_id]
        sender = {"id": BOT_ID, "is_bot": True, "first_name": "Copydesk", "username": self.username}
        data: dict[str, Any] = {
            "message_id": message.message_id,
            "date": int(time.time()),
            "chat": chat,
        }
        if message.from_bot:
            data["from"] = sender
        if message.text is not None:
            data["text"] = message.text
        if message.caption is not None:
            data["caption"] = message.caption
        if message.photo is not None:
            data["photo"] = [
                {
                    "file_id": f"photo-{message.message_id}",
                    "file_unique_id": f"p{message.message_id}",
                    "width": 8,
                    "height": 8,
                }
            ]
        if message.document_name is not None:
            data["document"] = {
                "file_id": f"doc-{message.message_id}",
                "file_unique_id": f"d{message.message_id}",
                "file_name": message.document_name,
            }
        if message.thread_id is not None:
            data["message_thread_id"] = message.thread_id
            data["is_topic_message"] = bool(chat.get("is_forum"))
        if message.reply_to is not None and not nested:
            original = self.messages[message.chat_id].get(message.reply_to)
            if original is not None:
                data["reply_to_message"] = self._message_json(original, nested=True)
        return data


def _parse(text: str, parse_mode: str | None) -> tuple[str, list[Any]]:
    if parse_mode is None:
        return text, []
    if parse_mode != "HTML":
        raise ApiError(400, f"Bad Request: unsupported parse_mode {parse_mode}")
    try:
        return parse_html(text)
    except ParseError as error:
        raise ApiError(400, f"Bad Request: can't parse entities: {error}") from None


async def _read_params(request: web.Request) -> tuple[dict[str, Any], dict[str, tuple[str, bytes]]]:
    params: dict[str, Any] = {}
    files: dict[str, tuple[str, bytes]] = {}
    if request.content_type == "application/json":
        return dict(await request.json()), files

    form = await request.post()
    for name, value in form.items():
        if isinstance(value, web.FileField):
            files[name] = (value.filename or name, value.file.read())
        elif name in STRING_FIELDS:
            params[name] = value
        else:
            params[name] = _decode(str(value))
    return params, files


def _decode(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value
