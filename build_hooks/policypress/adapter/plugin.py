"""The `policypress` MkDocs plugin: validate and generate the policy site in `on_config`, add its
pages in `on_files`, write its files in `on_post_build`.

Each event is a few lines handing the work to the module that knows that part of MkDocs (see
`policypress.adapter`). What one build's events share travels inside that build's config
(`Build`), so nothing policy-related outlives a build; what a `mkdocs serve` session keeps
lives in its `Preview`; what a process keeps (its command, its staging folder) in `Run`.

Relies on (checked with MkDocs 1.6.1): `BasePlugin[Config]` with a `base.Config` schema, events
by method name, `event_priority`; the order of events in `mkdocs/plugins.py`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from policypress.adapter import generated, kept_pages, lifecycle, passages, preview, theme_language, theme_speed
from policypress.adapter.passages import Split
from policypress.adapter.preview import Preview
from policypress.emit.pdf import start_all
from policypress.kept import file_store, page_store
from policypress.kept.entries import Kept
from policypress.kept.files import FileStore
from policypress.kept.pages import PageStore
from policypress.kept.passages import PassageCache
from policypress.kept.records import RECORDS_FOLDER, PdfRecords
from policypress.site import Site

SITE_KEY = "policypress"
"""`config.extra` key of the built `Site`, which theme overrides read (notices, dates)."""
_BUILD_KEY = "policypress_build"
log = logging.getLogger("mkdocs.plugins.policypress")


class PolicyPressConfig(base.Config):
    """The plugin's options in mkdocs.yml."""

    sources = c.Type(str, default="policy_src")
    """The folder of the policy sources, relative to mkdocs.yml."""


@dataclass
class Build:
    """What one build's events hand each other."""

    site: Site
    preview: Preview | None = None
    store: PageStore | None = None
    """Rendered pages kept between builds (a session's, or a publishing build's)."""
    file_store: FileStore | None = None
    """Generated files kept between publishing builds."""
    split: Split | None = None
    groups: dict[str, str] = field(default_factory=dict)
    files: Files | None = None
    language_navs: dict[str, list[Any]] = field(default_factory=dict)
    """Each translation's navigation, shaped like mkdocs.yml's `nav`."""
    languages: theme_language.PageLanguages | None = None


class PolicyPressPlugin(BasePlugin[PolicyPressConfig]):
    """Publishes the policy sources as pages, feeds, data and notices of the MkDocs site."""

    def __init__(self) -> None:
        self.run = lifecycle.Run()

    @classmethod
    def with_defaults(cls) -> PolicyPressPlugin:
        """A plugin with every option at its default (what the hook file uses)."""
        plugin = cls()
        plugin.load_config({})
        return plugin

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember which command this process runs."""
        self.run.start(command, dirty)

    # First: the theme's environment is made session-aware before other plugins use it.
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Build the policy site before MkDocs cleans `site/`, so bad sources change nothing."""
        lifecycle.refuse_twice(config, PolicyPressPlugin)
        sources = lifecycle.sources_folder(config, self.config.sources)
        preview.watch(config, sources)
        session = self._session(config)
        # A publishing build keeps the files it writes (PDFs too) by their inputs, for the next
        # one, holding the site's build lock from here until its site is in place.
        root = Path(config.config_file_path).parent
        kept = self.run.keep(config, log.info) if session is None else None
        files = file_store(kept) if kept is not None else None
        # Published PDFs are records (SPEC §18): those `policypress check --published` kept are
        # published as they are, never made again.
        records = PdfRecords.of(kept) if kept is not None else PdfRecords(root / RECORDS_FOLDER, note=log.info)
        site = lifecycle.build(config, self.run, sources, session.cache if session else None,
                               files.read if files is not None else None, records)
        config.extra[SITE_KEY] = site
        generated.add_markdown_extensions(config)
        config.extra[_BUILD_KEY] = self._begin(config, site, session, kept, files)
        self.run.stage(config)
        return config

    def _session(self, config: MkDocsConfig) -> Preview | None:
        """The session's Preview, made by its first build. `serve --dirty` keeps the output
        between builds, so kept folders linked into it could be written through: that mode
        renders everything."""
        session = preview.SESSION.get()
        if session is None and self.run.previewing and not self.run.dirty:
            session = Preview(Path(config.site_dir).parent)
        return session

    def _begin(self, config: MkDocsConfig, site: Site, session: Preview | None, kept: Kept | None,
               files: FileStore | None) -> Build:
        build = Build(site, session, file_store=files)
        if session is not None:
            build.store = session.store
            theme_speed.speed_up(config.theme, session.templates, session.theme_files)
        elif kept is not None:
            build.store = page_store(kept)
        if passages.splittable(config):  # after the engine's extensions were added
            cache = session.passages if session is not None else PassageCache()
            build.split = Split(frozenset(page.uri for page in site.pages), cache)
        return build

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """In the live preview, empty the output folder quickly (MkDocs would empty it next)."""
        build = _build(config)
        if build.preview is not None:
            build.preview.store.empty(Path(config.site_dir))

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Add every generated page; the nav lists the policy pages unless mkdocs.yml sets one."""
        build = _build(config)
        generated.set_edit_links(files, config)
        generated.set_nav(build.site, files, config)
        build.language_navs = generated.language_navs(build.site)
        if build.store is not None:
            build.groups = kept_pages.groups(build.site, files, config, build.store, build.language_navs)
            build.files = files
        generated.add_pages(build.site, files, config, build.store, build.groups)
        # The PDFs are laid out on the other cores while MkDocs renders the pages.
        start_all(build.site.pdfs)
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Each translation's navigation, over the pages MkDocs made (see `theme_language`)."""
        build = _build(config)
        if build.language_navs:
            build.languages = theme_language.page_languages(
                build.site.pages, build.language_navs, config, files, lifecycle.override_dir(config))
        return nav

    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
        """A translated page in its language's words, navigation, site name and search."""
        languages = _build(config).languages
        return languages.context(context, page) if languages is not None else context

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        """Date pages by the as-of date, not the clock."""
        generated.date(page, _build(config).site)
        return page

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Hand MkDocs a generated page's skeleton (see `passages`)."""
        split = _build(config).split
        return split.skeleton(markdown, page) if split is not None else markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Put the passages' HTML back into a page converted from its skeleton."""
        split = _build(config).split
        return split.join(html, page, config, files) if split is not None else html

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Each page in its own language."""
        return generated.set_language(output, page)

    def on_pre_template(self, template: Any, *, template_name: str, config: MkDocsConfig) -> Any:
        """List the kept pages in the sitemap, as a build that rendered them would."""
        build = _build(config)
        if template_name == "sitemap.xml" and build.files is not None:
            kept_pages.list_in_sitemap(build.files, config.site_url, build.site.as_of.isoformat())
        return template

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        """Back to unlisted, so MkDocs does not render the kept pages."""
        build = _build(config)
        if build.files is not None:
            kept_pages.unlist(build.files)
        return output_content

    # After Material's search plugin wrote its index, which each language gets a copy of.
    @event_priority(-50)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Put the kept pages into the output; then write the PDFs into their pages' folders,
        feeds, data and notices (policy.json lists the PDFs' sha256), and each language's
        search index."""
        build = _build(config)
        if build.split is not None:
            log.debug(f"PolicyPress: {build.split.passages} passages of {build.split.pages} pages converted apart from their page")
        if build.store is not None:
            kept_pages.put_into(Path(config.site_dir), build.store, build.groups, build.site,
                                preview=build.preview is not None)
        generated.write_files(build.site, Path(config.site_dir), build.file_store)
        if build.languages is not None:
            theme_language.write_indexes(Path(config.site_dir), config, build.languages)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Callable[..., None]) -> Any:
        """Give every rebuild of this session the Preview its first build made."""
        session = _build(config).preview
        return preview.serve(server, config, builder, session) if session is not None else server

    def on_build_error(self, *, error: Exception) -> None:
        """Throw the staged output away; the previous site stays."""
        self.run.fail()

    def on_shutdown(self) -> None:
        """Move a successful build into place."""
        self.run.finish()


def _build(config: MkDocsConfig) -> Build:
    build: Build = config.extra[_BUILD_KEY]
    return build
