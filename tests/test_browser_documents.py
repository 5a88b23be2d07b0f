"""The pages of several documents, in a browser: the example site (examples/) and a test site
with two documents — no third-party requests, no serious accessibility violations, links
between documents that work without JavaScript and from the keyboard."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser

from test_browser import browser, open_page, serve  # noqa: F401 (browser: a fixture pytest finds by name)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def example(example_site: Path) -> Iterator[str]:
    httpd, url = serve(example_site)
    yield url
    httpd.shutdown()


PAGES = [
    ("landing", ""),
    ("primary-region", "eea/"),
    ("document-region", "cookie-policy/eea/"),
    ("limited-document", "subprocessors/uk/"),
    ("document-full", "subprocessors/full/"),
    ("document-history", "cookie-policy/eea/history/"),
    ("document-redline", "subprocessors/eea/2026-09-01/changes/"),
    ("document-summaries-redline", "cookie-policy/eea/2026-12-03/changes/"),
    ("document-archive", "cookie-policy/eea/2026-03-01/"),
    ("primary-upcoming", "california/upcoming/"),
]


@pytest.mark.parametrize(("kind", "path"), PAGES, ids=[p[0] for p in PAGES])
def test_document_pages_stay_on_the_site_and_pass_axe(kind: str, path: str, example: str, browser: Browser) -> None:
    page, requests = open_page(browser, example + path)
    page.wait_for_timeout(300)
    assert {urlsplit(url).hostname for url in requests if not url.startswith("data:")} == {"127.0.0.1"}
    violations = Axe().run(page).response["violations"]
    serious = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == []


def test_cross_document_links_work_without_javascript(example: str, browser: Browser) -> None:
    page, _ = open_page(browser, example, java_script_enabled=False)
    page.click("article a[href='cookie-policy/uk/']")
    page.wait_for_url("**/cookie-policy/uk/")
    assert "Applies to readers in United Kingdom" in page.inner_text("article")
    page.click(".policy-documents a:text('Privacy Policy')")
    page.wait_for_url("**/uk/")
    page.click("article a:text('Section 2 of the Cookie Policy')")
    page.wait_for_url("**/cookie-policy/uk/#cookies-we-use")
    assert page.locator("#cookies-we-use").is_visible()


def test_the_other_documents_are_reachable_from_the_keyboard(example: str, browser: Browser) -> None:
    page, _ = open_page(browser, example + "eea/")
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.closest('.policy-documents') ? document.activeElement.getAttribute('href') : null")
        if focused:
            break
    assert focused == "../cookie-policy/eea/"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "../subprocessors/eea/"
    page.keyboard.press("Enter")
    page.wait_for_url("**/subprocessors/eea/")
    assert "Lumen Desk (fictional)" in page.inner_text("article")


def test_the_navigation_groups_pages_by_document(example: str, browser: Browser) -> None:
    page, _ = open_page(browser, example + "cookie-policy/eea/")
    nav = page.locator(".md-sidebar--primary nav").first.inner_text()
    for title in ("Privacy Policy", "Cookie Policy", "Sub-processor List"):
        assert title in nav
