"""Reading Slack payloads: command lines, mentions, Slack markup and channel checks.

Slack sends message and command text with ``&``, ``<`` and ``>`` as entities
and with its own markup for mentions and links (``core.formatting.escape``
describes both). The Desk grammar wants plain text, so every incoming text
goes through :func:`slack_to_plain`.
"""

from __future__ import annotations

import re
from typing import Any

from core.config import SlackSettings
from core.grammar import is_command

# The slash command that takes any Copydesk command as its text.
UMBRELLA_COMMAND = "copydesk"

# <@U123>, <@U123|name>, <#C123|name>, <!here>, <!subteam^S1|@team>, <https://x|label>
_MARKUP = re.compile(r"<([@#!]?)([^<>|]*)(?:\|([^<>]*))?>")
_USER_ID = re.compile(r"^[UW][A-Z0-9]+$")


def unescape_slack(text: str) -> str:
    """Decode the three entities Slack uses in incoming text; ``&amp;`` last."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def slack_to_plain(text: str) -> str:
    """Return incoming Slack text as the user typed it.

    User and channel mentions become ``@name``/``#name`` (or the id when Slack
    sent no name), special mentions become ``@here``, and links become their
    URL. Entities are decoded last, so ``&lt;@U1&gt;`` stays the literal text.
    """

    def plain(match: re.Match[str]) -> str:
        sigil, target, label = match.group(1), match.group(2), match.group(3)
        if sigil == "@":
            return "@" + (label or target)
        if sigil == "#":
            return "#" + (label or target)
        if sigil == "!":
            return label or "@" + target.split("^", 1)[0]
        return target

    return unescape_slack(_MARKUP.sub(plain, text))


def mentions_user(text: str, user_id: str) -> bool:
    """Return True when raw Slack ``text`` mentions ``user_id`` (``<@U…>`` or ``<@U…|name>``)."""
    return f"<@{user_id}>" in text or f"<@{user_id}|" in text


def strip_mention(text: str, user_id: str) -> str:
    """Remove every mention of ``user_id`` from raw Slack ``text`` and trim it."""
    return re.sub(rf"<@{re.escape(user_id)}(?:\|[^>]*)?>", "", text).strip()


def command_line(command: str, text: str) -> str:
    """Build the Desk command line for a slash command.

    ``/article`` with text ``AI in schools`` becomes ``/article AI in schools``;
    ``/copydesk jobs`` becomes ``/jobs``, and ``/copydesk`` alone ``/help``.
    """
    name = command.strip().lstrip("/").lower()
    words = slack_to_plain(text).strip()
    if name == UMBRELLA_COMMAND:
        return "/" + words.lstrip("/") if words else "/help"
    return f"/{name} {words}".rstrip()


def mention_line(text: str) -> str:
    """Build the Desk command line from words after a mention: ``article x`` → ``/article x``."""
    words = text.strip()
    if not words:
        return "/help"
    return words if words.startswith("/") else "/" + words


def looks_like_command(text: str) -> bool:
    """Return True when plain ``text`` starts with a command name, with or without ``/``."""
    words = text.strip()
    return bool(words) and is_command(mention_line(words))


def is_general_help(line: str) -> bool:
    """Return True for ``/help`` or ``/start`` without a topic."""
    return line.strip().lower() in ("/help", "/start")


def channel_allowed(settings: SlackSettings, channel_id: str | None) -> bool:
    """Return True when ``allowed_channel_ids`` is empty or lists ``channel_id``."""
    if not settings.allowed_channel_ids:
        return True
    return channel_id is not None and channel_id in settings.allowed_channel_ids


def safe_user_id(user_id: Any) -> str | None:
    """Return ``user_id`` when it has the shape of a Slack user id, else None."""
    if isinstance(user_id, str) and _USER_ID.match(user_id):
        return user_id
    return None


def event_key(body: dict[str, Any], event: dict[str, Any]) -> str:
    """Return the id that identifies one delivery of an event across retries."""
    event_id = body.get("event_id")
    if event_id:
        return str(event_id)
    return f"{event.get('channel')}:{event.get('ts')}"


def thread_of(event: dict[str, Any]) -> str | None:
    """Return the thread root ts of a message event, None for a top-level message."""
    thread_ts = event.get("thread_ts")
    if thread_ts and thread_ts != event.get("ts"):
        return str(thread_ts)
    return None
