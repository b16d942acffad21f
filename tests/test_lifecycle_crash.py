"""A worker killed mid-job, or stopped with SIGTERM: another worker finishes, one result is posted.

Real ``copydesk worker`` processes on a private Redis, a loopback model
server that streams slowly, and a loopback chat API that counts posts.
"""

from __future__ import annotations

import asyncio

from tests.fakes import Reply
from tests.lifecycle_support import Rig, wait_until

SLOW_STREAM = Reply(chunks=40, delay_s=0.25)  # about 10 s


async def test_sigkill_job_completes_on_other_worker(tmp_path, redis_url, monkeypatch) -> None:
    async with Rig(tmp_path, redis_url, monkeypatch) as rig:
        rig.fake.script([SLOW_STREAM])
        first = await rig.start_worker("worker-a")
        reply = await rig.ask("/article Crash recovery --length short")
        job_id = reply.job.id
        await wait_until(lambda: rig.model_calls() == 1, what="the first model request")

        second = await rig.start_worker("worker-b")
        await asyncio.sleep(2.5)  # longer than the lease: a renewed lease keeps it on worker A
        calls_before_kill = rig.model_calls()
        first.kill()

        job = await rig.wait_for_status(job_id, "completed", timeout_s=30)
        await wait_until(lambda: rig.chat.events("completed", job_id), what="the result post")
        await asyncio.sleep(1.0)  # time for a duplicate post to show up

        assert calls_before_kill == 1
        assert job.tries == 2
        assert rig.model_calls() == 2
        assert len(rig.chat.events("completed", job_id)) == 1
        assert job.delivered_at is not None
        assert f"job {job_id} started: kind=article try=2" in second.log()


async def test_sigterm_hands_job_back(tmp_path, redis_url, monkeypatch) -> None:
    async with Rig(tmp_path, redis_url, monkeypatch, JOBS__SHUTDOWN_GRACE_S="1") as rig:
        rig.fake.script([SLOW_STREAM])
        first = await rig.start_worker("worker-a")
        reply = await rig.ask("/article Graceful shutdown --length short")
        job_id = reply.job.id
        await wait_until(lambda: rig.model_calls() == 1, what="the first model request")

        second = await rig.start_worker("worker-b")
        exit_code = await first.terminate(timeout_s=10)

        job = await rig.wait_for_status(job_id, "completed", timeout_s=30)
        await wait_until(lambda: rig.chat.events("completed", job_id), what="the result post")
        await asyncio.sleep(1.0)

        assert exit_code == 0
        assert f"job {job_id} handed back" in first.log()
        assert f"job {job_id} started: kind=article try=2" in second.log()
        assert job.tries == 2
        assert len(rig.chat.events("completed", job_id)) == 1
