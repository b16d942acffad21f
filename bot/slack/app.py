"""``copydesk slack``: the bolt ``AsyncApp`` in Socket Mode or HTTP mode.

Socket Mode runs when ``slack.app_token`` is set. Otherwise an aiohttp server
receives events, slash commands and interactivity on one endpoint,
``POST /slack/events``, where bolt verifies each request's signature and
timestamp with ``slack.signing_secret``. Without ``queue.redis_url`` the
jobs run in this process; with it, ``copydesk worker`` runs them and posts
the results.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
from contextlib import AsyncExitStack
from dataclasses import dataclass

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_bolt.authorization import AuthorizeResult
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.client import BotIdentity, build_web_client, close_web_client, fetch_identity
from bot.slack.listeners import SlackListeners
from bot.slack.locale import LocaleCache
from core.config import Settings, SlackSettings
from core.errors import ConfigError
from handlers.desk import Desk
from storage import SqliteStore, open_store
from workers.context import build_context
from workers.queue import JobQueue, build_queue

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"


def check_settings(settings: SlackSettings) -> None:
    """Raise ConfigError unless the keys for the chosen mode are set."""
    if settings.bot_token is None:
        raise ConfigError(
            "invalid config: slack.bot_token is not set (or COPYDESK_SLACK__BOT_TOKEN)"
        )
    if settings.app_token is None and settings.signing_secret is None:
        raise ConfigError(
            "invalid config: HTTP mode needs slack.signing_secret "
            "(or COPYDESK_SLACK__SIGNING_SECRET); set slack.app_token instead for Socket Mode"
        )


@dataclass
class SlackRuntime:
    """Everything the adapter process keeps open: store, queue, clients and the bolt app."""

    settings: Settings
    store: SqliteStore
    queue: JobQueue
    desk: Desk
    client: AsyncWebClient
    identity: BotIdentity
    locales: LocaleCache
    app: AsyncApp
    exit_stack: AsyncExitStack

    @classmethod
    async def open(cls, settings: Settings) -> SlackRuntime:
        """Check the token with ``auth.test``, open the store and queue, and build the app.

        Raises ConfigError for missing keys or a token that Slack rejects.
        An unreachable Redis does not stop it: commands get the "service busy"
        message until Redis answers again.
        """
        check_settings(settings.slack)
        stack = AsyncExitStack()
        try:
            client = build_web_client(settings.slack)
            stack.push_async_callback(close_web_client, client)
            identity = await _identity(client)

            store = await open_store(settings.storage.path)
            context = None if settings.queue.redis_url else await build_context(settings, store)
            stack.push_async_callback(context.aclose if context else store.close)
            queue = await build_queue(settings, context)
            stack.push_async_callback(queue.aclose)

            locales = LocaleCache(client)
            stack.push_async_callback(locales.aclose)
            app_client = build_web_client(settings.slack, with_token=False)
            stack.push_async_callback(close_web_client, app_client)

            desk = Desk(settings, store, queue)
            listeners = SlackListeners(settings, desk, store, locales, identity)
            app = build_app(settings.slack, app_client, identity, listeners)
        except BaseException:
            await stack.aclose()
            raise
        return cls(settings, store, queue, desk, client, identity, locales, app, stack)

    async def aclose(self) -> None:
        """Close everything :meth:`open` opened, in reverse order."""
        await self.exit_stack.aclose()


async def _identity(client: AsyncWebClient) -> BotIdentity:
    try:
        return await fetch_identity(client)
    except SlackApiError as error:
        raise ConfigError(
            "invalid config: Slack rejected slack.bot_token in auth.test "
            f"({error.response.get('error')})"
        ) from None


def build_app(
    settings: SlackSettings,
    client: AsyncWebClient,
    identity: BotIdentity,
    listeners: SlackListeners,
) -> AsyncApp:
    """Build the bolt app with the listeners; the bot identity from start-up authorizes requests.

    Passing ``authorize`` spares bolt its own ``auth.test`` call on the first
    request, so no ack waits on the network.
    """
    assert settings.bot_token is not None
    result = AuthorizeResult(
        enterprise_id=None,
        team_id=identity.team_id,
        bot_user_id=identity.user_id,
        bot_id=identity.bot_id,
        bot_token=settings.bot_token.get_secret_value(),
    )

    async def authorize() -> AuthorizeResult:
        return result

    signing_secret = settings.signing_secret.get_secret_value() if settings.signing_secret else ""
    app = AsyncApp(
        name="copydesk",
        client=client,
        signing_secret=signing_secret,
        authorize=authorize,
        process_before_response=False,
    )
    listeners.register(app)
    return app


def build_web_app(app: AsyncApp) -> web.Application:
    """Return the aiohttp application for HTTP mode: the Slack endpoint and a health check."""

    async def dispatch(request: web.Request) -> web.Response:
        bolt_response = await app.async_dispatch(await to_bolt_request(request))
        return await to_aiohttp_response(bolt_response)

    async def health(request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    web_app = web.Application()
    web_app.router.add_post(EVENTS_PATH, dispatch)
    web_app.router.add_get(HEALTH_PATH, health)
    return web_app


async def start_http(runtime: SlackRuntime, host: str, port: int) -> tuple[web.AppRunner, int]:
    """Serve HTTP mode on ``host:port`` (0 picks a free port); return the runner and the port."""
    runner = web.AppRunner(build_web_app(runtime.app), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    bound_port = runner.addresses[0][1] if runner.addresses else port
    logger.info("Slack HTTP mode listening on %s:%d%s", host, bound_port, EVENTS_PATH)
    return runner, bound_port


async def start_socket_mode(runtime: SlackRuntime) -> AsyncSocketModeHandler:
    """Open the Socket Mode connection with ``slack.app_token`` (``apps.connections.open``)."""
    app_token = runtime.settings.slack.app_token
    assert app_token is not None
    handler = AsyncSocketModeHandler(
        runtime.app, app_token.get_secret_value(), web_client=runtime.client
    )
    await handler.connect_async()
    logger.info("Slack Socket Mode connected as bot user %s", runtime.identity.user_id)
    return handler


async def run_slack(settings: Settings, args: argparse.Namespace) -> int:
    """Run the adapter until SIGINT or SIGTERM; returns the exit code."""
    runtime = await SlackRuntime.open(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signal_number, stop.set)

    socket_handler: AsyncSocketModeHandler | None = None
    runner: web.AppRunner | None = None
    try:
        if settings.slack.app_token is not None:
            socket_handler = await start_socket_mode(runtime)
        else:
            runner, _ = await start_http(runtime, args.listen, args.port)
        await stop.wait()
    finally:
        if socket_handler is not None:
            await socket_handler.close_async()
        if runner is not None:
            await runner.cleanup()
        await runtime.aclose()
    logger.info("Slack adapter stopped")
    return 0
