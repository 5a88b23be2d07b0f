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
from policypress.emit import GeneratedFile, GeneratedPage
from policypress.emit.data import policy_json, version_json
from policypress.emit.feeds import region_feed, site_feed
from policypress.emit.notice_mail import notice
from policypress.emit.pages import (
    Context,
    Scope,
    ScopePages,
    archive_page,
    changes_page,
    current_page,
    history_page,
    landing_page,
    upcoming_page,
)
from policypress.emit.templating import environment
from policypress.emit.urls import Urls
from policypress.errors import Location, PolicyError
from policypress.history import PublishedRelease, read_history, unreleased_changes
from policypress.history.git import Repository
from policypress.history.versions import FULL, version_list
from policypress.i18n import gettext_for
from policypress.model import Policy, Release
from policypress.notices import page_status
from policypress.redline import redline
from policypress.sources import RELEASES, load_policy
from policypress.sources.tree import DirectoryTree

DRAFT = "draft"


@dataclass(frozen=True)
class Site:
    """Everything a build publishes, and what it was built from."""

    policy: Policy
    as_of: date
    history: tuple[PublishedRelease, ...]
    scopes: dict[str, ScopePages]
    """The complete policy (FULL) and every region, in reading order."""
    pages: tuple[GeneratedPage, ...]
    files: tuple[GeneratedFile, ...]


def build_site(
    root: Path,
    environ: Mapping[str, str],
    now: datetime,
    *,
    site_url: str | None,
    directory_urls: bool = True,
    override_dir: Path | None = None,
    preview: bool = False,
) -> Site:
    """Validate the sources under `root`, read their history and generate every page and file.

    `environ` and `now` decide the as-of date (see `policypress.asof`); `site_url` makes the
    absolute links of feeds, data and e-mail notices. With `preview` (the live preview),
    unreleased text is shown as a draft instead of being an error.
    """
    working = load_policy(DirectoryTree(root))
    if not site_url:
        raise PolicyError.single(
            Location("mkdocs.yml"),
            "site_url is not set; feeds, data and e-mail notices need the site's address, e.g. "
            "site_url: https://example.com/privacy/",
        )
    as_of = as_of_date(environ, working.settings.timezone, now)
    history = site_history(Repository(root), working, as_of, preview=preview)

    scopes = scope_pages_of(working, history, as_of)
    regions = [scopes[r.id] for r in working.regions]

    env = environment(working.settings.locale, override_dir)
    urls = Urls(site_url if site_url.endswith("/") else site_url + "/", directory_urls)
    ctx = Context(env, urls, as_of, working.settings.locale)
    # Feeds, data and notices describe releases only; the live preview's draft has none.
    publishing = not any(item.draft for item in history)
    pages = [landing_page(ctx, working, scopes)]
    pages.extend(current_page(ctx, pages_of) for pages_of in scopes.values())
    files: list[GeneratedFile] = []
    if publishing:
        files.append(policy_json(urls, working, history, scopes[FULL], regions, as_of))
        files.append(site_feed(env, urls, working, history, scopes[FULL], regions))
    for pages_of in scopes.values():
        pages.append(history_page(ctx, pages_of))
        if pages_of.status.upcoming:
            pages.append(upcoming_page(ctx, pages_of))
        if publishing:
            files.append(region_feed(env, urls, working, pages_of))
        versions = pages_of.versions
        for index in range(len(versions)):
            # Each redline is made once, for its page and its notice, and not kept.
            diff = redline(versions[index - 1].view, versions[index].view) if index else None
            pages.append(archive_page(ctx, pages_of, index))
            if diff is not None:
                pages.append(changes_page(ctx, pages_of, index, diff))
            if publishing:
                files.append(version_json(urls, pages_of, index))
                if pages_of.scope.id != FULL:
                    files.append(notice(env, urls, working, pages_of, index, diff))
    return Site(working, as_of, history, scopes, tuple(pages), tuple(files))


def scope_pages_of(working: Policy, history: tuple[PublishedRelease, ...], as_of: date) -> dict[str, ScopePages]:
    """Version list and status of the complete policy (FULL) and of every region."""
    complete = gettext_for(working.settings.locale)("Complete %(title)s", title=working.settings.title)
    names = {FULL: complete} | {r.id: r.name for r in working.regions}
    scopes = {}
    for scope_id, name in names.items():
        versions = version_list(history, scope_id)
        status = page_status(versions, as_of, working.settings.recent_days)
        scopes[scope_id] = ScopePages(Scope(scope_id, name), versions, status)
    return scopes


def site_history(
    repo: Repository,
    working: Policy,
    as_of: date,
    *,
    preview: bool = False,
    pending: frozenset[str] = frozenset(),
) -> tuple[PublishedRelease, ...]:
    """Every release with its text, checked against the rules of SPEC §4.

    Text changed after the latest release without a new entry is an error, except in the
    live preview, which shows it as a draft. `pending` entries (new in the change being
    checked) take their text from the working tree.
    """
    history = read_history(repo, working, today=as_of, drafts_allowed=preview, pending=pending)
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
