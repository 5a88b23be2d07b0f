"""Each section's history in Debian's Chromium: no serious accessibility violation on the
history pages (source language and translation) and on the policy pages whose headings link
there, nothing requested from another host, readable without JavaScript, and the heading's link
reachable by its accessible name."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser

from conftest import mkdocs_build
from test_browser import browser, open_page, serve  # noqa: F401  (browser: the shared fixture)
from test_section_history import THREE, build, three_releases

pytestmark = pytest.mark.browser
PAGES = ["north/sections/logs/", "north/sections/contact/", "north/", "north/2026-01-10/", "pt-br/north/sections/logs/"]


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from test_translated_site import make_repo

    folder = tmp_path_factory.mktemp("section-history-browser")
    build(three_releases(folder / "repo"), folder / "site", THREE)
    # The translated site's pages, served beside the first one's.
    result = mkdocs_build(make_repo(folder / "translated").path, folder / "site" / "translated", POLICYPRESS_AS_OF="2026-03-10")
    assert result.returncode == 0, result.stderr
    server, url = serve(folder / "site")
    yield url
    server.shutdown()


def _url(site_url: str, path: str) -> str:
    return site_url + ("translated/" + path if path.startswith("pt-br/") else path)


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_serious_violation_and_nothing_leaves_localhost(path: str, site_url: str, browser: Browser) -> None:  # noqa: F811
    page, requests = open_page(browser, _url(site_url, path))
    violations = Axe().run(page).response["violations"]
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations
               if v["impact"] in ("serious", "critical")]
    assert serious == []
    assert {urlsplit(url).hostname for url in requests if not url.startswith("data:")} == {"127.0.0.1"}


def test_readable_without_javascript_from_the_heading_to_the_history(site_url: str, browser: Browser) -> None:  # noqa: F811
    page, _ = open_page(browser, site_url + "north/", java_script_enabled=False)
    link = page.get_by_role("link", name="History of section 2.2 Logs")
    assert link.is_visible() and link.inner_text() == "History"
    link.click()
    page.wait_for_url(site_url + "north/sections/logs/")
    assert page.locator(".section-history-redline ins").first.is_visible()
    assert "thirty" in page.locator(".section-history-redline ins").first.inner_text()
    assert page.get_by_role("heading", level=2).all_inner_texts() == ["Version 2026-05-01", "Version 2026-03-01", "Version 2026-01-10"]


def test_the_link_is_small_and_not_printed(site_url: str, browser: Browser) -> None:  # noqa: F811
    page, _ = open_page(browser, site_url + "north/")
    heading = page.locator("#logs")
    link = page.locator(".policy-section-history").nth(3)
    assert float(link.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) < float(
        page.locator(".policy-text p").last.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
    assert heading.inner_text() == "2.2 Logs"
    page.emulate_media(media="print")
    assert not link.is_visible()
