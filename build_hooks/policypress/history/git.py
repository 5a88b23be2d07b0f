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

from policypress.errors import Location, PolicyError

_SYMLINK_MODE = 0o120000


@dataclass(frozen=True)
class CommitInfo:
    """A commit of the first-parent history."""

    sha: str
    committed: datetime


def _missing_object(sha: str, error: Exception) -> PolicyError:
    return PolicyError.single(
        Location("."),
        f"git cannot read the files of commit {sha[:12]} ({error}); the repository is incomplete or "
        "damaged: clone it again with its full history",
    )


class GitTree:
    """The files of one commit, as a `SourceTree`."""

    def __init__(self, commit: git.Commit) -> None:
        self._tree = commit.tree
        self.sha = commit.hexsha

    def _object(self, path: str) -> git.Blob | git.Tree | None:
        try:
            return self._tree / path
        except KeyError:
            return None
        except (ValueError, GitCommandError) as error:
            raise _missing_object(self.sha, error) from None

    def read(self, path: str) -> bytes | None:
        blob = self._object(path)
        if not isinstance(blob, git.Blob):
            return None
        if blob.mode == _SYMLINK_MODE:
            raise PolicyError.single(
                Location(path), f"this file is a symbolic link in commit {self.sha[:12]}; replace it with the file itself"
            )
        try:
            return blob.data_stream.read()
        except (ValueError, GitCommandError) as error:
            raise _missing_object(self.sha, error) from None

    def list(self, directory: str) -> list[str]:
        folder = self._object(directory)
        if not isinstance(folder, git.Tree):
            return []
        return sorted(f"{directory}/{blob.name}" for blob in folder.blobs)


class Repository:
    """A git repository holding the policy, opened once per build."""

    def __init__(self, root: Path) -> None:
        try:
            self._repo = git.Repo(root)
        except (InvalidGitRepositoryError, NoSuchPathError):
            raise PolicyError.single(
                Location("."),
                f"{root} is not a git repository; PolicyPress reads every published version from git "
                "history, so build from a clone of the policy repository",
            ) from None
        if (Path(self._repo.git_dir) / "shallow").exists():
            raise PolicyError.single(
                Location("."),
                "this is a shallow clone, so old versions of the policy cannot be read; fetch the full "
                "history (`git fetch --unshallow`, or `fetch-depth: 0` for actions/checkout)",
            )

    def has_commits(self) -> bool:
        """False in a repository where nothing has been committed yet."""
        return self._repo.head.is_valid()

    def first_parent_commits(self, path: str, rev: str = "HEAD") -> list[CommitInfo]:
        """The first-parent commits of `rev` that changed `path`, oldest first (one git process)."""
        if not self.has_commits():
            return []
        try:
            out = self._repo.git.log("--first-parent", "--reverse", "--format=%H %ct", rev, "--", path)
        except GitCommandError as error:
            raise PolicyError.single(Location("."), f"git could not read the history of {rev}: {error.stderr.strip()}") from None
        commits = []
        for line in out.splitlines():
            sha, stamp = line.split()
            commits.append(CommitInfo(sha, datetime.fromtimestamp(int(stamp), UTC)))
        return commits

    def tree(self, rev: str) -> GitTree:
        """The files at a commit, branch, tag or other revision."""
        try:
            commit = self._repo.commit(rev)
            return GitTree(commit)
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
