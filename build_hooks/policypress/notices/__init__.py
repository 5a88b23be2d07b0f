"""Stage 5: for one as-of date, which version of a page is in force, which are upcoming, and
whether the page was changed recently. The date is always passed in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from policypress.history.versions import RegionVersion


@dataclass(frozen=True)
class PageStatus:
    """What readers of one region's pages are told on the as-of date."""

    in_force: RegionVersion | None
    upcoming: tuple[RegionVersion, ...]
    recent: RegionVersion | None
    """The version in force, while it took effect less than `recent_days` ago (never the first)."""


def page_status(versions: tuple[RegionVersion, ...], as_of: date, recent_days: int) -> PageStatus:
    """In force = the last version with effective ≤ as_of; upcoming = those after as_of."""
    current = [v for v in versions if v.release.effective <= as_of]
    in_force = current[-1] if current else None
    upcoming = tuple(v for v in versions if v.release.effective > as_of)
    recent = None
    if in_force is not None and len(current) > 1 and as_of < in_force.release.effective + timedelta(days=recent_days):
        recent = in_force
    return PageStatus(in_force, upcoming, recent)


@dataclass(frozen=True)
class InForcePeriod:
    """When a version was (or is, or will be) the one in force."""

    start: date
    end: date | None
    """The day the next version took effect (exclusive); None while no later version exists."""


def in_force_period(versions: tuple[RegionVersion, ...], index: int) -> InForcePeriod:
    """The period of `versions[index]`; a later version taking effect first cuts it short."""
    start = versions[index].release.effective
    later = [v.release.effective for v in versions[index + 1 :]]
    return InForcePeriod(start, min(later) if later else None)


@dataclass(frozen=True)
class Notice:
    """What every page of a region tells its readers on the as-of date, if anything."""

    upcoming: bool
    """True: a version takes effect later; False: the version in force changed recently."""
    version: RegionVersion
    has_previous: bool
    """Whether there is an earlier version to compare with (a redline exists)."""


def notice_for(versions: tuple[RegionVersion, ...], status: PageStatus) -> Notice | None:
    """The next upcoming version, else a recent change, else nothing."""
    chosen = status.upcoming[0] if status.upcoming else status.recent
    if chosen is None:
        return None
    return Notice(bool(status.upcoming), chosen, versions.index(chosen) > 0)


@dataclass(frozen=True)
class SinceWindow:
    """Which versions of a page have a page of what changed since them (SPEC §14), and the
    version those pages lead to."""

    target: int | None
    """Index of the version they lead to: the released version in force (None: no such pages)."""
    first_redline: int
    """Versions from this index to `target` (exclusive) are compared with it in one redline;
    older ones list the redlines of each release since."""

    @property
    def indexes(self) -> range:
        """Every version with such a page: all those before `target`, so that an address, once
        made, stays."""
        return range(self.target or 0)

    def redline(self, index: int) -> bool:
        """Whether `versions[index]`'s page is one redline (else the release-by-release list)."""
        return self.target is not None and self.first_redline <= index < self.target


def since_window(versions: tuple[RegionVersion, ...], as_of: date, count: int) -> SinceWindow:
    """The `count` versions before the one in force get a redline to it; older ones the list.

    A live preview's draft is not a version in force for these pages: they lead to the latest
    released version in force, so that a save changes none of them (the draft's own redline
    shows what it changes). Upcoming versions have no such page: nobody accepted them yet."""
    released = [i for i, v in enumerate(versions) if not v.release.draft and v.release.effective <= as_of]
    if count <= 0 or not released:
        return SinceWindow(None, 0)
    target = released[-1]
    return SinceWindow(target, max(0, target - count))
