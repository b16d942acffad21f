"""Persistence. ``open_store`` picks the backend; SQLite is the default and only one so far."""

from __future__ import annotations

from pathlib import Path

from storage.sqlite import SqliteStore, new_content_id, new_job_id

Store = SqliteStore


async def open_store(path: str | Path) -> SqliteStore:
    """Open (creating and migrating if needed) the SQLite store at ``path``."""
    return await SqliteStore(path).open()


__all__ = ["SqliteStore", "Store", "new_content_id", "new_job_id", "open_store"]
