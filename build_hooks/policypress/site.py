"""The whole pipeline, run once per build: sources → history → versions → status → pages.

Both adapters call `build_site`: the MkDocs plugin (`policypress.adapter`) and the
`policypress render` command. It reads the clock nowhere: `now` is passed in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from policypress.asof import as_of_date
from policypress.kept.session import BuildCache, published_key
from policypress.kept.inputs import InputKeys, build_salt
from policypress.coverage import policy_coverage
from policypress.emit import GeneratedFile, GeneratedPage
from policypress.emit.coverage import coverage_file
from policypress.emit.data import policy_json, section_json, version_json
from policypress.emit.feeds import region_feed, section_feed, site_feed
from policypress.emit.notice_mail import notice
from policypress.emit.pdf import Records, SitePdfs, VersionPdf, check_renderer
from policypress.emit.pages import (
    Context,
    Shelf,
    ShelfEntry,
    Scope,
    ScopePages,
    archive_page,
    changes_page,
    current_page,
    has_archive_page,
    history_page,
    landing_page,
    upcoming_page,
)
from policypress.emit.language_landing import language_landing
from policypress.emit.since import since_pages
from policypress.emit.section_history import section_pages
from policypress.emit.region_matrix import regions_page
from policypress.emit.languages import with_languages
from policypress.emit.templating import environment
from policypress.emit.unpublished import unpublished_landing
from policypress.emit.urls import Urls
from policypress.documents import PRIMARY, PRIMARY_PATHS, DocumentPaths, paths_of
from policypress.errors import Location, PolicyError, Problem
from policypress.history import PublishedRelease, read_history, unreleased_changes
from policypress.assemble import SectionViews, assemble
from policypress.assemble.matrix import region_matrix
from policypress.history.git import Repository
from policypress.history.rules import releases_changing_nothing
from policypress.history.versions import FULL, RegionVersion, version_list
from policypress.i18n import gettext_for
from policypress.laws import catalogue
from policypress.model import Policy, Release
from policypress.notices import page_status
from policypress.plaintext import markdown_to_text, text_sha256, view_text
from policypress.redline import Redline, redline
from policypress.redline.sections import section_histories, with_version
from policypress.sources import SnapshotCache
from policypress.sources.site_sources import load_documents
from policypress.sources.tree import DirectoryTree, SourceTree
from policypress.sources.languages import babel_locale, source_language, translations_dir
from policypress.translations.texts import TranslatedRegion, translated_regions, unreleased_translations, working_translation

DRAFT = "draft"
T = TypeVar("T")


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
    pdfs: Mapping[str, VersionPdf] = field(default_factory=dict)
    """Every published version's PDF by its address (none unless the build makes PDFs)."""


def build_site(
    root: Path,
    environ: Mapping[str, str],
    now: datetime,
    *,
    site_url: str | None,
    directory_urls: bool = True,
    override_dir: Path | None = None,
    preview: bool = False,
    cache: BuildCache | None = None,
    inputs: bool = False,
    pdfs: bool = False,
    kept: Callable[[str], bytes | None] | None = None,
    records: Records | None = None,
) -> Site:
    """Validate the sources under `root`, read their history and generate every page and file.

    `root` is the project folder (mkdocs.yml's), which may be a subfolder of the git
    repository. `environ` and `now` decide the as-of date (see `policypress.asof`); `site_url`
    makes the absolute links of feeds, data and e-mail notices. With `preview` (the live
    preview), unreleased text is shown as a draft instead of being an error. With a `cache`,
    whatever depends only on published history (see `policypress.kept.session`) is reused from
    an earlier build of the same inputs; the result is the same as without. With `inputs`,
    pages and files of published versions carry a digest of what they are made from, for a
    build that keeps its output (see `policypress.kept.inputs`); they are made only when read.
    With `pdfs`, every published version has a PDF (see `policypress.emit.pdf`), which its
    pages link; `kept` returns the bytes an earlier build kept for a file's inputs, and
    `records` the published PDFs kept by address, which are published as they are.
    """
    workings = load_documents(DirectoryTree(root), cache.parsed if cache is not None else None)
    working = workings[PRIMARY]
    if not site_url:
        raise PolicyError.single(
            Location("mkdocs.yml"),
            "site_url is not set; feeds, data and e-mail notices need the site's address, e.g. "
            "site_url: https://example.com/privacy/",
        )
    as_of = as_of_date(environ, working.settings.timezone, now)
    if pdfs:
        check_renderer()
    repo = Repository(root)
    generation = None
    if cache is not None:
        generation = published_key(root, repo, as_of, preview=preview, site_url=site_url,
                                   directory_urls=directory_urls, override_dir=override_dir)

    def memo(name: object, compute: Callable[[], T]) -> T:
        return cache.get(generation, name, compute) if cache is not None else compute()

    snapshots = SnapshotCache()  # one reader and one cache for every document's history

    def tree_at(commit: str | None) -> SourceTree:
        return DirectoryTree(root) if commit is None else repo.tree(commit)

    translated: dict[str, list[TranslatedRegion]] = {}
    documents = []
    problems: list[Problem] = []
    for document, policy in workings.items():
        paths = paths_of(document)

        def read(policy: Policy = policy, paths: DocumentPaths = paths) -> tuple[PublishedRelease, ...]:
            return read_history(repo, policy, today=as_of, drafts_allowed=preview, paths=paths, cache=snapshots)

        def doc_memo(name: object, compute: Callable[[], T], document: str = document) -> T:
            # Every cached value is the document's own: the same region's pages of two
            # documents never share an entry.
            return memo((document, name), compute)

        # Sections already assembled: kept with the published history, so that a live-preview
        # save assembles only the sections it changed (their views are the same objects, and
        # what is written from them is kept by identity).
        views = doc_memo("section views", SectionViews)
        try:
            published = doc_memo("history", read)
            history = site_history(repo, policy, as_of, preview=preview, paths=paths, cache=snapshots,
                                   published=published, views=views)
            # Translations (SPEC §10), read at each release's commit: a published translated
            # version never changes, so a changed translation needs a release entry.
            folder = translations_dir(document)
            if not preview and (found := unreleased_translations(policy, history, tree_at, folder)):
                raise PolicyError(found)
            translated[document] = translated_regions(policy, history, tree_at, folder, enforce_required=not preview)
            also_changed = frozenset(v.version for item in translated[document] for v in item.versions)
            scopes = scope_pages_of(policy, history, as_of, memo=doc_memo, translated=also_changed, views=views)
        except PolicyError as error:
            problems.extend(error.problems)
            continue
        documents.append(DocumentSite(policy, history, scopes))
    if problems:
        raise PolicyError(problems)
    if not any(d.history for d in documents):
        # No release yet (a new site): nothing is published; the landing page says so.
        env = environment(working.settings.locale, override_dir)
        return Site(working, as_of, (), {}, (unpublished_landing(env, working),), ())
    if unreleased := [d for d in documents if not d.history]:
        raise PolicyError(unreleased_documents(d.document for d in unreleased))

    # Compiling the templates is a good part of a live-preview rebuild: one environment per
    # generation (whose key covers the locale and the overriding templates).
    env = memo("environment", lambda: environment(working.settings.locale, override_dir))
    urls = Urls(site_url if site_url.endswith("/") else site_url + "/", directory_urls)
    shelf = Shelf.of((d.policy, d.scopes) for d in documents)
    keys = InputKeys(build_salt(override_dir, working.settings.locale, urls.site_url, directory_urls)) if inputs else None
    ctx = Context(env, urls, as_of, working.settings.locale, shelf, keys, pdfs)
    made = SitePdfs(source_language(working), kept, records) if pdfs else None
    # Feeds, data and notices describe releases only; the live preview's draft has none.
    publishing = not any(item.draft for doc in documents for item in doc.history)
    pages = [landing_page(ctx, working, documents[0].scopes)]
    files: list[GeneratedFile] = []
    if publishing:
        files.append(site_feed(env, urls, [(d.policy, d.history, d.scopes[FULL], _regions(d)) for d in documents]))
        # The sources' annotations as they are now: a publishing build has no unreleased text,
        # so this is the latest release's text (see README, "Disclosure coverage"). The primary
        # document's: the catalogue's disclosures are the privacy policy's.
        files.append(coverage_file(policy_coverage(working, catalogue())))
    for doc in documents:
        pages.extend(current_page(ctx, pages_of) for pages_of in doc.scopes.values())
    # A page of one document links into the others' pages as they are shown now: while another
    # document has a draft (the live preview), its pages are not taken from the cache.
    drafting = {d.document for d in documents if d.history and d.history[-1].draft}
    for doc in documents:
        reusable = not (drafting - {doc.document})

        def doc_memo(name: object, compute: Callable[[], T], document: str = doc.document, reusable: bool = reusable) -> T:
            return memo((document, name), compute) if reusable else compute()

        pages.extend(_pages_and_files(ctx, doc, publishing, files, doc_memo, made))
    # Translated pages: the same emitters over translated version lists, in the language's words.
    envs = {source_language(working): env}
    contexts: dict[str, Context] = {}
    translated_by_doc: dict[str, list[ScopePages]] = {}
    translated_scopes: dict[str, list[ScopePages]] = {}
    for doc in documents:
        for item in translated[doc.document]:
            status = page_status(item.versions, as_of, doc.policy.settings.recent_days)
            latest = item.versions[-1].view.region
            scope = Scope(item.region, latest.name if latest else item.region, doc.document, item.language)
            pages_of = ScopePages(scope, item.versions, status)
            translated_scopes.setdefault(item.language, []).append(pages_of)
            translated_by_doc.setdefault(doc.document, []).append(pages_of)
    for language, scopes_of in translated_scopes.items():
        locale = str(babel_locale(language))
        envs[language] = memo(("environment", language), lambda locale=locale: environment(locale, override_dir))
        # Passages without a translation show in the source language, saying so.
        envs[language].globals["source_language"] = source_language(working)
        # Links across documents lead to the other document's page in the same language where
        # it has one (and its title is then the translated one), else to the source's.
        lang_keys = keys.salted(f"{locale}\0{source_language(working)}") if keys is not None else None
        contexts[language] = Context(envs[language], urls, as_of, locale, translated_shelf(shelf, scopes_of), lang_keys, pdfs)
    for doc in documents:
        reusable = not (drafting - {doc.document})
        for pages_of in translated_by_doc.get(doc.document, []):
            language = pages_of.scope.language
            lang_ctx = contexts[language]

            def lang_memo(
                name: object, compute: Callable[[], T], document: str = doc.document, language: str = language, reusable: bool = reusable
            ) -> T:
                # A translation's pages never share an entry with the source language's.
                return memo((document, language, name), compute) if reusable else compute()

            # In its language's navigation (the adapter gives a translated page its language's).
            pages.append(current_page(lang_ctx, pages_of))
            # Its feed, data and e-mail notices too, in the language's words and dates.
            pages.extend(_scope_pages(lang_ctx, doc, pages_of, publishing, files, lang_memo, made))
    if publishing:
        # The data of each document, its translated versions included (the guard compares them).
        for doc in documents:
            translations = translated_by_doc.get(doc.document, [])
            files.append(policy_json(urls, doc.policy, doc.history, doc.scopes[FULL], _regions(doc), as_of, translations,
                                     made.by_uri if made is not None else {}))
    for language, scopes_of in translated_scopes.items():
        pages.append(language_landing(contexts[language], working, language, scopes_of, source_language(working), len(documents)))
    # The region matrix (SPEC §16), of the sources as they are now, in every language offered.
    pages.append(regions_page(env, [region_matrix(d.policy) for d in documents], working.settings.locale))
    for language in translated_scopes:
        tree = DirectoryTree(root)
        matrices = [region_matrix(d.policy, working_translation(tree, d.policy, language)) for d in documents]
        pages.append(regions_page(envs[language], matrices, str(babel_locale(language)), language))
    pages = with_languages(envs, pages, source_language(working))
    primary = documents[0]
    return Site(working, as_of, primary.history, primary.scopes, tuple(pages), tuple(files), tuple(documents),
                made.by_uri if made is not None else {})



def unreleased_documents(documents: Iterable[str]) -> list[Problem]:
    """A published site's documents that have no release yet: each needs its first before the
    site can be built (a site with no release at all shows that nothing is published)."""
    return [
        Problem(Location(paths_of(document).releases), "there is no release yet; add the first entry to releases.yaml to publish the document")
        for document in documents
    ]


def translated_shelf(shelf: Shelf, translated: list[ScopePages]) -> Shelf:
    """The site's documents as one language's pages link to them: each region's page in that
    language where there is one (with the document's translated title), else the source's."""
    entries = []
    for entry in shelf.entries:
        own = {p.scope.id: p for p in translated if p.scope.document == entry.document}
        if not own:
            entries.append(entry)
            continue
        latest = max((p.versions[-1] for p in own.values()), key=lambda v: v.release.published)
        entries.append(ShelfEntry(entry.document, markdown_to_text(latest.view.title), {**entry.scopes, **own}))
    return Shelf(tuple(entries))


def _regions(doc: DocumentSite) -> list[ScopePages]:
    return [doc.scopes[r.id] for r in doc.policy.regions]


def _pages_and_files(
    ctx: Context,
    doc: DocumentSite,
    publishing: bool,
    files: list[GeneratedFile],
    memo: Callable[[object, Callable[[], Any]], Any],
    pdfs: SitePdfs | None = None,
) -> list[GeneratedPage]:
    """One document's history, upcoming, archive and redline pages; its feeds, data and notices.

    `memo` keeps what depends only on the document's published history (and is this document's own)."""
    pages: list[GeneratedPage] = []
    for pages_of in doc.scopes.values():
        pages.extend(_scope_pages(ctx, doc, pages_of, publishing, files, memo, pdfs))
    return pages


def _scope_pages(
    ctx: Context,
    doc: DocumentSite,
    pages_of: ScopePages,
    publishing: bool,
    files: list[GeneratedFile],
    memo: Callable[[object, Callable[[], Any]], Any],
    pdfs: SitePdfs | None = None,
) -> list[GeneratedPage]:
    """One page family's history, upcoming, archive and redline pages; its feed, data and
    notices (a translation's too, in its language)."""
    env, urls, working = ctx.env, ctx.urls, doc.policy
    pages: list[GeneratedPage] = []
    versions = pages_of.versions
    scope_id = pages_of.scope.id
    # Pages of published versions depend on published history and on whether this page
    # has a draft (which ends the latest version's period and adds a notice); never on
    # the draft's text.
    has_draft = bool(versions) and versions[-1].release.draft
    published_count = len(versions) - has_draft

    def scope_memo(name: object, compute: Callable[[], T]) -> T:
        return memo((scope_id, has_draft, name), compute)

    # What changed since each earlier version (SPEC §14), linked from the history page.
    window, since = since_pages(ctx, pages_of, working.settings.since_versions, scope_memo)
    pages.append(scope_memo(("history", window), lambda: history_page(ctx, pages_of, window)))
    pages.extend(since)
    # Each section's history (SPEC §20), which every heading links to.
    histories = memo((scope_id, "section histories"), lambda: section_histories([v.view for v in versions[:published_count]]))
    if has_draft:
        previous = versions[-2].view if len(versions) > 1 else None
        histories = with_version(histories, previous, versions[-1].view, len(versions) - 1)
    pages.extend(section_pages(ctx, pages_of, histories, scope_memo, published_count))
    if publishing:
        for section_history in histories.values():
            files.append(section_feed(env, urls, working, pages_of, section_history, ctx.keys))
            files.append(section_json(urls, pages_of, section_history, source_language(working), ctx.keys))
    if pages_of.status.upcoming:
        pages.append(scope_memo("upcoming", lambda: upcoming_page(ctx, pages_of)))
    if publishing:
        files.append(region_feed(env, urls, working, pages_of))
    for index in range(len(versions)):
        if index < published_count:
            diff = memo((scope_id, "redline", index), lambda i=index: _redline(versions, i))
            pages.append(scope_memo(("archive", index), lambda i=index: archive_page(ctx, pages_of, i)))
            if diff is not None:
                pages.append(scope_memo(("changes", index), lambda i=index, d=diff: changes_page(ctx, pages_of, i, d)))
        else:
            diff = _redline(versions, index)
            if has_archive_page(pages_of, versions[index]):
                pages.append(archive_page(ctx, pages_of, index))
            if diff is not None:
                pages.append(changes_page(ctx, pages_of, index, diff))
        if publishing:
            files.append(version_json(urls, pages_of, index, source_language(working), ctx.keys))
            if pages_of.scope.id != FULL:
                files.append(notice(env, urls, working, pages_of, index, diff, ctx.keys))
            if pdfs is not None and index < published_count:
                files.append(pdfs.add(ctx, pages_of, index, working.settings.controller))
    return pages


def _redline(versions: tuple[RegionVersion, ...], index: int) -> Callable[[], Redline] | None:
    """What makes the redline of `versions[index]` against the one before, once, when first
    called (None for the first version): a build that kept the pages and files it is shown
    on never makes it."""
    if not index:
        return None
    return cache(lambda: redline(versions[index - 1].view, versions[index].view))


def scope_pages_of(
    working: Policy,
    history: tuple[PublishedRelease, ...],
    as_of: date,
    memo: Callable[[object, Callable[[], Any]], Any] | None = None,
    translated: frozenset[str] = frozenset(),
    views: SectionViews | None = None,
) -> dict[str, ScopePages]:
    """Version list and status of the complete document (FULL) and of every region it applies to.

    `memo` keeps the version lists of the published releases (a draft, last in `history`,
    is compared with them afresh). `translated`: the releases that change a translated page
    (a release may change only a translation). `views`: sections already assembled."""
    _ = gettext_for(working.settings.locale)
    names = {FULL: _("Complete %(title)s", title=working.settings.title)} | {r.id: r.name for r in working.regions}
    draft = history[-1] if history and history[-1].draft else None
    released = history[:-1] if draft else history
    views = views if views is not None else SectionViews()  # the scopes of a history share their sections
    scopes = {}
    for scope_id, name in names.items():
        if memo is None:
            versions = version_list(history, scope_id, views)
        else:
            versions = memo(("versions", scope_id), lambda s=scope_id: version_list(released, s, views))
            if draft is not None:
                versions = _with_draft(versions, draft, scope_id, views)
        status = page_status(versions, as_of, working.settings.recent_days)
        scopes[scope_id] = ScopePages(Scope(scope_id, name, working.document), versions, status)
    changed = {scope_id: frozenset(v.version for v in pages.versions) for scope_id, pages in scopes.items()}
    changed["(translations)"] = translated
    if problems := releases_changing_nothing(history, changed):
        raise PolicyError(problems)
    return scopes


def _with_draft(
    versions: tuple[RegionVersion, ...], draft: PublishedRelease, scope_id: str, views: SectionViews
) -> tuple[RegionVersion, ...]:
    """`versions` and the draft, if it changes this page (as `version_list` would decide)."""
    policy = draft.policy
    view = assemble(policy, None if scope_id == FULL else policy.region(scope_id), views=views)
    if versions and versions[-1].view.same_text(view):
        return versions
    return (*versions, RegionVersion(scope_id, draft, view, text_sha256(view_text(view))))


def site_history(
    repo: Repository,
    working: Policy,
    as_of: date,
    *,
    preview: bool = False,
    pending: frozenset[str] = frozenset(),
    paths: DocumentPaths = PRIMARY_PATHS,
    cache: SnapshotCache | None = None,
    published: tuple[PublishedRelease, ...] | None = None,
    views: SectionViews | None = None,
) -> tuple[PublishedRelease, ...]:
    """Every release with its text, checked against the rules of SPEC §4.

    Text changed after the latest release without a new entry is an error, except in the
    live preview, which shows it as a draft. Without any release, nothing is published and
    the history is empty (the preview shows the draft). `pending` entries (new in the change being
    checked) take their text from the working tree. `published`: the releases, if already
    read (with the same `preview` and `pending`). `views`: sections already assembled.
    """
    history = published if published is not None else read_history(
        repo, working, today=as_of, drafts_allowed=preview, pending=pending, paths=paths, cache=cache
    )
    if not history and not preview:
        return history  # no release yet: nothing is published, so no text is unreleased
    changed = unreleased_changes(history[-1].policy, working, views) if history else ["every page"]
    if not changed:
        return history
    if not preview:
        message = (
            f"the text of {', '.join(changed)} differs from the latest release "
            f"'{history[-1].version}', but releases.yaml has no new entry; add one when the change "
            "is final (policypress release VERSION --summary TEXT), or undo the change"
        )
        raise PolicyError.single(Location(paths.releases), message)
    draft = Release(DRAFT, "Unreleased changes, shown only by the live preview.", False, as_of, as_of, Location(paths.releases))
    return (*history, PublishedRelease(draft, None, as_of, as_of, working, draft=True))
