"""SQLite storage: migrations, versions, and concurrent writers."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from storage import SqliteStore, new_content_id, new_job_id, open_store
from storage.migrations import MIGRATIONS
from storage.models import ContentVersion, Job


async def _running_job(store: SqliteStore, user_id: int) -> Job:
    job = await store.create_job(
        Job(id=new_job_id(), kind="article", user_id=user_id, params={"topic": "t"})
    )
    started = await store.start_job(job.id)
    assert started is not None
    return started


async def _complete(
    store: SqliteStore, job: Job, content_id: str, body: str, summary: str | None = None
):
    version = ContentVersion(
        content_id=content_id, version=0, body=body, summary=summary, created_at=0
    )
    return await store.complete_job(
        job.id,
        output={"markdown": body},
        tokens_prompt=3,
        tokens_completion=5,
        tokens_estimated=False,
        version=version,
        title="T",
        kind="article",
        user_id=job.user_id,
    )


async def test_migrates_empty_file(tmp_path: Path) -> None:
    store = await open_store(tmp_path / "new.db")
    assert await store.schema_version() == len(MIGRATIONS)
    async with store.db.execute("PRAGMA journal_mode") as cursor:
        assert (await cursor.fetchone())[0] == "wal"
    await store.close()


async def test_reopen_keeps_data_and_version(tmp_path: Path) -> None:
    path = tmp_path / "again.db"
    async with SqliteStore(path) as store:
        user = await store.upsert_user("telegram", "42", "Ann")
    async with SqliteStore(path) as store:
        assert await store.schema_version() == len(MIGRATIONS)
        again = await store.find_user("telegram", "42")
    assert again is not None
    assert again.id == user.id


async def test_upsert_user_keeps_id_and_updates_name(store: SqliteStore) -> None:
    first = await store.upsert_user("slack", "U1", "Ann")
    second = await store.upsert_user("slack", "U1", "Annie")
    unnamed = await store.upsert_user("slack", "U1")
    assert second.id == first.id
    assert second.display_name == "Annie"
    assert unnamed.display_name == "Annie"


async def test_versions_are_numbered(store: SqliteStore) -> None:
    user = await store.upsert_user("console", "me")
    content_id = new_content_id()
    first = await _complete(store, await _running_job(store, user.id), content_id, "v1 body")
    second = await _complete(
        store, await _running_job(store, user.id), content_id, "v2 body", "shorter"
    )

    assert first.output["version"] == 1
    assert second.output["version"] == 2
    versions = await store.list_versions(content_id)
    assert [v.version for v in versions] == [1, 2]
    assert versions[1].summary == "shorter"
    assert (await store.get_version(content_id)).body == "v2 body"
    assert (await store.get_version(content_id, 1)).body == "v1 body"
    assert (await store.get_content(content_id)).current_version == 2


async def test_complete_after_cancel_stores_nothing(store: SqliteStore) -> None:
    user = await store.upsert_user("console", "me")
    job = await _running_job(store, user.id)
    assert await store.cancel_job(job.id)
    content_id = new_content_id()

    assert await _complete(store, job, content_id, "late") is None
    assert await store.get_content(content_id) is None
    assert (await store.get_job(job.id)).status == "cancelled"


async def test_failed_version_insert_rolls_back_job(store: SqliteStore) -> None:
    user = await store.upsert_user("console", "me")
    job = await _running_job(store, user.id)
    version = ContentVersion(content_id=new_content_id(), version=0, body="x", created_at=0)
    with pytest.raises(sqlite3.IntegrityError):
        # A kind of None violates contents.kind NOT NULL inside the transaction.
        await store.complete_job(
            job.id,
            output={},
            tokens_prompt=0,
            tokens_completion=0,
            tokens_estimated=False,
            version=version,
            title="T",
            kind=None,
            user_id=user.id,
        )
    assert (await store.get_job(job.id)).status == "running"
    assert await store.get_content(version.content_id) is None


async def test_start_job_skips_final_jobs(store: SqliteStore) -> None:
    user = await store.upsert_user("console", "me")
    job = await _running_job(store, user.id)
    assert await store.fail_job(job.id, "boom")
    assert await store.start_job(job.id) is None
    assert not await store.fail_job(job.id, "again")


async def test_claim_delivery_once(store: SqliteStore) -> None:
    user = await store.upsert_user("console", "me")
    job = await _running_job(store, user.id)
    assert await store.claim_delivery(job.id)
    assert not await store.claim_delivery(job.id)
    await store.release_delivery(job.id)
    assert await store.claim_delivery(job.id)


async def test_concurrent_updates_from_two_connections(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    first, second = await open_store(path), await open_store(path)
    try:
        user = await first.upsert_user("console", "me")
        jobs = [await _running_job(first, user.id) for _ in range(20)]

        async def bump(store: SqliteStore, job: Job) -> None:
            for percent in range(0, 101, 10):
                await store.set_progress(job.id, percent)

        await asyncio.gather(*(bump(first if i % 2 else second, job) for i, job in enumerate(jobs)))
        # Both connections race to end the same job; exactly one wins.
        outcomes = await asyncio.gather(
            *(
                store.fail_job(job.id, f"by {name}")
                for job in jobs
                for name, store in (("first", first), ("second", second))
            )
        )
    finally:
        await first.close()
        await second.close()

    assert sum(outcomes) == len(jobs)
    async with SqliteStore(path) as store:
        final = await store.list_jobs(limit=100)
    assert all(job.progress == 100 for job in final)
    assert all(job.status == "failed" for job in final)


async def test_delete_job_keeps_started_jobs(store: SqliteStore) -> None:
    user = await store.upsert_user("console", "me")
    pending = await store.create_job(Job(id=new_job_id(), kind="article", user_id=user.id))
    running = await _running_job(store, user.id)
    await store.delete_job(pending.id)
    await store.delete_job(running.id)
    assert await store.get_job(pending.id) is None
    assert await store.get_job(running.id) is not None
