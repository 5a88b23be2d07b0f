"""Checks of meaning that a schema cannot express: ids, tags, placeholders, references.

Each check returns problems rather than raising, so that `validate` reports all of them at once.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError

from policypress.errors import Location, Problem
from policypress.inline import DocumentReference, Malformed, Placeholder, Reference, scan
from policypress.laws import catalogue
from policypress.sources.linked import document_reference_problem
from policypress.markup import unsafe_markup
from policypress.model import (
    Block,
    BlockCell,
    Cell,
    ItemList,
    Paragraph,
    Policy,
    Region,
    Section,
    Table,
    TableRow,
    walk_sections,
)
from policypress.releases import Dated, date_problems, effective_date
from policypress.sources.languages import language_problems
from policypress.sources import disclosures
from policypress.untrusted import short

# URL segments the site itself uses; a region or version with one of these ids would collide.
RESERVED_REGION_IDS = frozenset({"full", "api", "notices", "assets", "search", "feed.xml", "editors", "regions"})
RESERVED_VERSIONS = frozenset({"draft", "history", "upcoming", "changes", "since", "sections", "feed.xml"})


Pinpoint = Callable[[Location, str], Location]
"""Narrows a scalar's location to where a snippet of its text was written."""


def check(policy: Policy, settings_path: str, pinpoint: Pinpoint) -> list[Problem]:
    """Every meaning problem of a policy whose files all have the right shape."""
    return [
        *_settings(policy, settings_path),
        *_regions(policy),
        *language_problems(policy, RESERVED_REGION_IDS),
        *_outline(policy, settings_path),
        *_sections(policy, pinpoint),
        *_releases(policy),
        *disclosures.check(policy, catalogue()),
    ]


def _settings(policy: Policy, path: str) -> Iterator[Problem]:
    settings = policy.settings
    for name, value in [("title", settings.title), ("controller", settings.controller), *settings.placeholders.items()]:
        for _, message in unsafe_markup(value):
            yield Problem(Location(path), f"in {short(name)}: {message}")
        for token in scan(value):
            yield Problem(Location(path), f"in {short(name)}: template syntax is not allowed in settings ({short(token.raw)})")
    try:
        ZoneInfo(settings.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        yield Problem(
            Location(path),
            f"unknown time zone {short(settings.timezone)}; use an IANA name such as UTC or Europe/Berlin",
        )
    try:
        Locale.parse(settings.locale)
    except (UnknownLocaleError, ValueError):
        yield Problem(Location(path), f"unknown locale {short(settings.locale)}; use a name such as en_US")


def _regions(policy: Policy) -> Iterator[Problem]:
    known = {tag.id for tag in policy.tags}
    seen: dict[str, Region] = {}
    for region in policy.regions:
        if region.id in seen:
            yield Problem(
                region.location,
                f"region id {short(region.id)} is used twice (first at {seen[region.id].location}); "
                "give each region its own id",
            )
        seen.setdefault(region.id, region)
        if region.id in RESERVED_REGION_IDS:
            yield Problem(region.location, f"region id {short(region.id)} is reserved for the site's own pages; choose another")
        for tag in sorted(region.tags - known):
            yield Problem(region.location, _unknown_tag(tag, known))
        for _, message in unsafe_markup(region.name):
            yield Problem(region.location, f"in the name of region {short(region.id)}: {message}")


def _unknown_tag(tag: str, known: set[str]) -> str:
    return f"unknown jurisdiction tag {short(tag)}; tags defined in regions.yaml: {', '.join(sorted(known))}"


def _outline(policy: Policy, path: str) -> Iterator[Problem]:
    files = {section.id: section for section in policy.sections}
    for section_id in policy.settings.outline:
        if section_id not in files:
            yield Problem(
                Location(path),
                f"the outline lists section {short(section_id)}, but no file in policy_src/sections/ "
                f"has 'id: {section_id}'; add the file or remove the entry",
            )
    for section in policy.sections:
        if section.id not in policy.settings.outline:
            yield Problem(
                section.location,
                f"section {short(section.id)} is not in the 'sections' list of settings.yaml; "
                "add it there where it should appear",
            )


def _sections(policy: Policy, pinpoint: Pinpoint) -> Iterator[Problem]:
    known_tags = {tag.id for tag in policy.tags}
    seen: dict[str, Section] = {}
    for section in walk_sections(policy.sections):
        if section.id in seen:
            yield Problem(
                section.location,
                f"section id {short(section.id)} is already used at {seen[section.id].location}; "
                "ids must be unique (and never reused once published)",
            )
        seen.setdefault(section.id, section)
        if not section.blocks and not section.subsections and policy.settings.format < 2:
            yield _needs_format_2(section.location, f"section {short(section.id)} has no blocks and no subsections")
    if policy.preamble and policy.settings.format < 2:
        yield _needs_format_2(policy.preamble[0].location, "settings.yaml has a preamble")
    everywhere = frozenset(r.id for r in policy.regions)
    checker = _Checker(policy, known_tags, seen, pinpoint)
    for block in policy.preamble:
        yield from checker.block(block, everywhere)
    for section in policy.sections:
        yield from _content(policy, section, everywhere, known_tags, seen, pinpoint)


def _visible(policy: Policy, where: frozenset[str], tags: frozenset[str]) -> frozenset[str]:
    return frozenset(r.id for r in policy.regions if r.id in where and r.shows(tags))


def _content(
    policy: Policy,
    section: Section,
    parent_regions: frozenset[str],
    known_tags: set[str],
    sections: dict[str, Section],
    pinpoint: Pinpoint,
) -> Iterator[Problem]:
    """Tags, placeholders and references of one section and its contents, recursively."""
    yield from _tag_problems(section.tags, section.location, known_tags)
    regions = _visible(policy, parent_regions, section.tags)
    if not regions and parent_regions and section.tags <= known_tags:
        yield _nowhere(section.location, f"section {short(section.id)}")
    yield from _text(policy, section.title, section.location, regions, sections, pinpoint, in_title=True)
    if section.summary is not None:
        yield from _summary(section)
        yield from _text(policy, section.summary.text, section.summary.location, regions, sections, pinpoint)
    checker = _Checker(policy, known_tags, sections, pinpoint)
    for block in section.blocks:
        yield from checker.block(block, regions)
    for sub in section.subsections:
        yield from _content(policy, sub, regions, known_tags, sections, pinpoint)


# A summary is "a sentence or two"; far more is the text itself, written twice.
MAX_SUMMARY_CHARACTERS = 600


def _summary(section: Section) -> Iterator[Problem]:
    """What a section's `summary:` may not be: several paragraphs, or more than a short one."""
    summary = section.summary
    assert summary is not None
    if "\n\n" in summary.text.replace("\r", "") or any(not line.strip() for line in summary.text.splitlines()):
        yield Problem(
            summary.location,
            f"the summary of section {short(section.id)} has several paragraphs; a summary is one short "
            "paragraph (a sentence or two), shown at the top of the page",
        )
    if len(summary.text) > MAX_SUMMARY_CHARACTERS:
        yield Problem(
            summary.location,
            f"the summary of section {short(section.id)} is {len(summary.text)} characters long; keep it to a "
            f"sentence or two (at most {MAX_SUMMARY_CHARACTERS} characters): the section's text says the rest",
        )


def _needs_format_2(location: Location, what: str) -> Problem:
    return _needs_format(location, what, 2)


def _needs_format(location: Location, what: str, needed: int) -> Problem:
    # Older sources are read by older PolicyPress versions, which know none of these.
    return Problem(
        location,
        f"{what}, which needs source format {needed}; set 'format: {needed}' in settings.yaml (older "
        "PolicyPress versions cannot read it)",
    )


@dataclass(frozen=True)
class _Checker:
    """Tags, visibility, text and shape of blocks: one dispatch over the block kinds."""

    policy: Policy
    known_tags: set[str]
    sections: dict[str, Section]
    pinpoint: Pinpoint

    def block(self, block: Block, regions: frozenset[str]) -> Iterator[Problem]:
        """Problems of one block shown (by its section) on the pages of `regions`."""
        shown = yield from self._tagged(block.tags, block.location, regions, "this block")
        match block:
            case Paragraph():
                yield from self._text(block.text, block.location, shown)
            case ItemList():
                if block.numbered and self.policy.settings.format < 2:
                    yield _needs_format_2(block.location, "this is a numbered list")
                yield from self._items(block, shown)
            case Table():
                if self.policy.settings.format < 2:
                    yield _needs_format_2(block.location, "this is a table")
                yield from self._table(block, shown)

    def _table(self, table: Table, shown: frozenset[str]) -> Iterator[Problem]:
        width = table.columns
        if table.header_spans and self.policy.settings.format < 3:
            yield _needs_format(table.location, "a header cell of this table spans columns", 3)
        for cell in table.header:
            yield from self._text(cell, table.location, shown)
        for number, row in enumerate(table.rows, start=1):
            if row.spans and self.policy.settings.format < 3:
                yield _needs_format(row.location, f"a cell of row {number} of this table spans columns", 3)
            if sum(row.widths) != width:
                yield Problem(row.location, _row_width(number, row, table))
            row_shown = yield from self._tagged(row.tags, row.location, shown, "this table row")
            for cell in row.cells:
                yield from self._cell(cell, row.location, row_shown)

    def _cell(self, cell: Cell, location: Location, shown: frozenset[str]) -> Iterator[Problem]:
        # The one place a cell's kind is told apart: a line of Markdown, or blocks (format 4).
        match cell:
            case BlockCell():
                if self.policy.settings.format < 4:
                    yield _needs_format(cell.location, "this table cell holds blocks", 4)
                for block in cell.blocks:
                    yield from self.block(block, shown)
            case str():
                yield from self._text(cell, location, shown)

    def _items(self, items: ItemList, regions: frozenset[str]) -> Iterator[Problem]:
        for item in items.items:
            shown = yield from self._tagged(item.tags, item.location, regions, "this list item")
            yield from self._text(item.text, item.location, shown)
            if item.sublist is not None:
                if self.policy.settings.format < 2:
                    yield _needs_format_2(item.location, "this list item holds a nested list")
                yield from self._items(item.sublist, shown)
            if item.blocks and self.policy.settings.format < 4:
                yield _needs_format(item.location, "this list item holds blocks", 4)
            for block in item.blocks:
                yield from self.block(block, shown)

    def _tagged(
        self, tags: frozenset[str], location: Location, regions: frozenset[str], what: str
    ) -> Generator[Problem, None, frozenset[str]]:
        """Problems of the tags themselves; returns the regions that show the tagged thing."""
        yield from _tag_problems(tags, location, self.known_tags)
        shown = _visible(self.policy, regions, tags)
        if not shown and regions and tags <= self.known_tags:
            yield _nowhere(location, what)
        return shown

    def _text(self, text: str, location: Location, regions: frozenset[str]) -> Iterator[Problem]:
        yield from _text(self.policy, text, location, regions, self.sections, self.pinpoint)


def _row_width(number: int, row: TableRow, table: Table) -> str:
    """What is wrong with a row that does not cover the header's columns, and what to do."""
    width = table.columns
    if not row.spans and not table.header_spans:
        count = len(row.cells)
        return (
            f"row {number} of this table has {count} cell{'s' if count != 1 else ''}, "
            f"but the header has {width}; give every row as many cells as the header "
            "(an empty cell is written \"\", a cell spanning two columns {text: …, span: 2})"
        )
    covered = sum(row.widths)
    sums = " + ".join(str(span) for span in row.widths)
    return (
        f"the cells of row {number} of this table span {covered} column{'s' if covered != 1 else ''} "
        f"({sums}), but the header has {width}; make the spans of its cells add up to {width}"
        + (f" (a group row is one cell with span: {width})" if width > 1 else "")
    )


def _tag_problems(tags: frozenset[str], location: Location, known: set[str]) -> Iterator[Problem]:
    for tag in sorted(tags - known):
        yield Problem(location, _unknown_tag(tag, known))


def _nowhere(location: Location, what: str) -> Problem:
    return Problem(
        location,
        f"{what} appears on no region page: its tags and those of the sections around it "
        "have no region in common; check the tags",
    )


def _text(
    policy: Policy,
    text: str,
    start: Location,
    regions: frozenset[str],
    sections: dict[str, Section],
    pinpoint: Pinpoint,
    in_title: bool = False,
) -> Iterator[Problem]:
    placeholders = policy.settings.placeholders
    for snippet, message in unsafe_markup(text):
        yield Problem(pinpoint(start, snippet), message)
    for token in scan(text):
        location = pinpoint(start, token.raw)
        if isinstance(token, Malformed):
            yield Problem(location, token.message)
        elif isinstance(token, Placeholder) and token.name not in placeholders:
            known = ", ".join(sorted(placeholders)) or "none defined"
            yield Problem(
                location,
                f"unknown placeholder '{{{{ {token.name} }}}}'; placeholders in settings.yaml: {known}",
            )
        elif isinstance(token, DocumentReference) or (isinstance(token, Reference) and token.document is not None):
            if in_title:
                yield Problem(location, "a section title cannot refer to another document")
            elif message := document_reference_problem(policy, token.document, getattr(token, "section_id", None)):
                yield Problem(location, message)
        elif isinstance(token, Reference):
            if in_title:
                yield Problem(location, "a section title cannot refer to another section")
            elif token.section_id not in sections:
                yield Problem(
                    location,
                    f"reference to unknown section {short(token.section_id)}; use the id of a section, "
                    "e.g. {{ section:cookies }}",
                )
            else:
                target = sections[token.section_id]
                missing = regions - _regions_showing(policy, target.id)
                if missing:
                    yield Problem(
                        location,
                        f"reference to section {short(target.id)}, which is not on the page of "
                        f"{', '.join(sorted(missing))}; tag this text so it only appears where "
                        "that section does",
                    )


def _regions_showing(policy: Policy, section_id: str) -> frozenset[str]:
    def search(sections: tuple[Section, ...], where: frozenset[str]) -> frozenset[str] | None:
        for section in sections:
            regions = _visible(policy, where, section.tags)
            if section.id == section_id:
                return regions
            if (found := search(section.subsections, regions)) is not None:
                return found
        return None

    return search(policy.sections, frozenset(r.id for r in policy.regions)) or frozenset()


def _releases(policy: Policy) -> Iterator[Problem]:
    region_ids = {r.id for r in policy.regions}
    seen: dict[str, Location] = {}
    for release in policy.releases:
        if release.version in seen:
            yield Problem(
                release.location,
                f"version {short(release.version)} is already in the release log at {seen[release.version]}; "
                "each release needs its own version",
            )
        seen.setdefault(release.version, release.location)
        for _, message in unsafe_markup(release.summary):
            yield Problem(release.location, f"in the summary: {message}")
        for token in scan(release.summary):
            yield Problem(release.location, f"in the summary: template syntax is not allowed ({short(token.raw)})")
        if release.version in RESERVED_VERSIONS:
            yield Problem(release.location, f"version {short(release.version)} is reserved for the site's own pages; choose another, such as a date")
        if not isinstance(release.material, bool):
            for region in sorted(release.material - region_ids):
                yield Problem(
                    release.location,
                    f"'material' names unknown region {short(region)}; regions: {', '.join(sorted(region_ids))}",
                )
    # Date rules for the entries whose dates are written out; the build checks the rest once
    # the commits have given them their dates.
    dated = [
        Dated(r, r.published, effective_date(r, r.published, policy.settings.notice_days))
        for r in policy.releases
        if r.published is not None
    ]
    yield from date_problems(dated, policy.settings.notice_days)
