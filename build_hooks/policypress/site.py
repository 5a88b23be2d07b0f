"""The whole pipeline, run once per build: sources → history → versions → status → pages.

Both adapters call `build_site`: the MkDocs hook (`build_hooks/mkdocs_hooks.py`) and the
`policypress render` command. It reads the clock nowhere: `now` is passed in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from policypress.asof import as_of_date
from policypress.emit import GeneratedPage
from policypress.emit.pages import (
    Scope,
    archive_page,
    changes_page,
    current_page,
    history_page,
    landing_page,
)
from policypress.emit.templating import environment
from policypress.errors import Location, PolicyError
from policypress.history import PublishedRelease, read_history, unreleased_changes
from policypress.history.git import Repository
from policypress.history.versions import FULL, RegionVersion, version_list
from policypress.model import Policy, Release
from policypress.notices import PageStatus, page_status
from policypress.sources import REGIONS, RELEASES, SETTINGS, load_policy
from policypress.sources.tree import DirectoryTree

DRAFT = "draft"


@dataclass(frozen=True)
class Site:
    """Everything a build publishes, and what it was built from."""

    policy: Policy
    as_of: date
    history: tuple[PublishedRelease, ...]
    versions: dict[str, tuple[RegionVersion, ...]]
    statuses: dict[str, PageStatus]
    pages: tuple[GeneratedPage, ...]


def build_site(
    root: Path,
    environ: Mapping[str, str],
    now: datetime,
    override_dir: Path | None = None,
    *,
    preview: bool = False,
) -> Site:
    """Validate the sources under `root`, read their history and generate every page.

    `environ` and `now` decide the as-of date (see `policypress.asof`). With `preview` (the
    live preview), unreleased text is shown as a draft instead of being an error.
    """
    working = load_policy(DirectoryTree(root))
    as_of = as_of_date(environ, working.settings.timezone, now)
    history = read_history(Repository(root), working, today=as_of, drafts_allowed=preview)
    history = _with_unreleased_text(history, working, as_of, preview)
    scopes = [Scope(FULL, f"Complete {working.settings.title}")] + [Scope(r.id, r.name) for r in working.regions]
    versions = {scope.id: version_list(history, scope.id) for scope in scopes}
    statuses = {
        scope.id: page_status(versions[scope.id], as_of, working.settings.recent_days) for scope in scopes
    }
    env = environment(working.settings.locale, override_dir)
    pages = [landing_page(env, working, statuses, REGIONS)]
    for scope in scopes:
        pages.append(current_page(env, scope, statuses[scope.id], SETTINGS))
    for scope in scopes:
        scope_versions = versions[scope.id]
        pages.append(history_page(env, scope, scope_versions, statuses[scope.id], RELEASES))
        for index in range(len(scope_versions)):
            pages.append(archive_page(env, scope, scope_versions, index, as_of, SETTINGS))
            if index:
                pages.append(changes_page(env, scope, scope_versions, index, RELEASES))
    return Site(working, as_of, history, versions, statuses, tuple(pages))


def _with_unreleased_text(
    history: tuple[PublishedRelease, ...], working: Policy, as_of: date, preview: bool
) -> tuple[PublishedRelease, ...]:
    """The history, plus the working tree's text as a draft if it differs from the latest
    release — which only the live preview may show."""
    changed = unreleased_changes(history[-1].policy, working) if history else ["every page"]
    if not changed:
        return history
    if not preview:
        if not history:
            message = "there is no release yet; add the first entry to releases.yaml to publish the policy"
        else:
            message = (
                f"the text of {', '.join(changed)} differs from the latest release "
                f"'{history[-1].version}', but releases.yaml has no new entry; add one when the change "
                "is final (policypress release VERSION --summary TEXT), or undo the change"
            )
        raise PolicyError.single(Location(RELEASES), message)
    draft = Release(DRAFT, "Unreleased changes, shown only by the live preview.", False, as_of, as_of, Location(RELEASES))
    return (*history, PublishedRelease(draft, None, as_of, as_of, working, draft=True))
