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
`policypress.inputs`): a published version's page whose inputs an earlier build saw needs
no Markdown to be named, and its folder is copied without the page ever being made. The
versions' data files and notices are kept the same way, by their inputs (`FileStore`).
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

from policypress.emit import GeneratedFile, GeneratedPage


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
    """Rendered page folders by digest, in `root`; and the digests of pages by their inputs
    (see `policypress.inputs`), so that a kept page's digest is known without making it."""

    _KNOWN = ".inputs.json"

    def __init__(self, root: Path, keep_builds: int = 1) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
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
            try:
                known = json.loads((self.root / self._KNOWN).read_text("utf-8"))
            except (OSError, ValueError):
                known = {}  # none yet, or damaged: pages are made and hashed
            valid = isinstance(known, dict) and all(isinstance(v, str) for v in known.values())
            self._known = known if valid else {}
        return self._known

    def remember(self, pages: Iterable[GeneratedPage]) -> None:
        """Keep the digests of this build's pages by their inputs (and only theirs)."""
        known = {page.inputs: self.page_digest(page) for page in pages if page.inputs is not None}
        partial = self.root / f".partial-{self._KNOWN}"
        partial.write_text(json.dumps(known, sort_keys=True), "utf-8")
        partial.replace(self.root / self._KNOWN)
        self._known = known

    @classmethod
    def temporary(cls, parent: Path, keep_builds: int = 3) -> PageStore:
        """A store in a new temporary folder under `parent`, removed with the store."""
        store = cls(Path(tempfile.mkdtemp(prefix=".policypress-preview-", dir=parent)), keep_builds)
        store._finalizer = weakref.finalize(store, shutil.rmtree, store.root, True)
        return store

    def has(self, digest: str) -> bool:
        return (self.root / digest).is_dir()

    def link_into(self, site_dir: Path, groups: Mapping[str, str], rendered: Iterable[str]) -> None:
        """After a live-preview build: keep the `rendered` group folders, link every group into
        `site_dir`, and forget folders no recent build used."""
        for folder in rendered:
            target = self.root / groups[folder]
            if not target.exists():
                shutil.move(site_dir / folder, target)
            else:
                shutil.rmtree(site_dir / folder)
        for folder, digest in groups.items():
            link = site_dir / folder
            link.parent.mkdir(parents=True, exist_ok=True)
            os.symlink(self.root / digest, link, target_is_directory=True)
        self._forget_unused(groups, background=True)

    def copy_into(self, site_dir: Path, groups: Mapping[str, str], rendered: Iterable[str]) -> None:
        """After a publishing build: keep copies of the `rendered` group folders, copy every
        other group into `site_dir`, and forget folders this build did not use (the store
        then holds exactly the pages of the site just built)."""
        rendered = set(rendered)
        for folder in rendered:
            if not self.has(groups[folder]):
                # Written under a temporary name and renamed: an interrupted build never
                # leaves a partial folder under a digest.
                partial = Path(tempfile.mkdtemp(prefix=".partial-", dir=self.root))
                shutil.copytree(site_dir / folder, partial / "pages", copy_function=_link_or_copy)
                (partial / "pages").rename(self.root / groups[folder])
                shutil.rmtree(partial)
        for folder, digest in groups.items():
            if folder not in rendered:
                shutil.copytree(self.root / digest, site_dir / folder, copy_function=_link_or_copy)
        self._forget_unused(groups, background=False)

    def empty(self, site_dir: Path) -> None:
        """Empty the live preview's output folder before a rebuild (hidden entries stay, as
        MkDocs leaves them): its entries are moved aside at once and deleted off the rebuild's
        path. With a long history it holds hundreds of links, and MkDocs deleting them one by
        one took a tenth of a save."""
        entries = [entry for entry in site_dir.iterdir() if not entry.name.startswith(".")] if site_dir.is_dir() else []
        self._discard(entries)

    def _forget_unused(self, groups: Mapping[str, str], *, background: bool) -> None:
        self._recent = [*self._recent, set(groups.values())][-self._keep:]
        used = set().union(*self._recent)
        unused = [entry for entry in self.root.iterdir() if entry.name not in used and not entry.name.startswith(".")]
        if not unused:
            return
        if not background:
            for entry in unused:
                shutil.rmtree(entry, ignore_errors=True)
            return
        # Deleting hundreds of folders (after a new commit) takes seconds on a slow disk.
        self._discard(unused)

    def _discard(self, entries: list[Path]) -> None:
        """Move `entries` aside at once (into this store's folder, on the same disk) and delete
        them in the background."""
        if not entries:
            return
        trash = Path(tempfile.mkdtemp(prefix=".unused-", dir=self.root))
        for entry in entries:
            entry.rename(trash / entry.name)
        threading.Thread(target=shutil.rmtree, args=(trash, True), daemon=True).start()


FILES_FOLDER = Path(".cache") / "policypress" / "files"
"""Where a publishing build keeps its files, under the site's folder (the MkDocs adapter's)."""


class FileStore:
    """Generated files (feeds, data, notices) by the digest of their inputs, in `root`,
    between publishing builds: a published version's data and notices are written once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self._used: set[str] = set()

    def write(self, target: Path, generated: GeneratedFile) -> None:
        """Write `generated` at `target`: linked from the store if kept, else made (and kept,
        if it has inputs)."""
        if generated.inputs is None:
            write_file(target, generated)
            return
        kept = self.root / generated.inputs
        target.parent.mkdir(parents=True, exist_ok=True)
        if not kept.is_file():
            write_file(target, generated)
            # Under a temporary name first: an interrupted build never leaves a partial file.
            partial = self.root / f".partial-{generated.inputs}"
            _link_or_copy(str(target), str(partial))
            partial.replace(kept)
        else:
            _link_or_copy(str(kept), str(target))
        self._used.add(generated.inputs)

    def read(self, inputs: str) -> bytes | None:
        """The content kept for `inputs`, if any (a version's PDF, whose sha256 policy.json
        lists, is read instead of made again)."""
        try:
            return (self.root / inputs).read_bytes()
        except OSError:
            return None

    def keep(self, inputs: str, content: bytes) -> None:
        """Keep `content` for `inputs` without writing it anywhere else (the guard keeps the
        PDFs it had to make, for the build that follows it)."""
        partial = self.root / f".partial-{inputs}"
        partial.write_bytes(content)
        partial.replace(self.root / inputs)

    def forget_unused(self) -> None:
        """Delete the files this store's writes did not use (it then holds this build's)."""
        for entry in self.root.iterdir():
            if entry.name not in self._used:
                entry.unlink(missing_ok=True)


def own_folder(site_dir: Path, target: Path) -> None:
    """Make the folders of `target` real folders of `site_dir`: the live preview links kept
    page folders into its output, and a file written beside a page (a PDF, when the preview
    makes them) must not be written into the store."""
    folder = site_dir
    for part in target.parent.relative_to(site_dir).parts:
        folder = folder / part
        if folder.is_symlink():
            kept = folder.resolve()
            folder.unlink()
            shutil.copytree(kept, folder, copy_function=_link_or_copy)


def write_file(target: Path, generated: GeneratedFile) -> None:
    """Make `generated` and write it at `target`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    content = generated.render()
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content, "utf-8")


def _link_or_copy(source: str, target: str) -> None:
    # Hard links cost no copying; the output and the store never write into an existing file
    # (MkDocs writes each build into a new folder).
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
