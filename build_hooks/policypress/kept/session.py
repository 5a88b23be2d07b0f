"""What one build computed that the next build of the same inputs can reuse (the live preview).

Published history cannot change under an editor's feet: everything derived from it (the
releases and their text, each page's published versions, their redlines and pages) depends
only on the commit checked out, on every document's release log and settings and the shared
regions of the working tree, on the as-of date and on the site's address and templates. `published_key` digests exactly
those inputs; `BuildCache` keeps results under that key, so a new commit, a checkout of
another branch or an edit of regions.yaml starts afresh and nothing stale is reused, while
an edit of a section's text (the draft) reuses everything published.

The cache belongs to whoever runs the builds (the MkDocs hook keeps one per `mkdocs serve`
session); the engine holds no state between builds by itself.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from policypress.history.git import Repository
from policypress.kept.inputs import digest_tree
from policypress.documents import DOCUMENTS_DIR, PRIMARY, paths_of
from policypress.sources import REGIONS
from policypress.sources.tree import SOURCE_DIR
from policypress.sources.languages import translations_dir

T = TypeVar("T")


def published_key(
    root: Path,
    repo: Repository,
    as_of: date,
    *,
    preview: bool,
    site_url: str,
    directory_urls: bool,
    override_dir: Path | None,
) -> str | None:
    """A digest of everything the published part of a build depends on, or None when there is
    nothing to key it by (no commit yet)."""
    head = repo.resolve("HEAD")
    if head is None:
        return None
    digest = hashlib.sha256()
    for part in (head, as_of.isoformat(), str(preview), site_url, str(directory_urls)):
        digest.update(part.encode() + b"\0")
    # Every document's settings and release log (policy_src/documents/<doc>/), not only the
    # primary's: an edit in one document must never leave another's page stale.
    documents = [paths_of(PRIMARY)] + [
        paths_of(folder.name) for folder in sorted((root / DOCUMENTS_DIR).glob("*")) if folder.is_dir()
    ]
    names = [REGIONS] + [name for paths in documents for name in (paths.settings, paths.releases)]
    for name in names:
        digest.update(name.encode() + b"\0" + ((root / name).read_bytes() if (root / name).is_file() else b"-") + b"\0")
    # Translations (policy_src[/documents/<doc>]/translations/*.po) are inputs of the translated
    # pages: published ones are read at their release's commit, but the working tree's decide
    # what a build refuses, so a changed PO file starts afresh too.
    for paths in documents:
        digest_tree(root / translations_dir(paths.id), digest)
    tree = repo.tree(head)
    for paths in documents:
        working_log = (root / paths.releases).read_bytes() if (root / paths.releases).is_file() else None
        if working_log != tree.read(paths.releases):
            # An entry not committed yet takes its text from the working tree: then every source
            # file is an input.
            digest_tree(root / SOURCE_DIR, digest)
            break
    if override_dir is not None:
        digest_tree(override_dir, digest)
    return digest.hexdigest()


class BuildCache:
    """Results of earlier builds, by the `published_key` of their inputs and a name.

    Only the most recent `generations` keys are kept (a branch checked out and back again is
    still cached; older history is dropped)."""

    def __init__(self, generations: int = 2) -> None:
        self._generations: OrderedDict[str, dict[Hashable, Any]] = OrderedDict()
        self._limit = generations
        self.parsed: dict[tuple[str, bytes, bool], Any] = {}
        """Working-tree files read with positions, by path, bytes and direction (see
        `policypress.sources.load_policy`): keyed by their bytes, never stale."""

    def get(self, generation: str | None, name: Hashable, compute: Callable[[], T]) -> T:
        """The value computed for `name` under `generation`, computing it the first time
        (always, when `generation` is None)."""
        if generation is None:
            return compute()
        values = self._generations.get(generation)
        if values is None:
            values = self._generations[generation] = {}
            while len(self._generations) > self._limit:
                self._generations.popitem(last=False)
        else:
            self._generations.move_to_end(generation)
        if name not in values:
            values[name] = compute()
        return values[name]
