"""Split formatted text into parts under a size limit without breaking markup.

The splitter works on pieces: opening markers, closing markers and text
units. A text unit is one character or an atom that must stay whole (an
entity, a Slack link). Each part ends at the strongest boundary that leaves
it at least half full. The boundaries, strongest first, are a blank line, a
line break, a sentence end (``.``, ``!``, ``?`` before a space, or ``。``,
``！``, ``？``) and a space. Only a part with none of them is cut at any
character. Markers open at a cut are closed at the end of the part
and opened again at the start of the next one, so ``<b>`` or a code block that
spans a cut is complete in every part.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import IntEnum

from core.formatting.escape import html_text, utf16_len
from core.formatting.telegram_html import iter_html_tokens
from core.limits import TELEGRAM_MESSAGE_MAX_CHARS

logger = logging.getLogger(__name__)

MIN_PART_SIZE = 16
# A part ends at a boundary only if it is at least MIN_FILL full. When no
# boundary reaches that, one that leaves the part FALLBACK_FILL full still wins
# over a cut inside a word.
MIN_FILL = 0.5
FALLBACK_FILL = 0.2
MAX_LABEL_ROUNDS = 8

_SENTENCE_ENDS = frozenset(".!?")
_WIDE_SENTENCE_ENDS = frozenset("。！？")
_JOINERS = frozenset("\u200d\ufe0e\ufe0f")


class Boundary(IntEnum):
    """Kind of cut position, weakest first. A stronger kind also counts as every weaker one."""

    CHAR = 0
    WORD = 1
    SENTENCE = 2
    LINE = 3
    PARAGRAPH = 4


@dataclass(frozen=True, slots=True)
class Piece:
    """One marker or text unit: ``raw`` is its output form, ``size`` what it counts.

    ``text`` is the visible text used to find boundaries. An opening marker has
    ``closer`` set to the raw form that closes it, and a closing marker has
    ``closes`` set. ``breakable`` is False for a unit that must not end a part.
    """

    raw: str
    size: int
    text: str = ""
    closer: str | None = None
    closer_size: int = 0
    closes: bool = False
    breakable: bool = True

    @property
    def is_text(self) -> bool:
        """True for a text unit, False for a marker."""
        return self.closer is None and not self.closes


def split_pieces(pieces: Sequence[Piece], max_size: int) -> list[list[Piece]]:
    """Split ``pieces`` into parts whose size, with reopened and closing markers, fits ``max_size``.

    Leading newlines and trailing whitespace of each part are dropped, and
    parts without visible text are left out. A single text unit larger than
    the room left for it is still placed alone in a part, the only case in
    which a part exceeds ``max_size``. Raises ValueError when ``max_size`` is
    below ``MIN_PART_SIZE``.
    """
    if max_size < MIN_PART_SIZE:
        raise ValueError(f"max_size must be at least {MIN_PART_SIZE}, got {max_size}")

    parts: list[list[Piece]] = []
    stack: list[Piece] = []
    start = 0
    while start < len(pieces):
        start = _skip_leading_newlines(pieces, start)
        if start >= len(pieces):
            break

        cut = _find_cut(pieces, start, stack, max_size)
        while cut < len(pieces) and pieces[cut].closes:
            cut += 1

        body = pieces[start:cut]
        next_stack = _stack_after(stack, body)
        part = _assemble(stack, body, next_stack)
        if any(piece.is_text and piece.text.strip() for piece in part):
            parts.append(part)
        stack, start = next_stack, cut
    return parts


def _skip_leading_newlines(pieces: Sequence[Piece], start: int) -> int:
    while start < len(pieces) and pieces[start].is_text and pieces[start].text == "\n":
        start += 1
    return start


def _boundary_after(previous: str, current: str) -> Boundary:
    if current == "\n":
        return Boundary.PARAGRAPH if previous == "\n" else Boundary.LINE
    if current in _WIDE_SENTENCE_ENDS:
        return Boundary.SENTENCE
    if current.isspace():
        return Boundary.SENTENCE if previous in _SENTENCE_ENDS else Boundary.WORD
    return Boundary.CHAR


def _find_cut(pieces: Sequence[Piece], start: int, stack: list[Piece], max_size: int) -> int:
    """Return the index after the last piece of the part that starts at ``start``."""
    size = sum(piece.size for piece in stack)
    closing = sum(piece.closer_size for piece in stack)
    open_closers: list[int] = [piece.closer_size for piece in stack]
    best: dict[Boundary, tuple[int, int]] = {}
    previous_text = ""
    index = start
    while index < len(pieces):
        piece = pieces[index]
        if piece.closer is not None:
            if size + piece.size + closing + piece.closer_size > max_size:
                break
            open_closers.append(piece.closer_size)
            closing += piece.closer_size
        elif piece.closes:
            closing -= open_closers.pop() if open_closers else 0
        elif size + piece.size + closing > max_size:
            break

        size += piece.size
        index += 1
        if piece.is_text and piece.breakable:
            boundary = _boundary_after(previous_text, piece.text)
            for kind in Boundary:
                if kind <= boundary:
                    best[kind] = (index, size)
            previous_text = piece.text

    if index >= len(pieces):
        return len(pieces)
    return _choose_cut(pieces, start, best, max_size)


def _choose_cut(
    pieces: Sequence[Piece], start: int, best: dict[Boundary, tuple[int, int]], max_size: int
) -> int:
    for fill in (MIN_FILL, FALLBACK_FILL):
        for kind in sorted(Boundary, reverse=True):
            candidate = best.get(kind)
            if kind != Boundary.CHAR and candidate is not None and candidate[1] >= max_size * fill:
                return candidate[0]

    candidate = best.get(Boundary.CHAR)
    if candidate is None:
        return _first_text_end(pieces, start)
    return _avoid_splitting_cluster(pieces, start, candidate[0])


def _first_text_end(pieces: Sequence[Piece], start: int) -> int:
    index = start
    while index < len(pieces) and not pieces[index].is_text:
        index += 1
    return min(index + 1, len(pieces))


def _avoid_splitting_cluster(pieces: Sequence[Piece], start: int, cut: int) -> int:
    """Move a hard cut back so that a combining mark or joiner stays with its base character."""
    candidate = cut
    while (
        candidate - 1 > start and candidate < len(pieces) and _continues_cluster(pieces[candidate])
    ):
        candidate -= 1
    return candidate if candidate - 1 > start else cut


def _continues_cluster(piece: Piece) -> bool:
    if not piece.is_text or not piece.text:
        return False
    char = piece.text[0]
    return char in _JOINERS or unicodedata.combining(char) > 0


def _stack_after(stack: list[Piece], body: Sequence[Piece]) -> list[Piece]:
    result = list(stack)
    for piece in body:
        if piece.closer is not None:
            result.append(piece)
        elif piece.closes and result:
            result.pop()
    return result


def _assemble(stack: list[Piece], body: Sequence[Piece], open_at_end: list[Piece]) -> list[Piece]:
    # A line prefix (Slack's "> ") must stay at the line start, before reopened markers.
    prefix_count = 0
    while (
        prefix_count < len(body) and body[prefix_count].is_text and not body[prefix_count].breakable
    ):
        prefix_count += 1
    part = [*body[:prefix_count], *stack, *body[prefix_count:]]
    _drop_trailing_whitespace(part)
    part.extend(
        Piece(raw=opener.closer or "", size=opener.closer_size, closes=True)
        for opener in reversed(open_at_end)
    )
    return _drop_empty_pairs(part)


def _drop_trailing_whitespace(part: list[Piece]) -> None:
    index = len(part) - 1
    while index >= 0:
        piece = part[index]
        if piece.closes:
            index -= 1
            continue
        if not piece.is_text or piece.text.strip() or not piece.text:
            return
        del part[index]
        index -= 1


def _drop_empty_pairs(part: list[Piece]) -> list[Piece]:
    """Remove marker pairs that enclose no visible text, such as a reopened tag at a part's end."""
    result: list[Piece] = []
    open_indexes: list[tuple[int, bool]] = []
    for piece in part:
        if piece.closer is not None:
            open_indexes.append((len(result), False))
            result.append(piece)
        elif piece.closes:
            opened_at, has_text = open_indexes.pop() if open_indexes else (-1, True)
            if not has_text and opened_at >= 0:
                del result[opened_at:]
                continue
            result.append(piece)
            if open_indexes and has_text:
                open_indexes[-1] = (open_indexes[-1][0], True)
        else:
            result.append(piece)
            if open_indexes and piece.text.strip():
                open_indexes[-1] = (open_indexes[-1][0], True)
    return result


def telegram_pieces(text: str) -> list[Piece]:
    """Read Telegram HTML into pieces. Tags count 0 and each character its UTF-16 length."""
    pieces: list[Piece] = []
    for token in iter_html_tokens(text):
        if token.kind == "open":
            pieces.append(Piece(raw=token.raw, size=0, closer=f"</{token.name}>"))
        elif token.kind == "close":
            pieces.append(Piece(raw=token.raw, size=0, closes=True))
        else:
            pieces.extend(
                Piece(raw=html_text(char), size=utf16_len(char), text=char) for char in token.text
            )
    return pieces


def _default_label(index: int, count: int) -> str:
    return f"({index}/{count})"


def split_telegram_html(
    html: str,
    max_chars: int = TELEGRAM_MESSAGE_MAX_CHARS,
    part_label: Callable[[int, int], str] | None = None,
) -> list[str]:
    """Split Telegram HTML into messages of at most ``max_chars`` each, as Telegram counts.

    Telegram counts the text left after it removes the tags and decodes the
    entities. This function counts that text in UTF-16 code units (see
    ``core.limits.TELEGRAM_MESSAGE_MAX_CHARS``). HTML that fits is returned
    unchanged as the only part. Otherwise each part starts with the plain-text
    label ``part_label(i, n)`` (default "(i/n)") and a newline, and the label
    counts toward ``max_chars``. Each part is valid HTML on its own. Raises
    ValueError when ``max_chars`` leaves less than ``MIN_PART_SIZE`` for text.
    """
    label_for = part_label or _default_label
    pieces = telegram_pieces(html)
    if sum(piece.size for piece in pieces) <= max_chars:
        return [html] if html.strip() else []
    if max_chars - _label_size(label_for, 2) < MIN_PART_SIZE:
        raise ValueError(f"max_chars={max_chars} leaves no room for text after the part label")

    count = 2
    for _ in range(MAX_LABEL_ROUNDS):
        reserved = _label_size(label_for, count)
        parts = split_pieces(pieces, max_chars - reserved)
        if _label_size(label_for, len(parts)) <= reserved:
            break
        count = len(parts)
    else:
        raise ValueError("part labels do not settle on a part count; use a shorter label")

    total = len(parts)
    if total == 1:
        return ["".join(piece.raw for piece in parts[0])]
    logger.debug("split Telegram HTML into %d parts of at most %d chars", total, max_chars)
    return [
        html_text(label_for(number, total)) + "\n" + "".join(piece.raw for piece in part)
        for number, part in enumerate(parts, start=1)
    ]


def _label_size(label_for: Callable[[int, int], str], count: int) -> int:
    return max(utf16_len(label_for(number, count)) for number in range(1, count + 1)) + 1
