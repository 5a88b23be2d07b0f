"""Generated files kept between publishing builds by the digest of their inputs: a published
version's data files, notices and PDFs are made once (`.cache/policypress/files/`).

Each is an entry of `policypress.kept.entries`, checked when read: a kept PDF whose bytes are
not the ones written is made again, so `policy.json` never lists the sha256 of a damaged file.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Protocol

from policypress.kept.entries import Entries, link_or_copy


class GeneratedFile(Protocol):
    """What the store reads of a generated file (`policypress.emit.GeneratedFile`)."""

    @property
    def inputs(self) -> str | None: ...
    def render(self) -> str | bytes: ...


class FileStore:
    """Generated files (feeds, data, notices, PDFs) by the digest of their inputs (entries of
    `files/`), between publishing builds."""

    def __init__(self, entries: Entries) -> None:
        self.entries = entries
        self._used: set[str] = set()

    def write(self, target: Path, generated: GeneratedFile) -> None:
        """Write `generated` at `target`: linked from the store if kept intact, else made (and
        kept, if it has inputs)."""
        if generated.inputs is None:
            write_file(target, generated)
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        kept = self.entries.path(generated.inputs)
        if kept is None:
            write_file(target, generated)
            self.entries.keep_file(generated.inputs, target)
        else:
            link_or_copy(str(kept), str(target))
        self._used.add(generated.inputs)

    def read(self, inputs: str) -> bytes | None:
        """The content kept for `inputs`, if kept intact (a version's PDF, whose sha256
        policy.json lists, is read instead of made again)."""
        return self.entries.read(inputs)

    def keep(self, inputs: str, content: bytes) -> None:
        """Keep `content` for `inputs` without writing it anywhere else (the guard keeps the
        PDFs it had to make, for the build that follows it)."""
        self.entries.write(inputs, content)

    def forget_unused(self) -> None:
        """Delete the files this store's writes did not use (it then holds this build's)."""
        self.entries.forget_except(self._used)


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
            shutil.copytree(kept, folder, copy_function=link_or_copy)


def write_file(target: Path, generated: GeneratedFile) -> None:
    """Make `generated` and write it at `target`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    content = generated.render()
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content, "utf-8")
