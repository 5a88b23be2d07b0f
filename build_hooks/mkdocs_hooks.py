"""MkDocs adapter for PolicyPress: validate in `on_config`, add the generated pages in `on_files`.

No policy logic lives here; it only translates between MkDocs and `policypress.site`. Imports
stay at module top (MkDocs loads hooks as modules), and the built site travels inside each
build's config, so nothing policy-related outlives a build under `mkdocs serve`.

`mkdocs build` writes into a staging folder next to `site/` and moves it into place only when
the whole build succeeded (strict-mode warnings included): a failed build leaves the previous
site as it was. MkDocs tells hooks the command and the outcome only through `on_startup`,
`on_build_error` and `on_shutdown`, which get no config, so that bookkeeping lives in
`_process`, one per process (and `mkdocs build` is one build per process).

`mkdocs serve` keeps a `Preview` per session (see `policypress.build_cache` and
`policypress.page_store`): it is created by the first build, handed to each rebuild by the
builder that `on_serve` wraps, and dies with the session.

Every build hands MkDocs the generated pages as skeletons and puts each plain passage's HTML
back afterwards, converted once per text (`policypress.passage_cache`; the output is the same).
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import os
import re
import shutil
import sysconfig
import tempfile
from collections.abc import Callable
from contextvars import ContextVar
from importlib.metadata import PackageNotFoundError, version
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import markdown
from jinja2 import Environment, FileSystemLoader
from jinja2.bccache import Bucket, BytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from watchdog.observers.polling import PollingObserver

from policypress.build_cache import BuildCache
from policypress.emit.templating import MARKDOWN_EXTENSIONS
from policypress.errors import PolicyError
from policypress.emit.pdf import pdfs_wanted
from policypress.page_store import FILES_FOLDER, FileStore, PageStore, group_of, own_folder, page_groups, write_file
from policypress.passage_cache import PassageCache, join_passages, split_passages
from policypress.site import Site, build_site

_KEY = "policypress"
log = logging.getLogger("mkdocs.plugins.policypress")

# Live previews show unreleased text as a draft; only `mkdocs build` publishes atomically.
_PREVIEW_COMMANDS = frozenset({"serve"})
_STAGED_COMMANDS = frozenset({"build"})
_process: dict[str, Any] = {"command": None, "dirty": False, "target": None, "staging": None, "failed": False}


class Preview:
    """What one `mkdocs serve` session reuses between rebuilds: the engine's results of
    published history and the rendered pages that did not change."""

    def __init__(self, output_parent: Path) -> None:
        self.cache = BuildCache()
        self.store = PageStore.temporary(output_parent)
        # MkDocs makes a new Jinja2 environment for each build, which compiles the theme's
        # templates again; Jinja2 keys compiled templates by name and source checksum.
        self.templates = _MemoryBytecodeCache()
        self.passages = PassageCache()
        self.theme_files = _ThemeListing()

    def theme_env(self, make: Callable[[], Environment], dirs: list[str], static_templates: set[str]) -> Environment:
        """A new theme environment that reuses this session's compiled templates and listing of
        the installed themes' files (the theme wraps `get_env` with this in `on_config`)."""
        env = make()
        env.bytecode_cache = self.templates
        listing = self.theme_files
        env.list_templates = lambda extensions=None, filter_func=None: listing.names(  # type: ignore[method-assign]
            dirs, tuple(sorted(static_templates)), extensions, filter_func
        )
        return env


class _ThemeListing:
    """The theme folders' files as MkDocs lists them for copying, kept for a session: Material's
    folder holds some 14,000 files (its icons), and listing and filtering them took a tenth of
    every rebuild. Folders of installed packages do not change under a running server; any
    other folder (the project's `overrides/`) is listed afresh on every rebuild."""

    _INSTALLED = tuple(Path(sysconfig.get_paths()[name]).resolve() for name in ("purelib", "platlib"))

    def __init__(self) -> None:
        self._listed: dict[tuple[Any, ...], set[str]] = {}

    def names(self, dirs: list[str], static_templates: tuple[str, ...], extensions: Any, filter_func: Any) -> list[str]:
        """What `jinja2.Environment.list_templates` returns for a loader over `dirs`."""
        # MkDocs's filter is a closure made anew for each build; what it keeps depends only on
        # its code and the theme's static templates.
        rule = (getattr(filter_func, "__code__", filter_func), tuple(extensions or ()), static_templates)
        names: set[str] = set()
        for folder in dirs:
            if self._installed(folder):
                key = (folder, *rule)
                if key not in self._listed:
                    self._listed[key] = set(_list_templates(folder, extensions, filter_func))
                names |= self._listed[key]
            else:
                names.update(_list_templates(folder, extensions, filter_func))
        return sorted(names)

    def _installed(self, folder: str) -> bool:
        return any(Path(folder).resolve().is_relative_to(root) for root in self._INSTALLED)


def _list_templates(folder: str, extensions: Any, filter_func: Any) -> list[str]:
    return Environment(loader=FileSystemLoader(folder)).list_templates(extensions, filter_func)


class _MemoryBytecodeCache(BytecodeCache):
    """Compiled Jinja2 templates, kept for the session."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


# The session's Preview during a rebuild, set by the builder that owns it (on_serve); unset
# in any other build, so nothing outlives the session.
_SESSION: ContextVar[Preview | None] = ContextVar("policypress_preview", default=None)
_PREVIEW_KEY = "policypress_preview"
_STORE_KEY = "policypress_store"
_GROUPS_KEY = "policypress_groups"
_FILES_KEY = "policypress_files"
_PASSAGES_KEY = "policypress_passages"
_SPLIT_KEY = "policypress_split"
# Passages are converted apart from their page only with these extensions, none of which lets
# one part of a page change how another converts (as abbreviations or footnotes would).
# (MkDocs always adds toc, tables and fenced_code.)
_SPLITTABLE_EXTENSIONS = frozenset({"attr_list", "fenced_code", "md_in_html", "sane_lists", "tables", "toc"})
# A publishing build keeps its rendered pages here for the next one (see page_store).
_BUILD_STORE = Path(".cache") / "policypress" / "pages"
_BUILD_FILES = FILES_FOLDER
_FILE_STORE_KEY = "policypress_file_store"


class _KeptPage(File):
    """A page whose rendered folder the store keeps: MkDocs resolves links to it but neither
    renders nor copies it (PageStore puts the folder into the output after the build). It is
    `listed` as a page only while MkDocs writes the sitemap."""

    listed = False

    def is_documentation_page(self) -> bool:
        return self.listed

    def copy_file(self, dirty: bool = False) -> None:
        return None


def on_startup(command: str, dirty: bool) -> None:
    """Remember which command this process runs."""
    _process.update(command=command, dirty=dirty, target=None, staging=None, failed=False)


# First: the theme's environment is made session-aware before other plugins use it.
@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Build the policy site before MkDocs cleans `site/`, so bad sources change nothing."""
    root = Path(config.config_file_path).parent
    preview = _SESSION.get()
    # `serve --dirty` keeps the output between builds, so kept folders linked into it could be
    # written through: that mode renders everything, as before.
    if preview is None and _process["command"] in _PREVIEW_COMMANDS and not _process["dirty"]:
        preview = Preview(Path(config.site_dir).parent)  # the session's first build
    # A publishing build keeps the files it writes by their inputs, for the next one.
    kept_files = FileStore(root / _BUILD_FILES) if preview is None and _process["command"] in _STAGED_COMMANDS else None
    try:
        site = build_site(
            root,
            os.environ,
            datetime.now(UTC),
            site_url=config.site_url,
            directory_urls=config.use_directory_urls,
            override_dir=root / "overrides" / "policypress",
            preview=_process["command"] in _PREVIEW_COMMANDS,
            cache=preview.cache if preview else None,
            # A publishing build keeps what it wrote by its inputs, for the next one.
            inputs=_process["command"] in _STAGED_COMMANDS,
            pdfs=pdfs_wanted(os.environ, preview=_process["command"] in _PREVIEW_COMMANDS),
            kept=kept_files.read if kept_files is not None else None,
        )
    except PolicyError as error:
        raise PluginError(f"PolicyPress found problems in the policy sources:\n{error}") from None
    config.extra[_KEY] = site  # also what theme overrides read (notices, dates)
    for extension in MARKDOWN_EXTENSIONS:  # tables and numbered lists, whatever mkdocs.yml lists
        if extension not in config.markdown_extensions:
            config.markdown_extensions.append(extension)
    if preview is not None:
        config.extra[_PREVIEW_KEY] = preview
        config.extra[_STORE_KEY] = preview.store
        theme, make_env = config.theme, config.theme.get_env
        theme.get_env = lambda: preview.theme_env(make_env, theme.dirs, theme.static_templates)  # type: ignore[method-assign]
    elif _process["command"] in _STAGED_COMMANDS:
        config.extra[_STORE_KEY] = PageStore(root / _BUILD_STORE)
        config.extra[_FILE_STORE_KEY] = kept_files
    if _splittable(config):  # after the extensions above were added
        config.extra[_PASSAGES_KEY] = preview.passages if preview is not None else PassageCache()
        config.extra[_SPLIT_KEY] = _Split(frozenset(page.uri for page in site.pages))
    if _process["command"] in _STAGED_COMMANDS:
        target = Path(config.site_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".staging", dir=target.parent)
        _process.update(target=target, staging=staging)
        config.site_dir = staging
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    """In the live preview, empty the output folder quickly (MkDocs would empty it next)."""
    preview: Preview | None = config.extra.get(_PREVIEW_KEY)
    if preview is not None:
        preview.store.empty(Path(config.site_dir))


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add every generated page and file; the nav lists the policy pages unless mkdocs.yml sets one."""
    site: Site = config.extra[_KEY]
    root = Path(config.config_file_path).parent
    # mkdocs.yml's edit_uri points at the repository root, so edit links name repository paths.
    docs_prefix = Path(config.docs_dir).resolve().relative_to(root.resolve()).as_posix()
    for file in files.documentation_pages():
        file.edit_uri = f"{docs_prefix}/{file.src_uri}"
    if config.nav is None:
        generated_uris = {page.uri for page in site.pages}
        config.nav = _nav(site) + [
            file.src_uri for file in files.documentation_pages() if file.src_uri not in generated_uris
        ]
    store: PageStore | None = config.extra.get(_STORE_KEY)
    groups: dict[str, str] = {}
    if store is not None:
        # Every folder that holds another file (MkDocs's or a feed, data file or notice; a PDF
        # is written into its page's folder after the pages).
        others = [f.dest_uri for f in files] + [generated.uri for generated in site.files if not generated.beside_page]
        reserved = frozenset("/".join(uri.split("/")[:k]) for uri in others for k in range(1, uri.count("/") + 1))
        groups = page_groups(site.pages, _render_signature(config, files), reserved, store.page_digest)
        config.extra[_GROUPS_KEY] = groups
        config.extra[_FILES_KEY] = files
    for page in site.pages:
        if files.get_file_from_path(page.uri) is not None:
            raise PluginError(f"docs/{page.uri} clashes with a page PolicyPress generates; rename or remove it")
        inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
        folder = group_of(page.uri, groups)
        if store is not None and folder is not None and store.has(groups[folder]):
            file: File = _KeptPage(page.uri, None, config.site_dir, config.use_directory_urls,
                                   dest_uri=page.uri[: -len(".md")] + ".html", inclusion=inclusion)
        else:
            file = File.generated(config, page.uri, content=page.markdown, inclusion=inclusion)
            file.edit_uri = page.edit_path
        files.append(file)
    return files


def _nav(site: Site) -> list[dict[str, Any]]:
    """The policy pages; on a site of several documents, grouped under each document's title."""
    nav: list[dict[str, Any]] = []
    groups: dict[str, list[dict[str, str]]] = {}
    for page in site.pages:
        if not page.in_nav:
            continue
        if page.group is None:
            nav.append({page.title: page.uri})
        else:
            if page.group not in groups:
                groups[page.group] = []
                nav.append({page.group: groups[page.group]})
            groups[page.group].append({page.title: page.uri})
    return nav


def _render_signature(config: MkDocsConfig, files: Files) -> str:
    """A digest of everything besides its own content that a page's HTML depends on: the
    configuration, the theme's templates, the navigation and the other documents."""
    digest = hashlib.sha256()
    digest.update(Path(config.config_file_path).read_bytes())
    digest.update(Path(__file__).read_bytes())
    # The theme's and the Markdown extensions' files: by the versions of their packages.
    versions = [_version(name) for name in _RENDERING_PACKAGES]
    settings = [config.site_url, config.use_directory_urls, config.nav, config.markdown_extensions, config.mdx_configs]
    digest.update(json.dumps([*settings, versions], default=str).encode())
    # The project's own files, by content (a fresh clone has new modification times).
    own = [Path(config.docs_dir).resolve()]
    if config.theme.custom_dir:
        own.append(Path(config.theme.custom_dir).resolve())
    for folder in own:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(f"{path.relative_to(folder)}\0".encode() + path.read_bytes() + b"\0")
    digest.update("\0".join(f.src_uri for f in files).encode())
    return digest.hexdigest()


_RENDERING_PACKAGES = ("mkdocs", "mkdocs-material", "Markdown", "pymdown-extensions", "Jinja2", "Pygments", "Babel")


def _version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "-"


def on_pre_template(template: Any, template_name: str, config: MkDocsConfig) -> Any:
    """List the kept pages in the sitemap, as a build that rendered them would."""
    if template_name == "sitemap.xml":
        site: Site = config.extra[_KEY]
        for file in config.extra.get(_FILES_KEY, []):
            if isinstance(file, _KeptPage):
                file.listed = True
                file.page = _SitemapEntry(file, config.site_url, site.as_of.isoformat())  # type: ignore[assignment]
    return template


class _SitemapEntry:
    """What MkDocs's `sitemap.xml` reads of a page (`mkdocs.structure.pages.Page` sets the
    same addresses), for a kept page: making a whole Page for each of them cost a tenth of a
    save at 100 releases."""

    is_link = False

    def __init__(self, file: File, site_url: str | None, update_date: str) -> None:
        self.update_date = update_date
        self.canonical_url = self.abs_url = None
        if site_url:
            self.canonical_url = urljoin(site_url if site_url.endswith("/") else site_url + "/", file.url)
            self.abs_url = urlsplit(self.canonical_url).path


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """Back to unlisted, so MkDocs does not render the kept pages."""
    for file in config.extra.get(_FILES_KEY, []):
        if isinstance(file, _KeptPage):
            file.listed = False
    return output_content


def on_serve(server: Any, config: MkDocsConfig, builder: Callable[..., None]) -> Any:
    """Give every rebuild of this session the Preview its first build made."""
    preview: Preview | None = config.extra.get(_PREVIEW_KEY)
    if preview is None:
        return server

    def rebuild(*args: Any, **kwargs: Any) -> None:
        token = _SESSION.set(preview)
        try:
            builder(*args, **kwargs)
        finally:
            _SESSION.reset(token)

    server.builder = rebuild
    _poll_often(server, config)
    # What the first build read and keeps for the session (published history, pages, passages)
    # is most of the process's memory and lives as long as it: frozen, the full garbage
    # collections that would otherwise walk it (a second at 100 releases, every few saves) skip
    # it. Frozen objects are still freed when nothing refers to them.
    gc.collect()
    gc.freeze()
    return server


# How often the preview looks for saved files; MkDocs polls every 0.5 s, which alone added a
# quarter of a second on average to each save's preview. Looking costs a few `stat` calls.
_POLL_SECONDS = 0.1
# How long the server waits for saves to stop before it rebuilds; MkDocs waits 0.1 s. The
# polling watcher reports all of a save's changes from one look at the files, together.
_QUIET_SECONDS = 0.02


def _poll_often(server: Any, config: MkDocsConfig) -> None:
    """Give the server a watcher that polls every `_POLL_SECONDS`, watching what it watched,
    and rebuild after `_QUIET_SECONDS` without changes."""
    if not isinstance(getattr(server, "observer", None), PollingObserver) or server.observer.is_alive():
        return
    watched = []
    for path in [config.docs_dir, config.config_file_path, *config.theme.dirs]:
        while path:
            try:
                server.unwatch(path)
            except KeyError:  # not (or no longer) watched
                break
            watched.append(path)
    server.observer = PollingObserver(timeout=_POLL_SECONDS)
    server.build_delay = min(getattr(server, "build_delay", _QUIET_SECONDS), _QUIET_SECONDS)
    for path in watched:
        server.watch(path)


def on_post_build(config: MkDocsConfig) -> None:
    """Write feeds, data, notices and PDFs, one at a time (MkDocs needs nothing from them); a
    publishing build links those an earlier build made from the same inputs. Kept page folders
    first, then the PDFs into them, then the rest (policy.json lists the PDFs' sha256)."""
    site: Site = config.extra[_KEY]
    split: _Split | None = config.extra.get(_SPLIT_KEY)
    if split is not None:
        log.debug(f"PolicyPress: {split.passages} passages of {split.pages} pages converted apart from their page")
    store: PageStore | None = config.extra.get(_STORE_KEY)
    if store is not None:
        groups: dict[str, str] = config.extra.get(_GROUPS_KEY, {})
        rendered = [folder for folder, digest in groups.items() if not store.has(digest)]
        if config.extra.get(_PREVIEW_KEY) is not None:
            store.link_into(Path(config.site_dir), groups, rendered)
        else:
            store.copy_into(Path(config.site_dir), groups, rendered)
            store.remember(site.pages)
    kept_files: FileStore | None = config.extra.get(_FILE_STORE_KEY)
    site_dir = Path(config.site_dir)
    for generated in sorted(site.files, key=lambda file: not file.beside_page):
        target = site_dir / generated.uri
        if generated.beside_page:
            own_folder(site_dir, target)
        if kept_files is not None:
            kept_files.write(target, generated)
        else:
            write_file(target, generated)
    if kept_files is not None:
        kept_files.forget_unused()


def on_page_markdown(markdown_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Hand MkDocs a generated page's skeleton; its passages are converted once per text (see
    `policypress.passage_cache`) and put back in `on_page_content`."""
    split: _Split | None = config.extra.get(_SPLIT_KEY)
    if split is None or page.file.src_uri not in split.generated:
        return markdown_text
    skeleton, passages = split_passages(markdown_text)
    if passages:
        split.pending[page.file.src_uri] = (markdown_text, passages)
    return skeleton


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Put the passages' HTML back into a page converted from its skeleton."""
    split: _Split | None = config.extra.get(_SPLIT_KEY)
    if split is None or page.file.src_uri not in split.pending:
        return html
    original, passages = split.pending.pop(page.file.src_uri)
    cache: PassageCache = config.extra[_PASSAGES_KEY]
    signature = json.dumps([config.markdown_extensions, config.mdx_configs], default=repr, sort_keys=True)
    joined = join_passages(html, passages, cache.converter(signature, lambda: _converter(config)))
    if joined is None:  # a placeholder did not stay a paragraph of its own: convert it whole
        page.markdown = original
        page.render(config, files)
        return page.content or ""
    split.pages += 1
    split.passages += len(passages)
    return joined


class _Split:
    """One build's pages handed to MkDocs as skeletons."""

    def __init__(self, generated: frozenset[str]) -> None:
        self.generated = generated
        self.pending: dict[str, tuple[str, dict[str, str]]] = {}
        self.pages = self.passages = 0


def _splittable(config: MkDocsConfig) -> bool:
    names = {str(name).removeprefix("markdown.extensions.") for name in config.markdown_extensions}
    return names <= _SPLITTABLE_EXTENSIONS


def _converter(config: MkDocsConfig) -> Callable[[str], str]:
    md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs or {})

    def convert(text: str) -> str:
        md.reset()
        return md.convert(text)

    return convert


def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    """Date pages by the as-of date, not the clock: the sitemap then depends only on the
    commit and the as-of date, so two builds of them are byte-identical."""
    site: Site = config.extra[_KEY]
    page.update_date = site.as_of.isoformat()
    return page


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Each page in its own language: Material's <html lang> is site-wide (theme.language),
    so a translated page's is set from the language the engine wrote in its front matter."""
    language = page.meta.get("policypress_lang") if page.meta else None
    if not language:
        return output
    return re.sub(r'<html lang="[^"]*"', f'<html lang="{language}"', output, count=1)


def on_build_error(error: Exception) -> None:
    """Throw the staged output away; the previous site stays."""
    _process["failed"] = True
    if _process["staging"]:
        shutil.rmtree(_process["staging"], ignore_errors=True)


def on_shutdown() -> None:
    """Move a successful build into place."""
    target, staging = _process["target"], _process["staging"]
    if target is None or staging is None or _process["failed"] or not Path(staging).is_dir():
        return
    previous = None
    if target.exists():
        previous = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".previous", dir=target.parent))
        target.rename(previous / target.name)
    Path(staging).rename(target)
    if previous is not None:
        shutil.rmtree(previous, ignore_errors=True)
