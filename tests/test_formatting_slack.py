"""Markdown to Slack mrkdwn and section blocks, escaping of user text, plain text."""

from __future__ import annotations

import random
import re

import pytest

from core.formatting import escape_slack_text, plain_text, to_slack_blocks, to_slack_mrkdwn
from core.formatting.escape import utf16_len
from core.formatting.table import display_width
from tests.test_formatting_telegram import random_markdown

LINK = re.compile(r"<(?:https?://|mailto:)[^<>\s|]+(?:\|[^<>|]*)?>")
ENTITY = re.compile(r"&(?:amp|lt|gt);")
QUOTE_PREFIX = re.compile(r"^[ \t]*> ?", re.MULTILINE)
ZERO_WIDTH = "\u200b"
WORD_JOINER = "\u2060"


class SlackTextError(AssertionError):
    """mrkdwn that could mention, link or escape beyond what Copydesk wrote."""


def assert_safe_mrkdwn(text: str) -> None:
    """Raise SlackTextError unless every control character in ``text`` is intended.

    A ``<`` may only open an http(s) or mailto link, an ``&`` only start
    ``&amp;``, ``&lt;`` or ``&gt;``, and a ``>`` only close such a link or
    start a quote line.
    """
    for needle in ("<!", "<@", "<#"):
        if needle in text:
            raise SlackTextError(f"{needle!r} in {text[:80]!r}")

    without_links = LINK.sub("", text)
    if "<" in without_links:
        raise SlackTextError(f"stray '<' in {without_links[:80]!r}")
    if "&" in ENTITY.sub("", without_links):
        raise SlackTextError(f"stray '&' in {without_links[:80]!r}")
    if ">" in QUOTE_PREFIX.sub("", ENTITY.sub("", without_links)):
        raise SlackTextError(f"stray '>' in {without_links[:80]!r}")


def section_texts(messages: list[list[dict]]) -> list[str]:
    return [block["text"]["text"] for blocks in messages for block in blocks]


def squeeze(text: str) -> str:
    """Drop whitespace and mrkdwn markers, which a split adds or removes."""
    return re.sub(r"\s|```|[*_~`]", "", text)


def build_article() -> str:
    """Return Markdown of about 12,000 characters with a table and a code block."""
    paragraph = (
        "The desk reviews every draft before noon. Editors check facts, trim adjectives "
        "and keep the lead short! Does the headline promise what the text delivers? "
    )
    sections = [f"## Section {number}\n\n" + paragraph * 4 for number in range(1, 21)]
    table = "| 项目 | Owner | 状态 |\n|---|---|---|\n" + "\n".join(
        f"| 任务{i} | person{i} | 进行中 |" for i in range(30)
    )
    code = (
        "```python\n" + "\n".join(f"total_{i} = compute(a < b, c & d)" for i in range(60)) + "\n```"
    )
    return "\n\n".join([*sections[:8], table, *sections[8:14], code, *sections[14:]])


def test_validator_rejects_mentions() -> None:
    for text in ["<!channel>", "<@U123>", "<#C1|x>", "a < b", "a & b", "a > b", "<javascript:x|y>"]:
        with pytest.raises(SlackTextError):
            assert_safe_mrkdwn(text)


def test_inline_styles_converted() -> None:
    assert to_slack_mrkdwn("**b** *i* ~~s~~ `c`") == "*b* _i_ ~s~ `c`"


def test_nested_bold_not_doubled() -> None:
    assert to_slack_mrkdwn("# A **b** c") == "*A b c*"


def test_heading_bold_line() -> None:
    assert to_slack_mrkdwn("# Title\n\ntext") == "*Title*\n\ntext"


def test_lists_converted() -> None:
    assert to_slack_mrkdwn("- a\n- b\n\n1. x\n2. y") == "• a\n• b\n\n1. x\n2. y"


def test_code_block_fenced() -> None:
    assert (
        to_slack_mrkdwn("```js\nif (a < b && c) {}\n```")
        == "```\nif (a &lt; b &amp;&amp; c) {}\n```"
    )


def test_code_block_fence_inside_broken() -> None:
    result = to_slack_mrkdwn("````\nx ``` y\n````")
    assert result.count("```") == 2


def test_inline_code_backtick_replaced() -> None:
    assert to_slack_mrkdwn("`` a`b ``") == "`a\u02cbb`"


def test_blockquote_prefixed() -> None:
    assert to_slack_mrkdwn("> one\n> two") == "> one\n> two"


def test_table_code_block_aligned() -> None:
    result = to_slack_mrkdwn("| 名称 | Value |\n|---|---|\n| 中文名字很长 | 1 |\n| ab | 12345 |")
    lines = [line for line in result.split("\n") if "|" in line]
    positions = [display_width(line[: line.index("|")]) for line in lines]
    assert result.startswith("```\n")
    assert result.endswith("\n```")
    assert len(lines) == 3
    assert len(set(positions)) == 1


def test_link_converted() -> None:
    assert to_slack_mrkdwn("[site](https://e.com/?a=1&b=2)") == "<https://e.com/?a=1&amp;b=2|site>"


def test_link_label_pipe_and_gt() -> None:
    result = to_slack_mrkdwn("[a|b>c](https://e.com)")
    assert result == "<https://e.com|a\u2223b&gt;c>"


def test_link_autolink_bare() -> None:
    assert to_slack_mrkdwn("<https://e.com/x>") == "<https://e.com/x>"


def test_link_mailto_kept() -> None:
    assert to_slack_mrkdwn("[mail](mailto:desk@example.com)") == "<mailto:desk@example.com|mail>"


@pytest.mark.parametrize(
    "markdown",
    [
        "[x](tg://user?id=1)",
        "[x](ftp://e.com)",
        "[x](javascript:alert(1))",
        "[x](https://e\u200bx.com)",
    ],
)
def test_link_rejected_as_text(markdown: str) -> None:
    result = to_slack_mrkdwn(markdown)
    assert "<" not in result
    assert result.startswith("x") or result.startswith("[x]")


def test_special_chars_escaped() -> None:
    assert to_slack_mrkdwn("a < b && b > c") == "a &lt; b &amp;&amp; b &gt; c"


@pytest.mark.parametrize(
    "markdown",
    [
        "<!channel> hello",
        "<!here|here>",
        "<!everyone>",
        "<@U123>",
        "<#C123|general>",
        "<!subteam^S123>",
        "<https://evil.example|click me>",
        "&lt;!channel&gt;",
        "&#60;!channel&#62;",
        "<\u200b!channel>",
        "\u200b<!channel>",
        "<!chan\u200bnel>",
        "<\u2060@U123>",
        "\uff1c!channel\uff1e",
        "[<!channel>](https://e.com)",
        "[x](https://e.com/<!channel>)",
        "`<!channel>`",
        "```\n<!channel>\n```",
        "| <!here> |\n|---|\n| <@U1> |",
        "# <!everyone>",
    ],
)
def test_mention_syntax_escaped(markdown: str) -> None:
    assert_safe_mrkdwn(to_slack_mrkdwn(markdown))


@pytest.mark.parametrize("word", ["@everyone", "@here", "@channel", "@Channel"])
def test_broadcast_words_broken(word: str) -> None:
    result = to_slack_mrkdwn(f"hi {word} and [{word}](https://e.com)")
    assert word not in result
    assert f"@{WORD_JOINER}{word[1:]}" in result


def test_email_not_broken() -> None:
    assert to_slack_mrkdwn("write to here@example.com") == "write to here@example.com"


def test_escape_slack_text_controls() -> None:
    result = escape_slack_text("<!channel> <@U123> a < b && b > c")
    assert result == "&lt;!channel&gt; &lt;@\u2060U123&gt; a &lt; b &amp;&amp; b &gt; c"


def test_escape_slack_text_no_formatting() -> None:
    result = escape_slack_text("*bold* _it_ ~s~ `code`")
    for marker in "*_~`":
        assert marker not in result


def test_escape_slack_text_mentions() -> None:
    result = escape_slack_text("@everyone @here @bob")
    assert "@everyone" not in result
    assert "@here" not in result
    assert "@bob" not in result


def test_escape_slack_text_quote_line() -> None:
    assert escape_slack_text("> not a quote") == ZERO_WIDTH + "&gt; not a quote"


def test_escape_slack_text_safe() -> None:
    for text in ["<!here>", "<https://x.com|y>", "&lt;!channel&gt;", "<\u200b@U1>", "a > b"]:
        assert_safe_mrkdwn(escape_slack_text(text))


def test_blocks_article_section_limit() -> None:
    markdown = build_article()
    messages = to_slack_blocks(markdown)
    texts = section_texts(messages)
    assert len(markdown) >= 12_000
    assert len(texts) >= 5
    for text in texts:
        assert utf16_len(text) <= 3000


def test_blocks_article_shape() -> None:
    for blocks in to_slack_blocks(build_article()):
        assert 1 <= len(blocks) <= 50
        for block in blocks:
            assert block["type"] == "section"
            assert block["text"]["type"] == "mrkdwn"


def test_blocks_article_safe_and_fenced() -> None:
    for text in section_texts(to_slack_blocks(build_article())):
        assert_safe_mrkdwn(text)
        assert text.count("```") % 2 == 0


def test_blocks_article_text_preserved() -> None:
    markdown = build_article()
    joined = "".join(section_texts(to_slack_blocks(markdown)))
    assert squeeze(joined) == squeeze(to_slack_mrkdwn(markdown))


def test_blocks_code_split_reopened() -> None:
    texts = section_texts(to_slack_blocks(build_article(), max_section_chars=500))
    code_texts = [text for text in texts if "total_" in text]
    assert len(code_texts) >= 3
    for text in code_texts:
        assert text.startswith("```\n") or text.endswith("\n```")
        assert text.count("```") == 2


def test_blocks_bold_reopened() -> None:
    markdown = "**" + ("bold words " * 200).strip() + "**"
    texts = section_texts(to_slack_blocks(markdown, max_section_chars=200))
    assert len(texts) >= 5
    for text in texts:
        assert text.startswith("*")
        assert text.endswith("*")


def test_blocks_max_blocks_messages() -> None:
    messages = to_slack_blocks(build_article(), max_section_chars=1000, max_blocks=2)
    assert len(messages) >= 4
    for blocks in messages:
        assert len(blocks) <= 2


def test_blocks_emoji_utf16() -> None:
    for text in section_texts(to_slack_blocks("😀" * 2000)):
        assert utf16_len(text) <= 3000


def test_blocks_long_link_fits() -> None:
    markdown = "see [the report](https://e.com/" + "a" * 300 + ") now"
    texts = section_texts(to_slack_blocks(markdown, max_section_chars=200))
    for text in texts:
        assert utf16_len(text) <= 200
        assert_safe_mrkdwn(text)
    assert "the report" in texts[0]


def test_quote_in_list_no_prefix() -> None:
    assert to_slack_mrkdwn("- > quoted") == "• quoted"


def test_prose_backtick_replaced() -> None:
    assert to_slack_mrkdwn("a ` b") == "a \u02cb b"


def test_blocks_empty_input() -> None:
    assert to_slack_blocks("") == []


@pytest.mark.parametrize(
    "arguments", [{"max_section_chars": 3001}, {"max_section_chars": 5}, {"max_blocks": 0}]
)
def test_blocks_invalid_arguments(arguments: dict) -> None:
    with pytest.raises(ValueError):
        to_slack_blocks("text", **arguments)


def test_plain_text_strips_markup() -> None:
    result = plain_text("# Title\n\n**b** _i_ [label](https://x.com) ![alt](https://i.png) `c`")
    assert result == "Title\n\nb i label alt c"


def test_plain_text_keeps_symbols() -> None:
    assert plain_text("a < b && <b>c</b>") == "a < b && <b>c</b>"


def test_plain_text_table_and_code() -> None:
    result = plain_text("| a | b |\n|---|---|\n| 1 | 2 |\n\n```\nx = 1\n```")
    assert result == "a | b\n--+--\n1 | 2\n\nx = 1"


def test_fuzz_mrkdwn_safe() -> None:
    rng = random.Random(99)
    for _ in range(800):
        markdown = random_markdown(rng)
        result = to_slack_mrkdwn(markdown)
        try:
            assert_safe_mrkdwn(result)
        except SlackTextError as error:
            raise AssertionError(f"{error} for input {markdown!r}") from error


def test_fuzz_blocks_fit() -> None:
    rng = random.Random(5)
    for _ in range(300):
        markdown = random_markdown(rng) * rng.randint(1, 5)
        for text in section_texts(to_slack_blocks(markdown, max_section_chars=100)):
            assert utf16_len(text) <= 100, text
            assert text.count("```") % 2 == 0, text
            assert_safe_mrkdwn(text)
