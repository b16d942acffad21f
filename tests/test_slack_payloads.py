"""Reading Slack payloads: markup to plain text, command lines, mentions, channel checks."""

from __future__ import annotations

import pytest

from bot.slack.payloads import (
    channel_allowed,
    command_line,
    event_key,
    is_general_help,
    looks_like_command,
    mention_line,
    mentions_user,
    safe_user_id,
    slack_to_plain,
    strip_mention,
    thread_of,
)
from core.config import SlackSettings


@pytest.mark.parametrize(
    ("raw", "plain"),
    [
        ("a &lt; b &amp;&amp; b &gt; c", "a < b && b > c"),
        ("ask <@U123|ann> and <@U456>", "ask @ann and @U456"),
        ("in <#C1|general>", "in #general"),
        ("<!here> and <!channel>", "@here and @channel"),
        ("<!subteam^S1|@writers>", "@writers"),
        (
            "see <https://example.com/a?b=1&amp;c=2|example.com>",
            "see https://example.com/a?b=1&c=2",
        ),
        ("literal &amp;lt;@U1&amp;gt;", "literal &lt;@U1&gt;"),
    ],
)
def test_slack_to_plain_cases(raw: str, plain: str) -> None:
    assert slack_to_plain(raw) == plain


def test_command_line_kind() -> None:
    line = command_line("/article", "AI in schools --length short")
    assert line == "/article AI in schools --length short"


def test_command_line_kind_without_text() -> None:
    assert command_line("/article", "  ") == "/article"


def test_command_line_umbrella_subcommand() -> None:
    assert command_line("/copydesk", "jobs --status running") == "/jobs --status running"


def test_command_line_umbrella_slash_kept_once() -> None:
    assert command_line("/copydesk", "/status abc") == "/status abc"


def test_command_line_umbrella_empty_is_help() -> None:
    assert command_line("/copydesk", "") == "/help"


def test_command_line_unescapes_text() -> None:
    assert command_line("/article", "a &lt; b") == "/article a < b"


def test_mention_line_adds_slash() -> None:
    assert mention_line("article tea") == "/article tea"


def test_mention_line_empty_is_help() -> None:
    assert mention_line("   ") == "/help"


def test_strip_mention_leading() -> None:
    assert strip_mention("<@UBOT> article tea", "UBOT") == "article tea"


def test_strip_mention_with_label() -> None:
    assert strip_mention("<@UBOT|copydesk> jobs", "UBOT") == "jobs"


def test_strip_mention_keeps_other_users() -> None:
    assert strip_mention("<@UBOT> thank <@U2>", "UBOT") == "thank <@U2>"


def test_mentions_user_found() -> None:
    assert mentions_user("hey <@UBOT> do it", "UBOT") is True


def test_mentions_user_other_user() -> None:
    assert mentions_user("hey <@U2> do it", "UBOT") is False


def test_looks_like_command_known() -> None:
    assert looks_like_command("article tea") is True


def test_looks_like_command_instruction() -> None:
    assert looks_like_command("make the intro shorter") is False


def test_is_general_help_topic() -> None:
    assert is_general_help("/help") is True
    assert is_general_help("/help article") is False


def test_channel_allowed_empty_list_allows_all() -> None:
    assert channel_allowed(SlackSettings(), "C9") is True


def test_channel_allowed_listed() -> None:
    settings = SlackSettings(allowed_channel_ids=["C1"])
    assert channel_allowed(settings, "C1") is True
    assert channel_allowed(settings, "C2") is False
    assert channel_allowed(settings, None) is False


def test_safe_user_id_rejects_markup() -> None:
    assert safe_user_id("U0123ABC") == "U0123ABC"
    assert safe_user_id("U1><!channel") is None
    assert safe_user_id(None) is None


def test_event_key_prefers_event_id() -> None:
    assert event_key({"event_id": "Ev1"}, {"channel": "C1", "ts": "1.2"}) == "Ev1"
    assert event_key({}, {"channel": "C1", "ts": "1.2"}) == "C1:1.2"


def test_thread_of_reply_and_root() -> None:
    assert thread_of({"ts": "2.0", "thread_ts": "1.0"}) == "1.0"
    assert thread_of({"ts": "1.0", "thread_ts": "1.0"}) is None
    assert thread_of({"ts": "1.0"}) is None
