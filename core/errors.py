"""The exception hierarchy; each error carries an i18n key for the user."""

from __future__ import annotations


class CopydeskError(Exception):
    """Base class. ``message_key`` and ``params`` render the user-facing text."""

    message_key = "error.internal"

    def __init__(self, detail: str = "", *, message_key: str | None = None, **params: object):
        super().__init__(detail or self.__class__.__name__)
        if message_key:
            self.message_key = message_key
        self.params = params


class ConfigError(CopydeskError):
    """Invalid or missing configuration; start-up stops."""


class UsageError(CopydeskError):
    """A command that cannot be parsed or has invalid values."""

    message_key = "usage.invalid"


class NotFoundError(CopydeskError):
    """A job or content id that does not exist or belongs to another user."""

    message_key = "error.not_found"


class ProviderError(CopydeskError):
    """A model provider call failed.

    ``transient`` marks errors worth retrying (429, 5xx, timeouts, a cut
    stream); permanent ones (bad key, bad request) fail at once.
    """

    message_key = "error.provider"

    def __init__(
        self, detail: str, *, transient: bool, status: int | None = None, **params: object
    ):
        super().__init__(detail, **params)
        self.transient = transient
        self.status = status


class QueueUnavailableError(CopydeskError):
    """The queue (Redis) cannot be reached, so nothing was queued."""

    message_key = "error.queue_unavailable"
