"""Machine-readable data: `/api/policy.json` and `/api/<region>/<version>.json` (SPEC §5), and
`/api/<region>/sections/<id>.json`, one section's history (SPEC §20).

`sha256` is computed over the UTF-8 bytes of `text`, the published plain text, so anyone can
check a copy. The JSON Schemas of both files ship in `policypress/schemas/`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from policypress.assemble import ViewSection
from policypress.emit import GeneratedFile
from policypress.emit.pages import ScopePages
from policypress.emit.pdf import VersionPdf
from policypress.emit.section_history import history_inputs
from policypress.emit.urls import (
    Urls,
    api_uri,
    changes_uri,
    current_uri,
    feed_uri,
    history_uri,
    pdf_uri,
    section_api_uri,
    section_feed_uri,
    section_uri,
    version_uri,
)
from policypress.history import PublishedRelease
from policypress.history.versions import RegionVersion
from policypress.kept.inputs import InputKeys
from policypress.model import Policy
from policypress.notices import in_force_period
from policypress.plaintext import blocks_text, markdown_to_text, section_text, text_sha256, view_text
from policypress.redline import ChangeKind
from policypress.redline.sections import SectionHistory


def _dump(data: Any) -> str:
    # Compact: json's C encoder only runs without indentation, and there are many files.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _release_of(version: RegionVersion) -> dict[str, Any]:
    """A version's release, as every data file names it."""
    return {
        "version": version.version,
        "published": _iso(version.release.published),
        "effective": _iso(version.release.effective),
        "material": version.material,
        "summary": version.release.release.summary,
    }


def _version_summary(urls: Urls, pages: ScopePages, index: int) -> dict[str, Any]:
    version = pages.versions[index]
    scope = pages.scope
    return {
        **_release_of(version),
        "sha256": version.sha256,
        "url": urls.absolute(version_uri(scope, version.version)),
        "changes_url": urls.absolute(changes_uri(scope, version.version)) if index else None,
        "data_url": urls.absolute(api_uri(scope, version.version)),
    }


def _scope_entry(urls: Urls, pages: ScopePages, pdfs: Mapping[str, VersionPdf] | None = None) -> dict[str, Any]:
    scope = pages.scope
    versions = [_version_summary(urls, pages, i) for i in range(len(pages.versions))]
    for entry in versions if pdfs else ():
        pdf = pdfs.get(pdf_uri(scope, entry["version"])) if pdfs else None
        if pdf is not None:
            # The PDF's bytes, as the guard compares them: a published PDF never changes.
            entry.update(pdf_url=urls.absolute(pdf.uri), pdf_sha256=pdf.sha256())
    return {
        "id": scope.id,
        "name": pages.scope.name,
        "url": urls.absolute(current_uri(scope)),
        "history_url": urls.absolute(history_uri(scope)),
        "feed_url": urls.absolute(feed_uri(scope)),
        "in_force": pages.status.in_force.version if pages.status.in_force else None,
        "upcoming": [v.version for v in pages.status.upcoming],
        "versions": versions,
    }


def policy_json(
    urls: Urls,
    policy: Policy,
    history: Sequence[PublishedRelease],
    full: ScopePages,
    regions: Sequence[ScopePages],
    as_of: date,
    translations: Sequence[ScopePages] = (),
    pdfs: Mapping[str, VersionPdf] | None = None,
) -> GeneratedFile:
    """`/api/policy.json`: regions, releases and every region's versions; with `translations`
    (translated regions' page families), each language's regions and versions too, so that
    the published-version guard covers translated text. With `pdfs` (by address), each
    version with a PDF lists its address and sha256: made when the file is written, after
    the PDFs (see `VersionPdf`)."""
    return GeneratedFile(api_uri(document=policy.document),
                         lambda: _dump(_policy_data(urls, policy, history, full, regions, as_of, translations, pdfs)))


def _policy_data(
    urls: Urls,
    policy: Policy,
    history: Sequence[PublishedRelease],
    full: ScopePages,
    regions: Sequence[ScopePages],
    as_of: date,
    translations: Sequence[ScopePages],
    pdfs: Mapping[str, VersionPdf] | None,
) -> dict[str, Any]:
    changed_by: dict[str, list[str]] = {}
    for pages in regions:
        for version in pages.versions:
            changed_by.setdefault(version.version, []).append(pages.scope.id)
    data = {
        "title": policy.settings.title,
        "controller": policy.settings.controller,
        "as_of": as_of.isoformat(),
        "regions": [_scope_entry(urls, pages, pdfs) for pages in regions],
        "full": _scope_entry(urls, full, pdfs),
        "releases": [
            {
                "version": item.version,
                "published": _iso(item.published),
                "effective": _iso(item.effective),
                "material": item.release.material if isinstance(item.release.material, bool) else sorted(item.release.material),
                "summary": item.release.summary,
                "regions_changed": changed_by.get(item.version, []),
            }
            for item in history
            if not item.draft
        ],
    }
    languages: dict[str, list[dict[str, Any]]] = {}
    for pages in translations:
        languages.setdefault(pages.scope.language, []).append(_scope_entry(urls, pages, pdfs))
    if languages:  # sites without translations keep the file they always had
        data["translations"] = [{"language": code, "regions": entries} for code, entries in languages.items()]
    return data


def _section(section: ViewSection) -> dict[str, Any]:
    return {
        "id": section.id,
        "number": section.number,
        "title": markdown_to_text(section.title),
        # A summary is shown to readers but is not the text: it has its own key, never in
        # `text` (whose sha256 is published), and only where there is one, so that the files
        # of versions without summaries stay as they were.
        **({"summary": markdown_to_text(section.summary.text)} if section.summary is not None else {}),
        "text": section_text(section),
        "sections": [_section(sub) for sub in section.subsections],
    }


def version_json(
    urls: Urls, pages: ScopePages, index: int, source_language: str = "en", keys: InputKeys | None = None
) -> GeneratedFile:
    """`/api/<region>/<version>.json`: one version's metadata, text, checksum and sections
    (made when written); a translation's under `/api/<language>/`. `language` says which
    language the text is in. With `keys`, the file carries its inputs' digest."""
    version: RegionVersion = pages.versions[index]
    period = in_force_period(pages.versions, index)
    # Everything but the text, in the file's order (the text's entries fill their places).
    head = {
        **_version_summary(urls, pages, index),
        "region": pages.scope.id,
        "region_name": pages.scope.name,
        "language": source_language,
        "previous_version": pages.versions[index - 1].version if index else None,
        "in_force_from": _iso(period.start),
        "in_force_until": _iso(period.end),
    }
    view = version.view

    def render() -> str:
        text = view_text(view)
        data = {
            **head,
            "language": view.language or source_language,
            "title": markdown_to_text(view.title),
            # Only format-2 sources have a preamble; older versions' files stay as they were.
            **({"preamble": blocks_text(view.preamble)} if view.preamble else {}),
            "text": text,
            "sha256": text_sha256(text),
            "sections": [_section(section) for section in view.sections],
        }
        return _dump(data)

    uri = api_uri(pages.scope, version.version)
    return GeneratedFile(uri, render, keys.key("version data", uri, head, view) if keys is not None else None)


# Machine names of how a section changed (ChangeKind's values are the sentences readers see).
_KIND_NAMES = {ChangeKind.ADDED: "added", ChangeKind.REMOVED: "removed", ChangeKind.RENAMED: "renamed",
               ChangeKind.CHANGED: "changed"}


def section_json(
    urls: Urls, pages: ScopePages, history: SectionHistory, source_language: str = "en", keys: InputKeys | None = None
) -> GeneratedFile:
    """`/api/<scope>/sections/<id>.json`: one section's history as data, oldest change first
    (the first is the version it appeared in): each with the release, the section's number,
    title and own text before and after, and what changed (schema `api-section.schema.json`)."""
    scope = pages.scope
    uri = section_api_uri(scope, history.id)

    def render() -> str:
        latest = history.latest
        data = {
            "section": history.id,
            "region": scope.id,
            "region_name": scope.name,
            "language": pages.versions[-1].view.language or source_language,
            "title": markdown_to_text(latest.title),
            "on_page": history.on_page,
            "url": urls.absolute(section_uri(scope, history.id)),
            "feed_url": urls.absolute(section_feed_uri(scope, history.id)),
            "history_url": urls.absolute(history_uri(scope)),
            "first_version": pages.versions[history.changes[0].index].version,
            "changes": [_section_change(urls, pages, history, position) for position in range(len(history.changes))],
        }
        return _dump(data)

    return GeneratedFile(uri, render, keys.key("section data", uri, history_inputs(pages, history)) if keys is not None else None)


def _section_change(urls: Urls, pages: ScopePages, history: SectionHistory, position: int) -> dict[str, Any]:
    change = history.changes[position]
    version = pages.versions[change.index]
    scope = pages.scope
    before, after = change.before, change.after
    kinds = change.diff.kinds if position else frozenset({ChangeKind.ADDED})
    page = urls.absolute(version_uri(scope, version.version))
    return {
        **_release_of(version),
        "kinds": [name for kind, name in _KIND_NAMES.items() if kind in kinds],
        "number": after.number if after else None,
        "previous_number": before.number if before else None,
        "title": markdown_to_text(after.title) if after else None,
        "previous_title": markdown_to_text(before.title) if before else None,
        "text": section_text(after) if after else None,
        "previous_text": section_text(before) if before else None,
        "url": f"{page}#{history.id}" if after else page,
        "changes_url": f"{urls.absolute(changes_uri(scope, version.version))}#{history.id}" if change.index else None,
        "data_url": urls.absolute(api_uri(scope, version.version)),
    }
