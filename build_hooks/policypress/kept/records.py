"""Published PDFs kept as records (SPEC §18): the bytes the live site serves, by address.

A version's PDF, once published, is never made again. `policypress check --published` keeps
the live bytes of each published PDF here after checking them against the `pdf_sha256` that
the published `api/…/policy.json` lists; every build then publishes these bytes for that
address, whatever renderer, font or stylesheet PolicyPress uses now, and makes only the PDFs
not yet published. Unlike the files a build keeps by the digest of their inputs
(`policypress.kept.files`), a record is never forgotten: a published PDF stays published.

The folder (`.cache/policypress/published/`) holds `index.json` (address → sha256 of the
bytes) and each PDF's bytes named by that sha256, all entries of `policypress.kept.entries`:
each read is verified, and an entry whose bytes are not the ones kept (a truncated or damaged
file) is discarded with one line saying so, and never published.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from policypress.kept.entries import Kept

RECORDS_FOLDER = Path(".cache") / "policypress" / "published"
"""Where the records are, under the site's folder (beside what builds keep)."""

_INDEX = "index.json"


class PdfRecords:
    """The published PDFs kept in `root`, by their address in the site (`north/2026-01-10/…pdf`).

    `note` receives one line for each entry that is discarded when read."""

    def __init__(self, root: Path, note: Callable[[str], None] = lambda line: None, kept: Kept | None = None) -> None:
        self.root = root
        kept = kept if kept is not None else Kept(root.parent, note)
        self._entries = kept.entries(root.name, describe=self._describe,
                                     remedy="`policypress check --published live` keeps it again from the live site")
        self._index: dict[str, str] | None = None

    @classmethod
    def of(cls, kept: Kept) -> PdfRecords:
        """The records in a build's kept folder (sharing its lines and whether it keeps)."""
        return cls(kept.root / RECORDS_FOLDER.name, kept.notice, kept)

    def digest(self, uri: str) -> str | None:
        """The sha256 of the bytes kept for `uri`, if a record is kept (read without the bytes)."""
        return self._addresses().get(uri)

    def read(self, uri: str) -> bytes | None:
        """The bytes kept for `uri`, verified; None if none are kept or they are damaged (then
        the record is discarded, and forgotten)."""
        sha = self.digest(uri)
        if sha is None:
            return None
        content = self._entries.read(sha)
        if content is not None and hashlib.sha256(content).hexdigest() == sha:
            return content
        if content is not None:
            self._entries.kept.notice(f"PolicyPress: the kept record of the published PDF {uri} does not hold the bytes "
                                      "its address was kept with; discarded")
        self._forget(uri)
        return None

    def keep(self, uri: str, content: bytes) -> str:
        """Keep `content` as the record of `uri`; its sha256. Raises OSError when the folder
        cannot be written (nothing is half-kept: each entry is written under a temporary name
        and renamed)."""
        sha = hashlib.sha256(content).hexdigest()
        addresses = {**self._addresses(), uri: sha}
        self._entries.write(sha, content)
        self._entries.write(_INDEX, json.dumps(addresses, indent=1, sort_keys=True).encode())
        if self._entries.path(sha) is None or self._entries.path(_INDEX) is None:
            raise OSError(f"cannot keep the records in {self.root}")
        self._index = addresses
        return sha

    def _forget(self, uri: str) -> None:
        addresses = dict(self._addresses())
        addresses.pop(uri, None)
        self._index = addresses
        # Not kept when the folder is read-only (a restored cache): then ignored for this build alone.
        self._entries.write(_INDEX, json.dumps(addresses, indent=1, sort_keys=True).encode())

    def _addresses(self) -> dict[str, str]:
        if self._index is None:
            content = self._entries.read(_INDEX)
            try:
                found = json.loads(content) if content is not None else {}
            except ValueError:
                found = {}  # a damaged index: every published PDF is fetched again
            valid = isinstance(found, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in found.items())
            self._index = found if valid else {}
        return self._index

    def _describe(self, name: str) -> str:
        """How a discarded entry is named in its line: by the address it is the record of."""
        if name == _INDEX:
            return "index of the published PDFs' records"
        uris = [uri for uri, sha in (self._index or {}).items() if sha == name]
        return f"record of the published PDF {uris[0]}" if uris else f"record {name[:16]}"
