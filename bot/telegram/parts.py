"""Splitting long Telegram HTML into messages that keep whole blocks together.

``core.formatting.split_telegram_html`` cuts at the best boundary it finds,
which can fall inside a code block or table when the block straddles the
limit. Here the top-level blocks (paragraphs, code blocks, tables, quotes)
are packed whole into messages. Only a block longer than one message is
cut, by that splitter's rules (paragraph, line, sentence, word). A heading
is kept with the block after it.
"""

from __future__ import annotations

import re

from core.formatting.escape import html_text, utf16_len
from core.formatting.split import split_pieces, telegram_pieces
from core.formatting.telegram_html import iter_html_tokens
from core.limits import TELEGRAM_MESSAGE_MAX_CHARS

BLOCK_SEPARATOR = "\n\n"
# Room for a part label such as "(12/345)" and its newline.
LABEL_RESERVE = 12
_BLANK_LINES = re.compile(r"\n{2,}")
_HEADING = re.compile(r"^<b>[^\n]{1,300}</b>$")


def visible_size(html: str) -> int:
    """Return the length Telegram counts for ``html``: its text in UTF-16 code units."""
    return sum(utf16_len(token.text) for token in iter_html_tokens(html) if token.kind == "text")


def top_level_blocks(html: str) -> list[str]:
    """Split HTML at blank lines that are outside every tag."""
    blocks: list[str] = []
    current: list[str] = []
    depth = 0
    for token in iter_html_tokens(html):
        if token.kind == "open":
            depth += 1
        elif token.kind == "close":
            depth = max(0, depth - 1)
        if token.kind != "text" or depth > 0:
            current.append(token.raw)
            continue

        pieces = _BLANK_LINES.split(token.raw)
        current.append(pieces[0])
        for piece in pieces[1:]:
            blocks.append("".join(current))
            current = [piece]
    blocks.append("".join(current))
    return [block for block in blocks if block.strip()]


def split_message_html(html: str, max_chars: int = TELEGRAM_MESSAGE_MAX_CHARS) -> list[str]:
    """Split HTML into messages of at most ``max_chars`` (as Telegram counts) with "(i/n)" labels.

    HTML that fits is returned unchanged as the only message. Each message
    is valid HTML on its own.
    """
    if not html.strip():
        return []
    if visible_size(html) <= max_chars:
        return [html]

    chunks = _pack(_keep_headings_with_next(top_level_blocks(html)), max_chars - LABEL_RESERVE)
    total = len(chunks)
    return [
        html_text(f"({number}/{total})") + "\n" + chunk
        for number, chunk in enumerate(chunks, start=1)
    ]


def _keep_headings_with_next(blocks: list[str]) -> list[str]:
    merged: list[str] = []
    pending: str | None = None
    for block in blocks:
        if pending is not None:
            block = pending + BLOCK_SEPARATOR + block
            pending = None
        if _HEADING.match(block):
            pending = block
            continue
        merged.append(block)
    if pending is not None:
        merged.append(pending)
    return merged


def _pack(blocks: list[str], budget: int) -> list[str]:
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for block in blocks:
        block_size = visible_size(block)
        joined_size = size + (len(BLOCK_SEPARATOR) if current else 0) + block_size
        if joined_size <= budget:
            current.append(block)
            size = joined_size
            continue

        if current:
            chunks.append(BLOCK_SEPARATOR.join(current))
            current, size = [], 0
        if block_size <= budget:
            current, size = [block], block_size
            continue

        pieces = [
            "".join(piece.raw for piece in part)
            for part in split_pieces(telegram_pieces(block), budget)
        ]
        chunks.extend(pieces[:-1])
        current, size = [pieces[-1]], visible_size(pieces[-1])
    if current:
        chunks.append(BLOCK_SEPARATOR.join(current))
    return chunks
