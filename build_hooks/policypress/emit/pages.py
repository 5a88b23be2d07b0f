"""Markdown pages: landing, current text, history, archived versions and redlines.

Every function is pure: domain values in, a `GeneratedPage` out. Links are relative to the
page's own source path, so MkDocs checks them and the site works under any base URL.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from datetime import date

from jinja2 import Environment

from policypress.emit import GeneratedPage
from policypress.emit.templating import format_long_date
from policypress.history.versions import FULL, RegionVersion
from policypress.model import Policy
from policypress.notices import PageStatus, in_force_period
from policypress.redline import redline


@dataclass(frozen=True)
class Scope:
    """A page family: a region, or the complete policy."""

    id: str
    name: str


def current_uri(scope: str) -> str:
    return f"{scope}/index.md"


def history_uri(scope: str) -> str:
    return f"{scope}/history/index.md"


def version_uri(scope: str, version: str) -> str:
    return f"{scope}/{version}/index.md"


def changes_uri(scope: str, version: str) -> str:
    return f"{scope}/{version}/changes/index.md"


def link(from_uri: str, to_uri: str) -> str:
    """A relative Markdown link from one page source to another."""
    return posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")


def landing_page(env: Environment, policy: Policy, statuses: dict[str, PageStatus], edit_path: str) -> GeneratedPage:
    """`/`: where a reader chooses a region, each with its last-updated date."""
    uri = "index.md"
    entries = []
    for region in policy.regions:
        status = statuses[region.id]
        shown = status.in_force or status.upcoming[0]
        entries.append({"region": region, "link": link(uri, current_uri(region.id)), "last_updated": shown.release.published})
    markdown = env.get_template("pages/landing.md.j2").render(
        title=policy.settings.title,
        controller=policy.settings.controller,
        regions=entries,
        full_link=link(uri, current_uri(FULL)),
    )
    return GeneratedPage(uri=uri, title=policy.settings.title, markdown=markdown, edit_path=edit_path)


def _policy_page(
    env: Environment,
    uri: str,
    title: str,
    version: RegionVersion,
    banner: dict[str, str] | None,
    edit_path: str,
    *,
    in_nav: bool,
) -> GeneratedPage:
    markdown = env.get_template("pages/policy.md.j2").render(
        view=version.view,
        page_title=title,
        published=version.release.published,
        effective=version.release.effective,
        banner=banner,
        searchable=in_nav,
        links={"landing": link(uri, "index.md"), "history": link(uri, history_uri(version.scope))},
    )
    return GeneratedPage(uri=uri, title=title, markdown=markdown, edit_path=edit_path, in_nav=in_nav)


def current_page(env: Environment, scope: Scope, status: PageStatus, edit_path: str) -> GeneratedPage:
    """`/<scope>/`: the version in force (before any is, the first upcoming one)."""
    uri = current_uri(scope.id)
    version = status.in_force or status.upcoming[0]
    banner = None
    if version.release.draft:
        banner = {
            "kind": "draft",
            "text": "**Draft preview.** This text is not released: it differs from the latest release "
            "and is shown only by the live preview. Add a release entry to publish it.",
        }
    elif status.in_force is None:
        banner = {"kind": "upcoming", "text": f"This policy takes effect on {format_long_date(version.release.effective, version.release.policy.settings.locale)}."}
    title = scope.name if scope.id != FULL else f"Complete {version.view.title}"
    return _policy_page(env, uri, title, version, banner, edit_path, in_nav=True)


def archive_page(
    env: Environment, scope: Scope, versions: tuple[RegionVersion, ...], index: int, as_of: date, edit_path: str
) -> GeneratedPage:
    """`/<scope>/<version>/`: one version's text for good, saying when it was in force."""
    version = versions[index]
    uri = version_uri(scope.id, version.version)
    locale = version.release.policy.settings.locale
    period = in_force_period(versions, index)
    current = f"[Read the version in force]({link(uri, current_uri(scope.id))})"
    start = format_long_date(period.start, locale)
    if period.start > as_of:
        text = f"This is version {version.version}, which takes effect on {start}. {current}."
    elif period.end is None or period.end > as_of:
        text = f"This is version {version.version}, in force since {start}. It is the current version."
    elif period.end <= period.start:
        text = f"This is version {version.version}. It never took effect: a later version took effect first. {current}."
    else:
        end = format_long_date(period.end, locale)
        text = f"This is version {version.version}, an archived version. It was in force from {start} until a newer version took effect on {end}. {current}."
    title = f"{scope.name} · version {version.version}"
    return _policy_page(env, uri, title, version, {"kind": "archive", "text": text}, edit_path, in_nav=False)


def history_page(
    env: Environment, scope: Scope, versions: tuple[RegionVersion, ...], status: PageStatus, edit_path: str
) -> GeneratedPage:
    """`/<scope>/history/`: every version of the page, newest first, with links."""
    uri = history_uri(scope.id)
    rows = []
    for index, version in reversed(list(enumerate(versions))):
        state = "in force" if version is status.in_force else "upcoming" if version in status.upcoming else ""
        rows.append(
            {
                "version": version.version,
                "state": state,
                "published": version.release.published,
                "effective": version.release.effective,
                "material": version.material,
                "summary": version.release.release.summary,
                "text_link": link(uri, version_uri(scope.id, version.version)),
                "changes_link": link(uri, changes_uri(scope.id, version.version)) if index else None,
            }
        )
    first = versions[0]
    markdown = env.get_template("pages/history.md.j2").render(
        title=first.view.title,
        scope_name=scope.name,
        rows=rows,
        links={"current": link(uri, current_uri(scope.id))},
    )
    return GeneratedPage(uri=uri, title=f"History · {scope.name}", markdown=markdown, edit_path=edit_path, in_nav=False)


def changes_page(
    env: Environment, scope: Scope, versions: tuple[RegionVersion, ...], index: int, edit_path: str
) -> GeneratedPage:
    """`/<scope>/<version>/changes/`: the redline against the page's previous version."""
    previous, version = versions[index - 1], versions[index]
    uri = changes_uri(scope.id, version.version)
    diff = redline(previous.view, version.view)
    markdown = env.get_template("pages/changes.md.j2").render(
        title=version.view.title,
        scope_name=scope.name,
        version=version.version,
        previous_version=previous.version,
        published=version.release.published,
        effective=version.release.effective,
        material=version.material,
        summary=version.release.release.summary,
        sections=diff.sections,
        changed=diff.changed,
        links={
            "previous": link(uri, version_uri(scope.id, previous.version)),
            "text": link(uri, version_uri(scope.id, version.version)),
            "history": link(uri, history_uri(scope.id)),
        },
    )
    return GeneratedPage(
        uri=uri, title=f"Changes in {version.version} · {scope.name}", markdown=markdown, edit_path=edit_path, in_nav=False
    )
