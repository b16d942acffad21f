"""Markdown to Telegram HTML: supported tags only, escaping, links, tables, fuzzing."""

from __future__ import annotations

import html
import random
import re
import time
from html.parser import HTMLParser

import pytest

from core.formatting import escape_telegram_html, to_telegram_html
from core.formatting.table import display_width

ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "s", "code", "pre", "a", "blockquote", "tg-spoiler"}
ALLOWED_ENTITIES = {"lt", "gt", "amp", "quot"}
LINK_SCHEMES = ("http://", "https://", "tg://", "mailto:")


class TelegramHtmlError(AssertionError):
    """HTML that Telegram's parse_mode=HTML would reject or that breaks Copydesk's rules."""


class TelegramHtmlValidator(HTMLParser):
    """Stack-based checker for the HTML subset of core.telegram.org/bots/api#html-style.

    Beyond the allowed tags and entities it enforces the nesting rules: no link
    in a link, nothing inside code or pre except code in pre, no blockquote in a
    blockquote, and (Copydesk's stricter rule) no pre inside a blockquote.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            raise TelegramHtmlError(f"unsupported tag <{tag}>")
        self._check_nesting(tag)
        self._check_attributes(tag, attrs)
        self.stack.append(tag)

    def _check_nesting(self, tag: str) -> None:
        parent = self.stack[-1] if self.stack else None
        if parent == "code" or (parent == "pre" and tag != "code"):
            raise TelegramHtmlError(f"<{tag}> inside <{parent}>")
        if tag == "a" and "a" in self.stack:
            raise TelegramHtmlError("link inside a link")
        if tag in ("blockquote", "pre") and "blockquote" in self.stack:
            raise TelegramHtmlError(f"<{tag}> inside <blockquote>")
        if tag == "code" and "a" in self.stack:
            raise TelegramHtmlError("<code> inside a link")

    def _check_attributes(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = [name for name, _ in attrs]
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if names != ["href"] or not href.startswith(LINK_SCHEMES):
                raise TelegramHtmlError(f"bad link attributes {attrs!r}")
        elif tag == "code" and attrs:
            value = dict(attrs).get("class") or ""
            inside_pre = bool(self.stack) and self.stack[-1] == "pre"
            if (
                names != ["class"]
                or not inside_pre
                or not re.fullmatch(r"language-[\w+#.-]+", value)
            ):
                raise TelegramHtmlError(f"bad code attributes {attrs!r}")
        elif attrs:
            raise TelegramHtmlError(f"<{tag}> takes no attributes, got {attrs!r}")

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            raise TelegramHtmlError(f"</{tag}> does not close {self.stack[-1:]}")
        self.stack.pop()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raise TelegramHtmlError(f"self-closing <{tag}/>")

    def handle_data(self, data: str) -> None:
        for char in "<>&":
            if char in data:
                raise TelegramHtmlError(f"raw {char!r} in text {data[:40]!r}")

    def handle_entityref(self, name: str) -> None:
        if name not in ALLOWED_ENTITIES:
            raise TelegramHtmlError(f"unsupported entity &{name};")

    def handle_charref(self, name: str) -> None:
        return None

    def handle_comment(self, data: str) -> None:
        raise TelegramHtmlError("comment")

    def handle_decl(self, decl: str) -> None:
        raise TelegramHtmlError("declaration")

    def handle_pi(self, data: str) -> None:
        raise TelegramHtmlError("processing instruction")

    def unknown_decl(self, data: str) -> None:
        raise TelegramHtmlError("unknown declaration")


def assert_valid_telegram_html(text: str) -> None:
    """Raise TelegramHtmlError unless ``text`` is well-formed Telegram HTML."""
    validator = TelegramHtmlValidator()
    validator.feed(text)
    validator.close()
    if validator.rawdata:
        raise TelegramHtmlError(f"unparsed rest {validator.rawdata[:40]!r}")
    if validator.stack:
        raise TelegramHtmlError(f"unclosed tags {validator.stack}")


def visible_text(text: str) -> str:
    """Return the text Telegram shows: tags removed, entities decoded."""
    return html.unescape(re.sub(r"<[^>]*>", "", text))


NASTY_INPUTS = {
    "lone_lt": "a < b",
    "lt_letter": "if a<b and c>d then",
    "fake_tag": "<b>not bold</b> <script>alert(1)</script>",
    "unclosed_tag": "<b>open",
    "ampersands": "AT&T && R&D &amp; &lt;x&gt; &#60; &copy; &bogus;",
    "unbalanced_bold": "**bold without end and *italic",
    "unbalanced_underscore": "__init__ and _private_ and snake_case_name_",
    "stray_backtick": "use `code here and never close",
    "unclosed_fence": "```python\nprint('<hi>')\nno closing fence",
    "fence_with_tags": '```html\n<div class="x">&nbsp;</div>\n```',
    "nested_emphasis": "***both*** **bold _and italic_** ~~strike **bold**~~",
    "link_with_quotes": '[x](https://e.com/?q="><script>)',
    "javascript_link": "[click](javascript:alert(1))",
    "data_link": "[img](data:text/html;base64,PHNjcmlwdD4=)",
    "link_in_link": "[outer [inner](https://a.com)](https://b.com)",
    "code_in_link": "[`code` label](https://a.com)",
    "image_in_link": "[![alt](https://i.com/x.png)](https://a.com)",
    "heading_with_html": "# Title <i>x</i> & more",
    "quote_in_quote": "> outer\n> > inner\n> > > innermost",
    "code_in_quote": "> ```\n> x < y\n> ```",
    "table_in_quote": "> | a | b |\n> |---|---|\n> | 1 | 2 |",
    "table_with_pipes": "| a \\| b | <c> |\n|---|---|\n| & | `x` |",
    "ragged_table": "| a | b | c |\n|---|---|---|\n| 1 |\n| 1 | 2 | 3 | 4 |",
    "list_mixed": "- a\n  - b\n    1. c\n       ```\n       code\n       ```\n- d",
    "emoji_and_cjk": "😀 中文 **粗体** _斜体_ 🇨🇳",
    "only_symbols": "*** ___ ~~~ ``` <<< >>> &&&",
    "empty": "",
    "whitespace": "   \n\n\t  ",
    "html_comment": "<!-- hidden --> text",
    "cdata": "<![CDATA[x]]>",
    "backslashes": "\\*not italic\\* \\<b\\> \\\\",
    "hard_breaks": "line one  \nline two\\\nline three",
    "attribute_injection": '```py" onclick="x\ncode\n```',
    "zero_width_url": "[safe](https://exa\u200bmple.com)",
    "bidi_url": "[safe](https://example.com/\u202etxt.exe)",
}


@pytest.mark.parametrize("name", sorted(NASTY_INPUTS))
def test_nasty_input_valid_html(name: str) -> None:
    assert_valid_telegram_html(to_telegram_html(NASTY_INPUTS[name]))


def test_validator_rejects_bad_html() -> None:
    bad = [
        "<div>x</div>",
        "<b>x",
        "<b><i>x</b></i>",
        "a < b",
        "a & b",
        "&nbsp;",
        '<a href="javascript:x">x</a>',
        "<pre><b>x</b></pre>",
        "<blockquote><blockquote>x</blockquote></blockquote>",
        '<code class="language-py">x</code>',
    ]
    for text in bad:
        with pytest.raises(TelegramHtmlError):
            assert_valid_telegram_html(text)


def test_inline_styles_converted() -> None:
    result = to_telegram_html("**b** *i* ~~s~~ `c`")
    assert result == "<b>b</b> <i>i</i> <s>s</s> <code>c</code>"


def test_special_chars_escaped() -> None:
    assert to_telegram_html("a < b && c > d") == "a &lt; b &amp;&amp; c &gt; d"


def test_raw_html_escaped() -> None:
    result = to_telegram_html("<b>x</b>")
    assert result == "&lt;b&gt;x&lt;/b&gt;"


def test_heading_bold_line() -> None:
    assert to_telegram_html("# Title\n\ntext") == "<b>Title</b>\n\ntext"


def test_heading_no_nested_bold() -> None:
    assert to_telegram_html("## A **b** c") == "<b>A b c</b>"


def test_bullet_list_lines() -> None:
    assert to_telegram_html("- a\n- b") == "• a\n• b"


def test_ordered_list_start() -> None:
    assert to_telegram_html("3. a\n4. b") == "3. a\n4. b"


def test_nested_list_indented() -> None:
    assert to_telegram_html("- a\n  - b\n- c") == "• a\n  • b\n• c"


def test_code_block_language_class() -> None:
    result = to_telegram_html("```python\nif a < b:\n    pass\n```")
    assert result == '<pre><code class="language-python">if a &lt; b:\n    pass</code></pre>'


def test_code_block_without_language() -> None:
    assert to_telegram_html("```\nx\n```") == "<pre>x</pre>"


def test_code_block_bad_language_dropped() -> None:
    result = to_telegram_html('```py"><b>\nx\n```')
    assert result == "<pre>x</pre>"


def test_blockquote_tag() -> None:
    assert to_telegram_html("> quoted") == "<blockquote>quoted</blockquote>"


def test_nested_blockquote_flattened() -> None:
    result = to_telegram_html("> a\n> > b")
    assert result == "<blockquote>a\n\nb</blockquote>"


def test_code_in_quote_plain() -> None:
    result = to_telegram_html("> ```\n> x < y\n> ```")
    assert result == "<blockquote>x &lt; y</blockquote>"


def test_link_http_kept() -> None:
    result = to_telegram_html("[site](https://example.com/?a=1&b=2)")
    assert result == '<a href="https://example.com/?a=1&amp;b=2">site</a>'


def test_link_quote_escaped() -> None:
    result = to_telegram_html('[x](https://e.com/"q")')
    assert '"q"' not in result
    assert_valid_telegram_html(result)


@pytest.mark.parametrize(
    "url",
    ["tg://user?id=42", "mailto:desk@example.com", "http://example.com"],
)
def test_link_allowed_schemes(url: str) -> None:
    assert to_telegram_html(f"[x]({url})").startswith('<a href="')


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/file",
        "https://exa\u200bmple.com",
        "https://example.com/\u202efdp.exe",
        "https://example.com/%E2%80%8B",
        "https:///no-host",
    ],
)
def test_link_rejected_shown_as_text(url: str) -> None:
    result = to_telegram_html(f"[label]({url})")
    assert "<a " not in result
    assert result.startswith("label")


def test_javascript_link_text() -> None:
    result = to_telegram_html("[x](javascript:alert(1))")
    assert "<a " not in result
    assert "javascript:alert(1)" in result


def test_code_in_link_plain() -> None:
    assert to_telegram_html("[`c`](https://a.com)") == '<a href="https://a.com">c</a>'


def test_image_becomes_link() -> None:
    result = to_telegram_html("![chart](https://i.example/c.png)")
    assert result == '<a href="https://i.example/c.png">chart</a>'


def test_image_bad_url_text() -> None:
    assert to_telegram_html("![chart](ftp://x/c.png)") == "chart"


def test_table_in_pre() -> None:
    result = to_telegram_html("| a | b |\n|---|---|\n| 1 | 2 |")
    assert result == "<pre>a | b\n--+--\n1 | 2</pre>"


def test_table_chinese_columns_align() -> None:
    markdown = (
        "| 名称 | Value | 备注 |\n|---|--:|---|\n| 中文名字很长 | 1 | x |\n| ab | 12345 | 好 |"
    )
    lines = visible_text(to_telegram_html(markdown)).split("\n")
    data_lines = [line for line in lines if "|" in line]
    separator_columns = [
        [display_width(line[: match.start()]) for match in re.finditer(r"\|", line)]
        for line in data_lines
    ]
    assert len(data_lines) == 3
    assert separator_columns[0] == separator_columns[1]
    assert separator_columns[0] == separator_columns[2]


def test_table_right_alignment() -> None:
    result = visible_text(to_telegram_html("| n |\n|--:|\n| 1 |\n| 100 |"))
    assert result.split("\n")[2] == "  1"


def test_table_escapes_cells() -> None:
    result = to_telegram_html("| <a> | & |\n|---|---|\n| 1 | 2 |")
    assert "&lt;a&gt;" in result
    assert_valid_telegram_html(result)


def test_thematic_break_line() -> None:
    assert to_telegram_html("a\n\n---\n\nb") == "a\n\n————————\n\nb"


def test_soft_break_kept() -> None:
    assert to_telegram_html("line one\nline two") == "line one\nline two"


def test_escape_telegram_html_entities() -> None:
    assert escape_telegram_html('<b>x</b> & "q"') == "&lt;b&gt;x&lt;/b&gt; &amp; &quot;q&quot;"


def test_escape_telegram_html_mention() -> None:
    result = escape_telegram_html("ask @admin now")
    assert "@admin" not in result
    assert result == "ask @\u2060admin now"


def test_escape_telegram_html_email_kept() -> None:
    assert escape_telegram_html("mail a@b.com") == "mail a@b.com"


def test_escape_telegram_html_valid() -> None:
    for text in NASTY_INPUTS.values():
        assert_valid_telegram_html(escape_telegram_html(text))


FRAGMENTS = [
    "**",
    "*",
    "_",
    "__",
    "~~",
    "`",
    "```",
    "```py\n",
    "\n",
    "\n\n",
    "<",
    ">",
    "&",
    "&amp;",
    "&#x3c;",
    "[",
    "]",
    "](",
    ")",
    "(",
    "https://ex.com/?a=1&b=<2>",
    "# ",
    "## ",
    "- ",
    "1. ",
    "> ",
    "| a | b |\n|---|---|\n",
    "|",
    "中文",
    "😀",
    "\\",
    "<b>",
    "</i>",
    "<pre>",
    "javascript:alert(1)",
    "![",
    " ",
    "word",
    "tg://user?id=1",
    '"',
    "'",
    "    ",
    "***",
    "---\n",
    "\t",
    "\u200b",
    '<a href="x">',
]


def random_markdown(rng: random.Random) -> str:
    """Return a random concatenation of Markdown-ish fragments."""
    return "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 60)))


def test_fuzz_valid_html() -> None:
    rng = random.Random(20240611)
    for _ in range(1500):
        markdown = random_markdown(rng)
        result = to_telegram_html(markdown)
        try:
            assert_valid_telegram_html(result)
        except TelegramHtmlError as error:
            raise AssertionError(f"{error} for input {markdown!r} -> {result!r}") from error


def test_large_input_fast() -> None:
    paragraph = "Some **bold** text with a [link](https://example.com) & `code` < x. " * 20
    markdown = "\n\n".join([paragraph, "| a | b |\n|---|---|\n| 1 | 2 |", "```\ncode\n```"] * 100)
    started = time.perf_counter()
    result = to_telegram_html(markdown)
    elapsed_s = time.perf_counter() - started
    assert len(markdown) > 100_000
    assert elapsed_s < 5.0
    assert_valid_telegram_html(result)
