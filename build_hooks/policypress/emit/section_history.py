"""Each section's history page (SPEC §20): `/<scope>/sections/<id>/`.

"When did the arbitration clause change?" The page lists, newest first, every version of the
page in which that section's text changed — its dates, whether it was material, the release's
summary, the section's number on that version's page and the redline of that section alone —
down to the version it first appeared in. Every section heading of the policy pages links here.

A section's page changes only when the section does (or leaves or joins the version in force):
it never names the version in force or the as-of date otherwise, so a release that does not
touch a section keeps its page as it was (see `policypress.kept.pages`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from policypress.emit import GeneratedPage
from policypress.emit.pages import Context, ScopePages, text_uri
from policypress.emit.urls import Urls, changes_uri, current_uri, history_uri, link, section_uri
from policypress.i18n import gettext_for
from policypress.plaintext import markdown_to_text
from policypress.redline.sections import SectionChange, SectionHistory, shown

_TEMPLATE = "pages/section_history.md.j2"


def section_pages(
    ctx: Context,
    pages: ScopePages,
    histories: Mapping[str, SectionHistory],
    memo: Callable[[object, Callable[[], GeneratedPage]], GeneratedPage],
    published: int,
) -> list[GeneratedPage]:
    """A history page for every section any version of `pages` showed. `memo` keeps the pages
    of sections whose changes all come from the first `published` versions (the live
    preview's draft comes after them)."""
    shown_now = _shown_ids(pages)
    made = []
    for history in histories.values():
        on_current = history.id in shown_now
        if history.changes[-1].index < published:
            made.append(memo(("section", history.id, len(history.changes), on_current),
                             lambda h=history, c=on_current: section_page(ctx, pages, h, c)))
        else:
            made.append(section_page(ctx, pages, history, on_current))
    return made


def _shown_ids(pages: ScopePages) -> frozenset[str]:
    """The sections of the version the current page shows (its anchors)."""
    status = pages.status
    version = status.in_force or status.upcoming[0]
    return frozenset(section.id for section in version.view.walk())


def section_page(ctx: Context, pages: ScopePages, history: SectionHistory, on_current: bool) -> GeneratedPage:
    """`/<scope>/sections/<id>/`: the changes of one section of the page, newest first.
    `on_current`: whether the current page shows the section (and so has its anchor)."""
    scope = pages.scope
    uri = section_uri(scope, history.id)
    latest = history.latest
    section_title = markdown_to_text(latest.title)
    _ = gettext_for(ctx.locale)
    title = _("History of “%(section)s” · %(scope)s", section=section_title, scope=scope.name)
    values: dict[str, Any] = {
        "page_title": title,
        "searchable": False,
        "notice": None,
        "section": section_title,
        "section_id": history.id,
        "title": markdown_to_text(pages.versions[-1].view.title),
        "scope_name": scope.name,
        "entries": [_entry(ctx.urls, uri, pages, history, change, first=not position)
                    for position, change in reversed(list(enumerate(history.changes)))],
        "links": {
            "current": f"{link(uri, current_uri(scope))}#{history.id}" if on_current else None,
            "history": link(uri, history_uri(scope)),
        },
    }
    def make() -> str:
        entries = [{**entry, "diff": change.diff if not entry["first"] else None}
                   for entry, change in zip(values["entries"], reversed(history.changes), strict=True)]
        return ctx.env.get_template(_TEMPLATE).render(**{**values, "entries": entries})

    page = {"uri": uri, "title": title, "edit_path": latest.source_path, "in_nav": False}
    inputs = ctx.keys.key(_TEMPLATE, page, values, history_inputs(pages, history)) if ctx.keys is not None else None
    return GeneratedPage(make=make, inputs=inputs, **page)


def _entry(urls: Urls, uri: str, pages: ScopePages, history: SectionHistory, change: SectionChange, *, first: bool) -> dict[str, Any]:
    """What the page says of one change (its redline is added when the page is made)."""
    version = pages.versions[change.index]
    scope = pages.scope
    section = change.after or change.before
    assert section is not None  # a change has a side
    text = text_uri(pages, version)
    return {
        "version": version.version,
        "anchor": f"version-{version.version}",
        "published": version.release.published,
        "effective": version.release.effective,
        "material": version.material,
        "summary": version.release.release.summary,
        "first": first,
        "removed": change.after is None,
        "number": section.number,
        "text_link": link(uri, text) + (f"#{history.id}" if change.after is not None else ""),
        # An address, not a Markdown link: the redline's anchors are in HTML that MkDocs does not read.
        "changes_url": f"{urls.relative(uri, changes_uri(scope, version.version))}#{history.id}" if change.index else None,
    }


def history_inputs(pages: ScopePages, history: SectionHistory) -> list[tuple[object, ...]]:
    """Everything a section's history shows of each change (for the digests of its page, feed
    and data): the release and the section on both sides, nothing of the versions between."""
    facts = []
    for change in history.changes:
        version = pages.versions[change.index]
        release = version.release
        facts.append((change.index, version.version, release.published, release.effective, version.material,
                      release.release.summary, release.draft, shown(change.before), shown(change.after)))
    return facts
