"""Store methods of the job lifecycle, and store writes interrupted by cancellation."""

from __future__ import annotations

import asyncio
import time

from storage import SqliteStore
from storage.models import Job


async def _running_job(store: SqliteStore, job_id: str = "j1") -> Job:
    user = await store.upsert_user("console", "alice")
    await store.create_job(Job(id=job_id, kind="article", user_id=user.id))
    job = await store.start_job(job_id)
    assert job is not None
    return job


async def test_cancelled_write_leaves_store_usable(store: SqliteStore) -> None:
    await _running_job(store)

    for round_number in range(200):

        async def keep_writing() -> None:
            while True:
                await store.set_progress("j1", 50)

        task = asyncio.create_task(keep_writing())
        await asyncio.sleep(0.0005 * (round_number % 7))
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

        assert await store.set_progress("j1", round_number % 100)


async def test_requeue_only_running(store: SqliteStore) -> None:
    await _running_job(store)

    assert await store.requeue_job("j1")
    assert not await store.requeue_job("j1")
    job = await store.get_job("j1")
    assert job.status == "pending"
    assert job.progress == 0


async def test_heartbeat_marks_live_jobs(store: SqliteStore) -> None:
    await _running_job(store, "j1")
    await _running_job(store, "j2")
    await store.cancel_job("j2")

    renewed = await store.heartbeat_jobs(["j1", "j2"])
    unfinished = await store.list_unfinished_jobs(created_before=time.time() + 1)

    assert renewed == 1
    assert [item.job.id for item in unfinished] == ["j1"]
    assert unfinished[0].heartbeat_at is not None


async def test_undelivered_lists_final_only(store: SqliteStore) -> None:
    await _running_job(store, "j1")
    await _running_job(store, "j2")
    await _running_job(store, "j3")
    await store.fail_job("j1", "broken")
    await store.cancel_job("j2")
    await store.claim_delivery("j2")
    now = time.time()

    undelivered = await store.list_undelivered_jobs(
        finished_before=now + 1, finished_after=now - 60
    )

    assert [job.id for job in undelivered] == ["j1"]


async def test_reads_and_writes_from_two_connections(tmp_path) -> None:
    from storage import open_store

    worker = await open_store(tmp_path / "shared.db")
    adapter = await open_store(tmp_path / "shared.db")
    user = await worker.upsert_user("console", "alice")
    for index in range(10):
        await worker.create_job(Job(id=f"w{index}", kind="article", user_id=user.id))
        await worker.start_job(f"w{index}")
    stop_at = time.monotonic() + 1.5

    async def read_then_write(job_id: str) -> None:
        while time.monotonic() < stop_at:
            await worker.get_job(job_id)
            await worker.set_progress(job_id, 10)

    async def queue_jobs() -> None:
        count = 0
        while time.monotonic() < stop_at:
            count += 1
            await adapter.create_job(Job(id=f"a{count}", kind="article", user_id=user.id))

    outcomes = await asyncio.gather(
        *(read_then_write(f"w{index}") for index in range(10)),
        queue_jobs(),
        return_exceptions=True,
    )
    await worker.close()
    await adapter.close()

    assert [outcome for outcome in outcomes if outcome is not None] == []
