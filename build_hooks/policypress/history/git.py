"""The one wrapper around git: a repository's first-parent history and its files at a commit.

Blobs are read through GitPython's `GitCmdObjectDB`, which keeps one `git cat-file --batch`
process open for the whole build; listing the commits that touched the release log is one
`git log` process. No git process is started per file or per release.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import git
from git.exc import BadName, GitCommandError, InvalidGitRepositoryError, NoSuchPathError
from git.objects.fun import tree_entries_from_data

from policypress.errors import Location, PolicyError

_SYMLINK_MODE = 0o120000


@dataclass(frozen=True)
class CommitInfo:
    """A commit of the first-parent history."""

    sha: str
    tree: str
    committed: datetime


def _missing_object(sha: str, error: Exception) -> PolicyError:
    return PolicyError.single(
        Location("."),
        f"git cannot read the files of commit {sha[:12]} ({error}); the repository is incomplete or "
        "damaged: clone it again with its full history",
    )


@dataclass(frozen=True)
class _Entry:
    mode: int
    sha: str

    @property
    def is_tree(self) -> bool:
        return self.mode & 0o170000 == 0o040000


class _Objects:
    """Reads objects through GitPython's `GitCmdObjectDB` (one `git cat-file --batch` process
    for the whole build), and remembers trees: consecutive commits share most of theirs."""

    def __init__(self, repo: git.Repo) -> None:
        self._odb = repo.odb
        self._trees: dict[str, dict[str, _Entry]] = {}

    def read(self, sha: str) -> bytes:
        return self._odb.stream(bytes.fromhex(sha)).read()

    def tree(self, sha: str) -> dict[str, _Entry]:
        if sha not in self._trees:
            self._trees[sha] = {
                name: _Entry(mode, binsha.hex()) for binsha, mode, name in tree_entries_from_data(self.read(sha))
            }
        return self._trees[sha]


class GitTree:
    """The files of one commit, as a `SourceTree`."""

    def __init__(self, objects: _Objects, commit: str, tree: str, prefix: str = "") -> None:
        self._objects = objects
        self._root = tree
        self._prefix = prefix
        self.sha = commit

    def _entry(self, path: str) -> _Entry | None:
        entry = _Entry(0o040000, self._root)
        try:
            # Paths are relative to the project (mkdocs.yml's folder), which may be a
            # subfolder of the repository, such as examples/.
            for part in (self._prefix + path).strip("/").split("/"):
                if not entry.is_tree:
                    return None
                found = self._objects.tree(entry.sha).get(part)
                if found is None:
                    return None
                entry = found
        except (ValueError, OSError, GitCommandError) as error:
            raise _missing_object(self.sha, error) from None
        return entry

    def read(self, path: str) -> bytes | None:
        entry = self._entry(path)
        if entry is None or entry.is_tree:
            return None
        if entry.mode == _SYMLINK_MODE:
            raise PolicyError.single(
                Location(path), f"this file is a symbolic link in commit {self.sha[:12]}; replace it with the file itself"
            )
        try:
            return self._objects.read(entry.sha)
        except (ValueError, OSError, GitCommandError) as error:
            raise _missing_object(self.sha, error) from None

    def blob_id(self, path: str) -> str | None:
        entry = self._entry(path)
        return None if entry is None or entry.is_tree else entry.sha

    def list(self, directory: str) -> list[str]:
        entry = self._entry(directory)
        if entry is None or not entry.is_tree:
            return []
        entries = self._objects.tree(entry.sha)
        return sorted(f"{directory}/{name}" for name, child in entries.items() if not child.is_tree)

    def folders(self, directory: str) -> list[str]:
        entry = self._entry(directory)
        if entry is None or not entry.is_tree:
            return []
        entries = self._objects.tree(entry.sha)
        return sorted(f"{directory}/{name}" for name, child in entries.items() if child.is_tree)


class Repository:
    """A git repository holding the policy, opened once per build."""

    def __init__(self, root: Path) -> None:
        try:
            self._repo = git.Repo(root, search_parent_directories=True)
        except (InvalidGitRepositoryError, NoSuchPathError):
            raise PolicyError.single(
                Location("."),
                f"{root} is not a git repository; PolicyPress reads every published version from git "
                "history, so build from a clone of the policy repository",
            ) from None
        self._objects = _Objects(self._repo)
        # The project (mkdocs.yml's folder) may be a subfolder of the repository: git paths
        # get its path inside the repository in front.
        top = Path(self._repo.working_tree_dir or root).resolve()
        inside = root.resolve().relative_to(top).as_posix() if root.resolve().is_relative_to(top) else "."
        self._prefix = "" if inside == "." else inside + "/"
        if (Path(self._repo.git_dir) / "shallow").exists():
            raise PolicyError.single(
                Location("."),
                "this is a shallow clone, so old versions of the policy cannot be read; fetch the full "
                "history (`git fetch --unshallow`, or `fetch-depth: 0` for actions/checkout)",
            )

    def commit_tree(self, commit: CommitInfo) -> GitTree:
        """The files of a commit listed by `first_parent_commits`, without reading it again."""
        return GitTree(self._objects, commit.sha, commit.tree, self._prefix)

    def has_commits(self) -> bool:
        """False in a repository where nothing has been committed yet."""
        return self._repo.head.is_valid()

    def first_parent_commits(self, path: str, rev: str = "HEAD") -> list[CommitInfo]:
        """The first-parent commits of `rev` that changed `path`, oldest first (one git process)."""
        if not self.has_commits():
            return []
        try:
            out = self._repo.git.log("--first-parent", "--reverse", "--format=%H %T %ct", rev, "--", self._prefix + path)
        except GitCommandError as error:
            raise PolicyError.single(Location("."), f"git could not read the history of {rev}: {error.stderr.strip()}") from None
        commits = []
        for line in out.splitlines():
            sha, tree, stamp = line.split()
            commits.append(CommitInfo(sha, tree, datetime.fromtimestamp(int(stamp), UTC)))
        return commits

    def tree(self, rev: str) -> GitTree:
        """The files at a commit, branch, tag or other revision."""
        try:
            commit = self._repo.commit(rev)
            return GitTree(self._objects, commit.hexsha, commit.tree.hexsha, self._prefix)
        except (BadName, ValueError, GitCommandError):
            raise PolicyError.single(
                Location("."), f"'{rev}' is not a commit, branch or tag of this repository"
            ) from None

    def resolve(self, rev: str) -> str | None:
        """The commit id of `rev`, or None if there is no such revision."""
        try:
            return self._repo.commit(rev).hexsha
        except (BadName, ValueError, GitCommandError):
            return None
