"""Queue benchmark: Copydesk's arq path against bare arq on the same Redis, in one run.

Copydesk path: ``Desk.handle`` (parse, SQLite record, enqueue) for N article
jobs, run by a ``copydesk worker`` process on the offline provider (no model
latency). Bare arq: N enqueues of a no-op function, run by a plain arq worker
process. Both workers use max_jobs=10. Prints jobs/s, enqueue latency and
enqueue-to-finish latency (p50/p99).

    .venv/bin/python bench/queue.py --jobs 500
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file's name shadows the standard library's ``queue`` when run as a
# script, so its folder leaves sys.path before anything imports ``queue``.
ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

import argparse
import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import tempfile
import time

from arq import create_pool  # noqa: E402
from arq.connections import RedisSettings  # noqa: E402

MAX_JOBS = 10
BARE_QUEUE = "bench:bare"
# Both workers poll at Copydesk's default rate: once every slot is busy arq starts
# new jobs only at the next poll, which caps both paths at MAX_JOBS / POLL_DELAY_S.
POLL_DELAY_S = 0.05


async def noop(ctx: dict, index: int) -> int:
    return index


class BareWorkerSettings:
    functions = [noop]
    queue_name = BARE_QUEUE
    max_jobs = MAX_JOBS
    poll_delay = POLL_DELAY_S
    burst = False
    redis_settings = RedisSettings.from_dsn(
        os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379")
    )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_redis(workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    from tests.redis_process import start_redis as start_private_redis

    return start_private_redis(workdir)


async def bench_bare(redis_url: str, jobs: int) -> dict[str, float]:
    env = {**os.environ, "BENCH_REDIS_URL": redis_url, "PYTHONPATH": str(ROOT)}
    worker = subprocess.Popen(
        [sys.executable, "-m", "arq", "bench.queue.BareWorkerSettings"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    pool = await create_pool(RedisSettings.from_dsn(redis_url), default_queue_name=BARE_QUEUE)
    await asyncio.sleep(1.0)
    enqueue_ms, handles = [], []
    started = time.time()
    for index in range(jobs):
        before = time.perf_counter()
        handles.append(await pool.enqueue_job("noop", index))
        enqueue_ms.append((time.perf_counter() - before) * 1000)
    results = [await handle.result_info() for handle in handles]
    while any(result is None for result in results):
        await asyncio.sleep(0.05)
        results = [await handle.result_info() for handle in handles]
    finished = max(result.finish_time.timestamp() for result in results)
    latency_ms = [(r.finish_time - r.enqueue_time).total_seconds() * 1000 for r in results]
    worker.terminate()
    worker.wait(timeout=20)
    await pool.aclose()
    return summarize(jobs, started, finished, enqueue_ms, latency_ms)


async def bench_copydesk(redis_url: str, jobs: int, workdir: Path) -> dict[str, float]:
    from core.config import load_settings
    from handlers.desk import Desk
    from handlers.types import Origin
    from storage import open_store
    from workers.queue import ArqQueue

    db_path = workdir / "bench.db"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("COPYDESK_")},
        "COPYDESK_QUEUE__REDIS_URL": redis_url,
        "COPYDESK_STORAGE__PATH": str(db_path),
        "COPYDESK_QUEUE__MAX_JOBS": str(MAX_JOBS),
        "COPYDESK_APP__LOG_LEVEL": "WARNING",
        "COPYDESK_JOBS__POLL_DELAY_S": str(POLL_DELAY_S),
        "PYTHONPATH": str(ROOT),
    }
    settings = load_settings(
        queue={"redis_url": redis_url, "max_jobs": MAX_JOBS}, storage={"path": str(db_path)}
    )
    store = await open_store(db_path)
    worker = subprocess.Popen(
        [sys.executable, "-m", "bot.console", "worker"],
        env=env,
        cwd=workdir,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    queue = await ArqQueue.connect(redis_url, settings.queue.queue_name)
    desk = Desk(settings, store, queue)
    await asyncio.sleep(1.5)

    enqueue_ms, job_ids = [], []
    started = time.time()
    for index in range(jobs):
        origin = Origin(platform="console", user_id=f"user{index % 50}")
        before = time.perf_counter()
        reply = await desk.handle(origin, f"/article benchmark topic {index} --length short")
        enqueue_ms.append((time.perf_counter() - before) * 1000)
        job_ids.append(reply.job.id)

    deadline = time.monotonic() + 120 + jobs
    while True:
        every_job = await store.list_jobs(limit=jobs + 1)
        finished_jobs = [job for job in every_job if job.status == "completed"]
        if all(job.is_final for job in every_job) or time.monotonic() > deadline:
            break
        await asyncio.sleep(0.1)
    lost = jobs - len(finished_jobs)
    if lost:
        print(
            f"WARNING: {lost} of {jobs} Copydesk jobs did not complete:",
            sorted({job.error for job in every_job if job.status != "completed"}),
        )
    latency_ms = [(job.finished_at - job.created_at) * 1000 for job in finished_jobs]
    finished = max(job.finished_at for job in finished_jobs)
    worker.terminate()
    worker.wait(timeout=20)
    await queue.aclose()
    await store.close()
    return summarize(jobs, started, finished, enqueue_ms, latency_ms)


def summarize(
    jobs: int, started: float, finished: float, enqueue_ms: list[float], latency_ms: list[float]
) -> dict[str, float]:
    return {
        "jobs_per_s": jobs / (finished - started),
        "enqueue_p50_ms": statistics.median(enqueue_ms),
        "enqueue_p99_ms": percentile(enqueue_ms, 0.99),
        "latency_p50_ms": statistics.median(latency_ms),
        "latency_p99_ms": percentile(latency_ms, 0.99),
    }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=500)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="copydesk-bench-"))
    redis, redis_url = start_redis(workdir)
    try:
        bare = await bench_bare(redis_url, args.jobs)
        copydesk = await bench_copydesk(redis_url, args.jobs, workdir)
    finally:
        redis.terminate()
        shutil.rmtree(workdir, ignore_errors=True)

    print(
        f"jobs={args.jobs} max_jobs={MAX_JOBS} poll_delay_s={POLL_DELAY_S}"
        f" cpus={os.cpu_count()} python={sys.version.split()[0]}"
    )
    print(f"{'path':<10} {'jobs/s':>8} {'enq p50':>9} {'enq p99':>9} {'lat p50':>9} {'lat p99':>9}")
    for name, figures in (("bare arq", bare), ("copydesk", copydesk)):
        print(
            f"{name:<10} {figures['jobs_per_s']:8.1f} {figures['enqueue_p50_ms']:8.2f}ms"
            f" {figures['enqueue_p99_ms']:8.2f}ms {figures['latency_p50_ms']:8.1f}ms"
            f" {figures['latency_p99_ms']:8.1f}ms"
        )
    print(f"throughput ratio copydesk/bare = {copydesk['jobs_per_s'] / bare['jobs_per_s']:.2f}")


if __name__ == "__main__":
    asyncio.run(main())
