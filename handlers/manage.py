"""Commands that manage jobs, contents and settings: help, lang, jobs, status, cancel,
revise, history, show."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from core.errors import NotFoundError, UsageError
from core.grammar import ParsedCommand
from core.i18n import catalogue, parse_locale, t
from handlers.types import Origin, Reply
from storage.models import Job, User

if TYPE_CHECKING:
    from handlers.desk import Desk

Handler = Callable[["Desk", Origin, User, str, ParsedCommand], Awaitable[Reply]]
HANDLERS: dict[str, Handler] = {}
JOBS_LISTED = 10


def handler(name: str) -> Callable[[Handler], Handler]:
    def decorate(function: Handler) -> Handler:
        HANDLERS[name] = function
        return function

    return decorate


@handler("help")
async def show_help(desk: Desk, origin: Origin, user: User, locale: str, command: ParsedCommand) -> Reply:
    topic = command.positional.lstrip("/").lower()
    if topic and f"usage.{topic}" in catalogue():
        return Reply(t(f"usage.{topic}", locale), locale)
    return Reply(t("help.text", locale), locale)


@handler("lang")
async def set_language(desk: Desk, origin: Origin, user: User, locale: str, command: ParsedCommand) -> Reply:
    if not command.positional:
        return Reply(t("lang.current", locale), locale)
    chosen = parse_locale(command.positional)
    if chosen is None:
        raise UsageError(
            "bad locale", message_key="usage.bad_choice", flag="/lang", value=command.positional[:20],
            allowed="zh-CN, en", command="lang",
        )
    await desk.store.set_user_locale(user.id, chosen)
    return Reply(t("lang.set", chosen), chosen)


@handler("jobs")
async def list_jobs(desk: Desk, origin: Origin, user: User, locale: str, command: ParsedCommand) -> Reply:
    jobs = await desk.store.list_jobs(
        user_id=user.id, status=command.values.get("status"), kind=command.values.get("kind"),
        limit=JOBS_LISTED,
    )
    if not jobs:
        return Reply(t("job.none", locale), locale)
    return Reply("\n".join(format_job_line(job, locale) for job in jobs), locale, data={"jobs": jobs})


@handler("status")
async def job_status(desk: Desk, origin: Origin, user: User, locale: str, command: ParsedCommand) -> Reply:
    job = await owned_job(desk, user, command.positional)
    lines = [format_job_line(job, locale)]
    if job.status == "failed" and job.error:
        lines.append(job.error)
    if job.content_id:
        lines.append(t("job.content_line", locale, content_id=job.content_id))
    return Reply("\n".join(lines), locale, job=job)


@handler("cancel")
async def cancel_job(desk: Desk, origin: Origin, user: User, locale: str, command: ParsedCommand) -> Reply:
    job = await owned_job(desk, user, command.positional)
    if job.is_final or not await desk.store.cancel_job(job.id):
        status = t(f"status.{job.status}", locale)
        return Reply(t("job.not_cancellable", locale, job_id=job.id, status=status), locale, kind="error")
    await _stop_running(desk, job.id)
    return Reply(t("job.cancelled", locale, job_id=job.id), locale, job=job)


@handler("revise")
async def revise(desk: Desk, origin: Origin, user: User, locale: str, command: ParsedCommand) -> Reply:
    content_id, _, instruction = command.positional.partition(" ")
    if not instruction.strip():
        raise UsageError("missing instruction", message_key="usage.missing_positional",
                         command="revise", what="text")
    return await desk._queue_revision(origin, user, locale, content_id, instruction)


@handler("history")
async def history(desk: Desk, origin: Origin, user: User, locale: str, command: ParsedCommand) -> Reply:
    content = await desk.store.get_content(command.positional)
    if content is None or content.user_id != user.id:
        raise NotFoundError(command.positional, item_id=command.positional[:40])
    versions = await desk.store.list_versions(content.id)
    lines = [f"{content.id}  {content.title}"]
    for version in versions:
        created = time.strftime("%Y-%m-%d %H:%M", time.localtime(version.created_at))
        lines.append(t("job.version_line", locale, version=version.version, created=created,
                       summary=version.summary or "—"))
    return Reply("\n".join(lines), locale, data={"versions": versions})


@handler("show")
async def show(desk: Desk, origin: Origin, user: User, locale: str, command: ParsedCommand) -> Reply:
    content = await desk.store.get_content(command.positional)
    if content is None or content.user_id != user.id:
        raise NotFoundError(command.positional, item_id=command.positional[:40])
    version = await desk.store.get_version(content.id, command.values.get("version"))
    if version is None:
        raise NotFoundError(command.positional, item_id=f"{content.id} v{command.values.get('version')}")
    header = t("job.show_header", locale, content_id=content.id, version=version.version, title=content.title)
    return Reply(header, locale, kind="content", markdown=version.body, data={"version": version})


async def owned_job(desk: Desk, user: User, job_id: str) -> Job:
    """Return the user's job ``job_id``; another user's job is reported as not found."""
    job = await desk.store.get_job(job_id.strip().lower())
    if job is None or job.user_id != user.id:
        raise NotFoundError(job_id, item_id=job_id[:40])
    return job


async def _stop_running(desk: Desk, job_id: str) -> None:
    from workers.queue import InProcessQueue

    if isinstance(desk.queue, InProcessQueue):
        task = desk.queue.task(job_id)
        if task is not None and not task.done():
            task.cancel()


def format_job_line(job: Job, locale: str) -> str:
    """Return one line with a job's id, kind, status, progress, age and elapsed time."""
    elapsed = ""
    if job.elapsed_s is not None and job.is_final:
        elapsed = t("job.elapsed", locale, seconds=f"{job.elapsed_s:.1f}")
    return t(
        "job.status_line", locale, job_id=job.id, kind=t(f"kind.{job.kind}", locale),
        status=t(f"status.{job.status}", locale), progress=job.progress,
        age=format_age(time.time() - job.created_at, locale), elapsed=elapsed,
    )


def format_age(seconds: float, locale: str) -> str:
    """Return a short age such as ``5m`` or ``5分钟``."""
    units = (("d", "天", 86400), ("h", "小时", 3600), ("m", "分钟", 60), ("s", "秒", 1))
    for en, zh, size in units:
        if seconds >= size or size == 1:
            count = int(seconds // size)
            return f"{count}{zh}" if locale == "zh-CN" else f"{count}{en}"
    return ""
