"""Release dates: defaults and the notice rules of SPEC §4, as pure functions.

`validate` applies them to entries whose dates are written out; a build applies them again
once every `published` date is known (a missing one defaults to its commit's date).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from policypress.errors import Problem
from policypress.model import Release


@dataclass(frozen=True)
class Dated:
    """A release entry with its publication and effective dates decided."""

    release: Release
    published: date
    effective: date


def effective_date(release: Release, published: date, notice_days: int) -> date:
    """`effective` as written, else `published` (+ `notice_days` if material anywhere)."""
    if release.effective is not None:
        return release.effective
    return published + timedelta(days=notice_days) if release.material else published


def date_problems(releases: Sequence[Dated], notice_days: int) -> list[Problem]:
    """Effective dates: not before publication, `notice_days` of notice for material changes,
    and never earlier than an earlier release's (its changes would take effect before their
    notice ended)."""
    problems = []
    latest: Dated | None = None
    for item in releases:
        entry = item.release
        if item.effective < item.published:
            problems.append(
                Problem(
                    entry.location,
                    f"release '{entry.version}' takes effect ({item.effective}) before it is published "
                    f"({item.published}); move 'effective' on or after 'published'",
                )
            )
        elif entry.material and item.effective - item.published < timedelta(days=notice_days):
            earliest = item.published + timedelta(days=notice_days)
            problems.append(
                Problem(
                    entry.location,
                    f"release '{entry.version}' is material but takes effect "
                    f"{(item.effective - item.published).days} days after it is published; material "
                    f"changes need {notice_days} days' notice: set 'effective' to {earliest} or later",
                )
            )
        if latest is not None and item.effective < latest.effective:
            problems.append(
                Problem(
                    entry.location,
                    f"release '{entry.version}' takes effect ({item.effective}) before the earlier "
                    f"release '{latest.release.version}' ({latest.effective}), which would put that "
                    "release in force before its notice ends; give it an effective date on or after "
                    f"{latest.effective}",
                )
            )
        if latest is None or item.effective >= latest.effective:
            latest = item
    return problems
