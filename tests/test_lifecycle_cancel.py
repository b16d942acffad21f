"""/cancel stops a running job through arq's abort: the model stream closes, the job ends
cancelled, the chat gets a cancelled post, and no result is posted later."""

from __future__ import annotations

import asyncio

from tests.fakes import Reply
from tests.lifecycle_support import Rig, wait_until

SLOW_STREAM = Reply(chunks=40, delay_s=0.25)  # about 10 s


async def test_cancel_running_job_stops_stream(tmp_path, redis_url, monkeypatch) -> None:
    async with Rig(tmp_path, redis_url, monkeypatch) as rig:
        rig.fake.script([SLOW_STREAM])
        worker = await rig.start_worker("worker")
        job_id = (await rig.ask("/article Cancel me --length short")).job.id
        await wait_until(lambda: rig.model_calls() == 1, what="the model request")

        reply = await rig.ask(f"/cancel {job_id}")
        await wait_until(lambda: rig.fake.broken == 1, timeout_s=5, what="the stream to close")
        await wait_until(lambda: rig.chat.events("cancelled", job_id), what="the cancelled post")
        await asyncio.sleep(3.0)  # the stream would have gone on; nothing may be posted now
        job = await rig.store.get_job(job_id)

        assert reply.kind == "info"
        assert reply.text == f"Job {job_id} was cancelled."
        assert job.status == "cancelled"
        assert rig.fake.finished == 0
        assert rig.chat.events("completed", job_id) == []
        assert len(rig.chat.events("cancelled", job_id)) == 1
        assert f"job {job_id} cancelled: kind=article try=1" in worker.log()


async def test_cancel_by_other_user_not_found(tmp_path, redis_url, monkeypatch) -> None:
    async with Rig(tmp_path, redis_url, monkeypatch) as rig:
        job_id = (await rig.ask("/article Not yours --length short")).job.id

        reply = await rig.ask(f"/cancel {job_id}", user_id="someone-else")
        job = await rig.store.get_job(job_id)

        assert reply.kind == "error"
        assert job_id in reply.text
        assert job.status == "pending"


async def test_admin_cancels_pending_job(tmp_path, redis_url, monkeypatch) -> None:
    admins = '["testchat:boss"]'
    async with Rig(tmp_path, redis_url, monkeypatch, ACCESS__ADMINS=admins) as rig:
        job_id = (await rig.ask("/article Cancel before start --length short")).job.id

        reply = await rig.ask(f"/cancel {job_id}", user_id="boss")
        worker = await rig.start_worker("worker")
        await wait_until(lambda: "aborted before start" in worker.log(), what="arq's abort")

        assert reply.kind == "info"
        assert (await rig.store.get_job(job_id)).status == "cancelled"
        assert rig.model_calls() == 0
        assert rig.chat.events("completed", job_id) == []


async def test_cancel_finished_job_rejected(tmp_path, redis_url, monkeypatch) -> None:
    async with Rig(tmp_path, redis_url, monkeypatch) as rig:
        await rig.start_worker("worker")
        job_id = (await rig.ask("/article Already done --length short")).job.id
        await rig.wait_for_status(job_id, "completed")
        await wait_until(lambda: rig.chat.events("completed", job_id), what="the result post")

        reply = await rig.ask(f"/cancel {job_id}")

        assert reply.kind == "error"
        assert reply.text == f"Job {job_id} has already ended (completed)."
        assert len(rig.chat.events("completed", job_id)) == 1
