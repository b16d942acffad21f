"""Posting a finished result into its Slack thread: messages, the Markdown file, images.

A result is posted as section blocks within Slack's limits (see
``render.result_messages``). If Slack still answers ``msg_too_long`` or
``invalid_blocks``, the message is posted again one block per message, and
if a single block is still rejected the rest of the piece is delivered as a
Markdown file. Long pieces are uploaded as a file in any case, with
``files_upload_v2`` (files.getUploadURLExternal, the upload, then
files.completeUploadExternal).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack import render
from core.formatting import escape_slack_text
from core.i18n import t
from core.limits import SLACK_FILE_ALT_TEXT_MAX_CHARS
from storage.models import Job

logger = logging.getLogger(__name__)

# Errors that mean "this message is too large or its blocks are not accepted".
SHAPE_ERRORS = frozenset(
    {"msg_too_long", "invalid_blocks", "msg_blocks_too_long", "invalid_blocks_format"}
)
FILE_NAME_MAX_CHARS = 60


class RejectedBlock(Exception):
    """Slack rejected even a one-block message; the rest goes out as a file."""


def is_shape_error(error: SlackApiError) -> bool:
    """Return True when Slack rejected a message for its size or blocks."""
    return str(error.response.get("error")) in SHAPE_ERRORS


def file_name(title: str, job_id: str) -> str:
    """Return a safe ``.md`` file name from a title, falling back to the job id."""
    slug = re.sub(r"[^\w\-]+", "-", title.strip().lower(), flags=re.UNICODE).strip("-")
    return f"{slug[:FILE_NAME_MAX_CHARS] or job_id}.md"


class ResultPoster:
    """Posts results with one client; ``data_dir`` resolves relative file paths."""

    def __init__(self, client: AsyncWebClient, data_dir: Path):
        self.client = client
        self.data_dir = data_dir

    async def post_result(
        self, channel: str, thread_ts: str, job: Job, output: dict[str, Any], title: str
    ) -> list[str]:
        """Post the result's text, file and images in the thread; return the posted message ts."""
        locale = job.locale
        markdown = str(output.get("markdown") or "")
        footer = render.footer_blocks(job, output, locale)
        messages = render.result_messages(markdown, title, footer)
        long_piece = len(render.markdown_sections(markdown)) > 1

        posted: list[str] = []
        complete = True
        try:
            for message in messages:
                posted.extend(await self._post_message(channel, thread_ts, message))
        except RejectedBlock:
            complete = False

        if markdown and (long_piece or not complete):
            note = t("slack.file_note" if complete else "slack.file_fallback", locale)
            await self.upload_text(channel, thread_ts, markdown, title, job.id, note)
        await self.upload_files(channel, thread_ts, result_files(output), title, locale)
        return posted

    async def post(self, channel: str, thread_ts: str | None, message: dict[str, Any]) -> str:
        """Post one message (in a thread when ``thread_ts`` is set) and return its ts."""
        result = await self.client.chat_postMessage(
            channel=channel, thread_ts=thread_ts, unfurl_links=False, unfurl_media=False, **message
        )
        return str(result["ts"])

    async def _post_message(
        self, channel: str, thread_ts: str, message: dict[str, Any]
    ) -> list[str]:
        try:
            return [await self.post(channel, thread_ts, message)]
        except SlackApiError as error:
            if not is_shape_error(error):
                raise
            logger.warning(
                "Slack rejected a %d-block message (%s); posting its blocks one by one",
                len(message.get("blocks", [])),
                error.response.get("error"),
            )

        posted = []
        for block in message.get("blocks", []):
            single = {"text": message["text"], "blocks": [block]}
            try:
                posted.append(await self.post(channel, thread_ts, single))
            except SlackApiError as error:
                if not is_shape_error(error):
                    raise
                logger.warning("Slack rejected a single block (%s)", error.response.get("error"))
                raise RejectedBlock() from error
        return posted

    async def upload_text(
        self, channel: str, thread_ts: str, markdown: str, title: str, job_id: str, note: str
    ) -> None:
        """Upload ``markdown`` as a ``.md`` file into the thread with a short comment."""
        await self.client.files_upload_v2(
            content=markdown.encode("utf-8"),
            filename=file_name(title, job_id),
            title=render.shorten(title, 200) or job_id,
            channel=channel,
            thread_ts=thread_ts,
            initial_comment=escape_slack_text(note),
        )

    async def upload_files(
        self, channel: str, thread_ts: str, paths: Iterable[str], title: str, locale: str
    ) -> None:
        """Upload each existing file (images, CSV…) into the thread.

        A missing file or a rejected upload is logged and skipped.
        """
        for number, raw in enumerate(paths, start=1):
            path = self._resolve(raw)
            if path is None:
                logger.warning("result file %s does not exist; not uploaded", raw)
                continue
            label = t("slack.image_title", locale, title=render.shorten(title, 150), number=number)
            try:
                await self.client.files_upload_v2(
                    file=str(path),
                    filename=path.name,
                    title=label,
                    alt_txt=label[:SLACK_FILE_ALT_TEXT_MAX_CHARS],
                    channel=channel,
                    thread_ts=thread_ts,
                )
            except SlackApiError as error:
                # The text is already posted; one missing attachment should not fail delivery.
                logger.warning("upload of %s failed: %s", path.name, error.response.get("error"))

    def _resolve(self, raw: str) -> Path | None:
        path = Path(raw)
        for candidate in (path, self.data_dir / path):
            if candidate.is_file():
                return candidate
        return None


def result_files(output: dict[str, Any]) -> list[str]:
    """Return the file paths in ``output["files"]`` and ``output["images"]``, each once.

    Entries may be paths or dicts with a ``path`` key.
    """
    seen: list[str] = []
    for key in ("files", "images"):
        entries = output.get(key) or []
        if not isinstance(entries, list):
            continue
        for entry in entries:
            path = entry.get("path") if isinstance(entry, dict) else entry
            if isinstance(path, str) and path and path not in seen:
                seen.append(path)
    return seen
