"""Redis down: adapters reply "busy" at once and keep nothing; workers reconnect."""

from __future__ import annotations

import asyncio
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from core.errors import QueueUnavailableError
from handlers.desk import Desk
from handlers.types import Origin
from storage import open_store
from tests.lifecycle_support import Rig, wait_until
from tests.redis_process import free_port, redis_command, wait_for_redis
from workers.queue import ArqQueue

BUSY_ZH = "服务繁忙，本次请求未排队。请一分钟后再试。"


@dataclass
class RedisProcess:
    """A redis-server of this test alone, so the test may stop and restart it."""

    port: int
    workdir: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            redis_command(self.port, self.workdir),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_redis(self.url)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[RedisProcess]:
    server = RedisProcess(free_port(), tmp_path)
    server.start()
    yield server
    server.stop()


async def test_redis_down_after_connect_busy(own_redis, make_settings) -> None:
    settings = make_settings(queue={"redis_url": own_redis.url})
    store = await open_store(settings.storage.path)
    queue = await ArqQueue.connect(own_redis.url, settings.queue.queue_name)
    desk = Desk(settings, store, queue)
    own_redis.stop()

    started = time.monotonic()
    reply = await desk.handle(Origin("telegram", "42", platform_locale="zh-CN"), "/article 测试")
    elapsed_s = time.monotonic() - started
    jobs = await store.list_jobs()
    await queue.aclose()
    await store.close()

    assert reply.kind == "error"
    assert reply.text == BUSY_ZH
    assert elapsed_s < 5
    assert jobs == []


async def test_connect_to_down_redis_fails_fast() -> None:
    url = f"redis://127.0.0.1:{free_port()}/0"
    started = time.monotonic()

    with pytest.raises(QueueUnavailableError):
        await ArqQueue.connect(url, "copydesk:test")

    assert time.monotonic() - started < 5


async def test_worker_survives_redis_restart(tmp_path, own_redis, monkeypatch) -> None:
    async with Rig(tmp_path, own_redis.url, monkeypatch) as rig:
        worker = await rig.start_worker("worker")
        own_redis.stop()
        await wait_until(lambda: "worker lost Redis" in worker.log(), what="the worker to notice")
        own_redis.start()
        await rig.queue.aclose()
        rig.queue = await ArqQueue.connect(own_redis.url, rig.settings.queue.queue_name)
        rig.desk = Desk(rig.settings, rig.store, rig.queue)

        job_id = (await rig.ask("/article After the restart --length short")).job.id
        job = await rig.wait_for_status(job_id, "completed", timeout_s=40)
        await wait_until(lambda: rig.chat.events("completed", job_id), what="the result post")
        await asyncio.sleep(0.5)

        assert worker.process.poll() is None
        assert len(rig.chat.events("completed", job_id)) == 1
        assert job.tries == 1
