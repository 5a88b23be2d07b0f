"""What changed since a version (SPEC §14): `/<scope>/since/<version>/`.

Apps send a reader here after a material change: "what changed since the version you
accepted". For the `since_versions` versions before the one in force the page is one redline
from that version to it (the rules of the release redlines: sections matched by id, words
inserted and deleted, unchanged sections collapsed), headed by the releases in between with
their dates and summaries. An older version keeps its address: its page lists the redline of
each release since, in order.
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
    # Each page lists the tail of this list: digested once, its pages' inputs name their tail
    # by its length (pickling every page's tail took half a second at 100 releases).
    listed = ctx.keys.key(releases) if ctx.keys is not None else None
    made = [
        memo(("since", index, window), lambda i=index: since_page(ctx, pages, window, i, releases[i + 1 :], listed))
        for index in window.indexes
    ]
    return window, made


def since_page(
    ctx: Context, pages: ScopePages, window: SinceWindow, index: int, releases: list[dict[str, Any]], listed: str | None = None
) -> GeneratedPage:
    """`/<scope>/since/<version>/` for `pages.versions[index]`: a redline to the window's
    target, or (outside the window) the list of the `releases` since, each with its redline.
    `listed`: the digest of a list whose tail `releases` is, if known."""
    assert window.target is not None and index < window.target
    scope, versions = pages.scope, pages.versions
    since, target = versions[index], versions[window.target]
    uri = since_uri(scope, since.version)
    _ = gettext_for(ctx.locale)
    title = _("Changes since %(version)s · %(scope)s", version=since.version, scope=scope.name)
    in_force = target is pages.status.in_force
    values = {
        "page_title": title,
        "searchable": False,
        "notice": page_notice(ctx, uri, pages),
        "title": target.view.title,
        "scope_name": scope.name,
        "version": since.version,
        "published": since.release.published,
        "effective": since.release.effective,
        "target_version": target.version,
        "target_effective": target.release.effective,
        "target_in_force": in_force,
        "window": window.target - window.first_redline,
        "redline": window.redline(index),
        "releases": releases,
        "links": {
            "since": link(uri, version_uri(scope, since.version)),
            # The preview's current page shows its draft: the target is then read at its own address.
            "target": link(uri, current_uri(scope) if in_force else version_uri(scope, target.version)),
            "history": link(uri, history_uri(scope)),
        },
    }
    edit_path = paths_of(scope.document).releases
    page = {"uri": uri, "title": title, "edit_path": edit_path, "in_nav": False}
    keyed = {**values, "releases": (listed, len(releases))} if listed is not None else values
    if not window.redline(index):
        # The list alone: its values name every release to the target.
        def make() -> str:
            return ctx.env.get_template(_SINCE_TEMPLATE).render(groups=[], changed=[], **values)

        inputs = ctx.key(_SINCE_TEMPLATE, scope.document, page, keyed)
    else:
        def make() -> str:
            made = redline(since.view, target.view)
            return ctx.env.get_template(_SINCE_TEMPLATE).render(groups=redline_groups(made), changed=made.changed, **values)

        # Made from the two versions' views and `values` (which name the target version: the
        # page changes whenever the version in force does).
        inputs = ctx.key(_SINCE_TEMPLATE, scope.document, page, keyed, since.view, target.view)
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
