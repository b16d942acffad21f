"""Soak benchmark: one ``copydesk worker`` process, max_jobs 20, a model that takes 2 s per job.

N article jobs are queued at once through ``Desk.handle`` on a private
redis-server. A loopback OpenAI-compatible server streams every completion
in 4 pieces 0.5 s apart (2 s), and a loopback chat API counts the results
the worker posts. The ideal throughput is max_jobs / latency = 10 jobs/s.

Reported: throughput against that ideal, latency from queueing to the end of
the job (p50, p99), the worker's resident memory after the first and the
last hundred jobs and its peak (VmHWM), and lost or double-posted jobs.

    .venv/bin/python bench/soak.py --jobs 500
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import asyncio  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

from tests.fakes import Reply  # noqa: E402
from tests.lifecycle_support import (  # noqa: E402
    ChatServer,
    StreamRecordingFake,
    settings_env,
    start_worker,
    worker_env,
)

MAX_JOBS = 20
LATENCY_S = 2.0
MODEL_REPLY = Reply(chunks=4, delay_s=LATENCY_S / 4)
BLOCK = 100


def rss_kb(pid: int, field: str = "VmRSS") -> int:
    """Return a memory figure of a process from /proc, in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not found for process {pid}")


def start_redis(workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    from tests.redis_process import start_redis as start_private_redis

    return start_private_redis(workdir)


async def run(jobs: int, workdir: Path) -> dict[str, object]:
    from core.config import load_settings
    from handlers.desk import Desk
    from storage import open_store
    from workers.queue import ArqQueue

    redis_process, redis_url = start_redis(workdir)
    fake = StreamRecordingFake()
    chat = ChatServer()
    await fake.start()
    await chat.start()
    fake.script([MODEL_REPLY] * jobs)
    env = settings_env(
        workdir,
        redis_url,
        fake.base_url,
        QUEUE__MAX_JOBS=str(MAX_JOBS),
        QUEUE__PROGRESS_INTERVAL_S="1",
        JOBS__LEASE_S="60",
        JOBS__SWEEP_INTERVAL_S="30",
        JOBS__SWEEP_MIN_AGE_S="30",
    )
    os.environ.update(env)
    settings = load_settings()
    store = await open_store(settings.storage.path)
    queue = await ArqQueue.connect(redis_url, settings.queue.queue_name)
    desk = Desk(settings, store, queue)
    worker = start_worker(worker_env(env, chat.url), workdir / "worker.log")
    try:
        await _wait_ready(worker)
        return await _measure(desk, store, chat, worker.process.pid, jobs)
    finally:
        worker.stop()
        await queue.aclose()
        await store.close()
        await chat.stop()
        await fake.stop()
        redis_process.terminate()
        redis_process.wait(timeout=10)


async def _wait_ready(worker) -> None:
    await worker.wait_for_log("worker ready", timeout_s=30)
    await asyncio.sleep(1.0)  # let start-up allocations settle before the first sample


async def _measure(desk, store, chat, pid: int, jobs: int) -> dict[str, object]:
    from handlers.types import Origin

    origin = Origin("testchat", "soak", chat_id="soak-chat", platform_locale="en")
    rss_start_kb = rss_kb(pid)
    started = time.monotonic()
    job_ids = []
    for index in range(jobs):
        reply = await desk.handle(origin, f"/article Soak topic {index} --length short")
        job_ids.append(reply.job.id)
    enqueued_s = time.monotonic() - started

    rss_after: dict[int, int] = {}
    samples: list[int] = []
    while True:
        # Completed results plus failure posts: a job that failed also ended.
        done = len(chat.events("completed")) + len(chat.events("failed"))
        samples.append(rss_kb(pid))
        for mark in range(BLOCK, jobs + 1, BLOCK):
            if done >= mark and mark not in rss_after:
                rss_after[mark] = samples[-1]
        if done >= jobs or time.monotonic() - started > jobs * LATENCY_S:
            break
        await asyncio.sleep(0.2)
    wall_s = time.monotonic() - started
    peak_kb = rss_kb(pid, "VmHWM")
    await asyncio.sleep(1.0)

    finished = [await store.get_job(job_id) for job_id in job_ids]
    latencies = sorted(job.finished_at - job.created_at for job in finished if job.finished_at)
    posted = [body["job_id"] for body in chat.events("completed")]
    throughput = jobs / wall_s
    ideal = MAX_JOBS / LATENCY_S
    first_block = rss_after.get(BLOCK, 0)
    last_block = rss_after.get(jobs - jobs % BLOCK or jobs, samples[-1])
    return {
        "jobs": jobs,
        "max_jobs": MAX_JOBS,
        "model_latency_s": LATENCY_S,
        "enqueue_s": round(enqueued_s, 2),
        "wall_s": round(wall_s, 2),
        "throughput_jobs_per_s": round(throughput, 2),
        "ideal_jobs_per_s": ideal,
        "share_of_ideal": round(throughput / ideal, 3),
        "latency_p50_s": round(statistics.median(latencies), 2),
        "latency_p99_s": round(latencies[int(0.99 * (len(latencies) - 1))], 2),
        "rss_start_mib": round(rss_start_kb / 1024, 1),
        "rss_after_first_100_mib": round(first_block / 1024, 1),
        "rss_after_last_100_mib": round(last_block / 1024, 1),
        "rss_growth_first_to_last_mib": round((last_block - first_block) / 1024, 1),
        "rss_peak_mib": round(peak_kb / 1024, 1),
        "completed": sum(1 for job in finished if job.status == "completed"),
        "lost": sum(1 for job in finished if job.status != "completed"),
        "posted_twice": len(posted) - len(set(posted)),
        "not_posted": len(set(job_ids) - set(posted)),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=500, help="jobs to run (default: %(default)s)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="copydesk-soak-") as workdir:
        result = asyncio.run(run(args.jobs, Path(workdir)))
    print(json.dumps(result, indent=2))
    return 0 if result["lost"] == 0 and result["posted_twice"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
