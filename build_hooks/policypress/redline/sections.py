"""Each section's own history on one page (SPEC §20): the versions of the page in which that
section's text changed, and the redline of that section alone.

A section's text is its title and its own blocks, as the page shows them (its number aside,
and its subsections, which have histories of their own): a section renumbered because another
was added before it did not change, and a section moved or renamed is still itself, since
sections are matched by their stable id. A section that leaves the page (removed, or no longer
tagged for the region) and comes back has both changes in its history.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property

from policypress.assemble import PolicyView, ViewSection
from policypress.redline import SectionDiff, redline


@dataclass(frozen=True, eq=False)
class SectionChange:
    """One version of a page in which a section's text changed (or in which it appeared)."""

    index: int
    """The version's place in the page's version list."""
    before: ViewSection | None
    """The section in the page's previous version; None where it was not on that page."""
    after: ViewSection | None
    """The section in this version; None where it left the page."""

    @cached_property
    def diff(self) -> SectionDiff:
        """The redline of the section alone (its own words, without its subsections), made
        when first read: a build that kept the pages showing it never makes it."""
        diff = redline(_alone(self.before), _alone(self.after))
        return diff.sections[0]


@dataclass(frozen=True, eq=False)
class SectionHistory:
    """Every change of one section on one page, oldest first; the first is where it appeared."""

    id: str
    changes: tuple[SectionChange, ...]

    @property
    def latest(self) -> ViewSection:
        """The section as the last version that showed it has it (its title and number there)."""
        for change in reversed(self.changes):
            if change.after is not None:
                return change.after
            if change.before is not None:
                return change.before
        raise ValueError(f"section {self.id} has no version")  # a history always has one

    @property
    def on_page(self) -> bool:
        """Whether the page's latest version shows the section."""
        return self.changes[-1].after is not None


def own_text(section: ViewSection) -> tuple[object, ...]:
    """What a section says itself: its title and blocks (not its number or subsections)."""
    return (section.title, section.blocks)


def shown(section: ViewSection | None) -> tuple[object, ...] | None:
    """What a history shows of a section in one version: its number, title and blocks (the
    digest of a history page's inputs; its subsections have pages of their own)."""
    return None if section is None else (section.number, section.title, section.blocks)


def section_histories(views: Sequence[PolicyView]) -> dict[str, SectionHistory]:
    """The history of every section that any of `views` (a page's versions, oldest first)
    shows, in the order the sections first appeared."""
    found: dict[str, list[SectionChange]] = {}
    previous: PolicyView | None = None
    for index, view in enumerate(views):
        for change in _changes(previous, view, index):
            section = change.after or change.before
            assert section is not None
            found.setdefault(section.id, []).append(change)
        previous = view
    return {section_id: SectionHistory(section_id, tuple(changes)) for section_id, changes in found.items()}


def with_version(
    histories: Mapping[str, SectionHistory], previous: PolicyView | None, view: PolicyView, index: int
) -> dict[str, SectionHistory]:
    """`histories` of a page's versions up to `previous`, with the changes of one more version
    (the live preview's draft), `index` in the page's version list."""
    updated = dict(histories)
    for change in _changes(previous, view, index):
        section = change.after or change.before
        assert section is not None
        before = updated.get(section.id)
        updated[section.id] = SectionHistory(section.id, (*(before.changes if before else ()), change))
    return updated


def _changes(previous: PolicyView | None, view: PolicyView, index: int) -> list[SectionChange]:
    """The sections whose text differs between two consecutive versions of a page."""
    before_sections = {section.id: section for section in previous.walk()} if previous is not None else {}
    current = {section.id: section for section in view.walk()}
    changes = []
    for section_id, section in current.items():
        before = before_sections.get(section_id)
        # Unchanged sections are the same objects from version to version (SectionViews).
        if before is section or (before is not None and own_text(before) == own_text(section)):
            continue
        changes.append(SectionChange(index, before, section))
    changes.extend(SectionChange(index, before, None) for section_id, before in before_sections.items() if section_id not in current)
    return changes


def _alone(section: ViewSection | None) -> PolicyView:
    """A page of one section without its subsections (or of none), for the redline."""
    sections = (replace(section, subsections=()),) if section is not None else ()
    return PolicyView(None, "", sections)
