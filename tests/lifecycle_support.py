"""What the lifecycle tests share: a loopback chat API, its notifier, and worker processes.

"Posted" in these tests means a POST that reached :class:`ChatServer`, a
small aiohttp server on 127.0.0.1 that plays a chat platform's API.
Worker processes import this module (see :func:`start_worker`), which
registers :class:`ChatNotifier` for the platform ``testchat``; that notifier
posts each job outcome to the URL in ``COPYDESK_TEST_CHAT_URL`` and raises
:class:`ChatApiError` (with ``status`` and ``retry_after``) on an error
status, as a real chat SDK does.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from aiohttp import web

from core.config import Settings
from storage.models import Job
from tests.fakes.openai_server import OpenAIFake
from workers.delivery import register_notifier_factory

PLATFORM = "testchat"
CHAT_URL_ENV = "COPYDESK_TEST_CHAT_URL"
REPO_ROOT = Path(__file__).resolve().parent.parent

# The worker command: the real CLI entry point, after importing this module
# so the worker process has the test chat notifier.
WORKER_CODE = "import sys, tests.lifecycle_support; from bot.console import main; sys.exit(main())"


class ChatApiError(Exception):
    """An error status from the chat API."""

    def __init__(self, status: int, retry_after: float | None) -> None:
        super().__init__(f"chat API returned HTTP {status}")
        self.status = status
        self.retry_after = retry_after


class ChatNotifier:
    """Posts job outcomes as JSON to the loopback chat API."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.client = httpx.AsyncClient(timeout=5.0)

    async def _post(self, event: str, job: Job, **fields: Any) -> None:
        payload = {"job_id": job.id, "status": job.status, **fields}
        response = await self.client.post(f"{self.base_url}/{event}", json=payload)
        if response.status_code >= 400:
            retry_after = response.headers.get("Retry-After")
            raise ChatApiError(response.status_code, float(retry_after) if retry_after else None)

    async def progress(self, job: Job, percent: int) -> None:
        await self._post("progress", job, percent=percent)

    async def completed(self, job: Job, result: dict[str, Any]) -> None:
        await self._post("completed", job, title=result.get("title"))

    async def failed(self, job: Job, message: str) -> None:
        await self._post("failed", job, message=message)

    async def cancelled(self, job: Job) -> None:
        await self._post("cancelled", job)

    async def aclose(self) -> None:
        await self.client.aclose()


async def _chat_notifier_factory(settings: Settings) -> ChatNotifier | None:
    url = os.environ.get(CHAT_URL_ENV)
    return ChatNotifier(url) if url else None


register_notifier_factory(PLATFORM, _chat_notifier_factory)


@dataclass
class ChatServer:
    """A loopback chat API that records every post; ``fail`` scripts error statuses."""

    posts: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    failures: dict[str, deque[int]] = field(default_factory=dict)
    rejected: Counter[str] = field(default_factory=Counter)
    port: int = 0
    _runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def fail(self, event: str, statuses: list[int]) -> None:
        """Reject the next posts of ``event`` with these statuses (429 adds Retry-After: 0)."""
        self.failures.setdefault(event, deque()).extend(statuses)

    def events(self, event: str, job_id: str | None = None) -> list[dict[str, Any]]:
        """Return the bodies of recorded posts of ``event``, of one job when ``job_id`` is given."""
        return [
            body
            for name, body in self.posts
            if name == event and (job_id is None or body["job_id"] == job_id)
        ]

    async def start(self) -> ChatServer:
        app = web.Application()
        app.router.add_post("/{event}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _handle(self, request: web.Request) -> web.Response:
        event = request.match_info["event"]
        body = await request.json()
        pending = self.failures.get(event)
        if pending:
            status = pending.popleft()
            self.rejected[event] += 1
            headers = {"Retry-After": "0"} if status == 429 else {}
            return web.json_response({"ok": False}, status=status, headers=headers)
        self.posts.append((event, body))
        return web.json_response({"ok": True})


def worker_env(settings_env: dict[str, str], chat_url: str) -> dict[str, str]:
    """Return the environment of a worker process: this one's, the repo on the path, the config."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("COPYDESK_")}
    env.update(settings_env)
    env[CHAT_URL_ENV] = chat_url
    env["PYTHONPATH"] = str(REPO_ROOT)
    return env


@dataclass
class WorkerProcess:
    """A ``copydesk worker`` process and its log file."""

    process: subprocess.Popen[bytes]
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    async def wait_for_log(self, text: str, timeout_s: float = 20.0) -> None:
        """Wait until the log contains ``text``; fail with the log tail when it does not."""
        deadline = time.monotonic() + timeout_s
        while text not in self.log():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"worker log lacks {text!r}; tail:\n{self.log()[-3000:]}")
            await asyncio.sleep(0.05)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    async def terminate(self, timeout_s: float = 30.0) -> int:
        """Send SIGTERM and wait for the exit without blocking the event loop."""
        self.process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout_s
        while self.process.poll() is None:
            if time.monotonic() > deadline:
                raise AssertionError(f"worker did not exit {timeout_s}s after SIGTERM")
            await asyncio.sleep(0.05)
        return self.process.returncode

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def start_worker(env: dict[str, str], log_path: Path) -> WorkerProcess:
    """Start ``copydesk worker`` (the CLI entry point) with ``env``, logging to ``log_path``."""
    log_file = open(log_path, "wb")  # noqa: SIM115 - closed when the process object is dropped
    process = subprocess.Popen(
        [sys.executable, "-c", WORKER_CODE, "worker"],
        env=env,
        cwd=log_path.parent,
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    log_file.close()
    return WorkerProcess(process, log_path)


def settings_env(tmp_path: Path, redis_url: str, model_url: str, **extra: str) -> dict[str, str]:
    """Return ``COPYDESK_*`` variables for a worker and the test: short leases and sweeps.

    ``extra`` maps more variable names (without the prefix) to values.
    """
    env = {
        "QUEUE__REDIS_URL": redis_url,
        "QUEUE__QUEUE_NAME": f"copydesk:test:{tmp_path.name}",
        "QUEUE__PROGRESS_INTERVAL_S": "0",
        "STORAGE__PATH": str(tmp_path / "copydesk.db"),
        "APP__DATA_DIR": str(tmp_path / "data"),
        "APP__LOG_LEVEL": "INFO",
        "LLM__PROVIDER": "openai",
        "LLM__BASE_URL": model_url,
        "LLM__API_KEY": "test-key",
        "LLM__TRIES": "1",
        "LLM__RETRY_BASE_DELAY_S": "0.01",
        "JOBS__LEASE_S": "2",
        "JOBS__SWEEP_INTERVAL_S": "0.5",
        "JOBS__SWEEP_MIN_AGE_S": "0",
        "JOBS__RETRY_BASE_DELAY_S": "0.2",
        "JOBS__DELIVERY_BASE_DELAY_S": "0.05",
        "JOBS__HEALTH_CHECK_INTERVAL_S": "1",
        "JOBS__SHUTDOWN_GRACE_S": "5",
        "JOBS__CANCEL_WAIT_S": "0",
        **extra,
    }
    return {f"COPYDESK_{name}": value for name, value in env.items()}


async def wait_until(check: Any, timeout_s: float = 20.0, what: str = "condition") -> None:
    """Await ``check()`` (sync or async) every 50 ms until it is true; fail after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while True:
        result = check()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s}s waiting for {what}")
        await asyncio.sleep(0.05)


class StreamRecordingFake(OpenAIFake):
    """The OpenAI fake, counting chat responses that finished and those the client broke off."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.finished = 0
        self.broken = 0

    async def _chat(self, request: web.Request) -> web.StreamResponse:
        try:
            response = await super()._chat(request)
        except BaseException:
            self.broken += 1
            raise
        self.finished += 1
        return response


class Rig:
    """A model fake, a chat API, settings, a store, an arq queue and a desk, plus workers.

    Use ``async with Rig(tmp_path, redis_url, monkeypatch, **extra_env) as rig``; the
    test process gets the same ``COPYDESK_*`` settings as the workers it starts.
    """

    origin_user = "owner"

    def __init__(self, tmp_path: Path, redis_url: str, monkeypatch: Any, **extra: str) -> None:
        self.tmp_path = tmp_path
        self.redis_url = redis_url
        self.monkeypatch = monkeypatch
        self.extra = extra
        self.fake = StreamRecordingFake()
        self.chat = ChatServer()
        self.workers: list[WorkerProcess] = []

    async def __aenter__(self) -> Rig:
        from core.config import load_settings
        from handlers.desk import Desk
        from storage import open_store
        from workers.queue import ArqQueue

        await self.fake.start()
        await self.chat.start()
        self.env = settings_env(self.tmp_path, self.redis_url, self.fake.base_url, **self.extra)
        for name, value in self.env.items():
            self.monkeypatch.setenv(name, value)
        self.monkeypatch.setenv(CHAT_URL_ENV, self.chat.url)
        self.settings = load_settings()
        self.store = await open_store(self.settings.storage.path)
        self.queue = await ArqQueue.connect(self.redis_url, self.settings.queue.queue_name)
        self.desk = Desk(self.settings, self.store, self.queue)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        for worker in self.workers:
            worker.stop()
        await self.queue.aclose()
        await self.store.close()
        await self.chat.stop()
        await self.fake.stop()

    async def start_worker(self, name: str) -> WorkerProcess:
        """Start a worker process and wait until it is ready to take jobs."""
        worker = start_worker(worker_env(self.env, self.chat.url), self.tmp_path / f"{name}.log")
        self.workers.append(worker)
        await worker.wait_for_log("worker ready")
        return worker

    def origin(self, user_id: str | None = None, locale: str = "en") -> Any:
        from handlers.types import Origin

        return Origin(
            platform=PLATFORM,
            user_id=user_id or self.origin_user,
            chat_id="chat-1",
            platform_locale=locale,
        )

    async def ask(self, text: str, user_id: str | None = None) -> Any:
        """Send a command as a chat user; returns the Reply."""
        return await self.desk.handle(self.origin(user_id), text)

    def model_calls(self) -> int:
        return len(self.fake.requests_to("/chat/completions"))

    async def wait_for_status(self, job_id: str, status: str, timeout_s: float = 30.0) -> Job:
        async def reached() -> bool:
            job = await self.store.get_job(job_id)
            return job is not None and job.status == status

        await wait_until(reached, timeout_s, f"job {job_id} to be {status}")
        job = await self.store.get_job(job_id)
        assert job is not None
        return job
