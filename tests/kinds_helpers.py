"""Shared set-up for the kind tests: a desk on the in-process queue, and openai settings."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image

from core.config import Settings
from handlers.desk import Desk
from handlers.types import Origin, Reply
from storage.models import ContentVersion, Job
from workers.context import JobContext, build_context
from workers.queue import InProcessQueue

API_KEY = "sk-kinds-test-7d1e"
ORIGIN = Origin(platform="console", user_id="tester")
CHAT_PATH = "/chat/completions"
IMAGES_PATH = "/images/generations"


@dataclass
class DeskRun:
    """A desk, its queue and job context, for one test."""

    desk: Desk
    queue: InProcessQueue
    context: JobContext

    async def run(self, text: str, origin: Origin = ORIGIN) -> Job:
        """Handle ``text``, wait for its job, and return the stored job."""
        reply = await self.desk.handle(origin, text)
        assert reply.kind == "queued", reply.text
        return await self.finish(reply)

    async def revise(self, content_id: str, instruction: str, origin: Origin = ORIGIN) -> Job:
        """Queue a revision, wait for it, and return the stored job."""
        reply = await self.desk.revise(origin, content_id, instruction)
        assert reply.kind == "queued", reply.text
        return await self.finish(reply)

    async def finish(self, reply: Reply) -> Job:
        assert reply.job is not None
        await self.queue.wait(reply.job.id)
        job = await self.context.store.get_job(reply.job.id)
        assert job is not None
        return job

    async def version(self, job: Job, number: int | None = None) -> ContentVersion:
        assert job.content_id is not None, job.error
        version = await self.context.store.get_version(job.content_id, number)
        assert version is not None
        return version


@asynccontextmanager
async def desk_run(settings: Settings) -> AsyncIterator[DeskRun]:
    """Yield a desk whose jobs run in this process on ``settings``."""
    context = await build_context(settings)
    queue = InProcessQueue(context)
    try:
        yield DeskRun(Desk(settings, context.store, queue), queue, context)
    finally:
        await queue.aclose()
        await context.aclose()


def openai_sections(base_url: str, **images: Any) -> dict[str, dict[str, Any]]:
    """Return settings sections that point the text and image providers at a loopback fake."""
    return {
        "llm": {
            "provider": "openai",
            "base_url": base_url,
            "api_key": API_KEY,
            "model": "fake-model",
            "retry_base_delay_s": 0.01,
        },
        "images": {"provider": "openai", **images},
        "jobs": {"retry_base_delay_s": 0.01, "retry_max_delay_s": 0.05},
    }


def chat_requests(fake: Any) -> list[Any]:
    return fake.requests_to(CHAT_PATH)


def user_message(request: Any) -> str:
    """Return the user message of a recorded chat request."""
    return next(
        message["content"] for message in request.json["messages"] if message["role"] == "user"
    )


def is_file(path: str) -> bool:
    """Return whether ``path`` is a file (a plain function, so async tests may call it)."""
    return Path(path).is_file()


def read_csv(path: str) -> tuple[bytes, list[list[str]]]:
    """Return the first bytes of a CSV file and its rows."""
    with open(path, "rb") as handle:
        head = handle.read(3)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return head, list(csv.reader(handle))


def open_image(path: str) -> Image.Image:
    with open(path, "rb") as handle:
        return Image.open(io.BytesIO(handle.read())).convert("RGB")
