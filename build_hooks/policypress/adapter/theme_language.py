"""Each translated page in its own language in the theme's frame too (SPEC §14): the adapter's
side of translations.

Material for MkDocs (checked against 9.5–9.8 with MkDocs 1.6) takes its own words (search box
and results, table of contents, skip link, back to top, edit-link title) from
`partials/languages/<config.theme.language>.html`, which `partials/language.html` imports anew
for every page it renders; the navigation, the site name and the footer come from the page's
template context; and its search reads `search/search_index.json` under the `base` its page
was given (`base_url`). So a translated page is rendered with, in its context only:

- `config`: a view of the site's configuration (`Overlay`) whose `theme.language` is
  Material's translation for the page's language, whose `site_name` is that language's start
  page title, and whose footer credit ("Made with Material for MkDocs") is in that language.
  The site's own `theme.language` stays the source language and the configuration is never
  changed, so the source language's pages are rendered exactly as before;
- `nav`: its language's navigation (its translated pages, grouped by document, under the
  translated titles);
- `base_url`: its language's folder (`pt-br/`), where `language_index` writes a copy of
  Material's index for that language's readers: every page, theirs first, with Lunr's
  stemmer for the language. The source language's index (Material's own file) gets the same
  order for its readers.

No Material template is copied or overridden for this. Relies on (checked with MkDocs 1.6.1,
Material 9.8.2): the above, `on_nav` running after MkDocs made a `Page` for every page outside
its navigation, and `on_page_context`'s context being what the page's templates read;
`tests/test_theme_language.py` fails when an upgrade changes what is relied on here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from policypress.emit import GeneratedPage
from policypress.emit.templating import environment
from policypress.emit.urls import landing_uri
from policypress.sources.languages import babel_locale, url_segment

# A page in another language than the reader's counts this much less in Material's search
# (Lunr multiplies a document's score by its boost). Title matches weigh 1,000 times text
# matches, and Material multiplies a score by up to 5 after the query: the reader's pages
# come first whatever field matched.
OTHER_LANGUAGE_BOOST = 1e-6
_CREDIT_TEMPLATE = "theme/credit.html.j2"


class Overlay:
    """An object as templates read it (attribute, then item, as Jinja2 does), with some
    values replaced: a translated page's view of the site's configuration and theme."""

    def __init__(self, base: Any, **replaced: Any) -> None:
        self._base = base
        self._replaced = replaced

    def __getattr__(self, name: str) -> Any:
        if name in self._replaced:
            return self._replaced[name]
        try:
            return getattr(self._base, name)
        except AttributeError:
            try:
                return self._base[name]
            except (KeyError, TypeError):
                raise AttributeError(name) from None

    def __getitem__(self, key: str) -> Any:
        return self._replaced[key] if key in self._replaced else self._base[key]

    def __contains__(self, key: object) -> bool:
        return key in self._replaced or key in self._base

    def get(self, key: str, default: Any = None) -> Any:
        return self[key] if key in self else default


def material_language(code: str, theme_dirs: Iterable[str]) -> str | None:
    """The name of Material's translation for a BCP 47 `code` ("pt-BR" → "pt-BR", "de-AT" →
    "de"), or None when Material has none (the page then keeps the source language's words)."""
    names = {path.stem.lower(): path.stem for folder in theme_dirs
             for path in (Path(folder) / "partials" / "languages").glob("*.html")}
    for candidate in (code, code.split("-")[0]):
        if candidate.lower() in names:
            return names[candidate.lower()]
    return None


def material_word(env: Environment, language: str, key: str) -> str:
    """One of Material's words (`search.config.lang`, …) in one of its translations; "" when
    that translation has none. Material's search plugin reads its settings the same way."""
    return str(env.get_template(f"partials/languages/{language}.html").module.t(key))  # type: ignore[attr-defined]


@dataclass(frozen=True)
class PageLanguages:
    """One build's translated pages and what each language's pages are rendered with."""

    languages: Mapping[str, str]
    """Source path of each translated page → its language."""
    configs: Mapping[str, Overlay]
    navs: Mapping[str, Navigation]
    themes: Mapping[str, str]
    """Each language → Material's translation it uses."""

    def context(self, context: dict[str, Any], page: Page) -> dict[str, Any]:
        """The template context of `page`: a translated page's in its language (see above)."""
        language = self.languages.get(page.file.src_uri)
        if language is None:
            return context
        folder = url_segment(language) + "/"
        nav = self.navs[language]
        # Its name is the site's name in its language: overrides/main.html does not repeat it.
        start = nav.homepage is not None and nav.homepage.file is page.file
        return {**context, "config": self.configs[language], "nav": nav,
                "base_url": get_relative_url(folder, page.url), "policypress_start_page": start}


def page_languages(
    pages: Iterable[GeneratedPage], navs: Mapping[str, list[Any]], config: Any, files: Files, override_dir: Path | None
) -> PageLanguages:
    """What the translated `pages` are rendered with; `navs` holds each language's navigation
    shaped like mkdocs.yml's `nav`, its start page first."""
    pages = list(pages)
    languages = {page.uri: page.language for page in pages if page.language}
    titles = {page.uri: page.title for page in pages}
    configs: dict[str, Overlay] = {}
    themes: dict[str, str] = {}
    built: dict[str, Navigation] = {}
    for language in sorted(set(languages.values())):
        # A language Material has no words for keeps the site's, and gets the rest.
        theme_language = material_language(language, config.theme.dirs) or config.theme["language"]
        themes[language] = theme_language
        built[language] = navigation(navs.get(language, []), files)
        theme = Overlay(config.theme, language=theme_language, direction=None)
        replaced: dict[str, Any] = {"theme": theme, "site_name": titles.get(landing_uri(language), config.site_name)}
        if config.extra.get("generator") is not False:
            # Material writes "Made with" in English whatever the language; the credit moves
            # to the copyright line, in the page's language.
            locale = str(babel_locale(language))
            credit = environment(locale, override_dir).get_template(_CREDIT_TEMPLATE).render().strip()
            replaced["copyright"] = " ".join(part for part in (config.copyright, credit) if part)
            replaced["extra"] = Overlay(config.extra, generator=False)
        configs[language] = Overlay(config, **replaced)
    return PageLanguages(languages, configs, built, themes)


def navigation(entries: list[Any], files: Files) -> Navigation:
    """A navigation over the pages MkDocs made for `entries` ({title: uri} or {title: [...]}),
    linked as MkDocs links its own (parents, previous and next); its start page is the first."""
    pages: list[Page] = []

    def items(level: list[Any]) -> list[Any]:
        made: list[Any] = []
        for entry in level:
            ((title, target),) = entry.items()
            if isinstance(target, list):
                section = Section(title, items(target))
                for child in section.children:
                    child.parent = section
                made.append(section)
                continue
            file = files.get_file_from_path(target)
            if file is None or file.page is None:
                continue
            file.page.title = title
            pages.append(file.page)
            made.append(file.page)
        return made

    top = items(entries)
    for page in top:
        page.parent = None
    for before, page, after in zip([None, *pages], pages, [*pages[1:], None]):
        page.previous_page, page.next_page = before, after
    nav = Navigation(top, pages)
    nav.homepage = pages[0] if pages else None
    return nav


def language_index(index: Mapping[str, Any], folder: str, folders: Mapping[str, str], lang: list[str] | None = None,
                   separator: str | None = None, pipeline: list[str] | None = None) -> dict[str, Any]:
    """Material's search index as read from `folder` ("" for the site's root, "pt-br/" for a
    translation's): locations relative to it, pages outside the language folders in `folders`
    (each translation's) that are not the reader's — or, from the root, pages inside them —
    boosted by OTHER_LANGUAGE_BOOST, and the given Lunr settings where given."""
    up = "../" * folder.count("/")

    def reader_language(location: str) -> bool:
        inside = next((f for f in folders.values() if location.startswith(f)), "")
        return inside == folder

    docs = []
    for doc in index["docs"]:
        location = doc["location"]
        moved = dict(doc, location=location[len(folder):] if folder and location.startswith(folder) else up + location)
        if not reader_language(location):
            moved["boost"] = doc.get("boost", 1) * OTHER_LANGUAGE_BOOST
        docs.append(moved)
    config = dict(index["config"])
    for key, value in (("lang", lang), ("separator", separator), ("pipeline", pipeline)):
        if value:
            config[key] = value
    return {**index, "config": config, "docs": docs}


def language_indexes(index: Mapping[str, Any], env: Environment, themes: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """`search/search_index.json` of every language folder ("" for the root's own): Material's
    `index` ordered for the readers of each language, with that language's Lunr settings."""
    folders = {language: url_segment(language) + "/" for language in themes}
    indexes = {"": language_index(index, "", folders)}
    for language, theme_language in themes.items():
        lang = [material_word(env, theme_language, "search.config.lang") or language.split("-")[0]]
        lang += [code for code in index["config"].get("lang", []) if code not in lang]
        pipeline = material_word(env, theme_language, "search.config.pipeline")
        indexes[folders[language]] = language_index(
            index, folders[language], folders, lang, material_word(env, theme_language, "search.config.separator") or None,
            [step.strip() for step in pipeline.split(",") if step.strip()] if pipeline else None,
        )
    return indexes


def write_indexes(site_dir: Path, config: Any, languages: PageLanguages) -> None:
    """Each language folder's search index, from the one Material's search plugin wrote (none
    when the site does not use it)."""
    written = site_dir / "search" / "search_index.json"
    if not languages.themes or not written.is_file():
        return
    index = json.loads(written.read_text("utf-8"))
    for folder, content in language_indexes(index, config.theme.get_env(), languages.themes).items():
        target = site_dir / folder / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(content, separators=(",", ":")), "utf-8")  # as Material writes it
