"""Update handlers: commands, replies that ask for a revision, and the one error handler.

The handlers only acknowledge: they pass the command to the desk, which
records and enqueues the job, and send the desk's reply. The worker posts
the result through :mod:`bot.telegram.notifier`.
"""

from __future__ import annotations

import logging
import re
from collections import OrderedDict

from telegram import Chat, Message, Update, User
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.telegram.attachments import result_attachments
from bot.telegram.render import final_status_html, reply_parts
from bot.telegram.sender import Target, TelegramSender
from core.config import Settings
from core.formatting import escape_telegram_html
from core.grammar import get_spec
from core.i18n import resolve_locale, t
from handlers.desk import Desk
from handlers.types import Origin, Reply
from storage.models import Job

logger = logging.getLogger(__name__)

# Commands that analyse a text, which may come from the message they reply to.
ANALYSIS_COMMANDS = frozenset({"seo", "readability"})

PLATFORM = "telegram"
# "/name" or "/name@bot" at the start of a message, then whitespace or the end.
COMMAND_HEAD = re.compile(r"^/([A-Za-z0-9_]{1,64})(?:@([A-Za-z0-9_]{1,64}))?(?=\s|$)")
# Rejected chats are remembered, so each gets the refusal once per adapter run.
MAX_REFUSED_CHATS = 10_000


class TelegramHandlers:
    """The adapter's handlers around one :class:`Desk`."""

    def __init__(self, settings: Settings, desk: Desk) -> None:
        self.settings = settings
        self.desk = desk
        self.allowed_chat_ids = frozenset(settings.telegram.allowed_chat_ids)
        self._refused_chats: OrderedDict[int, None] = OrderedDict()

    async def on_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Handle a new text message: a command, a reply to a result, or a private hint."""
        message, user, chat = update.message, update.effective_user, update.effective_chat
        if message is None or user is None or chat is None or message.text is None or user.is_bot:
            return

        head = COMMAND_HEAD.match(message.text)
        if head is not None:
            await self._command(message, user, chat, head, context)
        elif _replies_to_bot(message, context.bot.id):
            await self._revision(message, user, chat, context)
        elif chat.type == ChatType.PRIVATE and await self._admit(message, user, context):
            await self._send_text(
                context, message, t("telegram.private_hint", await self._locale(user))
            )

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log any error from a handler and tell the user, in their language, that it failed."""
        update_id = update.update_id if isinstance(update, Update) else None
        logger.error("update %s failed: %s", update_id, context.error, exc_info=context.error)
        if (
            not isinstance(update, Update)
            or update.message is None
            or update.effective_user is None
        ):
            return

        try:
            locale = await self._locale(update.effective_user)
        except Exception:  # the store may be what failed
            locale = resolve_locale(
                update.effective_user.language_code, default=self.settings.app.default_locale
            )
        try:
            await self._send_text(context, update.message, t("error.internal", locale))
        except TelegramError as error:
            logger.warning("update %s: the error message could not be sent: %s", update_id, error)

    async def _command(
        self,
        message: Message,
        user: User,
        chat: Chat,
        head: re.Match[str],
        context: ContextTypes.DEFAULT_TYPE,
    ) -> None:
        name, addressee = head.group(1).lower(), head.group(2)
        if addressee and addressee.lower() != (context.bot.username or "").lower():
            logger.debug("ignored /%s addressed to another bot", name)
            return
        # In a group an unknown bare command is most likely for another bot.
        if get_spec(name) is None and chat.type != ChatType.PRIVATE and not addressee:
            return
        if not await self._admit(message, user, context):
            return

        origin = _origin(message, user, chat)
        fallback = await self._replied_text(message, chat) if name in ANALYSIS_COMMANDS else None
        reply = await self.desk.handle(
            origin, "/" + name + message.text[head.end() :], fallback_text=fallback
        )
        await self._answer(message, reply, context)
        if name == "cancel" and reply.job is not None and not reply.is_error:
            await self._show_cancelled(reply.job, context)

    async def _replied_text(self, message: Message, chat: Chat) -> str | None:
        """Return what an analysis command replies to: the content id of a result, else its text."""
        replied = message.reply_to_message
        if replied is None:
            return None
        content_id = await self.desk.store.find_linked_content(
            PLATFORM, str(chat.id), str(replied.message_id)
        )
        return content_id or replied.text or replied.caption

    async def _revision(
        self, message: Message, user: User, chat: Chat, context: ContextTypes.DEFAULT_TYPE
    ) -> None:
        if not await self._admit(message, user, context):
            return
        replied = message.reply_to_message
        assert replied is not None
        content_id = await self.desk.store.find_linked_content(
            PLATFORM, str(chat.id), str(replied.message_id)
        )
        if content_id is None:
            await self._send_text(
                context, message, t("telegram.reply_unknown", await self._locale(user))
            )
            return

        reply = await self.desk.revise(_origin(message, user, chat), content_id, message.text or "")
        await self._answer(message, reply, context)

    async def _answer(
        self, message: Message, reply: Reply, context: ContextTypes.DEFAULT_TYPE
    ) -> None:
        sender = TelegramSender(context.bot)
        target = _reply_target(message)
        first: Message | None = None
        for part in reply_parts(reply):
            sent = await sender.send_html(target, part)
            first = first or sent
        if reply.kind == "queued" and reply.job is not None and first is not None:
            await self._remember_status_message(reply.job, first, sender)
        if reply.kind == "content":
            await self._send_attachments(reply, sender, target)

    async def _send_attachments(self, reply: Reply, sender: TelegramSender, target: Target) -> None:
        """Send the images and files a shown version owns (``/show``), after its text."""
        photos, files = result_attachments(reply.data, self.settings.app.data_dir)
        for photo in photos:
            await sender.send_photo(target, photo.read_bytes(), None)
        for path in files:
            await sender.send_document(target, path.read_bytes(), path.name)

    async def _remember_status_message(
        self, job: Job, status: Message, sender: TelegramSender
    ) -> None:
        """Store the "queued" message id for the worker's edits.

        A job that ended before the id was stored cannot be edited by the
        worker, so its final status is shown here.
        """
        destination = job.destination.model_copy(
            update={"status_message_id": str(status.message_id), "chat_id": str(status.chat_id)}
        )
        await self.desk.store.update_destination(job.id, destination)
        fresh = await self.desk.store.get_job(job.id)
        if fresh is not None and fresh.is_final:
            await sender.edit_html(
                status.chat_id, status.message_id, final_status_html(fresh, fresh.status)
            )

    async def _show_cancelled(self, job: Job, context: ContextTypes.DEFAULT_TYPE) -> None:
        fresh = await self.desk.store.get_job(job.id)
        destination = fresh.destination if fresh is not None else None
        if fresh is None or fresh.status != "cancelled" or destination is None:
            return
        if destination.chat_id is None or destination.status_message_id is None:
            return
        await TelegramSender(context.bot).edit_html(
            int(destination.chat_id),
            int(destination.status_message_id),
            final_status_html(fresh, "cancelled"),
        )

    async def _admit(
        self, message: Message, user: User, context: ContextTypes.DEFAULT_TYPE
    ) -> bool:
        """Return True when the chat may use the bot; refuse a chat once per run otherwise."""
        chat = message.chat
        if not self.allowed_chat_ids or chat.id in self.allowed_chat_ids:
            return True

        logger.info("chat %s is not in telegram.allowed_chat_ids; rejected", chat.id)
        if chat.id in self._refused_chats:
            return False
        self._refused_chats[chat.id] = None
        if len(self._refused_chats) > MAX_REFUSED_CHATS:
            self._refused_chats.popitem(last=False)
        text = t("telegram.not_allowed", await self._locale(user), chat_id=chat.id)
        await self._send_text(context, message, text)
        return False

    async def _locale(self, user: User) -> str:
        record = await self.desk.store.find_user(PLATFORM, str(user.id))
        return resolve_locale(
            record.locale if record else None,
            user.language_code,
            default=self.settings.app.default_locale,
        )

    async def _send_text(
        self, context: ContextTypes.DEFAULT_TYPE, message: Message, text: str
    ) -> None:
        await TelegramSender(context.bot).send_html(
            _reply_target(message), escape_telegram_html(text)
        )


def _replies_to_bot(message: Message, bot_id: int) -> bool:
    replied = message.reply_to_message
    return replied is not None and replied.from_user is not None and replied.from_user.id == bot_id


def _thread_id(message: Message) -> int | None:
    # message_thread_id also marks plain reply threads; only topic messages belong to a forum topic.
    return message.message_thread_id if message.is_topic_message else None


def _reply_target(message: Message) -> Target:
    return Target(message.chat_id, _thread_id(message), reply_to=message.message_id)


def _origin(message: Message, user: User, chat: Chat) -> Origin:
    thread_id = _thread_id(message)
    return Origin(
        platform=PLATFORM,
        user_id=str(user.id),
        display_name=user.full_name,
        platform_locale=user.language_code,
        chat_id=str(chat.id),
        thread_id=str(thread_id) if thread_id is not None else None,
        message_id=str(message.message_id),
        extra={
            "chat_type": chat.type,
            "chat_title": chat.title,
            "chat_username": chat.username,
            "user_name": user.full_name,
        },
    )
