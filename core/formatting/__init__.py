"""Model Markdown converted for chat platforms: Telegram HTML, Slack mrkdwn, plain text.

Every function is pure and synchronous. Platform limits come from
``core.limits``.
"""

from core.formatting.escape import escape_slack_text, escape_telegram_html
from core.formatting.plain import plain_text
from core.formatting.slack_mrkdwn import to_slack_blocks, to_slack_mrkdwn
from core.formatting.split import split_telegram_html
from core.formatting.telegram_html import to_telegram_html

__all__ = [
    "escape_slack_text",
    "escape_telegram_html",
    "plain_text",
    "split_telegram_html",
    "to_slack_blocks",
    "to_slack_mrkdwn",
    "to_telegram_html",
]
