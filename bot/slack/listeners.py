"""Bolt listeners: slash commands, mentions, thread replies, the Cancel button, and errors.

A slash command's reply is its ack: the Desk records and queues the job, and
the ack carries the ephemeral "queued" message with the job id. Nothing
in that path calls Slack or the model. Events (mentions, thread replies,
direct messages) are acked by bolt before their listener runs, so those
listeners may look up the user's locale and answer with ``chat.postEphemeral``.

A mention in a result thread, or any reply by the content's owner in a
thread that the bot started, asks for a revision of the thread's content,
unless its first word is a command name.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack import PLATFORM, render
from bot.slack.client import BotIdentity
from bot.slack.locale import LocaleCache
from bot.slack.payloads import (
    channel_allowed,
    command_line,
    event_key,
    is_general_help,
    looks_like_command,
    mention_line,
    mentions_user,
    slack_to_plain,
    strip_mention,
    thread_of,
)
from core.config import Settings
from core.formatting import escape_slack_text
from core.i18n import resolve_locale, t
from handlers.desk import Desk
from handlers.types import Origin, Reply
from storage import SqliteStore

logger = logging.getLogger(__name__)

# Message subtypes that are still a person writing; edits, joins and bot posts are not.
PERSON_SUBTYPES = frozenset({None, "thread_broadcast", "file_share"})
# A slash command's response_url takes at most five messages within 30 minutes
# (Slack's slash command guide, as restated in spatie/laravel-slack-slash-command's docs).
RESPONSE_URL_MAX_USES = 5


class SlackListeners:
    """The adapter's listeners; :meth:`register` attaches them to a bolt ``AsyncApp``."""

    def __init__(
        self,
        settings: Settings,
        desk: Desk,
        store: SqliteStore,
        locales: LocaleCache,
        identity: BotIdentity,
    ):
        self.settings = settings
        self.desk = desk
        self.store = store
        self.locales = locales
        self.identity = identity

    def register(self, app: AsyncApp) -> None:
        """Attach every listener and the one error handler to ``app``."""
        app.command(re.compile(r"^/"))(self.on_command)
        app.event("app_mention")(self.on_mention)
        app.event("message")(self.on_message)
        app.action(render.CANCEL_ACTION_ID)(self.on_cancel)
        app.error(self.on_error)

    async def on_command(
        self, ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond
    ) -> None:
        """Ack a slash command with the Desk's reply; the job is queued before the ack."""
        user_id, channel = command["user_id"], command.get("channel_id")
        if not channel_allowed(self.settings.slack, channel):
            locale = await self._locale(user_id)
            await ack(
                response_type="ephemeral",
                text=escape_slack_text(t("slack.channel_not_allowed", locale)),
            )
            return

        origin = self._origin(
            user_id, channel, display_name=command.get("user_name"), team=command.get("team_id")
        )
        line = command_line(command["command"], command.get("text", ""))
        reply = await self._answer(origin, line)
        messages = render.reply_messages(reply)
        await ack(response_type="ephemeral", **messages[0])

        self.locales.prefetch(user_id)
        extra = messages[1:]
        if len(extra) > RESPONSE_URL_MAX_USES:
            # NOTE: a reply longer than six messages (about 70,000 characters
            # of /show output) is cut here; the full piece is in its thread.
            logger.warning(
                "reply of %d messages cut to %d", len(messages), RESPONSE_URL_MAX_USES + 1
            )
        for message in extra[:RESPONSE_URL_MAX_USES]:
            await respond(response_type="ephemeral", replace_original=False, **message)

    async def on_mention(
        self, event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient
    ) -> None:
        """Handle ``@Copydesk …`` in a channel or a thread like a command, or as a revision."""
        user_id, channel = event.get("user"), event.get("channel")
        if not user_id or not channel or event.get("bot_id"):
            return
        if not await self.store.claim_event(PLATFORM, event_key(body, event)):
            logger.info("Slack event %s was already handled; ignored", event_key(body, event))
            return

        await self._handle_text(
            client,
            event,
            user_id,
            channel,
            strip_mention(event.get("text", ""), self.identity.user_id),
        )

    async def on_message(
        self, event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient
    ) -> None:
        """Handle direct messages as commands and owner replies in bot threads as revisions."""
        user_id, channel = event.get("user"), event.get("channel")
        if event.get("subtype") not in PERSON_SUBTYPES or event.get("bot_id"):
            return
        if not user_id or not channel or user_id == self.identity.user_id:
            return

        raw = event.get("text", "")
        if event.get("channel_type") == "im":
            if await self.store.claim_event(PLATFORM, event_key(body, event)):
                await self._handle_text(
                    client, event, user_id, channel, strip_mention(raw, self.identity.user_id)
                )
            return

        # A reply that mentions the bot also arrives as app_mention, which handles it.
        if mentions_user(raw, self.identity.user_id) or not self._in_bot_thread(event):
            return
        thread_ts = thread_of(event)
        content_id = await self.store.find_linked_content(PLATFORM, channel, thread_ts or "")
        if content_id is None or not await self._owns(user_id, content_id):
            return
        if not await self.store.claim_event(PLATFORM, event_key(body, event)):
            return

        origin = await self._event_origin(event, user_id, channel)
        reply = await self.desk.revise(origin, content_id, slack_to_plain(raw))
        await self._tell(client, origin, reply)

    async def on_cancel(
        self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond
    ) -> None:
        """Cancel the job of a status message's Cancel button if it belongs to the clicking user."""
        await ack()
        user_id = body["user"]["id"]
        channel = (body.get("channel") or {}).get("id")
        origin = self._origin(
            user_id,
            channel,
            display_name=body["user"].get("username"),
            team=(body.get("team") or {}).get("id"),
        )
        reply = await self._answer(origin, f"/cancel {str(action.get('value', ''))[:40]}")
        await respond(
            response_type="ephemeral", replace_original=False, **render.reply_messages(reply)[0]
        )

    async def on_error(
        self,
        error: Exception,
        body: dict[str, Any],
        response: BoltResponse | None,
        client: AsyncWebClient,
    ) -> BoltResponse | None:
        """Log any listener error and show the user a localized message, never a traceback."""
        logger.error("Slack listener failed: %r", error, exc_info=error)
        user_id = _user_of(body)
        locale = resolve_locale(
            self.locales.cached(user_id) if user_id else None,
            default=self.settings.app.default_locale,
        )
        text = escape_slack_text(t("error.internal", locale))

        if response is not None and body.get("command"):
            # Not acked yet: the error message becomes the ack.
            payload = json.dumps({"response_type": "ephemeral", "text": text})
            return BoltResponse(
                status=200, body=payload, headers={"content-type": "application/json"}
            )

        event = body.get("event") or {}
        channel = event.get("channel") or (body.get("channel") or {}).get("id")
        if user_id and channel:
            try:
                await client.chat_postEphemeral(
                    channel=channel, user=user_id, text=text, thread_ts=event.get("thread_ts")
                )
            except SlackApiError as post_error:
                logger.warning(
                    "error message not shown to %s: %s", user_id, post_error.response.get("error")
                )
        return None

    async def _handle_text(
        self, client: AsyncWebClient, event: dict[str, Any], user_id: str, channel: str, text: str
    ) -> None:
        origin = await self._event_origin(event, user_id, channel)
        if not channel_allowed(self.settings.slack, channel):
            locale = await self._locale(user_id, origin.platform_locale)
            await self._tell(
                client, origin, Reply(t("slack.channel_not_allowed", locale), locale, kind="error")
            )
            return

        plain = slack_to_plain(text)
        thread_ts = origin.thread_id
        if thread_ts and not looks_like_command(plain):
            content_id = await self.store.find_linked_content(PLATFORM, channel, thread_ts)
            if content_id is not None:
                await self._tell(client, origin, await self.desk.revise(origin, content_id, plain))
                return

        # In a result's thread, /seo and /readability without a text analyse that result.
        fallback = None
        if thread_ts:
            fallback = await self.store.find_linked_content(PLATFORM, channel, thread_ts)
        await self._tell(
            client, origin, await self._answer(origin, mention_line(plain), fallback_text=fallback)
        )

    async def _answer(self, origin: Origin, line: str, fallback_text: str | None = None) -> Reply:
        """Return the Desk's reply to ``line``, with the Slack help for a bare ``/help``."""
        if is_general_help(line):
            locale = await self._locale(origin.user_id, origin.platform_locale)
            return Reply(t("slack.help", locale), locale)
        return await self.desk.handle(origin, line, fallback_text=fallback_text)

    async def _tell(self, client: AsyncWebClient, origin: Origin, reply: Reply) -> None:
        """Show a reply only to its user, in the thread it came from."""
        channel = origin.chat_id
        assert channel is not None, "event listeners build origins with a channel"
        for message in render.reply_messages(reply):
            await client.chat_postEphemeral(
                channel=channel, user=origin.user_id, thread_ts=origin.thread_id, **message
            )

    async def _locale(self, user_id: str, platform_locale: str | None = None) -> str:
        """Return a user's locale: ``/lang``, else the Slack locale (cached), else the default."""
        user = await self.store.find_user(PLATFORM, user_id)
        return resolve_locale(
            user.locale if user else None,
            platform_locale or self.locales.cached(user_id),
            default=self.settings.app.default_locale,
        )

    async def _owns(self, user_id: str, content_id: str) -> bool:
        user = await self.store.find_user(PLATFORM, user_id)
        content = await self.store.get_content(content_id)
        return user is not None and content is not None and content.user_id == user.id

    def _in_bot_thread(self, event: dict[str, Any]) -> bool:
        return thread_of(event) is not None and event.get("parent_user_id") == self.identity.user_id

    async def _event_origin(self, event: dict[str, Any], user_id: str, channel: str) -> Origin:
        origin = self._origin(user_id, channel, team=event.get("team"))
        origin.platform_locale = await self.locales.lookup(user_id)
        origin.thread_id = thread_of(event)
        origin.message_id = event.get("ts")
        return origin

    def _origin(
        self,
        user_id: str,
        channel: str | None,
        *,
        display_name: str | None = None,
        team: str | None = None,
    ) -> Origin:
        return Origin(
            platform=PLATFORM,
            user_id=user_id,
            display_name=display_name,
            platform_locale=self.locales.cached(user_id),
            chat_id=channel,
            extra={"user": user_id, "team": team},
        )


def _user_of(body: dict[str, Any]) -> str | None:
    user = body.get("user_id") or (body.get("event") or {}).get("user") or body.get("user")
    if isinstance(user, dict):
        user = user.get("id")
    return user if isinstance(user, str) else None
