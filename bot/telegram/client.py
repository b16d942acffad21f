"""The Bot API client both the adapter and the worker-side notifier use."""

from __future__ import annotations

from telegram.ext import ExtBot

from bot.telegram.ratelimit import FloodLimiter, limiter_for
from bot.telegram.transport import AiohttpRequest
from core.config import Settings, TelegramSettings
from core.errors import ConfigError

# Concurrent HTTP connections to the Bot API per client.
CONNECTION_POOL_SIZE = 64


def bot_token(settings: TelegramSettings) -> str:
    """Return the configured bot token; raises ConfigError when it is not set."""
    token = settings.token.get_secret_value().strip() if settings.token else ""
    if not token:
        raise ConfigError(
            "invalid config: telegram.token is not set (or COPYDESK_TELEGRAM__TOKEN); "
            "get one from @BotFather"
        )
    return token


def build_bot(settings: Settings, limiter: FloodLimiter | None = None) -> ExtBot:
    """Build an uninitialized Bot API client with flood control for ``settings.telegram``."""
    return ExtBot(
        bot_token(settings.telegram),
        base_url=settings.telegram.api_base_url,
        rate_limiter=limiter or limiter_for(settings.telegram),
        request=AiohttpRequest(CONNECTION_POOL_SIZE),
    )
