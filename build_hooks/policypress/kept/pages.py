"""Rendered pages kept between the live preview's rebuilds, as folders named by a digest.

MkDocs renders every page again on each rebuild of `mkdocs serve` and on each publishing
build, and empties its output folder first. With a long history almost all pages are archive, history and redline pages
whose content did not change, and rendering them is what made a one-word edit take a
quarter of a minute to show. The preview therefore groups those pages by folder
(`<scope>/<version>/` with its `changes/`, `<scope>/history/`, …), names each group by a
digest of its pages' content and of everything the theme renders around them, renders a
group only when no folder of that name is kept, and otherwise links the kept folder into
the output (linked in the live preview, copied by a publishing build, whose store persists
in `.cache/policypress/pages/`). A change to anything a page is made of changes the name, so
a kept folder is never shown for a page that differs.

Only pages outside the navigation and the search index are grouped (their HTML depends on
their own content, the site's configuration and the navigation, all in the digest).

A publishing build also keeps each page's digest by the digest of its inputs (see
`policypress.kept.inputs`): a published version's page whose inputs an earlier build saw needs
no Markdown to be named, and its folder is copied without the page ever being made. The
versions' data files and notices are kept the same way, by their inputs
(`policypress.kept.files`). Every folder and the digests are entries of
`policypress.kept.entries`, checked when read.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import threading
import weakref
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Protocol

from policypress.kept.entries import Entries, Kept, link_or_copy


class GeneratedPage(Protocol):
    """What the store reads of a generated page (`policypress.emit.GeneratedPage`)."""

    @property
    def uri(self) -> str: ...
    @property
    def in_nav(self) -> bool: ...
    @property
    def inputs(self) -> str | None: ...
    @property
    def digest(self) -> str: ...


def page_groups(
    pages: Iterable[GeneratedPage],
    signature: str,
    reserved: frozenset[str],
    digest: Callable[[GeneratedPage], str] = lambda page: page.digest,
) -> dict[str, str]:
    """Output folder → digest, for the pages that can be kept between rebuilds.

    A page qualifies when it is outside the navigation and lives at least two folders deep
    (`north/history/index.md`, `north/2026-02-01/changes/index.md`); its group is the
    shallowest such folder that holds no other page or file (`cookies/north/history/` for
    another document's pages, whose `cookies/north/` holds the current page), and never a
    folder that holds no page of its own (`north/since/`: each `north/since/<version>/` is its
    own group). `reserved`
    folders hold other files and are left to MkDocs. `digest` gives each page's digest (by
    default made from its Markdown)."""
    pages = list(pages)
    # Folders that hold (at any depth) a page that is not kept: MkDocs writes into them.
    blocked = set(reserved)
    for page in pages:
        if not _qualifies(page):
            parts = page.uri.split("/")[:-1]
            blocked.update("/".join(parts[:k]) for k in range(1, len(parts) + 1))
    # A folder that holds no page of its own (`north/since/`) only gathers others: as a group it
    # would make one changed page render all its siblings again, so its subfolders are the groups.
    own = {page.uri.rsplit("/", 1)[0] for page in pages}
    for page in pages:
        parts = page.uri.split("/")[:-1]
        blocked.update(folder for folder in ("/".join(parts[:k]) for k in range(1, len(parts))) if folder not in own)
    members: dict[str, list[str]] = {}
    for page in pages:
        if not _qualifies(page):
            continue
        folder = _group_folder(page.uri, lambda f: f not in blocked)
        if folder is not None:
            members.setdefault(folder, []).append(f"{page.uri}\0{digest(page)}")
    groups = {}
    for folder, entries in members.items():
        digest = hashlib.sha256(signature.encode())
        for entry in sorted(entries):
            digest.update(b"\0" + entry.encode())
        groups[folder] = digest.hexdigest()
    return groups


def _qualifies(page: GeneratedPage) -> bool:
    return not page.in_nav and len(page.uri.split("/")) >= 3 and page.uri.endswith("/index.md")


def _group_folder(uri: str, allowed: Callable[[str], bool]) -> str | None:
    """The shallowest folder of `uri`, at least two deep, that `allowed` accepts."""
    parts = uri.split("/")
    for k in range(2, len(parts)):
        folder = "/".join(parts[:k])
        if allowed(folder):
            return folder
    return None


def group_of(uri: str, groups: Mapping[str, str]) -> str | None:
    """The group folder a page belongs to, if any."""
    return _group_folder(uri, lambda f: f in groups)


class PageStore:
    """Rendered page folders by digest (entries of `pages/`); and the digests of pages by their
    inputs (see `policypress.kept.inputs`), so that a kept page's digest is known without
    making it."""

    _KNOWN = "inputs.json"

    def __init__(self, entries: Entries, keep_builds: int = 1) -> None:
        self.entries = entries
        self._recent: list[set[str]] = []
        self._keep = keep_builds
        self._known: dict[str, str] | None = None

    def page_digest(self, page: GeneratedPage) -> str:
        """The page's digest: known from an earlier build of the same inputs, else made."""
        if page.inputs is not None:
            found = self._known_digests().get(page.inputs)
            if found is not None:
                return found
        return page.digest

    def _known_digests(self) -> dict[str, str]:
        if self._known is None:
            content = self.entries.read(self._KNOWN)
            try:
                known = json.loads(content) if content is not None else {}
            except ValueError:
                known = {}  # its record vouched for it, but it is no JSON of ours: pages are made
            valid = isinstance(known, dict) and all(isinstance(v, str) for v in known.values())
            self._known = known if valid else {}
        return self._known

    def remember(self, pages: Iterable[GeneratedPage]) -> None:
        """Keep the digests of this build's pages by their inputs (and only theirs)."""
        known = {page.inputs: self.page_digest(page) for page in pages if page.inputs is not None}
        self.entries.write(self._KNOWN, json.dumps(known, sort_keys=True).encode())
        self._known = known

    @classmethod
    def temporary(cls, parent: Path, keep_builds: int = 3) -> PageStore:
        """A store in a new temporary folder under `parent`, removed with the store (the live
        preview's: nobody else writes there)."""
        root = Path(tempfile.mkdtemp(prefix=".policypress-preview-", dir=parent))
        store = cls(Kept(root, lambda message: None).entries("pages"), keep_builds)
        store._finalizer = weakref.finalize(store, shutil.rmtree, root, True)
        return store

    def has(self, digest: str) -> bool:
        """Whether the folder of that digest is kept, intact (checked once per store)."""
        return self.entries.path(digest) is not None

    def link_into(self, site_dir: Path, groups: Mapping[str, str], rendered: Iterable[str]) -> None:
        """After a live-preview build: keep the `rendered` group folders, link every group into
        `site_dir`, and forget folders no recent build used."""
        for folder in rendered:
            if not self.has(groups[folder]):
                self.entries.keep_folder(groups[folder], site_dir / folder, move=True)
            else:
                shutil.rmtree(site_dir / folder)
        for folder, digest in groups.items():
            kept = self.entries.path(digest)
            if kept is None:
                continue  # rendered, but it could not be kept: it stays in the output
            link = site_dir / folder
            link.parent.mkdir(parents=True, exist_ok=True)
            os.symlink(kept, link, target_is_directory=True)
        self._forget_unused(groups, background=True)

    def copy_into(self, site_dir: Path, groups: Mapping[str, str], rendered: Iterable[str]) -> None:
        """After a publishing build: keep copies of the `rendered` group folders, copy every
        other group into `site_dir`, and forget folders this build did not use (the store
        then holds exactly the pages of the site just built)."""
        rendered = set(rendered)
        for folder in rendered:
            if not self.has(groups[folder]):
                self.entries.keep_folder(groups[folder], site_dir / folder)
        for folder, digest in groups.items():
            if folder not in rendered:
                kept = self.entries.path(digest)
                assert kept is not None, "a group was taken as kept, so its folder was checked"
                shutil.copytree(kept, site_dir / folder, copy_function=link_or_copy)
        self._forget_unused(groups, background=False)

    def empty(self, site_dir: Path) -> None:
        """Empty the live preview's output folder before a rebuild (hidden entries stay, as
        MkDocs leaves them): its entries are moved aside at once and deleted off the rebuild's
        path. With a long history it holds hundreds of links, and MkDocs deleting them one by
        one took a tenth of a save."""
        entries = [entry for entry in site_dir.iterdir() if not entry.name.startswith(".")] if site_dir.is_dir() else []
        if entries:
            trash = Path(tempfile.mkdtemp(prefix=".unused-", dir=self.entries.kept.root))
            for entry in entries:
                entry.rename(trash / entry.name)
            _delete_in_background([trash])

    def _forget_unused(self, groups: Mapping[str, str], *, background: bool) -> None:
        self._recent = [*self._recent, set(groups.values())][-self._keep:]
        used = set().union(*self._recent) | {self._KNOWN}
        if not background:
            self.entries.forget_except(used)
        else:
            # Deleting hundreds of folders (after a new commit) takes seconds on a slow disk.
            _delete_in_background(self.entries.park_except(used))


def _delete_in_background(folders: list[Path]) -> None:
    if folders:
        threading.Thread(target=lambda: [shutil.rmtree(folder, True) for folder in folders], daemon=True).start()
