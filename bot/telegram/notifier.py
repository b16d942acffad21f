"""The worker side of the Telegram adapter: progress edits, results and the team notice.

The worker imports this module (``workers.delivery.NOTIFIER_MODULES``), which
registers :func:`build_telegram_notifier` for the ``telegram`` platform.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from typing import Any

from telegram import Message
from telegram.error import InvalidToken, TelegramError
from telegram.ext import ExtBot

from bot.telegram.attachments import result_attachments
from bot.telegram.client import build_bot
from bot.telegram.ratelimit import FloodLimiter, limiter_for
from bot.telegram.render import (
    document_caption_html,
    final_status_html,
    layout_result,
    message_link,
    notice_html,
    progress_html,
)
from bot.telegram.sender import Target, TelegramSender
from core.config import Settings
from core.formatting import escape_telegram_html
from core.formatting.escape import html_attribute
from core.i18n import t
from storage import SqliteStore, open_store
from storage.models import Destination, Job
from workers.delivery import register_notifier_factory

logger = logging.getLogger(__name__)

PLATFORM = "telegram"
# Minimum time between two progress edits of one job. A group shares 20 messages
# a minute among everyone, so progress there leaves most of that to results.
PROGRESS_INTERVAL_PRIVATE_S = 2.0
PROGRESS_INTERVAL_GROUP_S = 6.0


class TelegramNotifier:
    """Shows a job's progress and result in the chat it came from.

    ``store`` may be shared with the adapter (in-process queue), and so may
    ``limiter``, so that both stay within one chat's flood budget. Otherwise
    the notifier opens its own store on first use. It builds its own bot on
    first use and closes what it opened in :meth:`aclose`. No method raises
    for a Telegram failure, except :meth:`completed` when not a single result
    message could be posted.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        store: SqliteStore | None = None,
        limiter: FloodLimiter | None = None,
    ) -> None:
        self.settings = settings
        self.limiter = limiter or limiter_for(settings.telegram)
        self._bot: ExtBot | None = None
        self._bot_ready = False
        self._store = store
        self._owns_store = store is None
        self._last_progress_at: dict[str, float] = {}

    async def progress(self, job: Job, percent: int) -> None:
        """Edit the job's "queued" message to show ``percent``, unless that would crowd the chat."""
        destination = await self._destination(job)
        if destination.status_message_id is None or destination.chat_id is None:
            return

        now = time.monotonic()
        interval_s = (
            PROGRESS_INTERVAL_GROUP_S if _is_group(destination) else PROGRESS_INTERVAL_PRIVATE_S
        )
        if now - self._last_progress_at.get(job.id, 0.0) < interval_s:
            return
        if not self.limiter.has_capacity(destination.chat_id):
            return

        self._last_progress_at[job.id] = now
        try:
            await TelegramSender(await self._ready_bot()).edit_html(
                int(destination.chat_id),
                int(destination.status_message_id),
                progress_html(job, percent),
            )
        except TelegramError as error:
            logger.warning("job %s: progress edit failed: %s", job.id, error)

    async def completed(self, job: Job, result: dict[str, Any]) -> None:
        """Mark the "queued" message done and post the result as a reply to the command."""
        self._last_progress_at.pop(job.id, None)
        destination = await self._destination(job)
        if destination.chat_id is None:
            logger.warning("job %s has no Telegram chat; result not posted", job.id)
            return

        await self._edit_status(job, destination, final_status_html(job, "completed"))
        sender = TelegramSender(await self._ready_bot(), on_migrated=self._migration_recorder(job))
        target = _target(destination)
        posted = await self._post_result(job, result, sender, target)
        await self._link(job, result, posted)
        if posted:
            await self._notify_team(job, destination, posted[0], sender)

    async def failed(self, job: Job, message: str) -> None:
        """Show the failure reason in the "queued" message, or as a reply when there is none."""
        self._last_progress_at.pop(job.id, None)
        await self._show_end(job, final_status_html(job, "failed", message))

    async def cancelled(self, job: Job) -> None:
        """Show in the "queued" message that the job was cancelled."""
        self._last_progress_at.pop(job.id, None)
        await self._show_end(job, final_status_html(job, "cancelled"))

    async def aclose(self) -> None:
        if self._bot is not None and self._bot_ready:
            await self._bot.shutdown()
        if self._owns_store and self._store is not None:
            await self._store.close()

    async def _show_end(self, job: Job, html: str) -> None:
        destination = await self._destination(job)
        if destination.chat_id is None:
            return
        if destination.status_message_id is not None:
            await self._edit_status(job, destination, html)
            return
        try:
            await TelegramSender(await self._ready_bot()).send_html(_target(destination), html)
        except TelegramError as error:
            logger.error("job %s: could not post its end state: %s", job.id, error)

    async def _edit_status(self, job: Job, destination: Destination, html: str) -> None:
        if destination.status_message_id is None or destination.chat_id is None:
            return
        try:
            await TelegramSender(await self._ready_bot()).edit_html(
                int(destination.chat_id), int(destination.status_message_id), html
            )
        except TelegramError as error:
            logger.warning("job %s: status edit failed: %s", job.id, error)

    async def _post_result(
        self, job: Job, result: dict[str, Any], sender: TelegramSender, target: Target
    ) -> list[Message]:
        photos, files = result_attachments(result, self.settings.app.data_dir)
        layout = layout_result(job, result, photos, files)
        sends: list[tuple[str, Any]] = []
        for index, photo in enumerate(layout.photos):
            caption = layout.caption if index == 0 else None
            sends.append(
                ("photo", lambda p=photo, c=caption: sender.send_photo(target, p.read_bytes(), c))
            )
        for part in layout.parts:
            sends.append(("text", lambda html=part: sender.send_html(target, html)))
        if layout.document is not None:
            name, data = layout.document
            caption = document_caption_html(job.locale)
            sends.append(("document", lambda: sender.send_document(target, data, name, caption)))
        for path in layout.files:
            sends.append(
                ("file", lambda p=path: sender.send_document(target, p.read_bytes(), p.name))
            )

        posted: list[Message] = []
        last_error: Exception | None = None
        for what, send in sends:
            try:
                posted.append(await send())
            except (TelegramError, OSError) as error:
                last_error = error
                logger.error("job %s: posting a %s of the result failed: %s", job.id, what, error)
        if sends and not posted and last_error is not None:
            raise last_error
        logger.info("job %s: posted %d of %d result messages", job.id, len(posted), len(sends))
        return posted

    async def _link(self, job: Job, result: dict[str, Any], posted: list[Message]) -> None:
        content_id = result.get("content_id") or job.content_id
        if not content_id:
            return
        store = await self._ready_store()
        try:
            for message in posted:
                await store.link_message(
                    PLATFORM,
                    str(message.chat_id),
                    str(message.message_id),
                    content_id,
                    version=result.get("version"),
                    job_id=job.id,
                )
        except sqlite3.Error as error:
            # The result is posted; only a revision by reply will not find it.
            logger.error("job %s: storing the result message ids failed: %s", job.id, error)

    async def _notify_team(
        self, job: Job, destination: Destination, first: Message, sender: TelegramSender
    ) -> None:
        notify_chat_id = self.settings.telegram.notify_chat_id
        if notify_chat_id is None or str(notify_chat_id) == str(first.chat_id):
            return

        locale = self.settings.app.default_locale
        html = notice_html(job, locale, _where_html(destination, first, locale))
        try:
            await sender.send_html(Target(notify_chat_id), html)
        except TelegramError as error:
            logger.warning("job %s: notice to chat %s failed: %s", job.id, notify_chat_id, error)

    def _migration_recorder(self, job: Job):
        async def record(old_chat_id: int, new_chat_id: int) -> None:
            store = await self._ready_store()
            fresh = await store.get_job(job.id)
            if fresh is None:
                return
            destination = fresh.destination.model_copy(
                update={
                    "chat_id": str(new_chat_id),
                    "message_id": None,
                    "thread_id": None,
                    "status_message_id": None,
                }
            )
            await store.update_destination(job.id, destination)

        return record

    async def _destination(self, job: Job) -> Destination:
        # The adapter stores the "queued" message id after it enqueued the job, so
        # a job that started quickly has a destination without it. Read it again.
        if job.destination.status_message_id is not None:
            return job.destination
        store = await self._ready_store()
        fresh = await store.get_job(job.id)
        return fresh.destination if fresh is not None else job.destination

    async def _ready_bot(self) -> ExtBot:
        if self._bot is None:
            self._bot = build_bot(self.settings, self.limiter)
        if not self._bot_ready:
            try:
                await self._bot.initialize()
            except InvalidToken:
                # PTB's message contains the token, so it is replaced.
                raise InvalidToken("telegram.token was rejected by the Bot API") from None
            self._bot_ready = True
        return self._bot

    async def _ready_store(self) -> SqliteStore:
        if self._store is None:
            self._store = await open_store(self.settings.storage.path)
        return self._store


def _target(destination: Destination) -> Target:
    return Target(
        chat_id=int(destination.chat_id or 0),
        thread_id=int(destination.thread_id) if destination.thread_id else None,
        reply_to=int(destination.message_id) if destination.message_id else None,
    )


def _is_group(destination: Destination) -> bool:
    return str(destination.chat_id or "").startswith("-")


def _where_html(destination: Destination, first: Message, locale: str) -> str:
    extra = destination.extra
    thread_id = int(destination.thread_id) if destination.thread_id else None
    link = message_link(first.chat_id, first.message_id, thread_id, extra.get("chat_username"))
    if link is not None:
        label = escape_telegram_html(t("telegram.where.link", locale))
        return f'<a href="{html_attribute(link)}">{label}</a>'
    if extra.get("chat_type") == "private":
        return escape_telegram_html(t("telegram.where.private", locale))
    chat = str(extra.get("chat_title") or first.chat_id)
    return t("telegram.where.chat", locale, chat=escape_telegram_html(chat))


async def build_telegram_notifier(settings: Settings) -> TelegramNotifier | None:
    """Return a notifier when ``telegram.token`` is set, else None."""
    if settings.telegram.token is None or not settings.telegram.token.get_secret_value().strip():
        return None
    return TelegramNotifier(settings)


register_notifier_factory(PLATFORM, build_telegram_notifier)
