"""Disclosure coverage: for one region's page, which items of its laws the page discloses.

A pure stage after `assemble`: an assembled region view × the catalogue (`policypress.laws`)
→ per item, the numbers of the sections on that page whose passages are marked as disclosing
it (`discloses:`), or that the region marks it not applicable, or that it is missing. It is
guidance for editors, not legal advice: the catalogue says what laws ask for, the editors'
annotations say where the page answers, and neither is checked against the words themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import Enum

from policypress.assemble import PolicyView, assemble
from policypress.laws import Catalogue, DisclosureItem
from policypress.model import Policy, Region


class Status(str, Enum):
    """What a page does about one item; the value is the word the JSON uses."""

    COVERED = "covered"
    MISSING = "missing"
    NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True)
class ItemCoverage:
    """One item of a region's laws, and how the region's page answers it."""

    item: DisclosureItem
    status: Status
    sections: tuple[str, ...]
    """Numbers of the sections on the page that disclose it, in reading order."""
    section_ids: tuple[str, ...] = ()
    """The ids of those sections, in the same order."""
    reason: str | None = None
    """Why the region marks it not applicable."""


@dataclass(frozen=True)
class RegionCoverage:
    """The coverage of one region's page."""

    region: Region
    laws: tuple[str, ...]
    items: tuple[ItemCoverage, ...]

    def with_status(self, status: Status) -> tuple[ItemCoverage, ...]:
        """The items with that status, in catalogue order."""
        return tuple(entry for entry in self.items if entry.status is status)


def region_coverage(view: PolicyView, catalogue: Catalogue) -> RegionCoverage:
    """The coverage of a region's assembled page (`view.region` must be set)."""
    region = view.region
    if region is None:
        raise ValueError("coverage is per region page; the complete policy answers to no law")
    laws = tuple(ref.id for ref in region.laws)
    reasons = {entry.item: entry.reason for entry in region.not_applicable}
    where: dict[str, list[tuple[str, str]]] = {}
    for section in view.walk():
        for item_id in section.discloses:
            where.setdefault(item_id, []).append((section.number, section.id))
    items = []
    for item in catalogue.items_for(laws):
        if item.id in where:
            numbers, ids = zip(*where[item.id], strict=True)
            items.append(ItemCoverage(item, Status.COVERED, numbers, ids))
        elif item.id in reasons:
            items.append(ItemCoverage(item, Status.NOT_APPLICABLE, (), (), reasons[item.id]))
        else:
            items.append(ItemCoverage(item, Status.MISSING, ()))
    return RegionCoverage(region, laws, tuple(items))


def policy_coverage(policy: Policy, catalogue: Catalogue, regions: Iterable[str] | None = None) -> tuple[RegionCoverage, ...]:
    """The coverage of every region's page of `policy` (or of the regions named), in the
    order of regions.yaml."""
    wanted = None if regions is None else set(regions)
    return tuple(
        region_coverage(assemble(policy, region), catalogue)
        for region in policy.regions
        if wanted is None or region.id in wanted
    )


# CCPA: the privacy policy's required information is updated at least once every 12 months
# (Civ. Code §1798.130(a)(5), catalogue item `ccpa.annual_update`).
ANNUAL_UPDATE_ITEM = "ccpa.annual_update"


@dataclass(frozen=True)
class StaleUpdate:
    """A page whose law asks for a yearly update, last updated more than 12 months ago."""

    region: Region
    last_updated: date
    item: DisclosureItem


def year_before(day: date) -> date:
    """The same day a year earlier (February 29 → February 28)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def stale_update(region: Region, last_updated: date, as_of: date, catalogue: Catalogue) -> StaleUpdate | None:
    """A warning when `region` answers to a law asking for yearly updates (CCPA) and its page
    was last updated more than 12 months before `as_of`."""
    asked = {item.id: item for item in catalogue.items_for(ref.id for ref in region.laws)}
    item = asked.get(ANNUAL_UPDATE_ITEM)
    if item is None or last_updated >= year_before(as_of):
        return None
    return StaleUpdate(region, last_updated, item)
