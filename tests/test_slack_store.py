"""Store methods the Slack adapter relies on: seen events and cheap user lookups."""

from __future__ import annotations

import asyncio

from storage import SqliteStore, open_store


async def test_claim_event_first_only(store: SqliteStore) -> None:
    assert await store.claim_event("slack", "Ev1") is True
    assert await store.claim_event("slack", "Ev1") is False


async def test_claim_event_per_platform(store: SqliteStore) -> None:
    assert await store.claim_event("slack", "Ev1") is True
    assert await store.claim_event("telegram", "Ev1") is True


async def test_claim_event_expired_reclaimed(store: SqliteStore) -> None:
    assert await store.claim_event("slack", "Ev1") is True
    await asyncio.sleep(0.02)
    assert await store.claim_event("slack", "Ev1", keep_s=0.01) is True


async def test_claim_event_shared_between_connections(tmp_path) -> None:
    first = await open_store(tmp_path / "shared.db")
    second = await open_store(tmp_path / "shared.db")
    try:
        assert await first.claim_event("slack", "Ev9") is True
        assert await second.claim_event("slack", "Ev9") is False
    finally:
        await first.close()
        await second.close()


async def test_upsert_user_known_writes_nothing(store: SqliteStore) -> None:
    first = await store.upsert_user("slack", "U0001", "ann")
    changes = store.db.total_changes
    again = await store.upsert_user("slack", "U0001")
    same_name = await store.upsert_user("slack", "U0001", "ann")
    assert again == first
    assert same_name == first
    assert store.db.total_changes == changes


async def test_upsert_user_new_name_stored(store: SqliteStore) -> None:
    await store.upsert_user("slack", "U0001", "ann")
    renamed = await store.upsert_user("slack", "U0001", "anna")
    assert renamed.display_name == "anna"
