"""Streaming a text completion with progress, shared by the text kinds."""

from __future__ import annotations

from core.providers.base import Completion, Prompt
from core.providers.retry import with_retries
from workers.context import JobContext
from workers.kinds import ProgressCallback

# Progress while streaming runs from 5% to 95%; storing and delivery take the rest.
STREAM_START_PERCENT = 5
STREAM_END_PERCENT = 95


async def stream_completion(
    context: JobContext, prompt: Prompt, expected_chars: int, report: ProgressCallback
) -> Completion:
    """Run the prompt with retries, reporting progress from the characters received."""
    received = {"chars": 0}

    async def on_delta(piece: str) -> None:
        received["chars"] += len(piece)
        share = min(1.0, received["chars"] / max(1, expected_chars))
        span = STREAM_END_PERCENT - STREAM_START_PERCENT
        await report(STREAM_START_PERCENT + int(share * span))

    async def attempt() -> Completion:
        received["chars"] = 0
        return await context.provider.complete(prompt, on_delta)

    llm = context.settings.llm
    await report(STREAM_START_PERCENT)
    return await with_retries(
        attempt,
        tries=llm.tries,
        base_delay_s=llm.retry_base_delay_s,
        description=f"{prompt.kind} completion",
    )
