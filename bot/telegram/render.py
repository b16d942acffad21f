"""Telegram HTML for replies, job status lines, results and the team notice.

Every function here is pure. Plain text from people or from the desk goes
through ``escape_telegram_html``. Model Markdown goes through
``to_telegram_html`` and then :func:`break_mentions`. So neither can open a
tag or mention a user.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.telegram.parts import split_message_html
from core.formatting import escape_telegram_html, to_telegram_html
from core.formatting.escape import WORD_JOINER
from core.formatting.split import split_pieces, telegram_pieces
from core.formatting.telegram_html import iter_html_tokens
from core.i18n import catalogue, t
from core.limits import TELEGRAM_CAPTION_MAX_CHARS
from handlers.types import Reply
from storage.models import Job

# Tags whose text Telegram shows verbatim: no mention or link is detected inside.
_VERBATIM_TAGS = frozenset({"code", "pre"})
_MENTION = re.compile(r"(?<![\w@])@(?=\w)")
_UNSAFE_FILENAME_CHARS = re.compile(r"[^A-Za-z0-9._-]+")


def html_to_plain(html: str) -> str:
    """Return the text of Telegram HTML without tags and with entities decoded.

    Telegram counts message length on this text, so a part that fits as HTML
    also fits as plain text.
    """
    return "".join(token.text for token in iter_html_tokens(html) if token.kind == "text")


def break_mentions(html: str) -> str:
    """Insert a word joiner after each ``@`` that would start a mention, outside code.

    Text inside ``<code>`` and ``<pre>`` is left alone, because Telegram
    detects no mentions there and a reader copies code from it.
    """
    chunks: list[str] = []
    verbatim_depth = 0
    for token in iter_html_tokens(html):
        if token.kind == "open" and token.name in _VERBATIM_TAGS:
            verbatim_depth += 1
        elif token.kind == "close" and token.name in _VERBATIM_TAGS:
            verbatim_depth = max(0, verbatim_depth - 1)

        if token.kind == "text" and verbatim_depth == 0:
            chunks.append(_MENTION.sub("@" + WORD_JOINER, token.raw))
        else:
            chunks.append(token.raw)
    return "".join(chunks)


def markdown_html(markdown: str) -> str:
    """Render model Markdown as Telegram HTML that mentions no one."""
    return break_mentions(to_telegram_html(markdown))


def reply_parts(reply: Reply) -> list[str]:
    """Return the HTML messages for a desk reply: its escaped text, then any rich content."""
    blocks = [escape_telegram_html(reply.text)] if reply.text.strip() else []
    if reply.markdown:
        blocks.append(markdown_html(reply.markdown))
    return split_message_html("\n\n".join(blocks))


def kind_label(kind: str, locale: str) -> str:
    """Return the localized name of a job kind, or the kind itself when it has none."""
    key = f"kind.{kind}"
    return t(key, locale) if key in catalogue() else kind


def progress_html(job: Job, percent: int) -> str:
    return escape_telegram_html(
        t(
            "job.progress",
            job.locale,
            kind=kind_label(job.kind, job.locale),
            job_id=job.id,
            percent=percent,
        )
    )


def final_status_html(job: Job, status: str, reason: str | None = None) -> str:
    """Return the text the "queued" message ends with: completed, failed or cancelled."""
    kind = kind_label(job.kind, job.locale)
    if status == "completed":
        text = t("job.completed", job.locale, kind=kind, job_id=job.id)
    elif status == "cancelled":
        text = t("job.cancelled", job.locale, job_id=job.id)
    else:
        text = t(
            "job.failed",
            job.locale,
            kind=kind,
            job_id=job.id,
            reason=reason or job.error or t("status.failed", job.locale),
        )
    return escape_telegram_html(text)


@dataclass
class ResultLayout:
    """The messages that carry one result, in posting order.

    ``photos`` go first, the first one with ``caption``; ``parts`` follow as
    text messages; ``document`` (file name and bytes) contains the whole Markdown
    when the text was split.
    """

    parts: list[str]
    caption: str | None = None
    photos: list[Path] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    document: tuple[str, bytes] | None = None


def layout_result(
    job: Job, output: dict[str, Any], photos: list[Path], files: list[Path]
) -> ResultLayout:
    """Lay out a completed job's output as captions, messages and attachments."""
    markdown = str(output.get("markdown") or "")
    blocks = []
    summary = output.get("summary")
    if job.kind == "revision" and summary:
        blocks.append(
            escape_telegram_html(t("telegram.revision_summary", job.locale, summary=summary))
        )
    if markdown.strip():
        blocks.append(markdown_html(markdown))
    blocks.append(_footer_html(job, output))
    html = "\n\n".join(blocks)

    caption = None
    if photos:
        caption, html = split_caption(html)
    parts = split_message_html(html)

    document = None
    if len(parts) > 1 and markdown.strip():
        document = (_document_name(job, output), markdown.encode("utf-8"))
    return ResultLayout(parts=parts, caption=caption, photos=photos, files=files, document=document)


def split_caption(html: str, max_chars: int = TELEGRAM_CAPTION_MAX_CHARS) -> tuple[str, str]:
    """Split HTML into a caption of at most ``max_chars`` and the rest (possibly empty).

    The cut is at the best boundary the splitter finds (paragraph, line,
    sentence, word). The rest is the remaining parts joined by newlines, so a
    cut inside a paragraph starts a new line there.
    """
    pieces = telegram_pieces(html)
    if sum(piece.size for piece in pieces) <= max_chars:
        return html, ""
    parts = split_pieces(pieces, max_chars)
    caption = "".join(piece.raw for piece in parts[0])
    rest = "\n".join("".join(piece.raw for piece in part) for part in parts[1:])
    return caption, rest


def document_caption_html(locale: str) -> str:
    return escape_telegram_html(t("telegram.document_caption", locale))


def _footer_html(job: Job, output: dict[str, Any]) -> str:
    content_id = output.get("content_id") or job.content_id
    if not content_id:
        return ""
    text = t(
        "telegram.result_footer",
        job.locale,
        content_id=content_id,
        version=output.get("version", 1),
    )
    return f"<i>{escape_telegram_html(text)}</i>"


def _document_name(job: Job, output: dict[str, Any]) -> str:
    stem = str(output.get("content_id") or job.content_id or job.id)
    version = output.get("version")
    if version:
        stem = f"{stem}-v{version}"
    return _UNSAFE_FILENAME_CHARS.sub("-", stem) + ".md"


def notice_html(job: Job, locale: str, where_html: str) -> str:
    """Return the one-line team notice: who asked, the kind, the title and where the result is."""
    extra = job.destination.extra
    who = str(extra.get("user_name") or extra.get("username") or job.user_id)
    title = str((job.output or {}).get("title") or "—")
    # The template is ours and contains no <, > or &, so only the values need escaping.
    return t(
        "telegram.notice",
        locale,
        user=escape_telegram_html(who),
        kind=escape_telegram_html(kind_label(job.kind, locale)),
        title=escape_telegram_html(title),
        where=where_html,
    )


def message_link(
    chat_id: int, message_id: int, thread_id: int | None, username: str | None
) -> str | None:
    """Return a t.me link to a message in a supergroup or public chat, or None (private chats)."""
    if username:
        return f"https://t.me/{username}/{message_id}"
    text = str(chat_id)
    if not text.startswith("-100"):
        return None
    internal_id = text.removeprefix("-100")
    if thread_id is not None:
        return f"https://t.me/c/{internal_id}/{thread_id}/{message_id}"
    return f"https://t.me/c/{internal_id}/{message_id}"
