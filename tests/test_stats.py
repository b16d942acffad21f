"""/stats and /jobs figures checked against jobs the test creates."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable

import pytest
from PIL import Image

from core.config import Settings
from handlers.desk import Desk
from handlers.stats import percentile
from handlers.types import Origin
from storage.models import Destination, Job
from workers.context import build_context
from workers.queue import InProcessQueue

ALICE = Origin("slack", "U1", display_name="Alice", platform_locale="en", chat_id="C1")
BOB = Origin("slack", "U2", display_name="Bob", platform_locale="en", chat_id="C1")
ADMIN = Origin("slack", "U9", display_name="Admin", platform_locale="en", chat_id="C1")
PRICING = {
    "currency": "USD",
    "models": {"gpt-test": {"input_per_mtok": 1.0, "output_per_mtok": 2.0}},
}


@pytest.fixture
async def desk(make_settings: Callable[..., Settings]) -> AsyncIterator[Desk]:
    settings = make_settings(pricing=PRICING, access={"admins": ["slack:U9"]})
    context = await build_context(settings)
    queue = InProcessQueue(context)
    desk = Desk(settings, context.store, queue)
    await _seed(desk)
    yield desk
    await queue.aclose()
    await context.aclose()


async def _add(
    desk: Desk,
    origin: Origin,
    job_id: str,
    kind: str,
    status: str,
    *,
    seconds: float = 0,
    prompt: int = 0,
    completion: int = 0,
    model: str = "gpt-test",
    estimated: bool = False,
    offline: bool = False,
    age_s: float = 3600,
) -> None:
    user = await desk.store.upsert_user(origin.platform, origin.user_id, origin.display_name)
    created = time.time() - age_s
    finished = status in ("completed", "failed", "cancelled")
    await desk.store.create_job(
        Job(
            id=job_id,
            kind=kind,
            status=status,
            user_id=user.id,
            created_at=created,
            started_at=created + 1,
            finished_at=created + 1 + seconds if finished else None,
            tokens_prompt=prompt,
            tokens_completion=completion,
            tokens_estimated=estimated,
            output={"model": model, "offline": offline} if status == "completed" else None,
            destination=Destination(platform=origin.platform, chat_id=origin.chat_id),
        )
    )


async def _seed(desk: Desk) -> None:
    for index, seconds in enumerate((10, 20, 30, 40, 100)):
        await _add(
            desk,
            ALICE,
            f"a{index}",
            "article",
            "completed",
            seconds=seconds,
            prompt=10_000,
            completion=5_000,
        )
    await _add(
        desk,
        ALICE,
        "a5",
        "post",
        "completed",
        seconds=5,
        prompt=200,
        completion=100,
        model="mystery",
    )
    await _add(
        desk,
        ALICE,
        "a6",
        "post",
        "completed",
        seconds=5,
        prompt=30,
        completion=20,
        model="offline",
        estimated=True,
        offline=True,
    )
    await _add(desk, ALICE, "a7", "article", "failed", seconds=3)
    await _add(desk, ALICE, "a8", "article", "cancelled", seconds=1)
    await _add(desk, ALICE, "old", "article", "completed", seconds=1, prompt=9, age_s=40 * 86400)
    await _add(desk, BOB, "b0", "script", "completed", seconds=50, prompt=1_000_000)
    await _add(desk, BOB, "b1", "script", "pending")


async def test_user_stats_figures(desk: Desk) -> None:
    reply = await desk.handle(ALICE, "/stats")
    summary = reply.data["summary"]

    assert summary.jobs == 9
    assert dict(summary.by_status) == {"completed": 7, "failed": 1, "cancelled": 1}
    assert dict(summary.by_kind) == {"article": 7, "post": 2}
    assert summary.success_rate == pytest.approx(7 / 8)
    assert summary.average_s == pytest.approx((10 + 20 + 30 + 40 + 100 + 5 + 5) / 7)
    assert summary.p90_s == 100
    assert summary.tokens == 5 * 15_000 + 300 + 50
    assert summary.estimated_tokens == 50
    assert summary.cost == pytest.approx(5 * (0.01 + 0.01))
    assert summary.unpriced_tokens == 300


async def test_user_stats_text(desk: Desk) -> None:
    reply = await desk.handle(ALICE, "/stats --days 7")
    lines = reply.text.splitlines()

    assert lines[0] == "Your jobs in the last 7 days: 9"
    assert lines[1] == "By status: completed 7, failed 1, cancelled 1"
    assert lines[3] == "Success rate (completed / completed + failed): 88%"
    assert lines[4] == "Processing time of completed jobs: average 30.0 s, p90 100.0 s"
    assert lines[5] == "Tokens used: 75350 (50 estimated)"
    assert lines[6] == "Estimated cost: 0.1000 USD"
    assert lines[7].startswith("300 tokens are from models without a price")


async def test_admin_sees_team(desk: Desk) -> None:
    reply = await desk.handle(ADMIN, "/stats --days 60")
    summary = reply.data["summary"]

    assert reply.text.splitlines()[0] == "Team jobs in the last 60 days: 12"
    assert summary.by_kind["script"] == 2
    assert summary.by_status["pending"] == 1
    assert summary.cost == pytest.approx(5 * 0.02 + 1.0 + 9 / 1_000_000)


async def test_stats_chart_attached(desk: Desk) -> None:
    reply = await desk.handle(ALICE, "/stats")
    files = reply.data["files"]

    assert len(files) == 1
    with Image.open(files[0]) as chart:
        assert chart.format == "PNG"
        assert chart.size == (1200, 675)


async def test_stats_in_chinese(desk: Desk) -> None:
    origin = Origin("slack", "U1", platform_locale="zh-CN", chat_id="C1")

    reply = await desk.handle(origin, "/stats")

    assert reply.text.splitlines()[0] == "你的最近 7 天的任务：9 个"
    assert "按状态：已完成 7，失败 1，已取消 1" in reply.text
    with Image.open(reply.data["files"][0]) as chart:
        assert chart.format == "PNG"


async def test_jobs_filters(desk: Desk) -> None:
    reply = await desk.handle(ALICE, "/jobs --status failed --kind article")

    assert [job.id for job in reply.data["jobs"]] == ["a7"]


async def test_jobs_team_for_admin(desk: Desk) -> None:
    mine = await desk.handle(BOB, "/jobs")
    team = await desk.handle(ADMIN, "/jobs --kind script")

    assert {job.id for job in mine.data["jobs"]} == {"b0", "b1"}
    assert {job.id for job in team.data["jobs"]} == {"b0", "b1"}
    assert all(line.startswith("Bob  ") for line in team.text.splitlines())


async def test_stats_days_bounds(desk: Desk) -> None:
    reply = await desk.handle(ALICE, "/stats --days 400")

    assert reply.kind == "usage"


def test_percentile_nearest_rank() -> None:
    assert percentile([], 0.9) is None
    assert percentile([5.0], 0.9) == 5.0
    assert percentile([float(n) for n in range(1, 11)], 0.9) == 9.0
    assert percentile([float(n) for n in range(1, 12)], 0.9) == 10.0
