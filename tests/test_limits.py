"""Fair-use limits and access lists, checked in the desk before anything is queued."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from core.config import Settings
from handlers.desk import Desk
from handlers.limits import today
from handlers.types import Origin
from storage.models import Destination, Job
from workers.context import build_context
from workers.queue import InProcessQueue

ALICE = Origin("telegram", "1", platform_locale="en", chat_id="-100")
BOB = Origin("telegram", "2", platform_locale="en", chat_id="-100")
BOSS = Origin("telegram", "9", platform_locale="en", chat_id="-100")
LIMITS = {
    "user_daily_tokens": 100,
    "chat_daily_tokens": 1000,
    "user_max_pending": 2,
    "user_daily_images": 3,
}


@pytest.fixture
async def desk(make_settings: Callable[..., Settings]) -> AsyncIterator[Desk]:
    settings = make_settings(limits=LIMITS, access={"admins": ["telegram:9"]})
    context = await build_context(settings)
    queue = InProcessQueue(context)
    yield Desk(settings, context.store, queue)
    await queue.aclose()
    await context.aclose()


async def _used(
    desk: Desk,
    origin: Origin,
    tokens: int,
    *,
    kind: str = "article",
    status: str = "completed",
    estimated: bool = False,
    params: dict | None = None,
    created_at: float | None = None,
) -> None:
    user = await desk.store.upsert_user(origin.platform, origin.user_id)
    count = len(await desk.store.list_jobs(limit=1000))
    await desk.store.create_job(
        Job(
            id=f"used{count:04d}",
            kind=kind,
            status=status,
            user_id=user.id,
            tokens_prompt=tokens // 2,
            tokens_completion=tokens - tokens // 2,
            tokens_estimated=estimated,
            params=params or {},
            created_at=created_at or time.time(),
            destination=Destination(platform=origin.platform, chat_id=origin.chat_id),
        )
    )


def _reset_text(desk: Desk) -> str:
    day = today(desk.settings, time.time())
    return f"{datetime.fromtimestamp(day.reset, ZoneInfo('UTC')):%Y-%m-%d %H:%M} UTC"


async def test_user_token_limit_rejects(desk: Desk) -> None:
    await _used(desk, ALICE, 120, estimated=True)
    jobs_before = len(await desk.store.list_jobs(limit=100))

    reply = await desk.handle(ALICE, "/article Over budget")

    assert reply.kind == "error"
    assert reply.data["limit"] == "limits.user_tokens"
    assert reply.text.startswith(
        "You have used 120 tokens today (120 of them estimated); your daily limit is 100. "
        f"It resets at {_reset_text(desk)} (in "
    )
    assert len(await desk.store.list_jobs(limit=100)) == jobs_before


async def test_user_under_token_limit_queued(desk: Desk) -> None:
    await _used(desk, ALICE, 99)

    reply = await desk.handle(ALICE, "/article Still fine")

    assert reply.kind == "queued"


async def test_yesterday_tokens_not_counted(desk: Desk) -> None:
    yesterday = today(desk.settings, time.time()).start - 60
    await _used(desk, ALICE, 500, created_at=yesterday)

    reply = await desk.handle(ALICE, "/article New day")

    assert reply.kind == "queued"


async def test_admin_exempt_from_limits(desk: Desk) -> None:
    await _used(desk, BOSS, 5000)
    await _used(desk, BOSS, 0, status="pending")
    await _used(desk, BOSS, 0, status="pending")

    reply = await desk.handle(BOSS, "/article Admin goes on")

    assert reply.kind == "queued"


async def test_chat_token_limit_rejects(desk: Desk) -> None:
    await _used(desk, BOB, 1000)

    reply = await desk.handle(ALICE, "/article Shared chat")

    assert reply.kind == "error"
    assert reply.data["limit"] == "limits.chat_tokens"
    assert reply.text.startswith("This chat has used 1000 tokens today; its daily limit is 1000.")


async def test_pending_limit_rejects(desk: Desk) -> None:
    await _used(desk, ALICE, 0, status="pending")
    await _used(desk, ALICE, 0, status="running")

    reply = await desk.handle(ALICE, "/article One too many")

    assert reply.kind == "error"
    assert reply.text == (
        "You already have 2 jobs waiting or running; the limit is 2. "
        "Wait for one to finish, or cancel one with /cancel <job id>."
    )


async def test_image_limit_counts_requested(desk: Desk) -> None:
    await _used(desk, ALICE, 0, kind="image", params={"count": 2})
    await _used(desk, ALICE, 0, kind="image", status="failed", params={"count": 4})

    allowed = await desk.handle(ALICE, "/image a red kite --count 1")
    rejected = await desk.handle(ALICE, "/image a blue kite --count 1")

    assert allowed.kind == "queued"
    assert rejected.kind == "error"
    assert rejected.data["limit"] == "limits.images"
    assert rejected.text.startswith(
        "You have requested 3 images today and this request asks for 1; your daily limit is 3."
    )


async def test_limit_message_in_chinese(desk: Desk) -> None:
    await _used(desk, ALICE, 150)
    origin = Origin("telegram", "1", platform_locale="zh-CN", chat_id="-100")

    reply = await desk.handle(origin, "/article 超出额度")

    assert reply.text.startswith("你今天已用 150 个 token，每日上限为 100。将于 ")
    assert reply.text.endswith("后）。")


async def test_revision_checked_too(desk: Desk) -> None:
    first = await desk.handle(ALICE, "/article Base text")
    await desk.queue.wait(first.job.id)
    content_id = (await desk.store.get_job(first.job.id)).content_id
    await _used(desk, ALICE, 500)

    reply = await desk.revise(ALICE, content_id, "shorter please")

    assert reply.kind == "error"
    assert reply.data["limit"] == "limits.user_tokens"


def test_today_in_other_zone(make_settings: Callable[..., Settings]) -> None:
    settings = make_settings(limits={"timezone": "Asia/Shanghai"})
    noon_utc = datetime(2026, 3, 1, 12, 0, tzinfo=ZoneInfo("UTC")).timestamp()

    day = today(settings, noon_utc)

    assert datetime.fromtimestamp(day.start, ZoneInfo("Asia/Shanghai")).isoformat() == (
        "2026-03-01T00:00:00+08:00"
    )
    assert day.reset - day.start == 86400


async def test_access_rejects_unlisted(make_settings: Callable[..., Settings]) -> None:
    settings = make_settings(
        access={
            "allowed_users": ["telegram:1"],
            "allowed_chats": ["slack:C1"],
            "admins": ["telegram:9"],
        }
    )
    context = await build_context(settings)
    desk = Desk(settings, context.store, InProcessQueue(context))

    stranger = await desk.handle(Origin("telegram", "2", platform_locale="zh-CN"), "/jobs")
    listed = await desk.handle(Origin("telegram", "1"), "/jobs")
    in_chat = await desk.handle(Origin("slack", "U5", chat_id="C1"), "/jobs")
    admin = await desk.handle(Origin("telegram", "9"), "/jobs")
    console = await desk.handle(Origin("console", "alice"), "/jobs")
    stranger_row = await context.store.find_user("telegram", "2")
    await context.aclose()

    assert stranger.kind == "error"
    assert stranger.data == {"denied": "access"}
    assert stranger.text == "你在这里没有 Copydesk 的使用权限。请联系管理员添加你或这个会话。"
    assert stranger_row is None
    assert listed.kind == "info"
    assert in_chat.kind == "info"
    assert admin.kind == "info"
    assert console.kind == "info"


def test_access_rejects_bad_ids(make_settings: Callable[..., Settings]) -> None:
    from core.errors import ConfigError

    with pytest.raises(ConfigError, match="platform:id"):
        make_settings(access={"admins": ["12345"]})
