"""Model providers behind one interface; ``build_provider`` picks one from settings."""

from __future__ import annotations

from core.config import LlmSettings
from core.errors import ConfigError
from core.providers.base import Completion, Prompt, Provider


def build_provider(settings: LlmSettings) -> Provider:
    """Return the provider that ``settings.provider`` names.

    Raises :class:`ConfigError` when a hosted provider has no API key and no
    ``base_url`` (a local OpenAI-compatible server needs no key).
    """
    if settings.provider == "offline":
        from core.providers.offline import OfflineProvider

        return OfflineProvider()

    api_key = settings.api_key.get_secret_value() if settings.api_key else None
    if not api_key and not settings.base_url:
        raise ConfigError(
            f"invalid config: llm.api_key is missing for provider {settings.provider!r}"
            " (set COPYDESK_LLM__API_KEY, or llm.base_url for a local server)"
        )
    if settings.provider == "openai":
        from core.providers.openai_provider import OpenAIProvider

        return OpenAIProvider(
            api_key=api_key,
            base_url=settings.base_url,
            model=settings.resolved_model(),
            timeout_s=settings.timeout_s,
        )
    from core.providers.anthropic_provider import AnthropicProvider

    return AnthropicProvider(
        api_key=api_key,
        base_url=settings.base_url,
        model=settings.resolved_model(),
        timeout_s=settings.timeout_s,
    )


__all__ = ["Completion", "Prompt", "Provider", "build_provider"]
