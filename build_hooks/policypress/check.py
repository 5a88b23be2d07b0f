"""`policypress check`: everything a publishing build would refuse, for the change since a base.

Release entries that are new since the base count as introduced by the change: their text
is the working tree's (a pull request may add the entry before its last wording fix). The
report says, per release and region, what changed — for the pull request's summary.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from policypress.asof import as_of_date
from policypress.disclosure_check import DisclosureReport, disclosure_report
from policypress.emit.pages import Scope
from policypress.emit.urls import Urls, changes_uri
from policypress.errors import PolicyError
from policypress.guard import guard_problems, read_published
from policypress.history import PublishedRelease
from policypress.history.git import Repository
from policypress.history.versions import FULL, RegionVersion
from policypress.laws import catalogue
from policypress.redline import Redline, redline
from policypress.site import scope_pages_of, site_history
from policypress.sources import RELEASES, load_policy
from policypress.sources.tree import DirectoryTree
from policypress.sources.yamlfile import parse


@dataclass(frozen=True)
class RegionChange:
    """How one release changes one region's page."""

    scope: Scope
    version: RegionVersion
    diff: Redline | None
    """None for the region's first version."""
    page: str | None
    """The redline's file in the built site (the check run's artifact), e.g.
    "north/2026-02-01/changes/index.html"; live addresses do not exist before the merge."""


@dataclass(frozen=True)
class ReleaseReport:
    release: PublishedRelease
    regions: tuple[RegionChange, ...]
    unchanged: tuple[Scope, ...]
    material_for: tuple[str, ...]
    """Names of the regions for which the release is material."""


@dataclass(frozen=True)
class CheckReport:
    base: str
    as_of: date
    releases: tuple[ReleaseReport, ...]
    """The releases new since the base, oldest first."""
    release_count: int
    guarded: int | None = None
    """How many published versions the guard compared (None: no guard asked for, or nothing
    deployed yet)."""
    run_url: str | None = None
    """The CI run whose artifact holds the built site (None: not run by GitHub Actions)."""
    artifact: str = "site"
    """The name under which .github/workflows/check.yml uploads the built site."""
    disclosures: DisclosureReport | None = None
    """Existing coverage gaps and stale pages, as warnings (a lost disclosure is an error)."""


def run_url(environ: Mapping[str, str]) -> str | None:
    """The GitHub Actions run's page (where its artifacts are listed), from the variables
    every run sets; None outside Actions."""
    parts = [environ.get(name, "").rstrip("/") for name in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_RUN_ID")]
    return f"{parts[0]}/{parts[1]}/actions/runs/{parts[2]}" if all(parts) else None


def check_change(
    root: Path,
    base: str,
    environ: Mapping[str, str],
    now: datetime,
    published: str | None = None,
) -> CheckReport:
    """Validate the working tree and the release rules for the change since `base`; with
    `published` (a deployed policy.json, file or URL), also guard every published version.
    Under GitHub Actions (`environ`), the report names the run whose artifact holds the built site."""
    working = load_policy(DirectoryTree(root))
    as_of = as_of_date(environ, working.settings.timezone, now)
    repo = Repository(root)
    base_tree = repo.tree(base)
    raw = base_tree.read(RELEASES)
    before = {str(entry["version"]) for entry in (parse(RELEASES, raw).data or [])} if raw else set()
    pending = frozenset(r.version for r in working.releases if r.version not in before)
    history = site_history(repo, working, as_of, pending=pending)
    scopes = scope_pages_of(working, history, as_of)
    # The artifact holds files, so the redline is named by its file whatever use_directory_urls says.
    files = Urls("/", directory_urls=False)
    reports = []
    for release in history:
        if release.version not in pending:
            continue
        changed, unchanged = [], []
        for scope_id in [FULL, *(r.id for r in working.regions)]:
            pages = scopes[scope_id]
            versions = [v.version for v in pages.versions]
            if release.version not in versions:
                unchanged.append(pages.scope)
                continue
            index = versions.index(release.version)
            diff = redline(pages.versions[index - 1].view, pages.versions[index].view) if index else None
            page = files.path(changes_uri(scope_id, release.version)) if index else None
            changed.append(RegionChange(pages.scope, pages.versions[index], diff, page))
        material = tuple(r.name for r in working.regions if release.release.is_material_for(r.id))
        reports.append(ReleaseReport(release, tuple(changed), tuple(unchanged), material))
    guarded = None
    if published is not None and (deployed := read_published(published)) is not None:
        current = {
            scope_id: {v.version: v.sha256 for v in pages.versions}
            for scope_id, pages in scopes.items()
        }
        if problems := guard_problems(published, deployed, current):
            raise PolicyError(problems)
        guarded = sum(len(r["versions"]) for r in [*deployed["regions"], deployed["full"]])
    disclosures = disclosure_report(working, base_tree, scopes, as_of, catalogue())
    return CheckReport(base, as_of, tuple(reports), len(history), guarded, run_url(environ),
                       disclosures=disclosures)
