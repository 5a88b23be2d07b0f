"""Translated pages in Debian's Chromium: axe finds no serious violation (the language rules
included), the language links work without JavaScript, and a Portuguese page is Portuguese in
the theme's frame too (search, table of contents, navigation, footer)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import material
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from conftest import mkdocs_build
from policy_repo import PolicyRepo
from test_browser import browser, open_page, serve  # noqa: F401 (browser: a fixture pytest finds by name)
from test_translated_site import make_repo

pytestmark = pytest.mark.browser

TRANSLATED_PAGES = [
    "pt-br/",  # the language's start page
    "pt-br/north/",
    "pt-br/north/upcoming/",
    "pt-br/north/history/",
    "pt-br/north/2026-01-01/",
    "pt-br/north/2026-03-01/changes/",
    "pt-br/south/",  # with a passage falling back to English
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("translated-browser")
    repo: PolicyRepo = make_repo(folder / "repo")
    result = mkdocs_build(repo.path, folder / "site", POLICYPRESS_AS_OF="2026-01-20")
    assert result.returncode == 0, result.stderr
    server, url = serve(folder / "site")
    yield url
    server.shutdown()


@pytest.mark.parametrize("path", TRANSLATED_PAGES)
def test_axe_passes_on_translated_pages(site: str, browser: Browser, path: str) -> None:
    page, _ = open_page(browser, site + path)
    assert page.evaluate("document.documentElement.lang") == "pt-BR"
    violations = Axe().run(page).response["violations"]
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations
               if v["impact"] in ("serious", "critical")]
    assert serious == []
    assert not [v["id"] for v in violations if v["id"] in ("html-has-lang", "html-lang-valid", "valid-lang")]


def test_language_links_work_without_javascript(site: str, browser: Browser) -> None:
    page, _ = open_page(browser, site + "north/history/", java_script_enabled=False)
    page.click("nav.policy-languages a[hreflang='pt-BR']")
    page.wait_for_url("**/pt-br/north/history/")
    assert page.evaluate("document.documentElement.lang") == "pt-BR"
    assert "Histórico" in page.inner_text("article")
    page.click("nav.policy-languages a[hreflang='en']")
    page.wait_for_url("**/north/history/")
    assert "/pt-br/" not in page.url
    assert page.evaluate("document.documentElement.lang") == "en"
    # The fallback passage is read as English inside a Portuguese page.
    page, _ = open_page(browser, site + "pt-br/south/", java_script_enabled=False)
    marked = page.locator(".policy-text .policy-untranslated")
    assert marked.count() == 1
    assert marked.get_attribute("lang") == "en"
    assert marked.inner_text().startswith("(não traduzido)")


EXAMPLE_PAGES = [
    "pt-br/",
    "pt-br/global/",
    "pt-br/global/history/",
    "pt-br/cookie-policy/global/",
    "pt-br/cookie-policy/global/2026-11-27/",
    "pt-br/cookie-policy/global/2026-12-01/changes/",  # a redline of a table with group rows
    "pt-br/cookie-policy/global/2026-12-03/changes/",  # a redline of summaries ("At a glance")
    "pt-br/regions/",
]


@pytest.fixture(scope="module")
def example(example_site: Path) -> Iterator[str]:
    """The showcase in examples/, which offers Brazilian Portuguese to the rest of the world."""
    server, url = serve(example_site)
    yield url
    server.shutdown()


@pytest.mark.parametrize("path", EXAMPLE_PAGES)
def test_axe_passes_on_the_examples_portuguese_pages(example: str, browser: Browser, path: str) -> None:
    test_axe_passes_on_translated_pages(example, browser, path)


def test_the_examples_language_links_work_without_javascript(example: str, browser: Browser) -> None:
    page, _ = open_page(browser, example, java_script_enabled=False)
    page.click("nav.policy-languages a[hreflang='pt-BR']")
    page.wait_for_url("**/pt-br/")
    assert page.evaluate("document.documentElement.lang") == "pt-BR"
    page.click("article a:text('Política de Cookies')")
    page.wait_for_url("**/pt-br/cookie-policy/global/")
    assert "Cookies são pequenos arquivos de texto" in page.inner_text("article")
    page.click("nav.policy-languages a[hreflang='en']")
    page.wait_for_url("**/cookie-policy/global/")
    assert "/pt-br/" not in page.url and page.evaluate("document.documentElement.lang") == "en"
    assert "Cookies are small text files" in page.inner_text("article")


def material_words(language: str) -> dict[str, str]:
    """Material's own words in one of its translations (partials/languages/<language>.html)."""
    text = (Path(material.__file__).parent / "templates/partials/languages" / f"{language}.html").read_text("utf-8")
    return dict(re.findall(r'^\s*"([\w.]+)": "(.*)",?$', text, flags=re.M))


# Everything a page shows or says to assistive technology, hidden parts included (the skip
# link shows on focus, back to top on scrolling up, search results when searching).
_SHOWN = """() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) found.push(walker.currentNode.textContent);
  for (const el of document.querySelectorAll("[placeholder], [title], [aria-label]"))
    for (const name of ["placeholder", "title", "aria-label"])
      if (el.hasAttribute(name)) found.push(el.getAttribute(name));
  found.push(document.title);
  return found.map(text => text.split(/\\s+/).join(" ").trim()).filter(Boolean);
}"""


def english_words_shown(page: Page) -> set[str]:
    """Material's English words (those its Portuguese translation words differently) that
    `page` shows anywhere: a whole text or attribute, or a count ("3 matching documents")."""
    english, portuguese = material_words("en"), material_words("pt-BR")
    words = {value for key, value in english.items()
             if not key.startswith(("search.config", "language", "direction")) and portuguese.get(key) != value}
    patterns = [re.compile(re.escape(w).replace("\\#", r"\d+")) for w in words if "#" in w]
    shown = page.evaluate(_SHOWN)
    return {text for text in shown if text in words or any(p.fullmatch(text) for p in patterns)} | (
        {"Made with"} & {t.split(" Material")[0] for t in shown})


def search(page: Page, query: str) -> list[str]:
    """Type `query` in the search box; the addresses of the results, best first."""
    page.click(".md-search__input")
    page.locator(".md-search__input").press_sequentially(query)  # Material listens to keys
    page.wait_for_selector(".md-search-result__list li a", timeout=10_000)
    return page.eval_on_selector_all(".md-search-result__list > li > a", "els => els.map(a => a.href)")


def test_a_portuguese_page_shows_no_english_words_of_the_theme(example: str, browser: Browser) -> None:
    page, _ = open_page(browser, example + "pt-br/global/", viewport={"width": 1280, "height": 900})
    assert english_words_shown(page) == set()
    assert page.get_attribute(".md-search__input", "placeholder") == "Buscar"
    assert page.inner_text(".md-copyright").startswith("Feito com")
    assert page.title() == "Resto do mundo - Políticas de Quillfeather Labs"
    # Searching: the results, their count and their wording in Portuguese, Portuguese pages first.
    results = search(page, "cookies")
    assert "/pt-br/" in results[0] and "/pt-br/" in results[1], results
    assert any("/pt-br/" not in url for url in results)  # the English pages are found too, after
    assert re.fullmatch(r"\d+ documentos encontrados", page.inner_text(".md-search-result__meta").strip())
    assert english_words_shown(page) == set()


@pytest.mark.parametrize("path", EXAMPLE_PAGES)
def test_the_navigation_of_a_portuguese_page_reads_in_portuguese(example: str, browser: Browser, path: str) -> None:
    page, _ = open_page(browser, example + path, viewport={"width": 1280, "height": 900})
    primary = page.locator("nav.md-nav--primary > ul > li > :is(a, label)")
    # (The current page's entry is a label and a link, for its table of contents.)
    assert list(dict.fromkeys(" ".join(t.split()) for t in primary.all_inner_texts())) == [
        "Políticas de Quillfeather Labs", "Política de Privacidade", "Política de Cookies"], path
    links = page.eval_on_selector_all("nav.md-nav--primary a.md-nav__link[href]", "els => els.map(a => a.href)")
    assert links and all("/pt-br/" in url for url in links), links
    # The logo leads to the language's start page.
    assert page.eval_on_selector(".md-header__button.md-logo", "a => a.href") == example + "pt-br/"
    assert english_words_shown(page) == set()


def test_english_pages_keep_the_themes_english_words_and_find_english_first(example: str, browser: Browser) -> None:
    page, _ = open_page(browser, example + "global/", viewport={"width": 1280, "height": 900})
    # What the Portuguese pages are checked for is there on English ones.
    assert english_words_shown(page) >= {"Search", "Table of contents", "Skip to content", "Back to top", "Made with",
                                         "Edit this page", "Type to start searching"}
    assert page.get_attribute(".md-search__input", "placeholder") == "Search"
    assert "Table of contents" in page.inner_text("nav.md-nav--secondary")
    results = search(page, "cookies")
    assert "/pt-br/" not in results[0] and "/pt-br/" not in results[1], results
    assert re.fullmatch(r"\d+ matching documents", page.inner_text(".md-search-result__meta").strip())
