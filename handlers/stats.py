"""``/stats [--days N]``: job figures for the sender, or for the whole team for admins.

The figures are jobs by status and by kind, and the success rate: completed
out of completed plus failed, leaving out cancelled and unfinished jobs.
They include the average and p90 processing time of completed jobs, from
the first start to the finish, so retries count. Last come the tokens used
(with the estimated part) and an estimated cost from ``[pricing]``. A chart
of jobs per day by kind goes with them as a PNG file in
``Reply.data["files"]``.
"""

from __future__ import annotations

import logging
import math
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from core.config import Settings
from core.grammar import CommandSpec, Flag, ParsedCommand, register
from core.i18n import t
from core.images import render_bar_chart
from handlers.access import is_admin
from handlers.types import Origin, Reply
from storage.models import User
from storage.usage import JobFigures

if TYPE_CHECKING:
    from handlers.desk import Desk
    from storage import SqliteStore

logger = logging.getLogger(__name__)

DEFAULT_DAYS = 7
MAX_DAYS = 365
# More bars than this would not be readable at the chart's 1200 px width.
CHART_MAX_DAYS = 31
STATUS_ORDER = ("completed", "failed", "cancelled", "running", "pending")

STATS = register(
    CommandSpec(name="stats", flags=(Flag("days", kind="int", minimum=1, maximum=MAX_DAYS),))
)


@dataclass
class Summary:
    """Figures over ``days`` days up to now."""

    days: int
    jobs: int = 0
    by_status: Counter[str] = field(default_factory=Counter)
    by_kind: Counter[str] = field(default_factory=Counter)
    success_rate: float | None = None
    average_s: float | None = None
    p90_s: float | None = None
    tokens: int = 0
    estimated_tokens: int = 0
    cost: float = 0.0
    unpriced_tokens: int = 0
    per_day: dict[str, dict[str, int]] = field(default_factory=dict)
    day_labels: list[str] = field(default_factory=list)


def percentile(values: list[float], share: float) -> float | None:
    """Return the nearest-rank percentile (``share`` in 0..1) of ``values``, None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def summarize(figures: list[JobFigures], settings: Settings, days: int, now: float) -> Summary:
    """Compute the figures of ``figures`` (jobs requested in the last ``days`` days)."""
    summary = Summary(days=days, jobs=len(figures))
    durations: list[float] = []
    for job in figures:
        summary.by_status[job.status] += 1
        summary.by_kind[job.kind] += 1
        tokens = job.tokens_prompt + job.tokens_completion
        summary.tokens += tokens
        summary.estimated_tokens += tokens if job.tokens_estimated else 0
        _add_cost(summary, settings, job)
        if job.status == "completed" and job.started_at and job.finished_at:
            durations.append(max(0.0, job.finished_at - job.started_at))

    ended = summary.by_status["completed"] + summary.by_status["failed"]
    if ended:
        summary.success_rate = summary.by_status["completed"] / ended
    if durations:
        summary.average_s = sum(durations) / len(durations)
        summary.p90_s = percentile(durations, 0.9)
    _count_per_day(summary, settings, figures, now)
    return summary


def _add_cost(summary: Summary, settings: Settings, job: JobFigures) -> None:
    if job.offline:
        return
    price = settings.pricing.models.get(job.model or "")
    if price is None:
        summary.unpriced_tokens += job.tokens_prompt + job.tokens_completion
        return
    summary.cost += (
        job.tokens_prompt * price.input_per_mtok + job.tokens_completion * price.output_per_mtok
    ) / 1_000_000


def first_day_start(settings: Settings, days: int, now: float) -> float:
    """Return the Unix time of midnight ``days - 1`` days before today, in ``limits.timezone``."""
    zone = ZoneInfo(settings.limits.timezone)
    first = datetime.fromtimestamp(now, zone).date() - timedelta(days=days - 1)
    return datetime(first.year, first.month, first.day, tzinfo=zone).timestamp()


def _count_per_day(
    summary: Summary, settings: Settings, figures: list[JobFigures], now: float
) -> None:
    zone = ZoneInfo(settings.limits.timezone)
    last: date = datetime.fromtimestamp(now, zone).date()
    chart_days = min(summary.days, CHART_MAX_DAYS)
    labels = [f"{last - timedelta(days=back):%m-%d}" for back in range(chart_days - 1, -1, -1)]
    summary.day_labels = labels

    known = set(labels)
    for job in figures:
        label = f"{datetime.fromtimestamp(job.created_at, zone):%m-%d}"
        if label in known:
            counts = summary.per_day.setdefault(job.kind, {})
            counts[label] = counts.get(label, 0) + 1


def format_summary(summary: Summary, settings: Settings, locale: str, *, team: bool) -> str:
    """Return the figures as plain text lines in ``locale``."""
    scope = t("stats.scope_team" if team else "stats.scope_user", locale)
    lines = [t("stats.header", locale, scope=scope, days=summary.days, jobs=summary.jobs)]
    if not summary.jobs:
        lines.append(t("stats.none", locale))
        return "\n".join(lines)

    separator = t("stats.separator", locale)
    statuses = [s for s in STATUS_ORDER if summary.by_status[s]]
    lines.append(
        t(
            "stats.by_status",
            locale,
            items=separator.join(
                f"{t(f'status.{status}', locale)} {summary.by_status[status]}"
                for status in statuses
            ),
        )
    )
    lines.append(
        t(
            "stats.by_kind",
            locale,
            items=separator.join(
                f"{_kind_name(kind, locale)} {count}"
                for kind, count in summary.by_kind.most_common()
            ),
        )
    )
    rate = "—" if summary.success_rate is None else f"{summary.success_rate:.0%}"
    lines.append(t("stats.success_rate", locale, rate=rate))
    if summary.average_s is not None and summary.p90_s is not None:
        lines.append(
            t(
                "stats.duration",
                locale,
                average=f"{summary.average_s:.1f}",
                p90=f"{summary.p90_s:.1f}",
            )
        )
    estimated = (
        t("stats.estimated_note", locale, estimated=summary.estimated_tokens)
        if summary.estimated_tokens
        else ""
    )
    lines.append(t("stats.tokens", locale, tokens=summary.tokens, estimated=estimated))
    lines.append(
        t("stats.cost", locale, cost=f"{summary.cost:.4f}", currency=settings.pricing.currency)
    )
    if summary.unpriced_tokens:
        lines.append(t("stats.unpriced", locale, tokens=summary.unpriced_tokens))
    return "\n".join(lines)


def _kind_name(kind: str, locale: str) -> str:
    from core.i18n import catalogue

    key = f"kind.{kind}"
    return t(key, locale) if key in catalogue() else kind


def render_chart(summary: Summary, locale: str, path: Path, *, team: bool) -> Path:
    """Draw jobs per day by kind as a PNG at ``path`` and return the path."""
    scope = t("stats.scope_team" if team else "stats.scope_user", locale)
    title = t("stats.chart_title", locale, scope=scope, days=len(summary.day_labels))
    png = render_bar_chart(summary.per_day, title=title, x_labels=summary.day_labels, locale=locale)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(png)
    return path


async def load_summary(
    settings: Settings, store: SqliteStore, user_id: int | None, days: int, now: float
) -> Summary:
    """Read the jobs of ``user_id`` (everyone when None) of the last ``days`` days; sum them up."""
    since = first_day_start(settings, days, now)
    figures = await store.job_figures_since(since, user_id=user_id)
    return summarize(figures, settings, days, now)


async def show_stats(
    desk: Desk, origin: Origin, user: User, locale: str, command: ParsedCommand
) -> Reply:
    """Handle ``/stats``: the sender's figures, or the team's for an admin, with a chart."""
    days = int(command.values.get("days") or DEFAULT_DAYS)
    team = is_admin(desk.settings, origin)
    now = time.time()
    summary = await load_summary(desk.settings, desk.store, None if team else user.id, days, now)

    text = format_summary(summary, desk.settings, locale, team=team)
    scope = "team" if team else f"user{user.id}"
    path = Path(desk.settings.app.data_dir) / "stats" / f"stats-{scope}-{int(now * 1000)}.png"
    files = [str(render_chart(summary, locale, path, team=team))]
    logger.info("stats for %s over %d days: %d jobs", scope, days, summary.jobs)
    return Reply(text, locale, data={"files": files, "summary": summary})
