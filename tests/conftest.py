"""Shared fixtures: an isolated working directory, settings, a store, and a real Redis."""

from __future__ import annotations

import os
import subprocess
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from core.config import Settings, load_settings
from storage import SqliteStore, open_store
from tests.redis_process import free_port, start_redis, stop_redis, wait_for_redis

__all__ = ["free_port", "wait_for_redis"]


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run each test in its own directory with no COPYDESK_* variables from outside."""
    for name in list(os.environ):
        if name.startswith("COPYDESK_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def make_settings(tmp_path: Path) -> Callable[..., Settings]:
    """Build Settings on a store in tmp_path; keyword sections override defaults."""

    def build(**sections: dict[str, Any]) -> Settings:
        base: dict[str, dict[str, Any]] = {
            "storage": {"path": str(tmp_path / "copydesk.db")},
            "app": {"data_dir": str(tmp_path / "data")},
            "llm": {"retry_base_delay_s": 0.01},
            "queue": {"progress_interval_s": 0},
        }
        for name, values in sections.items():
            base.setdefault(name, {}).update(values)
        return load_settings(**base)

    return build


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqliteStore]:
    opened = await open_store(tmp_path / "store.db")
    yield opened
    await opened.close()


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start a private redis-server on a free loopback port for the whole session.

    Set COPYDESK_TEST_REDIS_URL to use an existing server instead; the tests
    flush it.
    """
    existing = os.environ.get("COPYDESK_TEST_REDIS_URL")
    if existing:
        yield existing
        return
    try:
        process, url = start_redis(tmp_path_factory.mktemp("redis"))
    except RuntimeError as error:
        pytest.fail(str(error))
    yield url
    stop_redis(process)


@pytest.fixture
def doomed_redis(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A private redis-server of this test alone, which the test may stop."""
    try:
        process, url = start_redis(tmp_path)
    except RuntimeError as error:
        pytest.fail(str(error))
    try:
        yield url, process
    finally:
        stop_redis(process)


@pytest.fixture
def redis_url(redis_server: str) -> str:
    """The private Redis, flushed before the test."""
    client = redis.Redis.from_url(redis_server)
    client.flushall()
    client.close()
    return redis_server
