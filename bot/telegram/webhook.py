"""The adapter's own HTTP server for webhook mode.

Telegram sends each update as a POST to the URL given to ``setWebhook``,
with the ``secret_token`` from that call in the
``X-Telegram-Bot-Api-Secret-Token`` header (core.telegram.org/bots/api#setwebhook).
A request without the right secret gets 401 and its body is not read.
"""

from __future__ import annotations

import hmac
import logging
import re
import socket
from urllib.parse import urlsplit

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from core.errors import ConfigError

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
DEFAULT_PATH = "/telegram"
# setWebhook secret_token: 1-256 characters, only A-Z, a-z, 0-9, _ and -.
_VALID_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
# The largest update body accepted; Telegram's updates are a few kilobytes.
MAX_BODY_BYTES = 1024 * 1024
# A forged request is logged once, then once per this many.
REJECTION_LOG_EVERY = 100


def check_secret(secret: str | None) -> str:
    """Return the webhook secret; raises ConfigError when it is missing or invalid for Telegram."""
    if not secret:
        raise ConfigError(
            "invalid config: telegram.webhook_secret is not set"
            " (or COPYDESK_TELEGRAM__WEBHOOK_SECRET); webhook mode needs it"
            " to reject forged updates"
        )
    if not _VALID_SECRET.match(secret):
        raise ConfigError(
            "invalid config: telegram.webhook_secret must be 1-256 characters"
            " of A-Z, a-z, 0-9, _ and -"
        )
    return secret


def webhook_path(url: str) -> str:
    """Return the path the server listens on: the path of the public webhook URL."""
    path = urlsplit(url).path
    return path if path and path != "/" else DEFAULT_PATH


class WebhookServer:
    """Receives updates over HTTP and puts them on the application's update queue."""

    def __init__(self, application: Application, secret: str, path: str) -> None:
        self.application = application
        self._secret = secret.encode("utf-8")
        self.path = path
        self.rejected = 0
        self._runner: web.AppRunner | None = None
        self.port = 0

    async def start(self, listen: str, port: int) -> None:
        """Listen on ``listen:port``; port 0 picks a free port, stored in :attr:`port`."""
        app = web.Application(client_max_size=MAX_BODY_BYTES)
        app.router.add_post(self.path, self._receive)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()

        family = socket.AF_INET6 if ":" in listen else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((listen, port))
        self.port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
        logger.info("webhook server listening on %s:%d%s", listen, self.port, self.path)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
            logger.info("webhook server stopped")

    async def _receive(self, request: web.Request) -> web.Response:
        presented = request.headers.get(SECRET_HEADER, "").encode("utf-8")
        if not hmac.compare_digest(presented, self._secret):
            self.rejected += 1
            if self.rejected % REJECTION_LOG_EVERY == 1:
                logger.warning(
                    "webhook request from %s without the right secret; rejected (%d so far)",
                    request.remote,
                    self.rejected,
                )
            return web.Response(status=401, text="unauthorized")

        try:
            data = await request.json()
            if not isinstance(data, dict):
                raise TypeError("the update is not a JSON object")
            update = Update.de_json(data, self.application.bot)
        except (UnicodeDecodeError, TypeError, KeyError, ValueError, AttributeError) as error:
            logger.warning("webhook request with an invalid update body: %s", type(error).__name__)
            return web.Response(status=400, text="invalid update")

        await self.application.update_queue.put(update)
        return web.Response(status=200)
