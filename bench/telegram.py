"""Telegram adapter benchmark: N users send a command at once to ``copydesk telegram --webhook``.

Three processes run on loopback. The first is the loopback Bot API from
``tests/fakes/telegram_api.py``, started by this script with ``--serve-fake``.
The second is the real ``copydesk telegram`` command in webhook mode, with the
arq queue on a private redis-server. No worker runs, so only the adapter's
work is measured. The third is this script as the load client. Each round POSTs ``--users``
updates, one per private chat, concurrently. Latency is from just before the
POST of an update to the moment the Bot API receives that chat's "queued"
sendMessage (both read CLOCK_MONOTONIC). Rounds are 1.5 s apart so the flood
limiter's buckets refill. Two configurations run:

- ``30/s cap``: the default ``telegram.max_messages_per_s = 30``;
- ``no overall cap``: ``max_messages_per_s = 0``, which shows the adapter's
  own cost when a burst is larger than 30 messages.

``--desk-stub`` replaces the desk with one that answers at once, to show the
floor that python-telegram-bot, the transport and the harness set.

    .venv/bin/python bench/telegram.py --users 50 --rounds 5
    .venv/bin/python bench/telegram.py --users 50 --rounds 5 --desk-stub
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file's name shadows the ``telegram`` package when run as a script, so
# its folder leaves sys.path before anything imports ``telegram``.
ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import asyncio  # noqa: E402
import os  # noqa: E402
import socket  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from typing import Any  # noqa: E402

import aiohttp  # noqa: E402
from aiohttp import web  # noqa: E402

from tests.fakes.telegram_api import TOKEN, TelegramApiFake  # noqa: E402

PUBLIC_URL = "https://bot.example.com/telegram"
WEBHOOK_SECRET = "bench-secret"
ROUND_PAUSE_S = 1.5
START_TIMEOUT_S = 30.0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- the Bot API process ------------------------------------------------------


async def serve_fake() -> None:
    """Run the loopback Bot API and a control endpoint; print both URLs on one line."""
    async with TelegramApiFake() as fake:

        async def sent(request: web.Request) -> web.Response:
            # Only calls after index ``since``, so polling stays cheap as calls pile up.
            since = int(request.query.get("since", "0"))
            calls = [
                {"chat_id": call.params.get("chat_id"), "at": call.at}
                for call in fake.calls[since:]
                if call.method == "sendMessage" and call.status == 200
            ]
            registered = len([c for c in fake.calls_to("setWebhook") if c.status == 200])
            body = {"sent": calls, "webhooks_set": registered, "next": len(fake.calls)}
            return web.json_response(body)

        control = web.Application()
        control.router.add_get("/sent", sent)
        runner = web.AppRunner(control, access_log=None)
        await runner.setup()
        port = free_port()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        print(f"{fake.base_url} http://127.0.0.1:{port}/sent", flush=True)
        await asyncio.Event().wait()


# --- the adapter with a stub desk ---------------------------------------------------


def serve_stub_adapter(argv: list[str]) -> int:
    """Run ``copydesk telegram`` with a desk that replies at once without store or queue.

    This measures the floor that python-telegram-bot, the transport and the
    loopback harness set on this machine.
    """
    from bot.console import main as console_main
    from handlers.desk import Desk
    from handlers.types import Reply

    async def handle(desk: Desk, origin: Any, text: str) -> Reply:
        return Reply("Queued Article job 00000000: benchmark topic", "en", kind="info")

    Desk.handle = handle  # type: ignore[method-assign]
    return console_main(argv)


# --- the load client ------------------------------------------------------------


def start_redis(workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    from tests.redis_process import start_redis as start_private_redis

    return start_private_redis(workdir)


def start_adapter(
    workdir: Path,
    base_url: str,
    redis_url: str,
    port: int,
    max_messages_per_s: float,
    name: str,
    desk_stub: bool,
) -> subprocess.Popen[bytes]:
    environment = {
        **os.environ,
        "COPYDESK_TELEGRAM__TOKEN": TOKEN,
        "COPYDESK_TELEGRAM__API_BASE_URL": base_url,
        "COPYDESK_TELEGRAM__WEBHOOK_SECRET": WEBHOOK_SECRET,
        "COPYDESK_TELEGRAM__MAX_MESSAGES_PER_S": str(max_messages_per_s),
        "COPYDESK_QUEUE__REDIS_URL": redis_url,
        "COPYDESK_QUEUE__QUEUE_NAME": f"bench:{name}",
        "COPYDESK_STORAGE__PATH": str(workdir / f"{name}.db"),
        "COPYDESK_APP__DATA_DIR": str(workdir / "data"),
    }
    # BENCH_PROFILE="-m cProfile -o FILE" profiles the adapter process.
    runner = [__file__, "--serve-stub-adapter"] if desk_stub else ["-m", "bot.console"]
    command = [
        sys.executable,
        *os.environ.get("BENCH_PROFILE", "").split(),
        *runner,
        "telegram",
        "--webhook",
        PUBLIC_URL,
        "--listen",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    return subprocess.Popen(command, cwd=ROOT, env=environment)


def make_update(update_id: int, chat_id: int, text: str) -> dict[str, Any]:
    user = {"id": chat_id, "is_bot": False, "first_name": f"User {chat_id}", "language_code": "en"}
    message = {
        "message_id": 1,
        "date": int(time.time()),
        "text": text,
        "from": user,
        "chat": {"id": chat_id, "type": "private", "first_name": user["first_name"]},
        "entities": [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}],
    }
    return {"update_id": update_id, "message": message}


async def sent_times(
    session: aiohttp.ClientSession, control_url: str, since: int = 0
) -> dict[str, Any]:
    async with session.get(control_url, params={"since": str(since)}) as response:
        return await response.json()


async def wait_until_ready(session: aiohttp.ClientSession, control_url: str, count: int) -> None:
    """Wait until the Bot API has received ``count`` setWebhook calls in all."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while (await sent_times(session, control_url))["webhooks_set"] < count:
        if time.monotonic() > deadline:
            raise RuntimeError("the adapter did not register its webhook in time")
        await asyncio.sleep(0.1)


async def one_round(
    session: aiohttp.ClientSession, webhook_url: str, control_url: str, first_chat: int, users: int
) -> tuple[list[float], float]:
    chats = list(range(first_chat, first_chat + users))
    sent_at: dict[int, float] = {}

    async def post(chat_id: int) -> None:
        update = make_update(chat_id, chat_id, f"/article benchmark topic {chat_id}")
        sent_at[chat_id] = time.monotonic()
        headers = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
        async with session.post(webhook_url, json=update, headers=headers) as response:
            if response.status != 200:
                raise RuntimeError(f"the webhook responded with HTTP {response.status}")

    started = time.monotonic()
    await asyncio.gather(*(post(chat_id) for chat_id in chats))

    wanted = set(chats)
    replies: dict[int, float] = {}
    since = 0
    deadline = time.monotonic() + 60
    while len(replies) < len(wanted):
        if time.monotonic() > deadline:
            raise RuntimeError(f"only {len(replies)} of {users} replies arrived")
        await asyncio.sleep(0.05)
        state = await sent_times(session, control_url, since)
        since = state["next"]
        replies.update(
            (call["chat_id"], call["at"]) for call in state["sent"] if call["chat_id"] in wanted
        )

    latencies = [replies[chat_id] - sent_at[chat_id] for chat_id in chats]
    return latencies, users / (max(replies.values()) - started)


async def measure(
    args: argparse.Namespace, port: int, control_url: str, number: int, first_chat: int
) -> dict[str, Any]:
    """Run the rounds against the adapter on ``port``, the ``number``-th to register a webhook."""
    latencies: list[float] = []
    rates: list[float] = []
    connector = aiohttp.TCPConnector(limit=args.users + 2)
    async with aiohttp.ClientSession(connector=connector) as session:
        await wait_until_ready(session, control_url, number)
        webhook_url = f"http://127.0.0.1:{port}/telegram"
        for round_number in range(args.rounds):
            # Fresh chats each round, so no chat's budget carries over.
            chats_from = first_chat + round_number * args.users
            round_latencies, rate = await one_round(
                session, webhook_url, control_url, chats_from, args.users
            )
            latencies.extend(round_latencies)
            rates.append(rate)
            await asyncio.sleep(ROUND_PAUSE_S)
    return {
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
        "max_ms": max(latencies) * 1000,
        "updates_per_s": statistics.median(rates),
    }


def run(args: argparse.Namespace) -> None:
    fake = subprocess.Popen([sys.executable, __file__, "--serve-fake"], stdout=subprocess.PIPE)
    assert fake.stdout is not None
    base_url, control_url = fake.stdout.readline().decode().split()
    configurations = [("cap-30", 30.0), ("no-cap", 0.0)]
    results = []
    with tempfile.TemporaryDirectory() as temp:
        workdir = Path(temp)
        redis, redis_url = start_redis(workdir)
        try:
            for number, (name, max_messages_per_s) in enumerate(configurations, start=1):
                port = free_port()
                adapter = start_adapter(
                    workdir, base_url, redis_url, port, max_messages_per_s, name, args.desk_stub
                )
                try:
                    figures = asyncio.run(
                        measure(args, port, control_url, number, number * 1_000_000)
                    )
                finally:
                    adapter.terminate()
                    adapter.wait(timeout=30)
                results.append({"name": name, **figures})
        finally:
            redis.terminate()
            redis.wait(timeout=10)
            fake.terminate()
            fake.wait(timeout=10)

    desk = "stub desk" if args.desk_stub else "desk, SQLite and Redis"
    print(f"{args.users} concurrent updates x {args.rounds} rounds, webhook mode, {desk}")
    print(f"{'configuration':<14} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'updates/s':>10}")
    for result in results:
        print(
            f"{result['name']:<14} {result['p50_ms']:>8.1f} {result['p99_ms']:>8.1f} "
            f"{result['max_ms']:>8.1f} {result['updates_per_s']:>10.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=50, help="concurrent updates per round")
    parser.add_argument("--rounds", type=int, default=5, help="rounds per configuration")
    parser.add_argument(
        "--desk-stub",
        action="store_true",
        help="replace the desk with one that replies at once (no SQLite, no Redis)",
    )
    parser.add_argument("--serve-fake", action="store_true", help=argparse.SUPPRESS)
    if sys.argv[1:2] == ["--serve-stub-adapter"]:
        sys.exit(serve_stub_adapter(sys.argv[2:]))
    args = parser.parse_args()
    if args.serve_fake:
        asyncio.run(serve_fake())
    else:
        run(args)


if __name__ == "__main__":
    main()
