"""The worker-side Slack notifier: a status message with progress, then the result thread.

When a job starts, the notifier posts a status message ("Article: <title> —
writing… 40%") in the channel, or in the thread the command came from, and
edits it as progress arrives. The result goes into that message's thread,
and the thread is linked to the content (``store.link_message``), so a reply
there asks for a revision. When ``slack.notify_channel`` is set, that channel
gets a one-line notice with a permalink to the thread.

Progress edits run in a background task per job, so a slow or rate-limited
``chat.update`` never holds up the model stream. Each status message is
edited at most once per ``progress_interval_s``, and all edits together at
most once per ``update_spacing_s``. Slack's rate-limit guide
(docs.slack.dev/apis/web-api/rate-limits) allows Tier 3 methods about 50
calls a minute per workspace. NOTE: that chat.update is Tier 3 comes from
third-party notes, not from its method page.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack import PLATFORM, render
from bot.slack.client import build_web_client, close_web_client
from bot.slack.poster import ResultPoster
from core.config import Settings
from core.requests import request_from_params
from storage import SqliteStore, open_store
from storage.models import Destination, Job
from workers.delivery import register_notifier_factory

logger = logging.getLogger(__name__)

PROGRESS_INTERVAL_S = 3.0
UPDATE_SPACING_S = 1.5
# chat.update errors after which a new status message is posted instead.
STATUS_GONE_ERRORS = frozenset({"message_not_found", "cant_update_message", "edit_window_closed"})
SEND_ERRORS = (SlackApiError, SlackClientError, OSError, asyncio.TimeoutError)


class UpdateGate:
    """Spaces calls at least ``spacing_s`` apart across all callers."""

    def __init__(self, spacing_s: float):
        self.spacing_s = spacing_s
        self._next_s = 0.0
        self._lock = asyncio.Lock()

    async def wait(self) -> None:
        async with self._lock:
            delay_s = self._next_s - time.monotonic()
            if delay_s > 0:
                await asyncio.sleep(delay_s)
            self._next_s = time.monotonic() + self.spacing_s


@dataclass
class _Status:
    """One job's status message: where it is and what it shows."""

    job: Job
    destination: Destination
    title: str
    percent: int = 0
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    stop: asyncio.Event = field(default_factory=asyncio.Event)
    task: asyncio.Task[None] | None = None

    @property
    def thread_ts(self) -> str | None:
        return self.destination.thread_id or self.destination.status_message_id


class SlackNotifier:
    """Posts progress, results and failures of Slack jobs through one Web API client."""

    def __init__(
        self,
        settings: Settings,
        client: AsyncWebClient,
        store: SqliteStore,
        *,
        progress_interval_s: float = PROGRESS_INTERVAL_S,
        update_spacing_s: float = UPDATE_SPACING_S,
    ):
        self.settings = settings
        self.client = client
        self.store = store
        self.poster = ResultPoster(client, settings.app.data_dir)
        self.progress_interval_s = progress_interval_s
        self._gate = UpdateGate(update_spacing_s)
        self._statuses: dict[str, _Status] = {}

    async def progress(self, job: Job, percent: int) -> None:
        """Record progress; the job's status task posts or edits the message soon after."""
        if not _is_slack(job):
            return

        status = self._statuses.get(job.id)
        if status is None:
            status = _Status(
                job, job.destination.model_copy(deep=True), await job_title(self.store, job)
            )
            status.task = asyncio.create_task(self._follow(status), name=f"slack-status-{job.id}")
            self._statuses[job.id] = status
        status.percent = max(status.percent, percent)
        status.wake.set()

    async def completed(self, job: Job, result: dict[str, Any]) -> None:
        """Mark the status message done, post the result in its thread, link it, tell the team."""
        if not _is_slack(job):
            return

        title = str(result.get("title") or await job_title(self.store, job))
        status = await self._finish(job, "done", title=title)
        channel, thread_ts = status.destination.chat_id, status.thread_ts
        if channel is None or thread_ts is None:
            return

        await self.poster.post_result(channel, thread_ts, job, result, title)
        content_id = result.get("content_id") or job.content_id
        if content_id:
            await self.store.link_message(
                PLATFORM,
                channel,
                thread_ts,
                str(content_id),
                version=result.get("version"),
                job_id=job.id,
            )
        logger.info("job %s delivered to Slack channel %s thread %s", job.id, channel, thread_ts)
        await self._notify_team(job, channel, thread_ts, title)

    async def failed(self, job: Job, message: str) -> None:
        """Show the failure reason on the status message (posting one if there is none yet)."""
        if not _is_slack(job):
            return
        try:
            await self._finish(job, "failed", reason=message)
        except SEND_ERRORS as error:
            logger.warning("failure of job %s not shown in Slack: %s", job.id, error)

    async def cancelled(self, job: Job) -> None:
        """Show that the job was cancelled on its status message."""
        if not _is_slack(job):
            return
        try:
            await self._finish(job, "cancelled")
        except SEND_ERRORS as error:
            logger.warning("cancellation of job %s not shown in Slack: %s", job.id, error)

    async def aclose(self) -> None:
        """Stop the status tasks, then close the client and the store."""
        tasks = [status.task for status in self._statuses.values() if status.task is not None]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._statuses.clear()
        await close_web_client(self.client)
        await self.store.close()

    async def _follow(self, status: _Status) -> None:
        while True:
            await status.wake.wait()
            if status.stop.is_set():
                return

            status.wake.clear()
            message = render.status_message(
                status.job,
                status.title,
                "writing",
                percent=status.percent,
                top_level=status.destination.thread_id is None,
            )
            try:
                await self._show(status, message, gated=True)
            except SEND_ERRORS as error:
                logger.warning("progress of job %s not shown in Slack: %s", status.job.id, error)

            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(status.stop.wait(), self.progress_interval_s)
            if status.stop.is_set():
                return

    async def _finish(
        self, job: Job, state: str, *, title: str | None = None, reason: str | None = None
    ) -> _Status:
        status = self._statuses.pop(job.id, None)
        if status is not None and status.task is not None:
            # The task ends after the call it is making, so a status message it
            # is posting right now is known before the final edit.
            status.stop.set()
            status.wake.set()
            (outcome,) = await asyncio.gather(status.task, return_exceptions=True)
            if isinstance(outcome, Exception):
                logger.error("status task of job %s failed: %r", job.id, outcome)
        if status is None:
            stored = await self.store.get_job(job.id) or job
            status = _Status(
                stored,
                stored.destination.model_copy(deep=True),
                await job_title(self.store, stored),
            )

        status.job = job
        status.title = title or status.title
        message = render.status_message(
            job,
            status.title,
            state,
            percent=100,
            reason=reason,
            top_level=status.destination.thread_id is None,
        )
        await self._show(status, message, gated=False)
        return status

    async def _show(self, status: _Status, message: dict[str, Any], *, gated: bool) -> None:
        """Post the status message, or edit it once it exists."""
        destination = status.destination
        if destination.chat_id is None:
            return

        if destination.status_message_id is not None:
            if gated:
                await self._gate.wait()
            try:
                await self.client.chat_update(
                    channel=destination.chat_id, ts=destination.status_message_id, **message
                )
                return
            except SlackApiError as error:
                if str(error.response.get("error")) not in STATUS_GONE_ERRORS:
                    raise
                logger.warning(
                    "status message of job %s is gone (%s); posting a new one",
                    status.job.id,
                    error.response.get("error"),
                )

        ts = await self.poster.post(destination.chat_id, destination.thread_id, message)
        destination.status_message_id = ts
        await self.store.update_destination(status.job.id, destination)

    async def _notify_team(self, job: Job, channel: str, thread_ts: str, title: str) -> None:
        target = self.settings.slack.notify_channel
        if not target:
            return

        permalink = None
        try:
            answer = await self.client.chat_getPermalink(channel=channel, message_ts=thread_ts)
            permalink = answer.get("permalink")
        except SlackApiError as error:
            logger.warning(
                "chat.getPermalink for job %s failed: %s", job.id, error.response.get("error")
            )
        text = render.notice_text(job, title, permalink, self.settings.app.default_locale)
        await self.poster.post(target, None, {"text": text})


async def job_title(store: SqliteStore, job: Job) -> str:
    """Return what a job is about: the request's subject, or the revised content's title."""
    if job.content_id and job.kind == "revision":
        content = await store.get_content(job.content_id)
        if content is not None and content.title:
            return content.title
    try:
        return request_from_params(job.kind, job.params).subject()
    except (KeyError, ValidationError, NotImplementedError):
        return str(job.params.get("instruction") or job.kind)


def _is_slack(job: Job) -> bool:
    return job.destination.platform == PLATFORM and bool(job.destination.chat_id)


async def build_slack_notifier(settings: Settings) -> SlackNotifier | None:
    """Build the notifier when ``slack.bot_token`` is set; it opens its own store connection."""
    if settings.slack.bot_token is None:
        return None
    store = await open_store(settings.storage.path)
    return SlackNotifier(settings, build_web_client(settings.slack), store)


register_notifier_factory(PLATFORM, build_slack_notifier)
