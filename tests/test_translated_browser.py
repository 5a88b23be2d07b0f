"""Translated pages in Debian's Chromium: axe finds no serious violation (the language rules
included), and the language links work without JavaScript."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser

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
