"""The Slack Web API client that the adapter and the notifier share, with retries.

``ratelimited`` answers (HTTP 429) are waited out for ``Retry-After``
seconds by slack_sdk's async retry handlers, and so are dropped connections
and 500/503 answers. Every request of one client reuses one aiohttp session.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import aiohttp
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from core.config import SlackSettings
from core.errors import ConfigError

logger = logging.getLogger(__name__)

# How often one call is retried after a 429, a dropped connection or a 500/503.
RATE_LIMIT_RETRIES = 3
CONNECTION_RETRIES = 2
SERVER_ERROR_RETRIES = 2
REQUEST_TIMEOUT_S = 30


def retry_handlers() -> list[AsyncRetryHandler]:
    """Return fresh retry handlers: 429 (waits ``Retry-After``), connection errors, 500/503."""
    return [
        AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
        AsyncConnectionErrorRetryHandler(max_retry_count=CONNECTION_RETRIES),
        AsyncServerErrorRetryHandler(max_retry_count=SERVER_ERROR_RETRIES),
    ]


def api_base_url(settings: SlackSettings) -> str:
    """Return ``api_base_url`` with the trailing slash slack_sdk expects."""
    return settings.api_base_url.rstrip("/") + "/"


def build_web_client(settings: SlackSettings, *, with_token: bool = True) -> AsyncWebClient:
    """Build an AsyncWebClient with the bot token, ``api_base_url`` and retry handlers.

    ``with_token=False`` leaves the token out, for bolt's app client, whose
    requests get the token from the ``authorize`` function. Call it inside
    the running event loop, because it opens an aiohttp session, and close it
    with :func:`close_web_client`. Raises ConfigError when
    ``slack.bot_token`` is not set.
    """
    if settings.bot_token is None:
        raise ConfigError(
            "invalid config: slack.bot_token is not set (or COPYDESK_SLACK__BOT_TOKEN)"
        )

    return AsyncWebClient(
        token=settings.bot_token.get_secret_value() if with_token else None,
        base_url=api_base_url(settings),
        timeout=REQUEST_TIMEOUT_S,
        session=aiohttp.ClientSession(),
        retry_handlers=retry_handlers(),
    )


async def close_web_client(client: AsyncWebClient) -> None:
    """Close the client's aiohttp session."""
    if client.session is not None and not client.session.closed:
        await client.session.close()


@dataclass(frozen=True)
class BotIdentity:
    """Who the bot is in the workspace, from ``auth.test``."""

    user_id: str
    bot_id: str | None
    team_id: str | None


async def fetch_identity(client: AsyncWebClient) -> BotIdentity:
    """Call ``auth.test`` once; raises slack_sdk's SlackApiError for a bad token."""
    result = await client.auth_test()
    identity = BotIdentity(
        user_id=str(result["user_id"]), bot_id=result.get("bot_id"), team_id=result.get("team_id")
    )
    logger.info("Slack bot user %s in team %s", identity.user_id, identity.team_id)
    return identity
