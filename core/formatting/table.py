"""Monospace text tables whose columns line up for Chinese and Latin text alike.

A Han character takes two columns in a monospace font, so column widths use
the East Asian Width property (Unicode UAX #11): Wide and Fullwidth characters
count 2, combining marks and format characters 0, everything else 1. The
separators are ASCII because box-drawing characters are "Ambiguous" width and
take two columns in many Chinese fonts.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Literal

Alignment = Literal["left", "right", "center"]

COLUMN_SEPARATOR = " | "
RULE_CROSSING = "-+-"


def display_width(text: str) -> int:
    """Return the number of monospace columns ``text`` takes."""
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _pad(text: str, width: int, alignment: Alignment) -> str:
    missing = width - display_width(text)
    if alignment == "right":
        return " " * missing + text
    if alignment == "center":
        left = missing // 2
        return " " * left + text + " " * (missing - left)
    return text + " " * missing


def format_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    alignments: Sequence[Alignment] = (),
) -> list[str]:
    """Return the lines of a text table: header, a rule, then one line per row.

    Rows shorter than the widest row are padded with empty cells. Cells are
    padded to their column's display width, and trailing spaces are kept, so
    every ``|`` of a column sits at the same display position.
    """
    column_count = max([len(header), *(len(row) for row in rows)], default=0)
    if column_count == 0:
        return []

    def complete(cells: Sequence[str]) -> list[str]:
        return [" ".join(cell.split()) for cell in cells] + [""] * (column_count - len(cells))

    all_rows = [complete(header), *(complete(row) for row in rows)]
    widths = [
        max(1, *(display_width(row[index]) for row in all_rows)) for index in range(column_count)
    ]
    padding: list[Alignment] = ["left"] * column_count
    aligns = [*alignments, *padding][:column_count]

    def line(cells: list[str]) -> str:
        return COLUMN_SEPARATOR.join(
            _pad(cell, width, align)
            for cell, width, align in zip(cells, widths, aligns, strict=True)
        )

    rule = RULE_CROSSING.join("-" * width for width in widths)
    return [line(all_rows[0]), rule, *(line(row) for row in all_rows[1:])]
