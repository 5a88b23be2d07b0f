"""Where everything lives on the site (SPEC §5): source paths for pages, and public URLs."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass


def current_uri(scope: str) -> str:
    return f"{scope}/index.md"


def upcoming_uri(scope: str) -> str:
    return f"{scope}/upcoming/index.md"


def history_uri(scope: str) -> str:
    return f"{scope}/history/index.md"


def version_uri(scope: str, version: str) -> str:
    return f"{scope}/{version}/index.md"


def changes_uri(scope: str, version: str) -> str:
    return f"{scope}/{version}/changes/index.md"


def feed_uri(scope: str | None) -> str:
    return f"{scope}/feed.xml" if scope else "feed.xml"


def api_uri(scope: str | None = None, version: str | None = None) -> str:
    return f"api/{scope}/{version}.json" if scope and version else "api/policy.json"


def notice_uri(version: str, scope: str) -> str:
    return f"notices/{version}/{scope}.txt"


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

    def absolute(self, uri: str) -> str:
        """Absolute URL of a page or file source path."""
        return self.site_url + self.path(uri)
