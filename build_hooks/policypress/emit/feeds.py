"""Atom 1.0 feeds: `/feed.xml` (every release) and `/<region>/feed.xml` (that region's versions);
a translated region's `/<language>/<region>/feed.xml` in that language's words and dates; and
`/<region>/sections/<id>/feed.xml`, the changes of one section (SPEC §20).

Entry ids are tag URIs built from the site's host, the publication date and the version, so
they stay the same however often the site is rebuilt. Timestamps are dates at midnight UTC:
a release is published on a day, and the feed must not change from one build to the next.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from datetime import date
from html import escape
from urllib.parse import urlsplit

from jinja2 import Environment

from policypress.emit import GeneratedFile
from policypress.emit.pages import Scope, ScopePages
from policypress.emit.section_history import history_inputs
from policypress.emit.templating import format_long_date
from policypress.emit.urls import (
    Urls,
    changes_uri,
    current_uri,
    feed_entry_name,
    feed_uri,
    section_feed_entry_name,
    section_feed_uri,
    section_uri,
    version_uri,
)
from policypress.history import PublishedRelease
from policypress.i18n import gettext_for
from policypress.kept.inputs import InputKeys
from policypress.model import Policy
from policypress.plaintext import markdown_to_text
from policypress.redline.sections import SectionHistory
from policypress.sources.languages import babel_locale, source_language


def _stamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _tag(urls: Urls, day: date, name: str) -> str:
    parts = urlsplit(urls.site_url)
    return f"tag:{parts.hostname},{day.isoformat()}:{parts.path}{name}"


def _render(env: Environment, policy: Policy, feed: dict[str, str], entries: list[dict[str, str]], lang: str = "") -> str:
    return env.get_template("feeds/atom.xml.j2").render(
        lang=lang or policy.settings.locale.split("_")[0], feed=feed, entries=entries
    )


def page_locale(policy: Policy, scope: Scope) -> str:
    """The locale of a page family's words: its translation's language, else the policy's."""
    return str(babel_locale(scope.language)) if scope.language else policy.settings.locale


def page_title(policy: Policy, pages: ScopePages, index: int = -1) -> str:
    """The document's title as a version of a page family shows it: a translation's own."""
    return markdown_to_text(pages.versions[index].view.title) if pages.scope.language else policy.settings.title


def in_source_language(policy: Policy, scope: Scope, html: str) -> str:
    """`html` (text written only in the source language, like a release summary), marked with
    its language when the feed is a translation's, so readers and screen readers know."""
    return f'<span lang="{source_language(policy)}">{html}</span>' if scope.language else html


def _content(summary_html: str, lines: Sequence[str]) -> str:
    items = "".join(f"<li>{line}</li>" for line in lines)
    return f"<p>{summary_html}</p><ul>{items}</ul>"


def region_feed(env: Environment, urls: Urls, policy: Policy, pages: ScopePages) -> GeneratedFile:
    """`/<region>/feed.xml`: one entry per version of the region's page, newest first."""
    scope = pages.scope
    locale = page_locale(policy, scope)
    _ = gettext_for(locale)
    entries = []
    for index, version in reversed(list(enumerate(pages.versions))):
        release = version.release
        target = changes_uri(scope, version.version) if index else version_uri(scope, version.version)
        summary = markdown_to_text(release.release.summary)
        effective = format_long_date(release.effective, locale)
        published = format_long_date(release.published, locale)
        kind = (
            _("Material change, published %(published)s, effective %(effective)s.", published=published, effective=effective)
            if version.material
            else _("Change, published %(published)s, effective %(effective)s.", published=published, effective=effective)
        )
        lines = [
            escape(kind),
            f'<a href="{escape(urls.absolute(version_uri(scope, version.version)))}">{escape(_("Read version %(version)s", version=version.version))}</a>',
        ]
        if index:
            lines.append(f'<a href="{escape(urls.absolute(target))}">{escape(_("See what changed"))}</a>')
        entries.append(
            {
                "id": _tag(urls, release.published, feed_entry_name(scope, version.version)),
                "title": _(
                    "%(title)s (%(scope)s): version %(version)s, effective %(effective)s",
                    title=page_title(policy, pages, index), scope=scope.name, version=version.version, effective=effective,
                ),
                "published": _stamp(release.published),
                "updated": _stamp(release.published),
                "url": urls.absolute(target),
                "summary": summary,
                "content": _content(in_source_language(policy, scope, escape(summary)), lines),
            }
        )
    feed = {
        "id": urls.absolute(feed_uri(scope)),
        "title": _("%(title)s of %(controller)s: %(scope)s", title=page_title(policy, pages), controller=policy.settings.controller, scope=scope.name),
        "subtitle": _("Every version of the %(title)s for %(scope)s.", title=page_title(policy, pages), scope=scope.name),
        "updated": _stamp(max(v.release.published for v in pages.versions)),
        "self_url": urls.absolute(feed_uri(scope)),
        "html_url": urls.absolute(current_uri(scope)),
        "author": policy.settings.controller,
    }
    return GeneratedFile.of(feed_uri(scope), _render(env, policy, feed, entries, scope.language))


def _release_page(full: ScopePages, version: str) -> str:
    """The complete policy's redline of a release (its text, for the first), else the landing."""
    versions = [v.version for v in full.versions]
    if version not in versions:
        return "index.md"
    index = versions.index(version)
    return changes_uri(full.scope, version) if index else version_uri(full.scope, version)


def site_feed(
    env: Environment,
    urls: Urls,
    documents: Sequence[tuple[Policy, Sequence[PublishedRelease], ScopePages, Sequence[ScopePages]]],
) -> GeneratedFile:
    """`/feed.xml`: one entry per release of every document (policy, history, complete text,
    regions), naming the regions it changes, newest first."""
    policy = documents[0][0]
    streams = [_release_entries(urls, *document) for document in documents]
    # Each document's entries are newest first already; merging keeps that order.
    entries = [entry for _, _, entry in heapq.merge(*streams, key=lambda item: (item[0], item[1]), reverse=True)]
    controller = policy.settings.controller
    _ = gettext_for(policy.settings.locale)
    if len(documents) == 1:
        title = _("%(title)s of %(controller)s", title=policy.settings.title, controller=controller)
        subtitle = _("Every release of the %(title)s, with the regions it changes.", title=policy.settings.title)
    else:
        title = _("Policies of %(controller)s", controller=controller)
        titles = ", ".join(p.settings.title for p, *_ in documents)
        subtitle = _("Every release of every document (%(titles)s), with the regions it changes.", titles=titles)
    published = [r.published for _, history, *_ in documents for r in history if not r.draft]
    feed = {
        "id": urls.absolute(feed_uri(None)),
        "title": title,
        "subtitle": subtitle,
        "updated": _stamp(max(published, default=date(1970, 1, 1))),
        "self_url": urls.absolute(feed_uri(None)),
        "html_url": urls.absolute("index.md"),
        "author": controller,
    }
    return GeneratedFile.of(feed_uri(None), _render(env, policy, feed, entries))


def _release_entries(
    urls: Urls, policy: Policy, history: Sequence[PublishedRelease], full: ScopePages, regions: Sequence[ScopePages]
) -> list[tuple[date, int, dict[str, str]]]:
    """One document's entries of the site feed, newest first, each with its sort key."""
    locale = policy.settings.locale
    _ = gettext_for(locale)
    entries = []
    releases = [r for r in history if not r.draft]
    for order, release in reversed(list(enumerate(releases))):
        changed = [
            (pages, [v.version for v in pages.versions].index(release.version))
            for pages in regions
            if release.version in [v.version for v in pages.versions]
        ]
        summary = markdown_to_text(release.release.summary)
        effective = format_long_date(release.effective, locale)
        lines = []
        for pages, index in changed:
            uri = changes_uri(pages.scope, release.version) if index else version_uri(pages.scope, release.version)
            material = escape(_(" (material change)")) if release.release.is_material_for(pages.scope.id) else ""
            lines.append(f'<a href="{escape(urls.absolute(uri))}">{escape(pages.scope.name)}</a>{material}')
        if not lines:
            lines.append(escape(_("No region's text changed.")))
        entry = {
            "id": _tag(urls, release.published, feed_entry_name(None, release.version, policy.document)),
            "title": _(
                "%(title)s: version %(version)s, effective %(effective)s",
                title=policy.settings.title, version=release.version, effective=effective,
            ),
            "published": _stamp(release.published),
            "updated": _stamp(release.published),
            "url": urls.absolute(_release_page(full, release.version)),
            "summary": summary,
            "content": _content(escape(summary) + escape(_(" Effective %(date)s.", date=effective)), lines),
        }
        entries.append((release.published, order, entry))
    return entries


def section_feed(
    env: Environment, urls: Urls, policy: Policy, pages: ScopePages, history: SectionHistory, keys: InputKeys | None = None
) -> GeneratedFile:
    """`/<scope>/sections/<id>/feed.xml`: one entry per change of one section, newest first,
    so that a reader can follow one topic alone. An entry's id is its version's, under the
    section's address: the same in every later build."""
    scope = pages.scope
    locale = page_locale(policy, scope)
    uri = section_feed_uri(scope, history.id)
    page = section_uri(scope, history.id)
    title = markdown_to_text(history.latest.title)
    _ = gettext_for(locale)
    feed = {
        "id": urls.absolute(uri),
        "title": _(
            "%(section)s: changes to this section of the %(title)s of %(controller)s (%(scope)s)",
            section=title, title=page_title(policy, pages), controller=policy.settings.controller, scope=scope.name,
        ),
        "updated": _stamp(max(pages.versions[change.index].release.published for change in history.changes)),
        "self_url": urls.absolute(uri),
        "html_url": urls.absolute(page),
        "author": policy.settings.controller,
    }
    feed["subtitle"] = _(
        "Every version of the %(title)s for %(scope)s in which the text of this section changed, newest first, "
        "with the changes to this section alone.", title=page_title(policy, pages), scope=scope.name,
    )

    def render() -> str:
        entries = [_section_entry(env, urls, policy, pages, history, position) for position in reversed(range(len(history.changes)))]
        return _render(env, policy, feed, entries, scope.language)

    inputs = keys.key("section feed", uri, feed, history_inputs(pages, history)) if keys is not None else None
    return GeneratedFile(uri, render, inputs, beside_page=True)


def _section_entry(
    env: Environment, urls: Urls, policy: Policy, pages: ScopePages, history: SectionHistory, position: int
) -> dict[str, str]:
    """One change of a section, as its feed shows it: the release, the section's number and
    the redline of the section alone."""
    scope = pages.scope
    change = history.changes[position]
    version = pages.versions[change.index]
    release = version.release
    section = change.after or change.before
    assert section is not None
    locale = page_locale(policy, scope)
    _ = gettext_for(locale)
    effective = format_long_date(release.effective, locale)
    published = format_long_date(release.published, locale)
    summary = markdown_to_text(release.release.summary)
    kind = (
        _("Material change, published %(published)s, effective %(effective)s.", published=published, effective=effective)
        if version.material
        else _("Change, published %(published)s, effective %(effective)s.", published=published, effective=effective)
    )
    if not position:
        where = _("The section first appeared on the page in this version, as section %(number)s.", number=section.number)
    elif change.after is None:
        where = _("The section left the page in this version; it was section %(number)s.", number=section.number)
    else:
        where = _("Section %(number)s on this version’s page.", number=section.number)
    text = version_uri(scope, version.version)
    lines = [
        escape(kind),
        escape(where),
        f'<a href="{escape(urls.absolute(text))}{"#" + history.id if change.after is not None else ""}">'
        f'{escape(_("Read version %(version)s", version=version.version))}</a>',
    ]
    content = _content(in_source_language(policy, scope, escape(summary)), lines)
    if position:
        diff = change.diff
        heading = env.filters["heading_html"](diff)
        units = env.filters["units_html"](diff.units)
        content += f'<div class="redline"><p><strong>{heading}</strong> ({escape(env.filters["kinds_sentence"](diff.kinds))})</p>{units}</div>'
    anchor = f"#version-{version.version}"
    return {
        "id": _tag(urls, release.published, section_feed_entry_name(scope, history.id, version.version)),
        "title": _(
            "%(section)s (%(scope)s): version %(version)s, effective %(effective)s",
            section=markdown_to_text(section.title), scope=scope.name, version=version.version, effective=effective,
        ),
        "published": _stamp(release.published),
        "updated": _stamp(release.published),
        "url": urls.absolute(section_uri(scope, history.id)) + anchor,
        "summary": summary,
        "content": content,
    }
