"""Block Kit rendering: limits, escaping, status messages and team notices."""

from __future__ import annotations

import re

from bot.slack import render
from handlers.types import Reply
from storage.models import Destination, Job

HOSTILE = "Ping <!channel> and <@U123>: a < b && b > c, <https://evil.test|click>"


def long_article(target_chars: int = 12_000) -> str:
    """A Markdown article of about ``target_chars`` characters with a table and code."""
    parts = ["# Tea and Focus\n", "Intro paragraph about tea. " * 10 + "\n"]
    parts.append("| Tea | Caffeine (mg) | Notes |\n|---|---:|---|\n")
    parts.extend(f"| Tea {i} | {20 + i} | steep {i} min |\n" for i in range(12))
    parts.append(
        "\n```python\ndef brew(minutes: int) -> str:\n    return 'tea' * minutes  # a < b\n```\n"
    )
    section = 0
    while sum(len(part) for part in parts) < target_chars:
        section += 1
        body = f"Sentence {section} about steeping and focus. " * 20
        parts.append(f"\n## Section {section}\n\n{body}")
    return "".join(parts)


def all_text(messages: list[dict]) -> str:
    texts = []
    for message in messages:
        for block in message.get("blocks", []):
            if "text" in block:
                texts.append(block["text"]["text"])
            texts.extend(element.get("text", "") for element in block.get("elements", []))
    return "\n".join(texts)


def make_job(locale: str = "en", **destination: object) -> Job:
    extra = {"user": "U0001"}
    return Job(
        id="ab12cd34",
        kind="article",
        user_id=1,
        locale=locale,
        destination=Destination(platform="slack", chat_id="C1", extra=extra, **destination),
    )


def test_result_messages_long_article_within_limits() -> None:
    markdown = long_article()
    messages = render.result_messages(markdown, "Tea and Focus", [])
    sections = [block for message in messages for block in message["blocks"]]
    assert len(markdown) >= 12_000
    assert all(len(block["text"]["text"]) <= 3000 for block in sections)
    assert all(len(message["blocks"]) <= 50 for message in messages)
    sizes = [sum(render.block_chars(block) for block in m["blocks"]) for m in messages]
    assert all(size <= render.MESSAGE_MAX_CHARS for size in sizes)
    assert len(sections) >= 4


def test_result_messages_keep_table_and_code() -> None:
    text = all_text(render.result_messages(long_article(), "Tea", []))
    assert "Caffeine (mg)" in text
    assert "def brew(minutes: int)" in text
    assert "Section 1" in text


def test_result_messages_escape_hostile_text() -> None:
    text = all_text(render.result_messages(f"# Title\n\n{HOSTILE}\n", "Title", []))
    assert "<!channel>" not in text
    assert "<@U123>" not in text
    assert "&lt;!channel&gt;" in text
    assert "a &lt; b &amp;&amp; b &gt; c" in text


def test_result_messages_fallback_text_escaped() -> None:
    messages = render.result_messages("body", HOSTILE, [])
    assert "<!channel>" not in messages[0]["text"]
    assert "&lt;@\u2060U123&gt;" in messages[0]["text"]


def test_result_messages_footer_last() -> None:
    output = {"content_id": "c1", "version": 2, "word_count": 9}
    footer = render.footer_blocks(make_job(), output, "en")
    messages = render.result_messages(long_article(), "Tea", footer)
    assert messages[-1]["blocks"][-1]["type"] == "context"
    assert "c1" in messages[-1]["blocks"][-1]["elements"][0]["text"]


def test_result_messages_numbered_when_split() -> None:
    messages = render.result_messages(long_article(30_000), "Tea", [])
    assert len(messages) >= 3
    assert messages[1]["text"].endswith(f"(2/{len(messages)})")


def test_group_blocks_max_blocks() -> None:
    blocks = [render.plain_section(f"line {i}") for i in range(60)]
    groups = render.group_blocks(blocks)
    assert [len(group) for group in groups] == [50, 10]


def test_group_blocks_max_chars() -> None:
    blocks = [render.plain_section("x" * 3000) for _ in range(5)]
    groups = render.group_blocks(blocks, max_chars=6000)
    assert [len(group) for group in groups] == [2, 2, 1]


def test_reply_messages_plain_escaped() -> None:
    messages = render.reply_messages(Reply("No job <@U1> & <!here>", "en", kind="error"))
    assert messages == [{"text": "No job &lt;@\u2060U1&gt; &amp; &lt;!here&gt;"}]


def test_reply_messages_content_split() -> None:
    reply = Reply("Tea (c1, version 1)", "en", kind="content", markdown=long_article(30_000))
    messages = render.reply_messages(reply)
    assert len(messages) >= 3
    assert messages[0]["blocks"][0]["text"]["text"] == "Tea (c1, version 1)"


def test_ack_payload_ephemeral() -> None:
    payload = render.ack_payload(Reply("Queued", "en", kind="queued"))
    assert payload == {"response_type": "ephemeral", "text": "Queued"}


def test_status_message_writing_en() -> None:
    message = render.status_message(make_job(), HOSTILE, "writing", percent=40)
    section = message["blocks"][0]["text"]["text"]
    assert section.startswith("Article: Ping &lt;!channel&gt;")
    assert "writing… 40%" in section
    assert "<!channel>" not in message["text"]
    assert "<@U0001>" in message["blocks"][1]["elements"][0]["text"]
    assert message["blocks"][2]["elements"][0]["action_id"] == render.CANCEL_ACTION_ID
    assert message["blocks"][2]["elements"][0]["value"] == "ab12cd34"


def test_status_message_done_zh() -> None:
    message = render.status_message(make_job("zh-CN"), "茶与专注", "done")
    assert message["blocks"][0]["text"]["text"] == "文章：茶与专注 — 已完成。结果在此话题串中。"
    assert all(block["type"] != "actions" for block in message["blocks"])


def test_status_message_failed_reason_escaped() -> None:
    message = render.status_message(make_job(), "Tea", "failed", reason="bad <@U9> reply")
    assert message["blocks"][0]["text"]["text"].endswith("failed: bad &lt;@\u2060U9&gt; reply")


def test_status_message_in_thread_omits_requester() -> None:
    message = render.status_message(make_job(thread_id="1.0"), "Tea", "writing", top_level=False)
    assert "<@U0001>" not in message["blocks"][1]["elements"][0]["text"]


def test_status_message_forged_requester_dropped() -> None:
    job = make_job()
    job.destination.extra["user"] = "U1> <!channel"
    message = render.status_message(job, "Tea", "writing")
    assert "<!channel" not in message["blocks"][1]["elements"][0]["text"]


def test_notice_text_links_thread() -> None:
    text = render.notice_text(make_job(), "Tea <b>", "https://x.slack.com/archives/C1/p1", "en")
    assert text == (
        "Article “Tea &lt;b&gt;” for <@U0001> is done. "
        "<https://x.slack.com/archives/C1/p1|Open the thread>"
    )


def test_notice_text_zh() -> None:
    text = render.notice_text(make_job(), "茶", None, "zh-CN")
    assert text == "<@U0001> 的文章《茶》已完成。"


def test_notice_text_rejects_odd_permalink() -> None:
    text = render.notice_text(make_job(), "Tea", "javascript:alert(1)", "en")
    assert "javascript" not in text


def test_progress_bar_bounds() -> None:
    assert render.progress_bar(0) == "▱" * 10
    assert render.progress_bar(100) == "▰" * 10
    assert re.fullmatch("▰{4}▱{6}", render.progress_bar(40))


def test_kind_label_unknown_kind() -> None:
    assert render.kind_label("no-such-kind", "en") == "no-such-kind"
