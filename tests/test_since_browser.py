"""What changed since a version, in Debian's Chromium: no serious accessibility violation on
either kind of page (one redline, the release-by-release list, a list of twelve that links
onward), nothing requested from another host, and readable without JavaScript."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser

from test_browser import browser, open_page, serve  # noqa: F401  (browser: the shared fixture)
from test_since import LATER, built, three_releases, weekly_releases

pytestmark = pytest.mark.browser
PAGES = ["north/since/2026-03-01/", "north/since/2026-01-10/"]  # a redline, then the list


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("since-browser")
    site = built(three_releases(folder / "repo", since_versions=1), folder / "site")
    server, url = serve(site)
    yield url
    server.shutdown()


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_serious_violation_and_nothing_leaves_localhost(path: str, site_url: str, browser: Browser) -> None:  # noqa: F811
    page, requests = open_page(browser, site_url + path)
    violations = Axe().run(page).response["violations"]
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations
               if v["impact"] in ("serious", "critical")]
    assert serious == []
    assert {urlsplit(url).hostname for url in requests if not url.startswith("data:")} == {"127.0.0.1"}


def test_readable_without_javascript(site_url: str, browser: Browser) -> None:  # noqa: F811
    page, _ = open_page(browser, site_url + PAGES[0], java_script_enabled=False)
    assert page.locator(".redline-section ins").first.is_visible()
    assert "Harbour" in page.inner_text(".redline-section ins")
    page, _ = open_page(browser, site_url + PAGES[1], java_script_enabled=False)
    assert page.locator("article ul li a").count() == 2


def test_a_list_of_twelve_that_links_onward(tmp_path: Path, browser: Browser) -> None:  # noqa: F811
    repo, versions = weekly_releases(tmp_path / "repo", 14)
    server, url = serve(built(repo, tmp_path / "site", as_of=LATER))
    try:
        page, requests = open_page(browser, f"{url}north/since/{versions[0]}/")
        violations = Axe().run(page).response["violations"]
        assert [v["id"] for v in violations if v["impact"] in ("serious", "critical")] == []
        assert page.locator("article ul li a").count() == 12
        page.get_by_role("link", name=f"Continued: what changed since version {versions[12]}").click()
        page.wait_for_url(f"{url}north/since/{versions[12]}/")
        # The twelfth is in the window: one redline to the version in force.
        assert page.locator("article ul li a").first.inner_text() == f"Changes in {versions[13]}"
        assert "14" in page.inner_text(".redline-section ins")
    finally:
        server.shutdown()
