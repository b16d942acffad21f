"""The offline provider: deterministic output with no network and no key."""

from __future__ import annotations

from core.offline import write_offline
from core.providers.base import Completion, DeltaCallback, Prompt, estimate_tokens

CHUNK_CHARS = 64


class OfflineProvider:
    """Writes briefs and scaffolds locally; every output starts with an offline label."""

    name = "offline"

    async def complete(self, prompt: Prompt, on_delta: DeltaCallback | None = None) -> Completion:
        text = write_offline(prompt)
        if on_delta is not None:
            for start in range(0, len(text), CHUNK_CHARS):
                await on_delta(text[start : start + CHUNK_CHARS])
        return Completion(
            text=text,
            model="offline",
            prompt_tokens=estimate_tokens(prompt.system + prompt.user),
            completion_tokens=estimate_tokens(text),
            tokens_estimated=True,
            offline=True,
        )

    async def aclose(self) -> None:
        return None
