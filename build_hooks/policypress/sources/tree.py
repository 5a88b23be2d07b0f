"""Where source files are read from: the working tree, or (see history/) a git commit."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from policypress.errors import Location, PolicyError

from policypress.documents import SOURCE_DIR


class SourceTree(Protocol):
    """Read-only access to the files of one snapshot of the repository."""

    def read(self, path: str) -> bytes | None:
        """The bytes of the file at a repository-relative posix path, or None if absent."""

    def list(self, directory: str) -> list[str]:
        """Repository-relative paths of the files directly in `directory`, sorted."""

    def blob_id(self, path: str) -> str | None:
        """An id that changes whenever the file's content does (git's blob id), or None."""

    def folders(self, directory: str) -> list[str]:
        """Repository-relative paths of the folders directly in `directory`, sorted."""


class DirectoryTree:
    """The working tree of a repository on disk."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    def _resolve(self, path: str) -> Path:
        full = self.root / path
        # A link that leads outside policy_src/ would publish text nobody reviewed there.
        if not full.resolve().is_relative_to(self.root / SOURCE_DIR):
            raise PolicyError.single(
                Location(path),
                f"this file is a link to {full.resolve()}, outside {SOURCE_DIR}/; "
                f"replace the link with the file itself",
            )
        return full

    def read(self, path: str) -> bytes | None:
        full = self._resolve(path)
        return full.read_bytes() if full.is_file() else None

    def blob_id(self, path: str) -> str | None:
        return None  # files on disk change under us; they are always read afresh

    def list(self, directory: str) -> list[str]:
        folder = self.root / directory
        if not folder.is_dir():
            return []
        return sorted(
            f"{directory}/{entry.name}" for entry in folder.iterdir() if entry.is_file() or entry.is_symlink()
        )

    def folders(self, directory: str) -> list[str]:
        folder = self.root / directory
        if not folder.is_dir():
            return []
        return sorted(f"{directory}/{entry.name}" for entry in folder.iterdir() if entry.is_dir())
