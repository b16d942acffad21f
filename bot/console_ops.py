"""Operator subcommands: ``copydesk health``, ``copydesk cancel <id>``, ``copydesk stats``.

The operator runs these on the host with the config and database at hand,
so ``cancel`` may cancel any job and ``stats`` shows the whole team.
Messages are in ``app.default_locale``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from core.config import Settings
from core.errors import NotFoundError
from core.i18n import t

EXIT_OK, EXIT_FAILED = 0, 1


def add_parsers(commands: argparse._SubParsersAction) -> None:
    """Add the health, cancel and stats subcommands to the ``copydesk`` parser."""
    commands.add_parser(
        "health", help="check Redis, the database and worker heartbeats; exit 1 when one fails"
    )

    cancel = commands.add_parser("cancel", help="cancel a pending or running job")
    cancel.add_argument("job_id", help="the job id shown by `copydesk jobs`")

    stats = commands.add_parser("stats", help="team job figures and a chart of jobs per day")
    stats.add_argument(
        "--days", type=int, default=7, help="days to cover, 1-365 (default: %(default)s)"
    )
    stats.add_argument(
        "--out", default="copydesk-out", help="directory for the chart (default: %(default)s)"
    )


async def run_health(settings: Settings, args: argparse.Namespace) -> int:
    """Print one line per checked part and a verdict; returns 1 when any part failed."""
    from workers.health import check_health

    locale = settings.app.default_locale
    checks = await check_health(settings, locale)
    for check in checks:
        print(check.line(locale))

    failed = [check.part for check in checks if not check.ok]
    if failed:
        print(t("lifecycle.health_unhealthy", locale, parts=", ".join(failed)), file=sys.stderr)
        return EXIT_FAILED
    print(t("lifecycle.health_all_ok", locale))
    return EXIT_OK


async def run_cancel(settings: Settings, args: argparse.Namespace) -> int:
    """Cancel a job as the operator; returns 1 when it is unknown or already ended."""
    from handlers.manage import request_cancel
    from storage import open_store
    from workers.queue import ArqQueue, JobQueue

    locale = settings.app.default_locale
    job_id = args.job_id.strip().lower()
    store = await open_store(settings.storage.path)
    queue: JobQueue | None = None
    try:
        job = await store.get_job(job_id)
        if job is None:
            raise NotFoundError(job_id, item_id=job_id[:40])
        if settings.queue.redis_url:
            queue = await ArqQueue.connect(settings.queue.redis_url, settings.queue.queue_name)
        if not await request_cancel(store, queue, job.id, settings.jobs.cancel_wait_s):
            status = t(f"status.{job.status}", locale)
            print(t("job.not_cancellable", locale, job_id=job.id, status=status), file=sys.stderr)
            return EXIT_FAILED
    finally:
        if queue is not None:
            await queue.aclose()
        await store.close()

    print(t("job.cancelled", locale, job_id=job_id))
    return EXIT_OK


async def run_stats(settings: Settings, args: argparse.Namespace) -> int:
    """Print the team's figures for ``--days`` and save the chart under ``--out``."""
    from handlers.stats import MAX_DAYS, format_summary, load_summary, render_chart
    from storage import open_store

    locale = settings.app.default_locale
    if not 1 <= args.days <= MAX_DAYS:
        message = t(
            "usage.bad_number", locale, flag="--days", value=args.days, minimum=1, maximum=MAX_DAYS
        )
        print(f"copydesk: {message}", file=sys.stderr)
        return 2
    days = args.days
    now = time.time()
    store = await open_store(settings.storage.path)
    try:
        summary = await load_summary(settings, store, None, days, now)
    finally:
        await store.close()

    print(format_summary(summary, settings, locale, team=True))
    path = Path(args.out) / f"stats-team-{int(now)}.png"
    render_chart(summary, locale, path, team=True)
    print(path)
    return EXIT_OK
