"""A loopback Socket Mode server: the WebSocket that ``apps.connections.open`` points at.

It greets each connection with ``hello``, sends envelopes
(``slash_commands``, ``events_api``, ``interactive``) that a test builds,
and records the acknowledgements the client sends back, by envelope id.
The message shapes are the ones slack_sdk's Socket Mode client reads and
writes (``slack_sdk.socket_mode``).
"""

from __future__ import annotations

import asyncio
import itertools
import json
from typing import Any, Self

from websockets.asyncio.server import Server, ServerConnection, serve


class SlackSocketFake:
    """Start with ``async with SlackSocketFake() as socket``; ``url`` goes to the API fake."""

    def __init__(self) -> None:
        self.acks: dict[str, dict[str, Any]] = {}
        self.connected = asyncio.Event()
        self._waiters: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self._connection: ServerConnection | None = None
        self._server: Server | None = None
        self._ids = itertools.count(1)

    async def __aenter__(self) -> Self:
        self._server = await serve(self._handle, "127.0.0.1", 0)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    @property
    def url(self) -> str:
        assert self._server is not None
        port = next(iter(self._server.sockets)).getsockname()[1]
        return f"ws://127.0.0.1:{port}/link/?ticket=fake-ticket"

    async def send(
        self, envelope_type: str, payload: dict[str, Any], *, retry_attempt: int = 0
    ) -> str:
        """Send one envelope to the connected client and return its envelope id."""
        await asyncio.wait_for(self.connected.wait(), timeout=10)
        assert self._connection is not None
        envelope_id = f"env-{next(self._ids)}"
        self._waiters[envelope_id] = asyncio.get_running_loop().create_future()
        envelope = {
            "envelope_id": envelope_id,
            "type": envelope_type,
            "payload": payload,
            "accepts_response_payload": envelope_type in ("slash_commands", "interactive"),
            "retry_attempt": retry_attempt,
            "retry_reason": "timeout" if retry_attempt else "",
        }
        await self._connection.send(json.dumps(envelope))
        return envelope_id

    async def ack(self, envelope_id: str, timeout_s: float = 10.0) -> dict[str, Any]:
        """Wait for the client's acknowledgement of an envelope; returns it."""
        return await asyncio.wait_for(self._waiters[envelope_id], timeout=timeout_s)

    async def _handle(self, connection: ServerConnection) -> None:
        self._connection = connection
        hello = {
            "type": "hello",
            "num_connections": 1,
            "connection_info": {"app_id": "A1"},
            "debug_info": {"host": "fake", "approximate_connection_time": 3600},
        }
        await connection.send(json.dumps(hello))
        self.connected.set()
        async for raw in connection:
            message = json.loads(raw)
            envelope_id = message.get("envelope_id")
            if envelope_id is None:
                continue
            self.acks[envelope_id] = message
            waiter = self._waiters.get(envelope_id)
            if waiter is not None and not waiter.done():
                waiter.set_result(message)
