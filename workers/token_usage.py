"""Token usage summed over the model calls of one job."""

from __future__ import annotations

from dataclasses import dataclass

from core.providers.base import Completion


@dataclass
class TokenUsage:
    """Prompt and completion tokens of every call a job made, and the model that served them.

    ``estimated`` is True when any call reported no usage, so the sum is
    partly estimated from text length.
    """

    prompt: int = 0
    completion: int = 0
    estimated: bool = False
    model: str = ""
    offline: bool = False
    calls: int = 0

    def add(self, completion: Completion) -> Completion:
        """Add one call's usage; returns ``completion`` for chaining."""
        self.prompt += completion.prompt_tokens
        self.completion += completion.completion_tokens
        self.estimated = self.estimated or completion.tokens_estimated
        self.model = completion.model or self.model
        self.offline = self.offline or completion.offline
        self.calls += 1
        return completion

    @property
    def total(self) -> int:
        return self.prompt + self.completion

    def output_fields(self) -> dict[str, object]:
        """Return the usage fields every result's output carries."""
        return {
            "tokens_used": self.total,
            "tokens_prompt": self.prompt,
            "tokens_completion": self.completion,
            "tokens_estimated": self.estimated,
            "model_calls": self.calls,
            "model": self.model,
            "offline": self.offline,
        }
