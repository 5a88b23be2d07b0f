"""The policy as loaded from its sources: frozen values, complete when built.

Raw source values live here; what is derived for one page (numbering, resolved references)
lives in `policypress.assemble`, and what comes from git in `policypress.history`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date

from policypress.errors import Location

# The source format this PolicyPress writes; older formats are read too (see sources/).
CURRENT_FORMAT = 4
# Format 2 added numbered and nested lists, tables, a preamble, empty and deeply nested
# sections; format 1 sources are format 2 sources that use none of these. Format 3 added
# table cells that span columns; format 2 sources are format 3 sources without them.
# Format 4 added blocks (paragraphs and lists) inside list items and table cells; format 3
# sources are format 4 sources without them, and load as the values they always were.


@dataclass(frozen=True)
class Settings:
    """Document-wide settings from `policy_src/settings.yaml`."""

    format: int
    title: str
    controller: str
    notice_days: int
    recent_days: int
    timezone: str
    locale: str
    placeholders: dict[str, str] = field(hash=False)
    outline: tuple[str, ...]
    """Ids of the top-level sections, in reading order."""
    regions: tuple[str, ...] | None = None
    """The regions the document applies to (None: every region of regions.yaml)."""
    since_versions: int = 12
    """How many versions before the one in force get a redline to it at `/<region>/since/<version>/`
    (older ones list the redlines release by release); 0: no such pages."""
    max_grade: float | None = None
    """`plain_language: {max_grade: N}`: the reading grade a changed section should not
    exceed (`check` warns, never fails); None: no goal."""


@dataclass(frozen=True)
class Tag:
    """A jurisdiction tag that content can carry, e.g. `gdpr`."""

    id: str
    description: str


@dataclass(frozen=True)
class LanguageOffer:
    """A further language a region's pages are offered in (`languages:` in regions.yaml)."""

    code: str
    """BCP 47 tag as written, e.g. "pt-BR" (lower-cased in URLs: /pt-br/)."""
    required: bool
    """`required`: every passage must be translated; `fallback`: missing ones show the source."""
    location: Location


@dataclass(frozen=True)
class Ref:
    """An id written in the sources (a law, a disclosure item), with where it was written."""

    id: str
    location: Location


@dataclass(frozen=True)
class NotApplicable:
    """A region's statement that a conditional disclosure item does not apply to it, and why."""

    item: str
    reason: str
    location: Location


@dataclass(frozen=True)
class Region:
    """A reader's region: one page, showing untagged content and content with any of its tags."""

    id: str
    name: str
    tags: frozenset[str]
    location: Location
    laws: tuple[Ref, ...] = ()
    """Laws of the disclosure catalogue the page answers to (see `policypress.laws`)."""
    not_applicable: tuple[NotApplicable, ...] = ()
    languages: tuple[LanguageOffer, ...] = ()
    """Further languages its pages are offered in, in the order regions.yaml lists them."""

    def shows(self, tags: frozenset[str]) -> bool:
        """Whether content carrying `tags` appears on this region's page."""
        return not tags or bool(tags & self.tags)


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of Markdown."""

    text: str
    tags: frozenset[str]
    location: Location
    discloses: tuple[Ref, ...] = ()
    """Disclosure items the passage makes (metadata: never part of the text)."""


@dataclass(frozen=True)
class ListItem:
    """One item of a list: Markdown, optionally followed by a nested list of its own (formats
    2-3) or by further blocks (format 4: paragraphs and lists, in order)."""

    text: str
    tags: frozenset[str]
    location: Location
    sublist: ItemList | None = None
    discloses: tuple[Ref, ...] = ()
    """Disclosure items the item makes (metadata: never part of the text)."""
    blocks: tuple[InnerBlock, ...] = ()
    """Format 4: the blocks after the item's first paragraph (`text`), in reading order; an
    item has either these or a `sublist`, never both. A sublist's items are keyed for
    translation under the item (`…/item-2/item-1`), its blocks' as blocks of the item
    (`…/item-2/block-1/item-1`)."""


@dataclass(frozen=True)
class ItemList:
    """A bulleted or numbered list whose items can carry tags (and lists) of their own."""

    items: tuple[ListItem, ...]
    tags: frozenset[str]
    location: Location
    numbered: bool = False
    start: int = 1
    """The number of the first item of a numbered list."""
    discloses: tuple[Ref, ...] = ()
    """Items the list as a whole discloses (a nested list's are its item's)."""


BulletList = ItemList
"""The format-1 name of a list (always bulleted then)."""

InnerBlock = Paragraph | ItemList
"""What a list item or a table cell can hold (format 4): paragraphs and lists, no tables.
Every stage hands these to the same dispatch as a section's blocks."""


@dataclass(frozen=True)
class BlockCell:
    """A table cell holding blocks (format 4): paragraphs and lists, in reading order, as a
    CommonMark cell written as HTML would (`<td><p>…</p><ul>…</ul></td>`)."""

    blocks: tuple[InnerBlock, ...]
    location: Location


Cell = str | BlockCell
"""A table cell: one line of Markdown (formats 1-3, and still the usual cell), or blocks."""


def cell_spans(cells: tuple[object, ...], spans: tuple[int, ...]) -> tuple[int, ...]:
    """How many columns each cell spans: `spans` as written, or one each when it is empty."""
    return spans or (1,) * len(cells)


@dataclass(frozen=True)
class TableRow:
    """One row of a table: Markdown cells covering the header's columns; it can carry tags."""

    cells: tuple[Cell, ...]
    tags: frozenset[str]
    location: Location
    discloses: tuple[Ref, ...] = ()
    spans: tuple[int, ...] = ()
    """How many columns each cell spans; empty when every cell spans one (every row of
    format 2), so that rows without spans are the values they always were."""

    @property
    def widths(self) -> tuple[int, ...]:
        """How many columns each cell spans (one each unless `spans` says otherwise)."""
        return cell_spans(self.cells, self.spans)


@dataclass(frozen=True)
class Table:
    """A table: a header row and rows of Markdown cells; a cell may span several columns, and
    a row whose one cell spans every column is a group row (a heading for the rows after it).
    Header cells are always a line of Markdown; a row's cells may hold blocks (format 4)."""

    header: tuple[str, ...]
    rows: tuple[TableRow, ...]
    tags: frozenset[str]
    location: Location
    discloses: tuple[Ref, ...] = ()
    header_spans: tuple[int, ...] = ()
    """How many columns each header cell spans; empty when every one spans one."""

    @property
    def columns(self) -> int:
        """The number of columns: what the header's cells span together."""
        return sum(cell_spans(self.header, self.header_spans))


Block = Paragraph | ItemList | Table
"""What a section (or the preamble) holds; each stage handles these in one dispatch."""


@dataclass(frozen=True)
class Summary:
    """A section's short version (`summary:`): a sentence or two of Markdown shown "at a
    glance" above the text. Readers see it, but it is not the text: it never enters the
    published plain text or its sha256."""

    text: str
    location: Location


@dataclass(frozen=True)
class Section:
    """A section or subsection with a stable id, never reused once published."""

    id: str
    title: str
    tags: frozenset[str]
    blocks: tuple[Block, ...]
    subsections: tuple[Section, ...]
    location: Location
    discloses: tuple[Ref, ...] = ()
    summary: Summary | None = None


def walk_sections(sections: tuple[Section, ...]) -> Iterator[Section]:
    """Every section and subsection, in reading order."""
    for section in sections:
        yield section
        yield from walk_sections(section.subsections)


@dataclass(frozen=True)
class Release:
    """One entry of `policy_src/releases.yaml`, as written (dates may be left to defaults)."""

    version: str
    summary: str
    material: bool | frozenset[str]
    """True/False for every region, or the ids of the regions for which it is material."""
    published: date | None
    effective: date | None
    location: Location

    def is_material_for(self, region_id: str) -> bool:
        """Whether this release is material for the given region."""
        if isinstance(self.material, bool):
            return self.material
        return region_id in self.material


@dataclass(frozen=True)
class Policy:
    """Everything under `policy_src/` at one point in time, validated."""

    settings: Settings
    tags: tuple[Tag, ...]
    regions: tuple[Region, ...]
    sections: tuple[Section, ...]
    releases: tuple[Release, ...]
    preamble: tuple[Block, ...] = ()
    """Blocks before section 1, unnumbered, on every page (settings.yaml `preamble`)."""
    document: str = ""
    """The document id; "" for the primary document (the root of policy_src/)."""
    linked: Mapping[str, Policy] = field(default_factory=dict, hash=False, compare=False)
    """The other documents this one's text refers to, read from the same snapshot."""

    def region(self, region_id: str) -> Region:
        """The region with this id (KeyError if there is none)."""
        for region in self.regions:
            if region.id == region_id:
                return region
        raise KeyError(region_id)
