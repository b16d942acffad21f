"""Markdown structure of a text: headings, paragraphs, links and images.

The raw text is parsed with markdown-it-py (CommonMark), and the text pieces it
yields are then NFKC-normalized. Parsing before normalizing keeps full-width
brackets in Chinese prose, such as ［注］（见下）, from turning into links.
Code blocks and HTML blocks are not prose and are left out, except that
``<img>`` tags in HTML still count as images.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from core.text import normalize

BARE_URL_PATTERN = re.compile(r"https?://[^\s<>()\u3000-\u303f\uff00-\uffef]+")
HTML_IMG_PATTERN = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
HTML_ALT_PATTERN = re.compile(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


@dataclass(frozen=True)
class Block:
    """A heading (level 1-6) or a paragraph (level 0) with its normalized text."""

    level: int
    text: str

    @property
    def is_heading(self) -> bool:
        return self.level > 0


@dataclass
class Document:
    """The parts of a Markdown text that the checks look at."""

    blocks: list[Block] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    image_alts: list[str] = field(default_factory=list)

    @property
    def headings(self) -> list[Block]:
        return [block for block in self.blocks if block.is_heading]

    @property
    def paragraphs(self) -> list[str]:
        return [block.text for block in self.blocks if not block.is_heading]

    def heading_count(self, level: int) -> int:
        """Count headings of one level."""
        return sum(1 for block in self.headings if block.level == level)

    def visible_text(self) -> str:
        """Return headings and paragraphs joined by blank lines."""
        return "\n\n".join(block.text for block in self.blocks)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark")


def parse_document(text: str) -> Document:
    """Parse Markdown ``text`` into blocks, links and images.

    A paragraph or heading whose text is empty after normalization (an image on
    its own line, for example) is not a block. Bare http(s) URLs count as links
    and are cut from the prose, so their parts are not counted as words.
    """
    document = Document()
    tokens = _parser().parse(text)

    for index, token in enumerate(tokens):
        if token.type == "html_block":
            _collect_html_images(token.content, document)
            continue
        if token.type != "inline":
            continue

        opener = tokens[index - 1] if index > 0 else None
        level = int(opener.tag[1:]) if opener and opener.type == "heading_open" else 0
        raw = _inline_text(token.children or [], document)
        block_text = _cut_bare_urls(normalize(raw).strip(), document)
        if block_text:
            document.blocks.append(Block(level=level, text=block_text))

    return document


def _inline_text(children: list[Token], document: Document) -> str:
    parts: list[str] = []
    in_autolink = False
    for child in children:
        if child.type in ("text", "code_inline"):
            # The text of an autolink (<https://...>) is the URL itself, not prose.
            if not in_autolink:
                parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "link_open":
            document.links.append(str(child.attrGet("href") or ""))
            in_autolink = child.markup == "autolink"
        elif child.type == "link_close":
            in_autolink = False
        elif child.type == "image":
            document.image_alts.append(normalize(child.content).strip())
        elif child.type == "html_inline":
            _collect_html_images(child.content, document)
    return "".join(parts)


def _collect_html_images(html: str, document: Document) -> None:
    for tag in HTML_IMG_PATTERN.findall(html):
        match = HTML_ALT_PATTERN.search(tag)
        alt = (match.group(1) or match.group(2) or "") if match else ""
        document.image_alts.append(normalize(alt).strip())


def _cut_bare_urls(text: str, document: Document) -> str:
    urls = BARE_URL_PATTERN.findall(text)
    if not urls:
        return text

    document.links.extend(urls)
    return BARE_URL_PATTERN.sub(" ", text).strip()
