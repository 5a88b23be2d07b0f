"""Blocks inside list items and table cells (source format 4), as converters write them.

A table cell in Markdown can only hold one line, so converters write its list and paragraphs
with line breaks: `*   Account Information<br>*   Profile Information`, `text<br><br>text`.
Web pages and Word files put `<p>` and lists in `<td>` and `<li>`, or the same line breaks
with typed bullets. Every reader hands the lines (or the blocks) it found to this module, which
makes paragraphs and lists of them in their order; the bullets and numbers typed as text are
words the source showed and the list shows as its own markers, so the caller reports them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# A line that starts a list item: a bullet typed as text (escaped or not, as the readers write
# page text) or a number, then a space.
_MARKER = re.compile(r"^(?P<marker>\\?[*+\-]|[•·▪◦‣]|(?P<number>\d{1,3})\\?[.)])(?:[ \t\u00a0]|&nbsp;|&#160;)+(?P<text>\S.*)$")

# Spaces a converter wrote to indent a nested item after a <br>: blanks or `&nbsp;` entities.
_SPACE_UNIT = re.compile(r"&nbsp;|&#160;|&#[xX][aA]0;|[ \t\u00a0]")
_LEADING_SPACES = re.compile(r"^(?:&nbsp;|&#160;|&#[xX][aA]0;|[ \t\u00a0])+")


@dataclass(frozen=True)
class Lines:
    """The blocks made of a cell's or an item's lines, and the markers typed before its items."""

    blocks: list[Any]
    markers: list[str]
    """The bullets and numbers as the reader of the source saw them ("*", "1.")."""


def from_lines(lines: list[str]) -> Lines | None:
    """Paragraphs and lists made of `lines` (the text between line breaks, leading spaces kept
    for nesting; an empty line parts paragraphs), or None when they are one line of text after
    all: no line starts a list item and no empty line parts two paragraphs."""
    lines = [_LEADING_SPACES.sub(lambda m: " " * len(_SPACE_UNIT.findall(m.group(0))), line) for line in lines]
    pairs = [(line, line.strip()) for line in lines]
    while pairs and not pairs[-1][1]:
        pairs.pop()
    while pairs and not pairs[0][1]:
        pairs.pop(0)
    has_items = any(_MARKER.match(line) for _, line in pairs)
    has_parts = any(not line for _, line in pairs)
    if not has_items and not has_parts:
        return None
    blocks: list[Any] = []
    markers: list[str] = []
    paragraph: list[str] = []
    # The open lists, outermost first: (indent, list data).
    open_lists: list[tuple[int, dict[str, Any]]] = []

    def end_paragraph() -> None:
        if paragraph:
            blocks.append(" ".join(paragraph))
            paragraph.clear()

    for raw, line in pairs:
        match = _MARKER.match(line)
        if not line:
            end_paragraph()
            open_lists.clear()
            continue
        if not match:
            if open_lists:
                open_lists.clear()
            paragraph.append(line)
            continue
        end_paragraph()
        indent = len(raw) - len(raw.lstrip(" \t\u00a0"))
        numbered = match.group("number") is not None
        markers.append(match.group("marker").replace("\\", ""))
        while open_lists and (indent < open_lists[-1][0] or (indent == open_lists[-1][0]
                                                               and bool(open_lists[-1][1].get("numbered")) != numbered)):
            open_lists.pop()
        if open_lists and indent > open_lists[-1][0] and open_lists[-1][1]["items"]:
            parent = open_lists[-1][1]["items"]
            last = parent[-1]
            item = last if isinstance(last, dict) else {"text": last}
            parent[-1] = item
            if "items" not in item:
                item.update(_new_list(numbered, match.group("number")))
                open_lists.append((indent, item))
        elif not open_lists:
            new = _new_list(numbered, match.group("number"))
            blocks.append(new)
            open_lists.append((indent, new))
        open_lists[-1][1]["items"].append(match.group("text").strip())
    end_paragraph()
    return Lines(blocks, markers)


def _new_list(numbered: bool, number: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if numbered:
        out["numbered"] = True
        if number is not None and int(number) != 1:
            out["start"] = int(number)
    out["items"] = []
    return out


def item_of(blocks: list[Any]) -> list[Any]:
    """A list item made of the blocks it holds, in order: its first paragraph is its text, and
    what follows is its nested list (one list: the shape of formats 2-3) or its blocks (format
    4). An item that starts with a list has no text of its own: its items and what follows
    become items of the list it is in. Empty: no item."""
    if not blocks:
        return []
    first, rest = blocks[0], blocks[1:]
    if not isinstance(first, str):
        lifted = list(first["items"])
        for block in rest:
            lifted.extend(block["items"] if isinstance(block, dict) and "items" in block else [block])
        return lifted
    if not rest:
        return [first]
    if len(rest) == 1 and isinstance(rest[0], dict) and "items" in rest[0]:
        return [{"text": first, **rest[0]}]
    return [{"text": first, "blocks": rest}]


def cell_of(blocks: list[Any]) -> Any:
    """A table cell made of the blocks it holds: one paragraph is a line of text, as always;
    more, or a list, are a cell of blocks (format 4)."""
    if not blocks:
        return ""
    if len(blocks) == 1 and isinstance(blocks[0], str):
        return blocks[0]
    return {"blocks": blocks}


def holds_blocks(block: Any) -> bool:
    """Whether a block has blocks inside an item or a cell (it needs source format 4)."""
    if isinstance(block, str):
        return False
    if "table" in block:
        return any(isinstance(cell, dict) and "blocks" in cell
                   for row in block["table"]["rows"] for cell in (row["cells"] if isinstance(row, dict) else row))
    if "blocks" in block:
        return True
    return any(holds_blocks(item) for item in block.get("items", []))
