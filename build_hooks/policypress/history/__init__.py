"""Stage 3: releases from git — each release's text is the policy_src/ tree at the first commit of
the first-parent history whose release log holds the entry. Editors never copy old text.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from zoneinfo import ZoneInfo

from policypress.assemble import SectionViews, assemble
from policypress.documents import PRIMARY_PATHS, DocumentPaths
from policypress.errors import Location, PolicyError, Problem
from policypress.history import rules
from policypress.history.git import CommitInfo, GitTree, Repository
from policypress.history.published import PublishedRelease
from policypress.model import Policy, Release
from policypress.releases import Dated, date_problems, effective_date
from policypress.sources import SnapshotCache, load_policy
from policypress.sources.fastyaml import Unsure, load_fast
from policypress.sources.yamlfile import parse


def read_history(
    repo: Repository,
    working: Policy,
    *,
    today: date,
    drafts_allowed: bool = False,
    pending: frozenset[str] = frozenset(),
    paths: DocumentPaths = PRIMARY_PATHS,
    cache: SnapshotCache | None = None,
) -> tuple[PublishedRelease, ...]:
    """Every release of the working tree's log, with the text it published.

    `paths` names the document (every document's history is read the same way, through the
    one `repo` reader); a `cache` shared between documents reads each file version once.

    `pending` versions (new in the change being checked) and, when `drafts_allowed` (live
    preview), uncommitted entries take their text from the working tree; otherwise an entry
    that no commit holds is an error.
    """
    zone = ZoneInfo(working.settings.timezone)
    logs = _release_logs(repo, repo.first_parent_commits(paths.releases), paths.releases)
    first_seen: dict[str, CommitInfo] = {}
    for commit, versions in logs:
        for version in versions:
            first_seen.setdefault(version, commit)
    problems = rules.log_kept(working.releases, first_seen, logs, pending, paths.releases)
    if problems:
        raise PolicyError(problems)

    policies: dict[str, Policy] = {}
    cache = cache if cache is not None else SnapshotCache()
    published: list[PublishedRelease] = []
    for release in working.releases:
        commit = first_seen.get(release.version) if release.version not in pending else None
        if commit is None:
            if not (drafts_allowed or release.version in pending):
                problems.append(
                    Problem(
                        release.location,
                        f"release '{release.version}' is in no commit of this branch's history; commit "
                        "releases.yaml first: a publishing build reads each release's text from git",
                    )
                )
                continue
            policy, day = working, release.published or today
        else:
            try:
                policy = policies.get(commit.sha) or _load_at(repo, commit, release, cache, paths)
            except PolicyError as error:
                problems.extend(error.problems)
                continue
            policies[commit.sha] = policy
            day = release.published or commit.committed.astimezone(zone).date()
        published.append(
            PublishedRelease(
                release=release,
                commit=commit.sha if commit else None,
                published=day,
                effective=effective_date(release, day, working.settings.notice_days),
                policy=policy,
            )
        )
    dated = [Dated(p.release, p.published, p.effective) for p in published]
    problems.extend(date_problems(dated, working.settings.notice_days))
    if problems:
        raise PolicyError(problems)
    return tuple(published)


def _release_logs(repo: Repository, commits: list[CommitInfo], path: str) -> list[tuple[CommitInfo, list[str]]]:
    """The versions each commit's release log lists, in one pass over the history.

    A log usually grows by entries appended at its end; then only the new text is read, so
    the pass stays linear in the length of the history. A log that does not parse lists none
    (such a commit could not have been built, so it published nothing).
    """
    logs: list[tuple[CommitInfo, list[str]]] = []
    previous_raw, previous_versions = b"", []
    for commit in commits:
        raw = repo.commit_tree(commit).read(path) or b""
        appended = raw[len(previous_raw) :] if previous_raw and raw.startswith(previous_raw) else None
        added = _versions(appended, path) if appended is not None and appended.lstrip().startswith(b"- ") else None
        versions = previous_versions + added if added is not None else _versions(raw, path) or []
        logs.append((commit, versions))
        previous_raw, previous_versions = raw, versions
    return logs


def _versions(raw: bytes, path: str) -> list[str] | None:
    """The versions in a release log (or in entries appended to one); None if it is not one."""
    try:
        data = load_fast(raw)
    except Unsure:
        try:
            data = parse(path, raw).data
        except PolicyError:
            return None
    if not isinstance(data, list):
        return None
    return [str(entry["version"]) for entry in data if isinstance(entry, dict) and "version" in entry]


def _load_at(repo: Repository, commit: CommitInfo, release: Release, cache: SnapshotCache, paths: DocumentPaths) -> Policy:
    try:
        return load_policy(repo.commit_tree(commit), cache, paths)
    except PolicyError as error:
        raise PolicyError(
            Problem(
                p.location,
                f"in release '{release.version}' (commit {commit.sha[:12]}): {p.message}",
            )
            for p in error.problems
        ) from None


def unreleased_changes(latest: Policy, working: Policy, views: SectionViews | None = None) -> list[str]:
    """Names of the pages whose text in `working` differs from the `latest` release (`views`:
    sections already assembled, see `SectionViews`)."""
    changed = []
    scopes: Iterable[str | None] = [None, *(r.id for r in working.regions)]
    latest_regions = {r.id for r in latest.regions}
    for scope in scopes:
        new = assemble(working, working.region(scope) if scope else None, views=views)
        if scope and scope not in latest_regions:
            changed.append(scope)
            continue
        old = assemble(latest, latest.region(scope) if scope else None, views=views)
        if not old.same_text(new):
            changed.append(scope or "full")
    return changed
