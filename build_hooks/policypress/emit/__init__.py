"""Stage 6: what the site is made of — generated pages (and later feeds and data).

Emitters are pure: they take domain values and return `GeneratedPage`s; writing them anywhere
is the adapter's job (MkDocs hook, `policypress render`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class GeneratedPage:
    """One Markdown page of the site, ready for MkDocs or for `policypress render`."""

    uri: str
    """Path as if under docs/, e.g. "eea/index.md"."""
    title: str
    markdown: str
    edit_path: str | None
    """Repository-relative source file that the page's edit link opens."""
    in_nav: bool = True
    """Archive, redline and other permanent-address pages stay out of the nav and the search."""
    group: str | None = None
    """The navigation group (a document's title on a site of several documents)."""


@dataclass(frozen=True)
class GeneratedFile:
    """A file published as it is: a feed, JSON data or an e-mail notice."""

    uri: str
    render: Callable[[], str]
    """Makes the content when the file is written: with a long history, the data files are
    made one at a time instead of all sitting in memory at once."""

    @classmethod
    def of(cls, uri: str, content: str) -> GeneratedFile:
        """A file whose content is already made."""
        return cls(uri, lambda: content)
