"""Commands that manage jobs, contents and settings: help, lang, jobs, status, cancel,
revise, history, show, stats.

Admins (``[access] admins``) see and cancel every job, and ``/jobs`` and
``/stats`` show them the whole team; other users see only their own jobs.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from core.errors import NotFoundError, QueueUnavailableError, UsageError
from core.grammar import ParsedCommand
from core.i18n import catalogue, parse_locale, t
from handlers.access import is_admin
from handlers.stats import show_stats
from handlers.templates import show_templates
from handlers.types import Origin, Reply
from storage.models import Job, User

if TYPE_CHECKING:
    from handlers.desk import Desk
    from storage import SqliteStore
    from workers.queue import JobQueue

logger = logging.getLogger(__name__)

Handler = Callable[["Desk", Origin, User, str, ParsedCommand], Awaitable[Reply]]
HANDLERS: dict[str, Handler] = {}
JOBS_LISTED = 10


def handler(name: str) -> Callable[[Handler], Handler]:
    def decorate(function: Handler) -> Handler:
        HANDLERS[name] = function
        return function

    return decorate


@handler("help")
async def show_help(
    desk: Desk, origin: Origin, user: User, locale: str, command: ParsedCommand
) -> Reply:
    topic = command.positional.lstrip("/").lower()
    if topic and f"usage.{topic}" in catalogue():
        return Reply(t(f"usage.{topic}", locale), locale)
    if topic:
        unknown = t("usage.unknown_command", locale, name=topic[:40])
        return Reply(f"{unknown}\n\n{t('help.text', locale)}", locale, kind="usage")
    return Reply(t("help.text", locale), locale)


@handler("lang")
async def set_language(
    desk: Desk, origin: Origin, user: User, locale: str, command: ParsedCommand
) -> Reply:
    if not command.positional:
        return Reply(t("lang.current", locale), locale)
    chosen = parse_locale(command.positional)
    if chosen is None:
        raise UsageError(
            "bad locale",
            message_key="usage.bad_choice",
            flag="/lang",
            value=command.positional[:20],
            allowed="zh-CN, en",
            command="lang",
        )
    await desk.store.set_user_locale(user.id, chosen)
    return Reply(t("lang.set", chosen), chosen)


@handler("jobs")
async def list_jobs(
    desk: Desk, origin: Origin, user: User, locale: str, command: ParsedCommand
) -> Reply:
    team = is_admin(desk.settings, origin)
    kind = command.values.get("kind")
    jobs = await desk.store.list_jobs(
        user_id=None if team else user.id,
        status=command.values.get("status"),
        kind=kind.lower() if kind else None,
        limit=JOBS_LISTED,
    )
    if not jobs:
        return Reply(t("job.none", locale), locale)

    lines = [format_job_line(job, locale) for job in jobs]
    if team:
        names = await _user_names(desk.store, {job.user_id for job in jobs})
        lines = [f"{names[job.user_id]}  {line}" for job, line in zip(jobs, lines, strict=True)]
    return Reply("\n".join(lines), locale, data={"jobs": jobs, "team": team})


async def _user_names(store: SqliteStore, user_ids: set[int]) -> dict[int, str]:
    names: dict[int, str] = {}
    for user_id in user_ids:
        found = await store.get_user(user_id)
        if found is None:
            names[user_id] = f"#{user_id}"
        else:
            names[user_id] = found.display_name or f"{found.platform}:{found.platform_user_id}"
    return names


@handler("status")
async def job_status(
    desk: Desk, origin: Origin, user: User, locale: str, command: ParsedCommand
) -> Reply:
    job = await visible_job(desk, origin, user, command.positional)
    lines = [format_job_line(job, locale)]
    if job.status == "failed" and job.error:
        lines.append(job.error)
    if job.content_id:
        lines.append(t("job.content_line", locale, content_id=job.content_id))
    return Reply("\n".join(lines), locale, job=job)


@handler("cancel")
async def cancel_job(
    desk: Desk, origin: Origin, user: User, locale: str, command: ParsedCommand
) -> Reply:
    job = await visible_job(desk, origin, user, command.positional)
    if not await request_cancel(desk.store, desk.queue, job.id, desk.settings.jobs.cancel_wait_s):
        current = await desk.store.get_job(job.id) or job
        status = t(f"status.{current.status}", locale)
        text = t("job.not_cancellable", locale, job_id=job.id, status=status)
        return Reply(text, locale, kind="error", job=current)
    cancelled = await desk.store.get_job(job.id) or job
    return Reply(t("job.cancelled", locale, job_id=job.id), locale, job=cancelled)


HANDLERS["stats"] = show_stats
HANDLERS["templates"] = show_templates


@handler("revise")
async def revise(
    desk: Desk, origin: Origin, user: User, locale: str, command: ParsedCommand
) -> Reply:
    content_id, _, instruction = command.positional.partition(" ")
    if not instruction.strip():
        raise UsageError(
            "missing instruction",
            message_key="usage.missing_positional",
            command="revise",
            what="text",
        )
    return await desk._queue_revision(origin, user, locale, content_id, instruction)


@handler("history")
async def history(
    desk: Desk, origin: Origin, user: User, locale: str, command: ParsedCommand
) -> Reply:
    content = await desk.store.get_content(command.positional)
    if content is None or content.user_id != user.id:
        raise NotFoundError(command.positional, item_id=command.positional[:40])
    versions = await desk.store.list_versions(content.id)
    lines = [f"{content.id}  {content.title}"]
    for version in versions:
        created = time.strftime("%Y-%m-%d %H:%M", time.localtime(version.created_at))
        lines.append(
            t(
                "job.version_line",
                locale,
                version=version.version,
                created=created,
                summary=version.summary or "—",
            )
        )
    return Reply("\n".join(lines), locale, data={"versions": versions})


@handler("show")
async def show(
    desk: Desk, origin: Origin, user: User, locale: str, command: ParsedCommand
) -> Reply:
    content = await desk.store.get_content(command.positional)
    if content is None or content.user_id != user.id:
        raise NotFoundError(command.positional, item_id=command.positional[:40])
    version = await desk.store.get_version(content.id, command.values.get("version"))
    if version is None:
        raise NotFoundError(
            command.positional, item_id=f"{content.id} v{command.values.get('version')}"
        )
    header = t(
        "job.show_header",
        locale,
        content_id=content.id,
        version=version.version,
        title=content.title,
    )
    # Files a version owns (images, a CSV shot list), for the adapter to send again.
    files = {key: version.data.get(key, []) for key in ("images", "files")}
    data = {"version": version, **files}
    return Reply(header, locale, kind="content", markdown=version.body, data=data)


async def owned_job(desk: Desk, user: User, job_id: str) -> Job:
    """Return the user's job ``job_id``; another user's job is reported as not found."""
    job = await desk.store.get_job(job_id.strip().lower())
    if job is None or job.user_id != user.id:
        raise NotFoundError(job_id, item_id=job_id[:40])
    return job


async def visible_job(desk: Desk, origin: Origin, user: User, job_id: str) -> Job:
    """Return job ``job_id`` when the sender owns it or is an admin; else raise NotFoundError."""
    if not is_admin(desk.settings, origin):
        return await owned_job(desk, user, job_id)
    job = await desk.store.get_job(job_id.strip().lower())
    if job is None:
        raise NotFoundError(job_id, item_id=job_id[:40])
    return job


async def request_cancel(store: SqliteStore, queue: JobQueue, job_id: str, wait_s: float) -> bool:
    """Cancel a pending or running job; returns False when it had already ended.

    The record is marked ``cancelled`` first, so a worker that finishes the
    job anyway drops its result. Then the queue is asked to stop it (arq's
    abort closes the model stream); when Redis is down the record alone
    keeps the result from being posted.
    """
    if not await store.cancel_job(job_id):
        return False

    abort = getattr(queue, "abort", None)
    if abort is None:
        return True
    try:
        stopped = await abort(job_id, wait_s)
    except QueueUnavailableError as error:
        logger.warning(
            "job %s cancelled in the store, but the queue is unavailable: %s", job_id, error
        )
        return True
    logger.info("job %s cancelled: stopped within %.1fs=%s", job_id, wait_s, stopped)
    return True


def format_job_line(job: Job, locale: str) -> str:
    """Return one line with a job's id, kind, status, progress, age and elapsed time."""
    elapsed = ""
    if job.elapsed_s is not None and job.is_final:
        elapsed = t("job.elapsed", locale, seconds=f"{job.elapsed_s:.1f}")
    return t(
        "job.status_line",
        locale,
        job_id=job.id,
        kind=t(f"kind.{job.kind}", locale),
        status=t(f"status.{job.status}", locale),
        progress=job.progress,
        age=format_age(time.time() - job.created_at, locale),
        elapsed=elapsed,
    )


def format_age(seconds: float, locale: str) -> str:
    """Return a short age such as ``5m`` or ``5分钟``."""
    units = (("d", "天", 86400), ("h", "小时", 3600), ("m", "分钟", 60), ("s", "秒", 1))
    for en, zh, size in units:
        if seconds >= size or size == 1:
            count = int(seconds // size)
            return f"{count}{zh}" if locale == "zh-CN" else f"{count}{en}"
    return ""
