"""Rules a release log must keep once releases are published (SPEC §4)."""

from __future__ import annotations

from collections.abc import Mapping

from policypress.errors import Location, Problem
from policypress.history.git import CommitInfo
from policypress.history.published import PublishedRelease
from policypress.model import Release
from policypress.sources import RELEASES


def log_kept(
    releases: tuple[Release, ...],
    first_seen: dict[str, CommitInfo],
    logs: list[tuple[CommitInfo, list[str]]],
    pending: frozenset[str],
    path: str = RELEASES,
) -> list[Problem]:
    """Published entries are never removed, and the log keeps the order they were published in."""
    current = [r.version for r in releases]
    problems = [
        Problem(
            Location(path),
            f"release '{version}' was published (commit {commit.sha[:12]}, {commit.committed.date()}) "
            "and has been removed from releases.yaml; published releases stay in the log — restore "
            "the entry, and publish corrections as a new release",
        )
        for version, commit in first_seen.items()
        if version not in current and version not in pending
    ]
    # Published order: by the commit that first held each entry, then by its place in that log.
    position = {commit.sha: index for index, (commit, _) in enumerate(logs)}
    listed = [v for v in current if v in first_seen and v not in pending]

    def published_at(version: str) -> tuple[int, int]:
        index = position[first_seen[version].sha]
        return index, logs[index][1].index(version)

    published_order = sorted(listed, key=published_at)
    if listed != published_order:
        moved = next(a for a, b in zip(listed, published_order, strict=True) if a != b)
        entry = next(r for r in releases if r.version == moved)
        problems.append(
            Problem(
                entry.location,
                f"release '{moved}' is out of place: the release log keeps published releases in the "
                f"order they were published ({', '.join(published_order)}); move it back",
            )
        )
    return problems


def releases_changing_nothing(
    history: tuple[PublishedRelease, ...], changed: Mapping[str, frozenset[str]]
) -> list[Problem]:
    """Releases (after the first) that change no page: the text of every page and the set of
    regions are what the release before them published. `changed` maps each page (the
    complete policy and every region) to the versions in its version list."""
    versions = frozenset().union(*changed.values()) if changed else frozenset()
    problems = []
    for before, release in zip(history, history[1:]):
        if release.draft or release.version in versions:
            continue
        if {r.id for r in release.policy.regions} != {r.id for r in before.policy.regions}:
            continue
        problems.append(
            Problem(
                release.release.location,
                f"release '{release.version}' changes nothing: every page reads as in release "
                f"'{before.version}'; make the change it announces, or remove the entry if it is not published yet",
            )
        )
    return problems
