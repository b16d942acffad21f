"""The same request through the in-process queue and through Redis with a real arq worker."""

from __future__ import annotations

from collections.abc import Callable

from core.config import Settings
from handlers.desk import Desk
from handlers.types import Origin
from storage import open_store
from workers.context import build_context
from workers.queue import ArqQueue, InProcessQueue
from workers.settings import build_worker

REQUEST = "/article 人工智能在教育中的应用 --tone casual --length short --keywords 人工智能,教育"
ORIGIN = Origin(platform="console", user_id="tester")


def _comparable(output: dict) -> dict:
    return {key: value for key, value in output.items() if key != "content_id"}


async def _run_in_process(settings: Settings) -> dict:
    context = await build_context(settings)
    queue = InProcessQueue(context)
    reply = await Desk(settings, context.store, queue).handle(ORIGIN, REQUEST)
    assert reply.kind == "queued"
    assert await queue.wait(reply.job.id) == "completed"
    job = await context.store.get_job(reply.job.id)
    version = await context.store.get_version(job.content_id)
    await context.aclose()
    return {"output": _comparable(job.output), "body": version.body, "tries": job.tries}


async def _run_on_arq(settings: Settings) -> dict:
    store = await open_store(settings.storage.path)
    queue = await ArqQueue.connect(settings.queue.redis_url, settings.queue.queue_name)
    reply = await Desk(settings, store, queue).handle(ORIGIN, REQUEST)
    assert reply.kind == "queued"
    assert (await store.get_job(reply.job.id)).status == "pending"

    worker = build_worker(settings, burst=True)
    await worker.main()
    await worker.close()

    job = await store.get_job(reply.job.id)
    version = await store.get_version(job.content_id)
    await queue.aclose()
    await store.close()
    return {
        "output": _comparable(job.output),
        "body": version.body,
        "tries": job.tries,
        "status": job.status,
    }


async def test_in_process_and_arq_store_same_result(
    make_settings: Callable[..., Settings], redis_url, tmp_path
):
    local = await _run_in_process(make_settings(storage={"path": str(tmp_path / "local.db")}))
    remote = await _run_on_arq(
        make_settings(storage={"path": str(tmp_path / "arq.db")}, queue={"redis_url": redis_url})
    )
    assert remote["status"] == "completed"
    assert remote["output"] == local["output"]
    assert remote["body"] == local["body"]
    assert remote["tries"] == local["tries"] == 1


async def test_duplicate_enqueue_runs_once(
    make_settings: Callable[..., Settings], redis_url
) -> None:
    settings = make_settings(queue={"redis_url": redis_url})
    store = await open_store(settings.storage.path)
    queue = await ArqQueue.connect(redis_url, settings.queue.queue_name)
    reply = await Desk(settings, store, queue).handle(ORIGIN, REQUEST)

    assert await queue.enqueue(reply.job.id) is False
    worker = build_worker(settings, burst=True)
    await worker.main()
    jobs_run = worker.jobs_complete
    await worker.close()

    job = await store.get_job(reply.job.id)
    await queue.aclose()
    await store.close()
    assert jobs_run == 1
    assert job.tries == 1
    assert job.status == "completed"


async def test_in_process_duplicate_enqueue_is_noop(make_settings: Callable[..., Settings]) -> None:
    settings = make_settings()
    context = await build_context(settings)
    queue = InProcessQueue(context)
    reply = await Desk(settings, context.store, queue).handle(ORIGIN, REQUEST)
    assert await queue.enqueue(reply.job.id) is False
    await queue.wait(reply.job.id)
    job = await context.store.get_job(reply.job.id)
    await context.aclose()
    assert job.tries == 1


async def test_redis_down_queues_nothing(make_settings: Callable[..., Settings]) -> None:
    from core.errors import QueueUnavailableError
    from tests.conftest import free_port

    settings = make_settings(queue={"redis_url": f"redis://127.0.0.1:{free_port()}/0"})
    try:
        await ArqQueue.connect(settings.queue.redis_url, settings.queue.queue_name)
    except QueueUnavailableError as error:
        assert error.message_key == "error.queue_unavailable"
    else:
        raise AssertionError("connecting to a closed port must raise QueueUnavailableError")


async def test_queue_reconnects_after_redis_comes_back(make_settings, tmp_path, monkeypatch):
    from core.errors import QueueUnavailableError
    from tests.redis_process import free_port, start_redis, stop_redis
    from workers import queue as queue_module
    from workers.queue import ReconnectingQueue, build_queue

    monkeypatch.setattr(queue_module, "RECONNECT_INTERVAL_S", 0.0)
    port = free_port()
    settings = make_settings(queue={"redis_url": f"redis://127.0.0.1:{port}/0"})
    queue = await build_queue(settings)
    assert isinstance(queue, ReconnectingQueue)
    try:
        await queue.enqueue("early")
    except QueueUnavailableError:
        pass
    else:
        raise AssertionError("enqueue must fail while Redis is down")

    process, _ = start_redis(tmp_path, port=port)
    try:
        assert await queue.enqueue("later") is True
    finally:
        await queue.aclose()
        stop_redis(process)
