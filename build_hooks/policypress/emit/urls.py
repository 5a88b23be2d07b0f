"""Where everything lives on the site (SPEC §5 and §9): the one place that turns a page's
coordinates (document, region, version, page kind) into source paths and public URLs.

The site is a grid: document × region × version (× language, later). The primary document's
prefix is empty, so its addresses are those it had before a second document existed; every
other document's pages live under `/<doc>/`, its data under `/api/<doc>/` and its e-mail
notices under `/notices/<doc>/`.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from policypress.documents import PRIMARY


@dataclass(frozen=True)
class Scope:
    """A page family: the coordinates every page of one region (or the complete text) shares."""

    id: str
    """Region id, or FULL for the complete document."""
    name: str
    document: str = PRIMARY
    """The document id; PRIMARY ("") for the primary document, whose URLs have no prefix."""
    language: str = ""
    """A translation's language (BCP 47, e.g. "pt-BR"); "" for the source language, whose
    URLs have no prefix. Translated pages live under /<language in lower case>/."""


def _in(document: str, path: str) -> str:
    return f"{document}/{path}" if document else path


def _base(scope: Scope) -> str:
    return _in(scope.language.lower(), _in(scope.document, scope.id))


def landing_uri(language: str = "") -> str:
    """The start page: the site's, or a translation's (its regions in that language)."""
    return _in(language.lower(), "index.md")


def current_uri(scope: Scope) -> str:
    return f"{_base(scope)}/index.md"


def upcoming_uri(scope: Scope) -> str:
    return f"{_base(scope)}/upcoming/index.md"


def history_uri(scope: Scope) -> str:
    return f"{_base(scope)}/history/index.md"


def version_uri(scope: Scope, version: str) -> str:
    return f"{_base(scope)}/{version}/index.md"


def changes_uri(scope: Scope, version: str) -> str:
    return f"{_base(scope)}/{version}/changes/index.md"


def since_uri(scope: Scope, version: str) -> str:
    """What changed on the page since `version`: a redline to the version in force, or the
    release-by-release redlines when `version` is older (SPEC §14)."""
    return f"{_base(scope)}/since/{version}/index.md"


def section_uri(scope: Scope, section: str) -> str:
    """The history of one section of the page (SPEC §20): every version that changed its text."""
    return f"{_base(scope)}/sections/{section}/index.md"


def section_feed_uri(scope: Scope, section: str) -> str:
    """The Atom feed of one section's changes, in its history page's folder."""
    return f"{_base(scope)}/sections/{section}/feed.xml"


def section_api_uri(scope: Scope, section: str) -> str:
    """One section's history as data."""
    return f"api/{_base(scope)}/sections/{section}.json"


def section_feed_entry_name(scope: Scope, section: str, version: str) -> str:
    """The stable part of the tag URI of one change of a section in its feed."""
    return f"{_base(scope)}/sections/{section}/{version}"


# The primary document's id is empty (its URLs have no prefix); its PDFs need a name.
PRIMARY_FILE_NAME = "privacy-policy"


def pdf_uri(scope: Scope, version: str) -> str:
    """A version's PDF, in its archive page's folder: `<document>-<region>-<version>.pdf`, and
    `…-<version>-<language>.pdf` for a translation (a reader's downloads folder keeps them apart)."""
    parts = [scope.document or PRIMARY_FILE_NAME, scope.id, version]
    if scope.language:
        parts.append(scope.language.lower())
    return f"{_base(scope)}/{version}/{'-'.join(parts)}.pdf"


def feed_uri(scope: Scope | None) -> str:
    """A scope's feed; None: the site's feed, which carries every document."""
    return f"{_base(scope)}/feed.xml" if scope else "feed.xml"


def api_uri(scope: Scope | None = None, version: str | None = None, *, document: str = PRIMARY) -> str:
    """One version's data, or (without a scope) the document's `policy.json`."""
    if scope is not None and version is not None:
        return f"api/{_base(scope)}/{version}.json"
    return f"api/{_in(document, 'policy.json')}"


def notice_uri(version: str, scope: Scope) -> str:
    """A region's e-mail notice of a version; a translation's under its language's folder."""
    return _in(scope.language.lower(), f"notices/{_in(scope.document, version)}/{scope.id}.txt")


def feed_entry_name(scope: Scope | None, version: str, document: str = PRIMARY) -> str:
    """The stable part of a feed entry's tag URI (the primary's are those it always had)."""
    if scope is None:
        return f"releases/{_in(document, version)}"
    return f"{_base(scope)}/{version}"


def link(from_uri: str, to_uri: str) -> str:
    """A relative Markdown link from one page source to another (MkDocs checks these)."""
    return posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")


@dataclass(frozen=True)
class Urls:
    """Public addresses of pages and files, for feeds, data and e-mails."""

    site_url: str
    """Absolute base URL ending in "/", e.g. https://example.com/privacy/."""
    directory_urls: bool = True

    def path(self, uri: str) -> str:
        """Site-relative URL path of a page or file source path, e.g. "uk/" for uk/index.md."""
        if not uri.endswith(".md"):
            return uri
        stem = uri[: -len(".md")]
        if stem == "index" or stem.endswith("/index"):
            base = stem[: -len("index")]
            return base if self.directory_urls else f"{base}index.html"
        return f"{stem}/" if self.directory_urls else f"{stem}.html"

    def relative(self, from_uri: str, to_uri: str) -> str:
        """The relative URL from one page's address to another's, for links written as HTML
        (which MkDocs leaves as they are): "sections/logs/" from "north/" to its section's."""
        source, target = self.path(from_uri), self.path(to_uri)
        found = posixpath.relpath(target or ".", posixpath.dirname(source) or ".")
        return found + "/" if target.endswith("/") and not found.endswith("/") else found

    def absolute(self, uri: str) -> str:
        """Absolute URL of a page or file source path."""
        return self.site_url + self.path(uri)
