"""Posting a result retries transient chat API errors and never posts twice."""

from __future__ import annotations

import asyncio

import pytest

from storage.models import Destination, Job
from tests.lifecycle_support import PLATFORM, ChatApiError, Rig, wait_until
from workers.context import build_context
from workers.outcome import DeliveryPending, deliver_outcome, is_transient, retry_after_s


async def test_chat_429_twice_posts_once(tmp_path, redis_url, monkeypatch) -> None:
    async with Rig(tmp_path, redis_url, monkeypatch) as rig:
        rig.chat.fail("completed", [429, 429])
        worker = await rig.start_worker("worker")
        job_id = (await rig.ask("/article Rate limited chat --length short")).job.id

        await wait_until(lambda: rig.chat.events("completed", job_id), what="the result post")
        await asyncio.sleep(1.0)
        job = await rig.store.get_job(job_id)

        assert rig.chat.rejected["completed"] == 2
        assert len(rig.chat.events("completed", job_id)) == 1
        assert job.status == "completed"
        assert job.delivered_at is not None
        assert "posting the outcome failed (try 2 of 5" in worker.log()


async def test_chat_down_releases_claim(tmp_path, redis_url, monkeypatch) -> None:
    async with Rig(tmp_path, redis_url, monkeypatch, JOBS__DELIVERY_TRIES="2") as rig:
        rig.chat.fail("failed", [503, 503, 503])
        job = await _failed_job(rig)
        context = await build_context(rig.settings)

        with pytest.raises(DeliveryPending):
            await deliver_outcome(context, job)
        released = await rig.store.get_job(job.id)
        posted_later = await deliver_outcome(context, job)
        again = await deliver_outcome(context, job)
        await context.aclose()

        assert released.delivered_at is None
        assert rig.chat.rejected["failed"] == 3
        assert posted_later is True
        assert again is False
        assert len(rig.chat.events("failed", job.id)) == 1


async def test_permanent_chat_error_not_retried(tmp_path, redis_url, monkeypatch) -> None:
    async with Rig(tmp_path, redis_url, monkeypatch) as rig:
        rig.chat.fail("failed", [403])
        job = await _failed_job(rig)
        context = await build_context(rig.settings)

        posted = await deliver_outcome(context, job)
        again = await deliver_outcome(context, job)
        await context.aclose()

        assert posted is False
        assert again is False
        assert rig.chat.rejected["failed"] == 1
        assert rig.chat.events("failed", job.id) == []


async def _failed_job(rig: Rig) -> Job:
    user = await rig.store.upsert_user(PLATFORM, "owner")
    job = Job(
        id="deadbeef",
        kind="article",
        user_id=user.id,
        destination=Destination(platform=PLATFORM, chat_id="chat-1"),
    )
    await rig.store.create_job(job)
    await rig.store.fail_job(job.id, "It broke.")
    stored = await rig.store.get_job(job.id)
    assert stored is not None
    return stored


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (ChatApiError(429, 1.5), True),
        (ChatApiError(502, None), True),
        (ChatApiError(400, None), False),
        (ChatApiError(403, None), False),
        (ConnectionResetError("reset"), True),
        (TimeoutError(), True),
        (ValueError("bad"), False),
    ],
)
def test_is_transient_cases(error: Exception, expected: bool) -> None:
    assert is_transient(error) is expected


def test_retry_after_read_from_error() -> None:
    assert retry_after_s(ChatApiError(429, 1.5)) == 1.5
    assert retry_after_s(ChatApiError(500, None)) is None
