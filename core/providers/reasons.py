"""Localized, user-facing reasons for provider errors (the English detail stays in logs)."""

from __future__ import annotations

from core.errors import ProviderError
from core.i18n import t


def provider_reason(error: ProviderError, locale: str) -> str:
    """Return a short reason in ``locale`` from the error's HTTP status, with the status shown."""
    status = error.status
    if status in (401, 403):
        key = "error.reason.auth"
    elif status == 404:
        key = "error.reason.model_not_found"
    elif status == 429:
        key = "error.reason.rate_limited"
    elif status is not None and 400 <= status < 500:
        key = "error.reason.bad_request"
    elif status is not None and status >= 500:
        key = "error.reason.server_error"
    elif error.transient:
        key = "error.reason.network"
    else:
        # A permanent error found in the response itself (no text, invalid JSON,
        # missing key): its detail is the only useful reason, and it names no secret.
        return str(error)
    reason = t(key, locale)
    if status == 400:
        # The server's own explanation (a content policy, an unknown parameter) helps most here.
        return f"{reason} (HTTP 400): {error}"
    return f"{reason} (HTTP {status})" if status is not None else reason
