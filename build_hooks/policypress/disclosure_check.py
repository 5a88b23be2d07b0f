"""The disclosure part of `policypress check`: what a change does to each region's coverage.

A change fails when it takes away the last passage covering an item on a region page (the
item was covered at the base and is missing now). Gaps the change does not make are listed
as warnings, and so is a page whose law asks for a yearly update (CCPA) when it was last
updated more than 12 months before the as-of date.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from policypress.coverage import ItemCoverage, RegionCoverage, StaleUpdate, Status, policy_coverage, stale_update
from policypress.emit.pages import ScopePages
from policypress.errors import Location, PolicyError, Problem
from policypress.laws import Catalogue
from policypress.model import Policy, walk_sections
from policypress.sources import SnapshotCache, load_policy
from policypress.sources.tree import SourceTree


@dataclass(frozen=True)
class DisclosureReport:
    """The warnings `check` puts in the pull request's summary."""

    gaps: tuple[RegionCoverage, ...]
    """Regions with items no passage discloses (only regions with gaps)."""
    stale: tuple[StaleUpdate, ...]


def disclosure_report(
    working: Policy,
    base: SourceTree,
    scopes: Mapping[str, ScopePages],
    as_of: date,
    catalogue: Catalogue,
) -> DisclosureReport:
    """Compare the working tree's coverage with the base's; PolicyError naming every item a
    region page loses, else the existing gaps and stale pages as warnings."""
    now = policy_coverage(working, catalogue)
    before = {coverage.region.id: coverage for coverage in _base_coverage(base, catalogue)}
    problems = [
        _lost(working, coverage, entry, before[coverage.region.id])
        for coverage in now
        if coverage.region.id in before
        for entry in coverage.with_status(Status.MISSING)
        if _status(before[coverage.region.id], entry.item.id) is Status.COVERED
    ]
    if problems:
        raise PolicyError(problems)
    stale = []
    for region in working.regions:
        updates = [v.release.published for v in scopes[region.id].versions if v.release.published <= as_of]
        if updates and (warning := stale_update(region, max(updates), as_of, catalogue)):
            stale.append(warning)
    return DisclosureReport(tuple(c for c in now if c.with_status(Status.MISSING)), tuple(stale))


def _base_coverage(base: SourceTree, catalogue: Catalogue) -> tuple[RegionCoverage, ...]:
    # The base is read like a published snapshot (shape only): an annotation that today's
    # rules refuse must not hide what the base covered. A base without a loadable policy
    # (the first commit of a repository) covered nothing.
    try:
        return policy_coverage(load_policy(base, SnapshotCache()), catalogue)
    except PolicyError:
        return ()


def _status(coverage: RegionCoverage, item_id: str) -> Status | None:
    return next((entry.status for entry in coverage.items if entry.item.id == item_id), None)


def _lost(working: Policy, now: RegionCoverage, entry: ItemCoverage, before: RegionCoverage) -> Problem:
    item = entry.item
    was = next(e for e in before.items if e.item.id == item.id)
    region = now.region
    # Point at the section that used to cover it, if it is still there; else at the region.
    ids = was.section_ids
    sections = {s.id: s for s in walk_sections(working.sections)}
    location: Location = next((sections[i].location for i in ids if i in sections), region.location)
    numbers = ", ".join(was.sections)
    fix = f"keep a passage on the page with `discloses: [{item.id}]`"
    if item.conditional:
        fix += ", or mark it not_applicable for the region in regions.yaml with the reason"
    return Problem(
        location,
        f"{region.name} (/{region.id}/) no longer discloses {item.id} ({item.cite}: {item.requires}): "
        f"this change takes away the last passage covering it (section {numbers} before the change); {fix}",
    )

