"""The message an adapter passes in (Origin) and the reply it gets back (Reply)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from storage.models import Destination, Job


@dataclass
class Origin:
    """Who sent a message and where: the platform's ids as strings.

    ``platform_locale`` is the locale the platform reports for the user
    (Telegram ``language_code``, Slack ``locale``), if any.
    """

    platform: str
    user_id: str
    display_name: str | None = None
    platform_locale: str | None = None
    chat_id: str | None = None
    thread_id: str | None = None
    message_id: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def destination(self) -> Destination:
        return Destination(
            platform=self.platform,
            chat_id=self.chat_id,
            thread_id=self.thread_id,
            message_id=self.message_id,
            extra=dict(self.extra),
        )


@dataclass
class Reply:
    """The reply an adapter shows at once.

    ``text`` is plain text that the adapter escapes; ``markdown`` is rich
    content (a stored version) that the adapter renders. ``kind`` is one of
    ``info``, ``queued``, ``usage``, ``error``, ``content``.
    """

    text: str
    locale: str
    kind: str = "info"
    job: Job | None = None
    markdown: str | None = None
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def is_error(self) -> bool:
        return self.kind in ("usage", "error")
