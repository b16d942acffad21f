"""Fair-use limits checked before a job is queued, from ``[limits]``.

A request over a limit is rejected with a message that names the limit and
says when it resets. Daily limits count from midnight in
``limits.timezone``. Tokens are the ones the provider reported for jobs
requested today (estimated from text length when it reported none, and
the message says how many were estimated). The budget is checked against
tokens already used, so the job that crosses it still runs; the next
request is rejected. Admins are exempt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from core.errors import CopydeskError
from core.i18n import t
from handlers.access import is_admin
from handlers.types import Origin
from storage.models import User
from storage.usage import TokenUsage

if TYPE_CHECKING:
    from core.config import Settings
    from storage import SqliteStore


class LimitExceededError(CopydeskError):
    """A request over a ``[limits]`` value; nothing was queued."""

    message_key = "limits.user_tokens"


@dataclass(frozen=True)
class Day:
    """Today in the limits time zone: its start and the next reset, as Unix seconds."""

    start: float
    reset: float
    zone: str


def today(settings: Settings, now: float) -> Day:
    """Return today's start and the next midnight in ``limits.timezone``."""
    zone = ZoneInfo(settings.limits.timezone)
    local = datetime.fromtimestamp(now, zone)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    # Adding a day to the local date then localizing again keeps DST days right.
    next_date = (midnight + timedelta(days=1)).date()
    next_midnight = datetime(next_date.year, next_date.month, next_date.day, tzinfo=zone)
    return Day(midnight.timestamp(), next_midnight.timestamp(), settings.limits.timezone)


async def enforce_limits(
    settings: Settings,
    store: SqliteStore,
    origin: Origin,
    user: User,
    locale: str,
    *,
    kind: str,
    images: int = 0,
    now: float,
) -> None:
    """Raise :class:`LimitExceededError` when this request would break a limit.

    ``images`` is how many images the request asks for (0 for text kinds).
    Admins pass every check.
    """
    if is_admin(settings, origin):
        return

    limits = settings.limits
    if limits.user_max_pending:
        active = await store.count_active_jobs(user.id)
        if active >= limits.user_max_pending:
            raise LimitExceededError(
                "too many pending jobs",
                message_key="limits.pending",
                count=active,
                limit=limits.user_max_pending,
            )

    day = today(settings, now)
    reset = _reset_params(day, now, locale)
    await _check_tokens(settings, store, origin, user, day, reset, locale)

    if images and limits.user_daily_images:
        used = await store.images_since(user.id, day.start)
        if used + images > limits.user_daily_images:
            raise LimitExceededError(
                "daily images",
                message_key="limits.images",
                used=used,
                requested=images,
                limit=limits.user_daily_images,
                **reset,
            )


async def _check_tokens(
    settings: Settings,
    store: SqliteStore,
    origin: Origin,
    user: User,
    day: Day,
    reset: dict[str, str],
    locale: str,
) -> None:
    limits = settings.limits
    if limits.user_daily_tokens:
        usage = await store.user_tokens_since(user.id, day.start)
        if usage.tokens >= limits.user_daily_tokens:
            raise LimitExceededError(
                "user daily tokens",
                message_key="limits.user_tokens",
                used=usage.tokens,
                limit=limits.user_daily_tokens,
                estimated=_estimated_note(usage, locale),
                **reset,
            )

    if limits.chat_daily_tokens and origin.chat_id is not None:
        usage = await store.chat_tokens_since(origin.platform, origin.chat_id, day.start)
        if usage.tokens >= limits.chat_daily_tokens:
            raise LimitExceededError(
                "chat daily tokens",
                message_key="limits.chat_tokens",
                used=usage.tokens,
                limit=limits.chat_daily_tokens,
                estimated=_estimated_note(usage, locale),
                **reset,
            )


def _estimated_note(usage: TokenUsage, locale: str) -> str:
    if not usage.estimated:
        return ""
    return t("limits.estimated_note", locale, estimated=usage.estimated)


def _reset_params(day: Day, now: float, locale: str) -> dict[str, Any]:
    local_reset = datetime.fromtimestamp(day.reset, ZoneInfo(day.zone))
    remaining_min = max(1, int((day.reset - now + 59) // 60))
    hours, minutes = divmod(remaining_min, 60)
    return {
        "reset": f"{local_reset:%Y-%m-%d %H:%M} {day.zone}",
        "remaining": t("limits.duration", locale, hours=hours, minutes=minutes),
    }


def requested_images(request: object) -> int:
    """Return how many images a request asks for: its ``count`` field, else 1 for image kinds."""
    count = getattr(request, "count", None)
    return int(count) if isinstance(count, int) and count > 0 else 1
