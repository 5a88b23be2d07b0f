"""Everything PolicyPress keeps between builds, and why it is safe to reuse.

On disk, in the site's kept folder (`.cache/policypress/`, ignored by git; see
`manual/docs/explanation/kept-files.md`), written only by publishing builds and the guard:

- `pages/`: rendered page folders by a digest of everything they are made of, and the pages'
  digests by their inputs (`pages.py`);
- `files/`: data files, notices and PDFs by the digest of their inputs (`files.py`);

each an entry of `entries.py`, the one reader and writer: every entry records its content's
size and sha256 (and the engine) when written and is checked when read; a damaged one is
discarded with one line and made again. `lock.py` lets one build at a time use a site's
folder; `published.py` replaces `site/` in one step and clears what a killed build left.

In memory, for one `mkdocs serve` session or one build: what depends only on published
history (`session.py`), passages converted once per text (`passages.py`), and the digests of
what a page or file is made from (`inputs.py`), which name the entries on disk.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from policypress.kept.entries import Kept
from policypress.kept.files import FileStore
from policypress.kept.pages import PageStore

KEPT_FOLDER = Path(".cache") / "policypress"
"""Where a site keeps files between builds, under the site's folder."""


def kept_folder(site_root: Path, notice: Callable[[str], None]) -> Kept:
    """The kept folder of the site in `site_root`, for a build that holds the site's build
    lock; `notice` prints the lines saying what was discarded, or that nothing can be kept."""
    return Kept(site_root / KEPT_FOLDER, notice, tidy=True)


def page_store(kept: Kept) -> PageStore:
    """The rendered pages a publishing build keeps."""
    return PageStore(kept.entries("pages"))


def file_store(kept: Kept) -> FileStore:
    """The generated files a publishing build (or the guard) keeps."""
    return FileStore(kept.entries("files"))
