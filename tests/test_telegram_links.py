"""The message links that let a reply to a posted result ask for a revision."""

from __future__ import annotations

import time

import pytest

from storage import SqliteStore
from storage.models import ContentVersion, Job


async def _content(store: SqliteStore) -> str:
    user = await store.upsert_user("telegram", "7")
    job = Job(id="j1", kind="article", user_id=user.id)
    await store.create_job(job)
    await store.start_job(job.id)
    version = ContentVersion(
        content_id="cabc", version=0, body="# T\n\nbody", created_at=time.time()
    )
    await store.complete_job(
        job.id,
        output={"markdown": "x"},
        tokens_prompt=1,
        tokens_completion=1,
        tokens_estimated=False,
        version=version,
        title="T",
        kind="article",
        user_id=user.id,
    )
    return "cabc"


async def test_link_message_found(store: SqliteStore) -> None:
    content_id = await _content(store)
    await store.link_message("telegram", "-100", "55", content_id, version=1, job_id="j1")
    assert await store.find_linked_content("telegram", "-100", "55") == content_id


async def test_link_message_other_chat_missing(store: SqliteStore) -> None:
    content_id = await _content(store)
    await store.link_message("telegram", "-100", "55", content_id)
    assert await store.find_linked_content("telegram", "-200", "55") is None
    assert await store.find_linked_content("slack", "-100", "55") is None


async def test_link_message_repeat_replaces(store: SqliteStore) -> None:
    content_id = await _content(store)
    await store.link_message("telegram", "1", "2", content_id, version=1)
    await store.link_message("telegram", "1", "2", content_id, version=2)
    assert await store.find_linked_content("telegram", "1", "2") == content_id


async def test_link_message_unknown_content_rejected(store: SqliteStore) -> None:
    import sqlite3

    with pytest.raises(sqlite3.IntegrityError):
        await store.link_message("telegram", "1", "2", "cmissing")
