"""Telegram's HTML parse mode as the loopback Bot API applies it.

The rules follow the Bot API's "HTML style" section
(core.telegram.org/bots/api#html-style) and the error texts that the real
API returns for bad markup ("Unsupported start tag", "Unmatched end tag",
"Can't find end tag corresponding to start tag"). Only ``&lt;``, ``&gt;``,
``&amp;``, ``&quot;`` and numeric entities are decoded; any other ``&`` stays
as written, as on the real API.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

SUPPORTED_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "tg-emoji",
        "code",
        "pre",
        "blockquote",
    }
)
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")
_ATTRIBUTE = re.compile(r"""\s*([a-zA-Z_-]+)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")


class ParseError(ValueError):
    """Markup that Telegram rejects; the message is the part after "can't parse entities: "."""


@dataclass
class Entity:
    """One formatting entity with offsets in UTF-16 code units, as Telegram reports them."""

    type: str
    offset: int
    length: int
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass
class _Open:
    name: str
    offset: int
    byte_offset: int
    attributes: dict[str, str]


def utf16_len(text: str) -> int:
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def parse_html(text: str) -> tuple[str, list[Entity]]:
    """Return the visible text and entities of ``text``, or raise :class:`ParseError`."""
    out: list[str] = []
    size = 0
    stack: list[_Open] = []
    entities: list[Entity] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "&":
            decoded, index = _entity_at(text, index)
            out.append(decoded)
            size += utf16_len(decoded)
            continue
        if char != "<":
            out.append(char)
            size += utf16_len(char)
            index += 1
            continue

        byte_offset = len(text[:index].encode("utf-8"))
        if text.startswith("</", index):
            index = _close_tag(text, index, byte_offset, stack, entities, size)
        else:
            opened, index = _open_tag(text, index, byte_offset, size)
            stack.append(opened)

    if stack:
        raise ParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    return "".join(out), entities


def _entity_at(text: str, index: int) -> tuple[str, int]:
    match = _ENTITY.match(text, index)
    if match is None:
        return "&", index + 1
    return html.unescape(match.group(0)), match.end()


def _open_tag(text: str, index: int, byte_offset: int, offset: int) -> tuple[_Open, int]:
    # The name ends at whitespace or ">", and is checked before the ">" is looked
    # for, so "a <3 b" is an unsupported tag "3", as on the real API.
    name_end = index + 1
    while name_end < len(text) and not text[name_end].isspace() and text[name_end] != ">":
        name_end += 1
    if name_end >= len(text):
        raise ParseError(f"Unclosed start tag at byte offset {byte_offset}")
    name = text[index + 1 : name_end].lower()
    if name not in SUPPORTED_TAGS:
        raise ParseError(f'Unsupported start tag "{name}" at byte offset {byte_offset}')

    end = text.find(">", name_end)
    if end < 0:
        raise ParseError(f"Unclosed start tag at byte offset {byte_offset}")
    body = text[index + 1 : end]

    attributes: dict[str, str] = {}
    rest = body[len(name) :]
    position = 0
    while position < len(rest) and rest[position:].strip():
        match = _ATTRIBUTE.match(rest, position)
        if match is None or match.end() == position:
            raise ParseError(f"Unclosed start tag at byte offset {byte_offset}")
        value = next((group for group in match.groups()[1:] if group is not None), "")
        attributes[match.group(1).lower()] = html.unescape(value)
        position = match.end()

    if name == "span" and attributes.get("class") != "tg-spoiler":
        raise ParseError('Tag "span" must have class "tg-spoiler"')
    return _Open(name, offset, byte_offset, attributes), end + 1


def _close_tag(
    text: str, index: int, byte_offset: int, stack: list[_Open], entities: list[Entity], size: int
) -> int:
    end = text.find(">", index)
    if end < 0:
        raise ParseError(f"Unclosed end tag at byte offset {byte_offset}")

    name = text[index + 2 : end].strip().lower()
    if not stack:
        raise ParseError(f"Unexpected end tag at byte offset {byte_offset}")
    top = stack[-1]
    if name != top.name:
        raise ParseError(
            f'Unmatched end tag at byte offset {byte_offset}, expected "</{top.name}>", '
            f'found "</{name}>"'
        )

    stack.pop()
    if size > top.offset:
        entities.append(Entity(top.name, top.offset, size - top.offset, top.attributes))
    return end + 1
