"""Split model Markdown into title and sections, and count it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.text import count_han, count_words

HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass
class Section:
    heading: str
    level: int
    body: str = ""


@dataclass
class Document:
    title: str
    sections: list[Section] = field(default_factory=list)
    word_count: int = 0
    han_count: int = 0


def parse_document(markdown: str, fallback_title: str = "") -> Document:
    """Return the first H1 as title (else ``fallback_title``) and the H2+ sections.

    Lines inside fenced code blocks are never read as headings.
    """
    title = ""
    sections: list[Section] = []
    in_fence = False
    for line in markdown.splitlines():
        if FENCE.match(line):
            in_fence = not in_fence
        match = None if in_fence else HEADING.match(line)
        if match and len(match.group(1)) == 1 and not title:
            title = match.group(2).strip()
            continue
        if match:
            sections.append(Section(heading=match.group(2).strip(), level=len(match.group(1))))
            continue
        if sections:
            sections[-1].body += line + "\n"
    return Document(
        title=title or fallback_title,
        sections=sections,
        word_count=count_words(markdown),
        han_count=count_han(markdown),
    )
