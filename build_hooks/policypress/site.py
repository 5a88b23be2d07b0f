"""The whole pipeline, run once per build: sources → history → versions → status → pages.

Both adapters call `build_site`: the MkDocs hook (`build_hooks/mkdocs_hooks.py`) and the
`policypress render` command. It reads the clock nowhere: `now` is passed in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from policypress.asof import as_of_date
from policypress.emit import GeneratedFile, GeneratedPage
from policypress.emit.data import policy_json, version_json
from policypress.emit.feeds import region_feed, site_feed
from policypress.emit.notice_mail import notice
from policypress.emit.pages import (
    Context,
    Shelf,
    Scope,
    ScopePages,
    archive_page,
    changes_page,
    current_page,
    history_page,
    landing_page,
    upcoming_page,
)
from policypress.emit.language_landing import language_landing
from policypress.emit.languages import with_languages
from policypress.emit.templating import environment
from policypress.emit.urls import Urls
from policypress.documents import PRIMARY, PRIMARY_PATHS, DocumentPaths, paths_of
from policypress.errors import Location, PolicyError, Problem
from policypress.history import PublishedRelease, read_history, unreleased_changes
from policypress.history.git import Repository
from policypress.history.versions import FULL, version_list
from policypress.i18n import gettext_for
from policypress.model import Policy, Release
from policypress.notices import page_status
from policypress.redline import redline
from policypress.sources import SnapshotCache
from policypress.sources.site_sources import load_documents
from policypress.sources.tree import DirectoryTree, SourceTree
from policypress.translations.languages import babel_locale, source_language
from policypress.translations.texts import translated_regions, unreleased_translations

DRAFT = "draft"


@dataclass(frozen=True)
class DocumentSite:
    """One document's part of the build: its sources, history and page families."""

    policy: Policy
    history: tuple[PublishedRelease, ...]
    scopes: dict[str, ScopePages]
    """The complete document (FULL) and every region it applies to, in reading order."""

    @property
    def document(self) -> str:
        return self.policy.document


@dataclass(frozen=True)
class Site:
    """Everything a build publishes, and what it was built from."""

    policy: Policy
    """The primary document (the root of policy_src/)."""
    as_of: date
    history: tuple[PublishedRelease, ...]
    scopes: dict[str, ScopePages]
    """The primary document's complete text (FULL) and every region, in reading order."""
    pages: tuple[GeneratedPage, ...]
    files: tuple[GeneratedFile, ...]
    documents: tuple[DocumentSite, ...] = ()
    """Every document, the primary first."""


def build_site(
    root: Path,
    environ: Mapping[str, str],
    now: datetime,
    *,
    site_url: str | None,
    directory_urls: bool = True,
    override_dir: Path | None = None,
    preview: bool = False,
) -> Site:
    """Validate the sources under `root`, read their history and generate every page and file.

    `root` is the project folder (mkdocs.yml's), which may be a subfolder of the git
    repository. `environ` and `now` decide the as-of date (see `policypress.asof`); `site_url`
    makes the absolute links of feeds, data and e-mail notices. With `preview` (the live
    preview), unreleased text is shown as a draft instead of being an error.
    """
    workings = load_documents(DirectoryTree(root))
    working = workings[PRIMARY]
    if not site_url:
        raise PolicyError.single(
            Location("mkdocs.yml"),
            "site_url is not set; feeds, data and e-mail notices need the site's address, e.g. "
            "site_url: https://example.com/privacy/",
        )
    as_of = as_of_date(environ, working.settings.timezone, now)
    repo = Repository(root)
    cache = SnapshotCache()  # one reader and one cache for every document's history
    documents = []
    problems: list[Problem] = []
    for document, policy in workings.items():
        try:
            history = site_history(repo, policy, as_of, preview=preview, paths=paths_of(document), cache=cache)
        except PolicyError as error:
            problems.extend(error.problems)
            continue
        documents.append(DocumentSite(policy, history, scope_pages_of(policy, history, as_of)))
    if problems:
        raise PolicyError(problems)

    env = environment(working.settings.locale, override_dir)
    urls = Urls(site_url if site_url.endswith("/") else site_url + "/", directory_urls)
    shelf = Shelf.of((d.policy, d.scopes) for d in documents)
    ctx = Context(env, urls, as_of, working.settings.locale, shelf)
    # Feeds, data and notices describe releases only; the live preview's draft has none.
    publishing = not any(item.draft for doc in documents for item in doc.history)
    pages = [landing_page(ctx, working, documents[0].scopes)]
    files: list[GeneratedFile] = []
    if publishing:
        files.append(site_feed(env, urls, [(d.policy, d.history, d.scopes[FULL], _regions(d)) for d in documents]))
    for doc in documents:
        pages.extend(current_page(ctx, pages_of) for pages_of in doc.scopes.values())
    for doc in documents:
        pages.extend(_pages_and_files(ctx, doc, publishing, files))
    # Translated pages: the same emitters over translated version lists, in the language's words.
    envs = {source_language(working): env}
    translated_by_doc: dict[str, list[ScopePages]] = {}
    contexts: dict[str, Context] = {}
    translated_scopes: dict[str, list[ScopePages]] = {}

    def tree_at(commit: str | None) -> SourceTree:
        return DirectoryTree(root) if commit is None else repo.tree(commit)

    for doc in documents:
        folder = f"{paths_of(doc.document).folder}/translations"
        if not preview and (problems := unreleased_translations(doc.policy, doc.history, tree_at, folder)):
            raise PolicyError(problems)
        for translated in translated_regions(doc.policy, doc.history, tree_at, folder, enforce_required=not preview):
            locale = str(babel_locale(translated.language))
            if translated.language not in envs:
                envs[translated.language] = environment(locale, override_dir)
                # Passages without a translation show in the source language, saying so.
                envs[translated.language].globals["source_language"] = source_language(working)
            lang_ctx = contexts.setdefault(translated.language, Context(envs[translated.language], urls, as_of, locale, shelf))
            status = page_status(translated.versions, as_of, doc.policy.settings.recent_days)
            latest = translated.versions[-1].view.region
            scope = Scope(translated.region, latest.name if latest else translated.region, doc.document, translated.language)
            pages_of = ScopePages(scope, translated.versions, status)
            translated_scopes.setdefault(translated.language, []).append(pages_of)
            translated_by_doc.setdefault(doc.document, []).append(pages_of)
            # Reached from its source page's language links; the site's navigation is the
            # source language's (Material's is site-wide), so it stays out of it.
            pages.append(replace(current_page(lang_ctx, pages_of), in_nav=False))
            # Its feed, data and e-mail notices too, in the language's words and dates.
            pages.extend(_scope_pages(lang_ctx, doc, pages_of, publishing, files))
    if publishing:
        # The data of each document, its translated versions included (the guard compares them).
        for doc in documents:
            translations = translated_by_doc.get(doc.document, [])
            files.append(policy_json(urls, doc.policy, doc.history, doc.scopes[FULL], _regions(doc), as_of, translations))
    for language, scopes in translated_scopes.items():
        pages.append(language_landing(contexts[language], working, language, scopes, source_language(working), len(documents)))
    pages = with_languages(envs, pages, source_language(working))
    primary = documents[0]
    return Site(working, as_of, primary.history, primary.scopes, tuple(pages), tuple(files), tuple(documents))


def _regions(doc: DocumentSite) -> list[ScopePages]:
    return [doc.scopes[r.id] for r in doc.policy.regions]


def _pages_and_files(ctx: Context, doc: DocumentSite, publishing: bool, files: list[GeneratedFile]) -> list[GeneratedPage]:
    """One document's history, upcoming, archive and redline pages; its feeds, data and notices."""
    env, urls, working = ctx.env, ctx.urls, doc.policy
    pages: list[GeneratedPage] = []
    for pages_of in doc.scopes.values():
        pages.extend(_scope_pages(ctx, doc, pages_of, publishing, files))
    return pages


def _scope_pages(
    ctx: Context, doc: DocumentSite, pages_of: ScopePages, publishing: bool, files: list[GeneratedFile]
) -> list[GeneratedPage]:
    """One page family's history, upcoming, archive and redline pages; its feed, data and notices."""
    env, urls, working = ctx.env, ctx.urls, doc.policy
    pages = [history_page(ctx, pages_of)]
    if pages_of.status.upcoming:
        pages.append(upcoming_page(ctx, pages_of))
    if publishing:
        files.append(region_feed(env, urls, working, pages_of))
    versions = pages_of.versions
    for index in range(len(versions)):
        # Each redline is made once, for its page and its notice, and not kept.
        diff = redline(versions[index - 1].view, versions[index].view) if index else None
        pages.append(archive_page(ctx, pages_of, index))
        if diff is not None:
            pages.append(changes_page(ctx, pages_of, index, diff))
        if publishing:
            files.append(version_json(urls, pages_of, index, source_language(working)))
            if pages_of.scope.id != FULL:
                files.append(notice(env, urls, working, pages_of, index, diff))
    return pages


def scope_pages_of(working: Policy, history: tuple[PublishedRelease, ...], as_of: date) -> dict[str, ScopePages]:
    """Version list and status of the complete document (FULL) and of every region it applies to."""
    _ = gettext_for(working.settings.locale)
    complete = _("Complete %(title)s", title=working.settings.title)
    names = {FULL: complete} | {r.id: r.name for r in working.regions}
    scopes = {}
    for scope_id, name in names.items():
        versions = version_list(history, scope_id)
        status = page_status(versions, as_of, working.settings.recent_days)
        scopes[scope_id] = ScopePages(Scope(scope_id, name, working.document), versions, status)
    return scopes


def site_history(
    repo: Repository,
    working: Policy,
    as_of: date,
    *,
    preview: bool = False,
    pending: frozenset[str] = frozenset(),
    paths: DocumentPaths = PRIMARY_PATHS,
    cache: SnapshotCache | None = None,
) -> tuple[PublishedRelease, ...]:
    """Every release with its text, checked against the rules of SPEC §4.

    Text changed after the latest release without a new entry is an error, except in the
    live preview, which shows it as a draft. `pending` entries (new in the change being
    checked) take their text from the working tree.
    """
    history = read_history(repo, working, today=as_of, drafts_allowed=preview, pending=pending, paths=paths, cache=cache)
    changed = unreleased_changes(history[-1].policy, working) if history else ["every page"]
    if not changed:
        return history
    if not preview:
        if not history:
            message = "there is no release yet; add the first entry to releases.yaml to publish the policy"
        else:
            message = (
                f"the text of {', '.join(changed)} differs from the latest release "
                f"'{history[-1].version}', but releases.yaml has no new entry; add one when the change "
                "is final (policypress release VERSION --summary TEXT), or undo the change"
            )
        raise PolicyError.single(Location(paths.releases), message)
    draft = Release(DRAFT, "Unreleased changes, shown only by the live preview.", False, as_of, as_of, Location(paths.releases))
    return (*history, PublishedRelease(draft, None, as_of, as_of, working, draft=True))
