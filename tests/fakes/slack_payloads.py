"""Signed Slack requests for tests: slash commands, events and interactions, and an HTTP client.

Requests are signed as Slack signs them: ``v0=`` + HMAC-SHA256 of
``v0:<timestamp>:<body>`` with the signing secret, in ``X-Slack-Signature``,
with the timestamp in ``X-Slack-Request-Timestamp``. This is the scheme that
``slack_sdk.signature.SignatureVerifier`` checks, with its five-minute limit
on the timestamp.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import aiohttp

SIGNING_SECRET = "test-signing-secret"
_ids = itertools.count(1)


def sign(body: str, timestamp: int, secret: str = SIGNING_SECRET) -> str:
    """Return the ``X-Slack-Signature`` value for ``body`` sent at ``timestamp``."""
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def command_payload(
    command: str,
    text: str,
    *,
    user: str = "U1",
    channel: str = "C1",
    response_url: str = "http://127.0.0.1:9/response",
) -> dict[str, str]:
    """Return the form fields of a slash command invocation."""
    return {
        "token": "legacy-token",
        "team_id": "T1",
        "team_domain": "fake",
        "channel_id": channel,
        "channel_name": "general",
        "user_id": user,
        "user_name": user.lower(),
        "command": command,
        "text": text,
        "api_app_id": "A1",
        "response_url": response_url,
        "trigger_id": f"trigger-{next(_ids)}",
    }


def event_body(event: dict[str, Any], *, event_id: str | None = None) -> dict[str, Any]:
    """Return an ``event_callback`` body around ``event``."""
    return {
        "token": "legacy-token",
        "team_id": "T1",
        "api_app_id": "A1",
        "type": "event_callback",
        "event": event,
        "event_id": event_id or f"Ev{next(_ids):06d}",
        "event_time": int(time.time()),
        "authorizations": [{"team_id": "T1", "user_id": "UBOT", "is_bot": True}],
    }


def mention_event(
    text: str,
    *,
    user: str = "U1",
    channel: str = "C1",
    ts: str | None = None,
    thread_ts: str | None = None,
) -> dict[str, Any]:
    """Return an ``app_mention`` event; ``text`` should contain ``<@UBOT>``."""
    event = {
        "type": "app_mention",
        "user": user,
        "text": text,
        "channel": channel,
        "ts": ts or f"{int(time.time())}.{next(_ids):06d}",
        "team": "T1",
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def message_event(
    text: str,
    *,
    user: str = "U1",
    channel: str = "C1",
    thread_ts: str | None = None,
    parent_user_id: str | None = None,
    channel_type: str = "channel",
) -> dict[str, Any]:
    """Return a ``message`` event, a thread reply when ``thread_ts`` is given."""
    event = {
        "type": "message",
        "user": user,
        "text": text,
        "channel": channel,
        "ts": f"{int(time.time())}.{next(_ids):06d}",
        "channel_type": channel_type,
        "team": "T1",
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    if parent_user_id:
        event["parent_user_id"] = parent_user_id
    return event


def action_payload(
    action_id: str,
    value: str,
    *,
    user: str = "U1",
    channel: str = "C1",
    response_url: str = "http://127.0.0.1:9/response",
) -> dict[str, Any]:
    """Return a ``block_actions`` payload for one button click."""
    return {
        "type": "block_actions",
        "team": {"id": "T1"},
        "user": {"id": user, "username": user.lower()},
        "api_app_id": "A1",
        "token": "legacy-token",
        "trigger_id": f"trigger-{next(_ids)}",
        "channel": {"id": channel},
        "response_url": response_url,
        "actions": [
            {
                "action_id": action_id,
                "block_id": "b1",
                "value": value,
                "type": "button",
                "action_ts": str(time.time()),
            }
        ],
    }


@dataclass
class SignedClient:
    """Posts signed requests to the adapter's ``/slack/events`` endpoint."""

    url: str
    session: aiohttp.ClientSession
    secret: str = SIGNING_SECRET

    async def post(
        self,
        body: str,
        content_type: str,
        *,
        timestamp: int | None = None,
        signature: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, str, float]:
        """Send ``body``; return the status, the response text and the seconds it took."""
        stamp = int(time.time()) if timestamp is None else timestamp
        all_headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": str(stamp),
            "X-Slack-Signature": signature or sign(body, stamp, self.secret),
            **(headers or {}),
        }
        started = time.perf_counter()
        async with self.session.post(self.url, data=body.encode(), headers=all_headers) as response:
            text = await response.text()
            return response.status, text, time.perf_counter() - started

    async def command(self, command: str, text: str, **fields: Any) -> tuple[int, dict[str, Any]]:
        """Send a slash command; return the status and the ack's JSON (empty when none)."""
        timestamp = fields.pop("timestamp", None)
        signature = fields.pop("signature", None)
        body = urlencode(command_payload(command, text, **fields))
        status, text_body, _ = await self.post(
            body, "application/x-www-form-urlencoded", timestamp=timestamp, signature=signature
        )
        return status, json.loads(text_body) if text_body.startswith("{") else {}

    async def event(self, body: dict[str, Any], *, retry_num: int | None = None) -> int:
        """Send an Events API body; return the status."""
        headers = (
            {}
            if retry_num is None
            else {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
        )
        status, _, _ = await self.post(json.dumps(body), "application/json", headers=headers)
        return status

    async def action(self, payload: dict[str, Any]) -> int:
        """Send an interactivity payload (form field ``payload``); return the status."""
        body = urlencode({"payload": json.dumps(payload)})
        status, _, _ = await self.post(body, "application/x-www-form-urlencoded")
        return status
