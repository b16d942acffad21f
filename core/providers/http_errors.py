"""ProviderErrors from HTTP failures, shared by the OpenAI and Anthropic providers.

Both SDKs raise the same kinds of failure (a timeout, a broken connection,
an HTTP status), so the wording, the transient rule and the redaction of
the API key live here once.
"""

from __future__ import annotations

from core.errors import ProviderError

# Statuses worth retrying besides 5xx: the ones the SDKs themselves retry.
TRANSIENT_STATUSES = frozenset({408, 409, 429})

SERVER_MESSAGE_MAX_CHARS = 300


def is_transient_status(status: int) -> bool:
    return status in TRANSIENT_STATUSES or status >= 500


def redact(text: str, api_key: str | None) -> str:
    """Remove the API key from a server's text and cut it to ``SERVER_MESSAGE_MAX_CHARS``."""
    if api_key and api_key in text:
        text = text.replace(api_key, "[redacted]")
    return text[:SERVER_MESSAGE_MAX_CHARS]


def timeout_error(provider: str, timeout_s: float) -> ProviderError:
    return ProviderError(
        f"the model server request timed out after {timeout_s:g}s",
        transient=True,
        provider=provider,
    )


def connection_error(provider: str, error: BaseException, host: str) -> ProviderError:
    cause = type(error.__cause__).__name__ if error.__cause__ else "no cause given"
    return ProviderError(
        f"the connection to the model server at {host} failed or broke ({cause})",
        transient=True,
        provider=provider,
    )


def status_detail(status: int, model: str) -> str:
    """Return the usual description of an HTTP error status from a model server."""
    if status == 401:
        return f"the model server rejected the API key (HTTP {status})"
    if status == 403:
        return f"the API key has no access to this model or endpoint (HTTP {status})"
    if status == 404:
        return f"the model server has no model {model!r} or no such endpoint (HTTP {status})"
    if status == 429:
        return f"the model server is rate limiting requests (HTTP {status})"
    if status == 529:
        return f"the model server is overloaded (HTTP {status})"
    if status >= 500:
        return f"the model server failed (HTTP {status})"
    if status == 400:
        return f"the model server rejected the request as invalid (HTTP {status})"
    return f"the model server returned HTTP {status}"


def status_error(
    provider: str,
    detail: str,
    *,
    transient: bool,
    status: int | None,
    server_message: str,
    api_key: str | None,
) -> ProviderError:
    """Return the ProviderError for ``detail``, with the server's redacted message appended.

    A 401's server message is dropped, because some servers echo the key.
    """
    if server_message and status != 401:
        detail = f"{detail}: {redact(server_message, api_key)}"
    return ProviderError(detail, transient=transient, status=status, provider=provider)
