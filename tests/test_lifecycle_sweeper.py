"""The sweeper restores jobs that Redis lost, fails the ones it cannot resume, and posts
outcomes that were never posted."""

from __future__ import annotations

import time

import redis.asyncio as redis_async

from tests.fakes import Reply
from tests.lifecycle_support import Rig, wait_until
from workers.context import build_context
from workers.sweeper import sweep_once

STEADY_STREAM = Reply(chunks=4, delay_s=0.25)  # about 1 s per job


async def test_flush_restores_pending_jobs(tmp_path, redis_url, monkeypatch) -> None:
    async with Rig(tmp_path, redis_url, monkeypatch, QUEUE__MAX_JOBS="1") as rig:
        rig.fake.script([STEADY_STREAM] * 3)
        worker = await rig.start_worker("worker")
        job_ids = [
            (await rig.ask(f"/article Flush test {n} --length short")).job.id for n in range(3)
        ]
        await wait_until(lambda: rig.model_calls() == 1, what="the first job to start")

        client = redis_async.Redis.from_url(redis_url)
        await client.flushall()
        await client.aclose()

        jobs = [await rig.wait_for_status(job_id, "completed", timeout_s=30) for job_id in job_ids]
        await rig.fake.stop()  # a duplicate run after this would fail, not pass unseen
        await wait_until(lambda: "requeued by the sweeper" in worker.log(), what="a sweeper log")
        # The store says "completed" just before the result is posted, so wait for the posts.
        await wait_until(
            lambda: all(rig.chat.events("completed", job_id) for job_id in job_ids),
            what="every result to be posted",
        )

        assert [job.status for job in jobs] == ["completed"] * 3
        assert [job.tries for job in jobs] == [1, 1, 1]
        assert rig.model_calls() == 3
        for job_id in job_ids:
            assert len(rig.chat.events("completed", job_id)) == 1


async def test_sweep_fails_job_too_old(tmp_path, redis_url, monkeypatch) -> None:
    async with Rig(tmp_path, redis_url, monkeypatch, JOBS__RESUME_MAX_AGE_S="60") as rig:
        reply = await rig.ask("/article Lost long ago --length short")
        job_id = reply.job.id
        await rig.store.db.execute(
            "UPDATE jobs SET created_at = ? WHERE id = ?", (time.time() - 3600, job_id)
        )
        await rig.store.db.commit()
        client = redis_async.Redis.from_url(redis_url)
        await client.flushall()

        context = await build_context(rig.settings)
        report = await sweep_once(client, context, rig.settings.queue.queue_name)
        await context.aclose()
        await client.aclose()
        job = await rig.store.get_job(job_id)

        assert report.failed == [job_id]
        assert report.requeued == []
        assert job.status == "failed"
        assert job.error_key == "lifecycle.lost_too_old"
        assert "too old to resume" in job.error
        assert len(rig.chat.events("failed", job_id)) == 1


async def test_sweep_requeues_lost_job_once(tmp_path, redis_url, monkeypatch) -> None:
    async with Rig(tmp_path, redis_url, monkeypatch) as rig:
        reply = await rig.ask("/article Lost in a flush --length short")
        client = redis_async.Redis.from_url(redis_url)
        await client.flushall()

        context = await build_context(rig.settings)
        first = await sweep_once(rig.queue.pool, context, rig.settings.queue.queue_name)
        second = await sweep_once(rig.queue.pool, context, rig.settings.queue.queue_name)
        await context.aclose()
        queued = await client.zrange(rig.settings.queue.queue_name, 0, -1)
        await client.aclose()

        assert first.requeued == [reply.job.id]
        assert second.requeued == []
        assert queued == [reply.job.id.encode()]


async def test_outbox_posts_undelivered_outcome(tmp_path, redis_url, monkeypatch) -> None:
    async with Rig(tmp_path, redis_url, monkeypatch) as rig:
        reply = await rig.ask("/article Never announced --length short")
        job_id = reply.job.id
        assert await rig.store.cancel_job(job_id)
        await rig.store.db.execute(
            "UPDATE jobs SET finished_at = ? WHERE id = ?", (time.time() - 60, job_id)
        )
        await rig.store.db.commit()

        context = await build_context(rig.settings)
        first = await sweep_once(rig.queue.pool, context, rig.settings.queue.queue_name)
        second = await sweep_once(rig.queue.pool, context, rig.settings.queue.queue_name)
        await context.aclose()

        assert first.posted == [job_id]
        assert second.posted == []
        assert len(rig.chat.events("cancelled", job_id)) == 1
