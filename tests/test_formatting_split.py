"""Splitting Telegram HTML into parts under the limit, each valid on its own."""

from __future__ import annotations

import random
import re

import pytest

from core.formatting import split_telegram_html, to_telegram_html
from core.formatting.escape import utf16_len
from core.formatting.split import MIN_PART_SIZE, Piece, split_pieces
from tests.test_formatting_telegram import (
    assert_valid_telegram_html,
    random_markdown,
    visible_text,
)

LABEL = re.compile(r"^\((\d+)/(\d+)\)\n")


def telegram_size(part: str) -> int:
    """Return the size Telegram counts for ``part``: UTF-16 units of its visible text."""
    return utf16_len(visible_text(part))


def strip_label(part: str) -> str:
    return LABEL.sub("", part, count=1)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def build_article() -> str:
    """Return Markdown of about 9,000 visible characters with a long code block and a table."""
    paragraphs = [
        f"Paragraph {number}. The desk reviews drafts before noon! Does it ship? "
        "Editors check facts, trim adjectives and keep the lead short. " * 3
        for number in range(1, 16)
    ]
    code = (
        "```python\n"
        + "\n".join(f"    total_{i} = compute(a < b, c & d)  # step {i}" for i in range(80))
        + "\n```"
    )
    table = "| 项目 | Owner | 状态 |\n|---|---|---|\n" + "\n".join(
        f"| 任务{i} | person{i} | 进行中 |" for i in range(25)
    )
    return "\n\n".join([*paragraphs[:7], code, *paragraphs[7:11], table, *paragraphs[11:]])


def test_short_html_unchanged() -> None:
    html = "<b>short</b> text"
    assert split_telegram_html(html) == [html]


def test_empty_html_no_parts() -> None:
    assert split_telegram_html("") == []


def test_article_parts_fit() -> None:
    html = to_telegram_html(build_article())
    parts = split_telegram_html(html)
    assert 9000 <= telegram_size(html) <= 12000
    assert len(parts) == 3
    for part in parts:
        assert telegram_size(part) <= 4096


def test_article_parts_valid() -> None:
    for part in split_telegram_html(to_telegram_html(build_article())):
        assert_valid_telegram_html(part)


def test_article_labels_numbered() -> None:
    parts = split_telegram_html(to_telegram_html(build_article()))
    matches = [LABEL.match(part) for part in parts]
    labels = [match.groups() if match else None for match in matches]
    assert labels == [("1", "3"), ("2", "3"), ("3", "3")]


def test_article_text_preserved() -> None:
    html = to_telegram_html(build_article())
    parts = split_telegram_html(html)
    joined = "".join(visible_text(strip_label(part)) for part in parts)
    assert squeeze(joined) == squeeze(visible_text(html))


def test_article_code_block_reopened() -> None:
    html = to_telegram_html(build_article())
    parts = split_telegram_html(html, max_chars=2000)
    code_parts = [part for part in parts if "total_" in part]
    assert len(code_parts) >= 2
    for part in code_parts:
        assert '<pre><code class="language-python">' in part
        assert part.count("<pre>") == part.count("</pre>")


def test_article_table_stays_in_pre() -> None:
    parts = split_telegram_html(to_telegram_html(build_article()), max_chars=1500)
    for part in parts:
        for line in visible_text(strip_label(part)).split("\n"):
            if "进行中" in line:
                assert "<pre>" in part


def test_chinese_no_punctuation_hard_cut() -> None:
    text = "中" * 10_000
    parts = split_telegram_html(text)
    assert len(parts) == 3
    assert all(telegram_size(part) <= 4096 for part in parts)
    assert "".join(strip_label(part) for part in parts) == text


def test_chinese_sentences_cut_after_period() -> None:
    text = "".join(f"第{i}句话说明编辑流程。" for i in range(1000))
    parts = split_telegram_html(text)
    assert len(text) >= 10_000
    assert all(telegram_size(part) <= 4096 for part in parts)
    for part in parts[:-1]:
        assert part.endswith("。")


def test_english_prefers_paragraph() -> None:
    paragraph = "Word " * 150
    html = "\n\n".join(paragraph.strip() + "." for _ in range(10))
    parts = split_telegram_html(html, max_chars=2000)
    for part in parts[:-1]:
        assert part.endswith(".")


def test_english_sentence_boundary() -> None:
    html = " ".join(f"Sentence number {i} ends here." for i in range(300))
    parts = split_telegram_html(html, max_chars=1000)
    for part in parts[:-1]:
        assert part.endswith("here.")


def test_bold_span_reopened() -> None:
    html = "<b>" + "bold words " * 500 + "</b>"
    parts = split_telegram_html(html, max_chars=1000)
    assert len(parts) >= 5
    for part in parts:
        assert strip_label(part).startswith("<b>")
        assert part.endswith("</b>")
        assert_valid_telegram_html(part)


def test_link_split_keeps_href() -> None:
    html = '<a href="https://example.com/?a=1&amp;b=2">' + "link text " * 300 + "</a>"
    parts = split_telegram_html(html, max_chars=1000)
    for part in parts:
        assert strip_label(part).startswith('<a href="https://example.com/?a=1&amp;b=2">')
        assert_valid_telegram_html(part)


def test_entities_count_one() -> None:
    html = "&lt;" * 5000
    parts = split_telegram_html(html)
    assert len(parts) == 2
    for part in parts:
        assert telegram_size(part) <= 4096
        assert_valid_telegram_html(part)


def test_emoji_counted_as_two() -> None:
    html = "😀" * 3000
    parts = split_telegram_html(html)
    assert len(parts) == 2
    for part in parts:
        assert telegram_size(part) <= 4096


def test_custom_label_counted() -> None:
    html = "word " * 2000

    def label(index: int, count: int) -> str:
        return f"— part {index} of {count} —"

    parts = split_telegram_html(html, max_chars=500, part_label=label)
    assert parts[0].startswith("— part 1 of ")
    for part in parts:
        assert telegram_size(part) <= 500


def test_label_escaped() -> None:
    parts = split_telegram_html("x " * 100, max_chars=50, part_label=lambda i, n: f"<{i}&{n}>")
    assert parts[0].startswith("&lt;1&amp;")
    assert_valid_telegram_html(parts[0])


def test_labels_grow_with_count() -> None:
    parts = split_telegram_html("word " * 3000, max_chars=100)
    assert len(parts) >= 100
    for part in parts:
        assert telegram_size(part) <= 100


def test_max_chars_too_small() -> None:
    with pytest.raises(ValueError):
        split_telegram_html("x" * 100, max_chars=10)


def test_no_empty_parts() -> None:
    html = "<b></b>\n\n\n\n" + "text " * 400 + "\n\n\n\n<i> </i>"
    for part in split_telegram_html(html, max_chars=300):
        assert visible_text(strip_label(part)).strip()


def test_combining_mark_kept_with_base() -> None:
    html = "e\u0301" * 100
    parts = split_telegram_html(html, max_chars=51)
    for part in parts[1:]:
        assert not strip_label(part).startswith("\u0301")


def test_split_pieces_minimum_size() -> None:
    with pytest.raises(ValueError):
        split_pieces([Piece(raw="x", size=1, text="x")], MIN_PART_SIZE - 1)


def test_fuzz_parts_valid() -> None:
    rng = random.Random(7)
    for _ in range(400):
        markdown = random_markdown(rng) * rng.randint(1, 6)
        html = to_telegram_html(markdown)
        max_chars = rng.choice([40, 80, 200])
        for part in split_telegram_html(html, max_chars=max_chars):
            context = f"input {markdown!r} part {part!r}"
            assert telegram_size(part) <= max_chars, context
            assert_valid_telegram_html(part)
