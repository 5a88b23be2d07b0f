"""The passages of a policy a translator translates, each with a stable key.

A passage is one piece of text a reader sees as a unit: the document title, a section title,
a paragraph, a list item, a table cell, a preamble block; a cell or an item holding blocks
(format 4) holds a passage for each of its paragraphs and items, e.g. "rights/block-2/row-1/
cell-2/block-1". Its key — the PO entry's
`msgctxt` — is made of the section id and the passage's kind and position in that section, so
it does not change when other sections change; the source text itself is the `msgid`.

Which passages a page shows follows the same tag rule as `policypress.assemble` (a section,
block or item shows when the region shows its tags), so a translation can be checked for the
pages that will use it. A language's texts for these passages (`PassageTexts`) come from
`policypress.translations.texts`; assembly only reads them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

from policypress.errors import Location
from policypress.model import Block, BlockCell, Cell, ItemList, Paragraph, Policy, Region, Section, Table


class PassageTexts(Protocol):
    """A language's texts for a policy's passages (see `policypress.translations.texts`)."""

    language: str

    def text(self, key: str, source: str) -> str | None:
        """The translation of the passage `key` whose source text is `source`, or None."""

    def reference(self, number: str) -> str:
        """A section reference in the language, e.g. "Seção 3"."""

    def document_title(self, document: str, source: str) -> str | None:
        """Another document's title in the language (its own PO file's), or None."""

    def document_reference(self, number: str, title: str) -> str:
        """A reference to another document's section, e.g. "Política de Cookies, seção 2"."""


Shows = Callable[[frozenset[str]], bool]

DOCUMENT_TITLE = "(document)/title"


@dataclass(frozen=True)
class Passage:
    """One translatable text, as the source writes it (placeholders and references unresolved)."""

    key: str
    """Stable key, e.g. "cookies/title", "cookies/block-2", "cookies/block-3/item-1"."""
    text: str
    location: Location
    """Where the text is written, for the PO entry's `#:` comment."""
    note: str = ""
    """What translators are told about the passage (the PO entry's `#.` comment), if anything."""


def section_title_key(section_id: str) -> str:
    """Key of a section's title."""
    return f"{section_id}/title"


def section_summary_key(section_id: str) -> str:
    """Key of a section's summary (`summary:`)."""
    return f"{section_id}/summary"


SUMMARY_NOTE = (
    "Section summary: a sentence or two shown \"at a glance\" at the top of the page, linked to "
    "the section. It does not replace the section's text; keep it as short as the original."
)
"""What a translator is told of a summary's PO entry."""


PREAMBLE = "(preamble)"
"""The key prefix of the preamble's blocks, which belong to no section."""


def block_key(prefix: str, index: int) -> str:
    """Key of the `index`th (0-based) block of a section (or of the preamble, a list item, a
    table cell): a paragraph's own key, and the prefix of a list's items and a table's cells."""
    return f"{prefix}/block-{index + 1}"


def item_key(parent: str, index: int) -> str:
    """Key of the `index`th (0-based) item of the list under `parent` (a block or an item)."""
    return f"{parent}/item-{index + 1}"


def header_key(block: str, column: int) -> str:
    """Key of a table's header cell."""
    return f"{block}/header/cell-{column + 1}"


def cell_key(block: str, row: int, column: int) -> str:
    """Key of a table cell (`row` counts the rows of the source, from 0)."""
    return f"{block}/row-{row + 1}/cell-{column + 1}"


def region_name_key(region_id: str) -> str:
    """Key of a region's name (page titles and "Applies to readers in …")."""
    return f"(region)/{region_id}/name"


def translatable(policy: Policy, language: str, settings_path: str = "policy_src/settings.yaml") -> list[Passage]:
    """Every passage a translator into `language` is given, in reading order: the document
    title, the names of the regions offering `language`, then every section's passages."""
    found = [Passage(DOCUMENT_TITLE, policy.settings.title, Location(settings_path))]
    found.extend(
        Passage(region_name_key(region.id), region.name, region.location)
        for region in policy.regions
        if any(offer.code == language for offer in region.languages)
    )
    found.extend(_blocks(PREAMBLE, policy.preamble, lambda tags: True))
    for section in policy.sections:
        found.extend(_section(section, lambda tags: True))
    return found


def page_passages(policy: Policy, region: Region, settings_path: str = "policy_src/settings.yaml") -> list[Passage]:
    """The passages the page of `region` shows, in reading order."""
    found = [
        Passage(DOCUMENT_TITLE, policy.settings.title, Location(settings_path)),
        Passage(region_name_key(region.id), region.name, region.location),
    ]
    found.extend(_blocks(PREAMBLE, policy.preamble, region.shows))
    for section in policy.sections:
        found.extend(_section(section, region.shows))
    return found


def _section(section: Section, shows: Shows) -> Iterator[Passage]:
    if not shows(section.tags):
        return
    yield Passage(section_title_key(section.id), section.title, section.location)
    if section.summary is not None:
        yield Passage(section_summary_key(section.id), section.summary.text, section.summary.location, SUMMARY_NOTE)
    yield from _blocks(section.id, section.blocks, shows)
    for sub in section.subsections:
        yield from _section(sub, shows)


def _blocks(prefix: str, blocks: tuple[Block, ...], shows: Shows) -> Iterator[Passage]:
    for index, block in enumerate(blocks):
        if shows(block.tags):
            yield from _block(block_key(prefix, index), block, shows)


def _block(key: str, block: Block, shows: Shows) -> Iterator[Passage]:
    """The one place that knows which passages each block kind holds (the keys are those
    `policypress.assemble.blocks.view_block` asks a translation for)."""
    match block:
        case Paragraph():
            yield Passage(key, block.text, block.location)
        case ItemList():
            yield from _items(key, block, shows)
        case Table():
            if not any(shows(row.tags) for row in block.rows):
                return  # a table with no row on the page is not shown at all
            for column, cell in enumerate(block.header):
                yield Passage(header_key(key, column), cell, block.location)
            for index, row in enumerate(block.rows):
                if shows(row.tags):
                    for column, cell in enumerate(row.cells):
                        yield from _cell(cell_key(key, index, column), cell, row.location, shows)


def _cell(key: str, cell: Cell, location: Location, shows: Shows) -> Iterator[Passage]:
    """A cell's passages: its text, or (format 4) each paragraph and item of its blocks."""
    match cell:
        case BlockCell():
            yield from _blocks(key, cell.blocks, shows)
        case str():
            yield Passage(key, cell, location)


def _items(key: str, items: ItemList, shows: Shows) -> Iterator[Passage]:
    for index, item in enumerate(items.items):
        if shows(item.tags):
            yield Passage(item_key(key, index), item.text, item.location)
            if item.sublist is not None:
                yield from _items(item_key(key, index), item.sublist, shows)
            yield from _blocks(item_key(key, index), item.blocks, shows)
