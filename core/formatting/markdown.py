"""Parse model Markdown into a syntax tree with markdown-it-py.

The parser follows CommonMark with GFM tables and ``~~strikethrough~~``. Raw
HTML is off, so ``<b>`` in model output arrives as text and is escaped by the
renderers instead of passing through. markdown-it-py drops links whose URL is
``javascript:``, ``vbscript:``, ``file:`` or a non-image ``data:`` and shows
their source as text.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from core.formatting.table import Alignment

_ALIGNMENT_STYLES: dict[str, Alignment] = {
    "text-align:left": "left",
    "text-align:right": "right",
    "text-align:center": "center",
}


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


def parse_markdown(markdown: str) -> SyntaxTreeNode:
    """Parse ``markdown`` and return the root of its syntax tree."""
    return SyntaxTreeNode(_parser().parse(markdown))


def inline_plain_text(node: SyntaxTreeNode) -> str:
    """Return the text of an inline subtree without markup: link labels, image alt text, code."""
    if node.type in ("text", "code_inline", "html_inline"):
        return node.content
    if node.type in ("softbreak", "hardbreak"):
        return " "
    return "".join(inline_plain_text(child) for child in node.children)


def cell_text(cell: SyntaxTreeNode) -> str:
    """Return the plain text of a table cell (``th`` or ``td``)."""
    return "".join(inline_plain_text(child) for child in cell.children)


def table_cells(table: SyntaxTreeNode) -> tuple[list[str], list[list[str]], list[Alignment]]:
    """Return the header cells, body rows and column alignments of a ``table`` node."""
    header: list[str] = []
    rows: list[list[str]] = []
    alignments: list[Alignment] = []
    for section in table.children:
        for row in section.children:
            cells = [cell_text(cell) for cell in row.children]
            if section.type == "thead":
                header = cells
                alignments = [
                    _ALIGNMENT_STYLES.get(str(cell.attrs.get("style", "")), "left")
                    for cell in row.children
                ]
            else:
                rows.append(cells)
    return header, rows, alignments


def fence_language(info: str) -> str:
    """Return the first word of a fence info string if it is a plain language name, else ""."""
    words = info.split()
    if not words:
        return ""

    language = words[0]
    allowed = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+#._-")
    if len(language) > 32 or not set(language) <= allowed:
        return ""
    return language
