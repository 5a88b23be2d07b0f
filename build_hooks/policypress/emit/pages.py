"""Markdown pages: landing, current text, upcoming text, history, archived versions, redlines.

Every function is pure: domain values in, a `GeneratedPage` out. Links between pages are
relative to the page's own source path, so MkDocs checks them and the site works under any
base URL.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from datetime import date
from itertools import groupby
from typing import Any

from jinja2 import Environment

from policypress.emit import GeneratedPage
from policypress.emit.templating import format_long_date
from policypress.emit.urls import (
    Scope,
    Urls,
    changes_uri,
    current_uri,
    history_uri,
    landing_uri,
    link,
    pdf_uri,
    section_uri,
    since_uri,
    upcoming_uri,
    version_uri,
)
from policypress.assemble import PolicyView
from policypress.history.versions import FULL, RegionVersion
from policypress.i18n import gettext_for
from policypress.kept.inputs import InputKeys
from policypress.model import Policy
from policypress.notices import Notice, PageStatus, SinceWindow, in_force_period, notice_for
from policypress.plaintext import markdown_to_text
from policypress.redline import Redline
from policypress.documents import LINK_TARGET, paths_of
from policypress.sources import REGIONS


@dataclass(frozen=True)
class ScopePages:
    """What every page of one scope is built from."""

    scope: Scope
    versions: tuple[RegionVersion, ...]
    status: PageStatus

    @property
    def notice(self) -> Notice | None:
        return notice_for(self.versions, self.status)


@dataclass(frozen=True)
class ShelfEntry:
    """One document of the site, as other pages link to it."""

    document: str
    title: str
    scopes: Mapping[str, ScopePages] = field(hash=False)
    """Its complete text (FULL) and every region it applies to."""


@dataclass(frozen=True)
class Shelf:
    """Every document of the site, the primary first: what pages link across."""

    entries: tuple[ShelfEntry, ...] = ()

    @classmethod
    def of(cls, documents: Iterable[tuple[Policy, Mapping[str, ScopePages]]]) -> Shelf:
        return cls(tuple(ShelfEntry(p.document, p.settings.title, scopes) for p, scopes in documents))

    def others(self, scope: Scope) -> list[ShelfEntry]:
        """The other documents that have a page for `scope`'s region (or complete text)."""
        return [e for e in self.entries if e.document != scope.document and scope.id in e.scopes]

    def pages(self, document: str, scope_id: str) -> ScopePages | None:
        """A document's page family for a region (its complete text if it no longer applies
        to the region); None if the site no longer has the document."""
        entry = next((e for e in self.entries if e.document == document), None)
        if entry is None:
            return None
        return entry.scopes.get(scope_id) or entry.scopes[FULL]

    def link_inputs(self, document: str) -> tuple[object, ...]:
        """What links from `document`'s text into the other documents are resolved against
        (see `_resolve_document_links`): their pages and the sections those show."""
        return tuple(self._link_targets[e.document] for e in self.entries if e.document != document)

    @cached_property
    def _link_targets(self) -> dict[str, tuple[object, ...]]:
        targets = {}
        for entry in self.entries:
            scopes = []
            for scope_id, pages in entry.scopes.items():
                shown = pages.status.in_force or pages.status.upcoming[0]
                scopes.append((scope_id, pages.scope, tuple(section.id for section in shown.view.walk())))
            targets[entry.document] = (entry.document, entry.title, tuple(scopes))
        return targets


@dataclass(frozen=True)
class Context:
    """Shared by every page of a build."""

    env: Environment
    urls: Urls
    as_of: date
    locale: str
    shelf: Shelf = Shelf()
    keys: InputKeys | None = None
    """Digests of pages' inputs, salted with everything that renders them besides their
    arguments (see `policypress.kept.inputs`); None: pages carry no digest."""
    pdfs: bool = False
    """Whether published versions have a PDF (see `policypress.emit.pdf`), which pages link."""

    def date(self, value: date) -> str:
        return format_long_date(value, self.locale)

    def key(self, template: str, document: str, page: Mapping[str, object], values: Mapping[str, object], *views: PolicyView) -> str | None:
        """The digest of one of `document`'s pages, rendered by `template` from `values` and
        `views` (links into the other documents included); None without `keys`."""
        if self.keys is None:
            return None
        return self.keys.key(template, page, values, views, self.shelf.link_inputs(document))


def page_notice(ctx: Context, uri: str, pages: ScopePages) -> dict[str, Any] | None:
    """What a page of `pages` says of an upcoming or recent change, if anything."""
    notice = pages.notice
    if notice is None:
        return None
    scope, version = pages.scope, notice.version
    changes = changes_uri(scope, version.version) if notice.has_previous else None
    target = upcoming_uri(scope) if notice.upcoming else (changes or text_uri(pages, version))
    summary = markdown_to_text(version.release.release.summary)
    effective = ctx.date(version.release.effective)
    _ = gettext_for(ctx.locale)
    if notice.upcoming and version.material:
        bar = _("Upcoming material change on %(date)s: %(summary)s", date=effective, summary=summary)
    elif notice.upcoming:
        bar = _("Upcoming change on %(date)s: %(summary)s", date=effective, summary=summary)
    else:
        bar = _("Updated on %(date)s: %(summary)s", date=effective, summary=summary)
    return {
        "upcoming": notice.upcoming,
        "effective": version.release.effective,
        "material": version.material,
        "summary": version.release.release.summary,
        "upcoming_link": link(uri, upcoming_uri(scope)) if notice.upcoming else None,
        "changes_link": link(uri, changes) if changes else None,
        "bar_text": bar,
        "bar_link": ctx.urls.path(target),
    }


def landing_page(ctx: Context, policy: Policy, scopes: dict[str, ScopePages]) -> GeneratedPage:
    """`/`: where a reader chooses a region, each with its last-updated date; upcoming changes.
    With several documents, it lists under each region every document that applies to it."""
    uri = "index.md"
    if len(ctx.shelf.entries) > 1:
        return _landing_documents(ctx, policy)
    entries, upcoming = [], []
    for region in policy.regions:
        pages = scopes[region.id]
        shown = pages.status.in_force or pages.status.upcoming[0]
        entries.append({"region": region, "link": link(uri, current_uri(pages.scope)), "last_updated": shown.release.published})
        if pages.status.upcoming and pages.status.in_force:
            upcoming.append(_upcoming_entry(uri, pages))
    markdown = ctx.env.get_template("pages/landing.md.j2").render(
        title=policy.settings.title,
        controller=policy.settings.controller,
        regions=entries,
        upcoming=upcoming,
        full_link=link(uri, current_uri(scopes[FULL].scope)),
    )
    return GeneratedPage.of(uri, policy.settings.title, markdown, REGIONS)


def _upcoming_entry(uri: str, pages: ScopePages) -> dict[str, Any]:
    version = pages.status.upcoming[0]
    return {
        "region": pages.scope,
        "version": version,
        "material": version.material,
        "changes_link": link(uri, changes_uri(pages.scope, version.version)),
        "text_link": link(uri, upcoming_uri(pages.scope)),
    }


def _landing_documents(ctx: Context, primary: Policy) -> GeneratedPage:
    uri = "index.md"
    regions = []
    for region in primary_regions(ctx, primary):
        documents = []
        for entry in ctx.shelf.entries:
            pages = entry.scopes.get(region.id)
            if pages is None:
                continue
            shown = pages.status.in_force or pages.status.upcoming[0]
            upcoming = _upcoming_entry(uri, pages) if pages.status.upcoming and pages.status.in_force else None
            documents.append(
                {"title": entry.title, "link": link(uri, current_uri(pages.scope)), "last_updated": shown.release.published, "upcoming": upcoming}
            )
        regions.append({"region": region, "documents": documents})
    complete = [{"title": e.title, "link": link(uri, current_uri(e.scopes[FULL].scope))} for e in ctx.shelf.entries]
    _ = gettext_for(ctx.locale)
    title = _("Policies of %(controller)s", controller=primary.settings.controller)
    markdown = ctx.env.get_template("pages/landing_documents.md.j2").render(
        title=title, controller=primary.settings.controller, regions=regions, complete=complete
    )
    return GeneratedPage.of(uri, title, markdown, REGIONS)


def primary_regions(ctx: Context, primary: Policy) -> list[Scope]:
    """Every region of the site in the order of regions.yaml, as scopes of their first document."""
    seen: dict[str, Scope] = {}
    for entry in ctx.shelf.entries:
        for scope_id, pages in entry.scopes.items():
            if scope_id != FULL and scope_id not in seen:
                seen[scope_id] = pages.scope
    order = {r.id: i for i, r in enumerate(primary.regions)}
    return sorted(seen.values(), key=lambda scope: order.get(scope.id, len(order)))


def _document_links(ctx: Context, uri: str, scope: Scope) -> list[dict[str, str]]:
    return [{"title": e.title, "link": link(uri, current_uri(e.scopes[scope.id].scope))} for e in ctx.shelf.others(scope)]


def _resolve_document_links(ctx: Context, uri: str, markdown: str) -> str:
    """Links of assembled text to other documents (see `policypress.documents.link_target`),
    as links relative to this page."""
    if "](policypress-document:" not in markdown:
        return markdown

    def target(match: Any) -> str:
        pages = ctx.shelf.pages(match.group("document"), match.group("scope"))
        if pages is None:
            return f"]({link(uri, 'index.md')})"
        # An archived page may name a section that the other document no longer has: it then
        # links to the page itself, so that old versions never hold a broken link.
        shown = pages.status.in_force or pages.status.upcoming[0]
        anchor = match.group("anchor")
        fragment = f"#{anchor}" if anchor and any(s.id == anchor for s in shown.view.walk()) else ""
        return f"]({link(uri, current_uri(pages.scope))}{fragment})"

    return LINK_TARGET.sub(target, markdown)


SECTION_LINK = re.compile(r'href="policypress-section:([a-z0-9-]+)"')
"""Where a heading links to its section's history, as `_blocks.md.j2` writes it: a section's
Markdown is written once for every page that shows it, and each page links from its own place."""


def _resolve_section_links(ctx: Context, uri: str, scope: Scope, markdown: str) -> str:
    """The links from each heading to its section's history page (an HTML link, which MkDocs
    leaves as it is: its address is the page's, relative to this page's)."""
    prefix = ctx.urls.relative(uri, section_uri(scope, "-"))
    # Every section's page is a sibling of the others: one relative prefix serves all.
    head, tail = prefix.rsplit("-", 1)
    return SECTION_LINK.sub(lambda match: f'href="{head}{match.group(1)}{tail}"', markdown)


def _policy_page(
    ctx: Context, uri: str, title: str, pages: ScopePages, version: RegionVersion, banner: dict[str, str] | None, *, in_nav: bool
) -> GeneratedPage:
    values = {
        "page_title": title,
        "published": version.release.published,
        "effective": version.release.effective,
        "banner": banner,
        "notice": page_notice(ctx, uri, pages),
        "searchable": in_nav,
        # A translation's "other regions" is its language's start page (emit/language_landing.py).
        "links": {"landing": link(uri, landing_uri(pages.scope.language)), "history": link(uri, history_uri(pages.scope))},
        "documents": _document_links(ctx, uri, pages.scope),
        "pdf": _pdf_link(ctx, uri, pages.scope, version),
    }
    view = version.view

    def make() -> str:
        markdown = ctx.env.get_template(_POLICY_TEMPLATE).render(view=view, **values)
        return _resolve_section_links(ctx, uri, pages.scope, _resolve_document_links(ctx, uri, markdown))

    page = {"uri": uri, "title": title, "edit_path": paths_of(pages.scope.document).settings, "in_nav": in_nav,
            "group": _group(ctx, pages.scope)}
    return GeneratedPage(make=make, inputs=ctx.key(_POLICY_TEMPLATE, pages.scope.document, page, values, view), **page)


def _pdf_link(ctx: Context, uri: str, scope: Scope, version: RegionVersion) -> dict[str, str] | None:
    """The link to a published version's PDF (the live preview's draft has none)."""
    if not ctx.pdfs or version.release.draft:
        return None
    target = pdf_uri(scope, version.version)
    return {"link": link(uri, target), "name": target.rsplit("/", 1)[-1]}


_POLICY_TEMPLATE = "pages/policy.md.j2"
_CHANGES_TEMPLATE = "pages/changes.md.j2"


def _group(ctx: Context, scope: Scope) -> str | None:
    """The navigation group of a page: its document's title, when the site has several."""
    if len(ctx.shelf.entries) < 2:
        return None
    return next(e.title for e in ctx.shelf.entries if e.document == scope.document)


def current_page(ctx: Context, pages: ScopePages) -> GeneratedPage:
    """`/<scope>/`: the version in force (before any is, the first upcoming one)."""
    status, scope = pages.status, pages.scope
    version = status.in_force or status.upcoming[0]
    banner = None
    _ = gettext_for(ctx.locale)
    if version.release.draft:
        banner = {
            "kind": "draft",
            "text": _(
                "**Draft preview.** This text is not released: it differs from the latest release "
                "and is shown only by the live preview. Add a release entry to publish it."
            ),
        }
    title = scope.name if scope.id != FULL else _("Complete %(title)s", title=version.view.title)
    return _policy_page(ctx, current_uri(scope), title, pages, version, banner, in_nav=True)


def upcoming_page(ctx: Context, pages: ScopePages) -> GeneratedPage:
    """`/<scope>/upcoming/`: the next version that will take effect."""
    version = pages.status.upcoming[0]
    uri = upcoming_uri(pages.scope)
    _ = gettext_for(ctx.locale)
    text = _(
        "This is the upcoming version %(version)s, which takes effect on %(date)s. "
        "[Read the version in force](%(link)s).",
        version=version.version, date=ctx.date(version.release.effective), link=link(uri, current_uri(pages.scope)),
    )
    title = _("%(scope)s · upcoming version", scope=pages.scope.name)
    return _policy_page(ctx, uri, title, pages, version, {"kind": "upcoming", "text": text}, in_nav=False)


def has_archive_page(pages: ScopePages, version: RegionVersion) -> bool:
    """Whether a version has a page of its own. Every release has; the live preview's draft
    has not while the current page shows it: it is never kept, and that page would only
    repeat the current one (one page fewer for the preview to render on every save)."""
    return not (version.release.draft and pages.status.in_force is version)


def text_uri(pages: ScopePages, version: RegionVersion) -> str:
    """Where a version's text is read: its own page, else (the draft) the current page."""
    return version_uri(pages.scope, version.version) if has_archive_page(pages, version) else current_uri(pages.scope)


def archive_page(ctx: Context, pages: ScopePages, index: int) -> GeneratedPage:
    """`/<scope>/<version>/`: one version's text for good, saying when it was in force."""
    version = pages.versions[index]
    scope = pages.scope
    uri = version_uri(scope, version.version)
    period = in_force_period(pages.versions, index)
    _ = gettext_for(ctx.locale)
    current = _("[Read the version in force](%(link)s)", link=link(uri, current_uri(scope)))
    start = ctx.date(period.start)
    values = {"version": version.version, "start": start, "current": current}
    if period.start > ctx.as_of:
        text = _("This is version %(version)s, which takes effect on %(start)s. %(current)s.", **values)
    elif period.end is None or period.end > ctx.as_of:
        text = _("This is version %(version)s, in force since %(start)s. It is the current version.", **values)
    elif period.end <= period.start:
        text = _("This is version %(version)s. It never took effect: a later version took effect first. %(current)s.", **values)
    else:
        text = _(
            "This is version %(version)s, an archived version. It was in force from %(start)s "
            "until a newer version took effect on %(end)s. %(current)s.",
            end=ctx.date(period.end), **values,
        )
    title = _("%(scope)s · version %(version)s", scope=scope.name, version=version.version)
    return _policy_page(ctx, uri, title, pages, version, {"kind": "archive", "text": text}, in_nav=False)


def history_page(ctx: Context, pages: ScopePages, since: SinceWindow = SinceWindow(None, 0)) -> GeneratedPage:
    """`/<scope>/history/`: every version of the page, newest first, with links (to what
    changed since each version, for those `since` compares in one redline)."""
    scope, status = pages.scope, pages.status
    uri = history_uri(scope)
    rows = []
    for index, version in reversed(list(enumerate(pages.versions))):
        state = "in force" if version is status.in_force else "upcoming" if version in status.upcoming else ""
        rows.append(
            {
                "version": version.version,
                "state": state,
                "published": version.release.published,
                "effective": version.release.effective,
                "material": version.material,
                "summary": version.release.release.summary,
                "text_link": link(uri, text_uri(pages, version)),
                "changes_link": link(uri, changes_uri(scope, version.version)) if index else None,
                "since_link": link(uri, since_uri(scope, version.version)) if since.redline(index) else None,
            }
        )
    _ = gettext_for(ctx.locale)
    title = _("History · %(scope)s", scope=scope.name)
    markdown = ctx.env.get_template("pages/history.md.j2").render(
        page_title=title,
        searchable=False,
        notice=page_notice(ctx, uri, pages),
        title=pages.versions[0].view.title,
        scope_name=scope.name,
        rows=rows,
        links={"current": link(uri, current_uri(scope))},
    )
    return GeneratedPage.of(uri, title, markdown, paths_of(scope.document).releases, in_nav=False)


def changes_page(ctx: Context, pages: ScopePages, index: int, diff: Callable[[], Redline]) -> GeneratedPage:
    """`/<scope>/<version>/changes/`: the redline against the page's previous version (`diff`
    makes it, when the page is made)."""
    previous, version = pages.versions[index - 1], pages.versions[index]
    scope = pages.scope
    uri = changes_uri(scope, version.version)
    _ = gettext_for(ctx.locale)
    title = _("Changes in %(version)s · %(scope)s", version=version.version, scope=scope.name)
    values = {
        "page_title": title,
        "searchable": False,
        "notice": page_notice(ctx, uri, pages),
        "title": version.view.title,
        "scope_name": scope.name,
        "version": version.version,
        "previous_version": previous.version,
        "published": version.release.published,
        "effective": version.release.effective,
        "material": version.material,
        "summary": version.release.release.summary,
        "links": {
            "previous": link(uri, version_uri(scope, previous.version)),
            "text": link(uri, text_uri(pages, version)),
            "history": link(uri, history_uri(scope)),
        },
    }

    def make() -> str:
        redline = diff()
        return ctx.env.get_template(_CHANGES_TEMPLATE).render(groups=redline_groups(redline), changed=redline.changed, **values)

    page = {"uri": uri, "title": title, "edit_path": paths_of(scope.document).releases, "in_nav": False}
    # The redline is made from the two versions' views alone.
    return GeneratedPage(make=make, inputs=ctx.key(_CHANGES_TEMPLATE, scope.document, page, values, previous.view, version.view), **page)


def redline_groups(redline: Redline) -> list[dict[str, Any]]:
    """A redline's sections in runs of changed and unchanged ones (the latter are collapsed)."""
    return [
        {"unchanged": unchanged, "sections": list(run)}
        for unchanged, run in groupby(redline.sections, key=lambda section: section.unchanged)
    ]
