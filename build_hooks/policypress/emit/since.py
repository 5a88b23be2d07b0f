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
from functools import cache
from typing import Any, TypeVar

from policypress.emit import GeneratedPage
from policypress.emit.pages import Context, ScopePages, page_notice, redline_groups
from policypress.emit.urls import changes_uri, current_uri, history_uri, link, since_uri, version_uri
from policypress.documents import paths_of
from policypress.history.versions import RegionVersion
from policypress.i18n import gettext_for
from policypress.notices import SinceWindow, since_window
from policypress.redline import redline

T = TypeVar("T")
_SINCE_TEMPLATE = "pages/since.md.j2"


def since_pages(
    ctx: Context, pages: ScopePages, count: int, memo: Callable[[object, Callable[[], T]], T]
) -> tuple[SinceWindow, list[GeneratedPage]]:
    """The window of `pages`' versions that `count` (the document's `since_versions`) gives, and
    a page for every version before the one in force. `memo` keeps pages that depend only on
    published history (their target is never a draft: see `since_window`)."""
    window = since_window(pages.versions, ctx.as_of, count)
    made = [
        memo(("since", index, window), lambda i=index: since_page(ctx, pages, window, i))  # type: ignore[misc]
        for index in window.indexes
    ]
    return window, made


def since_page(ctx: Context, pages: ScopePages, window: SinceWindow, index: int) -> GeneratedPage:
    """`/<scope>/since/<version>/` for `pages.versions[index]`: a redline to the window's
    target, or (outside the window) the list of the releases since, each with its redline."""
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
        "releases": [_release(uri, pages, later) for later in versions[index + 1 : window.target + 1]],
        "links": {
            "since": link(uri, version_uri(scope, since.version)),
            # The preview's current page shows its draft: the target is then read at its own address.
            "target": link(uri, current_uri(scope) if in_force else version_uri(scope, target.version)),
            "history": link(uri, history_uri(scope)),
        },
    }
    page = {"uri": uri, "title": title, "edit_path": paths_of(scope.document).releases, "in_nav": False}
    if not window.redline(index):
        # The list alone: its values name every release to the target.
        return GeneratedPage(
            make=lambda: ctx.env.get_template(_SINCE_TEMPLATE).render(groups=[], changed=[], **values),
            inputs=ctx.key(_SINCE_TEMPLATE, scope.document, page, values),
            **page,  # type: ignore[arg-type]
        )
    diff = cache(lambda: redline(since.view, target.view))

    def make() -> str:
        made = diff()
        return ctx.env.get_template(_SINCE_TEMPLATE).render(groups=redline_groups(made), changed=made.changed, **values)

    # Made from the two versions' views and `values` alone (which name the target version, so
    # the page changes whenever the version in force does).
    return GeneratedPage(make=make, inputs=ctx.key(_SINCE_TEMPLATE, scope.document, page, values, since.view, target.view), **page)  # type: ignore[arg-type]


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
