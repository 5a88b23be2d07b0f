"""Published PDFs kept as records (SPEC §18): the bytes the live site serves, by address.

A version's PDF, once published, is never made again. `policypress check --published` keeps
the live bytes of each published PDF here after checking them against the `pdf_sha256` that
the published `api/…/policy.json` lists; every build then publishes these bytes for that
address, whatever renderer, font or stylesheet PolicyPress uses now, and makes only the PDFs
not yet published. Unlike the files a build keeps by the digest of their inputs
(`page_store.FileStore`), a record is never forgotten: a published PDF stays published.

The folder holds `index.json` (address → sha256 of the bytes) and each PDF's bytes in a file
named by that sha256. Every read is verified: an entry whose bytes do not give its sha256 (a
truncated or damaged file) is discarded, with one line saying so, and never published.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

RECORDS_FOLDER = Path(".cache") / "policypress" / "published"
"""Where the records are, under the site's folder (beside what builds keep)."""

_INDEX = "index.json"


class PdfRecords:
    """The published PDFs kept in `root`, by their address in the site (`north/2026-01-10/…pdf`).

    `note` receives one line for each entry that is discarded when read."""

    def __init__(self, root: Path, note: Callable[[str], None] = lambda line: None) -> None:
        self.root = root
        self._note = note
        self._index: dict[str, str] | None = None

    def digest(self, uri: str) -> str | None:
        """The sha256 of the bytes kept for `uri`, if a record is kept (read without the bytes)."""
        return self._entries().get(uri)

    def read(self, uri: str) -> bytes | None:
        """The bytes kept for `uri`, verified against their sha256; None if none are kept or
        they are damaged (then the entry is discarded)."""
        sha = self.digest(uri)
        if sha is None:
            return None
        try:
            content = (self.root / sha).read_bytes()
        except OSError:
            content = None
        if content is not None and hashlib.sha256(content).hexdigest() == sha:
            return content
        self._note(f"PolicyPress: the kept record of the published PDF {uri} is missing or damaged; discarded "
                   "(`policypress check --published live` keeps it again from the live site)")
        self._forget(uri)
        return None

    def keep(self, uri: str, content: bytes) -> str:
        """Keep `content` as the record of `uri`; its sha256. Raises OSError when the folder
        cannot be written (nothing is half-kept: each file is written under a temporary name
        and renamed)."""
        sha = hashlib.sha256(content).hexdigest()
        self.root.mkdir(parents=True, exist_ok=True)
        _write_whole(self.root / sha, content)
        entries = {**self._entries(), uri: sha}
        _write_whole(self.root / _INDEX, json.dumps(entries, indent=1, sort_keys=True).encode())
        self._index = entries
        return sha

    def _forget(self, uri: str) -> None:
        entries = dict(self._entries())
        entries.pop(uri, None)
        self._index = entries
        try:
            _write_whole(self.root / _INDEX, json.dumps(entries, indent=1, sort_keys=True).encode())
        except OSError:
            pass  # a read-only folder (a restored cache): the entry is ignored for this build alone

    def _entries(self) -> dict[str, str]:
        if self._index is None:
            try:
                found = json.loads((self.root / _INDEX).read_text("utf-8"))
            except (OSError, ValueError):
                found = {}  # none kept yet, or a damaged index: every published PDF is fetched again
            valid = isinstance(found, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in found.items())
            self._index = found if valid else {}
        return self._index


def _write_whole(target: Path, content: bytes) -> None:
    """Write `content` at `target` under a temporary name first: an interrupted write never
    leaves a partial file under the final name."""
    handle, partial = tempfile.mkstemp(prefix=".partial-", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
