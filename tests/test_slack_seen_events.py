"""The seen-events table that makes a redelivered Slack event a no-op."""

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
