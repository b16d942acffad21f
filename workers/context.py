"""What a job function needs, built once per worker (or per in-process queue)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from core.config import Settings
from core.providers import Provider, build_provider
from storage import SqliteStore, open_store
from workers.delivery import Notifier, build_notifiers

logger = logging.getLogger(__name__)

CONTEXT_KEY = "copydesk"


@dataclass
class JobContext:
    settings: Settings
    store: SqliteStore
    provider: Provider
    notifiers: dict[str, Notifier] = field(default_factory=dict)

    def notifier(self, platform: str) -> Notifier:
        """Return the platform's notifier; platforms without one (console) get a silent one."""
        from workers.delivery import SilentNotifier

        return self.notifiers.get(platform) or SilentNotifier()

    async def aclose(self) -> None:
        for notifier in self.notifiers.values():
            await notifier.aclose()
        await self.provider.aclose()
        await self.store.close()


async def build_context(settings: Settings, store: SqliteStore | None = None) -> JobContext:
    """Open the store (unless given), the provider and the chat notifiers."""
    provider = build_provider(settings.llm)
    own_store = store or await open_store(settings.storage.path)
    notifiers = await build_notifiers(settings)
    return JobContext(settings=settings, store=own_store, provider=provider, notifiers=notifiers)


def get_context(ctx: dict[str, Any]) -> JobContext:
    """Return the JobContext from an arq ``ctx`` dict."""
    return ctx[CONTEXT_KEY]
