"""The platform-neutral command handler that every adapter calls."""

from __future__ import annotations

import logging
import time

from core.config import Settings
from core.errors import CopydeskError, NotFoundError, QueueUnavailableError, UsageError
from core.grammar import ParsedCommand, get_spec, parse
from core.i18n import catalogue, resolve_locale, t
from core.requests import ContentRequest
from core.requests.analysis import AnalysisRequest
from core.templates import apply_template
from handlers import stats as _stats  # noqa: F401  (registers the /stats command)
from handlers.access import is_allowed
from handlers.limits import LimitExceededError, enforce_limits, requested_images
from handlers.types import Origin, Reply
from storage import SqliteStore
from storage.models import Job, User
from storage.sqlite import new_job_id
from workers.queue import JobQueue

logger = logging.getLogger(__name__)

SUBJECT_PREVIEW_CHARS = 80


class Desk:
    """Turns a command from any platform into a reply, and content commands into queued jobs.

    Nothing slow happens here: parsing, one or two SQLite writes and one
    enqueue. The model runs in the worker.
    """

    def __init__(self, settings: Settings, store: SqliteStore, queue: JobQueue):
        self.settings = settings
        self.store = store
        self.queue = queue

    async def handle(self, origin: Origin, text: str, fallback_text: str | None = None) -> Reply:
        """Handle one command line and return the reply to show at once.

        ``fallback_text`` is the text a command works on when it names none:
        the message it replies to, or the content id of the thread's result.

        A sender that ``[access]`` does not allow gets an error reply with
        ``data["denied"] == "access"`` and nothing is stored.
        """
        if not is_allowed(self.settings, origin):
            return self._denied_reply(origin)
        user = await self.store.upsert_user(origin.platform, origin.user_id, origin.display_name)
        locale = self.locale_for(user, origin)
        try:
            command = parse(text, fallback_text)
            return await self._dispatch(origin, user, locale, command)
        except UsageError as error:
            return self._usage_reply(error, locale)
        except LimitExceededError as error:
            return self._limit_reply(error, locale)
        except CopydeskError as error:
            text = t(error.message_key, locale, **error.params)
            return Reply(text, locale, kind="error", data={"error_key": error.message_key})

    async def revise(self, origin: Origin, content_id: str, instruction: str) -> Reply:
        """Queue a revision of ``content_id`` (a reply in a result's thread, or a chat line)."""
        if not is_allowed(self.settings, origin):
            return self._denied_reply(origin)
        user = await self.store.upsert_user(origin.platform, origin.user_id, origin.display_name)
        locale = self.locale_for(user, origin)
        try:
            return await self._queue_revision(origin, user, locale, content_id, instruction)
        except UsageError as error:
            return self._usage_reply(error, locale)
        except LimitExceededError as error:
            return self._limit_reply(error, locale)
        except CopydeskError as error:
            text = t(error.message_key, locale, **error.params)
            return Reply(text, locale, kind="error", data={"error_key": error.message_key})

    def locale_for(self, user: User, origin: Origin) -> str:
        """Return the user's locale: /lang, else the platform locale, else the default."""
        return resolve_locale(
            user.locale, origin.platform_locale, default=self.settings.app.default_locale
        )

    async def _dispatch(
        self, origin: Origin, user: User, locale: str, command: ParsedCommand
    ) -> Reply:
        if isinstance(command.request, ContentRequest):
            return await self._queue_content(origin, user, locale, command.request)
        from handlers import manage

        handler = manage.HANDLERS[command.name]
        return await handler(self, origin, user, locale, command)

    async def _queue_content(
        self, origin: Origin, user: User, locale: str, request: ContentRequest
    ) -> Reply:
        request = apply_template(request, self.settings.templates.dir)
        await self._check_source_content(user, request)
        images = requested_images(request) if request.kind == "image" else 0
        await enforce_limits(
            self.settings,
            self.store,
            origin,
            user,
            locale,
            kind=request.kind,
            images=images,
            now=time.time(),
        )
        job = Job(
            id=new_job_id(),
            kind=request.kind,
            user_id=user.id,
            params=request.model_dump(mode="json"),
            locale=locale,
            destination=origin.destination(),
        )
        await self._record_and_enqueue(job)
        subject = request.subject()
        if len(subject) > SUBJECT_PREVIEW_CHARS:
            subject = subject[: SUBJECT_PREVIEW_CHARS - 1] + "…"
        text = t(
            "job.queued", locale, kind=t(f"kind.{job.kind}", locale), job_id=job.id, subject=subject
        )
        return Reply(text, locale, kind="queued", job=job)

    async def _check_source_content(self, user: User, request: ContentRequest) -> None:
        """Reject an analysis of a content id that does not exist or is not the user's."""
        content_id = request.content_id if isinstance(request, AnalysisRequest) else None
        if content_id is None:
            return
        content = await self.store.get_content(content_id)
        if content is None or content.user_id != user.id:
            raise NotFoundError(content_id, item_id=content_id)

    async def _queue_revision(
        self, origin: Origin, user: User, locale: str, content_id: str, instruction: str
    ) -> Reply:
        instruction = instruction.strip()
        if not instruction:
            raise UsageError(
                "empty instruction",
                message_key="usage.missing_positional",
                command="revise",
                what="text",
            )
        content = await self.store.get_content(content_id)
        if content is None or content.user_id != user.id:
            raise NotFoundError(content_id, item_id=content_id)

        await enforce_limits(
            self.settings, self.store, origin, user, locale, kind="revision", now=time.time()
        )
        job = Job(
            id=new_job_id(),
            kind="revision",
            user_id=user.id,
            params={"content_id": content_id, "instruction": instruction[:2000]},
            locale=locale,
            content_id=content_id,
            destination=origin.destination(),
        )
        await self._record_and_enqueue(job)
        text = t("job.revision_queued", locale, job_id=job.id, content_id=content_id)
        return Reply(text, locale, kind="queued", job=job)

    async def _record_and_enqueue(self, job: Job) -> None:
        """Store the job, then queue it; if queueing fails, remove the record again."""
        started = time.perf_counter()
        await self.store.create_job(job)
        try:
            await self.queue.enqueue(job.id)
        except QueueUnavailableError:
            await self.store.delete_job(job.id)
            logger.warning(
                "queue unavailable; job %s was not queued and its record was removed", job.id
            )
            raise
        logger.info(
            "job %s queued: kind=%s user=%s in %.1fms",
            job.id,
            job.kind,
            job.user_id,
            (time.perf_counter() - started) * 1000,
        )

    def _denied_reply(self, origin: Origin) -> Reply:
        locale = resolve_locale(origin.platform_locale, default=self.settings.app.default_locale)
        logger.info("request from %s:%s rejected by [access]", origin.platform, origin.user_id)
        text = t("limits.access_denied", locale)
        return Reply(text, locale, kind="error", data={"denied": "access"})

    def _limit_reply(self, error: LimitExceededError, locale: str) -> Reply:
        text = t(error.message_key, locale, **error.params)
        return Reply(text, locale, kind="error", data={"limit": error.message_key})

    def _usage_reply(self, error: UsageError, locale: str) -> Reply:
        params = dict(error.params)
        if "what" in params:
            params["what"] = t(f"usage.what.{params['what']}", locale)
        lines = [t(error.message_key, locale, **params)]
        command = params.get("command")
        if command and get_spec(str(command)) is not None:
            usage_key = f"usage.{command}"
            if usage_key in catalogue():
                lines.append(t(usage_key, locale))
        return Reply("\n".join(lines), locale, kind="usage")
