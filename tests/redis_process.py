"""A private redis-server on a free loopback port, for tests and benchmarks."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

import redis


def free_port() -> int:
    """Return a loopback TCP port that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_command(port: int, workdir: Path) -> list[str]:
    """Return the command line of a redis-server that keeps nothing on disk."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError(
            "redis-server is not installed; install it or set COPYDESK_TEST_REDIS_URL"
        )
    return [
        binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
        "--dir", str(workdir),
    ]  # fmt: skip


def start_redis(workdir: Path, port: int | None = None) -> tuple[subprocess.Popen[bytes], str]:
    """Start a redis-server and wait until it answers; returns the process and its URL."""
    port = port or free_port()
    process = subprocess.Popen(
        redis_command(port, workdir), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"redis://127.0.0.1:{port}/0"
    wait_for_redis(url)
    return process, url


def stop_redis(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        process.wait(timeout=10)


def wait_for_redis(url: str, timeout_s: float = 10.0) -> None:
    """Wait until the server at ``url`` answers PING; raises ConnectionError after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    client = redis.Redis.from_url(url)
    try:
        while True:
            try:
                client.ping()
                return
            except redis.exceptions.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
    finally:
        client.close()
