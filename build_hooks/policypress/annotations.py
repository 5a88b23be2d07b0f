"""Where `discloses:` annotations sit in the model, walked once for every stage that needs them.

A block kind is handled here in one dispatch; what counts as shown follows
`policypress.assemble.blocks.view_block` (a list or table none of whose items or rows a page
shows is not on that page, and neither are its annotations).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from policypress.model import Block, BlockCell, Cell, ItemList, Paragraph, Ref, Section, Table

Shows = Callable[[frozenset[str]], bool]


def section_refs(section: Section) -> Iterator[Ref]:
    """Every id written in the section itself (heading and blocks, not its subsections)."""
    yield from section.discloses
    for block in section.blocks:
        yield from block_refs(block)


def block_refs(block: Block) -> Iterator[Ref]:
    """Every id written in a block: the block's own, its items' (nested too) and rows'."""
    return shown_refs(block, lambda tags: True)


def shown_refs(block: Block, shows: Shows) -> Iterator[Ref]:
    """The ids written in the parts of a block that a page showing `shows` displays."""
    if not shows(block.tags):
        return
    match block:
        case Paragraph():
            yield from block.discloses
        case ItemList():
            yield from _list_refs(block, shows)
        case Table():
            rows = [row for row in block.rows if shows(row.tags)]
            if rows:
                yield from block.discloses
            for row in rows:
                yield from row.discloses
                for cell in row.cells:
                    yield from _cell_refs(cell, shows)


def _cell_refs(cell: Cell, shows: Shows) -> Iterator[Ref]:
    # A cell of text carries none of its own; one of blocks (format 4), its blocks' ids.
    match cell:
        case BlockCell():
            for block in cell.blocks:
                yield from shown_refs(block, shows)


def _list_refs(items: ItemList, shows: Shows) -> Iterator[Ref]:
    shown = [item for item in items.items if shows(item.tags)]
    if shown:
        yield from items.discloses
    for item in shown:
        yield from item.discloses
        if item.sublist is not None:
            yield from _list_refs(item.sublist, shows)
        for block in item.blocks:
            yield from shown_refs(block, shows)
