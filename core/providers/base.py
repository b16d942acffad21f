"""The provider interface: one streaming completion call.

A provider receives a :class:`Prompt` and streams text. The offline provider
also reads ``Prompt.request`` to write its scaffold, so it needs no model.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

DeltaCallback = Callable[[str], Awaitable[None]]


@dataclass(frozen=True)
class Prompt:
    """What a job asks of a model.

    ``kind`` and ``request`` describe the task in structured form (the
    request model of the content kind, or a revision); ``system`` and
    ``user`` are the chat messages built for real models.
    """

    kind: str
    system: str
    user: str
    locale: str
    request: Any = None
    max_tokens: int = 4096
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Completion:
    """A finished completion with its token usage.

    ``tokens_estimated`` is True when the provider reported no usage and the
    counts were estimated from the text length.
    """

    text: str
    model: str
    prompt_tokens: int
    completion_tokens: int
    tokens_estimated: bool = False
    offline: bool = False

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


class Provider(Protocol):
    """A model provider. ``name`` is the config value that selects it."""

    name: str

    async def complete(self, prompt: Prompt, on_delta: DeltaCallback | None = None) -> Completion:
        """Stream a completion, calling ``on_delta`` with each new piece of text.

        Raises :class:`core.errors.ProviderError` with ``transient`` set for
        errors worth retrying. Retrying is the caller's job (see
        ``core.providers.retry``), so implementations make one attempt.
        """
        ...

    async def aclose(self) -> None:
        """Release HTTP clients."""
        ...


def estimate_tokens(text: str) -> int:
    """Estimate tokens when a provider reports none: about 4 characters per token
    for Latin text and 1 token per Han character (a rough, documented estimate)."""
    from core.text import count_han

    han = count_han(text)
    return han + max(0, len(text) - han) // 4 + (1 if text else 0)
