"""Stage 6: what the site is made of — generated pages (and later feeds and data).

Emitters are pure: they take domain values and return `GeneratedPage`s; writing them anywhere
is the adapter's job (MkDocs hook, `policypress render`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any


@dataclass(frozen=True, eq=False)
class GeneratedPage:
    """One Markdown page of the site, ready for MkDocs or for `policypress render`."""

    uri: str
    """Path as if under docs/, e.g. "eea/index.md"."""
    title: str
    make: Callable[[], str]
    """Makes the page's Markdown, when it is first needed (see `markdown`)."""
    edit_path: str | None
    """Repository-relative source file that the page's edit link opens."""
    in_nav: bool = True
    """Archive, redline and other permanent-address pages stay out of the nav and the search; a
    translated page that is in the nav is in its language's (see `language`)."""
    group: str | None = None
    """The navigation group (a document's title on a site of several documents)."""
    inputs: str | None = None
    """A digest of everything `make` renders from (see `policypress.kept.inputs`), when the page
    has one: pages with equal inputs are equal, so a build that kept the page needs no Markdown."""
    language: str | None = None
    """A translated page's language (e.g. "pt-BR"); None for the source language's pages."""

    @classmethod
    def of(cls, uri: str, title: str, markdown: str, edit_path: str | None, **fields: Any) -> GeneratedPage:
        """A page whose Markdown is already made."""
        return cls(uri, title, lambda: markdown, edit_path, **fields)

    @cached_property
    def markdown(self) -> str:
        return self.make()

    @cached_property
    def digest(self) -> str:
        """SHA-256 of everything the page is made of (a page kept by a build cache is hashed once)."""
        parts = [self.uri, self.title, self.edit_path or "", str(self.in_nav), self.markdown]
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()


@dataclass(frozen=True)
class GeneratedFile:
    """A file published as it is: a feed, JSON data, an e-mail notice or a version's PDF."""

    uri: str
    render: Callable[[], str | bytes]
    """Makes the content (text, or bytes for a PDF) when the file is written: with a long
    history, the data files are made one at a time instead of all sitting in memory at once."""
    inputs: str | None = None
    """A digest of everything `render` reads (see `policypress.kept.inputs`), when the file has one."""
    beside_page: bool = False
    """Lives in a page's folder (a version's PDF in its archive page's): written after the
    pages, so that the folder can still be a kept page folder (see `policypress.kept.pages`)."""

    @classmethod
    def of(cls, uri: str, content: str) -> GeneratedFile:
        """A file whose content is already made."""
        return cls(uri, lambda: content)
