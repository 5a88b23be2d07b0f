"""`policypress import --from-git DIR --path FILE.md`: a policy together with its history.

Every commit of the file in DIR (renames followed) is imported in turn; each one whose imported
text changes the sources becomes a release (published = the commit's date, summary = its
subject), committed here with the original date, so the archive, redlines and feeds show the
whole history on the first day. Versions that change nothing are skipped and reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import git
from git.exc import GitCommandError, InvalidGitRepositoryError, NoSuchPathError

from policypress.errors import Location, PolicyError
from policypress.inline import scan
from policypress.markup import unsafe_markup
from policypress.release_log import NewRelease, append_release
from policypress.importer.files import write_plan
from policypress.importer.section_files import prepare_import
from policypress.documents import PRIMARY_PATHS, DocumentPaths
from policypress.sources import load_policy
from policypress.sources.tree import SOURCE_DIR, DirectoryTree
from policypress.sources.yamlfile import parse

_MARK = "\x1e"


@dataclass(frozen=True)
class FileVersion:
    """One commit of the imported file."""

    sha: str
    path: str
    """The file's path in that commit (it may have been renamed since)."""
    date: datetime
    author: str
    subject: str


def _open(path: Path, what: str) -> git.Repo:
    try:
        return git.Repo(path)
    except (InvalidGitRepositoryError, NoSuchPathError):
        raise PolicyError.single(Location(str(path)), f"{path} is not a git repository ({what})") from None


def file_versions(repo: git.Repo, path: str) -> list[FileVersion]:
    """The commits that changed `path` (following renames), oldest first; deletions left out."""
    try:
        out = repo.git.log(
            "--follow", "--name-status", "--no-merges", f"--format={_MARK}%H%x00%aI%x00%an <%ae>%x00%s", "--", path
        )
    except GitCommandError as error:
        raise PolicyError.single(Location(path), f"git could not read the history of {path}: {error.stderr.strip()}") from None
    versions: list[FileVersion] = []
    for chunk in out.split(_MARK)[1:]:
        header, _, body = chunk.partition("\n")
        sha, stamp, author, subject = header.split("\x00", 3)
        changes = [line.split("\t") for line in body.splitlines() if line.strip()]
        if not changes or changes[-1][0].startswith("D"):
            continue  # the file was deleted in this commit: nothing to publish
        versions.append(FileVersion(sha, changes[-1][-1], datetime.fromisoformat(stamp), author, subject.strip()))
    return list(reversed(versions))


def _summary(subject: str) -> str:
    """The commit subject as a release summary that `validate` accepts (code text if it must be)."""
    subject = " ".join(subject.split()) or "Imported version."
    if list(unsafe_markup(subject)) or scan(subject):
        fence = "``" if "`" in subject else "`"
        return f"{fence} {subject} {fence}"
    return subject


def import_history(
    root: Path, source_dir: Path, path: str, tags_file: Path | None, defines: dict[str, str],
    paths: DocumentPaths = PRIMARY_PATHS,
) -> list[str]:
    """Import every version of `path` in the repository at `source_dir` into document `paths`,
    one release each; the report's lines."""
    source = _open(source_dir, "--from-git")
    target = _open(root, "the policy repository to import into")
    if target.git.status("--porcelain", "--", SOURCE_DIR).strip():
        raise PolicyError.single(
            Location(SOURCE_DIR), "policy_src/ has uncommitted changes; commit or discard them before importing a history"
        )
    releases = root / paths.releases
    if releases.is_file() and parse(paths.releases, releases.read_bytes(), empty_list=True).data:
        raise PolicyError.single(
            Location(paths.releases),
            "--from-git brings a whole history and needs an empty release log; start from a releases.yaml "
            "holding no entries ([])",
        )
    versions = file_versions(source, path)
    if not versions:
        raise PolicyError.single(Location(path), f"no commit of {source_dir} has a file {path}")
    lines: list[str] = []
    used: set[str] = set()
    for version in versions:
        label = f"{version.sha[:12]} ({version.date.date()}, '{version.subject[:60]}')"
        raw = source.git.show(f"{version.sha}:{version.path}", stdout_as_string=False)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise PolicyError.single(Location(f"{version.path}@{version.sha[:12]}"), "the file is not UTF-8 text") from None
        plan, report = prepare_import(root, text, f"{version.path}@{version.sha[:12]}", tags_file, defines, paths)
        unchanged = all(
            (root / relative).is_file() and (root / relative).read_text("utf-8") == content
            if content is not None else not (root / relative).exists()
            for relative, content in plan.items()
        )
        if unchanged:
            lines.append(f"{label}: skipped, its imported text changes nothing")
            continue
        name = version.date.date().isoformat()
        number = 2
        while name in used:
            name, number = f"{version.date.date().isoformat()}-{number}", number + 1
        used.add(name)
        write_plan(root, plan)
        releases.write_text(
            append_release(releases, paths.releases, NewRelease(name, _summary(version.subject), version.date.date())), "utf-8"
        )
        load_policy(DirectoryTree(root), None, paths)
        stamp = version.date.isoformat()
        try:
            target.git.add("--all", "--", SOURCE_DIR)
            target.git.commit(
                "-q", "-m", f"Import {version.path} as of {version.sha[:12]}: {version.subject}",
                f"--author={version.author}", "--date", stamp,
                env={"GIT_COMMITTER_DATE": stamp},
            )
        except GitCommandError as error:
            raise PolicyError.single(
                Location("."), f"git could not commit release {name}: {error.stderr.strip()[:300]}; "
                f"{len(lines)} earlier versions are committed, this one is written but not committed",
            ) from None
        words = next(line for line in report if line.startswith("Words in"))
        lines.append(f"{label}: release {name}. {words}")
    released = sum(1 for line in lines if ": release " in line)
    lines.append(f"Imported {len(versions)} versions of {path}: {released} releases, {len(versions) - released} skipped.")
    return lines
