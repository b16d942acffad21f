"""Telegram HTML for replies, statuses and results, checked with the fake's HTML parser."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.telegram.render import (
    break_mentions,
    final_status_html,
    html_to_plain,
    layout_result,
    markdown_html,
    message_link,
    notice_html,
    reply_parts,
    split_caption,
)
from core.formatting.escape import WORD_JOINER
from handlers.types import Reply
from storage.models import Destination, Job
from tests.fakes.telegram_html import parse_html, utf16_len

NASTY = (
    "# Title with <script>alert(1)</script> & more\n\n"
    "a < b && c > d, 5 * 3 = 15, snake_case_name and **unclosed bold\n\n"
    "_half italic and `unclosed code\n\n"
    "Ask @admin or mail ann@example.com <b>not a tag</b> &amp; &lt;\n\n"
    "```python\n@decorator\ndef f(x): return x < 1 and x & 2\n```\n"
)


def _job(**fields: object) -> Job:
    values: dict[str, object] = {"id": "ab12cd34", "kind": "article", "user_id": 1, "locale": "en"}
    values.update(fields)
    return Job(**values)


def test_markdown_html_nasty_parses() -> None:
    text, _ = parse_html(markdown_html(NASTY))
    assert "a < b && c > d" in text
    assert "<script>alert(1)</script>" in text
    # CommonMark decodes entity references, so "&amp;" in the Markdown shows as "&".
    assert "<b>not a tag</b> & <" in text


def test_markdown_html_breaks_mentions() -> None:
    text, _ = parse_html(markdown_html(NASTY))
    assert f"@{WORD_JOINER}admin" in text
    assert "ann@example.com" in text


def test_break_mentions_skips_code() -> None:
    html = "<pre>@decorator</pre> <code>@x</code> @y"
    assert break_mentions(html) == f"<pre>@decorator</pre> <code>@x</code> @{WORD_JOINER}y"


def test_html_to_plain_decodes() -> None:
    assert html_to_plain("<b>a &lt; b</b> &amp; <i>c</i>") == "a < b & c"


def test_reply_parts_escape_user_text() -> None:
    reply = Reply("Queued: <b>@boss</b> & co", "en", kind="queued")
    [part] = reply_parts(reply)
    text, entities = parse_html(part)
    assert text == f"Queued: <b>@{WORD_JOINER}boss</b> & co"
    assert entities == []


def test_reply_parts_content_renders_markdown() -> None:
    reply = Reply("Header", "en", kind="content", markdown="**bold** text")
    [part] = reply_parts(reply)
    text, entities = parse_html(part)
    assert text == "Header\n\nbold text"
    assert [entity.type for entity in entities] == ["b"]


def test_split_caption_short_unchanged() -> None:
    assert split_caption("<b>short</b>") == ("<b>short</b>", "")


def test_split_caption_long_fits() -> None:
    html = markdown_html("\n\n".join(f"Paragraph {n} " + "word " * 60 for n in range(12)))
    caption, rest = split_caption(html)
    caption_text, _ = parse_html(caption)
    rest_text, _ = parse_html(rest)
    assert utf16_len(caption_text) <= 1024
    assert caption_text.startswith("Paragraph 0")
    assert "Paragraph 11" in rest_text


def test_layout_long_result_attaches_document() -> None:
    markdown = "# Long\n\n" + "\n\n".join("Sentence here. " * 30 for _ in range(20))
    job = _job(content_id="c1")
    layout = layout_result(job, {"markdown": markdown, "content_id": "c1", "version": 2}, [], [])
    assert len(layout.parts) >= 3
    assert layout.document is not None
    assert layout.document[0] == "c1-v2.md"
    assert layout.document[1] == markdown.encode("utf-8")


def test_layout_short_result_has_footer() -> None:
    job = _job(content_id="c1")
    layout = layout_result(
        job, {"markdown": "# Short\n\nBody.", "content_id": "c1", "version": 1}, [], []
    )
    assert len(layout.parts) == 1
    assert layout.document is None
    text, _ = parse_html(layout.parts[0])
    assert "Content c1, version 1" in text


def test_layout_photo_takes_caption(tmp_path: Path) -> None:
    photo = tmp_path / "a.png"
    job = _job(content_id="c1")
    layout = layout_result(
        job, {"markdown": "A cat.", "content_id": "c1", "version": 1}, [photo], []
    )
    assert layout.caption is not None
    assert "A cat." in html_to_plain(layout.caption)
    assert layout.parts == []


def test_layout_revision_shows_summary() -> None:
    job = _job(kind="revision", content_id="c1", locale="zh-CN")
    output = {"markdown": "Body", "summary": "shorter", "content_id": "c1", "version": 2}
    [part] = layout_result(job, output, [], []).parts
    text = html_to_plain(part)
    assert "修改说明：shorter" in text
    assert "第 2 版" in text


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("completed", "Article ab12cd34 is done."),
        ("cancelled", "Job ab12cd34 was cancelled."),
        ("failed", "Article ab12cd34 failed: model <down>"),
    ],
)
def test_final_status_texts(status: str, expected: str) -> None:
    html = final_status_html(_job(), status, "model <down>")
    assert parse_html(html)[0] == expected


def test_notice_escapes_user_and_title() -> None:
    job = _job(
        output={"title": "<i>T</i> & co"},
        destination=Destination(platform="telegram", extra={"user_name": "@root <x>"}),
    )
    html = notice_html(job, "en", '<a href="https://t.me/c/1/2">open the result</a>')
    text, entities = parse_html(html)
    assert text == f"@{WORD_JOINER}root <x> asked for Article “<i>T</i> & co”: open the result"
    assert [entity.type for entity in entities] == ["a"]


@pytest.mark.parametrize(
    ("chat_id", "thread_id", "username", "expected"),
    [
        (-1001234567890, None, None, "https://t.me/c/1234567890/5"),
        (-1001234567890, 9, None, "https://t.me/c/1234567890/9/5"),
        (-555, None, "team_chat", "https://t.me/team_chat/5"),
        (42, None, None, None),
        (-555, None, None, None),
    ],
)
def test_message_link_by_chat(
    chat_id: int, thread_id: int | None, username: str | None, expected: str | None
) -> None:
    assert message_link(chat_id, 5, thread_id, username) == expected
