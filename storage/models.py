"""Stored records. Times are Unix seconds (float)."""

from __future__ import annotations

import time
from typing import Any, Literal

from pydantic import BaseModel, Field

JobStatus = Literal["pending", "running", "completed", "failed", "cancelled"]
FINAL_STATUSES: frozenset[str] = frozenset({"completed", "failed", "cancelled"})


class Destination(BaseModel):
    """Where a job's progress and result go.

    ``chat_id`` is the chat or channel, ``thread_id`` the forum topic or the
    Slack thread timestamp, ``message_id`` the user's command message, and
    ``status_message_id`` the bot's "queued" message that progress edits.
    """

    platform: str = "console"
    chat_id: str | None = None
    thread_id: str | None = None
    message_id: str | None = None
    status_message_id: str | None = None
    extra: dict[str, Any] = Field(default_factory=dict)


class User(BaseModel):
    id: int
    platform: str
    platform_user_id: str
    display_name: str | None = None
    locale: str | None = None
    created_at: float


class Job(BaseModel):
    id: str
    kind: str
    status: JobStatus = "pending"
    progress: int = 0
    user_id: int
    params: dict[str, Any] = Field(default_factory=dict)
    output: dict[str, Any] | None = None
    error: str | None = None
    error_key: str | None = None
    tokens_prompt: int = 0
    tokens_completion: int = 0
    tokens_estimated: bool = False
    created_at: float = Field(default_factory=time.time)
    started_at: float | None = None
    finished_at: float | None = None
    tries: int = 0
    content_id: str | None = None
    locale: str = "en"
    destination: Destination = Field(default_factory=Destination)
    delivered_at: float | None = None

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES

    @property
    def elapsed_s(self) -> float | None:
        if self.started_at is None:
            return None
        return (self.finished_at or time.time()) - self.started_at


class Content(BaseModel):
    id: str
    kind: str
    user_id: int
    title: str
    current_version: int
    created_at: float
    updated_at: float


class ContentVersion(BaseModel):
    content_id: str
    version: int
    body: str
    data: dict[str, Any] = Field(default_factory=dict)
    summary: str | None = None
    job_id: str | None = None
    created_at: float
