"""The engine's pages and files handed to MkDocs: the nav, edit links, generated pages, the
feeds, data and notices written after the build, page dates and each page's language.

Relies on (checked with MkDocs 1.6.1, Material 9.8.2): `File.generated(config, uri, content=…,
inclusion=…)`; a `config.nav` set in `on_files` is the one MkDocs builds the navigation from;
`page.update_date` is what `sitemap.xml` prints; Material writes the site-wide language as the
first `<html lang="…">` of every page (`material/templates/base.html`).
`tests/test_adapter.py` checks the last.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from policypress.adapter.kept_pages import KeptPage
from policypress.emit import GeneratedPage
from policypress.emit.pdf import made_ahead
from policypress.emit.templating import MARKDOWN_EXTENSIONS
from policypress.emit.urls import landing_uri
from policypress.errors import PolicyError
from policypress.kept.files import FileStore, own_folder, write_file
from policypress.kept.pages import PageStore, group_of
from policypress.site import Site


def add_markdown_extensions(config: MkDocsConfig) -> None:
    """Tables (spanning cells too) and numbered lists, whatever mkdocs.yml lists."""
    for extension in MARKDOWN_EXTENSIONS:
        if extension not in config.markdown_extensions:
            config.markdown_extensions.append(extension)


def set_edit_links(files: Files, config: MkDocsConfig) -> None:
    """mkdocs.yml's edit_uri points at the repository root, so edit links name repository paths."""
    root = Path(config.config_file_path).parent
    docs_prefix = Path(config.docs_dir).resolve().relative_to(root.resolve()).as_posix()
    for file in files.documentation_pages():
        file.edit_uri = f"{docs_prefix}/{file.src_uri}"


def set_nav(site: Site, files: Files, config: MkDocsConfig) -> None:
    """The policy pages, then docs/'s pages, unless mkdocs.yml sets a nav. MkDocs's navigation
    is the source language's; a translation's is `language_navs`'."""
    if config.nav is None:
        generated_uris = {page.uri for page in site.pages}
        config.nav = nav(page for page in site.pages if page.language is None) + [
            file.src_uri for file in files.documentation_pages() if file.src_uri not in generated_uris
        ]


def language_navs(site: Site) -> dict[str, list[dict[str, Any]]]:
    """Each translation's navigation, its start page first (as `/` is in the source language's)."""
    languages = sorted({page.language for page in site.pages if page.language})
    return {
        language: nav(sorted((p for p in site.pages if p.language == language), key=lambda p, lang=language: p.uri != landing_uri(lang)))
        for language in languages
    }


def nav(pages: Iterable[GeneratedPage]) -> list[dict[str, Any]]:
    """The policy pages; on a site of several documents, grouped under each document's title."""
    entries: list[dict[str, Any]] = []
    groups: dict[str, list[dict[str, str]]] = {}
    for page in pages:
        if not page.in_nav:
            continue
        if page.group is None:
            entries.append({page.title: page.uri})
        else:
            if page.group not in groups:
                groups[page.group] = []
                entries.append({page.group: groups[page.group]})
            groups[page.group].append({page.title: page.uri})
    return entries


def add_pages(site: Site, files: Files, config: MkDocsConfig, store: PageStore | None, groups: dict[str, str]) -> None:
    """Every generated page, as a kept page where the store holds its folder's rendering."""
    for page in site.pages:
        if files.get_file_from_path(page.uri) is not None:
            raise PluginError(f"docs/{page.uri} clashes with a page PolicyPress generates; rename or remove it")
        inclusion = InclusionLevel.INCLUDED if page.in_nav and page.language is None else InclusionLevel.NOT_IN_NAV
        folder = group_of(page.uri, groups)
        if store is not None and folder is not None and store.has(groups[folder]):
            file: File = KeptPage.of(page.uri, config, inclusion)
        else:
            file = File.generated(config, page.uri, content=page.markdown, inclusion=inclusion)
            file.edit_uri = page.edit_path
        files.append(file)


def write_files(site: Site, site_dir: Path, kept: FileStore | None) -> None:
    """Write PDFs (laid out ahead on every core), then feeds, data and notices, one at a time;
    with a store, link those an earlier build made from the same inputs. Run after the kept
    pages are in the output: a PDF goes into its page's folder (a real folder, not the
    preview's link to a kept one)."""
    try:
        for generated in made_ahead(sorted(site.files, key=lambda file: not file.beside_page), site.pdfs):
            target = site_dir / generated.uri
            if generated.beside_page:
                own_folder(site_dir, target)
            if kept is not None:
                kept.write(target, generated)
            else:
                write_file(target, generated)
    except PolicyError as error:  # a PDF template Typst refuses: a message, never a traceback
        raise PluginError(f"PolicyPress could not make the site's files:\n{error}") from None
    if kept is not None:
        kept.forget_unused()


def date(page: Page, site: Site) -> None:
    """Date pages by the as-of date, not the clock: the sitemap then depends only on the
    commit and the as-of date, so two builds of them are byte-identical."""
    page.update_date = site.as_of.isoformat()


def set_language(output: str, page: Page) -> str:
    """Each page in its own language: Material's <html lang> is site-wide (theme.language),
    so a translated page's is set from the language the engine wrote in its front matter."""
    language = page.meta.get("policypress_lang") if page.meta else None
    if not language:
        return output
    return re.sub(r'<html lang="[^"]*"', f'<html lang="{language}"', output, count=1)
