"""Sending and editing messages so that none is lost: HTML with a plain-text fallback,
network retries with backoff, and groups followed to their new supergroup id.

The flood limiter (:class:`bot.telegram.ratelimit.FloodLimiter`) waits out 429
responses. A 429 that outlasts its retries is waited out here once more per attempt.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from telegram import Bot, LinkPreviewOptions, Message, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, NetworkError, RetryAfter

from bot.telegram.ratelimit import retry_after_s
from bot.telegram.render import html_to_plain

logger = logging.getLogger(__name__)

DEFAULT_TRIES = 4
DEFAULT_BACKOFF_S = 0.5
RETRY_AFTER_MARGIN_S = 0.1

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)

MigrationCallback = Callable[[int, int], Awaitable[None]]


@dataclass
class Target:
    """The destination of a message: the chat, the forum topic and the message it replies to."""

    chat_id: int
    thread_id: int | None = None
    reply_to: int | None = None

    def message_options(self) -> dict[str, Any]:
        """Return the sendMessage/sendPhoto/sendDocument keyword arguments for this target."""
        options: dict[str, Any] = {"chat_id": self.chat_id}
        if self.thread_id is not None:
            options["message_thread_id"] = self.thread_id
        if self.reply_to is not None:
            # The result still arrives when the command message was deleted meanwhile.
            options["reply_parameters"] = ReplyParameters(
                message_id=self.reply_to, allow_sending_without_reply=True
            )
        return options


def is_parse_error(error: BadRequest) -> bool:
    """Return True for Telegram's "can't parse entities" rejection of formatted text."""
    return "can't parse entities" in error.message.lower()


def is_not_modified(error: BadRequest) -> bool:
    return "message is not modified" in error.message.lower()


def _is_missing_thread(error: BadRequest) -> bool:
    message = error.message.lower()
    return "message thread not found" in message or "topic_closed" in message


class TelegramSender:
    """Sends and edits messages through ``bot``; one instance serves many chats.

    ``on_migrated(old_chat_id, new_chat_id)`` runs when a group turned out to
    have become a supergroup, so the caller can store the new id.
    """

    def __init__(
        self,
        bot: Bot,
        *,
        tries: int = DEFAULT_TRIES,
        backoff_s: float = DEFAULT_BACKOFF_S,
        on_migrated: MigrationCallback | None = None,
    ) -> None:
        self.bot = bot
        self.tries = max(1, tries)
        self.backoff_s = backoff_s
        self.on_migrated = on_migrated

    async def send_html(self, target: Target, html: str) -> Message:
        """Send ``html`` as a message; plain text is sent if Telegram rejects the HTML."""

        async def send(place: Target, text: str, parse_mode: str | None) -> Message:
            return await self.bot.send_message(
                text=text,
                parse_mode=parse_mode,
                link_preview_options=NO_PREVIEW,
                **place.message_options(),
            )

        return await self._formatted(target, html, send)

    async def edit_html(self, chat_id: int, message_id: int, html: str) -> bool:
        """Replace the text of message ``message_id``; returns False when nothing changed.

        "Message is not modified" and "message to edit not found" are not
        errors here: both leave the chat as the caller wants it or cannot be helped.
        """

        async def edit(place: Target, text: str, parse_mode: str | None) -> Any:
            return await self.bot.edit_message_text(
                text=text,
                chat_id=place.chat_id,
                message_id=message_id,
                parse_mode=parse_mode,
                link_preview_options=NO_PREVIEW,
            )

        try:
            await self._formatted(Target(chat_id), html, edit)
        except BadRequest as error:
            if is_not_modified(error):
                return False
            if "message to edit not found" in error.message.lower():
                logger.info("message %s in chat %s is gone; not edited", message_id, chat_id)
                return False
            raise
        return True

    async def send_photo(self, target: Target, photo: bytes, caption_html: str | None) -> Message:
        """Send a photo with an HTML caption (at most 1024 characters after parsing)."""

        async def send(place: Target, caption: str | None, parse_mode: str | None) -> Message:
            return await self.bot.send_photo(
                photo=photo, caption=caption, parse_mode=parse_mode, **place.message_options()
            )

        return await self._formatted(target, caption_html, send)

    async def send_document(
        self, target: Target, data: bytes, filename: str, caption_html: str | None = None
    ) -> Message:
        """Send ``data`` as a file named ``filename`` with an optional HTML caption."""

        async def send(place: Target, caption: str | None, parse_mode: str | None) -> Message:
            return await self.bot.send_document(
                document=data,
                filename=filename,
                caption=caption,
                parse_mode=parse_mode,
                **place.message_options(),
            )

        return await self._formatted(target, caption_html, send)

    async def _formatted(
        self,
        target: Target,
        html: str | None,
        call: Callable[[Target, Any, str | None], Awaitable[Any]],
    ) -> Any:
        if html is None:
            return await self._retrying(target, lambda place: call(place, None, None))

        try:
            return await self._retrying(target, lambda place: call(place, html, ParseMode.HTML))
        except BadRequest as error:
            if not is_parse_error(error):
                raise
            logger.warning("chat %s rejected HTML (%s); sending plain text", target.chat_id, error)
        plain = html_to_plain(html)
        return await self._retrying(target, lambda place: call(place, plain, None))

    async def _retrying(self, target: Target, call: Callable[[Target], Awaitable[Any]]) -> Any:
        attempt = 0
        migrated = False
        while True:
            attempt += 1
            try:
                return await call(target)
            except ChatMigrated as error:
                if migrated:
                    raise
                migrated = True
                await self._follow_migration(target, int(error.new_chat_id))
            except RetryAfter as error:
                if attempt >= self.tries:
                    raise
                await asyncio.sleep(retry_after_s(error) + RETRY_AFTER_MARGIN_S)
            except BadRequest as error:
                if not (_is_missing_thread(error) and target.thread_id is not None):
                    raise
                logger.info(
                    "topic %s of chat %s is gone; posting to the chat",
                    target.thread_id,
                    target.chat_id,
                )
                target.thread_id = None
            except NetworkError as error:
                if attempt >= self.tries:
                    raise
                delay_s = self.backoff_s * 2 ** (attempt - 1) * random.uniform(0.5, 1.5)
                # NOTE: a request that timed out may still have reached Telegram, so a
                # retried send can post the same message twice.
                logger.warning(
                    "Telegram call for chat %s failed (%s); retry %d in %.2fs",
                    target.chat_id,
                    type(error).__name__,
                    attempt,
                    delay_s,
                )
                await asyncio.sleep(delay_s)

    async def _follow_migration(self, target: Target, new_chat_id: int) -> None:
        old_chat_id = target.chat_id
        logger.info("chat %s migrated to supergroup %s; following it", old_chat_id, new_chat_id)
        target.chat_id = new_chat_id
        # Message and topic ids belong to the old chat.
        target.reply_to = None
        target.thread_id = None
        if self.on_migrated is not None:
            await self.on_migrated(old_chat_id, new_chat_id)
