"""Markdown reduced to readable plain text, for notifications and fallback text."""

from __future__ import annotations

import re

from core.formatting.escape import TELEGRAM_LINK_SCHEMES
from core.formatting.telegram_html import iter_html_tokens, render_chat_html

_EXTRA_BLANK_LINES = re.compile(r"\n{3,}")


def plain_text(markdown: str) -> str:
    """Return ``markdown`` as plain text without any markup.

    Headings, list markers, quotes and tables keep their line layout, with
    tables as aligned text. Links keep only their label and images their alt
    text.
    The result is not escaped. Pass it through ``escape_slack_text`` before it
    becomes a Slack ``text`` field, and through ``escape_telegram_html`` before
    it goes into Telegram HTML.
    """
    html = render_chat_html(markdown, TELEGRAM_LINK_SCHEMES)
    text = "".join(token.text for token in iter_html_tokens(html) if token.kind == "text")
    return _EXTRA_BLANK_LINES.sub("\n\n", text).strip()
