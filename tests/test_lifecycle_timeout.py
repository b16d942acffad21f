"""Per-kind time limits end a job as failed with a clear reason; transient model errors
retry the job with backoff, up to jobs.max_tries."""

from __future__ import annotations

from tests.fakes import Fail, Reply
from tests.lifecycle_support import Rig, wait_until

SLOW_STREAM = Reply(chunks=40, delay_s=0.25)  # about 10 s


async def test_time_limit_fails_job(tmp_path, redis_url, monkeypatch) -> None:
    limits = '{"article": 2}'
    async with Rig(tmp_path, redis_url, monkeypatch, JOBS__TIME_LIMIT_S=limits) as rig:
        rig.fake.script([SLOW_STREAM])
        worker = await rig.start_worker("worker")
        job_id = (await rig.ask("/article Too slow --length short")).job.id

        job = await rig.wait_for_status(job_id, "failed", timeout_s=15)
        await wait_until(lambda: rig.chat.events("failed", job_id), what="the failure post")
        await wait_until(lambda: rig.fake.broken == 1, timeout_s=3, what="the stream to close")

        assert job.error_key == "error.timeout"
        assert job.error == "The job took longer than its limit of 2 seconds and was stopped."
        assert 1.9 <= job.elapsed_s < 5
        assert rig.fake.finished == 0
        assert rig.chat.events("failed", job_id)[0]["message"] == job.error
        assert rig.chat.events("completed", job_id) == []
        assert f"job {job_id} failed: kind=article try=1" in worker.log()


async def test_transient_error_retries_job(tmp_path, redis_url, monkeypatch) -> None:
    async with Rig(tmp_path, redis_url, monkeypatch) as rig:
        rig.fake.script([Fail(503), Reply()])
        worker = await rig.start_worker("worker")
        job_id = (await rig.ask("/article Flaky model --length short")).job.id

        job = await rig.wait_for_status(job_id, "completed", timeout_s=15)
        await wait_until(lambda: rig.chat.events("completed", job_id), what="the result post")

        assert job.tries == 2
        assert rig.model_calls() == 2
        assert len(rig.chat.events("completed", job_id)) == 1
        assert rig.chat.events("failed", job_id) == []
        assert f"job {job_id} retrying: kind=article try=1" in worker.log()


async def test_transient_errors_exhaust_tries(tmp_path, redis_url, monkeypatch) -> None:
    async with Rig(tmp_path, redis_url, monkeypatch, JOBS__MAX_TRIES="2") as rig:
        rig.fake.script([Fail(503), Fail(503)])
        await rig.start_worker("worker")
        job_id = (await rig.ask("/article Always down --length short")).job.id

        job = await rig.wait_for_status(job_id, "failed", timeout_s=15)
        await wait_until(lambda: rig.chat.events("failed", job_id), what="the failure post")

        assert job.tries == 2
        assert job.error_key == "error.provider"
        assert "HTTP 503" in job.error
        assert len(rig.chat.events("failed", job_id)) == 1
