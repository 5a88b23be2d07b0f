"""`policypress check`: everything a publishing build would refuse, for the change since a base.

Release entries that are new since the base count as introduced by the change: their text
is the working tree's (a pull request may add the entry before its last wording fix). The
report says, per release and region, what changed — for the pull request's summary.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from policypress.asof import as_of_date
from policypress.disclosure_check import DisclosureReport, disclosure_report
from policypress.documents import PRIMARY, paths_of
from policypress.emit.pages import Scope, ScopePages
from policypress.emit.urls import Urls, changes_uri
from policypress.errors import PolicyError, Problem
from policypress.guard import guard_problems, pdf_problems, published_pdfs, published_scopes, read_published
from policypress.history import PublishedRelease
from policypress.history.git import Repository
from policypress.history.versions import FULL, RegionVersion
from policypress.laws import catalogue
from policypress.redline import Redline, redline
from policypress.model import Policy
from policypress.kept.records import PdfRecords
from policypress.records import keep_records, missing_records
from policypress.readability import LevelChange, Measure, level_changes, measure_for
from policypress.sources.languages import source_language
from policypress.site import scope_pages_of, site_history, unreleased_documents
from policypress.sources.site_sources import load_documents
from policypress.sources.tree import DirectoryTree, SourceTree
from policypress.sources.yamlfile import parse
from policypress.translations.checks import translated_versions, translation_problems


@dataclass(frozen=True)
class RegionChange:
    """How one release changes one region's page."""

    scope: Scope
    version: RegionVersion
    diff: Redline | None
    """None for the region's first version."""
    page: str | None
    """The redline's file in the built site (the check run's artifact), e.g.
    "north/2026-02-01/changes/index.html"; live addresses do not exist before the merge."""


@dataclass(frozen=True)
class ReleaseReport:
    release: PublishedRelease
    regions: tuple[RegionChange, ...]
    unchanged: tuple[Scope, ...]
    material_for: tuple[str, ...]
    """Names of the regions for which the release is material."""
    document: str = PRIMARY
    """The document of the release ("" for the primary)."""
    title: str = ""
    """The document's title."""
    levels: tuple[LevelChange, ...] = ()
    """Reading levels before and after of the sections whose text it changes (complete text)."""
    measure: Measure | None = None
    """The readability measure of the document's language (None: no measure)."""
    max_grade: float | None = None
    """The document's plain-language goal (settings `plain_language: {max_grade: N}`)."""

    @property
    def above_goal(self) -> tuple[LevelChange, ...]:
        """Changed sections the release makes harder than the goal: warnings, never errors."""
        if self.max_grade is None or self.measure is None or not self.measure.grade:
            return ()
        return tuple(level for level in self.levels if level.above(self.max_grade))


@dataclass(frozen=True)
class CheckReport:
    base: str
    as_of: date
    releases: tuple[ReleaseReport, ...]
    """The releases new since the base, oldest first."""
    release_count: int
    guarded: int | None = None
    """How many published versions the guard compared (None: no guard asked for, or nothing
    deployed yet)."""
    run_url: str | None = None
    """The CI run whose artifact holds the built site (None: not run by GitHub Actions)."""
    artifact: str = "site"
    """The name under which .github/workflows/check.yml uploads the built site."""
    disclosures: DisclosureReport | None = None
    """Existing coverage gaps and stale pages, as warnings (a lost disclosure is an error)."""


def run_url(environ: Mapping[str, str]) -> str | None:
    """The GitHub Actions run's page (where its artifacts are listed), from the variables
    every run sets; None outside Actions."""
    parts = [environ.get(name, "").rstrip("/") for name in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_RUN_ID")]
    return f"{parts[0]}/{parts[1]}/actions/runs/{parts[2]}" if all(parts) else None


def check_change(
    root: Path,
    base: str,
    environ: Mapping[str, str],
    now: datetime,
    published: str | None = None,
    pdfs: Callable[[], Mapping[str, Callable[[], str]]] | None = None,
    records: SiteRecords | None = None,
) -> CheckReport:
    """Validate the working tree and the release rules of every document for the change since
    `base`; with `published` (a deployed policy.json, file or URL), also guard every published
    version (other documents' data is read next to it, at `api/<doc>/policy.json`). Under
    GitHub Actions (`environ`), the report names the run whose artifact holds the built site.
    `pdfs` gives every PDF this build would publish (address → sha256 of its bytes), asked
    for only when a deployed policy.json lists PDFs; before, every published PDF that
    `records` lack is fetched, checked and kept (SPEC §18), so that `pdfs` gives its bytes."""
    workings = load_documents(DirectoryTree(root))
    as_of = as_of_date(environ, workings[PRIMARY].settings.timezone, now)
    repo = Repository(root)
    base_tree = repo.tree(base)
    # The artifact holds files, so the redline is named by its file whatever use_directory_urls says.
    files = Urls("/", directory_urls=False)
    reports: list[ReleaseReport] = []
    release_count, guarded = 0, None
    made: Mapping[str, Callable[[], str]] | None = None
    disclosures: DisclosureReport | None = None
    problems = []
    guarding: list[tuple[str, Mapping[str, Any], dict[str, dict[str, str]]]] = []

    def tree_at(commit: str | None) -> SourceTree:
        return DirectoryTree(root) if commit is None else repo.tree(commit)

    for document, working in workings.items():
        paths = paths_of(document)
        raw = base_tree.read(paths.releases)
        before = {str(entry["version"]) for entry in (parse(paths.releases, raw, empty_list=True).data)} if raw else set()
        pending = frozenset(r.version for r in working.releases if r.version not in before)
        try:
            history = site_history(repo, working, as_of, pending=pending, paths=paths)
            # Translations (SPEC §10): complete where required, released when changed.
            if found := translation_problems(working, history, tree_at):
                problems.extend(found)
                continue
            translated = translated_versions(working, history, tree_at)
            also_changed = frozenset(version for versions in translated.values() for version in versions)
            scopes = scope_pages_of(working, history, as_of, translated=also_changed)
        except PolicyError as error:
            problems.extend(error.problems)
            continue
        release_count += len(history)
        reports.extend(_release_reports(working, history, scopes, pending, files))
        if document == PRIMARY:
            # The catalogue's disclosures are the privacy policy's: the primary document's.
            try:
                disclosures = disclosure_report(working, base_tree, scopes, as_of, catalogue())
            except PolicyError as error:
                problems.extend(error.problems)
        if published is not None and (deployed := _deployed(published, document)) is not None:
            current = {scope_id: {v.version: v.sha256 for v in pages.versions} for scope_id, pages in scopes.items()}
            current |= translated  # "<language>/<region>": translated text is published text too
            guarding.append((_data_source(published, document), deployed, current))
    # Published PDFs are records: their live bytes are kept before any PDF is made; without
    # them, comparing PDFs would only make every one again to report what is already known.
    unkept = _keep_records(published, guarding, records) if records is not None and published is not None else []
    problems.extend(unkept)
    for source, deployed, current in guarding:
        problems.extend(guard_problems(source, deployed, current))
        if pdfs is not None and not unkept and published_pdfs(deployed):
            made = made if made is not None else pdfs()
            problems.extend(pdf_problems(source, deployed, made))
        guarded = (guarded or 0) + sum(len(r["versions"]) for r in published_scopes(deployed).values())
    if release_count:  # as a build would refuse (a site with no release at all publishes nothing)
        problems.extend(unreleased_documents(document for document, working in workings.items() if not working.releases))
    if problems:
        raise PolicyError(problems)
    return CheckReport(base, as_of, tuple(reports), release_count, guarded, run_url(environ), disclosures=disclosures)


@dataclass(frozen=True)
class SiteRecords:
    """The site's published PDFs kept as records, and the address of the site they are
    published under (mkdocs.yml's site_url, ending in "/")."""

    store: PdfRecords
    site_url: str


def _keep_records(published: str, guarding: list[tuple[str, Mapping[str, Any], Any]], records: SiteRecords) -> list[Problem]:
    """Keep the live bytes of every published PDF the records lack, for every document."""
    # A copy of the site (a URL or a folder holding api/policy.json) serves each PDF at its
    # path in the site; other published data is read with its PDFs at their published URLs.
    base = published.removesuffix("api/policy.json") if published.endswith("api/policy.json") else None

    def live(uri: str) -> str:
        if base is None:
            return records.site_url + uri
        if base.startswith(("http://", "https://")):
            return base + uri
        return str(Path(base or ".") / uri)

    problems = []
    for source, deployed, _ in guarding:
        if wanted := missing_records(deployed, records.store, records.site_url, live):
            problems.extend(keep_records(source, wanted, records.store))
    return problems


def _deployed(published: str, document: str) -> dict | None:
    """A document's deployed policy.json; None if it was never deployed."""
    source = _data_source(published, document)
    if document != PRIMARY and not source.startswith(("http://", "https://")) and not Path(source).is_file():
        return None  # a document added since that copy of the site was made
    return read_published(source)


def _data_source(published: str, document: str) -> str:
    """Where a document's deployed policy.json is, given the primary's (`.../api/policy.json`)."""
    if document == PRIMARY:
        return published
    folder, _, name = published.rpartition("/")
    return f"{folder}/{document}/{name}" if folder else f"{document}/{name}"


def _release_reports(
    working: Policy, history: tuple[PublishedRelease, ...], scopes: dict[str, ScopePages], pending: frozenset[str], files: Urls
) -> list[ReleaseReport]:
    reports = []
    language = source_language(working)
    for release in history:
        if release.version not in pending:
            continue
        changed, unchanged = [], []
        for scope_id in [FULL, *(r.id for r in working.regions)]:
            pages = scopes[scope_id]
            versions = [v.version for v in pages.versions]
            if release.version not in versions:
                unchanged.append(pages.scope)
                continue
            index = versions.index(release.version)
            diff = redline(pages.versions[index - 1].view, pages.versions[index].view) if index else None
            page = files.path(changes_uri(pages.scope, release.version)) if index else None
            changed.append(RegionChange(pages.scope, pages.versions[index], diff, page))
        material = tuple(r.name for r in working.regions if release.release.is_material_for(r.id))
        # Plain language over the complete text: every passage, as the source language has it.
        full = scopes[FULL].versions
        numbers = [v.version for v in full]
        levels: tuple[LevelChange, ...] = ()
        if release.version in numbers:
            at = numbers.index(release.version)
            levels = level_changes(full[at - 1].view if at else None, full[at].view, language)
        reports.append(ReleaseReport(
            release, tuple(changed), tuple(unchanged), material, working.document, working.settings.title,
            levels, measure_for(language), working.settings.max_grade,
        ))
    return reports
