"""Blocks as one page shows them: visible parts only, placeholders and references resolved.

One view class per block kind of the model; `view_block` is the one place that turns a source
block into its view. Each view class names its `kind` for templates, which cannot test types.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from policypress.errors import Location
from policypress.model import Block, ItemList, Paragraph, Table


@dataclass(frozen=True)
class ViewParagraph:
    """One paragraph of Markdown, resolved."""

    kind: ClassVar[str] = "paragraph"
    text: str


@dataclass(frozen=True)
class ViewItem:
    """One list item, with the list nested under it (None if it has none on this page)."""

    text: str
    sublist: ViewList | None = None


@dataclass(frozen=True)
class ViewList:
    """A bulleted or numbered list of the items this page shows."""

    kind: ClassVar[str] = "list"
    items: tuple[ViewItem, ...]
    numbered: bool = False
    start: int = 1


@dataclass(frozen=True)
class ViewTable:
    """A table with the rows this page shows (cells are Markdown, resolved)."""

    kind: ClassVar[str] = "table"
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


ViewBlock = ViewParagraph | ViewList | ViewTable

Shows = Callable[[frozenset[str]], bool]
Resolve = Callable[[str, Location], str]


def view_block(block: Block, shows: Shows, resolve: Resolve) -> ViewBlock | None:
    """The view of a block for a page (None when the page shows nothing of it)."""
    if not shows(block.tags):
        return None
    match block:
        case Paragraph():
            return ViewParagraph(resolve(block.text, block.location))
        case ItemList():
            return _view_list(block, shows, resolve)
        case Table():
            rows = tuple(
                tuple(resolve(cell, row.location) for cell in row.cells) for row in block.rows if shows(row.tags)
            )
            if not rows:
                return None
            return ViewTable(tuple(resolve(cell, block.location) for cell in block.header), rows)
    raise TypeError(f"unknown block {block!r}")


def _view_list(items: ItemList, shows: Shows, resolve: Resolve) -> ViewList | None:
    shown = tuple(
        ViewItem(
            resolve(item.text, item.location),
            _view_list(item.sublist, shows, resolve) if item.sublist is not None else None,
        )
        for item in items.items
        if shows(item.tags)
    )
    return ViewList(shown, items.numbered, items.start) if shown else None
