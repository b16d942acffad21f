"""Notifiers: how a worker shows progress and results on a chat platform.

The console has none (the CLI reads the store); the Telegram and Slack
adapters register theirs with :func:`register_notifier_factory`.
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from core.config import Settings
from storage.models import Job


class Notifier(Protocol):
    async def progress(self, job: Job, percent: int) -> None: ...

    async def completed(self, job: Job, result: dict[str, Any]) -> None: ...

    async def failed(self, job: Job, message: str) -> None: ...

    async def cancelled(self, job: Job) -> None: ...

    async def aclose(self) -> None: ...


class SilentNotifier:
    """A notifier for platforms that read results from the store themselves."""

    async def progress(self, job: Job, percent: int) -> None:
        return None

    async def completed(self, job: Job, result: dict[str, Any]) -> None:
        return None

    async def failed(self, job: Job, message: str) -> None:
        return None

    async def cancelled(self, job: Job) -> None:
        return None

    async def aclose(self) -> None:
        return None


NotifierFactory = Callable[[Settings], Awaitable["Notifier | None"]]
_FACTORIES: dict[str, NotifierFactory] = {}


def register_notifier_factory(platform: str, factory: NotifierFactory) -> None:
    """Register how to build a platform's notifier from settings (None when not configured)."""
    _FACTORIES[platform] = factory


# Adapter modules that register a notifier factory when imported.
NOTIFIER_MODULES = ("bot.telegram.notifier", "bot.slack.notifier")


def _load_notifier_modules() -> None:
    for name in NOTIFIER_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name is None or not name.startswith(error.name):
                raise


async def build_notifiers(settings: Settings) -> dict[str, Notifier]:
    """Build the notifier of every platform that is configured."""
    _load_notifier_modules()
    notifiers: dict[str, Notifier] = {}
    for platform, factory in _FACTORIES.items():
        notifier = await factory(settings)
        if notifier is not None:
            notifiers[platform] = notifier
    return notifiers
