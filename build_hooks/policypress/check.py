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
from policypress.documents import PRIMARY, paths_of
from policypress.emit.pages import Scope
from policypress.emit.urls import Urls, changes_uri
from policypress.errors import PolicyError
from policypress.guard import guard_problems, published_scopes, read_published
from policypress.history import PublishedRelease
from policypress.history.git import Repository
from policypress.history.versions import FULL, RegionVersion
from policypress.redline import Redline, redline
from policypress.site import scope_pages_of, site_history
from policypress.model import Policy
from policypress.sources import RELEASES, load_policy
from policypress.sources.site_sources import load_documents
from policypress.sources.tree import DirectoryTree, SourceTree
from policypress.sources.yamlfile import parse
from policypress.translations.checks import translated_versions, translation_problems
from policypress.translations.languages import offered


@dataclass(frozen=True)
class RegionChange:
    """How one release changes one region's page."""

    scope: Scope
    version: RegionVersion
    diff: Redline | None
    """None for the region's first version."""
    url: str | None
    """The redline's address once published."""


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


def check_change(
    root: Path,
    base: str,
    environ: Mapping[str, str],
    now: datetime,
    site_url: str | None,
    published: str | None = None,
) -> CheckReport:
    """Validate the working tree and the release rules for the change since `base`; with
    `published` (a deployed policy.json, file or URL), also guard every published version."""
    working = load_policy(DirectoryTree(root))
    as_of = as_of_date(environ, working.settings.timezone, now)
    repo = Repository(root)
    base_tree = repo.tree(base)
    raw = base_tree.read(RELEASES)
    before = {str(entry["version"]) for entry in (parse(RELEASES, raw).data or [])} if raw else set()
    pending = frozenset(r.version for r in working.releases if r.version not in before)
    history = site_history(repo, working, as_of, pending=pending)
    tree_at = lambda commit: DirectoryTree(root) if commit is None else repo.tree(commit)  # noqa: E731
    # Translations (SPEC §10) of every document: complete where required, released when changed.
    problems = translation_problems(working, history, tree_at)
    for document, other in load_documents(DirectoryTree(root)).items():
        if document != PRIMARY and offered(other):
            other_history = site_history(repo, other, as_of, pending=_pending(base_tree, other), paths=paths_of(document))
            problems += translation_problems(other, other_history, tree_at)
    if problems:
        raise PolicyError(problems)
    scopes = scope_pages_of(working, history, as_of)
    urls = Urls(site_url if site_url.endswith("/") else site_url + "/") if site_url else None
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
            url = urls.absolute(changes_uri(pages.scope, release.version)) if urls and index else None
            changed.append(RegionChange(pages.scope, pages.versions[index], diff, url))
        material = tuple(r.name for r in working.regions if release.release.is_material_for(r.id))
        reports.append(ReleaseReport(release, tuple(changed), tuple(unchanged), material))
    guarded = None
    if published is not None and (deployed := read_published(published)) is not None:
        current = {
            scope_id: {v.version: v.sha256 for v in pages.versions}
            for scope_id, pages in scopes.items()
        } | translated_versions(working, history, tree_at)
        if problems := guard_problems(published, deployed, current):
            raise PolicyError(problems)
        guarded = sum(len(r["versions"]) for r in published_scopes(deployed).values())
    return CheckReport(base, as_of, tuple(reports), len(history), guarded)


def _pending(base_tree: SourceTree, working: Policy) -> frozenset[str]:
    """A document's release entries that are new since the base (their text is the working tree's)."""
    path = paths_of(working.document).releases
    raw = base_tree.read(path)
    before = {str(entry["version"]) for entry in (parse(path, raw).data or [])} if raw else set()
    return frozenset(r.version for r in working.releases if r.version not in before)
