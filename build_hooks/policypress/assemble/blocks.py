"""Blocks as one page shows them: visible parts only, placeholders and references resolved.

One view class per block kind of the model; `view_block` is the one place that turns a source
block into its view. Each view class names its `kind` for templates, which cannot test types.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar

from policypress.errors import Location
from policypress.model import Block, BlockCell, Cell, ItemList, Paragraph, Table, cell_spans
from policypress.assemble.passages import block_key, cell_key, header_key, item_key


@dataclass(frozen=True)
class ViewParagraph:
    """One paragraph of Markdown, resolved."""

    kind: ClassVar[str] = "paragraph"
    text: str
    untranslated: bool = field(default=False, compare=False)
    """On a translated page: shown in the source language, for want of a translation."""


@dataclass(frozen=True)
class ViewItem:
    """One list item, with the list nested under it (None if it has none on this page), or
    (format 4) the blocks after its first paragraph that this page shows."""

    text: str
    sublist: ViewList | None = None
    untranslated: bool = field(default=False, compare=False)
    blocks: tuple[ViewInner, ...] = ()

    @property
    def content(self) -> tuple[ViewInner, ...]:
        """What follows the item's first paragraph, in reading order: its sublist or its blocks
        (a sublist reads as an item whose one block is a list)."""
        return (self.sublist,) if self.sublist is not None else self.blocks


@dataclass(frozen=True)
class ViewList:
    """A bulleted or numbered list of the items this page shows."""

    kind: ClassVar[str] = "list"
    items: tuple[ViewItem, ...]
    numbered: bool = False
    start: int = 1


@dataclass(frozen=True)
class ViewCell:
    """A table cell holding blocks (format 4): the paragraphs and lists this page shows."""

    kind: ClassVar[str] = "cell"
    blocks: tuple[ViewInner, ...]


ViewCellValue = str | ViewCell
"""A cell as a page shows it: a line of Markdown, or blocks."""


@dataclass(frozen=True)
class ViewTable:
    """A table with the rows this page shows (cells are Markdown, resolved)."""

    kind: ClassVar[str] = "table"
    header: tuple[str, ...]
    rows: tuple[tuple[ViewCellValue, ...], ...]
    header_untranslated: tuple[bool, ...] = field(default=(), compare=False)
    rows_untranslated: tuple[tuple[bool, ...], ...] = field(default=(), compare=False)
    header_spans: tuple[int, ...] = ()
    """How many columns each header cell spans; empty when each spans one."""
    rows_spans: tuple[tuple[int, ...], ...] = ()
    """Each row's cells' spans (a row's empty when each spans one); empty when no cell spans."""

    @property
    def spanning(self) -> bool:
        """Whether any cell spans several columns (such a table cannot be a Markdown table)."""
        return bool(self.header_spans) or any(self.rows_spans)

    @property
    def holds_blocks(self) -> bool:
        """Whether any cell holds blocks (nor can such a table be a Markdown table)."""
        return any(isinstance(cell, ViewCell) for row in self.rows for cell in row)

    @property
    def columns(self) -> int:
        """The number of columns."""
        return sum(cell_spans(self.header, self.header_spans))

    def header_widths(self) -> tuple[int, ...]:
        """How many columns each header cell spans."""
        return cell_spans(self.header, self.header_spans)

    def widths(self, row: int) -> tuple[int, ...]:
        """How many columns each cell of the `row`th shown row spans."""
        return cell_spans(self.rows[row], self.rows_spans[row] if self.rows_spans else ())

    def is_group(self, row: int) -> bool:
        """Whether the `row`th shown row is a group row: one cell spanning every column."""
        return len(self.rows[row]) == 1 and self.widths(row) == (self.columns,) and self.columns > 1


ViewBlock = ViewParagraph | ViewList | ViewTable
ViewInner = ViewParagraph | ViewList
"""What a list item or a table cell shows inside it (format 4)."""

Shows = Callable[[frozenset[str]], bool]
Resolve = Callable[[str, Location], str]
Translate = Callable[[str, str], tuple[str, bool]]
"""(passage key, source text) → the text a page shows, and whether it falls back to the source."""


def _source(key: str, text: str) -> tuple[str, bool]:
    return text, False


def view_block(block: Block, shows: Shows, resolve: Resolve, key: str = "", translate: Translate = _source) -> ViewBlock | None:
    """The view of a block for a page (None when the page shows nothing of it). `key` is the
    block's passage key (`policypress.assemble.passages`); `translate` gives a
    translated page its texts. The blocks inside list items and cells come through here too."""
    if not shows(block.tags):
        return None

    def text(passage: str, source: str, location: Location) -> tuple[str, bool]:
        shown, fallback = translate(passage, source)
        return resolve(shown, location), fallback

    match block:
        case Paragraph():
            return ViewParagraph(*text(key, block.text, block.location))
        case ItemList():
            return _view_list(block, shows, resolve, translate, key)
        case Table():
            shown_rows = [(index, row) for index, row in enumerate(block.rows) if shows(row.tags)]
            if not shown_rows:
                return None
            rows = [
                [_view_cell(cell, cell_key(key, index, column), row.location, shows, resolve, translate) for column, cell in enumerate(row.cells)]
                for index, row in shown_rows
            ]
            header = [text(header_key(key, column), cell, block.location) for column, cell in enumerate(block.header)]
            spans = tuple(row.spans for _, row in shown_rows)
            return ViewTable(
                tuple(t for t, _ in header),
                tuple(tuple(t for t, _ in row) for row in rows),
                tuple(f for _, f in header),
                tuple(tuple(f for _, f in row) for row in rows),
                block.header_spans,
                spans if any(spans) else (),
            )
    raise TypeError(f"unknown block {block!r}")


def _inner(blocks: tuple[Block, ...], prefix: str, shows: Shows, resolve: Resolve, translate: Translate) -> tuple[ViewInner, ...]:
    views = (view_block(block, shows, resolve, block_key(prefix, index), translate) for index, block in enumerate(blocks))
    return tuple(view for view in views if view is not None)  # type: ignore[misc]


def _view_cell(
    cell: Cell, key: str, location: Location, shows: Shows, resolve: Resolve, translate: Translate
) -> tuple[ViewCellValue, bool]:
    """A cell as the page shows it, and whether it falls back to the source text (a cell of
    blocks marks each of its paragraphs and items instead)."""
    match cell:
        case BlockCell():
            return ViewCell(_inner(cell.blocks, key, shows, resolve, translate)), False
        case str():
            shown, fallback = translate(key, cell)
            return resolve(shown, location), fallback
    raise TypeError(f"unknown cell {cell!r}")


def _view_list(items: ItemList, shows: Shows, resolve: Resolve, translate: Translate, key: str) -> ViewList | None:
    shown = []
    for index, item in enumerate(items.items):
        if not shows(item.tags):
            continue
        passage = item_key(key, index)
        shown_text, fallback = translate(passage, item.text)
        # A format-2 sublist's items are keyed under the item (…/item-2/item-1), its blocks'
        # as blocks of the item (…/item-2/block-1/item-1).
        sublist = _view_list(item.sublist, shows, resolve, translate, passage) if item.sublist is not None else None
        blocks = _inner(item.blocks, passage, shows, resolve, translate)
        shown.append(ViewItem(resolve(shown_text, item.location), sublist, fallback, blocks))
    return ViewList(tuple(shown), items.numbered, items.start) if shown else None
