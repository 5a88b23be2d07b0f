"""The passages of a policy a translator translates, each with a stable key.

A passage is one piece of text a reader sees as a unit: the document title, a section title,
a paragraph, a list item (later: a table cell, a preamble block). Its key — the PO entry's
`msgctxt` — is made of the section id and the passage's kind and position in that section, so
it does not change when other sections change; the source text itself is the `msgid`.

Which passages a page shows follows the same tag rule as `policypress.assemble` (a section,
block or item shows when the region shows its tags), so a translation can be checked for the
pages that will use it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from policypress.errors import Location
from policypress.model import Block, BulletList, Paragraph, Policy, Region, Section

DOCUMENT_TITLE = "(document)/title"


@dataclass(frozen=True)
class Passage:
    """One translatable text, as the source writes it (placeholders and references unresolved)."""

    key: str
    """Stable key, e.g. "cookies/title", "cookies/block-2", "cookies/block-3/item-1"."""
    text: str
    location: Location
    """Where the text is written, for the PO entry's `#:` comment."""


def section_title_key(section_id: str) -> str:
    """Key of a section's title."""
    return f"{section_id}/title"


def block_key(section_id: str, index: int) -> str:
    """Key of the `index`th (0-based) block of a section, or its prefix for a list's items."""
    return f"{section_id}/block-{index + 1}"


def item_key(section_id: str, block_index: int, item_index: int) -> str:
    """Key of the `item_index`th (0-based) item of a list block."""
    return f"{block_key(section_id, block_index)}/item-{item_index + 1}"


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
    for section in policy.sections:
        found.extend(_section(section, lambda tags: True))
    return found


def page_passages(policy: Policy, region: Region, settings_path: str = "policy_src/settings.yaml") -> list[Passage]:
    """The passages the page of `region` shows, in reading order."""
    found = [
        Passage(DOCUMENT_TITLE, policy.settings.title, Location(settings_path)),
        Passage(region_name_key(region.id), region.name, region.location),
    ]
    for section in policy.sections:
        found.extend(_section(section, region.shows))
    return found


def _section(section: Section, shows: Callable[[frozenset[str]], bool]) -> Iterator[Passage]:
    if not shows(section.tags):
        return
    yield Passage(section_title_key(section.id), section.title, section.location)
    for index, block in enumerate(section.blocks):
        if shows(block.tags):
            yield from _block(section.id, index, block, shows)
    for sub in section.subsections:
        yield from _section(sub, shows)


def _block(section_id: str, index: int, block: Block, shows: Callable[[frozenset[str]], bool]) -> Iterator[Passage]:
    """The one place that knows which passages each block kind holds."""
    if isinstance(block, BulletList):
        for item_index, item in enumerate(block.items):
            if shows(item.tags):
                yield Passage(item_key(section_id, index, item_index), item.text, item.location)
    elif isinstance(block, Paragraph):
        yield Passage(block_key(section_id, index), block.text, block.location)
