"""`policypress import --from-git DIR --path FILE.md`: a policy together with its history.

Every commit of the file in DIR (renames followed) is imported in turn; each one whose imported
text changes the sources becomes a release (published = the commit's date, summary = its
subject), committed here with the original date, so the archive, redlines and feeds show the
whole history on the first day. Versions that change nothing are skipped and reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import git
from git.exc import GitCommandError, InvalidGitRepositoryError, NoSuchPathError

from policypress.errors import Location, PolicyError, Problem
from policypress.inline import scan
from policypress.markup import unsafe_markup
from policypress.release_log import NewRelease, append_release
from policypress.importer.files import write_plan
from policypress.importer.section_files import prepare_import
from policypress.importer.source_file import format_of
from policypress.documents import PRIMARY_PATHS, DocumentPaths
from policypress.sources import load_policy
from policypress.sources.tree import SOURCE_DIR, DirectoryTree
from policypress.sources.yamlfile import parse

_MARK = "\x1e"
_FORMATS = {".md", ".markdown", ".html", ".htm", ".docx"}


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


def file_versions(repo: git.Repo, path: str, until: str = "HEAD") -> list[FileVersion]:
    """The commits that changed `path` (following renames), oldest first; deletions left out.

    A change of format (privacy.html replaced by privacy.md) rewrites the whole file, so git's
    rename detection does not see it: where the file was added in the same commit that deleted
    one policy file of another format (same name first), the history goes on with that file.
    """
    try:
        out = repo.git.log(
            "--follow", "--name-status", "--no-merges", f"--format={_MARK}%H%x00%aI%x00%an <%ae>%x00%s", until, "--", path
        )
    except GitCommandError as error:
        raise PolicyError.single(Location(path), f"git could not read the history of {path}: {error.stderr.strip()}") from None
    versions: list[FileVersion] = []
    added: str | None = None
    for chunk in out.split(_MARK)[1:]:
        header, _, body = chunk.partition("\n")
        sha, stamp, author, subject = header.split("\x00", 3)
        changes = [line.split("\t") for line in body.splitlines() if line.strip()]
        if not changes or changes[-1][0].startswith("D"):
            continue  # the file was deleted in this commit: nothing to publish
        versions.append(FileVersion(sha, changes[-1][-1], datetime.fromisoformat(stamp), author, subject.strip()))
        added = sha if changes[-1][0].startswith("A") else None
    if added and versions:
        earlier = _replaced_file(repo, added, versions[-1].path)
        if earlier:
            return [*file_versions(repo, earlier, f"{added}^"), *reversed(versions)]
    return list(reversed(versions))


def _replaced_file(repo: git.Repo, sha: str, path: str) -> str | None:
    """The policy file of another format that commit `sha` deleted when it added `path`."""
    try:
        out = repo.git.show("--name-status", "--format=", "--no-renames", sha)
    except GitCommandError:
        return None
    deleted = [line.split("\t")[-1] for line in out.splitlines() if line.startswith("D\t")]
    candidates = [d for d in deleted if Path(d).suffix.lower() in _FORMATS and d != path]
    same_name = [d for d in candidates if Path(d).stem == Path(path).stem]
    chosen = same_name or candidates
    return chosen[0] if len(chosen) == 1 else None


def _summary(subject: str) -> str:
    """The commit subject as a release summary that `validate` accepts (code text if it must be)."""
    subject = " ".join(subject.split()) or "Imported version."
    if list(unsafe_markup(subject)) or scan(subject):
        fence = "``" if "`" in subject else "`"
        return f"{fence} {subject} {fence}"
    return subject


def _last_release(releases: Path, relative: str) -> tuple[date | None, set[str]]:
    """The date of the log's last release (None for an empty log) and the versions it has."""
    if not releases.is_file():
        return None, set()
    entries = parse(relative, releases.read_bytes()).data or []
    if not isinstance(entries, list) or not entries:
        return None, set()
    dates = []
    for entry in entries:
        value = entry.get("published") if isinstance(entry, dict) else None
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, str):
            value = date.fromisoformat(value[:10])
        if isinstance(value, date):
            dates.append(value)
    if not dates:
        raise PolicyError.single(Location(relative), "the release log has entries without a published date; --from-git cannot tell where to append")
    return max(dates), {str(e.get("version")) for e in entries if isinstance(e, dict)}


def _since(source: git.Repo, since: str, versions: list[FileVersion]) -> list[FileVersion]:
    """The versions at and after commit `since`."""
    try:
        start = source.git.rev_parse("--verify", "--quiet", f"{since}^{{commit}}").strip()
    except GitCommandError:
        start = ""
    if not start:
        raise PolicyError.single(Location(str(source.working_dir)), f"--since {since}: no such commit in {source.working_dir}")
    later = set(source.git.rev_list(f"{start}..HEAD").split()) | {start}
    return [v for v in versions if v.sha in later]


def import_history(
    root: Path, source_dir: Path, path: str, tags_file: Path | None, defines: dict[str, str],
    paths: DocumentPaths = PRIMARY_PATHS, *, since: str | None = None, form: str | None = None,
    select: str | None = None, base_url: str | None = None,
) -> list[str]:
    """Import every version of `path` in the repository at `source_dir` into document `paths`,
    one release each, each read in the format its name had at that commit; from `since` on if
    given, and into a log that has releases only those dated after its last one. The report's lines."""
    source = _open(source_dir, "--from-git")
    target = _open(root, "the policy repository to import into")
    if target.git.status("--porcelain", "--", SOURCE_DIR).strip():
        raise PolicyError.single(
            Location(SOURCE_DIR), "policy_src/ has uncommitted changes; commit or discard them before importing a history"
        )
    releases = root / paths.releases
    last, used = _last_release(releases, paths.releases)
    versions = file_versions(source, path)
    if not versions:
        raise PolicyError.single(Location(path), f"no commit of {source_dir} has a file {path}")
    lines: list[str] = []
    if since:
        versions = _since(source, since, versions)
        if not versions:
            raise PolicyError.single(Location(path), f"no commit of {path} at or after {since}")
    if last is not None:
        before = [v for v in versions if v.date.date() <= last]
        versions = [v for v in versions if v.date.date() > last]
        if before:
            lines.append(f"{len(before)} version(s) dated on or before the log's last release ({last}) left out: already released")
    for index, version in enumerate(versions):
        label = f"{version.sha[:12]} ({version.date.date()}, '{version.subject[:60]}')"
        raw = source.git.show(f"{version.sha}:{version.path}", stdout_as_string=False)
        where = f"{version.path}@{version.sha[:12]}"
        kind = format_of(version.path, None) if Path(version.path).suffix.lower() in {".md", ".markdown", ".html", ".htm", ".docx"} \
            else format_of(version.path, form)
        try:
            plan, report = prepare_import(root, raw, where, tags_file, defines, paths, form=kind, select=select, base_url=base_url)
        except PolicyError as error:
            # Earlier versions are already committed: say so, and how to go on past this one.
            done = sum(1 for line in lines if ": release " in line)
            later = f"--since {versions[index + 1].sha[:12]}" if index + 1 < len(versions) else "a later commit"
            raise PolicyError([*error.problems, Problem(Location(where, 0, 0), (
                f"this version cannot be imported (the problems listed with it); {done} earlier version(s) are imported and committed. "
                f"Run the import again to go on once it can be read, or skip it with {later}"
            ))]) from None
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
