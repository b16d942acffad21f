"""``copydesk telegram``: the Telegram adapter on python-telegram-bot 22.

Long polling by default; ``--webhook URL`` serves updates from the adapter's
own HTTP server (:mod:`bot.telegram.webhook`). Without ``queue.redis_url`` the
jobs run in this process and its notifier posts the results; with Redis a
``copydesk worker`` runs them and posts the results itself.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal

from telegram import Update
from telegram.error import InvalidToken, TelegramError
from telegram.ext import Application, ApplicationBuilder, MessageHandler, filters

from bot.telegram.client import CONNECTION_POOL_SIZE, bot_token
from bot.telegram.handlers import TelegramHandlers
from bot.telegram.menu import register_menu
from bot.telegram.notifier import PLATFORM, TelegramNotifier
from bot.telegram.ratelimit import FloodLimiter, limiter_for
from bot.telegram.transport import AiohttpRequest
from bot.telegram.updates import PerChatUpdateProcessor
from bot.telegram.webhook import WebhookServer, check_secret, webhook_path
from core.config import Settings
from core.errors import ConfigError
from handlers.desk import Desk
from storage import SqliteStore, open_store
from workers.context import JobContext, build_context
from workers.queue import build_queue

logger = logging.getLogger(__name__)

ALLOWED_UPDATES = [Update.MESSAGE]
POLL_TIMEOUT_S = 30
# Updates handled at once; the updates of one chat still run one at a time.
MAX_CONCURRENT_UPDATES = 256


class TelegramAdapter:
    """The PTB Application with Copydesk's handlers, started in polling or webhook mode."""

    def __init__(
        self,
        settings: Settings,
        desk: Desk,
        *,
        polling: bool = True,
        limiter: FloodLimiter | None = None,
        poll_timeout_s: float = POLL_TIMEOUT_S,
    ) -> None:
        self.settings = settings
        self.handlers = TelegramHandlers(settings, desk)
        self.limiter = limiter or limiter_for(settings.telegram)
        self.poll_timeout_s = poll_timeout_s
        self.application = self._build(polling)
        self.webhook: WebhookServer | None = None

    def _build(self, polling: bool) -> Application:
        builder = (
            ApplicationBuilder()
            .token(bot_token(self.settings.telegram))
            .base_url(self.settings.telegram.api_base_url)
            .rate_limiter(self.limiter)
            .concurrent_updates(PerChatUpdateProcessor(MAX_CONCURRENT_UPDATES))
            .request(AiohttpRequest(CONNECTION_POOL_SIZE))
            .get_updates_request(AiohttpRequest(1, read_timeout_s=self.poll_timeout_s + 10))
        )
        if not polling:
            builder = builder.updater(None)
        application = builder.build()
        application.add_handler(
            MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT, self.handlers.on_message)
        )
        application.add_error_handler(self.handlers.on_error)
        return application

    async def start_polling(self) -> None:
        """Connect, register the command menu and start long polling."""
        await self._initialize()
        await self.application.start()
        assert self.application.updater is not None
        await self.application.updater.start_polling(
            allowed_updates=ALLOWED_UPDATES, timeout=int(self.poll_timeout_s), poll_interval=0
        )
        logger.info("Telegram adapter polling as @%s", self.application.bot.username)

    async def start_webhook(self, url: str, listen: str, port: int) -> None:
        """Connect, start the webhook server on ``listen:port`` and point Telegram at ``url``."""
        secret = check_secret(_secret(self.settings))
        await self._initialize()
        await self.application.start()
        self.webhook = WebhookServer(self.application, secret, webhook_path(url))
        await self.webhook.start(listen, port)
        await self.application.bot.set_webhook(
            url, secret_token=secret, allowed_updates=ALLOWED_UPDATES
        )
        logger.info("Telegram adapter receiving webhooks as @%s", self.application.bot.username)

    async def stop(self) -> None:
        """Stop receiving updates, finish the ones in progress and close the connections."""
        updater = self.application.updater
        if updater is not None and updater.running:
            await updater.stop()
        if self.webhook is not None:
            await self.webhook.stop()
        if self.application.running:
            await self.application.stop()
        await self.application.shutdown()

    async def _initialize(self) -> None:
        try:
            await self.application.initialize()
        except InvalidToken:
            # PTB's message contains the token, so it is not shown.
            raise ConfigError(
                "invalid config: telegram.token was rejected by the Bot API"
            ) from None
        try:
            await register_menu(self.application.bot, self.settings.app.default_locale)
        except TelegramError as error:
            logger.warning("the command menu could not be registered: %s", error)


def _secret(settings: Settings) -> str | None:
    secret = settings.telegram.webhook_secret
    return secret.get_secret_value() if secret else None


async def run_telegram(settings: Settings, args: argparse.Namespace) -> int:
    """Run the adapter until SIGINT or SIGTERM; returns the exit code.

    Raises ConfigError for a missing or rejected token or webhook secret.
    An unreachable Redis does not stop it: commands get the "service busy"
    message until Redis answers again.
    """
    bot_token(settings.telegram)
    if args.webhook:
        check_secret(_secret(settings))

    limiter = limiter_for(settings.telegram)
    store = await open_store(settings.storage.path)
    context: JobContext | None = None
    queue = None
    adapter: TelegramAdapter | None = None
    try:
        if not settings.queue.redis_url:
            context = await in_process_context(settings, store, limiter)
        queue = await build_queue(settings, context)
        desk = Desk(settings, store, queue)
        adapter = TelegramAdapter(settings, desk, polling=not args.webhook, limiter=limiter)
        if args.webhook:
            await adapter.start_webhook(args.webhook, args.listen, args.port)
        else:
            await adapter.start_polling()
        await _wait_for_stop_signal()
    finally:
        if adapter is not None:
            await adapter.stop()
        if queue is not None:
            await queue.aclose()
        if context is not None:
            await context.aclose()
        await store.close()
    return 0


async def in_process_context(
    settings: Settings, store: SqliteStore, limiter: FloodLimiter
) -> JobContext:
    """Build the in-process queue's job context, its notifier sharing the adapter's limiter."""
    context = await build_context(settings, store)
    default = context.notifiers.pop(PLATFORM, None)
    if default is not None:
        await default.aclose()
    context.notifiers[PLATFORM] = TelegramNotifier(settings, store=store, limiter=limiter)
    return context


async def _wait_for_stop_signal() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        await stop.wait()
        logger.info("stop signal received; shutting down")
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
