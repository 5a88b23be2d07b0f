"""Which region pages show which tagged passage, and under which section number (SPEC §16).

A reviewer of a multi-jurisdiction policy first asks what each region gets. The matrix has a
row per passage that carries jurisdiction tags and is missing from at least one region page
(a section, a paragraph, a list or list item, a table or table row), and for each region the
number of the section it stands in on that region's page (numbering is per page), or None.
Passages are read from the complete page's view, so placeholders and references are resolved
as readers see them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from policypress.assemble import PassageTexts, ViewSection, assemble, section_numbers
from policypress.assemble.blocks import ViewBlock, ViewCell, ViewCellValue, ViewItem, ViewList, ViewParagraph, ViewTable
from policypress.errors import Location
from policypress.model import Block, BlockCell, Cell, ItemList, ListItem, Paragraph, Policy, Region, Section, Table
from policypress.assemble.passages import region_name_key

PREAMBLE = "preamble"
"""The "number" of a passage of the preamble on a page that shows it (the preamble has none)."""


@dataclass(frozen=True)
class MatrixRow:
    """One tagged passage and where each region's page shows it."""

    kind: str
    """"section", "paragraph", "list", "list item", "table" or "table row"."""
    section: str | None
    """The id of the section it is (or stands in); None in the preamble."""
    number: str
    """Its section's number on the complete page ("" in the preamble)."""
    text: str
    """Markdown: a section's title, a passage's text (a table row's cells joined by " | ")."""
    tags: tuple[str, ...]
    """The tags it carries itself, as written."""
    numbers: tuple[str | None, ...]
    """Per region of the matrix: its section's number on that page (PREAMBLE in the
    preamble), or None where the page does not show it."""
    location: Location


@dataclass(frozen=True)
class RegionMatrix:
    """One document's matrix."""

    document: str
    title: str
    regions: tuple[Region, ...]
    """The document's regions, in regions.yaml's order (names in the matrix's language)."""
    rows: tuple[MatrixRow, ...]


def region_matrix(policy: Policy, texts: PassageTexts | None = None) -> RegionMatrix:
    """The matrix of a validated `policy`'s tagged passages over its regions (`texts`: in a language)."""
    full = assemble(policy, None, texts)
    numbers = [section_numbers(policy, region) for region in policy.regions]
    rows: list[MatrixRow] = []

    def add(kind: str, section: Section | None, text: str, own: frozenset[str], shown_by: list[bool], location: Location) -> None:
        if own and not all(shown_by):
            where = [
                (PREAMBLE if section is None else found[section.id]) if shows else None
                for found, shows in zip(numbers, shown_by)
            ]
            number = "" if section is None else section_numbers_full[section.id]
            rows.append(MatrixRow(kind, section.id if section else None, number, text, tuple(sorted(own)), tuple(where), location))

    section_numbers_full = {view.id: view.number for view in full.walk()}
    everywhere = [True] * len(policy.regions)
    for block, view in zip(policy.preamble, full.preamble):
        for kind, text, own, shown_by, location in _block_rows(block, view, everywhere, policy.regions):
            add(kind, None, text, own, shown_by, location)

    def visit(sections: tuple[Section, ...], views: tuple[ViewSection, ...], shown: list[bool]) -> None:
        for section, view in zip(sections, views):
            here = _narrowed(shown, section.tags, policy.regions)
            add("section", section, view.title, section.tags, here, section.location)
            for block, block_view in zip(section.blocks, view.blocks):
                for kind, text, own, shown_by, location in _block_rows(block, block_view, here, policy.regions):
                    add(kind, section, text, own, shown_by, location)
            visit(section.subsections, view.subsections, here)

    visit(policy.sections, full.sections, everywhere)
    regions = policy.regions
    if texts is not None:
        regions = tuple(_named(region, texts) for region in regions)
    return RegionMatrix(policy.document, full.title, regions, tuple(rows))


def _named(region: Region, texts: PassageTexts) -> Region:
    return replace(region, name=texts.text(region_name_key(region.id), region.name) or region.name)


def _narrowed(shown: list[bool], tags: frozenset[str], regions: tuple[Region, ...]) -> list[bool]:
    """Which regions show a passage with `tags` inside one that `shown` says they show."""
    return [shows and region.shows(tags) for shows, region in zip(shown, regions)]


Row = tuple[str, str, frozenset[str], list[bool], Location]


def _block_rows(block: Block, view: ViewBlock, shown: list[bool], regions: tuple[Region, ...]) -> Iterator[Row]:
    """The rows of one block and its tagged parts (kind, text, own tags, shown by, location)."""
    here = _narrowed(shown, block.tags, regions)
    match block:
        case Paragraph():
            yield ("paragraph", view.text, block.tags, here, block.location)  # type: ignore[union-attr]
        case ItemList():
            assert isinstance(view, ViewList)
            yield ("list", _list_text(view), block.tags, here, block.location)
            yield from _item_rows(block.items, view.items, here, regions)
        case Table():
            assert isinstance(view, ViewTable)
            yield ("table", " | ".join(view.header), block.tags, here, block.location)
            for row, cells in zip(block.rows, view.rows):
                row_here = _narrowed(here, row.tags, regions)
                yield ("table row", " | ".join(_cell_text(cell) for cell in cells), row.tags, row_here, row.location)
                for cell, cell_view in zip(row.cells, cells):
                    yield from _cell_rows(cell, cell_view, row_here, regions)


def _cell_rows(cell: Cell, view: ViewCellValue, shown: list[bool], regions: tuple[Region, ...]) -> Iterator[Row]:
    """The tagged blocks inside a cell (format 4); a cell of text has no parts of its own."""
    match cell:
        case BlockCell():
            assert isinstance(view, ViewCell)
            yield from _inner_rows(cell.blocks, view.blocks, shown, regions)


def _inner_rows(blocks: tuple[Block, ...], views: tuple[ViewBlock, ...], shown: list[bool], regions: tuple[Region, ...]) -> Iterator[Row]:
    # The complete page shows every block, so sources and views pair up one to one.
    for block, view in zip(blocks, views):
        yield from _block_rows(block, view, shown, regions)


def _cell_text(cell: ViewCellValue) -> str:
    """A cell's Markdown: its text, or its blocks' first texts joined by a space."""
    match cell:
        case ViewCell():
            return " ".join(_first_text(block) for block in cell.blocks)
        case str():
            return cell
    raise TypeError(f"unknown cell {cell!r}")


def _item_rows(items: tuple[ListItem, ...], views: tuple[ViewItem, ...], shown: list[bool], regions: tuple[Region, ...]) -> Iterator[Row]:
    for item, view in zip(items, views):
        here = _narrowed(shown, item.tags, regions)
        yield ("list item", view.text, item.tags, here, item.location)
        if item.sublist is not None and view.sublist is not None:
            sub = _narrowed(here, item.sublist.tags, regions)
            yield from _item_rows(item.sublist.items, view.sublist.items, sub, regions)
        yield from _inner_rows(item.blocks, view.blocks, here, regions)


def _first_text(view: ViewBlock) -> str:
    """A paragraph's text, or the text that stands for a list."""
    match view:
        case ViewParagraph():
            return view.text
        case ViewList():
            return _list_text(view)
    raise TypeError(f"no text stands for {view!r}")


def _list_text(view: ViewList) -> str:
    """A list's first item stands for the list."""
    return view.items[0].text if view.items else ""
