"""Long Telegram HTML split into messages that keep code blocks, tables and headings whole."""

from __future__ import annotations

from bot.telegram.parts import split_message_html, top_level_blocks, visible_size
from bot.telegram.render import markdown_html
from tests.fakes.telegram_html import parse_html


def _code_with_blank_lines(functions: int) -> str:
    return "\n\n".join(f"def f{n}(x):\n    return x < {n}" for n in range(functions))


def test_short_html_unchanged() -> None:
    assert split_message_html("<b>hi</b> there") == ["<b>hi</b> there"]


def test_empty_html_no_parts() -> None:
    assert split_message_html("  \n ") == []


def test_top_level_blocks_ignore_blank_lines_in_code() -> None:
    html = markdown_html("Intro.\n\n```\na\n\nb\n```\n\nOutro.")
    blocks = top_level_blocks(html)
    assert len(blocks) == 3
    assert blocks[1] == "<pre>a\n\nb</pre>"


def test_code_block_kept_whole() -> None:
    prose = "\n\n".join("Plain sentence number one. " * 10 for _ in range(11))
    markdown = f"{prose}\n\n```python\n{_code_with_blank_lines(60)}\n```\n\nThe end."
    parts = split_message_html(markdown_html(markdown))
    code_parts = [part for part in parts if "def f0(x)" in part]

    assert len(parts) >= 2
    assert len(code_parts) == 1
    assert "def f59(x)" in code_parts[0]
    for part in parts:
        text, _ = parse_html(part)
        assert len(text) <= 4096


def test_oversized_code_block_cut_valid() -> None:
    markdown = f"```\n{_code_with_blank_lines(400)}\n```"
    parts = split_message_html(markdown_html(markdown))

    assert len(parts) >= 2
    for part in parts:
        text, entities = parse_html(part)
        assert len(text) <= 4096
        assert [entity.type for entity in entities] == ["pre"]


def test_heading_stays_with_body() -> None:
    sections = [f"## Heading {n}\n\n" + "Body sentence here. " * 60 for n in range(8)]
    parts = split_message_html(markdown_html("\n\n".join(sections)))

    for part in parts:
        last_line = part.rstrip().rsplit("\n", 1)[-1]
        assert not last_line.startswith("<b>Heading")


def test_labels_count_parts() -> None:
    parts = split_message_html(markdown_html("\n\n".join("Word " * 300 for _ in range(10))))
    assert [part.split("\n", 1)[0] for part in parts] == [
        f"({n}/{len(parts)})" for n in range(1, len(parts) + 1)
    ]
    assert all(visible_size(part) <= 4096 for part in parts)
