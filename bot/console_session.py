"""What the console commands share: settings, store, queue and the desk, opened together."""

from __future__ import annotations

import asyncio
import getpass
import locale as locale_module
import logging
import os
import sys
import time
from dataclasses import dataclass

from core.config import Settings
from core.i18n import t
from handlers.desk import Desk
from handlers.types import Origin
from storage import SqliteStore, open_store
from storage.models import Job
from workers.context import JobContext, build_context
from workers.queue import JobQueue, build_queue

logger = logging.getLogger(__name__)

POLL_INTERVAL_S = 0.1
BAR_WIDTH = 30


@dataclass
class ConsoleSession:
    settings: Settings
    store: SqliteStore
    queue: JobQueue
    desk: Desk
    context: JobContext | None

    @classmethod
    async def open(cls, settings: Settings) -> ConsoleSession:
        store = await open_store(settings.storage.path)
        try:
            context = None if settings.queue.redis_url else await build_context(settings, store)
            queue = await build_queue(settings, context)
        except BaseException:
            await store.close()
            raise
        return cls(settings, store, queue, Desk(settings, store, queue), context)

    async def aclose(self) -> None:
        await self.queue.aclose()
        if self.context is not None:
            await self.context.aclose()
        else:
            await self.store.close()

    async def wait_for(self, job_id: str, show_progress: bool) -> Job:
        """Poll the store until the job ends, drawing a progress bar on stderr."""
        bar = ProgressBar(enabled=show_progress)
        waited_s = 0.0
        while True:
            job = await self.store.get_job(job_id)
            assert job is not None, f"job {job_id} vanished from the store"
            bar.draw(job)
            if job.is_final:
                bar.finish()
                return job
            await asyncio.sleep(POLL_INTERVAL_S)
            waited_s += POLL_INTERVAL_S
            if (
                job.status == "pending"
                and self.settings.queue.redis_url
                and int(waited_s * 10) == 50
            ):
                bar.note(t("cli.waiting_for_worker", job.locale))


def console_origin() -> Origin:
    """Return the Origin of the person at this terminal, with the locale from LANG/LC_ALL."""
    env_locale = os.environ.get("LC_ALL") or os.environ.get("LANG") or locale_module.getlocale()[0]
    return Origin(platform="console", user_id=getpass.getuser(), platform_locale=env_locale or None)


class ProgressBar:
    """A one-line bar on a terminal; on a pipe, a line per 25% step."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.tty = sys.stderr.isatty()
        self.last_step = -1
        self.started = time.monotonic()

    def draw(self, job: Job) -> None:
        if not self.enabled:
            return
        if self.tty:
            filled = BAR_WIDTH * job.progress // 100
            elapsed = time.monotonic() - self.started
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            status = t(f"status.{job.status}", job.locale)
            sys.stderr.write(f"\r[{bar}] {job.progress:3d}% {status:<9} {elapsed:5.1f}s")
            sys.stderr.flush()
            return
        step = job.progress // 25
        if step > self.last_step:
            self.last_step = step
            status = t(f"status.{job.status}", job.locale)
            sys.stderr.write(f"{job.progress}% ({status})\n")

    def note(self, text: str) -> None:
        if self.enabled:
            sys.stderr.write(("\n" if self.tty else "") + text + "\n")

    def finish(self) -> None:
        if self.enabled and self.tty:
            sys.stderr.write("\n")
