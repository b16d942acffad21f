"""Render Markdown as Slack mrkdwn text and as section blocks.

Markdown is first rendered as Telegram-style HTML (one renderer for both
platforms), then each tag becomes its mrkdwn marker: ``*bold*``, ``_italic_``,
``~strike~``, `` `code` ``, fenced code blocks, ``<url|label>`` links and ``> ``
quote lines (api.slack.com/reference/surfaces/formatting). Every ``&``, ``<``
and ``>`` of the text becomes an entity, so model text cannot form
``<!channel>``, ``<@U…>``, ``<#C…>`` or a link of its own.

NOTE: Slack renders ``*x*`` only at word boundaries, so Markdown emphasis
inside a word (``foo**bar**baz``) shows its asterisks in Slack.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from core.formatting.escape import (
    SLACK_LINK_SCHEMES,
    break_slack_broadcasts,
    safe_url,
    slack_text,
    utf16_len,
)
from core.formatting.split import MIN_PART_SIZE, Piece, split_pieces
from core.formatting.telegram_html import HtmlToken, iter_html_tokens, render_chat_html
from core.limits import SLACK_MESSAGE_MAX_BLOCKS, SLACK_SECTION_TEXT_MAX_CHARS

logger = logging.getLogger(__name__)

QUOTE_PREFIX = "> "
CODE_FENCE_OPEN = "```\n"
CODE_FENCE_CLOSE = "\n```"
# A link label may not contain "|", which separates it from the URL, so it is
# shown as U+2223 DIVIDES. mrkdwn cannot escape a backtick, so a backtick in
# inline code (where it would end the code) or in text (where Markdown found no
# partner for it, but Slack might) becomes U+02CB. Inside a code block only a
# run of three is broken.
LABEL_PIPE = "\u2223"
CODE_BACKTICK = "\u02cb"

_MARKERS = {"b": "*", "strong": "*", "i": "_", "em": "_", "s": "~", "strike": "~", "del": "~"}


@dataclass
class _Writer:
    """Converter of Telegram HTML tokens into mrkdwn pieces, which tracks the open tags."""

    pieces: list[Piece] = field(default_factory=list)
    open_tags: list[tuple[str, str | None]] = field(default_factory=list)
    quote_depth: int = 0
    in_pre: bool = False
    in_code: bool = False
    link_href: str | None = None
    link_label: list[str] = field(default_factory=list)
    max_link_chars: int | None = None

    def feed(self, tokens: Iterable[HtmlToken]) -> list[Piece]:
        for token in tokens:
            if token.kind == "open":
                self._open(token)
            elif token.kind == "close":
                self._close()
            else:
                self._text(token.text)
        return self.pieces

    def _open(self, token: HtmlToken) -> None:
        name = token.name
        closer = None if self.link_href is not None else self._open_tag(token)
        self.open_tags.append((name, closer))

    def _open_tag(self, token: HtmlToken) -> str | None:
        """Emit the marker for an opening tag and return its closer, None if it has none."""
        name = token.name
        if name == "a":
            self.link_href = token.attribute("href") or ""
            self.link_label = []
            return None
        if name == "blockquote":
            self.quote_depth += 1
            if self._at_line_start():
                self.pieces.append(_quote_prefix())
            return None

        if name == "pre":
            self.in_pre = True
            opener, closer = CODE_FENCE_OPEN, CODE_FENCE_CLOSE
        elif name == "code" and not self.in_pre:
            self.in_code = True
            opener = closer = "`"
        elif name in _MARKERS and _MARKERS[name] not in {c for _, c in self.open_tags}:
            opener = closer = _MARKERS[name]
        else:
            return None

        self.pieces.append(
            Piece(raw=opener, size=utf16_len(opener), closer=closer, closer_size=utf16_len(closer))
        )
        return closer

    def _close(self) -> None:
        if not self.open_tags:
            return

        name, closer = self.open_tags.pop()
        if name == "a" and self.link_href is not None and all(t != "a" for t, _ in self.open_tags):
            self._link()
        elif name == "blockquote":
            self.quote_depth = max(0, self.quote_depth - 1)
        if closer is None:
            return

        if name == "pre":
            self.in_pre = False
        elif name == "code":
            self.in_code = False
        self.pieces.append(Piece(raw=closer, size=utf16_len(closer), closes=True))

    def _text(self, text: str) -> None:
        if self.link_href is not None:
            self.link_label.append(text)
            return

        if self.in_pre:
            text = text.replace("```", "``" + CODE_BACKTICK)
        else:
            text = text.replace("`", CODE_BACKTICK)
        if not self.in_pre and not self.in_code:
            text = break_slack_broadcasts(text)

        for char in text:
            raw = slack_text(char)
            self.pieces.append(Piece(raw=raw, size=utf16_len(raw), text=char))
            if char == "\n" and self.quote_depth and not self.in_pre:
                self.pieces.append(_quote_prefix())

    def _at_line_start(self) -> bool:
        text_pieces = (piece for piece in reversed(self.pieces) if piece.is_text and piece.text)
        last = next(text_pieces, None)
        return last is None or last.text == "\n"

    def _link(self) -> None:
        href, label = self.link_href or "", "".join(self.link_label).strip()
        self.link_href, self.link_label = None, []
        url = safe_url(href, SLACK_LINK_SCHEMES)
        if url is None:
            self._text(label or href)
            return

        target = slack_text(url.replace("|", "%7C"))
        if label and label != url:
            label_text = slack_text(break_slack_broadcasts(label)).replace("|", LABEL_PIPE)
            raw = f"<{target}|{label_text}>"
        else:
            raw = f"<{target}>"
        if self.max_link_chars is not None and utf16_len(raw) > self.max_link_chars:
            self._long_link(label, url, target)
            return
        self.pieces.append(Piece(raw=raw, size=utf16_len(raw), text=label[-1:] or "x"))

    def _long_link(self, label: str, url: str, target: str) -> None:
        """Write a link too long to stay whole as its label and a bare URL, or as text."""
        if label and label != url:
            self._text(label + " ")
        bare = f"<{target}>"
        if self.max_link_chars is not None and utf16_len(bare) <= self.max_link_chars:
            self.pieces.append(Piece(raw=bare, size=utf16_len(bare), text="x"))
        else:
            self._text(url)


def _quote_prefix() -> Piece:
    return Piece(raw=QUOTE_PREFIX, size=len(QUOTE_PREFIX), text="", breakable=False)


def slack_pieces(markdown: str, max_link_chars: int | None = None) -> list[Piece]:
    """Render ``markdown`` as mrkdwn pieces, sized in UTF-16 code units of the output.

    A ``<url|label>`` link longer than ``max_link_chars`` is written as its
    label followed by the bare ``<url>``, or as plain text when even that is
    too long, so that no single piece outgrows a section.
    """
    html = render_chat_html(markdown, SLACK_LINK_SCHEMES)
    return _Writer(max_link_chars=max_link_chars).feed(iter_html_tokens(html))


def to_slack_mrkdwn(markdown: str) -> str:
    """Convert model Markdown to Slack mrkdwn text.

    Headings become bold lines, list items "• " or "1. " lines and tables a
    code block with aligned columns. Links become ``<url|label>`` only for
    http(s) and mailto URLs. ``&``, ``<`` and ``>`` in text are entities and
    ``@channel``, ``@here`` and ``@everyone`` get a word joiner, so the result
    mentions no one. The result is not split; see ``to_slack_blocks``.
    """
    return "".join(piece.raw for piece in slack_pieces(markdown)).strip()


def to_slack_blocks(
    markdown: str,
    *,
    max_section_chars: int = SLACK_SECTION_TEXT_MAX_CHARS,
    max_blocks: int = SLACK_MESSAGE_MAX_BLOCKS,
) -> list[list[dict]]:
    """Convert model Markdown to Slack messages of mrkdwn section blocks.

    Returns one list of blocks per message, with at most ``max_blocks``
    blocks per message and at most ``max_section_chars`` UTF-16 code units of
    text per section. Sections end at a paragraph, line, sentence or word
    boundary where one leaves the section at least half full. A code block or
    ``*bold*`` span cut between sections is closed and reopened, so every
    section renders on its own. Empty input returns an empty list. Raises
    ValueError when ``max_section_chars`` is outside 16..3000 or ``max_blocks``
    is below 1.
    """
    if not MIN_PART_SIZE <= max_section_chars <= SLACK_SECTION_TEXT_MAX_CHARS:
        raise ValueError(
            f"max_section_chars must be between {MIN_PART_SIZE} and "
            f"{SLACK_SECTION_TEXT_MAX_CHARS}, got {max_section_chars}"
        )
    if max_blocks < 1:
        raise ValueError(f"max_blocks must be at least 1, got {max_blocks}")

    # Half a section leaves room for the markers reopened around a link.
    pieces = slack_pieces(markdown, max_link_chars=max_section_chars // 2)
    parts = split_pieces(pieces, max_section_chars)
    sections = [
        {"type": "section", "text": {"type": "mrkdwn", "text": "".join(p.raw for p in part)}}
        for part in parts
    ]
    messages = [sections[i : i + max_blocks] for i in range(0, len(sections), max_blocks)]
    logger.debug("rendered %d Slack sections in %d messages", len(sections), len(messages))
    return messages
