"""Render Markdown as Telegram HTML, and read that HTML back as tokens.

The output uses only tags from core.telegram.org/bots/api#html-style: ``b``,
``i``, ``s``, ``code``, ``pre``, ``pre`` + ``code class="language-x"``,
``a href`` and ``blockquote``. Telegram allows no other tags. It also forbids
nesting blockquotes and nesting ``code``/``pre``/``a`` in each other, so the
renderer never emits such a nesting:

- a blockquote inside a blockquote keeps its text but loses the tag;
- code blocks and tables inside a blockquote become plain text;
- inline code and images inside a link become plain text.

Telegram keeps newlines as they are in HTML mode, so block structure is made
of newlines: one between list items, a blank line between blocks.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Literal

from markdown_it.tree import SyntaxTreeNode

from core.formatting.escape import TELEGRAM_LINK_SCHEMES, html_attribute, html_text, safe_url
from core.formatting.markdown import (
    fence_language,
    inline_plain_text,
    parse_markdown,
    table_cells,
)
from core.formatting.table import format_table

THEMATIC_BREAK = "—" * 8
BULLET = "• "

_STYLE_TAGS = {"strong": "b", "em": "i", "s": "s"}
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s[^<>]*)?)>")
_ATTRIBUTE = re.compile(r'([a-zA-Z][a-zA-Z0-9-]*)="([^"]*)"')


@dataclass(frozen=True, slots=True)
class _Context:
    schemes: frozenset[str]
    styles: frozenset[str] = frozenset()
    in_link: bool = False
    in_quote: bool = False


def to_telegram_html(markdown: str) -> str:
    """Convert model Markdown to HTML for Telegram's ``parse_mode=HTML``.

    Any input, including unbalanced markup and stray ``<``/``&``, yields HTML
    that Telegram accepts: text is escaped, tags are balanced and only
    supported tags appear. Links become ``<a href>`` only for http(s), tg and
    mailto URLs. Headings become bold lines, list items "• " or "1. " lines,
    tables a ``<pre>`` block. The result is not split; see
    ``split_telegram_html`` for messages over the length limit.
    """
    return render_chat_html(markdown, TELEGRAM_LINK_SCHEMES)


def render_chat_html(markdown: str, link_schemes: frozenset[str]) -> str:
    """Render ``markdown`` as Telegram-style HTML, linking only URLs in ``link_schemes``."""
    root = parse_markdown(markdown)
    blocks = _blocks(root.children, _Context(schemes=link_schemes))
    return "\n\n".join(blocks).strip()


def _blocks(nodes: list[SyntaxTreeNode], context: _Context) -> list[str]:
    rendered = (_block(node, context) for node in nodes)
    return [block for block in rendered if block.strip()]


def _block(node: SyntaxTreeNode, context: _Context) -> str:
    kind = node.type
    if kind == "paragraph":
        return _inlines(node.children, context)
    if kind == "heading":
        return _styled("b", node.children, context)
    if kind in ("bullet_list", "ordered_list"):
        return _list(node, context)
    if kind == "blockquote":
        return _blockquote(node, context)
    if kind in ("fence", "code_block"):
        return _code_block(node, context)
    if kind == "table":
        return _table(node, context)
    if kind == "hr":
        return THEMATIC_BREAK
    if kind == "html_block":
        return html_text(node.content.rstrip("\n"))
    return "\n\n".join(_blocks(node.children, context))


def _list(node: SyntaxTreeNode, context: _Context) -> str:
    ordered = node.type == "ordered_list"
    number = int(str(node.attrs.get("start", 1))) if ordered else 0
    items = []
    for item in node.children:
        marker = f"{number}. " if ordered else BULLET
        body = "\n".join(_blocks(item.children, context))
        items.append(marker + body.replace("\n", "\n" + " " * len(marker)))
        number += 1
    return "\n".join(items)


def _blockquote(node: SyntaxTreeNode, context: _Context) -> str:
    inner = "\n\n".join(_blocks(node.children, replace(context, in_quote=True)))
    if context.in_quote or not inner.strip():
        return inner
    return f"<blockquote>{inner}</blockquote>"


def _code_block(node: SyntaxTreeNode, context: _Context) -> str:
    code = node.content.rstrip("\n")
    if not code.strip():
        return ""
    if context.in_quote:
        return html_text(code)

    language = fence_language(node.info) if node.type == "fence" else ""
    if language:
        return (
            f'<pre><code class="language-{html_attribute(language)}">{html_text(code)}</code></pre>'
        )
    return f"<pre>{html_text(code)}</pre>"


def _table(node: SyntaxTreeNode, context: _Context) -> str:
    header, rows, alignments = table_cells(node)
    text = html_text("\n".join(format_table(header, rows, alignments)))
    if context.in_quote or not text:
        return text
    return f"<pre>{text}</pre>"


def _inlines(nodes: list[SyntaxTreeNode], context: _Context) -> str:
    return "".join(_inline(node, context) for node in nodes)


def _inline(node: SyntaxTreeNode, context: _Context) -> str:
    kind = node.type
    if kind in ("text", "html_inline"):
        return html_text(node.content)
    if kind in ("softbreak", "hardbreak"):
        return "\n"
    if kind == "code_inline":
        code = html_text(node.content)
        return code if context.in_link or not code else f"<code>{code}</code>"
    if kind in _STYLE_TAGS:
        return _styled(_STYLE_TAGS[kind], node.children, context)
    if kind == "link":
        return _link(node, context)
    if kind == "image":
        return _image(node, context)
    return _inlines(node.children, context)


def _styled(tag: str, children: list[SyntaxTreeNode], context: _Context) -> str:
    inner = _inlines(children, replace(context, styles=context.styles | {tag}))
    if tag in context.styles or not inner.strip():
        return inner
    return f"<{tag}>{inner}</{tag}>"


def _link(node: SyntaxTreeNode, context: _Context) -> str:
    href = str(node.attrs.get("href", ""))
    label = _inlines(node.children, replace(context, in_link=True)) or html_text(href)
    url = safe_url(href, context.schemes)
    if url is not None and not context.in_link:
        return f'<a href="{html_attribute(url)}">{label}</a>'

    if not href or inline_plain_text(node).strip() == href.strip():
        return label
    return f"{label} ({html_text(href)})"


def _image(node: SyntaxTreeNode, context: _Context) -> str:
    source = str(node.attrs.get("src", ""))
    text = html_text(inline_plain_text(node).strip() or source)
    url = safe_url(source, context.schemes)
    if url is None or context.in_link or not text:
        return text
    return f'<a href="{html_attribute(url)}">{text}</a>'


@dataclass(frozen=True, slots=True)
class HtmlToken:
    """One tag or one run of text of Telegram HTML; ``text`` has entities decoded."""

    kind: Literal["open", "close", "text"]
    raw: str
    name: str = ""
    text: str = ""

    def attribute(self, name: str) -> str | None:
        """Return the decoded value of attribute ``name`` of an opening tag, or None."""
        for key, value in _ATTRIBUTE.findall(self.raw):
            if key.lower() == name:
                return html.unescape(value)
        return None


def iter_html_tokens(text: str) -> Iterator[HtmlToken]:
    """Yield the tags and text runs of Telegram HTML in order.

    The input must be Telegram HTML as ``to_telegram_html`` writes it: tags
    without ``<`` or ``>`` inside attribute values, and every other ``<``
    escaped. A ``<`` that starts no tag is read as text.
    """
    position = 0
    for match in _TAG.finditer(text):
        if match.start() > position:
            chunk = text[position : match.start()]
            yield HtmlToken("text", chunk, text=html.unescape(chunk))

        kind: Literal["open", "close"] = "close" if match.group(1) else "open"
        yield HtmlToken(kind, match.group(0), name=match.group(2).lower())
        position = match.end()

    if position < len(text):
        chunk = text[position:]
        yield HtmlToken("text", chunk, text=html.unescape(chunk))
