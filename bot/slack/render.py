"""Block Kit messages for acks, status messages, results and team notices.

Everything here is pure: it builds message dicts and never calls Slack.
Text that the model or a user wrote is escaped (``escape_slack_text`` for
plain text, ``to_slack_blocks`` for Markdown), so it cannot mention anyone
or form a link. The only ``<…>`` markup in these messages is the requester
mention and the permalink that this module writes itself.
"""

from __future__ import annotations

from typing import Any

from bot.slack.payloads import safe_user_id
from core.formatting import escape_slack_text, to_slack_blocks
from core.i18n import catalogue, t
from core.limits import (
    SLACK_HEADER_TEXT_MAX_CHARS,
    SLACK_MARKDOWN_BLOCKS_MAX_CHARS,
    SLACK_MESSAGE_MAX_BLOCKS,
)
from handlers.types import Reply
from storage.models import Job

Block = dict[str, Any]
Message = dict[str, Any]

# Section text per message. Slack rejects payloads of about 13,000 characters
# that stay within every documented per-block limit (see
# SLACK_MARKDOWN_BLOCKS_MAX_CHARS), so a message carries at most this much.
MESSAGE_MAX_CHARS = SLACK_MARKDOWN_BLOCKS_MAX_CHARS
# The notification text of a message (shown in alerts, not in the channel).
FALLBACK_TEXT_MAX_CHARS = 300
CANCEL_ACTION_ID = "copydesk_cancel"
PROGRESS_CELLS = 10


def kind_label(kind: str, locale: str) -> str:
    """Return the localized name of a job kind, or the kind itself when none exists."""
    key = f"kind.{kind}"
    return t(key, locale) if key in catalogue() else kind


def shorten(text: str, max_chars: int) -> str:
    """Cut ``text`` to ``max_chars`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= max_chars else text[: max_chars - 1] + "…"


def plain_section(text: str) -> Block:
    """Return a mrkdwn section that shows plain ``text`` as typed."""
    return {"type": "section", "text": {"type": "mrkdwn", "text": escape_slack_text(text)}}


def ack_payload(reply: Reply) -> Message:
    """Return the ephemeral response to a slash command: the reply's first message."""
    return {"response_type": "ephemeral", **reply_messages(reply)[0]}


def reply_messages(reply: Reply) -> list[Message]:
    """Return the messages that show a Desk reply, one for plain replies.

    A content reply (``/show``) becomes a header line and the version's
    Markdown, split into as many messages as Slack's limits need.
    """
    text = escape_slack_text(reply.text)
    if not reply.markdown:
        return [{"text": text}]

    header = plain_section(reply.text)
    groups = group_blocks([header, *markdown_sections(reply.markdown)])
    return [{"text": text, "blocks": blocks} for blocks in groups]


def markdown_sections(markdown: str) -> list[Block]:
    """Return the Markdown as mrkdwn section blocks of at most 3000 characters each."""
    messages = to_slack_blocks(markdown, max_blocks=1_000_000)
    return [section for message in messages for section in message]


def block_chars(block: Block) -> int:
    """Return the characters of text a block carries (section text or context elements)."""
    if "text" in block:
        return len(block["text"].get("text", ""))
    return sum(len(element.get("text", "")) for element in block.get("elements", []))


def group_blocks(
    blocks: list[Block],
    *,
    max_blocks: int = SLACK_MESSAGE_MAX_BLOCKS,
    max_chars: int = MESSAGE_MAX_CHARS,
) -> list[list[Block]]:
    """Split blocks into messages of at most ``max_blocks`` blocks and ``max_chars`` characters."""
    groups: list[list[Block]] = []
    current: list[Block] = []
    current_chars = 0
    for block in blocks:
        size = block_chars(block)
        if current and (len(current) >= max_blocks or current_chars + size > max_chars):
            groups.append(current)
            current, current_chars = [], 0
        current.append(block)
        current_chars += size
    if current:
        groups.append(current)
    return groups


def result_messages(markdown: str, title: str, footer: list[Block]) -> list[Message]:
    """Return the thread messages that carry a result, the footer at the end of the last one."""
    groups = group_blocks([*markdown_sections(markdown), *footer])
    fallback = shorten(escape_slack_text(title), FALLBACK_TEXT_MAX_CHARS)
    total = len(groups)
    return [
        {"text": fallback if total == 1 else f"{fallback} ({number}/{total})", "blocks": blocks}
        for number, blocks in enumerate(groups, start=1)
    ]


def counts_text(output: dict[str, Any], locale: str) -> str:
    """Return "1,200 words" / "1500 字" / both, from the output's counts."""
    han = int(output.get("han_count") or 0)
    words = int(output.get("word_count") or 0)
    if han and words:
        return t("job.counts_mixed", locale, han=han, words=words)
    if han:
        return t("job.counts_zh", locale, han=han)
    return t("job.counts_en", locale, words=words)


def footer_blocks(job: Job, output: dict[str, Any], locale: str) -> list[Block]:
    """Return the context block under a result: content id, version, counts, tokens, a hint."""
    tokens = job.tokens_prompt + job.tokens_completion
    line = t(
        "job.result_footer",
        locale,
        content_id=output.get("content_id") or job.content_id or "—",
        version=output.get("version") or "—",
        counts=counts_text(output, locale),
        tokens=tokens,
        estimated=t("job.tokens_estimated", locale) if job.tokens_estimated else "",
    )
    elements = [
        {"type": "mrkdwn", "text": escape_slack_text(line)},
        {"type": "mrkdwn", "text": escape_slack_text(t("slack.revise_hint", locale))},
    ]
    return [{"type": "context", "elements": elements}]


def progress_bar(percent: int) -> str:
    """Return a ten-cell bar such as ``▰▰▰▱▱▱▱▱▱▱``."""
    filled = max(0, min(PROGRESS_CELLS, round(percent / 100 * PROGRESS_CELLS)))
    return "▰" * filled + "▱" * (PROGRESS_CELLS - filled)


def status_message(
    job: Job,
    title: str,
    state: str,
    *,
    percent: int = 0,
    reason: str | None = None,
    top_level: bool = True,
) -> Message:
    """Return the message that shows a job's state: writing, done, failed or cancelled.

    A running job's message has a Cancel button. ``top_level`` adds who
    asked, because a status message in the channel starts the result thread.
    """
    locale = job.locale
    params = {
        "kind": kind_label(job.kind, locale),
        "title": escape_slack_text(shorten(title, SLACK_HEADER_TEXT_MAX_CHARS)),
        "percent": percent,
        "reason": escape_slack_text(reason or ""),
    }
    line = t(f"slack.status.{state}", locale, **params)
    if state == "writing":
        line = f"{line}\n`{progress_bar(percent)}`"
    blocks: list[Block] = [{"type": "section", "text": {"type": "mrkdwn", "text": line}}]

    requester = safe_user_id(job.destination.extra.get("user"))
    context = t("slack.status_job", locale, job_id=escape_slack_text(job.id))
    if requester and top_level:
        context = t("slack.requested_by", locale, user=f"<@{requester}>") + " · " + context
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": context}]})

    if state == "writing":
        button = {
            "type": "button",
            "action_id": CANCEL_ACTION_ID,
            "text": {"type": "plain_text", "text": t("slack.cancel_button", locale)},
            "value": job.id,
        }
        blocks.append({"type": "actions", "elements": [button]})

    fallback = t(f"slack.status.{state}", locale, **{**params, "title": shorten(title, 150)})
    return {"text": escape_slack_text(shorten(fallback, FALLBACK_TEXT_MAX_CHARS)), "blocks": blocks}


def notice_text(job: Job, title: str, permalink: str | None, locale: str) -> str:
    """Return the one-line team notice that a job is done, with a link to its thread."""
    requester = safe_user_id(job.destination.extra.get("user"))
    user = f"<@{requester}>" if requester else escape_slack_text(t("slack.someone", locale))
    line = t(
        "slack.notice_done",
        locale,
        kind=kind_label(job.kind, locale),
        title=escape_slack_text(shorten(title, SLACK_HEADER_TEXT_MAX_CHARS)),
        user=user,
    )
    if permalink and permalink.startswith(("https://", "http://")):
        label = escape_slack_text(t("slack.open_thread", locale))
        line = f"{line} <{permalink.replace('|', '%7C').replace('>', '%3E')}|{label}>"
    return line
