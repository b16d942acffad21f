"""Escaping for Telegram HTML and Slack mrkdwn, URL checks and text measures.

Telegram's HTML parse mode needs ``<``, ``>`` and ``&`` outside tags replaced by
``&lt;``, ``&gt;`` and ``&amp;``, and supports only those named entities plus
``&quot;`` (core.telegram.org/bots/api#html-style). Slack uses the same three
characters as control characters in mrkdwn and expects the same three
entities (api.slack.com/reference/surfaces/formatting#escaping).
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote, urlsplit

# U+2060 WORD JOINER: invisible and not a word character, so "@\u2060admin" no
# longer matches a mention (Telegram) or an @channel/@here keyword (Slack).
WORD_JOINER = "\u2060"

TELEGRAM_LINK_SCHEMES = frozenset({"http", "https", "tg", "mailto"})
SLACK_LINK_SCHEMES = frozenset({"http", "https", "mailto"})

_MENTION = re.compile(r"(?<![\w@])@(?=\w)")
_SLACK_BROADCAST = re.compile(r"(?<![\w@])@(?=(?:channel|here|everyone)\b)", re.IGNORECASE)
_LINE_START_QUOTE = re.compile(r"^(?=>)", re.MULTILINE)

# Slack has no escape for its formatting markers, so plain user text gets
# look-alike characters that Slack does not parse.
_SLACK_MARKER_LOOKALIKES = str.maketrans(
    {
        "*": "\u2217",  # ASTERISK OPERATOR
        "_": "\u02cd",  # MODIFIER LETTER LOW MACRON
        "~": "\u223c",  # TILDE OPERATOR
        "`": "\u02cb",  # MODIFIER LETTER GRAVE ACCENT
    }
)


def html_text(text: str) -> str:
    """Escape ``&``, ``<`` and ``>`` for text content in Telegram HTML."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def html_attribute(value: str) -> str:
    """Escape a value for a double-quoted Telegram HTML attribute."""
    return html_text(value).replace('"', "&quot;")


def slack_text(text: str) -> str:
    """Escape Slack's three control characters, which Slack decodes for display."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def break_slack_broadcasts(text: str) -> str:
    """Insert a word joiner after the ``@`` of ``@channel``, ``@here`` and ``@everyone``.

    Slack only notifies for ``<!channel>`` syntax by default, but a caller that
    sets ``link_names`` makes the bare words notify too.
    """
    return _SLACK_BROADCAST.sub("@" + WORD_JOINER, text)


def escape_telegram_html(text: str) -> str:
    """Return plain user text that is safe inside a Telegram ``parse_mode=HTML`` message.

    Every ``<``, ``>``, ``&`` and ``"`` becomes an entity, so the text cannot open
    a tag. A word joiner after each leading ``@`` keeps ``@name`` from becoming a
    mention. Other entities that Telegram detects on its own (URLs, #hashtags,
    /commands) stay, because they notify no one.
    """
    return html_attribute(_MENTION.sub("@" + WORD_JOINER, text))


def escape_slack_text(text: str) -> str:
    """Return plain user text that Slack mrkdwn shows as typed, with no mention or formatting.

    ``&``, ``<`` and ``>`` become entities, so no ``<!channel>``, ``<@U…>``,
    ``<#C…>`` or link can form. Slack has no escape for ``*``, ``_``, ``~`` and
    a backtick, so they become look-alike characters. A word joiner after each
    leading ``@`` and a zero-width space before a line-leading ``>`` stop
    mentions and block quotes.
    """
    text = text.translate(_SLACK_MARKER_LOOKALIKES)
    text = _MENTION.sub("@" + WORD_JOINER, text)
    text = _LINE_START_QUOTE.sub("\u200b", text)
    return slack_text(text)


def utf16_len(text: str) -> int:
    """Return the length of ``text`` in UTF-16 code units, the unit Telegram counts in."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def _is_hidden_or_space(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp")


def _host_has_hidden_chars(host: str) -> bool:
    for label in host.split("."):
        if not label.lower().startswith("xn--"):
            continue
        try:
            decoded = label[4:].encode("ascii").decode("punycode")
        except (UnicodeError, ValueError):
            return True
        if any(_is_hidden_or_space(char) for char in decoded):
            return True
    return False


def safe_url(url: str, schemes: frozenset[str]) -> str | None:
    """Return ``url`` stripped when it may become a link, else None.

    The scheme must be in ``schemes``, http(s) needs a host, and the URL may not
    contain whitespace, control or format characters (zero-width spaces, bidi
    overrides), neither raw, percent-encoded nor inside a punycode host label.
    Such characters make a link show one address and open another.
    """
    url = url.strip()
    if not url or any(_is_hidden_or_space(char) for char in unquote(url)):
        return None

    try:
        parts = urlsplit(url)
    except ValueError:
        return None

    scheme = parts.scheme.lower()
    if scheme not in schemes:
        return None
    if scheme in ("http", "https") and not parts.hostname:
        return None
    if scheme in ("mailto", "tg") and len(url) <= len(scheme) + 1:
        return None
    if parts.hostname and _host_has_hidden_chars(parts.hostname):
        return None
    return url
