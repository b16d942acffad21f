"""Slack adapter benchmark: concurrent signed slash commands to ``copydesk slack`` in HTTP mode.

Three processes on loopback: the loopback Slack Web API from
``tests/fakes/slack_api.py`` (started by this script with ``--serve-fake``),
the real ``copydesk slack`` command in HTTP mode, and this script as the load
client. Each round POSTs ``--requests`` signed ``/article`` commands at once,
each from its own user, and times each request from just before the POST to
the end of the ack response. Throughput is requests divided by the round's
wall time. Two configurations run:

- ``redis``: the arq queue on a private redis-server with no worker, so only
  the adapter's work (verify, parse, two SQLite writes, enqueue, ack) counts;
- ``in-process``: no Redis, so the adapter process also runs the jobs with
  the offline provider and posts their results to the fake while it acks.

    .venv/bin/python bench/slack.py --requests 50 --rounds 5
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file's name shadows slack_sdk's legacy ``slack`` package when run as a
# script, so its folder leaves sys.path before anything is imported.
ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import asyncio  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import socket  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

import aiohttp  # noqa: E402

from tests.fakes.slack_api import SlackApiFake  # noqa: E402
from tests.fakes.slack_payloads import SIGNING_SECRET, SignedClient  # noqa: E402

START_TIMEOUT_S = 30.0
ROUND_PAUSE_S = 0.5


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def serve_fake() -> None:
    """Run the loopback Web API until stdin closes; print its base URL on one line."""
    locales = {f"U{number:04d}": "en-US" for number in range(1, 1001)}
    async with SlackApiFake(user_locales=locales) as fake:
        print(fake.base_url, flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)


def start_redis(workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    from tests.redis_process import start_redis as start_private_redis

    return start_private_redis(workdir)


def start_adapter(
    workdir: Path, api_url: str, port: int, redis_url: str | None
) -> subprocess.Popen[bytes]:
    environment = {
        **{key: value for key, value in os.environ.items() if not key.startswith("COPYDESK_")},
        "COPYDESK_SLACK__BOT_TOKEN": "xoxb-test",
        "COPYDESK_SLACK__SIGNING_SECRET": SIGNING_SECRET,
        "COPYDESK_SLACK__API_BASE_URL": api_url,
        "COPYDESK_STORAGE__PATH": str(workdir / "copydesk.db"),
        "COPYDESK_APP__DATA_DIR": str(workdir / "data"),
    }
    if redis_url:
        environment["COPYDESK_QUEUE__REDIS_URL"] = redis_url
    command = [
        sys.executable,
        "-m",
        "bot.console",
        "slack",
        "--listen",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    return subprocess.Popen(command, cwd=workdir, env=environment)


async def wait_until_ready(session: aiohttp.ClientSession, port: int) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            async with session.get(f"http://127.0.0.1:{port}/healthz") as response:
                if response.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.1)
    raise SystemExit("the adapter did not start")


async def one_round(client: SignedClient, requests: int, offset: int) -> tuple[list[float], float]:
    """Send ``requests`` commands at once; return each ack's latency and the wall time."""

    async def send(number: int) -> float:
        user = f"U{offset + number:04d}"
        status, ack = await client.command("/article", f"Tea and focus {number}", user=user)
        if status != 200 or "Queued" not in ack.get("text", ""):
            raise SystemExit(f"unexpected ack: {status} {ack}")
        return time.perf_counter()

    started = time.perf_counter()
    ends = await asyncio.gather(*(send(number) for number in range(1, requests + 1)))
    latencies = [end - started for end in ends]
    return latencies, max(ends) - started


async def measure(port: int, requests: int, rounds: int) -> dict[str, float]:
    connector = aiohttp.TCPConnector(limit=requests)
    async with aiohttp.ClientSession(connector=connector) as session:
        await wait_until_ready(session, port)
        client = SignedClient(f"http://127.0.0.1:{port}/slack/events", session)
        # Warm-up: connections and code paths, and each user's first command,
        # which starts a users.info lookup in the adapter after its ack.
        await one_round(client, requests, 0)
        await one_round(client, requests, requests)
        latencies, walls = [], []
        for number in range(rounds):
            await asyncio.sleep(ROUND_PAUSE_S)
            round_latencies, wall_s = await one_round(client, requests, (number % 2) * requests)
            latencies.extend(round_latencies)
            walls.append(wall_s)
    return {
        "count": len(latencies),
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
        "max_ms": max(latencies) * 1000,
        "throughput_per_s": len(latencies) / sum(walls),
    }


def run_configuration(name: str, api_url: str, requests: int, rounds: int, use_redis: bool) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        redis_process, redis_url = start_redis(workdir) if use_redis else (None, None)
        port = free_port()
        adapter = start_adapter(workdir, api_url, port, redis_url)
        try:
            return {"name": name, **asyncio.run(measure(port, requests, rounds))}
        finally:
            adapter.terminate()
            adapter.wait(timeout=30)
            if redis_process is not None:
                redis_process.terminate()
                redis_process.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50, help="concurrent commands per round")
    parser.add_argument("--rounds", type=int, default=5, help="measured rounds per configuration")
    parser.add_argument("--serve-fake", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_fake:
        asyncio.run(serve_fake())
        return

    fake = subprocess.Popen(
        [sys.executable, __file__, "--serve-fake"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        api_url = fake.stdout.readline().strip()
        results = [
            run_configuration("redis", api_url, args.requests, args.rounds, use_redis=True),
            run_configuration("in-process", api_url, args.requests, args.rounds, use_redis=False),
        ]
    finally:
        fake.stdin.close()
        fake.wait(timeout=10)

    load_1m, load_5m, _ = os.getloadavg()
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"machine: {machine}")
    print(f"load average after the run: {load_1m:.2f} (1 min), {load_5m:.2f} (5 min)")
    print(f"{args.requests} concurrent signed /article commands, {args.rounds} rounds each")
    print("| queue | acks | p50 ms | p99 ms | max ms | acks/s |")
    print("|---|---:|---:|---:|---:|---:|")
    for result in results:
        cells = [
            result["name"],
            str(result["count"]),
            f"{result['p50_ms']:.1f}",
            f"{result['p99_ms']:.1f}",
            f"{result['max_ms']:.1f}",
            f"{result['throughput_per_s']:.0f}",
        ]
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
