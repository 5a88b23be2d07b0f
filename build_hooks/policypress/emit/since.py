"""What changed since a version (SPEC §14): `/<scope>/since/<version>/`.

Apps send a reader here after a material change: "what changed since the version you
accepted". For the `since_versions` versions before the one in force the page is one redline
from that version to it (the rules of the release redlines: sections matched by id, words
inserted and deleted, unchanged sections collapsed), headed by the releases in between with
their dates and summaries. An older version keeps its address: its page lists the redline of
each release since, in order, twelve at most, then links to the page of the twelfth, which
goes on from there (a chain that ends at the version in force).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from policypress.emit import GeneratedPage
from policypress.emit.pages import Context, ScopePages, page_notice, redline_groups
from policypress.emit.urls import changes_uri, current_uri, history_uri, link, since_uri, version_uri
from policypress.documents import paths_of
from policypress.history.versions import RegionVersion
from policypress.i18n import gettext_for
from policypress.notices import SinceWindow, since_window
from policypress.redline import redline

_SINCE_TEMPLATE = "pages/since.md.j2"


CHUNK = 12
"""How many releases a list page shows at most. Once that many follow its version it ends with
a link to the page of the last of them, and never changes again: publishing a release re-makes
only the list pages whose chunk is still open. A constant, not `since_versions`: a small window
on a short history still lists the whole chain to today."""


def since_pages(
    ctx: Context, pages: ScopePages, count: int, memo: Callable[[object, Callable[[], GeneratedPage]], GeneratedPage]
) -> tuple[SinceWindow, list[GeneratedPage]]:
    """The window of `pages`' versions that `count` (the document's `since_versions`) gives, and
    a page for every version before the one in force. `memo` keeps pages that depend only on
    published history (their target is never a draft: see `since_window`)."""
    window = since_window(pages.versions, ctx.as_of, count)
    if window.target is None:
        return window, []
    # Every such page of the scope is a sibling of the others: one list of entries serves all.
    releases = [_release(since_uri(pages.scope, "-"), pages, version) for version in pages.versions[: window.target + 1]]
    made = [memo(("since", index, window), lambda i=index: since_page(ctx, pages, window, i, releases)) for index in window.indexes]
    return window, made


def since_page(ctx: Context, pages: ScopePages, window: SinceWindow, index: int, releases: list[dict[str, Any]]) -> GeneratedPage:
    """`/<scope>/since/<version>/` for `pages.versions[index]`: a redline to the window's
    target, or (outside the window) the list of the releases since, at most `CHUNK` of them,
    ending with a link to the next list's page when more follow. `releases`: an entry for every
    version up to the target (`_release`)."""
    assert window.target is not None and index < window.target
    scope, versions = pages.scope, pages.versions
    since = versions[index]
    in_window = window.redline(index)
    # A list page whose chunk is complete names nothing past it: not the version in force.
    last = window.target if in_window else min(index + CHUNK, window.target)
    continued = versions[last] if last < window.target else None
    target = versions[window.target]
    uri = since_uri(scope, since.version)
    _ = gettext_for(ctx.locale)
    title = _("Changes since %(version)s · %(scope)s", version=since.version, scope=scope.name)
    in_force = target is pages.status.in_force
    values: dict[str, Any] = {
        "page_title": title,
        "searchable": False,
        "notice": page_notice(ctx, uri, pages),
        "title": versions[last].view.title,
        "scope_name": scope.name,
        "version": since.version,
        "published": since.release.published,
        "effective": since.release.effective,
        "window": window.target - window.first_redline,
        "redline": in_window,
        "releases": releases[index + 1 : last + 1],
        "links": {
            "since": link(uri, version_uri(scope, since.version)),
            "history": link(uri, history_uri(scope)),
        },
    }
    values["target"] = values["continued"] = None
    if continued is None:
        values["target"] = {
            "version": target.version,
            "effective": target.release.effective,
            "in_force": in_force,
            # The preview's current page shows its draft: the target is then read at its own address.
            "link": link(uri, current_uri(scope) if in_force else version_uri(scope, target.version)),
        }
    else:
        values["continued"] = {"version": continued.version, "link": link(uri, since_uri(scope, continued.version))}
    edit_path = paths_of(scope.document).releases
    page = {"uri": uri, "title": title, "edit_path": edit_path, "in_nav": False}
    if not in_window:
        # The list alone: `values` hold all it shows (its chunk of releases, and the version in
        # force only while the chunk is open), so its digest changes only with them.
        def make() -> str:
            return ctx.env.get_template(_SINCE_TEMPLATE).render(groups=[], changed=[], **values)

        inputs = ctx.key(_SINCE_TEMPLATE, scope.document, page, values)
    else:
        def make() -> str:
            made = redline(since.view, target.view)
            return ctx.env.get_template(_SINCE_TEMPLATE).render(groups=redline_groups(made), changed=made.changed, **values)

        # Made from the two versions' views and `values` (which name the target version: the
        # page changes whenever the version in force does).
        inputs = ctx.key(_SINCE_TEMPLATE, scope.document, page, values, since.view, target.view)
    return GeneratedPage(uri, title, make, edit_path, in_nav=False, inputs=inputs)


def _release(uri: str, pages: ScopePages, version: RegionVersion) -> dict[str, Any]:
    """One release between a version and the target, with the link to its own redline."""
    return {
        "version": version.version,
        "published": version.release.published,
        "effective": version.release.effective,
        "material": version.material,
        "summary": version.release.release.summary,
        "changes_link": link(uri, changes_uri(pages.scope, version.version)),
    }
